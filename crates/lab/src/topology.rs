//! The scenario as namespaces, links, addresses and routes, and each node
//! loaded with kube-proxy's ruleset for it.
//!
//! Addresses the scenario does not name are link-local: the load balancer is
//! `169.254.0.1` towards the client and `169.254.100.1` on the node network,
//! and every other address is a `/32` with an explicit route, so any
//! scenario's addresses fit. Node *i* routes node *j*'s pod CIDR via node
//! *j*'s IP (like flannel's host-gw): MASQUERADE then picks the node IP
//! towards another node and the `cni0` gateway towards a local pod, as the
//! core's trace says.

use std::net::Ipv4Addr;

use trafficlab_core::rules::{NodeRules, ProxyMode};
use trafficlab_core::Scenario;

use crate::balancer;
use crate::error::LabError;
use crate::netns::{self, ip_batch, Namespaces};

/// The load balancer's address towards the client.
pub(crate) const LB_CLIENT_SIDE: Ipv4Addr = Ipv4Addr::new(169, 254, 0, 1);
/// The load balancer's address on the node network.
pub(crate) const LB_NODE_SIDE: Ipv4Addr = Ipv4Addr::new(169, 254, 100, 1);

/// The namespaces of a built lab, by role.
pub(crate) struct Lab {
    pub client: String,
    pub load_balancer: String,
    /// In scenario order.
    pub nodes: Vec<String>,
    /// In scenario order.
    pub pods: Vec<String>,
}

/// Creates every namespace and link, then the addresses and routes, then loads the rules.
pub(crate) fn build(s: &Scenario, mode: ProxyMode, namespaces: &mut Namespaces) -> Result<Lab, LabError> {
    let lab = Lab {
        client: namespaces.add("c")?,
        load_balancer: namespaces.add("lb")?,
        nodes: (0..s.nodes().len()).map(|i| namespaces.add(&format!("n{i}"))).collect::<Result<_, _>>()?,
        pods: (0..s.pods().len()).map(|j| namespaces.add(&format!("p{j}"))).collect::<Result<_, _>>()?,
    };
    links(s, &lab)?;
    client_and_balancer(s, &lab)?;
    for i in 0..s.nodes().len() {
        node(s, &lab, i)?;
    }
    for j in 0..s.pods().len() {
        pod(s, &lab, j)?;
    }
    for ns in std::iter::once(&lab.load_balancer).chain(&lab.nodes) {
        netns::sysctl(ns, "net.ipv4.ip_forward", "1")?;
        netns::sysctl(ns, "net.ipv4.conf.all.rp_filter", "0")?;
        // Linux rate-limits ICMP errors (about one per second per destination
        // after a burst of 6, and 1000/s in all): most of REJECT's port
        // unreachables would be swallowed and the client would time out
        // instead of being refused. A real node does the same to a client
        // that retries fast; the core models one connection at a time.
        netns::sysctl(ns, "net.ipv4.icmp_ratemask", "0")?;
    }
    for (i, ns) in lab.nodes.iter().enumerate() {
        load_kube_proxy(s, mode, i, ns)?;
    }
    balancer::load(s, &lab)?;
    Ok(lab)
}

/// The veth pairs and bridges: each made in one namespace with its peer in the other.
fn links(s: &Scenario, lab: &Lab) -> Result<(), LabError> {
    let mut lb = vec![
        format!("link add c0 type veth peer name eth0 netns {}", lab.client),
        "link add br0 type bridge".to_string(),
    ];
    for (i, ns) in lab.nodes.iter().enumerate() {
        lb.push(format!("link add n{i} type veth peer name eth0 netns {ns}"));
        lb.push(format!("link set n{i} master br0 up"));
    }
    ip_batch(&lab.load_balancer, &lb)?;
    for (i, ns) in lab.nodes.iter().enumerate() {
        let mut node = vec!["link add cni0 type bridge".to_string()];
        for (j, pod_ns) in lab.pods.iter().enumerate().filter(|&(j, _)| s.pods()[j].node.index() == i) {
            node.push(format!("link add p{j} type veth peer name eth0 netns {pod_ns}"));
            node.push(format!("link set p{j} master cni0 up"));
        }
        ip_batch(ns, &node)?;
    }
    Ok(())
}

fn client_and_balancer(s: &Scenario, lab: &Lab) -> Result<(), LabError> {
    let client = s.client.ip;
    ip_batch(
        &lab.client,
        &[
            format!("address add {client}/32 dev eth0"),
            "link set eth0 up".to_string(),
            format!("route add {LB_CLIENT_SIDE}/32 dev eth0 scope link"),
            format!("route add default via {LB_CLIENT_SIDE} dev eth0"),
        ],
    )?;
    let mut lb = vec![
        format!("address add {LB_CLIENT_SIDE}/32 dev c0"),
        "link set c0 up".to_string(),
        format!("route add {client}/32 dev c0 scope link"),
        format!("address add {LB_NODE_SIDE}/32 dev br0"),
        "link set br0 up".to_string(),
    ];
    lb.extend(s.nodes().iter().map(|n| format!("route add {}/32 dev br0 scope link", n.ip)));
    ip_batch(&lab.load_balancer, &lb)
}

fn node(s: &Scenario, lab: &Lab, i: usize) -> Result<(), LabError> {
    let me = &s.nodes()[i];
    let cidr = me.pod_cidr;
    let mut commands = vec![
        format!("address add {}/32 dev eth0", me.ip),
        "link set eth0 up".to_string(),
        format!("route add {LB_NODE_SIDE}/32 dev eth0 scope link"),
        format!("route add default via {LB_NODE_SIDE} dev eth0"),
        format!("address add {}/{} dev cni0", cidr.gateway(), cidr.prefix_len()),
        "link set cni0 up".to_string(),
    ];
    for other in s.nodes().iter().filter(|n| n.name != me.name) {
        commands.push(format!("route add {}/32 dev eth0 scope link", other.ip));
        commands.push(format!("route add {} via {} dev eth0", other.pod_cidr, other.ip));
    }
    ip_batch(&lab.nodes[i], &commands)
}

fn pod(s: &Scenario, lab: &Lab, j: usize) -> Result<(), LabError> {
    let pod = &s.pods()[j];
    let cidr = s.nodes()[pod.node.index()].pod_cidr;
    ip_batch(
        &lab.pods[j],
        &[
            format!("address add {}/{} dev eth0", pod.ip, cidr.prefix_len()),
            "link set eth0 up".to_string(),
            format!("route add default via {} dev eth0", cidr.gateway()),
        ],
    )
}

/// kube-proxy's ruleset for node `i`, from the core, loaded as kube-proxy loads it.
fn load_kube_proxy(s: &Scenario, mode: ProxyMode, i: usize, ns: &str) -> Result<(), LabError> {
    let node = s.node_ids().nth(i).and_then(|id| NodeRules::of(s, id));
    let Some(rules) = node.map(|r| r.render(mode)) else {
        return Err(LabError::command("rules", &format!("node {i} is not in the scenario")));
    };
    let (program, args): (&str, &[&str]) = match mode {
        ProxyMode::Iptables => ("iptables-restore", &[]),
        ProxyMode::Nftables => ("nft", &["-f", "-"]),
    };
    let mut command = vec!["netns", "exec", ns, program];
    command.extend_from_slice(args);
    netns::run("ip", &command, Some(&rules)).map(drop)
}
