//! `trafficlab trace`: hops, rewrites and outcomes for Cluster and Local, the
//! kube-proxy rules on the receiving node, the note for a node the LB skips,
//! and determinism of the seed.

mod common;

use common::{layout, run_file, run_stdin};

/// Lines of `out` that, once indented whitespace is cut, start with `prefix`.
fn lines_starting<'a>(out: &'a str, prefix: &str) -> Vec<&'a str> {
    out.lines().map(str::trim_start).filter(|l| l.starts_with(prefix)).collect()
}

#[test]
fn cluster_cross_node_dnats_and_snats_to_the_entry_node_ip() {
    // node-b (10.0.0.12) has no pod, so any endpoint is on another node.
    let out = run_stdin("trace", &layout("Cluster", &[2, 0]), &["--entry", "node-b"]).ok().to_string();
    assert_eq!(lines_starting(&out, "DNAT 198.51.100.10:80 → 10.244.1.").len(), 1, "{out}");
    assert_eq!(lines_starting(&out, "SNAT 203.0.113.10 → 10.0.0.12").len(), 1, "{out}");
    assert_eq!(lines_starting(&out, "un-SNAT 10.0.0.12 → 203.0.113.10").len(), 1, "{out}");
    assert!(out.contains("node-b (10.0.0.12) → node-a (10.0.0.11)"), "{out}");
    assert!(out.contains("sees source IP 10.0.0.12"), "{out}");
    assert!(out.lines().any(|l| l.starts_with('→')) && out.lines().any(|l| l.starts_with('←')), "{out}");
}

#[test]
fn cluster_trace_lists_the_kube_proxy_rules_it_matched() {
    let out = run_stdin("trace", &layout("Cluster", &[2, 0]), &["--entry", "node-b"]).ok().to_string();
    assert!(out.contains("kube-proxy rules on node-b (iptables):"), "{out}");
    let labels: Vec<&str> =
        out.lines().filter(|l| l.starts_with("  nat/") || l.starts_with("  filter/")).map(str::trim_start).collect();
    let chains: Vec<&str> = labels.iter().map(|l| l.split_whitespace().next().unwrap_or_default()).collect();
    assert_eq!(
        chains,
        [
            "nat/KUBE-SERVICES",
            "nat/KUBE-EXT-LOLE4ISW44XBNF3G",
            "nat/KUBE-MARK-MASQ",
            "nat/KUBE-EXT-LOLE4ISW44XBNF3G",
            "nat/KUBE-SVC-LOLE4ISW44XBNF3G",
            chains[5],
            "nat/KUBE-POSTROUTING"
        ],
        "{out}"
    );
    assert!(chains[5].starts_with("nat/KUBE-SEP-"), "{out}");
    // Each label line is followed by its rule, indented.
    assert_eq!(lines_starting(&out, "-A KUBE-MARK-MASQ -j MARK --or-mark 0x00004000").len(), 1, "{out}");
    let dnat = lines_starting(&out, "-A KUBE-SEP-");
    assert_eq!(dnat.len(), 1, "{out}");
    assert!(dnat[0].contains("-j DNAT --to-destination 10.244.1."), "{out}");
    assert!(out.contains("the source becomes 10.0.0.12"), "{out}");
    // The rules come after the hops and before the outcome.
    let (rules_at, delivered_at) = (out.find("kube-proxy rules").unwrap(), out.find("Delivered").unwrap());
    assert!(out.find("un-SNAT").unwrap() < rules_at && rules_at < delivered_at, "{out}");
}

#[test]
fn local_keeps_the_client_address() {
    let out = run_file("trace", &layout("Local", &[1, 2, 3]), &["--entry", "node-b", "--seed", "42"]).ok().to_string();
    assert!(!out.contains("SNAT"), "Local never masquerades:\n{out}");
    assert_eq!(lines_starting(&out, "DNAT").len(), 1, "{out}");
    assert!(out.contains("sees source IP 203.0.113.10"), "{out}");
    assert!(out.contains("client 203.0.113.10 → load balancer"), "{out}");
    assert!(out.contains("load balancer → node-b (10.0.0.12)"), "{out}");
    assert!(out.contains("pod web-2 (10.244.2.2)") || out.contains("pod web-3 (10.244.2.3)"), "{out}");
    assert!(out.contains("  nat/KUBE-SVL-LOLE4ISW44XBNF3G "), "{out}");
    assert_eq!(lines_starting(&out, "-A KUBE-EXT-LOLE4ISW44XBNF3G -j KUBE-SVL-LOLE4ISW44XBNF3G").len(), 1, "{out}");
    assert!(!out.contains("KUBE-MARK-MASQ") && !out.contains("KUBE-SVC-"), "{out}");
    assert!(lines_starting(&out, "-A KUBE-SEP-").iter().all(|l| l.contains("--to-destination 10.244.2.")), "{out}");
}

#[test]
fn local_empty_node_without_health_checks_drops() {
    let mut scenario = layout("Local", &[1, 1, 0]);
    scenario["loadBalancer"]["healthCheck"] = false.into();
    let out = run_stdin("trace", &scenario, &["--entry", "node-c"]).ok().to_string();
    assert!(out.contains("DROP"), "{out}");
    assert!(out.contains("times out"), "{out}");
    assert!(!out.contains("Delivered") && !out.contains("Note:"), "{out}");
    assert!(out.contains("  filter/KUBE-EXTERNAL-SERVICES "), "{out}");
    let drop = lines_starting(&out, "-A KUBE-EXTERNAL-SERVICES");
    assert_eq!(drop.len(), 1, "{out}");
    assert!(drop[0].contains("\"default/web has no local endpoints\"") && drop[0].ends_with("-j DROP"), "{out}");
    assert!(lines_starting(&out, "DNAT").is_empty() && !out.contains("-j DNAT"), "{out}");
}

#[test]
fn a_node_the_lb_skips_gets_a_note() {
    let out = run_stdin("trace", &layout("Local", &[1, 1, 0]), &["--entry", "node-c"]).ok().to_string();
    assert!(out.contains("sends node-c (10.0.0.13) nothing") && out.contains("503"), "{out}");
    assert!(out.contains("if a packet arrived anyway"), "{out}");
    assert!(out.contains("DROP"), "{out}");
}

#[test]
fn no_usable_endpoint_rejects_with_icmp() {
    let mut scenario = layout("Cluster", &[1, 0]);
    scenario["pods"][0]["state"] = "NotReady".into();
    let out = run_stdin("trace", &scenario, &["--entry", "node-b"]).ok().to_string();
    assert!(out.contains("REJECTED"), "{out}");
    assert!(out.contains("10.0.0.12 → 203.0.113.10 ICMP port unreachable"), "{out}");
    let reject = lines_starting(&out, "-A KUBE-EXTERNAL-SERVICES");
    assert_eq!(reject.len(), 1, "{out}");
    assert!(reject[0].contains("\"default/web has no endpoints\"") && reject[0].ends_with("-j REJECT"), "{out}");
    assert!(!out.contains("  nat/"), "no nat rule catches a Service without endpoints:\n{out}");
}

#[test]
fn node_port_goes_straight_to_the_node() {
    let mut scenario = layout("Local", &[1]);
    scenario["service"]["type"] = "NodePort".into();
    let out = run_stdin("trace", &scenario, &["--entry", "node-a"]).ok().to_string();
    assert!(!out.contains("load balancer"), "{out}");
    assert!(out.contains("→ 10.0.0.11:30080"), "{out}");
    assert!(out.contains("DNAT 10.0.0.11:30080 → 10.244.1.2:8080"), "{out}");
    assert_eq!(
        lines_starting(&out, "-A KUBE-NODEPORTS"),
        ["-A KUBE-NODEPORTS -m comment --comment default/web -m tcp -p tcp --dport 30080 -j KUBE-EXT-LOLE4ISW44XBNF3G"],
        "{out}"
    );
}

#[test]
fn the_same_seed_gives_the_same_trace() {
    let scenario = layout("Cluster", &[2, 3, 1]);
    let trace = |seed: &str| run_stdin("trace", &scenario, &["--entry", "node-a", "--seed", seed]).ok().to_string();
    assert_eq!(trace("7"), trace("7"));
    let default = run_stdin("trace", &scenario, &["--entry", "node-a"]).ok().to_string();
    assert_eq!(default, trace("1"), "the default seed is 1");
    assert!((2..10).any(|seed| trace(&seed.to_string()) != default), "the seed changes the connection");
    assert!(trace(&u64::MAX.to_string()).contains("Seed 18446744073709551615"));
}
