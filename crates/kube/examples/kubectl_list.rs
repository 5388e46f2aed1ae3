//! A realistic large kubectl List, for the import benchmarks: what
//! `kubectl get nodes,services,endpointslices,pods -A -o json` prints for a
//! cluster of NODES nodes and PODS pods (default 1 000 and 30 000), with full
//! object bodies (labels, owner references, probes, volumes, container
//! statuses, node images), keys sorted and indented by 4 as kubectl does.
//!
//! Ten Deployments share the pods, each behind a Service (`shop/web` is a
//! LoadBalancer with `externalTrafficPolicy: Local`), spread unevenly over
//! the nodes; about 1 % of pods are terminating, 1 % not ready and 0.5 %
//! pending. EndpointSlices hold at most 100 endpoints each, as the
//! EndpointSlice controller writes them (`--max-endpoints-per-slice`).
//! Deterministic: the same arguments print the same bytes.
//!
//! `cargo run --release -p trafficlab-kube --example kubectl_list -- 1000 30000 > cluster.json`

use std::io::Write;

use serde::Serialize;
use serde_json::{json, Value};

const SERVICES: [(&str, &str, &str, &str); 10] = [
    ("shop", "web", "LoadBalancer", "Local"),
    ("shop", "cart", "LoadBalancer", "Cluster"),
    ("shop", "search", "NodePort", "Cluster"),
    ("shop", "checkout", "ClusterIP", ""),
    ("media", "images", "LoadBalancer", "Local"),
    ("media", "video", "NodePort", "Local"),
    ("auth", "login", "LoadBalancer", "Cluster"),
    ("auth", "tokens", "ClusterIP", ""),
    ("data", "reports", "ClusterIP", ""),
    ("data", "ingest", "NodePort", "Cluster"),
];
const MAX_ENDPOINTS_PER_SLICE: usize = 100;

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>());
    let (nodes, pods) = match (args.next(), args.next()) {
        (None, _) => (1_000, 30_000),
        (Some(Ok(nodes)), Some(Ok(pods))) if nodes > 0 => (nodes, pods),
        _ => {
            eprintln!("usage: kubectl_list [NODES PODS]   (default 1000 30000)");
            std::process::exit(2);
        }
    };
    let text = generate(nodes, pods);
    if std::io::stdout().lock().write_all(text.as_bytes()).is_err() {
        std::process::exit(1);
    }
}

/// A small deterministic generator (splitmix64), so runs match byte for byte.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// Five characters as in a pod's generated name.
    fn suffix(&mut self) -> String {
        const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
        (0..5).map(|_| ALPHABET[self.below(ALPHABET.len())] as char).collect()
    }
}

/// The whole List as kubectl prints it.
pub fn generate(node_count: usize, pod_count: usize) -> String {
    let mut mix = Mix(0x7261_6666_6963);
    let mut items: Vec<Value> = (0..node_count).map(node).collect();
    let mut endpoints: Vec<Vec<Value>> = vec![Vec::new(); SERVICES.len()];
    let mut pods = Vec::with_capacity(pod_count);
    let mut next_ip = vec![2usize; node_count];
    for i in 0..pod_count {
        let service = i % SERVICES.len();
        // Uneven: half the pods on the first fifth of the nodes.
        let n = if mix.below(2) == 0 { mix.below(node_count.div_ceil(5)) } else { mix.below(node_count) };
        let fate = mix.below(200);
        let (pending, terminating, ready) = (fate == 0, (1..3).contains(&fate), !(3..5).contains(&fate));
        let ip = (!pending).then(|| {
            next_ip[n] += 1;
            format!("{}.{}", node_cidr_prefix(n), next_ip[n] % 254 + 1)
        });
        let name = format!("{}-6f7d9c8b5-{}", SERVICES[service].1, mix.suffix());
        if let (false, Some(ip)) = (pending, &ip) {
            endpoints[service].push(endpoint(&name, SERVICES[service].0, n, ip, ready && !terminating, terminating));
        }
        pods.push(pod(&name, service, (!pending).then_some(n), ip.as_deref(), ready, terminating));
    }
    for (s, (namespace, name, service_type, policy)) in SERVICES.iter().enumerate() {
        items.push(service_object(s, namespace, name, service_type, policy));
    }
    for (s, list) in endpoints.iter().enumerate() {
        for (k, chunk) in list.chunks(MAX_ENDPOINTS_PER_SLICE).enumerate() {
            items.push(slice(s, k, chunk.to_vec()));
        }
    }
    items.extend(pods);
    let list = json!({"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}});
    let mut out = Vec::with_capacity(pod_count * 6_000);
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut out, serde_json::ser::PrettyFormatter::with_indent(b"    "));
    list.serialize(&mut serializer).expect("a Value serializes");
    out.push(b'\n');
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

fn node_name(n: usize) -> String {
    format!("gke-lab-pool-{}-{:08x}", n / 100, (n as u64).wrapping_mul(2_654_435_761) & 0xffff_ffff)
}

fn node_cidr_prefix(n: usize) -> String {
    format!("10.{}.{}", 64 + n / 256, n % 256)
}

fn zone(n: usize) -> &'static str {
    ["europe-west1-b", "europe-west1-c", "europe-west1-d"][n % 3]
}

fn node(n: usize) -> Value {
    let name = node_name(n);
    let cidr = format!("{}.0/24", node_cidr_prefix(n));
    let images: Vec<Value> = (0..18)
        .map(|k| json!({"names": [format!("registry.k8s.io/component-{k}@sha256:{:064x}", k * 7919 + n), format!("registry.k8s.io/component-{k}:v1.{k}.0")], "sizeBytes": 10_000_000 + k * 1_234_567}))
        .collect();
    let condition = |kind: &str, status: &str, reason: &str, message: &str| json!({"lastHeartbeatTime": "2026-11-30T04:00:00Z", "lastTransitionTime": "2026-11-01T10:00:00Z", "message": message, "reason": reason, "status": status, "type": kind});
    json!({"apiVersion": "v1", "kind": "Node",
        "metadata": {"annotations": {"container.googleapis.com/instance_id": format!("{}", 4_000_000_000_000_u64 + n as u64), "node.alpha.kubernetes.io/ttl": "0", "volumes.kubernetes.io/controller-managed-attach-detach": "true"},
            "creationTimestamp": "2026-11-01T10:00:00Z",
            "labels": {"beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/instance-type": "e2-standard-4", "beta.kubernetes.io/os": "linux", "cloud.google.com/gke-nodepool": format!("pool-{}", n / 100), "cloud.google.com/machine-family": "e2", "kubernetes.io/arch": "amd64", "kubernetes.io/hostname": name, "kubernetes.io/os": "linux", "node.kubernetes.io/instance-type": "e2-standard-4", "topology.kubernetes.io/region": "europe-west1", "topology.kubernetes.io/zone": zone(n)},
            "name": name, "resourceVersion": format!("{}", 900_000 + n), "uid": format!("{:08x}-0000-4000-8000-{:012x}", n, n)},
        "spec": {"podCIDR": cidr, "podCIDRs": [cidr], "providerID": format!("gce://lab/{}/{name}", zone(n))},
        "status": {"addresses": [{"address": format!("10.128.{}.{}", n / 250, n % 250 + 2), "type": "InternalIP"}, {"address": format!("34.{}.{}.{}", 76 + n / 65536, (n / 256) % 256, n % 256), "type": "ExternalIP"}, {"address": name, "type": "Hostname"}],
            "allocatable": {"cpu": "3920m", "ephemeral-storage": "47060071478", "hugepages-2Mi": "0", "memory": "13504312Ki", "pods": "110"},
            "capacity": {"cpu": "4", "ephemeral-storage": "98831908Ki", "hugepages-2Mi": "0", "memory": "16374584Ki", "pods": "110"},
            "conditions": [condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"), condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"), condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"), condition("Ready", "True", "KubeletReady", "kubelet is posting ready status")],
            "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
            "images": images,
            "nodeInfo": {"architecture": "amd64", "bootID": format!("{:032x}", n * 31), "containerRuntimeVersion": "containerd://2.0.5", "kernelVersion": "6.6.56+", "kubeProxyVersion": "v1.33.2-gke.1000", "kubeletVersion": "v1.33.2-gke.1000", "machineID": format!("{:032x}", n * 17), "operatingSystem": "linux", "osImage": "Container-Optimized OS from Google", "systemUUID": format!("{:08x}-1111-2222-3333-{:012x}", n, n)}}})
}

fn service_object(s: usize, namespace: &str, name: &str, service_type: &str, policy: &str) -> Value {
    let mut spec = json!({"clusterIP": format!("10.96.{}.{}", s, 10 + s), "clusterIPs": [format!("10.96.{}.{}", s, 10 + s)], "internalTrafficPolicy": "Cluster", "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
        "ports": [{"name": "http", "port": 80, "protocol": "TCP", "targetPort": "http"}], "selector": {"app": name}, "sessionAffinity": "None", "type": service_type});
    if service_type != "ClusterIP" {
        spec["ports"][0]["nodePort"] = json!(30100 + s);
        spec["externalTrafficPolicy"] = json!(policy);
    }
    if service_type == "LoadBalancer" {
        spec["allocateLoadBalancerNodePorts"] = json!(true);
        if policy == "Local" {
            spec["healthCheckNodePort"] = json!(32100 + s);
        }
    }
    let status = if service_type == "LoadBalancer" {
        json!({"loadBalancer": {"ingress": [{"ip": format!("198.51.100.{}", 20 + s), "ipMode": "VIP"}]}})
    } else {
        json!({"loadBalancer": {}})
    };
    json!({"apiVersion": "v1", "kind": "Service",
        "metadata": {"annotations": {"cloud.google.com/neg": "{\"ingress\":true}"}, "creationTimestamp": "2026-11-02T09:00:00Z", "labels": {"app": name}, "name": name, "namespace": namespace, "resourceVersion": format!("{}", 800_000 + s), "uid": format!("{:08x}-aaaa-4000-8000-000000000000", s)},
        "spec": spec, "status": status})
}

fn endpoint(pod: &str, namespace: &str, n: usize, ip: &str, ready: bool, terminating: bool) -> Value {
    json!({"addresses": [ip], "conditions": {"ready": ready, "serving": ready || terminating, "terminating": terminating},
        "nodeName": node_name(n), "targetRef": {"kind": "Pod", "name": pod, "namespace": namespace, "uid": format!("uid-{pod}")}, "zone": zone(n)})
}

fn slice(s: usize, k: usize, endpoints: Vec<Value>) -> Value {
    let (namespace, name, _, _) = SERVICES[s];
    json!({"addressType": "IPv4", "apiVersion": "discovery.k8s.io/v1", "endpoints": endpoints, "kind": "EndpointSlice",
        "metadata": {"annotations": {"endpoints.kubernetes.io/last-change-trigger-time": "2026-11-30T03:59:00Z"}, "creationTimestamp": "2026-11-02T09:00:01Z", "generateName": format!("{name}-"),
            "generation": 40 + k, "labels": {"app": name, "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io", "kubernetes.io/service-name": name},
            "name": format!("{name}-{:05x}", s * 1000 + k), "namespace": namespace,
            "ownerReferences": [{"apiVersion": "v1", "blockOwnerDeletion": true, "controller": true, "kind": "Service", "name": name, "uid": format!("{:08x}-aaaa-4000-8000-000000000000", s)}],
            "resourceVersion": format!("{}", 700_000 + s * 100 + k), "uid": format!("{:08x}-bbbb-4000-8000-{:012x}", s, k)},
        "ports": [{"name": "http", "port": 8080, "protocol": "TCP"}]})
}

fn pod(name: &str, s: usize, node: Option<usize>, ip: Option<&str>, ready: bool, terminating: bool) -> Value {
    let (namespace, app, _, _) = SERVICES[s];
    let status_word = if ready && node.is_some() { "True" } else { "False" };
    let condition = |kind: &str, status: &str| json!({"lastProbeTime": null, "lastTransitionTime": "2026-11-30T03:00:00Z", "status": status, "type": kind});
    let mut metadata = json!({"annotations": {"kubectl.kubernetes.io/restartedAt": "2026-11-29T12:00:00Z"}, "creationTimestamp": "2026-11-30T03:00:00Z", "generateName": format!("{app}-6f7d9c8b5-"),
        "labels": {"app": app, "pod-template-hash": "6f7d9c8b5", "version": "v3"}, "name": name, "namespace": namespace,
        "ownerReferences": [{"apiVersion": "apps/v1", "blockOwnerDeletion": true, "controller": true, "kind": "ReplicaSet", "name": format!("{app}-6f7d9c8b5"), "uid": format!("{:08x}-cccc-4000-8000-000000000000", s)}],
        "resourceVersion": "600001", "uid": format!("uid-{name}")});
    if terminating {
        metadata["deletionTimestamp"] = json!("2026-11-30T04:05:00Z");
        metadata["deletionGracePeriodSeconds"] = json!(30);
    }
    let probe = |path: &str| json!({"failureThreshold": 3, "httpGet": {"path": path, "port": "http", "scheme": "HTTP"}, "periodSeconds": 10, "successThreshold": 1, "timeoutSeconds": 1});
    let mut spec = json!({"containers": [{"args": ["netexec", "--http-port=8080"], "env": [{"name": "APP", "value": app}, {"name": "POD_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"}}}, {"name": "POD_IP", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "status.podIP"}}}],
            "image": "registry.k8s.io/e2e-test-images/agnhost:2.53", "imagePullPolicy": "IfNotPresent", "livenessProbe": probe("/healthz"), "name": "app",
            "ports": [{"containerPort": 8080, "name": "http", "protocol": "TCP"}], "readinessProbe": probe("/healthz"),
            "resources": {"limits": {"memory": "256Mi"}, "requests": {"cpu": "100m", "memory": "128Mi"}}, "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
            "volumeMounts": [{"mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "name": "kube-api-access-x7k2p", "readOnly": true}]}],
        "dnsPolicy": "ClusterFirst", "enableServiceLinks": true, "preemptionPolicy": "PreemptLowerPriority", "priority": 0, "restartPolicy": "Always", "schedulerName": "default-scheduler", "securityContext": {}, "serviceAccount": "default", "serviceAccountName": "default", "terminationGracePeriodSeconds": 30,
        "tolerations": [{"effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists", "tolerationSeconds": 300}, {"effect": "NoExecute", "key": "node.kubernetes.io/unreachable", "operator": "Exists", "tolerationSeconds": 300}],
        "volumes": [{"name": "kube-api-access-x7k2p", "projected": {"defaultMode": 420, "sources": [{"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}}, {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}}, {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}, "path": "namespace"}]}}]}}]});
    let mut status = json!({"phase": "Pending", "qosClass": "Burstable", "conditions": [condition("PodScheduled", if node.is_some() { "True" } else { "False" })]});
    if let (Some(n), Some(ip)) = (node, ip) {
        spec["nodeName"] = json!(node_name(n));
        let host = format!("10.128.{}.{}", n / 250, n % 250 + 2);
        status = json!({"conditions": [condition("PodReadyToStartContainers", "True"), condition("Initialized", "True"), condition("Ready", status_word), condition("ContainersReady", status_word), condition("PodScheduled", "True")],
            "containerStatuses": [{"containerID": format!("containerd://{:064x}", name.len() * 7 + n), "image": "registry.k8s.io/e2e-test-images/agnhost:2.53", "imageID": "registry.k8s.io/e2e-test-images/agnhost@sha256:99c6b4bb4a1e1df3f0b3752168c89358794d02258ebebc26bf21c29399011a85", "lastState": {}, "name": "app", "ready": ready, "restartCount": 0, "started": true, "state": {"running": {"startedAt": "2026-11-30T03:00:05Z"}}, "volumeMounts": [{"mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "name": "kube-api-access-x7k2p", "readOnly": true, "recursiveReadOnly": "Disabled"}]}],
            "hostIP": host, "hostIPs": [{"ip": host}], "phase": "Running", "podIP": ip, "podIPs": [{"ip": ip}], "qosClass": "Burstable", "startTime": "2026-11-30T03:00:01Z"});
    } else {
        status["conditions"][0]["reason"] = json!("Unschedulable");
        status["conditions"][0]["message"] = json!("0/1000 nodes are available: 1000 Insufficient cpu.");
    }
    json!({"apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": spec, "status": status})
}
