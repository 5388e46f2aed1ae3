//! Exact shares of new external connections (KUBE_PROXY.md §6).
//!
//! Let `w(n)` be the LB's share for node n. Under **Cluster**, every node
//! forwards `w(n)` evenly over all Cluster candidates, SNATs all of it, and
//! sends the part destined for other nodes across (`w(n)·(1 − local/all)`);
//! with no candidate at all it is rejected. Under **Local**, node n splits
//! `w(n)` over its own candidates; with none it drops `w(n)` (or rejects it
//! when no endpoint exists anywhere). No SNAT, no cross-node hop.
//!
//! One pass over nodes and one over pods: O(nodes + pods).

use crate::endpoints::EndpointCounts;
use crate::health::HealthCheck;
use crate::lb::LbSpread;
use crate::model::{EndpointState, ExternalTrafficPolicy};
use crate::router::Verdict;
use crate::scenario::Scenario;

/// Where new external connections end up, as fractions of all of them.
/// `pods` and `nodes` are in scenario order; pod shares plus `dropped` plus
/// `rejected` sum to 1.
#[derive(Clone, Debug, PartialEq)]
pub struct Shares {
    pub pods: Vec<f64>,
    pub nodes: Vec<NodeShare>,
    /// Sent to a node with no local endpoint under Local: DROPped, the client times out.
    pub dropped: f64,
    /// No usable endpoint anywhere: REJECTed with ICMP port unreachable.
    pub rejected: f64,
    /// Delivered with the client address masqueraded (Cluster).
    pub snat: f64,
    /// Forwarded from the receiving node to a pod on another node (Cluster).
    pub cross_node: f64,
    /// Largest over smallest share among Ready pods; `None` without a Ready pod.
    pub imbalance: Option<f64>,
    /// Every node failed the LB's health check, so the LB spread over all of them.
    pub lb_failed_open: bool,
}

/// What one node receives and does.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NodeShare {
    /// The node's share of the load balancer's connections (0: skipped).
    pub lb: f64,
    /// What kube-proxy on the node does with an external connection.
    pub verdict: Verdict,
    /// The node's `healthCheckNodePort` answer, for LoadBalancer + Local only.
    pub health_check: Option<HealthCheck>,
}

impl Scenario {
    /// The exact shares for this scenario.
    pub fn shares(&self) -> Shares {
        let counts = EndpointCounts::of(self);
        let spread = LbSpread::new(self, &counts);
        let policy = self.service.external_traffic_policy;
        let health_checked = self.service.has_health_check_node_port();

        let mut shares = Shares {
            pods: Vec::with_capacity(self.pods().len()),
            nodes: Vec::with_capacity(self.nodes().len()),
            dropped: 0.0,
            rejected: 0.0,
            snat: 0.0,
            cross_node: 0.0,
            imbalance: None,
            lb_failed_open: spread.failed_open,
        };
        for node in self.node_ids() {
            let lb = spread.share(node);
            let verdict = Verdict::of(policy, &counts, node);
            match verdict {
                Verdict::Drop => shares.dropped += lb,
                Verdict::Reject => shares.rejected += lb,
                Verdict::Forward if policy == ExternalTrafficPolicy::Cluster => {
                    let local = f64::from(counts.cluster_count_on(node));
                    shares.snat += lb;
                    shares.cross_node += lb * (1.0 - local / f64::from(counts.cluster_count()));
                }
                Verdict::Forward => {}
            }
            let health_check = health_checked.then(|| HealthCheck::of(&counts, node));
            shares.nodes.push(NodeShare { lb, verdict, health_check });
        }
        shares.pods = pod_shares(self, &counts, &spread);
        shares.imbalance = imbalance(self, &shares.pods);
        shares
    }
}

fn pod_shares(scenario: &Scenario, counts: &EndpointCounts, spread: &LbSpread) -> Vec<f64> {
    match scenario.service.external_traffic_policy {
        ExternalTrafficPolicy::Cluster => {
            // Every node forwards (or rejects all): each candidate gets 1/|candidates|.
            let candidates = counts.cluster_state();
            let each = 1.0 / f64::from(counts.cluster_count().max(1));
            scenario.pods().iter().map(|p| if Some(p.state) == candidates { each } else { 0.0 }).collect()
        }
        ExternalTrafficPolicy::Local => {
            let per_pod: Vec<f64> =
                scenario.node_ids().map(|n| spread.share(n) / f64::from(counts.local_count(n).max(1))).collect();
            scenario
                .pods()
                .iter()
                .map(|p| if Some(p.state) == counts.local_state(p.node) { per_pod[p.node.index()] } else { 0.0 })
                .collect()
        }
    }
}

/// Max over min share among Ready pods. A Ready pod always has a positive share
/// (its node passes the health check, or nothing is health-checked), so the
/// ratio is finite; `None` only when there is no Ready pod.
fn imbalance(scenario: &Scenario, pod_shares: &[f64]) -> Option<f64> {
    let (min, max) = scenario
        .pods()
        .iter()
        .zip(pod_shares)
        .filter(|(p, _)| p.state == EndpointState::Ready)
        .fold((f64::INFINITY, 0.0f64), |(lo, hi), (_, &s)| (lo.min(s), hi.max(s)));
    (min.is_finite() && min > 0.0).then(|| max / min)
}

impl NodeShare {
    /// Whether the load balancer sends this node nothing.
    pub fn skipped_by_lb(&self) -> bool {
        self.lb == 0.0
    }
}
