//! The lab in the real kernel (root, `ip`, `iptables-restore`, `nft`): the
//! seeds' examples built from namespaces, where real connections must land
//! where the core says, seeing the source addresses it says; and kube-proxy's
//! rulesets from the core must load into a node's namespace as they are.
//!
//! Run with `cargo test -p trafficlab-lab --features kernel` (what
//! `make test-lab` does when the machine allows). The tests run one at a
//! time: each builds its own namespaces, and two labs at once would only
//! compete for the CPU.

use std::path::PathBuf;
use std::process::Command;
use std::sync::Mutex;

use trafficlab_core::rules::ProxyMode;
use trafficlab_core::Scenario;
use trafficlab_lab::{run, LabOptions, Report};

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn preset(name: &str) -> Scenario {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../static/scenarios").join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Scenario::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn lab(name: &str, mode: ProxyMode, connections: u64) -> Report {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let options = LabOptions { connections, seed: 7, mode };
    let report = run(&preset(name), &options).unwrap_or_else(|e| panic!("{name}: {e}"));
    println!("{report}");
    assert!(report.agrees, "{name} in {mode} mode:\n{report}");
    report
}

fn no_lab_namespaces_left() {
    let list = Command::new("ip").args(["netns", "list"]).output().unwrap();
    let list = String::from_utf8_lossy(&list.stdout);
    let ours = format!("tlab-{}-", std::process::id());
    assert!(!list.lines().any(|l| l.starts_with(&ours)), "left behind:\n{list}");
}

#[test]
fn local_one_two_three_pods() {
    let report = lab("local-crowded-nodes-starve", ProxyMode::Iptables, 900);
    assert_eq!(report.timed_out + report.refused, 0);
    no_lab_namespaces_left();
}

#[test]
fn cluster_one_two_three_pods() {
    lab("cluster-even-but-snat", ProxyMode::Iptables, 900);
    no_lab_namespaces_left();
}

#[test]
fn cluster_in_nftables_mode() {
    lab("cluster-even-but-snat", ProxyMode::Nftables, 600);
}

#[test]
fn empty_node_with_health_checks_gets_nothing() {
    let report = lab("local-empty-node-health-checked", ProxyMode::Iptables, 600);
    assert_eq!(report.timed_out, 0);
}

#[test]
fn empty_node_without_health_checks_drops_a_third() {
    let report = lab("local-empty-node-no-health-check", ProxyMode::Nftables, 600);
    assert!(report.timed_out > 100, "{report}");
}

#[test]
fn all_pods_terminating() {
    lab("rolling-update-all-terminating", ProxyMode::Iptables, 600);
}

#[test]
fn no_pods_at_all_are_refused() {
    let report = lab("no-pods-rejected", ProxyMode::Iptables, 200);
    assert_eq!(report.refused, 200);
}

/// Runs `program args` inside `ns` with `input` on stdin; the error is its stderr.
fn check_in(ns: &str, program: &str, args: &[&str], input: &str) -> Result<(), String> {
    use std::io::Write as _;
    use std::process::Stdio;
    let mut child = Command::new("ip")
        .args(["netns", "exec", ns, program])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    child.stdin.take().map(|mut pipe| pipe.write_all(input.as_bytes())).transpose().map_err(|e| e.to_string())?;
    let output = child.wait_with_output().map_err(|e| e.to_string())?;
    output.status.success().then_some(()).ok_or_else(|| String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn every_presets_rules_pass_iptables_restore_test_and_nft_check() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let ns = format!("tlab-{}-check", std::process::id());
    assert!(Command::new("ip").args(["netns", "add", &ns]).status().is_ok_and(|s| s.success()));
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../static/scenarios");
    let mut failures = Vec::new();
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().trim_end_matches(".json").to_string();
        let scenario = preset(&name);
        for node in scenario.node_ids() {
            let iptables = scenario.rules(node, ProxyMode::Iptables).unwrap();
            let nft = scenario.rules(node, ProxyMode::Nftables).unwrap();
            for (tool, args, text) in
                [("iptables-restore", &["--test"][..], &iptables), ("nft", &["-c", "-f", "-"], &nft)]
            {
                checked += 1;
                if let Err(e) = check_in(&ns, tool, args, text) {
                    failures.push(format!("{name} {node}: {tool}: {e}"));
                }
            }
        }
    }
    let _ = Command::new("ip").args(["netns", "delete", &ns]).status();
    assert!(checked > 50, "{checked} rulesets checked");
    assert!(failures.is_empty(), "{failures:#?}");
}
