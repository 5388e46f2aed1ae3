//! One Service of the input as a scenario: its settings, every node, its
//! endpoints as pods. The scenario is built as the core's public file schema
//! ([`ScenarioFile`]) and checked by [`Scenario::from_file`], so it obeys
//! exactly the rules a scenario file does; anything the core still refuses
//! is reported at the place in the kubectl output it came from.

use std::collections::{HashMap, HashSet};
use std::net::Ipv4Addr;

use trafficlab_core::{PodFile, ProviderKind, Scenario, ScenarioError, ScenarioFile};

use crate::cluster::{service_ref, At, Cluster, Loc, ServiceRef};
use crate::endpoints::{self, Endpoint};
use crate::error::{KubeError, Note};
use crate::input::KUBECTL_GET;
use crate::nodes::{self, Nodes, ZONE_LABEL};
use crate::objects::ServiceObject;
use crate::service;

/// A Service imported as a board.
#[derive(Clone, Debug)]
pub struct Import {
    pub scenario: Scenario,
    pub service: ServiceRef,
    /// What the import did that a person should know, in order: where the
    /// endpoints came from, what was left out and why.
    pub notes: Vec<Note>,
}

impl Cluster {
    /// Imports the Service `service` names (`NAMESPACE/NAME`, or a name only
    /// one Service has), or the only one taking external traffic when None.
    pub fn import(&self, service: Option<&str>) -> Result<Import, KubeError> {
        let at = self.pick(service)?;
        // Where the endpoints came from goes first, then the Service's notes.
        let (mut notes, mut service_notes) = (Vec::new(), Vec::new());
        let mut settings = service::settings(self, at, &mut service_notes)?;
        let found = endpoints::endpoints(self, at, &settings, &mut notes);
        notes.append(&mut service_notes);
        if let Some(name) = &settings.target_port_name {
            match found.target_port {
                Some(port) => settings.service.target_port = Some(port),
                None => notes.push(Note::new(
                    self.place(at.loc, "spec.ports[0].targetPort"),
                    format!("`{name}` names a port that no endpoint declares; the board uses the Service port"),
                )),
            }
        }
        let nodes = nodes::nodes(self, &mut notes)?;
        let nlb =
            matches!(settings.load_balancer.provider, Some(ProviderKind::AwsNlbIp | ProviderKind::AwsNlbInstance));
        if nlb && nodes.files.iter().all(|n| n.zone.is_none()) {
            notes.push(Note::new(
                "",
                format!(
                    "the board has no zones (not every node has a {ZONE_LABEL} label), so it treats the cluster as \
                     one Availability Zone: the NLB's split over zones and its cross-zone setting change nothing"
                ),
            ));
        }
        let pods = self.pods(&found.endpoints, &nodes, &mut notes)?;
        if !self.skipped.is_empty() {
            let kinds: Vec<String> = self.skipped.iter().map(|(kind, n)| format!("{n} {kind}")).collect();
            notes.push(Note::new("", format!("not read (other kinds): {}", kinds.join(", "))));
        }
        let reference = service_ref(&at.object);
        let file = ScenarioFile {
            title: Some(format!("{reference} from kubectl")),
            service: settings.service,
            load_balancer: settings.load_balancer,
            nodes: nodes.files,
            pods: pods.files,
            ..Default::default()
        };
        let scenario = Scenario::from_file(file).map_err(|e| self.refused(&e, at, &nodes.locs, &pods.places))?;
        Ok(Import { scenario, service: reference, notes })
    }

    /// The endpoints as pods on known nodes, with each address kept when it
    /// lies in its node's pod CIDR and no other pod has it.
    fn pods(&self, endpoints: &[Endpoint], nodes: &Nodes, notes: &mut Vec<Note>) -> Result<Pods, KubeError> {
        let index: HashMap<&str, usize> = nodes.files.iter().enumerate().map(|(i, n)| (n.name.as_str(), i)).collect();
        let mut taken: HashSet<Ipv4Addr> = HashSet::with_capacity(endpoints.len());
        let (mut files, mut places, mut readdressed) = (Vec::with_capacity(endpoints.len()), Vec::new(), 0);
        for e in endpoints {
            let Some(&node) = index.get(e.node.as_str()) else {
                let field =
                    if e.field.is_empty() { "spec.nodeName".to_string() } else { format!("{}.nodeName", e.field) };
                return Err(self
                    .error(e.loc, &field, format!("there is no Node `{}` in the kubectl output", e.node))
                    .with_fix(format!("include every node: `{KUBECTL_GET}`")));
            };
            let fits = |ip: &Ipv4Addr| nodes.pod_cidrs.as_ref().is_some_and(|c| c[node].contains(*ip));
            let ip = e.ip.filter(|ip| fits(ip) && taken.insert(*ip));
            if ip.is_none() {
                readdressed += 1;
            }
            files.push(PodFile {
                name: e.name.clone(),
                node: e.node.clone(),
                state: Some(e.state),
                ip: ip.map(|ip| ip.to_string()),
            });
            places.push((e.loc, e.field.clone()));
        }
        if readdressed > 0 {
            notes.push(Note::new(
                "",
                format!("{readdressed} pods got an address from their node's pod CIDR on the board (theirs is not in it, is taken by another pod, or is not IPv4)"),
            ));
        }
        Ok(Pods { files, places })
    }

    /// The core's refusal, placed in the kubectl output where it can be.
    fn refused(&self, e: &ScenarioError, at: &At<ServiceObject>, nodes: &[Loc], pods: &[(Loc, String)]) -> KubeError {
        let (section, index, field) = split(e.path());
        let place = match (section, index) {
            ("service", _) => Some((at.loc, service_field(field).to_string())),
            ("loadBalancer", _) => Some((at.loc, "status.loadBalancer.ingress[0].ip".to_string())),
            ("nodes", Some(i)) => nodes.get(i).map(|&loc| (loc, node_field(field).to_string())),
            ("pods", Some(i)) => pods.get(i).map(|(loc, inner)| (*loc, pod_field(inner, field))),
            _ => None,
        };
        let error = match place {
            Some((loc, field)) => self.error(loc, &field, e.problem()),
            None => self.whole_error(format!("the board refused it: {e}")),
        };
        match e.fix() {
            Some(fix) => error.with_fix(fix),
            None => error,
        }
    }
}

struct Pods {
    files: Vec<PodFile>,
    /// Where each pod came from: its object, and the endpoint inside it.
    places: Vec<(Loc, String)>,
}

/// `nodes[3].ip` → ("nodes", Some(3), "ip"); `service.port` → ("service", None, "port").
fn split(path: &str) -> (&str, Option<usize>, &str) {
    let (head, field) = path.split_once('.').unwrap_or((path, ""));
    match head.split_once('[') {
        Some((section, rest)) => (section, rest.trim_end_matches(']').parse().ok(), field),
        None => (head, None, field),
    }
}

fn service_field(field: &str) -> &'static str {
    match field {
        "name" | "namespace" => "metadata",
        "port" => "spec.ports[0].port",
        "targetPort" => "spec.ports[0].targetPort",
        "nodePort" => "spec.ports[0].nodePort",
        "healthCheckNodePort" => "spec.healthCheckNodePort",
        _ => "spec",
    }
}

fn node_field(field: &str) -> &'static str {
    match field {
        "name" => "metadata.name",
        "ip" => "status.addresses",
        "podCIDR" => "spec.podCIDR",
        "zone" => "metadata.labels",
        _ => "",
    }
}

fn pod_field(endpoint: &str, field: &str) -> String {
    let inner = match (endpoint.is_empty(), field) {
        (true, "name") => "metadata.name",
        (true, "node") => "spec.nodeName",
        (true, "ip") => "status.podIP",
        (false, "name") => "targetRef.name",
        (false, "node") => "nodeName",
        (false, "ip") => "addresses",
        _ => "",
    };
    match (endpoint, inner) {
        ("", inner) => inner.to_string(),
        (endpoint, "") => endpoint.to_string(),
        (endpoint, inner) => format!("{endpoint}.{inner}"),
    }
}
