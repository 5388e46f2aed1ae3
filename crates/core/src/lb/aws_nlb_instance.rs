//! `awsNlbInstance`: an AWS Network Load Balancer with instance targets, as
//! the AWS Load Balancer Controller builds it
//! (`service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: instance`).
//!
//! Sources: kubernetes-sigs/aws-load-balancer-controller (read at 225f4456)
//! `docs/guide/service/nlb.md` and `annotations.md`,
//! `pkg/backend/endpoint_resolver.go` (`ResolveNodePortEndpoints`),
//! `pkg/service/model_builder.go` (health-check defaults); the AWS docs "Health
//! checks for Network Load Balancer target groups", "Cross-zone load balancing
//! for target groups" and "Edit target group attributes" (client IP
//! preservation is on for instance targets).
//!
//! - Every node is a target, on the Service's NodePort.
//! - Health: under `Local`, HTTP `GET /healthz` on `healthCheckNodePort`
//!   (200 iff the node has a local Ready endpoint); under `Cluster`, TCP on the
//!   NodePort, which passes on every node while any endpoint can serve.
//! - The split over zones and healthy nodes is `zonal`'s; with no healthy
//!   node anywhere the NLB fails open to every node, split the same way.
//! - The NLB rewrites the destination to the node's IP and NodePort and keeps
//!   the client's address; kube-proxy's NodePort rules do the rest.
//!
//! [inferred] A node whose TCP handshake completes is healthy: kube-proxy
//! answers on the NodePort wherever it has an endpoint to DNAT to. Left out:
//! nodes the controller does not register (not Ready, Karpenter or
//! cluster-autoscaler taints, `target-node-labels`), and PROXY protocol.

use super::{node_name, node_probe, zonal, Balancer, Delivery, LbStep, Probe, Spread, Target, Targets};
use crate::endpoints::EndpointCounts;
use crate::ids::NodeId;
use crate::model::ExternalTrafficPolicy;
use crate::proxy_protocol::ProxyProtocol;
use crate::scenario::Scenario;

/// An NLB with instance targets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct AwsNlbInstance {
    /// `load_balancing.cross_zone.enabled` (off by default).
    pub cross_zone: bool,
}

/// The rule that makes a node healthy, for the sentences.
fn health_rule(s: &Scenario) -> String {
    match s.service.external_traffic_policy {
        ExternalTrafficPolicy::Local => format!(
            "healthy = HTTP GET /healthz on healthCheckNodePort {} answers 200 (a local Ready endpoint)",
            s.service.health_check_node_port
        ),
        ExternalTrafficPolicy::Cluster => format!(
            "healthy = a TCP handshake on NodePort {} completes (while any endpoint can serve)",
            s.service.node_port
        ),
    }
}

impl Balancer for AwsNlbInstance {
    fn spread(&self, s: &Scenario, counts: &EndpointCounts) -> Spread {
        let zones = &counts.zones;
        let all: Vec<(u32, u32)> = s.node_ids().map(|n| (n.0, zones.zone_of(n))).collect();
        let healthy: Vec<(u32, u32)> =
            all.iter().copied().filter(|&(n, _)| node_probe(s, counts, NodeId(n)).up).collect();
        let failed_open = healthy.is_empty();
        let targets = if failed_open { &all } else { &healthy };
        let groups = zonal::split(targets, zones.count(), self.cross_zone);
        Spread::new(Targets::Nodes, all.len(), groups, failed_open)
    }

    fn probe(&self, s: &Scenario, counts: &EndpointCounts, node: NodeId) -> Option<Probe> {
        Some(node_probe(s, counts, node))
    }

    fn delivery(&self, _s: &Scenario, _counts: &EndpointCounts, _target: Target) -> Delivery {
        Delivery::LbToNodePort
    }

    fn explain(&self, s: &Scenario, counts: &EndpointCounts, spread: &Spread, to: Option<Target>) -> LbStep {
        let Some(Target::Node(node)) = to else {
            return LbStep { what: "sends it nowhere".into(), why: "it has no target".into() };
        };
        let name = node_name(s, node);
        let kind = if spread.failed_open { "node" } else { "healthy node" };
        match zonal::describe(counts, spread, node.0, kind) {
            Some(how) if spread.failed_open => LbStep {
                what: format!("sends it to {name}'s NodePort {}", s.service.node_port),
                why: format!("no node passes the health check, so the NLB fails open: {how}"),
            },
            Some(how) => LbStep {
                what: format!("sends it to {name}'s NodePort {}", s.service.node_port),
                why: format!("{how}; {}", health_rule(s)),
            },
            None => LbStep {
                what: format!("sends {name} nothing"),
                why: format!("{}; {}", node_probe(s, counts, node), health_rule(s)),
            },
        }
    }

    fn place_name(&self) -> &'static str {
        "AWS NLB"
    }

    fn proxy_protocol_versions(&self) -> &'static [ProxyProtocol] {
        zonal::PROXY_PROTOCOL_VERSIONS
    }

    fn proxy_protocol_refusal(&self) -> &'static str {
        zonal::PROXY_PROTOCOL_REFUSAL
    }
}
