//! Presenter mode's thin strip: the board's title, the policy, health
//! checks, play and follow, the shortcut list, and the way out. Everything
//! else steps aside so the board fills the screen.

use trafficlab_core::ExternalTrafficPolicy;
use yew::prelude::*;

use super::policy_toggle::PolicyToggle;
use crate::state::{Action, State};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub title: AttrValue,
    pub policy: ExternalTrafficPolicy,
    pub health_check: bool,
    pub playing: bool,
    pub dispatch: UseReducerDispatcher<State>,
    pub on_play: Callback<bool>,
    pub on_follow_next: Callback<()>,
    pub on_help: Callback<bool>,
    pub on_exit: Callback<bool>,
}

#[component]
pub fn PresenterStrip(props: &Props) -> Html {
    let playing = props.playing;
    let toggle = props.on_play.reform(move |_: MouseEvent| !playing);
    let follow = props.on_follow_next.reform(|_: MouseEvent| ());
    let help = props.on_help.reform(|_: MouseEvent| true);
    let exit = props.on_exit.reform(|_: MouseEvent| false);
    let on_health = {
        let (d, on) = (props.dispatch.clone(), props.health_check);
        Callback::from(move |_: Event| d.dispatch(Action::SetHealthCheck(!on)))
    };
    html! {
        <div class="presenter-strip" role="toolbar" aria-label="Presenter controls">
            <h1 class="presenter-title">{ props.title.clone() }</h1>
            <PolicyToggle policy={props.policy} dispatch={props.dispatch.clone()} />
            <label class="choice">
                <input type="checkbox" checked={props.health_check} onchange={on_health} aria-keyshortcuts="H" />
                { "LB health checks" }
            </label>
            <button type="button" onclick={toggle} aria-pressed={playing.to_string()} aria-keyshortcuts="Space">
                { if playing { "❚❚ Pause" } else { "▶ Play" } }
            </button>
            <button type="button" onclick={follow} aria-keyshortcuts="F">{ "Follow next" }</button>
            <button type="button" onclick={help} aria-keyshortcuts="?">{ "Shortcuts" }</button>
            <button type="button" onclick={exit} aria-keyshortcuts="Escape">{ "Exit presenter mode" }</button>
        </div>
    }
}
