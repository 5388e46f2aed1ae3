//! The shape of a scenario file, as serde reads it. Everything optional in the
//! file is an `Option` here; `check` fills in Kubernetes' defaults.

use serde::Deserialize;

use crate::model::{EndpointState, ExternalTrafficPolicy, ServiceType, Weighting};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase", expecting = "a scenario: an object with `service` and `nodes`")]
pub(super) struct ScenarioFile {
    /// What the scenario shows, for people (presets, embeds).
    pub title: Option<String>,
    pub description: Option<String>,
    pub service: ServiceFile,
    #[serde(default)]
    pub load_balancer: LoadBalancerFile,
    #[serde(default)]
    pub client: ClientFile,
    pub nodes: Vec<NodeFile>,
    #[serde(default)]
    pub pods: Vec<PodFile>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase", expecting = "a Service object")]
pub(super) struct ServiceFile {
    pub name: Option<String>,
    pub namespace: Option<String>,
    #[serde(rename = "type")]
    pub service_type: Option<ServiceType>,
    /// Kubernetes defaults it to `Cluster`; so do we.
    pub external_traffic_policy: Option<ExternalTrafficPolicy>,
    pub port: Option<u16>,
    pub target_port: Option<u16>,
    pub node_port: Option<u16>,
    pub health_check_node_port: Option<u16>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase", expecting = "a loadBalancer object")]
pub(super) struct LoadBalancerFile {
    pub ip: Option<String>,
    pub health_check: Option<bool>,
    pub weighting: Option<Weighting>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase", expecting = "a client object")]
pub(super) struct ClientFile {
    pub ip: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase", expecting = "a node object with a `name`")]
pub(super) struct NodeFile {
    pub name: String,
    pub ip: Option<String>,
    #[serde(rename = "podCIDR")]
    pub pod_cidr: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase", expecting = "a pod object with a `name` and a `node`")]
pub(super) struct PodFile {
    pub name: String,
    pub node: String,
    pub state: Option<EndpointState>,
    pub ip: Option<String>,
}
