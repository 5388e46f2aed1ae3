//! The board's fixed boxes: what it writes, which no label may cover.

use super::GAP;
use crate::layout::{ChipStyle, Layout, Rect};

/// The part of a node's box its header texts use (name, address, buttons,
/// health badge and what kube-proxy does there; see `components/node_box.rs`).
const NODE_HEADER_H: f64 = 64.0;
/// Boxes are bucketed in horizontal bands this tall.
const BAND_H: f64 = 32.0;

/// What the board writes that no label may cover, from its layout: the
/// client, the load balancer, every node's header and every full pod chip
/// (compact chips carry no text).
pub fn fixed_boxes(layout: &Layout) -> Vec<Rect> {
    let mut boxes = Vec::with_capacity(2 + layout.nodes.len() + layout.pods.len());
    boxes.push(layout.client);
    boxes.extend(layout.load_balancer);
    boxes.extend(layout.nodes.iter().map(|n| Rect { h: n.h.min(NODE_HEADER_H), ..*n }));
    if layout.chip_style == ChipStyle::Full {
        boxes.extend(layout.pods.iter().copied());
    }
    boxes
}

/// The board's size and its fixed boxes, bucketed by height so that a row
/// looks only at the boxes near it, however big the cluster.
#[derive(Clone, Debug, PartialEq)]
pub struct Obstacles {
    pub width: f64,
    pub height: f64,
    boxes: Vec<Rect>,
    /// Per band of [`BAND_H`] from the top, the boxes reaching into it.
    bands: Vec<Vec<u32>>,
}

impl Obstacles {
    pub fn new(width: f64, height: f64, boxes: Vec<Rect>) -> Self {
        let count = (height / BAND_H).ceil().max(1.0) as usize;
        let mut bands = vec![Vec::new(); count];
        for (i, b) in boxes.iter().enumerate() {
            let (first, last) = (band_of(b.y - GAP, count), band_of(b.y + b.h + GAP, count));
            for band in &mut bands[first..=last] {
                band.push(i as u32);
            }
        }
        Obstacles { width, height, boxes, bands }
    }

    /// The board of `layout` and what it writes.
    pub fn of(layout: &Layout) -> Self {
        Obstacles::new(layout.width, layout.height, fixed_boxes(layout))
    }

    pub fn boxes(&self) -> &[Rect] {
        &self.boxes
    }

    /// The boxes that may reach into `top..bottom` (some twice).
    pub(super) fn near(&self, top: f64, bottom: f64) -> impl Iterator<Item = &Rect> {
        let count = self.bands.len();
        self.bands[band_of(top, count)..=band_of(bottom, count)].iter().flatten().map(|&i| &self.boxes[i as usize])
    }
}

fn band_of(y: f64, count: usize) -> usize {
    ((y / BAND_H).floor().max(0.0) as usize).min(count - 1)
}
