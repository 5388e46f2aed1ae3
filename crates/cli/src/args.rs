//! `trafficlab`'s arguments with clap's derive: the subcommands, their options
//! (shared with the kubectl plugin), and where each command's scenario comes
//! from. `parse` turns clap's errors into usage errors (exit status 2 with the
//! usage hint, like every other mistake the user can fix).

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use clap_complete::Shell;
use trafficlab_core::rules::ProxyMode;

use crate::error::CliError;
use crate::options::{
    mode, seed, CompareOptions, ExportOptions, HealthOptions, RulesOptions, SharesOptions, TraceOptions, DEFAULT_SEED,
};
use crate::parse::{self, Parsed};
use crate::source::Source;
use crate::usage;

/// A file named on the command line, or `-`.
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
    /// load balancer sends it, what its health check answers and which
    /// endpoints its rules may pick; and how much is dropped, rejected, SNATed
    /// and forwarded across nodes.
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
    /// The scenario as manifests: a Service and a Deployment (YAML).
    ///
    /// Prints a Service and a Deployment to `kubectl apply -f -`: the
    /// Service's settings, one replica per pod, and with the pods spread the
    /// topologySpreadConstraints that keep them so.
    #[command(override_usage = usage::EXPORT)]
    Export(ExportArgs),
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
    /// Every way to keep the client's address, compared on this scenario.
    ///
    /// One row per fix that applies (as it is; Cluster; Local with pods
    /// spread; Local with pods-per-node weighting; PROXY protocol v2; an
    /// ingress controller on Local; Cilium DSR; NLB IP targets with client IP
    /// preservation): imbalance, dropped, where the app finds the client's
    /// address, connections crossing nodes, and the cost in words.
    #[command(override_usage = usage::COMPARE)]
    Compare(CompareArgs),
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

/// Where a command's scenario comes from: a scenario FILE, or kubectl output
/// and the Service to import from it.
#[derive(Debug, PartialEq, Eq, Args)]
pub struct Scenario {
    /// A JSON or YAML scenario file; `-` reads it from standard input.
    #[arg(value_name = "FILE")]
    file: Option<Input>,
    /// Import the scenario from `kubectl get nodes,services,endpointslices,pods
    /// -A -o json` (or `-o yaml`) output instead; `-` reads standard input.
    /// Give it once per file when the kinds were saved apart.
    #[arg(long = "from-kubectl", value_name = "FILE", conflicts_with = "file")]
    from_kubectl: Vec<Input>,
    /// With --from-kubectl: the Service to import, NAMESPACE/NAME, or NAME when
    /// one namespace has it. Needed only when several Services take external
    /// traffic (type LoadBalancer or NodePort).
    #[arg(long, value_name = "NS/NAME")]
    service: Option<String>,
}

impl Scenario {
    /// The scenario's source; `command` names the command in the error.
    pub fn source(self, command: &str) -> Result<Source, CliError> {
        if !self.from_kubectl.is_empty() {
            return Ok(Source::Kubectl { inputs: self.from_kubectl, service: self.service });
        }
        if let Some(service) = self.service {
            return Err(CliError::usage(format!(
                "--service {service} picks a Service from kubectl output: give that with --from-kubectl FILE \
                 (a scenario FILE holds one Service already)"
            )));
        }
        let file = self.file.ok_or_else(|| {
            CliError::usage(format!(
                "{command} needs a scenario FILE (or `-` for standard input), or --from-kubectl FILE"
            ))
        })?;
        Ok(Source::Scenario(file))
    }
}

#[derive(Debug, PartialEq, Eq, Args)]
pub struct SharesArgs {
    #[command(flatten)]
    pub scenario: Scenario,
    #[command(flatten)]
    pub options: SharesOptions,
}

#[derive(Debug, PartialEq, Eq, Args)]
pub struct TraceArgs {
    #[command(flatten)]
    pub scenario: Scenario,
    #[command(flatten)]
    pub options: TraceOptions,
}

#[derive(Debug, PartialEq, Eq, Args)]
pub struct CompareArgs {
    #[command(flatten)]
    pub scenario: Scenario,
    #[command(flatten)]
    pub options: CompareOptions,
}

#[derive(Debug, PartialEq, Eq, Args)]
pub struct HealthArgs {
    #[command(flatten)]
    pub scenario: Scenario,
    #[command(flatten)]
    pub options: HealthOptions,
}

#[derive(Debug, PartialEq, Eq, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub scenario: Scenario,
    #[command(flatten)]
    pub options: ExportOptions,
}

#[derive(Debug, PartialEq, Eq, Args)]
pub struct RulesArgs {
    #[command(flatten)]
    pub scenario: Scenario,
    #[command(flatten)]
    pub options: RulesOptions,
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
    #[arg(long, conflicts_with_all = ["file", "from_kubectl", "service", "connections", "seed", "mode"])]
    pub cleanup: bool,
}

/// Parses the arguments after the program name.
pub fn parse(arguments: impl IntoIterator<Item = OsString>) -> Result<Parsed<Command>, CliError> {
    Ok(match parse::parse::<Cli>("trafficlab", arguments, usage::HINT)? {
        Parsed::Run(cli) => Parsed::Run(cli.command),
        Parsed::Print(text) => Parsed::Print(text),
    })
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

    fn file(file: Input) -> Scenario {
        Scenario { file: Some(file), from_kubectl: Vec::new(), service: None }
    }

    fn trace(file: Input, entry: &str, seed: u64) -> Command {
        let options = TraceOptions { entry: entry.into(), seed, json: false };
        Command::Trace(TraceArgs { scenario: self::file(file), options })
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
            &["shares", "a", "--from-kubectl", "b"],
            &["export", "a", "--json"],
        ] {
            assert!(parse_strs(args).is_err(), "{args:?} should be refused");
        }
    }

    #[test]
    fn a_missing_file_and_a_service_without_kubectl_output_are_caught_after_parsing() {
        let Ok(Command::Shares(args)) = parse_strs(&["shares"]) else { panic!("shares parses without FILE") };
        let error = args.scenario.source("shares").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(error.contains("shares needs a scenario FILE"), "{error}");
        let Ok(Command::Shares(args)) = parse_strs(&["shares", "a", "--service", "web"]) else { panic!("it parses") };
        let error = args.scenario.source("shares").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(error.contains("--service web picks a Service from kubectl output"), "{error}");
    }

    #[test]
    fn shares_takes_json_and_spread_in_any_order() {
        let expected = SharesArgs {
            scenario: file(Input::Stdin),
            options: SharesOptions { json: true, spread: true, no_candidates: false },
        };
        assert_eq!(parse_strs(&["shares", "--spread", "-", "--json"]).ok(), Some(Command::Shares(expected)));
    }

    #[test]
    fn from_kubectl_may_be_given_once_per_file_with_a_service() {
        let args =
            ["health", "--from-kubectl", "nodes.json", "--from-kubectl", "-", "--service", "shop/web", "--node", "a"];
        let Ok(Command::Health(HealthArgs { scenario, .. })) = parse_strs(&args) else { panic!("{args:?} parses") };
        let inputs = vec![Input::File("nodes.json".into()), Input::Stdin];
        let expected = Source::Kubectl { inputs, service: Some("shop/web".into()) };
        assert_eq!(scenario.source("health").ok(), Some(expected));
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
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
