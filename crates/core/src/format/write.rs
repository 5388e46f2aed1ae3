//! Writing a [`Scenario`] back out as a scenario file: the same schema the
//! CLI and the app read, with every field spelled out (defaults included), so
//! the file means the same board even if a default changes later.

use super::file::{ClientFile, LoadBalancerFile, NodeFile, PodFile, ScenarioFile, ServiceFile};
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
        let lb = &self.load_balancer;
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
            },
            load_balancer: LoadBalancerFile {
                ip: Some(lb.ip.to_string()),
                health_check: Some(lb.health_check),
                weighting: Some(lb.weighting),
            },
            client: ClientFile { ip: Some(self.client.ip.to_string()) },
            nodes: self
                .nodes
                .iter()
                .map(|n| NodeFile {
                    name: n.name.clone(),
                    ip: Some(n.ip.to_string()),
                    pod_cidr: Some(n.pod_cidr.to_string()),
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
        }
    }
}
