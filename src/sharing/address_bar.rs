//! Keeps the address bar in step with the board, so that a reload, a
//! bookmark or a copied address reopens exactly this board, and Back and
//! Forward walk through the edits.
//!
//! A committed edit (a drop, a setting, a preset) pushes a history entry; a
//! change of view (selection, play, speed) replaces the current one. A drag
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
use crate::state::{Action, Opened, State};

/// Larger boards are not written into the address bar on every edit.
pub const AUTO_LINK_MAX_PODS: usize = 5_000;

/// The current address with `board` set to `value`.
pub fn address_with_board(value: &str) -> Option<String> {
    let location = web_sys::window()?.location();
    let (path, search, hash) = (location.pathname().ok()?, location.search().ok()?, location.hash().ok()?);
    Some(format!("{path}{}{hash}", query::with_board(&search, value)))
}

/// Writes `board` (the encoded link of `scenario`) into the address bar.
#[hook]
pub fn use_address_bar(scenario: Rc<Scenario>, board: Rc<String>) {
    let last = use_mut_ref(|| None::<Rc<Scenario>>);
    use_effect_with(board, move |board| {
        let previous = last.borrow_mut().replace(scenario.clone());
        if scenario.pods().len() > AUTO_LINK_MAX_PODS {
            return;
        }
        let Some(window) = web_sys::window() else { return };
        let (Ok(history), Ok(search)) = (window.history(), window.location().search()) else { return };
        let Some(address) = address_with_board(board) else { return };
        if query::with_board(&search, board) == search {
            return; // Already there: the page opened this link, or Back came here.
        }
        let edited = previous.is_some_and(|p| !Rc::ptr_eq(&p, &scenario) && *p != *scenario);
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
                    dispatch.dispatch(Action::Open(Box::new(Opened {
                        scenario: link.scenario,
                        preset: link.preset,
                        selected,
                        label,
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
/// Copy link, the embed code and "Open in trafficlab" hand out.
pub fn absolute_link(board: &str, embed: bool) -> Option<String> {
    let location = web_sys::window()?.location();
    let (origin, path, search) = (location.origin().ok()?, location.pathname().ok()?, location.search().ok()?);
    let search = query::with_embed(&query::with_board(&search, board), embed);
    Some(format!("{origin}{path}{search}"))
}
