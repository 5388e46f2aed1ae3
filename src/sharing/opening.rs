//! What the page opens with, from its query string: the board in a link
//! (`board=`), a generated cluster (`generate=`), or the default preset; and
//! whether it is embedded (`embed=1`). A link or parameter that cannot be
//! used never blanks the page: the default board opens with a message that
//! says what was wrong.

use trafficlab_core::Scenario;

use super::link::{decode, View};
use super::query::PageQuery;
use crate::state::{Action, LessonAt, Opened, State};
use crate::{generate, presets};

/// The page's first state.
#[derive(Clone, Debug, PartialEq)]
pub struct Opening {
    pub state: State,
    pub view: View,
    pub embed: bool,
    /// `present=1`: start in presenter mode.
    pub present: bool,
}

impl Opening {
    /// Reads `location.search` (with or without its `?`).
    pub fn from_search(search: &str) -> Self {
        let query = PageQuery::parse(search);
        let lesson = query.lesson.as_deref().map(|id| (id, query.step.unwrap_or(1).saturating_sub(1)));
        let at = lesson.and_then(|(id, step)| LessonAt::of(id, step));
        let (state, view) = match (&query.board, generate::parse(search)) {
            (Some(board), _) => match decode(board) {
                Ok(link) => {
                    let (scenario, preset, selected) = (link.scenario, link.preset, link.view.selected);
                    let opened = Opened { scenario, preset, selected, label: String::new(), lesson: at };
                    (State::opened(opened), link.view)
                }
                Err(error) => (
                    default_state().apply(Action::Warn(format!(
                        "This link could not be opened: {error}. The default board is shown instead."
                    ))),
                    View::default(),
                ),
            },
            (None, Some(Ok((nodes, pods)))) => match generate::scenario(nodes, pods) {
                Ok(scenario) => (State::new(scenario, None), View::default()),
                Err(error) => (default_state().apply(Action::Warn(error.to_string())), View::default()),
            },
            (None, Some(Err(message))) => (default_state().apply(Action::Warn(message)), View::default()),
            (None, None) => match lesson {
                Some((id, step)) => {
                    (default_state().apply(Action::GoToStep { lesson: lesson_id(id), step }), View::default())
                }
                None => (default_state(), View::default()),
            },
        };
        Opening { state, view, embed: query.embed, present: query.present }
    }
}

/// The lesson's own id (`'static`), or the text as given, which the reducer
/// then reports as unknown.
fn lesson_id(id: &str) -> &'static str {
    crate::lessons::Lesson::by_id(id).map_or("(unknown lesson)", |l| l.id)
}

fn default_state() -> State {
    match presets::default_scenario() {
        Ok(s) => State::new(s, Some(presets::DEFAULT_PRESET)),
        // The presets are tested; this keeps the page alive if one ever broke.
        Err(e) => State::new(Scenario::default(), None)
            .apply(Action::Warn(format!("The default preset could not be read: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sharing::{encode, Link};

    #[test]
    fn a_link_opens_its_board_and_view() {
        let mut scenario = presets::default_scenario().unwrap();
        scenario.service.external_traffic_policy = trafficlab_core::ExternalTrafficPolicy::Cluster;
        let view = View { playing: false, ..View::default() };
        let link = Link { scenario: scenario.clone(), preset: Some(presets::DEFAULT_PRESET), view };
        let opening = Opening::from_search(&format!("?embed=1&board={}", encode(&link)));
        assert_eq!(*opening.state.scenario, scenario);
        assert!(opening.state.is_modified(), "an edited preset shows as modified");
        assert_eq!((opening.view, opening.embed), (view, true));
        assert!(opening.state.notice.is_none());
    }

    #[test]
    fn a_broken_link_opens_the_default_board_with_the_reason() {
        let opening = Opening::from_search("?board=1.AAAA");
        assert_eq!(*opening.state.scenario, presets::default_scenario().unwrap());
        let notice = opening.state.notice.unwrap();
        assert!(notice.is_error && notice.text.contains("could not be opened"), "{}", notice.text);
    }

    #[test]
    fn a_lesson_link_opens_the_step_with_its_answer_hidden() {
        let opening = Opening::from_search("?lesson=external-traffic-policy&step=4&present=1");
        let at = opening.state.lesson.unwrap();
        assert_eq!((at.step, at.revealed, opening.present), (3, false, true));
        assert_eq!(opening.state.scenario.pods().len(), 4, "the step's board: 3, 1 and 0 pods");
        let unknown = Opening::from_search("?lesson=nope");
        assert!(unknown.state.lesson.is_none() && unknown.state.notice.unwrap().is_error);
    }

    #[test]
    fn generate_still_works_and_a_bad_value_is_reported() {
        assert_eq!(Opening::from_search("?generate=3x6").state.scenario.pods().len(), 6);
        assert!(Opening::from_search("?generate=lots").state.notice.unwrap().is_error);
    }
}
