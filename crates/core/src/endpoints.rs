//! Which endpoints kube-proxy may pick, per node and cluster-wide.
//!
//! Mirrors `CategorizeEndpoints` in kube-proxy's `pkg/proxy/topology.go`:
//! - Cluster: all Ready endpoints; if there are none, all serving Terminating ones.
//! - Local: the node's Ready endpoints; if there are none, its serving Terminating
//!   ones (ProxyTerminatingEndpoints, GA in v1.28).
//! - "has any endpoints" counts Ready and serving Terminating endpoints anywhere;
//!   NotReady ones never count.

use crate::ids::NodeId;
use crate::model::EndpointState;
use crate::scenario::Scenario;

/// Per-node counts of usable endpoints: all the routing arithmetic needs.
#[derive(Clone, Debug)]
pub(crate) struct EndpointCounts {
    pub ready: Vec<u32>,
    pub terminating: Vec<u32>,
    pub total_ready: u32,
    pub total_terminating: u32,
}

impl EndpointCounts {
    pub fn of(scenario: &Scenario) -> Self {
        let n = scenario.nodes().len();
        let (mut ready, mut terminating) = (vec![0u32; n], vec![0u32; n]);
        for pod in scenario.pods() {
            match pod.state {
                EndpointState::Ready => ready[pod.node.index()] += 1,
                EndpointState::Terminating => terminating[pod.node.index()] += 1,
                EndpointState::NotReady => {}
            }
        }
        let total_ready = ready.iter().sum();
        let total_terminating = terminating.iter().sum();
        EndpointCounts { ready, terminating, total_ready, total_terminating }
    }

    /// kube-proxy's `hasAnyEndpoints`: without one, external traffic is REJECTed.
    pub fn has_any(&self) -> bool {
        self.total_ready + self.total_terminating > 0
    }

    /// The state of the endpoints the Cluster policy picks from, if any.
    pub fn cluster_state(&self) -> Option<EndpointState> {
        if self.total_ready > 0 {
            Some(EndpointState::Ready)
        } else if self.total_terminating > 0 {
            Some(EndpointState::Terminating)
        } else {
            None
        }
    }

    /// How many Cluster-policy candidates there are in all.
    pub fn cluster_count(&self) -> u32 {
        match self.cluster_state() {
            Some(EndpointState::Ready) => self.total_ready,
            Some(_) => self.total_terminating,
            None => 0,
        }
    }

    /// How many of the Cluster-policy candidates sit on `node`.
    pub fn cluster_count_on(&self, node: NodeId) -> u32 {
        let on = |counts: &[u32]| counts.get(node.index()).copied().unwrap_or(0);
        match self.cluster_state() {
            Some(EndpointState::Ready) => on(&self.ready),
            Some(_) => on(&self.terminating),
            None => 0,
        }
    }

    /// The state of the endpoints the Local policy picks from on `node`, if
    /// any. An id that is not a node of the scenario has no endpoints.
    pub fn local_state(&self, node: NodeId) -> Option<EndpointState> {
        let count = |counts: &[u32]| counts.get(node.index()).copied().unwrap_or(0);
        if count(&self.ready) > 0 {
            Some(EndpointState::Ready)
        } else if count(&self.terminating) > 0 {
            Some(EndpointState::Terminating)
        } else {
            None
        }
    }

    /// How many Local-policy candidates sit on `node`.
    pub fn local_count(&self, node: NodeId) -> u32 {
        match self.local_state(node) {
            Some(EndpointState::Ready) => self.ready.get(node.index()).copied().unwrap_or(0),
            Some(_) => self.terminating.get(node.index()).copied().unwrap_or(0),
            None => 0,
        }
    }
}
