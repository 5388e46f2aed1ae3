//! The settings that keep the client's address: `loadBalancer.proxyProtocol`
//! (only a version the provider can send), `dataPath` (DSR only where the
//! packet reaches the node still addressed to the VIP), and `ingress` (its
//! controller pods on the scenario's nodes). `app.expectProxyProtocol` is a
//! plain bool and needs no check.

use std::collections::HashMap;

use super::check::{kubernetes_name, unknown_node};
use super::file::IngressFile;
use super::ScenarioError;
use crate::compare::data_path_allowed;
use crate::datapath::DataPath;
use crate::ingress::{ControllerPod, Ingress};
use crate::lb::Provider;
use crate::model::{Service, ServiceType};
use crate::proxy_protocol::ProxyProtocol;
use crate::scenario::Scenario;

/// `loadBalancer.proxyProtocol`, refused where nothing can send it.
pub(super) fn proxy_protocol(
    version: Option<ProxyProtocol>,
    provider: Provider,
    service: &Service,
) -> Result<Option<ProxyProtocol>, ScenarioError> {
    let Some(version) = version else { return Ok(None) };
    let path = "loadBalancer.proxyProtocol";
    if service.service_type == ServiceType::NodePort {
        return Err(ScenarioError::new(path, "a NodePort Service has no load balancer to send a PROXY header")
            .with_fix("set service.type to LoadBalancer, or remove `proxyProtocol`"));
    }
    if let Some(reason) = provider.proxy_protocol_refusal(version) {
        let can: Vec<String> = provider.proxy_protocol_versions().iter().map(|v| format!("`{v}`")).collect();
        let fix = match can.as_slice() {
            [] => "remove `proxyProtocol`, or keep the client's address another way (Local, an ingress \
                   controller, or a data path that does not masquerade)"
                .to_string(),
            _ => format!("use {} or remove `proxyProtocol`", can.join(" or ")),
        };
        return Err(ScenarioError::new(path, format!("`{provider}` cannot send PROXY protocol {version}: {reason}"))
            .with_fix(fix));
    }
    Ok(Some(version))
}

/// `dataPath`, refused behind a load balancer it cannot work with.
pub(super) fn data_path(data_path: Option<DataPath>, provider: Provider) -> Result<DataPath, ScenarioError> {
    let data_path = data_path.unwrap_or_default();
    if !data_path_allowed(provider, data_path) {
        return Err(ScenarioError::new(
            "dataPath",
            format!(
                "`{data_path}` needs packets that reach the node still addressed to the VIP, and `{provider}` \
                 rewrites the destination (instance targets) or sends straight to pods (IP targets)"
            ),
        )
        .with_fix("use `kubeProxy`, or a provider that passes the VIP through (generic, MetalLB, Azure)"));
    }
    Ok(data_path)
}

/// `ingress`: the controller's policy and pods, on the scenario's nodes.
pub(super) fn ingress(file: &IngressFile, scenario: &Scenario) -> Result<Ingress, ScenarioError> {
    let mut names: HashMap<&str, usize> = HashMap::with_capacity(file.pods.len());
    let mut pods = Vec::with_capacity(file.pods.len());
    for (i, pod) in file.pods.iter().enumerate() {
        let at = |field: &str| format!("ingress.pods[{i}].{field}");
        kubernetes_name(&pod.name, &at("name"))?;
        if let Some(first) = names.insert(&pod.name, i) {
            return Err(ScenarioError::new(
                at("name"),
                format!("`{}` is already the name of ingress.pods[{first}]", pod.name),
            )
            .with_fix("give every controller pod its own name"));
        }
        let node = scenario.node_id(&pod.node).ok_or_else(|| unknown_node(&at("node"), &pod.node, scenario.nodes()))?;
        pods.push(ControllerPod { name: pod.name.clone(), node, state: pod.state.unwrap_or_default() });
    }
    Ok(Ingress {
        external_traffic_policy: file.external_traffic_policy.unwrap_or_default(),
        use_proxy_protocol: file.use_proxy_protocol,
        pods,
    })
}
