//! Packets in flight: where a connection is at time `t`, and what its label
//! says. Pure: the core's [`Trace`] gives the hops and every rewrite; this
//! module only times them and places them on the board (`layout`), so the
//! animation draws exactly the model and is tested natively.
//!
//! A [`Flight`] is one connection's trace, laid out as legs between board
//! points when it is launched. Its points are fixed then, so editing the board
//! mid-flight cannot strand it: in-flight packets finish on the old topology
//! (and fade), new ones use the new one. A leg's duration grows with its
//! length; rewrites are shown while the packet leaves the place that made them.

use std::rc::Rc;

use trafficlab_core::{Direction, Outcome, Place, Protocol, Rewrite, Trace};

use crate::layout::{Layout, Point};

/// Board units a packet crosses per millisecond (at 1× speed).
pub const UNITS_PER_MS: f64 = 0.45;
/// The shortest leg, so short hops are still visible.
pub const MIN_LEG_MS: f64 = 350.0;
/// How long a dropped packet's mark, or a pod's "sees" badge, stays.
pub const LINGER_MS: f64 = 1100.0;
/// Part of a leg during which the rewrite made at its start is highlighted.
const REWRITE_SHOWN: f64 = 0.7;

/// One leg of a flight, in board units and flight-relative milliseconds.
#[derive(Clone, Debug, PartialEq)]
pub struct Leg {
    pub from: Point,
    pub to: Point,
    pub start_ms: f64,
    pub duration_ms: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Flight {
    pub id: u64,
    pub trace: Rc<Trace>,
    pub start_ms: f64,
    pub legs: Vec<Leg>,
    /// When (flight-relative) the request reached its end: the pod, or the
    /// node that dropped or rejected it.
    pub outcome_ms: f64,
    /// Set when the board changed under it: the flight fades out from then.
    pub fading_from_ms: Option<f64>,
    /// The pod it reached, for the "sees" badge.
    pub pod_point: Option<Point>,
    /// Whether its outcome has been counted (or must not be: launched for a
    /// board that has changed since).
    pub counted: bool,
}

/// What to draw for a flight at one moment.
#[derive(Clone, Debug, PartialEq)]
pub struct PacketView {
    pub id: u64,
    pub at: Point,
    /// `src → dst` of the packet on this leg (ports included; ICMP without).
    pub label: String,
    /// The rewrites just made, highlighted, one per line (`DNAT … → …`,
    /// `SNAT … → …`); empty when there are none or they are no longer shown.
    pub rewrites: Vec<String>,
    pub direction: Direction,
    pub kind: PacketKind,
    pub opacity: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PacketKind {
    Tcp,
    Icmp,
    /// Stopped on a node: "DROP: no local endpoints".
    Dropped,
}

/// Where each place of a trace is on the board.
pub fn place_point(layout: &Layout, place: Place) -> Option<Point> {
    match place {
        Place::Client => Some(layout.client.bottom()),
        Place::LoadBalancer => layout.load_balancer.map(|r| r.center()),
        Place::Node(n) => {
            layout.nodes.get(n.index()).map(|r| Point { x: r.x + r.w / 2.0, y: r.y + (r.h / 2.0).min(30.0) })
        }
        Place::Pod(p) => layout.pods.get(p.index()).map(|r| r.center()),
        Place::Controller(c) => layout.controllers.get(c.index()).map(|r| r.center()),
    }
}

impl Flight {
    /// Lays `trace` out on `layout`; `None` if a place is not on the board.
    pub fn launch(id: u64, trace: Rc<Trace>, layout: &Layout, start_ms: f64) -> Option<Flight> {
        let mut legs = Vec::with_capacity(trace.hops.len());
        let mut clock = 0.0;
        let mut outcome_ms = 0.0;
        for hop in &trace.hops {
            let (from, to) = (place_point(layout, hop.from)?, place_point(layout, hop.to)?);
            let duration_ms = ((to.x - from.x).hypot(to.y - from.y) / UNITS_PER_MS).max(MIN_LEG_MS);
            legs.push(Leg { from, to, start_ms: clock, duration_ms });
            clock += duration_ms;
            if hop.direction == Direction::Request {
                outcome_ms = clock;
            }
        }
        let pod_point = match trace.outcome {
            Outcome::Delivered { pod, .. } => place_point(layout, Place::Pod(pod)),
            _ => None,
        };
        Some(Flight { id, trace, start_ms, legs, outcome_ms, fading_from_ms: None, pod_point, counted: false })
    }

    /// How long the flight lasts, lingering marks included.
    pub fn duration_ms(&self) -> f64 {
        let travel = self.legs.last().map_or(0.0, |l| l.start_ms + l.duration_ms);
        match self.trace.outcome {
            Outcome::Dropped { .. } => travel + LINGER_MS,
            _ => travel.max(self.outcome_ms + LINGER_MS),
        }
    }

    pub fn is_over(&self, now_ms: f64) -> bool {
        let faded = self.fading_from_ms.is_some_and(|f| now_ms - f > FADE_MS);
        now_ms - self.start_ms > self.duration_ms() || faded
    }
}

/// How long a flight takes to fade out once the board changed under it.
pub const FADE_MS: f64 = 450.0;

/// Where the packet of `flight` is at `now_ms`, and what it shows; `None`
/// before it starts and once it is over. `discrete` (reduced motion) puts the
/// packet at the end of its current leg instead of moving it along.
pub fn position_at(flight: &Flight, now_ms: f64, discrete: bool) -> Option<PacketView> {
    let t = now_ms - flight.start_ms;
    if t < 0.0 || flight.is_over(now_ms) {
        return None;
    }
    let opacity = flight.fading_from_ms.map_or(1.0, |f| (1.0 - (now_ms - f) / FADE_MS).clamp(0.0, 1.0));
    let current = flight.legs.iter().position(|l| t < l.start_ms + l.duration_ms);
    let Some(index) = current else {
        // Travel is over: a dropped packet stays where it stopped with its
        // mark: on its node (kube-proxy's DROP), or at the load balancer when
        // nothing answered (no ARP answer, no route, fail-closed, no target).
        let last = flight.legs.last()?;
        let hop = flight.trace.hops.last()?;
        let dropped = matches!(flight.trace.outcome, Outcome::Dropped { .. });
        let label = match flight.trace.unanswered {
            Some(no_answer) => format!("{}: times out", no_answer.label()),
            None => "DROP: no local endpoints".into(),
        };
        return dropped.then(|| PacketView {
            id: flight.id,
            at: last.to,
            label,
            rewrites: Vec::new(),
            direction: hop.direction,
            kind: PacketKind::Dropped,
            opacity,
        });
    };
    let (leg, hop) = (&flight.legs[index], &flight.trace.hops[index]);
    let progress = ((t - leg.start_ms) / leg.duration_ms).clamp(0.0, 1.0);
    let f = if discrete { 1.0 } else { ease(progress) };
    let at = Point { x: leg.from.x + (leg.to.x - leg.from.x) * f, y: leg.from.y + (leg.to.y - leg.from.y) * f };
    let shown = progress < REWRITE_SHOWN || discrete;
    let mut rewrites: Vec<String> =
        if shown { hop.rewrites.iter().map(Rewrite::to_string).collect() } else { Vec::new() };
    rewrites.extend(crate::client_address::payload_notes(hop));
    let kind = match hop.packet.protocol {
        Protocol::Tcp => PacketKind::Tcp,
        Protocol::IcmpPortUnreachable => PacketKind::Icmp,
    };
    Some(PacketView {
        id: flight.id,
        at,
        label: hop.packet.to_string(),
        rewrites,
        direction: hop.direction,
        kind,
        opacity,
    })
}

/// Slow in, slow out, so a packet visibly arrives at each place.
fn ease(p: f64) -> f64 {
    p * p * (3.0 - 2.0 * p)
}
