//! The app's one reducer, natively: every Action, undo/redo, refusals.

use trafficlab::presets::{Preset, DEFAULT_PRESET};
use trafficlab::state::{Action, Selection, State};
use trafficlab_core::{EndpointState, ExternalTrafficPolicy, NodeId, PodId, ServiceType};

fn start() -> State {
    let preset = Preset::by_id(DEFAULT_PRESET).unwrap();
    State::new(preset.scenario().unwrap(), Some(preset.id))
}

fn run(state: State, actions: impl IntoIterator<Item = Action>) -> State {
    actions.into_iter().fold(state, |s, a| s.apply(a))
}

fn notice(state: &State) -> &str {
    state.notice.as_ref().map_or("", |n| n.text.as_str())
}

fn share_of(state: &State, pod: &str) -> f64 {
    let id = state.scenario.pod_id(pod).unwrap();
    state.scenario.shares().pods[id.index()]
}

#[test]
fn moving_web_1_next_to_the_others_rebalances_local() {
    let s = start();
    assert!((share_of(&s, "web-1") - 1.0 / 3.0).abs() < 1e-12);
    let web1 = s.scenario.pod_id("web-1").unwrap();
    let node_b = s.scenario.node_id("node-b").unwrap();
    let s = s.apply(Action::MovePod { pod: web1, to: node_b });
    assert_eq!(notice(&s), "Moved web-1 from node-a to node-b");
    // node-a is now empty: it fails its health check and the LB skips it.
    assert!((share_of(&s, "web-1") - 1.0 / 6.0).abs() < 1e-12);
    assert!((share_of(&s, "web-4") - 1.0 / 6.0).abs() < 1e-12);
    assert!(s.can_undo());
}

#[test]
fn undo_and_redo_walk_the_history_with_labels() {
    let s = start();
    let s = run(s, [Action::SetPolicy(ExternalTrafficPolicy::Cluster), Action::SetHealthCheck(false)]);
    assert_eq!(s.undo_label(), Some("LB health checks off"));
    let s = s.apply(Action::Undo);
    assert_eq!(notice(&s), "Undid: LB health checks off");
    assert!(s.scenario.load_balancer.health_check);
    assert_eq!(s.redo_label(), Some("LB health checks off"));
    let s = s.apply(Action::Undo);
    assert_eq!(s.scenario.service.external_traffic_policy, ExternalTrafficPolicy::Local);
    assert!(!s.can_undo());
    assert_eq!(notice(&s.apply(Action::Undo)), "Nothing to undo");
    let s = run(s, [Action::Redo, Action::Redo]);
    assert_eq!(s.scenario.service.external_traffic_policy, ExternalTrafficPolicy::Cluster);
    assert!(!s.scenario.load_balancer.health_check);
    assert!(!s.can_redo());
}

#[test]
fn the_scenario_is_modified_until_it_matches_what_was_loaded() {
    let s = start();
    assert!(!s.is_modified());
    let s = s.apply(Action::SetHealthCheck(false));
    assert!(s.is_modified());
    assert!(!s.apply(Action::SetHealthCheck(true)).is_modified(), "back to the preset's value");
    assert!(!s.apply(Action::Reset).is_modified());
}

#[test]
fn an_edited_preset_is_titled_as_modified_wherever_its_title_goes() {
    let s = start();
    let title = s.scenario.title.clone().unwrap();
    assert_eq!(s.marked_title(), title);
    let s = s.apply(Action::SetHealthCheck(false));
    assert_eq!(s.marked_title(), format!("{title} (modified)"));
    assert_eq!(s.apply(Action::Undo).marked_title(), title);
}

#[test]
fn a_new_change_clears_redo() {
    let s = run(start(), [Action::SetServiceType(ServiceType::NodePort), Action::Undo]);
    assert!(s.can_redo());
    let s = s.apply(Action::SetHealthCheck(false));
    assert!(!s.can_redo());
}

#[test]
fn refused_edits_change_nothing_and_say_why() {
    let s = start();
    let before = s.scenario.clone();
    let s = s.apply(Action::MovePod { pod: PodId(99), to: NodeId(0) });
    assert!(s.notice.as_ref().unwrap().is_error);
    assert!(notice(&s).contains("pod#99"), "{}", notice(&s));
    assert_eq!(s.scenario, before);
    assert!(!s.can_undo(), "a refusal is not a step to undo");
    let one_node = run(start(), [Action::RemoveNode(NodeId(0)), Action::RemoveNode(NodeId(0))]);
    let s = one_node.apply(Action::RemoveNode(NodeId(0)));
    assert!(notice(&s).contains("at least one node"), "{}", notice(&s));
    assert_eq!(s.scenario.nodes().len(), 1);
}

#[test]
fn adding_and_removing_nodes_and_pods() {
    let s = start().apply(Action::AddNode);
    assert_eq!(notice(&s), "Added node-d");
    let node_d = s.scenario.node_id("node-d").unwrap();
    let s = s.apply(Action::AddPod(node_d));
    assert_eq!(notice(&s), "Added web-7 on node-d");
    let s = s.apply(Action::RemoveNode(s.scenario.node_id("node-c").unwrap()));
    assert_eq!(notice(&s), "Removed node-c and its 3 pods");
    assert_eq!(s.scenario.pods().len(), 4);
    let s = s.apply(Action::RemovePod(s.scenario.pod_id("web-1").unwrap()));
    assert_eq!(notice(&s), "Removed web-1");
}

#[test]
fn pod_state_changes_show_in_the_shares() {
    let s = start();
    let web1 = s.scenario.pod_id("web-1").unwrap();
    let s = s.apply(Action::SetPodState { pod: web1, state: EndpointState::Terminating });
    assert_eq!(notice(&s), "web-1 is now Terminating");
    // node-a has only a Terminating pod: health check 503, the LB skips it.
    assert_eq!(share_of(&s, "web-1"), 0.0);
}

#[test]
fn presets_load_and_reset_returns_to_the_loaded_one() {
    let s = start().apply(Action::LoadPreset("nodeport-local"));
    assert_eq!(s.preset, Some("nodeport-local"));
    assert_eq!(s.scenario.service.service_type, ServiceType::NodePort);
    let s = run(s, [Action::SetPolicy(ExternalTrafficPolicy::Cluster), Action::AddNode, Action::Reset]);
    assert_eq!(s.scenario.service.service_type, ServiceType::NodePort);
    assert_eq!(s.scenario.service.external_traffic_policy, ExternalTrafficPolicy::Local);
    assert_eq!(s.scenario.nodes().len(), 3);
    // Reset itself can be undone.
    assert_eq!(s.apply(Action::Undo).scenario.nodes().len(), 4);
    let s = s.apply(Action::LoadPreset("no-such-preset"));
    assert!(s.notice.as_ref().unwrap().is_error);
}

#[test]
fn selection_follows_the_thing_not_the_index() {
    let s = start();
    let web6 = s.scenario.pod_id("web-6").unwrap();
    let s = s.apply(Action::Select(Some(Selection::Pod(web6))));
    // Removing an earlier pod shifts web-6's id: the stale selection is dropped.
    let s = s.apply(Action::RemovePod(s.scenario.pod_id("web-1").unwrap()));
    assert_eq!(s.selected, None);
    let web2 = s.scenario.pod_id("web-2").unwrap();
    let s = s.apply(Action::Select(Some(Selection::Pod(web2))));
    let s = s.apply(Action::SetPodState { pod: web2, state: EndpointState::NotReady });
    assert_eq!(s.selected, Some(Selection::Pod(web2)));
}

#[test]
fn announcements_repeat_with_a_new_sequence_number() {
    let s = start().apply(Action::Announce("web-1 over node-b".into()));
    let again = s.apply(Action::Announce("web-1 over node-b".into()));
    assert_ne!(s.notice.unwrap().seq, again.notice.unwrap().seq);
}

#[test]
fn history_is_bounded() {
    let mut s = start();
    for i in 0..(trafficlab::state::HISTORY_LIMIT + 20) {
        s = s.apply(Action::SetHealthCheck(i % 2 == 0));
    }
    let mut undone = 0;
    while s.can_undo() {
        s = s.apply(Action::Undo);
        undone += 1;
    }
    assert_eq!(undone, trafficlab::state::HISTORY_LIMIT);
}

mod load_balancers {
    use super::*;
    use trafficlab_core::{AwsNlbIp, Provider, ProviderKind, Scenario, TrafficDistribution, Weighting};

    fn provider(s: &State) -> ProviderKind {
        s.scenario.load_balancer.provider.kind()
    }

    /// The file the scenario writes reads back as the same scenario.
    fn round_trips(s: &State) {
        let json = s.scenario.to_json();
        let back = Scenario::from_json(&json).unwrap_or_else(|e| panic!("{e}\n{json}"));
        assert_eq!(back.to_json(), json);
    }

    #[test]
    fn every_provider_can_be_chosen_and_undone() {
        for kind in ProviderKind::ALL.into_iter().skip(1) {
            let s = start().apply(Action::SetProvider(kind));
            assert_eq!(provider(&s), kind);
            assert_eq!(notice(&s), format!("Load balancer: {}", kind.title()));
            round_trips(&s);
            let s = s.apply(Action::Undo);
            assert_eq!(provider(&s), ProviderKind::Generic);
        }
    }

    #[test]
    fn leaving_generic_returns_its_settings_to_their_defaults() {
        let s = run(
            start(),
            [
                Action::SetHealthCheck(false),
                Action::SetWeighting(Weighting::PodsPerNode),
                Action::SetProvider(ProviderKind::Azure),
            ],
        );
        assert!(s.scenario.load_balancer.health_check);
        assert_eq!(s.scenario.load_balancer.weighting, Weighting::Even);
        round_trips(&s);
        let refused = s.apply(Action::SetHealthCheck(false));
        assert!(refused.notice.as_ref().unwrap().is_error);
        assert!(notice(&refused).contains("only the generic load balancer"), "{}", notice(&refused));
        assert_eq!(refused.scenario, s.scenario);
    }

    #[test]
    fn nodeport_sends_a_provider_back_to_generic_and_a_provider_brings_loadbalancer_back() {
        let s = start().apply(Action::SetProvider(ProviderKind::MetallbL2));
        let s = s.apply(Action::SetServiceType(ServiceType::NodePort));
        assert_eq!(provider(&s), ProviderKind::Generic);
        assert_eq!(notice(&s), "Service type: NodePort (no load balancer, so MetalLB layer 2 is gone)");
        round_trips(&s);
        let s = s.apply(Action::SetProvider(ProviderKind::AwsNlbIp));
        assert_eq!(s.scenario.service.service_type, ServiceType::LoadBalancer);
        assert!(notice(&s).ends_with("(Service type set to LoadBalancer)"));
        round_trips(&s);
    }

    #[test]
    fn cross_zone_and_client_ip_belong_to_the_nlb() {
        let s = start().apply(Action::SetCrossZone(true));
        assert!(s.notice.as_ref().unwrap().is_error);
        assert!(!s.can_undo());
        let s = run(
            start(),
            [
                Action::SetProvider(ProviderKind::AwsNlbIp),
                Action::SetCrossZone(true),
                Action::SetPreserveClientIp(true),
            ],
        );
        let nlb = AwsNlbIp { cross_zone: true, preserve_client_ip: true };
        assert_eq!(s.scenario.load_balancer.provider, Provider::AwsNlbIp(nlb));
        assert!((s.scenario.shares().client_ip_preserved - 1.0).abs() < 1e-12);
        round_trips(&s);
        let s = s.apply(Action::SetProvider(ProviderKind::AwsNlbInstance));
        assert!(s.apply(Action::SetPreserveClientIp(true)).notice.unwrap().is_error);
        assert_eq!(s.apply(Action::Undo).scenario.load_balancer.provider, Provider::AwsNlbIp(nlb));
    }

    #[test]
    fn zones_come_and_go_with_traffic_distribution() {
        let s =
            run(start(), [Action::GiveZones, Action::SetTrafficDistribution(Some(TrafficDistribution::PreferClose))]);
        let zones: Vec<_> = s.scenario.nodes().iter().map(|n| n.zone.clone().unwrap()).collect();
        assert_eq!(zones, ["zone-a", "zone-b", "zone-a"]);
        assert_eq!(notice(&s), "trafficDistribution: PreferClose");
        round_trips(&s);
        let s = s.apply(Action::RemoveZones);
        assert!(s.scenario.nodes().iter().all(|n| n.zone.is_none()));
        assert_eq!(s.scenario.service.traffic_distribution, None);
        let s = s.apply(Action::Undo);
        assert_eq!(s.scenario.service.traffic_distribution, Some(TrafficDistribution::PreferClose));
    }

    #[test]
    fn one_node_changes_zone_and_a_bad_zone_is_refused() {
        let node_c = NodeId(2);
        let s = start().apply(Action::SetNodeZone { node: node_c, zone: " zone-c ".into() });
        assert_eq!(notice(&s), "node-c is in zone zone-c");
        let zones: Vec<_> = s.scenario.nodes().iter().map(|n| n.zone.clone().unwrap()).collect();
        assert_eq!(zones, ["zone-a", "zone-b", "zone-c"]);
        let refused = s.apply(Action::SetNodeZone { node: node_c, zone: "no spaces".into() });
        assert!(refused.notice.as_ref().unwrap().is_error);
        assert_eq!(refused.scenario, s.scenario);
    }
}

const LESSON: &str = "external-traffic-policy";

/// Step `step` (0-based) of the lesson, opened from the default board.
fn lesson_step(step: usize) -> State {
    start().apply(Action::GoToStep { lesson: LESSON, step })
}

#[test]
fn reveal_puts_back_the_step_board_the_trainer_changed_and_undo_shows_the_edit_again() {
    // Step 3: web-1 alone on node-a under Local; the trainer switches to Cluster first.
    let step = lesson_step(2);
    let own = step.scenario.clone();
    let edited = step.apply(Action::SetPolicy(ExternalTrafficPolicy::Cluster));
    let revealed = edited.apply(Action::Reveal);
    assert!(revealed.lesson.unwrap().revealed);
    assert_eq!(revealed.scenario, own, "the answer is about the step's board, so that is on screen");
    assert!((share_of(&revealed, "web-1") - 1.0 / 3.0).abs() < 1e-12);
    assert_eq!(notice(&revealed), "The step's board is back: the answer is about it. Undo shows your edit again");
    let undone = revealed.apply(Action::Undo);
    assert_eq!(undone.scenario.service.external_traffic_policy, ExternalTrafficPolicy::Cluster);
}

#[test]
fn reveal_on_the_step_board_changes_nothing_but_what_the_step_does() {
    let step = lesson_step(2);
    let revealed = step.apply(Action::Reveal);
    assert_eq!((revealed.scenario.clone(), revealed.can_undo()), (step.scenario.clone(), step.can_undo()));
    assert!(!notice(&revealed).contains("board is back"));
}

#[test]
fn reveal_after_an_edit_on_a_step_that_spreads_puts_the_board_back_then_spreads() {
    // Step 7 spreads the pods on reveal; the trainer moved web-1 first.
    let step = lesson_step(6);
    let web1 = step.scenario.pod_id("web-1").unwrap();
    let node_c = step.scenario.node_id("node-c").unwrap();
    let edited = step.apply(Action::MovePod { pod: web1, to: node_c });
    let revealed = edited.apply(Action::Reveal);
    assert!((share_of(&revealed, "web-1") - 1.0 / 6.0).abs() < 1e-12, "spread from the step's board");
    assert!(notice(&revealed).starts_with("The step's board is back: the answer is about it, then: Spread pods"));
    assert!(notice(&revealed).ends_with("Undo twice shows your edit again"), "{}", notice(&revealed));
    let undone = revealed.apply(Action::Undo).apply(Action::Undo);
    assert_eq!(undone.scenario, edited.scenario);
}

#[test]
fn an_unknown_lesson_or_step_is_refused_with_its_name() {
    let unknown = start().apply(Action::GoToStep { lesson: "nope", step: 0 });
    assert!(unknown.lesson.is_none() && unknown.notice.as_ref().unwrap().is_error);
    assert!(notice(&unknown).starts_with("There is no lesson named \"nope\". The lessons are: external-traffic-policy"));
    let past = start().apply(Action::GoToStep { lesson: LESSON, step: 9 });
    assert!(notice(&past).ends_with("has 7 steps, not 10"), "{}", notice(&past));
}
