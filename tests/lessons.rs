//! The lessons, natively: every step builds its board from the core, every
//! placeholder fills in, every question has exactly one answer, the answers
//! are the worked examples' numbers, and no step gives its answer away
//! before Reveal.

use trafficlab::lessons::step::{changed, fill};
use trafficlab::lessons::{Answer, Change, Lesson, Question, LESSONS};

const EPS: f64 = 1e-12;

fn placeholders_of(lesson: &Lesson) -> Vec<(String, String)> {
    let mut texts = Vec::new();
    for (i, step) in lesson.steps.iter().enumerate() {
        let s = step.scenario().unwrap_or_else(|e| panic!("step {}: {e}", i + 1));
        texts.push((format!("step {} text", i + 1), fill(step.text, &s)));
        texts.push((format!("step {} explain", i + 1), fill(step.explain, &s)));
        if let Some(Question::Choice { options, .. }) = &step.question {
            texts.extend(options.iter().map(|(o, _)| (format!("step {} option", i + 1), fill(o, &s))));
        }
    }
    texts
}

#[test]
fn every_placeholder_is_filled_by_the_core() {
    for lesson in LESSONS {
        for (place, text) in placeholders_of(lesson) {
            assert!(!text.contains('{') && !text.contains('}'), "{}: {place}: {text}", lesson.id);
        }
    }
}

#[test]
fn every_question_has_exactly_one_answer() {
    for lesson in LESSONS {
        for (i, step) in lesson.steps.iter().enumerate() {
            let s = step.scenario().unwrap();
            if let Some(q) = &step.question {
                assert!(q.answer(&s).is_some(), "{} step {}", lesson.id, i + 1);
            }
        }
    }
}

fn answer(step: usize) -> Answer {
    let step = &LESSONS[0].steps[step - 1];
    step.question.as_ref().unwrap().answer(&step.scenario().unwrap()).unwrap()
}

fn percent(step: usize) -> f64 {
    match answer(step) {
        Answer::Percent(p) => p,
        other => panic!("step {step}: {other:?}"),
    }
}

#[test]
fn the_answers_are_the_worked_examples() {
    assert_eq!(LESSONS[0].steps.len(), 7);
    assert!((percent(1) - 1.0 / 6.0).abs() < EPS, "Cluster: 1/6 per pod");
    assert_eq!(answer(2), Answer::Choice(0), "Local: the client's address");
    assert!((percent(3) - 1.0 / 3.0).abs() < EPS, "1, 2, 3 pods: the lone pod gets 1/3");
    assert!((percent(4) - 0.5).abs() < EPS, "3, 1, 0 with health checks: the lone pod gets 1/2");
    assert!((percent(5) - 1.0 / 3.0).abs() < EPS, "without health checks a third is dropped");
    assert_eq!(answer(6), Answer::Choice(2), "terminating pods still serve");
    assert!((percent(7) - 1.0 / 6.0).abs() < EPS, "spread two per node: 1/6 each");
    let step7 = &LESSONS[0].steps[6];
    let spread = changed(&step7.scenario().unwrap(), Change::Spread);
    assert_eq!(spread.shares().imbalance, Some(1.0));
}

#[test]
fn step_one_names_the_snat_addresses_and_step_six_fails_open() {
    let step = &LESSONS[0].steps[0];
    let explain = fill(step.explain, &step.scenario().unwrap());
    assert!(explain.contains("16.7%") && explain.contains("10.0.0.11") && explain.contains("10.244.3.1"), "{explain}");
    assert!(explain.contains("203.0.113.10"));
    let step = &LESSONS[0].steps[5];
    let s = step.scenario().unwrap();
    assert!(s.shares().lb_failed_open);
    assert!(fill(step.text, &s).contains("503"));
}

#[test]
fn no_step_gives_its_answer_away_before_reveal() {
    for (i, step) in LESSONS[0].steps.iter().enumerate() {
        let s = step.scenario().unwrap();
        let text = fill(step.text, &s);
        match step.question.as_ref().and_then(|q| q.answer(&s)) {
            Some(Answer::Percent(p)) => {
                let shown = trafficlab::format::percent(p);
                assert!(!text.contains(&shown), "step {}: {shown} in {text}", i + 1);
            }
            Some(Answer::Choice(_)) | None => {}
        }
    }
}

#[test]
fn predictions_get_told_how_far_they_were() {
    let step = &LESSONS[0].steps[3];
    let (q, s) = (step.question.as_ref().unwrap(), step.scenario().unwrap());
    let spot_on = q.feedback(&s, "50");
    assert!(spot_on.correct && spot_on.text.contains("50.0%"), "{spot_on:?}");
    let low = q.feedback(&s, "33.3 %");
    assert!(!low.correct && low.text.contains("16.7 points too low"), "{low:?}");
    assert!(q.feedback(&s, "lots").text.contains("The exact answer is 50.0%"));
    let choice = &LESSONS[0].steps[1];
    let (q, s) = (choice.question.as_ref().unwrap(), choice.scenario().unwrap());
    assert!(q.feedback(&s, "0").correct);
    assert!(q.feedback(&s, "2").text.starts_with("Not quite: the answer is 203.0.113.10"));
}

#[test]
fn lessons_have_unique_ids_and_every_step_says_one_thing_briefly() {
    let mut ids: Vec<&str> = LESSONS.iter().map(|l| l.id).collect();
    ids.dedup();
    assert_eq!(ids.len(), LESSONS.len());
    for lesson in LESSONS {
        for step in lesson.steps {
            let sentences = step.text.matches(". ").count() + 1;
            assert!(sentences <= 3, "{}: {} sentences", step.title, sentences);
        }
    }
}

#[test]
fn a_link_step_out_of_range_opens_the_nearest_and_says_so() {
    let lesson = Lesson::by_id("external-traffic-policy").unwrap();
    let cases: &[(Option<&str>, usize, Option<&str>)] = &[
        (None, 0, None),
        (Some("1"), 0, None),
        (Some("7"), 6, None),
        (Some("8"), 6, Some("externalTrafficPolicy in seven steps has 7 steps, not 8: this is step 7, the last.")),
        (Some("99"), 6, Some("externalTrafficPolicy in seven steps has 7 steps, not 99: this is step 7, the last.")),
        (Some("0"), 0, Some("\"0\" is not a step of externalTrafficPolicy in seven steps (1 to 7): this is step 1.")),
        (
            Some("two"),
            0,
            Some("\"two\" is not a step of externalTrafficPolicy in seven steps (1 to 7): this is step 1."),
        ),
        (
            Some("99999999999999999999999"),
            6,
            Some(
                "externalTrafficPolicy in seven steps has 7 steps, not 99999999999999999999999: this is step 7, the last.",
            ),
        ),
    ];
    for &(text, step, note) in cases {
        let (opened, said) = lesson.step_from_link(text);
        assert_eq!(opened, step, "{text:?}");
        if let Some(note) = note {
            assert_eq!(said.as_deref(), Some(note), "{text:?}");
        }
    }
}

#[test]
fn an_unknown_lesson_is_named_with_the_lessons_that_exist() {
    assert_eq!(Lesson::named("external-traffic-policy").unwrap().id, "external-traffic-policy");
    let problem = Lesson::named("nope").unwrap_err();
    assert_eq!(
        problem,
        "There is no lesson named \"nope\". The lessons are: external-traffic-policy (externalTrafficPolicy in seven steps)."
    );
}
