//! The load balancer in front of the nodes: where each new external
//! connection goes before kube-proxy has its say, one file per real
//! implementation (the shape of smoltcp's `socket/` folder):
//!
//! - [`generic`]: the even, optionally health-checked and GKE-weighted load
//!   balancer of docs/model.md ("generic") (and `NodePort`, which has none);
//! - [`metallb_l2`]: MetalLB layer 2, one node answers ARP for the VIP;
//! - [`metallb_bgp`]: MetalLB BGP, the routers spread over announcing nodes;
//! - [`aws_nlb_instance`]: an AWS NLB with instance targets (nodes, NodePort);
//! - [`aws_nlb_ip`]: an AWS NLB with IP targets (pods, kube-proxy bypassed);
//! - [`azure`]: the Azure Standard Load Balancer (floating IP, fail-closed);
//! - `zonal`: the per-zone split both NLB target types share; `probe`: the
//!   node probes cloud load balancers send; `spread`: the answer's shape.
//!
//! Every provider answers the same questions through [`Balancer`]: where new
//! connections go (a [`Spread`]), what its health probe sees on a node
//! ([`Probe`]), how a packet reaches its target ([`Delivery`]), and the
//! sentence a trace shows for one connection ([`LbStep`]). Outside this folder
//! only the scenario file's reader and writer look at the provider, for its
//! settings.
//!
//! A `NodePort` Service has no load balancer, whatever the provider says:
//! `generic` models it. Shares are exact: within a group (a zone) weights are
//! whole numbers, and groups are chosen evenly, so the [`Router`](crate::Router)
//! samples exactly the shares [`Scenario::shares`] computes.
//!
//! Left out everywhere: node conditions and labels that exclude nodes
//! (`NetworkUnavailable`, `exclude-from-external-load-balancers`, Karpenter
//! taints), session affinity, and the seconds a health check or an ARP
//! failover takes: the model is the steady state after every probe settled.

mod aws_nlb_instance;
mod aws_nlb_ip;
mod azure;
mod generic;
mod metallb_bgp;
mod metallb_l2;
mod probe;
mod spread;
mod zonal;

use std::fmt;
use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

pub use aws_nlb_instance::AwsNlbInstance;
pub use aws_nlb_ip::{nlb_private_ip, AwsNlbIp};
pub use azure::Azure;
pub use generic::Generic;
pub use metallb_bgp::MetallbBgp;
pub use metallb_l2::MetallbL2;
pub(crate) use probe::node_probe;
pub use probe::{Probe, ProbeKind};
pub(crate) use spread::{Group, Spread, Target, Targets};

use crate::endpoints::EndpointCounts;
use crate::ids::NodeId;
use crate::model::ServiceType;
use crate::proxy_protocol::ProxyProtocol;
use crate::scenario::Scenario;

/// Which load balancer implementation sits in front of the nodes, with the
/// settings that belong to it. (The `generic` provider's settings,
/// `health_check` and `weighting`, stay on [`LoadBalancer`](crate::LoadBalancer)
/// where they have always been.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Provider {
    Generic(Generic),
    MetallbL2(MetallbL2),
    MetallbBgp(MetallbBgp),
    AwsNlbInstance(AwsNlbInstance),
    AwsNlbIp(AwsNlbIp),
    Azure(Azure),
}

/// A provider's name, as scenario files spell it (`loadBalancer.provider`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ProviderKind {
    #[default]
    Generic,
    MetallbL2,
    MetallbBgp,
    AwsNlbInstance,
    AwsNlbIp,
    Azure,
}

impl ProviderKind {
    pub const ALL: [ProviderKind; 6] = [
        ProviderKind::Generic,
        ProviderKind::MetallbL2,
        ProviderKind::MetallbBgp,
        ProviderKind::AwsNlbInstance,
        ProviderKind::AwsNlbIp,
        ProviderKind::Azure,
    ];

    /// The name people know it by: `MetalLB layer 2`, `AWS NLB, IP targets`.
    pub fn title(self) -> &'static str {
        match self {
            ProviderKind::Generic => "generic load balancer",
            ProviderKind::MetallbL2 => "MetalLB layer 2",
            ProviderKind::MetallbBgp => "MetalLB BGP",
            ProviderKind::AwsNlbInstance => "AWS NLB, instance targets",
            ProviderKind::AwsNlbIp => "AWS NLB, IP targets",
            ProviderKind::Azure => "Azure Standard Load Balancer",
        }
    }
}

impl Provider {
    pub fn kind(self) -> ProviderKind {
        match self {
            Provider::Generic(_) => ProviderKind::Generic,
            Provider::MetallbL2(_) => ProviderKind::MetallbL2,
            Provider::MetallbBgp(_) => ProviderKind::MetallbBgp,
            Provider::AwsNlbInstance(_) => ProviderKind::AwsNlbInstance,
            Provider::AwsNlbIp(_) => ProviderKind::AwsNlbIp,
            Provider::Azure(_) => ProviderKind::Azure,
        }
    }

    /// The model of this provider: the one place that dispatches on it.
    pub(crate) fn balancer(&self) -> &dyn Balancer {
        match self {
            Provider::Generic(p) => p,
            Provider::MetallbL2(p) => p,
            Provider::MetallbBgp(p) => p,
            Provider::AwsNlbInstance(p) => p,
            Provider::AwsNlbIp(p) => p,
            Provider::Azure(p) => p,
        }
    }
}

impl Provider {
    /// The PROXY protocol versions this provider can send (see `proxy_protocol`).
    pub fn proxy_protocol_versions(self) -> &'static [ProxyProtocol] {
        self.balancer().proxy_protocol_versions()
    }

    /// Why this provider cannot send `version`, or `None` if it can.
    pub fn proxy_protocol_refusal(self, version: ProxyProtocol) -> Option<&'static str> {
        let balancer = self.balancer();
        (!balancer.proxy_protocol_versions().contains(&version)).then(|| balancer.proxy_protocol_refusal())
    }
}

impl Default for Provider {
    fn default() -> Self {
        Provider::Generic(Generic)
    }
}

/// A provider with its settings at their defaults (cross-zone off, client IP
/// preservation off: the AWS defaults).
impl From<ProviderKind> for Provider {
    fn from(kind: ProviderKind) -> Self {
        match kind {
            ProviderKind::Generic => Provider::Generic(Generic),
            ProviderKind::MetallbL2 => Provider::MetallbL2(MetallbL2),
            ProviderKind::MetallbBgp => Provider::MetallbBgp(MetallbBgp),
            ProviderKind::AwsNlbInstance => Provider::AwsNlbInstance(AwsNlbInstance::default()),
            ProviderKind::AwsNlbIp => Provider::AwsNlbIp(AwsNlbIp::default()),
            ProviderKind::Azure => Provider::Azure(Azure),
        }
    }
}

/// The file name: `generic`, `metallbL2`, `awsNlbIp`, ….
impl fmt::Display for ProviderKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ProviderKind::Generic => "generic",
            ProviderKind::MetallbL2 => "metallbL2",
            ProviderKind::MetallbBgp => "metallbBgp",
            ProviderKind::AwsNlbInstance => "awsNlbInstance",
            ProviderKind::AwsNlbIp => "awsNlbIp",
            ProviderKind::Azure => "azure",
        })
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.kind().fmt(f)
    }
}

/// Why no node (and no pod) gets a new connection at all: the client's SYN
/// goes unanswered and it times out. Each is all or nothing for a scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NoAnswer {
    /// MetalLB layer 2: no speaker answers ARP for the VIP (no endpoint serves).
    NoArpReply,
    /// MetalLB BGP: no node announces the VIP, so the routers have no route.
    NoRoute,
    /// Azure: every backend's probe is down and the LB sends no new flows (fail-closed).
    NoHealthyBackend,
    /// AWS NLB with IP targets: the target group has no registered target.
    NoRegisteredTarget,
}

impl NoAnswer {
    /// A label of a few words for a drawing: `no ARP answer`, `no route`, ….
    pub fn label(self) -> &'static str {
        match self {
            NoAnswer::NoArpReply => "no ARP answer",
            NoAnswer::NoRoute => "no route",
            NoAnswer::NoHealthyBackend => "fail-closed",
            NoAnswer::NoRegisteredTarget => "no target",
        }
    }
}

/// The full reason, as a clause: "no node answers ARP for the VIP: …".
impl fmt::Display for NoAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NoAnswer::NoArpReply => {
                "no node answers ARP for the VIP: no endpoint can serve, so no MetalLB speaker announces it"
            }
            NoAnswer::NoRoute => {
                "no route to the VIP: no endpoint can serve, so no node announces it over BGP and the routers withdraw it"
            }
            NoAnswer::NoHealthyBackend => {
                "every backend's health probe is down, and the Azure load balancer then sends no new flows (fail-closed)"
            }
            NoAnswer::NoRegisteredTarget => {
                "the NLB's target group is empty: no Ready pod is registered (Terminating ones are deregistered)"
            }
        })
    }
}

/// The load balancer's step of one connection, in words: what it did and the
/// rule behind it. `Display` joins them: "ARP for 198.51.100.10 answered by
/// node-b: lowest sha256(node#vip) among nodes with a serving endpoint".
/// Where the load balancer is the subject, `what` leaves it out ("sends it to
/// node-b's NodePort 30080"): shells show the step after the place's name
/// ([`Scenario::place_name`] of [`Place::LoadBalancer`](crate::Place)).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LbStep {
    pub what: String,
    pub why: String,
}

impl fmt::Display for LbStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.what, self.why)
    }
}

/// How a connection's packet reaches its target after the load balancer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Delivery {
    /// At the node, still addressed to the VIP (passthrough, floating IP,
    /// or a node that owns the VIP): kube-proxy's rule for the LB IP.
    Vip,
    /// Straight from the client to `nodeIP:nodePort` (no load balancer).
    NodePort,
    /// The LB rewrites the destination to `nodeIP:nodePort` and keeps the
    /// client's address: kube-proxy's NodePort rules.
    LbToNodePort,
    /// The LB rewrites the destination to `podIP:targetPort` and, unless
    /// `snat_to` is `None`, the source to its own address.
    LbToPod { snat_to: Option<Ipv4Addr> },
}

/// What one provider models (see the module list above).
pub(crate) trait Balancer {
    /// Where new connections go.
    fn spread(&self, s: &Scenario, counts: &EndpointCounts) -> Spread;

    /// What the provider's health probe sees on `node`; `None` if it does
    /// not probe nodes.
    fn probe(&self, _s: &Scenario, _counts: &EndpointCounts, _node: NodeId) -> Option<Probe> {
        None
    }

    /// How a connection the provider sends to `target` gets there.
    fn delivery(&self, _s: &Scenario, _counts: &EndpointCounts, _target: Target) -> Delivery {
        Delivery::Vip
    }

    /// The step for a connection sent to `to`, which may be a target the
    /// provider never picks (a trace asked about it); `None`: nothing answered.
    fn explain(&self, s: &Scenario, counts: &EndpointCounts, spread: &Spread, to: Option<Target>) -> LbStep;

    /// What the place between the client and the nodes is called.
    fn place_name(&self) -> &'static str;

    /// The PROXY protocol versions this provider can write in front of each
    /// connection (`loadBalancer.proxyProtocol`); none by default.
    fn proxy_protocol_versions(&self) -> &'static [ProxyProtocol] {
        &[]
    }

    /// Why it cannot send (some version of) the PROXY protocol, as a clause
    /// for a refusal: "MetalLB does not proxy: …".
    fn proxy_protocol_refusal(&self) -> &'static str {
        "this load balancer cannot send the PROXY protocol"
    }
}

/// The model of the load balancer in front of `scenario`'s Service.
pub(crate) fn of(scenario: &Scenario) -> &dyn Balancer {
    match scenario.service.service_type {
        ServiceType::NodePort => &Generic,
        ServiceType::LoadBalancer => scenario.load_balancer.provider.balancer(),
    }
}

/// "1 of 3 nodes", "1 of 1 node".
pub(crate) fn one_of(count: usize, noun: &str) -> String {
    let plural = if count == 1 { "" } else { "s" };
    format!("1 of {count} {noun}{plural}")
}

/// A node's name for sentences (its id, for an id not in the scenario).
pub(crate) fn node_name(s: &Scenario, node: NodeId) -> String {
    s.node(node).map_or_else(|| node.to_string(), |n| n.name.clone())
}
