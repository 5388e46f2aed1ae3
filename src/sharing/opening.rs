//! What the page opens with, from its query string: the board in a link
//! (`board=`), a generated cluster (`generate=`), or the default preset; and
//! whether it is embedded (`embed=1`). A link or parameter that cannot be
//! used never blanks the page: the default board opens with a message that
//! says what was wrong.

use trafficlab_core::Scenario;

use super::link::{decode, View};
use super::query::PageQuery;
use crate::lessons::Lesson;
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
        let lesson = query.lesson.as_deref().map(|id| LessonLink::read(id, query.step.as_deref()));
        let at = lesson.as_ref().and_then(LessonLink::at);
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
            (None, None) => match at {
                Some(at) => {
                    (default_state().apply(Action::GoToStep { lesson: at.lesson.id, step: at.step }), View::default())
                }
                None => (default_state(), View::default()),
            },
        };
        // A lesson or step the link got wrong is said after the board opens.
        let state = match lesson.and_then(LessonLink::problem) {
            Some(problem) => state.apply(Action::Warn(problem)),
            None => state,
        };
        Opening { state, view, embed: query.embed, present: query.present }
    }
}

/// What a link's `lesson=` and `step=` ask for: a step to open, perhaps with
/// a sentence saying it is not quite the one asked for, or why none opens.
enum LessonLink {
    Step { at: LessonAt, note: Option<String> },
    Unknown(String),
}

impl LessonLink {
    fn read(id: &str, step: Option<&str>) -> Self {
        match Lesson::named(id) {
            Ok(lesson) => {
                let (step, note) = lesson.step_from_link(step);
                match LessonAt::of(lesson.id, step) {
                    Some(at) => LessonLink::Step { at, note },
                    None => LessonLink::Unknown(format!("{} has no steps.", lesson.title)),
                }
            }
            Err(problem) => LessonLink::Unknown(problem),
        }
    }

    fn at(&self) -> Option<LessonAt> {
        match self {
            LessonLink::Step { at, .. } => Some(*at),
            LessonLink::Unknown(_) => None,
        }
    }

    fn problem(self) -> Option<String> {
        match self {
            LessonLink::Step { note, .. } => note,
            LessonLink::Unknown(problem) => Some(format!("{problem} The default board is shown instead.")),
        }
    }
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
    }

    #[test]
    fn an_unknown_lesson_is_named_and_the_lessons_listed() {
        let unknown = Opening::from_search("?lesson=nope");
        assert!(unknown.state.lesson.is_none());
        assert_eq!(*unknown.state.scenario, presets::default_scenario().unwrap());
        let notice = unknown.state.notice.unwrap();
        assert!(notice.is_error);
        assert!(notice.text.contains("\"nope\""), "{}", notice.text);
        assert!(
            notice.text.contains("external-traffic-policy (externalTrafficPolicy in seven steps)"),
            "{}",
            notice.text
        );
    }

    #[test]
    fn a_step_past_the_end_opens_the_last_and_a_bad_one_the_first() {
        let last = Opening::from_search("?lesson=external-traffic-policy&step=99");
        let at = last.state.lesson.unwrap();
        assert_eq!((at.step, at.revealed), (6, false));
        let text = last.state.notice.unwrap().text;
        assert!(text.contains("has 7 steps, not 99: this is step 7, the last"), "{text}");
        for bad in ["0", "x", "-2", ""] {
            let first = Opening::from_search(&format!("?lesson=external-traffic-policy&step={bad}"));
            assert_eq!(first.state.lesson.unwrap().step, 0, "step={bad}");
            let text = first.state.notice.unwrap().text;
            assert!(text.contains("this is step 1"), "step={bad}: {text}");
        }
        let plain = Opening::from_search("?lesson=external-traffic-policy&step=2");
        assert!(!plain.state.notice.unwrap().is_error, "a good step says only where the learner is");
    }

    #[test]
    fn generate_still_works_and_a_bad_value_is_reported() {
        assert_eq!(Opening::from_search("?generate=3x6").state.scenario.pods().len(), 6);
        assert!(Opening::from_search("?generate=lots").state.notice.unwrap().is_error);
    }
}
