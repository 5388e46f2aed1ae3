//! The `?` overlay: every keyboard shortcut, in a modal `<dialog>` that
//! Escape, `?` or its Close button dismisses (focus stays in it while it is
//! open and goes back to where it was after; see `modal::use_modal`).

use yew::prelude::*;

use super::modal::{close_modal, use_modal};
use crate::presenter::SHORTCUTS;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub on_close: Callback<bool>,
}

#[component]
pub fn ShortcutsHelp(props: &Props) -> Html {
    let (dialog, close_ref) = (use_node_ref(), use_node_ref());
    use_modal(&dialog, &close_ref, props.on_close.reform(|()| false));
    let close = {
        let dialog = dialog.clone();
        Callback::from(move |_: MouseEvent| close_modal(&dialog))
    };
    let rows = SHORTCUTS.iter().map(|(keys, what)| html! { <><dt><kbd>{ *keys }</kbd></dt><dd>{ *what }</dd></> });
    html! {
        <dialog ref={dialog} class="shortcuts" aria-labelledby="shortcuts-title">
            <h2 id="shortcuts-title">{ "Keyboard shortcuts" }</h2>
            <dl>{ for rows }</dl>
            <button type="button" ref={close_ref} onclick={close}>{ "Close" }</button>
        </dialog>
    }
}
