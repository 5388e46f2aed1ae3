//! Hop-by-hop traces: each rewrite at the right hop, for every way a connection
//! can go (Cluster same-node and cross-node, Local, DROP, REJECT, NodePort).

use std::net::Ipv4Addr;

use trafficlab_core::{
    Direction, EndpointState, ExternalTrafficPolicy, NodeId, Outcome, Place, Protocol, Rewrite, Scenario, ServiceType,
    Trace,
};

use EndpointState::Ready;

const CLIENT: Ipv4Addr = Ipv4Addr::new(203, 0, 113, 10);

fn scenario(policy: ExternalTrafficPolicy, layout: &[&[EndpointState]]) -> Scenario {
    let nodes: Vec<Vec<EndpointState>> = layout.iter().map(|n| n.to_vec()).collect();
    Scenario::from_layout(policy, &nodes).unwrap()
}

/// The first seed whose trace from `entry` satisfies `want`.
fn trace_where(s: &Scenario, entry: &str, want: impl Fn(&Trace) -> bool) -> Trace {
    let entry = s.node_id(entry).unwrap();
    (0..1000).map(|seed| s.trace(entry, seed).unwrap()).find(|t| want(t)).expect("no seed gives that trace")
}

fn rewrites(trace: &Trace) -> Vec<String> {
    trace.hops.iter().flat_map(|h| h.rewrites.iter().map(|r| r.to_string())).collect()
}

fn places(trace: &Trace) -> Vec<Place> {
    trace.hops.iter().map(|h| h.to).collect()
}

#[test]
fn cluster_cross_node_masquerades_to_the_receiving_nodes_ip() {
    let s = scenario(ExternalTrafficPolicy::Cluster, &[&[Ready], &[Ready, Ready]]);
    let t = trace_where(&s, "node-a", |t| matches!(t.outcome, Outcome::Delivered { pod, .. } if pod.0 == 2));
    let port = t.connection.client_port;
    assert_eq!(
        places(&t),
        [
            Place::LoadBalancer,
            Place::Node(NodeId(0)),
            Place::Node(NodeId(1)),
            Place::Pod(trafficlab_core::PodId(2)),
            Place::Node(NodeId(1)),
            Place::Node(NodeId(0)),
            Place::LoadBalancer,
            Place::Client
        ]
    );
    // Both rewrites happen on the receiving node, as the packet leaves for node-b.
    assert_eq!(
        t.hops[2].rewrites,
        vec![
            Rewrite::Dnat { from: "198.51.100.10:80".parse().unwrap(), to: "10.244.2.3:8080".parse().unwrap() },
            Rewrite::Snat { from: CLIENT, to: Ipv4Addr::new(10, 0, 0, 11) },
        ]
    );
    assert_eq!(t.hops[2].packet.to_string(), format!("10.0.0.11:{port} → 10.244.2.3:8080"));
    assert_eq!(
        t.outcome,
        Outcome::Delivered { pod: trafficlab_core::PodId(2), seen_source: Ipv4Addr::new(10, 0, 0, 11) }
    );
    // The reply is un-NATed on the receiving node, on its way back to the LB.
    assert_eq!(
        rewrites(&t)[2..],
        ["un-DNAT 10.244.2.3:8080 → 198.51.100.10:80".to_string(), "un-SNAT 10.0.0.11 → 203.0.113.10".to_string(),]
    );
    assert_eq!(t.hops[6].direction, Direction::Reply);
    assert_eq!(t.hops[6].rewrites.len(), 2);
    assert_eq!(t.hops[7].packet.to_string(), format!("198.51.100.10:80 → 203.0.113.10:{port}"));
}

#[test]
fn cluster_same_node_masquerades_to_the_pod_cidr_gateway() {
    let s = scenario(ExternalTrafficPolicy::Cluster, &[&[Ready], &[Ready, Ready]]);
    let t = trace_where(&s, "node-b", |t| matches!(t.outcome, Outcome::Delivered { pod, .. } if pod.0 == 1));
    assert_eq!(rewrites(&t)[1], "SNAT 203.0.113.10 → 10.244.2.1");
    assert_eq!(t.hops[2].from, Place::Node(NodeId(1)));
    assert_eq!(t.hops[2].to, Place::Pod(trafficlab_core::PodId(1)));
    assert!(!t.hops.iter().any(|h| matches!((h.from, h.to), (Place::Node(a), Place::Node(b)) if a != b)));
}

#[test]
fn local_keeps_the_client_address_and_never_crosses_nodes() {
    let s = scenario(ExternalTrafficPolicy::Local, &[&[Ready], &[Ready, Ready]]);
    let t = trace_where(&s, "node-b", |_| true);
    assert!(matches!(t.outcome, Outcome::Delivered { seen_source, .. } if seen_source == CLIENT));
    assert_eq!(rewrites(&t).len(), 2, "only the DNAT and its undoing: {:?}", rewrites(&t));
    assert!(rewrites(&t)[0].starts_with("DNAT 198.51.100.10:80 → 10.244.2."));
    assert!(t.hops.iter().all(|h| !h.rewrites.iter().any(|r| matches!(r, Rewrite::Snat { .. }))));
    assert_eq!(t.hops.len(), 6);
}

#[test]
fn local_on_an_empty_node_drops_and_the_trace_ends_there() {
    let mut s = scenario(ExternalTrafficPolicy::Local, &[&[Ready], &[]]);
    s.load_balancer.health_check = false;
    let t = trace_where(&s, "node-b", |_| true);
    assert_eq!(t.outcome, Outcome::Dropped { node: NodeId(1) });
    assert_eq!(places(&t), [Place::LoadBalancer, Place::Node(NodeId(1))]);
    assert!(!t.entry_skipped_by_lb);
    // With health checks the LB skips node-b; the trace still says what would happen.
    s.load_balancer.health_check = true;
    assert!(trace_where(&s, "node-b", |_| true).entry_skipped_by_lb);
}

#[test]
fn no_endpoint_anywhere_rejects_with_icmp_from_the_node() {
    let s = scenario(ExternalTrafficPolicy::Cluster, &[&[EndpointState::NotReady]]);
    let t = trace_where(&s, "node-a", |_| true);
    assert_eq!(t.outcome, Outcome::Rejected { node: NodeId(0) });
    let icmp = &t.hops[2].packet;
    assert_eq!(icmp.protocol, Protocol::IcmpPortUnreachable);
    assert_eq!(icmp.to_string(), "10.0.0.11 → 203.0.113.10 ICMP port unreachable");
    assert_eq!(places(&t), [Place::LoadBalancer, Place::Node(NodeId(0)), Place::LoadBalancer, Place::Client]);
}

#[test]
fn nodeport_goes_straight_to_the_node_port() {
    let mut s = scenario(ExternalTrafficPolicy::Cluster, &[&[Ready]]);
    s.service.service_type = ServiceType::NodePort;
    let t = trace_where(&s, "node-a", |_| true);
    assert_eq!(t.hops[0].from, Place::Client);
    assert_eq!(t.hops[0].to, Place::Node(NodeId(0)));
    assert_eq!(t.hops[0].packet.dst.to_string(), "10.0.0.11:30080");
    assert_eq!(rewrites(&t)[0], "DNAT 10.0.0.11:30080 → 10.244.1.2:8080");
    assert_eq!(t.hops.last().unwrap().to, Place::Client);
    assert!(!t.hops.iter().any(|h| h.to == Place::LoadBalancer));
}

#[test]
fn same_seed_same_trace_and_client_port_in_the_ephemeral_range() {
    let s = scenario(ExternalTrafficPolicy::Cluster, &[&[Ready, Ready], &[Ready]]);
    for seed in 0..50 {
        let (a, b) = (s.trace(NodeId(0), seed).unwrap(), s.trace(NodeId(0), seed).unwrap());
        assert_eq!(a, b);
        assert!((32768..=60999).contains(&a.connection.client_port));
    }
    assert!(s.trace(NodeId(9), 1).is_none(), "an unknown entry node is refused, not a panic");
}
