//! Every way to keep the client's address, compared on one scenario: the
//! decision the Kubernetes docs ("Using Source IP", "Create an External Load
//! Balancer") and the load balancers' own docs walk through in prose, made
//! with the reader's own nodes and pods.
//!
//! Each [`Fix`] is a transformation of the scenario; a row holds the
//! transformed scenario and the core's [`Shares`] for it, so every figure
//! comes from running the core, never from a table. A fix that does not apply
//! to the scenario (pods-per-node weighting on a provider without it, PROXY
//! v2 on MetalLB, NLB client IP preservation off AWS, DSR where the load
//! balancer rewrites the destination) or that would change nothing has no row.
//!
//! Every fix but "as it is" and the ingress exposes the app directly (any
//! ingress in front is taken away); the ingress row keeps the current
//! controller pods, or puts one on each node (ingress-nginx's
//! `controller.kind: DaemonSet`) when there are none.

use crate::datapath::DataPath;
use crate::ingress::{ControllerPod, Ingress};
use crate::lb::{AwsNlbIp, Provider, ProviderKind};
use crate::model::{EndpointState, ExternalTrafficPolicy, ServiceType, Weighting};
use crate::proxy_protocol::ProxyProtocol;
use crate::scenario::Scenario;
use crate::shares::Shares;

/// One way to get the client's address (or even load), as a change to a scenario.
/// In JSON by its name in camelCase: `asItIs`, `cluster`, `localSpread`, ….
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Fix {
    AsItIs,
    Cluster,
    /// `Local` with the pods spread by a `maxSkew: 1` topology spread constraint.
    LocalSpread,
    /// `Local` with GKE's pods-per-node weighting (`generic` only).
    LocalPodsPerNode,
    /// `Cluster` with the load balancer sending PROXY protocol v2.
    ProxyProtocolV2,
    /// An ingress controller on `Local` in front of a `Cluster` app.
    IngressOnLocal,
    /// `Cluster` over Cilium's DSR data path.
    CiliumDsr,
    /// An AWS NLB with IP targets and `preserve_client_ip.enabled=true`.
    NlbIpPreserveClientIp,
}

impl Fix {
    pub const ALL: [Fix; 8] = [
        Fix::AsItIs,
        Fix::Cluster,
        Fix::LocalSpread,
        Fix::LocalPodsPerNode,
        Fix::ProxyProtocolV2,
        Fix::IngressOnLocal,
        Fix::CiliumDsr,
        Fix::NlbIpPreserveClientIp,
    ];

    /// The row's name.
    pub fn title(self) -> &'static str {
        match self {
            Fix::AsItIs => "as it is",
            Fix::Cluster => "Cluster",
            Fix::LocalSpread => "Local, pods spread (maxSkew 1)",
            Fix::LocalPodsPerNode => "Local, pods-per-node weighting",
            Fix::ProxyProtocolV2 => "Cluster + PROXY protocol v2",
            Fix::IngressOnLocal => "ingress controller on Local, app on Cluster",
            Fix::CiliumDsr => "Cluster + Cilium DSR",
            Fix::NlbIpPreserveClientIp => "NLB IP targets, preserveClientIp",
        }
    }

    /// What the fix costs, in words.
    pub fn cost(self) -> &'static str {
        match self {
            Fix::AsItIs => "nothing to change",
            Fix::Cluster => "the client's address is masqueraded unless something else carries it",
            Fix::LocalSpread => {
                "spread holds only at scheduling: a scale-down, a lost node or a rollout brings the skew back"
            }
            Fix::LocalPodsPerNode => "needs a load balancer that weights nodes by Ready endpoints (GKE, 1.31+)",
            Fix::ProxyProtocolV2 => "the app must parse the PROXY header, and be told to expect it",
            Fix::IngressOnLocal => "one more proxy hop; the app must read X-Forwarded-For",
            Fix::CiliumDsr => {
                "needs a CNI that supports it: Cilium replacing kube-proxy with loadBalancer.mode=dsr, over native \
                 routing or Geneve"
            }
            Fix::NlbIpPreserveClientIp => "AWS only; the pods' security groups must admit the clients themselves",
        }
    }

    /// The scenario with this fix applied; `None` if it does not apply.
    pub fn apply(self, s: &Scenario) -> Option<Scenario> {
        let mut fixed = s.clone();
        if !matches!(self, Fix::AsItIs | Fix::IngressOnLocal) {
            fixed.ingress = None;
        }
        let service = &mut fixed.service;
        let lb = service.service_type == ServiceType::LoadBalancer;
        let provider = fixed.load_balancer.provider;
        match self {
            Fix::AsItIs => return Some(fixed),
            Fix::Cluster => service.external_traffic_policy = ExternalTrafficPolicy::Cluster,
            Fix::LocalSpread => {
                service.external_traffic_policy = ExternalTrafficPolicy::Local;
                fixed.spread().ok()?;
            }
            Fix::LocalPodsPerNode => {
                (lb && provider.kind() == ProviderKind::Generic).then_some(())?;
                service.external_traffic_policy = ExternalTrafficPolicy::Local;
                fixed.load_balancer.health_check = true;
                fixed.load_balancer.weighting = Weighting::PodsPerNode;
            }
            Fix::ProxyProtocolV2 => {
                (lb && provider.proxy_protocol_refusal(ProxyProtocol::V2).is_none()).then_some(())?;
                service.external_traffic_policy = ExternalTrafficPolicy::Cluster;
                fixed.load_balancer.proxy_protocol = Some(ProxyProtocol::V2);
                fixed.expect_proxy_protocol = None;
            }
            Fix::IngressOnLocal => {
                service.external_traffic_policy = ExternalTrafficPolicy::Cluster;
                fixed.expect_proxy_protocol = None;
                let pods = match &s.ingress {
                    Some(ingress) => ingress.pods.clone(),
                    None => daemon_set(s),
                };
                let policy = ExternalTrafficPolicy::Local;
                fixed.ingress = Some(Ingress { external_traffic_policy: policy, use_proxy_protocol: None, pods });
            }
            Fix::CiliumDsr => {
                data_path_allowed(provider, DataPath::CiliumDsr).then_some(())?;
                service.external_traffic_policy = ExternalTrafficPolicy::Cluster;
                fixed.data_path = DataPath::CiliumDsr;
            }
            Fix::NlbIpPreserveClientIp => {
                let cross_zone = match provider {
                    Provider::AwsNlbIp(nlb) => nlb.cross_zone,
                    Provider::AwsNlbInstance(nlb) => nlb.cross_zone,
                    _ => return None,
                };
                fixed.load_balancer.provider = Provider::AwsNlbIp(AwsNlbIp { cross_zone, preserve_client_ip: true });
                fixed.load_balancer.proxy_protocol = None;
                fixed.expect_proxy_protocol = None;
            }
        }
        (fixed != *s).then_some(fixed)
    }
}

/// Whether `data_path` works behind `provider`: DSR needs the packet to
/// reach the node still addressed to the VIP (or its NodePort), and an AWS
/// NLB rewrites the destination (instance targets) or bypasses the nodes'
/// data path altogether (IP targets).
pub fn data_path_allowed(provider: Provider, data_path: DataPath) -> bool {
    data_path == DataPath::KubeProxy
        || !matches!(provider.kind(), ProviderKind::AwsNlbInstance | ProviderKind::AwsNlbIp)
}

/// One controller pod per node, Ready, named `ingress-nginx-controller-<node>`.
fn daemon_set(s: &Scenario) -> Vec<ControllerPod> {
    s.node_ids()
        .zip(s.nodes())
        .map(|(node, n)| ControllerPod {
            name: format!("ingress-nginx-controller-{}", n.name),
            node,
            state: EndpointState::Ready,
        })
        .collect()
}

/// One row of the comparison: the fix, the scenario it gives, and the core's shares for it.
#[derive(Clone, Debug, PartialEq)]
pub struct FixRow {
    pub fix: Fix,
    pub scenario: Scenario,
    pub shares: Shares,
}

impl FixRow {
    /// Where the app finds the client's address for most traffic.
    pub fn client_ip_place(&self) -> &'static str {
        self.shares.client_ip.place()
    }
}

impl Scenario {
    /// Every fix that applies to this scenario, "as it is" first, each with
    /// the shares the core computes for the scenario it gives.
    pub fn compare(&self) -> Vec<FixRow> {
        Fix::ALL
            .iter()
            .filter_map(|&fix| {
                let scenario = fix.apply(self)?;
                let shares = scenario.shares();
                Some(FixRow { fix, scenario, shares })
            })
            .collect()
    }
}
