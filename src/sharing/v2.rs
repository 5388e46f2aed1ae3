//! Link format 2, frozen: format 1's record followed by what format 1
//! cannot say, the load balancer's provider (with its settings), the nodes'
//! zones and the Service's `trafficDistribution`.
//!
//! The board is rebuilt as format 1 rebuilds it, with these written into the
//! same scenario file before it is checked, so a link cannot hold a board a
//! file could not (a provider that needs `type: LoadBalancer`, say).

use serde::{Deserialize, Serialize};
use trafficlab_core::{AwsNlbInstance, AwsNlbIp, Provider, ProviderKind, TrafficDistribution};

use super::link::{Link, LinkError};
use super::v1;

// Format 2's numbering: the value is the index.
const PROVIDERS: [ProviderKind; 6] = [
    ProviderKind::Generic,
    ProviderKind::MetallbL2,
    ProviderKind::MetallbBgp,
    ProviderKind::AwsNlbInstance,
    ProviderKind::AwsNlbIp,
    ProviderKind::Azure,
];
const DISTRIBUTIONS: [Option<TrafficDistribution>; 3] =
    [None, Some(TrafficDistribution::PreferClose), Some(TrafficDistribution::PreferSameZone)];

#[derive(Serialize, Deserialize)]
pub(super) struct ExtraV2 {
    provider: u8,
    cross_zone: bool,
    preserve_client_ip: bool,
    traffic_distribution: u8,
    /// One per node, in node order, or `None` for nodes without zones.
    zones: Option<Vec<String>>,
}

pub(super) fn encode(link: &Link) -> Vec<u8> {
    let s = &link.scenario;
    let (cross_zone, preserve_client_ip) = match s.load_balancer.provider {
        Provider::AwsNlbInstance(AwsNlbInstance { cross_zone }) => (cross_zone, false),
        Provider::AwsNlbIp(AwsNlbIp { cross_zone, preserve_client_ip }) => (cross_zone, preserve_client_ip),
        _ => (false, false),
    };
    let kind = s.load_balancer.provider.kind();
    let extra = ExtraV2 {
        provider: PROVIDERS.iter().position(|p| *p == kind).unwrap_or(0) as u8,
        cross_zone,
        preserve_client_ip,
        traffic_distribution: DISTRIBUTIONS.iter().position(|d| *d == s.service.traffic_distribution).unwrap_or(0)
            as u8,
        zones: s.nodes().iter().map(|n| n.zone.clone()).collect(),
    };
    let mut bytes = v1::encode(link);
    // Writing plain structs into a Vec cannot fail.
    bytes.extend(postcard::to_allocvec(&extra).unwrap_or_default());
    bytes
}

pub(super) fn decode(bytes: &[u8]) -> Result<Link, LinkError> {
    let (record, extra, rest) = take(bytes)?;
    if !rest.is_empty() {
        return Err(LinkError::Unreadable(format!("{} bytes follow the board", rest.len())));
    }
    link_with(record, extra, |_| Ok(()))
}

/// Format 2's record and what follows it (format 3 appends to it; see `v3`).
pub(super) fn take(bytes: &[u8]) -> Result<(v1::LinkV1, ExtraV2, &[u8]), LinkError> {
    let (record, rest) = v1::take(bytes)?;
    let (extra, rest): (ExtraV2, &[u8]) =
        postcard::take_from_bytes(rest).map_err(|e| LinkError::Unreadable(e.to_string()))?;
    Ok((record, extra, rest))
}

/// The board a format-2 record describes, with `more` (what a later format
/// adds) written into the scenario file before it is checked.
pub(super) fn link_with(
    record: v1::LinkV1,
    extra: ExtraV2,
    more: impl FnOnce(&mut trafficlab_core::ScenarioFile) -> Result<(), LinkError>,
) -> Result<Link, LinkError> {
    let unknown = |what: &str, n: u8| LinkError::Unreadable(format!("{what} {n} is unknown"));
    let kind = *PROVIDERS.get(usize::from(extra.provider)).ok_or_else(|| unknown("provider", extra.provider))?;
    let distribution = *DISTRIBUTIONS
        .get(usize::from(extra.traffic_distribution))
        .ok_or_else(|| unknown("trafficDistribution", extra.traffic_distribution))?;
    v1::link_with(record, |file| {
        let lb = &mut file.load_balancer;
        if kind != ProviderKind::Generic {
            // The generic load balancer's own settings; the file check refuses
            // them under another provider, and the encoder never wrote others.
            (lb.health_check, lb.weighting) = (None, None);
        }
        lb.provider = Some(kind);
        let nlb = matches!(kind, ProviderKind::AwsNlbInstance | ProviderKind::AwsNlbIp);
        lb.cross_zone = nlb.then_some(extra.cross_zone);
        lb.preserve_client_ip = (kind == ProviderKind::AwsNlbIp).then_some(extra.preserve_client_ip);
        file.service.traffic_distribution = distribution;
        if let Some(zones) = extra.zones {
            if zones.len() != file.nodes.len() {
                let problem = format!("{} zones for {} nodes", zones.len(), file.nodes.len());
                return Err(LinkError::Unreadable(problem));
            }
            for (node, zone) in file.nodes.iter_mut().zip(zones) {
                node.zone = Some(zone);
            }
        }
        more(file)
    })
}
