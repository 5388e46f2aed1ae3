//! The shape every provider's answer takes: which targets (nodes or pods)
//! get what share of new connections. Groups (an NLB's zones) are picked
//! evenly, then a target within the group by whole-number weight, so the
//! exact shares here and the `Router`'s sampling agree exactly.

use super::NoAnswer;
use crate::ids::{NodeId, PodId};

/// What a provider sends connections to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Targets {
    /// Nodes, where kube-proxy picks the endpoint.
    Nodes,
    /// Pods directly (NLB IP targets): kube-proxy plays no part.
    Pods,
}

/// One target a connection went to (or, for a trace, was asked about).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    Node(NodeId),
    Pod(PodId),
}

/// A set of targets the load balancer picks from with whole-number weights;
/// the groups of a [`Spread`] (an NLB's zones) are picked evenly first.
#[derive(Clone, Debug)]
pub(crate) struct Group {
    /// The zone number, for a per-zone group.
    pub zone: Option<u32>,
    /// (target index, weight), weights above 0.
    pub members: Vec<(u32, u32)>,
    pub total: u64,
}

impl Group {
    pub fn new(zone: Option<u32>, members: Vec<(u32, u32)>) -> Self {
        let total = members.iter().map(|&(_, w)| u64::from(w)).sum();
        Group { zone, members, total }
    }

    /// Every target of `targets` with weight 1.
    pub fn even(zone: Option<u32>, targets: impl Iterator<Item = u32>) -> Self {
        Group::new(zone, targets.map(|t| (t, 1)).collect())
    }
}

/// Where a provider sends new connections: evenly over `groups`, then by
/// weight within the group. No group: nothing answers (`unanswered`).
#[derive(Clone, Debug)]
pub(crate) struct Spread {
    pub targets: Targets,
    pub groups: Vec<Group>,
    /// No target passed the health check, so the LB spread over all of them.
    pub failed_open: bool,
    pub unanswered: Option<NoAnswer>,
    /// Per target (node or pod, by index), its share of new connections.
    shares: Vec<f64>,
}

impl Spread {
    /// A spread over `groups` of `targets`; `target_count` of them in all.
    pub fn new(targets: Targets, target_count: usize, groups: Vec<Group>, failed_open: bool) -> Self {
        let mut shares = vec![0.0; target_count];
        let group_count = groups.len() as f64;
        for group in &groups {
            // One division, so a single group gives exactly w / total.
            let whole = group.total as f64 * group_count;
            for &(target, weight) in &group.members {
                if let Some(share) = shares.get_mut(target as usize) {
                    *share += f64::from(weight) / whole;
                }
            }
        }
        Spread { targets, groups, failed_open, unanswered: None, shares }
    }

    /// Nothing answers: every connection times out.
    pub fn unanswered(targets: Targets, target_count: usize, why: NoAnswer) -> Self {
        Spread { unanswered: Some(why), ..Spread::new(targets, target_count, Vec::new(), false) }
    }

    /// The share of the target at `index` (0 for one the LB skips).
    pub fn share(&self, index: usize) -> f64 {
        self.shares.get(index).copied().unwrap_or(0.0)
    }

    /// The group holding `target`, if the spread ever picks it.
    pub fn group_of(&self, target: u32) -> Option<&Group> {
        self.groups.iter().find(|g| g.members.iter().any(|&(t, _)| t == target))
    }
}
