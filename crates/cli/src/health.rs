//! The `health` report: the HTTP response a node's healthCheckNodePort gives,
//! or why the Service has no such port.

use trafficlab_core::{NodeId, Scenario};

use crate::error::CliError;

/// The response as `curl -i` shows it, ending in a newline.
pub fn render(scenario: &Scenario, node: NodeId) -> Result<String, CliError> {
    let service = &scenario.service;
    let response = scenario.health_check(node).ok_or_else(|| {
        CliError::new(format!(
            "the Service has no healthCheckNodePort; kube-proxy opens it only for type LoadBalancer \
             with externalTrafficPolicy Local (this one is type {}, externalTrafficPolicy {})",
            service.service_type, service.external_traffic_policy
        ))
    })?;
    let mut text = response.to_string();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}
