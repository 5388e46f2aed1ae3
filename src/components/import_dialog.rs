//! The "Import from kubectl" dialog: paste kubectl's JSON into the field
//! `kubectl output`, or choose or drop a file; pick the `Service` when the
//! output holds several; `Import` replaces the board (Undo brings the old one
//! back) and the dialog then lists the import's notes (another Service of
//! the same output can follow). A bad input shows its
//! message and leaves the board alone. A modal `<dialog>`: focus stays in
//! it, Escape closes it. Text pasted anywhere in it is kubectl output, not a
//! scenario for the page; of several reads, the last one begun is the one
//! shown, however long an earlier file takes.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use super::modal::wrap_tab;
use crate::import::{import, read_output, too_large, Reading};
use crate::perf;
use crate::sharing::files::in_text_field;
use crate::state::{Action, State};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub dispatch: UseReducerDispatcher<State>,
}

/// What the dialog shows under the inputs.
#[derive(Clone, Default)]
enum Outcome {
    #[default]
    Nothing,
    Read(Rc<Reading>),
    Failed(String),
    /// Imported; the output stays read, so another of its Services can follow.
    Imported {
        reading: Rc<Reading>,
        summary: String,
        notes: Rc<Vec<String>>,
    },
}

impl Outcome {
    fn reading(&self) -> Option<&Rc<Reading>> {
        match self {
            Outcome::Read(reading) | Outcome::Imported { reading, .. } => Some(reading),
            Outcome::Nothing | Outcome::Failed(_) => None,
        }
    }
}

/// Numbers the reads the dialog begins, so that only the last one begun
/// reports: a big file still being read must not replace what was pasted or
/// chosen after it.
#[derive(Clone, Default)]
struct Reads(Rc<Cell<u64>>);

impl Reads {
    /// A new read, now the latest.
    fn begin(&self) -> u64 {
        self.0.set(self.0.get() + 1);
        self.0.get()
    }

    /// Reports `outcome` if `read` is still the latest read begun.
    fn report(&self, read: u64, on_read: &Callback<Outcome>, outcome: Outcome) {
        if self.0.get() == read {
            on_read.emit(outcome);
        }
    }
}

/// Reads a chosen or dropped file, then reports its reading unless a later
/// read has begun meanwhile.
fn read_file(file: web_sys::File, reads: &Reads, on_read: Callback<Outcome>) {
    let name = file.name();
    let (read, reads) = (reads.begin(), reads.clone());
    if let Some(message) = too_large(&name, file.size()) {
        reads.report(read, &on_read, Outcome::Failed(message));
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let outcome = match JsFuture::from(file.array_buffer()).await {
            Ok(buffer) => {
                // Marks for the page benchmark (`make bench-import`).
                perf::mark("trafficlab:import-file-read");
                let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
                perf::mark("trafficlab:import-bytes-in-wasm");
                let outcome = read_output(&name, &bytes).map_or_else(Outcome::Failed, Outcome::Read);
                perf::mark("trafficlab:import-parsed");
                outcome
            }
            Err(_) => Outcome::Failed(format!("{name}: the browser could not read the file")),
        };
        reads.report(read, &on_read, outcome);
    });
}

#[component]
pub fn ImportDialog(props: &Props) -> Html {
    let dialog = use_node_ref();
    let field = use_node_ref();
    let reads = (*use_memo((), |()| Reads::default())).clone();
    let outcome = use_state(Outcome::default);
    let chosen = use_state(|| None::<String>);
    let on_read = {
        let (outcome, chosen) = (outcome.clone(), chosen.clone());
        Callback::from(move |next: Outcome| {
            if let Outcome::Read(reading) = &next {
                chosen.set(reading.services().first().map(ToString::to_string));
            }
            outcome.set(next);
        })
    };
    let (open, close) = (show(&dialog, true), show(&dialog, false));
    let Sources { on_paste_input, on_paste, on_choose, on_drop } = sources(&on_read, &reads, &field);
    let on_drag_over = Callback::from(|e: DragEvent| e.prevent_default());
    // Tab goes round the dialog's controls, as in every modal (`modal`).
    let on_key_down = {
        let dialog = dialog.clone();
        Callback::from(move |e: KeyboardEvent| {
            if let Some(d) = dialog.cast::<web_sys::HtmlDialogElement>() {
                wrap_tab(&d, &e);
            }
        })
    };
    let on_pick = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()) {
                chosen.set(Some(select.value()));
            }
        })
    };
    let on_import = {
        let (outcome, chosen, dispatch) = (outcome.clone(), chosen.clone(), props.dispatch.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(reading) = outcome.reading().cloned() else { return };
            perf::mark("trafficlab:import-start");
            match import(&reading, chosen.as_deref()) {
                Ok(done) => {
                    perf::mark("trafficlab:import-scenario");
                    dispatch.dispatch(Action::Open(Box::new(done.opened)));
                    dispatch.dispatch(Action::Announce(done.summary.clone()));
                    outcome.set(Outcome::Imported { reading, summary: done.summary, notes: Rc::new(done.notes) });
                }
                Err(message) => outcome.set(Outcome::Failed(message)),
            }
        })
    };
    html! {
        <>
            <button type="button" onclick={open}>{ "Import from kubectl" }</button>
            <dialog ref={dialog} class="import-dialog" aria-labelledby="import-title"
                ondragover={on_drag_over} ondrop={on_drop} onpaste={on_paste} onkeydown={on_key_down}>
                <h2 id="import-title">{ "Import from kubectl" }</h2>
                <p class="hint">{ "Paste or drop the output of " }
                    <code>{ "kubectl get nodes,services,endpointslices,pods -A -o json" }</code></p>
                <label class="import-field">{ "kubectl output" }
                    <textarea ref={field} rows="6" spellcheck="false" oninput={on_paste_input} />
                </label>
                <label class="file-button">{ "Choose kubectl output file" }
                    <input type="file" accept=".json,application/json" onchange={on_choose} />
                </label>
                { outcome_view(&outcome, chosen.as_deref(), on_pick) }
                <div class="share-buttons">
                    <button type="button" onclick={on_import}
                        disabled={outcome.reading().is_none()}>{ "Import" }</button>
                    <button type="button" onclick={close}>{ "Close" }</button>
                </div>
            </dialog>
        </>
    }
}

/// Opens the dialog as a modal (`open`), or closes it.
fn show(dialog: &NodeRef, open: bool) -> Callback<MouseEvent> {
    let dialog = dialog.clone();
    Callback::from(move |_: MouseEvent| {
        if let Some(d) = dialog.cast::<web_sys::HtmlDialogElement>() {
            if open {
                let _ = d.show_modal();
            } else {
                d.close();
            }
        }
    })
}

/// The ways kubectl output comes in, each reported to `on_read`.
struct Sources {
    /// Typed or pasted into the field.
    on_paste_input: Callback<InputEvent>,
    /// Pasted anywhere else in the dialog: put into the field and read.
    on_paste: Callback<Event>,
    on_choose: Callback<Event>,
    on_drop: Callback<DragEvent>,
}

fn sources(on_read: &Callback<Outcome>, reads: &Reads, field: &NodeRef) -> Sources {
    let read_text = {
        let (on_read, reads) = (on_read.clone(), reads.clone());
        move |text: &str| {
            let read = reads.begin();
            let outcome = if text.trim().is_empty() {
                Outcome::Nothing
            } else {
                read_output("kubectl output", text.as_bytes()).map_or_else(Outcome::Failed, Outcome::Read)
            };
            reads.report(read, &on_read, outcome);
        }
    };
    let read = read_text.clone();
    let on_paste_input = Callback::from(move |e: InputEvent| {
        if let Some(field) = e.target_dyn_into::<web_sys::HtmlTextAreaElement>() {
            read(&field.value());
        }
    });
    let field = field.clone();
    let on_paste = Callback::from(move |e: Event| {
        // The field reads its own paste (`on_paste_input`); the page's paste
        // handler must not take this one for a scenario.
        e.stop_propagation();
        let Some(e) = e.dyn_ref::<web_sys::ClipboardEvent>() else { return };
        if in_text_field(e.target()) {
            return;
        }
        e.prevent_default();
        let text = e.clipboard_data().and_then(|d| d.get_data("text").ok()).unwrap_or_default();
        if let Some(field) = field.cast::<web_sys::HtmlTextAreaElement>() {
            field.set_value(&text);
        }
        read_text(&text);
    });
    let (read, reads_chosen) = (on_read.clone(), reads.clone());
    let on_choose = Callback::from(move |e: Event| {
        let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else { return };
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            read_file(file, &reads_chosen, read.clone());
        }
        input.set_value("");
    });
    let (read, reads) = (on_read.clone(), reads.clone());
    let on_drop = Callback::from(move |e: DragEvent| {
        // Here a dropped file is kubectl output, not a scenario file for the page.
        e.prevent_default();
        e.stop_propagation();
        if let Some(file) = e.data_transfer().and_then(|t| t.files()).and_then(|f| f.get(0)) {
            read_file(file, &reads, read.clone());
        }
    });
    Sources { on_paste_input, on_paste, on_choose, on_drop }
}

/// The Service picker, the error, or the summary and notes of an import.
fn outcome_view(outcome: &Outcome, chosen: Option<&str>, on_pick: Callback<Event>) -> Html {
    match outcome {
        Outcome::Nothing => html! {},
        Outcome::Failed(message) => html! { <p class="import-error" role="alert">{ message.clone() }</p> },
        Outcome::Read(reading) => picker(reading, chosen, on_pick),
        Outcome::Imported { reading, summary, notes } => html! {
            <>
                { picker(reading, chosen, on_pick) }
                <section aria-label="Import notes" class="import-notes">
                    <p role="status">{ summary.clone() }</p>
                    <ul>{ for notes.iter().map(|n| html! { <li>{ n.clone() }</li> }) }</ul>
                </section>
            </>
        },
    }
}

/// The `Service` picker, when the output holds more than one to choose from.
fn picker(reading: &Reading, chosen: Option<&str>, on_pick: Callback<Event>) -> Html {
    let services = reading.services();
    if services.len() < 2 {
        return html! {};
    }
    html! {
        <label class="import-field">{ "Service" }
            <select onchange={on_pick}>
                { for services.iter().map(|s| {
                    let id = s.to_string();
                    html! { <option value={id.clone()} selected={chosen == Some(id.as_str())}>
                        { format!("{id} ({})", s.service_type) }</option> }
                }) }
            </select>
        </label>
    }
}
