//! Every fixture's scenario, and the rules of the import one by one.

mod common;

use common::*;
use serde_json::json;
use trafficlab_core::{EndpointState, ExternalTrafficPolicy, Scenario, ServiceType, TrafficDistribution, Weighting};
use trafficlab_kube::{read, Input};

use EndpointState::{NotReady, Ready, Terminating};

/// (pod, node, state) for every pod on the board.
fn layout(scenario: &Scenario) -> Vec<(String, String, EndpointState)> {
    scenario.pods().iter().map(|p| (p.name.clone(), scenario.nodes()[p.node.index()].name.clone(), p.state)).collect()
}

fn owned(rows: &[(&str, &str, EndpointState)]) -> Vec<(String, String, EndpointState)> {
    rows.iter().map(|(p, n, s)| (p.to_string(), n.to_string(), *s)).collect()
}

fn notes_text(import: &trafficlab_kube::Import) -> String {
    import.notes.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
}

#[test]
fn the_cluster_fixture_offers_its_two_external_services() {
    let cluster = cluster_of(&fixture("cluster.json")).unwrap();
    let offered: Vec<String> = cluster.services().iter().map(ToString::to_string).collect();
    assert_eq!(offered, ["shop/web", "shop/api"], "default/kubernetes is ClusterIP: not offered");
}

#[test]
fn web_comes_from_its_endpointslices() {
    let import = cluster_of(&fixture("cluster.json")).unwrap().import(Some("shop/web")).unwrap();
    let s = &import.scenario;
    assert_eq!(
        layout(s),
        owned(&[
            ("web-7d9f8b6c5-a1", "node-a", Ready),
            ("web-7d9f8b6c5-b1", "node-b", Ready),
            ("web-7d9f8b6c5-b2", "node-b", Terminating),
            ("web-7d9f8b6c5-b3", "node-b", NotReady),
        ])
    );
    let names: Vec<&str> = s.nodes().iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names, ["node-a", "node-b", "node-c"], "node-c has no pod and is kept");
    let node_c = &s.nodes()[2];
    assert_eq!((node_c.ip.to_string(), node_c.pod_cidr.to_string()), ("10.0.0.13".into(), "10.244.3.0/24".into()));
    assert_eq!(node_c.zone.as_deref(), Some("zone-b"));
    assert_eq!(s.pods()[0].ip.to_string(), "10.244.1.5", "addresses kept");
    let svc = &s.service;
    assert_eq!((svc.name.as_str(), svc.namespace.as_str()), ("web", "shop"));
    assert_eq!(
        (svc.service_type, svc.external_traffic_policy),
        (ServiceType::LoadBalancer, ExternalTrafficPolicy::Local)
    );
    assert_eq!((svc.port, svc.target_port, svc.node_port, svc.health_check_node_port), (80, 8080, 30080, 32080));
    assert_eq!(s.load_balancer.ip.to_string(), "198.51.100.20");
    assert_eq!(s.load_balancer.weighting, Weighting::PodsPerNode, "the GKE annotation");
    let notes = notes_text(&import);
    assert!(notes.starts_with("endpoints: 4 from 2 EndpointSlices"), "{notes}");
    assert!(notes.contains("weighted by their Ready pods"), "{notes}");
    // The shares follow: pods-per-node weighting gives each Ready pod 1/2.
    let shares = s.shares();
    assert!((shares.pods[0] - 0.5).abs() < 1e-9 && (shares.pods[1] - 0.5).abs() < 1e-9, "{:?}", shares.pods);
}

#[test]
fn api_falls_back_to_the_pods_its_selector_matches() {
    let import = cluster_of(&fixture("cluster.json")).unwrap().import(Some("api")).unwrap();
    assert_eq!(
        layout(&import.scenario),
        owned(&[
            ("api-5c8d7f9b4-a1", "node-a", Ready),
            ("api-5c8d7f9b4-a2", "node-a", Terminating),
            ("api-5c8d7f9b4-b1", "node-b", NotReady),
        ]),
        "the pending pod is left out, and the pod in namespace staging is not selected"
    );
    let svc = &import.scenario.service;
    assert_eq!(
        (svc.service_type, svc.external_traffic_policy),
        (ServiceType::NodePort, ExternalTrafficPolicy::Cluster)
    );
    assert_eq!((svc.node_port, svc.target_port), (30090, 8080), "targetPort `http` from the pods' container port");
    let notes = notes_text(&import);
    assert!(notes.contains("no EndpointSlice for shop/api in the input: endpoints from the 4 pods"), "{notes}");
    assert!(notes.contains("api-5c8d7f9b4-p1 (not scheduled: no spec.nodeName)"), "{notes}");
}

#[test]
fn separate_files_and_bare_objects_read_as_the_list_does() {
    let (nodes, service, slices) =
        (fixture("nodes.json"), fixture("service-web.json"), fixture("endpointslices-web.json"));
    let inputs = [
        Input::new("nodes.json", &nodes),
        Input::new("service-web.json", &service),
        Input::new("slices.json", &slices),
    ];
    let apart = read(&inputs).unwrap().import(None).unwrap();
    let together = cluster_of(&fixture("cluster.json")).unwrap().import(Some("shop/web")).unwrap();
    assert_eq!(apart.scenario, together.scenario);
}

#[test]
fn yaml_reads_as_the_json_does() {
    let yaml = read(&[Input::new("cluster.yaml", &fixture("cluster.yaml"))]).unwrap();
    let json = cluster_of(&fixture("cluster.json")).unwrap();
    for service in ["shop/web", "shop/api"] {
        assert_eq!(yaml.import(Some(service)).unwrap().scenario, json.import(Some(service)).unwrap().scenario);
    }
}

#[test]
fn endpoint_conditions_read_as_kube_proxy_reads_them() {
    // (conditions, state): a missing ready or serving is true, a missing terminating false.
    let table = [
        (json!({}), Ready),
        (json!({"ready": true, "serving": true, "terminating": false}), Ready),
        (json!({"ready": true, "terminating": true}), Ready),
        (json!({"ready": false, "serving": true, "terminating": true}), Terminating),
        (json!({"ready": false, "terminating": true}), Terminating),
        (json!({"ready": false, "serving": false, "terminating": true}), NotReady),
        (json!({"ready": false}), NotReady),
        (json!({"ready": false, "serving": true}), NotReady),
    ];
    for (conditions, state) in table {
        let mut items = base();
        items[3] = slice("web", vec![endpoint("web-1", "node-b", "10.244.2.5", conditions.clone())]);
        let import = import(&list(&items), None).unwrap();
        assert_eq!(layout(&import.scenario), owned(&[("web-1", "node-b", state)]), "{conditions}");
    }
}

#[test]
fn pods_read_as_the_endpointslice_controller_lists_them() {
    let deleting = |mut pod: serde_json::Value| {
        pod["metadata"]["deletionTimestamp"] = json!("2026-11-30T04:05:00Z");
        pod
    };
    let phase = |mut pod: serde_json::Value, phase: &str| {
        pod["status"]["phase"] = json!(phase);
        pod
    };
    let mut items = base();
    items.pop();
    items.extend([
        pod("ready", Some("node-a"), Some("10.244.1.2"), true),
        deleting(pod("terminating", Some("node-a"), Some("10.244.1.3"), true)),
        deleting(pod("gone", Some("node-b"), Some("10.244.2.2"), false)),
        pod("unready", Some("node-b"), Some("10.244.2.3"), false),
        pod("pending", None, None, false),
        pod("no-ip", Some("node-b"), None, false),
        phase(pod("done", Some("node-b"), Some("10.244.2.4"), false), "Succeeded"),
        phase(pod("failed", Some("node-b"), Some("10.244.2.5"), false), "Failed"),
    ]);
    let import = import(&list(&items), None).unwrap();
    assert_eq!(
        layout(&import.scenario),
        owned(&[
            ("ready", "node-a", Ready),
            ("terminating", "node-a", Terminating),
            ("gone", "node-b", NotReady),
            ("unready", "node-b", NotReady)
        ])
    );
    let notes = notes_text(&import);
    for left in ["pending (not scheduled", "no-ip (no IP yet)", "done (phase Succeeded)", "failed (phase Failed)"] {
        assert!(notes.contains(left), "{left} in {notes}");
    }
    // publishNotReadyAddresses: every listed pod is ready.
    items[2]["spec"]["publishNotReadyAddresses"] = json!(true);
    let published = common::import(&list(&items), None).unwrap();
    assert!(published.scenario.pods().iter().all(|p| p.state == Ready));
}

#[test]
fn the_selector_matches_every_label_in_the_same_namespace() {
    let mut items = base();
    items.pop();
    items[2]["spec"]["selector"] = json!({"app": "web", "tier": "front"});
    let mut both = pod("both", Some("node-a"), Some("10.244.1.2"), true);
    both["metadata"]["labels"]["tier"] = json!("front");
    let mut elsewhere = both.clone();
    elsewhere["metadata"]["name"] = json!("elsewhere");
    elsewhere["metadata"]["namespace"] = json!("other");
    items.extend([both, pod("app-only", Some("node-a"), Some("10.244.1.3"), true), elsewhere]);
    let import = import(&list(&items), None).unwrap();
    assert_eq!(layout(&import.scenario), owned(&[("both", "node-a", Ready)]));
}

#[test]
fn a_service_without_endpoints_is_a_board_without_pods() {
    let mut items = base();
    items.pop();
    let import = import(&list(&items), None).unwrap();
    assert!(import.scenario.pods().is_empty());
    assert_eq!(import.scenario.nodes().len(), 2);
    assert!(notes_text(&import).contains("no EndpointSlice and no Pod"), "{}", notes_text(&import));
}

#[test]
fn service_settings_and_their_defaults() {
    let mut items = base();
    let spec = &mut items[2]["spec"];
    spec.as_object_mut().unwrap().remove("externalTrafficPolicy");
    spec["trafficDistribution"] = json!("PreferClose");
    spec["ports"][0]["targetPort"] = json!("http");
    spec["ports"][0]["protocol"] = json!("UDP");
    spec["ports"].as_array_mut().unwrap().push(json!({"name": "metrics", "port": 9090, "nodePort": 30999}));
    let import = import(&list(&items), None).unwrap();
    let svc = &import.scenario.service;
    assert_eq!(svc.external_traffic_policy, ExternalTrafficPolicy::Cluster, "Kubernetes' default");
    assert_eq!(svc.traffic_distribution, Some(TrafficDistribution::PreferClose));
    assert_eq!(svc.target_port, 8080, "the slice's port named http");
    let notes = notes_text(&import);
    assert!(notes.contains("left out: metrics (9090)"), "{notes}");
    assert!(notes.contains("UDP: the board draws TCP"), "{notes}");
}

#[test]
fn load_balancer_notes() {
    let mut items = base();
    items[2]["status"]["loadBalancer"]["ingress"] = json!([{"hostname": "a1b2.elb.amazonaws.com"}]);
    items[2]["metadata"]["annotations"] = json!({"networking.gke.io/weighted-load-balancing": "pods-per-node"});
    items[2]["spec"]["externalTrafficPolicy"] = json!("Cluster");
    let import = import(&list(&items), None).unwrap();
    assert_eq!(import.scenario.load_balancer.ip.to_string(), "198.51.100.10");
    let notes = notes_text(&import);
    assert!(notes.contains("hostname (a1b2.elb.amazonaws.com)"), "{notes}");
    assert!(notes.contains("only with externalTrafficPolicy: Local"), "{notes}");
}

#[test]
fn nodes_without_a_pod_cidr_or_zone_get_the_defaults_with_a_note() {
    let mut items = base();
    items[0]["spec"] = json!({});
    items[0]["metadata"]["labels"]["topology.kubernetes.io/zone"] = json!("zone-a");
    items[1]["metadata"]["labels"]["node.kubernetes.io/exclude-from-external-load-balancers"] = json!("");
    let import = import(&list(&items), None).unwrap();
    let s = &import.scenario;
    assert_eq!(s.nodes()[0].pod_cidr.to_string(), "10.244.1.0/24", "the default for the first node");
    assert!(s.nodes().iter().all(|n| n.zone.is_none()));
    let notes = notes_text(&import);
    assert!(notes.contains("1 of 2 nodes have no IPv4 spec.podCIDR"), "{notes}");
    assert!(notes.contains("1 of 2 nodes have no topology.kubernetes.io/zone label"), "{notes}");
    assert!(notes.contains("not load balancer targets: node-b"), "{notes}");
    assert!(notes.contains("1 pods got an address"), "{notes}");
}

#[test]
fn pod_addresses_outside_the_node_cidr_are_replaced() {
    let mut items = base();
    items[3] = slice("web", vec![endpoint("web-1", "node-a", "192.168.7.7", json!({}))]);
    let import = import(&list(&items), None).unwrap();
    assert_eq!(import.scenario.pods()[0].ip.to_string(), "10.244.1.2");
}

#[test]
fn api_lists_whose_items_leave_out_their_kind() {
    // As the API server writes it: `kind` first (Go's field order), items without theirs.
    let nodes = r#"{"kind": "NodeList", "apiVersion": "v1", "items": [
        {"metadata": {"name": "node-a"}, "status": {"addresses": [{"type": "InternalIP", "address": "10.0.0.11"}]}}]}"#;
    let mut items = base();
    items.drain(..2);
    let rest = list(&items);
    let cluster = read(&[Input::new("nodes", nodes), Input::new("rest", &rest)]).unwrap();
    assert_eq!(cluster.import(None).unwrap().scenario.nodes()[0].name, "node-a");
}

#[test]
fn other_kinds_are_counted_in_a_note() {
    let mut items = base();
    items.push(json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
        "spec": {"selector": {"matchLabels": {"app": "web"}}, "replicas": 3}}));
    items.push(json!({"apiVersion": "v1", "kind": "Endpoints", "metadata": {"name": "web"}, "subsets": []}));
    let import = import(&list(&items), None).unwrap();
    assert!(
        notes_text(&import).contains("not read (other kinds): 1 Deployment, 1 Endpoints"),
        "{}",
        notes_text(&import)
    );
}
