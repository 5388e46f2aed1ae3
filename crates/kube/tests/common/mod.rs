//! Small kubectl Lists built in the tests, so each test shows the one field
//! it is about. serde_json writes keys sorted, as kubectl does.
#![allow(dead_code)]

use serde_json::{json, Value};
use trafficlab_kube::{read, Cluster, Import, Input, KubeError};

pub fn node(name: &str, ip: &str, cidr: &str) -> Value {
    json!({"apiVersion": "v1", "kind": "Node",
        "metadata": {"name": name, "labels": {"kubernetes.io/hostname": name}},
        "spec": {"podCIDR": cidr, "podCIDRs": [cidr]},
        "status": {"addresses": [{"type": "InternalIP", "address": ip}, {"type": "Hostname", "address": name}]}})
}

pub fn service(name: &str, service_type: &str, policy: &str) -> Value {
    json!({"apiVersion": "v1", "kind": "Service",
        "metadata": {"name": name, "namespace": "shop"},
        "spec": {"type": service_type, "externalTrafficPolicy": policy, "selector": {"app": name},
                 "ports": [{"name": "http", "port": 80, "protocol": "TCP", "targetPort": 8080, "nodePort": 30080}],
                 "healthCheckNodePort": 32080},
        "status": {"loadBalancer": {"ingress": [{"ip": "198.51.100.20"}]}}})
}

pub fn endpoint(pod: &str, node: &str, ip: &str, conditions: Value) -> Value {
    json!({"addresses": [ip], "conditions": conditions, "nodeName": node,
           "targetRef": {"kind": "Pod", "name": pod, "namespace": "shop"}})
}

pub fn slice(service: &str, endpoints: Vec<Value>) -> Value {
    json!({"addressType": "IPv4", "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
        "metadata": {"name": format!("{service}-abcde"), "namespace": "shop",
                     "labels": {"kubernetes.io/service-name": service}},
        "endpoints": endpoints, "ports": [{"name": "http", "port": 8080, "protocol": "TCP"}]})
}

pub fn pod(name: &str, node: Option<&str>, ip: Option<&str>, ready: bool) -> Value {
    let mut pod = json!({"apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "namespace": "shop", "labels": {"app": "web"}},
        "spec": {"containers": [{"name": "app", "ports": [{"name": "http", "containerPort": 8080}]}]},
        "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": if ready { "True" } else { "False" }}]}});
    if let Some(node) = node {
        pod["spec"]["nodeName"] = json!(node);
    }
    if let Some(ip) = ip {
        pod["status"]["podIP"] = json!(ip);
        pod["status"]["podIPs"] = json!([{"ip": ip}]);
    }
    pod
}

/// Two nodes, a LoadBalancer Service `web` (Local) and one slice with a
/// Ready endpoint on node-a.
pub fn base() -> Vec<Value> {
    vec![
        node("node-a", "10.0.0.11", "10.244.1.0/24"),
        node("node-b", "10.0.0.12", "10.244.2.0/24"),
        service("web", "LoadBalancer", "Local"),
        slice("web", vec![endpoint("web-1", "node-a", "10.244.1.5", json!({"ready": true}))]),
    ]
}

pub fn list(items: &[Value]) -> String {
    serde_json::to_string_pretty(&json!({"apiVersion": "v1", "kind": "List", "items": items, "metadata": {}}))
        .expect("a Value always serializes")
}

pub fn cluster_of(text: &str) -> Result<Cluster, KubeError> {
    read(&[Input::new("kubectl output", text)])
}

pub fn import(text: &str, service: Option<&str>) -> Result<Import, KubeError> {
    cluster_of(text)?.import(service)
}

pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
}
