//! `kubectl-trafficlab`: the kubectl plugin, `kubectl trafficlab shares -n NS
//! SERVICE` (everything lives in the library, shared with `trafficlab`).

fn main() -> std::process::ExitCode {
    trafficlab_cli::kubectl_trafficlab(std::env::args_os().skip(1))
}
