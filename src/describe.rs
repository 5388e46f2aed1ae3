//! Words for what the core computed: a node's fate, the load balancer's mode,
//! the source address pods see. Pure, so every sentence on screen is tested
//! and the components only place them.

use trafficlab_core::{ExternalTrafficPolicy, NodeId, NodeShare, Scenario, ServiceType, Shares, Verdict, Weighting};

/// How a node is drawn, and the sentence under its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeFate {
    Forwards,
    /// The LB sends it nothing (health check 503).
    Skipped,
    /// Gets traffic and drops it: clients time out.
    Drops,
    Rejects,
}

impl NodeFate {
    pub fn of(share: &NodeShare) -> NodeFate {
        match (share.verdict, share.skipped_by_lb()) {
            (Verdict::Reject, _) => NodeFate::Rejects,
            (_, true) => NodeFate::Skipped,
            (Verdict::Drop, false) => NodeFate::Drops,
            (Verdict::Forward, false) => NodeFate::Forwards,
        }
    }

    pub fn class(self) -> &'static str {
        match self {
            NodeFate::Forwards => "forwards",
            NodeFate::Skipped => "skipped",
            NodeFate::Drops => "drops",
            NodeFate::Rejects => "rejects",
        }
    }

    pub fn sentence(self, policy: ExternalTrafficPolicy) -> &'static str {
        match (self, policy) {
            (NodeFate::Forwards, ExternalTrafficPolicy::Cluster) => "forwards to any pod · SNAT",
            (NodeFate::Forwards, ExternalTrafficPolicy::Local) => "forwards to its own pods · client IP kept",
            (NodeFate::Skipped, _) => "skipped by the LB: health check 503",
            (NodeFate::Drops, _) => "no local endpoints: DROP, clients time out",
            (NodeFate::Rejects, _) => "no endpoints anywhere: REJECT (ICMP)",
        }
    }
}

/// The load balancer's mode in a few words, e.g. "health checks · even".
pub fn lb_mode(scenario: &Scenario, shares: &Shares) -> String {
    let lb = &scenario.load_balancer;
    if scenario.service.service_type == ServiceType::NodePort {
        return "NodePort: no load balancer".into();
    }
    if !scenario.service.has_health_check_node_port() {
        return "even over all nodes".into();
    }
    if !lb.health_check {
        return "no health checks: even over all nodes".into();
    }
    if shares.lb_failed_open {
        return "every node 503: failed open, even".into();
    }
    match lb.weighting {
        Weighting::Even => "health checks · even over healthy nodes".into(),
        Weighting::PodsPerNode => "health checks · weighted by pods per node".into(),
    }
}

/// What client address pods see, in one line.
pub fn seen_source(scenario: &Scenario) -> String {
    match scenario.service.external_traffic_policy {
        ExternalTrafficPolicy::Local => format!("the client's own IP, {}", scenario.client.ip),
        ExternalTrafficPolicy::Cluster => "a node address (the receiving node's IP, or its pod-CIDR gateway)".into(),
    }
}

/// What a pod on `node` sees as the source of external connections.
pub fn pod_sees(scenario: &Scenario, node: NodeId) -> String {
    match (scenario.service.external_traffic_policy, scenario.node(node)) {
        (ExternalTrafficPolicy::Local, _) | (_, None) => format!("{} (the client)", scenario.client.ip),
        (ExternalTrafficPolicy::Cluster, Some(n)) => {
            format!("{} from its own node, other nodes' IPs from theirs", n.pod_cidr.gateway())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use trafficlab_core::EndpointState::Ready;

    fn three_one_zero(health_check: bool) -> Scenario {
        let mut s =
            Scenario::from_layout(ExternalTrafficPolicy::Local, &[vec![Ready; 3], vec![Ready], vec![]]).unwrap();
        s.load_balancer.health_check = health_check;
        s
    }

    #[test]
    fn an_empty_node_is_skipped_with_health_checks_and_drops_without() {
        let s = three_one_zero(true);
        let fates: Vec<NodeFate> = s.shares().nodes.iter().map(NodeFate::of).collect();
        assert_eq!(fates, [NodeFate::Forwards, NodeFate::Forwards, NodeFate::Skipped]);
        let s = three_one_zero(false);
        let fate = NodeFate::of(&s.shares().nodes[2]);
        assert_eq!(fate, NodeFate::Drops);
        assert_eq!(fate.sentence(ExternalTrafficPolicy::Local), "no local endpoints: DROP, clients time out");
    }

    #[test]
    fn no_pods_anywhere_rejects() {
        let s = Scenario::from_layout(ExternalTrafficPolicy::Cluster, &[vec![]]).unwrap();
        assert_eq!(NodeFate::of(&s.shares().nodes[0]), NodeFate::Rejects);
    }

    #[test]
    fn lb_mode_names_what_the_lb_does() {
        let s = three_one_zero(true);
        assert_eq!(lb_mode(&s, &s.shares()), "health checks · even over healthy nodes");
        let s = three_one_zero(false);
        assert_eq!(lb_mode(&s, &s.shares()), "no health checks: even over all nodes");
        let mut s = three_one_zero(true);
        s.service.service_type = ServiceType::NodePort;
        assert_eq!(lb_mode(&s, &s.shares()), "NodePort: no load balancer");
    }

    #[test]
    fn pods_see_the_client_only_under_local() {
        let mut s = three_one_zero(true);
        assert!(seen_source(&s).contains("203.0.113.10"));
        assert_eq!(pod_sees(&s, NodeId(1)), "203.0.113.10 (the client)");
        s.service.external_traffic_policy = ExternalTrafficPolicy::Cluster;
        assert!(seen_source(&s).contains("node address"));
        assert_eq!(pod_sees(&s, NodeId(1)), "10.244.2.1 from its own node, other nodes' IPs from theirs");
    }
}
