//! CSS media queries the app's Rust side needs to follow: a hook that holds
//! whether a query matches and re-renders when that changes (a phone turned
//! sideways, a window resized).

use gloo::events::EventListener;
use yew::prelude::*;

/// Narrow enough for the phone layout of the board (one node per row).
pub const NARROW_SCREEN: &str = "(max-width: 600px)";

fn media_query(query: &str) -> Option<web_sys::MediaQueryList> {
    web_sys::window()?.match_media(query).ok().flatten()
}

/// Whether `query` matches now; updated on every change.
#[hook]
pub fn use_media_query(query: &'static str) -> bool {
    let matches = use_state(|| media_query(query).is_some_and(|q| q.matches()));
    {
        let matches = matches.clone();
        use_effect_with(query, move |query| {
            let listener = media_query(query).map(|list| {
                let target = list.clone();
                EventListener::new(&target, "change", move |_| matches.set(list.matches()))
            });
            move || drop(listener)
        });
    }
    *matches
}
