//! trafficlab in the real kernel: a scenario built from Linux network
//! namespaces, each node loaded with the ruleset kube-proxy would write there
//! (the core's `rules`), and real TCP connections whose fates and source
//! addresses are compared with the core's exact figures.
//!
//! The namespaces (all named `tlab-<pid>-…`, see `netns`):
//! - `c`: the client, with the scenario's client address;
//! - `lb`: the load balancer, which also holds the bridge standing for the
//!   node network. It spreads new connections over the nodes with the core's
//!   weights (`balancer`): iptables `statistic` rules that pick a node per
//!   connection, health checks and fail-open already applied by the core;
//! - `n<i>`: one per node, its InternalIP on the node network, its pod CIDR on
//!   a bridge `cni0` holding the gateway address, routes to the other nodes'
//!   pod CIDRs (a flat, host-gateway network), and kube-proxy's ruleset;
//! - `p<j>`: one per pod, its IP, and a TCP server on `targetPort` that
//!   answers each connection with the pod's name and the peer address it saw.
//!
//! The client then opens N connections to the VIP and `report` compares what
//! happened with the core's prediction (`expect`), with a χ² test (`stats`).
//!
//! Nothing is done outside those namespaces: links are created inside them,
//! sysctls are written from threads that entered them, and every namespace is
//! deleted on return, on Ctrl-C (SIGINT, SIGTERM, SIGHUP) and after a panic.
//!
//! Left out, and refused with a message: IP targets (`awsNlbIp`: kube-proxy
//! plays no part), Cilium DSR, PROXY protocol and an ingress controller.
//! Left out silently: zones (the node network is flat), and the load balancer's own
//! health probes (the core's verdicts are applied instead).

mod balancer;
mod client;
mod error;
mod expect;
mod netns;
mod report;
mod server;
mod stats;
mod topology;

use std::time::Instant;

use trafficlab_core::rules::ProxyMode;
use trafficlab_core::Scenario;

pub use error::LabError;
pub use netns::{cleanup_leftovers, install_guards, NAMESPACE_PREFIX};
pub use report::Report;
pub use stats::{chi_square_p_value, ALPHA};

/// The largest scenario the lab builds: every node and pod is a namespace.
pub const MAX_NODES: usize = 8;
pub const MAX_PODS: usize = 64;
/// Bounds on `--connections`: enough for the χ² test, few enough to finish.
pub const MIN_CONNECTIONS: u64 = 1;
pub const MAX_CONNECTIONS: u64 = 100_000;

/// How to run the lab.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabOptions {
    /// New TCP connections to open from the client.
    pub connections: u64,
    /// The seed of the core's own sampled run printed next to the kernel's.
    pub seed: u64,
    /// The ruleset loaded on the nodes.
    pub mode: ProxyMode,
}

impl Default for LabOptions {
    fn default() -> Self {
        LabOptions { connections: 600, seed: 1, mode: ProxyMode::Iptables }
    }
}

/// Builds the scenario in the kernel, runs the connections, tears it all down
/// and compares. Errors mean the lab could not run (exit 2); a report whose
/// [`Report::agrees`] is false means the kernel differed from the core (exit 1).
pub fn run(scenario: &Scenario, options: &LabOptions) -> Result<Report, LabError> {
    preflight(scenario, options)?;
    install_guards();
    let started = Instant::now();
    let mut namespaces = netns::Namespaces::new();
    let lab = topology::build(scenario, options.mode, &mut namespaces)?;
    let servers = server::start(scenario, &lab)?;
    let outcomes = client::connect(scenario, &lab, options.connections);
    servers.stop();
    drop(namespaces);
    let outcomes = outcomes?;
    Ok(report::compare(scenario, options, &outcomes, started.elapsed()))
}

/// Everything checked before a namespace is made: root, the tools, the size
/// limits and the connection count, and that the lab can model the provider.
pub fn preflight(scenario: &Scenario, options: &LabOptions) -> Result<(), LabError> {
    if !(MIN_CONNECTIONS..=MAX_CONNECTIONS).contains(&options.connections) {
        return Err(LabError::new(
            "--connections",
            format!("{} is out of range", options.connections),
            format!("give {MIN_CONNECTIONS} to {MAX_CONNECTIONS}; a few hundred are enough for the χ² test"),
        ));
    }
    if scenario.nodes().len() > MAX_NODES || scenario.pods().len() > MAX_PODS {
        return Err(LabError::new(
            "lab",
            format!(
                "the scenario has {} nodes and {} pods; the lab builds at most {MAX_NODES} nodes and {MAX_PODS} pods \
                 (each is a network namespace)",
                scenario.nodes().len(),
                scenario.pods().len()
            ),
            "use a smaller scenario (trafficlab shares answers for any size)",
        ));
    }
    balancer::check_supported(scenario)?;
    netns::check_system(options.mode)
}
