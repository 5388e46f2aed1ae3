//! The page: one [`State`] reducer, the core's results memoised per scenario,
//! and the panels that show them. Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y) undo and
//! redo from anywhere but a text field.

use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use trafficlab_core::{ExternalTrafficPolicy, Scenario, Shares};
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

use crate::chart::ChartData;
use crate::components::{
    board::Board, controls::Controls, inspector::Inspector, share_chart::ShareChart, shares_table::SharesTable,
    status::Status, summary::Summary, toolbar::Toolbar,
};
use crate::layout::Layout;
use crate::state::{Action, State};
use crate::{generate, presets};

/// The state the page opens with: `?generate=NxP` if asked for, else the
/// default preset. A bad parameter is reported, and the default shown.
fn initial_state() -> State {
    let query = gloo::utils::window().location().search().unwrap_or_default();
    let generated = generate::parse(&query)
        .map(|parsed| parsed.and_then(|(nodes, pods)| generate::scenario(nodes, pods).map_err(|e| e.to_string())));
    let default = || match presets::default_scenario() {
        Ok(s) => State::new(s, Some(presets::DEFAULT_PRESET)),
        // The presets are tested; this keeps the page alive if one ever broke.
        Err(e) => State::new(
            Scenario::from_layout(ExternalTrafficPolicy::Local, &[vec![]])
                .unwrap_or_else(|_| unreachable!("a one-node layout is always valid: {e}")),
            None,
        ),
    };
    match generated {
        None => default(),
        Some(Ok(scenario)) => State::new(scenario, None),
        Some(Err(message)) => default().apply(Action::Announce(message)),
    }
}

/// Shares under Cluster and under Local for the same placement.
fn both_policies(scenario: &Scenario) -> (Rc<Shares>, Rc<Shares>) {
    let mut other = scenario.clone();
    let current = Rc::new(scenario.shares());
    other.service.external_traffic_policy = match scenario.service.external_traffic_policy {
        ExternalTrafficPolicy::Cluster => ExternalTrafficPolicy::Local,
        ExternalTrafficPolicy::Local => ExternalTrafficPolicy::Cluster,
    };
    let alternative = Rc::new(other.shares());
    match scenario.service.external_traffic_policy {
        ExternalTrafficPolicy::Cluster => (current, alternative),
        ExternalTrafficPolicy::Local => (alternative, current),
    }
}

#[hook]
fn use_undo_keys(dispatch: UseReducerDispatcher<State>) {
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
            let action = match (e.key().to_lowercase().as_str(), e.shift_key()) {
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

#[component]
pub fn App() -> Html {
    let state = use_reducer(initial_state);
    use_undo_keys(state.dispatcher());
    let scenario = state.scenario.clone();
    let both = use_memo(scenario.clone(), |s| both_policies(s));
    let (cluster, local) = (both.0.clone(), both.1.clone());
    let shares = match scenario.service.external_traffic_policy {
        ExternalTrafficPolicy::Cluster => cluster.clone(),
        ExternalTrafficPolicy::Local => local.clone(),
    };
    let layout = use_memo(scenario.clone(), |s| Layout::of(s));
    let chart = use_memo(both.clone(), |both| ChartData::new(&scenario, &both.0, &both.1));
    let dispatch = state.dispatcher();
    let service = &scenario.service;
    html! {
        <div class="app">
            <header class="top">
                <h1>{ "trafficlab" }<span class="tagline">{ " · externalTrafficPolicy, seen" }</span></h1>
                <Toolbar preset={state.preset} undo={state.undo_label().map(|l| AttrValue::from(l.to_string()))}
                    redo={state.redo_label().map(|l| AttrValue::from(l.to_string()))} dispatch={dispatch.clone()} />
            </header>
            <p class="lede">
                <strong>{ scenario.title.clone().unwrap_or_else(|| "Custom scenario".into()) }</strong>
                if state.is_modified() { <span class="modified">{ " (modified)" }</span> }
                { scenario.description.as_ref().map(|d| format!(" — {d}")).unwrap_or_default() }
            </p>
            <div class="workspace">
                <aside class="left">
                    <Controls policy={service.external_traffic_policy} service_type={service.service_type}
                        health_check={scenario.load_balancer.health_check} weighting={scenario.load_balancer.weighting}
                        dispatch={dispatch.clone()} />
                    <Inspector scenario={scenario.clone()} selected={state.selected} dispatch={dispatch.clone()} />
                </aside>
                <main class="center">
                    <div class="board-scroll">
                        <Board scenario={scenario.clone()} shares={shares.clone()} layout={layout} selected={state.selected}
                            dispatch={dispatch.clone()} />
                    </div>
                    <Status notice={state.notice.clone()} />
                    <ShareChart data={chart} />
                </main>
                <aside class="right">
                    <Summary scenario={scenario.clone()} shares={shares.clone()} />
                    <SharesTable scenario={scenario.clone()} {shares} />
                </aside>
            </div>
        </div>
    }
}
