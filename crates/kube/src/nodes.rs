//! Every Node of the input, also those without a pod of the Service: under
//! `Local` they matter (they fail the health check, or drop their share).
//!
//! A node's IP is its first IPv4 `InternalIP` (what MASQUERADE uses towards
//! other nodes), its pod CIDR the first IPv4 one of `spec.podCIDRs` (or
//! `spec.podCIDR`), its zone the `topology.kubernetes.io/zone` label. The
//! scenario wants each of these on every node or on none, so when some node
//! lacks one, every node gets the board's default and a note says why
//! (clusters whose CNI hands out pod addresses from its own pools have no
//! node pod CIDRs, for instance).
//!
//! Nodes labelled `node.kubernetes.io/exclude-from-external-load-balancers`
//! are not load balancer targets (Kubernetes docs, "Well-Known Labels"). The
//! core's load balancers have no per-node exclusion, so the import names
//! those nodes in a note rather than model them.

use std::collections::HashSet;
use std::net::Ipv4Addr;

use trafficlab_core::{NodeFile, PodCidr};

use crate::cluster::{At, Cluster, Loc};
use crate::endpoints::listed;
use crate::error::{KubeError, Note};
use crate::input::KUBECTL_GET;
use crate::objects::NodeObject;

pub(crate) const ZONE_LABEL: &str = "topology.kubernetes.io/zone";
pub(crate) const EXCLUDE_LABEL: &str = "node.kubernetes.io/exclude-from-external-load-balancers";

/// The nodes for the scenario, where each came from, and their pod CIDRs
/// (None when the board uses its defaults).
pub(crate) struct Nodes {
    pub files: Vec<NodeFile>,
    pub locs: Vec<Loc>,
    pub pod_cidrs: Option<Vec<PodCidr>>,
}

pub(crate) fn nodes(cluster: &Cluster, notes: &mut Vec<Note>) -> Result<Nodes, KubeError> {
    if cluster.nodes.is_empty() {
        return Err(cluster
            .whole_error("there is no Node in the kubectl output; every node matters, also those without pods")
            .with_fix(format!("include the nodes: `{KUBECTL_GET}`")));
    }
    let mut seen = HashSet::new();
    let mut kept: Vec<&At<NodeObject>> = Vec::with_capacity(cluster.nodes.len());
    for node in &cluster.nodes {
        let Some(name) = &node.object.metadata.name else {
            return Err(cluster
                .error(node.loc, "metadata", "the Node has no `metadata.name`")
                .with_fix("give it its name"));
        };
        if seen.insert(name.as_str()) {
            kept.push(node);
        } else {
            notes.push(Note::new(
                cluster.place(node.loc, ""),
                format!("node {name} is listed again; the first is used"),
            ));
        }
    }
    let ips: Vec<Option<Ipv4Addr>> = kept.iter().map(|n| internal_ip(&n.object)).collect();
    let cidrs: Vec<Option<PodCidr>> = kept.iter().map(|n| pod_cidr(&n.object)).collect();
    let zones: Vec<Option<&String>> = kept.iter().map(|n| n.object.metadata.labels.get(ZONE_LABEL)).collect();
    let all_or_none = |missing: usize, what: &str, notes: &mut Vec<Note>| {
        let all = missing == 0;
        if !all && missing < kept.len() {
            notes.push(Note::new(
                "",
                format!(
                    "{missing} of {} nodes have no {what}, so the board gives every node its own default",
                    kept.len()
                ),
            ));
        }
        all
    };
    let use_ips = all_or_none(ips.iter().filter(|i| i.is_none()).count(), "IPv4 InternalIP", notes);
    let use_cidrs = all_or_none(cidrs.iter().filter(|c| c.is_none()).count(), "IPv4 spec.podCIDR", notes);
    let use_zones = all_or_none(zones.iter().filter(|z| z.is_none()).count(), &format!("{ZONE_LABEL} label"), notes);
    if !use_cidrs && cidrs.iter().all(Option::is_none) {
        notes.push(Note::new(
            "",
            "no node has an IPv4 spec.podCIDR (the CNI's own IPAM?): the board gives each node 10.244.N.0/24",
        ));
    }
    let files = kept
        .iter()
        .enumerate()
        .map(|(i, n)| NodeFile {
            name: n.object.metadata.name.clone().unwrap_or_default(),
            ip: ips[i].filter(|_| use_ips).map(|ip| ip.to_string()),
            pod_cidr: cidrs[i].filter(|_| use_cidrs).map(|c| c.to_string()),
            zone: zones[i].filter(|_| use_zones).cloned(),
        })
        .collect();
    excluded_note(&kept, notes);
    Ok(Nodes {
        files,
        locs: kept.iter().map(|n| n.loc).collect(),
        pod_cidrs: use_cidrs.then(|| cidrs.into_iter().flatten().collect()),
    })
}

fn internal_ip(node: &NodeObject) -> Option<Ipv4Addr> {
    node.status.addresses.iter().filter(|a| a.kind == "InternalIP").find_map(|a| a.address.parse().ok())
}

fn pod_cidr(node: &NodeObject) -> Option<PodCidr> {
    node.spec.pod_cidrs.iter().chain(&node.spec.pod_cidr).find_map(|c| c.parse::<PodCidr>().ok())
}

fn excluded_note(kept: &[&At<NodeObject>], notes: &mut Vec<Note>) {
    let excluded: Vec<String> = kept
        .iter()
        .filter(|n| n.object.metadata.labels.contains_key(EXCLUDE_LABEL))
        .map(|n| n.object.metadata.name.clone().unwrap_or_default())
        .collect();
    if !excluded.is_empty() {
        notes.push(Note::new(
            "",
            format!(
                "labelled {EXCLUDE_LABEL}, so not load balancer targets: {}. The board still sends them their share; remove them from the board to see the cluster as the load balancer does",
                listed(&excluded)
            ),
        ));
    }
}
