//! One request through an ingress controller: stage 1's trace to a
//! controller pod (the controller scenario's own, its pods renamed
//! [`Place::Controller`]), then the controller's request to an app pod by pod
//! IP, with `X-Forwarded-For`, and the replies back the same way.
//!
//! The controller picks the app pod round robin; over one trace that is a
//! uniform pick among the Ready app pods, drawn from the trace's seed. Its
//! request leaves from its own address and a fresh ephemeral port (plain
//! pod-to-pod traffic: no NAT). A request the controller answers itself (503
//! with no Ready app pod, 400 or a closed connection on a PROXY mismatch) ends
//! as [`Outcome::Rejected`] at the controller's node: the client gets an
//! answer at once, as with a REJECT, and [`IngressLeg::answer`] says which.
//! The trace's `rules` and `candidates` are stage 1's: the controller
//! Service's kube-proxy rules and the controller pods it could pick.

use std::net::{Ipv4Addr, SocketAddrV4};

use super::Stage2;
use crate::ids::{NodeId, PodId};
use crate::proxy_protocol::Reception;
use crate::rng::Rng;
use crate::router::EPHEMERAL_PORTS;
use crate::scenario::Scenario;
use crate::trace::{Direction, Hop, Outcome, Packet, Place, Protocol, Trace};

/// Mixed into a trace's seed for the controller's own draws.
const STAGE2_STREAM: u64 = 0x1_6e55;

/// What the ingress controller did with one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IngressLeg {
    /// The controller pod (an index into [`Scenario::controller_scenario`]'s pods).
    pub controller: PodId,
    /// The app pod it sent the request to; `None` when it answered itself.
    pub pod: Option<PodId>,
    /// What the controller made of the connection's first bytes.
    pub reception: Reception,
    /// `X-Forwarded-For` and `X-Real-IP`: nginx's `$remote_addr`.
    pub x_forwarded_for: Ipv4Addr,
    /// The controller's own answer when it did not forward: 503, 400, or
    /// `None` for a closed connection (and for a forwarded request).
    pub answer: Option<u16>,
}

/// The trace of a connection entering at `entry` in `s`, whose controller scenario is `stage1`.
pub(crate) fn trace_through(s: &Scenario, stage1: &Scenario, entry: NodeId, seed: u64) -> Option<Trace> {
    s.through_ingress(stage1, stage1.trace(entry, seed)?, seed)
}

impl Scenario {
    /// Completes `trace`, a trace of this scenario's controller scenario
    /// `stage1` (a [`Router`](crate::Router) over it, say), with the ingress
    /// controller's leg to an app pod, drawn from `seed`. `None` if a pod of
    /// the trace is not in these scenarios.
    pub fn through_ingress(&self, stage1: &Scenario, trace: Trace, seed: u64) -> Option<Trace> {
        extend(self, stage1, trace, seed)
    }
}

fn extend(s: &Scenario, stage1: &Scenario, mut trace: Trace, seed: u64) -> Option<Trace> {
    for hop in &mut trace.hops {
        hop.from = as_controller(hop.from);
        hop.to = as_controller(hop.to);
    }
    let Outcome::Delivered { pod: controller, seen_source } = trace.outcome else { return Some(trace) };
    let reception = stage1.app_reception();
    let x_forwarded_for = if reception == Reception::Parsed { s.client.ip } else { seen_source };
    // Its own stream, so the pick does not repeat stage 1's draws from `seed`.
    let mut rng = Rng::new(seed ^ STAGE2_STREAM);
    let chosen = Stage2::of(s, stage1).pick(&mut rng);
    let from = stage1.pod(controller)?;
    let answer = match (reception, chosen) {
        (_, Some(_)) => None,
        (Reception::BadRequest, None) => Some(400),
        (Reception::Closed, None) => None,
        // The app waits for a PROXY header and closes the connection.
        (_, None) if !s.app_reception().served() => None,
        _ => Some(503),
    };
    let leg = IngressLeg { controller, pod: chosen, reception, x_forwarded_for, answer };
    let Some(pod) = chosen else {
        trace.outcome = Outcome::Rejected { node: from.node };
        trace.ingress = Some(leg);
        return Some(trace);
    };
    let target = s.pod(pod)?;
    let port = rng.between(EPHEMERAL_PORTS.0, EPHEMERAL_PORTS.1);
    let request = Packet {
        protocol: Protocol::Tcp,
        src: SocketAddrV4::new(from.ip, port),
        dst: SocketAddrV4::new(target.ip, s.service.target_port),
    };
    let mut places = vec![Place::Controller(controller), Place::Node(from.node)];
    if target.node != from.node {
        places.push(Place::Node(target.node));
    }
    places.push(Place::Pod(pod));
    let hop = |direction, from, to, packet| Hop {
        direction,
        from,
        to,
        rewrites: Vec::new(),
        packet,
        proxy_header: None,
        x_forwarded_for: (direction == Direction::Request).then_some(x_forwarded_for),
    };
    let mut stage2: Vec<Hop> = places.windows(2).map(|w| hop(Direction::Request, w[0], w[1], request)).collect();
    let reply = Packet { src: request.dst, dst: request.src, ..request };
    stage2.extend(places.windows(2).rev().map(|w| hop(Direction::Reply, w[1], w[0], reply)));
    let split = trace.hops.iter().position(|h| h.direction == Direction::Reply).unwrap_or(trace.hops.len());
    trace.hops.splice(split..split, stage2);
    trace.outcome = Outcome::Delivered { pod, seen_source: from.ip };
    trace.ingress = Some(leg);
    Some(trace)
}

fn as_controller(place: Place) -> Place {
    match place {
        Place::Pod(id) => Place::Controller(id),
        other => other,
    }
}
