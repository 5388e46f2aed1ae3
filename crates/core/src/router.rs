//! One connection at a time: where the load balancer sends it, and which
//! endpoint kube-proxy on that node picks, driven by a seeded [`Rng`].
//!
//! kube-proxy picks uniformly among its candidates per new connection (iptables:
//! rule i of n matches with probability `1/(n−i)`, which is uniform; nftables
//! `numgen random mod N`), so a uniform draw models all of them. The load
//! balancer picks a group (an NLB's zone) evenly, then a target in it with
//! probability proportional to its whole-number weight (see `lb`). A provider
//! with IP targets picks the pod itself, and kube-proxy plays no part.
//! [`Router`] precomputes the candidate lists once per scenario, so each
//! connection costs O(log nodes).

use serde::Serialize;

use crate::endpoints::EndpointCounts;
use crate::ids::{NodeId, PodId};
use crate::lb::{self, Spread, Targets};
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

/// How one connection ended. A connection nothing answered (no ARP reply, no
/// route, an LB that fails closed, no target) is `Dropped`: the client times out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fate {
    Delivered(PodId),
    Dropped,
    Rejected,
}

/// One new external connection: where the LB sent it and how it ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Connection {
    /// The node the connection reached: the one the LB sent it to, or with IP
    /// targets the node of the pod it went to. [`NodeId::NONE`] when nothing
    /// answered it (see [`Router::unanswered`]).
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
    spread: Spread,
    /// Per group of the spread, the running total of its members' weights
    /// and the members themselves, apart so the binary search stays in cache.
    /// (Totals stay far below 2^32: weights are at most one per pod.)
    cumulative: Vec<(Vec<u32>, Vec<u32>)>,
    /// Cluster candidates (Ready, or Terminating when none is Ready).
    cluster: Vec<PodId>,
    /// Ready endpoints of zone z, for `trafficDistribution`: `zoned[zoned_start[z]..zoned_start[z + 1]]`.
    zoned: Vec<PodId>,
    zoned_start: Vec<usize>,
    /// Local candidates of node n: `local[local_start[n]..local_start[n + 1]]`.
    local: Vec<PodId>,
    local_start: Vec<usize>,
}

impl<'a> Router<'a> {
    pub fn new(scenario: &'a Scenario) -> Self {
        let counts = EndpointCounts::of(scenario);
        let spread = lb::of(scenario).spread(scenario, &counts);
        let cumulative = spread
            .groups
            .iter()
            .map(|g| {
                let sums = g
                    .members
                    .iter()
                    .scan(0u32, |sum, &(_, w)| {
                        *sum = sum.saturating_add(w);
                        Some(*sum)
                    })
                    .collect();
                (sums, g.members.iter().map(|&(target, _)| target).collect())
            })
            .collect();
        let cluster_state = counts.cluster_state();
        let cluster = scenario.pod_ids().filter(|&p| Some(scenario.pods()[p.index()].state) == cluster_state).collect();
        let (zoned, zoned_start) = zone_candidates(scenario, &counts);
        let (local, local_start) = local_candidates(scenario, &counts);
        Router { scenario, counts, spread, cumulative, cluster, zoned, zoned_start, local, local_start }
    }

    pub fn scenario(&self) -> &'a Scenario {
        self.scenario
    }

    pub(crate) fn counts(&self) -> &EndpointCounts {
        &self.counts
    }

    pub(crate) fn spread(&self) -> &Spread {
        &self.spread
    }

    /// The LB's share of connections for `node` (0 when it skips the node);
    /// with IP targets, the sum of the shares of the node's pods.
    pub fn lb_share(&self, node: NodeId) -> f64 {
        match self.spread.targets {
            Targets::Nodes => self.spread.share(node.index()),
            Targets::Pods => self.scenario.pods_on(node).map(|(p, _)| self.spread.share(p.index())).sum(),
        }
    }

    /// Why nothing answers any new connection, if so: then every connection
    /// is dropped before it reaches a node.
    pub fn unanswered(&self) -> Option<lb::NoAnswer> {
        self.spread.unanswered
    }

    pub fn verdict(&self, node: NodeId) -> Verdict {
        Verdict::of(self.scenario.service.external_traffic_policy, &self.counts, node)
    }

    /// A target of the load balancer by weight (a node, or a pod with IP
    /// targets), as an index; `None` when nothing answers.
    fn pick_target(&self, rng: &mut Rng) -> Option<u32> {
        // One group (every provider but a zonal NLB) takes no draw, so `generic`
        // draws exactly as it always has.
        let group = match self.spread.groups.len() {
            0 => return None,
            1 => 0,
            n => rng.below(n as u64) as usize,
        };
        let (sums, targets) = self.cumulative.get(group)?;
        let ticket = rng.below(u64::from(sums.last().copied().unwrap_or(0)));
        let index = sums.partition_point(|&sum| u64::from(sum) <= ticket);
        targets.get(index).or(targets.last()).copied()
    }

    /// The node the load balancer sends the next connection to (with IP
    /// targets, the node of the pod it picks); [`NodeId::NONE`] when nothing answers.
    pub fn pick_entry(&self, rng: &mut Rng) -> NodeId {
        match (self.pick_target(rng), self.spread.targets) {
            (None, _) => NodeId::NONE,
            (Some(node), Targets::Nodes) => NodeId(node),
            (Some(pod), Targets::Pods) => self.scenario.pods().get(pod as usize).map_or(NodeId::NONE, |p| p.node),
        }
    }

    /// The endpoints kube-proxy on `entry` picks a new external connection's
    /// endpoint from, in scenario order (the order of its `KUBE-SVC-*` or
    /// `KUBE-SVL-*` rules here): under Cluster all candidates, or only the
    /// Ready ones of the node's zone when `trafficDistribution` filters.
    /// Empty for an id that is not a node of this scenario under Local, and
    /// whenever the verdict is not [`Verdict::Forward`].
    pub fn candidates(&self, entry: NodeId) -> &[PodId] {
        match self.scenario.service.external_traffic_policy {
            ExternalTrafficPolicy::Cluster => match self.counts.cluster_zone_at(entry) {
                Some(zone) => slice(&self.zoned, &self.zoned_start, zone as usize),
                None => &self.cluster,
            },
            ExternalTrafficPolicy::Local => slice(&self.local, &self.local_start, entry.index()),
        }
    }

    /// With IP targets, the pods on `entry` the load balancer sends anything.
    pub(crate) fn lb_targets_on(&self, entry: NodeId) -> impl Iterator<Item = PodId> + '_ {
        self.scenario.pods_on(entry).filter(|(id, _)| self.spread.share(id.index()) > 0.0).map(|(id, _)| id)
    }

    /// What happens to a new connection that reaches `entry`: kube-proxy's
    /// pick, or with IP targets the NLB's pick among the node's targets. An id
    /// that is not a node of this scenario is a node without endpoints.
    pub fn pick_endpoint(&self, entry: NodeId, rng: &mut Rng) -> Fate {
        if self.spread.targets == Targets::Pods {
            let targets: Vec<PodId> = self.lb_targets_on(entry).collect();
            return targets
                .get(rng.below(targets.len() as u64) as usize)
                .map_or(Fate::Dropped, |&p| Fate::Delivered(p));
        }
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

    /// The next new connection: the LB picks a node, kube-proxy an endpoint
    /// (or, with IP targets, the LB picks the pod).
    pub fn connect(&self, rng: &mut Rng) -> Connection {
        if self.spread.targets == Targets::Nodes && self.spread.unanswered.is_none() {
            let entry = self.pick_entry(rng);
            return self.connect_via(entry, rng);
        }
        let pod = self.pick_target(rng).map(PodId);
        let entry = pod.and_then(|p| self.scenario.pod(p)).map_or(NodeId::NONE, |p| p.node);
        let client_port = rng.between(EPHEMERAL_PORTS.0, EPHEMERAL_PORTS.1);
        Connection { entry, client_port, fate: pod.map_or(Fate::Dropped, Fate::Delivered) }
    }
}

/// The sub-list `items[start[i]..start[i + 1]]`, empty when out of range.
fn slice<'s, T>(items: &'s [T], start: &[usize], i: usize) -> &'s [T] {
    let from = start.get(i).copied().unwrap_or(0);
    let to = start.get(i + 1).copied().unwrap_or(from);
    items.get(from..to).unwrap_or(&[])
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

/// Each zone's Ready endpoints, contiguously, when `trafficDistribution` filters by zone.
fn zone_candidates(scenario: &Scenario, counts: &EndpointCounts) -> (Vec<PodId>, Vec<usize>) {
    if !counts.prefer_same_zone {
        return (Vec::new(), Vec::new());
    }
    let mut start = vec![0];
    for &ready in &counts.ready_in_zone {
        start.push(start[start.len() - 1] + ready as usize);
    }
    let mut next = start.clone();
    let mut zoned = vec![PodId(0); *start.last().unwrap_or(&0)];
    for (id, pod) in scenario.pod_ids().zip(scenario.pods()) {
        if pod.state == EndpointState::Ready {
            let zone = counts.zones.zone_of(pod.node) as usize;
            zoned[next[zone]] = id;
            next[zone] += 1;
        }
    }
    (zoned, start)
}
