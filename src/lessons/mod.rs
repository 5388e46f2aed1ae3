//! Guided lessons: a sequence of steps, each of which sets up the board,
//! says one thing, and may ask the learner to predict a number or pick an
//! answer before revealing it.
//!
//! Lessons are data (`catalog`), not code paths through the components: a
//! step names a preset and a few settings, and its sentences carry
//! placeholders (`{share web-1}`, `{sees web-4 via node-c}`) that `step`
//! fills in from the core for the step's own scenario. No number in a lesson
//! is typed in: every one, including each answer, is computed.

mod catalog;
pub mod step;

pub use catalog::LESSONS;
pub use step::{Answer, Feedback};

use trafficlab_core::{EndpointState, ExternalTrafficPolicy};

/// A named sequence of steps.
#[derive(Debug, PartialEq)]
pub struct Lesson {
    /// Stable: used in links (`?lesson=ID&step=N`).
    pub id: &'static str,
    pub title: &'static str,
    pub steps: &'static [Step],
}

/// One step: a board, a point, and maybe a question.
#[derive(Debug, PartialEq)]
pub struct Step {
    pub title: &'static str,
    /// The preset the board starts from, then `setup` on top.
    pub preset: &'static str,
    pub setup: &'static [Setup],
    /// Shown from the start; must not give the answer away.
    pub text: &'static str,
    pub question: Option<Question>,
    /// Shown once the answer is revealed (or at once, without a question).
    pub explain: &'static str,
    /// Done to the board when the answer is revealed.
    pub on_reveal: Option<Change>,
}

/// A setting applied to the preset for the step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Setup {
    Policy(ExternalTrafficPolicy),
    HealthCheck(bool),
    /// Every pod in this state (a rolling update's end).
    AllPods(EndpointState),
}

/// A change to the board that a step shows, or measures after.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Re-place the pods as `maxSkew: 1` on `kubernetes.io/hostname` would.
    Spread,
    /// GKE's pods-per-node weighting.
    PodsPerNodeWeighting,
}

#[derive(Debug, PartialEq)]
pub enum Question {
    /// A percentage to predict.
    Percent { prompt: &'static str, measure: Measure },
    /// Options, exactly one of whose facts holds for the step's board.
    Choice { prompt: &'static str, options: &'static [(&'static str, Fact)] },
}

/// A fraction of new connections, computed by the core.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Measure {
    PodShare { pod: &'static str, after: Option<Change> },
    Dropped,
}

/// Something that is true or false of a scenario.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Fact {
    /// `pod` sees `source` as the client of a connection `via` received.
    Sees {
        pod: &'static str,
        via: &'static str,
        source: Source,
    },
    /// No connection dropped or rejected.
    AllServed,
    SomeDropped,
    SomeRejected,
}

/// Which address a pod sees as the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Client,
    /// The receiving node's InternalIP.
    NodeIp,
    /// The receiving node's pod-CIDR gateway.
    Gateway,
}

impl Lesson {
    pub fn by_id(id: &str) -> Option<&'static Lesson> {
        LESSONS.iter().find(|l| l.id == id)
    }

    /// The lesson a link names, or what to tell the learner: the name asked
    /// for, and the lessons there are.
    pub fn named(id: &str) -> Result<&'static Lesson, String> {
        Lesson::by_id(id).ok_or_else(|| {
            let known: Vec<String> = LESSONS.iter().map(|l| format!("{} ({})", l.id, l.title)).collect();
            format!("There is no lesson named \"{id}\". The lessons are: {}.", known.join(", "))
        })
    }

    /// The step (0-based) a link's `step=` value opens (`None`: the first),
    /// and, when the value is not one of the lesson's steps, a sentence
    /// saying which step opens instead: the last past the end, the first for
    /// 0 or anything that is not a number.
    pub fn step_from_link(&self, step: Option<&str>) -> (usize, Option<String>) {
        let count = self.steps.len();
        let Some(text) = step else { return (0, None) };
        let digits = text.trim();
        // A number too big for usize is still past the end.
        let number = digits
            .parse::<usize>()
            .ok()
            .or_else(|| (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then_some(usize::MAX));
        match number {
            Some(n) if (1..=count).contains(&n) => (n - 1, None),
            Some(n) if n > count => (
                count.saturating_sub(1),
                Some(format!("{} has {count} steps, not {digits}: this is step {count}, the last.", self.title)),
            ),
            _ => (0, Some(format!("\"{text}\" is not a step of {} (1 to {count}): this is step 1.", self.title))),
        }
    }
}
