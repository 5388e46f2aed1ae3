//! The words of `--help` (clap lays them out) and the short usage hint shown
//! after a usage error.

/// The top of `trafficlab --help`.
pub const ABOUT: &str = "\
trafficlab: what kube-proxy and a load balancer do with external traffic to a
Kubernetes Service (externalTrafficPolicy Cluster or Local), behind a generic
load balancer, MetalLB (layer 2 or BGP), an AWS NLB (instance or IP targets)
or an Azure load balancer.";

/// The usage lines of every command, shared by `--help` and the hint after a
/// usage error (a macro, because `concat!` takes only literals).
macro_rules! usage_lines {
    () => {
        "trafficlab shares FILE [--json [--no-candidates]] [--spread]
       trafficlab trace FILE --entry NODE [--seed N] [--json]
       trafficlab health FILE --node NODE
       trafficlab rules FILE --node NODE [--mode iptables|nftables]
       trafficlab export FILE [--spread]
       sudo trafficlab lab FILE [--connections N] [--seed N] [--mode MODE] | --cleanup
       trafficlab compare FILE [--json]
       trafficlab completions SHELL"
    };
}

/// The usage lines of `trafficlab --help`; clap puts `Usage: ` before the first.
pub const USAGE: &str = concat!(usage_lines!(), "\n       trafficlab help [COMMAND] | --help | --version");

pub const SHARES: &str = "\
trafficlab shares FILE [--json [--no-candidates]] [--spread]
       trafficlab shares --from-kubectl FILE... [--service NS/NAME] [--json [--no-candidates]] [--spread]";
pub const TRACE: &str = "\
trafficlab trace FILE --entry NODE [--seed N] [--json]
       trafficlab trace --from-kubectl FILE... [--service NS/NAME] --entry NODE [--seed N] [--json]";
pub const HEALTH: &str = "\
trafficlab health FILE --node NODE
       trafficlab health --from-kubectl FILE... [--service NS/NAME] --node NODE";
pub const RULES: &str = "\
trafficlab rules FILE --node NODE [--mode iptables|nftables]
       trafficlab rules --from-kubectl FILE... [--service NS/NAME] --node NODE [--mode iptables|nftables]";
pub const EXPORT: &str = "\
trafficlab export FILE [--spread]
       trafficlab export --from-kubectl FILE... [--service NS/NAME] [--spread]";
pub const LAB: &str = "sudo trafficlab lab FILE [--connections N] [--seed N] [--mode MODE] | --cleanup";
pub const COMPARE: &str = "trafficlab compare FILE [--json]";
pub const COMPLETIONS: &str = "trafficlab completions SHELL";

/// The end of `trafficlab --help`.
pub const AFTER_HELP: &str = "\
FILE is a JSON or YAML scenario file; `-` reads it from standard input.
Instead of FILE, `--from-kubectl FILE [--service NS/NAME]` imports the Service
from `kubectl get nodes,services,endpointslices,pods -A -o json` output
(notes on what the import did go to standard error).
SHELL is bash, zsh, fish, elvish or powershell.
Run `trafficlab help COMMAND` for a command's options.
Exit status: 0 on success, 2 for a usage error or a bad scenario (or a lab
that cannot run), 1 when the output cannot be written or the lab finds the
kernel differing from the core.";

/// Printed to stderr after a usage error.
pub const HINT: &str = concat!(
    "Usage: ",
    usage_lines!(),
    "\n       (FILE, or --from-kubectl FILE [--service NS/NAME])\nRun `trafficlab --help` for more.\n"
);
