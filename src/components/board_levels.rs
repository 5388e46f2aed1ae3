//! The board's nodes at each level of detail (see [`Detail`]): boxes with a
//! chip per pod, or, when a cluster is too big for that, per node its counts,
//! or one grid of squares. A chip still
//! stands for a node's pods where one can be dragged or carried by keyboard:
//! at the counts level one per node (its last pod), on the grid the selected
//! pod's (select one in the table). A short note under the board says how it
//! is drawn and where pods can be moved from.

use std::rc::Rc;

use trafficlab_core::{EndpointState, NodeId, PodId, Scenario, Shares};
use wasm_bindgen::JsCast;
use web_sys::PointerEvent;
use yew::prelude::*;

use super::chip_cache::{ChipCache, ChipMaker};
use super::node_box::NodeBox;
use super::node_counts::{NodeCounts, StateCounts};
use super::node_grid::NodeGrid;
use crate::describe::NodeFate;
use crate::drag::Drag;
use crate::layout::{Detail, Layout};
use crate::scale::thousands;
use crate::state::Selection;

/// What the coarse levels draw from.
pub struct Level<'a> {
    pub scenario: &'a Rc<Scenario>,
    pub shares: &'a Rc<Shares>,
    pub layout: &'a Rc<Layout>,
    pub selected: Option<Selection>,
    pub drag: Drag,
    pub pods_by_node: &'a [Vec<PodId>],
    /// A lesson waits for a prediction: no share in the nodes' tooltips.
    pub hide_shares: bool,
}

/// The node boxes' handlers (they never change).
pub struct NodeCallbacks {
    pub on_select: Callback<NodeId>,
    pub on_add_pod: Callback<NodeId>,
    pub on_remove: Callback<NodeId>,
    pub on_health_tip: Callback<Option<NodeId>>,
}

/// Every node's box with a chip per pod (kept in `cache` between renders).
pub fn chip_nodes(
    level: &Level,
    cb: &NodeCallbacks,
    sentences: &[AttrValue],
    chips: &ChipMaker,
    cache: &mut ChipCache,
) -> Html {
    let s = level.scenario;
    s.node_ids()
        .zip(s.nodes())
        .zip(&level.shares.nodes)
        .map(|((node, n), share)| {
            let on_node = level.pods_by_node.get(node.index()).map_or(&[][..], Vec::as_slice);
            let pods = chips.node_chips(cache, node, on_node);
            let rect = level.layout.nodes.get(node.index()).copied().unwrap_or_default();
            html! {
                <NodeBox key={n.name.clone()} {node} name={n.name.clone()} ip={n.ip.to_string()} {rect} fonts={level.layout.fonts}
                    lb_share={share.lb} hide_share={level.hide_shares} fate={NodeFate::of(share)}
                    sentence={sentences.get(node.index()).cloned().unwrap_or_default()}
                    health_check={share.health_check} drop_target={level.drag.target() == Some(node)}
                    selected={level.selected == Some(Selection::Node(node))}
                    on_select={cb.on_select.clone()} on_add_pod={cb.on_add_pod.clone()} on_remove={cb.on_remove.clone()}
                    on_health_tip={cb.on_health_tip.clone()}>
                    { pods }
                </NodeBox>
            }
        })
        .collect()
}

/// Each node with its counts by state, and the chip of its last pod.
pub fn counted_nodes(level: &Level, on_select: &Callback<NodeId>, chip: impl Fn(PodId) -> Html) -> Html {
    let s = level.scenario;
    let counts: Vec<StateCounts> = level.pods_by_node.iter().map(|pods| state_counts(s, pods)).collect();
    let count_max = counts.iter().map(StateCounts::total).max().unwrap_or(0);
    s.node_ids()
        .zip(s.nodes())
        .zip(&level.shares.nodes)
        .map(|((node, n), share)| {
            let rect = level.layout.nodes.get(node.index()).copied().unwrap_or_default();
            let handle = level.pods_by_node.get(node.index()).and_then(|pods| pods.last()).map(|&pod| chip(pod));
            html! {
                <NodeCounts key={n.name.clone()} {node} name={n.name.clone()} {rect} name_font={level.layout.fonts.node_counted}
                    lb_share={share.lb}
                    fate={NodeFate::of(share)} counts={counts.get(node.index()).copied().unwrap_or_default()}
                    {count_max} drop_target={level.drag.target() == Some(node)}
                    selected={level.selected == Some(Selection::Node(node))} on_select={on_select.clone()}>
                    { handle.unwrap_or_default() }
                </NodeCounts>
            }
        })
        .collect()
}

/// The grid of nodes, the node a pod is dragged over, and the selected pod's chip.
pub fn grid_nodes(level: &Level, on_pointer_down: Callback<PointerEvent>, chip: impl Fn(PodId) -> Html) -> Html {
    let pod_counts = Rc::new(level.pods_by_node.iter().map(Vec::len).collect::<Vec<_>>());
    let target = level.drag.target().and_then(|node| level.layout.nodes.get(node.index()));
    let selected = match level.selected {
        Some(Selection::Pod(pod)) => chip(pod),
        _ => Html::default(),
    };
    html! {
        <>
            <g class="grid-hit" onpointerdown={on_pointer_down}>
                <NodeGrid scenario={level.scenario.clone()} shares={level.shares.clone()} layout={level.layout.clone()} {pod_counts} />
            </g>
            if let Some(r) = target {
                <rect class="grid-target" x={r.x.to_string()} y={r.y.to_string()} width={r.w.to_string()} height={r.h.to_string()} />
            }
            { selected }
        </>
    }
}

/// A node's pods by endpoint state.
fn state_counts(scenario: &Scenario, pods: &[PodId]) -> StateCounts {
    let mut counts = StateCounts::default();
    for pod in pods.iter().filter_map(|&pod| scenario.pod(pod)) {
        match pod.state {
            EndpointState::Ready => counts.ready += 1,
            EndpointState::Terminating => counts.terminating += 1,
            EndpointState::NotReady => counts.not_ready += 1,
        }
    }
    counts
}

/// Moves keyboard focus to the shares table's scroll box, where pods are picked.
fn focus_table() {
    let scroll_box = gloo::utils::document().query_selector(".table-scroll.virtual").ok().flatten();
    if let Some(el) = scroll_box.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// Under a coarse board: its size, how it is drawn and how to move a pod.
pub fn board_note(scenario: &Scenario, detail: Detail) -> Html {
    if detail == Detail::Chips {
        return Html::default();
    }
    let (nodes, pods) = (thousands(scenario.nodes().len()), thousands(scenario.pods().len()));
    html! {
        <p class="board-note" id="board-note">
            { format!("{nodes} nodes, {pods} pods: {}. ", detail.describe()) }
            { "To move a pod, drag a node's chip (or its square) onto another node, or select the pod in the table and pick its node in the Selection panel. " }
            <button type="button" class="link-button" onclick={Callback::from(|_: MouseEvent| focus_table())}>{ "Go to the shares table" }</button>
        </p>
    }
}
