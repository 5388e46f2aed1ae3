//! The coarse boards, for clusters too big to draw pod by pod
//! ([`Detail::Counts`] and [`Detail::Grid`]): nodes as boxes of one size in
//! rows, zone by zone, and every pod placed at one spot of its node (the
//! chip that stands for the node's pods, where packets arrive).

use trafficlab_core::Scenario;

use super::{
    columns_for, top_boxes, zone_groups, ChipStyle, Detail, Layout, Rect, ZoneBand, BAND_LABEL, GAP, NODES_TOP,
};
use trafficlab_core::NodeId;

use crate::fit::NameFonts;

/// A node box at the counts level: name, count and a bar by state.
const COUNT_MIN_W: f64 = 96.0;
const COUNT_H: f64 = 52.0;
const COUNT_GAP: f64 = 8.0;
/// The chip that stands for a node's pods at the counts level.
const HANDLE: f64 = 16.0;

/// Nodes with their pod counts, as many to a row as [`COUNT_MIN_W`] allows.
pub fn counts(scenario: &Scenario, width: f64) -> Layout {
    let columns = (((width - COUNT_GAP) / (COUNT_MIN_W + COUNT_GAP)).floor() as usize).max(1);
    let node_w = (width - COUNT_GAP * (columns as f64 + 1.0)) / columns as f64;
    // An ingress's controller pods take a row at the bottom of each box.
    let node_h = COUNT_H + crate::ingress_layout::extra_node_height(scenario);
    let mut layout = cells(scenario, width, columns, (node_w, node_h), COUNT_GAP, Detail::Counts);
    layout.pods = scenario
        .pods()
        .iter()
        .map(|pod| {
            let node = layout.nodes.get(pod.node.index()).copied().unwrap_or_default();
            Rect { x: node.x + node.w - HANDLE - 6.0, y: node.y + 6.0, w: HANDLE, h: HANDLE }
        })
        .collect();
    layout
}

/// Nodes as the square cells of a grid about 1.6 times wider than tall;
/// a node's pods fill its cell.
pub fn grid(scenario: &Scenario, width: f64) -> Layout {
    let columns = columns_for(scenario.nodes().len().max(1));
    let cell = (width - 2.0 * GAP) / columns as f64;
    let mut layout = cells(scenario, width, columns, (cell, cell), 0.0, Detail::Grid);
    layout.pods =
        scenario.pods().iter().map(|pod| layout.nodes.get(pod.node.index()).copied().unwrap_or_default()).collect();
    layout
}

/// Nodes of one size, `columns` to a row with `gap` between them, zone by
/// zone (a labelled band per zone); no pods yet.
fn cells(scenario: &Scenario, width: f64, columns: usize, (w, h): (f64, f64), gap: f64, detail: Detail) -> Layout {
    let left = if gap > 0.0 { gap } else { GAP };
    let mut nodes = vec![Rect::default(); scenario.nodes().len()];
    let mut zones = Vec::new();
    let mut order = Vec::with_capacity(nodes.len());
    let mut y = NODES_TOP;
    for (zone, members) in zone_groups(scenario) {
        order.extend(members.iter().map(|&n| NodeId(n as u32)));
        let top = y;
        if zone.is_some() {
            y += BAND_LABEL;
        }
        for row in members.chunks(columns) {
            for (column, &n) in row.iter().enumerate() {
                nodes[n] = Rect { x: left + column as f64 * (w + gap), y, w, h };
            }
            y += h + gap;
        }
        y += GAP - gap;
        if let Some(zone) = zone {
            let rect = Rect { x: GAP / 2.0, y: top - GAP / 2.0, w: width - GAP, h: y - top };
            zones.push(ZoneBand { zone: zone.to_string(), rect });
        }
    }
    let (client, load_balancer) = top_boxes(scenario, width);
    // Ingress controller pods sit in the bottom strip of their node's cell.
    let controllers = crate::ingress_layout::controller_rects(scenario, &nodes);
    Layout {
        width,
        height: y,
        client,
        load_balancer,
        nodes,
        pods: Vec::new(),
        chip_style: ChipStyle::Compact,
        detail,
        columns,
        zones,
        order,
        controllers,
        fonts: NameFonts::PAGE,
    }
}
