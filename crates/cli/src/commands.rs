//! The commands over a scenario (`shares`, `trace`, `health`, `rules`, `export`, `compare`): from
//! the loaded scenario to the whole text each prints, the same for
//! `trafficlab` and the kubectl plugin.

use trafficlab_core::Scenario;

use crate::error::CliError;
use crate::input::Stdin;
use crate::options::{CompareOptions, ExportOptions, HealthOptions, RulesOptions, SharesOptions, TraceOptions};
use crate::source::Source;
use crate::{compare, health, json, lookup, rules, table, trace};

/// What to do with the scenario, with the command's options.
#[derive(Debug)]
pub enum Job {
    Shares(SharesOptions),
    Trace(TraceOptions),
    Health(HealthOptions),
    Rules(RulesOptions),
    Export(ExportOptions),
    Compare(CompareOptions),
}

/// A command's whole answer for stdout, notes for stderr, and whether `lab`
/// found the kernel differing from the core (exit status 1).
#[derive(Debug)]
pub struct Answer {
    pub text: String,
    pub notes: Vec<String>,
    pub differs: bool,
}

impl Answer {
    pub fn text(text: String) -> Self {
        Answer { text, notes: Vec::new(), differs: false }
    }
}

/// Loads the scenario from `source` and does `job` with it.
pub fn execute(source: &Source, job: Job, stdin: &mut Stdin) -> Result<Answer, CliError> {
    let loaded = source.load(stdin)?;
    let mut scenario = loaded.scenario;
    let text = match job {
        Job::Shares(SharesOptions { json, spread, no_candidates }) => {
            let moves = if spread { spread_pods(&mut scenario)? } else { Vec::new() };
            if json {
                json::shares(&scenario, &loaded.name, loaded.notes.as_deref(), !no_candidates)?
            } else {
                table::render(&scenario, &moves)
            }
        }
        Job::Trace(TraceOptions { entry, seed, json }) => {
            let node = lookup::node(&scenario, &entry, "--entry")?;
            let trace =
                scenario.trace(node, seed).ok_or_else(|| CliError::new(format!("node `{entry}` has no trace")))?;
            if json {
                json::trace(&scenario, &trace, &entry)?
            } else {
                trace::render(&scenario, &trace, seed)
            }
        }
        Job::Health(HealthOptions { node }) => {
            let id = lookup::node(&scenario, &node, "--node")?;
            health::render(&scenario, id)?
        }
        Job::Rules(options) => rules::render(&scenario, &options)?,
        Job::Compare(CompareOptions { json: true }) => compare::json(&scenario)?,
        Job::Compare(CompareOptions { json: false }) => compare::table(&scenario),
        Job::Export(ExportOptions { spread }) => {
            if spread {
                spread_pods(&mut scenario)?;
            }
            trafficlab_kube::export(&scenario)
        }
    };
    Ok(Answer { text, notes: loaded.notes.unwrap_or_default(), differs: false })
}

/// Re-places the pods as a `maxSkew: 1` spread over the nodes would (the
/// core's `Scenario::spread`), and says which moved: `web-6: node-c → node-a`.
fn spread_pods(scenario: &mut Scenario) -> Result<Vec<String>, CliError> {
    let moves = scenario.spread().map_err(|e| CliError::new(format!("--spread: {e}")))?;
    let name = |node| scenario.node(node).map_or_else(|| node.to_string(), |n| n.name.clone());
    Ok(moves
        .into_iter()
        .map(|(pod, from, to)| {
            let pod = scenario.pod(pod).map_or_else(|| pod.to_string(), |p| p.name.clone());
            format!("{pod}: {} → {}", name(from), name(to))
        })
        .collect())
}
