//! The `trace --json` shape: one connection's outcome, the endpoints the
//! entry node's rules could have picked, and its hops with their rewrites.
//! Places are `client`, `loadBalancer`, `node/NAME` and `pod/NAME` (kubectl's
//! `kind/name`), and `controller/NAME` for an ingress controller pod;
//! addresses are `ip:port`, or a bare IP for ICMP, which has no ports;
//! rewrites are written as the text trace writes them. `proxyHeader` is the
//! PROXY protocol header the connection starts with (v1 as its line without
//! CRLF, v2 as hex bytes), or `null`; a hop's `forwardedFor` is the
//! `X-Forwarded-For` an ingress controller wrote on it, or `null`. Behind an
//! ingress controller the candidates are the controller pods.

use serde::Serialize;
use trafficlab_core::{Hop, Outcome, Packet, Place, Protocol, ProxyProtocol, Scenario, Trace};

use super::{candidates, line, CandidateJson};
use crate::error::CliError;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TraceJson<'a> {
    /// The node the connection arrived at (as `--entry` named it).
    entry: &'a str,
    /// `delivered`, `dropped` (the client times out) or `rejected` (ICMP).
    outcome: &'static str,
    /// The pod it was delivered to.
    pod: Option<&'a str>,
    /// The source IP the pod sees.
    pod_sees: Option<String>,
    /// Whether kube-proxy masqueraded the client's address (Cluster).
    masquerade: bool,
    candidates: Vec<CandidateJson<'a>>,
    proxy_header: Option<String>,
    hops: Vec<HopJson>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct HopJson {
    from: String,
    to: String,
    src: String,
    dst: String,
    rewrites: Vec<String>,
    forwarded_for: Option<String>,
}

/// One line of compact JSON for `trace`, ending in a newline.
pub fn render(scenario: &Scenario, trace: &Trace, entry: &str) -> Result<String, CliError> {
    let (outcome, pod, pod_sees) = match trace.outcome {
        Outcome::Delivered { pod, seen_source } => {
            ("delivered", scenario.pod(pod).map(|p| p.name.as_str()), Some(seen_source.to_string()))
        }
        Outcome::Dropped { .. } => ("dropped", None, None),
        Outcome::Rejected { .. } => ("rejected", None, None),
    };
    let stage1 = scenario.controller_scenario();
    let json = TraceJson {
        entry,
        outcome,
        pod,
        pod_sees,
        masquerade: trace.masquerade().is_some(),
        candidates: candidates(stage1.as_ref().unwrap_or(scenario), &trace.candidates),
        proxy_header: trace.proxy_header().map(|h| match h.version {
            ProxyProtocol::V1 => h.v1_line().trim_end().to_string(),
            ProxyProtocol::V2 => h.fields().iter().map(|f| f.hex()).collect::<Vec<_>>().join(" "),
        }),
        hops: trace.hops.iter().map(|hop| hop_json(scenario, stage1.as_ref(), hop)).collect(),
    };
    line(&json, "the trace")
}

fn hop_json(scenario: &Scenario, stage1: Option<&Scenario>, hop: &Hop) -> HopJson {
    let (src, dst) = addresses(&hop.packet);
    HopJson {
        from: place(scenario, stage1, hop.from),
        to: place(scenario, stage1, hop.to),
        src,
        dst,
        rewrites: hop.rewrites.iter().map(ToString::to_string).collect(),
        forwarded_for: hop.x_forwarded_for.map(|ip| ip.to_string()),
    }
}

/// `client`, `loadBalancer`, `node/node-b`, `pod/web-3` (an id the scenario
/// does not have keeps its id: it cannot happen for a trace of this scenario).
fn place(scenario: &Scenario, stage1: Option<&Scenario>, place: Place) -> String {
    match place {
        Place::Client => "client".to_string(),
        Place::LoadBalancer => "loadBalancer".to_string(),
        Place::Node(id) => format!("node/{}", scenario.node(id).map_or_else(|| id.to_string(), |n| n.name.clone())),
        Place::Pod(id) => format!("pod/{}", scenario.pod(id).map_or_else(|| id.to_string(), |p| p.name.clone())),
        Place::Controller(id) => {
            let name = stage1.and_then(|s| s.pod(id)).map_or_else(|| id.to_string(), |p| p.name.clone());
            format!("controller/{name}")
        }
    }
}

fn addresses(packet: &Packet) -> (String, String) {
    match packet.protocol {
        Protocol::Tcp => (packet.src.to_string(), packet.dst.to_string()),
        Protocol::IcmpPortUnreachable => (packet.src.ip().to_string(), packet.dst.ip().to_string()),
    }
}
