//! `--from-kubectl`: shares, trace and health of a Service imported from
//! kubectl output (one List, separate files, YAML, standard input), the
//! import's notes on stderr and in `shares --json`, the choice of Service,
//! and `export` (a Service and a Deployment, spread or not).

mod common;

use common::{assert_all_close, kubectl_fixture, pod_shares, run, TempFile};
use serde_json::Value;
use trafficlab_kube::Input;

/// The shares the library gives for `service` of the kube crate's cluster fixture.
fn library_shares(service: &str) -> Vec<f64> {
    let bytes = std::fs::read(kubectl_fixture("cluster.json")).expect("the fixture is there");
    let cluster = trafficlab_kube::read(&[Input::new("cluster.json", &bytes)]).expect("the fixture reads");
    cluster.import(Some(service)).expect("the fixture has it").scenario.shares().pods
}

#[test]
fn shares_json_of_an_import_carries_its_notes_and_the_librarys_shares() {
    let cluster = kubectl_fixture("cluster.json");
    let out = run(&["shares", "--from-kubectl", &cluster, "--service", "shop/web", "--json"], None);
    let (stdout, notes) = out.ok_with_notes();
    let json: Value = serde_json::from_str(stdout).expect("JSON");
    // Local, GKE pods-per-node weighting: node-a's one pod and node-b's one Ready pod get half each.
    assert_all_close(&pod_shares(&json), &[0.5, 0.5, 0.0, 0.0], "pod shares");
    assert_all_close(&pod_shares(&json), &library_shares("shop/web"), "the library's shares");
    let in_json: Vec<&str> = json["notes"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    assert_eq!(in_json, notes, "the same notes on stderr and in the JSON");
    assert!(notes[0].starts_with("endpoints: 4 from 2 EndpointSlices"), "{notes:?}");
    assert!(notes.iter().any(|n| n.starts_with(&format!("{cluster}: items["))), "notes name the input: {notes:?}");
}

#[test]
fn a_scenario_file_has_no_notes_key() {
    let json =
        run(&["shares", "--json", "-"], Some(br#"{"service": {}, "nodes": [{"name": "a"}], "pods": []}"#)).json();
    assert!(json.get("notes").is_none(), "{json}");
}

#[test]
fn separate_files_yaml_and_standard_input_read_as_the_list_does() {
    let list = run(&["shares", "--from-kubectl", &kubectl_fixture("cluster.json"), "--service", "web"], None);
    let (expected, _) = list.ok_with_notes();
    let apart = ["nodes.json", "service-web.json", "endpointslices-web.json"].map(kubectl_fixture);
    let mut args = vec!["shares"];
    for file in &apart {
        args.extend(["--from-kubectl", file.as_str()]);
    }
    assert_eq!(run(&args, None).ok_with_notes().0, expected, "separate files");
    let yaml = run(&["shares", "--from-kubectl", &kubectl_fixture("cluster.yaml"), "--service", "shop/web"], None);
    assert_eq!(yaml.ok_with_notes().0, expected, "YAML");
    let bytes = std::fs::read(kubectl_fixture("cluster.json")).expect("the fixture is there");
    let piped = run(&["shares", "--from-kubectl", "-", "--service", "shop/web"], Some(&bytes));
    let (table, notes) = piped.ok_with_notes();
    assert_eq!(table, expected, "standard input");
    assert!(notes.iter().any(|n| n.starts_with("<stdin>: items[")), "{notes:?}");
}

#[test]
fn trace_and_health_work_on_an_import() {
    let cluster = kubectl_fixture("cluster.json");
    let trace =
        run(&["trace", "--from-kubectl", &cluster, "--service", "shop/web", "--entry", "node-b", "--json"], None);
    let json: Value = serde_json::from_str(trace.ok_with_notes().0).expect("JSON");
    assert_eq!(json["pod"], "web-7d9f8b6c5-b1", "node-b's only Ready endpoint: {json}");
    assert_eq!(json["podSees"], "203.0.113.10", "Local keeps the client's address");
    let health = run(&["health", "--from-kubectl", &cluster, "--service", "shop/web", "--node", "node-c"], None);
    assert!(health.ok_with_notes().0.starts_with("HTTP/1.1 503 Service Unavailable\n"), "{health:?}");
}

#[test]
fn choosing_the_service_is_checked() {
    let cluster = kubectl_fixture("cluster.json");
    let err = run(&["shares", "--from-kubectl", &cluster], None).fails().to_string();
    assert!(err.contains("2 Services take external traffic") && err.contains("shop/web, shop/api"), "{err}");
    let err = run(&["shares", "--from-kubectl", &cluster, "--service", "shop/nope"], None).fails().to_string();
    assert!(err.contains("shop/nope") && err.contains("Fix: "), "{err}");
}

#[test]
fn usage_mistakes_with_kubectl_input() {
    let cluster = kubectl_fixture("cluster.json");
    let cases: &[(&[&str], &str)] = &[
        (&["shares", "a.json", "--from-kubectl", &cluster], "cannot be used with"),
        (&["shares", "a.json", "--service", "web"], "--from-kubectl"),
        (&["shares", "--from-kubectl", "-", "--from-kubectl", "-"], "standard input can be read only once"),
    ];
    for (args, expected) in cases {
        let err = run(args, None).fails().to_string();
        assert!(err.contains(expected) && err.contains("Usage: trafficlab shares FILE"), "{args:?}: {err}");
    }
}

#[test]
fn bad_kubectl_output_names_the_file_and_the_fix() {
    let file = TempFile::with_contents(
        "kubectl.json",
        br#"{"apiVersion": "v1", "kind": "List", "items": [{"kind": "Service"}]}"#,
    );
    let err = run(&["shares", "--from-kubectl", file.path_str()], None).fails().to_string();
    assert!(err.starts_with(&format!("trafficlab: error: {}: ", file.path_str())) && err.contains("Fix: "), "{err}");
    let missing = TempFile::new("missing.json");
    let err = run(&["shares", "--from-kubectl", missing.path_str()], None).fails().to_string();
    assert!(err.contains(missing.path_str()) && err.contains("no such file"), "{err}");
}

#[test]
fn export_writes_a_service_and_a_deployment() {
    let scenario = common::layout("Local", &[3, 1, 0]);
    let file = TempFile::with_contents("s.json", &serde_json::to_vec(&scenario).expect("serializes"));
    let yaml = run(&["export", file.path_str()], None).ok().to_string();
    assert!(yaml.contains("kind: Service\n") && yaml.contains("\n---\n") && yaml.contains("kind: Deployment\n"));
    assert!(yaml.contains("  type: LoadBalancer\n  externalTrafficPolicy: Local\n"), "{yaml}");
    assert!(yaml.contains("  replicas: 4\n") && !yaml.contains("topologySpreadConstraints:"), "{yaml}");
    let spread = run(&["export", file.path_str(), "--spread"], None).ok().to_string();
    assert!(spread.contains("topologySpreadConstraints:\n      - maxSkew: 1\n"), "{spread}");
}

#[test]
fn an_exported_service_imports_back_with_the_clusters_nodes() {
    let cluster = kubectl_fixture("cluster.json");
    let export = run(&["export", "--from-kubectl", &cluster, "--service", "shop/web"], None);
    let (yaml, _) = export.ok_with_notes();
    let exported = TempFile::with_contents("export.yaml", yaml.as_bytes());
    let nodes = kubectl_fixture("nodes.json");
    let args = ["shares", "--from-kubectl", exported.path_str(), "--from-kubectl", &nodes];
    let shares = run(&args, None);
    let (table, _) = shares.ok_with_notes();
    assert!(table.starts_with("Service shop/web: type LoadBalancer, externalTrafficPolicy Local\n"), "{table}");
}
