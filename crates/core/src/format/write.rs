//! Writing a [`Scenario`] back out as a scenario file: the same schema the
//! CLI and the app read, with every field spelled out (defaults included), so
//! the file means the same board even if a default changes later. Each
//! provider's settings are written for that provider only, as the reader
//! accepts them; a `NodePort` Service has no load balancer, so it is written
//! with the `generic` provider whatever its `provider` says.

use super::file::{
    AppFile, ClientFile, ControllerPodFile, IngressFile, LoadBalancerFile, NodeFile, PodFile, ScenarioFile, ServiceFile,
};
use crate::lb::Provider;
use crate::model::{LoadBalancer, ServiceType};
use crate::scenario::Scenario;

impl Scenario {
    /// The scenario as pretty-printed JSON that [`Scenario::from_json`] (and
    /// `trafficlab shares`) read back to an equal scenario.
    pub fn to_json(&self) -> String {
        // Serializing plain structs of strings, numbers and enums cannot fail.
        serde_json::to_string_pretty(&self.to_file()).unwrap_or_default() + "\n"
    }

    fn to_file(&self) -> ScenarioFile {
        let s = &self.service;
        ScenarioFile {
            title: self.title.clone(),
            description: self.description.clone(),
            service: ServiceFile {
                name: Some(s.name.clone()),
                namespace: Some(s.namespace.clone()),
                service_type: Some(s.service_type),
                external_traffic_policy: Some(s.external_traffic_policy),
                port: Some(s.port),
                target_port: Some(s.target_port),
                node_port: Some(s.node_port),
                health_check_node_port: Some(s.health_check_node_port),
                traffic_distribution: s.traffic_distribution,
            },
            load_balancer: load_balancer(&self.load_balancer, s.service_type),
            client: ClientFile { ip: Some(self.client.ip.to_string()) },
            nodes: self
                .nodes
                .iter()
                .map(|n| NodeFile {
                    name: n.name.clone(),
                    ip: Some(n.ip.to_string()),
                    pod_cidr: Some(n.pod_cidr.to_string()),
                    zone: n.zone.clone(),
                })
                .collect(),
            pods: self
                .pods
                .iter()
                .map(|p| PodFile {
                    name: p.name.clone(),
                    node: self.nodes[p.node.index()].name.clone(),
                    state: Some(p.state),
                    ip: Some(p.ip.to_string()),
                })
                .collect(),
            data_path: Some(self.data_path),
            app: self.expect_proxy_protocol.map(|expect| AppFile { expect_proxy_protocol: Some(expect) }),
            ingress: self.ingress.as_ref().map(|ingress| IngressFile {
                external_traffic_policy: Some(ingress.external_traffic_policy),
                use_proxy_protocol: ingress.use_proxy_protocol,
                pods: ingress
                    .pods
                    .iter()
                    .map(|p| ControllerPodFile {
                        name: p.name.clone(),
                        node: self.nodes[p.node.index()].name.clone(),
                        state: Some(p.state),
                    })
                    .collect(),
            }),
        }
    }
}

/// The load balancer with its provider's own settings and no others.
fn load_balancer(lb: &LoadBalancer, service_type: ServiceType) -> LoadBalancerFile {
    let provider = match service_type {
        ServiceType::NodePort => Provider::default(),
        ServiceType::LoadBalancer => lb.provider,
    };
    let mut doc = LoadBalancerFile {
        ip: Some(lb.ip.to_string()),
        provider: Some(provider.kind()),
        proxy_protocol: lb.proxy_protocol.filter(|_| service_type == ServiceType::LoadBalancer),
        ..Default::default()
    };
    match provider {
        Provider::Generic(_) => {
            doc.health_check = Some(lb.health_check);
            doc.weighting = Some(lb.weighting);
        }
        Provider::AwsNlbInstance(nlb) => doc.cross_zone = Some(nlb.cross_zone),
        Provider::AwsNlbIp(nlb) => {
            doc.cross_zone = Some(nlb.cross_zone);
            doc.preserve_client_ip = Some(nlb.preserve_client_ip);
        }
        Provider::MetallbL2(_) | Provider::MetallbBgp(_) | Provider::Azure(_) => {}
    }
    doc
}
