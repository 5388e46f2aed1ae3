//! Presenter mode and the single-key shortcuts a trainer drives a session
//! with: P enters presenter mode (the board fills the screen, controls
//! shrink to a strip), Escape leaves it, ←/→ walk the lesson, Space plays
//! or pauses, C and L switch the policy, H toggles health checks, F follows
//! the next connection, R resets, ? lists them all.
//!
//! Keys never act while the person types (text fields, selects), and the
//! ones that native controls use (Space on a button, arrows on a radio
//! group, anything on a focused pod, which the board handles) are left to
//! them. The listener is registered once; it reads what it needs from a
//! snapshot the page refreshes on every render.
//!
//! While a modal dialog is open (the shortcut list, Compare fixes, Import
//! from kubectl) the page behind it is inert, and so are its keys: only `?`
//! still closes the shortcut list, and Escape is the dialog's own (the
//! browser closes a modal `<dialog>` on it); `components::modal` opens such a dialog.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use trafficlab_core::ExternalTrafficPolicy;
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

use crate::sharing::files::in_text_field;
use crate::state::{Action, LessonAt, State};

/// Every shortcut, as the help overlay lists them.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("P", "presenter mode on or off"),
    ("Escape", "leave presenter mode (or close this list)"),
    ("← / →", "previous or next lesson step"),
    ("Space", "play or pause the packets"),
    ("C / L", "externalTrafficPolicy: Cluster / Local"),
    ("H", "load balancer health checks on or off"),
    ("F", "follow the next connection"),
    ("R", "reset the board"),
    ("?", "show or hide this list"),
    ("Ctrl+Z / Ctrl+Shift+Z", "undo / redo"),
];

/// What the shortcuts read when a key comes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Snapshot {
    pub playing: bool,
    pub health_check: bool,
    pub lesson: Option<LessonAt>,
    pub presenter: bool,
    pub help: bool,
}

/// What the shortcuts do besides dispatching actions.
#[derive(Clone)]
pub struct Handles {
    pub dispatch: UseReducerDispatcher<State>,
    pub set_presenter: Callback<bool>,
    pub set_help: Callback<bool>,
    pub on_play: Callback<bool>,
    pub on_follow_next: Callback<()>,
}

/// What a key does, given where it was pressed and the page's state.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    Presenter(bool),
    Help(bool),
    Play(bool),
    FollowNext,
    Do(Action),
}

/// Where a key was pressed, as far as the shortcuts care.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Target {
    /// A text field or select: every key is typing.
    pub typing: bool,
    /// A button, link, checkbox or radio: Space and arrows are theirs.
    pub control: bool,
    /// Inside the board (a pod chip): Space, arrows and Escape are its own.
    pub board: bool,
    /// A modal dialog is open: the page behind it takes no keys.
    pub dialog: bool,
}

/// The command for `key` (as `KeyboardEvent.key` names it), if any. Pure.
pub fn command(key: &str, target: Target, now: &Snapshot) -> Option<Command> {
    if target.typing {
        return None;
    }
    if target.dialog {
        return (key == "?" && now.help).then_some(Command::Help(false));
    }
    let native = target.control || target.board;
    Some(match key {
        "p" | "P" => Command::Presenter(!now.presenter),
        "?" => Command::Help(!now.help),
        "Escape" if now.help => Command::Help(false),
        "Escape" if now.presenter && !target.board => Command::Presenter(false),
        " " if !native => Command::Play(!now.playing),
        "c" | "C" => Command::Do(Action::SetPolicy(ExternalTrafficPolicy::Cluster)),
        "l" | "L" => Command::Do(Action::SetPolicy(ExternalTrafficPolicy::Local)),
        "h" | "H" => Command::Do(Action::SetHealthCheck(!now.health_check)),
        "f" | "F" => Command::FollowNext,
        "r" | "R" => Command::Do(Action::Reset),
        "ArrowLeft" | "ArrowRight" if !native => {
            let at = now.lesson?;
            let step = if key == "ArrowLeft" { at.step.checked_sub(1)? } else { at.step + 1 };
            (step < at.lesson.steps.len()).then_some(())?;
            Command::Do(Action::GoToStep { lesson: at.lesson.id, step })
        }
        _ => return None,
    })
}

fn target_of(event: &KeyboardEvent) -> Target {
    let element = event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    let Some(element) = element else { return Target::default() };
    let control = matches!(element.tag_name().as_str(), "BUTTON" | "A" | "SUMMARY")
        || (element.tag_name() == "INPUT"
            && matches!(element.get_attribute("type").as_deref(), Some("radio" | "checkbox" | "button" | "file")));
    let board = element.closest("svg.board").ok().flatten().is_some();
    // A key pressed with focus nowhere (on the body) counts too.
    let dialog = gloo::utils::document().query_selector("dialog:modal").ok().flatten().is_some();
    Target { typing: in_text_field(event.target()), control, board, dialog }
}

/// Listens for the shortcuts on the whole page.
#[hook]
pub fn use_shortcuts(snapshot: Snapshot, handles: Handles) {
    let now = use_mut_ref(|| snapshot);
    *now.borrow_mut() = snapshot;
    // Refreshed every render too: callbacks carry the board they were made for.
    let current = use_mut_ref(|| handles.clone());
    *current.borrow_mut() = handles;
    let handles = current;
    use_effect_with((), move |()| {
        // Not passive: a handled key's default (scrolling on Space) is prevented.
        let options = EventListenerOptions::enable_prevent_default();
        let listener = EventListener::new_with_options(&gloo::utils::document(), "keydown", options, move |event| {
            let Some(e) = event.dyn_ref::<KeyboardEvent>() else { return };
            if e.ctrl_key() || e.meta_key() || e.alt_key() || e.default_prevented() {
                return;
            }
            let Some(command) = command(&e.key(), target_of(e), &now.borrow()) else { return };
            e.prevent_default();
            run(command, &handles);
        });
        move || drop(listener)
    });
}

fn run(command: Command, handles: &Rc<RefCell<Handles>>) {
    let h = handles.borrow().clone();
    match command {
        Command::Presenter(on) => h.set_presenter.emit(on),
        Command::Help(on) => h.set_help.emit(on),
        Command::Play(on) => h.on_play.emit(on),
        Command::FollowNext => h.on_follow_next.emit(()),
        Command::Do(action) => h.dispatch.dispatch(action),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::LESSONS;

    fn snapshot() -> Snapshot {
        Snapshot { playing: true, health_check: true, lesson: None, presenter: true, help: false }
    }

    #[test]
    fn letters_drive_the_board_but_never_while_typing() {
        let now = snapshot();
        let free = Target::default();
        assert_eq!(command("c", free, &now), Some(Command::Do(Action::SetPolicy(ExternalTrafficPolicy::Cluster))));
        assert_eq!(command("H", free, &now), Some(Command::Do(Action::SetHealthCheck(false))));
        assert_eq!(command(" ", free, &now), Some(Command::Play(false)));
        assert_eq!(command("c", Target { typing: true, ..free }, &now), None);
    }

    #[test]
    fn space_and_escape_belong_to_focused_controls_and_pods() {
        let now = snapshot();
        assert_eq!(command(" ", Target { control: true, ..Target::default() }, &now), None);
        assert_eq!(command("Escape", Target { board: true, ..Target::default() }, &now), None);
        assert_eq!(command("Escape", Target::default(), &now), Some(Command::Presenter(false)));
        let help = Snapshot { help: true, ..now };
        assert_eq!(command("Escape", Target::default(), &help), Some(Command::Help(false)));
    }

    #[test]
    fn arrows_walk_the_lesson_within_its_steps() {
        let lesson = &LESSONS[0];
        let at = |step| Snapshot { lesson: Some(LessonAt { lesson, step, revealed: false }), ..snapshot() };
        let to = |step| Some(Command::Do(Action::GoToStep { lesson: lesson.id, step }));
        assert_eq!(command("ArrowRight", Target::default(), &at(2)), to(3));
        assert_eq!(command("ArrowLeft", Target::default(), &at(2)), to(1));
        assert_eq!(command("ArrowLeft", Target::default(), &at(0)), None);
        assert_eq!(command("ArrowRight", Target::default(), &at(lesson.steps.len() - 1)), None);
        assert_eq!(command("ArrowRight", Target::default(), &snapshot()), None, "no lesson");
    }

    #[test]
    fn a_modal_dialog_silences_the_page_but_question_mark_still_closes_the_list() {
        let dialog = Target { dialog: true, ..Target::default() };
        let now = snapshot();
        for key in ["c", "l", "h", "r", "f", "p", " ", "ArrowRight", "Escape", "?"] {
            assert_eq!(command(key, dialog, &now), None, "{key:?} behind a dialog");
        }
        let help = Snapshot { help: true, ..now };
        assert_eq!(command("?", dialog, &help), Some(Command::Help(false)));
        assert_eq!(command("Escape", dialog, &help), None, "Escape is the dialog's own");
    }
}
