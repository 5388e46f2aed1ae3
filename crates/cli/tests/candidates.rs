//! Candidates on the command line: for every preset, `shares --json`'s
//! per-node candidates give back each pod's share (Σ over nodes of lbShare ×
//! probability), and `trace --json` lists the same candidates for its entry
//! node; a scenario too large to list them all is refused with a fix.

mod common;

use std::path::PathBuf;

use common::{num, run, run_stdin};
use serde_json::{json, Value};

fn presets() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../static/scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("static/scenarios is there")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "the presets: {files:?}");
    files
}

/// `(pod, probability)` pairs of a `candidates` array.
fn listed(candidates: &Value) -> Vec<(String, f64)> {
    let list = candidates.as_array().unwrap_or_else(|| panic!("candidates is an array: {candidates}"));
    list.iter().map(|c| (c["pod"].as_str().unwrap_or_default().to_string(), num(&c["probability"]))).collect()
}

#[test]
fn every_preset_gives_each_pod_the_sum_of_lb_share_times_probability() {
    for file in presets() {
        let path = file.to_str().expect("a UTF-8 path");
        let shares = run(&["shares", path, "--json"], None).json();
        // Behind an ingress controller the nodes' rules pick controller pods.
        let pods = if shares["ingress"].is_null() { &shares["pods"] } else { &shares["ingress"]["pods"] };
        let mut sum: Vec<(String, f64)> = Vec::new();
        for pod in pods.as_array().into_iter().flatten() {
            sum.push((pod["name"].as_str().unwrap_or_default().to_string(), 0.0));
        }
        for node in shares["nodes"].as_array().into_iter().flatten() {
            for (pod, probability) in listed(&node["candidates"]) {
                let slot = sum.iter_mut().find(|(name, _)| *name == pod).expect("a candidate is a pod of the scenario");
                slot.1 += num(&node["lbShare"]) * probability;
            }
        }
        for (pod, (name, got)) in pods.as_array().into_iter().flatten().zip(&sum) {
            let share = num(&pod["share"]);
            assert!(
                (share - got).abs() < 1e-12,
                "{path}: {name} has share {share}, but Σ lbShare × probability = {got}"
            );
        }
    }
}

#[test]
fn every_preset_traces_list_the_same_candidates_as_shares() {
    for file in presets() {
        let path = file.to_str().expect("a UTF-8 path");
        let shares = run(&["shares", path, "--json"], None).json();
        for node in shares["nodes"].as_array().into_iter().flatten() {
            let name = node["name"].as_str().unwrap_or_default();
            for seed in ["1", "2", "3"] {
                let trace = run(&["trace", path, "--entry", name, "--seed", seed, "--json"], None).json();
                let expected = if trace["outcome"] == "delivered" { listed(&node["candidates"]) } else { Vec::new() };
                assert_eq!(listed(&trace["candidates"]), expected, "{path} --entry {name} --seed {seed}");
                // Behind an ingress the pod is an app pod the controller chose.
                if let Some(pod) = trace["pod"].as_str().filter(|_| shares["ingress"].is_null()) {
                    assert!(expected.iter().any(|(p, _)| p == pod), "{path}: {pod} is among node {name}'s candidates");
                }
            }
        }
    }
}

#[test]
fn too_many_candidates_to_list_is_refused_with_a_fix() {
    // Cluster: every one of 2 001 nodes lists all 2 001 pods, 4 004 001 in all.
    let count = 2001;
    let nodes: Vec<Value> = (0..count).map(|i| json!({ "name": format!("node-{i}") })).collect();
    let pods: Vec<Value> =
        (0..count).map(|i| json!({ "name": format!("web-{i}"), "node": format!("node-{i}") })).collect();
    let scenario = json!({ "service": { "type": "LoadBalancer", "externalTrafficPolicy": "Cluster" }, "nodes": nodes, "pods": pods });
    let err = run_stdin("shares", &scenario, &["--json"]).fails().to_string();
    assert!(err.contains("<stdin>: shares --json would list 4004001 candidates over 2001 nodes"), "{err}");
    assert!(err.contains("Fix: add --no-candidates") && err.contains("trace FILE --entry NODE --json"), "{err}");
    let json: Value = serde_json::from_str(run_stdin("shares", &scenario, &["--json", "--no-candidates"]).ok())
        .expect("shares --json --no-candidates prints JSON");
    assert_eq!(json["pods"].as_array().map(Vec::len), Some(count));
    assert!(json["nodes"][0].get("candidates").is_none(), "no candidates key: {}", json["nodes"][0]);
    assert!((json["pods"][0]["share"].as_f64().unwrap_or(0.0) - 1.0 / count as f64).abs() < 1e-12);
    let table = run_stdin("shares", &scenario, &[]).ok().to_string();
    assert!(table.contains("web-2000"), "the table still works");
}
