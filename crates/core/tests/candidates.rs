//! The endpoints each node's rules may pick, with their chances, on layouts
//! worked out by hand: Cluster, Local, DROP, REJECT, the Terminating fallback,
//! `trafficDistribution`, and an NLB with IP targets (which bypasses kube-proxy).

use trafficlab_core::{
    AwsNlbIp, EndpointState, ExternalTrafficPolicy, NodeId, Outcome, Provider, Router, Scenario, TrafficDistribution,
};

use EndpointState::{NotReady, Ready, Terminating};
use ExternalTrafficPolicy::{Cluster, Local};

fn scenario(policy: ExternalTrafficPolicy, layout: &[&[EndpointState]]) -> Scenario {
    let nodes: Vec<Vec<EndpointState>> = layout.iter().map(|n| n.to_vec()).collect();
    Scenario::from_layout(policy, &nodes).expect("a valid layout")
}

/// Per node, its candidates as (pod index, one in n).
type Table = Vec<Vec<(u32, u32)>>;

fn table(s: &Scenario) -> Table {
    let router = Router::new(s);
    s.node_ids().map(|n| router.weighted_candidates(n).iter().map(|c| (c.pod.0, c.one_in)).collect()).collect()
}

#[test]
fn worked_examples() {
    let cluster_all: Vec<(u32, u32)> = (0..6).map(|p| (p, 6)).collect();
    let cases: &[(&str, Scenario, Table)] = &[
        (
            "Local 1, 2, 3: each node its own pods",
            scenario(Local, &[&[Ready], &[Ready; 2], &[Ready; 3]]),
            vec![vec![(0, 1)], vec![(1, 2), (2, 2)], vec![(3, 3), (4, 3), (5, 3)]],
        ),
        (
            "Cluster 1, 2, 3: every node every pod",
            scenario(Cluster, &[&[Ready], &[Ready; 2], &[Ready; 3]]),
            vec![cluster_all.clone(), cluster_all.clone(), cluster_all],
        ),
        (
            "Local 3, 1, 0: the empty node DROPs, so it has none",
            scenario(Local, &[&[Ready; 3], &[Ready], &[]]),
            vec![vec![(0, 3), (1, 3), (2, 3)], vec![(3, 1)], vec![]],
        ),
        ("no usable endpoint: every node REJECTs", scenario(Cluster, &[&[NotReady], &[]]), vec![vec![], vec![]]),
        (
            "Cluster falls back to every Terminating endpoint when none is Ready",
            scenario(Cluster, &[&[Terminating, NotReady], &[Terminating]]),
            vec![vec![(0, 2), (2, 2)], vec![(0, 2), (2, 2)]],
        ),
        (
            "Local: Ready first, else the node's Terminating ones",
            scenario(Local, &[&[Ready, Terminating], &[Terminating, Terminating]]),
            vec![vec![(0, 1)], vec![(2, 2), (3, 2)]],
        ),
    ];
    for (what, s, expected) in cases {
        assert_eq!(&table(s), expected, "{what}");
    }
}

#[test]
fn prefer_close_keeps_each_zone_to_itself_unless_it_has_no_ready_endpoint() {
    let mut s = scenario(Cluster, &[&[Ready], &[Ready, Ready], &[Terminating]]);
    s.set_zones(Some(vec!["zone-a".into(), "zone-b".into(), "zone-c".into()])).expect("one zone per node");
    s.service.traffic_distribution = Some(TrafficDistribution::PreferClose);
    let everyone = vec![(0, 3), (1, 3), (2, 3)];
    assert_eq!(table(&s), [vec![(0, 1)], vec![(1, 2), (2, 2)], everyone]);
}

#[test]
fn nlb_ip_targets_list_the_registered_pods_of_the_node() {
    // kube-proxy under Local would fall back to node-b's Terminating pod; the
    // NLB has deregistered it, and never registered the NotReady one.
    let mut s = scenario(Local, &[&[Ready, Ready, NotReady], &[Terminating], &[Ready]]);
    s.load_balancer.provider = Provider::AwsNlbIp(AwsNlbIp::default());
    assert_eq!(table(&s), [vec![(0, 2), (1, 2)], vec![], vec![(4, 1)]]);
    let shares = s.shares();
    assert_eq!(shares.pods, [1.0 / 3.0, 1.0 / 3.0, 0.0, 0.0, 1.0 / 3.0]);
}

#[test]
fn a_delivered_trace_carries_its_nodes_candidates_and_others_none() {
    let s = scenario(Local, &[&[Ready, Ready], &[]]);
    let router = Router::new(&s);
    for seed in 0..20 {
        let trace = s.trace(NodeId(0), seed).expect("node-a exists");
        let Outcome::Delivered { pod, .. } = trace.outcome else { panic!("node-a has pods: {trace:?}") };
        assert_eq!(trace.candidates, router.weighted_candidates(NodeId(0)));
        assert!(trace.candidates.iter().any(|c| c.pod == pod), "the pod picked is a candidate");
        let dropped = s.trace(NodeId(1), seed).expect("node-b exists");
        assert!(matches!(dropped.outcome, Outcome::Dropped { .. }) && dropped.candidates.is_empty());
    }
}

#[test]
fn masquerade_is_kube_proxys_snat_only() {
    let cluster = scenario(Cluster, &[&[Ready], &[]]);
    let trace = cluster.trace(NodeId(1), 1).expect("node-b exists");
    assert_eq!(trace.masquerade(), Some(cluster.nodes()[1].ip), "cross-node: the entry node's IP");
    assert_eq!(scenario(Local, &[&[Ready]]).trace(NodeId(0), 1).and_then(|t| t.masquerade()), None);
    // The NLB rewrites the source itself; kube-proxy does not masquerade.
    let mut nlb = scenario(Cluster, &[&[Ready]]);
    nlb.load_balancer.provider = Provider::AwsNlbIp(AwsNlbIp::default());
    let trace = nlb.trace(NodeId(0), 1).expect("node-a exists");
    let Outcome::Delivered { seen_source, .. } = trace.outcome else { panic!("{trace:?}") };
    assert_ne!(seen_source, nlb.client.ip);
    assert_eq!(trace.masquerade(), None);
}
