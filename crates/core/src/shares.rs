//! Exact shares of new external connections (docs/model.md, "The formulas"), after the
//! load balancer of the Service's provider (`lb`).
//!
//! Let `w(n)` be the LB's share for node n. Under **Cluster**, every node
//! forwards `w(n)` evenly over its Cluster candidates (all of them, or the
//! Ready ones in its zone under `trafficDistribution`), SNATs all of it, and
//! sends the part destined for other nodes across (`w(n)·(1 − local/all)`);
//! with no candidate at all it is rejected. Under **Local**, node n splits
//! `w(n)` over its own candidates; with none it drops `w(n)` (or rejects it
//! when no endpoint exists anywhere). No SNAT, no cross-node hop. A provider
//! that targets pods (NLB IP targets) gives the pods their shares directly,
//! and one that answers nothing drops everything.
//!
//! Under Cilium DSR (`datapath`) nothing is masqueraded, so Cluster keeps the
//! client's address too. With an ingress controller in front, `ingress`
//! computes the shares in two stages.
//!
//! One pass over nodes and one over pods: O(nodes + pods).

use crate::endpoints::EndpointCounts;
use crate::health::HealthCheck;
use crate::ingress::IngressShares;
use crate::lb::{self, Delivery, NoAnswer, Probe, Spread, Target, Targets};
use crate::model::{EndpointState, ExternalTrafficPolicy};
use crate::proxy_protocol::Reception;
use crate::router::Verdict;
use crate::scenario::Scenario;

/// Where new external connections end up, as fractions of all of them.
/// `pods` and `nodes` are in scenario order; pod shares plus `dropped`,
/// `rejected` and `refused` sum to 1. With an ingress controller in front
/// (`ingress`), `pods` are the app pods' shares of requests, `nodes` and the
/// drops are stage 1's, and the TCP source the app sees is the controller.
#[derive(Clone, Debug, PartialEq)]
pub struct Shares {
    pub pods: Vec<f64>,
    pub nodes: Vec<NodeShare>,
    /// Never answered, so the client times out: sent to a node with no local
    /// endpoint under Local (DROP), or answered by no node at all (`unanswered`).
    pub dropped: f64,
    /// No usable endpoint anywhere: REJECTed with ICMP port unreachable.
    pub rejected: f64,
    /// Delivered with the client address masqueraded by kube-proxy (Cluster).
    pub snat: f64,
    /// Forwarded from the receiving node to a pod on another node (Cluster).
    pub cross_node: f64,
    /// Delivered with the client's own address as the TCP source the pod sees,
    /// to an app that serves it (a PROXY mismatch fails every request: 0).
    /// Always equal to `client_ip.tcp_peer`.
    pub client_ip_preserved: f64,
    /// Answered by the ingress controller itself and never passed to the app:
    /// 503 with no Ready app pod, or a PROXY protocol mismatch at the
    /// controller (400, or a closed connection). 0 without an ingress.
    pub refused: f64,
    /// Where the app finds the client's address, as fractions of all new
    /// connections (of all requests, with an ingress in front).
    pub client_ip: ClientIp,
    /// What the app makes of each connection's first bytes: a PROXY header
    /// read, a mismatch (400 or closed), or plain.
    pub app_reception: Reception,
    /// Stage 1, when an ingress controller is in front of the app.
    pub ingress: Option<Box<IngressShares>>,
    /// Largest over smallest share among Ready pods; `None` without a Ready
    /// pod that gets anything, infinite when some Ready pod gets nothing.
    pub imbalance: Option<f64>,
    /// No node passed the LB's health check, so the LB spread over all of them.
    pub lb_failed_open: bool,
    /// Why nothing answers at all, when so (then `dropped` is 1).
    pub unanswered: Option<NoAnswer>,
}

/// The fractions of new connections (or requests) that reach an app pod
/// with the client's real address in each place the app can look.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ClientIp {
    /// As the TCP source address (no masquerade, no proxy in between).
    pub tcp_peer: f64,
    /// In a PROXY protocol header the app expects and reads.
    pub proxy_header: f64,
    /// In `X-Forwarded-For` / `X-Real-IP`, written by an ingress controller.
    pub forwarded_for: f64,
}

impl ClientIp {
    /// The largest of the three: how much traffic carries the client's
    /// address in the place [`ClientIp::place`] names.
    pub fn best(&self) -> f64 {
        self.tcp_peer.max(self.proxy_header).max(self.forwarded_for)
    }

    /// Where most of the traffic carries the client's address, in words:
    /// `TCP source`, `PROXY header`, `X-Forwarded-For`, or `nowhere`.
    pub fn place(&self) -> &'static str {
        let best = self.best();
        if best == 0.0 {
            "nowhere"
        } else if best == self.proxy_header {
            "PROXY header"
        } else if best == self.forwarded_for {
            "X-Forwarded-For"
        } else {
            "TCP source"
        }
    }
}

/// What one node receives and does.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NodeShare {
    /// The node's share of the load balancer's connections (0: skipped). With
    /// IP targets, the sum of its pods' shares.
    pub lb: f64,
    /// What kube-proxy on the node does with an external connection (with IP
    /// targets the NLB bypasses it).
    pub verdict: Verdict,
    /// The node's `healthCheckNodePort` answer, for LoadBalancer + Local only.
    pub health_check: Option<HealthCheck>,
    /// What the load balancer's health probe sees on the node, if it probes nodes.
    pub probe: Option<Probe>,
}

impl Scenario {
    /// The exact shares for this scenario.
    pub fn shares(&self) -> Shares {
        if let Some(stage1) = self.controller_scenario() {
            return crate::ingress::two_stage(self, &stage1);
        }
        let counts = EndpointCounts::of(self);
        let balancer = lb::of(self);
        let spread = balancer.spread(self, &counts);
        let health_checked = self.service.has_health_check_node_port();
        let mut shares = Shares {
            pods: Vec::new(),
            nodes: Vec::with_capacity(self.nodes().len()),
            dropped: if spread.unanswered.is_some() { 1.0 } else { 0.0 },
            rejected: 0.0,
            snat: 0.0,
            cross_node: 0.0,
            client_ip_preserved: 0.0,
            refused: 0.0,
            client_ip: ClientIp::default(),
            imbalance: None,
            lb_failed_open: spread.failed_open,
            unanswered: spread.unanswered,
            app_reception: self.app_reception(),
            ingress: None,
        };
        for node in self.node_ids() {
            let verdict = Verdict::of(self.service.external_traffic_policy, &counts, node);
            let health_check = health_checked.then(|| HealthCheck::of(&counts, node));
            let probe = balancer.probe(self, &counts, node);
            shares.nodes.push(NodeShare { lb: 0.0, verdict, health_check, probe });
        }
        match spread.targets {
            Targets::Nodes => through_kube_proxy(self, &counts, &spread, &mut shares),
            Targets::Pods => straight_to_pods(self, &counts, &spread, &mut shares),
        }
        shares.imbalance = imbalance(self, &shares.pods);
        // Exact where the pods' sum would round (1/3 + 1/3 + 1/3).
        let delivered = 1.0 - shares.dropped - shares.rejected;
        let in_header = if shares.app_reception == Reception::Parsed { delivered } else { 0.0 };
        shares.client_ip =
            ClientIp { tcp_peer: shares.client_ip_preserved, proxy_header: in_header, forwarded_for: 0.0 };
        if !shares.app_reception.served() {
            // A PROXY mismatch: the app answers 400 or closes every
            // connection, so no request is served and no address is used.
            shares.client_ip = ClientIp::default();
            shares.client_ip_preserved = 0.0;
        }
        shares
    }
}

impl Shares {
    /// The fraction of new connections (requests, behind an ingress) the
    /// app never serves: dropped, rejected, refused by the controller, or,
    /// on a PROXY protocol mismatch at the app (`app_reception`), every one
    /// that reaches a pod, since each gets a 400 or a closed connection.
    pub fn lost(&self) -> f64 {
        if self.app_reception.served() {
            self.dropped + self.rejected + self.refused
        } else {
            1.0
        }
    }
}

/// The LB hands connections to nodes; kube-proxy on each picks the endpoint.
fn through_kube_proxy(s: &Scenario, counts: &EndpointCounts, spread: &Spread, shares: &mut Shares) {
    let policy = s.service.external_traffic_policy;
    for (node, share) in s.node_ids().zip(&mut shares.nodes) {
        let lb = spread.share(node.index());
        share.lb = lb;
        match share.verdict {
            Verdict::Drop => shares.dropped += lb,
            Verdict::Reject => shares.rejected += lb,
            Verdict::Forward if policy == ExternalTrafficPolicy::Cluster => {
                let local = f64::from(counts.cluster_count_on(node));
                if s.data_path.masquerades(policy) {
                    shares.snat += lb;
                } else {
                    shares.client_ip_preserved += lb;
                }
                shares.cross_node += lb * (1.0 - local / f64::from(counts.cluster_count_at(node)));
            }
            Verdict::Forward => shares.client_ip_preserved += lb,
        }
    }
    shares.pods = match policy {
        ExternalTrafficPolicy::Cluster => cluster_pod_shares(s, counts, spread),
        ExternalTrafficPolicy::Local => {
            let per_pod: Vec<f64> =
                s.node_ids().map(|n| spread.share(n.index()) / f64::from(counts.local_count(n).max(1))).collect();
            s.pods()
                .iter()
                .map(|p| if Some(p.state) == counts.local_state(p.node) { per_pod[p.node.index()] } else { 0.0 })
                .collect()
        }
    };
}

/// Cluster: every node forwards (or every node rejects), so without zone
/// filtering each candidate gets an equal part of whatever the LB delivers.
/// With `trafficDistribution`, a node whose zone has Ready endpoints keeps its
/// share in the zone; the others spread theirs over all Ready endpoints.
fn cluster_pod_shares(s: &Scenario, counts: &EndpointCounts, spread: &Spread) -> Vec<f64> {
    let candidates = counts.cluster_state();
    // Exactly 1 unless nothing answers, so `generic` keeps its exact 1/N.
    let delivered = if spread.unanswered.is_none() && candidates.is_some() { 1.0 } else { 0.0 };
    let all = f64::from(counts.cluster_count().max(1));
    if !counts.prefer_same_zone || candidates != Some(EndpointState::Ready) {
        let each = delivered / all;
        return s.pods().iter().map(|p| if Some(p.state) == candidates { each } else { 0.0 }).collect();
    }
    let mut in_zone = vec![0.0; counts.zones.count()];
    let mut anywhere = 0.0;
    for node in s.node_ids() {
        match counts.cluster_zone_at(node) {
            Some(zone) => in_zone[zone as usize] += spread.share(node.index()),
            None => anywhere += spread.share(node.index()),
        }
    }
    s.pods()
        .iter()
        .map(|p| {
            if p.state != EndpointState::Ready {
                return 0.0;
            }
            let zone = counts.zones.zone_of(p.node) as usize;
            in_zone[zone] / f64::from(counts.ready_in_zone[zone]) + anywhere / all
        })
        .collect()
}

/// The LB targets pods (NLB IP targets): kube-proxy plays no part, and the
/// pod sees the client's address unless the LB itself rewrites the source.
fn straight_to_pods(s: &Scenario, counts: &EndpointCounts, spread: &Spread, shares: &mut Shares) {
    let balancer = lb::of(s);
    shares.pods = (0..s.pods().len()).map(|i| spread.share(i)).collect();
    for ((id, pod), &share) in s.pod_ids().zip(s.pods()).zip(&shares.pods) {
        if let Some(node) = shares.nodes.get_mut(pod.node.index()) {
            node.lb += share;
        }
        if let Delivery::LbToPod { snat_to: None } = balancer.delivery(s, counts, Target::Pod(id)) {
            shares.client_ip_preserved += share;
        }
    }
}

/// Max over min share among Ready pods; infinite when one of them gets
/// nothing while another gets something, `None` when none gets anything.
pub(crate) fn imbalance(scenario: &Scenario, pod_shares: &[f64]) -> Option<f64> {
    let (min, max) = scenario
        .pods()
        .iter()
        .zip(pod_shares)
        .filter(|(p, _)| p.state == EndpointState::Ready)
        .fold((f64::INFINITY, 0.0f64), |(lo, hi), (_, &s)| (lo.min(s), hi.max(s)));
    (max > 0.0).then(|| if min > 0.0 { max / min } else { f64::INFINITY })
}

impl NodeShare {
    /// Whether the load balancer sends this node nothing.
    pub fn skipped_by_lb(&self) -> bool {
        self.lb == 0.0
    }
}
