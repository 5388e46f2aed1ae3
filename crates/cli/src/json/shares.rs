//! The `shares --json` shape: pods and nodes in input order, shares as plain
//! fractions, and exactly these keys in this order. `imbalance` is `null`
//! without a Ready pod that gets anything, and when a Ready pod gets nothing
//! at all (JSON has no infinity). Each node lists its `candidates`: the
//! endpoints its rules may pick, with their chances, so that a pod's share is
//! the sum over nodes of `lbShare × probability`. A scenario imported from
//! kubectl output adds `notes`: what the import did.
//! the sum over nodes of `lbShare × probability`. `clientIp` says where the
//! app finds the client's address; `ingress` is `null` unless an ingress
//! controller is in front, and then holds the controller pods' shares and
//! what it refused (pods, `dropped`, `rejected` and `ingress.refused` sum to
//! 1), and the nodes' candidates are the controller pods.

use serde::Serialize;
use trafficlab_core::{Pod, Router, Scenario};

use super::{candidates, line, CandidateJson, ClientIpJson};
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
    /// Where the app finds the client's address (`clientIpPreserved` is `tcpPeer`).
    client_ip: ClientIpJson,
    /// `null` when there is no Ready pod, or when a Ready pod gets nothing.
    imbalance: Option<f64>,
    /// Stage 1 when an ingress controller is in front of the app; `null` without one.
    ingress: Option<IngressJson<'a>>,
    /// What the import did, for a scenario imported from kubectl output
    /// (absent for a scenario file).
    #[serde(skip_serializing_if = "Option::is_none")]
    notes: Option<&'a [String]>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct IngressJson<'a> {
    /// The controller pods' shares of new connections.
    pods: Vec<PodJson<'a>>,
    /// Answered by the controller itself (503, or a PROXY protocol mismatch).
    refused: f64,
}

/// Each pod with its share, in input order.
fn pods<'a>(scenario: &'a Scenario, pods: &'a [Pod], shares: &[f64]) -> Vec<PodJson<'a>> {
    let node_name = |index: usize| scenario.nodes().get(index).map_or("", |n| n.name.as_str());
    pods.iter()
        .zip(shares)
        .map(|(pod, &share)| PodJson { name: &pod.name, node: node_name(pod.node.index()), share })
        .collect()
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
    /// The endpoints a connection reaching this node may go to (absent with
    /// `--no-candidates`).
    #[serde(skip_serializing_if = "Option::is_none")]
    candidates: Option<Vec<CandidateJson<'a>>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct HealthCheckJson {
    status: u16,
    local_endpoints: u32,
}

/// One line of compact JSON, ending in a newline; `input` names the scenario
/// in the error for one too large to list every node's candidates (unless
/// `with_candidates` is off), and `notes` are an import's.
pub fn render(
    scenario: &Scenario,
    input: &str,
    notes: Option<&[String]>,
    with_candidates: bool,
) -> Result<String, CliError> {
    let shares = scenario.shares();
    // Behind an ingress controller the nodes' rules pick controller pods.
    let stage1 = scenario.controller_scenario();
    let routed = stage1.as_ref().unwrap_or(scenario);
    let router = Router::new(routed);
    let per_node: Vec<_> = if with_candidates {
        scenario.node_ids().map(|node| router.weighted_candidates(node)).collect()
    } else {
        vec![Vec::new(); scenario.nodes().len()]
    };
    let listed: usize = per_node.iter().map(Vec::len).sum();
    if listed > MAX_CANDIDATES_LISTED {
        return Err(CliError::new(format!(
            "{input}: shares --json would list {listed} candidates over {} nodes, more than {MAX_CANDIDATES_LISTED}. \
             Fix: add --no-candidates, ask about one node with `trafficlab trace FILE --entry NODE --json`, \
             or leave out --json for the table",
            scenario.nodes().len()
        )));
    }
    let ingress = stage1.as_ref().zip(shares.ingress.as_ref()).map(|(stage1, ingress)| IngressJson {
        pods: pods(scenario, stage1.pods(), &ingress.controllers.pods),
        refused: shares.refused,
    });
    let pods = pods(scenario, scenario.pods(), &shares.pods);
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
            candidates: with_candidates.then(|| candidates(routed, listed)),
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
        client_ip: ClientIpJson::from(shares.client_ip),
        imbalance: shares.imbalance.filter(|i| i.is_finite()),
        ingress,
        notes,
    };
    line(&json, "the shares")
}
