//! The kube-proxy iptables rules a trace records on the receiving node: chain
//! names against kube-proxy's own test vectors, the walk for every outcome, and
//! the `1/(n-i)` probabilities of the `KUBE-SVC` / `KUBE-SVL` rules.

use std::collections::BTreeSet;
use std::net::SocketAddrV4;

use trafficlab_core::{
    endpoint_hash, port_proto_hash, Connection, EndpointState, ExternalTrafficPolicy, Fate, NodeId, Outcome, PodId,
    Rewrite, Router, Scenario, ServiceChains, ServiceType, Table, Trace,
};

use EndpointState::{NotReady, Ready, Terminating};
use ExternalTrafficPolicy::{Cluster, Local};

const HASH: &str = "LOLE4ISW44XBNF3G";
const VIP_RULE: &str =
    "-A KUBE-SERVICES -d 198.51.100.10/32 -p tcp -m comment --comment \"default/web loadbalancer IP\" \
                        -m tcp --dport 80 -j KUBE-EXT-LOLE4ISW44XBNF3G";
const NODE_PORTS_JUMP: &str =
    "-A KUBE-SERVICES -m comment --comment \"kubernetes service nodeports; NOTE: this must be \
                               the last rule in this chain\" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS";

/// The default 3-node layout: node-a holds 1 pod, node-b 2, node-c 3, all Ready.
fn three_nodes(policy: ExternalTrafficPolicy) -> Scenario {
    Scenario::from_layout(policy, &[vec![Ready], vec![Ready; 2], vec![Ready; 3]]).unwrap()
}

fn layout(policy: ExternalTrafficPolicy, nodes: &[&[EndpointState]]) -> Scenario {
    let nodes: Vec<Vec<EndpointState>> = nodes.iter().map(|n| n.to_vec()).collect();
    Scenario::from_layout(policy, &nodes).unwrap()
}

fn node_port(mut s: Scenario) -> Scenario {
    s.service.service_type = ServiceType::NodePort;
    s
}

/// The chains of `trace`'s rules, with the Service's hash shown as `*` and an
/// endpoint chain as `KUBE-SEP-*`.
fn chains(trace: &Trace) -> Vec<String> {
    trace
        .rules
        .iter()
        .map(|r| if r.chain.starts_with("KUBE-SEP-") { "KUBE-SEP-*".to_string() } else { r.chain.replace(HASH, "*") })
        .collect()
}

fn dnat_target(trace: &Trace) -> Option<SocketAddrV4> {
    trace.hops.iter().flat_map(|h| &h.rewrites).find_map(|r| match r {
        Rewrite::Dnat { to, .. } => Some(*to),
        _ => None,
    })
}

/// The word after `flag` in `rule`.
fn argument<'a>(rule: &'a str, flag: &str) -> Option<&'a str> {
    let mut words = rule.split(' ');
    words.by_ref().find(|w| *w == flag)?;
    words.next()
}

/// The rule that picked the endpoint: in `KUBE-SVC-*` or `KUBE-SVL-*`.
fn dispatch_rule(trace: &Trace) -> &str {
    let step = trace.rules.iter().find(|r| r.chain.starts_with("KUBE-SVC-") || r.chain.starts_with("KUBE-SVL-"));
    &step.expect("a delivered trace has a dispatch rule").rule
}

/// Checks the dispatch rule of every trace from `entry` over many seeds against
/// the candidate index it picked, and returns the indices seen.
fn check_probabilities(s: &Scenario, entry: NodeId, seeds: u64) -> BTreeSet<usize> {
    let router = Router::new(s);
    let candidates = router.candidates(entry);
    let n = candidates.len();
    let mut seen = BTreeSet::new();
    for seed in 0..seeds {
        let trace = s.trace(entry, seed).unwrap();
        let Outcome::Delivered { pod, .. } = trace.outcome else { panic!("not delivered: {trace:?}") };
        let i = candidates.iter().position(|&c| c == pod).expect("the pod is a candidate");
        let rule = dispatch_rule(&trace);
        if i + 1 < n {
            let expected = 1.0 / (n - i) as f64;
            assert_eq!(argument(rule, "--probability"), Some(format!("{expected:.10}").as_str()), "{rule}");
            let p: f64 = argument(rule, "--probability").unwrap().parse().unwrap();
            assert!((p - expected).abs() < 1e-10, "{rule}");
            assert!(rule.contains("-m statistic --mode random"), "{rule}");
        } else {
            assert!(
                !rule.contains("--probability") && !rule.contains("statistic"),
                "the last rule always matches: {rule}"
            );
        }
        let step = trace.rules.iter().find(|r| r.rule == rule).unwrap();
        assert!(step.meaning.starts_with(&format!("rule {} of {n}", i + 1)) || n == 1, "{}", step.meaning);
        seen.insert(i);
    }
    seen
}

#[test]
fn chain_hashes_match_kube_proxys_own_test_vectors() {
    assert_eq!(port_proto_hash("ns1/svc1:p80", "tcp"), "XPGD46QRK7WJZT7O");
    assert_eq!(endpoint_hash("ns1/svc1:p80", "tcp", "10.180.0.1:80"), "SXIVWICOYRO3J4NJ");
    assert_eq!(port_proto_hash("default/web", "tcp"), HASH);
    let chains = ServiceChains::of(&three_nodes(Cluster).service);
    assert_eq!(chains.cluster, format!("KUBE-SVC-{HASH}"));
    assert_eq!(chains.local, format!("KUBE-SVL-{HASH}"));
    assert_eq!(chains.external, format!("KUBE-EXT-{HASH}"));
    let endpoint: SocketAddrV4 = "10.180.0.1:80".parse().unwrap();
    assert_eq!(chains.endpoint(endpoint), format!("KUBE-SEP-{}", endpoint_hash("default/web", "tcp", "10.180.0.1:80")));
}

#[test]
fn another_service_gets_other_chains() {
    let mut s = three_nodes(Cluster);
    s.service.namespace = "shop".into();
    let chains = ServiceChains::of(&s.service);
    assert_eq!(chains.service_port_name, "shop/web");
    assert_eq!(chains.cluster, format!("KUBE-SVC-{}", port_proto_hash("shop/web", "tcp")));
    let trace = s.trace(NodeId(0), 1).unwrap();
    assert!(trace.rules[0].rule.contains("\"shop/web loadbalancer IP\""), "{:?}", trace.rules[0]);
    assert!(!trace.rules.iter().any(|r| r.rule.contains(HASH)));
}

#[test]
fn cluster_marks_picks_dnats_and_masquerades() {
    let s = three_nodes(Cluster);
    let trace = s.trace(NodeId(0), 3).unwrap();
    assert_eq!(
        chains(&trace),
        ["KUBE-SERVICES", "KUBE-EXT-*", "KUBE-MARK-MASQ", "KUBE-EXT-*", "KUBE-SVC-*", "KUBE-SEP-*", "KUBE-POSTROUTING"]
    );
    assert!(trace.rules.iter().all(|r| r.table == Table::Nat));
    let rules: Vec<&str> = trace.rules.iter().map(|r| r.rule.as_str()).collect();
    assert_eq!(rules[0], VIP_RULE);
    assert_eq!(
        rules[1],
        format!(
            "-A KUBE-EXT-{HASH} -m comment --comment \"masquerade traffic for default/web external destinations\" \
             -j KUBE-MARK-MASQ"
        )
    );
    assert_eq!(rules[2], "-A KUBE-MARK-MASQ -j MARK --or-mark 0x00004000");
    assert_eq!(rules[3], format!("-A KUBE-EXT-{HASH} -j KUBE-SVC-{HASH}"));
    assert_eq!(
        rules[6],
        "-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" \
         -j MASQUERADE --random-fully"
    );

    // The dispatch rule jumps to the endpoint chain, which DNATs to the trace's target.
    let target = dnat_target(&trace).unwrap();
    let sep = &trace.rules[5];
    assert_eq!(sep.chain, format!("KUBE-SEP-{}", endpoint_hash("default/web", "tcp", &target.to_string())));
    assert_eq!(
        sep.rule,
        format!("-A {} -m comment --comment default/web -m tcp -p tcp -j DNAT --to-destination {target}", sep.chain)
    );
    assert_eq!(argument(&sep.rule, "--to-destination"), Some(target.to_string().as_str()));
    assert!(rules[4].ends_with(&format!("-j {}", sep.chain)), "{}", rules[4]);
    assert!(rules[4].contains(&format!("--comment \"default/web -> {target}\"")), "{}", rules[4]);
}

#[test]
fn masquerade_names_the_address_it_picks() {
    let s = three_nodes(Cluster);
    for entry in s.node_ids() {
        for seed in 0..40 {
            let trace = s.trace(entry, seed).unwrap();
            let snat = trace.hops.iter().flat_map(|h| &h.rewrites).find_map(|r| match r {
                Rewrite::Snat { to, .. } => Some(*to),
                _ => None,
            });
            let masquerade = trace.rules.last().unwrap();
            assert_eq!(masquerade.chain, "KUBE-POSTROUTING");
            assert!(masquerade.meaning.contains(&snat.unwrap().to_string()), "{masquerade:?}");
            let Outcome::Delivered { pod, .. } = trace.outcome else { unreachable!() };
            let same_node = s.pods()[pod.index()].node == entry;
            assert_eq!(masquerade.meaning.contains("pod-CIDR gateway"), same_node, "{masquerade:?}");
        }
    }
}

#[test]
fn cluster_rule_i_of_n_has_probability_one_over_n_minus_i() {
    let s = three_nodes(Cluster);
    for entry in s.node_ids() {
        assert_eq!(Router::new(&s).candidates(entry).len(), 6, "Cluster picks from every Ready pod");
        let seen = check_probabilities(&s, entry, 400);
        assert_eq!(seen, (0..6).collect(), "every candidate's rule is taken from {entry}");
    }
    let trace = s.trace(NodeId(1), 0).unwrap();
    let rule = dispatch_rule(&trace);
    assert!(rule.starts_with(&format!("-A KUBE-SVC-{HASH} -m comment --comment \"default/web -> ")), "{rule}");
}

#[test]
fn local_picks_among_the_nodes_own_pods_without_masquerading() {
    let s = three_nodes(Local);
    for (entry, local) in s.node_ids().zip([1, 2, 3]) {
        assert_eq!(Router::new(&s).candidates(entry).len(), local);
        assert_eq!(check_probabilities(&s, entry, 200), (0..local).collect());
        for seed in 0..20 {
            let trace = s.trace(entry, seed).unwrap();
            assert_eq!(chains(&trace), ["KUBE-SERVICES", "KUBE-EXT-*", "KUBE-SVL-*", "KUBE-SEP-*"]);
            assert_eq!(trace.rules[1].rule, format!("-A KUBE-EXT-{HASH} -j KUBE-SVL-{HASH}"));
            assert!(!trace.rules.iter().any(|r| r.chain == "KUBE-MARK-MASQ" || r.chain == "KUBE-POSTROUTING"));
            let dnat = argument(&trace.rules[3].rule, "--to-destination").unwrap();
            assert_eq!(dnat, dnat_target(&trace).unwrap().to_string());
        }
    }
    // node-a has one local pod: its only KUBE-SVL rule always matches.
    let trace = s.trace(NodeId(0), 5).unwrap();
    assert_eq!(trace.rules[2].meaning, "the only endpoint: always taken");
    assert_eq!(
        trace.rules[2].rule,
        format!(
            "-A KUBE-SVL-{HASH} -m comment --comment \"default/web -> 10.244.1.2:8080\" -j {}",
            trace.rules[3].chain
        )
    );
}

#[test]
fn local_without_a_local_endpoint_drops_in_kube_external_services() {
    let mut s = layout(Local, &[&[Ready], &[]]);
    s.load_balancer.health_check = false;
    let trace = s.trace(NodeId(1), 1).unwrap();
    assert_eq!(trace.outcome, Outcome::Dropped { node: NodeId(1) });
    assert_eq!(chains(&trace), ["KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES"]);
    assert_eq!(trace.rules[0].rule, VIP_RULE, "the Service has endpoints, so the VIP rule exists");
    let drop = trace.rules.last().unwrap();
    assert_eq!(drop.table, Table::Filter);
    assert_eq!(
        drop.rule,
        "-A KUBE-EXTERNAL-SERVICES -m comment --comment \"default/web has no local endpoints\" \
         -m tcp -p tcp -d 198.51.100.10/32 --dport 80 -j DROP"
    );
    assert!(drop.meaning.contains("times out"));
    assert!(!trace.rules.iter().any(|r| r.chain.starts_with("KUBE-SVL-") || r.chain.starts_with("KUBE-SEP-")));
}

#[test]
fn no_usable_endpoint_rejects_without_any_nat_rule() {
    let s = layout(Cluster, &[&[NotReady], &[]]);
    let trace = s.trace(NodeId(1), 1).unwrap();
    assert_eq!(trace.outcome, Outcome::Rejected { node: NodeId(1) });
    assert_eq!(trace.rules.len(), 1);
    let reject = &trace.rules[0];
    assert_eq!((reject.table, reject.chain.as_str()), (Table::Filter, "KUBE-EXTERNAL-SERVICES"));
    assert_eq!(
        reject.rule,
        "-A KUBE-EXTERNAL-SERVICES -m comment --comment \"default/web has no endpoints\" \
         -m tcp -p tcp -d 198.51.100.10/32 --dport 80 -j REJECT"
    );
    // Local rejects the same way when there is nothing anywhere.
    let local = layout(Local, &[&[NotReady]]).trace(NodeId(0), 1).unwrap();
    assert_eq!(local.rules.last().unwrap().rule, reject.rule);
}

#[test]
fn node_port_goes_through_kube_nodeports() {
    let s = node_port(three_nodes(Cluster));
    let trace = s.trace(NodeId(2), 9).unwrap();
    assert_eq!(
        chains(&trace),
        [
            "KUBE-SERVICES",
            "KUBE-NODEPORTS",
            "KUBE-EXT-*",
            "KUBE-MARK-MASQ",
            "KUBE-EXT-*",
            "KUBE-SVC-*",
            "KUBE-SEP-*",
            "KUBE-POSTROUTING"
        ]
    );
    assert_eq!(trace.rules[0].rule, NODE_PORTS_JUMP);
    assert_eq!(
        trace.rules[1].rule,
        format!("-A KUBE-NODEPORTS -m comment --comment default/web -m tcp -p tcp --dport 30080 -j KUBE-EXT-{HASH}")
    );
    assert_eq!(argument(&trace.rules[1].rule, "--dport"), Some("30080"));
    assert!(!trace.rules.iter().any(|r| r.rule.contains("198.51.100.10")), "no VIP for a NodePort");
    assert_eq!(
        argument(&trace.rules[6].rule, "--to-destination"),
        Some(dnat_target(&trace).unwrap().to_string().as_str())
    );
}

#[test]
fn node_port_drop_and_reject_match_the_node_port() {
    let dropped = node_port(layout(Local, &[&[Ready], &[]])).trace(NodeId(1), 1).unwrap();
    assert_eq!(chains(&dropped), ["KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-EXTERNAL-SERVICES"]);
    assert_eq!(
        dropped.rules[2].rule,
        "-A KUBE-EXTERNAL-SERVICES -m comment --comment \"default/web has no local endpoints\" \
         -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 30080 -j DROP"
    );
    // Without endpoints KUBE-NODEPORTS has no rule for the Service; only the catch-all jump matches.
    let rejected = node_port(layout(Cluster, &[&[NotReady]])).trace(NodeId(0), 1).unwrap();
    assert_eq!(chains(&rejected), ["KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES"]);
    assert_eq!(rejected.rules[0].rule, NODE_PORTS_JUMP);
    assert!(rejected.rules[1].rule.ends_with("-m addrtype --dst-type LOCAL -m tcp -p tcp --dport 30080 -j REJECT"));
}

#[test]
fn terminating_fallback_endpoints_get_the_rules() {
    // Cluster ignores Terminating pods while any is Ready: one rule, always taken.
    let s = layout(Cluster, &[&[Terminating, Terminating], &[Ready]]);
    let trace = s.trace(NodeId(0), 4).unwrap();
    assert_eq!(trace.rules[4].meaning, "the only endpoint: always taken");
    assert!(trace.rules[5].rule.ends_with("--to-destination 10.244.2.2:8080"));
    // With nothing Ready, the serving Terminating pods are the candidates.
    let s = layout(Cluster, &[&[Terminating], &[Terminating, NotReady]]);
    assert_eq!(check_probabilities(&s, NodeId(1), 100), BTreeSet::from([0, 1]));
}

#[test]
fn router_trace_refuses_connections_from_another_scenario() {
    let s = three_nodes(Cluster);
    let router = Router::new(&s);
    let stranger = |entry: u32, fate| router.trace(Connection { entry: NodeId(entry), client_port: 40000, fate });
    assert!(stranger(9, Fate::Delivered(PodId(0))).is_none());
    assert!(stranger(0, Fate::Delivered(PodId(99))).is_none());
    assert!(router.candidates(NodeId(9)).len() == 6, "Cluster candidates do not depend on the node");
    assert!(Router::new(&three_nodes(Local)).candidates(NodeId(9)).is_empty());
    // A fate this router would not give still gets a consistent walk.
    let dropped = stranger(0, Fate::Dropped).unwrap();
    assert!(dropped.rules.last().unwrap().rule.ends_with("-j DROP"));
}
