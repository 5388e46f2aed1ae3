//! The cluster diagram: client, load balancer, nodes and pods, and the one
//! place where pods are dragged. Pointer events go through `drag::Drag` (pure)
//! with pointer capture on the SVG itself, so mouse, pen and touch all work and
//! a drag survives re-renders; keys on a focused pod carry it between nodes.
//! A finished gesture becomes an [`Action`] for the app's reducer (`board_handler`).
//! Big clusters are drawn coarser (`board_levels`, see [`Detail`]); a node's
//! pods are then dragged through the one chip that stands for them, or, on
//! the grid, by pressing the node's square.

use std::rc::Rc;

use gloo::timers::callback::Timeout;
use trafficlab_core::{EndpointState, NodeId, PodId, Scenario, Shares};
use web_sys::{KeyboardEvent, PointerEvent};
use yew::prelude::*;

use super::board_handler::{Gestures, Handler, View};
use super::board_levels::{board_note, chip_nodes, counted_nodes, grid_nodes, Level, NodeCallbacks};
use super::chip_cache::{ChipCache, ChipCallbacks, ChipMaker};
use super::health_tip::HealthTip;
use super::links::Links;
use crate::describe::node_sentence;
use crate::drag::Drag;
use crate::layout::{Detail, Layout, ZoneBand};
use crate::state::{Action, Selection, State};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scenario: Rc<Scenario>,
    pub shares: Rc<Shares>,
    pub layout: Rc<Layout>,
    pub selected: Option<Selection>,
    pub dispatch: UseReducerDispatcher<State>,
    /// A lesson waits for a prediction: pods' shares are not shown.
    #[prop_or_default]
    pub hide_shares: bool,
}

#[component]
pub fn Board(props: &Props) -> Html {
    let svg_ref = use_node_ref();
    let gestures = use_mut_ref(Gestures::default);
    let pods_by_node = use_memo(props.scenario.clone(), |s| pods_by_node(s));
    let ready_pods =
        use_memo(props.scenario.clone(), |s| s.pods().iter().filter(|p| p.state == EndpointState::Ready).count());
    let current =
        || View { scenario: props.scenario.clone(), layout: props.layout.clone(), pods_by_node: pods_by_node.clone() };
    let view = use_mut_ref(current);
    *view.borrow_mut() = current();
    let redraw = use_force_update();
    let health_tip = use_state(|| None::<NodeId>);
    let chip_cache = use_mut_ref(ChipCache::default);
    {
        // After a move the pod's chip is re-created in its new node, after a
        // removal what had focus is gone: give focus to what should have it.
        // focus() forces a layout, so it waits for the next task, after the frame
        // that shows the change; the borrow ends before it (blur handlers borrow too).
        let (gestures, svg_ref) = (gestures.clone(), svg_ref.clone());
        use_effect(move || {
            let refocus = std::mem::take(&mut gestures.borrow_mut().refocus);
            if !refocus.is_empty() {
                let timer = Timeout::new(0, move || {
                    let Some(board) = svg_ref.cast::<web_sys::Element>() else { return };
                    if let Some(element) = refocus.iter().find_map(|r| r.find(&board)) {
                        let _ = element.focus();
                    }
                });
                gestures.borrow_mut().focus_timer = Some(timer);
            }
        });
    }
    let handler = Rc::new(Handler {
        view,
        dispatch: props.dispatch.clone(),
        svg: svg_ref.clone(),
        gestures: gestures.clone(),
        redraw: redraw.clone(),
    });
    let h = handler.clone();
    let on_pointer_down = use_callback((), move |(pod, e): (PodId, PointerEvent), ()| h.pointer_down(pod, &e));
    let h = handler.clone();
    let on_key_down = use_callback((), move |(pod, e): (PodId, KeyboardEvent), ()| h.key_down(pod, &e));
    let h = handler.clone();
    let on_blur = use_callback((), move |_pod: PodId, ()| h.blur());
    let h = handler.clone();
    let onpointermove = use_callback((), move |e: PointerEvent, ()| h.pointer_move(&e));
    let h = handler.clone();
    let onpointerup = use_callback((), move |e: PointerEvent, ()| h.pointer_up(&e));
    let h = handler.clone();
    let onpointercancel = use_callback((), move |_: PointerEvent, ()| h.cancel());
    let h = handler.clone();
    let on_grid_down = use_callback((), move |e: PointerEvent, ()| h.grid_pointer_down(&e));
    // Only chips show the sentence (a grid of 5 000 nodes would not read it).
    let chips = props.layout.detail == Detail::Chips;
    let sentences = use_memo((props.scenario.clone(), props.shares.clone(), chips), |(s, shares, chips)| {
        let nodes = s.node_ids().filter(|_| *chips);
        nodes.map(|node| AttrValue::from(node_sentence(s, shares, node))).collect::<Vec<_>>()
    });
    let dispatch = props.dispatch.clone();
    let on_select = use_callback(dispatch.clone(), |node, d| d.dispatch(Action::Select(Some(Selection::Node(node)))));
    let on_add_pod = use_callback(dispatch.clone(), |node, d| d.dispatch(Action::AddPod(node)));
    let h = handler;
    let on_remove = use_callback((), move |node, ()| h.remove_node(node));
    let on_health_tip = {
        let tip = health_tip.clone();
        use_callback((), move |node: Option<NodeId>, ()| tip.set(node))
    };

    let drag = gestures.borrow().drag;
    chip_cache.borrow_mut().truncate(props.scenario.nodes().len());
    let layout = &props.layout;
    let chip_callbacks = ChipCallbacks { on_pointer_down, on_key_down, on_blur };
    let level = Level {
        scenario: &props.scenario,
        shares: &props.shares,
        layout: &props.layout,
        selected: props.selected,
        drag,
        pods_by_node: &pods_by_node,
        hide_shares: props.hide_shares,
    };
    let chip_maker = ChipMaker::new(props, *ready_pods, drag, &chip_callbacks);
    let make_chip = |pod: PodId| chip_maker.chip(pod);
    let nodes: Html = match layout.detail {
        Detail::Chips => {
            let callbacks = NodeCallbacks { on_select, on_add_pod, on_remove, on_health_tip };
            chip_nodes(&level, &callbacks, &sentences, &chip_maker, &mut chip_cache.borrow_mut())
        }
        Detail::Counts => counted_nodes(&level, &on_select, make_chip),
        Detail::Grid => grid_nodes(&level, on_grid_down, make_chip),
    };
    let view_box = format!("0 0 {} {}", layout.width, layout.height);
    // No class on the root changes during a drag: that would restyle every chip.
    let class = classes!("board");
    html! {
        <div class="board-frame">
            { board_note(&props.scenario, layout.detail) }
            <svg ref={svg_ref} {class} viewBox={view_box} role="group" aria-label="Cluster diagram"
                 {onpointermove} {onpointerup} {onpointercancel}>
                { for layout.zones.iter().map(zone_band) }
                <Links scenario={props.scenario.clone()} shares={props.shares.clone()} layout={props.layout.clone()} />
                { nodes }
                { ghost(props, drag) }
            </svg>
            if let Some(node) = *health_tip {
                <HealthTip scenario={props.scenario.clone()} {node} layout={props.layout.clone()} />
            }
        </div>
    }
}

/// A zone's band behind its nodes, labelled `zone NAME`.
fn zone_band(band: &ZoneBand) -> Html {
    let r = band.rect;
    html! {
        <g class="zone-band">
            <rect x={r.x.to_string()} y={r.y.to_string()} width={r.w.to_string()} height={r.h.to_string()} rx="14" />
            <text x={(r.x + 12.0).to_string()} y={(r.y + 20.0).to_string()}>{ format!("zone {}", band.zone) }</text>
        </g>
    }
}

/// Every pod's id, grouped by node: one pass instead of one per node.
fn pods_by_node(scenario: &Scenario) -> Vec<Vec<PodId>> {
    let mut by_node = vec![Vec::new(); scenario.nodes().len()];
    for (id, pod) in scenario.pod_ids().zip(scenario.pods()) {
        if let Some(list) = by_node.get_mut(pod.node.index()) {
            list.push(id);
        }
    }
    by_node
}

/// The copy of a dragged pod that follows the pointer.
fn ghost(props: &Props, drag: Drag) -> Html {
    let Drag::Dragging { pod, grab, at, .. } = drag else { return Html::default() };
    let (Some(rect), Some(p)) = (props.layout.pods.get(pod.index()), props.scenario.pod(pod)) else {
        return Html::default();
    };
    let (x, y) = (at.x - grab.x, at.y - grab.y);
    html! {
        <g class="ghost" aria-hidden="true">
            <rect x={x.to_string()} y={y.to_string()} width={rect.w.to_string()} height={rect.h.to_string()} rx="7" />
            <text x={(x + 8.0).to_string()} y={(y + 18.0).to_string()}>{ &p.name }</text>
        </g>
    }
}
