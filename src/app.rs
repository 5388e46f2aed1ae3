//! The page: one [`State`] reducer, the core's results memoised per scenario,
//! and the panels that show them. Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y) undo and
//! redo from anywhere but a text field.

use std::rc::Rc;

use trafficlab_core::{ExternalTrafficPolicy, Scenario, Shares};
use yew::prelude::*;

use crate::chart::ChartData;
use crate::components::{
    board::Board, controls::Controls, inspector::Inspector, observed_panel::ObservedPanel, packet_layer::PacketLayer,
    share_chart::ShareChart, shares_table::SharesTable, status::Status, summary::Summary, toolbar::Toolbar,
    trace_panel::TracePanel, traffic_controls::TrafficControls,
};
use crate::keys::use_undo_keys;
use crate::layout::Layout;
use crate::state::{Action, State};
use crate::traffic::{use_traffic, TrafficCallbacks};
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
        Err(e) => State::new(Scenario::default(), None)
            .apply(Action::Announce(format!("The default preset could not be read: {e}"))),
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

#[component]
pub fn App() -> Html {
    let state = use_reducer(initial_state);
    use_undo_keys(state.dispatcher());
    let scenario = state.scenario.clone();
    let both = use_memo(scenario.clone(), |s| both_policies(s));
    let shares = match scenario.service.external_traffic_policy {
        ExternalTrafficPolicy::Cluster => both.0.clone(),
        ExternalTrafficPolicy::Local => both.1.clone(),
    };
    let layout = use_memo(scenario.clone(), |s| Layout::of(s));
    let chart = use_memo(both.clone(), |both| ChartData::new(&scenario, &both.0, &both.1));
    let traffic = use_traffic();
    let TrafficCallbacks {
        on_tick,
        on_play,
        on_pace,
        on_step,
        on_follow,
        on_follow_next,
        on_unfollow,
        on_reset_counts,
    } = traffic.callbacks(&scenario, &layout);
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
                    <TrafficControls playing={*traffic.playing} pace={*traffic.pace} discrete={traffic.discrete}
                        {on_play} {on_pace} {on_step} {on_follow_next} {on_reset_counts} />
                    <div class="board-scroll">
                        <div class="board-stack">
                            <Board scenario={scenario.clone()} shares={shares.clone()} layout={layout.clone()}
                                selected={state.selected} dispatch={dispatch.clone()} />
                            <PacketLayer flow={traffic.flow.clone()} scenario={scenario.clone()} layout={layout}
                                playing={*traffic.playing} pace={*traffic.pace} discrete={traffic.discrete}
                                follow={*traffic.follow} {on_follow} {on_tick} />
                        </div>
                    </div>
                    <Status notice={state.notice.clone()} />
                    <ShareChart data={chart} />
                </main>
                <aside class="right">
                    <Summary scenario={scenario.clone()} shares={shares.clone()} />
                    <SharesTable scenario={scenario.clone()} shares={shares.clone()} />
                    if let Some(follow) = *traffic.follow {
                        <TracePanel flow={traffic.flow.clone()} scenario={scenario.clone()} {follow}
                            on_close={on_unfollow} tick={*traffic.tick} />
                    } else {
                        <ObservedPanel flow={traffic.flow.clone()} scenario={scenario.clone()} {shares} tick={*traffic.tick} />
                    }
                </aside>
            </div>
        </div>
    }
}
