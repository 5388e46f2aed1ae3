//! Modal dialogs (Compare fixes, the shortcut list, Import from kubectl):
//! native `<dialog>`s shown with `showModal()`, so the browser makes the page
//! behind them inert and closes them on Escape. What the browser leaves to
//! the page is here: Tab going round the dialog's controls, the page's state
//! following every close, and focus going back to the control that opened it.

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{HtmlDialogElement, KeyboardEvent};
use yew::prelude::*;

/// Shows the `<dialog>` in `dialog` as a modal while the calling component is
/// on the page. The browser makes the page behind it inert and closes it on
/// Escape; Tab and Shift+Tab go round its controls (`wrap_tab`). Every close,
/// by Escape or by a button calling `close()`, reaches `on_close`, so the
/// page's state that says the dialog is open follows. `first` gets focus when
/// it opens. When the component goes, focus goes back to what had it before:
/// the control that opened it.
#[hook]
pub fn use_modal(dialog: &NodeRef, first: &NodeRef, on_close: Callback<()>) {
    // The latest callback: the listener below is registered once.
    let latest = use_mut_ref(|| on_close.clone());
    *latest.borrow_mut() = on_close;
    let (dialog, first) = (dialog.clone(), first.clone());
    use_effect_with((), move |()| {
        let opener = gloo::utils::document().active_element();
        let element = dialog.cast::<HtmlDialogElement>();
        let listeners = element.as_ref().map(|d| {
            let on_close = EventListener::new(d, "close", move |_| {
                let on_close = latest.borrow().clone();
                on_close.emit(());
            });
            let options = EventListenerOptions::enable_prevent_default();
            let inside = d.clone();
            let on_tab = EventListener::new_with_options(d, "keydown", options, move |event| {
                if let Some(e) = event.dyn_ref::<KeyboardEvent>() {
                    wrap_tab(&inside, e);
                }
            });
            (on_close, on_tab)
        });
        if let Some(d) = &element {
            let _ = d.show_modal();
        }
        if let Some(first) = first.cast::<web_sys::HtmlElement>() {
            let _ = first.focus();
        }
        move || {
            // The page already knows: no `close` event for it any more.
            drop(listeners);
            if let Some(d) = element.filter(HtmlDialogElement::open) {
                d.close();
            }
            give_focus(opener);
        }
    });
}

/// What Tab stops at in a dialog.
const FOCUSABLE: &str = "button:not(:disabled), [href], input:not(:disabled), select:not(:disabled), \
    textarea:not(:disabled), [tabindex]:not([tabindex='-1'])";

/// Tab on the dialog's last control goes to its first, Shift+Tab on its first
/// to its last. A modal `<dialog>` keeps focus off the page behind it, but
/// between rounds the browser lets Tab leave the page (for its own toolbar,
/// or `<body>` where there is none); this keeps the round inside.
pub fn wrap_tab(dialog: &HtmlDialogElement, e: &KeyboardEvent) {
    if e.key() != "Tab" || e.ctrl_key() || e.alt_key() || e.meta_key() {
        return;
    }
    let Ok(found) = dialog.query_selector_all(FOCUSABLE) else { return };
    let controls: Vec<web_sys::HtmlElement> =
        (0..found.length()).filter_map(|i| found.item(i)?.dyn_into().ok()).collect();
    let (Some(first), Some(last)) = (controls.first(), controls.last()) else { return };
    let active = gloo::utils::document().active_element();
    let at = controls.iter().position(|c| c.is_same_node(active.as_deref()));
    let to = match (at, e.shift_key()) {
        (None, false) => first,
        (None, true) => last,
        (Some(0), true) => last,
        (Some(i), false) if i + 1 == controls.len() => first,
        _ => return,
    };
    e.prevent_default();
    let _ = to.focus();
}

/// Closes the dialog in `dialog` (its `close` event tells the page, see [`use_modal`]).
pub fn close_modal(dialog: &NodeRef) {
    if let Some(d) = dialog.cast::<HtmlDialogElement>() {
        d.close();
    }
}

/// Focuses `element` (an HTML control or a pod chip) if it is still on the page.
fn give_focus(element: Option<web_sys::Element>) {
    let Some(element) = element.filter(|e| e.is_connected()) else { return };
    if let Some(html) = element.dyn_ref::<web_sys::HtmlElement>() {
        let _ = html.focus();
    } else if let Some(svg) = element.dyn_ref::<web_sys::SvgElement>() {
        let _ = svg.focus();
    }
}
