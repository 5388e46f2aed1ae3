//! The thin strip above an embedded board: the policy toggle, play/pause,
//! the board's title, and a link to the full page with the same board. It
//! fits one line from a 320px-wide frame up: the title gives way first, then
//! the play button's word; the link always shows whole.

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
        // The strip is the page's banner and its title the page's heading: an
        // embed is a page of its own for assistive technology.
        <header class="embed-strip">
            <PolicyToggle policy={props.policy} dispatch={props.dispatch.clone()} />
            // In a narrow frame only the symbol shows; the word stays in the
            // button's name.
            <button type="button" onclick={toggle} aria-pressed={playing.to_string()}>
                { if playing { "❚❚" } else { "▶" } }
                <span class="play-word">{ if playing { " Pause" } else { " Play" } }</span>
            </button>
            <h1 class="embed-title" title={props.title.clone()}>{ props.title.clone() }</h1>
            <a class="open-full" href={props.full_page.clone()} target="_blank" rel="noopener">{ "Open in trafficlab" }</a>
        </header>
    }
}
