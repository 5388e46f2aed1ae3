//! Each load-balancer provider's rules on small cases worked out by hand
//! (docs/model.md, "Load balancers"), the scenario files in
//! `fixtures/providers/`, and MetalLB's own test vectors.

use std::path::PathBuf;

use trafficlab_core::{
    nlb_private_ip, AwsNlbInstance, AwsNlbIp, Azure, EndpointState, ExternalTrafficPolicy, MetallbBgp, MetallbL2,
    NoAnswer, NodeId, Outcome, PodId, Probe, ProbeKind, Provider, Rewrite, Rng, Router, Scenario, Shares,
    TrafficDistribution, Verdict,
};

use EndpointState::{NotReady, Ready, Terminating};
use ExternalTrafficPolicy::{Cluster, Local};

const EPS: f64 = 1e-12;
const THIRD: f64 = 1.0 / 3.0;
const SIXTH: f64 = 1.0 / 6.0;

/// Nodes `node-a`, `node-b`, … holding pods of the given states (`web-1`, … in
/// node order), behind `provider`, in `zones` if given.
fn layout(provider: Provider, policy: ExternalTrafficPolicy, nodes: &[&[EndpointState]], zones: &[&str]) -> Scenario {
    let layout: Vec<Vec<EndpointState>> = nodes.iter().map(|n| n.to_vec()).collect();
    let mut s = Scenario::from_layout(policy, &layout).unwrap();
    s.load_balancer.provider = provider;
    if !zones.is_empty() {
        s.set_zones(Some(zones.iter().map(ToString::to_string).collect())).unwrap();
    }
    s
}

fn fixture(name: &str) -> Scenario {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/providers").join(format!("{name}.json"));
    Scenario::from_slice(&std::fs::read(&path).unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn assert_all_close(what: &str, actual: &[f64], expected: &[f64]) {
    assert_eq!(actual.len(), expected.len(), "{what}: {actual:?} vs {expected:?}");
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        assert!((a - e).abs() < EPS, "{what}[{i}]: got {a}, expected {e} (all: {actual:?})");
    }
}

fn lb(shares: &Shares) -> Vec<f64> {
    shares.nodes.iter().map(|n| n.lb).collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < EPS
}

const L2: Provider = Provider::MetallbL2(MetallbL2);
const BGP: Provider = Provider::MetallbBgp(MetallbBgp);
const AZURE: Provider = Provider::Azure(Azure);
const NLB_INSTANCE: Provider = Provider::AwsNlbInstance(AwsNlbInstance { cross_zone: false });
const NLB_IP: Provider = Provider::AwsNlbIp(AwsNlbIp { cross_zone: false, preserve_client_ip: false });

// --- MetalLB layer 2 -------------------------------------------------------

/// The node that gets every connection, by name.
fn l2_leader(s: &Scenario) -> String {
    let shares = s.shares();
    let leaders: Vec<&str> =
        s.nodes().iter().zip(&shares.nodes).filter(|(_, n)| n.lb == 1.0).map(|(n, _)| n.name.as_str()).collect();
    assert_eq!(leaders.len(), 1, "{leaders:?}");
    leaders[0].to_string()
}

#[test]
fn metallb_l2_follows_metallbs_own_test_vectors() {
    // speaker/layer2_controller_test.go: iris2 owns 10.20.30.1, iris1 owns 10.20.30.2.
    for (vip, leader) in [("10.20.30.1", "iris2"), ("10.20.30.2", "iris1")] {
        let s = Scenario::parse(&format!(
            r#"{{"service": {{}}, "loadBalancer": {{"provider": "metallbL2", "ip": "{vip}"}},
                "nodes": [{{"name": "iris1"}}, {{"name": "iris2"}}],
                "pods": [{{"name": "web-1", "node": "iris1"}}, {{"name": "web-2", "node": "iris2"}}]}}"#
        ))
        .unwrap();
        assert_eq!(l2_leader(&s), leader, "{vip}");
    }
    // MetalLB's extra vectors (docs/model.md): node-a/b/c with three VIPs.
    for (vip, leader) in [("192.168.1.240", "node-a"), ("10.20.30.1", "node-b"), ("10.20.30.2", "node-c")] {
        let mut s = layout(L2, Cluster, &[&[Ready], &[Ready], &[Ready]], &[]);
        s.load_balancer.ip = vip.parse().unwrap();
        assert_eq!(l2_leader(&s), leader, "{vip}");
    }
}

#[test]
fn metallb_l2_local_leads_only_from_a_node_with_a_serving_endpoint() {
    let s = fixture("metallb-l2-local-pods-off-the-leader");
    let shares = s.shares();
    // node-a has the smallest digest for 192.168.1.240 but no pod; node-c beats node-b.
    assert_all_close("lb", &lb(&shares), &[0.0, 0.0, 1.0]);
    assert_all_close("pods", &shares.pods, &[0.0, 0.0, 1.0]);
    assert_eq!((shares.dropped, shares.rejected, shares.snat), (0.0, 0.0, 0.0));
    assert_eq!(shares.client_ip_preserved, 1.0);
    assert_eq!(shares.imbalance, Some(f64::INFINITY), "Ready pods off the leader get nothing");
    assert!(shares.nodes.iter().all(|n| n.probe.is_none()), "MetalLB does not probe");
    // Under Cluster node-a leads, forwards to every pod, and SNATs all of it.
    let mut cluster = s.clone();
    cluster.service.external_traffic_policy = Cluster;
    let shares = cluster.shares();
    assert_all_close("lb", &lb(&shares), &[1.0, 0.0, 0.0]);
    assert_all_close("pods", &shares.pods, &[THIRD; 3]);
    assert!(close(shares.snat, 1.0) && close(shares.cross_node, 1.0));
    assert_eq!(shares.client_ip_preserved, 0.0);
}

#[test]
fn metallb_l2_counts_a_terminating_endpoint_as_serving() {
    // EndpointCanServe: serving-terminating endpoints keep the VIP announced.
    let s = layout(L2, Local, &[&[], &[Terminating, NotReady]], &[]);
    let shares = s.shares();
    assert_all_close("lb", &lb(&shares), &[0.0, 1.0]);
    assert_all_close("pods", &shares.pods, &[1.0, 0.0]);
}

#[test]
fn metallb_l2_without_a_serving_endpoint_answers_no_arp_and_everything_times_out() {
    for policy in [Cluster, Local] {
        let s = layout(L2, policy, &[&[NotReady], &[]], &[]);
        let shares = s.shares();
        assert_eq!(shares.unanswered, Some(NoAnswer::NoArpReply));
        assert_eq!((shares.dropped, shares.rejected), (1.0, 0.0), "a timeout, not kube-proxy's REJECT");
        assert_all_close("lb", &lb(&shares), &[0.0, 0.0]);
        assert_eq!(shares.imbalance, None);
    }
}

#[test]
fn metallb_l2_trace_names_the_arp_answer_and_its_rule() {
    let s = fixture("metallb-l2-local-pods-off-the-leader");
    let node_c = s.node_id("node-c").unwrap();
    let trace = s.trace(node_c, 1).unwrap();
    assert_eq!(
        trace.lb_step.to_string(),
        "ARP for 192.168.1.240 answered by node-c: lowest sha256(node#vip) among the 2 nodes with a serving endpoint (Local)"
    );
    assert!(matches!(trace.outcome, Outcome::Delivered { pod: PodId(2), seen_source } if seen_source == s.client.ip));
    let other = s.trace(s.node_id("node-b").unwrap(), 1).unwrap();
    assert!(other.entry_skipped_by_lb);
    assert!(other.lb_step.what.starts_with("node-b does not answer ARP for 192.168.1.240; node-c does"));
    assert_eq!(s.place_name(trafficlab_core::Place::LoadBalancer), "router (ARP)");
}

// --- MetalLB BGP -----------------------------------------------------------

#[test]
fn metallb_bgp_local_treats_each_announcing_node_as_one_unit() {
    // MetalLB's usage docs: two pods on A and one on B give 25%, 25%, 50%; Cluster 33% each.
    let s = layout(BGP, Local, &[&[Ready, Ready], &[Ready], &[]], &[]);
    let shares = s.shares();
    assert_all_close("pods", &shares.pods, &[0.25, 0.25, 0.5]);
    assert_all_close("lb", &lb(&shares), &[0.5, 0.5, 0.0]);
    assert_eq!(shares.dropped, 0.0, "node-c announces nothing, so nothing reaches it to drop");
    let mut cluster = s.clone();
    cluster.service.external_traffic_policy = Cluster;
    let shares = cluster.shares();
    assert_all_close("pods", &shares.pods, &[THIRD; 3]);
    assert_all_close("lb", &lb(&shares), &[THIRD; 3]);
}

#[test]
fn metallb_bgp_announces_from_nodes_with_a_terminating_endpoint_too() {
    let shares = layout(BGP, Local, &[&[Terminating], &[Ready], &[NotReady]], &[]).shares();
    assert_all_close("lb", &lb(&shares), &[0.5, 0.5, 0.0]);
    assert_all_close("pods", &shares.pods, &[0.5, 0.5, 0.0]);
}

#[test]
fn metallb_bgp_without_a_serving_endpoint_has_no_route() {
    let s = layout(BGP, Cluster, &[&[NotReady], &[NotReady]], &[]);
    let shares = s.shares();
    assert_eq!(shares.unanswered, Some(NoAnswer::NoRoute));
    assert_eq!(shares.dropped, 1.0);
    // Every sampled connection stops at the router.
    let router = Router::new(&s);
    let connection = router.connect(&mut Rng::new(3));
    assert_eq!(connection.entry, NodeId::NONE);
    let trace = router.trace(connection).unwrap();
    assert_eq!(trace.unanswered, Some(NoAnswer::NoRoute));
    assert!(trace.stopped_at_load_balancer());
    assert_eq!(trace.hops.len(), 1);
    assert_eq!(trace.outcome, Outcome::Dropped { node: NodeId::NONE });
    assert!(trace.rules.is_empty());
    assert_eq!(trace.lb_step.what, "no route to 198.51.100.10");
}

// --- AWS NLB, instance targets ----------------------------------------------

#[test]
fn nlb_instance_local_splits_over_zones_then_healthy_nodes() {
    let s = fixture("nlb-instance-local-two-zones");
    let shares = s.shares();
    // us-east-1a: 3 healthy nodes share half; us-east-1b: node-d alone has the other half.
    assert_all_close("lb", &lb(&shares), &[SIXTH, SIXTH, SIXTH, 0.5, 0.0]);
    assert_all_close("pods", &shares.pods, &[SIXTH, 1.0 / 12.0, 1.0 / 12.0, SIXTH, 0.5]);
    assert!(close(shares.imbalance.unwrap(), 6.0), "skewed twice: by zone, then by node");
    assert_eq!((shares.dropped, shares.snat), (0.0, 0.0));
    assert!(close(shares.client_ip_preserved, 1.0));
    let probes: Vec<_> = shares.nodes.iter().map(|n| n.probe).collect();
    let http = |up| Some(Probe { kind: ProbeKind::HealthCheckNodePort, up });
    assert_eq!(probes, [http(true), http(true), http(true), http(true), http(false)]);
}

#[test]
fn nlb_instance_cross_zone_spreads_evenly_over_all_healthy_nodes() {
    let mut s = fixture("nlb-instance-local-two-zones");
    s.load_balancer.provider = Provider::AwsNlbInstance(AwsNlbInstance { cross_zone: true });
    let shares = s.shares();
    assert_all_close("lb", &lb(&shares), &[0.25, 0.25, 0.25, 0.25, 0.0]);
    assert_all_close("pods", &shares.pods, &[0.25, 0.125, 0.125, 0.25, 0.25]);
}

#[test]
fn nlb_instance_cluster_passes_the_tcp_check_everywhere_and_kube_proxy_evens_it_out() {
    let zones = ["a", "a", "a", "b", "b"];
    let s = layout(NLB_INSTANCE, Cluster, &[&[Ready], &[Ready, Ready], &[], &[Ready], &[]], &zones);
    let shares = s.shares();
    assert_all_close("lb", &lb(&shares), &[SIXTH, SIXTH, SIXTH, 0.25, 0.25]);
    assert_all_close("pods", &shares.pods, &[0.25; 4]);
    assert!(shares.nodes.iter().all(|n| n.probe == Some(Probe { kind: ProbeKind::NodePort, up: true })));
    assert!(close(shares.snat, 1.0));
}

#[test]
fn nlb_instance_fails_open_when_no_node_is_healthy() {
    // A rolling update: only Terminating pods, so every healthCheckNodePort answers 503.
    let s = layout(NLB_INSTANCE, Local, &[&[Terminating], &[], &[Terminating]], &["a", "a", "b"]);
    let shares = s.shares();
    assert!(shares.lb_failed_open);
    assert_all_close("lb", &lb(&shares), &[0.25, 0.25, 0.5]);
    assert_all_close("pods", &shares.pods, &[0.25, 0.5]);
    assert!(close(shares.dropped, 0.25), "node-b has no local endpoint and DROPs its quarter");
    // Without zones the cluster is one zone: an even third each.
    let s = layout(NLB_INSTANCE, Local, &[&[Terminating], &[], &[Terminating]], &[]);
    assert_all_close("lb", &lb(&s.shares()), &[THIRD; 3]);
}

#[test]
fn nlb_instance_rewrites_to_the_node_port_and_keeps_the_client() {
    let s = fixture("nlb-instance-local-two-zones");
    let trace = s.trace(s.node_id("node-a").unwrap(), 1).unwrap();
    assert_eq!(
        trace.lb_step.to_string(),
        "sends it to node-a's NodePort 30080: zone us-east-1a: 1 of 2 zones with a healthy target, then 1 of 3 \
         healthy nodes; healthy = HTTP GET /healthz on healthCheckNodePort 32080 answers 200 (a local Ready endpoint)"
    );
    assert_eq!(
        trace.hops[1].rewrites,
        [Rewrite::Dnat { from: "198.51.100.10:80".parse().unwrap(), to: "10.0.0.11:30080".parse().unwrap() }]
    );
    assert_eq!(trace.hops[1].packet.src.ip(), &s.client.ip, "the NLB keeps the client's address");
    assert_eq!(trace.rules[0].chain, "KUBE-SERVICES");
    assert_eq!(trace.rules[1].chain, "KUBE-NODEPORTS", "{:?}", trace.rules);
    assert!(trace.rules.iter().any(|r| r.rule.contains("--to-destination 10.244.1.2:8080")));
    assert!(matches!(trace.outcome, Outcome::Delivered { seen_source, .. } if seen_source == s.client.ip));
    // The reply is un-NATed twice: by kube-proxy on node-a, then by the NLB.
    let last = trace.hops.last().unwrap();
    assert_eq!(
        last.rewrites,
        [Rewrite::UnDnat { from: "10.0.0.11:30080".parse().unwrap(), to: "198.51.100.10:80".parse().unwrap() }]
    );
    assert_eq!(last.packet.to_string(), format!("198.51.100.10:80 → 203.0.113.10:{}", trace.connection.client_port));
    // node-e answers 503: the NLB sends it nothing, and says why.
    let skipped = s.trace(s.node_id("node-e").unwrap(), 1).unwrap();
    assert!(skipped.entry_skipped_by_lb);
    assert_eq!(skipped.lb_step.what, "sends node-e nothing");
    assert!(skipped.lb_step.why.starts_with("HTTP 503 on healthCheckNodePort"), "{}", skipped.lb_step);
}

// --- AWS NLB, IP targets ----------------------------------------------------

#[test]
fn nlb_ip_targets_ready_pods_per_zone_and_bypasses_kube_proxy() {
    let nodes: &[&[EndpointState]] = &[&[Ready], &[Ready, Ready], &[Ready, Terminating, NotReady]];
    for policy in [Local, Cluster] {
        let s = layout(NLB_IP, policy, nodes, &["a", "a", "b"]);
        let shares = s.shares();
        assert_all_close("pods", &shares.pods, &[SIXTH, SIXTH, SIXTH, 0.5, 0.0, 0.0]);
        assert_all_close("lb = its pods' shares", &lb(&shares), &[SIXTH, THIRD, 0.5]);
        assert_eq!((shares.snat, shares.cross_node, shares.dropped), (0.0, 0.0, 0.0), "{policy}");
        assert_eq!(shares.client_ip_preserved, 0.0, "the pod sees the NLB's address");
        assert!(shares.nodes.iter().all(|n| n.probe.is_none()));
    }
    let mut s = layout(NLB_IP, Local, nodes, &["a", "a", "b"]);
    s.load_balancer.provider = Provider::AwsNlbIp(AwsNlbIp { cross_zone: true, preserve_client_ip: true });
    let shares = s.shares();
    assert_all_close("pods", &shares.pods, &[0.25, 0.25, 0.25, 0.25, 0.0, 0.0]);
    assert!(close(shares.client_ip_preserved, 1.0));
}

#[test]
fn nlb_ip_trace_rewrites_at_the_nlb_to_its_zones_private_address() {
    let s = layout(NLB_IP, Local, &[&[Ready], &[Ready]], &["a", "b"]);
    assert_eq!(nlb_private_ip(0).to_string(), "10.0.255.11");
    let router = Router::new(&s);
    let mut rng = Rng::new(5);
    let mut seen = Vec::new();
    for _ in 0..40 {
        let trace = router.trace(router.connect(&mut rng)).unwrap();
        assert!(trace.rules.is_empty(), "kube-proxy plays no part");
        let Outcome::Delivered { pod, seen_source } = trace.outcome else { panic!("{trace:?}") };
        let zone = pod.0; // web-1 is in zone a (the first), web-2 in zone b.
        assert_eq!(seen_source, nlb_private_ip(zone));
        assert_eq!(trace.connection.entry, s.pods()[pod.index()].node);
        assert_eq!(
            trace.hops[1].rewrites,
            [
                Rewrite::Dnat {
                    from: "198.51.100.10:80".parse().unwrap(),
                    to: format!("{}:8080", s.pods()[pod.index()].ip).parse().unwrap()
                },
                Rewrite::Snat { from: s.client.ip, to: nlb_private_ip(zone) },
            ]
        );
        assert!(trace.lb_step.what.starts_with("sends it straight to pod web-"), "{}", trace.lb_step);
        seen.push(seen_source);
    }
    assert!(seen.contains(&nlb_private_ip(0)) && seen.contains(&nlb_private_ip(1)));
}

#[test]
fn nlb_ip_without_a_ready_pod_has_no_registered_target() {
    let s = layout(NLB_IP, Local, &[&[Terminating], &[NotReady]], &[]);
    let shares = s.shares();
    assert_eq!(shares.unanswered, Some(NoAnswer::NoRegisteredTarget));
    assert_eq!((shares.dropped, shares.rejected), (1.0, 0.0));
    assert_all_close("pods", &shares.pods, &[0.0, 0.0]);
}

// --- Azure -----------------------------------------------------------------

#[test]
fn azure_local_probes_the_health_check_node_port() {
    let s = layout(AZURE, Local, &[&[Ready, Ready, Ready], &[Ready], &[]], &[]);
    let shares = s.shares();
    assert_all_close("pods", &shares.pods, &[SIXTH, SIXTH, SIXTH, 0.5]);
    assert_all_close("lb", &lb(&shares), &[0.5, 0.5, 0.0]);
    assert_eq!(shares.nodes[2].probe, Some(Probe { kind: ProbeKind::HealthCheckNodePort, up: false }));
    let trace = s.trace(NodeId(0), 1).unwrap();
    assert_eq!(trace.hops[1].packet.dst.to_string(), "198.51.100.10:80", "floating IP: still the VIP");
    assert!(trace.hops[1].rewrites.is_empty());
}

#[test]
fn azure_fails_closed_when_every_probe_is_down() {
    let s = fixture("azure-rolling-update-fail-closed");
    let shares = s.shares();
    assert_eq!(shares.unanswered, Some(NoAnswer::NoHealthyBackend));
    assert!(!shares.lb_failed_open);
    assert_eq!((shares.dropped, shares.rejected), (1.0, 0.0));
    assert_all_close("pods", &shares.pods, &[0.0; 4]);
    assert!(shares.nodes.iter().all(|n| n.probe == Some(Probe { kind: ProbeKind::HealthCheckNodePort, up: false })));
    // The generic load balancer fails open instead, and the Terminating pods serve.
    let mut generic = s.clone();
    generic.load_balancer.provider = Provider::default();
    let shares = generic.shares();
    assert!(shares.lb_failed_open);
    assert_all_close("pods", &shares.pods, &[THIRD, SIXTH, SIXTH, 0.0]);
    assert!(close(shares.dropped, THIRD));
}

#[test]
fn azure_cluster_probes_tcp_on_the_node_port() {
    let shares = layout(AZURE, Cluster, &[&[Ready], &[Ready, Ready], &[]], &[]).shares();
    assert_all_close("lb", &lb(&shares), &[THIRD; 3]);
    assert_all_close("pods", &shares.pods, &[THIRD; 3]);
    // No serving endpoint: every TCP probe fails, and Azure sends nothing (the generic LB would REJECT).
    let shares = layout(AZURE, Cluster, &[&[NotReady], &[]], &[]).shares();
    assert_eq!(shares.unanswered, Some(NoAnswer::NoHealthyBackend));
    assert_eq!((shares.dropped, shares.rejected), (1.0, 0.0));
    let shares = layout(Provider::default(), Cluster, &[&[NotReady], &[]], &[]).shares();
    assert_eq!((shares.dropped, shares.rejected), (0.0, 1.0));
}

// --- trafficDistribution ----------------------------------------------------

fn prefer_close(provider: Provider, nodes: &[&[EndpointState]], zones: &[&str]) -> Scenario {
    let mut s = layout(provider, Cluster, nodes, zones);
    s.service.traffic_distribution = Some(TrafficDistribution::PreferClose);
    s
}

#[test]
fn prefer_close_keeps_cluster_traffic_in_the_receiving_nodes_zone() {
    // docs/model.md (AWS NLB): zone A holds 1 pod, zone B 3: 1/2 and 1/6 each, not 1/4 each.
    let s = prefer_close(Provider::default(), &[&[Ready], &[Ready, Ready, Ready]], &["a", "b"]);
    let shares = s.shares();
    assert_all_close("pods", &shares.pods, &[0.5, SIXTH, SIXTH, SIXTH]);
    assert_eq!(shares.cross_node, 0.0, "each zone is one node here");
    assert!(close(shares.snat, 1.0), "still Cluster: still masqueraded");
    let router = Router::new(&s);
    assert_eq!(router.candidates(NodeId(0)), [PodId(0)]);
    assert_eq!(router.candidates(NodeId(1)), [PodId(1), PodId(2), PodId(3)]);
    let trace = s.trace(NodeId(0), 1).unwrap();
    assert!(trace.rules.iter().any(|r| r.meaning.contains("Ready endpoints in zone a")), "{:?}", trace.rules);
    // PreferSameZone is the same thing under its newer name.
    let mut same_zone = s.clone();
    same_zone.service.traffic_distribution = Some(TrafficDistribution::PreferSameZone);
    assert_eq!(same_zone.shares(), shares);
}

#[test]
fn prefer_close_in_a_zone_without_a_ready_pod_falls_back_to_all_of_them() {
    // node-c's zone has only a Terminating pod: its third spreads over all three Ready pods.
    let s = prefer_close(Provider::default(), &[&[Ready], &[Ready, Ready], &[Terminating]], &["a", "b", "c"]);
    let shares = s.shares();
    let (a, b) = (THIRD + THIRD / 3.0, THIRD / 2.0 + THIRD / 3.0);
    assert_all_close("pods", &shares.pods, &[a, b, b, 0.0]);
    assert_eq!(Router::new(&s).candidates(NodeId(2)).len(), 3);
    assert!(close(shares.cross_node, THIRD), "all of node-c's third leaves it");
}

#[test]
fn prefer_close_never_filters_the_terminating_fallback_nor_local_nor_a_cluster_without_zones() {
    let terminating = prefer_close(Provider::default(), &[&[Terminating], &[Terminating, Terminating]], &["a", "b"]);
    assert_all_close("pods", &terminating.shares().pods, &[THIRD; 3]);
    let mut local = prefer_close(Provider::default(), &[&[Ready], &[Ready, Ready, Ready]], &["a", "b"]);
    local.service.external_traffic_policy = Local;
    let mut without = local.clone();
    without.service.traffic_distribution = None;
    assert_eq!(local.shares(), without.shares());
    let mut unzoned = prefer_close(Provider::default(), &[&[Ready], &[Ready, Ready, Ready]], &["a", "b"]);
    unzoned.set_zones(None).unwrap();
    assert_all_close("pods", &unzoned.shares().pods, &[0.25; 4]);
}

#[test]
fn prefer_close_applies_after_any_provider_that_goes_through_kube_proxy() {
    // MetalLB L2 under Cluster: node-a (zone a) leads for the default VIP, so zone a's pod gets everything.
    let s = prefer_close(L2, &[&[Ready], &[Ready, Ready]], &["a", "b"]);
    assert_all_close("pods", &s.shares().pods, &[1.0, 0.0, 0.0]);
    // An NLB with IP targets bypasses kube-proxy: no effect.
    let s = prefer_close(NLB_IP, &[&[Ready], &[Ready, Ready]], &["a", "b"]);
    assert_all_close("pods", &s.shares().pods, &[0.5, 0.25, 0.25]);
}

// --- generic stays as it was -------------------------------------------------

#[test]
fn generic_is_the_default_and_never_probes_more_than_before() {
    let s = layout(Provider::default(), Local, &[&[Ready], &[Ready, Ready], &[]], &[]);
    assert_eq!(s.load_balancer.provider, Provider::default());
    let shares = s.shares();
    assert_all_close("pods", &shares.pods, &[0.5, 0.25, 0.25]);
    assert_eq!(shares.nodes[2].probe, Some(Probe { kind: ProbeKind::HealthCheckNodePort, up: false }));
    assert_eq!(shares.nodes[2].verdict, Verdict::Drop);
    assert!(close(shares.client_ip_preserved, 1.0));
    assert_eq!(s.place_name(trafficlab_core::Place::LoadBalancer), "load balancer");
    // A NodePort Service has no load balancer, whatever the provider says.
    let mut node_port = layout(L2, Local, &[&[Ready], &[]], &[]);
    node_port.service.service_type = trafficlab_core::ServiceType::NodePort;
    assert_all_close("lb", &lb(&node_port.shares()), &[0.5, 0.5]);
}
