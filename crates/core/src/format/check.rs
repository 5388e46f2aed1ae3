//! The rules a [`Scenario`] promises, checked on a parsed file, with Kubernetes'
//! defaults filled in. Each failure names its place and its fix.

use std::collections::HashMap;
use std::net::Ipv4Addr;

use super::file::{NodeFile, PodFile, ScenarioFile};
use super::load_balancer::load_balancer;
use super::{ScenarioError, MAX_NODES, MAX_PODS};
use crate::addressing::{self, default_node_ip, default_pod_cidr, PodCidr, NODE_PORT_RANGE};
use crate::ids::NodeId;
use crate::model::{Client, Node, Pod, Service};
use crate::scenario::Scenario;

pub(super) fn scenario(file: ScenarioFile) -> Result<Scenario, ScenarioError> {
    let service = service(&file)?;
    let load_balancer = load_balancer(&file.load_balancer, &service)?;
    let client = Client { ip: ip_or(file.client.ip.as_deref(), "client.ip", addressing::DEFAULT_CLIENT_IP)? };
    let nodes = nodes(&file.nodes)?;
    let pods = pods(&file.pods, &nodes)?;
    let provider = load_balancer.provider;
    let mut scenario = Scenario::from_checked_parts(service, load_balancer, client, nodes, pods);
    scenario.data_path = super::client_ip::data_path(file.data_path, provider)?;
    scenario.expect_proxy_protocol = file.app.as_ref().and_then(|a| a.expect_proxy_protocol);
    scenario.ingress = match &file.ingress {
        None => None,
        Some(ingress) => Some(super::client_ip::ingress(ingress, &scenario)?),
    };
    scenario.title = file.title;
    scenario.description = file.description;
    Ok(scenario)
}

fn service(file: &ScenarioFile) -> Result<Service, ScenarioError> {
    let s = &file.service;
    let defaults = Service::default();
    let name = s.name.clone().unwrap_or(defaults.name);
    let namespace = s.namespace.clone().unwrap_or(defaults.namespace);
    kubernetes_name(&name, "service.name")?;
    kubernetes_name(&namespace, "service.namespace")?;
    let node_port = checked_node_port(s.node_port, "service.nodePort", defaults.node_port)?;
    let health_check_node_port =
        checked_node_port(s.health_check_node_port, "service.healthCheckNodePort", defaults.health_check_node_port)?;
    if node_port == health_check_node_port {
        return Err(ScenarioError::new("service.healthCheckNodePort", format!("{node_port} is also the nodePort"))
            .with_fix("give the two ports different numbers"));
    }
    let port = nonzero_port(s.port, "service.port", defaults.port)?;
    let target_port = nonzero_port(s.target_port, "service.targetPort", defaults.target_port)?;
    Ok(Service {
        name,
        namespace,
        service_type: s.service_type.unwrap_or_default(),
        external_traffic_policy: s.external_traffic_policy.unwrap_or_default(),
        port,
        target_port,
        node_port,
        health_check_node_port,
        traffic_distribution: s.traffic_distribution,
    })
}

fn nodes(files: &[NodeFile]) -> Result<Vec<Node>, ScenarioError> {
    if files.is_empty() {
        return Err(ScenarioError::new("nodes", "a scenario needs at least one node")
            .with_fix("add one: \"nodes\": [{\"name\": \"node-a\"}]"));
    }
    if files.len() > MAX_NODES {
        return Err(ScenarioError::new(
            "nodes",
            format!("{} nodes is more than Kubernetes supports ({MAX_NODES})", files.len()),
        )
        .with_fix("model a slice of the cluster: the shares depend on the layout, not the size"));
    }
    let mut names: HashMap<&str, usize> = HashMap::with_capacity(files.len());
    let mut ips: HashMap<Ipv4Addr, usize> = HashMap::with_capacity(files.len());
    let mut nodes = Vec::with_capacity(files.len());
    for (i, file) in files.iter().enumerate() {
        let at = |field: &str| format!("nodes[{i}].{field}");
        kubernetes_name(&file.name, &at("name"))?;
        if let Some(first) = names.insert(&file.name, i) {
            return Err(ScenarioError::new(
                at("name"),
                format!("`{}` is already the name of nodes[{first}]", file.name),
            )
            .with_fix("give every node its own name"));
        }
        let ip = ip_or(file.ip.as_deref(), &at("ip"), default_node_ip(i))?;
        if let Some(first) = ips.insert(ip, i) {
            return Err(ScenarioError::new(
                at("ip"),
                format!("{ip} is already the IP of nodes[{first}] ({})", files[first].name),
            )
            .with_fix("give every node its own `ip` (without one, node i gets 10.0.0.(10+i))"));
        }
        let pod_cidr = match &file.pod_cidr {
            None => default_pod_cidr(i),
            Some(text) => text.parse::<PodCidr>().map_err(|e| ScenarioError::new(at("podCIDR"), e))?,
        };
        let zone = match &file.zone {
            None => None,
            Some(zone) => {
                Some(check_zone(zone).map_err(|e| ScenarioError::new(at("zone"), e.problem).with_fix(e.fix))?)
            }
        };
        nodes.push(Node { name: file.name.clone(), ip, pod_cidr, zone });
    }
    zoned_alike(&nodes)?;
    disjoint_pod_cidrs(files, &nodes)?;
    Ok(nodes)
}

/// Either every node has a zone or none does: a zone-aware load balancer or
/// kube-proxy needs to know every node's.
fn zoned_alike(nodes: &[Node]) -> Result<(), ScenarioError> {
    let zoned = nodes.iter().position(|n| n.zone.is_some());
    let unzoned = nodes.iter().position(|n| n.zone.is_none());
    let (Some(zoned), Some(unzoned)) = (zoned, unzoned) else { return Ok(()) };
    let example = nodes[zoned].zone.as_deref().unwrap_or_default();
    Err(ScenarioError::new(
        format!("nodes[{unzoned}].zone"),
        format!(
            "{} has no zone, but nodes[{zoned}] ({}) is in zone `{example}`: either every node has a zone or none does",
            nodes[unzoned].name, nodes[zoned].name
        ),
    )
    .with_fix(format!(
        "give {} a `zone` (its topology.kubernetes.io/zone label, e.g. \"{example}\"), or remove `zone` from every node",
        nodes[unzoned].name
    )))
}

/// Why a zone is refused, and how to fix it.
pub(crate) struct ZoneError {
    problem: String,
    fix: &'static str,
}

/// A zone is a label value: 1 to 63 letters, digits, `-`, `_` and `.`,
/// alphanumeric at both ends.
pub(crate) fn check_zone(zone: &str) -> Result<String, ZoneError> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    let ends_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if zone.is_empty()
        || zone.len() > 63
        || !zone.chars().all(allowed)
        || !ends_ok(zone.chars().next())
        || !ends_ok(zone.chars().last())
    {
        let shown: String = zone.chars().take(70).collect();
        return Err(ZoneError {
            problem: format!("`{shown}` is not a valid zone (a label value)"),
            fix: "use 1 to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit (like us-east-1a)",
        });
    }
    Ok(zone.to_string())
}

/// Node IPAM gives every node its own range; overlapping ones would give two
/// pods the same IP. One sort, one sweep.
fn disjoint_pod_cidrs(files: &[NodeFile], nodes: &[Node]) -> Result<(), ScenarioError> {
    let mut spans: Vec<(u32, u32, usize)> =
        nodes.iter().enumerate().map(|(i, n)| (n.pod_cidr.span().0, n.pod_cidr.span().1, i)).collect();
    spans.sort_unstable();
    let mut widest = spans[0];
    for &(first, last, i) in &spans[1..] {
        if first <= widest.1 {
            let (a, b) = (widest.2.min(i), widest.2.max(i));
            let how = |k: usize| if files[k].pod_cidr.is_some() { "its podCIDR" } else { "its default podCIDR" };
            return Err(ScenarioError::new(
                format!("nodes[{b}].podCIDR"),
                format!(
                    "{} {} overlaps {}'s {}, so pods on the two nodes could get the same IP",
                    how(b),
                    nodes[b].pod_cidr,
                    nodes[a].name,
                    nodes[a].pod_cidr
                ),
            )
            .with_fix(format!("give {} a `podCIDR` of its own, e.g. one no other node uses", nodes[b].name)));
        }
        if last > widest.1 {
            widest = (first, last, i);
        }
    }
    Ok(())
}

fn pods(files: &[PodFile], nodes: &[Node]) -> Result<Vec<Pod>, ScenarioError> {
    if files.len() > MAX_PODS {
        return Err(ScenarioError::new(
            "pods",
            format!("{} pods is more than Kubernetes supports ({MAX_PODS})", files.len()),
        )
        .with_fix("model a slice of the cluster: the shares depend on the layout, not the size"));
    }
    let node_ids: HashMap<&str, NodeId> =
        nodes.iter().enumerate().map(|(i, n)| (n.name.as_str(), NodeId(i as u32))).collect();
    let mut names: HashMap<&str, usize> = HashMap::with_capacity(files.len());
    let mut taken: HashMap<Ipv4Addr, usize> = HashMap::with_capacity(files.len());
    // First pass: names, nodes and explicit IPs, so defaults can avoid them.
    let mut placed = Vec::with_capacity(files.len());
    for (i, file) in files.iter().enumerate() {
        let at = |field: &str| format!("pods[{i}].{field}");
        kubernetes_name(&file.name, &at("name"))?;
        if let Some(first) = names.insert(&file.name, i) {
            return Err(ScenarioError::new(
                at("name"),
                format!("`{}` is already the name of pods[{first}]", file.name),
            )
            .with_fix("give every pod its own name"));
        }
        let node = *node_ids.get(file.node.as_str()).ok_or_else(|| unknown_node(&at("node"), &file.node, nodes))?;
        let cidr = nodes[node.index()].pod_cidr;
        let ip = match file.ip.as_deref() {
            None => None,
            Some(text) => Some(parse_ip(text, &at("ip"))?),
        };
        if let Some(ip) = ip {
            if !cidr.contains(ip) {
                return Err(ScenarioError::new(at("ip"), format!("{ip} is outside {}'s podCIDR {cidr}", file.node))
                    .with_fix(format!("pick an address in {cidr}, or leave `ip` out to get one")));
            }
            if let Some(first) = taken.insert(ip, i) {
                return Err(ScenarioError::new(
                    at("ip"),
                    format!("{ip} is already the IP of pods[{first}] ({})", files[first].name),
                )
                .with_fix("give every pod its own `ip`, or leave `ip` out to get a free one"));
            }
        }
        placed.push((node, ip));
    }
    // Second pass: the lowest free address in the node's pod CIDR, like host-local IPAM.
    let mut cursors: Vec<Box<dyn Iterator<Item = Ipv4Addr>>> =
        nodes.iter().map(|n| Box::new(n.pod_cidr.pod_addresses()) as Box<dyn Iterator<Item = Ipv4Addr>>).collect();
    let mut pods = Vec::with_capacity(files.len());
    for (i, (file, (node, ip))) in files.iter().zip(placed).enumerate() {
        let ip = match ip {
            Some(ip) => ip,
            None => cursors[node.index()].by_ref().find(|ip| !taken.contains_key(ip)).ok_or_else(|| {
                let cidr = nodes[node.index()].pod_cidr;
                ScenarioError::new(
                    format!("pods[{i}].node"),
                    format!("{} is full: its podCIDR {cidr} holds {} pods", file.node, cidr.pod_capacity()),
                )
                .with_fix(format!("give {} a larger `podCIDR` (e.g. /23), or put the pod on another node", file.node))
            })?,
        };
        taken.insert(ip, i);
        pods.push(Pod { name: file.name.clone(), node, state: file.state.unwrap_or_default(), ip });
    }
    Ok(pods)
}

pub(super) fn unknown_node(path: &str, name: &str, nodes: &[Node]) -> ScenarioError {
    const SHOWN: usize = 8;
    let mut known: Vec<&str> = nodes.iter().take(SHOWN).map(|n| n.name.as_str()).collect();
    if nodes.len() > SHOWN {
        known.push("…");
    }
    ScenarioError::new(path, format!("there is no node named `{name}` (nodes: {})", known.join(", ")))
        .with_fix(format!("use one of those names, or add {{\"name\": \"{name}\"}} to `nodes`"))
}

/// Kubernetes object names are DNS subdomains (RFC 1123): lowercase letters,
/// digits, `-` and `.`, at most 253 characters, alphanumeric at both ends.
pub(super) fn kubernetes_name(name: &str, path: &str) -> Result<(), ScenarioError> {
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.';
    let ends_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if name.is_empty()
        || name.len() > 253
        || !name.chars().all(allowed)
        || !ends_ok(name.chars().next())
        || !ends_ok(name.chars().last())
    {
        let shown: String = name.chars().take(60).collect();
        return Err(ScenarioError::new(path, format!("`{shown}` is not a valid Kubernetes name"))
            .with_fix("use 1 to 253 lowercase letters, digits, '-' or '.', starting and ending with a letter or digit (like node-a)"));
    }
    Ok(())
}

fn parse_ip(text: &str, path: &str) -> Result<Ipv4Addr, ScenarioError> {
    text.trim().parse().map_err(|_| {
        let shown: String = text.chars().take(60).collect();
        ScenarioError::new(path, format!("`{shown}` is not an IPv4 address"))
            .with_fix("write four numbers from 0 to 255, like 10.0.0.21")
    })
}

pub(super) fn ip_or(text: Option<&str>, path: &str, default: Ipv4Addr) -> Result<Ipv4Addr, ScenarioError> {
    text.map_or(Ok(default), |t| parse_ip(t, path))
}

fn checked_node_port(value: Option<u16>, path: &str, default: u16) -> Result<u16, ScenarioError> {
    let port = value.unwrap_or(default);
    if !NODE_PORT_RANGE.contains(&port) {
        return Err(ScenarioError::new(path, format!("{port} is outside the NodePort range 30000-32767")).with_fix(
            "pick a port from 30000 to 32767 (kube-apiserver's --service-node-port-range), or leave it out",
        ));
    }
    Ok(port)
}

fn nonzero_port(value: Option<u16>, path: &str, default: u16) -> Result<u16, ScenarioError> {
    match value.unwrap_or(default) {
        0 => Err(ScenarioError::new(path, "0 is not a port").with_fix("use a port from 1 to 65535")),
        port => Ok(port),
    }
}
