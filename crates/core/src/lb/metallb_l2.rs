//! `metallbL2`: MetalLB in layer 2 mode. One node answers ARP for the VIP and
//! takes every connection; kube-proxy on it spreads them as usual.
//!
//! Follows `ShouldAnnounce`, `nodesWithEndpoint` and `sortL2Candidates` in
//! metallb/metallb `speaker/layer2_controller.go` (read at 7938d3f8, the same
//! logic in v0.14.9, v0.15.3 and v0.16.1), with `EndpointCanServe` from
//! `internal/k8s/epslices/endpoint_slices.go`, and the behaviour described in
//! `website/content/concepts/layer2.md` and `usage/_index.md` ("Traffic
//! policies"):
//!
//! 1. If no endpoint can serve (Ready, or Terminating and still serving),
//!    no speaker announces the VIP: nobody answers ARP and clients time out.
//! 2. The candidates are every node under `Cluster`, and only the nodes with
//!    a serving endpoint under `Local`.
//! 3. They are sorted by `sha256(nodeName + "#" + vip)`, compared as raw
//!    digests, and the smallest digest wins (the test vectors of
//!    `layer2_controller_test.go` hold: iris2 owns 10.20.30.1, iris1 owns
//!    10.20.30.2).
//!
//! Left out: the `PreferredNodes` score found only at MetalLB's HEAD (not in
//! v0.16.1), memberlist split brain, L2Advertisement node selectors, and nodes
//! excluded by condition or label: every node runs a healthy speaker.
//! [inferred] With `Local` the leader always has a serving endpoint, so in the
//! steady state Local under layer 2 never drops.

use sha2::{Digest, Sha256};

use super::{node_name, Balancer, Group, LbStep, NoAnswer, Spread, Target, Targets};
use crate::endpoints::EndpointCounts;
use crate::ids::NodeId;
use crate::model::ExternalTrafficPolicy;
use crate::scenario::Scenario;

/// MetalLB layer 2 (no settings of its own).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct MetallbL2;

/// The node whose speaker answers ARP for the VIP, if any.
fn leader(s: &Scenario, counts: &EndpointCounts) -> Option<NodeId> {
    if !counts.has_any() {
        return None;
    }
    let vip = s.load_balancer.ip.to_string();
    candidates(s, counts).min_by_key(|&node| digest(&node_name(s, node), &vip))
}

/// The nodes that may lead: every node (Cluster), or those with a serving endpoint (Local).
fn candidates<'a>(s: &'a Scenario, counts: &'a EndpointCounts) -> impl Iterator<Item = NodeId> + 'a {
    let local = s.service.external_traffic_policy == ExternalTrafficPolicy::Local;
    s.node_ids().filter(move |&node| !local || counts.serves_on(node))
}

/// `sha256(nodeName + "#" + ip)`; arrays compare as raw bytes, as Go's `bytes.Compare` does.
fn digest(node: &str, vip: &str) -> [u8; 32] {
    let mut sha = Sha256::new();
    sha.update(node.as_bytes());
    sha.update(b"#");
    sha.update(vip.as_bytes());
    sha.finalize().into()
}

/// "nodes with a serving endpoint" or "all nodes", for the sentences.
fn among(s: &Scenario, counts: &EndpointCounts) -> String {
    let count = candidates(s, counts).count();
    match s.service.external_traffic_policy {
        ExternalTrafficPolicy::Local => format!("the {count} nodes with a serving endpoint (Local)"),
        ExternalTrafficPolicy::Cluster => format!("all {count} nodes (Cluster, and an endpoint can serve)"),
    }
}

impl Balancer for MetallbL2 {
    fn spread(&self, s: &Scenario, counts: &EndpointCounts) -> Spread {
        let nodes = s.nodes().len();
        match leader(s, counts) {
            Some(node) => Spread::new(Targets::Nodes, nodes, vec![Group::new(None, vec![(node.0, 1)])], false),
            None => Spread::unanswered(Targets::Nodes, nodes, NoAnswer::NoArpReply),
        }
    }

    fn explain(&self, s: &Scenario, counts: &EndpointCounts, _spread: &Spread, to: Option<Target>) -> LbStep {
        let vip = s.load_balancer.ip;
        let Some(leader) = leader(s, counts) else {
            return LbStep {
                what: format!("no node answers ARP for {vip}"),
                why: "no endpoint can serve, so no MetalLB speaker announces the VIP; the client's SYN times out"
                    .into(),
            };
        };
        let why = format!("lowest sha256(node#vip) among {}", among(s, counts));
        let leader_name = node_name(s, leader);
        match to {
            Some(Target::Node(node)) if node != leader => LbStep {
                what: format!("{} does not answer ARP for {vip}; {leader_name} does", node_name(s, node)),
                why,
            },
            _ => LbStep { what: format!("ARP for {vip} answered by {leader_name}"), why },
        }
    }

    fn place_name(&self) -> &'static str {
        "router (ARP)"
    }

    fn proxy_protocol_refusal(&self) -> &'static str {
        "MetalLB does not proxy: it only steers packets to a node (ARP or BGP), so it has no connection to write a PROXY header on"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn winner<'a>(nodes: &[&'a str], vip: &str) -> &'a str {
        nodes.iter().copied().min_by_key(|n| digest(n, vip)).unwrap()
    }

    #[test]
    fn metallbs_own_vectors_and_the_digests_behind_them() {
        // speaker/layer2_controller_test.go, "Two services each with two endpoints across two hosts".
        assert_eq!(winner(&["iris1", "iris2"], "10.20.30.1"), "iris2");
        assert_eq!(winner(&["iris1", "iris2"], "10.20.30.2"), "iris1");
        assert_eq!(digest("iris2", "10.20.30.1")[..4], [0xaf, 0x6c, 0xb4, 0xe7]);
        assert_eq!(digest("iris1", "10.20.30.2")[..4], [0x61, 0x0c, 0x5b, 0x6d]);
        let nodes = ["node-a", "node-b", "node-c"];
        assert_eq!(winner(&nodes, "192.168.1.240"), "node-a");
        assert_eq!(winner(&nodes, "10.20.30.1"), "node-b");
        assert_eq!(winner(&nodes, "10.20.30.2"), "node-c");
    }
}
