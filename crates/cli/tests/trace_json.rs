//! `trafficlab trace --json`: the shape, and each field on cases worked out
//! by hand (Cluster across nodes, Local, DROP, REJECT, NodePort, NLB IP targets).

mod common;

use common::{assert_close, layout, num, run_stdin};
use serde_json::{json, Value};

fn trace_json(scenario: &Value, entry: &str, seed: &str) -> (String, Value) {
    let out = run_stdin("trace", scenario, &["--entry", entry, "--seed", seed, "--json"]);
    let json = out.json();
    (out.stdout, json)
}

fn text(value: &Value) -> &str {
    value.as_str().unwrap_or_else(|| panic!("expected a string, got {value}"))
}

/// `(from, to)` of every hop.
fn path(json: &Value) -> Vec<(String, String)> {
    let hops = json["hops"].as_array().expect("hops is an array");
    hops.iter().map(|h| (text(&h["from"]).to_string(), text(&h["to"]).to_string())).collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

/// `(pod, probability)` of every candidate.
fn candidates(json: &Value) -> Vec<(String, f64)> {
    let list = json["candidates"].as_array().expect("candidates is an array");
    list.iter().map(|c| (text(&c["pod"]).to_string(), num(&c["probability"]))).collect()
}

fn assert_candidates(json: &Value, expected: &[(&str, f64)]) {
    let got = candidates(json);
    assert_eq!(got.len(), expected.len(), "{got:?}");
    for ((pod, p), (want_pod, want_p)) in got.iter().zip(expected) {
        assert_eq!(pod, want_pod);
        assert_close(*p, *want_p, pod);
    }
}

#[test]
fn cluster_across_nodes_is_masqueraded_to_the_entry_nodes_ip() {
    // node-b (10.0.0.12) has no pod: the endpoint is on node-a, either of two.
    let (_, json) = trace_json(&layout("Cluster", &[2, 0]), "node-b", "1");
    assert_eq!(json["entry"], "node-b");
    assert_eq!(json["outcome"], "delivered");
    let pod = text(&json["pod"]).to_string();
    assert!(pod == "web-1" || pod == "web-2", "{json}");
    assert_eq!(json["podSees"], "10.0.0.12");
    assert_eq!(json["masquerade"], true);
    assert_candidates(&json, &[("web-1", 0.5), ("web-2", 0.5)]);
    let (p, n) = (format!("pod/{pod}"), "node/node-a");
    assert_eq!(
        path(&json),
        pairs(&[
            ("client", "loadBalancer"),
            ("loadBalancer", "node/node-b"),
            ("node/node-b", n),
            (n, &p),
            (&p, n),
            (n, "node/node-b"),
            ("node/node-b", "loadBalancer"),
            ("loadBalancer", "client"),
        ])
    );
    let port = text(&json["hops"][0]["src"]).strip_prefix("203.0.113.10:").expect("the client's address").to_string();
    let forwarded = &json["hops"][2];
    let pod_ip = text(&forwarded["dst"]).to_string();
    assert!(pod_ip.starts_with("10.244.1.") && pod_ip.ends_with(":8080"), "{forwarded}");
    assert_eq!(forwarded["src"], format!("10.0.0.12:{port}"));
    assert_eq!(
        forwarded["rewrites"],
        json!([format!("DNAT 198.51.100.10:80 → {pod_ip}"), "SNAT 203.0.113.10 → 10.0.0.12"])
    );
    assert_eq!(json["hops"][6]["rewrites"][1], "un-SNAT 10.0.0.12 → 203.0.113.10");
    assert_eq!(json["hops"][7]["dst"], format!("203.0.113.10:{port}"));
}

#[test]
fn local_keeps_the_client_address_and_picks_among_the_nodes_own_pods() {
    let (_, json) = trace_json(&layout("Local", &[1, 2, 3]), "node-b", "42");
    assert_eq!(json["outcome"], "delivered");
    let pod = text(&json["pod"]).to_string();
    assert!(pod == "web-2" || pod == "web-3", "{json}");
    assert_eq!(json["podSees"], "203.0.113.10");
    assert_eq!(json["masquerade"], false);
    assert_candidates(&json, &[("web-2", 0.5), ("web-3", 0.5)]);
    let p = format!("pod/{pod}");
    let b = "node/node-b";
    assert_eq!(
        path(&json),
        pairs(&[
            ("client", "loadBalancer"),
            ("loadBalancer", b),
            (b, &p),
            (&p, b),
            (b, "loadBalancer"),
            ("loadBalancer", "client")
        ])
    );
    let rewrites: Vec<&str> = json["hops"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|h| h["rewrites"].as_array())
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(rewrites.len(), 2, "one DNAT and its undoing: {rewrites:?}");
    assert!(rewrites[0].starts_with("DNAT 198.51.100.10:80 → 10.244.2.") && rewrites[1].starts_with("un-DNAT"));
}

#[test]
fn dropped_has_no_pod_no_candidates_and_stops_at_the_node() {
    let mut scenario = layout("Local", &[1, 1, 0]);
    scenario["loadBalancer"]["healthCheck"] = false.into();
    let (raw, json) = trace_json(&scenario, "node-c", "1");
    let src = text(&json["hops"][0]["src"]);
    let hop = |from: &str, to: &str| {
        format!(
            r#"{{"from":"{from}","to":"{to}","src":"{src}","dst":"198.51.100.10:80","rewrites":[],"forwardedFor":null}}"#
        )
    };
    let expected = format!(
        r#"{{"entry":"node-c","outcome":"dropped","pod":null,"podSees":null,"masquerade":false,"candidates":[],"proxyHeader":null,"hops":[{},{}]}}"#,
        hop("client", "loadBalancer"),
        hop("loadBalancer", "node/node-c")
    );
    assert_eq!(raw, expected + "\n", "exactly these keys, in this order");
}

#[test]
fn rejected_answers_with_icmp_from_the_node() {
    let mut scenario = layout("Cluster", &[1, 0]);
    scenario["pods"][0]["state"] = "NotReady".into();
    let (_, json) = trace_json(&scenario, "node-b", "1");
    assert_eq!(json["outcome"], "rejected");
    assert!(json["pod"].is_null() && json["podSees"].is_null(), "{json}");
    assert_eq!(json["masquerade"], false);
    assert_candidates(&json, &[]);
    assert_eq!(
        path(&json),
        pairs(&[
            ("client", "loadBalancer"),
            ("loadBalancer", "node/node-b"),
            ("node/node-b", "loadBalancer"),
            ("loadBalancer", "client")
        ])
    );
    // ICMP has no ports.
    assert_eq!((&json["hops"][2]["src"], &json["hops"][2]["dst"]), (&json!("10.0.0.12"), &json!("203.0.113.10")));
}

#[test]
fn node_port_goes_straight_to_the_node() {
    let mut scenario = layout("Local", &[1]);
    scenario["service"]["type"] = "NodePort".into();
    let (_, json) = trace_json(&scenario, "node-a", "1");
    assert_eq!(path(&json)[0], ("client".to_string(), "node/node-a".to_string()));
    assert_eq!(json["hops"][0]["dst"], "10.0.0.11:30080");
    assert_eq!(json["hops"][1]["rewrites"], json!(["DNAT 10.0.0.11:30080 → 10.244.1.2:8080"]));
    assert_candidates(&json, &[("web-1", 1.0)]);
}

#[test]
fn nlb_ip_targets_bypass_kube_proxy_and_the_pod_sees_the_nlb() {
    let mut scenario = layout("Local", &[2, 1]);
    scenario["loadBalancer"] = json!({ "provider": "awsNlbIp" });
    scenario["pods"][1]["state"] = "NotReady".into();
    let (_, json) = trace_json(&scenario, "node-a", "3");
    assert_eq!(json["pod"], "web-1", "web-2 is NotReady, so not a registered target");
    assert_eq!(json["podSees"], "10.0.255.11");
    assert_eq!(json["masquerade"], false, "the NLB rewrote the source, not kube-proxy");
    assert_candidates(&json, &[("web-1", 1.0)]);
    assert_eq!(json["hops"][1]["from"], "loadBalancer");
    assert_eq!(json["hops"][1]["rewrites"][1], "SNAT 203.0.113.10 → 10.0.255.11");
}
