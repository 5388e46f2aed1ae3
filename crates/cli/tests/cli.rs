//! The command line itself: help, version, usage errors, and a reader that
//! goes away early.

mod common;

use std::process::Stdio;

use common::{binary, layout, run, TempFile};

#[test]
fn help_goes_to_stdout_with_status_0() {
    for args in [&["--help"][..], &["-h"], &["help"], &["shares", "--help"], &["trace", "-h"]] {
        let out = run(args, None);
        let text = out.ok();
        assert!(text.contains("Usage:") && text.contains("trafficlab trace FILE --entry NODE"), "{args:?}: {text}");
    }
}

#[test]
fn version_prints_the_crate_version() {
    let out = run(&["--version"], None);
    assert_eq!(out.ok(), format!("trafficlab {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn usage_mistakes_exit_2_with_a_hint() {
    let cases: &[(&[&str], &str)] = &[
        (&[], "no command"),
        (&["frobnicate"], "unknown command `frobnicate`"),
        (&["shares"], "needs a scenario FILE"),
        (&["shares", "a.json", "b.json"], "b.json"),
        (&["shares", "a.json", "--jsn"], "--jsn"),
        (&["trace", "a.json"], "--entry"),
        (&["trace", "a.json", "--entry"], "--entry"),
        (&["health", "a.json"], "--node"),
        (&["shares", "a.json", "--json=yes"], "--json"),
        (&["trace", "a.json", "--entry", "a", "--entry", "b"], "more than once"),
    ];
    for (args, expected) in cases {
        let out = run(args, None);
        let err = out.fails();
        assert!(err.contains(expected), "{args:?}: {err}");
        assert!(err.contains("Usage: trafficlab shares FILE"), "{args:?} should show the usage hint: {err}");
    }
}

#[test]
fn a_reader_that_goes_away_is_not_an_error() {
    // Enough pods for the table to overflow a pipe buffer, so the write must fail.
    let scenario = layout("Cluster", &[250; 8]);
    let file = TempFile::with_contents("many.json", &serde_json::to_vec(&scenario).unwrap_or_default());
    let mut child = binary()
        .args(["shares", file.path_str()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("the binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "stderr: {stderr}");
    assert!(stderr.is_empty(), "a closed pipe is not reported: {stderr}");
}
