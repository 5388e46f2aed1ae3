//! Keeping the client's address in the app, natively: the reducer's actions
//! (PROXY protocol, data path, ingress, applying a fix and undoing it), what a
//! change of provider turns off, the controller pods' place on the board and
//! the packet labels' PROXY header and X-Forwarded-For.

use trafficlab::layout::Layout;
use trafficlab::presets::{Preset, DEFAULT_PRESET};
use trafficlab::state::{Action, State};
use trafficlab_core::{DataPath, Fix, NodeId, ProviderKind, ProxyProtocol};

fn start() -> State {
    let preset = Preset::by_id(DEFAULT_PRESET).unwrap();
    State::new(preset.scenario().unwrap(), Some(preset.id))
}

fn notice(state: &State) -> &str {
    state.notice.as_ref().map_or("", |n| n.text.as_str())
}

#[test]
fn applying_a_fix_is_one_undoable_step() {
    let s = start();
    let before = s.scenario.clone();
    let fixed = s.apply(Action::ApplyFix(Fix::ProxyProtocolV2));
    assert_eq!(notice(&fixed), "Applied: Cluster + PROXY protocol v2");
    assert_eq!(*fixed.scenario, Fix::ProxyProtocolV2.apply(&before).unwrap());
    assert_eq!(fixed.scenario.shares().client_ip.proxy_header, 1.0);
    let undone = fixed.apply(Action::Undo);
    assert_eq!(undone.scenario, before);
}

#[test]
fn a_fix_that_does_not_apply_is_refused() {
    let s = start().apply(Action::SetProvider(ProviderKind::MetallbL2));
    let after = s.apply(Action::ApplyFix(Fix::ProxyProtocolV2));
    assert_eq!(after.scenario, s.scenario);
    assert!(after.notice.as_ref().unwrap().is_error);
}

#[test]
fn a_provider_that_cannot_send_proxy_turns_it_off_and_says_so() {
    let s = start().apply(Action::SetProxyProtocol(Some(ProxyProtocol::V1)));
    assert_eq!(s.scenario.load_balancer.proxy_protocol, Some(ProxyProtocol::V1));
    let s = s.apply(Action::SetProvider(ProviderKind::AwsNlbIp));
    assert_eq!(s.scenario.load_balancer.proxy_protocol, None);
    assert!(notice(&s).contains("PROXY protocol v1 turned off"), "{}", notice(&s));
    let s = s.apply(Action::SetDataPath(DataPath::CiliumDsr));
    assert!(s.notice.as_ref().unwrap().is_error, "DSR is refused behind an NLB");
    assert_eq!(s.scenario.data_path, DataPath::KubeProxy);
}

#[test]
fn an_ingress_draws_one_controller_per_node_in_its_node_box() {
    let s = start().apply(Action::SetIngress(true));
    let layout = Layout::of(&s.scenario);
    assert_eq!(layout.controllers.len(), s.scenario.nodes().len());
    for (i, rect) in layout.controllers.iter().enumerate() {
        let node = layout.nodes[i];
        assert!(node.contains(rect.origin()) && node.contains(rect.center()), "controller {i} in its node");
        assert!(layout.pods.iter().all(|p| p.y + p.h <= rect.y), "below the app's pods");
    }
    assert!(!layout.has_overlaps());
    let off = s.apply(Action::SetIngress(false));
    assert!(Layout::of(&off.scenario).controllers.is_empty());
}

#[test]
fn packet_labels_carry_the_proxy_header_and_x_forwarded_for() {
    let s = start().apply(Action::SetProxyProtocol(Some(ProxyProtocol::V2)));
    let trace = s.scenario.trace(NodeId(0), 1).unwrap();
    let notes: Vec<String> = trace.hops.iter().flat_map(trafficlab::client_address::payload_notes).collect();
    assert!(notes.iter().any(|n| n.starts_with("PROXY v2 (28 B): 203.0.113.10:")), "{notes:?}");
    let s = s.apply(Action::SetIngress(true));
    let trace = s.scenario.trace(NodeId(0), 1).unwrap();
    let notes: Vec<String> = trace.hops.iter().flat_map(trafficlab::client_address::payload_notes).collect();
    assert!(notes.iter().any(|n| n == "X-Forwarded-For: 203.0.113.10"), "{notes:?}");
}
