//! Typed indices for nodes and pods, so the two can never be confused.
//!
//! An id is the position of the node or pod in its [`Scenario`](crate::Scenario)
//! (input order, which every output keeps). Ids are only meaningful for the
//! scenario that produced them: an edit that removes a node or pod renumbers the
//! ones after it, so shells key what they draw by name, not by id.

use std::fmt;

/// A node's position in [`Scenario::nodes`](crate::Scenario::nodes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub u32);

/// A pod's position in [`Scenario::pods`](crate::Scenario::pods).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PodId(pub u32);

impl NodeId {
    /// No node: the entry of a connection that nothing answered (no ARP
    /// reply, no route, an LB failing closed, no target). Never the id of a
    /// node, since a scenario holds far fewer.
    pub const NONE: NodeId = NodeId(u32::MAX);

    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl PodId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == NodeId::NONE {
            return f.write_str("no node");
        }
        write!(f, "node#{}", self.0)
    }
}

impl fmt::Display for PodId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "pod#{}", self.0)
    }
}
