//! `trafficlab shares`: the --json numbers for the worked examples, the exact
//! JSON shape, and the human table.

mod common;

use common::{assert_all_close, assert_close, layout, num, pod_shares, run, run_file, run_stdin};
use serde_json::Value;

const THIRD: f64 = 1.0 / 3.0;
const SIXTH: f64 = 1.0 / 6.0;
const NINTH: f64 = 1.0 / 9.0;

fn health(json: &Value, node: usize) -> (u64, u64) {
    let check = &json["nodes"][node]["healthCheck"];
    let field = |name: &str| check[name].as_u64().unwrap_or_else(|| panic!("healthCheck.{name} in {check}"));
    (field("status"), field("localEndpoints"))
}

#[test]
fn worked_example_local_gives_each_node_a_third_split_over_its_pods() {
    let json = run_file("shares", &layout("Local", &[1, 2, 3]), &["--json"]).json();
    assert_all_close(&pod_shares(&json), &[THIRD, SIXTH, SIXTH, NINTH, NINTH, NINTH], "pod shares");
    assert_close(num(&json["imbalance"]), 3.0, "imbalance");
    assert_close(num(&json["dropped"]), 0.0, "dropped");
    assert_close(num(&json["rejected"]), 0.0, "rejected");
    assert_close(num(&json["snat"]), 0.0, "snat");
    assert_close(num(&json["crossNode"]), 0.0, "crossNode");
    for (i, endpoints) in [1, 2, 3].into_iter().enumerate() {
        assert_eq!(health(&json, i), (200, endpoints), "node {i}");
        assert_close(num(&json["nodes"][i]["lbShare"]), THIRD, "lbShare");
    }
    let names: Vec<&str> = json["pods"].as_array().into_iter().flatten().filter_map(|p| p["node"].as_str()).collect();
    assert_eq!(names, ["node-a", "node-b", "node-b", "node-c", "node-c", "node-c"]);
}

#[test]
fn worked_example_cluster_spreads_evenly_with_snat_and_cross_node_hops() {
    let json = run_stdin("shares", &layout("Cluster", &[1, 2, 3]), &["--json"]).json();
    assert_all_close(&pod_shares(&json), &[SIXTH; 6], "pod shares");
    assert_close(num(&json["snat"]), 1.0, "snat");
    assert_close(num(&json["crossNode"]), 2.0 / 3.0, "crossNode");
    assert_close(num(&json["imbalance"]), 1.0, "imbalance");
    for node in json["nodes"].as_array().into_iter().flatten() {
        assert!(node["healthCheck"].is_null(), "Cluster has no health check port: {node}");
    }
}

#[test]
fn local_with_health_checks_skips_the_empty_node() {
    let json = run_stdin("shares", &layout("Local", &[3, 1, 0]), &["--json"]).json();
    assert_all_close(&pod_shares(&json), &[SIXTH, SIXTH, SIXTH, 0.5], "pod shares");
    assert_close(num(&json["nodes"][2]["lbShare"]), 0.0, "node-c lbShare");
    assert_eq!(health(&json, 2), (503, 0));
    assert_close(num(&json["dropped"]), 0.0, "dropped");
}

#[test]
fn local_without_health_checks_drops_the_empty_nodes_share() {
    let mut scenario = layout("Local", &[3, 1, 0]);
    scenario["loadBalancer"]["healthCheck"] = false.into();
    let json = run_stdin("shares", &scenario, &["--json"]).json();
    assert_all_close(&pod_shares(&json), &[NINTH, NINTH, NINTH, THIRD], "pod shares");
    assert_close(num(&json["dropped"]), THIRD, "dropped");
    assert_eq!(health(&json, 2), (503, 0), "kube-proxy still answers, the LB just does not ask");
}

#[test]
fn pods_per_node_weighting_evens_out_the_pods() {
    let mut scenario = layout("Local", &[3, 1, 0]);
    scenario["loadBalancer"]["weighting"] = "podsPerNode".into();
    let json = run_stdin("shares", &scenario, &["--json"]).json();
    assert_all_close(&pod_shares(&json), &[0.25; 4], "pod shares");
    assert_close(num(&json["imbalance"]), 1.0, "imbalance");
}

#[test]
fn json_has_exactly_the_specified_keys_in_order() {
    let raw = run_stdin("shares", &layout("Local", &[1, 0]), &["--json"]);
    assert_eq!(
        raw.ok(),
        concat!(
            r#"{"pods":[{"name":"web-1","node":"node-a","share":1.0}],"#,
            r#""nodes":[{"name":"node-a","lbShare":1.0,"healthCheck":{"status":200,"localEndpoints":1},"#,
            r#""candidates":[{"pod":"web-1","probability":1.0}]},"#,
            r#"{"name":"node-b","lbShare":0.0,"healthCheck":{"status":503,"localEndpoints":0},"candidates":[]}],"#,
            r#""dropped":0.0,"rejected":0.0,"snat":0.0,"crossNode":0.0,"clientIpPreserved":1.0,"#,
            r#""clientIp":{"tcpPeer":1.0,"proxyHeader":0.0,"forwardedFor":0.0},"imbalance":1.0,"ingress":null}"#,
            "\n"
        )
    );
}

#[test]
fn imbalance_is_null_without_a_ready_pod() {
    let mut scenario = layout("Cluster", &[1, 1]);
    for pod in scenario["pods"].as_array_mut().into_iter().flatten() {
        pod["state"] = "Terminating".into();
    }
    let out = run_stdin("shares", &scenario, &["--json"]);
    assert_eq!(
        out.ok(),
        concat!(
            r#"{"pods":[{"name":"web-1","node":"node-a","share":0.5},{"name":"web-2","node":"node-b","share":0.5}],"#,
            r#""nodes":[{"name":"node-a","lbShare":0.5,"healthCheck":null,"candidates":[{"pod":"web-1","probability":0.5},{"pod":"web-2","probability":0.5}]},"#,
            r#"{"name":"node-b","lbShare":0.5,"healthCheck":null,"candidates":[{"pod":"web-1","probability":0.5},{"pod":"web-2","probability":0.5}]}],"#,
            r#""dropped":0.0,"rejected":0.0,"snat":1.0,"crossNode":0.5,"clientIpPreserved":0.0,"#,
            r#""clientIp":{"tcpPeer":0.0,"proxyHeader":0.0,"forwardedFor":0.0},"imbalance":null,"ingress":null}"#,
            "\n"
        )
    );
}

#[test]
fn every_object_has_the_specified_key_set() {
    let json = run_stdin("shares", &layout("Local", &[1, 2, 3]), &["--json"]).json();
    let keys = |v: &Value| -> Vec<String> {
        let mut keys: Vec<String> = v.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default();
        keys.sort();
        keys
    };
    assert_eq!(
        keys(&json),
        [
            "clientIp",
            "clientIpPreserved",
            "crossNode",
            "dropped",
            "imbalance",
            "ingress",
            "nodes",
            "pods",
            "rejected",
            "snat"
        ]
    );
    assert_eq!(keys(&json["pods"][0]), ["name", "node", "share"]);
    assert_eq!(keys(&json["clientIp"]), ["forwardedFor", "proxyHeader", "tcpPeer"]);
    assert_eq!(keys(&json["nodes"][0]), ["candidates", "healthCheck", "lbShare", "name"]);
    assert_eq!(keys(&json["nodes"][0]["healthCheck"]), ["localEndpoints", "status"]);
    assert_eq!(keys(&json["nodes"][0]["candidates"][0]), ["pod", "probability"]);
}

#[test]
fn yaml_works_on_standard_input() {
    let yaml = "service:\n  type: LoadBalancer\n  externalTrafficPolicy: Local\nnodes:\n  - name: node-a\n  - name: node-b\npods:\n  - {name: web-1, node: node-a}\n  - {name: web-2, node: node-b}\n  - {name: web-3, node: node-b}\n";
    let json = run(&["shares", "-", "--json"], Some(yaml.as_bytes())).json();
    assert_all_close(&pod_shares(&json), &[0.5, 0.25, 0.25], "pod shares");
}

#[test]
fn the_table_shows_percentages_bars_and_the_summary() {
    let out = run_file("shares", &layout("Local", &[1, 2, 3]), &[]).ok().to_string();
    for expected in [
        "POD",
        "NODE",
        "STATE",
        "SHARE",
        "33.3%",
        "16.7%",
        "11.1%",
        "Imbalance",
        "3.00×",
        "Dropped",
        "Rejected",
        "SNAT",
        "Cross-node",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
    assert!(
        out.contains("LoadBalancer") && out.contains("externalTrafficPolicy Local") && out.contains("health checks on")
    );
    let web1 = out.lines().find(|l| l.starts_with("web-1")).unwrap_or_default();
    assert_eq!(web1.matches('█').count(), 30, "the largest share fills 30 cells: {web1}");
    let web4 = out.lines().find(|l| l.starts_with("web-4")).unwrap_or_default();
    assert_eq!(web4.matches('█').count(), 10, "a third of the largest: {web4}");
}

#[test]
fn the_table_stays_aligned_with_long_names() {
    let mut scenario = layout("Cluster", &[2, 1]);
    scenario["pods"][1]["name"] = "a-rather-long-pod-name-for-this-table".into();
    let out = run_stdin("shares", &scenario, &[]).ok().to_string();
    let percent_at: Vec<usize> = out
        .lines()
        .filter(|l| l.contains("node-a  Ready") || l.contains("node-b  Ready"))
        .map(|l| l.chars().position(|c| c == '%').unwrap_or(0))
        .collect();
    assert_eq!(percent_at.len(), 3, "{out}");
    assert!(percent_at.iter().all(|&p| p == percent_at[0] && p > 0), "{percent_at:?} in\n{out}");
}

#[test]
fn the_table_says_when_the_load_balancer_fails_open_and_when_imbalance_is_undefined() {
    let mut scenario = layout("Local", &[1, 0]);
    scenario["pods"][0]["state"] = "Terminating".into();
    let out = run_stdin("shares", &scenario, &[]).ok().to_string();
    assert!(out.contains("fails open"), "{out}");
    assert!(out.contains("n/a") && out.contains("no Ready pod"), "{out}");
    assert!(out.contains("503"), "{out}");
}
