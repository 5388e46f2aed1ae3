//! What a step shows, computed: its scenario (a preset plus settings), its
//! sentences with every placeholder filled in by the core, its answer, and
//! how far a prediction was.
//!
//! Placeholders, each about the step's own scenario (`after spread` and
//! `after weighting` measure the board as that change would leave it):
//! `{share POD}`, `{share POD after spread}`, `{lb NODE}`, `{dropped}`,
//! `{rejected}`, `{snat}`, `{crossNode}`, `{imbalance}`,
//! `{imbalance after spread|weighting}`, `{client}`, `{ip NODE}`,
//! `{gateway NODE}`, `{sees POD via NODE}`, `{health NODE}`,
//! `{localEndpoints NODE}`. An unknown one reads `{?}`; the tests make sure
//! no lesson has one.

use trafficlab_core::{Connection, Fate, Outcome, Router, Scenario, Weighting};

use super::{Change, Fact, Measure, Question, Setup, Source, Step};
use crate::format::{percent, ratio};
use crate::presets::Preset;

/// The right answer to a step's question.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Answer {
    /// A fraction of new connections (0 to 1).
    Percent(f64),
    /// The index of the option whose fact holds.
    Choice(usize),
}

/// What the learner is told after Reveal.
#[derive(Clone, Debug, PartialEq)]
pub struct Feedback {
    pub correct: bool,
    pub text: String,
}

/// A prediction within this many percentage points counts as right.
pub const CLOSE_ENOUGH_POINTS: f64 = 1.0;

impl Step {
    /// The step's board: its preset with its settings applied.
    pub fn scenario(&self) -> Result<Scenario, String> {
        let preset = Preset::by_id(self.preset).ok_or_else(|| format!("there is no preset {}", self.preset))?;
        let mut s = preset.scenario().map_err(|e| e.to_string())?;
        for setup in self.setup {
            match *setup {
                Setup::Policy(policy) => s.service.external_traffic_policy = policy,
                Setup::HealthCheck(on) => s.load_balancer.health_check = on,
                Setup::AllPods(state) => {
                    for pod in s.pod_ids().collect::<Vec<_>>() {
                        s.set_pod_state(pod, state).map_err(|e| e.to_string())?;
                    }
                }
            }
        }
        Ok(s)
    }
}

/// `s` as `change` would leave it (unchanged if the change cannot apply).
pub fn changed(s: &Scenario, change: Change) -> Scenario {
    let mut next = s.clone();
    match change {
        Change::Spread => {
            if next.spread().is_err() {
                return s.clone();
            }
        }
        Change::PodsPerNodeWeighting => next.load_balancer.weighting = Weighting::PodsPerNode,
    }
    next
}

/// `text` with every placeholder filled in for `s`.
pub fn fill(text: &str, s: &Scenario) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else { break };
        let words: Vec<&str> = rest[open + 1..open + close].split_whitespace().collect();
        out.push_str(&placeholder(&words, s).unwrap_or_else(|| "{?}".into()));
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

fn placeholder(words: &[&str], s: &Scenario) -> Option<String> {
    let (words, after) = match words {
        [head @ .., "after", "spread"] => (head, Some(Change::Spread)),
        [head @ .., "after", "weighting"] => (head, Some(Change::PodsPerNodeWeighting)),
        _ => (words, None),
    };
    let changed_scenario;
    let s = match after {
        Some(change) => {
            changed_scenario = changed(s, change);
            &changed_scenario
        }
        None => s,
    };
    let shares = s.shares();
    let node = |name: &str| s.node_id(name);
    Some(match *words {
        ["share", pod] => percent(shares.pods[s.pod_id(pod)?.index()]),
        ["lb", name] => percent(shares.nodes[node(name)?.index()].lb),
        ["dropped"] => percent(shares.dropped),
        ["rejected"] => percent(shares.rejected),
        ["snat"] => percent(shares.snat),
        ["crossNode"] => percent(shares.cross_node),
        ["imbalance"] => ratio(shares.imbalance),
        ["client"] => s.client.ip.to_string(),
        ["ip", name] => s.node(node(name)?)?.ip.to_string(),
        ["gateway", name] => s.node(node(name)?)?.pod_cidr.gateway().to_string(),
        ["sees", pod, "via", name] => seen_source(s, pod, name)?.to_string(),
        ["health", name] => s.health_check(node(name)?)?.check.status.to_string(),
        ["localEndpoints", name] => s.health_check(node(name)?)?.check.local_endpoints.to_string(),
        _ => return None,
    })
}

/// The source address `pod` sees for a connection that node `via` received
/// and kube-proxy sent to it, from the core's trace of that connection.
fn seen_source(s: &Scenario, pod: &str, via: &str) -> Option<std::net::Ipv4Addr> {
    let connection = Connection { entry: s.node_id(via)?, client_port: 51000, fate: Fate::Delivered(s.pod_id(pod)?) };
    match Router::new(s).trace(connection)?.outcome {
        Outcome::Delivered { seen_source, .. } => Some(seen_source),
        _ => None,
    }
}

impl Measure {
    pub fn value(&self, s: &Scenario) -> Option<f64> {
        match *self {
            Measure::PodShare { pod, after } => {
                let s = after.map_or_else(|| s.clone(), |change| changed(s, change));
                Some(s.shares().pods[s.pod_id(pod)?.index()])
            }
            Measure::Dropped => Some(s.shares().dropped),
        }
    }
}

impl Fact {
    pub fn holds(&self, s: &Scenario) -> Option<bool> {
        let shares = s.shares();
        Some(match *self {
            Fact::Sees { pod, via, source } => {
                let node = s.node(s.node_id(via)?)?;
                let expected = match source {
                    Source::Client => s.client.ip,
                    Source::NodeIp => node.ip,
                    Source::Gateway => node.pod_cidr.gateway(),
                };
                seen_source(s, pod, via)? == expected
            }
            Fact::AllServed => shares.dropped == 0.0 && shares.rejected == 0.0,
            Fact::SomeDropped => shares.dropped > 0.0,
            Fact::SomeRejected => shares.rejected > 0.0,
        })
    }
}

impl Question {
    pub fn prompt(&self) -> &'static str {
        match self {
            Question::Percent { prompt, .. } | Question::Choice { prompt, .. } => prompt,
        }
    }

    /// The answer for `s`; `None` if the question does not fit the scenario
    /// (a name that is not in it, or not exactly one true option).
    pub fn answer(&self, s: &Scenario) -> Option<Answer> {
        match self {
            Question::Percent { measure, .. } => measure.value(s).map(Answer::Percent),
            Question::Choice { options, .. } => {
                let holds: Vec<bool> = options.iter().map(|(_, fact)| fact.holds(s)).collect::<Option<_>>()?;
                let mut right = holds.iter().enumerate().filter(|(_, &h)| h).map(|(i, _)| i);
                match (right.next(), right.next()) {
                    (Some(i), None) => Some(Answer::Choice(i)),
                    _ => None,
                }
            }
        }
    }

    /// How a prediction compares with the answer: a percentage as typed (a
    /// `%` is allowed), or the index of the chosen option.
    pub fn feedback(&self, s: &Scenario, guess: &str) -> Feedback {
        let Some(answer) = self.answer(s) else {
            return Feedback { correct: false, text: "This step's answer could not be computed.".into() };
        };
        match (self, answer) {
            (Question::Percent { .. }, Answer::Percent(exact)) => percent_feedback(exact, guess),
            (Question::Choice { options, .. }, Answer::Choice(right)) => {
                let chosen = guess.trim().parse::<usize>().ok().filter(|&i| i < options.len());
                let right_text = fill(options[right].0, s);
                match chosen {
                    Some(i) if i == right => Feedback { correct: true, text: format!("Right: {right_text}.") },
                    Some(_) => Feedback { correct: false, text: format!("Not quite: the answer is {right_text}.") },
                    None => Feedback { correct: false, text: format!("The answer is {right_text}.") },
                }
            }
            _ => Feedback { correct: false, text: "This step's answer could not be computed.".into() },
        }
    }
}

fn percent_feedback(exact: f64, guess: &str) -> Feedback {
    let exact_text = percent(exact);
    let typed = guess.trim().trim_end_matches('%').trim().replace(',', ".");
    let Some(predicted) = typed.parse::<f64>().ok().filter(|p| p.is_finite()) else {
        return Feedback { correct: false, text: format!("The exact answer is {exact_text}.") };
    };
    let off = predicted - exact * 100.0;
    let correct = off.abs() <= CLOSE_ENOUGH_POINTS;
    let how = if correct {
        "spot on".to_string()
    } else {
        format!("{:.1} points too {}", off.abs(), if off > 0.0 { "high" } else { "low" })
    };
    Feedback { correct, text: format!("The exact answer is {exact_text}. Your prediction, {predicted}%, was {how}.") }
}
