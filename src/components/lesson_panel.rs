//! The lesson step on screen: where the learner is (step 3 of 7), the one
//! thing the step says, the prediction it asks for, and after Reveal the
//! exact answer, how far the guess was, and the explanation.
//!
//! The texts and answers come from `lessons` (computed by the core for the
//! step's own board); the guess is the only state kept here, and it starts
//! empty on every step (the component is keyed by step).

use std::rc::Rc;

use yew::prelude::*;

use crate::lessons::step::fill;
use crate::lessons::Question;
use crate::state::{Action, LessonAt, State};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub at: LessonAt,
    pub dispatch: UseReducerDispatcher<State>,
    /// Called on Reveal: the board animates the answer.
    pub on_reveal: Callback<()>,
}

#[component]
pub fn LessonPanel(props: &Props) -> Html {
    let guess = use_state(String::new);
    let (at, d) = (props.at, props.dispatch.clone());
    let scenario = use_memo((at.lesson.id, at.step), move |_| at.step().and_then(|s| s.scenario().ok()).map(Rc::new));
    let (Some(step), Some(board)) = (at.step(), (*scenario).clone()) else {
        return html! { <section class="lesson" aria-label="Lesson step"><p>{ "This step's board could not be built." }</p></section> };
    };
    let count = at.lesson.steps.len();
    let go = |to: usize| {
        let (d, lesson) = (d.clone(), at.lesson.id);
        Callback::from(move |_: MouseEvent| d.dispatch(Action::GoToStep { lesson, step: to }))
    };
    let reveal = {
        let (d, on_reveal) = (d.clone(), props.on_reveal.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            d.dispatch(Action::Reveal);
            on_reveal.emit(());
        })
    };
    let leave = {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::LeaveLesson))
    };
    let question = step.question.as_ref().map(|q| {
        let feedback = at.revealed.then(|| q.feedback(&board, &guess));
        html! {
            <form onsubmit={reveal.clone()}>
                <div class="prediction" role="group" aria-label="Your prediction">
                    { prediction_input(q, &board, &guess, at.revealed) }
                    <button type="submit" disabled={at.revealed}>{ "Reveal" }</button>
                    if let Some(feedback) = feedback {
                        <p class={classes!("feedback", feedback.correct.then_some("correct"))}>{ feedback.text }</p>
                    }
                </div>
            </form>
        }
    });
    html! {
        <section class="lesson" aria-label="Lesson step">
            <div class="lesson-head">
                <span class="lesson-progress">{ format!("Step {} of {count}", at.step + 1) }</span>
                <h2>{ step.title }</h2>
            </div>
            <p class="lesson-text">{ fill(step.text, &board) }</p>
            { question.unwrap_or_default() }
            if at.revealed { <p class="lesson-explain">{ fill(step.explain, &board) }</p> }
            <div class="lesson-nav">
                <button type="button" onclick={go(at.step.saturating_sub(1))} disabled={at.step == 0}
                    aria-keyshortcuts="ArrowLeft">{ "Previous step" }</button>
                <button type="button" onclick={go(at.step + 1)} disabled={at.step + 1 >= count}
                    aria-keyshortcuts="ArrowRight">{ "Next step" }</button>
                <button type="button" class="leave" onclick={leave}>{ "Leave lesson" }</button>
            </div>
        </section>
    }
}

/// A number input for a percentage, or one radio button per option.
fn prediction_input(
    question: &Question,
    board: &trafficlab_core::Scenario,
    guess: &UseStateHandle<String>,
    revealed: bool,
) -> Html {
    match question {
        Question::Percent { prompt, .. } => {
            let guess = guess.clone();
            let oninput = Callback::from(move |e: InputEvent| {
                if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                    guess.set(input.value());
                }
            });
            html! {
                <label class="prediction-number">{ *prompt }
                    <span><input type="number" min="0" max="100" step="0.1" inputmode="decimal" required=true
                        disabled={revealed} {oninput} />{ " %" }</span>
                </label>
            }
        }
        Question::Choice { prompt, options } => {
            let choices = options.iter().enumerate().map(|(i, (label, _))| {
                let checked = **guess == i.to_string();
                let guess = guess.clone();
                let onchange = Callback::from(move |_: Event| guess.set(i.to_string()));
                html! {
                    <label class="choice">
                        <input type="radio" name="prediction" required=true disabled={revealed} {checked} {onchange} />
                        { fill(label, board) }
                    </label>
                }
            });
            html! {
                <fieldset class="prediction-choices">
                    <legend>{ *prompt }</legend>
                    { for choices }
                </fieldset>
            }
        }
    }
}
