//! Argument parsing with clap's derive: the subcommands and their options,
//! and the one conversion of clap's errors into a [`CliError`] (usage errors
//! exit 2 with the usage hint, like every other mistake the user can fix).

use std::ffi::OsString;
use std::fmt;
use std::path::PathBuf;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Args, CommandFactory, Parser, Subcommand};
use clap_complete::Shell;
use trafficlab_core::rules::ProxyMode;

use crate::error::CliError;
use crate::usage;

/// Where the scenario comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// `-`: standard input.
    Stdin,
    File(PathBuf),
}

/// `-` is standard input; anything else a path (which need not be UTF-8).
impl From<OsString> for Input {
    fn from(value: OsString) -> Self {
        if value == "-" {
            Input::Stdin
        } else {
            Input::File(PathBuf::from(value))
        }
    }
}

impl fmt::Display for Input {
    /// The name error messages use for the input.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Input::Stdin => f.write_str("<stdin>"),
            Input::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// The whole command line.
#[derive(Debug, Parser)]
#[command(
    name = "trafficlab",
    version,
    about = usage::ABOUT,
    override_usage = usage::USAGE,
    after_help = usage::AFTER_HELP,
    subcommand_required = true,
    disable_help_subcommand = false
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, PartialEq, Eq, Subcommand)]
pub enum Command {
    /// Each pod's share of new external connections, and what each node gets.
    ///
    /// The share of new external connections each pod gets; per node what the
    /// load balancer sends it and what its health check answers; and how much
    /// is dropped, rejected, SNATed and forwarded across nodes.
    #[command(override_usage = usage::SHARES)]
    Shares(SharesArgs),
    /// One connection arriving at a node, hop by hop, and how it ends.
    ///
    /// One new connection that arrives at node NODE, hop by hop, with every
    /// address rewrite and the kube-proxy rules behind them, and how it ends.
    #[command(override_usage = usage::TRACE)]
    Trace(TraceArgs),
    /// The HTTP answer of a node's healthCheckNodePort.
    ///
    /// The HTTP response NODE's healthCheckNodePort gives, as `curl -i` shows
    /// it (LoadBalancer Services with externalTrafficPolicy Local only).
    #[command(override_usage = usage::HEALTH)]
    Health(HealthArgs),
    /// kube-proxy's complete ruleset on a node, as iptables-restore or nft -f input.
    ///
    /// The ruleset kube-proxy writes on NODE for the scenario's Service: the
    /// `iptables-restore` input of its iptables mode, or the `nft -f`
    /// transaction of its nftables mode, with the chain names `trace` shows.
    /// Diff it against the node's `iptables-save`.
    #[command(override_usage = usage::RULES)]
    Rules(RulesArgs),
    /// Builds the scenario in network namespaces and checks the core against the kernel.
    ///
    /// Linux, as root, with `ip` and `iptables` (and `nft` for --mode
    /// nftables): a namespace per node, pod, client and load balancer, each
    /// node loaded with `trafficlab rules`, then N real TCP connections whose
    /// shares, fates and source addresses are compared with the core's (χ²
    /// test). Exit status 1 when they differ; 2 when the lab cannot run.
    #[command(override_usage = usage::LAB)]
    Lab(LabArgs),
    /// A completion script for bash, zsh, fish, elvish or powershell.
    ///
    /// Prints the completion script for SHELL, e.g.
    /// `trafficlab completions bash > ~/.local/share/bash-completion/completions/trafficlab`.
    #[command(override_usage = usage::COMPLETIONS)]
    Completions {
        #[arg(value_enum, value_name = "SHELL")]
        shell: Shell,
    },
}

/// The scenario argument every command over a scenario takes.
#[derive(Debug, PartialEq, Eq, Args)]
pub struct Scenario {
    /// A JSON or YAML scenario file; `-` reads it from standard input.
    #[arg(value_name = "FILE")]
    file: Option<Input>,
}

impl Scenario {
    /// The scenario's source; `command` names the command in the error.
    pub fn input(self, command: &str) -> Result<Input, CliError> {
        self.file.ok_or_else(|| CliError::usage(format!("{command} needs a scenario FILE (or `-` for standard input)")))
    }
}

#[derive(Debug, PartialEq, Eq, Args)]
pub struct SharesArgs {
    #[command(flatten)]
    pub scenario: Scenario,
    /// Print JSON instead of a table (shares are fractions).
    #[arg(long)]
    pub json: bool,
    /// First re-place the pods as a topology spread constraint (maxSkew 1 per
    /// node) would, moving as few as possible.
    #[arg(long)]
    pub spread: bool,
}

#[derive(Debug, PartialEq, Eq, Args)]
pub struct TraceArgs {
    #[command(flatten)]
    pub scenario: Scenario,
    /// The node the connection arrives at.
    #[arg(long, value_name = "NODE")]
    pub entry: String,
    /// Picks the client port and the endpoint.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_SEED, value_parser = seed, allow_hyphen_values = true)]
    pub seed: u64,
    /// Print JSON instead of text: the outcome, the pod and the source it
    /// sees, the entry node's candidates, and the hops with their rewrites.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, PartialEq, Eq, Args)]
pub struct HealthArgs {
    #[command(flatten)]
    pub scenario: Scenario,
    /// The node whose health check port to ask.
    #[arg(long, value_name = "NODE")]
    pub node: String,
}

#[derive(Debug, PartialEq, Eq, Args)]
pub struct RulesArgs {
    #[command(flatten)]
    pub scenario: Scenario,
    /// The node whose rules to print.
    #[arg(long, value_name = "NODE")]
    pub node: String,
    /// kube-proxy's mode: iptables or nftables.
    #[arg(long, value_name = "MODE", default_value = "iptables", value_parser = mode)]
    pub mode: ProxyMode,
}

#[derive(Debug, PartialEq, Eq, Args)]
pub struct LabArgs {
    #[command(flatten)]
    pub scenario: Scenario,
    /// New TCP connections to open.
    #[arg(long, value_name = "N", default_value_t = 600, value_parser = seed)]
    pub connections: u64,
    /// The seed of the core's own sampled run shown next to the kernel's.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_SEED, value_parser = seed, allow_hyphen_values = true)]
    pub seed: u64,
    /// kube-proxy's mode on the nodes: iptables or nftables.
    #[arg(long, value_name = "MODE", default_value = "iptables", value_parser = mode)]
    pub mode: ProxyMode,
    /// Remove the network namespaces a killed lab left behind, and exit.
    #[arg(long, conflicts_with_all = ["file", "connections", "seed", "mode"])]
    pub cleanup: bool,
}

/// `--mode`: `iptables` or `nftables`.
fn mode(value: &str) -> Result<ProxyMode, String> {
    value.trim().parse()
}

/// The trace seed when `--seed` is not given.
pub const DEFAULT_SEED: u64 = 1;

/// What the command line asks for: a command, or text to print as it is
/// (`--help`, `--version`).
#[derive(Debug)]
pub enum Parsed {
    Run(Command),
    Print(String),
}

/// Parses the arguments after the program name.
pub fn parse(arguments: impl IntoIterator<Item = OsString>) -> Result<Parsed, CliError> {
    let program = std::iter::once(OsString::from("trafficlab"));
    match Cli::try_parse_from(program.chain(arguments)) {
        Ok(cli) => Ok(Parsed::Run(cli.command)),
        Err(error) if matches!(error.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            let mut text = error.to_string();
            if !text.ends_with('\n') {
                text.push('\n');
            }
            Ok(Parsed::Print(text))
        }
        Err(error) => Err(usage_error(&error)),
    }
}

/// clap's message without its own `error:` prefix, usage line and pointer to
/// `--help` (the hint follows it instead); a missing or unknown command is
/// said in our words, with the list of commands.
fn usage_error(error: &clap::Error) -> CliError {
    let names: Vec<String> =
        Cli::command().get_subcommands().map(|c| c.get_name().to_string()).filter(|n| n != "help").collect();
    let commands = format!("commands: {}", names.join(", "));
    match error.kind() {
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            return CliError::usage(format!("no command given ({commands})"));
        }
        ErrorKind::InvalidSubcommand => {
            if let Some(ContextValue::String(name)) = error.get(ContextKind::InvalidSubcommand) {
                let hint = match error.get(ContextKind::SuggestedSubcommand) {
                    Some(ContextValue::Strings(similar)) if !similar.is_empty() => {
                        format!("; did you mean `{}`?", similar.join("` or `"))
                    }
                    _ => String::new(),
                };
                return CliError::usage(format!("unknown command `{name}` ({commands}){hint}"));
            }
        }
        _ => {}
    }
    let text = error.to_string().replace("\n\nFor more information, try '--help'.", "");
    let text = text.strip_prefix("error: ").unwrap_or(&text);
    let message = text.split("\n\nUsage:").next().unwrap_or(text);
    CliError::usage(message.trim_end())
}

/// `--seed`: a whole number; surrounding blanks are forgiven.
fn seed(value: &str) -> Result<u64, String> {
    value.trim().parse().map_err(|_| format!("not a whole number from 0 to {}", u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_strs(args: &[&str]) -> Result<Command, CliError> {
        match parse(args.iter().map(OsString::from))? {
            Parsed::Run(command) => Ok(command),
            Parsed::Print(text) => Err(CliError::new(text)),
        }
    }

    fn trace(file: Input, entry: &str, seed: u64) -> Command {
        Command::Trace(TraceArgs { scenario: Scenario { file: Some(file) }, entry: entry.into(), seed, json: false })
    }

    #[test]
    fn options_may_come_before_or_after_the_file() {
        let parsed = parse_strs(&["trace", "-", "--entry", "node-b", "--seed", "7"]).ok();
        assert_eq!(parsed, Some(trace(Input::Stdin, "node-b", 7)));
        let parsed = parse_strs(&["trace", "--entry=node-b", "s.yaml"]).ok();
        assert_eq!(parsed, Some(trace(Input::File("s.yaml".into()), "node-b", 1)));
    }

    #[test]
    fn mistakes_are_usage_errors() {
        for args in [
            &[][..],
            &["frobnicate"],
            &["shares", "a", "b"],
            &["shares", "a", "--entry", "x"],
            &["trace", "a"],
            &["trace", "a", "--entry"],
            &["trace", "a", "--entry", "x", "--seed", "-1"],
            &["trace", "a", "--entry", "x", "--entry", "y"],
            &["health", "a"],
            &["shares", "a", "--json=yes"],
            &["shares", "a", "--spread=1"],
            &["trace", "a", "--entry", "x", "--spread"],
            &["completions", "tcsh"],
            &["completions"],
        ] {
            assert!(parse_strs(args).is_err(), "{args:?} should be refused");
        }
    }

    #[test]
    fn a_missing_file_is_caught_after_parsing() {
        let Ok(Command::Shares(args)) = parse_strs(&["shares"]) else { panic!("shares parses without FILE") };
        let error = args.scenario.input("shares").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(error.contains("shares needs a scenario FILE"), "{error}");
    }

    #[test]
    fn shares_takes_json_and_spread_in_any_order() {
        let expected = SharesArgs { scenario: Scenario { file: Some(Input::Stdin) }, json: true, spread: true };
        assert_eq!(parse_strs(&["shares", "--spread", "-", "--json"]).ok(), Some(Command::Shares(expected)));
    }

    #[test]
    fn help_and_version_are_text_to_print() {
        for args in [&["help"][..], &["--help"], &["trace", "-h"], &["help", "shares"], &["--version"]] {
            let parsed = parse(args.iter().map(OsString::from));
            assert!(matches!(parsed, Ok(Parsed::Print(_))), "{args:?}: {parsed:?}");
        }
    }

    #[test]
    fn the_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
