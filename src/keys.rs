//! Keyboard shortcuts that work anywhere on the page: Ctrl+Z undoes,
//! Ctrl+Shift+Z or Ctrl+Y redoes (Cmd on macOS), except while typing in a text field.

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

use crate::state::{Action, State};

#[hook]
pub fn use_undo_keys(dispatch: UseReducerDispatcher<State>) {
    use_effect_with((), move |()| {
        // Not passive: the handler must be able to preventDefault the browser's own undo.
        let options = EventListenerOptions::enable_prevent_default();
        let listener = EventListener::new_with_options(&gloo::utils::document(), "keydown", options, move |event| {
            let Some(e) = event.dyn_ref::<KeyboardEvent>() else { return };
            let in_text = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| {
                matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA")
                    && el.get_attribute("type").as_deref() != Some("radio")
                    && el.get_attribute("type").as_deref() != Some("checkbox")
            });
            if !(e.ctrl_key() || e.meta_key()) || in_text {
                return;
            }
            let action = match (e.key().to_ascii_lowercase().as_str(), e.shift_key()) {
                ("z", false) => Action::Undo,
                ("z", true) | ("y", _) => Action::Redo,
                _ => return,
            };
            e.prevent_default();
            dispatch.dispatch(action);
        });
        move || drop(listener)
    });
}
