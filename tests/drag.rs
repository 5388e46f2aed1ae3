//! The drag state machine, natively: clicks, drags, drops, snap-backs and the
//! keyboard.

use trafficlab::drag::{neighbour, Drag, Gesture, Step, DRAG_THRESHOLD};
use trafficlab::layout::{Layout, Point};
use trafficlab::presets::PRESETS;
use trafficlab_core::{NodeId, PodId};

fn board() -> Layout {
    Layout::of(&PRESETS[0].scenario().unwrap())
}

#[test]
fn a_press_without_movement_is_a_click_that_selects() {
    let layout = board();
    let at = layout.pods[0].center();
    let drag = Drag::press(PodId(0), 1, at, layout.pods[0].origin());
    let drag = drag.moved(1, Point { x: at.x + DRAG_THRESHOLD / 2.0, y: at.y }, &layout);
    assert!(matches!(drag, Drag::Pressed { .. }));
    assert_eq!(drag.released(1, at, &layout), (Drag::Idle, Some(Gesture::Select(PodId(0)))));
}

#[test]
fn dragging_onto_another_node_moves_the_pod_there() {
    let layout = board();
    let from = layout.pods[0].center();
    let drag = Drag::press(PodId(0), 7, from, layout.pods[0].origin());
    let over = layout.nodes[2].center();
    let drag = drag.moved(7, over, &layout);
    assert_eq!(drag.target(), Some(NodeId(2)));
    let Drag::Dragging { grab, .. } = drag else { panic!("{drag:?}") };
    assert_eq!((grab.x, grab.y), (from.x - layout.pods[0].x, from.y - layout.pods[0].y));
    assert_eq!(drag.released(7, over, &layout).1, Some(Gesture::Move { pod: PodId(0), to: NodeId(2) }));
}

#[test]
fn dropping_outside_every_node_snaps_back() {
    let layout = board();
    let drag = Drag::press(PodId(3), 1, layout.pods[3].center(), layout.pods[3].origin());
    let outside = layout.client.center();
    let drag = drag.moved(1, outside, &layout);
    assert_eq!(drag.target(), None);
    assert_eq!(drag.released(1, outside, &layout), (Drag::Idle, Some(Gesture::SnapBack(PodId(3)))));
}

#[test]
fn another_pointer_cannot_hijack_a_drag() {
    let layout = board();
    let drag = Drag::press(PodId(0), 1, layout.pods[0].center(), layout.pods[0].origin());
    let moved = drag.moved(2, layout.nodes[2].center(), &layout);
    assert_eq!(moved, drag);
    assert_eq!(drag.released(2, layout.nodes[2].center(), &layout), (drag, None));
}

#[test]
fn cancelling_puts_the_pod_back() {
    let layout = board();
    let drag = Drag::press(PodId(1), 1, layout.pods[1].center(), layout.pods[1].origin()).moved(
        1,
        layout.nodes[0].center(),
        &layout,
    );
    assert_eq!(drag.cancel(), (Drag::Idle, Some(Gesture::SnapBack(PodId(1)))));
    assert_eq!(Drag::Idle.cancel(), (Drag::Idle, None));
}

#[test]
fn the_keyboard_carries_a_pod_around_the_nodes_and_drops_it() {
    let drag = Drag::pick_up(PodId(0), NodeId(0));
    assert_eq!(drag.target(), Some(NodeId(0)));
    let drag = drag.step(Step::Next, 3).step(Step::Next, 3);
    assert_eq!(drag.target(), Some(NodeId(2)));
    assert_eq!(drag.step(Step::Next, 3).target(), Some(NodeId(0)), "wraps around");
    assert_eq!(Drag::pick_up(PodId(0), NodeId(0)).step(Step::Previous, 3).target(), Some(NodeId(2)));
    assert_eq!(drag.drop_here(), (Drag::Idle, Some(Gesture::Move { pod: PodId(0), to: NodeId(2) })));
    assert_eq!(drag.cancel().1, Some(Gesture::SnapBack(PodId(0))));
}

#[test]
fn arrow_keys_follow_the_boards_reading_order() {
    let order = [NodeId(0), NodeId(2), NodeId(1)];
    let drag = Drag::pick_up(PodId(0), NodeId(0)).step_in(Step::Next, &order);
    assert_eq!(drag.target(), Some(NodeId(2)));
    assert_eq!(drag.step_in(Step::Next, &order).target(), Some(NodeId(1)));
    assert_eq!(drag.step_in(Step::Previous, &order).step_in(Step::Previous, &order).target(), Some(NodeId(1)));
}

#[test]
fn after_a_removal_focus_goes_to_the_next_item_else_the_previous_one() {
    let pods = [PodId(4), PodId(7), PodId(9)];
    assert_eq!(neighbour(&pods, PodId(4)), Some(PodId(7)));
    assert_eq!(neighbour(&pods, PodId(7)), Some(PodId(9)), "the next one, not the previous one");
    assert_eq!(neighbour(&pods, PodId(9)), Some(PodId(7)), "the last one's is the one before it");
    assert_eq!(neighbour(&[PodId(4)], PodId(4)), None, "alone");
    assert_eq!(neighbour(&pods, PodId(5)), None, "not in the list");
    assert_eq!(neighbour::<NodeId>(&[], NodeId(0)), None);
}
