//! The Service's endpoints, from its EndpointSlices when the input has any,
//! else from the pods its selector matches.
//!
//! **EndpointSlices** (`discovery.k8s.io/v1`, label
//! `kubernetes.io/service-name`, same namespace) are what kube-proxy reads.
//! Its conditions are read as kube-proxy's `pkg/proxy/endpointslicecache.go`
//! reads them: a missing `ready` or `serving` is true, a missing
//! `terminating` false. Then `ready` → Ready; `serving` and `terminating` →
//! Terminating (the fallback of `pkg/proxy/topology.go`); otherwise
//! NotReady. The endpoint's `nodeName`, first address (kube-proxy uses
//! `addresses[0]`) and `targetRef` name make the pod.
//!
//! **Pods**, when there is no EndpointSlice, as the EndpointSlice controller
//! would list them (`staging/src/k8s.io/endpointslice/utils.go`,
//! `podToEndpoint`, and `util/controller_utils.go`, `ShouldPodBeInEndpoints`):
//! the selector's labels all on the pod (`matchLabels`), same namespace; pods
//! in phase Succeeded or Failed, not scheduled (no `spec.nodeName`) or without
//! an IP yet are left out. Serving is the pod's Ready condition, terminating
//! is a `deletionTimestamp`; ready is serving and not terminating, or always
//! with `publishNotReadyAddresses`.

use std::collections::HashSet;
use std::net::Ipv4Addr;

use trafficlab_core::EndpointState;

use crate::cluster::{service_ref, At, Cluster, Loc};
use crate::error::Note;
use crate::input::KUBECTL_GET;
use crate::objects::{PodObject, ServiceObject, SliceObject};
use crate::service::Settings;

pub(crate) const SERVICE_NAME_LABEL: &str = "kubernetes.io/service-name";

/// One endpoint for the board, and where it came from.
pub(crate) struct Endpoint {
    pub name: String,
    pub node: String,
    pub state: EndpointState,
    pub ip: Option<Ipv4Addr>,
    pub loc: Loc,
    /// The endpoint inside its object (`endpoints[2]`), "" for a pod.
    pub field: String,
}

/// The endpoints, and the target port a named `targetPort` resolved to.
pub(crate) struct Found {
    pub endpoints: Vec<Endpoint>,
    pub target_port: Option<u16>,
}

pub(crate) fn endpoints(
    cluster: &Cluster,
    at: &At<ServiceObject>,
    settings: &Settings,
    notes: &mut Vec<Note>,
) -> Found {
    let reference = service_ref(&at.object);
    let slices: Vec<&At<SliceObject>> = cluster
        .slices
        .iter()
        .filter(|s| {
            s.object.metadata.namespace.as_deref().unwrap_or("default") == reference.namespace
                && s.object.metadata.labels.get(SERVICE_NAME_LABEL) == Some(&reference.name)
        })
        .collect();
    if slices.is_empty() {
        from_pods(cluster, at, settings, notes)
    } else {
        from_slices(cluster, &slices, settings, notes)
    }
}

fn from_slices(cluster: &Cluster, slices: &[&At<SliceObject>], settings: &Settings, notes: &mut Vec<Note>) -> Found {
    let family = |s: &&&At<SliceObject>| s.object.address_type.clone().unwrap_or_else(|| "IPv4".to_string());
    let ipv4 = slices.iter().any(|s| family(&s) == "IPv4");
    let used: Vec<&At<SliceObject>> =
        slices.iter().filter(|s| if ipv4 { family(s) == "IPv4" } else { family(s) == "IPv6" }).copied().collect();
    if used.len() < slices.len() {
        notes.push(Note::new(
            "",
            format!("{} EndpointSlices of other address types are left out", slices.len() - used.len()),
        ));
    }
    if !ipv4 && !used.is_empty() {
        notes.push(Note::new(
            "",
            "the EndpointSlices are IPv6: the board models IPv4 and gives the pods addresses of its own",
        ));
    }
    let mut endpoints = Vec::new();
    let (mut seen, mut no_node, mut repeated) = (HashSet::new(), Vec::new(), 0);
    for slice in &used {
        for (j, e) in slice.object.endpoints.iter().enumerate() {
            let field = format!("endpoints[{j}]");
            let (Some(node), Some(address)) = (&e.node_name, e.addresses.first()) else {
                no_node.push(cluster.place(slice.loc, &field));
                continue;
            };
            let name = match &e.target_ref {
                Some(t) if t.kind.as_deref().is_none_or(|k| k == "Pod") && t.name.is_some() => {
                    t.name.clone().unwrap_or_default()
                }
                _ => format!("endpoint-{}", address.replace(['.', ':'], "-")),
            };
            if !seen.insert(name.clone()) {
                repeated += 1;
                continue;
            }
            let c = &e.conditions;
            let (ready, serving, terminating) =
                (c.ready.unwrap_or(true), c.serving.unwrap_or(true), c.terminating.unwrap_or(false));
            let state = state_of(ready, serving, terminating);
            let ip = address.parse::<Ipv4Addr>().ok();
            endpoints.push(Endpoint { name, node: node.clone(), state, ip, loc: slice.loc, field });
        }
    }
    notes.push(Note::new(
        "",
        format!(
            "endpoints: {} from {} EndpointSlice{} labelled {SERVICE_NAME_LABEL}={}, which is what kube-proxy reads",
            endpoints.len(),
            used.len(),
            if used.len() == 1 { "" } else { "s" },
            settings.service.name.as_deref().unwrap_or_default()
        ),
    ));
    if !no_node.is_empty() {
        notes.push(Note::new("", format!("left out, without a nodeName or an address: {}", listed(&no_node))));
    }
    if repeated > 0 {
        notes.push(Note::new("", format!("{repeated} endpoints listed twice (in two slices) are counted once")));
    }
    let target_port = settings.target_port_name.as_ref().and_then(|_| {
        used.iter()
            .flat_map(|s| &s.object.ports)
            .find(|p| p.name.as_deref().unwrap_or_default() == settings.port_name)
            .and_then(|p| p.port)
            .and_then(|p| u16::try_from(p).ok())
            .filter(|&p| p > 0)
    });
    Found { endpoints, target_port }
}

/// kube-proxy's three endpoint states from the three conditions.
fn state_of(ready: bool, serving: bool, terminating: bool) -> EndpointState {
    if ready {
        EndpointState::Ready
    } else if serving && terminating {
        EndpointState::Terminating
    } else {
        EndpointState::NotReady
    }
}

fn from_pods(cluster: &Cluster, at: &At<ServiceObject>, settings: &Settings, notes: &mut Vec<Note>) -> Found {
    let reference = service_ref(&at.object);
    let selector = at.object.spec.selector.clone().unwrap_or_default();
    if selector.is_empty() {
        notes.push(Note::new(
            cluster.place(at.loc, "spec"),
            format!(
                "{reference} has no selector and the input holds no EndpointSlice for it, so the board has no pods"
            ),
        ));
        return Found { endpoints: Vec::new(), target_port: None };
    }
    let matched: Vec<&At<PodObject>> = cluster
        .pods
        .iter()
        .filter(|p| {
            p.object.metadata.namespace.as_deref().unwrap_or("default") == reference.namespace
                && selector.iter().all(|(k, v)| p.object.metadata.labels.get(k) == Some(v))
        })
        .collect();
    let shown: Vec<String> = selector.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let source = if cluster.pods.is_empty() {
        format!("the input holds no EndpointSlice and no Pod for it, so the board has no pods. Fix: include them: `{KUBECTL_GET}`")
    } else {
        format!("no EndpointSlice for {reference} in the input: endpoints from the {} pods its selector {} matches, as the EndpointSlice controller would list them", matched.len(), shown.join(","))
    };
    notes.push(Note::new("", source));
    let (mut endpoints, mut left_out) = (Vec::new(), Vec::new());
    for pod in &matched {
        let p = &pod.object;
        let name = p.metadata.name.clone().unwrap_or_default();
        let why = match (p.status.phase.as_deref(), &p.spec.node_name, pod_ip(p)) {
            (Some(phase @ ("Succeeded" | "Failed")), _, _) => Some(format!("phase {phase}")),
            (_, None, _) => Some("not scheduled: no spec.nodeName".to_string()),
            (_, _, None) => Some("no IP yet".to_string()),
            _ => None,
        };
        if let Some(why) = why {
            left_out.push(format!("{name} ({why})"));
            continue;
        }
        let serving = p.status.conditions.iter().any(|c| c.kind == "Ready" && c.status == "True");
        let terminating = p.metadata.deletion_timestamp.is_some();
        let ready = settings.publish_not_ready_addresses || (serving && !terminating);
        let ip = pod_ip(p).and_then(|ip| ip.parse::<Ipv4Addr>().ok());
        let node = p.spec.node_name.clone().unwrap_or_default();
        endpoints.push(Endpoint {
            name,
            node,
            state: state_of(ready, serving, terminating),
            ip,
            loc: pod.loc,
            field: String::new(),
        });
    }
    if !left_out.is_empty() {
        notes.push(Note::new("", format!("left out, as the EndpointSlice controller would: {}", listed(&left_out))));
    }
    let target_port = settings.target_port_name.as_ref().and_then(|wanted| {
        matched
            .iter()
            .flat_map(|p| &p.object.spec.containers)
            .flat_map(|c| &c.ports)
            .find(|port| port.name.as_ref() == Some(wanted))
            .and_then(|port| port.container_port)
            .and_then(|p| u16::try_from(p).ok())
            .filter(|&p| p > 0)
    });
    Found { endpoints, target_port }
}

/// The pod's IPv4 address if it has one, else its first address.
fn pod_ip(pod: &PodObject) -> Option<&str> {
    let all = pod.status.pod_ip.iter().map(String::as_str).chain(pod.status.pod_ips.iter().map(|p| p.ip.as_str()));
    let mut first = None;
    for ip in all {
        if ip.parse::<Ipv4Addr>().is_ok() {
            return Some(ip);
        }
        first = first.or(Some(ip));
    }
    first.filter(|ip| !ip.is_empty())
}

/// The first few of `items`, and how many more.
pub(crate) fn listed(items: &[String]) -> String {
    const SHOWN: usize = 5;
    let mut shown: Vec<&str> = items.iter().take(SHOWN).map(String::as_str).collect();
    let more = items.len().saturating_sub(SHOWN);
    let tail = format!("and {more} more");
    if more > 0 {
        shown.push(&tail);
    }
    shown.join(", ")
}
