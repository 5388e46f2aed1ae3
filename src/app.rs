//! The page: one [`State`] reducer, the core's results memoised per scenario,
//! and the panels that show them. Three ways to show it: the full page; with
//! `?embed=1` only the board, its packets and a thin strip; in presenter mode
//! (P, or `?present=1`) the board filling the screen under a strip of
//! controls. The board, the lesson step and the mode live in the address bar
//! (see `sharing`); single-key shortcuts are in `presenter`, Ctrl+Z /
//! Ctrl+Shift+Z (or Ctrl+Y) undo and redo from anywhere but a text field.

use std::rc::Rc;

use gloo::events::EventListener;
use trafficlab_core::{ExternalTrafficPolicy, PodId, Scenario, Shares};
use yew::prelude::*;

use crate::chart::ChartData;
use crate::components::{
    board::Board, client_ip_controls::ClientIpControls, controller_layer::ControllerLayer, controls::Controls,
    embed_strip::EmbedStrip, inspector::Inspector, lesson_panel::LessonPanel, observed_panel::ObservedPanel,
    packet_layer::PacketLayer, presenter_strip::PresenterStrip, share_chart::ShareChart, share_panel::SharePanel,
    shares_table::SharesTable, shortcuts_help::ShortcutsHelp, status::Status, summary::Summary, toolbar::Toolbar,
    trace_panel::TracePanel, traffic_controls::TrafficControls,
};
use crate::keys::use_undo_keys;
use crate::layout::Layout;
use crate::media::{use_media_query, NARROW_SCREEN};
use crate::presenter::{use_shortcuts, Handles, Snapshot};
use crate::sharing::address_bar::{
    absolute_link, use_address_bar, use_history_navigation, PageMode, AUTO_LINK_MAX_PODS,
};
use crate::sharing::embed::{post_height, preferred_height};
use crate::sharing::files::use_drop_and_paste;
use crate::sharing::{encode, Link, Opening, View};
use crate::state::{Action, Selection, State};
use crate::traffic::{use_traffic, Traffic, TrafficCallbacks};

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

/// Everything a link records, as a memo key: the board and the view.
#[derive(Clone, PartialEq)]
struct LinkKey {
    scenario: Rc<Scenario>,
    preset: Option<&'static str>,
    view: View,
}

#[component]
pub fn App() -> Html {
    let opening =
        use_memo((), |_| Opening::from_search(&gloo::utils::window().location().search().unwrap_or_default()));
    let state = use_reducer({
        let opening = opening.clone();
        move || opening.state.clone()
    });
    use_undo_keys(state.dispatcher());
    use_drop_and_paste(state.dispatcher());
    let scenario = state.scenario.clone();
    let both = use_memo(scenario.clone(), |s| both_policies(s));
    // Built once per board, not on every render (a big board has thousands of pods).
    let chart = use_memo(both.clone(), {
        let scenario = scenario.clone();
        move |both| ChartData::new(&scenario, &both.0, &both.1)
    });
    let shares = match scenario.service.external_traffic_policy {
        ExternalTrafficPolicy::Cluster => both.0.clone(),
        ExternalTrafficPolicy::Local => both.1.clone(),
    };
    let presenter = use_state(|| opening.present && !opening.embed);
    let help = use_state(|| false);
    // Phones get a board one node wide; an embed and presenter mode keep the
    // wide board, which fits short frames and projectors.
    let narrow = use_media_query(NARROW_SCREEN) && !opening.embed && !*presenter;
    let layout = use_memo((scenario.clone(), narrow, *presenter), |(s, narrow, presenter)| match (narrow, presenter) {
        (true, _) => Layout::narrow(s),
        (_, true) => Layout::presenter(s),
        _ => Layout::of(s),
    });
    let traffic = use_traffic(opening.view);
    let callbacks = traffic.callbacks(&scenario, &layout);
    {
        // A link that was following a connection follows one again.
        let (follow, on_follow_next) = (opening.view.follow, callbacks.on_follow_next.clone());
        use_effect_with((), move |()| {
            if follow {
                on_follow_next.emit(());
            }
        });
    }
    use_history_navigation(state.dispatcher(), callbacks.on_view.clone());
    use_shortcuts(
        Snapshot {
            playing: *traffic.playing,
            health_check: scenario.load_balancer.health_check,
            lesson: state.lesson,
            presenter: *presenter,
            help: *help,
        },
        Handles {
            dispatch: state.dispatcher(),
            set_presenter: set(&presenter),
            set_help: set(&help),
            on_play: callbacks.on_play.clone(),
            on_follow_next: callbacks.on_follow_next.clone(),
        },
    );
    let selected = match state.selected {
        Some(Selection::Pod(pod)) => Some(pod),
        _ => None,
    };
    let view = View { selected, follow: traffic.follow.is_some(), playing: *traffic.playing, pace: *traffic.pace };
    // Encoded on every change only for boards the address bar carries; the
    // Share panel makes the link of a bigger board when asked.
    let board = use_memo(LinkKey { scenario: scenario.clone(), preset: state.preset, view }, |key| {
        let carried = key.scenario.pods().len() <= AUTO_LINK_MAX_PODS;
        carried
            .then(|| Rc::new(encode(&Link { scenario: (*key.scenario).clone(), preset: key.preset, view: key.view })))
    });
    let board: Option<Rc<String>> = (*board).clone();
    use_address_bar(scenario.clone(), board.clone(), PageMode { lesson: state.lesson, present: *presenter });
    let on_select_pod =
        use_callback(state.dispatcher(), |pod, d| d.dispatch(Action::Select(Some(Selection::Pod(pod)))));
    let page = Page {
        state: &state,
        scenario: &scenario,
        shares: &shares,
        layout: &layout,
        board: board.as_deref().map_or("", String::as_str),
        view,
        set_presenter: set(&presenter),
        set_help: set(&help),
        on_select_pod,
        chart,
    };
    let shown = if opening.embed {
        embed_page(&page, &traffic, callbacks)
    } else if *presenter {
        presenter_page(&page, &traffic, callbacks)
    } else {
        full_page(&page, &traffic, callbacks)
    };
    html! {
        <>
            { shown }
            if *help { <ShortcutsHelp on_close={set(&help)} /> }
        </>
    }
}

/// A callback that sets a boolean state.
fn set(handle: &UseStateHandle<bool>) -> Callback<bool> {
    let handle = handle.clone();
    Callback::from(move |on| handle.set(on))
}

/// The root's classes: `numbers-hidden` while a lesson step waits for a
/// prediction, so the board does not give the answer away.
fn root_classes(state: &State, base: &'static str) -> Classes {
    let waiting = state.lesson.is_some_and(|at| !at.revealed);
    classes!(base, waiting.then_some("numbers-hidden"))
}

/// The lesson step, if one is on screen.
fn lesson_panel(page: &Page, on_play: &Callback<bool>) -> Html {
    let Some(at) = page.state.lesson else { return Html::default() };
    let on_reveal = on_play.reform(|()| true);
    html! { <LessonPanel key={format!("{}-{}", at.lesson.id, at.step)} {at} dispatch={page.state.dispatcher()} {on_reveal} /> }
}

/// What both ways of showing the page draw from.
struct Page<'a> {
    state: &'a UseReducerHandle<State>,
    scenario: &'a Rc<Scenario>,
    shares: &'a Rc<Shares>,
    layout: &'a Rc<Layout>,
    /// The encoded board, or "" for a board too big to carry in the address bar.
    board: &'a str,
    view: View,
    set_presenter: Callback<bool>,
    set_help: Callback<bool>,
    /// A pod picked in the shares table.
    on_select_pod: Callback<PodId>,
    chart: Rc<ChartData>,
}

fn board_stack(
    page: &Page,
    traffic: &crate::traffic::Traffic,
    on_follow: Callback<u64>,
    on_tick: Callback<()>,
) -> Html {
    let Page { state, scenario, shares, layout, .. } = page;
    let hide_shares = state.lesson.is_some_and(|at| !at.revealed);
    html! {
        <div class="board-scroll">
            <div class="board-stack">
                <Board scenario={(*scenario).clone()} shares={(*shares).clone()} layout={(*layout).clone()}
                    selected={state.selected} dispatch={state.dispatcher()} {hide_shares} />
                <ControllerLayer scenario={(*scenario).clone()} shares={(*shares).clone()} layout={(*layout).clone()}
                    {hide_shares} />
                <PacketLayer flow={traffic.flow.clone()} scenario={(*scenario).clone()} layout={(*layout).clone()}
                    playing={*traffic.playing} pace={*traffic.pace} discrete={traffic.discrete}
                    follow={*traffic.follow} {on_follow} {on_tick} />
            </div>
        </div>
    }
}

fn full_page(page: &Page, traffic: &Traffic, callbacks: TrafficCallbacks) -> Html {
    let TrafficCallbacks {
        on_tick,
        on_play,
        on_pace,
        on_step,
        on_follow,
        on_follow_next,
        on_unfollow,
        on_reset_counts,
        ..
    } = callbacks;
    let Page { state, scenario, shares, .. } = page;
    let lesson = lesson_panel(page, &on_play);
    let chart = page.chart.clone();
    let dispatch = state.dispatcher();
    let service = &scenario.service;
    html! {
        <div class={root_classes(state, "app")}>
            <header class="top">
                <h1>{ "trafficlab" }<span class="tagline">{ " · externalTrafficPolicy, seen" }</span></h1>
                <Toolbar preset={state.preset} undo={state.undo_label().map(|l| AttrValue::from(l.to_string()))}
                    redo={state.redo_label().map(|l| AttrValue::from(l.to_string()))}
                    lesson={state.lesson.map(|at| at.lesson.id)} dispatch={dispatch.clone()}
                    on_presenter={page.set_presenter.clone()} />
                <p class="lede">
                    <strong>{ scenario.title.clone().unwrap_or_else(|| "Custom scenario".into()) }</strong>
                    if state.is_modified() { <span class="modified">{ " (modified)" }</span> }
                    // A lesson step says its own thing (and a preset's description
                    // could give its answer away).
                    if state.lesson.is_none() {
                        { scenario.description.as_ref().map(|d| format!(" — {d}")).unwrap_or_default() }
                    }
                </p>
            </header>
            { lesson }
            // The board comes first in the document (and in Tab order); the
            // stylesheet places the panels around it at each screen size.
            <div class="workspace">
                <main class="center">
                    <TrafficControls playing={*traffic.playing} pace={*traffic.pace} discrete={traffic.discrete}
                        {on_play} {on_pace} {on_step} {on_follow_next} {on_reset_counts} />
                    { board_stack(page, traffic, on_follow, on_tick) }
                    <Status notice={state.notice.clone()} />
                    <ShareChart data={chart} />
                </main>
                <aside class="left" aria-label="Settings">
                    <Controls policy={service.external_traffic_policy} service_type={service.service_type}
                        health_check={scenario.load_balancer.health_check} weighting={scenario.load_balancer.weighting}
                        provider={scenario.load_balancer.provider} traffic_distribution={service.traffic_distribution}
                        zoned={scenario.nodes().iter().any(|n| n.zone.is_some())} dispatch={dispatch.clone()} />
                    <ClientIpControls scenario={(*scenario).clone()} shares={(*shares).clone()}
                        dispatch={dispatch.clone()} />
                    <Inspector scenario={(*scenario).clone()} selected={state.selected} dispatch={dispatch.clone()} />
                    <SharePanel scenario={(*scenario).clone()} view={page.view} preset={state.preset} modified={state.is_modified()}
                        dispatch={dispatch.clone()} />
                </aside>
                <aside class="right" aria-label="Numbers">
                    <Summary scenario={(*scenario).clone()} shares={(*shares).clone()} />
                    <SharesTable scenario={(*scenario).clone()} shares={(*shares).clone()} selected={page.view.selected}
                        on_select={page.on_select_pod.clone()} />
                    if let Some(follow) = *traffic.follow {
                        <TracePanel flow={traffic.flow.clone()} scenario={(*scenario).clone()} {follow}
                            on_close={on_unfollow} tick={*traffic.tick} />
                    } else {
                        <ObservedPanel flow={traffic.flow.clone()} scenario={(*scenario).clone()}
                            shares={(*shares).clone()} tick={*traffic.tick} />
                    }
                </aside>
            </div>
        </div>
    }
}

/// Presenter mode: the board fills the screen under a thin strip, with the
/// lesson step (if any) above it.
fn presenter_page(page: &Page, traffic: &Traffic, callbacks: TrafficCallbacks) -> Html {
    let Page { state, scenario, .. } = page;
    let title = state.marked_title();
    let lesson = lesson_panel(page, &callbacks.on_play);
    html! {
        <div class={root_classes(state, "app presenter")}>
            <header class="presenter-head">
                <PresenterStrip {title} policy={scenario.service.external_traffic_policy}
                    health_check={scenario.load_balancer.health_check} playing={*traffic.playing}
                    dispatch={state.dispatcher()} on_play={callbacks.on_play.clone()}
                    on_follow_next={callbacks.on_follow_next.clone()} on_help={page.set_help.clone()}
                    on_exit={page.set_presenter.clone()} />
            </header>
            { lesson }
            <main class="presenter-board">
                { board_stack(page, traffic, callbacks.on_follow, callbacks.on_tick) }
                <Status notice={state.notice.clone()} />
            </main>
        </div>
    }
}

/// `?embed=1`: the board fills the frame under a thin strip, and the frame's
/// parent is told the height at which the board is not letterboxed.
fn embed_page(page: &Page, traffic: &Traffic, callbacks: TrafficCallbacks) -> Html {
    let Page { state, scenario, layout, board, .. } = page;
    let title = state.marked_title();
    let full_page = absolute_link(board, false).unwrap_or_default();
    html! {
        <div class="embed">
            <HeightReporter width={layout.width} height={layout.height} />
            <EmbedStrip title={title} policy={scenario.service.external_traffic_policy} playing={*traffic.playing}
                full_page={full_page} on_play={callbacks.on_play.clone()} dispatch={state.dispatcher()} />
            <main>
                { board_stack(page, traffic, callbacks.on_follow, callbacks.on_tick) }
                <Status notice={state.notice.clone()} />
            </main>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct HeightProps {
    width: f64,
    height: f64,
}

/// Posts the preferred height on load, when the board changes shape, and
/// when the frame is resized.
#[component]
fn HeightReporter(props: &HeightProps) -> Html {
    let (width, height) = (props.width, props.height);
    use_effect_with((width.to_bits(), height.to_bits()), move |_| {
        let report = move || {
            let frame_width = gloo::utils::document().document_element().map_or(0, |e| e.client_width());
            post_height(preferred_height(width, height, f64::from(frame_width)));
        };
        report();
        let listener = EventListener::new(&gloo::utils::window(), "resize", move |_| report());
        move || drop(listener)
    });
    Html::default()
}
