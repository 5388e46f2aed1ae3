//! The stream of connections the animation shows, driven by the core: the
//! core's [`Router`] picks each connection's node and pod with a seeded
//! generator and its trace gives the hops, so what moves on screen is exactly
//! the model. Pure: time comes in as milliseconds (`advance`), nothing reads a
//! clock, and the same seed and inputs give the same packets.
//!
//! Also here: the observed counters (each connection counted when its request
//! ends, so they converge to the exact shares), and the load balancer's health
//! probes for LoadBalancer + Local, drawn faintly with each node's 200/503.

use std::cell::{Ref, RefCell, RefMut};
use std::rc::Rc;

use trafficlab_core::{NodeId, Outcome, Rng, Router, Scenario};

use crate::anim::{position_at, Flight, PacketView, LINGER_MS, UNITS_PER_MS};
use crate::label_layout::LabelKind;
use crate::layout::{Layout, Point};

/// Simulated milliseconds between two rounds of health probes.
pub const PROBE_EVERY_MS: f64 = 2500.0;
/// More packets than this are not launched: the board stays readable and fast.
pub const MAX_IN_FLIGHT: usize = 400;
/// Probes are drawn for boards up to this many nodes.
const MAX_PROBED_NODES: usize = 40;

/// The speeds offered, as multiples of real time.
pub const SPEEDS: [f64; 5] = [0.25, 0.5, 1.0, 2.0, 4.0];
/// The slowest and fastest rates offered, in new connections per second.
pub const RATE_MIN: f64 = 0.5;
pub const RATE_MAX: f64 = 60.0;

/// How fast time runs and how many connections start per second.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pace {
    /// New connections per simulated second.
    pub per_second: f64,
    /// Simulated time per wall-clock time (0.25 to 4).
    pub speed: f64,
}

impl Default for Pace {
    /// A calm pace for a first look: one and a half connections a second.
    fn default() -> Self {
        Pace { per_second: 1.5, speed: 1.0 }
    }
}

impl Pace {
    /// The nearest pace the controls offer: a speed from [`SPEEDS`], a rate
    /// from [`RATE_MIN`] to [`RATE_MAX`] in half steps. Anything else (a hand-edited
    /// link, NaN) lands on a value the controls can show.
    pub fn offered(self) -> Pace {
        let speed = SPEEDS
            .into_iter()
            .min_by(|a, b| (a - self.speed).abs().total_cmp(&(b - self.speed).abs()))
            .filter(|_| self.speed.is_finite())
            .unwrap_or(Pace::default().speed);
        let per_second = if self.per_second.is_finite() {
            ((self.per_second * 2.0).round() / 2.0).clamp(RATE_MIN, RATE_MAX)
        } else {
            Pace::default().per_second
        };
        Pace { per_second, speed }
    }
}

/// Connections counted since the last reset, by outcome.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Observed {
    pub total: u64,
    /// Per pod, in scenario order.
    pub pods: Vec<u64>,
    pub dropped: u64,
    pub rejected: u64,
}

impl Observed {
    pub fn share(&self, count: u64) -> Option<f64> {
        (self.total > 0).then(|| count as f64 / self.total as f64)
    }
}

/// One health probe, LB → node → LB.
#[derive(Clone, Debug, PartialEq)]
struct Probe {
    lb: Point,
    node: Point,
    start_ms: f64,
    leg_ms: f64,
    status: u16,
}

/// What to draw for a probe: a faint dot with its request or answer.
#[derive(Clone, Debug, PartialEq)]
pub struct ProbeView {
    pub at: Point,
    pub label: String,
    pub healthy: bool,
}

/// "sees 10.0.0.11" next to a pod that just received a connection.
#[derive(Clone, Debug, PartialEq)]
pub struct Badge {
    pub at: Point,
    pub text: String,
    /// The flight whose outcome it shows.
    pub flight: u64,
    pub kind: LabelKind,
}

pub struct Flow {
    rng: Rng,
    next_id: u64,
    /// Simulated time.
    pub now_ms: f64,
    /// Connections owed to the pace but not started yet (fractional).
    owed: f64,
    pub flights: Vec<Flight>,
    pub observed: Observed,
    probes: Vec<Probe>,
    next_probe_ms: f64,
    /// The scenario the flights and counters belong to.
    scenario: Option<Rc<Scenario>>,
    /// What the router runs on: `scenario`, or its ingress controller's
    /// scenario when one is in front. Built once per scenario, since it is
    /// O(pods) and connections start on most frames.
    routed: Option<Rc<Scenario>>,
}

impl Flow {
    pub fn new(seed: u64) -> Self {
        Flow {
            rng: Rng::new(seed),
            next_id: 1,
            now_ms: 0.0,
            owed: 0.0,
            flights: Vec::new(),
            observed: Observed::default(),
            probes: Vec::new(),
            next_probe_ms: 0.0,
            scenario: None,
            routed: None,
        }
    }

    /// Follows `scenario`: if it is new, packets in the air fade out (they
    /// finish on the old topology) and the counters restart, since the exact
    /// shares they converge to have changed.
    pub fn retarget(&mut self, scenario: &Rc<Scenario>) {
        if self.scenario.as_ref().is_some_and(|s| Rc::ptr_eq(s, scenario)) {
            return;
        }
        for flight in &mut self.flights {
            flight.fading_from_ms.get_or_insert(self.now_ms);
            flight.counted = true;
        }
        self.probes.clear();
        self.next_probe_ms = self.now_ms;
        self.observed = Observed { pods: vec![0; scenario.pods().len()], ..Observed::default() };
        self.scenario = Some(scenario.clone());
        self.routed = Some(scenario.controller_scenario().map_or_else(|| scenario.clone(), Rc::new));
    }

    /// The scenario the router runs on (see `routed`), for `scenario`.
    fn routed(&mut self, scenario: &Rc<Scenario>) -> Rc<Scenario> {
        self.retarget(scenario);
        self.routed.clone().unwrap_or_else(|| scenario.clone())
    }

    pub fn reset_counts(&mut self) {
        let pods = self.observed.pods.len();
        self.observed = Observed { pods: vec![0; pods], ..Observed::default() };
    }

    /// Moves the clock by `wall_ms` at `pace`, starting the connections due.
    pub fn advance(&mut self, wall_ms: f64, pace: Pace, scenario: &Rc<Scenario>, layout: &Layout) {
        self.retarget(scenario);
        let dt = wall_ms.clamp(0.0, 250.0) * pace.speed;
        let start = self.now_ms;
        self.now_ms += dt;
        self.owed += dt / 1000.0 * pace.per_second.max(0.0);
        let due = self.owed.floor() as u64;
        self.owed -= due as f64;
        if due > 0 {
            let routed = self.routed(scenario);
            let router = Router::new(&routed);
            for k in 0..due {
                // Spread the starts over the step so bursts do not bunch up.
                let at = start + dt * (k as f64 + 1.0) / (due as f64 + 1.0);
                self.launch(scenario, &router, layout, at);
            }
        }
        if self.now_ms >= self.next_probe_ms {
            self.probe_round(scenario, layout);
        }
        self.count_arrivals();
        let now = self.now_ms;
        self.flights.retain(|f| !f.is_over(now));
        self.probes.retain(|p| now - p.start_ms < 2.0 * p.leg_ms);
    }

    /// Starts one connection now; returns its id.
    pub fn launch_one(&mut self, scenario: &Rc<Scenario>, layout: &Layout) -> Option<u64> {
        let routed = self.routed(scenario);
        let router = Router::new(&routed);
        self.launch(scenario, &router, layout, self.now_ms)
    }

    /// One step for step mode (reduced motion, or a paused board): moves the
    /// clock so `followed` reaches its next place, or starts a new connection
    /// if there is none to follow. Returns the id to follow.
    pub fn step(&mut self, followed: Option<u64>, scenario: &Rc<Scenario>, layout: &Layout) -> Option<u64> {
        self.retarget(scenario);
        let next_stop = followed.and_then(|id| self.flight(id)).and_then(|f| {
            let t = self.now_ms - f.start_ms;
            let leg = f.legs.iter().find(|l| t < l.start_ms + l.duration_ms)?;
            Some(f.start_ms + leg.start_ms + leg.duration_ms)
        });
        match next_stop {
            Some(at) => {
                // Just past the leg's end, so the packet sits at its next place.
                self.now_ms = at + 0.001;
                self.count_arrivals();
                followed
            }
            None => self.launch_one(scenario, layout),
        }
    }

    /// `router` is over `scenario`, or over its ingress controller's scenario
    /// when one is in front (the controller's leg is then added).
    fn launch(&mut self, scenario: &Scenario, router: &Router, layout: &Layout, at_ms: f64) -> Option<u64> {
        if self.flights.len() >= MAX_IN_FLIGHT {
            return None;
        }
        let connection = router.connect(&mut self.rng);
        let mut trace = router.trace(connection)?;
        if scenario.ingress().is_some() {
            trace = scenario.through_ingress(router.scenario(), trace, self.rng.next_u64())?;
        }
        let trace = Rc::new(trace);
        let id = self.next_id;
        self.next_id += 1;
        self.flights.push(Flight::launch(id, trace, layout, at_ms)?);
        Some(id)
    }

    /// Counts each flight once its request has ended.
    fn count_arrivals(&mut self) {
        let now = self.now_ms;
        for flight in self.flights.iter_mut().filter(|f| !f.counted && now >= f.start_ms + f.outcome_ms) {
            flight.counted = true;
            self.observed.total += 1;
            // The outcome, not the connection's fate: behind an ingress
            // controller the fate names the controller pod.
            match flight.trace.outcome {
                Outcome::Delivered { pod, .. } => {
                    if let Some(count) = self.observed.pods.get_mut(pod.index()) {
                        *count += 1;
                    }
                }
                Outcome::Dropped { .. } => self.observed.dropped += 1,
                Outcome::Rejected { .. } => self.observed.rejected += 1,
            }
        }
    }

    /// The LB probes every node's healthCheckNodePort (LoadBalancer + Local
    /// with health checks on): one faint round trip per node.
    fn probe_round(&mut self, scenario: &Scenario, layout: &Layout) {
        self.next_probe_ms = self.now_ms + PROBE_EVERY_MS;
        let probed = scenario.service.has_health_check_node_port() && scenario.load_balancer.health_check;
        let Some(lb) = layout.load_balancer.map(|r| r.bottom()) else { return };
        if !probed || scenario.nodes().len() > MAX_PROBED_NODES {
            return;
        }
        let shares = scenario.shares();
        for (rect, share) in layout.nodes.iter().zip(&shares.nodes) {
            let node = rect.top();
            let leg_ms = ((node.x - lb.x).hypot(node.y - lb.y) / UNITS_PER_MS).max(300.0);
            let status = share.health_check.map_or(503, |h| h.status);
            self.probes.push(Probe { lb, node, start_ms: self.now_ms, leg_ms, status });
        }
    }

    /// Every packet to draw now.
    pub fn packets(&self, discrete: bool) -> Vec<PacketView> {
        self.flights.iter().filter_map(|f| position_at(f, self.now_ms, discrete)).collect()
    }

    pub fn probes(&self) -> Vec<ProbeView> {
        self.probes
            .iter()
            .filter_map(|p| {
                let t = (self.now_ms - p.start_ms) / p.leg_ms;
                let (from, to, going) = if t < 1.0 { (p.lb, p.node, true) } else { (p.node, p.lb, false) };
                let f = if going { t } else { t - 1.0 };
                (0.0..=1.0).contains(&f).then(|| ProbeView {
                    at: Point { x: from.x + (to.x - from.x) * f, y: from.y + (to.y - from.y) * f },
                    label: if going { "GET /".into() } else { p.status.to_string() },
                    healthy: p.status == 200,
                })
            })
            .collect()
    }

    /// Just-finished outcomes: "sees …" next to a pod that got a connection,
    /// and "timed out" at the client when a node dropped one.
    pub fn badges(&self) -> Vec<Badge> {
        self.flights
            .iter()
            .filter(|f| f.fading_from_ms.is_none())
            .filter_map(|f| {
                let since = self.now_ms - f.start_ms - f.outcome_ms;
                if !(0.0..LINGER_MS).contains(&since) {
                    return None;
                }
                let flight = f.id;
                match f.trace.outcome {
                    Outcome::Delivered { seen_source, .. } => Some(Badge {
                        at: f.pod_point?,
                        text: format!("sees {seen_source}"),
                        flight,
                        kind: LabelKind::Seen,
                    }),
                    // The client never hears back: its SYN is retried until it gives up.
                    Outcome::Dropped { .. } => {
                        let at = f.legs.first()?.from;
                        Some(Badge { at, text: "client: timed out".into(), flight, kind: LabelKind::TimedOut })
                    }
                    Outcome::Rejected { .. } => None,
                }
            })
            .collect()
    }

    /// How many connections have been started since the page opened.
    pub fn started(&self) -> u64 {
        self.next_id - 1
    }

    pub fn flight(&self, id: u64) -> Option<&Flight> {
        self.flights.iter().find(|f| f.id == id)
    }

    /// The id of the newest flight that entered through `node`, if any.
    pub fn newest_via(&self, node: NodeId) -> Option<u64> {
        self.flights.iter().rev().find(|f| f.trace.connection.entry == node).map(|f| f.id)
    }
}

/// The flow, shared by the components that drive and read it; two handles are
/// equal when they are the same flow, so sharing it never triggers a render.
#[derive(Clone)]
pub struct SharedFlow(Rc<RefCell<Flow>>);

impl SharedFlow {
    pub fn new(flow: Flow) -> Self {
        SharedFlow(Rc::new(RefCell::new(flow)))
    }

    pub fn borrow(&self) -> Ref<'_, Flow> {
        self.0.borrow()
    }

    pub fn borrow_mut(&self) -> RefMut<'_, Flow> {
        self.0.borrow_mut()
    }
}

impl PartialEq for SharedFlow {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}
