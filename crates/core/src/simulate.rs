//! Many connections through the [`Router`], counted: the empirical side that
//! must converge to the exact [`Shares`](crate::Shares), through an ingress
//! controller's two stages when one is in front.

use crate::ids::{NodeId, PodId};
use crate::rng::Rng;
use crate::router::{Fate, Router};
use crate::scenario::Scenario;

/// Counts of `connections` simulated connections.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Simulation {
    pub connections: u64,
    /// Per pod, in scenario order.
    pub pods: Vec<u64>,
    /// How many connections the LB sent to each node (with IP targets, to
    /// the node's pods). Unanswered connections reach no node.
    pub nodes: Vec<u64>,
    pub dropped: u64,
    pub rejected: u64,
    /// Answered by an ingress controller itself (503, or a PROXY mismatch).
    pub refused: u64,
}

impl Simulation {
    pub fn pod_share(&self, pod: PodId) -> f64 {
        self.pods.get(pod.index()).map_or(0.0, |&n| n as f64 / self.connections.max(1) as f64)
    }

    pub fn node_share(&self, node: NodeId) -> f64 {
        self.nodes.get(node.index()).map_or(0.0, |&n| n as f64 / self.connections.max(1) as f64)
    }
}

impl Scenario {
    /// Sends `connections` new connections through the LB and kube-proxy,
    /// drawing every choice from a generator seeded with `seed`.
    /// With an ingress controller in front, the router is the controller
    /// scenario's, and each request a controller serves goes to an app pod
    /// drawn uniformly among the Ready ones (`ingress`).
    pub fn simulate(&self, seed: u64, connections: u64) -> Simulation {
        let stage1 = self.controller_scenario();
        let router = Router::new(stage1.as_ref().unwrap_or(self));
        let stage2 = stage1.as_ref().map(|stage1| crate::ingress::Stage2::of(self, stage1));
        let mut rng = Rng::new(seed);
        let mut sim = Simulation {
            connections,
            pods: vec![0; self.pods().len()],
            nodes: vec![0; self.nodes().len()],
            dropped: 0,
            rejected: 0,
            refused: 0,
        };
        for _ in 0..connections {
            let connection = router.connect(&mut rng);
            if let Some(count) = sim.nodes.get_mut(connection.entry.index()) {
                *count += 1;
            }
            match (connection.fate, stage2.as_ref()) {
                (Fate::Delivered(_), Some(stage2)) => match stage2.pick(&mut rng) {
                    Some(pod) => sim.pods[pod.index()] += 1,
                    None => sim.refused += 1,
                },
                (Fate::Delivered(pod), None) => sim.pods[pod.index()] += 1,
                (Fate::Dropped, _) => sim.dropped += 1,
                (Fate::Rejected, _) => sim.rejected += 1,
            }
        }
        sim
    }
}
