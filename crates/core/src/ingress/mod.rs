//! An ingress controller in front of the app (ingress-nginx is the model): a
//! second proxy hop that carries the client's address in `X-Forwarded-For`.
//!
//! Two stages:
//! - **Stage 1**, client → controller pods: the controller has its own
//!   Service of type LoadBalancer (`ingress-nginx-controller`), with its own
//!   `externalTrafficPolicy` (Cluster by default, as the Helm chart ships:
//!   kubernetes/ingress-nginx `charts/ingress-nginx/values.yaml`). Everything
//!   the core models (the provider, kube-proxy or Cilium, PROXY protocol) is
//!   applied to the controller pods: [`Scenario::controller_scenario`] is that
//!   scenario, and its shares are the controller pods' shares of connections.
//! - **Stage 2**, controller → app pods: nginx sends each request to the app's
//!   Ready endpoints by pod IP, round robin with every endpoint at weight 1
//!   (`load-balance: round_robin`, the default; `rootfs/etc/nginx/lua/balancer/round_robin.lua`,
//!   endpoints from `internal/ingress/controller/endpointslices.go`, which
//!   skips endpoints that are not Ready). kube-proxy and the app Service's
//!   `externalTrafficPolicy` are bypassed. With no Ready app pod the
//!   controller answers 503.
//!
//! What the app sees: its TCP peer is the controller pod; `X-Forwarded-For`
//! and `X-Real-IP` hold nginx's `$remote_addr` (`rootfs/etc/nginx/template/nginx.tmpl`):
//! the PROXY header's source when `use-proxy-protocol` is on, otherwise the
//! TCP source the controller saw (the client under Local behind a load
//! balancer that keeps it; the masqueraded node or the NLB otherwise).
//!
//! Controller pods get addresses from the top of their node's pod CIDR, below
//! the broadcast address, skipping the app's pods (the app's pods take the
//! lowest free ones), so they never clash; a pod whose node has no free
//! address left is left out. Left out: `use-forwarded-headers`,
//! `service-upstream`, EWMA balancing, topology hints on the controller's
//! endpoint list, and keepalive connections (the split is per request).

mod shares;
mod trace;

use std::collections::HashSet;
use std::net::Ipv4Addr;

pub use shares::IngressShares;
pub(crate) use shares::{two_stage, Stage2};
pub(crate) use trace::trace_through;
pub use trace::IngressLeg;

use crate::ids::NodeId;
use crate::model::{EndpointState, ExternalTrafficPolicy, Pod, Service, ServiceType};
use crate::proxy_protocol::Reception;
use crate::scenario::Scenario;

/// `ingress` in a scenario file: the controller's Service and pods.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ingress {
    /// The controller Service's `externalTrafficPolicy`.
    pub external_traffic_policy: ExternalTrafficPolicy,
    /// The controller's `use-proxy-protocol`; `None`: on exactly when the load
    /// balancer sends a PROXY header.
    pub use_proxy_protocol: Option<bool>,
    /// The controller pods, on the scenario's nodes.
    pub pods: Vec<ControllerPod>,
}

/// One ingress controller pod.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ControllerPod {
    pub name: String,
    pub node: NodeId,
    pub state: EndpointState,
}

/// The controller's Service name and namespace, as the common manifests name them.
pub const CONTROLLER_SERVICE: (&str, &str) = ("ingress-nginx-controller", "ingress-nginx");

impl Ingress {
    /// Forgets the pods on `node` and renumbers those after it, as
    /// [`Scenario::remove_node`] does for the app's pods.
    pub(crate) fn remove_node(&mut self, node: NodeId) {
        self.pods.retain(|p| p.node != node);
        for pod in &mut self.pods {
            if pod.node > node {
                pod.node = NodeId(pod.node.0 - 1);
            }
        }
    }
}

impl Scenario {
    /// Whether the app's pods expect a PROXY header: as set, or else whether
    /// anything sends them one (the load balancer, without an ingress in
    /// front; the controller never does).
    pub fn app_expects_proxy_protocol(&self) -> bool {
        self.expect_proxy_protocol.unwrap_or(self.ingress.is_none() && self.load_balancer.proxy_protocol.is_some())
    }

    /// What the app makes of the first bytes of a connection: the header sent
    /// straight to it (none when an ingress controller is in front) against
    /// what it expects.
    pub fn app_reception(&self) -> Reception {
        let sent = if self.ingress.is_some() { None } else { self.load_balancer.proxy_protocol };
        Reception::of(sent, self.app_expects_proxy_protocol())
    }

    /// Stage 1 as a scenario of its own: the controller's LoadBalancer
    /// Service and pods behind this scenario's load balancer, nodes, client
    /// and data path. `None` without an ingress.
    pub fn controller_scenario(&self) -> Option<Scenario> {
        let ingress = self.ingress.as_ref()?;
        let service = Service {
            name: CONTROLLER_SERVICE.0.into(),
            namespace: CONTROLLER_SERVICE.1.into(),
            service_type: ServiceType::LoadBalancer,
            external_traffic_policy: ingress.external_traffic_policy,
            target_port: 80,
            traffic_distribution: None,
            ..self.service.clone()
        };
        let mut taken: HashSet<Ipv4Addr> = self.pods.iter().map(|p| p.ip).collect();
        let mut pods = Vec::with_capacity(ingress.pods.len());
        for pod in &ingress.pods {
            let Some(node) = self.node(pod.node) else { continue };
            let (first, last) = node.pod_cidr.span();
            let Some(ip) = (first + 2..last).rev().map(Ipv4Addr::from).find(|ip| !taken.contains(ip)) else {
                continue;
            };
            taken.insert(ip);
            pods.push(Pod { name: pod.name.clone(), node: pod.node, state: pod.state, ip });
        }
        let mut stage1 = Scenario::from_checked_parts(
            service,
            self.load_balancer.clone(),
            self.client.clone(),
            self.nodes.clone(),
            pods,
        );
        stage1.data_path = self.data_path;
        stage1.expect_proxy_protocol =
            Some(ingress.use_proxy_protocol.unwrap_or(self.load_balancer.proxy_protocol.is_some()));
        Some(stage1)
    }

    /// Replaces the ingress controller (or removes it with `None`), refusing
    /// a controller pod on a node that is not in the scenario.
    pub fn set_ingress(&mut self, ingress: Option<Ingress>) -> Result<(), crate::scenario::EditError> {
        if let Some(bad) = ingress.iter().flat_map(|i| &i.pods).find(|p| self.node(p.node).is_none()) {
            return Err(crate::scenario::EditError::NoSuchNode(bad.node));
        }
        self.ingress = ingress;
        Ok(())
    }
}
