//! Spreading pods as `maxSkew: 1` on `kubernetes.io/hostname` leaves them:
//! counts within one of each other, the fewest moves, the fuller nodes keeping
//! the extra pods, and new addresses for moved pods.

use proptest::prelude::*;
use trafficlab_core::{EndpointState, ExternalTrafficPolicy, Scenario};

fn layout(counts: &[usize]) -> Scenario {
    let layout: Vec<Vec<EndpointState>> = counts.iter().map(|&n| vec![EndpointState::Ready; n]).collect();
    Scenario::from_layout(ExternalTrafficPolicy::Local, &layout).unwrap()
}

fn counts(s: &Scenario) -> Vec<usize> {
    s.node_ids().map(|n| s.pods_on(n).count()).collect()
}

#[test]
fn one_two_three_becomes_two_two_two_with_one_move() {
    let mut s = layout(&[1, 2, 3]);
    let moves = s.spread().unwrap();
    assert_eq!(counts(&s), [2, 2, 2]);
    assert_eq!(moves.len(), 1);
    // The last pod of node-c (web-6) moves to node-a and takes its next free address.
    let web6 = s.pod_id("web-6").unwrap();
    assert_eq!(moves[0], (web6, s.node_id("node-c").unwrap(), s.node_id("node-a").unwrap()));
    assert_eq!(s.pods()[web6.index()].ip.to_string(), "10.244.1.3");
    let shares = s.shares();
    assert_eq!(shares.imbalance, Some(1.0));
}

#[test]
fn the_fuller_nodes_keep_the_extra_pods() {
    // 7 pods on 3 nodes: 3, 2, 2 — and node-c, fullest now, keeps the third.
    let mut s = layout(&[0, 2, 5]);
    s.spread().unwrap();
    assert_eq!(counts(&s), [2, 2, 3]);
    // Ties go in node order: 4 pods on 3 nodes from 2, 2, 0 → 2, 1, 1.
    let mut s = layout(&[2, 2, 0]);
    s.spread().unwrap();
    assert_eq!(counts(&s), [2, 1, 1]);
}

#[test]
fn fewer_pods_than_nodes_leave_some_nodes_empty() {
    let mut s = layout(&[3, 0, 0, 0, 0]);
    assert_eq!(s.spread().unwrap().len(), 2);
    assert_eq!(counts(&s), [1, 1, 1, 0, 0]);
}

#[test]
fn an_already_spread_board_and_an_empty_one_do_not_change() {
    for start in [vec![2, 2, 2], vec![1, 2, 1], vec![0, 0], vec![4]] {
        let mut s = layout(&start);
        let before = s.clone();
        assert!(s.spread().unwrap().is_empty());
        assert_eq!(s, before);
    }
}

proptest! {
    #[test]
    fn counts_end_within_one_with_the_fewest_moves(start in prop::collection::vec(0usize..9, 1..9)) {
        let mut s = layout(&start);
        let total: usize = start.iter().sum();
        let moves = s.spread().unwrap();
        let after = counts(&s);
        let (lo, hi) = (after.iter().min().unwrap(), after.iter().max().unwrap());
        prop_assert!(hi - lo <= 1, "{:?} -> {:?}", start, after);
        prop_assert_eq!(after.iter().sum::<usize>(), total);
        // Fewest moves: only the surplus over each node's final count moved.
        let needed: usize = start.iter().zip(&after).map(|(b, a)| b.saturating_sub(*a)).sum();
        prop_assert_eq!(moves.len(), needed);
        // The optimum, worked out independently: give the ⌈N/M⌉ places to the
        // fullest nodes and move only what is over each node's place.
        let mut desc = start.clone();
        desc.sort_unstable_by(|a, b| b.cmp(a));
        let (floor, extra) = (total / start.len(), total % start.len());
        let optimum: usize = desc.iter().enumerate().map(|(i, &c)| c.saturating_sub(floor + usize::from(i < extra))).sum();
        prop_assert_eq!(moves.len(), optimum);
        // Pod names and states are kept; only nodes and addresses change.
        let names: Vec<&str> = s.pods().iter().map(|p| p.name.as_str()).collect();
        prop_assert_eq!(names.len(), total);
    }
}
