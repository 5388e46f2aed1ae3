//! The `shares --json` shape: pods and nodes in input order, shares as plain
//! fractions, and exactly these keys in this order. `imbalance` is `null`
//! without a Ready pod that gets anything, and when a Ready pod gets nothing
//! at all (JSON has no infinity).

use serde::Serialize;
use trafficlab_core::Scenario;

use crate::error::CliError;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SharesJson<'a> {
    pods: Vec<PodJson<'a>>,
    nodes: Vec<NodeJson<'a>>,
    dropped: f64,
    rejected: f64,
    snat: f64,
    cross_node: f64,
    /// Delivered with the client's own address as the TCP source.
    client_ip_preserved: f64,
    /// `null` when there is no Ready pod, or when a Ready pod gets nothing.
    imbalance: Option<f64>,
}

#[derive(Serialize)]
struct PodJson<'a> {
    name: &'a str,
    node: &'a str,
    share: f64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NodeJson<'a> {
    name: &'a str,
    /// The fraction the load balancer (or ARP, or the routers) sends the node;
    /// with IP targets, the sum of its pods' shares.
    lb_share: f64,
    /// Non-null exactly for `type: LoadBalancer` with `externalTrafficPolicy: Local`.
    health_check: Option<HealthCheckJson>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct HealthCheckJson {
    status: u16,
    local_endpoints: u32,
}

/// One line of compact JSON, ending in a newline.
pub fn render(scenario: &Scenario) -> Result<String, CliError> {
    let shares = scenario.shares();
    let node_name = |index: usize| scenario.nodes().get(index).map_or("", |n| n.name.as_str());
    let pods = scenario
        .pods()
        .iter()
        .zip(&shares.pods)
        .map(|(pod, &share)| PodJson { name: &pod.name, node: node_name(pod.node.index()), share })
        .collect();
    let nodes = scenario
        .nodes()
        .iter()
        .zip(&shares.nodes)
        .map(|(node, share)| NodeJson {
            name: &node.name,
            lb_share: share.lb,
            health_check: share
                .health_check
                .map(|h| HealthCheckJson { status: h.status, local_endpoints: h.local_endpoints }),
        })
        .collect();
    let json = SharesJson {
        pods,
        nodes,
        dropped: shares.dropped,
        rejected: shares.rejected,
        snat: shares.snat,
        cross_node: shares.cross_node,
        client_ip_preserved: shares.client_ip_preserved,
        imbalance: shares.imbalance.filter(|i| i.is_finite()),
    };
    let mut text =
        serde_json::to_string(&json).map_err(|e| CliError::new(format!("cannot write the shares as JSON: {e}")))?;
    text.push('\n');
    Ok(text)
}
