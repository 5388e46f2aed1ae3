//! Which endpoints kube-proxy may pick, per node and cluster-wide.
//!
//! Mirrors `CategorizeEndpoints` in kube-proxy's `pkg/proxy/topology.go`:
//! - Cluster: all Ready endpoints; if there are none, all serving Terminating ones.
//! - Local: the node's Ready endpoints; if there are none, its serving Terminating
//!   ones (ProxyTerminatingEndpoints, GA in v1.28).
//! - "has any endpoints" counts Ready and serving Terminating endpoints anywhere;
//!   NotReady ones never count.
//! - `trafficDistribution: PreferClose` / `PreferSameZone` with Cluster on zoned
//!   nodes: the EndpointSlice controller hints every Ready endpoint for its own
//!   zone (`trafficdist.go`, `preferCloseHeuristic`), and kube-proxy on a node
//!   in zone z keeps only the Ready endpoints hinted for z when there is at
//!   least one (`topologyModeFromHints`, `availableForTopology`); otherwise all
//!   of them. The Terminating fallback is never filtered by zone, and Local
//!   ignores hints altogether.

use crate::ids::NodeId;
use crate::model::{EndpointState, ExternalTrafficPolicy};
use crate::scenario::Scenario;
use crate::zones::Zones;

/// Per-node counts of usable endpoints: all the routing arithmetic needs.
#[derive(Clone, Debug)]
pub(crate) struct EndpointCounts {
    pub ready: Vec<u32>,
    pub terminating: Vec<u32>,
    pub total_ready: u32,
    pub total_terminating: u32,
    pub zones: Zones,
    /// Ready endpoints per zone number.
    pub ready_in_zone: Vec<u32>,
    /// Whether kube-proxy filters the Cluster endpoints by zone: the Service
    /// has a `trafficDistribution`, its policy is Cluster and the nodes have zones.
    pub prefer_same_zone: bool,
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
        let zones = Zones::of(scenario);
        let mut ready_in_zone = vec![0u32; zones.count()];
        for node in scenario.node_ids() {
            ready_in_zone[zones.zone_of(node) as usize] += ready[node.index()];
        }
        let prefer_same_zone = scenario.service.traffic_distribution.is_some()
            && scenario.service.external_traffic_policy == ExternalTrafficPolicy::Cluster
            && zones.zoned();
        EndpointCounts { ready, terminating, total_ready, total_terminating, zones, ready_in_zone, prefer_same_zone }
    }

    /// Whether `node` holds an endpoint that can serve (Ready, or Terminating
    /// and still serving): MetalLB's `EndpointCanServe`.
    pub fn serves_on(&self, node: NodeId) -> bool {
        let on = |counts: &[u32]| counts.get(node.index()).copied().unwrap_or(0);
        on(&self.ready) + on(&self.terminating) > 0
    }

    /// The zone whose Ready endpoints kube-proxy on `node` keeps for the
    /// Cluster policy, when `trafficDistribution` filters by zone there.
    pub fn cluster_zone_at(&self, node: NodeId) -> Option<u32> {
        if !self.prefer_same_zone {
            return None;
        }
        let zone = self.zones.zone_of(node);
        (self.ready_in_zone.get(zone as usize).copied().unwrap_or(0) > 0).then_some(zone)
    }

    /// How many Cluster-policy candidates kube-proxy on `node` picks from.
    pub fn cluster_count_at(&self, node: NodeId) -> u32 {
        match self.cluster_zone_at(node) {
            Some(zone) => self.ready_in_zone[zone as usize],
            None => self.cluster_count(),
        }
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

    /// How many of the Cluster-policy candidates sit on `node`. The zone filter
    /// keeps every Ready endpoint of the node's own zone, so this is the same
    /// with or without it.
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
