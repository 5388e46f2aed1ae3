//! Bad scenario files: each gets an error naming the place and the fix, never a
//! panic. Table-driven: (input, path, words the message must contain).

use trafficlab_core::{Scenario, MAX_SCENARIO_BYTES};

const BASE_NODES: &str = r#""nodes": [{"name": "node-a"}, {"name": "node-b"}]"#;

fn with(service: &str, rest: &str) -> String {
    format!(r#"{{"service": {service}, {BASE_NODES}{rest}}}"#)
}

/// Each input is refused with an error at `path` whose message has every word.
fn check(cases: Vec<(String, &str, &[&str])>) {
    for (input, path, words) in cases {
        let error = Scenario::parse(&input).expect_err(&input);
        assert_eq!(error.path(), path, "path for {input}: {error}");
        let message = error.to_string();
        for word in words {
            assert!(message.contains(word), "`{word}` missing from: {message}\n(input: {input})");
        }
    }
}

#[test]
fn each_bad_input_names_its_place_and_fix() {
    let local = r#"{"externalTrafficPolicy": "Local"}"#;
    let cases: Vec<(String, &str, &[&str])> = vec![
        (
            with(local, r#", "pods": [{"name": "web-1", "node": "node-z"}]"#),
            "pods[0].node",
            &["no node named `node-z`", "node-a, node-b", "Fix:"],
        ),
        (
            with(local, r#", "pods": [{"name": "web-1", "node": "node-a"}, {"name": "web-1", "node": "node-b"}]"#),
            "pods[1].name",
            &["already the name of pods[0]"],
        ),
        (
            r#"{"service": {}, "nodes": [{"name": "n"}, {"name": "n"}]}"#.into(),
            "nodes[1].name",
            &["already the name of nodes[0]"],
        ),
        (r#"{"service": {}, "nodes": []}"#.into(), "nodes", &["at least one node", "Fix:"]),
        (
            with(r#"{"externalTrafficPolicy": "local"}"#, ""),
            "service.externalTrafficPolicy",
            &["unknown variant `local`", "`Cluster` or `Local`", "case-sensitive"],
        ),
        (
            with(local, r#", "pods": [{"name": "web-1", "node": "node-a", "state": "Running"}]"#),
            "pods[0].state",
            &["`Ready`, `Terminating`, `NotReady`"],
        ),
        (
            with(r#"{"type": "ClusterIP"}"#, ""),
            "service.type",
            &["`LoadBalancer` or `NodePort`", "takes no external traffic", "behind an `ingress`"],
        ),
        (
            with("{}", r#", "loadBalancer": {"weighting": "round-robin"}"#),
            "loadBalancer.weighting",
            &["`even` or `podsPerNode`"],
        ),
        (
            with("{}", r#", "loadBalancer": {"healthCheck": "yes"}"#),
            "loadBalancer.healthCheck",
            &["invalid type", "expected a boolean"],
        ),
        (
            r#"{"service": {}, "nodes": {"name": "node-a"}}"#.into(),
            "nodes",
            &["invalid type: map", "expected a sequence"],
        ),
        (
            r#"{"service": {}, "nodes": [{"name": "node-a", "ip": "10.0.0.300"}]}"#.into(),
            "nodes[0].ip",
            &["`10.0.0.300` is not an IPv4 address", "four numbers"],
        ),
        (
            r#"{"service": {}, "nodes": [{"name": "a", "ip": "10.0.0.12"}, {"name": "b"}]}"#.into(),
            "nodes[1].ip",
            &["already the IP of nodes[0]"],
        ),
        (
            r#"{"service": {}, "nodes": [{"name": "a", "podCIDR": "10.244.1.7/24"}]}"#.into(),
            "nodes[0].podCIDR",
            &["did you mean 10.244.1.0/24"],
        ),
        (
            with("{}", r#", "pods": [{"name": "web-1", "node": "node-a", "ip": "10.9.9.9"}]"#),
            "pods[0].ip",
            &["outside node-a's podCIDR 10.244.1.0/24"],
        ),
        (with("{}", r#", "client": {"ip": "localhost"}"#), "client.ip", &["not an IPv4 address"]),
        (with(r#"{"nodePort": 8080}"#, ""), "service.nodePort", &["30000-32767"]),
        (
            with(r#"{"nodePort": 31000, "healthCheckNodePort": 31000}"#, ""),
            "service.healthCheckNodePort",
            &["also the nodePort"],
        ),
        (
            with(r#"{"externalTraficPolicy": "Local"}"#, ""),
            "service.externalTraficPolicy",
            &["unknown field `externalTraficPolicy`", "spelling"],
        ),
        (r#"{"nodes": [{"name": "a"}]}"#.into(), "", &["missing field `service`"]),
        (
            r#"{"service": {}, "nodes": [{"name": "Node A"}]}"#.into(),
            "nodes[0].name",
            &["not a valid Kubernetes name", "lowercase"],
        ),
        (
            r#"{"service": {"name": ""}, "nodes": [{"name": "a"}]}"#.into(),
            "service.name",
            &["not a valid Kubernetes name"],
        ),
        (r#"{"service": {}, "nodes": [{"name": "a"}],}"#.into(), "", &["line 1", "syntax"]),
        (r#"{"service": {}, "nodes": [{"name": "a"}]} trailing"#.into(), "", &["trailing characters"]),
        (r#"{"service": {}, "nodes": [{"name": "a"}]"#.into(), "", &["EOF", "syntax"]),
        (r#"["not", "a", "scenario"]"#.into(), "", &["holds a list, not a scenario"]),
        ("# a list\n- service: {}\n".into(), "", &["holds a list"]),
        ("".into(), "", &["empty"]),
        ("  \n\t ".into(), "", &["empty"]),
        ("just some words".into(), "", &["expected a scenario"]),
        ("service: [1, 2\nnodes: {".into(), "service", &["invalid type: sequence", "line 1"]),
        ("service: {}\nnodes: [{name: a}\npods: {".into(), "nodes", &["at line 2 column 8", "syntax"]),
        ("service: {}\nnodes:\n  - name: a\n---\nservice: {}\n".into(), "", &["more than one document"]),
    ];
    check(cases);
}

#[test]
fn a_pod_cidr_that_is_full_says_which_node_and_how_to_grow_it() {
    let pods: Vec<String> = (0..2).map(|i| format!(r#"{{"name": "web-{i}", "node": "tiny"}}"#)).collect();
    let input = format!(
        r#"{{"service": {{}}, "nodes": [{{"name": "tiny", "podCIDR": "10.244.9.0/30"}}], "pods": [{}]}}"#,
        pods.join(",")
    );
    let error = Scenario::parse(&input).unwrap_err();
    assert_eq!(error.path(), "pods[1].node");
    assert!(error.to_string().contains("tiny is full"), "{error}");
    assert!(error.to_string().contains("larger `podCIDR`"), "{error}");
}

#[test]
fn oversized_and_non_utf8_files_are_refused_before_parsing() {
    let huge = vec![b' '; MAX_SCENARIO_BYTES + 1];
    let error = Scenario::from_slice(&huge).unwrap_err();
    assert!(error.to_string().contains("at most 16 MiB"), "{error}");
    let fifty_mb = "x".repeat(50 * 1024 * 1024);
    assert!(Scenario::parse(&fifty_mb).unwrap_err().to_string().contains("50.0 MiB"));
    let error = Scenario::from_slice(b"{\"service\": \xff\xfe}").unwrap_err();
    assert!(error.to_string().contains("not UTF-8"), "{error}");
}

#[test]
fn yaml_and_json_read_the_same_scenario() {
    let json = r#"{"service": {"externalTrafficPolicy": "Local"}, "nodes": [{"name": "node-a"}, {"name": "node-b", "ip": "10.0.0.21"}],
                   "pods": [{"name": "web-1", "node": "node-a"}, {"name": "web-2", "node": "node-b", "state": "Terminating"}]}"#;
    let yaml = "# the same, by hand\nservice:\n  externalTrafficPolicy: Local\nnodes:\n  - name: node-a\n  - name: node-b\n    ip: 10.0.0.21\npods:\n  - {name: web-1, node: node-a}\n  - name: web-2\n    node: node-b\n    state: Terminating\n";
    let (a, b) = (Scenario::parse(json).unwrap(), Scenario::parse(yaml).unwrap());
    assert_eq!(a, b);
    assert_eq!(a.nodes()[1].ip.to_string(), "10.0.0.21");
    assert_eq!(Scenario::parse("\u{feff}{\"service\": {}, \"nodes\": [{\"name\": \"a\"}]}").unwrap().nodes().len(), 1);
}

#[test]
fn yaml_alias_bombs_are_refused_not_expanded() {
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..10 {
        let prev = (b'a' + level - 1) as char;
        let this = (b'a' + level) as char;
        bomb.push_str(&format!("{this}: &{this} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
    }
    assert!(Scenario::parse(&bomb).is_err());
}

#[test]
fn defaults_fill_what_the_file_leaves_out() {
    let s = Scenario::parse(
        r#"{"service": {}, "nodes": [{"name": "a"}, {"name": "b"}], "pods": [{"name": "p", "node": "b"}]}"#,
    )
    .unwrap();
    assert_eq!(s.service.name, "web");
    assert_eq!(s.service.service_type.to_string(), "LoadBalancer");
    assert_eq!(s.service.external_traffic_policy.to_string(), "Cluster", "Kubernetes' default");
    assert!(s.load_balancer.health_check);
    assert_eq!(s.load_balancer.ip.to_string(), "198.51.100.10");
    assert_eq!(s.client.ip.to_string(), "203.0.113.10");
    assert_eq!(s.nodes()[1].ip.to_string(), "10.0.0.12");
    assert_eq!(s.nodes()[1].pod_cidr.to_string(), "10.244.2.0/24");
    assert_eq!(s.pods()[0].ip.to_string(), "10.244.2.2");
    assert_eq!(s.pods()[0].state.to_string(), "Ready");
}

#[test]
fn default_pod_addresses_skip_the_ones_given_explicitly() {
    let s = Scenario::parse(
        r#"{"service": {}, "nodes": [{"name": "a"}], "pods": [
        {"name": "p1", "node": "a"}, {"name": "p2", "node": "a", "ip": "10.244.1.2"}, {"name": "p3", "node": "a"}]}"#,
    )
    .unwrap();
    let ips: Vec<String> = s.pods().iter().map(|p| p.ip.to_string()).collect();
    assert_eq!(ips, ["10.244.1.3", "10.244.1.2", "10.244.1.4"]);
}

#[test]
fn each_provider_setting_given_elsewhere_names_the_provider_it_belongs_to() {
    let lb = |fields: &str| with("{}", &format!(r#", "loadBalancer": {{{fields}}}"#));
    let cases: Vec<(String, &str, &[&str])> = vec![
        (
            with(r#"{"type": "NodePort"}"#, r#", "loadBalancer": {"provider": "metallbL2"}"#),
            "loadBalancer.provider",
            &["`metallbL2` needs a Service of type LoadBalancer", "NodePort", "Fix: set service.type to LoadBalancer"],
        ),
        (
            lb(r#""provider": "metallbL2", "healthCheck": true"#),
            "loadBalancer.healthCheck",
            &["applies to provider `generic` only", "`metallbL2`", "MetalLB has no health check"],
        ),
        (
            lb(r#""provider": "awsNlbInstance", "healthCheck": false"#),
            "loadBalancer.healthCheck",
            &["provider `generic` only", "`awsNlbInstance`", "follows from externalTrafficPolicy"],
        ),
        (
            lb(r#""provider": "azure", "weighting": "podsPerNode""#),
            "loadBalancer.weighting",
            &["weighting (GKE's weighted load balancing) applies to provider `generic` only", "`azure`"],
        ),
        (
            lb(r#""crossZone": true"#),
            "loadBalancer.crossZone",
            &["applies to providers `awsNlbInstance` and `awsNlbIp` only", "`generic`", "set `provider` to"],
        ),
        (
            lb(r#""provider": "metallbBgp", "crossZone": false"#),
            "loadBalancer.crossZone",
            &["providers `awsNlbInstance` and `awsNlbIp` only", "`metallbBgp`"],
        ),
        (
            lb(r#""provider": "awsNlbInstance", "preserveClientIp": true"#),
            "loadBalancer.preserveClientIp",
            &["applies to provider `awsNlbIp` only", "`awsNlbInstance`", "always keep the client's address"],
        ),
        (
            lb(r#""provider": "azure", "preserveClientIp": true"#),
            "loadBalancer.preserveClientIp",
            &["provider `awsNlbIp` only", "`azure`", "set `provider` to `awsNlbIp`"],
        ),
        (
            lb(r#""provider": "f5""#),
            "loadBalancer.provider",
            &["unknown variant `f5`", "`metallbL2`", "`awsNlbIp`", "case-sensitive"],
        ),
        (lb(r#""provider": "awsNlbIp", "crossZones": true"#), "loadBalancer.crossZones", &["unknown field"]),
        (
            r#"{"service": {}, "nodes": [{"name": "node-a", "zone": "z1"}, {"name": "node-b"}]}"#.into(),
            "nodes[1].zone",
            &["node-b has no zone", "nodes[0] (node-a) is in zone `z1`", "every node", "Fix: give node-b a `zone`"],
        ),
        (
            r#"{"service": {}, "nodes": [{"name": "node-a"}, {"name": "node-b", "zone": "z1"}]}"#.into(),
            "nodes[0].zone",
            &["node-a has no zone", "nodes[1] (node-b)"],
        ),
        (
            r#"{"service": {}, "nodes": [{"name": "node-a", "zone": "us east"}]}"#.into(),
            "nodes[0].zone",
            &["`us east` is not a valid zone", "like us-east-1a"],
        ),
        (
            with(r#"{"trafficDistribution": "PreferSameNode"}"#, ""),
            "service.trafficDistribution",
            &["unknown variant `PreferSameNode`", "`PreferClose` or `PreferSameZone`"],
        ),
    ];
    check(cases);
}

#[test]
fn provider_settings_are_accepted_where_they_belong_and_in_yaml() {
    let yaml = "service: {trafficDistribution: PreferClose}\nloadBalancer:\n  provider: awsNlbIp\n  crossZone: true\n  preserveClientIp: true\nnodes:\n  - {name: node-a, zone: us-east-1a}\n  - {name: node-b, zone: us-east-1b}\n";
    let s = Scenario::parse(yaml).unwrap();
    assert_eq!(
        s.load_balancer.provider,
        trafficlab_core::Provider::AwsNlbIp(trafficlab_core::AwsNlbIp { cross_zone: true, preserve_client_ip: true })
    );
    assert_eq!(s.nodes()[1].zone.as_deref(), Some("us-east-1b"));
    assert_eq!(s.service.traffic_distribution, Some(trafficlab_core::TrafficDistribution::PreferClose));
    let s =
        Scenario::parse(r#"{"service": {}, "loadBalancer": {"provider": "awsNlbInstance"}, "nodes": [{"name": "a"}]}"#)
            .unwrap();
    assert_eq!(s.load_balancer.provider.to_string(), "awsNlbInstance");
    assert_eq!(
        s.load_balancer.provider,
        trafficlab_core::Provider::AwsNlbInstance(trafficlab_core::AwsNlbInstance { cross_zone: false }),
        "cross-zone is off by default"
    );
}

#[test]
fn kubectl_output_given_as_a_scenario_points_to_the_import() {
    let list = r#"{"apiVersion": "v1", "items": [], "kind": "List", "metadata": {"resourceVersion": ""}}"#;
    let service = r#"{"kind": "Service", "apiVersion": "v1", "metadata": {"name": "web"}}"#;
    for (input, path) in [(list, "apiVersion"), (service, "kind")] {
        let error = Scenario::parse(input).expect_err(input);
        assert_eq!(error.path(), path);
        let message = error.to_string();
        for word in ["looks like kubectl output", "--from-kubectl FILE", "Import from kubectl"] {
            assert!(message.contains(word), "`{word}` missing from: {message}");
        }
    }
    // A misspelt key of a scenario still gets the spelling fix.
    let error = Scenario::parse(r#"{"nodez": []}"#).expect_err("nodez");
    assert!(error.to_string().contains("correct its spelling"), "{error}");
}
