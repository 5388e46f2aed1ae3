//! `metallbBgp`: MetalLB in BGP mode. Every node that announces the VIP is a
//! next hop, and the routers spread connections over them with ECMP.
//!
//! Follows `ShouldAnnounce` and `hasHealthyEndpoint` in metallb/metallb
//! `speaker/bgp_controller.go` (read at 7938d3f8) and
//! `website/content/concepts/bgp.md` and `usage/_index.md` ("Traffic
//! policies"): a node announces the VIP under `Cluster` while any endpoint
//! can serve (Ready, or Terminating and still serving) anywhere, and under
//! `Local` only if it holds such an endpoint itself. "[Local] treats each
//! cluster node as one 'unit' of load balancing, regardless of how many of the
//! service's pods are running on that node."
//!
//! [inferred] The routers' ECMP hash is taken to be ideal: each announcing
//! node gets the same share of new connections (the real split depends on
//! the router's hash). [inferred] With no announcing node the route is
//! withdrawn, and clients get no route: their connections time out.
//! Left out: BGP sessions (every announcing node is taken to have one with
//! every peer), communities and the `PreferredNodes`-style selectors.

use super::{node_name, one_of, Balancer, Group, LbStep, NoAnswer, Spread, Target, Targets};
use crate::endpoints::EndpointCounts;
use crate::ids::NodeId;
use crate::model::ExternalTrafficPolicy;
use crate::scenario::Scenario;

/// MetalLB BGP (no settings of its own).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct MetallbBgp;

/// Whether `node` announces the VIP.
fn announces(s: &Scenario, counts: &EndpointCounts, node: NodeId) -> bool {
    match s.service.external_traffic_policy {
        ExternalTrafficPolicy::Cluster => counts.has_any(),
        ExternalTrafficPolicy::Local => counts.serves_on(node),
    }
}

impl Balancer for MetallbBgp {
    fn spread(&self, s: &Scenario, counts: &EndpointCounts) -> Spread {
        let nodes = s.nodes().len();
        let announcing = s.node_ids().filter(|&n| announces(s, counts, n)).map(|n| n.0);
        let group = Group::even(None, announcing);
        if group.members.is_empty() {
            return Spread::unanswered(Targets::Nodes, nodes, NoAnswer::NoRoute);
        }
        Spread::new(Targets::Nodes, nodes, vec![group], false)
    }

    fn explain(&self, s: &Scenario, counts: &EndpointCounts, spread: &Spread, to: Option<Target>) -> LbStep {
        let vip = s.load_balancer.ip;
        let rule = match s.service.external_traffic_policy {
            ExternalTrafficPolicy::Cluster => "every node announces it while an endpoint can serve (Cluster)",
            ExternalTrafficPolicy::Local => "a node announces it only with a serving endpoint of its own (Local)",
        };
        let announcing = spread.groups.first().map_or(0, |g| g.members.len());
        match to.filter(|_| spread.unanswered.is_none()) {
            Some(Target::Node(node)) if announces(s, counts, node) => LbStep {
                what: format!("ECMP route to {} for {vip}", node_name(s, node)),
                why: format!("{}; {rule}; an ideal ECMP hash splits evenly", one_of(announcing, "announcing node")),
            },
            Some(Target::Node(node)) => LbStep {
                what: format!("{} does not announce {vip}, so no router sends it anything", node_name(s, node)),
                why: rule.to_string(),
            },
            _ => LbStep {
                what: format!("no route to {vip}"),
                why: format!("no node announces it over BGP: {rule}, and no endpoint can serve"),
            },
        }
    }

    fn place_name(&self) -> &'static str {
        "router (BGP, ECMP)"
    }

    fn proxy_protocol_refusal(&self) -> &'static str {
        "MetalLB does not proxy: it only steers packets to a node (ARP or BGP), so it has no connection to write a PROXY header on"
    }
}
