//! The PROXY protocol: the v1 line and v2 bytes against the byte-exact
//! examples worked out from haproxy's `doc/proxy-protocol.txt` (§2.1, §2.2)
//! for 203.0.113.10:51000 → 198.51.100.10:80, the receiver's mismatches, the
//! providers that may send it, and the header on a trace's hops.

use std::net::{Ipv4Addr, SocketAddrV4};

use trafficlab_core::{
    Direction, EndpointState, ExternalTrafficPolicy, Outcome, Place, ProxyHeader, ProxyProtocol, Reception, Scenario,
};

const CLIENT: SocketAddrV4 = SocketAddrV4::new(Ipv4Addr::new(203, 0, 113, 10), 51000);
const VIP: SocketAddrV4 = SocketAddrV4::new(Ipv4Addr::new(198, 51, 100, 10), 80);

fn header(version: ProxyProtocol) -> ProxyHeader {
    ProxyHeader { version, source: CLIENT, destination: VIP }
}

#[test]
fn v1_is_the_text_line_of_the_example() {
    let h = header(ProxyProtocol::V1);
    assert_eq!(h.bytes(), b"PROXY TCP4 203.0.113.10 198.51.100.10 51000 80\r\n".to_vec());
    assert_eq!(h.bytes().len(), 48);
    assert_eq!(h.to_string(), "PROXY TCP4 203.0.113.10 198.51.100.10 51000 80");
    // The spec's own example line.
    let spec = ProxyHeader {
        version: ProxyProtocol::V1,
        source: "192.168.0.1:56324".parse().unwrap(),
        destination: "192.168.0.11:443".parse().unwrap(),
    };
    assert_eq!(spec.v1_line(), "PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n");
}

#[test]
fn v2_is_the_28_bytes_of_the_example() {
    let expected: [u8; 28] = [
        0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, // sig
        0x21, // ver_cmd
        0x11, // fam
        0x00, 0x0C, // len
        0xCB, 0x00, 0x71, 0x0A, // src_addr
        0xC6, 0x33, 0x64, 0x0A, // dst_addr
        0xC7, 0x38, // src_port
        0x00, 0x50, // dst_port
    ];
    assert_eq!(header(ProxyProtocol::V2).bytes(), expected.to_vec());
}

#[test]
fn v2_fields_match_the_annotated_table() {
    let rows: Vec<(usize, String, &str)> =
        header(ProxyProtocol::V2).fields().iter().map(|f| (f.offset, f.hex(), f.name)).collect();
    let expected = [
        (0, "0D 0A 0D 0A 00 0D 0A 51 55 49 54 0A", "sig"),
        (12, "21", "ver_cmd"),
        (13, "11", "fam"),
        (14, "00 0C", "len"),
        (16, "CB 00 71 0A", "src_addr"),
        (20, "C6 33 64 0A", "dst_addr"),
        (24, "C7 38", "src_port"),
        (26, "00 50", "dst_port"),
    ];
    let expected: Vec<(usize, String, &str)> = expected.iter().map(|&(o, h, n)| (o, h.to_string(), n)).collect();
    assert_eq!(rows, expected);
}

#[test]
fn v1_fields_concatenate_to_the_line() {
    let h = header(ProxyProtocol::V1);
    let joined: Vec<u8> = h.fields().into_iter().flat_map(|f| f.bytes).collect();
    assert_eq!(joined, h.bytes());
}

#[test]
fn a_mismatch_is_a_400_one_way_and_a_close_the_other() {
    let table = [
        (None, false, Reception::Plain),
        (Some(ProxyProtocol::V1), true, Reception::Parsed),
        (Some(ProxyProtocol::V2), true, Reception::Parsed),
        (Some(ProxyProtocol::V2), false, Reception::BadRequest),
        (None, true, Reception::Closed),
    ];
    for (sent, expects, want) in table {
        assert_eq!(Reception::of(sent, expects), want, "{sent:?} at a receiver expecting: {expects}");
    }
    assert!(Reception::BadRequest.to_string().contains("400"));
    assert!(Reception::Closed.to_string().contains("closes"));
}

fn two_nodes_cluster() -> Scenario {
    Scenario::from_layout(ExternalTrafficPolicy::Cluster, &[vec![EndpointState::Ready], vec![EndpointState::Ready]])
        .unwrap()
}

#[test]
fn the_app_expects_what_the_lb_sends_unless_told_otherwise() {
    let mut s = two_nodes_cluster();
    s.load_balancer.proxy_protocol = Some(ProxyProtocol::V2);
    assert_eq!(s.app_reception(), Reception::Parsed);
    s.expect_proxy_protocol = Some(false);
    assert_eq!(s.app_reception(), Reception::BadRequest);
    assert_eq!(s.shares().client_ip.proxy_header, 0.0);
    s.load_balancer.proxy_protocol = None;
    s.expect_proxy_protocol = Some(true);
    assert_eq!(s.app_reception(), Reception::Closed);
    assert_eq!(s.shares().app_reception, Reception::Closed);
}

#[test]
fn health_probes_are_not_wrapped() {
    let mut s = Scenario::from_layout(ExternalTrafficPolicy::Local, &[vec![EndpointState::Ready], vec![]]).unwrap();
    let plain = s.shares();
    s.load_balancer.proxy_protocol = Some(ProxyProtocol::V1);
    let wrapped = s.shares();
    let probes = |sh: &trafficlab_core::Shares| sh.nodes.iter().map(|n| (n.probe, n.health_check)).collect::<Vec<_>>();
    assert_eq!(probes(&plain), probes(&wrapped));
    assert_eq!(plain.pods, wrapped.pods);
}

#[test]
fn the_header_rides_the_request_hops_after_the_lb_with_the_real_addresses() {
    let mut s = two_nodes_cluster();
    s.load_balancer.proxy_protocol = Some(ProxyProtocol::V2);
    let t = s.trace(s.node_id("node-a").unwrap(), 7).unwrap();
    let Outcome::Delivered { seen_source, .. } = t.outcome else { panic!("{:?}", t.outcome) };
    assert_ne!(seen_source, *CLIENT.ip(), "Cluster masquerades the TCP source");
    let h = t.proxy_header().unwrap();
    assert_eq!((h.source, h.destination), (SocketAddrV4::new(*CLIENT.ip(), t.connection.client_port), VIP));
    for hop in &t.hops {
        let carries = hop.direction == Direction::Request && hop.from != Place::Client;
        assert_eq!(hop.proxy_header.is_some(), carries, "{hop:?}");
    }
    let sh = s.shares();
    assert_eq!((sh.client_ip.tcp_peer, sh.client_ip.proxy_header), (0.0, 1.0));
}

#[test]
fn providers_send_what_they_can_and_files_say_why_not() {
    let file = |provider: &str, version: &str| {
        format!(
            r#"{{"service": {{}}, "loadBalancer": {{"provider": "{provider}", "proxyProtocol": "{version}"}},
                "nodes": [{{"name": "node-a"}}]}}"#
        )
    };
    for (provider, version) in [("generic", "v1"), ("generic", "v2"), ("awsNlbInstance", "v2"), ("awsNlbIp", "v2")] {
        let s = Scenario::from_json(&file(provider, version)).unwrap_or_else(|e| panic!("{provider} {version}: {e}"));
        assert_eq!(Scenario::from_json(&s.to_json()).unwrap(), s, "round trip");
    }
    let refused = [
        ("metallbL2", "v2", "MetalLB does not proxy"),
        ("metallbBgp", "v1", "MetalLB does not proxy"),
        ("azure", "v2", "Azure"),
        ("awsNlbIp", "v1", "v2 only"),
        ("awsNlbInstance", "v1", "v2 only"),
    ];
    for (provider, version, why) in refused {
        let e = Scenario::from_json(&file(provider, version)).unwrap_err().to_string();
        assert!(e.starts_with("loadBalancer.proxyProtocol: "), "{e}");
        assert!(e.contains(why) && e.contains(". Fix: "), "{e}");
    }
    let nodeport =
        r#"{"service": {"type": "NodePort"}, "loadBalancer": {"proxyProtocol": "v1"}, "nodes": [{"name": "a"}]}"#;
    assert!(Scenario::from_json(nodeport).unwrap_err().to_string().contains("NodePort"));
}

#[test]
fn expect_proxy_protocol_round_trips() {
    let text = r#"{"service": {}, "loadBalancer": {"proxyProtocol": "v1"}, "app": {"expectProxyProtocol": false},
                   "nodes": [{"name": "node-a"}], "pods": [{"name": "web-1", "node": "node-a"}]}"#;
    let s = Scenario::from_json(text).unwrap();
    assert_eq!(s.expect_proxy_protocol, Some(false));
    assert_eq!(s.app_reception(), Reception::BadRequest);
    assert_eq!(Scenario::from_json(&s.to_json()).unwrap(), s);
}
