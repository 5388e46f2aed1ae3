//! The load balancer namespace: it spreads new connections over the nodes
//! with the core's weights, the way kube-proxy itself spreads them over
//! endpoints (rule i of n with `statistic --probability wᵢ/(wᵢ+…+wₙ)`, the
//! last without). Health checks, fail-open and fail-closed are the core's
//! (`Router::lb_share`): a node the core's load balancer skips gets no rule,
//! and a connection nothing answers is dropped here, so the client times out.
//!
//! How the packet reaches the node is the core's trace's: still addressed to
//! the VIP (a passthrough LB: the connection is marked and policy-routed to
//! the node, as a GCP or MetalLB router hands it on), or rewritten to
//! `nodeIP:nodePort` (an NLB with instance targets, or a `NodePort` Service,
//! whose clients the lab stands in for by DNAT). Either way the client's
//! address is kept.

use std::fmt::Write as _;
use std::net::Ipv4Addr;

use trafficlab_core::{Direction, NodeId, Place, ProviderKind, Router, Scenario, ServiceType};

use crate::error::LabError;
use crate::netns::{self, ip_batch};
use crate::topology::Lab;

/// How a connection arrives at the node the load balancer picked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Arrival {
    /// Still addressed to the VIP.
    Vip,
    /// Rewritten to `nodeIP:nodePort`.
    NodePort,
}

/// Refuses what the lab cannot build: a load balancer that targets pods, a
/// data path other than kube-proxy's, a PROXY protocol header (the pods'
/// servers speak plain TCP) and an ingress controller in front.
pub(crate) fn check_supported(s: &Scenario) -> Result<(), LabError> {
    if !s.data_path.uses_kube_proxy_rules() {
        return Err(LabError::new(
            "dataPath",
            format!("{} replaces kube-proxy, and the lab loads kube-proxy's rules", s.data_path),
            "remove dataPath (or set it to kubeProxy)",
        ));
    }
    if s.load_balancer.proxy_protocol.is_some() {
        return Err(LabError::new(
            "loadBalancer.proxyProtocol",
            "the lab's load balancer forwards packets and cannot prepend a PROXY protocol header",
            "remove loadBalancer.proxyProtocol for the lab",
        ));
    }
    if s.ingress().is_some() {
        return Err(LabError::new(
            "ingress",
            "the lab builds one Service's kube-proxy rules, not an ingress controller in front of it",
            "remove ingress for the lab",
        ));
    }
    let kind = s.load_balancer.provider.kind();
    if s.service.service_type == ServiceType::LoadBalancer && kind == ProviderKind::AwsNlbIp {
        return Err(LabError::new(
            "loadBalancer.provider",
            format!("{kind} sends connections straight to pod IPs, so kube-proxy's rules play no part"),
            "use a provider that targets nodes (generic, metallbL2, metallbBgp, awsNlbInstance, azure)",
        ));
    }
    Ok(())
}

/// Where the core's trace says a connection to `node` arrives.
pub(crate) fn arrival(s: &Scenario) -> Arrival {
    let Some(entry) = s.node_ids().next() else { return Arrival::Vip };
    let into_node = s.trace(entry, 1).and_then(|trace| {
        trace.hops.into_iter().find(|h| h.direction == Direction::Request && h.to == Place::Node(entry))
    });
    match into_node {
        Some(hop) if hop.packet.dst.port() == s.service.node_port && *hop.packet.dst.ip() != s.load_balancer.ip => {
            Arrival::NodePort
        }
        _ => Arrival::Vip,
    }
}

/// The nodes the load balancer sends new connections to, with their weights.
pub(crate) fn targets(s: &Scenario) -> Vec<(NodeId, f64)> {
    let router = Router::new(s);
    if router.unanswered().is_some() {
        return Vec::new();
    }
    s.node_ids().map(|n| (n, router.lb_share(n))).filter(|&(_, w)| w > 0.0).collect()
}

/// Loads the load balancer's rules and policy routes.
pub(crate) fn load(s: &Scenario, lab: &Lab) -> Result<(), LabError> {
    let targets = targets(s);
    let arrival = arrival(s);
    let rules = render(s, &targets, arrival);
    netns::run("ip", &["netns", "exec", &lab.load_balancer, "iptables-restore"], Some(&rules))?;
    let vip = s.load_balancer.ip;
    // A connection no rule picked a node for is dropped silently (no ICMP): the client times out.
    let mut routes = vec![format!("route add blackhole {vip}/32")];
    for (k, &(node, _)) in targets.iter().enumerate().filter(|_| arrival == Arrival::Vip) {
        let ip = s.node(node).map_or(Ipv4Addr::UNSPECIFIED, |n| n.ip);
        let mark = k + 1;
        routes.push(format!("rule add fwmark {mark} table {} priority {}", 100 + mark, 1000 + mark));
        routes.push(format!("route add {vip}/32 via {ip} dev br0 table {}", 100 + mark));
    }
    ip_batch(&lab.load_balancer, &routes)
}

/// The load balancer's `iptables-restore` input.
pub(crate) fn render(s: &Scenario, targets: &[(NodeId, f64)], arrival: Arrival) -> String {
    let (vip, port) = (s.load_balancer.ip, s.service.port);
    let new_to_vip = format!("-i c0 -d {vip}/32 -p tcp -m tcp --dport {port}");
    let mut out = String::from("# The lab's load balancer: one rule per node it sends new connections to.\n");
    let table = match arrival {
        Arrival::Vip => "mangle",
        Arrival::NodePort => "nat",
    };
    let _ = writeln!(out, "*{table}\n:TLAB-PICK - [0:0]");
    match arrival {
        Arrival::Vip => {
            let _ = writeln!(out, "-A PREROUTING {new_to_vip} -m conntrack --ctstate NEW -j TLAB-PICK");
            let _ = writeln!(out, "-A PREROUTING -i c0 -j CONNMARK --restore-mark");
        }
        Arrival::NodePort => {
            let _ = writeln!(out, "-A PREROUTING {new_to_vip} -j TLAB-PICK");
        }
    }
    let total: f64 = targets.iter().map(|&(_, w)| w).sum();
    let mut left = total;
    for (k, &(node, weight)) in targets.iter().enumerate() {
        let statistic = if k + 1 < targets.len() {
            format!("-m statistic --mode random --probability {:.10} ", weight / left)
        } else {
            String::new()
        };
        left -= weight;
        let ip = s.node(node).map_or(Ipv4Addr::UNSPECIFIED, |n| n.ip);
        let action = match arrival {
            // A retransmitted SYN is still NEW: the guard keeps the first pick.
            Arrival::Vip => format!("-m connmark --mark 0 {statistic}-j CONNMARK --set-mark {}", k + 1),
            Arrival::NodePort => format!("-p tcp {statistic}-j DNAT --to-destination {ip}:{}", s.service.node_port),
        };
        let _ = writeln!(out, "-A TLAB-PICK {action}");
    }
    out.push_str("COMMIT\n*filter\n");
    let _ = writeln!(out, "-A FORWARD -i c0 -d {vip}/32 -m mark --mark 0 -j DROP");
    out.push_str("COMMIT\n");
    out
}

#[cfg(test)]
mod tests {
    use trafficlab_core::{EndpointState, ExternalTrafficPolicy};

    use super::*;

    fn three_nodes() -> Scenario {
        let layout = [vec![EndpointState::Ready], vec![EndpointState::Ready; 2], vec![EndpointState::Ready; 3]];
        Scenario::from_layout(ExternalTrafficPolicy::Local, &layout).unwrap()
    }

    #[test]
    fn an_even_spread_takes_kube_proxys_probabilities() {
        let s = three_nodes();
        let targets = targets(&s);
        assert_eq!(targets.len(), 3);
        let rules = render(&s, &targets, arrival(&s));
        let picks: Vec<&str> = rules.lines().filter(|l| l.starts_with("-A TLAB-PICK")).collect();
        assert_eq!(picks.len(), 3, "{rules}");
        assert!(picks[0].contains("--probability 0.3333333333 -j CONNMARK --set-mark 1"), "{rules}");
        assert!(picks[1].contains("--probability 0.5000000000 -j CONNMARK --set-mark 2"), "{rules}");
        assert!(!picks[2].contains("statistic"), "{rules}");
        assert!(picks.iter().all(|p| p.contains("-m connmark --mark 0")), "a retransmitted SYN keeps its pick");
        assert!(rules.starts_with("# ") && rules.contains("*mangle\n"), "{rules}");
    }

    #[test]
    fn node_port_services_arrive_at_the_node_port() {
        let mut s = three_nodes();
        s.service.service_type = ServiceType::NodePort;
        assert_eq!(arrival(&s), Arrival::NodePort);
        let rules = render(&s, &targets(&s), Arrival::NodePort);
        assert!(
            rules.contains(
                "-p tcp -m statistic --mode random --probability 0.3333333333 -j DNAT --to-destination 10.0.0.11:30080"
            ),
            "{rules}"
        );
        assert_eq!(arrival(&three_nodes()), Arrival::Vip);
    }

    #[test]
    fn a_node_the_load_balancer_skips_gets_no_rule() {
        let layout = [vec![EndpointState::Ready; 3], vec![EndpointState::Ready], vec![]];
        let s = Scenario::from_layout(ExternalTrafficPolicy::Local, &layout).unwrap();
        let nodes: Vec<u32> = targets(&s).iter().map(|(n, _)| n.0).collect();
        assert_eq!(nodes, [0, 1], "the empty node fails its health check");
    }
}
