//! `trafficlab`: the command line over scenario files and kubectl output
//! (everything lives in the library, shared with `kubectl-trafficlab`).

fn main() -> std::process::ExitCode {
    trafficlab_cli::trafficlab(std::env::args_os().skip(1))
}
