//! A [`Scenario`]: one Service, its load balancer, the nodes and the pods.
//!
//! A `Scenario` is always valid: names are unique, every pod sits on an existing
//! node, there is at least one node, and every pod's IP is unique and inside its
//! node's pod CIDR. Files are checked on the way in ([`Scenario::from_json`] and
//! friends, in `format`); edits ([`Scenario::move_pod`] here, [`Scenario::add_node`]
//! and the others in `edits`) keep the rules or refuse with an [`EditError`] and
//! change nothing, so the routing code never meets a bad state.

use std::collections::HashSet;
use std::fmt;
use std::net::Ipv4Addr;

use crate::addressing::{self, default_node_ip, default_node_name, default_pod_cidr};
use crate::datapath::DataPath;
use crate::format::{ScenarioError, MAX_NODES, MAX_PODS};
use crate::ids::{NodeId, PodId};
use crate::ingress::Ingress;
use crate::model::{Client, EndpointState, ExternalTrafficPolicy, LoadBalancer, Node, Pod, Service};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    /// A short name for people, e.g. a preset's "Local: crowded nodes starve".
    pub title: Option<String>,
    /// What the scenario teaches, in a sentence or two.
    pub description: Option<String>,
    pub service: Service,
    pub load_balancer: LoadBalancer,
    pub client: Client,
    /// What forwards connections on the nodes (`dataPath`): kube-proxy, or Cilium DSR.
    pub data_path: DataPath,
    /// Whether the app's pods expect a PROXY protocol header
    /// (`app.expectProxyProtocol`); `None`: whatever the load balancer sends
    /// straight to them (see [`Scenario::app_expects_proxy_protocol`]).
    pub expect_proxy_protocol: Option<bool>,
    /// An ingress controller in front of the app (`ingress`), if any; read
    /// it with [`Scenario::ingress`], change it with [`Scenario::set_ingress`].
    pub(crate) ingress: Option<Ingress>,
    // Crate-private so that the edits (here and in `edits`) can keep the rules;
    // everything else reads them through `nodes()` and `pods()`.
    pub(crate) nodes: Vec<Node>,
    pub(crate) pods: Vec<Pod>,
}

impl Scenario {
    /// Assembles a scenario whose parts `format` has already checked.
    pub(crate) fn from_checked_parts(
        service: Service,
        load_balancer: LoadBalancer,
        client: Client,
        nodes: Vec<Node>,
        pods: Vec<Pod>,
    ) -> Self {
        debug_assert!(!nodes.is_empty());
        debug_assert!(pods.iter().all(|p| p.node.index() < nodes.len()));
        Scenario {
            title: None,
            description: None,
            service,
            load_balancer,
            client,
            data_path: DataPath::default(),
            expect_proxy_protocol: None,
            ingress: None,
            nodes,
            pods,
        }
    }

    /// A scenario with default names and addresses: one entry per node, listing
    /// the states of the pods on it (`node-a` holds `web-1`, `web-2`, ...).
    /// Handy for tests, benchmarks and generated layouts.
    pub fn from_layout(policy: ExternalTrafficPolicy, layout: &[Vec<EndpointState>]) -> Result<Self, ScenarioError> {
        let pod_count: usize = layout.iter().map(Vec::len).sum();
        if layout.is_empty() || layout.len() > MAX_NODES || pod_count > MAX_PODS {
            return Err(ScenarioError::new(
                "nodes",
                format!("a layout needs 1 to {MAX_NODES} nodes and at most {MAX_PODS} pods"),
            ));
        }
        let mut nodes = Vec::with_capacity(layout.len());
        let mut pods = Vec::with_capacity(pod_count);
        for (n, states) in layout.iter().enumerate() {
            let node =
                Node { name: default_node_name(n), ip: default_node_ip(n), pod_cidr: default_pod_cidr(n), zone: None };
            if states.len() > node.pod_cidr.pod_capacity() {
                return Err(ScenarioError::new(
                    format!("nodes[{n}]"),
                    format!("{} pods do not fit in pod CIDR {}", states.len(), node.pod_cidr),
                ));
            }
            for (&state, ip) in states.iter().zip(node.pod_cidr.pod_addresses()) {
                let name = format!("web-{}", pods.len() + 1);
                pods.push(Pod { name, node: NodeId(n as u32), state, ip });
            }
            nodes.push(node);
        }
        let service = Service { external_traffic_policy: policy, ..Service::default() };
        Ok(Scenario::from_checked_parts(service, LoadBalancer::default(), Client::default(), nodes, pods))
    }

    /// The ingress controller in front of the app, if any.
    pub fn ingress(&self) -> Option<&Ingress> {
        self.ingress.as_ref()
    }

    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    pub fn pods(&self) -> &[Pod] {
        &self.pods
    }

    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id.index())
    }

    pub fn pod(&self, id: PodId) -> Option<&Pod> {
        self.pods.get(id.index())
    }

    pub fn node_ids(&self) -> impl ExactSizeIterator<Item = NodeId> {
        (0..self.nodes.len() as u32).map(NodeId)
    }

    pub fn pod_ids(&self) -> impl ExactSizeIterator<Item = PodId> {
        (0..self.pods.len() as u32).map(PodId)
    }

    pub fn node_id(&self, name: &str) -> Option<NodeId> {
        self.nodes.iter().position(|n| n.name == name).map(|i| NodeId(i as u32))
    }

    pub fn pod_id(&self, name: &str) -> Option<PodId> {
        self.pods.iter().position(|p| p.name == name).map(|i| PodId(i as u32))
    }

    /// The pods scheduled on `node`, in scenario order.
    pub fn pods_on(&self, node: NodeId) -> impl Iterator<Item = (PodId, &Pod)> {
        self.pods.iter().enumerate().filter(move |(_, p)| p.node == node).map(|(i, p)| (PodId(i as u32), p))
    }

    /// Reschedules `pod` onto `to`. Like a real reschedule, the pod gets a new
    /// IP: the lowest free one in `to`'s pod CIDR.
    pub fn move_pod(&mut self, pod: PodId, to: NodeId) -> Result<(), EditError> {
        let current = self.pod(pod).ok_or(EditError::NoSuchPod(pod))?.node;
        self.node(to).ok_or(EditError::NoSuchNode(to))?;
        if current == to {
            return Ok(());
        }
        let ip = self.lowest_free_pod_ip(to)?;
        let moved = self.pods.get_mut(pod.index()).ok_or(EditError::NoSuchPod(pod))?;
        moved.node = to;
        moved.ip = ip;
        Ok(())
    }

    /// The lowest address in `node`'s pod CIDR that no pod holds, as a
    /// host-local IPAM hands out. Every pod counts, not only those on `node`,
    /// so an IP stays unique even if two nodes' pod CIDRs overlap.
    pub(crate) fn lowest_free_pod_ip(&self, node: NodeId) -> Result<Ipv4Addr, EditError> {
        let target = self.node(node).ok_or(EditError::NoSuchNode(node))?;
        let taken: HashSet<Ipv4Addr> =
            self.pods.iter().filter(|p| target.pod_cidr.contains(p.ip)).map(|p| p.ip).collect();
        target
            .pod_cidr
            .pod_addresses()
            .find(|ip| !taken.contains(ip))
            .ok_or_else(|| EditError::NodeFull { node: target.name.clone(), pod_cidr: target.pod_cidr.to_string() })
    }

    pub fn set_pod_state(&mut self, pod: PodId, state: EndpointState) -> Result<(), EditError> {
        self.pods.get_mut(pod.index()).ok_or(EditError::NoSuchPod(pod))?.state = state;
        Ok(())
    }
}

/// Why an edit was refused; the scenario is left as it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    NoSuchNode(NodeId),
    NoSuchPod(PodId),
    NodeFull {
        node: String,
        pod_cidr: String,
    },
    /// Removing the only node would leave the pods nowhere to run.
    LastNode,
    /// The scenario already has [`MAX_NODES`] nodes.
    TooManyNodes,
    /// The scenario already has [`MAX_PODS`] pods.
    TooManyPods,
    /// Every default `/24` pod CIDR overlaps an existing node's pod CIDR.
    NoFreePodCidr,
    /// `set_zones` got a number of zones other than the number of nodes.
    ZoneCount {
        nodes: usize,
        zones: usize,
    },
    /// A zone that is not a valid label value.
    BadZone(String),
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::NoSuchNode(id) => {
                write!(f, "there is no {id} in this scenario any more: it was removed; undo, or pick another node")
            }
            EditError::NoSuchPod(id) => {
                write!(f, "there is no {id} in this scenario any more: it was removed; undo, or pick another pod")
            }
            EditError::NodeFull { node, pod_cidr } => {
                write!(f, "{node} has no free address left in its pod CIDR {pod_cidr}: remove a pod from it first")
            }
            EditError::LastNode => {
                f.write_str("a scenario needs at least one node: add another node before removing this one")
            }
            EditError::TooManyNodes => {
                write!(f, "at most {MAX_NODES} nodes fit in a scenario (Kubernetes' limit): remove one first")
            }
            EditError::TooManyPods => {
                write!(f, "at most {MAX_PODS} pods fit in a scenario (Kubernetes' limit): remove one first")
            }
            EditError::NoFreePodCidr => {
                f.write_str("no free /24 pod CIDR is left for a new node: give some nodes smaller pod CIDRs")
            }
            EditError::ZoneCount { nodes, zones } => {
                write!(f, "{zones} zones for {nodes} nodes: give every node a zone, or none")
            }
            EditError::BadZone(zone) => write!(
                f,
                "`{zone}` is not a valid zone label: use 1 to 63 letters, digits, '-', '_' or '.', \
                 starting and ending with a letter or digit (like us-east-1a)"
            ),
        }
    }
}

impl std::error::Error for EditError {}

/// One node (`node-a`, default addresses) and no pods: the smallest valid
/// scenario, for a shell that needs one before anything is loaded.
impl Default for Scenario {
    fn default() -> Self {
        let node =
            Node { name: default_node_name(0), ip: default_node_ip(0), pod_cidr: default_pod_cidr(0), zone: None };
        Scenario::from_checked_parts(
            Service::default(),
            LoadBalancer::default(),
            Client::default(),
            vec![node],
            Vec::new(),
        )
    }
}

impl Default for Service {
    fn default() -> Self {
        Service {
            name: "web".into(),
            namespace: "default".into(),
            service_type: Default::default(),
            external_traffic_policy: Default::default(),
            port: addressing::DEFAULT_PORT,
            target_port: addressing::DEFAULT_TARGET_PORT,
            node_port: addressing::DEFAULT_NODE_PORT,
            health_check_node_port: addressing::DEFAULT_HEALTH_CHECK_NODE_PORT,
            traffic_distribution: None,
        }
    }
}

impl Default for LoadBalancer {
    fn default() -> Self {
        LoadBalancer {
            ip: addressing::DEFAULT_LB_IP,
            health_check: true,
            weighting: Default::default(),
            provider: Default::default(),
            proxy_protocol: None,
        }
    }
}

impl Default for Client {
    fn default() -> Self {
        Client { ip: addressing::DEFAULT_CLIENT_IP }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use EndpointState::Ready;

    fn three_nodes() -> Scenario {
        Scenario::from_layout(ExternalTrafficPolicy::Local, &[vec![Ready], vec![Ready; 2], vec![Ready; 3]]).unwrap()
    }

    #[test]
    fn layout_gets_default_names_and_addresses() {
        let s = three_nodes();
        assert_eq!(s.nodes()[1].name, "node-b");
        assert_eq!(s.nodes()[1].ip, Ipv4Addr::new(10, 0, 0, 12));
        assert_eq!(s.pods()[2].name, "web-3");
        assert_eq!(s.pods()[2].ip, Ipv4Addr::new(10, 244, 2, 3));
    }

    #[test]
    fn moving_a_pod_gives_it_the_lowest_free_address_on_the_new_node() {
        let mut s = three_nodes();
        let web1 = s.pod_id("web-1").unwrap();
        let node3 = s.node_id("node-c").unwrap();
        s.move_pod(web1, node3).unwrap();
        assert_eq!(s.pods()[0].node, node3);
        assert_eq!(s.pods()[0].ip, Ipv4Addr::new(10, 244, 3, 5));
        assert_eq!(s.pods_on(NodeId(0)).count(), 0);
    }

    #[test]
    fn bad_edits_are_refused_and_change_nothing() {
        let mut s = three_nodes();
        let before = s.clone();
        assert_eq!(s.move_pod(PodId(99), NodeId(0)), Err(EditError::NoSuchPod(PodId(99))));
        assert_eq!(s.move_pod(PodId(0), NodeId(7)), Err(EditError::NoSuchNode(NodeId(7))));
        assert!(s.set_pod_state(PodId(42), Ready).is_err());
        assert_eq!(s, before);
    }

    #[test]
    fn the_default_scenario_is_one_empty_node() {
        let s = Scenario::default();
        assert_eq!((s.nodes().len(), s.pods().len()), (1, 0));
        assert_eq!(s.shares().rejected, 1.0);
    }
}
