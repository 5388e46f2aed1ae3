//! What both AWS NLB target types share: how the NLB splits new connections
//! over Availability Zones and then over targets.
//!
//! From the AWS docs: "With Network Load Balancers, cross-zone load balancing
//! is off by default … When cross-zone load balancing is off, each load
//! balancer node distributes traffic across only the registered targets in its
//! Availability Zone" ("Cross-zone load balancing for target groups"); "if …
//! no healthy targets in an enabled AZ, we remove the IP address for the
//! corresponding subnet from DNS", and when every target is unhealthy the NLB
//! fails open to all of them ("Health checks for Network Load Balancer target
//! groups"). The AWS Load Balancer Controller leaves cross-zone off
//! (`pkg/service/model_builder.go`, `defaultLoadBalancingCrossZoneEnabled`).
//!
//! [inferred] Clients pick among the per-zone DNS answers evenly, so each zone
//! with a healthy target gets the same share, split evenly over its healthy
//! targets (the flow hash). With cross-zone on, every healthy target gets the
//! same share. Without zones the cluster is one zone.

use super::{one_of, Group, Spread};
use crate::endpoints::EndpointCounts;
use crate::proxy_protocol::ProxyProtocol;

/// `service.beta.kubernetes.io/aws-load-balancer-proxy-protocol: "*"` turns
/// on PROXY protocol v2 on the target group, for either target type; v1
/// cannot be chosen (aws-load-balancer-controller
/// `docs/guide/service/annotations.md`).
pub(super) const PROXY_PROTOCOL_VERSIONS: &[ProxyProtocol] = &[ProxyProtocol::V2];
pub(super) const PROXY_PROTOCOL_REFUSAL: &str =
    "an AWS NLB sends PROXY protocol v2 only (the annotation aws-load-balancer-proxy-protocol: \"*\" turns on v2)";

/// Groups for `targets` (target index, zone number): one per zone that has
/// a target, in zone order, or one for all of them with `cross_zone`.
pub(super) fn split(targets: &[(u32, u32)], zone_count: usize, cross_zone: bool) -> Vec<Group> {
    if cross_zone {
        let all = Group::even(None, targets.iter().map(|&(t, _)| t));
        return if all.members.is_empty() { Vec::new() } else { vec![all] };
    }
    let mut per_zone: Vec<Vec<(u32, u32)>> = vec![Vec::new(); zone_count];
    for &(target, zone) in targets {
        if let Some(members) = per_zone.get_mut(zone as usize) {
            members.push((target, 1));
        }
    }
    (0u32..)
        .zip(per_zone)
        .filter(|(_, members)| !members.is_empty())
        .map(|(zone, members)| Group::new(Some(zone), members))
        .collect()
}

/// How `target` came to be picked: "zone us-east-1a: 1 of 2 zones with a
/// healthy target, then 1 of 3 healthy nodes". `kind` names the targets
/// ("healthy node", "registered pod"); `None` if the spread never picks it.
pub(super) fn describe(counts: &EndpointCounts, spread: &Spread, target: u32, kind: &str) -> Option<String> {
    let group = spread.group_of(target)?;
    let within = one_of(group.members.len(), kind);
    let zone_name = group.zone.and_then(|z| counts.zones.name(z));
    Some(match (group.zone, zone_name) {
        (None, _) if counts.zones.zoned() => format!("{within} across all zones (cross-zone on)"),
        (None, _) | (Some(_), None) => within,
        (Some(_), Some(name)) => {
            let zones = one_of(spread.groups.len(), "zone");
            format!("zone {name}: {zones} with a {}, then {within}", target_word(kind))
        }
    })
}

/// "healthy target" for "healthy node", "registered target" for "registered pod".
fn target_word(kind: &str) -> String {
    match kind.split_once(' ') {
        Some((adjective, _)) => format!("{adjective} target"),
        None => "target".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_with_no_target_get_no_group() {
        let groups = split(&[(0, 0), (1, 2), (2, 2)], 3, false);
        let zones: Vec<_> = groups.iter().map(|g| (g.zone, g.members.len())).collect();
        assert_eq!(zones, [(Some(0), 1), (Some(2), 2)]);
        let all = split(&[(0, 0), (1, 2), (2, 2)], 3, true);
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].total, 3);
        assert!(split(&[], 3, true).is_empty());
    }
}
