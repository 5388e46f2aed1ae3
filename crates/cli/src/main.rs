//! `trafficlab`: the command-line shell around `trafficlab-core`.
//!
//! This file only wires things together: it parses the arguments (clap), loads the
//! scenario, asks the right module to render the whole answer into a `String`,
//! and maps the result to an exit status (0 success, 1 output failure,
//! 2 bad usage or bad input). Nothing reaches stdout until the answer is complete.

mod args;
mod columns;
mod completions;
mod error;
mod health;
mod input;
mod json;
mod lab;
mod lookup;
mod output;
mod rules;
mod table;
mod trace;
mod usage;

use std::process::ExitCode;

use args::{Command, HealthArgs, Parsed, SharesArgs, TraceArgs};
use error::CliError;

fn main() -> ExitCode {
    match run(std::env::args_os().skip(1)) {
        Ok(Answer { text, differs: true }) => {
            output::emit(&text);
            ExitCode::FAILURE
        }
        Ok(Answer { text, .. }) => output::emit(&text),
        Err(error) => output::fail(&error),
    }
}

/// What a command prints; `differs` when `lab` found the kernel differing
/// from the core (exit status 1).
struct Answer {
    text: String,
    differs: bool,
}

impl From<String> for Answer {
    fn from(text: String) -> Self {
        Answer { text, differs: false }
    }
}

/// Re-places the pods as a `maxSkew: 1` spread over the nodes would (the
/// core's `Scenario::spread`), and says which moved: `web-6: node-c → node-a`.
fn spread_pods(scenario: &mut trafficlab_core::Scenario) -> Result<Vec<String>, CliError> {
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

/// Everything the command prints on success, or why it failed.
fn run(arguments: impl IntoIterator<Item = std::ffi::OsString>) -> Result<Answer, CliError> {
    let command = match args::parse(arguments)? {
        Parsed::Print(text) => return Ok(text.into()),
        Parsed::Run(command) => command,
    };
    let text = match command {
        Command::Shares(SharesArgs { scenario, json, spread }) => {
            let input = scenario.input("shares")?;
            let mut scenario = input::load(&input)?;
            let moves = if spread { spread_pods(&mut scenario)? } else { Vec::new() };
            if json {
                json::shares(&scenario, &input.to_string())
            } else {
                Ok(table::render(&scenario, &moves))
            }
        }
        Command::Trace(TraceArgs { scenario, entry, seed, json }) => {
            let scenario = input::load(&scenario.input("trace")?)?;
            let node = lookup::node(&scenario, &entry, "--entry")?;
            let trace =
                scenario.trace(node, seed).ok_or_else(|| CliError::new(format!("node `{entry}` has no trace")))?;
            if json {
                json::trace(&scenario, &trace, &entry)
            } else {
                Ok(trace::render(&scenario, &trace, seed))
            }
        }
        Command::Health(HealthArgs { scenario, node }) => {
            let scenario = input::load(&scenario.input("health")?)?;
            let id = lookup::node(&scenario, &node, "--node")?;
            health::render(&scenario, id)
        }
        Command::Rules(args) => rules::render(args),
        Command::Lab(args) => return lab::run(args),
        Command::Completions { shell } => Ok(completions::script(shell)),
    };
    text.map(Answer::from)
}
