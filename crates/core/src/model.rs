//! The things a scenario is made of, named as Kubernetes names them.
//!
//! Enum values serialize exactly as they appear in Kubernetes objects
//! (`externalTrafficPolicy: Local`, `type: NodePort`), so scenario files and
//! `Display` output read like `kubectl` output.

use std::fmt;
use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

use crate::addressing::PodCidr;
use crate::ids::NodeId;
use crate::lb::Provider;
use crate::proxy_protocol::ProxyProtocol;

/// `spec.type`: only these two types take external traffic, so only these two
/// have an `externalTrafficPolicy`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ServiceType {
    #[default]
    LoadBalancer,
    NodePort,
}

/// `spec.externalTrafficPolicy`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ExternalTrafficPolicy {
    /// Any node forwards to any endpoint, and the client address is masqueraded.
    #[default]
    Cluster,
    /// A node forwards only to its own endpoints, and the client address survives.
    Local,
}

/// An endpoint's EndpointSlice conditions, reduced to the three combinations
/// kube-proxy distinguishes (`pkg/proxy/topology.go`, `CategorizeEndpoints`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EndpointState {
    /// `ready: true` (and so serving).
    #[default]
    Ready,
    /// `ready: false, serving: true, terminating: true`: used only as a fallback.
    Terminating,
    /// `ready: false, serving: false`: never receives traffic.
    NotReady,
}

/// How the load balancer weighs the nodes that pass its health check.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Weighting {
    /// Every eligible node gets the same share (flow hash).
    #[default]
    Even,
    /// GKE's `networking.gke.io/weighted-load-balancing: pods-per-node`: nodes are
    /// weighted by the health check's `X-Load-Balancing-Endpoint-Weight`. It
    /// applies only to LoadBalancer + Local with health checks on.
    PodsPerNode,
}

/// `spec.trafficDistribution`: the two values that prefer endpoints in the
/// receiving node's zone. Kubernetes treats them alike (`PreferSameZone` is the
/// newer name of `PreferClose`): the EndpointSlice controller hints every Ready
/// endpoint for its own zone, and kube-proxy then filters the **Cluster**
/// endpoint set by zone (`pkg/proxy/topology.go`, `CategorizeEndpoints`).
/// `Local` ignores it, and so does traffic that bypasses kube-proxy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TrafficDistribution {
    PreferClose,
    PreferSameZone,
}

/// The Service under study (one port).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Service {
    pub name: String,
    pub namespace: String,
    pub service_type: ServiceType,
    pub external_traffic_policy: ExternalTrafficPolicy,
    /// `spec.ports[0].port`, served on the load balancer's VIP.
    pub port: u16,
    /// `spec.ports[0].targetPort`, where the pods listen.
    pub target_port: u16,
    /// `spec.ports[0].nodePort`, opened on every node.
    pub node_port: u16,
    /// `spec.healthCheckNodePort`: kube-proxy answers health checks there for
    /// LoadBalancer + Local.
    pub health_check_node_port: u16,
    /// `spec.trafficDistribution`; takes effect with `Cluster` on zoned nodes.
    pub traffic_distribution: Option<TrafficDistribution>,
}

impl Service {
    /// Whether kube-proxy serves `healthCheckNodePort` for this Service: only
    /// for `type: LoadBalancer` with `externalTrafficPolicy: Local`.
    pub fn has_health_check_node_port(&self) -> bool {
        self.service_type == ServiceType::LoadBalancer && self.external_traffic_policy == ExternalTrafficPolicy::Local
    }
}

/// The cloud or external load balancer in front of the nodes. A `NodePort`
/// Service has none, whatever `provider` says: clients spread over nodes evenly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadBalancer {
    /// The VIP (`status.loadBalancer.ingress[0].ip`).
    pub ip: Ipv4Addr,
    /// The `generic` provider's setting: whether it probes `healthCheckNodePort`
    /// and skips nodes answering 503. Other providers ignore it: their health
    /// checks follow from the provider and the Service (see `lb`).
    pub health_check: bool,
    /// The `generic` provider's setting (GKE's weighting); other providers ignore it.
    pub weighting: Weighting,
    /// Which load balancer implementation this is, with its own settings.
    pub provider: Provider,
    /// `loadBalancer.proxyProtocol`: the PROXY protocol version it writes in
    /// front of each connection, if any (only versions the provider can send).
    pub proxy_protocol: Option<ProxyProtocol>,
}

/// Where external connections come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Client {
    pub ip: Ipv4Addr,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub name: String,
    /// The node's `InternalIP`, which MASQUERADE uses towards other nodes.
    pub ip: Ipv4Addr,
    pub pod_cidr: PodCidr,
    /// The node's `topology.kubernetes.io/zone` label. In a scenario either
    /// every node has one or none does.
    pub zone: Option<String>,
}

/// A pod backing the Service: one endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pod {
    pub name: String,
    pub node: NodeId,
    pub state: EndpointState,
    pub ip: Ipv4Addr,
}

macro_rules! display_as_kubernetes {
    ($($ty:ty { $($variant:ident => $text:literal),+ $(,)? })+) => {$(
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(match self { $(Self::$variant => $text),+ })
            }
        }
    )+};
}

display_as_kubernetes! {
    ServiceType { LoadBalancer => "LoadBalancer", NodePort => "NodePort" }
    ExternalTrafficPolicy { Cluster => "Cluster", Local => "Local" }
    EndpointState { Ready => "Ready", Terminating => "Terminating", NotReady => "NotReady" }
    Weighting { Even => "even", PodsPerNode => "podsPerNode" }
    TrafficDistribution { PreferClose => "PreferClose", PreferSameZone => "PreferSameZone" }
}
