//! Moving a pod to another node, by pointer or by keyboard, as a small state
//! machine. Pure: events come in as points in `viewBox` units (see `svg`), and a
//! finished gesture comes out as a [`Gesture`] for the reducer; nothing here
//! touches the DOM.
//!
//! Pointer: press on a pod → [`Drag::Pressed`]; moving past a few units turns it
//! into [`Drag::Dragging`] (the pod follows the pointer, the node under it
//! highlights); release over a node moves the pod there, anywhere else snaps it
//! back. A press released without moving is a click, which selects the pod.
//! Keyboard: Enter or Space picks the pod up ([`Drag::Carrying`]), arrows choose
//! the node, Enter drops, Escape cancels. Delete removes the pod, and focus
//! goes to its [`neighbour`].

use trafficlab_core::{NodeId, PodId};

use crate::layout::{Layout, Point};

/// How far (viewBox units) a press must move before it is a drag, not a click.
pub const DRAG_THRESHOLD: f64 = 4.0;

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Drag {
    #[default]
    Idle,
    Pressed {
        pod: PodId,
        pointer: i32,
        start: Point,
        grab: Point,
    },
    /// `grab` is where the pod was held, relative to its chip's corner.
    Dragging {
        pod: PodId,
        pointer: i32,
        grab: Point,
        at: Point,
        over: Option<NodeId>,
    },
    Carrying {
        pod: PodId,
        from: NodeId,
        target: NodeId,
    },
}

/// What a finished gesture asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gesture {
    /// A click: select the pod.
    Select(PodId),
    /// A drop on a node (possibly the pod's own).
    Move { pod: PodId, to: NodeId },
    /// Dropped outside every node, or cancelled: the pod snaps back.
    SnapBack(PodId),
}

/// Keys the carrying state understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Previous,
    Next,
}

impl Drag {
    /// A pointer went down on `pod`, whose chip's corner is `chip_origin`.
    pub fn press(pod: PodId, pointer: i32, at: Point, chip_origin: Point) -> Drag {
        let grab = Point { x: at.x - chip_origin.x, y: at.y - chip_origin.y };
        Drag::Pressed { pod, pointer, start: at, grab }
    }

    /// The pointer moved to `at`.
    pub fn moved(self, pointer_id: i32, at: Point, layout: &Layout) -> Drag {
        match self {
            Drag::Pressed { pod, pointer, start, grab } if pointer == pointer_id => {
                if (at.x - start.x).hypot(at.y - start.y) < DRAG_THRESHOLD {
                    self
                } else {
                    Drag::Dragging { pod, pointer, grab, at, over: layout.node_at(at) }
                }
            }
            Drag::Dragging { pod, pointer, grab, .. } if pointer == pointer_id => {
                Drag::Dragging { pod, pointer, grab, at, over: layout.node_at(at) }
            }
            other => other,
        }
    }

    /// The pointer went up at `at`.
    pub fn released(self, pointer_id: i32, at: Point, layout: &Layout) -> (Drag, Option<Gesture>) {
        match self.moved(pointer_id, at, layout) {
            Drag::Pressed { pod, pointer, .. } if pointer == pointer_id => (Drag::Idle, Some(Gesture::Select(pod))),
            Drag::Dragging { pod, pointer, over, .. } if pointer == pointer_id => {
                let gesture = match over {
                    Some(to) => Gesture::Move { pod, to },
                    None => Gesture::SnapBack(pod),
                };
                (Drag::Idle, Some(gesture))
            }
            other => (other, None),
        }
    }

    /// Escape, a cancelled pointer, or the pod vanished: put it back.
    pub fn cancel(self) -> (Drag, Option<Gesture>) {
        match self.pod() {
            Some(pod) if self != Drag::Idle => (Drag::Idle, Some(Gesture::SnapBack(pod))),
            _ => (Drag::Idle, None),
        }
    }

    /// Enter or Space on a pod sitting on `from`.
    pub fn pick_up(pod: PodId, from: NodeId) -> Drag {
        Drag::Carrying { pod, from, target: from }
    }

    /// An arrow key while carrying: the previous or next node, wrapping.
    pub fn step(self, step: Step, node_count: usize) -> Drag {
        let order: Vec<NodeId> = (0..node_count as u32).map(NodeId).collect();
        self.step_in(step, &order)
    }

    /// Like [`Drag::step`], through the nodes in `order` (the board's reading
    /// order, which groups zoned nodes by zone).
    pub fn step_in(self, step: Step, order: &[NodeId]) -> Drag {
        match self {
            Drag::Carrying { pod, from, target } if !order.is_empty() => {
                let n = order.len();
                let at = order.iter().position(|&node| node == target).unwrap_or(0);
                let index = match step {
                    Step::Previous => (at + n - 1) % n,
                    Step::Next => (at + 1) % n,
                };
                Drag::Carrying { pod, from, target: order[index] }
            }
            other => other,
        }
    }

    /// Enter while carrying: drop on the chosen node.
    pub fn drop_here(self) -> (Drag, Option<Gesture>) {
        match self {
            Drag::Carrying { pod, target, .. } => (Drag::Idle, Some(Gesture::Move { pod, to: target })),
            other => (other, None),
        }
    }

    /// The pod being moved, if any.
    pub fn pod(self) -> Option<PodId> {
        match self {
            Drag::Idle => None,
            Drag::Pressed { pod, .. } | Drag::Dragging { pod, .. } | Drag::Carrying { pod, .. } => Some(pod),
        }
    }

    /// The node that would receive the pod now, for highlighting.
    pub fn target(self) -> Option<NodeId> {
        match self {
            Drag::Dragging { over, .. } => over,
            Drag::Carrying { target, .. } => Some(target),
            _ => None,
        }
    }
}

/// Who takes the keyboard's place when `gone` leaves `list` (a pod of its
/// node's pods, a node of the board's reading order): the one after it, else
/// the one before it, as in a list where deleting an item selects the next.
/// Delete pressed again then goes on through the same node, and focus never
/// jumps to another node while this one still has pods. `None` when `gone`
/// was alone (or not in the list).
pub fn neighbour<T: Copy + PartialEq>(list: &[T], gone: T) -> Option<T> {
    let at = list.iter().position(|&item| item == gone)?;
    list.get(at + 1).or_else(|| list.get(at.checked_sub(1)?)).copied()
}
