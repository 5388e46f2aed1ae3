//! `kubectl-trafficlab`, the kubectl plugin: it runs `kubectl get
//! nodes,services,endpointslices,pods -A -o json` and answers as
//! `trafficlab --from-kubectl` does, with kubectl's flags passed on, and says
//! clearly when kubectl is missing, fails, or prints something else.
//!
//! The `kubectl` these tests run is a test double: a shell script put first on
//! PATH that checks the arguments it gets and prints the kube crate's cluster
//! fixture. No cluster and no kubectl are available where the tests run, and
//! the plugin talks to kubectl only through its arguments and output.
#![cfg(unix)]

mod common;

use std::ffi::OsString;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::Command;

use common::{kubectl_fixture, run, run_command, Run, TempFile};
use serde_json::Value;

const GET: &str = "get nodes,services,endpointslices,pods -A -o json";

/// A directory holding an executable `kubectl` script; removed on drop.
struct FakeKubectl {
    dir: PathBuf,
}

impl FakeKubectl {
    /// A `kubectl` that runs `body` (a POSIX shell script).
    fn script(body: &str) -> Self {
        let dir = TempFile::new("bin").path().to_path_buf();
        std::fs::create_dir(&dir).expect("a temp dir");
        let kubectl = dir.join("kubectl");
        std::fs::write(&kubectl, format!("#!/bin/sh\n{body}\n")).expect("the script is written");
        std::fs::set_permissions(&kubectl, std::fs::Permissions::from_mode(0o755)).expect("chmod 755");
        FakeKubectl { dir }
    }

    /// A `kubectl` that prints `fixture` when called with exactly `GET` and `extra`.
    fn serving(fixture: &str, extra: &str) -> Self {
        FakeKubectl::script(&format!(
            "if [ \"$*\" != '{GET}{extra}' ]; then echo \"fake kubectl: unexpected arguments: $*\" >&2; exit 64; fi\n\
             cat '{}'",
            kubectl_fixture(fixture)
        ))
    }

    /// No kubectl at all: PATH is only this (empty) directory.
    fn missing() -> Self {
        let dir = TempFile::new("empty-bin").path().to_path_buf();
        std::fs::create_dir(&dir).expect("a temp dir");
        FakeKubectl { dir }
    }

    /// Runs the plugin with this directory first on PATH.
    fn plugin(&self, args: &[&str]) -> Run {
        let mut path = OsString::from(&self.dir);
        if self.dir.join("kubectl").exists() {
            path.push(":");
            path.push(std::env::var_os("PATH").unwrap_or_default());
        }
        let mut command = Command::new(env!("CARGO_BIN_EXE_kubectl-trafficlab"));
        command.env("PATH", path);
        run_command(command, args, None)
    }
}

impl Drop for FakeKubectl {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn without_notes(mut json: Value) -> Value {
    json.as_object_mut().map(|o| o.remove("notes"));
    json
}

#[test]
fn shares_answers_as_trafficlab_does_on_the_same_output() {
    let kubectl = FakeKubectl::serving("cluster.json", "");
    let plugin = kubectl.plugin(&["shares", "-n", "shop", "web", "--json"]);
    let (stdout, notes) = plugin.ok_with_notes();
    let json: Value = serde_json::from_str(stdout).expect("JSON");
    let file = kubectl_fixture("cluster.json");
    let direct = run(&["shares", "--from-kubectl", &file, "--service", "shop/web", "--json"], None);
    let expected: Value = serde_json::from_str(direct.ok_with_notes().0).expect("JSON");
    assert_eq!(without_notes(json.clone()), without_notes(expected));
    assert!(notes.iter().any(|n| n.starts_with("kubectl output: items[")), "notes name the input: {notes:?}");
    assert_eq!(json["notes"].as_array().map(Vec::len), Some(notes.len()));
}

#[test]
fn trace_health_rules_and_export_take_the_service_in_every_spelling() {
    let kubectl = FakeKubectl::serving("cluster.json", "");
    let trace = kubectl.plugin(&["trace", "shop/web", "--entry", "node-a", "--json"]);
    let json: Value = serde_json::from_str(trace.ok_with_notes().0).expect("JSON");
    assert_eq!((&json["entry"], &json["outcome"]), (&Value::from("node-a"), &Value::from("delivered")));
    let health = kubectl.plugin(&["health", "-n", "shop", "web", "--node", "node-c"]);
    assert!(health.ok_with_notes().0.starts_with("HTTP/1.1 503"), "{health:?}");
    let rules = kubectl.plugin(&["rules", "-n", "shop", "web", "--node", "node-a", "--mode", "nftables"]);
    assert!(rules.ok_with_notes().0.starts_with("# kube-proxy (nftables mode) on node node-a"), "{rules:?}");
    let export = kubectl.plugin(&["export", "web", "--spread"]);
    let yaml = export.ok_with_notes().0;
    assert!(yaml.contains("  namespace: shop\n") && yaml.contains("topologySpreadConstraints:\n"), "{yaml}");
}

#[test]
fn compare_answers_as_trafficlab_does_on_the_same_output() {
    let kubectl = FakeKubectl::serving("cluster.json", "");
    let file = kubectl_fixture("cluster.json");
    for format in [&["--json"][..], &[]] {
        let plugin = kubectl.plugin(&[&["compare", "-n", "shop", "web"][..], format].concat());
        let direct = run(&[&["compare", "--from-kubectl", &file, "--service", "shop/web"][..], format].concat(), None);
        let ((got, notes), (want, _)) = (plugin.ok_with_notes(), direct.ok_with_notes());
        match format {
            [] => assert_eq!(got, want),
            _ => {
                let (got, want): (Value, Value) =
                    (serde_json::from_str(got).expect("JSON"), serde_json::from_str(want).expect("JSON"));
                assert_eq!(without_notes(got), without_notes(want));
            }
        }
        assert!(notes.iter().any(|n| n.starts_with("kubectl output: items[")), "notes name the input: {notes:?}");
    }
    let usage = kubectl.plugin(&["compare", "--help"]).ok().to_string();
    assert!(usage.contains("Usage: kubectl trafficlab compare [-n NAMESPACE] [SERVICE] [--json]"), "{usage}");
}

#[test]
fn context_and_kubeconfig_are_passed_to_kubectl() {
    let kubectl = FakeKubectl::serving("cluster.json", " --context lab --kubeconfig /tmp/kube.yaml");
    let args = ["shares", "-n", "shop", "web", "--context", "lab", "--kubeconfig", "/tmp/kube.yaml"];
    assert!(kubectl.plugin(&args).ok_with_notes().0.starts_with("Service shop/web: "));
    // Without them the fake refuses the call, so they really were passed.
    let err = kubectl.plugin(&["shares", "-n", "shop", "web"]).fails().to_string();
    assert!(err.contains("fake kubectl: unexpected arguments"), "{err}");
}

#[test]
fn a_missing_kubectl_is_a_clear_error() {
    let err = FakeKubectl::missing().plugin(&["shares", "-n", "shop", "web"]).fails().to_string();
    assert!(err.contains("cannot run `kubectl`: it is not on the PATH. Fix: install kubectl"), "{err}");
}

#[test]
fn a_failing_kubectl_is_reported_with_what_it_said() {
    let kubectl = FakeKubectl::script("echo 'error: You must be logged in to the server (Unauthorized)' >&2\nexit 1");
    let err = kubectl.plugin(&["shares", "-n", "shop", "web"]).fails().to_string();
    assert!(err.contains(&format!("`kubectl {GET}` failed (exit status: 1)")), "{err}");
    assert!(err.contains("You must be logged in to the server (Unauthorized)"), "{err}");
    assert!(err.contains("Fix: check that kubectl reaches the cluster"), "{err}");
}

#[test]
fn output_that_is_not_kubectl_json_names_kubectl_output() {
    let kubectl = FakeKubectl::script("echo 'No resources found'");
    let err = kubectl.plugin(&["shares", "web"]).fails().to_string();
    assert!(err.starts_with("trafficlab: error: kubectl output: "), "{err}");
}

#[test]
fn usage_mistakes_show_the_plugins_usage() {
    let kubectl = FakeKubectl::serving("cluster.json", "");
    for (args, expected) in [
        (&[][..], "no command given (commands: shares, trace, health, rules, export, compare)"),
        (&["compare", "web", "--jsn"], "--jsn"),
        (&["shares", "-n", "shop"], "-n shop needs the SERVICE in it"),
        (&["trace", "web"], "--entry"),
        (&["shares", "web", "--jsn"], "--jsn"),
    ] {
        let err = kubectl.plugin(args).fails().to_string();
        assert!(err.contains(expected), "{args:?}: {err}");
        assert!(err.contains("Usage: kubectl trafficlab shares [-n NAMESPACE] [SERVICE]"), "{args:?}: {err}");
    }
    let help = kubectl.plugin(&["--help"]).ok().to_string();
    assert!(help.contains("Usage: kubectl trafficlab shares") && help.contains("--context"), "{help}");
}
