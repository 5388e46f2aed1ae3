//! The command line itself: help, version, usage errors, and a reader that
//! goes away early.

mod common;

use std::process::Stdio;

use common::{binary, layout, run, TempFile};

#[test]
fn help_goes_to_stdout_with_status_0() {
    for args in [&["--help"][..], &["-h"], &["help"]] {
        let text = run(args, None).ok().to_string();
        for usage in [
            "Usage: trafficlab shares FILE [--json [--no-candidates]] [--spread]",
            "trafficlab trace FILE --entry NODE [--seed N]",
            "trafficlab health FILE --node NODE",
            "trafficlab completions SHELL",
        ] {
            assert!(text.contains(usage), "{args:?} should show {usage:?}: {text}");
        }
        for command in ["shares", "trace", "health", "completions"] {
            assert!(text.lines().any(|l| l.trim_start().starts_with(command)), "{args:?} lists {command}: {text}");
        }
    }
}

#[test]
fn each_command_has_its_own_help() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "shares",
            "Usage: trafficlab shares FILE [--json [--no-candidates]] [--spread]",
            &["--json", "--no-candidates", "--spread", "FILE"],
        ),
        (
            "trace",
            "Usage: trafficlab trace FILE --entry NODE [--seed N]",
            &["--entry <NODE>", "--seed <N>", "[default: 1]"],
        ),
        ("health", "Usage: trafficlab health FILE --node NODE", &["--node <NODE>"]),
        ("completions", "Usage: trafficlab completions SHELL", &["bash", "zsh", "fish"]),
    ];
    for (command, usage, options) in cases {
        for args in [&[*command, "--help"][..], &[*command, "-h"], &["help", *command]] {
            let text = run(args, None).ok().to_string();
            assert!(text.contains(usage), "{args:?}: {text}");
            assert!(options.iter().all(|o| text.contains(o)), "{args:?} should name {options:?}: {text}");
            let others = ["shares", "trace", "health"].into_iter().filter(|c| c != command);
            assert!(others.map(|c| format!("trafficlab {c} FILE")).all(|u| !text.contains(&u)), "{args:?}: {text}");
        }
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
        (&["trace", "a.json", "--entry", "a", "--entry", "b"], "cannot be used multiple times"),
        (&["trace", "a.json", "--entry", "a", "--seed", "x"], "--seed"),
        (&["completions"], "SHELL"),
        (&["completions", "tcsh"], "possible values: bash"),
    ];
    for (args, expected) in cases {
        let out = run(args, None);
        let err = out.fails();
        assert!(err.contains(expected), "{args:?}: {err}");
        assert!(err.contains("Usage: trafficlab shares FILE"), "{args:?} should show the usage hint: {err}");
        assert!(!err.contains("For more information"), "{args:?}: one hint is enough: {err}");
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
