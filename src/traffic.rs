//! The animated connections' state, shared by the packet layer, its controls
//! and the panels that read it: the seeded flow, play/pause, pace, the
//! followed connection, and a tick that refreshes the panels.

use std::rc::Rc;

use trafficlab_core::Scenario;
use yew::prelude::*;

use crate::flow::{Flow, Pace, SharedFlow};
use crate::layout::Layout;
use crate::sharing::View;

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

/// The animation, starting as `view` asks (a link's view; reduced motion
/// still starts paused).
#[hook]
pub fn use_traffic(view: View) -> Traffic {
    let flow = use_memo((), |_| SharedFlow::new(Flow::new(TRAFFIC_SEED)));
    let discrete = *use_memo((), |_| prefers_reduced_motion());
    Traffic {
        flow: (*flow).clone(),
        discrete,
        playing: use_state(|| view.playing && !discrete),
        pace: use_state(|| view.pace),
        follow: use_state(|| None),
        tick: use_state(|| 0),
    }
}

/// Every callback of the animation's controls and panels, built in one place.
pub struct TrafficCallbacks {
    /// From the packet layer, a few times a second: panels read the flow again.
    pub on_tick: Callback<()>,
    pub on_play: Callback<bool>,
    pub on_pace: Callback<Pace>,
    /// One hop of the followed connection, or a new one to follow.
    pub on_step: Callback<()>,
    pub on_follow: Callback<u64>,
    pub on_follow_next: Callback<()>,
    pub on_unfollow: Callback<()>,
    pub on_reset_counts: Callback<()>,
    /// A link's view (Back, Forward): play state, pace, and whether to follow.
    pub on_view: Callback<View>,
}

/// Tells the panels that read the flow to read it again.
fn bump(tick: &UseStateHandle<u64>) {
    tick.set(tick.wrapping_add(1));
}

impl Traffic {
    /// The callbacks, for the board now on screen (`scenario`, `layout`).
    pub fn callbacks(&self, scenario: &Rc<Scenario>, layout: &Rc<Layout>) -> TrafficCallbacks {
        let tick = self.tick.clone();
        let on_tick = Callback::from(move |()| bump(&tick));
        let playing = self.playing.clone();
        let on_play = Callback::from(move |on| playing.set(on));
        let pace = self.pace.clone();
        let on_pace = Callback::from(move |p| pace.set(p));
        let (flow, follow, tick, s, l) =
            (self.flow.clone(), self.follow.clone(), self.tick.clone(), scenario.clone(), layout.clone());
        let on_step = Callback::from(move |()| {
            follow.set(flow.borrow_mut().step(*follow, &s, &l));
            bump(&tick);
        });
        let follow = self.follow.clone();
        let on_follow = Callback::from(move |id| follow.set(Some(id)));
        let (flow, follow, s, l) = (self.flow.clone(), self.follow.clone(), scenario.clone(), layout.clone());
        let on_follow_next = Callback::from(move |()| follow.set(flow.borrow_mut().launch_one(&s, &l)));
        let follow = self.follow.clone();
        let on_unfollow = Callback::from(move |()| follow.set(None));
        let (flow, tick) = (self.flow.clone(), self.tick.clone());
        let on_reset_counts = Callback::from(move |()| {
            flow.borrow_mut().reset_counts();
            bump(&tick);
        });
        let (playing, pace, follow, discrete) =
            (self.playing.clone(), self.pace.clone(), self.follow.clone(), self.discrete);
        let (flow, s, l) = (self.flow.clone(), scenario.clone(), layout.clone());
        let on_view = Callback::from(move |view: View| {
            playing.set(view.playing && !discrete);
            pace.set(view.pace);
            match (view.follow, follow.is_some()) {
                (true, false) => follow.set(flow.borrow_mut().launch_one(&s, &l)),
                (false, true) => follow.set(None),
                _ => {}
            }
        });
        TrafficCallbacks {
            on_tick,
            on_play,
            on_pace,
            on_step,
            on_follow,
            on_follow_next,
            on_unfollow,
            on_reset_counts,
            on_view,
        }
    }
}
