//! Play, pause, step, speed and rate for the animated connections, and who to
//! follow. Under `prefers-reduced-motion` the page starts paused and packets
//! jump from place to place; Step still shows one connection at a time.

use yew::prelude::*;

use super::select::Select;
use crate::flow::{Pace, RATE_MAX, RATE_MIN, SPEEDS};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub playing: bool,
    pub pace: Pace,
    pub discrete: bool,
    pub on_play: Callback<bool>,
    pub on_pace: Callback<Pace>,
    pub on_step: Callback<()>,
    pub on_follow_next: Callback<()>,
    pub on_reset_counts: Callback<()>,
}

#[component]
pub fn TrafficControls(props: &Props) -> Html {
    let (playing, pace) = (props.playing, props.pace);
    let toggle = props.on_play.reform(move |_: MouseEvent| !playing);
    let step = props.on_step.reform(|_: MouseEvent| ());
    let follow = props.on_follow_next.reform(|_: MouseEvent| ());
    let reset = props.on_reset_counts.reform(|_: MouseEvent| ());
    let on_speed =
        props.on_pace.reform(move |value: String| Pace { speed: value.parse().unwrap_or(pace.speed), ..pace });
    let on_rate = props.on_pace.reform(move |e: InputEvent| {
        let value = e.target_dyn_into::<web_sys::HtmlInputElement>().map(|i| i.value_as_number()).unwrap_or(f64::NAN);
        let per_second = if value.is_finite() { value.clamp(RATE_MIN, RATE_MAX) } else { pace.per_second };
        Pace { per_second, ..pace }
    });
    let speeds =
        SPEEDS.map(|s| html! { <option value={s.to_string()} selected={s == pace.speed}>{ format!("{s}×") }</option> });
    html! {
        <div class="traffic-bar" role="toolbar" aria-label="Traffic animation">
            <button type="button" onclick={toggle} aria-pressed={playing.to_string()}>{ if playing { "❚❚ Pause" } else { "▶ Play" } }</button>
            <button type="button" onclick={step} title="start one connection">{ "Step" }</button>
            <label>{ "Speed " }<Select label="Speed" value={pace.speed.to_string()} on_pick={on_speed}>{ for speeds }</Select></label>
            <label>
                { "Rate " }
                <input type="range" aria-label="Connections per second" min={RATE_MIN.to_string()} max={RATE_MAX.to_string()} step="0.5"
                    value={pace.per_second.to_string()} oninput={on_rate} />
                <span class="rate-value" aria-hidden="true">{ format!("{}/s", pace.per_second) }</span>
            </label>
            <button type="button" onclick={follow} title="show the next connection's trace hop by hop">{ "Follow next" }</button>
            <button type="button" onclick={reset} title="restart the observed counters">{ "Reset counts" }</button>
            if props.discrete { <span class="hint">{ "Reduced motion: packets jump between places." }</span> }
        </div>
    }
}
