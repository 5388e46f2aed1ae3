//! What a person is editing, and the one reducer that changes it.
//!
//! [`State`] holds the scenario on the board, an undo/redo history of whole
//! scenarios (cheap: `Rc`), what is selected and the last message for the
//! screen reader. Every change is an [`Action`]; [`State::apply`] is pure, so the
//! reducer is tested natively. Edits go through the core's `Scenario` methods,
//! which keep the scenario valid or refuse with a reason that becomes the
//! message: nothing a person does can leave the board in a bad state.

use std::rc::Rc;

use trafficlab_core::{
    DataPath, EditError, EndpointState, ExternalTrafficPolicy, Fix, NodeId, PodId, ProviderKind, ProxyProtocol,
    Scenario, ServiceType, TrafficDistribution, Weighting,
};
use yew::Reducible;

use crate::client_address;
use crate::lessons::{self, Change, Lesson};
use crate::presets::Preset;
use crate::settings;

/// How many steps Undo can go back.
pub const HISTORY_LIMIT: usize = 200;

/// What Reveal says (and Undo's tooltip names) when it puts back a step's
/// board the trainer had changed.
pub const STEP_BOARD_BACK: &str = "The step's board is back: the answer is about it";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selection {
    Pod(PodId),
    Node(NodeId),
}

/// A message for the live region; `seq` changes even when the text repeats,
/// so the same message is announced again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub seq: u32,
    pub text: String,
    pub is_error: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    MovePod {
        pod: PodId,
        to: NodeId,
    },
    SetPodState {
        pod: PodId,
        state: EndpointState,
    },
    AddPod(NodeId),
    RemovePod(PodId),
    AddNode,
    RemoveNode(NodeId),
    SetPolicy(ExternalTrafficPolicy),
    /// To NodePort, a provider other than `generic` goes back to `generic`
    /// (a NodePort Service has no load balancer) and the message says so.
    SetServiceType(ServiceType),
    SetHealthCheck(bool),
    SetWeighting(Weighting),
    /// Put another load balancer in front of the nodes (its settings at
    /// their defaults).
    SetProvider(ProviderKind),
    /// The AWS NLB's cross-zone load balancing.
    SetCrossZone(bool),
    /// The AWS NLB's (IP targets) client IP preservation.
    SetPreserveClientIp(bool),
    SetTrafficDistribution(Option<TrafficDistribution>),
    /// Put every node in a zone, `zone-a` and `zone-b` alternately.
    GiveZones,
    RemoveZones,
    /// Put one node in a zone (the text a person typed).
    SetNodeZone {
        node: NodeId,
        zone: String,
    },
    /// Re-place the pods as `maxSkew: 1` on `kubernetes.io/hostname` would.
    Spread,
    /// The load balancer's PROXY protocol version, or off.
    SetProxyProtocol(Option<ProxyProtocol>),
    /// Whether the app expects a PROXY header (`None`: as the LB sends).
    SetExpectProxyProtocol(Option<bool>),
    SetDataPath(DataPath),
    /// An ingress controller in front of the app, or none.
    SetIngress(bool),
    /// The ingress controller Service's `externalTrafficPolicy`.
    SetIngressPolicy(ExternalTrafficPolicy),
    /// Put the board a fix from the comparison gives on the screen.
    ApplyFix(Fix),
    LoadPreset(&'static str),
    /// Go to step `step` (0-based) of a lesson: its board replaces this one.
    GoToStep {
        lesson: &'static str,
        step: usize,
    },
    /// Back to the free board, keeping the lesson's last board.
    LeaveLesson,
    /// Show the answer of the step's question, and do what the step does
    /// on reveal (spread the pods, say).
    Reveal,
    /// Put a whole board on the screen: from a file, pasted JSON, or a link
    /// (Back and Forward too). Undoable; Reset then returns to its preset, or
    /// to it when it has none.
    Open(Box<Opened>),
    Reset,
    Undo,
    Redo,
    Select(Option<Selection>),
    /// Say something without changing anything (drag feedback).
    Announce(String),
    /// Say what went wrong without changing anything (a bad file or link).
    Warn(String),
}

/// A board to open, and what to call the change in Undo's tooltip.
#[derive(Clone, Debug, PartialEq)]
pub struct Opened {
    pub scenario: Scenario,
    pub preset: Option<&'static str>,
    pub selected: Option<PodId>,
    pub label: String,
    /// The lesson step the board belongs to, if any.
    pub lesson: Option<LessonAt>,
}

impl Opened {
    /// A board from a file or pasted text: no preset, nothing selected.
    pub fn board(scenario: Scenario, label: String) -> Self {
        Opened { scenario, preset: None, selected: None, label, lesson: None }
    }
}

/// One step of history: the scenario before a change, and what the change was.
#[derive(Clone, Debug, PartialEq)]
struct Step {
    scenario: Rc<Scenario>,
    label: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub scenario: Rc<Scenario>,
    /// What Reset returns to: the preset or scenario loaded last.
    origin: Rc<Scenario>,
    pub preset: Option<&'static str>,
    past: Vec<Step>,
    future: Vec<Step>,
    pub selected: Option<Selection>,
    pub notice: Option<Notice>,
    /// The lesson step on screen, if any.
    pub lesson: Option<LessonAt>,
}

/// Where in which lesson the learner is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LessonAt {
    pub lesson: &'static Lesson,
    /// 0-based.
    pub step: usize,
    /// Whether the step's answer is shown (always, for a step without a question).
    pub revealed: bool,
}

impl LessonAt {
    /// Step `step` (0-based) of lesson `id`, its answer hidden if it asks one.
    pub fn of(id: &str, step: usize) -> Option<LessonAt> {
        let lesson = Lesson::by_id(id)?;
        let at = lesson.steps.get(step)?;
        Some(LessonAt { lesson, step, revealed: at.question.is_none() })
    }

    pub fn step(&self) -> Option<&'static lessons::Step> {
        self.lesson.steps.get(self.step)
    }
}

impl State {
    pub fn new(scenario: Scenario, preset: Option<&'static str>) -> Self {
        let scenario = Rc::new(scenario);
        State {
            origin: scenario.clone(),
            scenario,
            preset,
            past: Vec::new(),
            future: Vec::new(),
            selected: None,
            notice: None,
            lesson: None,
        }
    }

    /// The state for a board opened from a link: its preset (if any) is what
    /// Reset returns to, so an edited preset still shows as modified.
    pub fn opened(opened: Opened) -> Self {
        let Opened { scenario, preset, selected, lesson, .. } = opened;
        let mut state = State::new(scenario, preset);
        state.lesson = lesson;
        if let Some(origin) = preset_origin(preset) {
            state.origin = origin;
        }
        state.selected = selected.filter(|&pod| state.scenario.pod(pod).is_some()).map(Selection::Pod);
        state
    }

    /// Whether the scenario differs from the preset (or file) it was loaded from.
    pub fn is_modified(&self) -> bool {
        !Rc::ptr_eq(&self.scenario, &self.origin) && self.scenario != self.origin
    }

    /// The board's title as the strips, the embed code and a downloaded file
    /// give it: the scenario's, marked once edited, so an edited preset is
    /// not passed off as the preset.
    pub fn marked_title(&self) -> String {
        marked_title(self.scenario.title.as_deref(), self.is_modified())
    }

    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }

    /// What Undo would undo, for the button's tooltip.
    pub fn undo_label(&self) -> Option<&str> {
        self.past.last().map(|s| s.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.future.last().map(|s| s.label.as_str())
    }

    /// The state after `action`; `self` is untouched.
    pub fn apply(&self, action: Action) -> State {
        match action {
            Action::MovePod { pod, to } => self.edit(|s| {
                let (name, from) = pod_and_node_names(s, pod)?;
                let target = node_name(s, to)?;
                if from == target {
                    return Ok(format!("{name} stays on {target}"));
                }
                s.move_pod(pod, to)?;
                Ok(format!("Moved {name} from {from} to {target}"))
            }),
            Action::SetPodState { pod, state } => self.edit(|s| {
                let (name, _) = pod_and_node_names(s, pod)?;
                s.set_pod_state(pod, state)?;
                Ok(format!("{name} is now {state}"))
            }),
            Action::AddPod(node) => self.edit(|s| {
                let pod = s.add_pod(node)?;
                let (name, on) = pod_and_node_names(s, pod)?;
                Ok(format!("Added {name} on {on}"))
            }),
            Action::RemovePod(pod) => self.edit(|s| {
                let removed = s.remove_pod(pod)?;
                Ok(format!("Removed {}", removed.name))
            }),
            Action::AddNode => self.edit(|s| {
                let node = s.add_node()?;
                Ok(format!("Added {}", node_name(s, node)?))
            }),
            Action::RemoveNode(node) => self.edit(|s| {
                let name = node_name(s, node)?;
                let pods = s.remove_node(node)?;
                Ok(match pods.len() {
                    0 => format!("Removed {name}"),
                    1 => format!("Removed {name} and its pod"),
                    n => format!("Removed {name} and its {n} pods"),
                })
            }),
            Action::SetPolicy(policy) => self.setting(|s| {
                s.service.external_traffic_policy = policy;
                format!("externalTrafficPolicy: {policy}")
            }),
            Action::SetServiceType(service_type) => self.setting(|s| {
                let message = settings::set_service_type(s, service_type);
                valid(s, message)
            }),
            Action::SetHealthCheck(on) => self.change(|s| settings::set_health_check(s, on)),
            Action::SetWeighting(weighting) => self.change(|s| settings::set_weighting(s, weighting)),
            Action::SetProvider(kind) => self.setting(|s| {
                let message = settings::set_provider(s, kind);
                valid(s, message)
            }),
            Action::SetCrossZone(on) => self.change(|s| settings::set_cross_zone(s, on)),
            Action::SetPreserveClientIp(on) => self.change(|s| settings::set_preserve_client_ip(s, on)),
            Action::SetTrafficDistribution(value) => self.setting(|s| settings::set_traffic_distribution(s, value)),
            Action::GiveZones => self.change(settings::give_zones),
            Action::RemoveZones => self.setting(settings::remove_zones),
            Action::SetNodeZone { node, zone } => self.change(|s| settings::set_node_zone(s, node, &zone)),
            Action::Spread => self.edit(|s| {
                let moves = s.spread()?;
                Ok(match moves.len() {
                    0 => "The pods are already spread (maxSkew 1)".to_string(),
                    1 => "Spread pods (maxSkew 1): moved 1 pod".to_string(),
                    n => format!("Spread pods (maxSkew 1): moved {n} pods"),
                })
            }),
            Action::SetProxyProtocol(version) => self.change(|s| client_address::set_proxy_protocol(s, version)),
            Action::SetExpectProxyProtocol(expect) => {
                self.setting(|s| client_address::set_expect_proxy_protocol(s, expect))
            }
            Action::SetDataPath(data_path) => self.change(|s| client_address::set_data_path(s, data_path)),
            Action::SetIngress(on) => self.change(|s| client_address::set_ingress(s, on)),
            Action::SetIngressPolicy(policy) => self.change(|s| client_address::set_ingress_policy(s, policy)),
            Action::ApplyFix(fix) => self.change(|s| client_address::apply_fix(s, fix)),
            Action::LoadPreset(id) => self.load_preset(id),
            Action::GoToStep { lesson, step } => self.go_to_step(lesson, step),
            Action::Reveal => self.reveal(),
            Action::LeaveLesson => {
                let next = State { lesson: None, ..self.clone() };
                next.with_notice("Left the lesson: the board is yours to change".into(), false)
            }
            Action::Open(opened) => self.open(*opened),
            Action::Reset => self.replace(self.origin.clone(), "Reset".into()),
            Action::Undo => self.travel(true),
            Action::Redo => self.travel(false),
            Action::Select(selected) => State { selected, ..self.clone() },
            Action::Announce(text) => self.with_notice(text, false),
            Action::Warn(text) => self.with_notice(text, true),
        }
    }

    /// Applies an edit to a copy of the scenario; on success records history,
    /// on refusal keeps everything and says why.
    fn edit(&self, change: impl FnOnce(&mut Scenario) -> Result<String, EditError>) -> State {
        self.change(|s| change(s).map_err(|e| e.to_string()))
    }

    /// [`State::edit`] for changes refused with a sentence of their own.
    fn change(&self, change: impl FnOnce(&mut Scenario) -> Result<String, String>) -> State {
        let mut scenario = (*self.scenario).clone();
        match change(&mut scenario) {
            Ok(label) if scenario == *self.scenario => self.with_notice(label, false),
            Ok(label) => {
                let mut next = self.replace(Rc::new(scenario), label);
                next.selected = self.selected.filter(|s| still_exists(&next.scenario, *s, &self.scenario));
                next
            }
            Err(error) => self.with_notice(error, true),
        }
    }

    /// A setting change: like an edit, but it cannot be refused.
    fn setting(&self, change: impl FnOnce(&mut Scenario) -> String) -> State {
        self.edit(|s| Ok(change(s)))
    }

    /// Puts `scenario` on the board, remembering the old one for Undo.
    fn replace(&self, scenario: Rc<Scenario>, label: String) -> State {
        if scenario == self.scenario {
            return self.with_notice(label, false);
        }
        let mut past = self.past.clone();
        past.push(Step { scenario: self.scenario.clone(), label: label.clone() });
        if past.len() > HISTORY_LIMIT {
            past.remove(0);
        }
        let next = State { scenario, past, future: Vec::new(), ..self.clone() };
        next.with_notice(label, false)
    }

    fn load_preset(&self, id: &'static str) -> State {
        let loaded = Preset::by_id(id)
            .ok_or_else(|| format!("There is no preset named {id}"))
            .and_then(|preset| preset.scenario().map_err(|e| format!("The preset {id} could not be read: {e}")));
        match loaded {
            Ok(scenario) => {
                let title = scenario.title.clone().unwrap_or_else(|| id.to_string());
                let mut next = self.replace(Rc::new(scenario), format!("Loaded preset: {title}"));
                next.origin = next.scenario.clone();
                next.preset = Some(id);
                next.selected = None;
                next
            }
            Err(message) => self.with_notice(message, true),
        }
    }

    fn go_to_step(&self, lesson: &'static str, step: usize) -> State {
        let lesson = match Lesson::named(lesson) {
            Ok(lesson) => lesson,
            Err(problem) => return self.with_notice(problem, true),
        };
        let Some(at) = lesson.steps.get(step) else {
            let count = lesson.steps.len();
            return self.with_notice(format!("{} has {count} steps, not {}", lesson.title, step + 1), true);
        };
        match at.scenario() {
            Ok(scenario) => {
                let label = format!("{}, step {} of {}: {}", lesson.title, step + 1, lesson.steps.len(), at.title);
                let mut next = self.replace(Rc::new(scenario), label.clone());
                next.origin = next.scenario.clone();
                next.preset = Preset::by_id(at.preset).map(|p| p.id);
                next.selected = None;
                next.lesson = LessonAt::of(lesson.id, step);
                next.with_notice(label, false)
            }
            Err(problem) => self.with_notice(format!("This step's board could not be built: {problem}"), true),
        }
    }

    /// The answer is computed for the step's own board, so a board the
    /// trainer changed first (Cluster instead of Local, say) is put back
    /// before it is shown: what is on screen then agrees with the answer.
    /// Undo brings the edit back.
    fn reveal(&self) -> State {
        let Some(at) = self.lesson.filter(|at| !at.revealed) else { return self.clone() };
        let (restored, put_back) = match at.step().map(lessons::Step::scenario) {
            Some(Ok(own)) if own != *self.scenario => {
                let mut restored = self.replace(Rc::new(own), STEP_BOARD_BACK.into());
                restored.selected = self.selected.filter(|s| still_exists(&restored.scenario, *s, &self.scenario));
                (restored, true)
            }
            _ => (self.clone(), false),
        };
        let mut next = match at.step().and_then(|step| step.on_reveal) {
            Some(Change::Spread) => restored.apply(Action::Spread),
            Some(Change::PodsPerNodeWeighting) => restored.apply(Action::SetWeighting(Weighting::PodsPerNode)),
            None => restored.clone(),
        };
        if put_back {
            let also = next.notice.as_ref().filter(|_| next.past.len() > restored.past.len()).map(|n| n.text.clone());
            next = match also {
                Some(also) => next
                    .with_notice(format!("{STEP_BOARD_BACK}, then: {also}. Undo twice shows your edit again"), false),
                None => next.with_notice(format!("{STEP_BOARD_BACK}. Undo shows your edit again"), false),
            };
        }
        next.lesson = Some(LessonAt { revealed: true, ..at });
        next
    }

    fn open(&self, opened: Opened) -> State {
        let Opened { scenario, preset, selected, label, lesson } = opened;
        let mut next = self.replace(Rc::new(scenario), label);
        next.lesson = lesson;
        next.origin = preset_origin(preset).unwrap_or_else(|| next.scenario.clone());
        next.preset = preset;
        next.selected = selected.filter(|&pod| next.scenario.pod(pod).is_some()).map(Selection::Pod);
        next
    }

    /// Undo (`back`) or Redo: swaps the scenario with the nearest step.
    fn travel(&self, back: bool) -> State {
        let (mut from, mut to) = (self.past.clone(), self.future.clone());
        if !back {
            std::mem::swap(&mut from, &mut to);
        }
        let Some(step) = from.pop() else {
            return self.with_notice(if back { "Nothing to undo" } else { "Nothing to redo" }.into(), false);
        };
        to.push(Step { scenario: self.scenario.clone(), label: step.label.clone() });
        let verb = if back { "Undid" } else { "Redid" };
        let (past, future) = if back { (from, to) } else { (to, from) };
        let next = State { scenario: step.scenario, past, future, selected: None, ..self.clone() };
        next.with_notice(format!("{verb}: {}", step.label), false)
    }

    fn with_notice(&self, text: String, is_error: bool) -> State {
        let seq = self.notice.as_ref().map_or(1, |n| n.seq.wrapping_add(1));
        State { notice: Some(Notice { seq, text, is_error }), ..self.clone() }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}

/// `message`, plus what a change of provider or Service type turned off.
fn valid(s: &mut Scenario, message: String) -> String {
    match client_address::keep_valid(s) {
        Some(also) => format!("{message} ({also})"),
        None => message,
    }
}

/// `title` (or "Custom scenario" without one), with " (modified)" when
/// `modified`.
pub fn marked_title(title: Option<&str>, modified: bool) -> String {
    let title = title.unwrap_or("Custom scenario");
    if modified {
        format!("{title} (modified)")
    } else {
        title.to_string()
    }
}

/// The preset's own scenario, for Reset and the "modified" marker.
fn preset_origin(preset: Option<&'static str>) -> Option<Rc<Scenario>> {
    preset.and_then(Preset::by_id).and_then(|p| p.scenario().ok()).map(Rc::new)
}

fn node_name(s: &Scenario, node: NodeId) -> Result<String, EditError> {
    s.node(node).map(|n| n.name.clone()).ok_or(EditError::NoSuchNode(node))
}

fn pod_and_node_names(s: &Scenario, pod: PodId) -> Result<(String, String), EditError> {
    let p = s.pod(pod).ok_or(EditError::NoSuchPod(pod))?;
    Ok((p.name.clone(), node_name(s, p.node)?))
}

/// Whether a selection still names the same thing after an edit (ids shift
/// when something before them is removed).
fn still_exists(after: &Scenario, selected: Selection, before: &Scenario) -> bool {
    match selected {
        Selection::Pod(id) => after.pod(id).zip(before.pod(id)).is_some_and(|(a, b)| a.name == b.name),
        Selection::Node(id) => after.node(id).zip(before.node(id)).is_some_and(|(a, b)| a.name == b.name),
    }
}
