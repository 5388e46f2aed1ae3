//! Adding and removing nodes and pods: names, addresses, renumbering, refusals,
//! and a proptest that random edits (with stale ids) keep every rule.

use std::collections::{HashMap, HashSet};
use std::net::Ipv4Addr;

use proptest::prelude::*;
use trafficlab_core::{
    EditError, EndpointState, ExternalTrafficPolicy, NodeId, PodCidr, PodId, Scenario, ServiceType, Weighting,
    MAX_NODES, MAX_PODS,
};
use EndpointState::Ready;

const EPS: f64 = 1e-9;

fn ip(text: &str) -> Ipv4Addr {
    text.parse().unwrap()
}

fn cidr(text: &str) -> PodCidr {
    text.parse().unwrap()
}

fn overlap(a: PodCidr, b: PodCidr) -> bool {
    a.contains(b.network()) || b.contains(a.network())
}

/// `node-a` … `node-c` holding 1, 2 and 3 Ready pods.
fn layout_of_three() -> Scenario {
    Scenario::from_layout(ExternalTrafficPolicy::Local, &[vec![Ready], vec![Ready; 2], vec![Ready; 3]]).unwrap()
}

/// The same layout as a file names it: `node-a` … `node-c`, default addresses.
fn file_of_three() -> Scenario {
    Scenario::parse(
        r#"{"service": {"externalTrafficPolicy": "Local"},
            "nodes": [{"name": "node-a"}, {"name": "node-b"}, {"name": "node-c"}],
            "pods": [{"name": "web-1", "node": "node-a"},
                     {"name": "web-2", "node": "node-b"}, {"name": "web-3", "node": "node-b"},
                     {"name": "web-4", "node": "node-c"}, {"name": "web-5", "node": "node-c"},
                     {"name": "web-6", "node": "node-c"}]}"#,
    )
    .unwrap()
}

/// The new node clashes with no other in name, IP or pod CIDR.
fn assert_fits(s: &Scenario, id: NodeId) {
    let new = s.node(id).unwrap();
    for (other, node) in s.node_ids().zip(s.nodes()).filter(|(other, _)| *other != id) {
        assert_ne!(node.name, new.name, "{other}");
        assert_ne!(node.ip, new.ip, "{other}");
        assert!(!overlap(node.pod_cidr, new.pod_cidr), "{} overlaps {}", new.pod_cidr, node.pod_cidr);
    }
}

fn delivered_plus_lost(s: &Scenario) -> f64 {
    let shares = s.shares();
    shares.pods.iter().sum::<f64>() + shares.dropped + shares.rejected
}

#[test]
fn a_new_node_takes_the_next_default_name_ip_and_pod_cidr() {
    let mut s = file_of_three();
    let d = s.add_node().unwrap();
    assert_eq!(d, NodeId(3));
    let node = s.node(d).unwrap();
    assert_eq!((node.name.as_str(), node.ip, node.pod_cidr), ("node-d", ip("10.0.0.14"), cidr("10.244.4.0/24")));
    assert_eq!(s.pods_on(d).count(), 0);
    assert_fits(&s, d);
}

#[test]
fn a_layout_names_nodes_as_add_node_does_so_the_next_one_follows_on() {
    // from_layout and add_node share one naming scheme: node-a, node-b, …
    let mut s = layout_of_three();
    let id = s.add_node().unwrap();
    let node = s.node(id).unwrap();
    assert_eq!((node.name.as_str(), node.ip, node.pod_cidr), ("node-d", ip("10.0.0.14"), cidr("10.244.4.0/24")));
}

#[test]
fn a_removed_nodes_name_and_addresses_are_handed_out_again() {
    let mut s = file_of_three();
    s.add_node().unwrap();
    s.remove_node(s.node_id("node-b").unwrap()).unwrap();
    let again = s.add_node().unwrap();
    assert_eq!(again, NodeId(3));
    let node = s.node(again).unwrap();
    assert_eq!((node.name.as_str(), node.ip, node.pod_cidr), ("node-b", ip("10.0.0.12"), cidr("10.244.2.0/24")));
    assert_fits(&s, again);
}

#[test]
fn a_new_node_skips_taken_ips_and_pod_cidrs_that_overlap_custom_ones() {
    // node-b's /23 covers the defaults 10.244.2.0/24 and 10.244.3.0/24.
    let mut s = Scenario::parse(
        r#"{"service": {}, "nodes": [{"name": "node-a", "ip": "10.0.0.12"},
                                     {"name": "node-b", "ip": "10.0.0.11", "podCIDR": "10.244.2.0/23"}]}"#,
    )
    .unwrap();
    let c = s.add_node().unwrap();
    assert_eq!(s.node(c).unwrap().ip, ip("10.0.0.13"));
    assert_eq!(s.node(c).unwrap().pod_cidr, cidr("10.244.4.0/24"));
    assert_fits(&s, c);

    // A /30 blocks the whole /24 around it; a /8 blocks every default inside it.
    let mut s = Scenario::parse(r#"{"service": {}, "nodes": [{"name": "a", "podCIDR": "10.244.1.4/30"}]}"#).unwrap();
    let id = s.add_node().unwrap();
    assert_eq!(s.node(id).unwrap().pod_cidr, cidr("10.244.2.0/24"));
    let mut s = Scenario::parse(r#"{"service": {}, "nodes": [{"name": "a", "podCIDR": "10.0.0.0/8"}]}"#).unwrap();
    let id = s.add_node().unwrap();
    assert_eq!(s.node(id).unwrap().pod_cidr, cidr("11.0.0.0/24"));
    assert_eq!(s.node(id).unwrap().name, "node-a");
    assert_eq!(s.node(id).unwrap().ip, ip("10.0.0.12"));
}

#[test]
fn a_new_node_after_node_z_is_node_27() {
    let names: Vec<String> = (b'a'..=b'z').map(|c| format!(r#"{{"name": "node-{}"}}"#, char::from(c))).collect();
    let mut s = Scenario::parse(&format!(r#"{{"service": {{}}, "nodes": [{}]}}"#, names.join(","))).unwrap();
    let id = s.add_node().unwrap();
    assert_eq!(s.node(id).unwrap().name, "node-27");
    assert_eq!(s.node(id).unwrap().pod_cidr, cidr("10.244.27.0/24"));
    let id = s.add_node().unwrap();
    assert_eq!(s.node(id).unwrap().name, "node-28");
}

#[test]
fn removing_a_node_removes_its_pods_and_renumbers_the_rest() {
    let mut s = layout_of_three();
    let before = s.clone();
    let removed = s.remove_node(NodeId(0)).unwrap();
    assert_eq!(removed, before.pods()[..1]);
    assert_eq!(s.nodes(), &before.nodes()[1..]);
    assert_eq!(s.pods().len(), 5);
    for pod in s.pods() {
        let was = before.pod(before.pod_id(&pod.name).unwrap()).unwrap();
        assert_eq!(s.node(pod.node).unwrap().name, before.node(was.node).unwrap().name, "{}", pod.name);
        assert_eq!((pod.ip, pod.state), (was.ip, was.state));
    }
    assert!((delivered_plus_lost(&s) - 1.0).abs() < EPS);
    assert_eq!(s.pods_on(NodeId(1)).count(), 3);
}

#[test]
fn removing_a_middle_node_keeps_interleaved_pods_on_their_nodes() {
    let mut s = Scenario::parse(
        r#"{"service": {"externalTrafficPolicy": "Local"},
            "nodes": [{"name": "node-a"}, {"name": "node-b"}, {"name": "node-c"}],
            "pods": [{"name": "c1", "node": "node-c"}, {"name": "b1", "node": "node-b"},
                     {"name": "a1", "node": "node-a"}, {"name": "b2", "node": "node-b", "state": "Terminating"},
                     {"name": "c2", "node": "node-c"}]}"#,
    )
    .unwrap();
    let removed = s.remove_node(NodeId(1)).unwrap();
    assert_eq!(removed.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["b1", "b2"]);
    let placed: Vec<(&str, &str)> =
        s.pods().iter().map(|p| (p.name.as_str(), s.node(p.node).unwrap().name.as_str())).collect();
    assert_eq!(placed, [("c1", "node-c"), ("a1", "node-a"), ("c2", "node-c")]);
    assert_eq!(s.pod(PodId(0)).unwrap().node, NodeId(1));
    assert!((delivered_plus_lost(&s) - 1.0).abs() < EPS);
    // The old id of node-c is stale now.
    assert_eq!(s.remove_node(NodeId(2)), Err(EditError::NoSuchNode(NodeId(2))));
}

#[test]
fn the_last_node_stays() {
    let mut s = Scenario::from_layout(ExternalTrafficPolicy::Cluster, &[vec![Ready; 2]]).unwrap();
    let before = s.clone();
    assert_eq!(s.remove_node(NodeId(0)), Err(EditError::LastNode));
    assert_eq!(s.remove_node(NodeId(1)), Err(EditError::NoSuchNode(NodeId(1))));
    assert_eq!(s, before);
    let message = EditError::LastNode.to_string();
    assert!(message.contains("at least one node") && message.contains("add another node"), "{message}");
}

#[test]
fn a_new_pod_takes_the_smallest_free_web_number_and_the_lowest_free_ip() {
    let mut s = Scenario::parse(
        r#"{"service": {}, "nodes": [{"name": "node-a"}, {"name": "node-b"}],
            "pods": [{"name": "web-1", "node": "node-a"},
                     {"name": "web-2", "node": "node-a", "ip": "10.244.1.4"},
                     {"name": "web-4", "node": "node-b", "state": "NotReady"}]}"#,
    )
    .unwrap();
    let id = s.add_pod(NodeId(0)).unwrap();
    assert_eq!(id, PodId(3));
    let pod = s.pod(id).unwrap();
    assert_eq!((pod.name.as_str(), pod.node, pod.state, pod.ip), ("web-3", NodeId(0), Ready, ip("10.244.1.3")));
    let next = s.add_pod(NodeId(0)).unwrap();
    assert_eq!((s.pod(next).unwrap().name.as_str(), s.pod(next).unwrap().ip), ("web-5", ip("10.244.1.5")));
    let on_b = s.add_pod(NodeId(1)).unwrap();
    assert_eq!(s.pod(on_b).unwrap().ip, ip("10.244.2.3"));
}

#[test]
fn a_new_pod_is_named_web_n_whatever_the_others_are_called() {
    let mut s = Scenario::parse(r#"{"service": {}, "nodes": [{"name": "a"}], "pods": [{"name": "api", "node": "a"}]}"#)
        .unwrap();
    let id = s.add_pod(NodeId(0)).unwrap();
    assert_eq!(s.pod(id).unwrap().name, "web-1");
}

#[test]
fn a_full_node_takes_no_new_pod() {
    let mut s = Scenario::parse(
        r#"{"service": {}, "nodes": [{"name": "tiny", "podCIDR": "10.244.9.0/30"}],
            "pods": [{"name": "web-1", "node": "tiny"}]}"#,
    )
    .unwrap();
    let before = s.clone();
    let err = s.add_pod(NodeId(0)).unwrap_err();
    assert_eq!(err, EditError::NodeFull { node: "tiny".into(), pod_cidr: "10.244.9.0/30".into() });
    assert_eq!(s.add_pod(NodeId(1)), Err(EditError::NoSuchNode(NodeId(1))));
    assert_eq!(s, before);
    // Removing the pod frees its address for the next one.
    s.remove_pod(PodId(0)).unwrap();
    let id = s.add_pod(NodeId(0)).unwrap();
    assert_eq!(s.pod(id).unwrap().ip, ip("10.244.9.2"));
}

#[test]
fn removing_a_pod_returns_it_and_shifts_the_later_ids() {
    let mut s = layout_of_three();
    let before = s.clone();
    let removed = s.remove_pod(PodId(1)).unwrap();
    assert_eq!(&removed, before.pod(PodId(1)).unwrap());
    assert_eq!(s.pods().len(), 5);
    assert_eq!(s.pod(PodId(1)), before.pod(PodId(2)));
    assert_eq!(s.pod_id("web-6"), Some(PodId(4)));
    assert!((delivered_plus_lost(&s) - 1.0).abs() < EPS);

    let before = s.clone();
    assert_eq!(s.remove_pod(PodId(5)), Err(EditError::NoSuchPod(PodId(5))));
    assert_eq!(s.remove_pod(PodId(u32::MAX)), Err(EditError::NoSuchPod(PodId(u32::MAX))));
    assert_eq!(s, before);
}

#[test]
fn the_size_limits_hold() {
    let mut s = Scenario::from_layout(ExternalTrafficPolicy::Cluster, &vec![vec![]; MAX_NODES]).unwrap();
    let before = s.clone();
    assert_eq!(s.add_node(), Err(EditError::TooManyNodes));
    assert_eq!(s, before);
    s.remove_node(NodeId(0)).unwrap();
    assert!(s.add_node().is_ok());

    // 593 nodes of 253 pods would hold 150 029: fill all but the last 29 places.
    let mut layout = vec![vec![Ready; 253]; 593];
    layout[592].truncate(253 - 29);
    let mut s = Scenario::from_layout(ExternalTrafficPolicy::Cluster, &layout).unwrap();
    assert_eq!(s.pods().len(), MAX_PODS);
    let before = s.clone();
    assert_eq!(s.add_pod(NodeId(592)), Err(EditError::TooManyPods));
    assert_eq!(s, before);
}

#[test]
fn every_refusal_says_what_is_wrong_and_how_to_fix_it() {
    for error in [
        EditError::NoSuchNode(NodeId(3)),
        EditError::NoSuchPod(PodId(3)),
        EditError::NodeFull { node: "node-a".into(), pod_cidr: "10.244.1.0/30".into() },
        EditError::LastNode,
        EditError::TooManyNodes,
        EditError::TooManyPods,
        EditError::NoFreePodCidr,
        EditError::ZoneCount { nodes: 3, zones: 2 },
        EditError::BadZone("us east".into()),
    ] {
        let message = error.to_string();
        assert!(!message.is_empty(), "{error:?}");
        if !matches!(error, EditError::NoSuchNode(_) | EditError::NoSuchPod(_)) {
            assert!(message.contains(": "), "no fix in {message}");
        }
    }
    assert!(EditError::TooManyNodes.to_string().contains(&MAX_NODES.to_string()));
    assert!(EditError::TooManyPods.to_string().contains(&MAX_PODS.to_string()));
}

#[test]
fn zones_go_on_every_node_or_none_and_a_new_node_joins_the_emptiest_zone() {
    let mut s = layout_of_three();
    let zones = |s: &Scenario| s.nodes().iter().map(|n| n.zone.clone().unwrap_or_default()).collect::<Vec<_>>();
    assert_eq!(s.set_zones(Some(vec!["a".into()])), Err(EditError::ZoneCount { nodes: 3, zones: 1 }));
    assert_eq!(s.set_zones(Some(vec!["a".into(), "".into(), "b".into()])), Err(EditError::BadZone("".into())));
    assert!(s.nodes().iter().all(|n| n.zone.is_none()), "a refused edit changes nothing");
    s.set_zones(Some(vec!["a".into(), "b".into(), "a".into()])).unwrap();
    s.add_node().unwrap();
    assert_eq!(zones(&s), ["a", "b", "a", "b"]);
    s.add_node().unwrap();
    assert_eq!(zones(&s), ["a", "b", "a", "b", "a"], "a tie goes to the first zone");
    s.set_zones(None).unwrap();
    s.add_node().unwrap();
    assert!(s.nodes().iter().all(|n| n.zone.is_none()));
}

// ---------------------------------------------------------------------------
// Random edits keep every rule.

#[derive(Clone, Debug)]
enum Edit {
    AddNode,
    RemoveNode(u32),
    AddPod(u32),
    RemovePod(u32),
    MovePod(u32, u32),
}

/// Mostly ids near the real ones (valid or just stale), sometimes anything.
fn id() -> impl Strategy<Value = u32> {
    prop_oneof![8 => 0..7u32, 1 => any::<u32>()]
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        2 => Just(Edit::AddNode),
        2 => id().prop_map(Edit::RemoveNode),
        3 => id().prop_map(Edit::AddPod),
        2 => id().prop_map(Edit::RemovePod),
        2 => (id(), id()).prop_map(|(pod, node)| Edit::MovePod(pod, node)),
    ]
}

fn state() -> impl Strategy<Value = EndpointState> {
    prop_oneof![
        3 => Just(EndpointState::Ready),
        1 => Just(EndpointState::Terminating),
        1 => Just(EndpointState::NotReady),
    ]
}

/// A node's custom pod CIDR: `10.244.(8..48).0` cut to a /22 to /30, so that it
/// lies in the path of the defaults later nodes get.
fn custom_cidr() -> impl Strategy<Value = Option<String>> {
    prop::option::weighted(0.4, (8..48u32, 22..=30u32)).prop_map(|custom| {
        custom.map(|(third, len)| {
            let network = (u32::from(Ipv4Addr::new(10, 244, third as u8, 0))) & (u32::MAX << (32 - len));
            format!("{}/{len}", Ipv4Addr::from(network))
        })
    })
}

prop_compose! {
    fn scenario_file()(
        nodes in prop::collection::vec((custom_cidr(), prop::option::weighted(0.3, 11..16u8)), 1..6),
        pods in prop::collection::vec((any::<prop::sample::Index>(), state()), 0..12),
        local in any::<bool>(),
        node_port in any::<bool>(),
        health_check in any::<bool>(),
        pods_per_node in any::<bool>(),
    ) -> String {
        let nodes_json: Vec<String> = nodes.iter().enumerate().map(|(i, (cidr, ip))| {
            let mut fields = vec![format!(r#""name": "node-{}""#, char::from(b'a' + i as u8))];
            fields.extend(cidr.as_ref().map(|c| format!(r#""podCIDR": "{c}""#)));
            fields.extend(ip.map(|last| format!(r#""ip": "10.0.0.{last}""#)));
            format!("{{{}}}", fields.join(", "))
        }).collect();
        let pods_json: Vec<String> = pods.iter().enumerate().map(|(i, (node, state))| {
            let node = char::from(b'a' + node.index(nodes.len()) as u8);
            format!(r#"{{"name": "web-{}", "node": "node-{node}", "state": "{state}"}}"#, i + 1)
        }).collect();
        format!(
            r#"{{"service": {{"type": "{}", "externalTrafficPolicy": "{}"}},
                "loadBalancer": {{"healthCheck": {health_check}, "weighting": "{}"}},
                "nodes": [{}], "pods": [{}]}}"#,
            if node_port { ServiceType::NodePort } else { ServiceType::LoadBalancer },
            if local { ExternalTrafficPolicy::Local } else { ExternalTrafficPolicy::Cluster },
            if pods_per_node { Weighting::PodsPerNode } else { Weighting::Even },
            nodes_json.join(", "),
            pods_json.join(", "),
        )
    }
}

/// Random small scenarios a file could hold (a too-full node or a taken IP
/// makes the file invalid: those are skipped) whose pod CIDRs do not overlap.
fn scenario() -> impl Strategy<Value = Scenario> {
    scenario_file().prop_filter_map("invalid file or overlapping pod CIDRs", |text| {
        let s = Scenario::parse(&text).ok()?;
        let cidrs: Vec<PodCidr> = s.nodes().iter().map(|n| n.pod_cidr).collect();
        let apart = cidrs.iter().enumerate().all(|(i, &a)| cidrs[i + 1..].iter().all(|&b| !overlap(a, b)));
        apart.then_some(s)
    })
}

fn kubernetes_name(name: &str) -> bool {
    let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    (1..=253).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
        && edge(name.chars().next())
        && edge(name.chars().last())
}

fn check_rules(s: &Scenario) -> Result<(), TestCaseError> {
    prop_assert!(!s.nodes().is_empty());
    let unique = |items: Vec<String>| items.iter().collect::<HashSet<_>>().len() == items.len();
    prop_assert!(unique(s.nodes().iter().map(|n| n.name.clone()).collect()), "node names");
    prop_assert!(unique(s.pods().iter().map(|p| p.name.clone()).collect()), "pod names");
    prop_assert!(unique(s.nodes().iter().map(|n| n.ip.to_string()).collect()), "node IPs");
    prop_assert!(unique(s.pods().iter().map(|p| p.ip.to_string()).collect()), "pod IPs");
    prop_assert!(s.nodes().iter().map(|n| &n.name).chain(s.pods().iter().map(|p| &p.name)).all(|n| kubernetes_name(n)));
    for pod in s.pods() {
        let node = s.node(pod.node);
        prop_assert!(node.is_some_and(|n| n.pod_cidr.contains(pod.ip)), "{pod:?}");
    }
    for (i, a) in s.nodes().iter().enumerate() {
        prop_assert!(s.nodes()[i + 1..].iter().all(|b| !overlap(a.pod_cidr, b.pod_cidr)), "{a:?}");
    }
    prop_assert!(s.nodes().len() <= MAX_NODES && s.pods().len() <= MAX_PODS);
    let total = delivered_plus_lost(s);
    prop_assert!((total - 1.0).abs() < EPS, "shares sum to {total}");
    Ok(())
}

/// Applies `edit`, checks what it promised, and returns whether it applied.
fn apply(s: &mut Scenario, edit: &Edit) -> Result<bool, TestCaseError> {
    let before = s.clone();
    let node_of = |s: &Scenario, id: u32| s.node(NodeId(id)).map(|n| n.name.clone());
    let names_by_pod = |s: &Scenario| -> HashMap<String, String> {
        s.pods().iter().map(|p| (p.name.clone(), node_of(s, p.node.0).unwrap_or_default())).collect()
    };
    let applied = match *edit {
        Edit::AddNode => {
            let id = s.add_node().map_err(|e| TestCaseError::fail(format!("add_node refused: {e}")))?;
            prop_assert_eq!(id.index(), before.nodes().len());
            prop_assert_eq!(s.pods(), before.pods());
            true
        }
        Edit::RemoveNode(node) => match s.remove_node(NodeId(node)) {
            Ok(removed) => {
                let gone = node_of(&before, node).unwrap();
                prop_assert!(removed.iter().all(|p| p.node == NodeId(node)));
                prop_assert_eq!(removed.len() + s.pods().len(), before.pods().len());
                let mut expected = names_by_pod(&before);
                expected.retain(|_, on| *on != gone);
                prop_assert_eq!(names_by_pod(s), expected);
                true
            }
            Err(e) => {
                let expected = if node as usize >= before.nodes().len() {
                    EditError::NoSuchNode(NodeId(node))
                } else {
                    EditError::LastNode
                };
                prop_assert_eq!(e, expected);
                false
            }
        },
        Edit::AddPod(node) => match s.add_pod(NodeId(node)) {
            Ok(id) => {
                let pod = s.pod(id).unwrap();
                prop_assert_eq!((id.index(), pod.node, pod.state), (before.pods().len(), NodeId(node), Ready));
                prop_assert_eq!(&s.pods()[..before.pods().len()], before.pods());
                true
            }
            Err(EditError::NodeFull { node: name, .. }) => {
                let target = before.node(NodeId(node)).unwrap();
                prop_assert_eq!(&name, &target.name);
                prop_assert_eq!(before.pods_on(NodeId(node)).count(), target.pod_cidr.pod_capacity());
                false
            }
            Err(e) => {
                prop_assert_eq!(e, EditError::NoSuchNode(NodeId(node)));
                prop_assert!(before.node(NodeId(node)).is_none());
                false
            }
        },
        Edit::RemovePod(pod) => match s.remove_pod(PodId(pod)) {
            Ok(removed) => {
                let mut expected = before.pods().to_vec();
                prop_assert_eq!(expected.remove(pod as usize), removed);
                prop_assert_eq!(s.pods(), &expected[..]);
                true
            }
            Err(e) => {
                prop_assert_eq!(e, EditError::NoSuchPod(PodId(pod)));
                false
            }
        },
        Edit::MovePod(pod, node) => s.move_pod(PodId(pod), NodeId(node)).is_ok(),
    };
    if !applied {
        prop_assert_eq!(&*s, &before, "a refused edit changed the scenario");
    }
    Ok(applied)
}

proptest! {
    #[test]
    fn random_edits_keep_every_rule(mut s in scenario(), edits in prop::collection::vec(edit(), 0..40)) {
        check_rules(&s)?;
        for edit in &edits {
            apply(&mut s, edit)?;
            check_rules(&s)?;
        }
    }
}
