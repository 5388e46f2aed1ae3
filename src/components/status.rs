//! The status line: what just happened, spoken by screen readers (a polite
//! live region; errors are assertive).

use yew::prelude::*;

use crate::state::Notice;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub notice: Option<Notice>,
}

#[component]
pub fn Status(props: &Props) -> Html {
    let (text, is_error) = props.notice.as_ref().map_or(("", false), |n| (n.text.as_str(), n.is_error));
    html! {
        <div class={classes!("status", is_error.then_some("error"))} role="status" aria-live={if is_error { "assertive" } else { "polite" }}>
            { text.to_string() }
        </div>
    }
}
