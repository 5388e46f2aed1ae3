//! Board layout, natively: everything inside the board, nothing overlapping,
//! pods inside their node, hit testing, and the big-cluster case.

use trafficlab::generate;
use trafficlab::layout::{ChipStyle, Detail, Layout, Point, NARROW_WIDTH, WIDTH};
use trafficlab::presets::PRESETS;
use trafficlab_core::{ExternalTrafficPolicy, NodeId, Scenario, ServiceType};

fn check(scenario: &Scenario) -> Layout {
    check_layout(scenario, Layout::of(scenario))
}

fn check_layout(scenario: &Scenario, layout: Layout) -> Layout {
    assert_eq!(layout.nodes.len(), scenario.nodes().len());
    assert_eq!(layout.pods.len(), scenario.pods().len());
    assert!(!layout.has_overlaps(), "overlapping boxes");
    for (pod, rect) in scenario.pods().iter().zip(&layout.pods) {
        let node = layout.nodes[pod.node.index()];
        let inside = rect.x >= node.x
            && rect.y >= node.y
            && rect.x + rect.w <= node.x + node.w + 1e-9
            && rect.y + rect.h <= node.y + node.h + 1e-9;
        assert!(inside, "{} sticks out of its node: {rect:?} in {node:?}", pod.name);
    }
    for rect in layout.nodes.iter().chain(&layout.pods) {
        assert!(rect.x >= 0.0 && rect.x + rect.w <= layout.width + 1e-9 && rect.y + rect.h <= layout.height);
    }
    layout
}

#[test]
fn every_preset_lays_out_cleanly() {
    for preset in PRESETS {
        let layout = check(&preset.scenario().unwrap());
        assert_eq!(layout.chip_style, ChipStyle::Full, "{}", preset.id);
    }
}

#[test]
fn the_default_puts_three_nodes_side_by_side_under_the_load_balancer() {
    let s = PRESETS[0].scenario().unwrap();
    let layout = check(&s);
    assert_eq!(layout.columns, 3);
    let lb = layout.load_balancer.unwrap();
    assert!(layout.nodes.iter().all(|n| n.y > lb.y + lb.h));
    assert!(layout.nodes[0].x < layout.nodes[1].x && layout.nodes[1].x < layout.nodes[2].x);
    // Fits a landscape screen: wider than tall.
    assert!(layout.height < WIDTH * 0.6, "{}", layout.height);
}

#[test]
fn nodeport_has_no_load_balancer_box() {
    let mut s = PRESETS[0].scenario().unwrap();
    s.service.service_type = ServiceType::NodePort;
    assert!(check(&s).load_balancer.is_none());
}

#[test]
fn hit_testing_finds_the_node_under_a_point() {
    let layout = check(&PRESETS[0].scenario().unwrap());
    assert_eq!(layout.node_at(layout.nodes[1].center()), Some(NodeId(1)));
    assert_eq!(layout.node_at(layout.pods[0].center()), Some(NodeId(0)), "over a pod is over its node");
    assert_eq!(layout.node_at(layout.client.center()), None);
    assert_eq!(layout.node_at(Point { x: -5.0, y: 400.0 }), None);
}

#[test]
fn a_hundred_nodes_with_two_thousand_pods_use_compact_chips() {
    let s = generate::scenario(100, 2000).unwrap();
    let layout = check(&s);
    assert_eq!(layout.chip_style, ChipStyle::Compact);
    assert_eq!(layout.detail, Detail::Chips);
    assert!(layout.columns > 4);
}

#[test]
fn bigger_boards_draw_counts_then_a_grid_and_stay_inside_the_board() {
    let cases = [
        (100, 2001, Detail::Counts),
        (300, 600, Detail::Counts),
        (500, 15_000, Detail::Counts),
        (501, 0, Detail::Grid),
        (5_000, 150_000, Detail::Grid),
    ];
    for (nodes, pods, want) in cases {
        let s = generate::scenario(nodes, pods).unwrap();
        assert_eq!(Layout::of(&s).detail, want, "{nodes}x{pods}");
        for layout in [Layout::of(&s), Layout::narrow(&s), Layout::presenter(&s)] {
            let layout = check_layout(&s, layout);
            assert!(layout.nodes.iter().all(|r| r.w > 0.0 && r.h > 0.0), "{nodes}x{pods}: no negative sizes");
            let last = layout.order[layout.order.len() - 1];
            assert_eq!(layout.node_at(layout.nodes[last.index()].center()), Some(last));
        }
    }
    // The grid of the biggest cluster stays wider than tall, on one screen.
    let layout = Layout::of(&generate::scenario(5_000, 150_000).unwrap());
    assert!(layout.height < layout.width, "{} tall", layout.height);
}

#[test]
fn zones_get_their_bands_at_every_level() {
    for (nodes, pods) in [(600, 0), (200, 3_000)] {
        let mut s = generate::scenario(nodes, pods).unwrap();
        s.set_zones(Some((0..nodes).map(|i| format!("zone-{}", i % 3)).collect())).unwrap();
        let layout = check(&s);
        assert_eq!(layout.zones.len(), 3, "{nodes}x{pods}");
        for band in &layout.zones {
            let inside = layout.nodes.iter().filter(|n| band.rect.contains(n.center())).count();
            let members = s.nodes().iter().filter(|n| n.zone.as_deref() == Some(band.zone.as_str())).count();
            assert_eq!(inside, members, "{nodes}x{pods}: {}", band.zone);
        }
    }
}

#[test]
fn empty_and_single_node_scenarios_lay_out() {
    check(&Scenario::from_layout(ExternalTrafficPolicy::Local, &[vec![]]).unwrap());
    check(&generate::scenario(7, 0).unwrap());
    check(&generate::scenario(1, 60).unwrap());
}

#[test]
fn on_a_phone_nodes_stack_one_per_row_with_full_size_chips() {
    for preset in PRESETS {
        let s = preset.scenario().unwrap();
        let layout = check_layout(&s, Layout::narrow(&s));
        assert_eq!((layout.width, layout.columns), (NARROW_WIDTH, 1), "{}", preset.id);
        assert!(layout.nodes.windows(2).all(|pair| pair[1].y > pair[0].y + pair[0].h), "{}: one per row", preset.id);
        assert!(layout.pods.iter().all(|p| p.w >= 100.0), "{}: chips stay touch-sized", preset.id);
        let lb = layout.load_balancer.unwrap_or(layout.client);
        assert!(lb.x >= 0.0 && lb.x + lb.w <= NARROW_WIDTH, "{}: the load balancer fits", preset.id);
    }
    assert_eq!(Layout::of(&PRESETS[0].scenario().unwrap()).width, WIDTH);
}

#[test]
fn presenter_mode_draws_the_same_board_narrower_and_taller() {
    for preset in PRESETS {
        let s = preset.scenario().unwrap();
        let wide = Layout::of(&s);
        let presenter = check_layout(&s, Layout::presenter(&s));
        assert!(presenter.width < wide.width, "{}", preset.id);
        assert!(presenter.width / presenter.height < wide.width / wide.height, "{}: taller for its width", preset.id);
        assert_eq!(presenter.columns, wide.columns, "{}", preset.id);
    }
}

#[test]
fn zoned_nodes_sit_together_in_a_labelled_band_per_zone() {
    use trafficlab_core::EndpointState::Ready;
    let mut s =
        Scenario::from_layout(ExternalTrafficPolicy::Cluster, &[vec![Ready], vec![Ready], vec![Ready]]).unwrap();
    assert!(Layout::of(&s).zones.is_empty());
    assert_eq!(Layout::of(&s).order, [NodeId(0), NodeId(1), NodeId(2)]);
    s.set_zones(Some(vec!["zone-a".into(), "zone-b".into(), "zone-a".into()])).unwrap();
    let layout = check(&s);
    assert_eq!(layout.order, [NodeId(0), NodeId(2), NodeId(1)], "arrow keys go zone by zone");
    let names: Vec<&str> = layout.zones.iter().map(|b| b.zone.as_str()).collect();
    assert_eq!(names, ["zone-a", "zone-b"]);
    // node-a and node-c (zone-a) share the first band's row; node-b is below.
    let [a, b, c] = [0, 1, 2].map(|i| layout.nodes[i]);
    assert_eq!(a.y, c.y);
    assert!(b.y > a.y + a.h);
    for (band, members) in layout.zones.iter().zip([vec![a, c], vec![b]]) {
        for node in members {
            assert!(
                band.rect.contains(node.origin())
                    && band.rect.contains(Point { x: node.x + node.w, y: node.y + node.h })
            );
        }
    }
    let (first, second) = (layout.zones[0].rect, layout.zones[1].rect);
    assert!(first.y + first.h <= second.y + 1e-9, "bands overlap");
    assert!(second.y + second.h <= layout.height + 1e-9);
    // On a phone and in presenter mode too.
    for layout in [Layout::narrow(&s), Layout::presenter(&s)] {
        let layout = check_layout(&s, layout);
        assert_eq!(layout.zones.len(), 2);
        assert!(layout.zones.iter().all(|b| b.rect.x >= 0.0 && b.rect.x + b.rect.w <= layout.width));
    }
}

#[test]
fn at_the_counts_level_controller_pods_sit_below_the_counts() {
    let mut s = generate::scenario(100, 2001).unwrap();
    let pod = |node: u32| trafficlab_core::ControllerPod {
        name: format!("ingress-{node}"),
        node: NodeId(node),
        state: trafficlab_core::EndpointState::Ready,
    };
    let ingress = trafficlab_core::Ingress {
        external_traffic_policy: ExternalTrafficPolicy::Local,
        use_proxy_protocol: None,
        pods: vec![pod(0), pod(1)],
    };
    s.set_ingress(Some(ingress)).unwrap();
    let layout = Layout::of(&s);
    assert_eq!(layout.detail, Detail::Counts);
    let rects = trafficlab::ingress_layout::controller_rects(&s, &layout.nodes);
    for (rect, node) in rects.iter().zip([0, 1]) {
        let cell = layout.nodes[node];
        // The count and its bar take the top 52 units of the box.
        assert!(rect.y >= cell.y + 52.0 && rect.y + rect.h <= cell.y + cell.h, "{rect:?} in {cell:?}");
    }
}
