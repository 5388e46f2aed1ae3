//! The cluster diagram: client, load balancer, nodes and pods, and the one
//! place where pods are dragged. Pointer events go through `drag::Drag` (pure)
//! with pointer capture on the SVG itself, so mouse, pen and touch all work and
//! a drag survives re-renders; keys on a focused pod carry it between nodes.
//! A finished gesture becomes an [`Action`] for the app's reducer.

use std::cell::RefCell;
use std::rc::Rc;

use trafficlab_core::{NodeId, PodId, Scenario, Shares};
use wasm_bindgen::JsCast;
use web_sys::{KeyboardEvent, PointerEvent, SvgElement, SvgsvgElement};
use yew::prelude::*;

use super::health_tip::HealthTip;
use super::links::Links;
use super::node_box::NodeBox;
use super::pod_chip::{element_id, PodChip};
use crate::describe::NodeFate;
use crate::drag::{Drag, Gesture, Step};
use crate::layout::{Layout, Point};
use crate::perf;
use crate::state::{Action, Selection, State};
use crate::svg::to_view_box;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scenario: Rc<Scenario>,
    pub shares: Rc<Shares>,
    pub layout: Rc<Layout>,
    pub selected: Option<Selection>,
    pub dispatch: UseReducerDispatcher<State>,
}

/// What the board's event handlers share: the drag in progress and the pod
/// that should get focus back after the next render.
#[derive(Default)]
struct Gestures {
    drag: Drag,
    refocus: Option<String>,
}

#[component]
pub fn Board(props: &Props) -> Html {
    let svg_ref = use_node_ref();
    let gestures = use_mut_ref(Gestures::default);
    let redraw = use_force_update();
    let health_tip = use_state(|| None::<NodeId>);
    {
        // After a move the pod's chip is re-created in its new node: refocus it.
        let gestures = gestures.clone();
        use_effect(move || {
            if let Some(name) = gestures.borrow_mut().refocus.take() {
                let element = gloo::utils::document().get_element_by_id(&element_id(&name));
                if let Some(element) = element.and_then(|e| e.dyn_into::<SvgElement>().ok()) {
                    let _ = element.focus();
                }
            }
        });
    }
    let handler = Handler {
        scenario: props.scenario.clone(),
        layout: props.layout.clone(),
        dispatch: props.dispatch.clone(),
        svg: svg_ref.clone(),
        gestures: gestures.clone(),
        redraw: redraw.clone(),
    };
    let on_pointer_down = use_callback(handler.clone(), |(pod, e), h: &Handler| h.pointer_down(pod, &e));
    let on_key_down = use_callback(handler.clone(), |(pod, e), h: &Handler| h.key_down(pod, &e));
    let on_blur = use_callback(handler.clone(), |_pod, h: &Handler| h.blur());
    let onpointermove = use_callback(handler.clone(), |e: PointerEvent, h: &Handler| h.pointer_move(&e));
    let onpointerup = use_callback(handler.clone(), |e: PointerEvent, h: &Handler| h.pointer_up(&e));
    let onpointercancel = use_callback(handler.clone(), |_: PointerEvent, h: &Handler| h.cancel());
    let dispatch = props.dispatch.clone();
    let on_select = use_callback(dispatch.clone(), |node, d| d.dispatch(Action::Select(Some(Selection::Node(node)))));
    let on_add_pod = use_callback(dispatch.clone(), |node, d| d.dispatch(Action::AddPod(node)));
    let on_remove = use_callback(dispatch, |node, d| d.dispatch(Action::RemoveNode(node)));
    let on_health_tip = {
        let tip = health_tip.clone();
        use_callback((), move |node: Option<NodeId>, ()| tip.set(node))
    };

    let drag = gestures.borrow().drag;
    let layout = &props.layout;
    let nodes = props.scenario.node_ids().map(|node| {
        let n = &props.scenario.nodes()[node.index()];
        let share = &props.shares.nodes[node.index()];
        let pods = pod_chips(props, node, drag, &on_pointer_down, &on_key_down, &on_blur);
        html! {
            <NodeBox key={n.name.clone()} {node} name={n.name.clone()} ip={n.ip.to_string()} rect={layout.nodes[node.index()]}
                lb_share={share.lb} fate={NodeFate::of(share)} policy={props.scenario.service.external_traffic_policy}
                health_check={share.health_check} drop_target={drag.target() == Some(node)}
                selected={props.selected == Some(Selection::Node(node))}
                on_select={on_select.clone()} on_add_pod={on_add_pod.clone()} on_remove={on_remove.clone()}
                on_health_tip={on_health_tip.clone()}>
                { pods }
            </NodeBox>
        }
    });
    let view_box = format!("0 0 {} {}", layout.width, layout.height);
    let class = classes!("board", matches!(drag, Drag::Dragging { .. }).then_some("dragging"));
    html! {
        <div class="board-frame">
            <svg ref={svg_ref} {class} viewBox={view_box} role="group" aria-label="Cluster diagram"
                 {onpointermove} {onpointerup} {onpointercancel}>
                <Links scenario={props.scenario.clone()} shares={props.shares.clone()} layout={props.layout.clone()} />
                { for nodes }
                { ghost(props, drag) }
            </svg>
            if let Some(node) = *health_tip {
                <HealthTip scenario={props.scenario.clone()} {node} layout={props.layout.clone()} />
            }
        </div>
    }
}

fn pod_chips(
    props: &Props,
    node: NodeId,
    drag: Drag,
    on_pointer_down: &Callback<(PodId, PointerEvent)>,
    on_key_down: &Callback<(PodId, KeyboardEvent)>,
    on_blur: &Callback<PodId>,
) -> Html {
    let s = &props.scenario;
    let node_name = &s.nodes()[node.index()].name;
    let share_max = props.shares.pods.iter().copied().fold(0.0, f64::max);
    s.pods_on(node)
        .map(|(pod, p)| {
            html! {
                <PodChip key={p.name.clone()} {pod} name={p.name.clone()} node={node_name.clone()} ip={p.ip.to_string()}
                    state={p.state} share={props.shares.pods[pod.index()]} {share_max}
                    rect={props.layout.pods[pod.index()]} style={props.layout.chip_style}
                    selected={props.selected == Some(Selection::Pod(pod))} lifted={drag.pod() == Some(pod)}
                    on_pointer_down={on_pointer_down.clone()} on_key_down={on_key_down.clone()} on_blur={on_blur.clone()} />
            }
        })
        .collect()
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

/// The board's event handling, shared by its callbacks.
#[derive(Clone)]
struct Handler {
    scenario: Rc<Scenario>,
    layout: Rc<Layout>,
    dispatch: UseReducerDispatcher<State>,
    svg: NodeRef,
    gestures: Rc<RefCell<Gestures>>,
    redraw: UseForceUpdateHandle,
}

impl PartialEq for Handler {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.scenario, &other.scenario) && Rc::ptr_eq(&self.layout, &other.layout)
    }
}

impl Handler {
    fn point(&self, e: &PointerEvent) -> Option<Point> {
        let svg = self.svg.cast::<SvgsvgElement>()?;
        to_view_box(&svg, e.client_x(), e.client_y())
    }

    fn pointer_down(&self, pod: PodId, e: &PointerEvent) {
        if e.button() != 0 {
            return;
        }
        let (Some(at), Some(rect)) = (self.point(e), self.layout.pods.get(pod.index())) else { return };
        // No text selection, no compatibility mouse events; the chip gets focus
        // after the redraw below (Yew delegates events, so there is no element here).
        e.prevent_default();
        if let Some(p) = self.scenario.pod(pod) {
            self.gestures.borrow_mut().refocus = Some(p.name.clone());
        }
        if let Some(svg) = self.svg.cast::<SvgsvgElement>() {
            let _ = svg.set_pointer_capture(e.pointer_id());
        }
        self.gestures.borrow_mut().drag = Drag::press(pod, e.pointer_id(), at, rect.origin());
        self.redraw.force_update();
    }

    fn pointer_move(&self, e: &PointerEvent) {
        let before = self.gestures.borrow().drag;
        if matches!(before, Drag::Idle | Drag::Carrying { .. }) {
            return;
        }
        let Some(at) = self.point(e) else { return };
        let after = before.moved(e.pointer_id(), at, &self.layout);
        if after != before {
            self.gestures.borrow_mut().drag = after;
            self.redraw.force_update();
        }
    }

    fn pointer_up(&self, e: &PointerEvent) {
        let before = self.gestures.borrow().drag;
        let Some(at) = self.point(e) else { return self.cancel() };
        let (after, gesture) = before.released(e.pointer_id(), at, &self.layout);
        self.gestures.borrow_mut().drag = after;
        if let Some(svg) = self.svg.cast::<SvgsvgElement>() {
            let _ = svg.release_pointer_capture(e.pointer_id());
        }
        self.finish(gesture);
    }

    fn cancel(&self) {
        let (after, gesture) = self.gestures.borrow().drag.cancel();
        self.gestures.borrow_mut().drag = after;
        self.finish(gesture);
    }

    fn blur(&self) {
        if matches!(self.gestures.borrow().drag, Drag::Carrying { .. }) {
            self.cancel();
        }
    }

    fn key_down(&self, pod: PodId, e: &KeyboardEvent) {
        let drag = self.gestures.borrow().drag;
        let key = e.key();
        let next = match (drag, key.as_str()) {
            (Drag::Idle, "Enter" | " ") => {
                let Some(p) = self.scenario.pod(pod) else { return };
                let from = &self.scenario.nodes()[p.node.index()].name;
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
                let carried = drag.step(step, self.scenario.nodes().len());
                if let (Some(p), Some(target)) = (self.scenario.pod(pod), carried.target()) {
                    self.say(format!("{} over {}", p.name, self.scenario.nodes()[target.index()].name));
                }
                Some(carried)
            }
            (Drag::Carrying { .. }, "Enter" | " ") => {
                let (after, gesture) = drag.drop_here();
                self.gestures.borrow_mut().drag = after;
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
            self.gestures.borrow_mut().drag = next;
            self.redraw.force_update();
        }
    }

    /// Turns a finished gesture into an action for the reducer.
    fn finish(&self, gesture: Option<Gesture>) {
        match gesture {
            Some(Gesture::Select(pod)) => self.dispatch.dispatch(Action::Select(Some(Selection::Pod(pod)))),
            Some(Gesture::Move { pod, to }) => {
                let Some(p) = self.scenario.pod(pod) else { return };
                self.gestures.borrow_mut().refocus = Some(p.name.clone());
                if p.node == to {
                    self.say(format!("{} stays on {}", p.name, self.scenario.nodes()[to.index()].name));
                } else {
                    perf::mark(perf::DROP);
                    self.dispatch.dispatch(Action::MovePod { pod, to });
                }
            }
            Some(Gesture::SnapBack(pod)) => {
                if let Some(p) = self.scenario.pod(pod) {
                    let node = &self.scenario.nodes()[p.node.index()].name;
                    self.say(format!("{} stays on {node}: drop it on a node to move it", p.name));
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
