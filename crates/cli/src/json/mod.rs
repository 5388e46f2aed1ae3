//! The `--json` answers: `shares` (`shares.rs`) and `trace` (`trace.rs`). Both
//! are one line of compact JSON with keys in a fixed order, names as the
//! scenario spells them, and fractions as plain numbers; what they share
//! lives here.

mod shares;
mod trace;

pub use shares::render as shares;
pub use trace::render as trace;

use serde::Serialize;
use trafficlab_core::{Candidate, ClientIp, Scenario};

use crate::error::CliError;

/// Where the app finds the client's address, as fractions:
/// `{"tcpPeer", "proxyHeader", "forwardedFor"}` (`shares --json`, `compare --json`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ClientIpJson {
    tcp_peer: f64,
    proxy_header: f64,
    forwarded_for: f64,
}

impl From<ClientIp> for ClientIpJson {
    fn from(c: ClientIp) -> Self {
        ClientIpJson { tcp_peer: c.tcp_peer, proxy_header: c.proxy_header, forwarded_for: c.forwarded_for }
    }
}

/// One endpoint a node's rules may pick: `{"pod": "web-3", "probability": 0.5}`.
#[derive(Serialize)]
struct CandidateJson<'a> {
    pod: &'a str,
    probability: f64,
}

fn candidates<'s>(scenario: &'s Scenario, candidates: &[Candidate]) -> Vec<CandidateJson<'s>> {
    candidates
        .iter()
        .map(|c| CandidateJson {
            pod: scenario.pod(c.pod).map_or("", |p| p.name.as_str()),
            probability: c.probability(),
        })
        .collect()
}

/// `value` as one line of compact JSON, ending in a newline.
fn line(value: &impl Serialize, what: &str) -> Result<String, CliError> {
    let mut text =
        serde_json::to_string(value).map_err(|e| CliError::new(format!("cannot write {what} as JSON: {e}")))?;
    text.push('\n');
    Ok(text)
}
