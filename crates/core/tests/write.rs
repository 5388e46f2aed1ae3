//! Writing a scenario out and reading it back gives the same scenario: for
//! every preset, after edits that give pods non-default addresses, and for
//! random layouts and settings.

use std::path::PathBuf;

use proptest::prelude::*;
use trafficlab_core::{
    AwsNlbInstance, AwsNlbIp, EndpointState, ExternalTrafficPolicy, Provider, ProviderKind, Scenario, ServiceType,
    TrafficDistribution, Weighting,
};

fn presets() -> Vec<(String, Scenario)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../static/scenarios");
    let mut found: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    found.sort();
    found
        .into_iter()
        .map(|p| (p.display().to_string(), Scenario::from_slice(&std::fs::read(&p).unwrap()).unwrap()))
        .collect()
}

#[test]
fn every_preset_reads_back_equal() {
    for (file, scenario) in presets() {
        let written = scenario.to_json();
        assert_eq!(Scenario::from_json(&written).unwrap(), scenario, "{file}\n{written}");
    }
}

#[test]
fn every_provider_fixture_reads_back_equal_with_only_its_own_settings() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/providers");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let scenario = Scenario::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let written = scenario.to_json();
        assert_eq!(Scenario::from_json(&written).unwrap(), scenario, "{}\n{written}", path.display());
        let json: serde_json::Value = serde_json::from_str(&written).unwrap();
        assert_eq!(json["loadBalancer"]["provider"], scenario.load_balancer.provider.to_string());
        assert!(json["loadBalancer"].get("healthCheck").is_none(), "healthCheck is generic's: {written}");
    }
    let mut s = Scenario::from_layout(ExternalTrafficPolicy::Cluster, &[vec![EndpointState::Ready]]).unwrap();
    s.load_balancer.provider = Provider::AwsNlbIp(AwsNlbIp { cross_zone: true, preserve_client_ip: false });
    let json: serde_json::Value = serde_json::from_str(&s.to_json()).unwrap();
    assert_eq!(json["loadBalancer"]["crossZone"], true);
    assert_eq!(json["loadBalancer"]["preserveClientIp"], false);
    // A NodePort Service has no load balancer: it is written as generic, which reads back.
    s.service.service_type = ServiceType::NodePort;
    assert_eq!(Scenario::from_json(&s.to_json()).unwrap().load_balancer.provider, Provider::default());
}

#[test]
fn the_file_spells_out_every_field() {
    let (_, s) = &presets()[0];
    let json: serde_json::Value = serde_json::from_str(&s.to_json()).unwrap();
    assert_eq!(json["service"]["externalTrafficPolicy"], s.service.external_traffic_policy.to_string());
    assert_eq!(json["service"]["nodePort"], s.service.node_port);
    assert_eq!(json["loadBalancer"]["ip"], s.load_balancer.ip.to_string());
    assert_eq!(json["nodes"][0]["podCIDR"], s.nodes()[0].pod_cidr.to_string());
    assert_eq!(json["pods"][0]["ip"], s.pods()[0].ip.to_string());
    assert_eq!(json["pods"][0]["state"], s.pods()[0].state.to_string());
}

#[test]
fn moved_pods_keep_their_new_addresses() {
    let mut s = Scenario::from_layout(ExternalTrafficPolicy::Local, &[vec![EndpointState::Ready; 3], vec![]]).unwrap();
    // web-1 moves away and back: it comes back with the next free address, not .2.
    let (web1, a, b) = (s.pod_id("web-1").unwrap(), s.node_id("node-a").unwrap(), s.node_id("node-b").unwrap());
    s.move_pod(web1, b).unwrap();
    s.add_pod(a).unwrap();
    s.move_pod(web1, a).unwrap();
    s.set_pod_state(web1, EndpointState::Terminating).unwrap();
    s.title = Some("Edited \"by hand\" — with unicode".into());
    assert_eq!(Scenario::from_json(&s.to_json()).unwrap(), s);
}

fn state() -> impl Strategy<Value = EndpointState> {
    prop_oneof![Just(EndpointState::Ready), Just(EndpointState::Terminating), Just(EndpointState::NotReady)]
}

proptest! {
    #[test]
    fn random_scenarios_read_back_equal(
        layout in prop::collection::vec(prop::collection::vec(state(), 0..5), 1..6),
        moves in prop::collection::vec((0usize..20, 0usize..6), 0..6),
        local in any::<bool>(),
        node_port in any::<bool>(),
        health_check in any::<bool>(),
        pods_per_node in any::<bool>(),
    ) {
        let policy = if local { ExternalTrafficPolicy::Local } else { ExternalTrafficPolicy::Cluster };
        let mut s = Scenario::from_layout(policy, &layout).unwrap();
        for (pod, node) in moves {
            let (pods, nodes) = (s.pods().len(), s.nodes().len());
            if pods > 0 {
                let (pod, node) = (s.pod_ids().nth(pod % pods).unwrap(), s.node_ids().nth(node % nodes).unwrap());
                s.move_pod(pod, node).unwrap();
            }
        }
        s.service.service_type = if node_port { ServiceType::NodePort } else { ServiceType::LoadBalancer };
        s.load_balancer.health_check = health_check;
        s.load_balancer.weighting = if pods_per_node { Weighting::PodsPerNode } else { Weighting::Even };
        prop_assert_eq!(Scenario::from_json(&s.to_json()).unwrap(), s);
    }
}

proptest! {
    #[test]
    fn random_provider_scenarios_read_back_equal(
        layout in prop::collection::vec(prop::collection::vec(state(), 0..4), 1..5),
        kind in prop::sample::select(ProviderKind::ALL.to_vec()),
        cross_zone in any::<bool>(),
        preserve_client_ip in any::<bool>(),
        zoned in any::<bool>(),
        prefer in prop::option::of(prop::sample::select(vec![TrafficDistribution::PreferClose, TrafficDistribution::PreferSameZone])),
    ) {
        let mut s = Scenario::from_layout(ExternalTrafficPolicy::Local, &layout).unwrap();
        s.load_balancer.provider = match kind {
            ProviderKind::AwsNlbInstance => Provider::AwsNlbInstance(AwsNlbInstance { cross_zone }),
            ProviderKind::AwsNlbIp => Provider::AwsNlbIp(AwsNlbIp { cross_zone, preserve_client_ip }),
            other => Provider::from(other),
        };
        if zoned {
            s.set_zones(Some(s.node_ids().map(|n| format!("zone-{}", n.0 % 2)).collect())).unwrap();
        }
        s.service.traffic_distribution = prefer;
        prop_assert_eq!(Scenario::from_json(&s.to_json()).unwrap(), s);
    }
}
