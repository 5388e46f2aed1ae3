//! The animation's pure parts, natively: where a packet is at time t, which
//! label it carries on which leg, the connection stream's pacing, counting,
//! convergence and behaviour when the board changes, and which texts a frame
//! asks to have placed.

use std::rc::Rc;

use trafficlab::anim::{place_point, position_at, Flight, PacketKind, LINGER_MS};
use trafficlab::flow::{Flow, Pace};
use trafficlab::frame::LABELS_MAX;
use trafficlab::label_layout::LabelKind;
use trafficlab::layout::Layout;
use trafficlab_core::{
    Direction, EndpointState, ExternalTrafficPolicy, NodeId, Outcome, Place, Scenario, ServiceType, Trace,
};

use EndpointState::Ready;

fn scenario(policy: ExternalTrafficPolicy, layout: &[&[EndpointState]]) -> Scenario {
    let nodes: Vec<Vec<EndpointState>> = layout.iter().map(|n| n.to_vec()).collect();
    Scenario::from_layout(policy, &nodes).unwrap()
}

/// A flight for the first seed whose trace from `entry` satisfies `want`.
fn flight_where(s: &Scenario, entry: u32, want: impl Fn(&Trace) -> bool) -> (Flight, Layout) {
    let layout = Layout::of(s);
    let trace = (0..500).map(|seed| s.trace(NodeId(entry), seed).unwrap()).find(|t| want(t)).expect("a seed");
    (Flight::launch(1, Rc::new(trace), &layout, 0.0).unwrap(), layout)
}

/// The packet's label and rewrite in the middle of the first leg that leaves `from`.
fn mid_leg(flight: &Flight, from: Place) -> (String, Option<String>) {
    let i = flight.trace.hops.iter().position(|h| h.from == from).expect("a hop from there");
    let leg = &flight.legs[i];
    let view = position_at(flight, leg.start_ms + leg.duration_ms * 0.3, false).unwrap();
    (view.label, joined(&view.rewrites))
}

/// The rewrites of one hop as the trace panel reads them, `None` if none.
fn joined(rewrites: &[String]) -> Option<String> {
    (!rewrites.is_empty()).then(|| rewrites.join(" · "))
}

#[test]
fn a_packet_moves_from_place_to_place_along_its_legs() {
    let s = scenario(ExternalTrafficPolicy::Local, &[&[Ready]]);
    let (flight, layout) = flight_where(&s, 0, |_| true);
    let at = |t: f64| position_at(&flight, t, false).unwrap().at;
    assert_eq!(at(0.0), place_point(&layout, Place::Client).unwrap());
    let first = &flight.legs[0];
    let lb = place_point(&layout, Place::LoadBalancer).unwrap();
    let end = at(first.duration_ms - 1e-6);
    assert!((end.x - lb.x).abs() < 0.01 && (end.y - lb.y).abs() < 0.01);
    // Legs follow each other without gaps, each at least as long as the minimum.
    for pair in flight.legs.windows(2) {
        assert!((pair[0].start_ms + pair[0].duration_ms - pair[1].start_ms).abs() < 1e-9);
        assert_eq!(pair[0].to, pair[1].from);
    }
    assert!(position_at(&flight, -1.0, false).is_none(), "not before it starts");
    assert!(position_at(&flight, flight.duration_ms() + 1.0, false).is_none(), "gone once over");
}

#[test]
fn cluster_cross_node_labels_dnat_and_snat_to_the_node_ip_on_the_hop_between_nodes() {
    let s = scenario(ExternalTrafficPolicy::Cluster, &[&[Ready], &[Ready, Ready]]);
    let (f, _) = flight_where(&s, 0, |t| matches!(t.outcome, Outcome::Delivered { pod, .. } if pod.0 == 2));
    let (label, rewrite) = mid_leg(&f, Place::Node(NodeId(0)));
    assert_eq!(rewrite.as_deref(), Some("DNAT 198.51.100.10:80 → 10.244.2.3:8080 · SNAT 203.0.113.10 → 10.0.0.11"));
    assert!(label.starts_with("10.0.0.11:") && label.ends_with("→ 10.244.2.3:8080"), "{label}");
    // Before kube-proxy, the client's own address; on the way back, un-NATed.
    let (label, rewrite) = mid_leg(&f, Place::LoadBalancer);
    assert!(label.starts_with("203.0.113.10:") && rewrite.is_none(), "{label}");
    let reply = f.trace.hops.iter().position(|h| h.direction == Direction::Reply && h.rewrites.len() == 2).unwrap();
    let leg = &f.legs[reply];
    let view = position_at(&f, leg.start_ms + 1.0, false).unwrap();
    assert!(joined(&view.rewrites)
        .unwrap()
        .starts_with("un-DNAT 10.244.2.3:8080 → 198.51.100.10:80 · un-SNAT 10.0.0.11"));
}

#[test]
fn cluster_same_node_snats_to_the_pod_cidr_gateway() {
    let s = scenario(ExternalTrafficPolicy::Cluster, &[&[Ready], &[Ready, Ready]]);
    let (f, _) = flight_where(&s, 1, |t| matches!(t.outcome, Outcome::Delivered { pod, .. } if pod.0 == 1));
    let (_, rewrite) = mid_leg(&f, Place::Node(NodeId(1)));
    assert!(rewrite.unwrap().ends_with("SNAT 203.0.113.10 → 10.244.2.1"));
}

#[test]
fn local_shows_only_the_dnat_and_the_pod_sees_the_client() {
    let s = scenario(ExternalTrafficPolicy::Local, &[&[Ready], &[Ready, Ready]]);
    let (f, _) = flight_where(&s, 1, |_| true);
    let (label, rewrite) = mid_leg(&f, Place::Node(NodeId(1)));
    assert!(rewrite.as_deref().is_some_and(|r| r.starts_with("DNAT ") && !r.contains("SNAT")), "{rewrite:?}");
    assert!(label.starts_with("203.0.113.10:"), "{label}");
    let every_rewrite: Vec<String> = (0..f.legs.len())
        .filter_map(|i| position_at(&f, f.legs[i].start_ms + 1.0, false).and_then(|v| joined(&v.rewrites)))
        .collect();
    assert!(every_rewrite.iter().all(|r| !r.contains("SNAT 203")), "{every_rewrite:?}");
}

#[test]
fn a_dropped_packet_stops_on_its_node_with_a_red_mark() {
    let mut s = scenario(ExternalTrafficPolicy::Local, &[&[Ready], &[]]);
    s.load_balancer.health_check = false;
    let (f, layout) = flight_where(&s, 1, |_| true);
    let arrived = f.legs.last().unwrap();
    let view = position_at(&f, arrived.start_ms + arrived.duration_ms + LINGER_MS / 2.0, false).unwrap();
    assert_eq!(view.kind, PacketKind::Dropped);
    assert_eq!(view.label, "DROP: no local endpoints");
    assert_eq!(view.at, place_point(&layout, Place::Node(NodeId(1))).unwrap());
}

#[test]
fn a_dropped_connection_times_out_at_the_client() {
    let mut s = scenario(ExternalTrafficPolicy::Local, &[&[Ready], &[]]);
    s.load_balancer.health_check = false;
    let s = Rc::new(s);
    let layout = Layout::of(&s);
    let mut flow = Flow::new(5);
    let mut timed_out = false;
    for _ in 0..400 {
        flow.advance(16.0, Pace { per_second: 3.0, speed: 1.0 }, &s, &layout);
        timed_out |= flow.badges().iter().any(|b| b.text == "client: timed out");
    }
    assert!(flow.observed.dropped > 0);
    assert!(timed_out, "a dropped connection shows a timeout at the client");
}

#[test]
fn a_rejected_connection_sends_icmp_back() {
    let s = scenario(ExternalTrafficPolicy::Cluster, &[&[EndpointState::NotReady]]);
    let (f, _) = flight_where(&s, 0, |_| true);
    let back = f.legs.len() - 1;
    let view = position_at(&f, f.legs[back].start_ms + 1.0, false).unwrap();
    assert_eq!(view.kind, PacketKind::Icmp);
    assert_eq!(view.label, "10.0.0.11 → 203.0.113.10 ICMP port unreachable");
}

#[test]
fn reduced_motion_puts_packets_only_at_places() {
    let s = scenario(ExternalTrafficPolicy::Local, &[&[Ready]]);
    let (f, _) = flight_where(&s, 0, |_| true);
    for (i, leg) in f.legs.iter().enumerate() {
        let view = position_at(&f, leg.start_ms + leg.duration_ms * 0.5, true).unwrap();
        assert_eq!(view.at, leg.to, "leg {i}");
    }
}

fn local_default() -> Rc<Scenario> {
    Rc::new(scenario(ExternalTrafficPolicy::Local, &[&[Ready], &[Ready; 2], &[Ready; 3]]))
}

#[test]
fn the_stream_keeps_its_pace_and_is_the_same_for_the_same_seed() {
    let s = local_default();
    let layout = Layout::of(&s);
    let pace = Pace { per_second: 10.0, speed: 2.0 };
    let run = |seed| {
        let mut flow = Flow::new(seed);
        for _ in 0..100 {
            flow.advance(16.0, pace, &s, &layout); // 1.6 s of wall time at 2× = 3.2 s simulated
        }
        (flow.started(), flow.packets(false).iter().map(|p| p.label.clone()).collect::<Vec<_>>())
    };
    let (ids, labels) = run(7);
    assert_eq!(ids, 32, "10 per simulated second for 3.2 s");
    assert_eq!(run(7), (ids, labels.clone()));
    assert_ne!(run(8).1, labels);
}

#[test]
fn observed_counts_converge_to_the_exact_shares() {
    let s = local_default();
    let layout = Layout::of(&s);
    let mut flow = Flow::new(1);
    // 100 connections per simulated second for 100 s (about 300 in flight,
    // under the cap): 10 000 connections.
    let pace = Pace { per_second: 100.0, speed: 4.0 };
    for _ in 0..(100_000 / 64) {
        flow.advance(16.0, pace, &s, &layout);
    }
    let exact = s.shares();
    assert!(flow.observed.total > 9_500, "{}", flow.observed.total);
    for (i, &count) in flow.observed.pods.iter().enumerate() {
        let seen = flow.observed.share(count).unwrap();
        assert!((seen - exact.pods[i]).abs() < 0.015, "pod {i}: seen {seen}, exact {}", exact.pods[i]);
    }
}

#[test]
fn changing_the_board_fades_packets_in_flight_and_restarts_the_counters() {
    let s = local_default();
    let layout = Layout::of(&s);
    let mut flow = Flow::new(3);
    let pace = Pace { per_second: 20.0, speed: 1.0 };
    for _ in 0..200 {
        flow.advance(16.0, pace, &s, &layout);
    }
    assert!(flow.observed.total > 0 && !flow.flights.is_empty());
    let mut moved = (*s).clone();
    moved.move_pod(trafficlab_core::PodId(0), NodeId(2)).unwrap();
    let moved = Rc::new(moved);
    flow.advance(16.0, pace, &moved, &Layout::of(&moved));
    assert_eq!(flow.observed.total, 0);
    let old: Vec<_> = flow.flights.iter().filter(|f| f.fading_from_ms.is_some()).collect();
    assert!(!old.is_empty(), "packets in the air fade instead of vanishing or jumping");
    for _ in 0..60 {
        flow.advance(16.0, pace, &moved, &Layout::of(&moved));
    }
    assert!(flow.flights.iter().all(|f| f.fading_from_ms.is_none()), "faded ones are gone");
}

#[test]
fn the_lb_probes_only_for_loadbalancer_with_local_and_health_checks() {
    let s = local_default();
    let layout = Layout::of(&s);
    let mut flow = Flow::new(1);
    flow.advance(16.0, Pace { per_second: 0.0, speed: 1.0 }, &s, &layout);
    flow.advance(100.0, Pace { per_second: 0.0, speed: 1.0 }, &s, &layout);
    let probes = flow.probes();
    assert_eq!(probes.len(), 3);
    assert!(probes.iter().all(|p| p.label == "GET /" && p.healthy));
    let mut nodeport = (*s).clone();
    nodeport.service.service_type = ServiceType::NodePort;
    let nodeport = Rc::new(nodeport);
    let mut flow = Flow::new(1);
    flow.advance(100.0, Pace { per_second: 0.0, speed: 1.0 }, &nodeport, &Layout::of(&nodeport));
    assert!(flow.probes().is_empty());
}

/// A flow `steps` frames into `pace` on `s`.
fn flowing(s: &Rc<Scenario>, pace: Pace, steps: usize) -> Flow {
    let layout = Layout::of(s);
    let mut flow = Flow::new(9);
    for _ in 0..steps {
        flow.advance(16.0, pace, s, &layout);
    }
    flow
}

#[test]
fn a_calm_frame_wants_every_packets_address_and_rewrites() {
    let s = Rc::new(scenario(ExternalTrafficPolicy::Cluster, &[&[Ready], &[Ready; 2], &[Ready; 3]]));
    let mut flow = flowing(&s, Pace { per_second: 2.0, speed: 1.0 }, 60);
    let (mut rewrites, mut calm) = (0, 0);
    for _ in 0..200 {
        flow.advance(16.0, Pace { per_second: 2.0, speed: 1.0 }, &s, &Layout::of(&s));
        let frame = flow.frame(false, None);
        if frame.packets.len() > LABELS_MAX {
            continue;
        }
        calm += 1;
        for p in &frame.packets {
            let of_p: Vec<_> = frame.labels.iter().filter(|w| w.packet() == Some(p.id)).collect();
            assert_eq!(
                of_p.iter().filter(|w| w.kind == LabelKind::Packet && w.text == p.label && w.anchor == p.at).count(),
                1
            );
            assert_eq!(of_p.iter().filter(|w| w.kind == LabelKind::Rewrite).count(), p.rewrites.len());
            rewrites += p.rewrites.len();
        }
        assert!(frame.labels.iter().all(|w| !w.followed));
    }
    assert!(calm > 100 && rewrites > 0, "{calm} calm frames, {rewrites} rewrites wanted");
}

#[test]
fn a_busy_frame_wants_only_the_followed_packets_addresses_and_each_mark_once() {
    let mut s = scenario(ExternalTrafficPolicy::Local, &[&[Ready], &[]]);
    s.load_balancer.health_check = false;
    let s = Rc::new(s);
    let flow = flowing(&s, Pace { per_second: 40.0, speed: 1.0 }, 200);
    let follow = flow.flights.iter().rev().find(|f| f.trace.connection.entry == NodeId(0)).map(|f| f.id);
    let frame = flow.frame(false, follow);
    assert!(frame.packets.len() > LABELS_MAX);
    let addresses: Vec<_> =
        frame.labels.iter().filter(|w| matches!(w.kind, LabelKind::Packet | LabelKind::Rewrite)).collect();
    assert!(!addresses.is_empty() && addresses.iter().all(|w| w.followed && w.packet() == follow), "{addresses:?}");
    // Many packets dropped on node 1 and many clients timing out, each wanted once.
    let count = |kind| frame.labels.iter().filter(|w| w.kind == kind).count();
    let dropped = frame.packets.iter().filter(|p| p.kind == PacketKind::Dropped).count();
    assert!(dropped > 1, "{dropped} dropped packets");
    assert_eq!(count(LabelKind::Drop), 1);
    assert_eq!(count(LabelKind::TimedOut), 1);
    assert!(count(LabelKind::Seen) <= 1, "one pod, one source");
}

#[test]
fn the_followed_connections_badge_is_wanted_as_followed_and_only_once() {
    let s = Rc::new(scenario(ExternalTrafficPolicy::Local, &[&[Ready]]));
    let layout = Layout::of(&s);
    let mut flow = Flow::new(4);
    let first = flow.launch_one(&s, &layout).unwrap();
    flow.advance(16.0, Pace { per_second: 0.0, speed: 1.0 }, &s, &layout);
    let second = flow.launch_one(&s, &layout).unwrap();
    let outcome = flow.flight(second).unwrap().outcome_ms;
    for _ in 0..((outcome / 16.0) as usize + 2) {
        flow.advance(16.0, Pace { per_second: 0.0, speed: 1.0 }, &s, &layout);
    }
    assert_eq!(flow.badges().len(), 2, "both connections reached web-1");
    for follow in [first, second] {
        let frame = flow.frame(false, Some(follow));
        let seen: Vec<_> = frame.labels.iter().filter(|w| w.kind == LabelKind::Seen).collect();
        assert_eq!(seen.len(), 1, "the same text at the same pod, once: {seen:?}");
        assert!(seen[0].followed && seen[0].text == "sees 203.0.113.10", "{seen:?}");
        assert_eq!(seen[0].key.map(|k| k.flight), Some(follow));
    }
}

#[test]
fn a_connection_nothing_answers_stops_at_the_load_balancer_and_says_why() {
    // Azure in a rolling update under Local: every probe is down, no new flows.
    let s = trafficlab::presets::Preset::by_id("azure-rolling-update-fail-closed").unwrap().scenario().unwrap();
    let router = trafficlab_core::Router::new(&s);
    let trace = router.trace(router.connect(&mut trafficlab_core::Rng::new(7))).unwrap();
    assert!(trace.unanswered.is_some());
    let layout = Layout::of(&s);
    let f = Flight::launch(1, Rc::new(trace), &layout, 0.0).unwrap();
    let arrived = f.legs.last().unwrap();
    let view = position_at(&f, arrived.start_ms + arrived.duration_ms + LINGER_MS / 2.0, false).unwrap();
    assert_eq!(view.kind, PacketKind::Dropped);
    assert_eq!(view.label, "fail-closed: times out");
    assert_eq!(view.at, place_point(&layout, Place::LoadBalancer).unwrap());
}
