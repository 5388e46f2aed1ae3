//! kube-proxy's `healthCheckNodePort` answer (docs/model.md, "The health check node port").
//!
//! Follows `ServeHTTP` in `pkg/proxy/healthcheck/service_health.go`: status 200
//! when the node has at least one local **Ready** endpoint (Terminating ones are
//! not counted: `LocalReadyEndpoints`) and kube-proxy is healthy, else 503; the
//! headers `Content-Type`, `X-Content-Type-Options` and (since v1.28)
//! `X-Load-Balancing-Endpoint-Weight`; and a tab-indented JSON body, exactly as
//! kube-proxy's `dedent` template prints it. kube-proxy is taken to be healthy
//! on every node. Go's `net/http` also adds `Date`, left out since the core has
//! no clock; headers are listed in Go's (sorted) order.

use std::fmt;

use crate::endpoints::EndpointCounts;
use crate::ids::NodeId;
use crate::scenario::Scenario;

/// The short form of a node's health-check answer, as the LB acts on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HealthCheck {
    /// 200 or 503.
    pub status: u16,
    /// Local Ready endpoints, also sent as `X-Load-Balancing-Endpoint-Weight`.
    pub local_endpoints: u32,
}

impl HealthCheck {
    pub(crate) fn of(counts: &EndpointCounts, node: NodeId) -> Self {
        let local_endpoints = counts.ready[node.index()];
        HealthCheck { status: if local_endpoints > 0 { 200 } else { 503 }, local_endpoints }
    }

    pub fn is_healthy(self) -> bool {
        self.status == 200
    }
}

/// The full HTTP response, as `curl -i http://NODE:HEALTHCHECKNODEPORT/` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HealthCheckResponse {
    pub check: HealthCheck,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
}

impl HealthCheckResponse {
    pub fn reason(&self) -> &'static str {
        if self.check.is_healthy() {
            "OK"
        } else {
            "Service Unavailable"
        }
    }
}

impl Scenario {
    /// What `node`'s `healthCheckNodePort` answers. `None` when the node does
    /// not exist or the Service has no such port (it exists only for
    /// `type: LoadBalancer` with `externalTrafficPolicy: Local`).
    pub fn health_check(&self, node: NodeId) -> Option<HealthCheckResponse> {
        if !self.service.has_health_check_node_port() {
            return None;
        }
        self.node(node)?;
        let check = HealthCheck::of(&EndpointCounts::of(self), node);
        let body = format!(
            "{{\n\t\"service\": {{\n\t\t\"namespace\": {},\n\t\t\"name\": {}\n\t}},\n\t\"localEndpoints\": {},\n\t\"serviceProxyHealthy\": true\n}}",
            go_quote(&self.service.namespace),
            go_quote(&self.service.name),
            check.local_endpoints,
        );
        let headers = vec![
            ("Content-Length", body.len().to_string()),
            ("Content-Type", "application/json".to_string()),
            ("X-Content-Type-Options", "nosniff".to_string()),
            ("X-Load-Balancing-Endpoint-Weight", check.local_endpoints.to_string()),
        ];
        Some(HealthCheckResponse { check, headers, body })
    }
}

/// Go's `%q` for the names Kubernetes allows (DNS labels need no escaping);
/// JSON string escaping covers anything else.
fn go_quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("\"{text}\""))
}

impl fmt::Display for HealthCheckResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "HTTP/1.1 {} {}", self.check.status, self.reason())?;
        for (name, value) in &self.headers {
            writeln!(f, "{name}: {value}")?;
        }
        writeln!(f)?;
        f.write_str(&self.body)
    }
}
