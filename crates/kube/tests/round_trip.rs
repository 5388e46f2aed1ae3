//! Manifests out and back in: what `export` writes, read again with the
//! cluster's nodes, gives the same Service settings and the same AWS NLB
//! settings; and the Deployment says what the board's pods are.

mod common;

use common::fixture;
use proptest::prelude::*;
use trafficlab_core::{
    ExternalTrafficPolicy, LoadBalancerFile, NodeFile, PodFile, ProviderKind, ProxyProtocol, Scenario, ScenarioFile,
    ServiceFile, ServiceType, TrafficDistribution, Weighting,
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

/// A LoadBalancer Service behind `provider` with the given options.
fn behind(provider: ProviderKind, policy: ExternalTrafficPolicy, options: LoadBalancerFile) -> Scenario {
    let file = ScenarioFile {
        service: ServiceFile {
            service_type: Some(ServiceType::LoadBalancer),
            external_traffic_policy: Some(policy),
            ..Default::default()
        },
        load_balancer: LoadBalancerFile { provider: Some(provider), ..options },
        nodes: vec![NodeFile { name: "node-a".into(), ..Default::default() }],
        pods: vec![PodFile { name: "p".into(), node: "node-a".into(), ..Default::default() }],
        ..Default::default()
    };
    Scenario::from_file(file).unwrap_or_else(|e| panic!("{e}"))
}

proptest! {
    #[test]
    fn aws_nlb_settings_come_back_the_same(
        ip_targets in any::<bool>(),
        local in any::<bool>(),
        cross_zone in any::<bool>(),
        preserve_client_ip in any::<bool>(),
        proxy_v2 in any::<bool>(),
    ) {
        let provider = if ip_targets { ProviderKind::AwsNlbIp } else { ProviderKind::AwsNlbInstance };
        let policy = if local { ExternalTrafficPolicy::Local } else { ExternalTrafficPolicy::Cluster };
        let options = LoadBalancerFile {
            cross_zone: Some(cross_zone),
            preserve_client_ip: ip_targets.then_some(preserve_client_ip),
            proxy_protocol: proxy_v2.then_some(ProxyProtocol::V2),
            ..Default::default()
        };
        let original = behind(provider, policy, options);
        let back = reimport(&original);
        prop_assert_eq!(back.load_balancer.provider, original.load_balancer.provider);
        prop_assert_eq!(back.load_balancer.proxy_protocol, original.load_balancer.proxy_protocol);
        prop_assert_eq!(settings(&back).0, settings(&original).0);
    }
}

#[test]
fn the_nlb_is_written_as_the_aws_load_balancer_controller_reads_it() {
    let options = LoadBalancerFile {
        cross_zone: Some(true),
        preserve_client_ip: Some(true),
        proxy_protocol: Some(ProxyProtocol::V2),
        ..Default::default()
    };
    let yaml = export(&behind(ProviderKind::AwsNlbIp, ExternalTrafficPolicy::Cluster, options));
    let expected = "  annotations:
    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip
    service.beta.kubernetes.io/aws-load-balancer-proxy-protocol: \"*\"
    service.beta.kubernetes.io/aws-load-balancer-target-group-attributes: \"preserve_client_ip.enabled=true\"
    service.beta.kubernetes.io/aws-load-balancer-attributes: \"load_balancing.cross_zone.enabled=true\"
spec:
  type: LoadBalancer
  loadBalancerClass: service.k8s.aws/nlb
  externalTrafficPolicy: Cluster
";
    assert!(yaml.contains(expected), "{yaml}");
    let instance = export(&behind(ProviderKind::AwsNlbInstance, ExternalTrafficPolicy::Local, Default::default()));
    assert!(instance.contains("aws-load-balancer-nlb-target-type: instance\n"), "{instance}");
    assert!(!instance.contains("preserve_client_ip") && !instance.contains("on GKE"), "{instance}");
}

#[test]
fn providers_the_service_cannot_name_get_a_comment() {
    for (provider, says) in [
        (ProviderKind::MetallbL2, "MetalLB layer 2: the mode lives in the cluster's MetalLB configuration"),
        (ProviderKind::MetallbBgp, "MetalLB BGP: the mode lives in the cluster's MetalLB configuration"),
        (ProviderKind::Azure, "Azure Standard Load Balancer: it comes with the cluster's configuration"),
    ] {
        let yaml = export(&behind(provider, ExternalTrafficPolicy::Local, Default::default()));
        assert!(yaml.contains(says) && yaml.contains("not") && !yaml.contains("annotations:"), "{provider}: {yaml}");
        // Read back, the Service says nothing of the provider: the generic load balancer.
        assert_eq!(
            reimport(&behind(provider, ExternalTrafficPolicy::Local, Default::default())).load_balancer.provider.kind(),
            ProviderKind::Generic
        );
    }
}
