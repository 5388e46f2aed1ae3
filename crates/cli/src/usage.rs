//! The help text (`--help`) and the short usage hint shown after a usage error.

/// Printed to stdout for `--help`, `-h` and `help`.
pub const HELP: &str = "\
trafficlab: what kube-proxy and a load balancer do with external traffic to a
Kubernetes Service (externalTrafficPolicy Cluster or Local), behind a generic
load balancer, MetalLB (layer 2 or BGP), an AWS NLB (instance or IP targets)
or an Azure load balancer.

Usage:
  trafficlab shares FILE [--json] [--spread]
  trafficlab trace FILE --entry NODE [--seed N]
  trafficlab health FILE --node NODE
  trafficlab help | --help | --version

Commands:
  shares   The share of new external connections each pod gets, per node what
           the load balancer sends and the health check answers, and how much
           is dropped, rejected, SNATed and forwarded across nodes.
  trace    One connection that arrives at node NODE, hop by hop, with every
           address rewrite, and how it ends.
  health   The HTTP response NODE's healthCheckNodePort gives (LoadBalancer
           Services with externalTrafficPolicy Local only).

Options:
  --json         shares: print JSON instead of a table (shares are fractions)
  --spread       shares: first re-place the pods as a topology spread
                 constraint (maxSkew 1 per node) would, moving as few as possible
  --entry NODE   trace: the node the connection arrives at
  --seed N       trace: picks the client port and the endpoint (default 1)
  --node NODE    health: the node whose health check port to ask
  -h, --help     print this help
  -V, --version  print the version

FILE is a JSON or YAML scenario file; `-` reads it from standard input.
Exit status: 0 on success, 2 for a usage error or a bad scenario, 1 when the
output cannot be written.
";

/// Printed to stderr after a usage error.
pub const HINT: &str = "\
Usage: trafficlab shares FILE [--json] [--spread]
       trafficlab trace FILE --entry NODE [--seed N]
       trafficlab health FILE --node NODE
Run `trafficlab --help` for more.
";
