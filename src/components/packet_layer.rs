//! The moving packets, drawn over the board in an SVG with the same viewBox,
//! and the one animation loop that drives them.
//!
//! The loop is a `requestAnimationFrame` handle owned by this component:
//! dropping it (unmount, or playing stopping) cancels it, so there is never
//! more than one. Each frame passes the elapsed time to the pure
//! [`Flow`](crate::flow::Flow) and redraws only this layer; the board under it
//! does not re-render. The loop pauses while the tab is hidden or the board is
//! scrolled out of view. Packets are SVG (text labels, clickable to follow);
//! the benchmark in `make bench-anim` holds it to one frame at 200 packets.
//!
//! Texts are drawn where [`label_layout::place`](crate::label_layout::place)
//! puts them, clear of each other and of everything the board writes, with a
//! leader line when one had to move away from its packet.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo::render::{request_animation_frame, AnimationFrame};
use trafficlab_core::Scenario;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{IntersectionObserver, IntersectionObserverEntry};
use yew::prelude::*;

use crate::anim::{PacketKind, PacketView};
use crate::flow::{Pace, SharedFlow};
use crate::frame::Frame;
use crate::label_layout::{place, LabelKind, Obstacles, Placed};
use crate::layout::Layout;

/// How often (wall ms) the panels that read the flow are told to refresh.
const TICK_MS: f64 = 250.0;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub flow: SharedFlow,
    pub scenario: Rc<Scenario>,
    pub layout: Rc<Layout>,
    pub playing: bool,
    pub pace: Pace,
    /// Reduced motion: packets jump from place to place.
    pub discrete: bool,
    pub follow: Option<u64>,
    pub on_follow: Callback<u64>,
    /// A few times a second while playing, so panels reading the flow refresh.
    pub on_tick: Callback<()>,
}

/// What the loop needs between frames.
struct Loop {
    frame: Option<AnimationFrame>,
    last_ms: Option<f64>,
    since_tick_ms: f64,
}

#[component]
pub fn PacketLayer(props: &Props) -> Html {
    let redraw = use_force_update();
    let frame_loop = use_mut_ref(|| Loop { frame: None, last_ms: None, since_tick_ms: 0.0 });
    let visible = use_visibility();
    {
        let (flow, scenario, layout, pace) =
            (props.flow.clone(), props.scenario.clone(), props.layout.clone(), props.pace);
        let (frame_loop, redraw, on_tick, visible) =
            (frame_loop.clone(), redraw.clone(), props.on_tick.clone(), visible.clone());
        use_effect_with((props.playing, scenario.clone(), layout.clone(), pace), move |(playing, ..)| {
            if *playing {
                let tick = Rc::new(move |dt: f64| {
                    flow.borrow_mut().advance(dt, pace, &scenario, &layout);
                    redraw.force_update();
                });
                schedule(frame_loop.clone(), tick, on_tick, visible);
            }
            move || {
                let mut state = frame_loop.borrow_mut();
                state.frame = None;
                state.last_ms = None;
            }
        });
    }
    let obstacles = use_memo(props.layout.clone(), |layout| Obstacles::of(layout));
    let last_placed = use_mut_ref(Vec::<Placed>::new);
    let frame = props.flow.borrow().frame(props.discrete, props.follow);
    // Exactly what the placement returns is drawn: labels, shortened texts, leaders.
    let placed = place(&obstacles, &frame.labels, &last_placed.borrow());
    last_placed.borrow_mut().clone_from(&placed);
    let view_box = format!("0 0 {} {}", props.layout.width, props.layout.height);
    html! {
        <svg class="packet-layer" viewBox={view_box} aria-hidden="true">
            <g class="leaders">{ for placed.iter().map(|p| leader(p, &frame)) }</g>
            { for frame.probes.iter().map(|p| html! {
                <g class={classes!("probe", if p.healthy { "ok" } else { "unavailable" })} transform={format!("translate({:.1},{:.1})", p.at.x, p.at.y)}>
                    <circle r="3.5" />
                </g>
            }) }
            { for frame.packets.iter().map(|p| packet(p, Some(p.id) == props.follow, &props.on_follow)) }
            <g class="labels">{ for placed.iter().map(|p| label(p, &frame, &props.on_follow)) }</g>
        </svg>
    }
}

fn packet(p: &PacketView, followed: bool, on_follow: &Callback<u64>) -> Html {
    let id = p.id;
    let onclick = on_follow.reform(move |_: MouseEvent| id);
    let kind = match p.kind {
        PacketKind::Tcp => "tcp",
        PacketKind::Icmp => "icmp",
        PacketKind::Dropped => "dropped",
    };
    let class = classes!("packet", kind, followed.then_some("followed"));
    html! {
        <g key={id} {class} transform={format!("translate({:.1},{:.1})", p.at.x, p.at.y)} opacity={format!("{:.2}", p.opacity)} {onclick}>
            <circle r={if followed { "8" } else { "6" }} />
        </g>
    }
}

/// One placed text; a packet's own labels fade with it and, clicked, follow it.
fn label(placed: &Placed, frame: &Frame, on_follow: &Callback<u64>) -> Html {
    let want = &frame.labels[placed.want];
    let kind = match want.kind {
        LabelKind::Packet => "packet-label",
        LabelKind::Rewrite => "rewrite",
        LabelKind::Drop => "drop-mark",
        LabelKind::TimedOut => "badge timeout",
        LabelKind::Seen => "badge",
        LabelKind::Probe => "probe-label",
    };
    let class = classes!("label", kind, want.followed.then_some("followed"));
    let onclick = want.packet().map(|id| on_follow.reform(move |_: MouseEvent| id));
    let fading = want.packet().and_then(|id| frame.packets.iter().find(|p| p.id == id)).filter(|p| p.opacity < 1.0);
    let opacity = fading.map(|p| format!("{:.2}", p.opacity));
    html! {
        <text {class} x={format!("{:.1}", placed.rect.x)} y={format!("{:.1}", placed.baseline)} {opacity} {onclick}>
            { &placed.text }
        </text>
    }
}

fn leader(placed: &Placed, frame: &Frame) -> Html {
    let Some((from, to)) = placed.leader else { return Html::default() };
    let class = classes!("leader", frame.labels[placed.want].followed.then_some("followed"));
    html! {
        <line {class} x1={format!("{:.1}", from.x)} y1={format!("{:.1}", from.y)}
              x2={format!("{:.1}", to.x)} y2={format!("{:.1}", to.y)} />
    }
}

/// Requests the next frame; each frame advances the flow by the time since the
/// last one (none while hidden) and requests the next, until the handle is dropped.
fn schedule(state: Rc<RefCell<Loop>>, tick: Rc<dyn Fn(f64)>, on_tick: Callback<()>, visible: Rc<Cell<bool>>) {
    let next = state.clone();
    let frame = request_animation_frame(move |now_ms| {
        let mut s = next.borrow_mut();
        let dt = s.last_ms.map_or(0.0, |last| now_ms - last);
        s.last_ms = Some(now_ms);
        s.since_tick_ms += dt;
        let due = s.since_tick_ms >= TICK_MS;
        if due {
            s.since_tick_ms = 0.0;
        }
        drop(s);
        let hidden = gloo::utils::document().hidden();
        if visible.get() && !hidden {
            tick(dt);
            if due {
                on_tick.emit(());
            }
        }
        schedule(next.clone(), tick.clone(), on_tick.clone(), visible.clone());
    });
    state.borrow_mut().frame = Some(frame);
}

/// Whether the board is on screen (IntersectionObserver on the page's board).
#[hook]
fn use_visibility() -> Rc<Cell<bool>> {
    let flag = use_memo((), |_| Rc::new(Cell::new(true)));
    {
        let flag = (*flag).clone();
        use_effect_with((), move |()| {
            let callback = Closure::<dyn Fn(Vec<IntersectionObserverEntry>)>::new(
                move |entries: Vec<IntersectionObserverEntry>| {
                    if let Some(entry) = entries.last() {
                        flag.set(entry.is_intersecting());
                    }
                },
            );
            let observer = IntersectionObserver::new(callback.as_ref().unchecked_ref()).ok();
            let target = gloo::utils::document().query_selector(".board-scroll").ok().flatten();
            if let (Some(observer), Some(target)) = (&observer, &target) {
                observer.observe(target);
            }
            move || {
                if let Some(observer) = observer {
                    observer.disconnect();
                }
                drop(callback);
            }
        });
    }
    (*flag).clone()
}
