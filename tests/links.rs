//! Links: a board and its view survive the trip through a URL exactly, links
//! stay short, every version ever written still opens, and no input, however
//! broken or hostile, makes the decoder panic.
//!
//! The fuzz tests run a bounded number of cases in `make test`; for a long
//! run: `PROPTEST_CASES=1000000 cargo test --release --test links fuzz`.

use proptest::prelude::*;
use trafficlab::flow::Pace;
use trafficlab::presets::{Preset, DEFAULT_PRESET, PRESETS};
use trafficlab::sharing::{decode, encode, Link, LinkError, View};
use trafficlab_core::{EndpointState, ExternalTrafficPolicy, PodId, Scenario, ServiceType, Weighting};

const ORIGIN: &str = "http://127.0.0.1:8080/?board=";

fn preset_link(id: &'static str) -> Link {
    Link { scenario: Preset::by_id(id).unwrap().scenario().unwrap(), preset: Some(id), view: View::default() }
}

#[test]
fn every_preset_round_trips_with_its_view() {
    for (i, preset) in PRESETS.iter().enumerate() {
        let mut link = preset_link(preset.id);
        link.view = View {
            selected: (!link.scenario.pods().is_empty()).then_some(PodId(0)),
            follow: i % 2 == 0,
            playing: i % 3 != 0,
            pace: Pace { per_second: 12.5, speed: 0.25 },
        };
        assert_eq!(decode(&encode(&link)).unwrap(), link, "{}", preset.id);
    }
}

#[test]
fn the_default_board_fits_in_200_characters_of_url() {
    let url = format!("{ORIGIN}{}", encode(&preset_link(DEFAULT_PRESET)));
    assert!(url.len() < 200, "{} characters: {url}", url.len());
}

#[test]
fn a_100_pod_board_fits_in_2000_characters_of_url() {
    let layout: Vec<Vec<EndpointState>> = (0..10).map(|i| vec![EndpointState::Ready; 5 + i]).collect();
    let mut scenario = Scenario::from_layout(ExternalTrafficPolicy::Local, &layout[..]).unwrap();
    while scenario.pods().len() < 100 {
        scenario.add_pod(trafficlab_core::NodeId(0)).unwrap();
    }
    // Moves give pods addresses out of list order, which the link must spell out.
    for i in 0..20 {
        scenario.move_pod(PodId(i * 5), trafficlab_core::NodeId(i % 10)).unwrap();
    }
    let link = Link { scenario, preset: None, view: View::default() };
    let value = encode(&link);
    assert_eq!(decode(&value).unwrap(), link);
    let url = format!("{ORIGIN}{value}");
    assert!(url.len() < 2000, "{} characters", url.len());
}

/// A link of every version ever written, with the scenario file it must open
/// as and its view. Add a line for each new version; never change old ones.
#[test]
fn every_released_link_version_still_opens() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/links");
    for version in 1..=3 {
        let value = std::fs::read_to_string(format!("{dir}/v{version}.link")).unwrap();
        let expected = std::fs::read_to_string(format!("{dir}/v{version}.json")).unwrap();
        let link = decode(value.trim()).unwrap_or_else(|e| panic!("v{version}: {e}"));
        assert_eq!(link.scenario, Scenario::from_json(&expected).unwrap(), "v{version}");
        assert_eq!(link.preset, Some("local-crowded-nodes-starve"));
        assert_eq!(link.view.selected, Some(PodId(2)));
        assert!(link.view.follow && !link.view.playing);
        assert_eq!(link.view.pace, Pace { per_second: 6.0, speed: 2.0 });
    }
    // Format 2 carries what format 1 cannot: the provider, zones, trafficDistribution.
    let v2 = decode(std::fs::read_to_string(format!("{dir}/v2.link")).unwrap().trim()).unwrap();
    assert_eq!(v2.scenario.load_balancer.provider.kind(), trafficlab_core::ProviderKind::AwsNlbInstance);
    assert_eq!(v2.scenario.nodes()[1].zone.as_deref(), Some("us-east-1b"));
    // Format 3 carries what keeps the client's address: PROXY protocol, the
    // app's expectation, the data path and an ingress controller.
    let v3 = decode(std::fs::read_to_string(format!("{dir}/v3.link")).unwrap().trim()).unwrap();
    assert_eq!(v3.scenario.load_balancer.proxy_protocol, Some(trafficlab_core::ProxyProtocol::V2));
    assert_eq!(v3.scenario.expect_proxy_protocol, Some(false));
    let ingress = v3.scenario.ingress().unwrap();
    assert_eq!((ingress.pods.len(), ingress.use_proxy_protocol), (2, Some(true)));
}

#[test]
fn the_client_address_settings_round_trip() {
    let mut link = preset_link(DEFAULT_PRESET);
    let s = &mut link.scenario;
    s.data_path = trafficlab_core::DataPath::CiliumDsr;
    s.load_balancer.proxy_protocol = Some(trafficlab_core::ProxyProtocol::V1);
    s.expect_proxy_protocol = Some(true);
    let pods = vec![trafficlab_core::ControllerPod {
        name: "nginx-a".into(),
        node: trafficlab_core::NodeId(0),
        state: EndpointState::Ready,
    }];
    let policy = ExternalTrafficPolicy::Local;
    s.set_ingress(Some(trafficlab_core::Ingress { external_traffic_policy: policy, use_proxy_protocol: None, pods }))
        .unwrap();
    assert_eq!(decode(&encode(&link)).unwrap(), link);
}

#[test]
fn broken_links_say_what_is_wrong() {
    let good = encode(&preset_link(DEFAULT_PRESET));
    let tampered = {
        let mut bytes = good.clone().into_bytes();
        let i = bytes.len() / 2;
        bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
        String::from_utf8(bytes).unwrap()
    };
    let cases = [
        ("hello", LinkError::Malformed),
        ("x.AAAA", LinkError::Malformed),
        // Cut to whole base64 quanta (after the `3.` prefix), so it is still base64.
        (&good[..2 + (good.len() - 2) / 8 * 4], LinkError::Damaged),
        (&tampered, LinkError::Damaged),
        ("1.not*base64!", LinkError::NotBase64),
        ("7.AAAA", LinkError::FutureVersion(7)),
        ("99999999999999999999.x", LinkError::FutureVersion(u32::MAX)),
    ];
    for (text, expected) in cases {
        assert_eq!(decode(text).unwrap_err(), expected, "{text}");
    }
    assert!(LinkError::FutureVersion(7).to_string().contains("newer trafficlab"));
    assert!(LinkError::Damaged.to_string().contains("cut short or changed"));
}

#[test]
fn a_link_to_an_invalid_board_gets_the_scenario_files_message() {
    // Service fields are public, so a test can write a record no file could
    // hold: the decoder checks it exactly as a file is checked.
    let mut link = preset_link(DEFAULT_PRESET);
    link.scenario.service.name = "Not A Name".into();
    match decode(&encode(&link)) {
        Err(LinkError::Invalid(error)) => {
            assert_eq!(error.path(), "service.name");
            assert!(error.to_string().contains("Fix:"), "{error}");
        }
        other => panic!("expected an invalid board, got {other:?}"),
    }
}

fn state() -> impl Strategy<Value = EndpointState> {
    prop_oneof![Just(EndpointState::Ready), Just(EndpointState::Terminating), Just(EndpointState::NotReady)]
}

prop_compose! {
    fn link()(
        layout in prop::collection::vec(prop::collection::vec(state(), 0..6), 1..7),
        moves in prop::collection::vec((0usize..40, 0usize..7), 0..8),
        removals in prop::collection::vec(0usize..40, 0..3),
        local in any::<bool>(),
        node_port in any::<bool>(),
        health_check in any::<bool>(),
        pods_per_node in any::<bool>(),
        preset in prop::option::of(0usize..PRESETS.len()),
        selected in prop::option::of(0u32..40),
        (follow, playing) in (any::<bool>(), any::<bool>()),
        speed in 0usize..5,
        rate_halves in 1u32..=120,
        provider in 0usize..6,
        cross_zone in any::<bool>(),
        zoned in any::<bool>(),
        distribution in 0usize..3,
    ) -> Link {
        let policy = if local { ExternalTrafficPolicy::Local } else { ExternalTrafficPolicy::Cluster };
        let mut s = Scenario::from_layout(policy, &layout).unwrap();
        for (pod, node) in moves {
            let (pods, nodes) = (s.pods().len(), s.nodes().len());
            if pods > 0 {
                s.move_pod(PodId((pod % pods) as u32), trafficlab_core::NodeId((node % nodes) as u32)).unwrap();
            }
        }
        for pod in removals {
            if !s.pods().is_empty() {
                s.remove_pod(PodId((pod % s.pods().len()) as u32)).unwrap();
            }
        }
        s.service.service_type = if node_port { ServiceType::NodePort } else { ServiceType::LoadBalancer };
        s.load_balancer.health_check = health_check;
        s.load_balancer.weighting = if pods_per_node { Weighting::PodsPerNode } else { Weighting::Even };
        if !node_port {
            // Other providers need a LoadBalancer Service and refuse the generic settings.
            s.load_balancer.provider = match trafficlab_core::ProviderKind::ALL[provider] {
                trafficlab_core::ProviderKind::AwsNlbInstance => trafficlab_core::Provider::AwsNlbInstance(trafficlab_core::AwsNlbInstance { cross_zone }),
                trafficlab_core::ProviderKind::AwsNlbIp => trafficlab_core::Provider::AwsNlbIp(trafficlab_core::AwsNlbIp { cross_zone, preserve_client_ip: !cross_zone }),
                kind => trafficlab_core::Provider::from(kind),
            };
            if s.load_balancer.provider.kind() != trafficlab_core::ProviderKind::Generic {
                s.load_balancer.health_check = true;
                s.load_balancer.weighting = Weighting::Even;
            }
        }
        if zoned {
            let zones = (0..s.nodes().len()).map(|i| format!("zone-{}", i % 2)).collect();
            s.set_zones(Some(zones)).unwrap();
        }
        s.service.traffic_distribution = [None, Some(trafficlab_core::TrafficDistribution::PreferClose), Some(trafficlab_core::TrafficDistribution::PreferSameZone)][distribution];
        let pods = s.pods().len() as u32;
        Link {
            scenario: s,
            preset: preset.map(|i| PRESETS[i].id),
            view: View {
                selected: selected.filter(|&p| p < pods).map(PodId),
                follow,
                playing,
                pace: Pace { per_second: f64::from(rate_halves) / 2.0, speed: trafficlab::flow::SPEEDS[speed] },
            },
        }
    }
}

proptest! {
    #[test]
    fn random_boards_round_trip(link in link()) {
        prop_assert_eq!(decode(&encode(&link)).unwrap(), link);
    }

    /// Any text at all: never a panic.
    #[test]
    fn fuzz_any_text(text in ".{0,300}") {
        let _ = decode(&text);
    }

    /// Any bytes behind a valid version and checksum, so the record decoder
    /// itself is exercised, not only the armour.
    #[test]
    fn fuzz_any_record(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = decode(&armoured(&bytes));
    }

    /// A real link with bytes flipped, cut or added, re-armoured with a
    /// matching checksum: the decoder sees plausible but wrong records.
    #[test]
    fn fuzz_mutated_records(link in link(), edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..6)) {
        let value = encode(&link);
        let mut record = unarmoured(&value);
        for (at, byte, kind) in edits {
            if record.is_empty() { break; }
            let i = at.index(record.len());
            match kind { 0 => record[i] = byte, 1 => { record.truncate(i); } _ => record.insert(i, byte) }
        }
        let _ = decode(&armoured(&record));
    }
}

/// `bytes` as a version-1 link with a correct checksum.
fn armoured(bytes: &[u8]) -> String {
    use base64::Engine;
    let mut with_sum = bytes.to_vec();
    with_sum.extend_from_slice(&crc32(bytes).to_be_bytes());
    format!("1.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(with_sum))
}

fn unarmoured(value: &str) -> Vec<u8> {
    use base64::Engine;
    let mut bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(&value[2..]).unwrap();
    bytes.truncate(bytes.len() - 4);
    bytes
}

/// CRC-32 (IEEE), written out again here so the tests do not trust the
/// implementation they check.
fn crc32(bytes: &[u8]) -> u32 {
    let table: Vec<u32> = (0..256u32)
        .map(|mut c| {
            for _ in 0..8 {
                c = if c & 1 == 1 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            }
            c
        })
        .collect();
    !bytes.iter().fold(!0u32, |crc, &b| table[((crc ^ u32::from(b)) & 0xff) as usize] ^ (crc >> 8))
}

/// The example docs page embeds the 1/2/3 example under Cluster and under
/// Local: its links must be exactly what Copy embed code gives for them.
#[test]
fn the_embed_example_page_links_to_both_presets() {
    let page = include_str!("../static/embed-example.html");
    for id in ["cluster-even-but-snat", "local-crowded-nodes-starve"] {
        let src = format!("./?embed=1&amp;board={}\"", encode(&preset_link(id)));
        assert!(page.contains(&src), "{id}: expected {src}");
    }
}
