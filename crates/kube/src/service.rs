//! The Service's settings as the scenario's `service` and `loadBalancer`
//! sections: `type`, `externalTrafficPolicy` (default `Cluster`), the first
//! port's `port`, `targetPort` and `nodePort`, `healthCheckNodePort`,
//! `trafficDistribution`, the VIP from `status.loadBalancer.ingress[0].ip`,
//! and the load balancer: the AWS Load Balancer Controller's NLB when the
//! Service is handed to it (`aws`), otherwise the generic one, with GKE's
//! weighted load balancing from the annotation
//! `networking.gke.io/weighted-load-balancing: pods-per-node` (GKE docs,
//! "About LoadBalancer Services", weighted load balancing).
//!
//! The board models one port; the others are named in a note. Other
//! providers (MetalLB, Azure) are configured in the cluster, not the
//! Service, so the import cannot see them: it uses the generic load balancer
//! and says so.

use std::net::Ipv4Addr;

use trafficlab_core::{
    ExternalTrafficPolicy, LoadBalancerFile, ServiceFile, ServiceType, TrafficDistribution, Weighting,
};

use crate::annotations::{GKE_WEIGHTING, PODS_PER_NODE};
use crate::aws::{self, Claim};
use crate::cluster::{service_ref, At, Cluster};
use crate::error::{KubeError, Note};
use crate::objects::{IntOrString, ServiceObject};
/// Used when the Service has no `healthCheckNodePort` (it has one only for
/// LoadBalancer + Local), if the node port is not already this.
const HEALTH_CHECK_NODE_PORTS: [u16; 2] = [32080, 32081];

/// The Service's sections of the scenario, and a named `targetPort` still
/// to be resolved against the endpoints' ports.
pub(crate) struct Settings {
    pub service: ServiceFile,
    pub load_balancer: LoadBalancerFile,
    /// `spec.ports[0].name`: the EndpointSlice port of the same name carries the target port.
    pub port_name: String,
    /// `targetPort` when it names a container port.
    pub target_port_name: Option<String>,
    pub publish_not_ready_addresses: bool,
}

pub(crate) fn settings(
    cluster: &Cluster,
    at: &At<ServiceObject>,
    notes: &mut Vec<Note>,
) -> Result<Settings, KubeError> {
    let (s, loc) = (&at.object, at.loc);
    let reference = service_ref(s);
    let service_type = match reference.service_type.as_str() {
        "NodePort" => ServiceType::NodePort,
        _ => ServiceType::LoadBalancer,
    };
    let policy = match s.spec.external_traffic_policy.as_deref() {
        None | Some("Cluster") => ExternalTrafficPolicy::Cluster,
        Some("Local") => ExternalTrafficPolicy::Local,
        Some(other) => {
            return Err(cluster
                .error(loc, "spec.externalTrafficPolicy", format!("`{other}` is not an externalTrafficPolicy"))
                .with_fix("use Cluster or Local (case-sensitive), or leave it out for Cluster"))
        }
    };
    let Some(first) = s.spec.ports.first() else {
        return Err(cluster
            .error(loc, "spec.ports", "the Service has no ports")
            .with_fix("give it a port: ports: [{port: 80, targetPort: 8080}]"));
    };
    let port = port_number(cluster, at, "spec.ports[0].port", first.port.ok_or(()))?;
    let (target_port, target_port_name) = match &first.target_port {
        None => (port, None),
        Some(IntOrString::Int(n)) => (port_number(cluster, at, "spec.ports[0].targetPort", Ok(*n))?, None),
        Some(IntOrString::String(name)) => match name.parse::<i64>() {
            Ok(n) => (port_number(cluster, at, "spec.ports[0].targetPort", Ok(n))?, None),
            Err(_) => (port, Some(name.clone())),
        },
    };
    let node_port = match first.node_port {
        Some(n) => Some(port_number(cluster, at, "spec.ports[0].nodePort", Ok(n))?),
        None => {
            notes.push(Note::new(
                cluster.place(loc, "spec.ports[0]"),
                "no nodePort (allocateLoadBalancerNodePorts: false?); the board uses 30080",
            ));
            None
        }
    };
    let health_check_node_port = match s.spec.health_check_node_port {
        Some(n) => port_number(cluster, at, "spec.healthCheckNodePort", Ok(n))?,
        None => HEALTH_CHECK_NODE_PORTS.into_iter().find(|&p| Some(p) != node_port).unwrap_or_default(),
    };
    port_notes(cluster, at, notes);
    let traffic_distribution = traffic_distribution(cluster, at, notes);
    let service = ServiceFile {
        name: Some(reference.name.clone()),
        namespace: Some(reference.namespace.clone()),
        service_type: Some(service_type),
        external_traffic_policy: Some(policy),
        port: Some(port),
        target_port: Some(target_port),
        node_port,
        health_check_node_port: Some(health_check_node_port),
        traffic_distribution,
    };
    let load_balancer = load_balancer(cluster, at, service_type, policy, port, notes);
    Ok(Settings {
        service,
        load_balancer,
        port_name: first.name.clone().unwrap_or_default(),
        target_port_name,
        publish_not_ready_addresses: s.spec.publish_not_ready_addresses,
    })
}

/// A port number from 1 to 65535, or an error at `field`.
fn port_number(
    cluster: &Cluster,
    at: &At<ServiceObject>,
    field: &str,
    value: Result<i64, ()>,
) -> Result<u16, KubeError> {
    match value {
        Ok(n) if (1..=65535).contains(&n) => Ok(n as u16),
        Ok(n) => Err(cluster.error(at.loc, field, format!("{n} is not a port")).with_fix("use a port from 1 to 65535")),
        Err(()) => Err(cluster.error(at.loc, field, "the port has no number").with_fix("give it one, e.g. port: 80")),
    }
}

/// Notes on what of the ports the board leaves out.
fn port_notes(cluster: &Cluster, at: &At<ServiceObject>, notes: &mut Vec<Note>) {
    let ports = &at.object.spec.ports;
    if let Some(protocol) = ports[0].protocol.as_deref().filter(|p| *p != "TCP") {
        notes.push(Note::new(
            cluster.place(at.loc, "spec.ports[0].protocol"),
            format!("{protocol}: the board draws TCP connections; the shares are the same for any protocol"),
        ));
    }
    if ports.len() > 1 {
        let others: Vec<String> = ports[1..]
            .iter()
            .map(|p| match (&p.name, p.port) {
                (Some(name), Some(port)) => format!("{name} ({port})"),
                (None, Some(port)) => port.to_string(),
                (Some(name), None) => name.clone(),
                (None, None) => "?".to_string(),
            })
            .collect();
        notes.push(Note::new(
            cluster.place(at.loc, "spec.ports"),
            format!("the board models the first port; left out: {}", others.join(", ")),
        ));
    }
}

fn traffic_distribution(
    cluster: &Cluster,
    at: &At<ServiceObject>,
    notes: &mut Vec<Note>,
) -> Option<TrafficDistribution> {
    match at.object.spec.traffic_distribution.as_deref()? {
        "PreferClose" => Some(TrafficDistribution::PreferClose),
        "PreferSameZone" => Some(TrafficDistribution::PreferSameZone),
        other => {
            notes.push(Note::new(
                cluster.place(at.loc, "spec.trafficDistribution"),
                format!("`{other}` is not modelled (only PreferClose and PreferSameZone); the board leaves it out"),
            ));
            None
        }
    }
}

/// The load balancer: the Service's VIP, then the AWS NLB or the generic
/// load balancer with GKE's weighting.
fn load_balancer(
    cluster: &Cluster,
    at: &At<ServiceObject>,
    service_type: ServiceType,
    policy: ExternalTrafficPolicy,
    port: u16,
    notes: &mut Vec<Note>,
) -> LoadBalancerFile {
    let mut file = LoadBalancerFile::default();
    let claim = aws::claim(&at.object);
    if service_type == ServiceType::NodePort {
        if let Claim::Aws(_) = claim {
            notes.push(Note::new(
                cluster.place(at.loc, "spec.type"),
                "the AWS Load Balancer Controller's annotations are on a NodePort Service, which has no load \
                 balancer on the board; they are not read (make it type LoadBalancer to see the NLB)",
            ));
        }
        return file;
    }
    file.ip = vip(cluster, at, notes);
    match claim {
        Claim::Aws(how) => aws::read(cluster, at, how, policy, port, &mut file, notes),
        Claim::Other(why) => {
            if let Some((field, why)) = why {
                notes.push(Note::new(cluster.place(at.loc, &field), why));
            }
            file.weighting = gke_weighting(cluster, at, policy, notes);
            notes.push(Note::new(
                "",
                format!(
                    "the load balancer is the generic one (even over nodes, probing healthCheckNodePort, failing \
                     open): the cloud provider is not read from the Service, except that {}",
                    aws::recognised()
                ),
            ));
        }
    }
    file
}

/// `status.loadBalancer.ingress[0].ip`, or a note and the board's default.
fn vip(cluster: &Cluster, at: &At<ServiceObject>, notes: &mut Vec<Note>) -> Option<String> {
    match at.object.status.load_balancer.ingress.first() {
        Some(ingress) => match ingress.ip.as_deref().map(str::parse::<Ipv4Addr>) {
            Some(Ok(ip)) => return Some(ip.to_string()),
            _ => notes.push(Note::new(
                cluster.place(at.loc, "status.loadBalancer.ingress[0]"),
                match &ingress.hostname {
                    Some(host) => format!(
                        "the load balancer has a hostname ({host}), not an IPv4 address; the board uses 198.51.100.10"
                    ),
                    None => "no IPv4 address; the board uses 198.51.100.10".to_string(),
                },
            )),
        },
        None => notes.push(Note::new(
            cluster.place(at.loc, "status.loadBalancer"),
            "no ingress IP yet (pending?); the board uses 198.51.100.10",
        )),
    }
    None
}

/// GKE's weighted load balancing, from its annotation.
fn gke_weighting(
    cluster: &Cluster,
    at: &At<ServiceObject>,
    policy: ExternalTrafficPolicy,
    notes: &mut Vec<Note>,
) -> Option<Weighting> {
    let value = at.object.metadata.annotations.get(GKE_WEIGHTING)?;
    let place = cluster.place(at.loc, &format!("metadata.annotations[\"{GKE_WEIGHTING}\"]"));
    if value != PODS_PER_NODE {
        notes.push(Note::new(place, format!("`{value}` is not `{PODS_PER_NODE}`; the board weighs nodes evenly")));
        return None;
    }
    let effect = match policy {
        ExternalTrafficPolicy::Local => "nodes are weighted by their Ready pods (GKE's weighted load balancing)",
        ExternalTrafficPolicy::Cluster => "pods-per-node weighting, which GKE applies only with externalTrafficPolicy: Local, so it changes nothing here",
    };
    notes.push(Note::new(place, effect));
    Some(Weighting::PodsPerNode)
}
