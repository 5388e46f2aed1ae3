//! Invariants over random layouts and settings (proptest).

use proptest::prelude::*;
use trafficlab_core::{
    AwsNlbInstance, AwsNlbIp, EndpointState, ExternalTrafficPolicy, NodeId, Outcome, Place, Provider, ProviderKind,
    Rewrite, Rng, Router, Scenario, ServiceType, TrafficDistribution, Verdict, Weighting,
};

fn state() -> impl Strategy<Value = EndpointState> {
    prop_oneof![
        3 => Just(EndpointState::Ready),
        1 => Just(EndpointState::Terminating),
        1 => Just(EndpointState::NotReady),
    ]
}

prop_compose! {
    fn scenario()(
        layout in prop::collection::vec(prop::collection::vec(state(), 0..6), 1..8),
        local in any::<bool>(),
        node_port in any::<bool>(),
        health_check in any::<bool>(),
        pods_per_node in any::<bool>(),
    ) -> Scenario {
        let policy = if local { ExternalTrafficPolicy::Local } else { ExternalTrafficPolicy::Cluster };
        let mut s = Scenario::from_layout(policy, &layout).unwrap();
        s.service.service_type = if node_port { ServiceType::NodePort } else { ServiceType::LoadBalancer };
        s.load_balancer.health_check = health_check;
        s.load_balancer.weighting = if pods_per_node { Weighting::PodsPerNode } else { Weighting::Even };
        s
    }
}

fn provider() -> impl Strategy<Value = Provider> {
    (prop::sample::select(ProviderKind::ALL.to_vec()), any::<bool>(), any::<bool>()).prop_map(
        |(kind, cross_zone, preserve_client_ip)| match kind {
            ProviderKind::AwsNlbInstance => Provider::AwsNlbInstance(AwsNlbInstance { cross_zone }),
            ProviderKind::AwsNlbIp => Provider::AwsNlbIp(AwsNlbIp { cross_zone, preserve_client_ip }),
            other => Provider::from(other),
        },
    )
}

prop_compose! {
    /// Any provider, zones (up to three) or none, and `trafficDistribution` or none.
    fn any_provider_scenario()(
        s in scenario(),
        provider in provider(),
        zones in prop::option::of(prop::collection::vec(0u8..3, 8)),
        prefer_close in any::<bool>(),
    ) -> Scenario {
        let mut s = s;
        s.service.service_type = ServiceType::LoadBalancer;
        s.load_balancer.provider = provider;
        let names = zones.map(|z| z.iter().take(s.nodes().len()).map(|i| format!("zone-{i}")).collect());
        s.set_zones(names).unwrap();
        s.service.traffic_distribution = prefer_close.then_some(TrafficDistribution::PreferClose);
        s
    }
}

const EPS: f64 = 1e-9;

proptest! {
    #[test]
    fn every_provider_delivers_drops_or_rejects_each_connection_exactly_once(s in any_provider_scenario()) {
        let shares = s.shares();
        let delivered: f64 = shares.pods.iter().sum();
        prop_assert!((delivered + shares.dropped + shares.rejected - 1.0).abs() < EPS, "{:?}", shares);
        prop_assert!(shares.pods.iter().all(|&p| (0.0..=1.0 + EPS).contains(&p)));
        // The LB hands out everything, unless nothing answers.
        let lb: f64 = shares.nodes.iter().map(|n| n.lb).sum();
        let expected = if shares.unanswered.is_some() { 0.0 } else { 1.0 };
        prop_assert!((lb - expected).abs() < EPS);
        // Every delivered connection reaches the pod with one source: the client's or a rewritten one.
        prop_assert!(shares.client_ip_preserved + shares.snat <= delivered + EPS);
        if !matches!(s.load_balancer.provider, Provider::AwsNlbIp(_)) {
            prop_assert!((shares.client_ip_preserved + shares.snat - delivered).abs() < EPS);
        }
        if shares.unanswered.is_some() {
            prop_assert_eq!(shares.dropped, 1.0);
        }
        prop_assert!(shares.pods.iter().zip(s.pods()).all(|(&p, pod)| pod.state != EndpointState::NotReady || p == 0.0));
    }

    #[test]
    fn sampled_connections_trace_the_way_their_fate_says(s in any_provider_scenario(), seed in any::<u64>()) {
        let router = Router::new(&s);
        let shares = s.shares();
        let mut rng = Rng::new(seed);
        for _ in 0..8 {
            let connection = router.connect(&mut rng);
            let trace = router.trace(connection).unwrap();
            prop_assert!(trace.hops.windows(2).all(|w| w[0].to == w[1].from));
            prop_assert_eq!(trace.hops[0].from, Place::Client);
            prop_assert_eq!(trace.unanswered, shares.unanswered);
            match trace.outcome {
                Outcome::Delivered { pod, .. } => {
                    prop_assert!(shares.pods[pod.index()] > 0.0, "sampled a pod with share 0");
                    prop_assert!(!trace.entry_skipped_by_lb);
                }
                Outcome::Dropped { node } if node == NodeId::NONE => prop_assert!(trace.stopped_at_load_balancer()),
                Outcome::Dropped { node } | Outcome::Rejected { node } => {
                    prop_assert!(shares.nodes[node.index()].lb > 0.0);
                    prop_assert!(!trace.rules.is_empty());
                }
            }
        }
    }

    #[test]
    fn each_pods_share_is_the_lb_shares_times_its_chance_on_each_node(s in any_provider_scenario(), seed in any::<u64>()) {
        let (shares, router) = (s.shares(), Router::new(&s));
        let mut sum = vec![0.0; s.pods().len()];
        for node in s.node_ids() {
            let candidates = router.weighted_candidates(node);
            let total: f64 = candidates.iter().map(|c| c.probability()).sum();
            prop_assert!(candidates.is_empty() || (total - 1.0).abs() < 1e-12, "chances sum to {}", total);
            for c in &candidates {
                sum[c.pod.index()] += shares.nodes[node.index()].lb * c.probability();
            }
            let trace = s.trace(node, seed).unwrap();
            match trace.outcome {
                Outcome::Delivered { pod, .. } => {
                    prop_assert_eq!(&trace.candidates, &candidates);
                    prop_assert!(candidates.iter().any(|c| c.pod == pod));
                }
                _ => prop_assert!(trace.candidates.is_empty()),
            }
        }
        for (i, (&expected, &got)) in shares.pods.iter().zip(&sum).enumerate() {
            prop_assert!((expected - got).abs() < 1e-12, "pod {}: share {} but Σ lb × chance {}", i, expected, got);
        }
    }

    #[test]
    fn local_never_snats_in_kube_proxy_whatever_the_provider(s in any_provider_scenario()) {
        prop_assume!(s.service.external_traffic_policy == ExternalTrafficPolicy::Local);
        let shares = s.shares();
        prop_assert_eq!(shares.snat, 0.0);
        prop_assert_eq!(shares.cross_node, 0.0);
        for node in s.node_ids() {
            let trace = s.trace(node, 7).unwrap();
            prop_assert!(!trace.rules.iter().any(|r| r.chain == "KUBE-MARK-MASQ"));
        }
    }

    #[test]
    fn shares_sum_to_one_minus_dropped_and_rejected(s in scenario()) {
        let shares = s.shares();
        let delivered: f64 = shares.pods.iter().sum();
        prop_assert!((delivered + shares.dropped + shares.rejected - 1.0).abs() < EPS);
        let lb: f64 = shares.nodes.iter().map(|n| n.lb).sum();
        prop_assert!((lb - 1.0).abs() < EPS);
        prop_assert!(shares.pods.iter().all(|&p| (0.0..=1.0 + EPS).contains(&p)));
    }

    #[test]
    fn local_never_snats_nor_crosses_nodes(s in scenario()) {
        prop_assume!(s.service.external_traffic_policy == ExternalTrafficPolicy::Local);
        let shares = s.shares();
        prop_assert_eq!(shares.snat, 0.0);
        prop_assert_eq!(shares.cross_node, 0.0);
        for node in s.node_ids() {
            let trace = s.trace(node, 7).unwrap();
            let snats = trace.hops.iter().flat_map(|h| &h.rewrites).filter(|r| matches!(r, Rewrite::Snat { .. })).count();
            prop_assert_eq!(snats, 0);
            if let Outcome::Delivered { pod, seen_source } = trace.outcome {
                prop_assert_eq!(seen_source, s.client.ip);
                prop_assert_eq!(s.pods()[pod.index()].node, node);
            }
        }
    }

    #[test]
    fn cluster_gives_every_candidate_the_same_share_and_snats_all_it_delivers(s in scenario()) {
        prop_assume!(s.service.external_traffic_policy == ExternalTrafficPolicy::Cluster);
        let shares = s.shares();
        prop_assert_eq!(shares.dropped, 0.0, "Cluster never drops");
        let delivered: Vec<f64> = shares.pods.iter().copied().filter(|&p| p > 0.0).collect();
        prop_assert!(delivered.windows(2).all(|w| (w[0] - w[1]).abs() < EPS));
        prop_assert!((shares.snat - (1.0 - shares.rejected)).abs() < EPS);
        prop_assert!(shares.imbalance.is_none_or(|i| (i - 1.0).abs() < EPS));
    }

    #[test]
    fn ready_pods_always_get_traffic_and_imbalance_is_at_least_one(s in scenario()) {
        let shares = s.shares();
        for (pod, &share) in s.pods().iter().zip(&shares.pods) {
            if pod.state == EndpointState::Ready {
                prop_assert!(share > 0.0, "{} is Ready but gets nothing", pod.name);
            }
            if pod.state == EndpointState::NotReady {
                prop_assert_eq!(share, 0.0);
            }
        }
        if let Some(imbalance) = shares.imbalance {
            prop_assert!(imbalance >= 1.0 - EPS);
        }
    }

    #[test]
    fn health_checks_agree_with_what_the_lb_does(s in scenario()) {
        let shares = s.shares();
        for node in s.node_ids() {
            let share = shares.nodes[node.index()];
            let response = s.health_check(node);
            prop_assert_eq!(response.as_ref().map(|r| r.check), share.health_check);
            let probed = s.service.has_health_check_node_port() && s.load_balancer.health_check;
            if probed && !shares.lb_failed_open {
                prop_assert_eq!(share.lb > 0.0, response.unwrap().check.status == 200);
            }
        }
    }

    #[test]
    fn traces_end_the_way_the_nodes_verdict_says(s in scenario(), seed in any::<u64>()) {
        let shares = s.shares();
        for node in s.node_ids() {
            let trace = s.trace(node, seed).unwrap();
            let verdict = shares.nodes[node.index()].verdict;
            let ended = match trace.outcome {
                Outcome::Delivered { .. } => Verdict::Forward,
                Outcome::Dropped { .. } => Verdict::Drop,
                Outcome::Rejected { .. } => Verdict::Reject,
            };
            prop_assert_eq!(ended, verdict);
            // Every hop starts where the previous one ended.
            prop_assert!(trace.hops.windows(2).all(|w| w[0].to == w[1].from));
            if let Outcome::Delivered { pod, .. } = trace.outcome {
                prop_assert!(shares.pods[pod.index()] > 0.0 || trace.entry_skipped_by_lb);
            }
            // The rules end in filter's DROP / REJECT exactly when the trace does.
            let last = trace.rules.last().map(|r| r.rule.as_str()).unwrap_or_default();
            let (dropped, rejected) = match trace.outcome {
                Outcome::Dropped { .. } => (true, false),
                Outcome::Rejected { .. } => (false, true),
                Outcome::Delivered { .. } => (false, false),
            };
            prop_assert_eq!(last.ends_with(" -j DROP"), dropped, "{}", last);
            prop_assert_eq!(last.ends_with(" -j REJECT"), rejected, "{}", last);
            // kube-proxy marks for masquerade exactly when the trace shows a SNAT.
            let marked = trace.rules.iter().any(|r| r.chain == "KUBE-MARK-MASQ");
            let snat = trace.hops.iter().flat_map(|h| &h.rewrites).any(|r| matches!(r, Rewrite::Snat { .. }));
            prop_assert_eq!(marked, snat);
            // A delivered request is DNATed by the rule of the endpoint it reached.
            if let Outcome::Delivered { pod, .. } = trace.outcome {
                let target = format!("{}:{}", s.pods()[pod.index()].ip, s.service.target_port);
                let dnats: Vec<_> = trace.rules.iter().filter(|r| r.rule.contains(" -j DNAT ")).collect();
                prop_assert_eq!(dnats.len(), 1);
                let expected = format!("--to-destination {}", target);
                prop_assert!(dnats[0].rule.ends_with(&expected), "{}", dnats[0].rule);
            }
        }
    }

    #[test]
    fn moving_a_pod_keeps_ips_unique_and_inside_the_nodes_cidr(s in scenario(), pick in any::<prop::sample::Index>(), to in any::<prop::sample::Index>()) {
        let mut s = s;
        prop_assume!(!s.pods().is_empty());
        let pod = trafficlab_core::PodId(pick.index(s.pods().len()) as u32);
        let node = trafficlab_core::NodeId(to.index(s.nodes().len()) as u32);
        s.move_pod(pod, node).unwrap();
        let moved = &s.pods()[pod.index()];
        prop_assert_eq!(moved.node, node);
        prop_assert!(s.nodes()[node.index()].pod_cidr.contains(moved.ip));
        let mut ips: Vec<_> = s.pods().iter().map(|p| p.ip).collect();
        ips.sort();
        ips.dedup();
        prop_assert_eq!(ips.len(), s.pods().len());
    }
}
