//! What a load balancer's health probe of a node sees: kube-proxy's answer on
//! `healthCheckNodePort` (`pkg/proxy/healthcheck/service_health.go`), or a
//! TCP handshake on the NodePort.

use std::fmt;

use crate::endpoints::EndpointCounts;
use crate::ids::NodeId;
use crate::model::ExternalTrafficPolicy;
use crate::scenario::Scenario;

/// What a load balancer's health probe of a node sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Probe {
    pub kind: ProbeKind,
    /// The node passes: HTTP 200, or the TCP handshake completes.
    pub up: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProbeKind {
    /// HTTP on the Service's `healthCheckNodePort`: kube-proxy answers 200
    /// when the node has a local Ready endpoint, else 503.
    HealthCheckNodePort,
    /// A TCP handshake on the Service's NodePort: it completes on every node
    /// while kube-proxy has an endpoint to DNAT to.
    NodePort,
}

/// `HTTP 200 on healthCheckNodePort`, `TCP down on NodePort`.
impl fmt::Display for Probe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.kind, self.up) {
            (ProbeKind::HealthCheckNodePort, true) => f.write_str("HTTP 200 on healthCheckNodePort"),
            (ProbeKind::HealthCheckNodePort, false) => f.write_str("HTTP 503 on healthCheckNodePort"),
            (ProbeKind::NodePort, true) => f.write_str("TCP up on NodePort"),
            (ProbeKind::NodePort, false) => f.write_str("TCP down on NodePort"),
        }
    }
}

/// The probe a cloud load balancer that targets nodes sends them, as both the
/// AWS Load Balancer Controller and cloud-provider-azure configure it: under
/// `Local`, HTTP on `healthCheckNodePort`, up iff the node has a local Ready
/// endpoint (kube-proxy's `service_health.go`); under `Cluster`, TCP on the
/// NodePort, up on every node while any endpoint can serve ([inferred]:
/// kube-proxy accepts the handshake wherever it has an endpoint to DNAT to).
pub(crate) fn node_probe(s: &Scenario, counts: &EndpointCounts, node: NodeId) -> Probe {
    match s.service.external_traffic_policy {
        ExternalTrafficPolicy::Local => {
            Probe { kind: ProbeKind::HealthCheckNodePort, up: counts.ready.get(node.index()).is_some_and(|&r| r > 0) }
        }
        ExternalTrafficPolicy::Cluster => Probe { kind: ProbeKind::NodePort, up: counts.has_any() },
    }
}
