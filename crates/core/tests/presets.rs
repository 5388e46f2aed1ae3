//! Every preset in `static/scenarios/` against the numbers worked out by hand in
//! docs/model.md ("The formulas" and its worked examples).

use std::path::PathBuf;

use trafficlab_core::{Scenario, Verdict};

const EPS: f64 = 1e-12;

struct Expected {
    file: &'static str,
    pods: &'static [f64],
    lb: &'static [f64],
    health: Option<&'static [u16]>,
    verdicts: &'static [Verdict],
    dropped: f64,
    rejected: f64,
    snat: f64,
    cross_node: f64,
    imbalance: Option<f64>,
    failed_open: bool,
}

const THIRD: f64 = 1.0 / 3.0;
const SIXTH: f64 = 1.0 / 6.0;
const NINTH: f64 = 1.0 / 9.0;
use Verdict::{Drop, Forward, Reject};

const PRESETS: &[Expected] = &[
    Expected {
        file: "local-crowded-nodes-starve",
        pods: &[THIRD, SIXTH, SIXTH, NINTH, NINTH, NINTH],
        lb: &[THIRD, THIRD, THIRD],
        health: Some(&[200, 200, 200]),
        verdicts: &[Forward, Forward, Forward],
        dropped: 0.0,
        rejected: 0.0,
        snat: 0.0,
        cross_node: 0.0,
        imbalance: Some(3.0),
        failed_open: false,
    },
    Expected {
        file: "cluster-even-but-snat",
        pods: &[SIXTH; 6],
        lb: &[THIRD, THIRD, THIRD],
        health: None,
        verdicts: &[Forward, Forward, Forward],
        dropped: 0.0,
        rejected: 0.0,
        snat: 1.0,
        cross_node: 2.0 / 3.0,
        imbalance: Some(1.0),
        failed_open: false,
    },
    Expected {
        // The widely read 33% / 33% / 0% is wrong: it is 1/6 ×3 and 1/2.
        file: "local-empty-node-health-checked",
        pods: &[SIXTH, SIXTH, SIXTH, 0.5],
        lb: &[0.5, 0.5, 0.0],
        health: Some(&[200, 200, 503]),
        verdicts: &[Forward, Forward, Drop],
        dropped: 0.0,
        rejected: 0.0,
        snat: 0.0,
        cross_node: 0.0,
        imbalance: Some(3.0),
        failed_open: false,
    },
    Expected {
        file: "local-empty-node-no-health-check",
        pods: &[NINTH, NINTH, NINTH, THIRD],
        lb: &[THIRD, THIRD, THIRD],
        health: Some(&[200, 200, 503]),
        verdicts: &[Forward, Forward, Drop],
        dropped: THIRD,
        rejected: 0.0,
        snat: 0.0,
        cross_node: 0.0,
        imbalance: Some(3.0),
        failed_open: false,
    },
    Expected {
        file: "local-pods-per-node-weighting",
        pods: &[0.25, 0.25, 0.25, 0.25],
        lb: &[0.75, 0.25, 0.0],
        health: Some(&[200, 200, 503]),
        verdicts: &[Forward, Forward, Drop],
        dropped: 0.0,
        rejected: 0.0,
        snat: 0.0,
        cross_node: 0.0,
        imbalance: Some(1.0),
        failed_open: false,
    },
    Expected {
        // Every node answers 503 (Terminating endpoints are not counted), the LB
        // fails open, and kube-proxy falls back to the serving Terminating pods.
        file: "rolling-update-all-terminating",
        pods: &[THIRD, SIXTH, SIXTH, 0.0],
        lb: &[THIRD, THIRD, THIRD],
        health: Some(&[503, 503, 503]),
        verdicts: &[Forward, Forward, Drop],
        dropped: THIRD,
        rejected: 0.0,
        snat: 0.0,
        cross_node: 0.0,
        imbalance: None,
        failed_open: true,
    },
    Expected {
        file: "no-pods-rejected",
        pods: &[0.0],
        lb: &[0.5, 0.5],
        health: Some(&[503, 503]),
        verdicts: &[Reject, Reject],
        dropped: 0.0,
        rejected: 1.0,
        snat: 0.0,
        cross_node: 0.0,
        imbalance: None,
        failed_open: true,
    },
    Expected {
        file: "nodeport-local",
        pods: &[THIRD, SIXTH, SIXTH],
        lb: &[THIRD, THIRD, THIRD],
        health: None,
        verdicts: &[Forward, Forward, Drop],
        dropped: THIRD,
        rejected: 0.0,
        snat: 0.0,
        cross_node: 0.0,
        imbalance: Some(2.0),
        failed_open: false,
    },
    Expected {
        // The ARP leader (smallest sha256(node#vip)) takes every connection;
        // Cluster then spreads them over all pods, 5 of 6 to another node.
        file: "metallb-l2-cluster-one-node-takes-all",
        pods: &[SIXTH; 6],
        lb: &[1.0, 0.0, 0.0],
        health: None,
        verdicts: &[Forward, Forward, Forward],
        dropped: 0.0,
        rejected: 0.0,
        snat: 1.0,
        cross_node: 5.0 / 6.0,
        imbalance: Some(1.0),
        failed_open: false,
    },
    Expected {
        // Under Local only node-b and node-c may lead; node-c's digest is smaller.
        file: "metallb-l2-local-pods-off-the-leader",
        pods: &[0.0, 0.0, 1.0],
        lb: &[0.0, 0.0, 1.0],
        health: Some(&[503, 200, 200]),
        verdicts: &[Drop, Forward, Forward],
        dropped: 0.0,
        rejected: 0.0,
        snat: 0.0,
        cross_node: 0.0,
        imbalance: Some(f64::INFINITY),
        failed_open: false,
    },
    Expected {
        // 1/2 per zone; us-east-1a: 1/6 per healthy node, node-b's 1/6 over two
        // pods; us-east-1b: node-e answers 503, node-d's one pod takes 1/2.
        file: "nlb-instance-local-two-zones",
        pods: &[SIXTH, 1.0 / 12.0, 1.0 / 12.0, SIXTH, 0.5],
        lb: &[SIXTH, SIXTH, SIXTH, 0.5, 0.0],
        health: Some(&[200, 200, 200, 200, 503]),
        verdicts: &[Forward, Forward, Forward, Forward, Drop],
        dropped: 0.0,
        rejected: 0.0,
        snat: 0.0,
        cross_node: 0.0,
        imbalance: Some(6.0),
        failed_open: false,
    },
    Expected {
        // IP targets: 1/4 per Ready pod, kube-proxy bypassed; a node's share is
        // its pods'. The NLB rewrites the source (not kube-proxy's SNAT).
        file: "nlb-ip-targets-pod-sees-the-nlb",
        pods: &[0.25; 4],
        lb: &[0.75, 0.25, 0.0],
        health: Some(&[200, 200, 503]),
        verdicts: &[Forward, Forward, Drop],
        dropped: 0.0,
        rejected: 0.0,
        snat: 0.0,
        cross_node: 0.0,
        imbalance: Some(1.0),
        failed_open: false,
    },
    Expected {
        // Every probe down: Azure sends no new flows (fail-closed), all dropped.
        file: "azure-rolling-update-fail-closed",
        pods: &[0.0; 4],
        lb: &[0.0, 0.0, 0.0],
        health: Some(&[503, 503, 503]),
        verdicts: &[Forward, Forward, Drop],
        dropped: 1.0,
        rejected: 0.0,
        snat: 0.0,
        cross_node: 0.0,
        imbalance: None,
        failed_open: false,
    },
    Expected {
        // 1/3 per node; PreferClose keeps each node's part in its zone: node-a and
        // node-b each split 1/3 over zone-a's two pods (half of it to the other
        // node), node-c its 1/3 over its own three.
        file: "prefer-close-uneven-zones",
        pods: &[THIRD, THIRD, NINTH, NINTH, NINTH],
        lb: &[THIRD, THIRD, THIRD],
        health: None,
        verdicts: &[Forward, Forward, Forward],
        dropped: 0.0,
        rejected: 0.0,
        snat: 1.0,
        cross_node: THIRD,
        imbalance: Some(3.0),
        failed_open: false,
    },
    Expected {
        // Cluster behind an NLB with instance targets: 1/6 each, all
        // masqueraded; the PROXY v2 header carries the client (client_ip below).
        file: "nlb-proxy-v2-cluster-keeps-client",
        pods: &[SIXTH; 6],
        lb: &[THIRD, THIRD, THIRD],
        health: None,
        verdicts: &[Forward, Forward, Forward],
        dropped: 0.0,
        rejected: 0.0,
        snat: 1.0,
        cross_node: 2.0 / 3.0,
        imbalance: Some(1.0),
        failed_open: false,
    },
    Expected {
        // Stage 1 (the controller's Service, Local, health-checked): node-b has
        // no controller and answers 503, so node-a and node-c get 1/2 each;
        // stage 2: 1/4 of the requests per app pod. Crossings: node-a's
        // controllers send 1/4 of their 1/2 to web-4 on node-b, node-c's send
        // all of theirs away: 1/8 + 1/2.
        file: "ingress-local-controllers-skewed-app-even",
        pods: &[0.25; 4],
        lb: &[0.5, 0.0, 0.5],
        health: Some(&[200, 503, 200]),
        verdicts: &[Forward, Drop, Forward],
        dropped: 0.0,
        rejected: 0.0,
        snat: 0.0,
        cross_node: 0.625,
        imbalance: Some(1.0),
        failed_open: false,
    },
];

/// Where the app finds the client's address, per preset that keeps it another way.
const CLIENT_IP: &[(&str, [f64; 3])] = &[
    ("nlb-proxy-v2-cluster-keeps-client", [0.0, 1.0, 0.0]),
    ("ingress-local-controllers-skewed-app-even", [0.0, 0.0, 1.0]),
];

#[test]
fn presets_that_keep_the_client_another_way_say_where() {
    for &(file, [tcp_peer, proxy_header, forwarded_for]) in CLIENT_IP {
        let c = load(file).shares().client_ip;
        assert_close(&format!("{file}: tcpPeer"), c.tcp_peer, tcp_peer);
        assert_close(&format!("{file}: proxyHeader"), c.proxy_header, proxy_header);
        assert_close(&format!("{file}: forwardedFor"), c.forwarded_for, forwarded_for);
    }
    let ingress = load("ingress-local-controllers-skewed-app-even").shares();
    let controllers = &ingress.ingress.as_ref().unwrap().controllers.pods;
    for (got, want) in controllers.iter().zip([0.25, 0.25, 0.5]) {
        assert_close("controller pod share", *got, want);
    }
}

fn scenarios_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../static/scenarios")
}

fn load(name: &str) -> Scenario {
    let path = scenarios_dir().join(format!("{name}.json"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Scenario::from_slice(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn assert_close(what: &str, actual: f64, expected: f64) {
    assert!(actual == expected || (actual - expected).abs() < EPS, "{what}: got {actual}, expected {expected}");
}

#[test]
fn every_preset_matches_its_hand_computed_shares() {
    for e in PRESETS {
        let scenario = load(e.file);
        let shares = scenario.shares();
        let at = |what: &str| format!("{}: {what}", e.file);
        assert_eq!(shares.pods.len(), e.pods.len(), "{}", at("pod count"));
        for (i, (&got, &want)) in shares.pods.iter().zip(e.pods).enumerate() {
            assert_close(&at(&scenario.pods()[i].name), got, want);
        }
        let lb: Vec<f64> = shares.nodes.iter().map(|n| n.lb).collect();
        assert_eq!(lb.len(), e.lb.len(), "{}", at("node count"));
        for (i, (&got, &want)) in lb.iter().zip(e.lb).enumerate() {
            assert_close(&at(&format!("lb share of {}", scenario.nodes()[i].name)), got, want);
        }
        let health: Option<Vec<u16>> = shares.nodes.iter().map(|n| n.health_check.map(|h| h.status)).collect();
        assert_eq!(health.as_deref(), e.health, "{}", at("health checks"));
        let verdicts: Vec<Verdict> = shares.nodes.iter().map(|n| n.verdict).collect();
        assert_eq!(verdicts, e.verdicts, "{}", at("verdicts"));
        assert_close(&at("dropped"), shares.dropped, e.dropped);
        assert_close(&at("rejected"), shares.rejected, e.rejected);
        assert_close(&at("snat"), shares.snat, e.snat);
        assert_close(&at("cross-node"), shares.cross_node, e.cross_node);
        match (shares.imbalance, e.imbalance) {
            (Some(got), Some(want)) => assert_close(&at("imbalance"), got, want),
            (got, want) => assert_eq!(got, want, "{}", at("imbalance")),
        }
        assert_eq!(shares.lb_failed_open, e.failed_open, "{}", at("failed open"));
    }
}

#[test]
fn every_preset_file_is_in_the_table_and_has_a_title() {
    let mut files: Vec<String> = std::fs::read_dir(scenarios_dir())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut tested: Vec<&str> = PRESETS.iter().map(|e| e.file).collect();
    tested.sort();
    assert_eq!(files, tested, "a preset without expected shares, or an expectation without a file");
    for name in files {
        let scenario = load(&name);
        assert!(scenario.title.as_deref().is_some_and(|t| !t.is_empty()), "{name} has no title");
        assert!(scenario.description.as_deref().is_some_and(|t| !t.is_empty()), "{name} has no description");
    }
}
