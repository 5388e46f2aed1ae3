//! The routing core of trafficlab: what a load balancer and kube-proxy do with
//! *external* connections to a Service of `type: LoadBalancer` or `NodePort`.
//!
//! Every number follows kube-proxy's own source (`pkg/proxy/iptables/proxier.go`, `pkg/proxy/topology.go`,
//! `pkg/proxy/healthcheck/service_health.go`) and the Kubernetes docs
//! (<https://kubernetes.io/docs/tutorials/services/source-ip/>).
//!
//! The core is sans-IO: no clock, no entropy, no web or OS APIs. Randomness comes
//! in as a seed; results go out as data ([`Shares`], [`Trace`], [`Simulation`])
//! that a shell (the browser app, the CLI) only prints or draws.
//!
//! The load balancer in front of the nodes comes in several providers (`lb`:
//! generic, MetalLB layer 2 and BGP, AWS NLB with instance or IP targets,
//! Azure), each modelled from its own source. `docs/model.md` in the repository
//! describes every rule in words, with the upstream file or document it follows.
//!
//! Out of scope for now: `sessionAffinity`, topology-aware routing's `Auto`
//! mode and `PreferSameNode` (`trafficDistribution: PreferClose` /
//! `PreferSameZone` are modelled), traffic from inside the cluster, and
//! IPVS and Cilium's SNAT mode (Cilium's DSR mode is a `datapath`).
//!
//! Keeping the client's address: the PROXY protocol (`proxy_protocol`), an
//! ingress controller writing `X-Forwarded-For` (`ingress`) and DSR
//! (`datapath`), each compared on the user's own scenario by `compare`.

mod addressing;
mod candidates;
mod chains;
mod compare;
mod datapath;
mod edits;
mod endpoints;
mod format;
mod health;
mod ids;
mod ingress;
mod lb;
mod model;
mod proxy_protocol;
mod rng;
mod router;
pub mod rules;
mod scenario;
mod shares;
mod simulate;
mod spread;
mod trace;
mod zones;

pub use addressing::{default_node_ip, default_node_name, default_pod_cidr, PodCidr};
pub use candidates::Candidate;
pub use chains::{endpoint_hash, port_proto_hash, RuleStep, ServiceChains, Table};
pub use compare::{data_path_allowed, Fix, FixRow};
pub use datapath::DataPath;
pub use format::json_path;
pub use format::{
    AppFile, ClientFile, ControllerPodFile, IngressFile, LoadBalancerFile, NodeFile, PodFile, ScenarioError,
    ScenarioFile, ServiceFile, MAX_NODES, MAX_PODS, MAX_SCENARIO_BYTES,
};
pub use health::{HealthCheck, HealthCheckResponse};
pub use ids::{NodeId, PodId};
pub use ingress::{ControllerPod, Ingress, IngressLeg, IngressShares, CONTROLLER_SERVICE};
pub use lb::{
    nlb_private_ip, AwsNlbInstance, AwsNlbIp, Azure, Generic, LbStep, MetallbBgp, MetallbL2, NoAnswer, Probe,
    ProbeKind, Provider, ProviderKind,
};
pub use model::{
    Client, EndpointState, ExternalTrafficPolicy, LoadBalancer, Node, Pod, Service, ServiceType, TrafficDistribution,
    Weighting,
};
pub use proxy_protocol::{HeaderField, ProxyHeader, ProxyProtocol, Reception, V2_SIGNATURE};
pub use rng::Rng;
pub use router::{Connection, Fate, Router, Verdict};
pub use scenario::{EditError, Scenario};
pub use shares::{ClientIp, NodeShare, Shares};
pub use simulate::Simulation;
pub use trace::{Direction, Hop, Outcome, Packet, Place, Protocol, Rewrite, Trace};
