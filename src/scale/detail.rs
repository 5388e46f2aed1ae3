//! The board's level of detail, from the cluster's size and the room a node
//! gets: chips while every pod fits as a chip, per-node counts for hundreds of
//! nodes, and a dense grid of nodes coloured by their load-balancer share
//! beyond that.

/// Above this many pods the board draws counts instead of chips (100 nodes ×
/// 2 000 pods is the largest board still drawn pod by pod).
pub const CHIPS_MAX_PODS: usize = 2_000;
/// The narrowest node box (viewBox units) that holds a compact chip and its
/// padding (a 16-unit square, 6 units either side).
pub const CHIP_NODE_MIN_W: f64 = 28.0;
/// Above this many nodes each node is one cell of a grid.
pub const COUNTS_MAX_NODES: usize = 500;

/// How the board draws a cluster.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    /// Every pod as a chip inside its node (full or compact).
    Chips,
    /// Every node as a box with its pod count and a bar of pods by state;
    /// one chip per node stands for its pods when dragging.
    Counts,
    /// Every node as a small square coloured by its share, with a legend.
    Grid,
}

impl Detail {
    /// The level for `nodes` and `pods` when a node in the chip layout would
    /// be `node_w` units wide.
    pub fn of(nodes: usize, pods: usize, node_w: f64) -> Detail {
        if nodes > COUNTS_MAX_NODES {
            Detail::Grid
        } else if pods > CHIPS_MAX_PODS || node_w < CHIP_NODE_MIN_W {
            Detail::Counts
        } else {
            Detail::Chips
        }
    }

    /// The word the board's summary uses.
    pub fn describe(self) -> &'static str {
        match self {
            Detail::Chips => "each pod drawn as a chip in its node",
            Detail::Counts => "each node drawn with its pod count and a bar of pods by state",
            Detail::Grid => "each node drawn as a square shaded by what each of its pods gets",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_change_exactly_at_the_thresholds() {
        let wide = 100.0;
        let cases = [
            (3, 6, wide, Detail::Chips),
            (100, CHIPS_MAX_PODS, 46.0, Detail::Chips),
            (100, CHIPS_MAX_PODS + 1, 46.0, Detail::Counts),
            (200, 400, CHIP_NODE_MIN_W, Detail::Chips),
            (200, 400, CHIP_NODE_MIN_W - 0.1, Detail::Counts),
            (COUNTS_MAX_NODES, 15_000, 5.0, Detail::Counts),
            (COUNTS_MAX_NODES + 1, 0, 5.0, Detail::Grid),
            (5_000, 150_000, 1.0, Detail::Grid),
            (1, 150_000, 840.0, Detail::Counts),
        ];
        for (nodes, pods, node_w, want) in cases {
            assert_eq!(Detail::of(nodes, pods, node_w), want, "{nodes} nodes, {pods} pods, node {node_w} wide");
        }
    }
}
