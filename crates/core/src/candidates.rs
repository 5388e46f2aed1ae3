//! The endpoints a node's rules may pick for one new external connection that
//! reaches it, each with the chance of being picked: the second stage of the
//! formulas (docs/model.md, "The formulas"), so that a pod's share is the sum
//! over nodes of the node's LB share times the pod's chance there.
//!
//! - kube-proxy: the node's candidates ([`Router::candidates`]: Cluster's
//!   endpoint set, filtered by zone under `trafficDistribution`, or the node's
//!   own under Local; `pkg/proxy/topology.go` `CategorizeEndpoints`), each
//!   with chance 1/n. In iptables mode rule i (0-based) of the n rules in
//!   `KUBE-SVC-*`/`KUBE-SVL-*` matches with `--probability 1/(n−i)`
//!   (`pkg/proxy/iptables/proxier.go`, `writeServiceToEndpointRules`), which
//!   makes every endpoint equally likely; nftables' `numgen random mod n` does
//!   the same (docs/model.md, "Picking one").
//! - A node whose rules DROP or REJECT the connection has no candidate.
//! - An AWS NLB with IP targets (`lb::aws_nlb_ip`) bypasses kube-proxy: no
//!   rule on the node picks anything, the NLB picks the pod. The answer that
//!   keeps the sum above true is the NLB's own choice given that the
//!   connection reached this node: the node's registered targets, each with
//!   chance 1/k. (They sit in the node's zone with weight 1 each, so the NLB
//!   picks them equally often: exactly the draw [`Router::pick_endpoint`] makes.)
//!   A node without a registered target has none.
//!
//! The candidates are a property of the node's rules: they are listed even
//! for a node the load balancer sends nothing (its LB share is 0).

use crate::ids::{NodeId, PodId};
use crate::lb::Targets;
use crate::router::{Router, Verdict};
use crate::scenario::Scenario;
use crate::trace::Outcome;

/// One endpoint a node may pick, and the chance it does, given a new
/// connection reached the node: one in `one_in` (every pick the model knows
/// is uniform, so the chance is exact).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Candidate {
    pub pod: PodId,
    pub one_in: u32,
}

impl Candidate {
    /// The chance as a fraction: `1 / one_in`.
    pub fn probability(self) -> f64 {
        1.0 / f64::from(self.one_in.max(1))
    }
}

impl Router<'_> {
    /// The endpoints a new external connection reaching `entry` may go to,
    /// with their chances (which sum to 1, or the list is empty), in scenario
    /// order (the order of the `KUBE-SVC-*`/`KUBE-SVL-*` rules). Empty for an id that is not a node of this scenario.
    pub fn weighted_candidates(&self, entry: NodeId) -> Vec<Candidate> {
        if self.scenario().node(entry).is_none() {
            return Vec::new();
        }
        let pods: Vec<PodId> = match self.spread().targets {
            Targets::Pods => self.lb_targets_on(entry).collect(),
            Targets::Nodes if self.verdict(entry) == Verdict::Forward => self.candidates(entry).to_vec(),
            Targets::Nodes => Vec::new(),
        };
        // At most one per pod, and pods are far fewer than 2^32 (`MAX_PODS`).
        let one_in = u32::try_from(pods.len()).unwrap_or(u32::MAX);
        pods.into_iter().map(|pod| Candidate { pod, one_in }).collect()
    }
}

impl Router<'_> {
    /// The entry node's candidates for a trace that ended in `outcome`: none
    /// unless the connection was delivered.
    pub(crate) fn delivered_candidates(&self, entry: NodeId, outcome: Outcome) -> Vec<Candidate> {
        match outcome {
            Outcome::Delivered { .. } => self.weighted_candidates(entry),
            Outcome::Dropped { .. } | Outcome::Rejected { .. } => Vec::new(),
        }
    }
}

impl Scenario {
    /// [`Router::weighted_candidates`] of `node`, for one question; a shell
    /// asking about every node should build one [`Router`] and ask it.
    pub fn candidates(&self, node: NodeId) -> Vec<Candidate> {
        Router::new(self).weighted_candidates(node)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EndpointState, ExternalTrafficPolicy};

    fn layout(policy: ExternalTrafficPolicy, layout: &[&[EndpointState]]) -> Scenario {
        let nodes: Vec<Vec<EndpointState>> = layout.iter().map(|n| n.to_vec()).collect();
        Scenario::from_layout(policy, &nodes).unwrap_or_default()
    }

    fn pods_and_chances(s: &Scenario, node: u32) -> Vec<(u32, u32)> {
        s.candidates(NodeId(node)).into_iter().map(|c| (c.pod.0, c.one_in)).collect()
    }

    #[test]
    fn an_id_that_is_not_a_node_has_none() {
        use EndpointState::Ready;
        for policy in [ExternalTrafficPolicy::Cluster, ExternalTrafficPolicy::Local] {
            assert!(layout(policy, &[&[Ready]]).candidates(NodeId(7)).is_empty());
        }
    }

    #[test]
    fn local_falls_back_to_the_nodes_terminating_endpoints() {
        use EndpointState::{NotReady, Ready, Terminating};
        let s = layout(ExternalTrafficPolicy::Local, &[&[Ready, Terminating], &[Terminating, NotReady, Terminating]]);
        assert_eq!(pods_and_chances(&s, 0), [(0, 1)]);
        assert_eq!(pods_and_chances(&s, 1), [(2, 2), (4, 2)]);
        assert_eq!(s.candidates(NodeId(1))[0].probability(), 0.5);
    }
}
