//! Keeping the client's address, on hand-worked cases: Cilium DSR (no
//! masquerade, the reply skips the receiving node), an ingress controller in
//! front (app pods even while controller pods are skewed; `X-Forwarded-For`
//! behind each provider), the `clientIp` fractions, and the comparison's rows.

use std::net::Ipv4Addr;

use trafficlab_core::{
    nlb_private_ip, AwsNlbInstance, AwsNlbIp, Azure, ControllerPod, DataPath, Direction, EndpointState,
    ExternalTrafficPolicy, Fix, Ingress, MetallbBgp, MetallbL2, NodeId, Outcome, Place, Provider, ProxyProtocol,
    Rewrite, Scenario, Trace,
};

use EndpointState::Ready;
use ExternalTrafficPolicy::{Cluster, Local};

const EPS: f64 = 1e-12;
const CLIENT: Ipv4Addr = Ipv4Addr::new(203, 0, 113, 10);

fn layout(policy: ExternalTrafficPolicy, nodes: &[usize]) -> Scenario {
    let nodes: Vec<Vec<EndpointState>> = nodes.iter().map(|&n| vec![Ready; n]).collect();
    Scenario::from_layout(policy, &nodes).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < EPS
}

/// The first seed whose trace from `entry` satisfies `want`.
fn trace_where(s: &Scenario, entry: &str, want: impl Fn(&Trace) -> bool) -> Trace {
    let entry = s.node_id(entry).unwrap();
    (0..2000).map(|seed| s.trace(entry, seed).unwrap()).find(|t| want(t)).expect("no seed gives that trace")
}

// --- Cilium DSR -------------------------------------------------------------

#[test]
fn dsr_keeps_the_client_and_the_reply_skips_the_entry_node() {
    let mut s = layout(Cluster, &[1, 2]);
    s.data_path = DataPath::CiliumDsr;
    let t = trace_where(&s, "node-a", |t| matches!(t.outcome, Outcome::Delivered { pod, .. } if pod.0 == 2));
    assert_eq!(t.outcome, Outcome::Delivered { pod: trafficlab_core::PodId(2), seen_source: CLIENT });
    assert!(!t.hops.iter().flat_map(|h| &h.rewrites).any(|r| matches!(r, Rewrite::Snat { .. })));
    let replies: Vec<(Place, Place)> =
        t.hops.iter().filter(|h| h.direction == Direction::Reply).map(|h| (h.from, h.to)).collect();
    let node_b = Place::Node(NodeId(1));
    assert_eq!(replies, vec![(Place::Pod(trafficlab_core::PodId(2)), node_b), (node_b, Place::Client)]);
    let last = t.hops.last().unwrap();
    assert_eq!(last.packet.src.ip(), &s.load_balancer.ip, "the reply's source is the VIP");
    assert!(t.rules.is_empty(), "Cilium has no kube-proxy chains");
}

#[test]
fn dsr_changes_no_share_and_masquerades_nothing() {
    let kube_proxy = layout(Cluster, &[1, 3, 0]);
    let mut dsr = kube_proxy.clone();
    dsr.data_path = DataPath::CiliumDsr;
    let (a, b) = (kube_proxy.shares(), dsr.shares());
    assert_eq!(a.pods, b.pods);
    assert!(close(a.cross_node, b.cross_node));
    assert_eq!((a.snat, a.client_ip.tcp_peer), (1.0, 0.0));
    assert_eq!((b.snat, b.client_ip.tcp_peer, b.client_ip_preserved), (0.0, 1.0, 1.0));
}

#[test]
fn dsr_is_refused_behind_an_nlb() {
    let text = r#"{"service": {}, "loadBalancer": {"provider": "awsNlbInstance"}, "dataPath": "ciliumDsr",
                   "nodes": [{"name": "node-a"}]}"#;
    let e = Scenario::from_json(text).unwrap_err().to_string();
    assert!(e.starts_with("dataPath: ") && e.contains(". Fix: "), "{e}");
}

// --- ingress ----------------------------------------------------------------

/// App pods one per node on three nodes; controller pods skewed: two on
/// node-a, one on node-b, none on node-c.
fn with_ingress(provider: Provider, controller_policy: ExternalTrafficPolicy) -> Scenario {
    let mut s = layout(Cluster, &[1, 1, 1]);
    s.load_balancer.provider = provider;
    let pod = |name: &str, node: u32| ControllerPod { name: name.into(), node: NodeId(node), state: Ready };
    let pods = vec![pod("ingress-1", 0), pod("ingress-2", 0), pod("ingress-3", 1)];
    s.set_ingress(Some(Ingress { external_traffic_policy: controller_policy, use_proxy_protocol: None, pods }))
        .unwrap();
    s
}

#[test]
fn app_pods_are_even_while_controller_pods_are_skewed() {
    let s = with_ingress(Provider::default(), Local);
    let shares = s.shares();
    let third = 1.0 / 3.0;
    assert!(shares.pods.iter().all(|&p| close(p, third)), "{:?}", shares.pods);
    let stage1 = &shares.ingress.as_ref().unwrap().controllers;
    assert!(close(stage1.pods[0], 0.25) && close(stage1.pods[1], 0.25) && close(stage1.pods[2], 0.5));
    assert_eq!(shares.imbalance, Some(1.0));
    assert!(close(shares.client_ip.forwarded_for, 1.0));
    assert_eq!((shares.client_ip.tcp_peer, shares.client_ip.proxy_header), (0.0, 0.0));
}

#[test]
fn no_ready_app_pod_means_503_from_the_controller() {
    let mut s = with_ingress(Provider::default(), Cluster);
    for pod in s.pod_ids().collect::<Vec<_>>() {
        s.set_pod_state(pod, EndpointState::Terminating).unwrap();
    }
    let shares = s.shares();
    assert!(close(shares.refused, 1.0) && shares.pods.iter().all(|&p| p == 0.0));
    assert!(shares.ingress.unwrap().no_ready_app_pod);
    let t = s.trace(NodeId(0), 1).unwrap();
    assert_eq!(t.ingress.unwrap().answer, Some(503));
    assert!(matches!(t.outcome, Outcome::Rejected { .. }));
}

/// The `X-Forwarded-For` a trace entering at `entry` carries to the app.
fn forwarded_for(s: &Scenario, entry: u32) -> Ipv4Addr {
    let t = s.trace(NodeId(entry), 3).unwrap();
    assert!(matches!(t.outcome, Outcome::Delivered { .. }), "{:?}", t.outcome);
    t.x_forwarded_for().unwrap()
}

#[test]
fn forwarded_for_behind_each_provider() {
    let providers = [
        Provider::default(),
        Provider::MetallbL2(MetallbL2),
        Provider::MetallbBgp(MetallbBgp),
        Provider::AwsNlbInstance(AwsNlbInstance { cross_zone: false }),
        Provider::Azure(Azure),
    ];
    for provider in providers {
        // Local: the controller sees the client; its XFF carries it.
        let local = with_ingress(provider, Local);
        let entry = if provider.kind() == trafficlab_core::ProviderKind::MetallbL2 { leader(&local) } else { 0 };
        assert_eq!(forwarded_for(&local, entry), CLIENT, "{provider} Local");
        assert!(close(local.shares().client_ip.forwarded_for, 1.0), "{provider} Local");
        // Cluster: the controller sees the address kube-proxy masqueraded to.
        let cluster = with_ingress(provider, Cluster);
        let xff = forwarded_for(&cluster, entry);
        assert_ne!(xff, CLIENT, "{provider} Cluster");
        assert!(close(cluster.shares().client_ip.forwarded_for, 0.0), "{provider} Cluster");
    }
    // NLB IP targets without preservation: the NLB's own address.
    let nlb = Provider::AwsNlbIp(AwsNlbIp { cross_zone: false, preserve_client_ip: false });
    let s = with_ingress(nlb, Local);
    assert_eq!(forwarded_for(&s, 0), nlb_private_ip(0));
    // With PROXY v2 and use-proxy-protocol: the client, whatever the policy.
    let mut s = with_ingress(nlb, Cluster);
    s.load_balancer.proxy_protocol = Some(ProxyProtocol::V2);
    assert_eq!(forwarded_for(&s, 0), CLIENT);
    assert!(close(s.shares().client_ip.forwarded_for, 1.0));
}

/// The node MetalLB L2 elects for the controller's Service.
fn leader(s: &Scenario) -> u32 {
    let stage1 = s.controller_scenario().unwrap();
    stage1.shares().nodes.iter().position(|n| n.lb == 1.0).unwrap() as u32
}

#[test]
fn the_second_leg_goes_from_the_controller_to_an_app_pod_with_xff() {
    let s = with_ingress(Provider::default(), Local);
    let t = s.trace(NodeId(1), 5).unwrap();
    let leg = t.ingress.unwrap();
    let stage2: Vec<_> = t.hops.iter().filter(|h| h.x_forwarded_for.is_some()).collect();
    assert_eq!(stage2.first().unwrap().from, Place::Controller(leg.controller));
    assert_eq!(stage2.last().unwrap().to, Place::Pod(leg.pod.unwrap()));
    let controller_ip = s.controller_scenario().unwrap().pods()[leg.controller.index()].ip;
    assert_eq!(t.outcome, Outcome::Delivered { pod: leg.pod.unwrap(), seen_source: controller_ip });
    assert!(s.place_name(Place::Controller(leg.controller)).starts_with("ingress controller ingress-3"));
}

#[test]
fn controller_pods_never_take_an_app_pods_address() {
    let s = with_ingress(Provider::default(), Local);
    let stage1 = s.controller_scenario().unwrap();
    for c in stage1.pods() {
        assert!(s.pods().iter().all(|p| p.ip != c.ip));
        assert!(s.nodes()[c.node.index()].pod_cidr.contains(c.ip));
    }
}

#[test]
fn ingress_round_trips_and_bad_nodes_are_refused() {
    let text = r#"{"service": {}, "nodes": [{"name": "node-a"}, {"name": "node-b"}],
                   "pods": [{"name": "web-1", "node": "node-a"}],
                   "ingress": {"externalTrafficPolicy": "Local", "pods": [{"name": "nginx-1", "node": "node-b"}]}}"#;
    let s = Scenario::from_json(text).unwrap();
    assert_eq!(s.ingress().unwrap().pods[0].node, NodeId(1));
    assert_eq!(Scenario::from_json(&s.to_json()).unwrap(), s);
    let bad = text.replace(r#""nginx-1", "node": "node-b""#, r#""nginx-1", "node": "node-z""#);
    let e = Scenario::from_json(&bad).unwrap_err().to_string();
    assert!(e.starts_with("ingress.pods[0].node: there is no node named `node-z`"), "{e}");
}

#[test]
fn removing_a_node_takes_its_controller_pods_along() {
    let mut s = with_ingress(Provider::default(), Local);
    s.remove_node(NodeId(0)).unwrap();
    let ingress = s.ingress().unwrap();
    assert_eq!(ingress.pods.len(), 1);
    assert_eq!(ingress.pods[0].node, NodeId(0), "node-b is now the first node");
}

// --- clientIp fractions -------------------------------------------------------

#[test]
fn client_ip_fractions_on_hand_worked_cases() {
    // Cluster: masqueraded everywhere.
    let c = layout(Cluster, &[1, 1]).shares().client_ip;
    assert_eq!((c.tcp_peer, c.proxy_header, c.forwarded_for), (0.0, 0.0, 0.0));
    // Local, health-checked: every connection keeps the client.
    assert!(close(layout(Local, &[1, 1, 0]).shares().client_ip.tcp_peer, 1.0));
    // Local without health checks: node-b drops its half.
    let mut s = layout(Local, &[2, 0]);
    s.load_balancer.health_check = false;
    let sh = s.shares();
    assert!(close(sh.client_ip.tcp_peer, 0.5) && close(sh.dropped, 0.5));
    assert_eq!(sh.client_ip.tcp_peer, sh.client_ip_preserved);
    // NLB IP targets: the NLB's address, unless preserved.
    s.load_balancer.provider = Provider::AwsNlbIp(AwsNlbIp { cross_zone: false, preserve_client_ip: false });
    assert_eq!(s.shares().client_ip.tcp_peer, 0.0);
    s.load_balancer.proxy_protocol = Some(ProxyProtocol::V2);
    let sh = s.shares();
    assert_eq!((sh.client_ip.tcp_peer, sh.client_ip.proxy_header), (0.0, 1.0));
    assert_eq!(sh.client_ip.place(), "PROXY header");
}

// --- compare ------------------------------------------------------------------

#[test]
fn each_row_is_the_shares_of_the_scenario_it_describes() {
    let mut s = layout(Local, &[3, 1, 0]);
    s.load_balancer.health_check = true;
    let rows = s.compare();
    let fixes: Vec<Fix> = rows.iter().map(|r| r.fix).collect();
    assert_eq!(
        fixes,
        vec![
            Fix::AsItIs,
            Fix::Cluster,
            Fix::LocalSpread,
            Fix::LocalPodsPerNode,
            Fix::ProxyProtocolV2,
            Fix::IngressOnLocal,
            Fix::CiliumDsr
        ]
    );
    for row in &rows {
        assert_eq!(row.shares, row.scenario.shares(), "{:?}", row.fix);
        assert_eq!(Some(&row.scenario), row.fix.apply(&s).as_ref(), "{:?}", row.fix);
    }
    let row = |fix: Fix| rows.iter().find(|r| r.fix == fix).unwrap();
    assert_eq!(row(Fix::AsItIs).shares.imbalance, Some(3.0));
    // 4 pods on 3 nodes spread as 2, 1, 1: shares 1/6, 1/6, 1/3, 1/3.
    assert_eq!(row(Fix::LocalSpread).shares.imbalance, Some(2.0));
    assert_eq!(row(Fix::LocalPodsPerNode).shares.imbalance, Some(1.0));
    assert_eq!(row(Fix::Cluster).client_ip_place(), "nowhere");
    assert_eq!(row(Fix::ProxyProtocolV2).client_ip_place(), "PROXY header");
    assert_eq!(row(Fix::IngressOnLocal).client_ip_place(), "X-Forwarded-For");
    assert_eq!(row(Fix::CiliumDsr).client_ip_place(), "TCP source");
    assert_eq!(row(Fix::AsItIs).client_ip_place(), "TCP source");
}

#[test]
fn rows_that_do_not_apply_are_left_out() {
    let mut s = layout(Cluster, &[1, 1]);
    s.load_balancer.provider = Provider::MetallbL2(MetallbL2);
    let fixes: Vec<Fix> = s.compare().iter().map(|r| r.fix).collect();
    assert!(!fixes.contains(&Fix::Cluster), "already Cluster");
    assert!(!fixes.contains(&Fix::ProxyProtocolV2) && !fixes.contains(&Fix::LocalPodsPerNode));
    assert!(!fixes.contains(&Fix::NlbIpPreserveClientIp));
    s.load_balancer.provider = Provider::AwsNlbInstance(AwsNlbInstance { cross_zone: true });
    let rows = s.compare();
    let nlb = rows.iter().find(|r| r.fix == Fix::NlbIpPreserveClientIp).unwrap();
    assert_eq!(
        nlb.scenario.load_balancer.provider,
        Provider::AwsNlbIp(AwsNlbIp { cross_zone: true, preserve_client_ip: true })
    );
    assert!(close(nlb.shares.client_ip.tcp_peer, 1.0));
    assert!(!rows.iter().any(|r| r.fix == Fix::CiliumDsr), "DSR does not work behind an NLB");
}

#[test]
fn a_proxy_mismatch_at_the_app_loses_every_request() {
    // The LB sends v2, the app does not expect it: 400 to every request.
    let mut s = layout(Local, &[1, 2]);
    s.load_balancer.proxy_protocol = Some(ProxyProtocol::V2);
    s.expect_proxy_protocol = Some(false);
    let sh = s.shares();
    assert!(!sh.app_reception.served());
    assert_eq!((sh.client_ip.tcp_peer, sh.client_ip.proxy_header), (0.0, 0.0));
    assert_eq!(sh.client_ip_preserved, 0.0);
    assert_eq!(sh.lost(), 1.0);
    assert_eq!(s.compare()[0].fix, Fix::AsItIs);
    assert_eq!(s.compare()[0].shares.lost(), 1.0);
    // Expected and sent: served, the client's address read from the header.
    s.expect_proxy_protocol = Some(true);
    let sh = s.shares();
    assert!(close(sh.client_ip.proxy_header, 1.0) && sh.lost() == 0.0);
    // Behind an ingress the controller sends no header: an app that expects
    // one closes every connection, and the controller's requests are lost.
    let mut s = with_ingress(Provider::default(), Local);
    s.expect_proxy_protocol = Some(true);
    let sh = s.shares();
    assert!(close(sh.refused, 1.0) && sh.pods.iter().all(|&p| p == 0.0), "{sh:?}");
    assert_eq!(sh.client_ip.forwarded_for, 0.0);
    assert_eq!(sh.lost(), 1.0);
    // A simulation and a trace follow the same rule: no request reaches the app.
    let sim = s.simulate(7, 2_000);
    assert!(sim.pods.iter().all(|&n| n == 0) && sim.refused == 2_000, "{sim:?}");
    for seed in 0..20 {
        let t = s.trace(NodeId(0), seed).unwrap();
        assert!(matches!(t.outcome, Outcome::Rejected { .. }), "seed {seed}: {:?}", t.outcome);
        let leg = t.ingress.unwrap();
        assert_eq!((leg.pod, leg.answer), (None, None), "the app closes the controller's connection");
    }
}
