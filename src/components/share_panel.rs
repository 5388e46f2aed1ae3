//! Share and files: copy a link to this exact board, copy an `<iframe>` for a
//! docs page, download the scenario in the CLI's format, or open one. The
//! link and the embed code are also shown in read-only fields, so they can be
//! copied by hand where the clipboard is not allowed. `Copy YAML` gives the
//! board as a Service and a Deployment (`trafficlab_kube::export`), and
//! `Import from kubectl` opens a cluster's Service (`import_dialog`).

use std::rc::Rc;

use trafficlab_core::Scenario;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::components::import_dialog::ImportDialog;
use crate::layout::Layout;
use crate::sharing::address_bar::absolute_link;
use crate::sharing::embed::{iframe_snippet, preferred_height, SNIPPET_WIDTH};
use crate::sharing::files::{download, download_name, open_file};
use crate::sharing::{encode, Link, View};
use crate::state::{marked_title, Action, State};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scenario: Rc<Scenario>,
    pub preset: Option<&'static str>,
    /// Edited since it was loaded: the embed code's title and a downloaded
    /// file's say so (`State::marked_title`).
    pub modified: bool,
    /// How the board is being looked at, which the link records too.
    pub view: View,
    pub dispatch: UseReducerDispatcher<State>,
}

/// Copies `text`, then says whether it worked.
fn copy(text: String, what: &'static str, dispatch: UseReducerDispatcher<State>) {
    let clipboard = web_sys::window().map(|w| w.navigator().clipboard());
    wasm_bindgen_futures::spawn_local(async move {
        let copied = match clipboard {
            Some(clipboard) => JsFuture::from(clipboard.write_text(&text)).await.is_ok(),
            None => false,
        };
        dispatch.dispatch(Action::Announce(if copied {
            format!("{what} copied to the clipboard")
        } else {
            format!("The browser did not allow copying: select the {what} in the field and copy it")
        }));
    });
}

/// The link to this board, and the `<iframe>` that embeds it.
fn share_texts(scenario: &Rc<Scenario>, preset: Option<&'static str>, modified: bool, view: View) -> (String, String) {
    let board = encode(&Link { scenario: (**scenario).clone(), preset, view });
    // An embed always shows the wide board, whatever this screen shows.
    let wide = Layout::of(scenario);
    let height = preferred_height(wide.width, wide.height, f64::from(SNIPPET_WIDTH));
    let title = match &scenario.title {
        Some(title) => marked_title(Some(title), modified),
        None => "a Kubernetes Service's traffic".into(),
    };
    let snippet = iframe_snippet(
        &absolute_link(&board, true).unwrap_or_default(),
        &format!("trafficlab: {title}"),
        SNIPPET_WIDTH,
        height,
    );
    (absolute_link(&board, false).unwrap_or_default(), snippet)
}

#[component]
pub fn SharePanel(props: &Props) -> Html {
    let shown = use_state(|| (false, false));
    // The manifests, once asked for, follow the board like the link does.
    let yaml_shown = use_state(|| false);
    let yaml = use_memo((props.scenario.clone(), *yaml_shown), |(s, shown)| shown.then(|| trafficlab_kube::export(s)));
    // The link and the embed code are made when first asked for, and then
    // kept up to date: on a board of 150 000 pods encoding is not free.
    let texts = use_memo(
        (props.scenario.clone(), props.preset, props.modified, props.view, *shown),
        |(s, preset, modified, view, shown)| (shown.0 || shown.1).then(|| share_texts(s, *preset, *modified, *view)),
    );
    let on_copy = |embed: bool| {
        let (shown, d, s, preset, modified, view) =
            (shown.clone(), props.dispatch.clone(), props.scenario.clone(), props.preset, props.modified, props.view);
        Callback::from(move |_: MouseEvent| {
            let (link, snippet) = share_texts(&s, preset, modified, view);
            if embed {
                shown.set((shown.0, true));
                copy(snippet, "embed code", d.clone());
            } else {
                shown.set((true, shown.1));
                copy(link, "link", d.clone());
            }
        })
    };
    let (on_copy_link, on_copy_embed) = (on_copy(false), on_copy(true));
    let on_copy_yaml = {
        let (yaml_shown, d, s) = (yaml_shown.clone(), props.dispatch.clone(), props.scenario.clone());
        Callback::from(move |_: MouseEvent| {
            yaml_shown.set(true);
            copy(trafficlab_kube::export(&s), "YAML", d.clone());
        })
    };
    let (link, snippet) = (*texts).clone().unwrap_or_default();
    let on_download = {
        let (scenario, preset, modified, d) =
            (props.scenario.clone(), props.preset, props.modified, props.dispatch.clone());
        Callback::from(move |_: MouseEvent| {
            let name = download_name(preset);
            let text = if modified && scenario.title.is_some() {
                let mut file = (*scenario).clone();
                file.title = Some(marked_title(scenario.title.as_deref(), true));
                file.to_json()
            } else {
                scenario.to_json()
            };
            match download(&name, &text) {
                Ok(()) => d.dispatch(Action::Announce(format!("Downloaded {name}"))),
                Err(problem) => d.dispatch(Action::Warn(problem)),
            }
        })
    };
    let on_open = {
        let d = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else { return };
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                open_file(d.clone(), file);
            }
            // The same file can be chosen again after fixing it.
            input.set_value("");
        })
    };
    let select_all = Callback::from(|e: FocusEvent| {
        if let Some(field) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
            field.select();
        } else if let Some(field) = e.target_dyn_into::<web_sys::HtmlTextAreaElement>() {
            field.select();
        }
    });
    html! {
        <section class="share" aria-label="Share and files">
            <h2>{ "Share" }</h2>
            <div class="share-buttons">
                <button type="button" onclick={on_copy_link}>{ "Copy link" }</button>
                <button type="button" onclick={on_copy_embed}>{ "Copy embed code" }</button>
                <button type="button" onclick={on_copy_yaml}>{ "Copy YAML" }</button>
            </div>
            if shown.0 {
                <label class="share-field">{ "Link to this board" }
                    <input type="text" readonly=true value={link} onfocus={select_all.clone()} />
                </label>
            }
            if shown.1 {
                <label class="share-field">{ "Embed code" }
                    <textarea readonly=true rows="3" value={snippet} onfocus={select_all.clone()} />
                </label>
            }
            if let Some(text) = (*yaml).clone() {
                <label class="share-field">{ "Service and Deployment YAML" }
                    <textarea readonly=true rows="6" value={text} onfocus={select_all} />
                </label>
            }
            <h2>{ "Files" }</h2>
            <div class="share-buttons">
                <button type="button" onclick={on_download}>{ "Download scenario" }</button>
                <label class="file-button">{ "Open scenario file" }
                    <input type="file" accept=".json,.yaml,.yml,application/json" onchange={on_open} />
                </label>
                <ImportDialog dispatch={props.dispatch.clone()} />
            </div>
            <p class="hint">{ "Or drop a scenario file on the page, or paste its JSON. The CLI reads the same files: " }<code>{ "trafficlab shares FILE" }</code></p>
        </section>
    }
}
