//! The board's gestures: pointer presses, moves and releases (through the
//! pure `drag::Drag` state machine, with pointer capture on the SVG) and the
//! keys on a focused pod, turned into the reducer's [`Action`]s. The handlers
//! read what is on the board from a shared cell when an event arrives, so the
//! board's callbacks never change.
//!
//! Focus never falls to the page's `<body>` when what had it leaves the board
//! ([`Refocus`]): a moved pod keeps it in its new node; after Delete on a pod
//! it goes to the pod's [`neighbour`] on the same node, or, when the node is
//! left empty, to that node's "+ pod" button; after a node's "remove", to the
//! same button of the neighbouring node in reading order. So the keyboard
//! stays where the person was working, as in a list where deleting an item
//! selects the next one, and Undo, which puts the item back beside it, leaves
//! focus where it is.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use trafficlab_core::{NodeId, PodId, Scenario};
use wasm_bindgen::JsCast;
use web_sys::{KeyboardEvent, PointerEvent, SvgElement, SvgsvgElement};
use yew::prelude::*;

use super::pod_chip::element_id;
use crate::drag::{neighbour, Drag, Gesture, Step};
use crate::layout::{Layout, Point};
use crate::perf;
use crate::state::{Action, Selection, State};
use crate::svg::ScreenToBoard;

/// What the board's event handlers share: the drag in progress and what
/// should get focus after the next render.
#[derive(Default)]
pub struct Gestures {
    pub drag: Drag,
    /// Focus goes to the first of these found on the board.
    pub refocus: Vec<Refocus>,
    /// The screen-to-board map, read once when a drag starts.
    pub screen: Option<ScreenToBoard>,
    /// The pending refocus (dropping it cancels it).
    pub focus_timer: Option<Timeout>,
}

/// Something on the board to give focus to after a render, named by what it
/// stands for: the render may have replaced the element that had focus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refocus {
    /// The chip of the pod with this name.
    Pod(String),
    /// A node's SVG button, by its accessible name ("remove node-b").
    Button(String),
}

impl Refocus {
    /// Its element on `board`, if it is there.
    pub fn find(&self, board: &web_sys::Element) -> Option<SvgElement> {
        let element = match self {
            Refocus::Pod(name) => gloo::utils::document().get_element_by_id(&element_id(name)),
            Refocus::Button(label) => {
                let buttons = board.query_selector_all(".node-button").ok()?;
                (0..buttons.length())
                    .filter_map(|i| buttons.item(i)?.dyn_into::<web_sys::Element>().ok())
                    .find(|b| b.get_attribute("aria-label").as_deref() == Some(label))
            }
        };
        element?.dyn_into::<SvgElement>().ok()
    }
}

/// What is on the board now. Handlers read it when an event arrives, so their
/// callbacks never change and unchanged pod chips skip re-rendering.
pub struct View {
    pub scenario: Rc<Scenario>,
    pub layout: Rc<Layout>,
    pub pods_by_node: Rc<Vec<Vec<PodId>>>,
}

/// The board's event handling, shared by its callbacks. Every `RefCell`
/// borrow here is short: dispatching or focusing can run other handlers
/// synchronously, and they borrow the same cells.
pub struct Handler {
    pub view: Rc<RefCell<View>>,
    pub dispatch: UseReducerDispatcher<State>,
    pub svg: NodeRef,
    pub gestures: Rc<RefCell<Gestures>>,
    pub redraw: UseForceUpdateHandle,
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

    pub fn pointer_down(&self, pod: PodId, e: &PointerEvent) {
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
            self.gestures.borrow_mut().refocus = vec![Refocus::Pod(p.name.clone())];
        }
        if let Some(svg) = svg {
            let _ = svg.set_pointer_capture(e.pointer_id());
        }
        self.set_drag(Drag::press(pod, e.pointer_id(), at, rect.origin()));
        self.redraw.force_update();
    }

    /// A press on the grid: picks up the last pod of the node under it.
    pub fn grid_pointer_down(&self, e: &PointerEvent) {
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

    pub fn pointer_move(&self, e: &PointerEvent) {
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

    pub fn pointer_up(&self, e: &PointerEvent) {
        let Some(at) = self.point(e) else { return self.cancel() };
        let (after, gesture) = self.drag().released(e.pointer_id(), at, &self.layout());
        self.set_drag(after);
        if let Some(svg) = self.svg.cast::<SvgsvgElement>() {
            let _ = svg.release_pointer_capture(e.pointer_id());
        }
        self.finish(gesture);
    }

    pub fn cancel(&self) {
        let (after, gesture) = self.drag().cancel();
        self.set_drag(after);
        self.finish(gesture);
    }

    pub fn blur(&self) {
        if matches!(self.drag(), Drag::Carrying { .. }) {
            self.cancel();
        }
    }

    pub fn key_down(&self, pod: PodId, e: &KeyboardEvent) {
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
                self.remove_pod(pod);
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

    /// Delete on a focused pod: removes it; focus goes to its neighbour on
    /// the same node, else to the node's "+ pod" button.
    fn remove_pod(&self, pod: PodId) {
        let refocus = {
            let view = self.view.borrow();
            let Some(p) = view.scenario.pod(pod) else { return };
            let node = view.scenario.node(p.node).map_or("", |n| n.name.as_str());
            let pods = view.pods_by_node.get(p.node.index()).map_or(&[][..], Vec::as_slice);
            let next = neighbour(pods, pod).and_then(|n| view.scenario.pod(n));
            next.map(|n| Refocus::Pod(n.name.clone()))
                .into_iter()
                .chain([Refocus::Button(format!("add a pod to {node}"))])
                .collect()
        };
        self.gestures.borrow_mut().refocus = refocus;
        self.dispatch.dispatch(Action::RemovePod(pod));
    }

    /// A node's "remove" button: removes the node; focus goes to the same
    /// button of its neighbour in reading order.
    pub fn remove_node(&self, node: NodeId) {
        let refocus = {
            let view = self.view.borrow();
            let next = neighbour(&view.layout.order, node).and_then(|n| view.scenario.node(n));
            next.map(|n| Refocus::Button(format!("remove {}", n.name))).into_iter().collect()
        };
        self.gestures.borrow_mut().refocus = refocus;
        self.dispatch.dispatch(Action::RemoveNode(node));
    }

    /// Turns a finished gesture into an action for the reducer.
    fn finish(&self, gesture: Option<Gesture>) {
        let scenario = self.scenario();
        let name_of = |node: NodeId| scenario.node(node).map_or("", |n| n.name.as_str());
        match gesture {
            Some(Gesture::Select(pod)) => self.dispatch.dispatch(Action::Select(Some(Selection::Pod(pod)))),
            Some(Gesture::Move { pod, to }) => {
                let Some(p) = scenario.pod(pod) else { return };
                self.gestures.borrow_mut().refocus = vec![Refocus::Pod(p.name.clone())];
                if p.node == to {
                    self.say(format!("{} stays on {}", p.name, name_of(to)));
                } else {
                    perf::mark(perf::DROP);
                    // The chip is re-created in its new node; removing it while
                    // it has focus makes the browser restyle the board at once.
                    blur_focused();
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

/// Takes focus off whatever has it (the board gives it back after the move).
fn blur_focused() {
    let focused = gloo::utils::document().active_element();
    if let Some(element) = focused.and_then(|e| e.dyn_into::<web_sys::SvgElement>().ok()) {
        let _ = element.blur();
    }
}
