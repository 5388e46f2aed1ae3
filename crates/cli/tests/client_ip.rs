//! Keeping the client's address from the command line: `shares --json`'s
//! `clientIp`, the PROXY header and `X-Forwarded-For` in `trace`, and
//! `compare`, whose rows equal `shares` run on the scenario each describes.

mod common;

use common::{assert_close, layout, num, run_stdin};
use serde_json::{json, Value};

fn client_ip(json: &Value) -> (f64, f64, f64) {
    let c = &json["clientIp"];
    (num(&c["tcpPeer"]), num(&c["proxyHeader"]), num(&c["forwardedFor"]))
}

#[test]
fn shares_json_says_where_the_client_address_is() {
    let mut s = layout("Cluster", &[1, 1]);
    assert_eq!(client_ip(&run_stdin("shares", &s, &["--json"]).json()), (0.0, 0.0, 0.0));
    s["loadBalancer"] = json!({"proxyProtocol": "v2"});
    let out = run_stdin("shares", &s, &["--json"]).json();
    assert_eq!(client_ip(&out), (0.0, 1.0, 0.0));
    assert_eq!(out["clientIpPreserved"], out["clientIp"]["tcpPeer"]);
    s["ingress"] = json!({"externalTrafficPolicy": "Local", "pods": [{"name": "nginx-1", "node": "node-a"}]});
    let out = run_stdin("shares", &s, &["--json"]).json();
    assert_eq!(client_ip(&out), (0.0, 0.0, 1.0));
    assert_close(num(&out["ingress"]["pods"][0]["share"]), 1.0, "the one controller pod");
}

#[test]
fn trace_shows_the_v1_line_and_the_v2_bytes() {
    let mut s = layout("Cluster", &[1]);
    s["loadBalancer"] = json!({"proxyProtocol": "v1"});
    let out = run_stdin("trace", &s, &["--entry", "node-a", "--seed", "3"]).ok().to_string();
    assert!(out.contains("PROXY protocol v1 header"), "{out}");
    assert!(out.contains("PROXY TCP4 203.0.113.10 198.51.100.10 "), "{out}");
    assert!(out.contains("The app reads the client's address 203.0.113.10:"), "{out}");
    s["loadBalancer"] = json!({"proxyProtocol": "v2"});
    let out = run_stdin("trace", &s, &["--entry", "node-a"]).ok().to_string();
    assert!(out.contains("0D 0A 0D 0A 00 0D 0A 51 55 49 54 0A  sig"), "{out}");
    assert!(out.contains("CB 00 71 0A") && out.contains("src_addr  203.0.113.10"), "{out}");
}

#[test]
fn trace_says_what_a_mismatch_does() {
    let mut s = layout("Cluster", &[1]);
    s["loadBalancer"] = json!({"proxyProtocol": "v2"});
    s["app"] = json!({"expectProxyProtocol": false});
    let out = run_stdin("trace", &s, &["--entry", "node-a"]).ok().to_string();
    assert!(out.contains("answers 400 Bad Request"), "{out}");
    s["loadBalancer"] = json!({});
    s["app"] = json!({"expectProxyProtocol": true});
    let out = run_stdin("trace", &s, &["--entry", "node-a"]).ok().to_string();
    assert!(out.contains("closes the connection"), "{out}");
}

#[test]
fn trace_through_an_ingress_shows_x_forwarded_for() {
    let mut s = layout("Cluster", &[1, 1]);
    s["ingress"] = json!({"externalTrafficPolicy": "Local", "pods": [{"name": "nginx-1", "node": "node-b"}]});
    let out = run_stdin("trace", &s, &["--entry", "node-b"]).ok().to_string();
    assert!(out.contains("→ node-b (10.0.0.12) → ingress controller nginx-1"), "{out}");
    assert!(out.contains("X-Forwarded-For: 203.0.113.10, X-Real-IP: 203.0.113.10"), "{out}");
}

#[test]
fn each_compare_row_is_shares_of_the_scenario_it_describes() {
    let s = layout("Local", &[3, 1, 0]);
    let compare = run_stdin("compare", &s, &["--json"]).json();
    let rows = compare["rows"].as_array().unwrap();
    let row = |fix: &str| rows.iter().find(|r| r["fix"] == fix).unwrap_or_else(|| panic!("no {fix} row"));
    let same = |row: &Value, shares: &Value| {
        assert_eq!(row["imbalance"], shares["imbalance"]);
        assert_eq!(row["dropped"], shares["dropped"]);
        assert_eq!(row["crossNode"], shares["crossNode"]);
        assert_eq!(row["clientIp"], shares["clientIp"]);
    };
    same(row("asItIs"), &run_stdin("shares", &s, &["--json"]).json());
    let mut cluster = s.clone();
    cluster["service"]["externalTrafficPolicy"] = "Cluster".into();
    same(row("cluster"), &run_stdin("shares", &cluster, &["--json"]).json());
    same(row("localSpread"), &run_stdin("shares", &s, &["--json", "--spread"]).json());
    let mut proxy = cluster.clone();
    proxy["loadBalancer"] = json!({"proxyProtocol": "v2"});
    same(row("proxyProtocolV2"), &run_stdin("shares", &proxy, &["--json"]).json());
    let mut dsr = cluster.clone();
    dsr["dataPath"] = "ciliumDsr".into();
    same(row("ciliumDsr"), &run_stdin("shares", &dsr, &["--json"]).json());
    assert_eq!(row("ciliumDsr")["clientIpAt"], "TCP source");
    let table = run_stdin("compare", &s, &[]).ok().to_string();
    assert!(table.starts_with("FIX") && table.contains("Cluster + PROXY protocol v2"), "{table}");
}

#[test]
fn trace_json_carries_the_proxy_header_and_x_forwarded_for() {
    let mut s = layout("Cluster", &[1, 1]);
    s["loadBalancer"] = json!({"proxyProtocol": "v2"});
    let out = run_stdin("trace", &s, &["--entry", "node-a", "--json"]).json();
    let header = out["proxyHeader"].as_str().unwrap();
    assert!(header.starts_with("0D 0A 0D 0A 00 0D 0A 51 55 49 54 0A 21 11 00 0C CB 00 71 0A C6 33 64 0A"), "{header}");
    s["loadBalancer"] = json!({});
    s["ingress"] = json!({"externalTrafficPolicy": "Local", "pods": [{"name": "nginx-1", "node": "node-a"}]});
    let out = run_stdin("trace", &s, &["--entry", "node-a", "--json"]).json();
    assert_eq!(out["proxyHeader"], Value::Null);
    let hops = out["hops"].as_array().unwrap();
    assert!(hops.iter().any(|h| h["to"] == "controller/nginx-1"), "{hops:?}");
    let leg: Vec<&Value> = hops.iter().filter(|h| !h["forwardedFor"].is_null()).collect();
    assert_eq!(leg[0]["from"], "controller/nginx-1");
    assert_eq!(leg[0]["forwardedFor"], "203.0.113.10");
    assert_eq!(out["candidates"][0]["pod"], "nginx-1");
}
