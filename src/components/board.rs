//! The cluster diagram: client, load balancer, nodes and pods, and the one
//! place where pods are dragged. Pointer events go through `drag::Drag` (pure)
//! with pointer capture on the SVG itself, so mouse, pen and touch all work and
//! a drag survives re-renders; keys on a focused pod carry it between nodes.
//! A finished gesture becomes an [`Action`] for the app's reducer.
//! Big clusters are drawn coarser (`board_levels`, see [`Detail`]); a node's
//! pods are then dragged through the one chip that stands for them, or, on
//! the grid, by pressing the node's square.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use trafficlab_core::{EndpointState, NodeId, PodId, Scenario, Shares};
use wasm_bindgen::JsCast;
use web_sys::{KeyboardEvent, PointerEvent, SvgElement, SvgsvgElement};
use yew::prelude::*;

use super::board_levels::{board_note, counted_nodes, grid_nodes, Level};
use super::chip_cache::{ChipCache, ChipCallbacks, ChipMaker};
use super::health_tip::HealthTip;
use super::links::Links;
use super::node_box::NodeBox;
use super::pod_chip::element_id;
use crate::describe::{node_sentence, NodeFate};
use crate::drag::{Drag, Gesture, Step};
use crate::layout::{Detail, Layout, Point, ZoneBand};
use crate::perf;
use crate::state::{Action, Selection, State};
use crate::svg::ScreenToBoard;

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

/// What the board's event handlers share: the drag in progress and the pod
/// that should get focus back after the next render.
#[derive(Default)]
struct Gestures {
    drag: Drag,
    refocus: Option<String>,
    /// The screen-to-board map, read once when a drag starts.
    screen: Option<ScreenToBoard>,
    /// The pending refocus (dropping it cancels it).
    focus_timer: Option<Timeout>,
}

/// What is on the board now. Handlers read it when an event arrives, so their
/// callbacks never change and unchanged pod chips skip re-rendering.
struct View {
    scenario: Rc<Scenario>,
    layout: Rc<Layout>,
    pods_by_node: Rc<Vec<Vec<PodId>>>,
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
        // After a move the pod's chip is re-created in its new node: refocus it.
        // focus() forces a layout, so it waits for the next task, after the frame
        // that shows the move; the borrow ends before it (blur handlers borrow too).
        let gestures = gestures.clone();
        use_effect(move || {
            let refocus = gestures.borrow_mut().refocus.take();
            if let Some(name) = refocus {
                let timer = Timeout::new(0, move || {
                    let element = gloo::utils::document().get_element_by_id(&element_id(&name));
                    if let Some(element) = element.and_then(|e| e.dyn_into::<SvgElement>().ok()) {
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
    let h = handler;
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
    let on_remove = use_callback(dispatch, |node, d| d.dispatch(Action::RemoveNode(node)));
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
    };
    let chip_maker = ChipMaker::new(props, *ready_pods, drag, &chip_callbacks);
    let make_chip = |pod: PodId| chip_maker.chip(pod);
    let nodes: Html = match layout.detail {
        Detail::Chips => Html::default(),
        Detail::Counts => counted_nodes(&level, &on_select, make_chip),
        Detail::Grid => grid_nodes(&level, on_grid_down, make_chip),
    };
    let chip_nodes = props.scenario.node_ids().filter(|_| chips).map(|node| {
        let n = &props.scenario.nodes()[node.index()];
        let share = &props.shares.nodes[node.index()];
        let on_node = pods_by_node.get(node.index()).map_or(&[][..], Vec::as_slice);
        let pods = chip_maker.node_chips(&mut chip_cache.borrow_mut(), node, on_node);
        html! {
            <NodeBox key={n.name.clone()} {node} name={n.name.clone()} ip={n.ip.to_string()} rect={layout.nodes[node.index()]}
                lb_share={share.lb} fate={NodeFate::of(share)} sentence={sentences[node.index()].clone()}
                health_check={share.health_check} drop_target={drag.target() == Some(node)}
                selected={props.selected == Some(Selection::Node(node))}
                on_select={on_select.clone()} on_add_pod={on_add_pod.clone()} on_remove={on_remove.clone()}
                on_health_tip={on_health_tip.clone()}>
                { pods }
            </NodeBox>
        }
    });
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
                { for chip_nodes }
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

/// The board's event handling, shared by its callbacks. Every `RefCell`
/// borrow here is short: dispatching or focusing can run other handlers
/// synchronously, and they borrow the same cells.
struct Handler {
    view: Rc<RefCell<View>>,
    dispatch: UseReducerDispatcher<State>,
    svg: NodeRef,
    gestures: Rc<RefCell<Gestures>>,
    redraw: UseForceUpdateHandle,
}

impl Handler {
    fn scenario(&self) -> Rc<Scenario> {
        self.view.borrow().scenario.clone()
    }

    fn layout(&self) -> Rc<Layout> {
        self.view.borrow().layout.clone()
    }

    fn drag(&self) -> Drag {
        self.gestures.borrow().drag
    }

    fn set_drag(&self, drag: Drag) {
        self.gestures.borrow_mut().drag = drag;
    }

    /// Where a pointer event is on the board, with the map read at pointerdown.
    fn point(&self, e: &PointerEvent) -> Option<Point> {
        Some(self.gestures.borrow().screen?.map(e.client_x(), e.client_y()))
    }

    fn pointer_down(&self, pod: PodId, e: &PointerEvent) {
        if e.button() != 0 {
            return;
        }
        let layout = self.layout();
        let svg = self.svg.cast::<SvgsvgElement>();
        let screen = svg.as_ref().and_then(ScreenToBoard::of);
        self.gestures.borrow_mut().screen = screen;
        let (Some(at), Some(rect)) = (self.point(e), layout.pods.get(pod.index())) else { return };
        // No text selection, no compatibility mouse events; the chip gets focus
        // after the redraw below (Yew delegates events, so there is no element here).
        e.prevent_default();
        if let Some(p) = self.scenario().pod(pod) {
            self.gestures.borrow_mut().refocus = Some(p.name.clone());
        }
        if let Some(svg) = svg {
            let _ = svg.set_pointer_capture(e.pointer_id());
        }
        self.set_drag(Drag::press(pod, e.pointer_id(), at, rect.origin()));
        self.redraw.force_update();
    }

    /// A press on the grid: picks up the last pod of the node under it.
    fn grid_pointer_down(&self, e: &PointerEvent) {
        let svg = self.svg.cast::<SvgsvgElement>();
        let Some(at) = svg.as_ref().and_then(ScreenToBoard::of).map(|m| m.map(e.client_x(), e.client_y())) else {
            return;
        };
        let pod = {
            let view = self.view.borrow();
            view.layout.node_at(at).and_then(|node| view.pods_by_node.get(node.index())?.last().copied())
        };
        if let Some(pod) = pod {
            self.pointer_down(pod, e);
        }
    }

    fn pointer_move(&self, e: &PointerEvent) {
        let before = self.drag();
        if matches!(before, Drag::Idle | Drag::Carrying { .. }) {
            return;
        }
        let Some(at) = self.point(e) else { return };
        let after = before.moved(e.pointer_id(), at, &self.layout());
        if after != before {
            self.set_drag(after);
            self.redraw.force_update();
        }
    }

    fn pointer_up(&self, e: &PointerEvent) {
        let Some(at) = self.point(e) else { return self.cancel() };
        let (after, gesture) = self.drag().released(e.pointer_id(), at, &self.layout());
        self.set_drag(after);
        if let Some(svg) = self.svg.cast::<SvgsvgElement>() {
            let _ = svg.release_pointer_capture(e.pointer_id());
        }
        self.finish(gesture);
    }

    fn cancel(&self) {
        let (after, gesture) = self.drag().cancel();
        self.set_drag(after);
        self.finish(gesture);
    }

    fn blur(&self) {
        if matches!(self.drag(), Drag::Carrying { .. }) {
            self.cancel();
        }
    }

    fn key_down(&self, pod: PodId, e: &KeyboardEvent) {
        let drag = self.drag();
        let scenario = self.scenario();
        let key = e.key();
        let next = match (drag, key.as_str()) {
            (Drag::Idle, "Enter" | " ") => {
                let Some(p) = scenario.pod(pod) else { return };
                let from = scenario.node(p.node).map_or("", |n| n.name.as_str());
                self.say(format!(
                    "Picked up {} from {from}. Arrow keys choose a node, Enter drops, Escape cancels.",
                    p.name
                ));
                Some(Drag::pick_up(pod, p.node))
            }
            (Drag::Idle, "Delete" | "Backspace") => {
                self.dispatch.dispatch(Action::RemovePod(pod));
                None
            }
            (Drag::Carrying { .. }, "ArrowLeft" | "ArrowUp" | "ArrowRight" | "ArrowDown") => {
                let step = if matches!(key.as_str(), "ArrowLeft" | "ArrowUp") { Step::Previous } else { Step::Next };
                let carried = drag.step_in(step, &self.layout().order);
                if let (Some(p), Some(n)) = (scenario.pod(pod), carried.target().and_then(|t| scenario.node(t))) {
                    self.say(format!("{} over {}", p.name, n.name));
                }
                Some(carried)
            }
            (Drag::Carrying { .. }, "Enter" | " ") => {
                let (after, gesture) = drag.drop_here();
                self.set_drag(after);
                self.finish(gesture);
                None
            }
            (_, "Escape") => {
                self.cancel();
                None
            }
            _ => return,
        };
        e.prevent_default();
        if let Some(next) = next {
            self.set_drag(next);
            self.redraw.force_update();
        }
    }

    /// Turns a finished gesture into an action for the reducer.
    fn finish(&self, gesture: Option<Gesture>) {
        let scenario = self.scenario();
        let name_of = |node: NodeId| scenario.node(node).map_or("", |n| n.name.as_str());
        match gesture {
            Some(Gesture::Select(pod)) => self.dispatch.dispatch(Action::Select(Some(Selection::Pod(pod)))),
            Some(Gesture::Move { pod, to }) => {
                let Some(p) = scenario.pod(pod) else { return };
                self.gestures.borrow_mut().refocus = Some(p.name.clone());
                if p.node == to {
                    self.say(format!("{} stays on {}", p.name, name_of(to)));
                } else {
                    perf::mark(perf::DROP);
                    self.dispatch.dispatch(Action::MovePod { pod, to });
                }
            }
            Some(Gesture::SnapBack(pod)) => {
                if let Some(p) = scenario.pod(pod) {
                    self.say(format!("{} stays on {}: drop it on a node to move it", p.name, name_of(p.node)));
                }
            }
            None => {}
        }
        self.redraw.force_update();
    }

    fn say(&self, text: String) {
        self.dispatch.dispatch(Action::Announce(text));
    }
}
