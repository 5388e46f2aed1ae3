//! The shape of a scenario file, as serde reads and writes it. Everything
//! optional in the file is an `Option` here; `check` fills in Kubernetes'
//! defaults on the way in, and `write` fills every field on the way out, so a
//! written file reads back to the same scenario whatever the defaults become.
//!
//! Public so that other formats (the app's links, kubectl input) can build a
//! file in memory and have it checked by
//! [`Scenario::from_file`](crate::Scenario::from_file), with the same messages
//! a file gets, without a round trip through JSON. Fields added to the format
//! later are optional, so code that builds a file names the ones it has and
//! leaves the rest to `..Default::default()`.

use serde::{Deserialize, Serialize};

use crate::datapath::DataPath;
use crate::lb::ProviderKind;
use crate::model::{EndpointState, ExternalTrafficPolicy, ServiceType, TrafficDistribution, Weighting};
use crate::proxy_protocol::ProxyProtocol;

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase", expecting = "a scenario: an object with `service` and `nodes`")]
pub struct ScenarioFile {
    /// What the scenario shows, for people (presets, embeds).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub service: ServiceFile,
    #[serde(default)]
    pub load_balancer: LoadBalancerFile,
    #[serde(default)]
    pub client: ClientFile,
    pub nodes: Vec<NodeFile>,
    #[serde(default)]
    pub pods: Vec<PodFile>,
    /// `kubeProxy` (the default) or `ciliumDsr`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_path: Option<DataPath>,
    /// Settings of the app's pods themselves.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app: Option<AppFile>,
    /// An ingress controller in front of the app.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ingress: Option<IngressFile>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase", expecting = "an app object")]
pub struct AppFile {
    /// Whether the pods expect a PROXY protocol header; absent: exactly when
    /// the load balancer sends one straight to them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expect_proxy_protocol: Option<bool>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase", expecting = "an ingress object with `pods`")]
pub struct IngressFile {
    /// The controller Service's policy; the Helm chart's default is Cluster.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_traffic_policy: Option<ExternalTrafficPolicy>,
    /// ingress-nginx's `use-proxy-protocol`; absent: as the load balancer sends.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub use_proxy_protocol: Option<bool>,
    #[serde(default)]
    pub pods: Vec<ControllerPodFile>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(
    deny_unknown_fields,
    rename_all = "camelCase",
    expecting = "a controller pod object with a `name` and a `node`"
)]
pub struct ControllerPodFile {
    pub name: String,
    pub node: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<EndpointState>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase", expecting = "a Service object")]
pub struct ServiceFile {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub service_type: Option<ServiceType>,
    /// Kubernetes defaults it to `Cluster`; so do we.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_traffic_policy: Option<ExternalTrafficPolicy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_port: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node_port: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health_check_node_port: Option<u16>,
    /// No default: without it kube-proxy does not filter by zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub traffic_distribution: Option<TrafficDistribution>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase", expecting = "a loadBalancer object")]
pub struct LoadBalancerFile {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider: Option<ProviderKind>,
    /// `generic` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health_check: Option<bool>,
    /// `generic` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weighting: Option<Weighting>,
    /// `awsNlbInstance` and `awsNlbIp` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cross_zone: Option<bool>,
    /// `awsNlbIp` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preserve_client_ip: Option<bool>,
    /// `v1` or `v2`, for providers that can send it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proxy_protocol: Option<ProxyProtocol>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase", expecting = "a client object")]
pub struct ClientFile {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase", expecting = "a node object with a `name`")]
pub struct NodeFile {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    #[serde(rename = "podCIDR", skip_serializing_if = "Option::is_none")]
    pub pod_cidr: Option<String>,
    /// `topology.kubernetes.io/zone`: on every node or on none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase", expecting = "a pod object with a `name` and a `node`")]
pub struct PodFile {
    pub name: String,
    pub node: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<EndpointState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
}
