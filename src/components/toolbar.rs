//! The top bar: presets, lessons, undo, redo, reset and presenter mode.

use yew::prelude::*;

use super::select::Select;
use crate::lessons::LESSONS;
use crate::presets::PRESETS;
use crate::state::{Action, State};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub preset: Option<&'static str>,
    pub undo: Option<AttrValue>,
    pub redo: Option<AttrValue>,
    /// The lesson on screen, if any (its id).
    pub lesson: Option<&'static str>,
    pub dispatch: UseReducerDispatcher<State>,
    pub on_presenter: Callback<bool>,
}

#[component]
pub fn Toolbar(props: &Props) -> Html {
    let d = props.dispatch.clone();
    let on_preset = {
        let d = d.clone();
        Callback::from(move |value: String| {
            if let Some(preset) = PRESETS.iter().find(|p| p.id == value) {
                d.dispatch(Action::LoadPreset(preset.id));
            }
        })
    };
    let button = |label: &'static str, shortcut: &'static str, title: Option<String>, action: Action| {
        let d = d.clone();
        let disabled = title.is_none() && !matches!(action, Action::Reset);
        let onclick = Callback::from(move |_: MouseEvent| d.dispatch(action.clone()));
        let title = title.map_or_else(|| format!("{label} ({shortcut})"), |t| format!("{label}: {t} ({shortcut})"));
        html! { <button type="button" {onclick} {disabled} {title} aria-keyshortcuts={shortcut}>{ label }</button> }
    };
    let on_lesson = {
        let d = d.clone();
        Callback::from(move |value: String| match LESSONS.iter().find(|l| l.id == value) {
            Some(lesson) => d.dispatch(Action::GoToStep { lesson: lesson.id, step: 0 }),
            None => d.dispatch(Action::LeaveLesson),
        })
    };
    let lessons = LESSONS.iter().map(|l| {
        html! { <option value={l.id} selected={props.lesson == Some(l.id)}>{ l.title }</option> }
    });
    let presenter = props.on_presenter.reform(|_: MouseEvent| true);
    let options = PRESETS.iter().map(|p| {
        let title = p.scenario().ok().and_then(|s| s.title).unwrap_or_else(|| p.id.to_string());
        html! { <option value={p.id} selected={props.preset == Some(p.id)}>{ title }</option> }
    });
    html! {
        <div class="toolbar">
            <label class="preset">
                { "Preset " }
                <Select label="Preset" value={props.preset.unwrap_or_default()} on_pick={on_preset}>
                    if props.preset.is_none() { <option value="" selected=true>{ "(custom)" }</option> }
                    { for options }
                </Select>
            </label>
            <label class="lesson-picker">
                { "Lesson " }
                <Select label="Lesson" value={props.lesson.unwrap_or_default()} on_pick={on_lesson}>
                    <option value="" selected={props.lesson.is_none()}>{ "Free board" }</option>
                    { for lessons }
                </Select>
            </label>
            { button("Undo", "Control+Z", props.undo.as_ref().map(|t| t.to_string()), Action::Undo) }
            { button("Redo", "Control+Shift+Z", props.redo.as_ref().map(|t| t.to_string()), Action::Redo) }
            { button("Reset", "R", Some("back to the loaded preset".into()), Action::Reset) }
            <button type="button" onclick={presenter} aria-keyshortcuts="P" title="the board fills the screen (P; Escape leaves)">{ "Presenter mode" }</button>
        </div>
    }
}
