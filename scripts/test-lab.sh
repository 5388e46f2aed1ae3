#!/usr/bin/env bash
# The lab in the real kernel: the seeds' examples built from network
# namespaces, loaded with kube-proxy's rules, and real connections checked
# against the core (crates/lab/tests/kernel.rs, then `trafficlab lab` itself),
# and Ctrl-C leaving no namespace behind. Where the machine cannot run it (not
# Linux, not root, a tool missing, no network namespaces) it says
# `lab: skipped (reason)` and exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."

skip() { echo "lab: skipped ($*)"; exit 0; }
[ "$(uname -s)" = Linux ] || skip "not Linux: the lab needs network namespaces"
[ "$(id -u)" = 0 ] || skip "not root: the lab creates network namespaces and loads netfilter rules"
for tool in ip iptables-restore nft; do
  command -v "$tool" >/dev/null || skip "$tool is missing: sudo apt-get install -y iproute2 iptables nftables"
done
probe="tlab-probe-$$"
ip netns add "$probe" 2>/dev/null || skip "cannot create a network namespace here (a container without CAP_SYS_ADMIN?)"
ip netns delete "$probe"

started=$(date +%s)
cargo test --locked -p trafficlab-lab --features kernel -- --test-threads 1
cargo build --locked -p trafficlab-cli
bin=target/debug/trafficlab

# The seeds' examples through the command an SRE runs; exit status 1 if the kernel differs.
for scenario in local-crowded-nodes-starve cluster-even-but-snat local-empty-node-health-checked \
                local-empty-node-no-health-check rolling-update-all-terminating; do
  printf '%s: ' "$scenario"
  "$bin" lab "static/scenarios/$scenario.json" --connections 600 --seed 1 | tail -n 1
done

# Ctrl-C in the middle of a run removes every namespace the run made.
"$bin" lab static/scenarios/local-empty-node-no-health-check.json --connections 100000 >/dev/null 2>&1 &
lab=$!
for _ in $(seq 100); do
  ip netns list 2>/dev/null | grep -q "^tlab-$lab-" && break
  sleep 0.1
done
sleep 0.5
kill -INT "$lab"
status=0
wait "$lab" || status=$?
[ "$status" = 130 ] || { echo "lab: Ctrl-C should exit 130, got $status" >&2; exit 1; }
if ip netns list 2>/dev/null | grep "^tlab-$lab-"; then
  echo "lab: Ctrl-C left the namespaces above behind" >&2
  exit 1
fi
echo "lab: Ctrl-C removed every namespace"
echo "lab: passed in $(( $(date +%s) - started )) s"
