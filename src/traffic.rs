//! The animated connections' state, shared by the packet layer, its controls
//! and the panels that read it: the seeded flow, play/pause, pace, the
//! followed connection, and a tick that refreshes the panels.

use std::rc::Rc;

use trafficlab_core::Scenario;
use yew::prelude::*;

use crate::flow::{Flow, Pace, SharedFlow};
use crate::layout::Layout;

/// The seed of the animated connections: the same page shows the same packets.
const TRAFFIC_SEED: u64 = 20_261_122;

/// Whether the person asked for less motion (`prefers-reduced-motion`).
fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok().flatten())
        .is_some_and(|query| query.matches())
}

/// The animated connections: the shared flow, whether it plays, its pace,
/// the followed connection, and a tick that refreshes the panels reading it.
pub struct Traffic {
    pub flow: SharedFlow,
    /// Reduced motion: start paused, packets jump between places.
    pub discrete: bool,
    pub playing: UseStateHandle<bool>,
    pub pace: UseStateHandle<Pace>,
    pub follow: UseStateHandle<Option<u64>>,
    pub tick: UseStateHandle<u64>,
}

#[hook]
pub fn use_traffic() -> Traffic {
    let flow = use_memo((), |_| SharedFlow::new(Flow::new(TRAFFIC_SEED)));
    let discrete = *use_memo((), |_| prefers_reduced_motion());
    Traffic {
        flow: (*flow).clone(),
        discrete,
        playing: use_state(|| !discrete),
        pace: use_state(|| Pace { per_second: 1.5, speed: 1.0 }),
        follow: use_state(|| None),
        tick: use_state(|| 0),
    }
}

/// The controls' callbacks: tick, step, follow next, reset counts.
pub fn traffic_callbacks(
    t: &Traffic,
    scenario: &Rc<Scenario>,
    layout: &Rc<Layout>,
) -> (Callback<()>, Callback<()>, Callback<()>, Callback<()>) {
    let tick = t.tick.clone();
    let on_tick = Callback::from(move |()| tick.set(tick.wrapping_add(1)));
    let (flow, follow, tick, s, l) =
        (t.flow.clone(), t.follow.clone(), t.tick.clone(), scenario.clone(), layout.clone());
    let on_step = Callback::from(move |()| {
        let id = flow.borrow_mut().step(*follow, &s, &l);
        follow.set(id);
        tick.set(tick.wrapping_add(1));
    });
    let (flow, follow, s, l) = (t.flow.clone(), t.follow.clone(), scenario.clone(), layout.clone());
    let on_follow_next = Callback::from(move |()| follow.set(flow.borrow_mut().launch_one(&s, &l)));
    let (flow, tick) = (t.flow.clone(), t.tick.clone());
    let on_reset = Callback::from(move |()| {
        flow.borrow_mut().reset_counts();
        tick.set(tick.wrapping_add(1));
    });
    (on_tick, on_step, on_follow_next, on_reset)
}
