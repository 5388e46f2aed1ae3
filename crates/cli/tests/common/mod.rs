//! Helpers for the integration tests: run the real `trafficlab` binary, write
//! scenario files to unique temp paths (removed on drop), build scenarios.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{json, Value};

/// What one run of the binary produced.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts success with nothing on stderr, and returns stdout.
    pub fn ok(&self) -> &str {
        assert_eq!(self.code, Some(0), "expected success, got {self:?}");
        assert!(self.stderr.is_empty(), "unexpected stderr: {}", self.stderr);
        &self.stdout
    }

    /// Asserts exit status 2 with nothing on stdout, and returns stderr.
    pub fn fails(&self) -> &str {
        assert_eq!(self.code, Some(2), "expected exit status 2, got {self:?}");
        assert!(self.stdout.is_empty(), "stdout should stay empty on error, got {:?}", self.stdout);
        assert!(self.stderr.starts_with("trafficlab: error: "), "stderr: {:?}", self.stderr);
        assert!(!self.stderr.contains("panicked"), "stderr: {:?}", self.stderr);
        &self.stderr
    }

    /// Asserts success with only notes on stderr (an import's), and returns
    /// stdout and the notes (without their `trafficlab: note: ` prefix).
    pub fn ok_with_notes(&self) -> (&str, Vec<&str>) {
        assert_eq!(self.code, Some(0), "expected success, got {self:?}");
        let notes: Vec<&str> = self.stderr.lines().map(|l| l.strip_prefix("trafficlab: note: ").unwrap_or(l)).collect();
        assert!(self.stderr.lines().all(|l| l.starts_with("trafficlab: note: ")), "only notes: {}", self.stderr);
        assert!(!notes.is_empty(), "an import says what it did");
        (&self.stdout, notes)
    }

    pub fn json(&self) -> Value {
        let out = self.ok();
        assert!(out.ends_with('\n'), "JSON output should end with a newline");
        serde_json::from_str(out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
    }
}

pub fn binary() -> Command {
    Command::new(env!("CARGO_BIN_EXE_trafficlab"))
}

/// Runs the binary with `args`, feeding `stdin` (or nothing) on standard input.
pub fn run(args: &[&str], stdin: Option<&[u8]>) -> Run {
    run_command(binary(), args, stdin)
}

/// Runs `command` with `args`, feeding `stdin` (or nothing) on standard input.
pub fn run_command(mut command: Command, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut child = command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the trafficlab binary starts");
    let mut pipe = child.stdin.take().expect("stdin is piped");
    let input = stdin.unwrap_or_default().to_vec();
    // A thread, so a large input cannot deadlock against the output; the binary
    // may stop reading early (oversized input), so a broken pipe is expected.
    let feeder = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let output = child.wait_with_output().expect("the trafficlab binary runs");
    feeder.join().expect("the stdin feeder finishes");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// Runs `trafficlab <command> - <rest…>` with `scenario` on standard input.
pub fn run_stdin(command: &str, scenario: &Value, rest: &[&str]) -> Run {
    let text = serde_json::to_vec(scenario).expect("a scenario serializes");
    let mut args = vec![command, "-"];
    args.extend_from_slice(rest);
    run(&args, Some(&text))
}

/// Runs `trafficlab <command> FILE <rest…>` with `scenario` written to a temp file.
pub fn run_file(command: &str, scenario: &Value, rest: &[&str]) -> Run {
    let file = TempFile::with_contents("scenario.json", &serde_json::to_vec(scenario).expect("serializes"));
    let mut args = vec![command, file.path_str()];
    args.extend_from_slice(rest);
    run(&args, None)
}

/// A file under the temp dir with a name no other test uses; removed on drop.
pub struct TempFile {
    path: PathBuf,
}

impl TempFile {
    pub fn new(name: &str) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let unique = format!("trafficlab-cli-{}-{}-{name}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
        TempFile { path: std::env::temp_dir().join(unique) }
    }

    pub fn with_contents(name: &str, contents: &[u8]) -> Self {
        let file = TempFile::new(name);
        std::fs::write(&file.path, contents).expect("the temp file is written");
        file
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn path_str(&self) -> &str {
        self.path.to_str().expect("temp paths are UTF-8")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// A file of the kube crate's tests (kubectl output of a small cluster), as a path.
pub fn kubectl_fixture(name: &str) -> String {
    format!("{}/../kube/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// A `LoadBalancer` Service with `policy`, health checks on, even weighting, and
/// nodes `node-a`, `node-b`, … holding `pods_per_node[i]` Ready pods
/// (`web-1`, `web-2`, … in node order).
pub fn layout(policy: &str, pods_per_node: &[usize]) -> Value {
    let node_name = |i: usize| format!("node-{}", char::from(b'a' + i as u8));
    let nodes: Vec<Value> = (0..pods_per_node.len()).map(|i| json!({ "name": node_name(i) })).collect();
    let mut pods = Vec::new();
    for (i, &count) in pods_per_node.iter().enumerate() {
        for _ in 0..count {
            pods.push(json!({ "name": format!("web-{}", pods.len() + 1), "node": node_name(i) }));
        }
    }
    json!({
        "service": { "name": "web", "type": "LoadBalancer", "externalTrafficPolicy": policy },
        "loadBalancer": { "healthCheck": true, "weighting": "even" },
        "nodes": nodes,
        "pods": pods,
    })
}

/// The number at `value`, or a panic naming what was expected.
pub fn num(value: &Value) -> f64 {
    value.as_f64().unwrap_or_else(|| panic!("expected a number, got {value}"))
}

pub fn assert_close(actual: f64, expected: f64, what: &str) {
    assert!((actual - expected).abs() < 1e-12, "{what}: expected {expected}, got {actual}");
}

/// The `share` of every pod in a `shares --json` answer, in order.
pub fn pod_shares(json: &Value) -> Vec<f64> {
    json["pods"].as_array().expect("pods is an array").iter().map(|p| num(&p["share"])).collect()
}

pub fn assert_all_close(actual: &[f64], expected: &[f64], what: &str) {
    assert_eq!(actual.len(), expected.len(), "{what}: {actual:?} vs {expected:?}");
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        assert_close(*a, *e, &format!("{what}[{i}]"));
    }
}
