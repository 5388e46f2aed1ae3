//! Adding and removing nodes and pods: what a person does in the app with
//! "add node", "add pod to node-b", "remove pod" and "remove node".
//!
//! Each edit applies fully, or returns an [`EditError`] and leaves the scenario
//! exactly as it was. Ids come from outside and may be stale, so none is trusted.
//! What the edits model:
//! - A new node gets the first free default name (`node-a` … `node-z`, then
//!   `node-27`, `node-28`, …), the lowest free default IP (`10.0.0.11` up) and
//!   the first default `/24` pod CIDR that overlaps no other node's, as the
//!   controller manager's node IPAM hands each node its own range.
//! - Removing a node deletes its pods too, as draining and deleting a node does
//!   when nothing reschedules them (this model has no Deployment to recreate
//!   them). Nodes and pods after the removed ones shift down one id.
//! - A new pod is Ready, is named `web-N` (the smallest N not taken) and takes
//!   the lowest free address in its node's pod CIDR, like host-local IPAM.
//! - On zoned nodes a new node joins the zone that has the fewest nodes (the
//!   first of them in zone order on a tie), as a cluster autoscaler balancing
//!   similar node groups across zones would [inferred]; `set_zones` puts
//!   every node in a zone, or takes the zones away.

use std::collections::HashSet;
use std::net::Ipv4Addr;

use crate::addressing::{default_node_ip, default_node_name as node_name, default_pod_cidr, PodCidr};
use crate::format::{MAX_NODES, MAX_PODS};
use crate::ids::{NodeId, PodId};
use crate::model::{EndpointState, Node, Pod};
use crate::scenario::{EditError, Scenario};

impl Scenario {
    /// Appends a node with the first free default name, IP and pod CIDR.
    pub fn add_node(&mut self) -> Result<NodeId, EditError> {
        if self.nodes.len() >= MAX_NODES {
            return Err(EditError::TooManyNodes);
        }
        let pod_cidr = free_pod_cidr(&self.nodes).ok_or(EditError::NoFreePodCidr)?;
        let names: HashSet<&str> = self.nodes.iter().map(|n| n.name.as_str()).collect();
        let name = first_free(node_name, |name| names.contains(name.as_str()));
        let ips: HashSet<Ipv4Addr> = self.nodes.iter().map(|n| n.ip).collect();
        let ip = first_free(default_node_ip, |ip| ips.contains(ip));
        let zone = self.emptiest_zone();
        self.nodes.push(Node { name, ip, pod_cidr, zone });
        Ok(NodeId(self.nodes.len() as u32 - 1))
    }

    /// Puts node i in `zones[i]` (its `topology.kubernetes.io/zone`), or with
    /// `None` takes every node's zone away: a scenario's nodes are all zoned
    /// or none is.
    pub fn set_zones(&mut self, zones: Option<Vec<String>>) -> Result<(), EditError> {
        let Some(zones) = zones else {
            self.nodes.iter_mut().for_each(|n| n.zone = None);
            return Ok(());
        };
        if zones.len() != self.nodes.len() {
            return Err(EditError::ZoneCount { nodes: self.nodes.len(), zones: zones.len() });
        }
        if let Some(bad) = zones.iter().find(|z| crate::format::check_zone(z).is_err()) {
            return Err(EditError::BadZone(bad.clone()));
        }
        for (node, zone) in self.nodes.iter_mut().zip(zones) {
            node.zone = Some(zone);
        }
        Ok(())
    }

    /// The zone with the fewest nodes (the first on a tie), if the nodes are zoned.
    fn emptiest_zone(&self) -> Option<String> {
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for zone in self.nodes.iter().filter_map(|n| n.zone.as_deref()) {
            match counts.iter_mut().find(|(z, _)| *z == zone) {
                Some((_, count)) => *count += 1,
                None => counts.push((zone, 1)),
            }
        }
        let fewest = counts.iter().map(|&(_, c)| c).min()?;
        counts.into_iter().find(|&(_, c)| c == fewest).map(|(z, _)| z.to_string())
    }

    /// Removes `node` and the pods on it, which it returns in scenario order.
    /// The last node stays: a scenario needs one.
    pub fn remove_node(&mut self, node: NodeId) -> Result<Vec<Pod>, EditError> {
        self.node(node).ok_or(EditError::NoSuchNode(node))?;
        if self.nodes.len() == 1 {
            return Err(EditError::LastNode);
        }
        let (removed, mut kept): (Vec<Pod>, Vec<Pod>) =
            std::mem::take(&mut self.pods).into_iter().partition(|p| p.node == node);
        for pod in &mut kept {
            if pod.node > node {
                pod.node = NodeId(pod.node.0 - 1);
            }
        }
        self.pods = kept;
        if let Some(ingress) = &mut self.ingress {
            ingress.remove_node(node);
        }
        self.nodes.remove(node.index());
        Ok(removed)
    }

    /// Appends a Ready pod `web-N` on `node`, at the lowest free address of its
    /// pod CIDR.
    pub fn add_pod(&mut self, node: NodeId) -> Result<PodId, EditError> {
        self.node(node).ok_or(EditError::NoSuchNode(node))?;
        if self.pods.len() >= MAX_PODS {
            return Err(EditError::TooManyPods);
        }
        let ip = self.lowest_free_pod_ip(node)?;
        let names: HashSet<&str> = self.pods.iter().map(|p| p.name.as_str()).collect();
        let name = first_free(|i| format!("web-{}", i + 1), |name| names.contains(name.as_str()));
        self.pods.push(Pod { name, node, state: EndpointState::Ready, ip });
        Ok(PodId(self.pods.len() as u32 - 1))
    }

    /// Removes `pod` and returns it.
    pub fn remove_pod(&mut self, pod: PodId) -> Result<Pod, EditError> {
        if pod.index() >= self.pods.len() {
            return Err(EditError::NoSuchPod(pod));
        }
        Ok(self.pods.remove(pod.index()))
    }
}

/// The first of `candidate(0)`, `candidate(1)`, … that is not taken. The
/// candidates must be distinct and only finitely many taken, so this ends
/// after at most (taken + 1) tries.
fn first_free<T>(candidate: impl Fn(usize) -> T, taken: impl Fn(&T) -> bool) -> T {
    let mut index = 0;
    loop {
        let value = candidate(index);
        if !taken(&value) {
            return value;
        }
        index += 1;
    }
}

/// How many `/24` blocks there are in IPv4.
const BLOCKS: u32 = 1 << 24;

/// The first of `default_pod_cidr(0)`, `(1)`, … that overlaps no node's pod
/// CIDR, or `None` when all 2^24 of them do.
///
/// The defaults are consecutive `/24` blocks from `10.244.1.0` up, wrapping past
/// `255.255.255.0` to `0.0.0.0`, and a node's pod CIDR covers a run of blocks
/// (one for a /25 to /30, 2^(24 − len) for a shorter prefix). So one sort and
/// one sweep find the answer, however wide the existing pod CIDRs are.
fn free_pod_cidr(nodes: &[Node]) -> Option<PodCidr> {
    let first = u32::from(default_pod_cidr(0).network()) >> 8;
    let mut used: Vec<(u32, u32)> = nodes.iter().map(|n| blocks(n.pod_cidr)).collect();
    used.sort_unstable();
    let block = first_free_block(&used, first, BLOCKS).or_else(|| first_free_block(&used, 0, first))?;
    let cidr = default_pod_cidr((block.wrapping_sub(first) % BLOCKS) as usize);
    debug_assert_eq!(u32::from(cidr.network()) >> 8, block);
    Some(cidr)
}

/// The first and last `/24` block (address >> 8) that `cidr` touches.
fn blocks(cidr: PodCidr) -> (u32, u32) {
    let first = u32::from(cidr.network()) >> 8;
    let count = 1u32 << (32 - u32::from(cidr.prefix_len())).saturating_sub(8);
    (first, first + count - 1)
}

/// The lowest block in `from..to` outside every run in `used` (sorted).
fn first_free_block(used: &[(u32, u32)], from: u32, to: u32) -> Option<u32> {
    let mut candidate = from;
    for &(first, last) in used {
        if first > candidate {
            break;
        }
        candidate = candidate.max(last + 1);
    }
    (candidate < to).then_some(candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cidr(text: &str) -> PodCidr {
        text.parse().unwrap()
    }

    fn node(pod_cidr: &str) -> Node {
        Node { name: "n".into(), ip: Ipv4Addr::new(10, 0, 0, 1), pod_cidr: cidr(pod_cidr), zone: None }
    }

    #[test]
    fn default_node_names_run_through_the_alphabet_then_count_on() {
        assert_eq!(node_name(0), "node-a");
        assert_eq!(node_name(25), "node-z");
        assert_eq!(node_name(26), "node-27");
        assert_eq!(node_name(300), "node-301");
    }

    #[test]
    fn a_pod_cidr_covers_the_blocks_it_touches() {
        assert_eq!(blocks(cidr("10.244.2.0/23")), (0x0af402, 0x0af403));
        assert_eq!(blocks(cidr("10.244.7.4/30")), (0x0af407, 0x0af407));
        assert_eq!(blocks(cidr("255.0.0.0/8")), (0xff0000, 0xffffff));
    }

    #[test]
    fn the_sweep_skips_runs_in_any_order_of_width() {
        let used = [(1, 9), (3, 4), (10, 10), (12, 12)];
        assert_eq!(first_free_block(&used, 0, 100), Some(0));
        assert_eq!(first_free_block(&used, 2, 100), Some(11));
        assert_eq!(first_free_block(&used, 11, 100), Some(11));
        assert_eq!(first_free_block(&used, 12, 13), None);
    }

    #[test]
    fn pod_cidrs_after_the_top_of_ipv4_wrap_to_zero_like_the_defaults() {
        // Everything from 10.244.0.0 up is taken: a /14, a /13 and the /8s 11 to 255.
        let mut nodes = vec![node("10.244.0.0/14"), node("10.248.0.0/13")];
        nodes.extend((11..=255).map(|a| node(&format!("{a}.0.0.0/8"))));
        assert_eq!(free_pod_cidr(&nodes), Some(cidr("0.0.0.0/24")));
        nodes.extend((0..=10).map(|a| node(&format!("{a}.0.0.0/8"))));
        assert_eq!(free_pod_cidr(&nodes), None);
    }
}
