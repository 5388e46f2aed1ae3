//! The shares of a scenario with an ingress controller in front: stage 1's
//! connections to the controller pods (the controller scenario's own shares),
//! then stage 2's requests, round robin over the app's Ready pods.
//!
//! Let `r` be the fraction of new connections that reach a controller pod and
//! that the controller serves (it refuses them all on a PROXY mismatch). Each
//! of the `N` Ready app pods gets `r/N` of the requests, whatever stage 1 did;
//! with `N = 0` the controller answers 503 to all of `r`. A request crosses
//! nodes in stage 2 when the app pod is on another node than the controller
//! pod: `Σ_c r_c · (1 − n(node of c)/N)`, added to stage 1's crossings (so
//! `cross_node` counts crossings: one request may cross in both stages).

use crate::ids::PodId;
use crate::model::EndpointState;
use crate::proxy_protocol::Reception;
use crate::rng::Rng;
use crate::scenario::Scenario;
use crate::shares::{ClientIp, Shares};

/// Stage 1 of a scenario with an ingress controller, as [`Shares::ingress`] holds it.
#[derive(Clone, Debug, PartialEq)]
pub struct IngressShares {
    /// The controller pods' shares of new connections (in the order of
    /// [`Scenario::controller_scenario`]'s pods), and everything else stage 1 did.
    pub controllers: Shares,
    /// What the controller makes of each connection's first bytes (PROXY protocol).
    pub reception: Reception,
    /// The controller answers 503: it serves requests but the app has no Ready pod.
    pub no_ready_app_pod: bool,
}

/// The two-stage shares of `s`, whose controller scenario is `stage1`.
pub(crate) fn two_stage(s: &Scenario, stage1: &Scenario) -> Shares {
    let controllers = stage1.shares();
    let reception = stage1.app_reception();
    let reached: f64 = controllers.pods.iter().sum();
    let ready_on: Vec<u32> =
        s.node_ids().map(|n| s.pods_on(n).filter(|(_, p)| p.state == EndpointState::Ready).count() as u32).collect();
    let ready: u32 = ready_on.iter().sum();
    let served = if Stage2::of(s, stage1).served && ready > 0 { reached } else { 0.0 };
    let each = if ready > 0 { served / f64::from(ready) } else { 0.0 };
    let pods: Vec<f64> = s.pods().iter().map(|p| if p.state == EndpointState::Ready { each } else { 0.0 }).collect();
    let kept = if reached > 0.0 { served / reached } else { 0.0 };
    let stage2_cross: f64 = stage1
        .pods()
        .iter()
        .zip(&controllers.pods)
        .map(|(c, &share)| share * kept * (1.0 - f64::from(ready_on[c.node.index()]) / f64::from(ready.max(1))))
        .sum();
    let forwarded_for = match reception {
        _ if served == 0.0 => 0.0,
        Reception::Parsed => served,
        _ => controllers.client_ip_preserved,
    };
    let mut shares = Shares {
        nodes: controllers.nodes.clone(),
        dropped: controllers.dropped,
        rejected: controllers.rejected,
        refused: reached - served,
        snat: controllers.snat,
        cross_node: controllers.cross_node + stage2_cross,
        client_ip_preserved: 0.0,
        client_ip: ClientIp { tcp_peer: 0.0, proxy_header: 0.0, forwarded_for },
        imbalance: None,
        lb_failed_open: controllers.lb_failed_open,
        unanswered: controllers.unanswered,
        app_reception: s.app_reception(),
        ingress: None,
        pods,
    };
    shares.imbalance = crate::shares::imbalance(s, &shares.pods);
    let no_ready_app_pod = ready == 0 && reception.served() && reached > 0.0;
    shares.ingress = Some(Box::new(IngressShares { controllers, reception, no_ready_app_pod }));
    shares
}

/// Stage 2, one rule for the shares, a simulation and a trace: which app pod
/// a request a controller took goes to, or `None` when it never reaches one.
pub(crate) struct Stage2 {
    ready: Vec<PodId>,
    /// Both ends take the request: the controller its PROXY header (or its
    /// absence), and the app what the controller sends, which is never a
    /// header (`Scenario::app_reception`).
    pub(crate) served: bool,
}

impl Stage2 {
    /// For `s` and `stage1`, its controller scenario.
    pub(crate) fn of(s: &Scenario, stage1: &Scenario) -> Self {
        let ready = s.pod_ids().filter(|&p| s.pods()[p.index()].state == EndpointState::Ready).collect();
        let served = stage1.app_reception().served() && s.app_reception().served();
        Stage2 { ready, served }
    }

    /// Round robin over the Ready app pods, drawn uniformly: over many
    /// requests each gets the same share.
    pub(crate) fn pick(&self, rng: &mut Rng) -> Option<PodId> {
        if !self.served || self.ready.is_empty() {
            return None;
        }
        self.ready.get(rng.below(self.ready.len() as u64) as usize).copied()
    }
}
