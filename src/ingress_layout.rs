//! Where an ingress controller's pods sit on the board: a row of their own
//! at the bottom of each node's box, under the app's pods, so they read as
//! a group apart (their own colour in the stylesheet) and yet on their node.
//! A pure function of the scenario and the node boxes, like `layout`.

use trafficlab_core::Scenario;

use crate::layout::Rect;

/// The height a node box gains for its controller row.
pub const CONTROLLER_ROW: f64 = 30.0;
const CHIP_H: f64 = 20.0;
const CHIP_W: f64 = 96.0;
const GAP: f64 = 6.0;
const PAD: f64 = 8.0;

/// The extra height of every node box: a controller row when there is an ingress.
pub fn extra_node_height(scenario: &Scenario) -> f64 {
    if scenario.ingress().is_some() {
        CONTROLLER_ROW
    } else {
        0.0
    }
}

/// One rectangle per controller pod, in the order of
/// `Scenario::controller_scenario`'s pods, in the bottom row of its node's
/// box (chips narrow to share the row when a node holds many).
pub fn controller_rects(scenario: &Scenario, nodes: &[Rect]) -> Vec<Rect> {
    let Some(stage1) = scenario.controller_scenario() else { return Vec::new() };
    let mut count = vec![0usize; nodes.len()];
    for pod in stage1.pods() {
        if let Some(c) = count.get_mut(pod.node.index()) {
            *c += 1;
        }
    }
    let mut slot = vec![0usize; nodes.len()];
    stage1
        .pods()
        .iter()
        .map(|pod| {
            let n = pod.node.index();
            let (Some(node), Some(&on)) = (nodes.get(n), count.get(n)) else { return Rect::default() };
            let w = CHIP_W.min((node.w - 2.0 * PAD - GAP * (on as f64 - 1.0)) / on as f64).max(4.0);
            let i = slot[n];
            slot[n] += 1;
            Rect { x: node.x + PAD + i as f64 * (w + GAP), y: node.y + node.h - CONTROLLER_ROW + 2.0, w, h: CHIP_H }
        })
        .collect()
}
