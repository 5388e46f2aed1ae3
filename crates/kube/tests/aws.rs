//! The AWS Load Balancer Controller's NLB, read from the Service: which
//! Services it takes, each annotation with its default, malformed values
//! (a note, never a panic or a lost import), and the EKS fixture's shares
//! worked out by hand.

mod common;

use common::*;
use proptest::prelude::*;
use serde_json::{json, Value};
use trafficlab_core::{AwsNlbInstance, AwsNlbIp, Generic, Provider, ProxyProtocol};
use trafficlab_kube::Import;

const TYPE: &str = "service.beta.kubernetes.io/aws-load-balancer-type";
const TARGET: &str = "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type";
const PROXY: &str = "service.beta.kubernetes.io/aws-load-balancer-proxy-protocol";
const TG_ATTRIBUTES: &str = "service.beta.kubernetes.io/aws-load-balancer-target-group-attributes";
const LB_ATTRIBUTES: &str = "service.beta.kubernetes.io/aws-load-balancer-attributes";
const CROSS_ZONE: &str = "service.beta.kubernetes.io/aws-load-balancer-cross-zone-load-balancing-enabled";
const CLASS: &str = "service.k8s.aws/nlb";

/// `base()` with zones, and the Service given `class` and `annotations`.
fn with(class: Option<&str>, annotations: Value) -> Vec<Value> {
    let mut items = base();
    items[0]["metadata"]["labels"]["topology.kubernetes.io/zone"] = json!("us-east-1a");
    items[1]["metadata"]["labels"]["topology.kubernetes.io/zone"] = json!("us-east-1b");
    items[2]["metadata"]["annotations"] = annotations;
    if let Some(class) = class {
        items[2]["spec"]["loadBalancerClass"] = json!(class);
    }
    items
}

fn imported(class: Option<&str>, annotations: Value) -> Import {
    let text = list(&with(class, annotations));
    import(&text, None).unwrap_or_else(|e| panic!("{e}"))
}

fn notes(import: &Import) -> String {
    import.notes.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
}

fn ip(cross_zone: bool, preserve_client_ip: bool) -> Provider {
    Provider::AwsNlbIp(AwsNlbIp { cross_zone, preserve_client_ip })
}

fn instance(cross_zone: bool) -> Provider {
    Provider::AwsNlbInstance(AwsNlbInstance { cross_zone })
}

#[test]
fn the_class_alone_gives_instance_targets_with_the_aws_defaults() {
    let import = imported(Some(CLASS), json!({}));
    let lb = &import.scenario.load_balancer;
    assert_eq!((lb.provider, lb.proxy_protocol), (instance(false), None));
    let notes = notes(&import);
    assert!(notes.contains("spec.loadBalancerClass: the AWS Load Balancer Controller's NLB"), "{notes}");
    assert!(notes.contains("instance targets (the default;"), "{notes}");
    assert!(!notes.contains("generic"), "{notes}");
}

#[test]
fn the_type_annotation_hands_the_service_over_as_the_controller_takes_it() {
    let cases = [
        (json!({TYPE: "external", TARGET: "ip"}), ip(false, false)),
        (json!({TYPE: "external", TARGET: "instance"}), instance(false)),
        (json!({TYPE: "nlb-ip"}), ip(false, false)),
        (json!({TYPE: "nlb-ip", TARGET: "instance"}), ip(false, false)),
        // Without a target type the controller does not take it, nor does the in-tree provider.
        (json!({TYPE: "external"}), Provider::Generic(Generic)),
        (json!({TYPE: "nlb"}), Provider::Generic(Generic)),
    ];
    for (annotations, provider) in cases {
        let import = imported(None, annotations.clone());
        assert_eq!(import.scenario.load_balancer.provider, provider, "{annotations}");
    }
    let nlb_ip = notes(&imported(None, json!({TYPE: "nlb-ip", TARGET: "instance"})));
    assert!(nlb_ip.contains("nlb-ip means IP targets, whatever"), "{nlb_ip}");
    let external = notes(&imported(None, json!({TYPE: "external"})));
    assert!(external.contains("nothing provisions a load balancer"), "{external}");
    assert!(external.contains("the load balancer is the generic one"), "{external}");
}

#[test]
fn another_class_is_not_the_controllers_whatever_the_annotations_say() {
    let import = imported(Some("example.com/internal-vip"), json!({TYPE: "nlb-ip"}));
    assert_eq!(import.scenario.load_balancer.provider, Provider::Generic(Generic));
    assert!(notes(&import).contains("`example.com/internal-vip` is not service.k8s.aws/nlb"), "{}", notes(&import));
}

#[test]
fn the_target_type() {
    assert_eq!(imported(Some(CLASS), json!({TARGET: "ip"})).scenario.load_balancer.provider, ip(false, false));
    let odd = imported(Some(CLASS), json!({TARGET: "IP"}));
    assert_eq!(odd.scenario.load_balancer.provider, instance(false), "anything but `ip` is instance");
    assert!(notes(&odd).contains("`IP` is neither ip nor instance"), "{}", notes(&odd));
}

#[test]
fn proxy_protocol_v2_from_the_annotation_or_the_target_group_attribute() {
    let on = imported(Some(CLASS), json!({PROXY: "*"}));
    assert_eq!(on.scenario.load_balancer.proxy_protocol, Some(ProxyProtocol::V2));
    assert!(notes(&on).contains("PROXY protocol v2: each connection starts with a v2 header"), "{}", notes(&on));
    let local = notes(&on);
    assert!(local.contains("advises against it with instance targets and Local"), "base() is Local: {local}");
    let attribute = imported(Some(CLASS), json!({TARGET: "ip", TG_ATTRIBUTES: "proxy_protocol_v2.enabled=true"}));
    assert_eq!(attribute.scenario.load_balancer.proxy_protocol, Some(ProxyProtocol::V2));
    let star_wins = imported(Some(CLASS), json!({PROXY: "*", TG_ATTRIBUTES: "proxy_protocol_v2.enabled=false"}));
    assert_eq!(star_wins.scenario.load_balancer.proxy_protocol, Some(ProxyProtocol::V2));
    let invalid = imported(Some(CLASS), json!({PROXY: "true"}));
    assert_eq!(invalid.scenario.load_balancer.proxy_protocol, None);
    assert!(notes(&invalid).contains("`true` is not valid (the only valid value is \"*\")"), "{}", notes(&invalid));
}

#[test]
fn client_ip_preservation_is_read_for_ip_targets() {
    for (value, preserve) in [("true", true), ("false", false), ("1", true)] {
        let annotations = json!({TARGET: "ip", TG_ATTRIBUTES: format!("stickiness.enabled=true, preserve_client_ip.enabled={value}")});
        let import = imported(Some(CLASS), annotations);
        assert_eq!(import.scenario.load_balancer.provider, ip(false, preserve), "{value}");
    }
    let on = notes(&imported(Some(CLASS), json!({TARGET: "ip", TG_ATTRIBUTES: "preserve_client_ip.enabled=true"})));
    assert!(on.contains("the pods see the client's address as the TCP peer"), "{on}");
    // Instance targets always keep it on the board: `false` is noted, not an error.
    let off = imported(Some(CLASS), json!({TARGET: "instance", TG_ATTRIBUTES: "preserve_client_ip.enabled=false"}));
    assert_eq!(off.scenario.load_balancer.provider, instance(false));
    assert!(notes(&off).contains("not modelled for instance targets"), "{}", notes(&off));
}

#[test]
fn cross_zone_from_the_attributes_or_the_deprecated_annotation() {
    let on = imported(
        Some(CLASS),
        json!({LB_ATTRIBUTES: "access_logs.s3.enabled=false,load_balancing.cross_zone.enabled=true"}),
    );
    assert_eq!(on.scenario.load_balancer.provider, instance(true));
    assert!(notes(&on).contains("cross-zone load balancing on"), "{}", notes(&on));
    let deprecated = imported(None, json!({TYPE: "external", TARGET: "ip", CROSS_ZONE: "true"}));
    assert_eq!(deprecated.scenario.load_balancer.provider, ip(true, false));
    // In a tie the deprecated annotation wins (annotations.md).
    let tie =
        imported(Some(CLASS), json!({LB_ATTRIBUTES: "load_balancing.cross_zone.enabled=true", CROSS_ZONE: "false"}));
    assert_eq!(tie.scenario.load_balancer.provider, instance(false));
    assert!(notes(&tie).contains("this deprecated annotation wins"), "{}", notes(&tie));
}

#[test]
fn malformed_values_get_a_note_and_the_rest_is_read() {
    let annotations = json!({
        TARGET: "ip",
        TG_ATTRIBUTES: "preserve_client_ip.enabled, =x,preserve_client_ip.enabled=maybe",
        LB_ATTRIBUTES: "load_balancing.cross_zone.enabled=true,,\\",
        CROSS_ZONE: "yes",
        PROXY: "",
    });
    let import = imported(Some(CLASS), annotations);
    assert_eq!(import.scenario.load_balancer.provider, ip(true, false));
    assert_eq!(import.scenario.load_balancer.proxy_protocol, None);
    let notes = notes(&import);
    for expected in [
        "`preserve_client_ip.enabled` is not key=value",
        "`=x` is not key=value",
        "preserve_client_ip.enabled=`maybe` is not true or false",
        "the value=`yes` is not true or false",
        "`` is not valid",
        "cross-zone load balancing on",
    ] {
        assert!(notes.contains(expected), "{expected}: {notes}");
    }
}

#[test]
fn a_nodeport_service_has_no_nlb_on_the_board() {
    let mut items = with(None, json!({TYPE: "external", TARGET: "instance", PROXY: "*"}));
    items[2]["spec"]["type"] = json!("NodePort");
    let import = import(&list(&items), None).unwrap();
    assert_eq!(import.scenario.load_balancer.provider, Provider::Generic(Generic));
    assert_eq!(import.scenario.load_balancer.proxy_protocol, None);
    assert!(notes(&import).contains("annotations are on a NodePort Service"), "{}", notes(&import));
}

#[test]
fn without_zones_the_cluster_is_one_zone_and_the_note_says_so() {
    let mut items = base();
    items[2]["spec"]["loadBalancerClass"] = json!(CLASS);
    let import = import(&list(&items), None).unwrap();
    assert!(notes(&import).contains("treats the cluster as one Availability Zone"), "{}", notes(&import));
}

#[test]
fn the_generic_note_says_what_would_have_been_recognised() {
    let notes = notes(&import(&list(&base()), None).unwrap());
    for name in [CLASS, TYPE, TARGET, PROXY, TG_ATTRIBUTES, LB_ATTRIBUTES, "load_balancing.cross_zone.enabled"] {
        assert!(notes.contains(name), "{name}: {notes}");
    }
}

proptest! {
    #[test]
    fn no_annotation_value_fails_the_import(
        class in prop::option::of(prop_oneof![Just(CLASS.to_string()), ".{0,20}"]),
        values in prop::collection::vec(prop_oneof![".{0,40}", "[a-z_.=,\\\\ ]{0,40}"], 6),
    ) {
        let names = [TYPE, TARGET, PROXY, TG_ATTRIBUTES, LB_ATTRIBUTES, CROSS_ZONE];
        let annotations: serde_json::Map<String, Value> =
            names.iter().zip(&values).map(|(n, v)| (n.to_string(), json!(v))).collect();
        let text = list(&with(class.as_deref(), Value::Object(annotations)));
        prop_assert!(import(&text, None).is_ok());
    }
}

// The EKS fixture, by hand with LOAD_BALANCERS-style formulas (Z = zones with
// a healthy target, h_z = healthy pods in zone z, m_k/n_k per node):
//
// shop/checkout: loadBalancerClass service.k8s.aws/nlb, IP targets, cross-zone
// off, preserve_client_ip on, PROXY v2. Registered (Ready) pods: a1, a2 on
// ip-10-0-1-10 and a3 on ip-10-0-1-20 (us-east-1a, h = 3), b1 on ip-10-0-2-10
// (us-east-1b, h = 1); b2 is Terminating, so deregistered. Cross-zone off:
// share(p in z) = (1/|Z|)·(1/h_z) → a1 = a2 = a3 = 1/2 · 1/3 = 1/6,
// b1 = 1/2 · 1/1 = 1/2, b2 = 0. Sum 3/6 + 1/2 = 1.
//
// shop/catalog: aws-load-balancer-type external + nlb-target-type instance,
// Local, cross-zone on (the deprecated annotation). Healthy nodes (HTTP
// /healthz 200: a local Ready endpoint): all three, m = 3. Cross-zone on:
// w_k = 1/Σm = 1/3; pod p on k gets w_k/n_k → a1 (n = 1) = 1/3,
// a2 (n = 1) = 1/3, b1 = b2 (n = 2) = 1/6. Sum 1. (Cross-zone off would give
// a1 = a2 = 1/2 · 1/2 = 1/4 and b1 = b2 = 1/2 · 1/2 = 1/4.)

fn assert_shares(got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "{got:?}");
    for (g, w) in got.iter().zip(want) {
        assert!((g - w).abs() < 1e-9, "{got:?} != {want:?}");
    }
}

#[test]
fn the_eks_fixture_imports_as_the_controller_builds_it() {
    let cluster = cluster_of(&fixture("eks-nlb.json")).unwrap();
    let checkout = cluster.import(Some("shop/checkout")).unwrap();
    let lb = &checkout.scenario.load_balancer;
    assert_eq!((lb.provider, lb.proxy_protocol), (ip(false, true), Some(ProxyProtocol::V2)));
    let pods: Vec<&str> = checkout.scenario.pods().iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        pods,
        ["checkout-6f7d9c-a1", "checkout-6f7d9c-a2", "checkout-6f7d9c-a3", "checkout-6f7d9c-b1", "checkout-6f7d9c-b2"]
    );
    let shares = checkout.scenario.shares();
    assert_shares(&shares.pods, &[1.0 / 6.0, 1.0 / 6.0, 1.0 / 6.0, 0.5, 0.0]);
    assert!((shares.client_ip_preserved - 1.0).abs() < 1e-9, "preserve_client_ip: the TCP peer is the client");
    let notes = notes(&checkout);
    assert!(notes.contains("hostname (k8s-shop-checkout-"), "the VIP note is kept: {notes}");

    let catalog = cluster.import(Some("shop/catalog")).unwrap();
    let lb = &catalog.scenario.load_balancer;
    assert_eq!((lb.provider, lb.proxy_protocol), (instance(true), None));
    assert_shares(&catalog.scenario.shares().pods, &[1.0 / 3.0, 1.0 / 3.0, 1.0 / 6.0, 1.0 / 6.0]);
}
