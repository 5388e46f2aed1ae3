//! The options of the commands over a scenario, apart from where the scenario
//! comes from: `trafficlab` and the kubectl plugin take the same ones.

use clap::Args;
use trafficlab_core::rules::ProxyMode;

#[derive(Debug, PartialEq, Eq, Args)]
pub struct SharesOptions {
    /// Print JSON instead of a table (shares are fractions).
    #[arg(long)]
    pub json: bool,
    /// First re-place the pods as a topology spread constraint (maxSkew 1 per
    /// node) would, moving as few as possible.
    #[arg(long)]
    pub spread: bool,
    /// With --json, leave out each node's `candidates`: under Cluster every
    /// node lists every pod, too much to print for a cluster near the limits.
    #[arg(long, requires = "json")]
    pub no_candidates: bool,
}

#[derive(Debug, PartialEq, Eq, Args)]
pub struct TraceOptions {
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
pub struct CompareOptions {
    /// Print JSON instead of a table (fractions).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, PartialEq, Eq, Args)]
pub struct HealthOptions {
    /// The node whose health check port to ask.
    #[arg(long, value_name = "NODE")]
    pub node: String,
}

#[derive(Debug, PartialEq, Eq, Args)]
pub struct ExportOptions {
    /// First re-place the pods as maxSkew 1 per node would, so the Deployment
    /// carries the topologySpreadConstraints that keep them spread.
    #[arg(long)]
    pub spread: bool,
}

#[derive(Debug, PartialEq, Eq, Args)]
pub struct RulesOptions {
    /// The node whose rules to print.
    #[arg(long, value_name = "NODE")]
    pub node: String,
    /// kube-proxy's mode: iptables or nftables.
    #[arg(long, value_name = "MODE", default_value = "iptables", value_parser = mode)]
    pub mode: ProxyMode,
}

/// `--mode`: `iptables` or `nftables`.
pub(crate) fn mode(value: &str) -> Result<ProxyMode, String> {
    value.trim().parse()
}

/// The trace seed when `--seed` is not given.
pub const DEFAULT_SEED: u64 = 1;

/// `--seed`: a whole number; surrounding blanks are forgiven.
pub(crate) fn seed(value: &str) -> Result<u64, String> {
    value.trim().parse().map_err(|_| format!("not a whole number from 0 to {}", u64::MAX))
}
