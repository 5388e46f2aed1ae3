//! The core's prediction for one new connection, as the fates a client can
//! observe: answered by pod p seeing source address a, timed out, refused.
//!
//! Built only from the core's public answers: the load balancer's share of
//! each node, kube-proxy's verdict there and its candidates with their
//! chances (`Router::weighted_candidates`), and
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

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use trafficlab_core::{EndpointState, ExternalTrafficPolicy};

    use super::*;

    fn scenarios() -> Vec<(String, Scenario)> {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../static/scenarios");
        let mut all: Vec<(String, Scenario)> = std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|entry| {
                let text = std::fs::read_to_string(entry.path()).ok()?;
                Some((entry.file_name().to_string_lossy().into_owned(), Scenario::from_json(&text).ok()?))
            })
            .filter(|(name, _)| !name.contains("nlb-ip"))
            .collect();
        assert!(all.len() >= 10, "the presets in {}", dir.display());
        let layout = [vec![EndpointState::Ready; 2], vec![EndpointState::Terminating], vec![]];
        for policy in [ExternalTrafficPolicy::Cluster, ExternalTrafficPolicy::Local] {
            all.push((format!("{policy} layout"), Scenario::from_layout(policy, &layout).unwrap()));
        }
        all
    }

    /// Summed over sources, the prediction is the core's shares, drops and rejections.
    #[test]
    fn the_prediction_adds_up_to_the_cores_shares() {
        for (name, s) in scenarios() {
            let prediction = prediction(&s);
            let shares = s.shares();
            let total: f64 = prediction.iter().map(|(_, p)| p).sum();
            assert!((total - 1.0).abs() < 1e-9, "{name}: {total}");
            for (i, &share) in shares.pods.iter().enumerate() {
                let pod: f64 = prediction
                    .iter()
                    .filter(|(f, _)| matches!(f, Fate::Answered { pod, .. } if *pod == i))
                    .map(|(_, p)| p)
                    .sum();
                assert!((pod - share).abs() < 1e-9, "{name}: pod {i}: {pod} vs {share}");
            }
            let of = |fate| prediction.iter().find(|(f, _)| *f == fate).map_or(0.0, |(_, p)| *p);
            assert!((of(Fate::TimedOut) - shares.dropped).abs() < 1e-9, "{name}: dropped");
            assert!((of(Fate::Refused) - shares.rejected).abs() < 1e-9, "{name}: rejected");
        }
    }

    #[test]
    fn cluster_pods_see_node_ips_and_gateways_local_pods_the_client() {
        for (name, s) in scenarios() {
            for (fate, _) in prediction(&s) {
                let Fate::Answered { pod, source } = fate else { continue };
                let node = &s.nodes()[s.pods()[pod].node.index()];
                match s.service.external_traffic_policy {
                    ExternalTrafficPolicy::Local => assert_eq!(source, s.client.ip, "{name}"),
                    ExternalTrafficPolicy::Cluster => assert!(
                        source == node.pod_cidr.gateway()
                            || s.nodes().iter().any(|n| n.ip == source && n.ip != node.ip),
                        "{name}: {source}"
                    ),
                }
            }
        }
    }
}
