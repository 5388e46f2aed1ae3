//! `generic`: a load balancer that knows nodes, not pods, as docs/model.md ("generic")
//! describes (GCP's passthrough network load balancer is the model), and
//! `NodePort`, which has no load balancer at all.
//!
//! - `NodePort`: clients are taken to spread evenly over all nodes, with no
//!   health checks.
//! - `LoadBalancer` + `Cluster`: even over all nodes. The LB may probe
//!   kube-proxy's `/healthz` (port 10256), but in this model every kube-proxy
//!   is healthy, so every node passes.
//! - `LoadBalancer` + `Local` + health checks: only nodes whose
//!   `healthCheckNodePort` answers 200 (≥1 local Ready endpoint,
//!   `pkg/proxy/healthcheck/service_health.go`) get traffic, evenly or, with
//!   GKE's `networking.gke.io/weighted-load-balancing: pods-per-node`, in
//!   proportion to `X-Load-Balancing-Endpoint-Weight`. If every node answers
//!   503 the LB fails open over all nodes, as GCP and AWS network load
//!   balancers do.
//! - `LoadBalancer` + `Local` without health checks: even over all nodes, so
//!   nodes without a local endpoint still get (and drop) their share.
//!
//! The packet reaches the node unchanged, still addressed to the VIP.
//! [inferred] "Even" stands for the flow hash: over many connections each node
//! gets the same share.

use super::{node_name, one_of, Balancer, Group, LbStep, Probe, ProbeKind, Spread, Target, Targets};
use crate::endpoints::EndpointCounts;
use crate::ids::NodeId;
use crate::model::{ServiceType, Weighting};
use crate::proxy_protocol::ProxyProtocol;
use crate::scenario::Scenario;

/// The generic load balancer; its settings are `LoadBalancer::health_check`
/// and `LoadBalancer::weighting`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Generic;

/// Whether the load balancer probes kube-proxy's `healthCheckNodePort` (and
/// so can skip nodes).
fn probes_health_check_node_port(s: &Scenario) -> bool {
    s.service.has_health_check_node_port() && s.load_balancer.health_check
}

impl Balancer for Generic {
    fn spread(&self, s: &Scenario, counts: &EndpointCounts) -> Spread {
        let nodes = counts.ready.len();
        let probed = probes_health_check_node_port(s);
        if !probed || counts.total_ready == 0 {
            // No probes, or every probe answers 503 and the LB fails open.
            return Spread::new(Targets::Nodes, nodes, vec![Group::even(None, 0..nodes as u32)], probed);
        }
        let pods_per_node =
            s.load_balancer.weighting == Weighting::PodsPerNode && s.service.service_type == ServiceType::LoadBalancer;
        let members = (0u32..)
            .zip(&counts.ready)
            .filter(|&(_, &ready)| ready > 0)
            .map(|(node, &ready)| (node, if pods_per_node { ready } else { 1 }))
            .collect();
        Spread::new(Targets::Nodes, nodes, vec![Group::new(None, members)], false)
    }

    fn probe(&self, s: &Scenario, counts: &EndpointCounts, node: NodeId) -> Option<Probe> {
        probes_health_check_node_port(s).then(|| Probe {
            kind: ProbeKind::HealthCheckNodePort,
            up: counts.ready.get(node.index()).is_some_and(|&r| r > 0),
        })
    }

    fn delivery(&self, s: &Scenario, _counts: &EndpointCounts, _target: Target) -> super::Delivery {
        match s.service.service_type {
            ServiceType::NodePort => super::Delivery::NodePort,
            ServiceType::LoadBalancer => super::Delivery::Vip,
        }
    }

    fn explain(&self, s: &Scenario, counts: &EndpointCounts, spread: &Spread, to: Option<Target>) -> LbStep {
        let Some(Target::Node(node)) = to else {
            return LbStep { what: "sends it nowhere".into(), why: "it has no node to send to".into() };
        };
        let name = node_name(s, node);
        let all = counts.ready.len();
        if s.service.service_type == ServiceType::NodePort {
            return LbStep {
                what: format!("connects to {name} directly, {}", one_of(all, "node")),
                why: format!(
                    "NodePort: clients are taken to spread evenly over the nodes' port {}",
                    s.service.node_port
                ),
            };
        }
        let what = format!("sends it to {name}");
        if spread.share(node.index()) == 0.0 {
            return LbStep {
                what: format!("sends {name} nothing"),
                why: "its healthCheckNodePort answers 503 (no local Ready endpoint)".into(),
            };
        }
        let why = if !probes_health_check_node_port(s) {
            format!("{}, even (flow hash), no health checks", one_of(all, "node"))
        } else if spread.failed_open {
            format!("every node's healthCheckNodePort answers 503, so it fails open: {}", one_of(all, "node"))
        } else {
            let healthy = spread.groups.first().map_or(0, |g| g.members.len());
            let weight = counts.ready.get(node.index()).copied().unwrap_or(0);
            match s.load_balancer.weighting {
                Weighting::PodsPerNode => format!(
                    "weight {weight} of {} (X-Load-Balancing-Endpoint-Weight, GKE pods-per-node) \
                     among the nodes whose healthCheckNodePort answers 200",
                    counts.total_ready
                ),
                Weighting::Even => {
                    format!("{} whose healthCheckNodePort answers 200, even (flow hash)", one_of(healthy, "node"))
                }
            }
        };
        LbStep { what, why }
    }

    fn place_name(&self) -> &'static str {
        "load balancer"
    }

    /// A generic load balancer stands for any proxy in front of the nodes
    /// that can be told to write either version (haproxy's `send-proxy` and
    /// `send-proxy-v2`, Envoy's `ProxyProtocolConfig`).
    fn proxy_protocol_versions(&self) -> &'static [ProxyProtocol] {
        &[ProxyProtocol::V1, ProxyProtocol::V2]
    }
}
