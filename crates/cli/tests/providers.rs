//! The load-balancer providers on the command line: `shares --json` (with
//! `clientIpPreserved` and `lbShare`), the table's provider line, zone and
//! probe columns, `trace`'s load-balancer step, refused settings, and
//! `shares --spread`.

mod common;

use common::{assert_all_close, assert_close, layout, num, pod_shares, run, run_stdin};
use serde_json::{json, Value};

const SIXTH: f64 = 1.0 / 6.0;

/// A provider fixture of the core's tests, as a path for the binary.
fn fixture(name: &str) -> String {
    format!("{}/../core/tests/fixtures/providers/{name}.json", env!("CARGO_MANIFEST_DIR"))
}

fn lb_shares(json: &Value) -> Vec<f64> {
    json["nodes"].as_array().expect("nodes is an array").iter().map(|n| num(&n["lbShare"])).collect()
}

#[test]
fn metallb_l2_fixture_sends_everything_to_the_leader() {
    let json = run(&["shares", &fixture("metallb-l2-local-pods-off-the-leader"), "--json"], None).json();
    assert_all_close(&pod_shares(&json), &[0.0, 0.0, 1.0], "pod shares");
    assert_all_close(&lb_shares(&json), &[0.0, 0.0, 1.0], "lbShare");
    assert_close(num(&json["clientIpPreserved"]), 1.0, "clientIpPreserved");
    assert!(json["imbalance"].is_null(), "a Ready pod gets nothing: unbounded, so null");
    let table = run(&["shares", &fixture("metallb-l2-local-pods-off-the-leader")], None).ok().to_string();
    assert!(table.contains("Load balancer 192.168.1.240: MetalLB layer 2"), "{table}");
    assert!(table.contains("Client IP kept") && table.contains("∞"), "{table}");
}

#[test]
fn nlb_instance_fixture_shows_zones_and_probes() {
    let json = run(&["shares", &fixture("nlb-instance-local-two-zones"), "--json"], None).json();
    assert_all_close(&pod_shares(&json), &[SIXTH, 1.0 / 12.0, 1.0 / 12.0, SIXTH, 0.5], "pod shares");
    assert_all_close(&lb_shares(&json), &[SIXTH, SIXTH, SIXTH, 0.5, 0.0], "lbShare");
    let table = run(&["shares", &fixture("nlb-instance-local-two-zones")], None).ok().to_string();
    assert!(table.contains("AWS NLB, instance targets (the nodes' NodePort 30080), cross-zone off"), "{table}");
    let header = table.lines().find(|l| l.starts_with("NODE")).unwrap_or_default();
    assert!(header.contains("ZONE") && header.contains("LB PROBE"), "{header}");
    let node_e = table.lines().find(|l| l.starts_with("node-e")).unwrap_or_default();
    assert!(node_e.contains("us-east-1b") && node_e.contains("HTTP 503"), "{node_e}");
}

#[test]
fn azure_fixture_fails_closed_and_says_so() {
    let json = run(&["shares", &fixture("azure-rolling-update-fail-closed"), "--json"], None).json();
    assert_close(num(&json["dropped"]), 1.0, "dropped");
    assert_all_close(&lb_shares(&json), &[0.0; 3], "lbShare");
    let table = run(&["shares", &fixture("azure-rolling-update-fail-closed")], None).ok().to_string();
    assert!(table.contains("Nothing answers: every backend's health probe is down"), "{table}");
    assert!(table.contains("nothing answers the VIP"), "{table}");
}

fn nlb_ip(preserve: bool) -> Value {
    let mut scenario = layout("Local", &[1, 2, 0]);
    scenario["loadBalancer"] = json!({ "provider": "awsNlbIp", "preserveClientIp": preserve });
    scenario
}

#[test]
fn nlb_ip_targets_report_their_pods_shares_per_node_and_whose_address_the_pod_sees() {
    let json = run_stdin("shares", &nlb_ip(false), &["--json"]).json();
    assert_all_close(&pod_shares(&json), &[1.0 / 3.0; 3], "pod shares");
    assert_all_close(&lb_shares(&json), &[1.0 / 3.0, 2.0 / 3.0, 0.0], "lbShare = the sum of its pods' shares");
    assert_close(num(&json["clientIpPreserved"]), 0.0, "clientIpPreserved");
    assert_close(num(&json["snat"]), 0.0, "snat is kube-proxy's, which plays no part");
    let json = run_stdin("shares", &nlb_ip(true), &["--json"]).json();
    assert_close(num(&json["clientIpPreserved"]), 1.0, "clientIpPreserved");

    let out = run_stdin("trace", &nlb_ip(false), &["--entry", "node-b"]).ok().to_string();
    assert!(out.contains("AWS NLB: sends it straight to pod web-"), "{out}");
    assert!(out.contains("kube-proxy plays no part"), "{out}");
    assert!(out.contains("SNAT 203.0.113.10 → 10.0.255.11"), "{out}");
    assert!(out.contains("sees source IP 10.0.255.11") && out.contains("its own private address"), "{out}");
    assert!(!out.contains("kube-proxy rules on"), "{out}");
    let table = run_stdin("shares", &nlb_ip(false), &[]).ok().to_string();
    assert!(table.contains("bypassed: the NLB sends to pod IPs"), "{table}");
}

#[test]
fn trace_names_the_load_balancers_step_and_the_rule_behind_it() {
    let out = run(&["trace", &fixture("nlb-instance-local-two-zones"), "--entry", "node-a"], None).ok().to_string();
    assert!(
        out.contains("AWS NLB: sends it to node-a's NodePort 30080: zone us-east-1a: 1 of 2 zones with a healthy target, then 1 of 3 healthy nodes"),
        "{out}"
    );
    assert!(out.contains("DNAT 198.51.100.10:80 → 10.0.0.11:30080"), "{out}");
    assert!(out.contains("nat/KUBE-NODEPORTS"), "{out}");
    let out =
        run(&["trace", &fixture("metallb-l2-local-pods-off-the-leader"), "--entry", "node-c"], None).ok().to_string();
    assert!(
        out.contains("Router (ARP): ARP for 192.168.1.240 answered by node-c: lowest sha256(node#vip) among the 2 nodes with a serving endpoint"),
        "{out}"
    );
    // The generic load balancer says its rule too.
    let out = run_stdin("trace", &layout("Local", &[1, 1]), &["--entry", "node-a"]).ok().to_string();
    assert!(
        out.contains("Load balancer: sends it to node-a: 1 of 2 nodes whose healthCheckNodePort answers 200"),
        "{out}"
    );
}

#[test]
fn when_nothing_answers_a_trace_says_why_and_what_a_node_would_do() {
    let mut scenario = layout("Local", &[1, 0]);
    scenario["loadBalancer"] = json!({ "provider": "metallbBgp" });
    scenario["pods"][0]["state"] = "NotReady".into();
    let json = run_stdin("shares", &scenario, &["--json"]).json();
    assert_close(num(&json["dropped"]), 1.0, "dropped");
    let out = run_stdin("trace", &scenario, &["--entry", "node-a"]).ok().to_string();
    assert!(out.contains("Router (BGP, ECMP): no route to 198.51.100.10"), "{out}");
    assert!(out.contains("would happen if a packet arrived anyway"), "{out}");
}

#[test]
fn a_provider_setting_given_to_another_provider_is_refused() {
    let mut scenario = layout("Local", &[1]);
    scenario["loadBalancer"] = json!({ "provider": "metallbL2", "healthCheck": true });
    let err = run_stdin("shares", &scenario, &["--json"]).fails().to_string();
    assert!(err.contains("<stdin>: loadBalancer.healthCheck: healthCheck applies to provider `generic` only"), "{err}");
}

#[test]
fn spread_moves_pods_before_the_shares_are_computed() {
    let scenario = layout("Local", &[1, 2, 3]);
    let json = run_stdin("shares", &scenario, &["--json", "--spread"]).json();
    assert_all_close(&pod_shares(&json), &[SIXTH; 6], "two pods per node after spreading");
    assert_close(num(&json["imbalance"]), 1.0, "imbalance");
    assert_eq!(json["pods"][5]["node"], "node-a", "web-6 moved from node-c to node-a");
    let table = run_stdin("shares", &scenario, &["--spread"]).ok().to_string();
    assert!(table.contains("Spread (maxSkew 1 per node) moved web-6: node-c → node-a"), "{table}");
    // Without --spread nothing moves.
    let json = run_stdin("shares", &scenario, &["--json"]).json();
    assert_eq!(json["pods"][5]["node"], "node-c");
}

#[test]
fn spread_that_does_not_fit_is_an_error() {
    let mut scenario = layout("Local", &[0, 4]);
    scenario["nodes"][0]["podCIDR"] = "10.244.9.0/30".into();
    let err = run_stdin("shares", &scenario, &["--spread"]).fails().to_string();
    assert!(err.contains("--spread: node-a has no free address"), "{err}");
}
