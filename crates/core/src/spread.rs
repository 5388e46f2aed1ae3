//! Spreading the pods as a fresh rollout with a topology spread constraint
//! would: `maxSkew: 1`, `topologyKey: kubernetes.io/hostname`,
//! `whenUnsatisfiable: DoNotSchedule`, every node eligible.
//!
//! The scheduler admits a pod on a node only if that node's count after it is
//! at most one more than the smallest count (the "global minimum" of the
//! Kubernetes docs, "Pod Topology Spread Constraints", `maxSkew`). Placing
//! the replicas one by one therefore ends with every node at ⌊N/M⌋ or ⌈N/M⌉
//! pods, exactly N mod M of them at the ceiling. Which nodes get the extra
//! pod is up to the scheduler's scoring; this model keeps pods where they are
//! as far as it can: the nodes that already hold more keep the extra pods
//! (ties in node order), and only the surplus moves, the pods listed last on
//! an over-full node first, to the under-full nodes in node order. That is
//! the fewest moves that reach a spread layout.
//!
//! Every pod counts, whatever its state (the constraint counts scheduled pods
//! matching the selector). A moved pod gets a new IP, as [`Scenario::move_pod`]
//! gives. Spreading holds only when pods are scheduled: a scale-down, deleted
//! pods or a rollout bring the skew back.

use crate::ids::{NodeId, PodId};
use crate::scenario::{EditError, Scenario};

impl Scenario {
    /// Re-places the pods as a `maxSkew: 1` spread over all nodes would leave
    /// them, moving as few as possible. Returns the moves made (pod, from,
    /// to), in the order made. All or nothing: on an error (a node's pod CIDR
    /// is full) the scenario is unchanged.
    pub fn spread(&mut self) -> Result<Vec<(PodId, NodeId, NodeId)>, EditError> {
        let targets = self.spread_targets();
        let counts: Vec<usize> = self.node_ids().map(|n| self.pods_on(n).count()).collect();
        // The surplus, the pods listed last on each over-full node first...
        let mut surplus: Vec<PodId> = Vec::new();
        for node in self.node_ids() {
            let extra = counts[node.index()].saturating_sub(targets[node.index()]);
            let on: Vec<PodId> = self.pods_on(node).map(|(id, _)| id).collect();
            surplus.extend(on[on.len() - extra..].iter().rev());
        }
        // ...goes to the free places, under-full nodes in node order.
        let places =
            self.node_ids().flat_map(|n| std::iter::repeat_n(n, targets[n.index()].saturating_sub(counts[n.index()])));
        let mut next = self.clone();
        let mut moves = Vec::with_capacity(surplus.len());
        for (pod, to) in surplus.into_iter().zip(places) {
            let from = next.pods[pod.index()].node;
            next.move_pod(pod, to)?;
            moves.push((pod, from, to));
        }
        *self = next;
        Ok(moves)
    }

    /// How many pods each node holds after spreading: ⌊N/M⌋, plus one for the
    /// N mod M nodes that hold the most now (ties in node order).
    pub fn spread_targets(&self) -> Vec<usize> {
        let nodes = self.nodes.len().max(1);
        let (floor, extra) = (self.pods.len() / nodes, self.pods.len() % nodes);
        let counts: Vec<usize> = self.node_ids().map(|n| self.pods_on(n).count()).collect();
        let mut order: Vec<usize> = (0..counts.len()).collect();
        // Most pods first; equal counts in node order (the keys are unique).
        order.sort_unstable_by_key(|&node| (std::cmp::Reverse(counts[node]), node));
        let mut targets = vec![floor; counts.len()];
        for &node in order.iter().take(extra) {
            targets[node] += 1;
        }
        targets
    }
}
