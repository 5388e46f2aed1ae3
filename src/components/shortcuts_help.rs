//! The `?` overlay: every keyboard shortcut, in a dialog that Escape or its
//! Close button dismisses.

use yew::prelude::*;

use crate::presenter::SHORTCUTS;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub on_close: Callback<bool>,
}

#[component]
pub fn ShortcutsHelp(props: &Props) -> Html {
    let close_ref = use_node_ref();
    {
        // Focus moves into the dialog when it opens.
        let close_ref = close_ref.clone();
        use_effect_with((), move |()| {
            if let Some(button) = close_ref.cast::<web_sys::HtmlElement>() {
                let _ = button.focus();
            }
        });
    }
    let close = props.on_close.reform(|_: MouseEvent| false);
    let rows = SHORTCUTS.iter().map(|(keys, what)| html! { <><dt><kbd>{ *keys }</kbd></dt><dd>{ *what }</dd></> });
    html! {
        <div class="shortcuts-backdrop">
            <div class="shortcuts" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title">
                <h2 id="shortcuts-title">{ "Keyboard shortcuts" }</h2>
                <dl>{ for rows }</dl>
                <button type="button" ref={close_ref} onclick={close}>{ "Close" }</button>
            </div>
        </div>
    }
}
