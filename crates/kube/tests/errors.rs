//! Each bad input's message: the input, the JSON path, the problem and a fix.
//! Nothing a person gives may panic.

mod common;

use common::*;
use proptest::prelude::*;
use serde_json::{json, Value};
use trafficlab_kube::{read, Input, KubeError, MAX_KUBECTL_BYTES};

/// (what is changed, the change, the path, words of the problem).
type Case = (&'static str, fn(&mut Vec<Value>), &'static str, &'static str);

fn cases() -> Vec<Case> {
    vec![
        (
            "unknown policy",
            |i| i[2]["spec"]["externalTrafficPolicy"] = json!("Locale"),
            "items[2].spec.externalTrafficPolicy",
            "`Locale` is not an externalTrafficPolicy",
        ),
        (
            "port out of range",
            |i| i[2]["spec"]["ports"][0]["port"] = json!(70000),
            "items[2].spec.ports[0].port",
            "70000 is not a port",
        ),
        (
            "port as text",
            |i| i[2]["spec"]["ports"][0]["port"] = json!("eighty"),
            "items[2].spec.ports[0].port",
            "invalid type: string \"eighty\"",
        ),
        (
            "port as a list",
            |i| i[2]["spec"]["ports"][0]["port"] = json!([80]),
            "items[2].spec.ports[0].port",
            "invalid type: sequence",
        ),
        (
            "port missing",
            |i| {
                i[2]["spec"]["ports"][0].as_object_mut().unwrap().remove("port");
            },
            "items[2].spec.ports[0].port",
            "the port has no number",
        ),
        (
            "targetPort zero",
            |i| i[2]["spec"]["ports"][0]["targetPort"] = json!(0),
            "items[2].spec.ports[0].targetPort",
            "0 is not a port",
        ),
        (
            "nodePort outside the range",
            |i| i[2]["spec"]["ports"][0]["nodePort"] = json!(8080),
            "items[2].spec.ports[0].nodePort",
            "outside the NodePort range",
        ),
        (
            "healthCheckNodePort equals nodePort",
            |i| i[2]["spec"]["healthCheckNodePort"] = json!(30080),
            "items[2].spec.healthCheckNodePort",
            "30080 is also the nodePort",
        ),
        ("no ports", |i| i[2]["spec"]["ports"] = json!([]), "items[2].spec.ports", "the Service has no ports"),
        (
            "ClusterIP",
            |i| i[2]["spec"]["type"] = json!("ClusterIP"),
            "items[2].spec.type",
            "is of type ClusterIP, so there is no external traffic to model",
        ),
        ("ExternalName", |i| i[2]["spec"]["type"] = json!("ExternalName"), "items[2].spec.type", "a DNS alias"),
        (
            "Service without a name",
            |i| {
                i[2]["metadata"].as_object_mut().unwrap().remove("name");
            },
            "items[2].metadata",
            "the Service has no `metadata.name`",
        ),
        (
            "labels not text",
            |i| i[0]["metadata"]["labels"]["zone"] = json!(3),
            "items[0].metadata.labels.zone",
            "invalid type: integer `3`",
        ),
        (
            "endpoint on an unknown node",
            |i| i[3]["endpoints"][0]["nodeName"] = json!("node-z"),
            "items[3].endpoints[0].nodeName",
            "there is no Node `node-z`",
        ),
        (
            "endpoint condition as text (read after `kind`)",
            |i| i[3]["endpoints"][0]["conditions"]["ready"] = json!("yes"),
            "items[3].endpoints[0].conditions.ready",
            "invalid type: string \"yes\", expected a boolean",
        ),
        (
            "object without kind",
            |i| {
                i[1].as_object_mut().unwrap().remove("kind");
            },
            "items[1]",
            "this object has no `kind`",
        ),
        (
            "a List in a List",
            |i| i[1] = json!({"kind": "List", "apiVersion": "v1", "items": []}),
            "items[1]",
            "a `List` inside a List",
        ),
        (
            "node without a name",
            |i| {
                i[0]["metadata"].as_object_mut().unwrap().remove("name");
            },
            "items[0].metadata",
            "the Node has no `metadata.name`",
        ),
        (
            "two nodes with one IP",
            |i| i[1]["status"]["addresses"][0]["address"] = json!("10.0.0.11"),
            "items[1].status.addresses",
            "10.0.0.11 is already the IP of nodes[0]",
        ),
        (
            "overlapping pod CIDRs",
            |i| {
                i[1]["spec"] = json!({"podCIDR": "10.244.1.0/25"});
            },
            "items[1].spec.podCIDR",
            "overlaps node-a's",
        ),
        (
            "no nodes",
            |i| {
                i.drain(..2);
            },
            "",
            "there is no Node in the kubectl output",
        ),
        (
            "no Service",
            |i| {
                i.remove(2);
            },
            "",
            "there is no Service in the kubectl output",
        ),
    ]
}

#[test]
fn every_bad_field_is_named_with_its_path_and_a_fix() {
    for (what, change, path, problem) in cases() {
        let mut items = base();
        change(&mut items);
        let error = import(&list(&items), Some("shop/web")).expect_err(what);
        assert_eq!(error.input(), "kubectl output", "{what}: {error}");
        assert_eq!(error.path(), path, "{what}: {error}");
        assert!(error.problem().contains(problem), "{what}: {error}");
        assert!(error.fix().is_some_and(|f| !f.is_empty()), "{what}: no fix in {error}");
        let shown = error.to_string();
        let expected_start =
            if path.is_empty() { "kubectl output: ".to_string() } else { format!("kubectl output: {path}: ") };
        assert!(shown.starts_with(&expected_start) && shown.contains(". Fix: "), "{what}: {shown}");
    }
}

#[test]
fn parse_errors_carry_the_line() {
    let text = list(&base());
    // The fourth item's `endpoints` come before its `kind` and are read late: the line is still the field's.
    let bad = text.replacen("\"ready\": true", "\"ready\": \"yes\"", 1);
    let error = import(&bad, None).unwrap_err();
    let line = bad.lines().position(|l| l.contains("\"yes\"")).unwrap() + 1;
    assert_eq!(error.line().map(|(l, _)| l), Some(line), "{error}");
    let cut = &text[..text.len() / 2];
    let error = import(cut, None).unwrap_err();
    assert!(error.to_string().contains("was the output cut off?"), "{error}");
    let error = import(&text.replacen("\"kind\": \"Service\",", "\"kind\": \"Service\"", 1), None).unwrap_err();
    assert!(error.to_string().contains("check the syntax near that place"), "{error}");
    assert!(error.line().is_some(), "{error}");
}

#[test]
fn picking_a_service() {
    let mut items = base();
    items.push(service("api", "NodePort", "Cluster"));
    let mut other = service("web", "NodePort", "Cluster");
    other["metadata"]["namespace"] = json!("staging");
    items.push(other);
    let cluster = cluster_of(&list(&items)).unwrap();
    let error = |wanted: Option<&str>| cluster.import(wanted).unwrap_err().to_string();
    assert_eq!(
        error(None),
        "kubectl output: 3 Services take external traffic. Fix: pick one by NAMESPACE/NAME: shop/web, shop/api, staging/web"
    );
    assert_eq!(
        error(Some("web")),
        "kubectl output: Services named `web` are in namespaces shop, staging. Fix: name one as NAMESPACE/NAME, e.g. shop/web"
    );
    assert!(
        error(Some("shop/nope")).starts_with("kubectl output: there is no Service `shop/nope` in the kubectl output")
    );
    assert_eq!(cluster.import(Some("staging/web")).unwrap().service.to_string(), "staging/web");
    let mut internal = base();
    internal[2]["spec"]["type"] = json!("ClusterIP");
    assert_eq!(
        import(&list(&internal), None).unwrap_err().to_string(),
        "kubectl output: none of the 1 Services is of type LoadBalancer or NodePort, so none takes external traffic. Fix: include a Service of type LoadBalancer or NodePort"
    );
    assert_eq!(cluster.import(Some(" api ")).unwrap().service.to_string(), "shop/api");
}

#[test]
fn inputs_that_are_not_kubectl_json() {
    let table: [(&[u8], &str); 6] = [
        (b"", "there is nothing in it"),
        (b"  \n ", "there is nothing in it"),
        (b"[{\"kind\": \"Node\"}]", "this is a JSON array"),
        (b"{\"kind\": \"Pod\", \"items\": []}", "has `items` but its kind is `Pod`"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b"{\"metadata\": {}}", "this object has no `kind`"),
    ];
    for (bytes, problem) in table {
        let error = read(&[Input::new("in.json", bytes)]).unwrap_err();
        assert!(error.problem().contains(problem) && error.fix().is_some(), "{error}");
    }
    let error = read(&[]).unwrap_err();
    assert!(error.fix().is_some(), "{error}");
}

#[test]
fn bad_yaml_is_placed_by_line() {
    let error = read(&[Input::new("in.yaml", "kind: List\nitems:\n  - kind: Node\n   bad: [\n")]).unwrap_err();
    assert!(error.line().is_some() && error.fix().is_some(), "{error}");
    let error = read(&[Input::new("in.yaml", "kind: List\nitems:\n- kind: Node\n  metadata: {labels: {a: [1]}}\n")])
        .unwrap_err();
    assert_eq!((error.path(), error.line()), ("items[0].metadata.labels.a", None), "{error}");
}

#[test]
fn huge_input_is_refused_before_parsing() {
    // Many inputs sharing one buffer: over the limit without allocating it.
    let chunk = vec![b' '; 1 << 20];
    let inputs: Vec<Input> = (0..=MAX_KUBECTL_BYTES >> 20).map(|_| Input::new("part.json", &chunk)).collect();
    let error: KubeError = read(&inputs).unwrap_err();
    assert!(error.problem().contains("an import reads at most 512 MiB"), "{error}");
    assert!(error.fix().unwrap().contains("leave the pods out"), "{error}");
}

#[test]
fn every_cut_of_the_fixture_is_an_error_not_a_panic() {
    let text = fixture("cluster.json");
    for end in (0..text.len()).step_by(89) {
        if let Ok(cluster) = cluster_of(&text[..end]) {
            let _ = cluster.import(None);
        }
    }
}

proptest! {
    #[test]
    fn any_text_is_read_or_refused(text in "\\PC{0,200}") {
        if let Ok(cluster) = cluster_of(&text) {
            let _ = cluster.import(None);
        }
    }

    #[test]
    fn any_byte_changed_in_a_list_is_read_or_refused(at in 0usize..2000, byte in any::<u8>()) {
        let mut bytes = list(&base()).into_bytes();
        let at = at % bytes.len();
        bytes[at] = byte;
        if let Ok(cluster) = read(&[Input::new("x", &bytes)]) {
            let _ = cluster.import(None);
        }
    }
}
