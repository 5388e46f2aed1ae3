//! The nodes' zones (`topology.kubernetes.io/zone`), numbered once per
//! scenario so the routing arithmetic can index by zone.
//!
//! A scenario's nodes either all carry a zone or none does (`format` and the
//! edits keep that rule). Without zones the whole cluster is one zone, which is
//! what a zone-aware load balancer sees when every node sits in the same one.
//! Zones are numbered in the order their first node appears, so the numbering
//! (and everything derived from it, such as the NLB's per-zone addresses) is
//! deterministic.

use std::collections::HashMap;

use crate::ids::NodeId;
use crate::scenario::Scenario;

#[derive(Clone, Debug)]
pub(crate) struct Zones {
    /// Zone names in order of first appearance; empty without zones.
    names: Vec<String>,
    /// Per node, its zone's number (0 for every node without zones).
    of_node: Vec<u32>,
}

impl Zones {
    pub fn of(scenario: &Scenario) -> Self {
        let mut numbers: HashMap<&str, u32> = HashMap::new();
        let mut names = Vec::new();
        let of_node = scenario
            .nodes()
            .iter()
            .map(|node| match node.zone.as_deref() {
                None => 0,
                Some(zone) => *numbers.entry(zone).or_insert_with(|| {
                    names.push(zone.to_string());
                    names.len() as u32 - 1
                }),
            })
            .collect();
        Zones { names, of_node }
    }

    /// Whether the nodes carry zones at all.
    pub fn zoned(&self) -> bool {
        !self.names.is_empty()
    }

    /// How many zones there are: 1 without zones.
    pub fn count(&self) -> usize {
        self.names.len().max(1)
    }

    /// The zone number of `node` (0 for an id that is not a node).
    pub fn zone_of(&self, node: NodeId) -> u32 {
        self.of_node.get(node.index()).copied().unwrap_or(0)
    }

    /// The zone's name, `None` without zones.
    pub fn name(&self, zone: u32) -> Option<&str> {
        self.names.get(zone as usize).map(String::as_str)
    }
}
