//! Scenario files in and out of the page: download the board as a scenario
//! file (the CLI's format), open one from a file picker, a drop anywhere on
//! the page, or JSON pasted anywhere but a text field.
//!
//! Reading goes through the core's [`Scenario::parse`], so a bad file gets the
//! same `path: problem. Fix: …` message as `trafficlab shares` gives, and the
//! board on screen stays until a file reads cleanly.

use gloo::events::{EventListener, EventListenerOptions};
use trafficlab_core::{Scenario, MAX_SCENARIO_BYTES};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::state::{Action, Opened, State};

/// Offers `text` as a download named `filename`.
pub fn download(filename: &str, text: &str) -> Result<(), String> {
    let fail = |_| format!("the browser refused to save {filename}");
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let anchor: web_sys::HtmlAnchorElement =
        gloo::utils::document().create_element("a").map_err(fail)?.unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(filename);
    anchor.click();
    web_sys::Url::revoke_object_url(&url).map_err(fail)
}

/// The file name to offer for a board: its preset id, or `scenario`.
pub fn download_name(preset: Option<&str>) -> String {
    format!("{}.json", preset.unwrap_or("scenario"))
}

/// Reads `text` (the contents of `source`) as a scenario and opens it, or
/// says what is wrong with it and keeps the board.
pub fn open_text(dispatch: &UseReducerDispatcher<State>, source: &str, text: &str) {
    match Scenario::parse(text) {
        Ok(scenario) => dispatch.dispatch(Action::Open(Box::new(Opened::board(scenario, format!("Opened {source}"))))),
        Err(error) => dispatch.dispatch(Action::Warn(format!("{source}: {error}. The board was not changed."))),
    }
}

/// Reads a file the person chose or dropped, then opens it (see [`open_text`]).
pub fn open_file(dispatch: UseReducerDispatcher<State>, file: web_sys::File) {
    let name = file.name();
    if file.size() > MAX_SCENARIO_BYTES as f64 {
        let mib = file.size() / (1024.0 * 1024.0);
        dispatch.dispatch(Action::Warn(format!(
            "{name}: the file is {mib:.1} MiB; scenario files may be at most {} MiB. Fix: is this the right file? The board was not changed.",
            MAX_SCENARIO_BYTES / (1024 * 1024)
        )));
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        match JsFuture::from(file.text()).await.ok().and_then(|text| text.as_string()) {
            Some(text) => open_text(&dispatch, &name, &text),
            None => dispatch.dispatch(Action::Warn(format!("{name}: the browser could not read the file"))),
        }
    });
}

/// Whether a key or paste event comes from a place where people type.
pub fn in_text_field(target: Option<web_sys::EventTarget>) -> bool {
    target.and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| {
        el.tag_name() == "TEXTAREA"
            || el.tag_name() == "SELECT"
            || (el.tag_name() == "INPUT"
                && !matches!(el.get_attribute("type").as_deref(), Some("radio" | "checkbox" | "button" | "file")))
    })
}

/// Whether a dialog is open: then the page's board is not what a drop or a
/// paste is meant for (the import dialog reads its own).
fn dialog_open() -> bool {
    gloo::utils::document().query_selector("dialog[open]").ok().flatten().is_some()
}

/// A file dropped anywhere on the page opens; JSON pasted anywhere but a
/// text field opens. Neither while a dialog is open.
#[hook]
pub fn use_drop_and_paste(dispatch: UseReducerDispatcher<State>) {
    use_effect_with((), move |()| {
        let document = gloo::utils::document();
        let options = EventListenerOptions::enable_prevent_default();
        // Without preventDefault on dragover the browser would navigate to the file.
        let over = EventListener::new_with_options(&document, "dragover", options, |event| {
            let carries_files = event
                .dyn_ref::<web_sys::DragEvent>()
                .and_then(|e| e.data_transfer())
                .is_some_and(|t| t.types().includes(&"Files".into(), 0));
            if carries_files {
                event.prevent_default();
            }
        });
        let d = dispatch.clone();
        let dropped = EventListener::new_with_options(&document, "drop", options, move |event| {
            let file = event
                .dyn_ref::<web_sys::DragEvent>()
                .and_then(|e| e.data_transfer())
                .and_then(|t| t.files())
                .and_then(|f| f.get(0));
            if let Some(file) = file {
                // Even ignored, a dropped file must not make the browser leave the page.
                event.prevent_default();
                if !dialog_open() {
                    open_file(d.clone(), file);
                }
            }
        });
        let paste = EventListener::new(&document, "paste", move |event| {
            let Some(e) = event.dyn_ref::<web_sys::ClipboardEvent>() else { return };
            if in_text_field(e.target()) || dialog_open() {
                return;
            }
            let text = e.clipboard_data().and_then(|d| d.get_data("text").ok()).unwrap_or_default();
            if text.trim_start().starts_with('{') {
                open_text(&dispatch, "the pasted JSON", &text);
            }
        });
        move || drop((over, dropped, paste))
    });
}
