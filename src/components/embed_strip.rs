//! The thin strip above an embedded board: the policy toggle, play/pause,
//! the board's title, and a link to the full page with the same board.

use trafficlab_core::ExternalTrafficPolicy;
use yew::prelude::*;

use super::policy_toggle::PolicyToggle;
use crate::state::State;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub title: AttrValue,
    pub policy: ExternalTrafficPolicy,
    pub playing: bool,
    /// The full page with this board.
    pub full_page: AttrValue,
    pub on_play: Callback<bool>,
    pub dispatch: UseReducerDispatcher<State>,
}

#[component]
pub fn EmbedStrip(props: &Props) -> Html {
    let playing = props.playing;
    let toggle = props.on_play.reform(move |_: MouseEvent| !playing);
    html! {
        <div class="embed-strip">
            <PolicyToggle policy={props.policy} dispatch={props.dispatch.clone()} />
            <button type="button" onclick={toggle} aria-pressed={playing.to_string()}>
                { if playing { "❚❚ Pause" } else { "▶ Play" } }
            </button>
            <span class="embed-title" title={props.title.clone()}>{ props.title.clone() }</span>
            <a class="open-full" href={props.full_page.clone()} target="_blank" rel="noopener">{ "Open in trafficlab" }</a>
        </div>
    }
}
