//! kube-proxy's iptables mode: the `iptables-restore` input it writes on a
//! node (`pkg/proxy/iptables/proxier.go`, `syncProxyRules` and
//! `writeServiceToEndpointRules`), as a fresh node holds it after the first
//! sync.
//!
//! kube-proxy itself feeds `iptables-restore --noflush` only its own chains and
//! inserts the jumps from the built-in chains one by one (`iptablesJumpChains`,
//! `EnsureRule(Prepend, …)`, so each built-in chain lists them in reverse). This
//! file writes both in one complete `*filter` / `*nat` input, the way
//! `iptables-save` shows a node: it loads as it is into an empty network
//! namespace, and it diffs against a node's `iptables-save` except for the
//! notation `iptables-save` normalises (`-p tcp` moved first, `/32` added to
//! addresses, `--or-mark` shown as `--set-xmark`, probabilities quantised to
//! 2⁻³¹) and the rules of other Services.

use std::fmt::Write as _;
use std::net::SocketAddrV4;

use super::{NodeRules, Refusal};
use crate::chains::{endpoint_hash, MASQUERADE_MARK};
use crate::model::ExternalTrafficPolicy;

const SERVICES: &str = "KUBE-SERVICES";
const EXTERNAL_SERVICES: &str = "KUBE-EXTERNAL-SERVICES";
const NODE_PORTS: &str = "KUBE-NODEPORTS";
const POSTROUTING: &str = "KUBE-POSTROUTING";
const MARK_MASQ: &str = "KUBE-MARK-MASQ";
const FORWARD: &str = "KUBE-FORWARD";
const PROXY_FIREWALL: &str = "KUBE-PROXY-FIREWALL";
/// kubelet's anti-martian chain, which kube-proxy duplicates with localhost node ports on.
const KUBELET_FIREWALL: &str = "KUBE-FIREWALL";

/// One table's chain declarations and rules, in the order kube-proxy writes them.
#[derive(Default)]
struct Table {
    chains: Vec<String>,
    rules: Vec<String>,
}

impl Table {
    fn chain(&mut self, name: &str) {
        self.chains.push(format!(":{name} - [0:0]"));
    }

    fn rule(&mut self, rule: String) {
        self.rules.push(rule);
    }
}

pub(super) fn render(r: &NodeRules) -> String {
    let (mut filter, mut nat) = (Table::default(), Table::default());
    top_level(&mut filter, &mut nat);
    service(r, &mut filter, &mut nat);
    tail(&mut filter, &mut nat);
    let mut out = format!(
        "# kube-proxy (iptables mode) on node {}: the rules for Service {}.\n\
         # Written by trafficlab from kube-proxy's proxier.go; load with iptables-restore.\n",
        r.node,
        r.service_port_name()
    );
    write_table(&mut out, "filter", &FILTER_BUILT_IN, &filter);
    write_table(&mut out, "nat", &NAT_BUILT_IN, &nat);
    out
}

/// A built-in chain and kube-proxy's jumps from it, in the order a node lists them.
type BuiltIn = (&'static str, &'static [&'static str]);

const FILTER_BUILT_IN: [BuiltIn; 3] = [
    (
        "INPUT",
        &[
            "-j KUBE-FIREWALL",
            "-m conntrack --ctstate NEW -m comment --comment \"kubernetes load balancer firewall\" -j KUBE-PROXY-FIREWALL",
            "-m comment --comment \"kubernetes health check service ports\" -j KUBE-NODEPORTS",
            "-m conntrack --ctstate NEW -m comment --comment \"kubernetes externally-visible service portals\" -j KUBE-EXTERNAL-SERVICES",
        ],
    ),
    (
        "FORWARD",
        &[
            "-m conntrack --ctstate NEW -m comment --comment \"kubernetes load balancer firewall\" -j KUBE-PROXY-FIREWALL",
            "-m comment --comment \"kubernetes forwarding rules\" -j KUBE-FORWARD",
            "-m conntrack --ctstate NEW -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
            "-m conntrack --ctstate NEW -m comment --comment \"kubernetes externally-visible service portals\" -j KUBE-EXTERNAL-SERVICES",
        ],
    ),
    (
        "OUTPUT",
        &[
            "-j KUBE-FIREWALL",
            "-m conntrack --ctstate NEW -m comment --comment \"kubernetes load balancer firewall\" -j KUBE-PROXY-FIREWALL",
            "-m conntrack --ctstate NEW -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
        ],
    ),
];

const NAT_BUILT_IN: [BuiltIn; 4] = [
    ("PREROUTING", &["-m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES"]),
    ("INPUT", &[]),
    ("OUTPUT", &["-m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES"]),
    ("POSTROUTING", &["-m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING"]),
];

fn write_table(out: &mut String, name: &str, built_in: &[BuiltIn], table: &Table) {
    let _ = writeln!(out, "*{name}");
    for (chain, _) in built_in {
        let _ = writeln!(out, ":{chain} ACCEPT [0:0]");
    }
    for line in &table.chains {
        let _ = writeln!(out, "{line}");
    }
    for (chain, jumps) in built_in {
        for jump in *jumps {
            let _ = writeln!(out, "-A {chain} {jump}");
        }
    }
    for line in &table.rules {
        let _ = writeln!(out, "{line}");
    }
    out.push_str("COMMIT\n");
}

/// The chains every node has, and the rules in them that name no Service.
fn top_level(filter: &mut Table, nat: &mut Table) {
    for chain in [SERVICES, EXTERNAL_SERVICES, FORWARD, NODE_PORTS, PROXY_FIREWALL] {
        filter.chain(chain);
    }
    for chain in [SERVICES, NODE_PORTS, POSTROUTING, MARK_MASQ] {
        nat.chain(chain);
    }
    nat.rule(format!("-A {POSTROUTING} -m mark ! --mark {MASQUERADE_MARK}/{MASQUERADE_MARK} -j RETURN"));
    nat.rule(format!("-A {POSTROUTING} -j MARK --xor-mark {MASQUERADE_MARK}"));
    nat.rule(format!(
        "-A {POSTROUTING} -m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE --random-fully"
    ));
    nat.rule(format!("-A {MARK_MASQ} -j MARK --or-mark {MASQUERADE_MARK}"));
    filter.chain(KUBELET_FIREWALL);
    filter.rule(format!(
        "-A {KUBELET_FIREWALL} -m comment --comment \"block incoming localnet connections\" -d 127.0.0.0/8 \
         ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP"
    ));
}

/// The Service's rules: the `for svcName, svc := range proxier.svcPortMap` body.
fn service(r: &NodeRules, filter: &mut Table, nat: &mut Table) {
    let spn = r.service_port_name();
    let ext = &r.chains.external;
    let refusal = r.external_refusal();
    if let Some(vip) = r.load_balancer_ip {
        let port = r.port;
        if r.has_endpoints {
            nat.rule(format!(
                "-A {SERVICES} -m comment --comment \"{spn} loadbalancer IP\" -m tcp -p tcp -d {vip} --dport {port} -j {ext}"
            ));
        }
        if let Some(refusal) = refusal {
            let (comment, target) = refusal_words(spn, refusal);
            filter.rule(format!(
                "-A {EXTERNAL_SERVICES} -m comment --comment {comment} -m tcp -p tcp -d {vip} --dport {port} -j {target}"
            ));
        }
    }
    let node_port = r.node_port;
    if r.has_endpoints {
        nat.rule(format!("-A {NODE_PORTS} -m comment --comment {spn} -m tcp -p tcp --dport {node_port} -j {ext}"));
    }
    if let Some(refusal) = refusal {
        let (comment, target) = refusal_words(spn, refusal);
        filter.rule(format!(
            "-A {EXTERNAL_SERVICES} -m comment --comment {comment} -m addrtype --dst-type LOCAL -m tcp -p tcp \
             --dport {node_port} -j {target}"
        ));
    }
    if let Some(health) = r.health_check_node_port {
        filter.rule(format!(
            "-A {NODE_PORTS} -m comment --comment \"{spn} health check node port\" -m tcp -p tcp --dport {health} -j ACCEPT"
        ));
    }
    if r.has_endpoints {
        external_chain(r, nat);
    }
    if !r.cluster_endpoints.is_empty() {
        nat.chain(&r.chains.cluster);
        to_endpoints(r, &r.chains.cluster, &r.cluster_endpoints, nat);
    }
    if r.policy == ExternalTrafficPolicy::Local && !r.local_endpoints.is_empty() {
        nat.chain(&r.chains.local);
        to_endpoints(r, &r.chains.local, &r.local_endpoints, nat);
    }
    for endpoint in r.reachable_endpoints() {
        let sep = endpoint_chain(r, endpoint);
        nat.chain(&sep);
        nat.rule(format!("-A {sep} -m comment --comment {spn} -s {} -j {MARK_MASQ}", endpoint.ip()));
        nat.rule(format!("-A {sep} -m comment --comment {spn} -m tcp -p tcp -j DNAT --to-destination {endpoint}"));
    }
}

/// The filter rule's comment (quoted, as proxier.go quotes it) and target.
fn refusal_words(spn: &str, refusal: Refusal) -> (String, &'static str) {
    match refusal {
        Refusal::Drop => (format!("\"{spn} has no local endpoints\""), "DROP"),
        Refusal::Reject => (format!("\"{spn} has no endpoints\""), "REJECT"),
    }
}

/// `KUBE-EXT-*`: Cluster marks everything for masquerade; Local keeps the
/// client's address but sends pod and host traffic to the Cluster chain.
fn external_chain(r: &NodeRules, nat: &mut Table) {
    let (spn, ext, svc) = (r.service_port_name(), &r.chains.external, &r.chains.cluster);
    nat.chain(ext);
    match r.policy {
        ExternalTrafficPolicy::Cluster => nat.rule(format!(
            "-A {ext} -m comment --comment \"masquerade traffic for {spn} external destinations\" -j {MARK_MASQ}"
        )),
        ExternalTrafficPolicy::Local => {
            nat.rule(format!(
                "-A {ext} -m comment --comment \"pod traffic for {spn} external destinations\" -s {} -j {svc}",
                r.pod_cidr
            ));
            nat.rule(format!(
                "-A {ext} -m comment --comment \"masquerade LOCAL traffic for {spn} external destinations\" \
                 -m addrtype --src-type LOCAL -j {MARK_MASQ}"
            ));
            nat.rule(format!(
                "-A {ext} -m comment --comment \"route LOCAL traffic for {spn} external destinations\" \
                 -m addrtype --src-type LOCAL -j {svc}"
            ));
        }
    }
    if r.has_external_endpoints() {
        let policy_chain = match r.policy {
            ExternalTrafficPolicy::Cluster => svc,
            ExternalTrafficPolicy::Local => &r.chains.local,
        };
        nat.rule(format!("-A {ext} -j {policy_chain}"));
    }
}

/// `writeServiceToEndpointRules`: rule i of n matches with probability
/// `1/(n-i)` (Go's `%0.10f`), the last one always.
fn to_endpoints(r: &NodeRules, chain: &str, endpoints: &[SocketAddrV4], nat: &mut Table) {
    let n = endpoints.len();
    for (i, &endpoint) in endpoints.iter().enumerate() {
        let comment = format!("-m comment --comment \"{} -> {endpoint}\"", r.service_port_name());
        let statistic = if i + 1 < n {
            format!(" -m statistic --mode random --probability {}", probability(n - i))
        } else {
            String::new()
        };
        nat.rule(format!("-A {chain} {comment}{statistic} -j {}", endpoint_chain(r, endpoint)));
    }
}

/// kube-proxy's `computeProbability`: `fmt.Sprintf("%0.10f", 1.0/float64(n))`.
/// Go rounds the exact binary value half to even, as Rust's `{:.10}` does.
pub(crate) fn probability(n: usize) -> String {
    format!("{:.10}", 1.0 / n as f64)
}

fn endpoint_chain(r: &NodeRules, endpoint: SocketAddrV4) -> String {
    format!("KUBE-SEP-{}", endpoint_hash(r.service_port_name(), "tcp", &endpoint.to_string()))
}

/// The last rule of `KUBE-SERVICES` and the `KUBE-FORWARD` rules.
fn tail(filter: &mut Table, nat: &mut Table) {
    nat.rule(format!(
        "-A {SERVICES} -m comment --comment \"kubernetes service nodeports; NOTE: this must be the last rule in this \
         chain\" -m addrtype --dst-type LOCAL -j {NODE_PORTS}"
    ));
    filter.rule(format!("-A {FORWARD} -m conntrack --ctstate INVALID -j DROP"));
    filter.rule(format!(
        "-A {FORWARD} -m comment --comment \"kubernetes forwarding rules\" -m mark --mark \
         {MASQUERADE_MARK}/{MASQUERADE_MARK} -j ACCEPT"
    ));
    filter.rule(format!(
        "-A {FORWARD} -m comment --comment \"kubernetes forwarding conntrack rule\" -m conntrack --ctstate \
         RELATED,ESTABLISHED -j ACCEPT"
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probabilities_are_one_over_the_endpoints_left() {
        assert_eq!(probability(3), "0.3333333333");
        assert_eq!(probability(2), "0.5000000000");
        assert_eq!(probability(6), "0.1666666667");
    }
}
