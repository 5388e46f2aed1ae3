//! Keeps the address bar in step with the board, so that a reload, a
//! bookmark or a copied address reopens exactly this board, and Back and
//! Forward walk through the edits.
//!
//! A committed edit (a drop, a setting, a preset), a step to another lesson
//! step and leaving or starting a lesson push a history entry, even when the
//! board stays the same (two steps may share one); a change of view
//! (selection, play, speed, presenter mode, a revealed answer) replaces the
//! current one. A drag
//! in progress changes nothing, so it never floods the history. Boards past
//! [`AUTO_LINK_MAX_PODS`] are left out of the address bar (their link is
//! hundreds of KB); Copy link still gives it.

use std::rc::Rc;

use gloo::events::EventListener;
use trafficlab_core::Scenario;
use wasm_bindgen::JsValue;
use yew::prelude::*;

use super::link::{decode, View};
use super::query::{self, PageQuery};
use crate::lessons::Lesson;
use crate::state::{Action, LessonAt, Opened, State};

/// Larger boards are not written into the address bar on every edit.
pub const AUTO_LINK_MAX_PODS: usize = 5_000;

/// What the address bar shows besides the board: the lesson step and
/// presenter mode.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PageMode {
    pub lesson: Option<LessonAt>,
    pub present: bool,
}

/// Which lesson step the page is on (`None`: none), as the history sees it.
fn place(mode: PageMode) -> Option<(&'static str, usize)> {
    mode.lesson.map(|at| (at.lesson.id, at.step))
}

/// `search` with the board, the lesson step and presenter mode set.
fn search_for(search: &str, board: &str, mode: PageMode) -> String {
    let step = mode.lesson.map(|at| (at.step + 1).to_string());
    let with_board = query::with_board(search, board);
    query::with_params(
        &with_board,
        &[
            (query::LESSON, mode.lesson.map(|at| at.lesson.id)),
            (query::STEP, step.as_deref()),
            (query::PRESENT, mode.present.then_some("1")),
        ],
    )
}

/// Writes `board` (the encoded link of `scenario`) and `mode` into the
/// address bar.
#[hook]
pub fn use_address_bar(scenario: Rc<Scenario>, board: Option<Rc<String>>, mode: PageMode) {
    let last = use_mut_ref(|| None::<(Rc<Scenario>, PageMode)>);
    use_effect_with((board, mode), move |(board, mode)| {
        let previous = last.borrow_mut().replace((scenario.clone(), *mode));
        // None: a board too big to carry in the address bar (see AUTO_LINK_MAX_PODS).
        let Some(board) = board else { return };
        let Some(window) = web_sys::window() else { return };
        let location = window.location();
        let (Ok(history), Ok(search), Ok(path), Ok(hash)) =
            (window.history(), location.search(), location.pathname(), location.hash())
        else {
            return;
        };
        let wanted = search_for(&search, board, *mode);
        if wanted == search {
            return; // Already there: the page opened this link, or Back came here.
        }
        let address = format!("{path}{wanted}{hash}");
        let edited = previous.is_some_and(|(p, previous_mode)| {
            (!Rc::ptr_eq(&p, &scenario) && *p != *scenario) || place(previous_mode) != place(*mode)
        });
        let _ = if edited {
            history.push_state_with_url(&JsValue::NULL, "", Some(&address))
        } else {
            history.replace_state_with_url(&JsValue::NULL, "", Some(&address))
        };
    });
}

/// Back and Forward: reopens the board of the entry the browser went to.
#[hook]
pub fn use_history_navigation(dispatch: UseReducerDispatcher<State>, on_view: Callback<View>) {
    use_effect_with((), move |()| {
        let listener = EventListener::new(&gloo::utils::window(), "popstate", move |_| {
            let search = gloo::utils::window().location().search().unwrap_or_default();
            let Some(board) = PageQuery::parse(&search).board else { return };
            match decode(&board) {
                Ok(link) => {
                    let label = "Went to another board in the browser's history".to_string();
                    let selected = link.view.selected;
                    let query = PageQuery::parse(&search);
                    let lesson = query
                        .lesson
                        .as_deref()
                        .and_then(Lesson::by_id)
                        .and_then(|lesson| LessonAt::of(lesson.id, lesson.step_from_link(query.step.as_deref()).0));
                    dispatch.dispatch(Action::Open(Box::new(Opened {
                        scenario: link.scenario,
                        preset: link.preset,
                        selected,
                        label,
                        lesson,
                    })));
                    on_view.emit(link.view);
                }
                Err(error) => dispatch.dispatch(Action::Warn(format!("That page's link could not be opened: {error}"))),
            }
        });
        move || drop(listener)
    });
}

/// The full address of this page showing `board`, embedded or not: what
/// Copy link, the embed code and "Open in trafficlab" hand out. An empty
/// `board` keeps the page's own query (`generate=…`, say).
pub fn absolute_link(board: &str, embed: bool) -> Option<String> {
    let location = web_sys::window()?.location();
    let (origin, path, search) = (location.origin().ok()?, location.pathname().ok()?, location.search().ok()?);
    // "" (a board too big for the address bar): the page's own parameters.
    let search = if board.is_empty() { search } else { query::with_board(&search, board) };
    let search = query::with_embed(&search, embed);
    Some(format!("{origin}{path}{search}"))
}
