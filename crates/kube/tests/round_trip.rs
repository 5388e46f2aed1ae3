//! Manifests out and back in: what `export` writes, read again with the
//! cluster's nodes, gives the same Service settings; and the Deployment says
//! what the board's pods are.

mod common;

use common::fixture;
use proptest::prelude::*;
use trafficlab_core::{
    ExternalTrafficPolicy, LoadBalancerFile, NodeFile, PodFile, Scenario, ScenarioFile, ServiceFile, ServiceType,
    TrafficDistribution, Weighting,
};
use trafficlab_kube::{export, is_spread, read, Input};

/// The exported YAML and the fixture's nodes, imported again.
fn reimport(scenario: &Scenario) -> Scenario {
    let (yaml, nodes) = (export(scenario), fixture("nodes.json"));
    let cluster = read(&[Input::new("export.yaml", &yaml), Input::new("nodes.json", &nodes)]).unwrap();
    cluster.import(None).unwrap_or_else(|e| panic!("{e}\n{yaml}")).scenario
}

fn settings(s: &Scenario) -> (trafficlab_core::Service, Option<Weighting>) {
    let weighting = (s.service.service_type == ServiceType::LoadBalancer).then_some(s.load_balancer.weighting);
    (s.service.clone(), weighting)
}

#[test]
fn the_fixture_services_come_back_the_same() {
    let cluster = read(&[Input::new("cluster.json", &fixture("cluster.json"))]).unwrap();
    for service in ["shop/web", "shop/api"] {
        let original = cluster.import(Some(service)).unwrap().scenario;
        assert_eq!(settings(&reimport(&original)), settings(&original), "{service}");
    }
}

#[test]
fn the_deployment_spreads_only_a_spread_board() {
    let cluster = read(&[Input::new("cluster.json", &fixture("cluster.json"))]).unwrap();
    let web = cluster.import(Some("web")).unwrap().scenario; // 1, 3, 0 pods
    let yaml = export(&web);
    assert!(!is_spread(&web));
    assert!(yaml.contains("  replicas: 4\n") && !yaml.contains("topologySpreadConstraints:"), "{yaml}");
    assert!(yaml.contains("not spread (1, 3, 0 per node)"), "{yaml}");
    assert!(yaml.contains("    networking.gke.io/weighted-load-balancing: pods-per-node\n"), "{yaml}");
    assert!(yaml.contains("  externalTrafficPolicy: Local\n  selector:"), "{yaml}");
    let mut spread = web.clone();
    spread.spread().unwrap();
    let yaml = export(&spread);
    assert!(is_spread(&spread));
    assert!(
        yaml.contains("      topologySpreadConstraints:\n      - maxSkew: 1\n        topologyKey: kubernetes.io/hostname\n        whenUnsatisfiable: DoNotSchedule\n"),
        "{yaml}"
    );
}

fn scenario(
    service_type: ServiceType,
    policy: ExternalTrafficPolicy,
    ports: (u16, u16, u16, u16),
    weighting: Weighting,
    distribution: Option<TrafficDistribution>,
) -> Option<Scenario> {
    let nodes = ["node-a", "node-b", "node-c"]
        .iter()
        .enumerate()
        .map(|(i, n)| NodeFile {
            name: n.to_string(),
            ip: Some(format!("10.0.0.{}", 11 + i)),
            pod_cidr: Some(format!("10.244.{}.0/24", i + 1)),
            zone: Some(["zone-a", "zone-a", "zone-b"][i].to_string()),
        })
        .collect();
    let file = ScenarioFile {
        service: ServiceFile {
            name: Some("shop-front".into()),
            namespace: Some("team-1".into()),
            service_type: Some(service_type),
            external_traffic_policy: Some(policy),
            port: Some(ports.0),
            target_port: Some(ports.1),
            node_port: Some(ports.2),
            health_check_node_port: Some(ports.3),
            traffic_distribution: distribution,
        },
        load_balancer: LoadBalancerFile {
            weighting: (service_type == ServiceType::LoadBalancer).then_some(weighting),
            ..Default::default()
        },
        nodes,
        pods: vec![PodFile { name: "p".into(), node: "node-b".into(), ..Default::default() }],
        ..Default::default()
    };
    Scenario::from_file(file).ok()
}

proptest! {
    #[test]
    fn any_service_settings_come_back_the_same(
        load_balancer in any::<bool>(),
        local in any::<bool>(),
        ports in (1u16.., 1u16.., 30000u16..=32767, 30000u16..=32767),
        pods_per_node in any::<bool>(),
        distribution in prop::option::of(prop_oneof![Just(TrafficDistribution::PreferClose), Just(TrafficDistribution::PreferSameZone)]),
    ) {
        let service_type = if load_balancer { ServiceType::LoadBalancer } else { ServiceType::NodePort };
        let policy = if local { ExternalTrafficPolicy::Local } else { ExternalTrafficPolicy::Cluster };
        let weighting = if pods_per_node { Weighting::PodsPerNode } else { Weighting::Even };
        let Some(original) = scenario(service_type, policy, ports, weighting, distribution) else { return Ok(()) };
        let back = reimport(&original);
        // healthCheckNodePort exists only for LoadBalancer + Local: elsewhere it is not exported.
        let (mut want, mut got) = (settings(&original), settings(&back));
        if !original.service.has_health_check_node_port() {
            want.0.health_check_node_port = 0;
            got.0.health_check_node_port = 0;
        }
        prop_assert_eq!(got, want);
    }
}
