//! `awsNlbIp`: an AWS Network Load Balancer with IP targets
//! (`service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip`): the
//! NLB sends connections straight to pod IPs, so kube-proxy and the Service's
//! `externalTrafficPolicy` play no part.
//!
//! Sources: kubernetes-sigs/aws-load-balancer-controller (read at 225f4456)
//! `pkg/backend/endpoint_resolver.go` (`resolvePodEndpointsWithEndpointsData`:
//! which endpoints are registered), `pkg/service/model_build_target_group.go`
//! (`buildPreserveClientIPFlag`: off for IP targets unless
//! `preserve_client_ip.enabled=true`), `docs/guide/service/nlb.md` ("an NLB
//! with IP targets doesn't pass the client source IP address, unless you
//! specifically configure it"); the AWS docs "Edit target group attributes"
//! ("When you disable client IP preservation, the source IP address is the
//! private IP address of the Network Load Balancer").
//!
//! - Targets are the Ready pods' IPs. Terminating pods are deregistered and
//!   NotReady ones are not registered.
//! - The split over zones (a pod's zone is its node's) and pods is `zonal`'s.
//!   With no registered target the target group is empty and connections
//!   time out.
//! - The NLB rewrites the destination to `podIP:targetPort`. Without client IP
//!   preservation it also rewrites the source to its own private address in
//!   the zone.
//!
//! [inferred] Model addresses: the NLB's private address in the zone numbered
//! z (zones in order of first appearance among the nodes; one zone without
//! zones) is `10.0.255.(11 + z)`, and the client's port is kept. With
//! cross-zone on, the real address is that of the NLB node in the zone the
//! client reached; the model shows the pod's zone's. Left out: the readiness
//! gate exception (a not-ready pod whose containers are ready is registered),
//! and the deregistration delay (a deregistering pod may still get requests,
//! aws-load-balancer-controller#3270). PROXY protocol v2 is in
//! `proxy_protocol`.

use std::net::Ipv4Addr;

use super::{zonal, Balancer, Delivery, LbStep, NoAnswer, Spread, Target, Targets};
use crate::endpoints::EndpointCounts;
use crate::model::EndpointState;
use crate::proxy_protocol::ProxyProtocol;
use crate::scenario::Scenario;

/// An NLB with IP targets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct AwsNlbIp {
    /// `load_balancing.cross_zone.enabled` (off by default).
    pub cross_zone: bool,
    /// `preserve_client_ip.enabled` (off by default for IP targets over TCP).
    pub preserve_client_ip: bool,
}

/// The NLB's private address in zone number `zone` (model addresses, see above).
pub fn nlb_private_ip(zone: u32) -> Ipv4Addr {
    Ipv4Addr::from(u32::from(Ipv4Addr::new(10, 0, 255, 11)).wrapping_add(zone))
}

impl Balancer for AwsNlbIp {
    fn spread(&self, s: &Scenario, counts: &EndpointCounts) -> Spread {
        let registered: Vec<(u32, u32)> = (0u32..)
            .zip(s.pods())
            .filter(|(_, p)| p.state == EndpointState::Ready)
            .map(|(i, p)| (i, counts.zones.zone_of(p.node)))
            .collect();
        if registered.is_empty() {
            return Spread::unanswered(Targets::Pods, s.pods().len(), NoAnswer::NoRegisteredTarget);
        }
        let groups = zonal::split(&registered, counts.zones.count(), self.cross_zone);
        Spread::new(Targets::Pods, s.pods().len(), groups, false)
    }

    fn delivery(&self, s: &Scenario, counts: &EndpointCounts, target: Target) -> Delivery {
        let zone = match target {
            Target::Pod(pod) => s.pod(pod).map_or(0, |p| counts.zones.zone_of(p.node)),
            Target::Node(node) => counts.zones.zone_of(node),
        };
        Delivery::LbToPod { snat_to: (!self.preserve_client_ip).then(|| nlb_private_ip(zone)) }
    }

    fn explain(&self, s: &Scenario, counts: &EndpointCounts, spread: &Spread, to: Option<Target>) -> LbStep {
        let registered = "targets are the Ready pods' IPs (Terminating ones are deregistered, NotReady ones never \
                          registered); kube-proxy plays no part";
        match to.filter(|_| spread.unanswered.is_none()) {
            Some(Target::Pod(pod)) => {
                let name = s.pod(pod).map_or_else(|| pod.to_string(), |p| format!("pod {} ({})", p.name, p.ip));
                let how = zonal::describe(counts, spread, pod.0, "registered pod")
                    .unwrap_or_else(|| "a pod the NLB does not target".into());
                LbStep { what: format!("sends it straight to {name}"), why: format!("{how}; {registered}") }
            }
            Some(Target::Node(node)) => LbStep {
                what: format!("sends nothing to {}'s pods", super::node_name(s, node)),
                why: format!("none of them is Ready, so none is a registered target; {registered}"),
            },
            None => LbStep {
                what: "has no target".into(),
                why: "no pod is Ready, so the target group is empty; the client's SYN times out".into(),
            },
        }
    }

    fn place_name(&self) -> &'static str {
        "AWS NLB"
    }

    fn proxy_protocol_versions(&self) -> &'static [ProxyProtocol] {
        zonal::PROXY_PROTOCOL_VERSIONS
    }

    fn proxy_protocol_refusal(&self) -> &'static str {
        zonal::PROXY_PROTOCOL_REFUSAL
    }
}
