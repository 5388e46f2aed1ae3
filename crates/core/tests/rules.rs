//! The rulesets of `rules`: golden files for the seeds' scenarios in both
//! modes, kube-proxy's own chain-name vectors, and properties that hold for
//! any layout (one `statistic` rule fewer than endpoints, DROP exactly where
//! the router drops, REJECT exactly where it rejects).
//!
//! `UPDATE_GOLDEN=1 cargo test -p trafficlab-core --test rules` rewrites the
//! golden files; review the diff before committing it.

use std::path::PathBuf;

use proptest::prelude::*;
use trafficlab_core::rules::{NodeRules, ProxyMode};
use trafficlab_core::{EndpointState, ExternalTrafficPolicy, Router, Scenario, ServiceType, Verdict};

use EndpointState::{NotReady, Ready, Terminating};
use ExternalTrafficPolicy::{Cluster, Local};

fn preset(name: &str) -> Scenario {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../static/scenarios").join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Scenario::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The seeds' examples, the node to render and the modes.
const GOLDEN: [(&str, &str); 6] = [
    ("local-crowded-nodes-starve", "node-c"),
    ("cluster-even-but-snat", "node-b"),
    ("local-empty-node-health-checked", "node-c"),
    ("local-empty-node-no-health-check", "node-a"),
    ("rolling-update-all-terminating", "node-b"),
    ("no-pods-rejected", "node-a"),
];

#[test]
fn rulesets_match_the_golden_files() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut stale = Vec::new();
    for (name, node) in GOLDEN {
        let scenario = preset(name);
        let id = scenario.node_id(node).unwrap();
        for (mode, ext) in [(ProxyMode::Iptables, "iptables"), (ProxyMode::Nftables, "nft")] {
            let text = scenario.rules(id, mode).unwrap();
            let path =
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(format!("{name}.{node}.{ext}"));
            if update {
                std::fs::write(&path, &text).unwrap();
            } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                stale.push(path.display().to_string());
            }
        }
    }
    assert!(stale.is_empty(), "differs from the golden file (UPDATE_GOLDEN=1 to rewrite): {stale:#?}");
}

#[test]
fn iptables_chain_names_are_kube_proxys() {
    let cluster = preset("cluster-even-but-snat");
    let rules = cluster.rules(cluster.node_id("node-a").unwrap(), ProxyMode::Iptables).unwrap();
    for needle in [
        ":KUBE-EXT-LOLE4ISW44XBNF3G - [0:0]",
        ":KUBE-SVC-LOLE4ISW44XBNF3G - [0:0]",
        "-A KUBE-EXT-LOLE4ISW44XBNF3G -j KUBE-SVC-LOLE4ISW44XBNF3G",
        "-A KUBE-MARK-MASQ -j MARK --or-mark 0x00004000",
        "-m statistic --mode random --probability 0.1666666667",
        "-m statistic --mode random --probability 0.5000000000",
    ] {
        assert!(rules.contains(needle), "missing `{needle}` in:\n{rules}");
    }
    assert!(!rules.contains("KUBE-SVL-"), "Cluster writes no KUBE-SVL chain:\n{rules}");
}

#[test]
fn local_policy_writes_both_policy_chains_and_keeps_the_client_address() {
    let local = preset("local-crowded-nodes-starve");
    let rules = local.rules(local.node_id("node-b").unwrap(), ProxyMode::Iptables).unwrap();
    assert!(rules.contains("-A KUBE-EXT-LOLE4ISW44XBNF3G -j KUBE-SVL-LOLE4ISW44XBNF3G"), "{rules}");
    assert!(rules.contains("-s 10.244.2.0/24 -j KUBE-SVC-LOLE4ISW44XBNF3G"), "{rules}");
    assert!(rules.contains("health check node port\" -m tcp -p tcp --dport 32080 -j ACCEPT"), "{rules}");
    assert!(!rules.contains("masquerade traffic for"), "{rules}");
    let nft = local.rules(local.node_id("node-b").unwrap(), ProxyMode::Nftables).unwrap();
    assert!(nft.contains("numgen random mod 2 vmap"), "{nft}");
    assert!(nft.contains("numgen random mod 6 vmap"), "{nft}");
}

#[test]
fn endpoints_are_in_kube_proxys_text_order() {
    // 10.244.1.10 sorts before 10.244.1.2 as text, as kube-proxy's byEndpoint sorts it.
    let scenario = Scenario::from_layout(Cluster, &[vec![Ready; 10]]).unwrap();
    let rules = NodeRules::of(&scenario, scenario.node_id("node-a").unwrap()).unwrap();
    let texts: Vec<String> = rules.cluster_endpoints.iter().map(|e| e.to_string()).collect();
    assert_eq!(texts[..3], ["10.244.1.10:8080", "10.244.1.11:8080", "10.244.1.2:8080"]);
}

#[test]
fn node_port_services_have_no_load_balancer_rule() {
    let scenario = preset("nodeport-local");
    assert_eq!(scenario.service.service_type, ServiceType::NodePort);
    let empty = scenario.node_id("node-c").unwrap();
    let rules = scenario.rules(empty, ProxyMode::Iptables).unwrap();
    assert!(!rules.contains("loadbalancer IP"), "{rules}");
    assert!(rules.contains("-m addrtype --dst-type LOCAL -m tcp -p tcp --dport 30080 -j DROP"), "{rules}");
    let nft = scenario.rules(empty, ProxyMode::Nftables).unwrap();
    assert!(
        nft.contains("add element ip kube-proxy no-endpoint-nodeports { tcp . 30080 comment \"default/web\" : drop }")
    );
}

fn state() -> impl Strategy<Value = EndpointState> {
    prop_oneof![4 => Just(Ready), 2 => Just(Terminating), 1 => Just(NotReady)]
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (any::<bool>(), prop::collection::vec(prop::collection::vec(state(), 0..5), 1..6)).prop_map(|(local, layout)| {
        let policy = if local { Local } else { Cluster };
        Scenario::from_layout(policy, &layout).unwrap()
    })
}

proptest! {
    /// Every `KUBE-SVC`/`KUBE-SVL` chain has one `statistic` rule fewer than
    /// endpoints, nftables draws `mod` the same count, and the filter verdict
    /// is DROP or REJECT exactly where the router's verdict is.
    #[test]
    fn rules_agree_with_the_router(s in scenario()) {
        let router = Router::new(&s);
        for node in s.node_ids() {
            let rules = NodeRules::of(&s, node).unwrap();
            let iptables = rules.render(ProxyMode::Iptables);
            let nft = rules.render(ProxyMode::Nftables);
            let chains = [(&rules.chains.cluster, &rules.cluster_endpoints), (&rules.chains.local, &rules.local_endpoints)];
            for (chain, endpoints) in chains {
                let prefix = format!("-A {chain} ");
                let written = iptables.lines().filter(|l| l.starts_with(&prefix)).count();
                let random = iptables.lines().filter(|l| l.starts_with(&prefix) && l.contains("statistic")).count();
                if written > 0 {
                    prop_assert_eq!(written, endpoints.len());
                    prop_assert_eq!(random, endpoints.len() - 1);
                    let draw = format!("numgen random mod {} vmap", endpoints.len());
                    prop_assert!(nft.contains(&draw), "{}", draw);
                }
            }
            let verdict = router.verdict(node);
            prop_assert_eq!(iptables.contains("-j DROP\n") && iptables.contains("has no local endpoints"), verdict == Verdict::Drop);
            prop_assert_eq!(iptables.contains("has no endpoints\""), verdict == Verdict::Reject);
            prop_assert_eq!(nft.contains("goto reject-chain }"), verdict == Verdict::Reject);
            prop_assert_eq!(router.candidates(node).len(), match s.service.external_traffic_policy {
                Cluster => rules.cluster_endpoints.len(),
                Local => rules.local_endpoints.len(),
            });
        }
    }
}

/// `trace`'s rule for the chosen endpoint is a line of `rules`, word for word:
/// same chain, same place among the endpoints (kube-proxy's text order, where
/// `10.244.1.10` comes before `10.244.1.2`), same probability.
#[test]
fn every_traced_dispatch_rule_is_a_line_of_the_ruleset() {
    for policy in [Cluster, Local] {
        let scenario = Scenario::from_layout(policy, &[vec![Ready; 12], vec![Ready; 3]]).expect("a valid layout");
        for node in scenario.node_ids() {
            let ruleset = scenario.rules(node, ProxyMode::Iptables).expect("a node of the scenario");
            let lines: Vec<&str> = ruleset.lines().collect();
            for seed in 0..60 {
                let trace = scenario.trace(node, seed).expect("a node of the scenario");
                let dispatch = trace.rules.iter().filter(|step| step.chain.starts_with("KUBE-SV"));
                for step in dispatch {
                    assert!(lines.contains(&step.rule.as_str()), "{policy:?} {node:?} seed {seed}: {}", step.rule);
                }
            }
        }
    }
}
