//! One connection at a time: which node the LB picks, and which endpoint
//! kube-proxy on that node picks, driven by a seeded [`Rng`].
//!
//! kube-proxy picks uniformly among its candidates per new connection (iptables:
//! rule i of n matches with probability `1/(n−i)`, which is uniform; nftables
//! `numgen random mod N`), so a uniform draw models all of them. The LB picks a
//! node with probability proportional to its whole-number weight (see `lb`).
//! [`Router`] precomputes the candidate lists once per scenario, so each
//! connection costs O(log nodes).

use serde::Serialize;

use crate::endpoints::EndpointCounts;
use crate::ids::{NodeId, PodId};
use crate::lb::LbSpread;
use crate::model::{EndpointState, ExternalTrafficPolicy};
use crate::rng::Rng;
use crate::scenario::Scenario;

/// What kube-proxy on a node does with a new external connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Verdict {
    /// DNAT to an endpoint (local under Local, any under Cluster).
    Forward,
    /// Local policy, no local endpoint, endpoints elsewhere: the rule "has no
    /// local endpoints" in `KUBE-EXTERNAL-SERVICES` drops it; the client times out.
    Drop,
    /// No usable endpoint anywhere: REJECT with ICMP port unreachable.
    Reject,
}

impl Verdict {
    pub(crate) fn of(policy: ExternalTrafficPolicy, counts: &EndpointCounts, node: NodeId) -> Self {
        let has_candidate = match policy {
            ExternalTrafficPolicy::Cluster => counts.cluster_state().is_some(),
            ExternalTrafficPolicy::Local => counts.local_state(node).is_some(),
        };
        match (has_candidate, counts.has_any()) {
            (true, _) => Verdict::Forward,
            (false, true) => Verdict::Drop,
            (false, false) => Verdict::Reject,
        }
    }
}

/// How one connection ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fate {
    Delivered(PodId),
    Dropped,
    Rejected,
}

/// One new external connection: where the LB sent it and how it ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Connection {
    pub entry: NodeId,
    /// The client's ephemeral port, from Linux's default `ip_local_port_range`.
    pub client_port: u16,
    pub fate: Fate,
}

/// The client's ephemeral port range (`net.ipv4.ip_local_port_range`).
pub(crate) const EPHEMERAL_PORTS: (u16, u16) = (32768, 60999);

/// Samples connections for one scenario.
#[derive(Clone, Debug)]
pub struct Router<'a> {
    scenario: &'a Scenario,
    counts: EndpointCounts,
    spread: LbSpread,
    /// Running total of LB weights, for picking a node by weight.
    lb_cumulative: Vec<u64>,
    /// Cluster candidates (Ready, or Terminating when none is Ready).
    cluster: Vec<PodId>,
    /// Local candidates of node n: `local[local_start[n]..local_start[n + 1]]`.
    local: Vec<PodId>,
    local_start: Vec<usize>,
}

impl<'a> Router<'a> {
    pub fn new(scenario: &'a Scenario) -> Self {
        let counts = EndpointCounts::of(scenario);
        let spread = LbSpread::new(scenario, &counts);
        let lb_cumulative = spread
            .weights
            .iter()
            .scan(0u64, |sum, &w| {
                *sum += u64::from(w);
                Some(*sum)
            })
            .collect();
        let cluster_state = counts.cluster_state();
        let cluster = scenario.pod_ids().filter(|&p| Some(scenario.pods()[p.index()].state) == cluster_state).collect();
        let (local, local_start) = local_candidates(scenario, &counts);
        Router { scenario, counts, spread, lb_cumulative, cluster, local, local_start }
    }

    pub fn scenario(&self) -> &'a Scenario {
        self.scenario
    }

    /// The LB's share of connections for `node` (0 when it skips the node).
    pub fn lb_share(&self, node: NodeId) -> f64 {
        self.spread.share(node)
    }

    pub fn verdict(&self, node: NodeId) -> Verdict {
        Verdict::of(self.scenario.service.external_traffic_policy, &self.counts, node)
    }

    /// The node the load balancer sends the next connection to.
    pub fn pick_entry(&self, rng: &mut Rng) -> NodeId {
        let ticket = rng.below(self.spread.total);
        let index = self.lb_cumulative.partition_point(|&sum| sum <= ticket);
        NodeId(index.min(self.lb_cumulative.len() - 1) as u32)
    }

    /// The endpoints kube-proxy on `entry` picks a new external connection's
    /// endpoint from, in scenario order (the order of its `KUBE-SVC-*` or
    /// `KUBE-SVL-*` rules here). Empty for an id that is not a node of this scenario
    /// under Local, and whenever the verdict is not [`Verdict::Forward`].
    pub fn candidates(&self, entry: NodeId) -> &[PodId] {
        match self.scenario.service.external_traffic_policy {
            ExternalTrafficPolicy::Cluster => &self.cluster,
            ExternalTrafficPolicy::Local => {
                let start = self.local_start.get(entry.index()).copied().unwrap_or(0);
                let end = self.local_start.get(entry.index() + 1).copied().unwrap_or(start);
                self.local.get(start..end).unwrap_or(&[])
            }
        }
    }

    /// What kube-proxy on `entry` does with a new connection. An id that is
    /// not a node of this scenario is a node without endpoints.
    pub fn pick_endpoint(&self, entry: NodeId, rng: &mut Rng) -> Fate {
        let candidates = self.candidates(entry);
        match self.verdict(entry) {
            Verdict::Forward => candidates
                .get(rng.below(candidates.len() as u64) as usize)
                .map_or(Fate::Rejected, |&pod| Fate::Delivered(pod)),
            Verdict::Drop => Fate::Dropped,
            Verdict::Reject => Fate::Rejected,
        }
    }

    /// A connection that arrives at `entry` (whether or not the LB would send it there).
    pub fn connect_via(&self, entry: NodeId, rng: &mut Rng) -> Connection {
        let client_port = rng.between(EPHEMERAL_PORTS.0, EPHEMERAL_PORTS.1);
        Connection { entry, client_port, fate: self.pick_endpoint(entry, rng) }
    }

    /// The next new connection: the LB picks a node, kube-proxy an endpoint.
    pub fn connect(&self, rng: &mut Rng) -> Connection {
        let entry = self.pick_entry(rng);
        self.connect_via(entry, rng)
    }
}

/// Each node's Local candidates, laid out contiguously (one allocation).
fn local_candidates(scenario: &Scenario, counts: &EndpointCounts) -> (Vec<PodId>, Vec<usize>) {
    let mut local_start = Vec::with_capacity(scenario.nodes().len() + 1);
    local_start.push(0);
    for node in scenario.node_ids() {
        local_start.push(local_start[node.index()] + counts.local_count(node) as usize);
    }
    let mut next = local_start.clone();
    let mut local = vec![PodId(0); *local_start.last().unwrap_or(&0)];
    for (id, pod) in scenario.pod_ids().zip(scenario.pods()) {
        let wanted: Option<EndpointState> = counts.local_state(pod.node);
        if Some(pod.state) == wanted {
            local[next[pod.node.index()]] = id;
            next[pod.node.index()] += 1;
        }
    }
    (local, local_start)
}
