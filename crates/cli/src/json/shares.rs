//! The `shares --json` shape: pods and nodes in input order, shares as plain
//! fractions, and exactly these keys in this order. `imbalance` is `null`
//! without a Ready pod that gets anything, and when a Ready pod gets nothing
//! at all (JSON has no infinity). Each node lists its `candidates`: the
//! endpoints its rules may pick, with their chances, so that a pod's share is
//! the sum over nodes of `lbShare × probability`. A scenario imported from
//! kubectl output adds `notes`: what the import did.

use serde::Serialize;
use trafficlab_core::{Router, Scenario};

use super::{candidates, line, CandidateJson};
use crate::error::CliError;

/// The most candidate entries all nodes together may list (about 50 bytes of
/// JSON each). Under Cluster every node lists every endpoint, so a large
/// cluster would otherwise print nodes × pods entries.
const MAX_CANDIDATES_LISTED: usize = 4_000_000;

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
    /// What the import did, for a scenario imported from kubectl output
    /// (absent for a scenario file).
    #[serde(skip_serializing_if = "Option::is_none")]
    notes: Option<&'a [String]>,
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
    /// The endpoints a connection reaching this node may go to.
    candidates: Vec<CandidateJson<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct HealthCheckJson {
    status: u16,
    local_endpoints: u32,
}

/// One line of compact JSON, ending in a newline; `input` names the scenario
/// in the error for one too large to list every node's candidates, and
/// `notes` are an import's.
pub fn render(scenario: &Scenario, input: &str, notes: Option<&[String]>) -> Result<String, CliError> {
    let shares = scenario.shares();
    let router = Router::new(scenario);
    let per_node: Vec<_> = scenario.node_ids().map(|node| router.weighted_candidates(node)).collect();
    let listed: usize = per_node.iter().map(Vec::len).sum();
    if listed > MAX_CANDIDATES_LISTED {
        return Err(CliError::new(format!(
            "{input}: shares --json would list {listed} candidates over {} nodes, more than {MAX_CANDIDATES_LISTED}. \
             Fix: ask about one node with `trafficlab trace FILE --entry NODE --json`, or leave out --json for the table",
            scenario.nodes().len()
        )));
    }
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
        .zip(&per_node)
        .map(|((node, share), listed)| NodeJson {
            name: &node.name,
            lb_share: share.lb,
            health_check: share
                .health_check
                .map(|h| HealthCheckJson { status: h.status, local_endpoints: h.local_endpoints }),
            candidates: candidates(scenario, listed),
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
        notes,
    };
    line(&json, "the shares")
}
