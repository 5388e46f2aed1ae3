//! The `--json` answers: `shares` (`shares.rs`) and `trace` (`trace.rs`). Both
//! are one line of compact JSON with keys in a fixed order, names as the
//! scenario spells them, and fractions as plain numbers; what they share
//! lives here.

mod shares;
mod trace;

pub use shares::render as shares;
pub use trace::render as trace;

use serde::Serialize;
use trafficlab_core::{Candidate, Scenario};

use crate::error::CliError;

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
