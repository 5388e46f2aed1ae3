//! Link format 1, frozen: this layout must never change (a change is a new
//! version with a module of its own). It is a postcard record (varints,
//! length-prefixed strings, `Option` as a tag byte), small because everything
//! that equals its default is left out:
//! - node names, IPs and pod CIDRs that are the defaults for their position;
//! - pod names `web-N` for the N-th pod;
//! - pod IPs that host-local IPAM would hand out in list order (the lowest
//!   address of the node's pod CIDR not held by an earlier pod);
//! - the Service's name, namespace and ports, the VIP and the client when
//!   they are the defaults;
//! - the title and description when they are the preset's.
//!
//! Enums are numbered here, not by serde, so renaming a Rust variant cannot
//! change what an old link means. Decoding rebuilds a scenario file and has
//! it checked by [`Scenario::from_file`], so a link is held to exactly the
//! rules a file is, and gets the same `path: problem. Fix: …` messages.

use std::collections::HashSet;
use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};
use trafficlab_core::{
    default_node_ip, default_node_name, default_pod_cidr, ClientFile, EndpointState, ExternalTrafficPolicy,
    LoadBalancerFile, NodeFile, PodCidr, PodFile, PodId, Scenario, ScenarioFile, ServiceFile, ServiceType, Weighting,
    MAX_NODES, MAX_PODS,
};

use super::link::{Link, LinkError, View};
use crate::flow::Pace;
use crate::presets::Preset;

// Format 1's defaults, spelled out so that they stay what they were.
const SERVICE_NAME: &str = "web";
const NAMESPACE: &str = "default";
const PORTS: [u16; 4] = [80, 8080, 30080, 32080];
const LB_IP: [u8; 4] = [198, 51, 100, 10];
const CLIENT_IP: [u8; 4] = [203, 0, 113, 10];

#[derive(Serialize, Deserialize)]
pub(super) struct LinkV1 {
    preset: Option<String>,
    /// `None`: the preset's (or none without a preset); `Some(None)`: no title.
    title: Option<Option<String>>,
    description: Option<Option<String>>,
    service: ServiceV1,
    load_balancer: LoadBalancerV1,
    client_ip: Option<[u8; 4]>,
    nodes: Vec<NodeV1>,
    pods: Vec<PodV1>,
    view: ViewV1,
}

#[derive(Serialize, Deserialize)]
struct ServiceV1 {
    name: Option<String>,
    namespace: Option<String>,
    /// 0 LoadBalancer, 1 NodePort.
    service_type: u8,
    /// 0 Cluster, 1 Local.
    external_traffic_policy: u8,
    /// port, targetPort, nodePort, healthCheckNodePort.
    ports: Option<[u16; 4]>,
}

#[derive(Serialize, Deserialize)]
struct LoadBalancerV1 {
    ip: Option<[u8; 4]>,
    health_check: bool,
    /// 0 even, 1 podsPerNode.
    weighting: u8,
}

#[derive(Serialize, Deserialize)]
struct NodeV1 {
    name: Option<String>,
    ip: Option<[u8; 4]>,
    /// Network address and prefix length.
    pod_cidr: Option<([u8; 4], u8)>,
}

#[derive(Serialize, Deserialize)]
struct PodV1 {
    name: Option<String>,
    /// Index into `nodes`.
    node: u32,
    /// 0 Ready, 1 Terminating, 2 NotReady.
    state: u8,
    ip: Option<[u8; 4]>,
}

#[derive(Serialize, Deserialize)]
struct ViewV1 {
    /// Index into `pods`.
    selected: Option<u32>,
    follow: bool,
    playing: bool,
    /// Hundredths of real time, and hundredths of a connection per second.
    speed_centi: u16,
    rate_centi: u16,
}

pub(super) fn encode(link: &Link) -> Vec<u8> {
    // Writing plain structs into a Vec cannot fail.
    postcard::to_allocvec(&record(link)).unwrap_or_default()
}

/// The record for `link` (format 2 appends to it; see `v2`).
pub(super) fn record(link: &Link) -> LinkV1 {
    let s = &link.scenario;
    let preset = link.preset.and_then(Preset::by_id).and_then(|p| p.scenario().ok());
    let differs = |mine: &Option<String>, preset_value: Option<&Option<String>>| match preset_value {
        Some(theirs) if theirs == mine => None,
        None if mine.is_none() => None,
        _ => Some(mine.clone()),
    };
    LinkV1 {
        preset: link.preset.map(str::to_string),
        title: differs(&s.title, preset.as_ref().map(|p| &p.title)),
        description: differs(&s.description, preset.as_ref().map(|p| &p.description)),
        service: ServiceV1 {
            name: (s.service.name != SERVICE_NAME).then(|| s.service.name.clone()),
            namespace: (s.service.namespace != NAMESPACE).then(|| s.service.namespace.clone()),
            service_type: number(s.service.service_type, &TYPES),
            external_traffic_policy: number(s.service.external_traffic_policy, &POLICIES),
            ports: Some(ports(s)).filter(|p| *p != PORTS),
        },
        load_balancer: LoadBalancerV1 {
            ip: Some(s.load_balancer.ip.octets()).filter(|ip| *ip != LB_IP),
            health_check: s.load_balancer.health_check,
            weighting: number(s.load_balancer.weighting, &WEIGHTINGS),
        },
        client_ip: Some(s.client.ip.octets()).filter(|ip| *ip != CLIENT_IP),
        nodes: s
            .nodes()
            .iter()
            .enumerate()
            .map(|(i, n)| NodeV1 {
                name: (n.name != default_node_name(i)).then(|| n.name.clone()),
                ip: (n.ip != default_node_ip(i)).then(|| n.ip.octets()),
                pod_cidr: (n.pod_cidr != default_pod_cidr(i))
                    .then(|| (n.pod_cidr.network().octets(), n.pod_cidr.prefix_len())),
            })
            .collect(),
        pods: encode_pods(s),
        view: ViewV1 {
            selected: link.view.selected.map(|p| p.0),
            follow: link.view.follow,
            playing: link.view.playing,
            speed_centi: centi(link.view.pace.speed),
            rate_centi: centi(link.view.pace.per_second),
        },
    }
}

fn ports(s: &Scenario) -> [u16; 4] {
    [s.service.port, s.service.target_port, s.service.node_port, s.service.health_check_node_port]
}

fn centi(value: f64) -> u16 {
    (value * 100.0).round().clamp(0.0, f64::from(u16::MAX)) as u16
}

fn encode_pods(s: &Scenario) -> Vec<PodV1> {
    let mut ipam = IpamReplay::new(s.nodes().iter().map(|n| n.pod_cidr));
    s.pods()
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let expected = ipam.next_free(p.node.index());
            ipam.take(p.ip);
            PodV1 {
                name: (p.name != default_pod_name(i)).then(|| p.name.clone()),
                node: p.node.0,
                state: number(p.state, &STATES),
                ip: (expected != Some(p.ip)).then(|| p.ip.octets()),
            }
        })
        .collect()
}

fn default_pod_name(index: usize) -> String {
    format!("web-{}", index + 1)
}

pub(super) fn decode(bytes: &[u8]) -> Result<Link, LinkError> {
    let (record, rest) = take(bytes)?;
    if !rest.is_empty() {
        return Err(LinkError::Unreadable(format!("{} bytes follow the board", rest.len())));
    }
    link_of(record)
}

/// Reads a format-1 record off the front of `bytes`; returns what follows.
pub(super) fn take(bytes: &[u8]) -> Result<(LinkV1, &[u8]), LinkError> {
    postcard::take_from_bytes(bytes).map_err(|e| LinkError::Unreadable(e.to_string()))
}

/// The board and view a format-1 record describes.
pub(super) fn link_of(record: LinkV1) -> Result<Link, LinkError> {
    link_with(record, |_| Ok(()))
}

/// The board and view a format-1 record describes, with `more` (what a later
/// format adds) written into the scenario file before it is checked.
pub(super) fn link_with(
    record: LinkV1,
    more: impl FnOnce(&mut ScenarioFile) -> Result<(), LinkError>,
) -> Result<Link, LinkError> {
    if record.nodes.len() > MAX_NODES || record.pods.len() > MAX_PODS {
        return Err(LinkError::Unreadable(format!(
            "{} nodes and {} pods is more than Kubernetes supports ({MAX_NODES} and {MAX_PODS})",
            record.nodes.len(),
            record.pods.len()
        )));
    }
    let preset = record.preset.as_deref().and_then(Preset::by_id);
    let preset_scenario = preset.and_then(|p| p.scenario().ok());
    let mut file = scenario_file(&record)?;
    let inherited = |own: Option<Option<String>>, theirs: Option<&Option<String>>| match own {
        Some(value) => value,
        None => theirs.cloned().flatten(),
    };
    file.title = inherited(record.title, preset_scenario.as_ref().map(|p| &p.title));
    file.description = inherited(record.description, preset_scenario.as_ref().map(|p| &p.description));
    more(&mut file)?;
    let scenario = Scenario::from_file(file).map_err(LinkError::Invalid)?;
    let view = ViewV1::to_view(&record.view, scenario.pods().len());
    Ok(Link { scenario, preset: preset.map(|p| p.id), view })
}

impl ViewV1 {
    fn to_view(&self, pod_count: usize) -> View {
        View {
            selected: self.selected.filter(|&i| (i as usize) < pod_count).map(PodId),
            follow: self.follow,
            playing: self.playing,
            pace: Pace { speed: f64::from(self.speed_centi) / 100.0, per_second: f64::from(self.rate_centi) / 100.0 }
                .offered(),
        }
    }
}

/// The record as a scenario file, every address spelled out.
fn scenario_file(record: &LinkV1) -> Result<ScenarioFile, LinkError> {
    let service = &record.service;
    let [port, target_port, node_port, health_check_node_port] = service.ports.unwrap_or(PORTS);
    let nodes: Vec<(String, Ipv4Addr, PodCidr)> = record
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let cidr = match n.pod_cidr {
                None => Ok(default_pod_cidr(i)),
                Some((network, len)) => format!("{}/{len}", Ipv4Addr::from(network))
                    .parse::<PodCidr>()
                    .map_err(|e| LinkError::Unreadable(format!("nodes[{i}].podCIDR: {e}"))),
            }?;
            let name = n.name.clone().unwrap_or_else(|| default_node_name(i));
            Ok((name, n.ip.map_or_else(|| default_node_ip(i), Ipv4Addr::from), cidr))
        })
        .collect::<Result<_, LinkError>>()?;
    let mut ipam = IpamReplay::new(nodes.iter().map(|n| n.2));
    let mut pods = Vec::with_capacity(record.pods.len());
    for (i, p) in record.pods.iter().enumerate() {
        let node = nodes.get(p.node as usize).ok_or_else(|| {
            LinkError::Unreadable(format!("pods[{i}] is on node #{}, but there are {} nodes", p.node, nodes.len()))
        })?;
        let ip = match p.ip {
            Some(ip) => Ipv4Addr::from(ip),
            None => ipam
                .next_free(p.node as usize)
                .ok_or_else(|| LinkError::Unreadable(format!("pods[{i}]: {} has no free address left", node.0)))?,
        };
        ipam.take(ip);
        pods.push(PodFile {
            name: p.name.clone().unwrap_or_else(|| default_pod_name(i)),
            node: node.0.clone(),
            state: Some(numbered(p.state, &STATES, "pod state")?),
            ip: Some(ip.to_string()),
        });
    }
    Ok(ScenarioFile {
        title: None,
        description: None,
        service: ServiceFile {
            name: Some(service.name.clone().unwrap_or_else(|| SERVICE_NAME.into())),
            namespace: Some(service.namespace.clone().unwrap_or_else(|| NAMESPACE.into())),
            service_type: Some(numbered(service.service_type, &TYPES, "Service type")?),
            external_traffic_policy: Some(numbered(
                service.external_traffic_policy,
                &POLICIES,
                "externalTrafficPolicy",
            )?),
            port: Some(port),
            target_port: Some(target_port),
            node_port: Some(node_port),
            health_check_node_port: Some(health_check_node_port),
            ..Default::default()
        },
        load_balancer: LoadBalancerFile {
            ip: Some(Ipv4Addr::from(record.load_balancer.ip.unwrap_or(LB_IP)).to_string()),
            health_check: Some(record.load_balancer.health_check),
            weighting: Some(numbered(record.load_balancer.weighting, &WEIGHTINGS, "LB weighting")?),
            ..Default::default()
        },
        client: ClientFile { ip: Some(Ipv4Addr::from(record.client_ip.unwrap_or(CLIENT_IP)).to_string()) },
        nodes: nodes
            .into_iter()
            .map(|(name, ip, cidr)| NodeFile {
                name,
                ip: Some(ip.to_string()),
                pod_cidr: Some(cidr.to_string()),
                ..Default::default()
            })
            .collect(),
        pods,
        ..Default::default()
    })
}

// Format 1's numbering of each enum: the value is the index.
const TYPES: [ServiceType; 2] = [ServiceType::LoadBalancer, ServiceType::NodePort];
const POLICIES: [ExternalTrafficPolicy; 2] = [ExternalTrafficPolicy::Cluster, ExternalTrafficPolicy::Local];
const WEIGHTINGS: [Weighting; 2] = [Weighting::Even, Weighting::PodsPerNode];
const STATES: [EndpointState; 3] = [EndpointState::Ready, EndpointState::Terminating, EndpointState::NotReady];

/// A frozen numbering's number for `value` (format 1's, and later formats').
pub(super) fn number<T: PartialEq>(value: T, numbering: &[T]) -> u8 {
    numbering.iter().position(|v| *v == value).unwrap_or(0) as u8
}

/// The value a frozen numbering numbers `n`.
pub(super) fn numbered<T: Copy>(n: u8, numbering: &[T], what: &str) -> Result<T, LinkError> {
    numbering.get(usize::from(n)).copied().ok_or_else(|| LinkError::Unreadable(format!("{what} {n} is unknown")))
}

/// Host-local IPAM replayed in list order: each node hands out the lowest
/// address of its pod CIDR that no earlier pod holds. Addresses only get
/// taken, so each node's lowest free address only grows: one forward cursor
/// per node, O(pods) in all.
struct IpamReplay {
    cursors: Vec<(Box<dyn Iterator<Item = Ipv4Addr>>, Option<Ipv4Addr>)>,
    taken: HashSet<Ipv4Addr>,
}

impl IpamReplay {
    fn new(cidrs: impl Iterator<Item = PodCidr>) -> Self {
        let cursors = cidrs
            .map(|cidr| {
                let mut addresses: Box<dyn Iterator<Item = Ipv4Addr>> = Box::new(cidr.pod_addresses());
                let first = addresses.next();
                (addresses, first)
            })
            .collect();
        IpamReplay { cursors, taken: HashSet::new() }
    }

    /// The lowest free address on node `node`, or `None` when it is full (or
    /// there is no such node).
    fn next_free(&mut self, node: usize) -> Option<Ipv4Addr> {
        let (addresses, current) = self.cursors.get_mut(node)?;
        while let Some(ip) = *current {
            if !self.taken.contains(&ip) {
                return Some(ip);
            }
            *current = addresses.next();
        }
        None
    }

    fn take(&mut self, ip: Ipv4Addr) {
        self.taken.insert(ip);
    }
}
