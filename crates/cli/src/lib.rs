//! The command-line shells around `trafficlab-core`: `trafficlab` over
//! scenario files and kubectl output, and the kubectl plugin
//! `kubectl-trafficlab`, which runs `kubectl get` itself.
//!
//! Both only wire things together: they parse the arguments (clap), load the
//! scenario (`source`), ask the right module to render the whole answer into
//! a `String` (`commands`), and map the result to an exit status (0 success,
//! 1 output failure or a lab that finds the kernel differing, 2 bad usage or
//! bad input). Nothing reaches stdout until
//! the answer is complete; an import's notes go to stderr.

mod args;
mod client_address;
mod columns;
mod commands;
mod compare;
mod completions;
mod error;
mod health;
mod input;
mod json;
mod kubectl;
mod lab;
mod lookup;
mod options;
mod output;
mod parse;
mod rules;
mod source;
mod table;
mod trace;
mod usage;

use std::ffi::OsString;
use std::process::ExitCode;

use args::Command;
use commands::{Answer, Job};
use error::CliError;
use input::Stdin;
use parse::Parsed;

/// `trafficlab ARGS…`, with the arguments after the program name.
pub fn trafficlab(arguments: impl IntoIterator<Item = OsString>) -> ExitCode {
    output::finish(run(arguments))
}

/// `kubectl-trafficlab ARGS…` (`kubectl trafficlab ARGS…`).
pub fn kubectl_trafficlab(arguments: impl IntoIterator<Item = OsString>) -> ExitCode {
    output::finish(kubectl::run(arguments))
}

fn run(arguments: impl IntoIterator<Item = OsString>) -> Result<Answer, CliError> {
    let command = match args::parse(arguments)? {
        Parsed::Print(text) => return Ok(Answer::text(text)),
        Parsed::Run(command) => command,
    };
    let (source, job) = match command {
        Command::Shares(args) => (args.scenario.source("shares")?, Job::Shares(args.options)),
        Command::Trace(args) => (args.scenario.source("trace")?, Job::Trace(args.options)),
        Command::Health(args) => (args.scenario.source("health")?, Job::Health(args.options)),
        Command::Rules(args) => (args.scenario.source("rules")?, Job::Rules(args.options)),
        Command::Export(args) => (args.scenario.source("export")?, Job::Export(args.options)),
        Command::Compare(args) => (args.scenario.source("compare")?, Job::Compare(args.options)),
        Command::Lab(args) => return lab::run(args),
        Command::Completions { shell } => return Ok(Answer::text(completions::script(shell))),
    };
    commands::execute(&source, job, &mut Stdin::Process)
}
