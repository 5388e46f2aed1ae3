//! `trafficlab rules` (the core's rulesets, byte for byte) and the checks
//! `trafficlab lab` makes before it touches the kernel (they need no root).
//! The lab itself runs in `crates/lab/tests/kernel.rs` and `make test-lab`.

mod common;

use std::path::PathBuf;

use common::{layout, run, run_file, run_stdin};

fn repo(path: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").join(path).display().to_string()
}

#[test]
fn rules_print_the_cores_golden_rulesets() {
    for (mode, ext) in [("iptables", "iptables"), ("nftables", "nft")] {
        let scenario = repo("static/scenarios/local-crowded-nodes-starve.json");
        let out = run(&["rules", &scenario, "--node", "node-c", "--mode", mode], None);
        let golden = repo(&format!("crates/core/tests/golden/local-crowded-nodes-starve.node-c.{ext}"));
        let expected = std::fs::read_to_string(&golden).unwrap_or_else(|e| panic!("{golden}: {e}"));
        assert_eq!(out.ok(), expected, "{mode}");
    }
}

#[test]
fn rules_default_to_iptables_and_read_standard_input() {
    let out = run_stdin("rules", &layout("Cluster", &[1, 2]), &["--node", "node-b"]).ok().to_string();
    assert!(out.starts_with("# kube-proxy (iptables mode) on node node-b"), "{out}");
    assert!(out.contains("*nat\n") && out.ends_with("COMMIT\n"), "{out}");
}

#[test]
fn rules_refuse_unknown_nodes_and_modes() {
    let scenario = layout("Local", &[1]);
    let error = run_file("rules", &scenario, &["--node", "node-z"]).fails().to_string();
    assert!(error.contains("--node `node-z`"), "{error}");
    let error = run_file("rules", &scenario, &["--node", "node-a", "--mode", "ipvs"]).fails().to_string();
    assert!(error.contains("write iptables or nftables"), "{error}");
    let error = run(&["rules", "--node", "node-a"], None).fails().to_string();
    assert!(error.contains("rules needs a scenario FILE"), "{error}");
}

#[test]
fn lab_refuses_before_building_anything() {
    let scenario = layout("Local", &[1, 2, 3]);
    let error = run_file("lab", &scenario, &["--connections", "0"]).fails().to_string();
    assert!(error.contains("--connections: 0 is out of range. Fix:"), "{error}");
    let error = run_file("lab", &layout("Cluster", &[1; 9]), &[]).fails().to_string();
    assert!(error.contains("at most 8 nodes and 64 pods"), "{error}");
    let error = run(&["lab", &repo("static/scenarios/nlb-ip-targets-pod-sees-the-nlb.json")], None).fails().to_string();
    assert!(error.contains("awsNlbIp sends connections straight to pod IPs"), "{error}");
    let error = run(&["lab", "--cleanup", "x.json"], None).fails().to_string();
    assert!(error.contains("'--cleanup' cannot be used"), "{error}");
    let error = run(&["lab", &repo("static/scenarios/ingress-local-controllers-skewed-app-even.json")], None)
        .fails()
        .to_string();
    assert!(error.contains("ingress: the lab builds one Service's kube-proxy rules"), "{error}");
    let mut proxied = layout("Cluster", &[1, 2]);
    proxied["loadBalancer"]["proxyProtocol"] = "v2".into();
    let error = run_file("lab", &proxied, &[]).fails().to_string();
    assert!(error.contains("loadBalancer.proxyProtocol: the lab's load balancer"), "{error}");
    let mut dsr = layout("Cluster", &[1, 2]);
    dsr["dataPath"] = "ciliumDsr".into();
    let error = run_file("lab", &dsr, &[]).fails().to_string();
    assert!(error.contains("dataPath: ciliumDsr replaces kube-proxy"), "{error}");
}

#[test]
fn rules_refuse_a_data_path_without_kube_proxy() {
    let mut dsr = layout("Cluster", &[1, 2]);
    dsr["dataPath"] = "ciliumDsr".into();
    let error = run_file("rules", &dsr, &["--node", "node-a"]).fails().to_string();
    assert!(error.contains("dataPath: ciliumDsr replaces kube-proxy") && error.contains("Fix: "), "{error}");
}
