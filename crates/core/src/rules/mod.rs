//! The complete ruleset kube-proxy writes on one node for the scenario's
//! Service, as text a node's own tools read: `iptables-restore` input for the
//! iptables mode (`iptables`), an `nft -f` transaction for the nftables mode
//! (`nftables`).
//!
//! Both renderers follow kube-proxy's `syncProxyRules` in kubernetes/kubernetes
//! (`pkg/proxy/iptables/proxier.go`, `pkg/proxy/nftables/proxier.go`) and the
//! expected outputs in their `proxier_test.go`. The versions read are the
//! v1.33 line for iptables (the proxier with `ProxyHealthServer`, nfacct
//! counters and `CategorizeEndpoints(…, nodeName, …)` for PreferSameNode) and
//! the v1.31–v1.32 line for nftables (with `cluster-ips-check`,
//! `filter-output-post-dnat` and `nodeport-endpoints-check`).
//!
//! What the node knows comes from the core's own rules (`endpoints`): the
//! Cluster endpoints (all Ready ones, or the serving Terminating ones when none
//! is Ready, filtered by zone under `trafficDistribution`), the node's Local
//! endpoints, and whether the Service has any endpoint at all. kube-proxy
//! orders endpoints by their `IP:port` text (`endpointslicecache.go` sorts
//! `byEndpoint`), and so do both renderers.
//!
//! kube-proxy's defaults are assumed where the scenario says nothing:
//! masquerade bit 14 (written `0x00004000`, Go's `%#08x`), `--random-fully`
//! available, `--nodeport-addresses` unset (every local address), localhost
//! node ports on (iptables), `--detect-local-mode=NodeCIDR` (the node's pod
//! CIDR is "local" traffic), no `loadBalancerSourceRanges`, no session
//! affinity. Left out: the Service's ClusterIP (a scenario has none; a real
//! node also has the ClusterIP rules, and the `default/kubernetes` Service),
//! the nfacct match kube-proxy adds only when the kernel's nfacct works, and
//! the `KUBE-PROXY-CANARY` chains it uses to notice flushes.

mod iptables;
mod nftables;

use std::fmt;
use std::net::{Ipv4Addr, SocketAddrV4};
use std::str::FromStr;

use crate::addressing::PodCidr;
use crate::chains::ServiceChains;
use crate::endpoints::EndpointCounts;
use crate::ids::NodeId;
use crate::model::{EndpointState, ExternalTrafficPolicy, ServiceType};
use crate::scenario::Scenario;

/// kube-proxy's `--proxy-mode`: which ruleset it writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ProxyMode {
    #[default]
    Iptables,
    Nftables,
}

impl fmt::Display for ProxyMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ProxyMode::Iptables => "iptables",
            ProxyMode::Nftables => "nftables",
        })
    }
}

impl FromStr for ProxyMode {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "iptables" => Ok(ProxyMode::Iptables),
            "nftables" => Ok(ProxyMode::Nftables),
            _ => Err(format!("`{text}` is not a kube-proxy mode: write iptables or nftables")),
        }
    }
}

/// What kube-proxy on one node knows about the Service: everything both
/// renderers need, and nothing they would have to look up again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeRules {
    /// The node's name, for the header.
    pub node: String,
    /// The Service port's `KUBE-*` chain names (iptables; nftables derives its own).
    pub chains: ServiceChains,
    pub policy: ExternalTrafficPolicy,
    /// The node's pod CIDR: "local" traffic for `--detect-local-mode=NodeCIDR`.
    pub pod_cidr: PodCidr,
    /// `status.loadBalancer.ingress[0].ip`, for `type: LoadBalancer` only.
    pub load_balancer_ip: Option<Ipv4Addr>,
    pub port: u16,
    pub node_port: u16,
    /// `healthCheckNodePort`, for LoadBalancer + Local only.
    pub health_check_node_port: Option<u16>,
    /// The Cluster policy's endpoints as this node sees them, in kube-proxy's order.
    pub cluster_endpoints: Vec<SocketAddrV4>,
    /// This node's Local policy endpoints, in kube-proxy's order.
    pub local_endpoints: Vec<SocketAddrV4>,
    /// `hasEndpoints`: a usable endpoint exists on some node (else REJECT).
    pub has_endpoints: bool,
}

impl NodeRules {
    /// What kube-proxy on `node` knows; `None` for an id not in the scenario.
    pub fn of(scenario: &Scenario, node: NodeId) -> Option<Self> {
        let on = scenario.node(node)?;
        let service = &scenario.service;
        let counts = EndpointCounts::of(scenario);
        let endpoint = |ip| SocketAddrV4::new(ip, service.target_port);
        let cluster_zone = counts.cluster_zone_at(node);
        let cluster_state = counts.cluster_state();
        let cluster = scenario.pods().iter().filter(|p| match cluster_zone {
            Some(zone) => p.state == EndpointState::Ready && counts.zones.zone_of(p.node) == zone,
            None => Some(p.state) == cluster_state,
        });
        let local_state = counts.local_state(node);
        let local = scenario.pods_on(node).map(|(_, p)| p).filter(|p| Some(p.state) == local_state);
        Some(NodeRules {
            node: on.name.clone(),
            chains: ServiceChains::of(service),
            policy: service.external_traffic_policy,
            pod_cidr: on.pod_cidr,
            load_balancer_ip: (service.service_type == ServiceType::LoadBalancer).then_some(scenario.load_balancer.ip),
            port: service.port,
            node_port: service.node_port,
            health_check_node_port: service.has_health_check_node_port().then_some(service.health_check_node_port),
            cluster_endpoints: in_kube_proxy_order(cluster.map(|p| endpoint(p.ip))),
            local_endpoints: in_kube_proxy_order(local.map(|p| endpoint(p.ip))),
            has_endpoints: counts.has_any(),
        })
    }

    /// `namespace/name`: the Service port's name (the port itself is unnamed).
    pub fn service_port_name(&self) -> &str {
        &self.chains.service_port_name
    }

    /// The ruleset in `mode`'s own input format.
    pub fn render(&self, mode: ProxyMode) -> String {
        match mode {
            ProxyMode::Iptables => iptables::render(self),
            ProxyMode::Nftables => nftables::render(self),
        }
    }

    /// `hasExternalEndpoints`: external traffic has somewhere to go on this node.
    fn has_external_endpoints(&self) -> bool {
        match self.policy {
            ExternalTrafficPolicy::Cluster => self.has_endpoints,
            ExternalTrafficPolicy::Local => !self.local_endpoints.is_empty(),
        }
    }

    /// The filter verdict for external traffic that nothing DNATs: `None`
    /// when there are external endpoints, else DROP (none local) or REJECT
    /// (none anywhere).
    fn external_refusal(&self) -> Option<Refusal> {
        match (self.has_endpoints, self.has_external_endpoints()) {
            (false, _) => Some(Refusal::Reject),
            (true, false) => Some(Refusal::Drop),
            (true, true) => None,
        }
    }

    /// Every endpoint that gets its own chain here (`allLocallyReachableEndpoints`):
    /// the Cluster ones, plus under Local the node's own, in kube-proxy's order.
    fn reachable_endpoints(&self) -> Vec<SocketAddrV4> {
        let mut all = self.cluster_endpoints.clone();
        if self.policy == ExternalTrafficPolicy::Local {
            all.extend(self.local_endpoints.iter().filter(|e| !self.cluster_endpoints.contains(e)));
        }
        in_kube_proxy_order(all)
    }
}

/// How kube-proxy refuses external traffic with no endpoint to go to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Refusal {
    /// Endpoints exist, none on this node (Local): "has no local endpoints".
    Drop,
    /// No usable endpoint anywhere: "has no endpoints", ICMP port unreachable.
    Reject,
}

/// Sorted by `IP:port` text, as kube-proxy's `byEndpoint` sorts them.
fn in_kube_proxy_order(endpoints: impl IntoIterator<Item = SocketAddrV4>) -> Vec<SocketAddrV4> {
    let mut keyed: Vec<(String, SocketAddrV4)> = endpoints.into_iter().map(|e| (e.to_string(), e)).collect();
    keyed.sort();
    keyed.dedup();
    keyed.into_iter().map(|(_, e)| e).collect()
}

impl Scenario {
    /// The ruleset kube-proxy in `mode` writes on `node`; `None` for an id
    /// not in the scenario.
    pub fn rules(&self, node: NodeId, mode: ProxyMode) -> Option<String> {
        NodeRules::of(self, node).map(|rules| rules.render(mode))
    }
}
