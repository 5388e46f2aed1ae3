//! The kubectl plugin: `kubectl trafficlab shares -n NAMESPACE SERVICE`. kubectl
//! runs any `kubectl-NAME` on the PATH as `kubectl NAME` ("Extend kubectl with
//! plugins", Kubernetes docs). The plugin runs `kubectl get
//! nodes,services,endpointslices,pods -A -o json` itself (`get`) and imports
//! SERVICE from its output exactly as `trafficlab --from-kubectl -` would.
//!
//! Without `-n`, SERVICE must be a name only one namespace has (the plugin
//! reads every namespace; it does not guess the context's); without SERVICE,
//! the only Service that takes external traffic.

mod get;

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::args::Input;
use crate::commands::{self, Answer, Job};
use crate::error::CliError;
use crate::input::Stdin;
use crate::options::{CompareOptions, ExportOptions, HealthOptions, RulesOptions, SharesOptions, TraceOptions};
use crate::parse::{self, Parsed};
use crate::source::Source;

const SHARES: &str = "kubectl trafficlab shares [-n NAMESPACE] [SERVICE] [--json [--no-candidates]] [--spread]";
const TRACE: &str = "kubectl trafficlab trace [-n NAMESPACE] [SERVICE] --entry NODE [--seed N] [--json]";
const HEALTH: &str = "kubectl trafficlab health [-n NAMESPACE] [SERVICE] --node NODE";
const RULES: &str = "kubectl trafficlab rules [-n NAMESPACE] [SERVICE] --node NODE [--mode iptables|nftables]";
const EXPORT: &str = "kubectl trafficlab export [-n NAMESPACE] [SERVICE] [--spread]";
const COMPARE: &str = "kubectl trafficlab compare [-n NAMESPACE] [SERVICE] [--json]";

/// The usage lines, once for `--help` (clap puts `Usage: ` before the first)
/// and once for the hint after a usage error.
macro_rules! usage_lines {
    () => {
        "kubectl trafficlab shares [-n NAMESPACE] [SERVICE] [--json [--no-candidates]] [--spread]
       kubectl trafficlab trace [-n NAMESPACE] [SERVICE] --entry NODE [--seed N] [--json]
       kubectl trafficlab health [-n NAMESPACE] [SERVICE] --node NODE
       kubectl trafficlab rules [-n NAMESPACE] [SERVICE] --node NODE [--mode iptables|nftables]
       kubectl trafficlab export [-n NAMESPACE] [SERVICE] [--spread]
       kubectl trafficlab compare [-n NAMESPACE] [SERVICE] [--json]"
    };
}
const USAGE: &str = usage_lines!();
const HINT: &str = concat!("Usage: ", usage_lines!(), "\nRun `kubectl trafficlab --help` for more.\n");

/// `kubectl trafficlab`: the plugin's command line.
#[derive(Debug, Parser)]
#[command(
    name = "kubectl-trafficlab",
    bin_name = "kubectl trafficlab",
    version,
    about = "trafficlab on the cluster kubectl reaches: what kube-proxy and the load balancer do \
             with a Service's external traffic. It runs `kubectl get \
             nodes,services,endpointslices,pods -A -o json` and imports the Service from that.",
    override_usage = USAGE,
    after_help = "SERVICE is NAME (in -n NAMESPACE, or when only one namespace has it) or \
                  NAMESPACE/NAME; left out, the only Service of type LoadBalancer or NodePort. \
                  What the import did goes to standard error.",
    subcommand_required = true
)]
struct Plugin {
    #[command(flatten)]
    cluster: Cluster,
    #[command(subcommand)]
    command: PluginCommand,
}

/// Which cluster and which Service.
#[derive(Debug, Args)]
struct Cluster {
    /// The namespace of SERVICE.
    #[arg(short = 'n', long, global = true, value_name = "NAMESPACE")]
    namespace: Option<String>,
    /// Passed to kubectl: the kubeconfig context to use.
    #[arg(long, global = true, value_name = "CONTEXT")]
    context: Option<String>,
    /// Passed to kubectl: the kubeconfig file to use.
    #[arg(long, global = true, value_name = "FILE")]
    kubeconfig: Option<PathBuf>,
}

/// The commands of `trafficlab`, about SERVICE instead of a scenario file.
#[derive(Debug, Subcommand)]
enum PluginCommand {
    /// Each pod's share of new external connections, and what each node gets.
    #[command(override_usage = SHARES)]
    Shares {
        #[command(flatten)]
        service: ServiceArg,
        #[command(flatten)]
        options: SharesOptions,
    },
    /// One connection arriving at a node, hop by hop, and how it ends.
    #[command(override_usage = TRACE)]
    Trace {
        #[command(flatten)]
        service: ServiceArg,
        #[command(flatten)]
        options: TraceOptions,
    },
    /// The HTTP answer of a node's healthCheckNodePort.
    #[command(override_usage = HEALTH)]
    Health {
        #[command(flatten)]
        service: ServiceArg,
        #[command(flatten)]
        options: HealthOptions,
    },
    /// kube-proxy's ruleset on a node, to diff against its iptables-save or nft list ruleset.
    #[command(override_usage = RULES)]
    Rules {
        #[command(flatten)]
        service: ServiceArg,
        #[command(flatten)]
        options: RulesOptions,
    },
    /// The Service as manifests: a Service and a Deployment (YAML).
    #[command(override_usage = EXPORT)]
    Export {
        #[command(flatten)]
        service: ServiceArg,
        #[command(flatten)]
        options: ExportOptions,
    },
    /// Every way to keep the client's address, compared on the Service.
    #[command(override_usage = COMPARE)]
    Compare {
        #[command(flatten)]
        service: ServiceArg,
        #[command(flatten)]
        options: CompareOptions,
    },
}

#[derive(Debug, Args)]
struct ServiceArg {
    /// The Service: NAME (in -n NAMESPACE) or NAMESPACE/NAME; left out, the
    /// only one of type LoadBalancer or NodePort.
    #[arg(value_name = "SERVICE")]
    service: Option<String>,
}

/// Everything the plugin prints on success, or why it failed.
pub fn run(arguments: impl IntoIterator<Item = OsString>) -> Result<Answer, CliError> {
    let plugin = match parse::parse::<Plugin>("kubectl-trafficlab", arguments, HINT)? {
        Parsed::Print(text) => return Ok(Answer::text(text)),
        Parsed::Run(plugin) => plugin,
    };
    let (ServiceArg { service }, job) = match plugin.command {
        PluginCommand::Shares { service, options } => (service, Job::Shares(options)),
        PluginCommand::Trace { service, options } => (service, Job::Trace(options)),
        PluginCommand::Health { service, options } => (service, Job::Health(options)),
        PluginCommand::Rules { service, options } => (service, Job::Rules(options)),
        PluginCommand::Export { service, options } => (service, Job::Export(options)),
        PluginCommand::Compare { service, options } => (service, Job::Compare(options)),
    };
    let cluster = plugin.cluster;
    let service = match (cluster.namespace.as_deref(), service) {
        (Some(namespace), Some(name)) => Some(format!("{namespace}/{name}")),
        (Some(namespace), None) => {
            return Err(CliError::usage_with_hint(format!("-n {namespace} needs the SERVICE in it"), HINT));
        }
        (None, service) => service,
    };
    let output = get::cluster_state(cluster.context.as_deref(), cluster.kubeconfig.as_deref())?;
    let mut stdin = Stdin::Given { name: "kubectl output".to_string(), bytes: output };
    commands::execute(&Source::Kubectl { inputs: vec![Input::Stdin], service }, job, &mut stdin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_definition_is_consistent() {
        use clap::CommandFactory;
        Plugin::command().debug_assert();
    }

    #[test]
    fn mistakes_are_usage_errors_with_the_plugins_hint() {
        for args in [&[][..], &["shares", "web", "--entry", "a"], &["trace", "web"], &["shares", "-n", "shop"]] {
            let error = run(args.iter().map(OsString::from)).err().map(|e| e.render()).unwrap_or_default();
            assert!(error.contains("Usage: kubectl trafficlab shares"), "{args:?}: {error}");
        }
    }
}
