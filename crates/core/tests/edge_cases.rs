//! The corners docs/model.md calls out, built with `Scenario::from_layout`:
//! Terminating fallbacks, NotReady endpoints, failing open, rejecting, NodePort.

use trafficlab_core::{EndpointState, ExternalTrafficPolicy, Scenario, ServiceType, Verdict, Weighting};

use EndpointState::{NotReady, Ready, Terminating};
use ExternalTrafficPolicy::{Cluster, Local};

fn layout(policy: ExternalTrafficPolicy, nodes: &[&[EndpointState]]) -> Scenario {
    let nodes: Vec<Vec<EndpointState>> = nodes.iter().map(|n| n.to_vec()).collect();
    Scenario::from_layout(policy, &nodes).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn cluster_prefers_ready_and_ignores_terminating_while_any_is_ready() {
    let shares = layout(Cluster, &[&[Terminating, Terminating], &[Ready]]).shares();
    assert_eq!(shares.pods, vec![0.0, 0.0, 1.0]);
    // node-a sends all of its half across; node-b keeps its half local.
    assert!(close(shares.cross_node, 0.5));
    assert!(close(shares.snat, 1.0));
}

#[test]
fn cluster_falls_back_to_terminating_when_nothing_is_ready() {
    let shares = layout(Cluster, &[&[Terminating], &[Terminating, NotReady], &[]]).shares();
    assert_eq!(shares.pods, vec![0.5, 0.5, 0.0]);
    assert_eq!(shares.rejected, 0.0);
    assert_eq!(shares.imbalance, None, "no Ready pod, no imbalance");
}

#[test]
fn cluster_rejects_everything_without_a_serving_endpoint() {
    let shares = layout(Cluster, &[&[NotReady], &[]]).shares();
    assert_eq!(shares.rejected, 1.0);
    assert_eq!(shares.snat, 0.0);
    assert!(shares.nodes.iter().all(|n| n.verdict == Verdict::Reject));
}

#[test]
fn local_uses_a_nodes_terminating_pods_only_when_it_has_no_ready_one() {
    let mut scenario = layout(Local, &[&[Ready, Terminating], &[Terminating, Terminating]]);
    scenario.load_balancer.health_check = false;
    let shares = scenario.shares();
    assert_eq!(shares.pods, vec![0.5, 0.0, 0.25, 0.25]);
    // With health checks, node-b answers 503 (Terminating is not counted) and gets nothing.
    scenario.load_balancer.health_check = true;
    let shares = scenario.shares();
    assert_eq!(shares.pods, vec![1.0, 0.0, 0.0, 0.0]);
    assert_eq!(shares.nodes[1].health_check.map(|h| h.status), Some(503));
}

#[test]
fn every_node_unhealthy_fails_open_over_all_nodes() {
    let shares = layout(Local, &[&[Terminating], &[NotReady], &[]]).shares();
    assert!(shares.lb_failed_open);
    assert!(shares.nodes.iter().all(|n| close(n.lb, 1.0 / 3.0)));
    assert!(close(shares.pods[0], 1.0 / 3.0));
    assert!(close(shares.dropped, 2.0 / 3.0));
}

#[test]
fn no_pods_at_all_rejects_under_both_policies() {
    for policy in [Cluster, Local] {
        let shares = layout(policy, &[&[], &[]]).shares();
        assert_eq!(shares.rejected, 1.0, "{policy}");
        assert_eq!(shares.dropped, 0.0, "{policy}");
        assert!(shares.pods.is_empty());
        assert_eq!(shares.imbalance, None);
    }
}

#[test]
fn nodeport_has_no_health_checks_so_empty_nodes_drop() {
    let mut scenario = layout(Local, &[&[Ready], &[]]);
    scenario.service.service_type = ServiceType::NodePort;
    scenario.load_balancer.weighting = Weighting::PodsPerNode;
    let shares = scenario.shares();
    assert_eq!(shares.pods, vec![0.5]);
    assert_eq!(shares.dropped, 0.5);
    assert!(shares.nodes.iter().all(|n| n.health_check.is_none()));
    assert!(scenario.health_check(scenario.node_id("node-a").unwrap()).is_none());
}

#[test]
fn pods_per_node_weighting_needs_health_checks() {
    let mut scenario = layout(Local, &[&[Ready, Ready, Ready], &[Ready]]);
    scenario.load_balancer.weighting = Weighting::PodsPerNode;
    assert!(scenario.shares().pods.iter().all(|&s| close(s, 0.25)));
    scenario.load_balancer.health_check = false;
    let shares = scenario.shares();
    assert!(close(shares.pods[3], 0.5), "without probes there is no weight header: even per node");
}

#[test]
fn weighting_does_not_change_cluster() {
    let mut scenario = layout(Cluster, &[&[Ready, Ready, Ready], &[Ready], &[]]);
    let even = scenario.shares();
    scenario.load_balancer.weighting = Weighting::PodsPerNode;
    assert_eq!(scenario.shares(), even);
    assert!(even.nodes.iter().all(|n| close(n.lb, 1.0 / 3.0)));
}

#[test]
fn single_node_single_pod_is_perfectly_balanced() {
    for policy in [Cluster, Local] {
        let shares = layout(policy, &[&[Ready]]).shares();
        assert_eq!(shares.pods, vec![1.0]);
        assert_eq!(shares.imbalance, Some(1.0));
        assert_eq!(shares.cross_node, 0.0);
    }
}
