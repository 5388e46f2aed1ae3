//! `trafficlab health`: the HTTP response of the healthCheckNodePort.

mod common;

use common::{layout, run_file, run_stdin};
use serde_json::Value;

/// The status line and the body of an HTTP response text.
fn split_response(out: &str) -> (&str, &str) {
    let status = out.lines().next().unwrap_or_default();
    let body = out.split_once("\n\n").map_or("", |(_, body)| body);
    (status, body)
}

#[test]
fn a_node_with_ready_pods_answers_200_with_its_endpoint_count() {
    let out = run_file("health", &layout("Local", &[1, 2, 3]), &["--node", "node-b"]).ok().to_string();
    let (status, body) = split_response(&out);
    assert_eq!(status, "HTTP/1.1 200 OK");
    let json: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("body is not JSON ({e}): {body:?}"));
    assert_eq!(json["localEndpoints"], 2);
    assert_eq!(json["service"]["name"], "web");
    assert!(out.contains("X-Load-Balancing-Endpoint-Weight: 2\n"), "{out}");
    let length = format!("Content-Length: {}\n", body.trim_end_matches('\n').len());
    assert!(out.contains(&length), "Content-Length should match the body: {out}");
}

#[test]
fn an_empty_node_answers_503() {
    let out = run_stdin("health", &layout("Local", &[3, 1, 0]), &["--node", "node-c"]).ok().to_string();
    let (status, body) = split_response(&out);
    assert_eq!(status, "HTTP/1.1 503 Service Unavailable");
    let json: Value = serde_json::from_str(body).unwrap_or_default();
    assert_eq!(json["localEndpoints"], 0, "{out}");
}

#[test]
fn terminating_pods_do_not_count_as_local_endpoints() {
    let mut scenario = layout("Local", &[1]);
    scenario["pods"][0]["state"] = "Terminating".into();
    let out = run_stdin("health", &scenario, &["--node", "node-a"]).ok().to_string();
    assert!(out.starts_with("HTTP/1.1 503"), "{out}");
}

#[test]
fn a_service_without_the_port_is_an_error() {
    let err = run_stdin("health", &layout("Cluster", &[1]), &["--node", "node-a"]).fails().to_string();
    assert!(err.contains("no healthCheckNodePort"), "{err}");
    assert!(err.contains("LoadBalancer") && err.contains("Local"), "{err}");

    let mut node_port = layout("Local", &[1]);
    node_port["service"]["type"] = "NodePort".into();
    let err = run_stdin("health", &node_port, &["--node", "node-a"]).fails().to_string();
    assert!(err.contains("no healthCheckNodePort"), "{err}");
}

#[test]
fn an_unknown_node_lists_the_nodes() {
    let err = run_stdin("health", &layout("Local", &[1, 1]), &["--node", "node-z"]).fails().to_string();
    assert!(err.contains("node-z") && err.contains("node-a, node-b"), "{err}");
}
