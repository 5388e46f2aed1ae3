//! Words for what the core computed: a node's fate, the load balancer's mode,
//! the source address pods see. Pure, so every sentence on screen is tested
//! and the components only place them.

use trafficlab_core::{
    nlb_private_ip, DataPath, ExternalTrafficPolicy, NoAnswer, NodeId, NodeShare, Place, Provider, ProviderKind,
    Scenario, ServiceType, Shares, Verdict, Weighting,
};

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

/// The sentence under node `node`'s name: what the load balancer (for the
/// chosen provider) and then kube-proxy do with its connections.
pub fn node_sentence(scenario: &Scenario, shares: &Shares, node: NodeId) -> String {
    let Some(share) = shares.nodes.get(node.index()) else { return String::new() };
    let fate = NodeFate::of(share);
    let base = fate.sentence(scenario.service.external_traffic_policy);
    // After a provider's own words only kube-proxy's first clause fits the box.
    let first = base.split(" · ").next().unwrap_or(base);
    let gets = share.lb > 0.0;
    if let Some(no_answer) = shares.unanswered {
        return unanswered_sentence(no_answer).to_string();
    }
    match active_provider(scenario) {
        Provider::Generic(_) => base.to_string(),
        Provider::MetallbL2(_) if gets => format!("ARP leader · {first}"),
        Provider::MetallbL2(_) => "not the ARP leader: gets nothing".to_string(),
        Provider::MetallbBgp(_) if gets => format!("announces the VIP · {first}"),
        Provider::MetallbBgp(_) => "does not announce the VIP: gets nothing".to_string(),
        Provider::AwsNlbIp(_) if gets => "NLB sends to its pods directly (kube-proxy bypassed)".to_string(),
        Provider::AwsNlbIp(_) => "no registered pod here: gets nothing".to_string(),
        Provider::AwsNlbInstance(_) | Provider::Azure(_) => match share.probe {
            Some(probe) if !gets && !probe.up => format!("skipped by the LB: {probe}"),
            _ => base.to_string(),
        },
    }
}

/// What a node shows when nothing answers the VIP at all.
fn unanswered_sentence(no_answer: NoAnswer) -> &'static str {
    match no_answer {
        NoAnswer::NoArpReply => "no ARP answer: clients time out",
        NoAnswer::NoRoute => "no route to the VIP: clients time out",
        NoAnswer::NoHealthyBackend => "fail-closed: no new flows",
        NoAnswer::NoRegisteredTarget => "no registered target: clients time out",
    }
}

/// The provider that decides, which is `generic` for a NodePort Service.
fn active_provider(scenario: &Scenario) -> Provider {
    match scenario.service.service_type {
        ServiceType::NodePort => Provider::default(),
        ServiceType::LoadBalancer => scenario.load_balancer.provider,
    }
}

/// The load balancer box's title: the core's name for the place, its VIP and port.
pub fn lb_title(scenario: &Scenario) -> String {
    let name = scenario.place_name(Place::LoadBalancer);
    format!("{name} {}:{}", scenario.load_balancer.ip, scenario.service.port)
}

/// The load balancer's mode in a few words, e.g. "health checks · even".
pub fn lb_mode(scenario: &Scenario, shares: &Shares) -> String {
    if scenario.service.service_type == ServiceType::NodePort {
        return "NodePort: no load balancer".into();
    }
    if let Some(no_answer) = shares.unanswered {
        return unanswered_sentence(no_answer).to_string();
    }
    let receiving = shares.nodes.iter().filter(|n| n.lb > 0.0).count();
    let nodes = |n: usize| if n == 1 { "1 node".to_string() } else { format!("{n} nodes") };
    let cross_zone = |on: bool| if on { "cross-zone on" } else { "cross-zone off" };
    match scenario.load_balancer.provider {
        Provider::Generic(_) => generic_mode(scenario, shares),
        Provider::MetallbL2(_) => {
            let leader = scenario.node_ids().zip(&shares.nodes).find(|(_, n)| n.lb > 0.0);
            let name = leader.and_then(|(id, _)| scenario.node(id)).map_or("", |n| n.name.as_str());
            format!("ARP leader: {name} takes every connection")
        }
        Provider::MetallbBgp(_) => format!("BGP: {} announce the VIP (ECMP)", nodes(receiving)),
        Provider::AwsNlbInstance(nlb) => {
            format!("instance targets · {} · {}", cross_zone(nlb.cross_zone), nodes(receiving))
        }
        Provider::AwsNlbIp(nlb) => {
            let source = if nlb.preserve_client_ip { "client IP kept" } else { "source: the NLB" };
            format!("IP targets · {} · {source}", cross_zone(nlb.cross_zone))
        }
        Provider::Azure(_) => format!("floating IP · probes nodes · {} up", nodes(receiving)),
    }
}

/// The generic load balancer's mode (health checks, weighting).
fn generic_mode(scenario: &Scenario, shares: &Shares) -> String {
    let lb = &scenario.load_balancer;
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

/// The modelling assumption behind a provider's rule (an `[inferred]` place
/// in the core, "Assumptions" in docs/model.md), in one sentence.
pub fn provider_assumption(kind: ProviderKind) -> Option<&'static str> {
    match kind {
        ProviderKind::Generic => None,
        ProviderKind::MetallbL2 => Some(
            "Assumption: every node runs a healthy speaker and they agree who is a member; under Local the ARP leader always has a serving endpoint, so it never drops.",
        ),
        ProviderKind::MetallbBgp => {
            Some("Assumption: the routers' ECMP hash is ideal, so every announcing node gets the same share.")
        }
        ProviderKind::AwsNlbInstance => Some(
            "Assumption: clients pick the per-zone DNS answers evenly, so each zone with a healthy target gets the same share.",
        ),
        ProviderKind::AwsNlbIp => Some(
            "Assumption: each zone gets the same share, and the NLB's private address in a zone is a model address (10.0.255.11 up).",
        ),
        ProviderKind::Azure => {
            Some("Assumption: the five-tuple hash is ideal, and the load balancer does not rewrite the source.")
        }
    }
}

/// What client address pods see, in one line.
pub fn seen_source(scenario: &Scenario) -> String {
    if let Some(seen) = seen_past_kube_proxy(scenario) {
        return seen;
    }
    if let Provider::AwsNlbIp(nlb) = active_provider(scenario) {
        return nlb_ip_source(scenario, nlb.preserve_client_ip);
    }
    match scenario.service.external_traffic_policy {
        ExternalTrafficPolicy::Local => format!("the client's own IP, {}", scenario.client.ip),
        ExternalTrafficPolicy::Cluster => "a node address (the receiving node's IP, or its pod-CIDR gateway)".into(),
    }
}

/// What the app's pods see when kube-proxy's masquerade is not the story:
/// an ingress controller in front (its pod is the TCP peer), or Cilium DSR
/// (no masquerade under either policy).
fn seen_past_kube_proxy(scenario: &Scenario) -> Option<String> {
    if scenario.ingress().is_some() {
        return Some(
            "an ingress controller pod's IP; the client, as the controller saw it, is in X-Forwarded-For".into(),
        );
    }
    (scenario.data_path == DataPath::CiliumDsr)
        .then(|| format!("the client's own IP, {} (Cilium DSR does not masquerade)", scenario.client.ip))
}

/// What a pod on `node` sees as the source of external connections.
pub fn pod_sees(scenario: &Scenario, node: NodeId) -> String {
    if let Some(seen) = seen_past_kube_proxy(scenario) {
        return seen;
    }
    if let Provider::AwsNlbIp(nlb) = active_provider(scenario) {
        return nlb_ip_source(scenario, nlb.preserve_client_ip);
    }
    match (scenario.service.external_traffic_policy, scenario.node(node)) {
        (ExternalTrafficPolicy::Local, _) | (_, None) => format!("{} (the client)", scenario.client.ip),
        (ExternalTrafficPolicy::Cluster, Some(n)) => {
            format!("{} from its own node, other nodes' IPs from theirs", n.pod_cidr.gateway())
        }
    }
}

/// What pods behind an NLB with IP targets see: the NLB bypasses kube-proxy,
/// so the policy plays no part; only client IP preservation does.
fn nlb_ip_source(scenario: &Scenario, preserve_client_ip: bool) -> String {
    if preserve_client_ip {
        format!("the client's own IP, {} (the NLB preserves it)", scenario.client.ip)
    } else {
        format!("the NLB's private address in the zone ({} for the first)", nlb_private_ip(0))
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

    fn preset(id: &str) -> Scenario {
        crate::presets::Preset::by_id(id).unwrap().scenario().unwrap()
    }

    fn sentences(s: &Scenario) -> Vec<String> {
        let shares = s.shares();
        s.node_ids().map(|n| node_sentence(s, &shares, n)).collect()
    }

    #[test]
    fn metallb_l2_marks_the_arp_leader() {
        let s = preset("metallb-l2-local-pods-off-the-leader");
        assert_eq!(
            sentences(&s),
            [
                "not the ARP leader: gets nothing",
                "not the ARP leader: gets nothing",
                "ARP leader · forwards to its own pods",
            ]
        );
        assert_eq!(lb_mode(&s, &s.shares()), "ARP leader: node-c takes every connection");
        assert_eq!(lb_title(&s), format!("{} 192.168.1.240:80", s.place_name(Place::LoadBalancer)));
    }

    #[test]
    fn azure_fails_closed_and_cloud_lbs_name_their_probe() {
        let s = preset("azure-rolling-update-fail-closed");
        assert!(sentences(&s).iter().all(|line| line == "fail-closed: no new flows"));
        assert_eq!(lb_mode(&s, &s.shares()), "fail-closed: no new flows");
        let s = preset("nlb-instance-local-two-zones");
        assert_eq!(sentences(&s)[4], "skipped by the LB: HTTP 503 on healthCheckNodePort");
        assert_eq!(lb_mode(&s, &s.shares()), "instance targets · cross-zone off · 4 nodes");
    }

    #[test]
    fn every_provider_but_generic_names_its_assumption() {
        for kind in ProviderKind::ALL {
            assert_eq!(provider_assumption(kind).is_some(), kind != ProviderKind::Generic, "{kind}");
        }
    }

    #[test]
    fn pods_see_the_client_only_under_local() {
        let mut s = three_one_zero(true);
        assert!(seen_source(&s).contains("203.0.113.10"));
        assert_eq!(pod_sees(&s, NodeId(1)), "203.0.113.10 (the client)");
        s.service.external_traffic_policy = ExternalTrafficPolicy::Cluster;
        assert!(seen_source(&s).contains("node address"));
        assert_eq!(pod_sees(&s, NodeId(1)), "10.244.2.1 from its own node, other nodes' IPs from theirs");
        // Cilium DSR keeps the client under Cluster too.
        s.data_path = DataPath::CiliumDsr;
        assert!(seen_source(&s).contains("203.0.113.10 (Cilium DSR"), "{}", seen_source(&s));
        assert!(pod_sees(&s, NodeId(1)).contains("203.0.113.10"));
        // Behind an ingress controller the app's TCP peer is the controller.
        s.data_path = DataPath::KubeProxy;
        let pod = trafficlab_core::ControllerPod { name: "ingress-1".into(), node: NodeId(0), state: Ready };
        let ingress = trafficlab_core::Ingress {
            external_traffic_policy: ExternalTrafficPolicy::Local,
            use_proxy_protocol: None,
            pods: vec![pod],
        };
        s.set_ingress(Some(ingress)).unwrap();
        assert!(seen_source(&s).contains("X-Forwarded-For"), "{}", seen_source(&s));
        assert!(pod_sees(&s, NodeId(1)).starts_with("an ingress controller pod's IP"));
    }
}
