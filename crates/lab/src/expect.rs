//! The core's prediction for one new connection, as the fates a client can
//! observe: answered by pod p seeing source address a, timed out, refused.
//!
//! Built only from the core's public answers: the load balancer's share of
//! each node and kube-proxy's verdict and candidates there (`Router`), and
//! for each (node, pod) pair the address the pod sees, from the core's own
//! trace of that connection (`Outcome::Delivered { seen_source }`).

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use trafficlab_core::{Connection, Fate as CoreFate, NodeId, Outcome, Router, Scenario, Verdict};

/// A fate the client can tell apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Fate {
    /// Answered by the pod at this index, which saw `source`.
    Answered {
        pod: usize,
        source: Ipv4Addr,
    },
    TimedOut,
    Refused,
}

/// Each fate with its probability, in `Fate` order; the probabilities sum to 1.
pub(crate) fn prediction(s: &Scenario) -> Vec<(Fate, f64)> {
    let router = Router::new(s);
    let mut fates: BTreeMap<Fate, f64> = BTreeMap::new();
    if router.unanswered().is_some() {
        fates.insert(Fate::TimedOut, 1.0);
        return fates.into_iter().collect();
    }
    for node in s.node_ids() {
        let weight = router.lb_share(node);
        if weight == 0.0 {
            continue;
        }
        match router.verdict(node) {
            Verdict::Drop => *fates.entry(Fate::TimedOut).or_default() += weight,
            Verdict::Reject => *fates.entry(Fate::Refused).or_default() += weight,
            Verdict::Forward => {
                let candidates = router.candidates(node);
                for &pod in candidates {
                    let fate = seen_by(&router, node, pod)
                        .map_or(Fate::TimedOut, |source| Fate::Answered { pod: pod.index(), source });
                    *fates.entry(fate).or_default() += weight / candidates.len() as f64;
                }
            }
        }
    }
    fates.into_iter().collect()
}

/// The source address `pod` sees for a connection that arrived at `entry`.
fn seen_by(router: &Router, entry: NodeId, pod: trafficlab_core::PodId) -> Option<Ipv4Addr> {
    let connection = Connection { entry, client_port: 40000, fate: CoreFate::Delivered(pod) };
    match router.trace(connection)?.outcome {
        Outcome::Delivered { seen_source, .. } => Some(seen_source),
        _ => None,
    }
}
