//! `azure`: the Azure Standard Load Balancer that cloud-provider-azure builds
//! for a Service (AKS), with its default node backend pool.
//!
//! Sources: kubernetes-sigs/cloud-provider-azure (read at 7b31c76c)
//! `pkg/provider/azure_loadbalancer.go` (probe choice, `EnableFloatingIP`),
//! `pkg/provider/azure_loadbalancer_healthprobe.go`, `pkg/consts/consts.go`;
//! Microsoft's "Azure Load Balancer distribution modes" and the custom probe
//! overview (`NoHealthyBackendsBehavior`, default `AllProbedDown`: "No new
//! flows will be sent to the backend pool").
//!
//! - Every node is a backend; the rule has floating IP on, so the packet
//!   reaches the node still addressed to the VIP and kube-proxy's LB-IP rule
//!   takes it.
//! - Probes: under `Local`, HTTP `/healthz` on `healthCheckNodePort` (200 iff a
//!   local Ready endpoint); under `Cluster` (the default `servicenodeport`
//!   mode), TCP on the NodePort, up on every node while any endpoint can serve.
//! - Connections spread evenly (five-tuple hash) over the nodes whose probe
//!   is up; with none up the LB sends no new flows (fail-closed), unlike the
//!   fail-open GCP and AWS network load balancers.
//!
//! [inferred] The five-tuple hash is ideal, so each backend whose probe is up
//! gets the same share; the LB does not SNAT. Left out: the `shared` probe
//! mode (kube-proxy's `:10256/healthz`), the opt-in `AllProbedUp`, multiple-SLB
//! per-service pools, and the `podIP` backend pool (not verified).

use super::{node_name, node_probe, one_of, Balancer, Group, LbStep, NoAnswer, Probe, Spread, Target, Targets};
use crate::endpoints::EndpointCounts;
use crate::ids::NodeId;
use crate::model::ExternalTrafficPolicy;
use crate::scenario::Scenario;

/// The Azure Standard Load Balancer (no settings modelled).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Azure;

/// The probe rule, for the sentences.
fn probe_rule(s: &Scenario) -> String {
    match s.service.external_traffic_policy {
        ExternalTrafficPolicy::Local => format!(
            "HTTP probe GET /healthz on healthCheckNodePort {}: up with a local Ready endpoint",
            s.service.health_check_node_port
        ),
        ExternalTrafficPolicy::Cluster => {
            format!("TCP probe on NodePort {}: up on every node while an endpoint can serve", s.service.node_port)
        }
    }
}

impl Balancer for Azure {
    fn spread(&self, s: &Scenario, counts: &EndpointCounts) -> Spread {
        let nodes = s.nodes().len();
        let up = s.node_ids().filter(|&n| node_probe(s, counts, n).up).map(|n| n.0);
        let group = Group::even(None, up);
        if group.members.is_empty() {
            return Spread::unanswered(Targets::Nodes, nodes, NoAnswer::NoHealthyBackend);
        }
        Spread::new(Targets::Nodes, nodes, vec![group], false)
    }

    fn probe(&self, s: &Scenario, counts: &EndpointCounts, node: NodeId) -> Option<Probe> {
        Some(node_probe(s, counts, node))
    }

    fn explain(&self, s: &Scenario, _counts: &EndpointCounts, spread: &Spread, to: Option<Target>) -> LbStep {
        let rule = probe_rule(s);
        match to.filter(|_| spread.unanswered.is_none()) {
            Some(Target::Node(node)) if spread.share(node.index()) > 0.0 => {
                let up = spread.groups.first().map_or(0, |g| g.members.len());
                LbStep {
                    what: format!("sends it to {} (floating IP: still addressed to the VIP)", node_name(s, node)),
                    why: format!("{} whose probe is up, five-tuple hash; {rule}", one_of(up, "backend")),
                }
            }
            Some(Target::Node(node)) => LbStep {
                what: format!("sends {} nothing", node_name(s, node)),
                why: format!("its probe is down; {rule}"),
            },
            _ => LbStep {
                what: "sends no new flow".into(),
                why: format!(
                    "every backend's probe is down (fail-closed: NoHealthyBackendsBehavior AllProbedDown); {rule}"
                ),
            },
        }
    }

    fn place_name(&self) -> &'static str {
        "Azure LB"
    }

    fn proxy_protocol_refusal(&self) -> &'static str {
        "Azure's Standard Load Balancer passes packets through (floating IP) and cannot write a PROXY header"
    }
}
