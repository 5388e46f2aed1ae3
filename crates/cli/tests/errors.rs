//! Bad input: every error exits with status 2, leaves stdout empty, and says
//! on stderr which input is wrong and how.

mod common;

use common::{layout, run, run_stdin, TempFile};

fn shares_of_file(contents: &[u8]) -> (TempFile, common::Run) {
    let file = TempFile::with_contents("bad.json", contents);
    let out = run(&["shares", file.path_str()], None);
    (file, out)
}

#[test]
fn bad_json_names_the_file_and_the_place() {
    let (file, out) = shares_of_file(br#"{"service": {"type": "LoadBalancer"}, "nodes": [{"name": "node-a"}"#);
    let err = out.fails();
    assert!(err.starts_with(&format!("trafficlab: error: {}: ", file.path_str())), "{err}");
    assert!(err.contains("line 1"), "{err}");
}

#[test]
fn a_pod_on_an_unknown_node_is_refused() {
    let mut scenario = layout("Local", &[1]);
    scenario["pods"][0]["node"] = "node-x".into();
    let err = run_stdin("shares", &scenario, &[]).fails().to_string();
    assert!(err.starts_with("trafficlab: error: <stdin>: pods[0].node"), "{err}");
    assert!(err.contains("node-x") && err.contains("node-a"), "{err}");
}

#[test]
fn an_unknown_enum_value_lists_the_allowed_ones() {
    let mut scenario = layout("Local", &[1]);
    scenario["service"]["type"] = "ClusterIP".into();
    let err = run_stdin("shares", &scenario, &["--json"]).fails().to_string();
    assert!(err.contains("ClusterIP") && err.contains("LoadBalancer") && err.contains("NodePort"), "{err}");

    let mut scenario = layout("Local", &[1]);
    scenario["pods"][0]["state"] = "Running".into();
    let err = run_stdin("shares", &scenario, &[]).fails().to_string();
    assert!(err.contains("Ready") && err.contains("Terminating") && err.contains("NotReady"), "{err}");
}

#[test]
fn an_empty_file_is_refused() {
    let (_file, out) = shares_of_file(b"");
    assert!(out.fails().contains("empty"), "{out:?}");
    let out = run(&["shares", "-"], Some(b"  \n"));
    assert!(out.fails().contains("<stdin>: the file is empty"), "{out:?}");
}

#[test]
fn a_missing_file_is_refused() {
    let file = TempFile::new("does-not-exist.json");
    let out = run(&["trace", file.path_str(), "--entry", "node-a"], None);
    let err = out.fails();
    assert!(err.contains(file.path_str()) && err.contains("no such file"), "{err}");
}

#[test]
fn a_directory_is_refused() {
    let dir = std::env::temp_dir();
    let out = run(&["shares", dir.to_str().unwrap_or("/")], None);
    assert!(out.fails().contains("directory"), "{out:?}");
}

#[test]
fn a_file_over_the_size_limit_is_refused_without_reading_it() {
    let file = TempFile::new("huge.json");
    let handle = std::fs::File::create(file.path()).expect("temp file");
    handle.set_len(17 * 1024 * 1024).expect("sparse file");
    drop(handle);
    let out = run(&["shares", file.path_str(), "--json"], None);
    let err = out.fails();
    assert!(err.contains("17.0 MiB") && err.contains("16 MiB"), "{err}");
}

#[test]
fn standard_input_over_the_size_limit_is_refused() {
    let mut big = vec![b' '; 17 * 1024 * 1024];
    big[0] = b'{';
    let out = run(&["shares", "-"], Some(&big));
    assert!(out.fails().contains("larger than 16 MiB"), "{out:?}");
}

#[test]
fn an_unknown_entry_node_lists_the_nodes() {
    let err = run_stdin("trace", &layout("Cluster", &[1, 1, 1]), &["--entry", "node-q"]).fails().to_string();
    assert!(err.contains("node-q") && err.contains("node-a, node-b, node-c"), "{err}");
}

#[test]
fn a_bad_seed_is_refused() {
    for seed in ["abc", "-1", "1.5", "18446744073709551616", ""] {
        let err =
            run_stdin("trace", &layout("Cluster", &[1]), &["--entry", "node-a", "--seed", seed]).fails().to_string();
        assert!(err.contains("--seed"), "{seed:?}: {err}");
    }
}

#[test]
fn non_utf8_input_is_refused() {
    let out = run(&["shares", "-"], Some(b"{\"service\": \xff}"));
    assert!(out.fails().contains("UTF-8"), "{out:?}");
}
