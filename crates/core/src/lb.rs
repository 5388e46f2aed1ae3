//! How the load balancer spreads new connections over nodes (KUBE_PROXY.md §1).
//!
//! - `NodePort`: no load balancer; clients are taken to spread evenly over all
//!   nodes, with no health checks.
//! - `LoadBalancer` + `Cluster`: even over all nodes. The LB may probe
//!   kube-proxy's `/healthz` (port 10256), but in this model every kube-proxy
//!   is healthy, so every node passes.
//! - `LoadBalancer` + `Local` + health checks: only nodes whose
//!   `healthCheckNodePort` answers 200 (≥1 local Ready endpoint) get traffic,
//!   evenly or weighted by `X-Load-Balancing-Endpoint-Weight` (pods-per-node).
//!   If every node answers 503 the LB fails open and spreads over all nodes,
//!   as GCP and AWS network load balancers do.
//! - `LoadBalancer` + `Local` without health checks: even over all nodes, so
//!   nodes without a local endpoint still get (and drop) their share.
//!
//! Weights are whole numbers so that sampling is exact; a node's share is its
//! weight over the total.

use crate::endpoints::EndpointCounts;
use crate::ids::NodeId;
use crate::model::{ServiceType, Weighting};
use crate::scenario::Scenario;

#[derive(Clone, Debug)]
pub(crate) struct LbSpread {
    /// Per node: 0 for a node the LB skips.
    pub weights: Vec<u32>,
    pub total: u64,
    /// Every node failed its health check, so the LB spread over all of them.
    pub failed_open: bool,
}

/// Whether the load balancer in front of this Service probes kube-proxy's
/// `healthCheckNodePort` (and so can skip nodes).
pub(crate) fn probes_health_check_node_port(scenario: &Scenario) -> bool {
    scenario.service.has_health_check_node_port() && scenario.load_balancer.health_check
}

impl LbSpread {
    pub fn new(scenario: &Scenario, counts: &EndpointCounts) -> Self {
        let node_count = counts.ready.len();
        if !probes_health_check_node_port(scenario) || counts.total_ready == 0 {
            // No probes, or every probe answers 503 and the LB fails open.
            let failed_open = probes_health_check_node_port(scenario);
            return LbSpread { weights: vec![1; node_count], total: node_count as u64, failed_open };
        }
        let pods_per_node = scenario.load_balancer.weighting == Weighting::PodsPerNode
            && scenario.service.service_type == ServiceType::LoadBalancer;
        let weights: Vec<u32> = counts
            .ready
            .iter()
            .map(|&ready| match (ready, pods_per_node) {
                (0, _) => 0,
                (_, false) => 1,
                (ready, true) => ready,
            })
            .collect();
        let total = weights.iter().map(|&w| u64::from(w)).sum();
        LbSpread { weights, total, failed_open: false }
    }

    /// 0 for an id that is not a node of the scenario.
    pub fn share(&self, node: NodeId) -> f64 {
        self.weights.get(node.index()).map_or(0.0, |&w| f64::from(w) / self.total as f64)
    }
}
