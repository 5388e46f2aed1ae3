//! What the kubectl output holds: its Nodes, Services, EndpointSlices and
//! Pods, each with its place in the input, and the choice of a Service.
//!
//! Only `type: LoadBalancer` and `type: NodePort` Services take external
//! traffic, so only they are offered; naming another one is refused with the
//! reason (Kubernetes docs, "Service", `externalTrafficPolicy`).

use std::collections::BTreeMap;
use std::fmt;

use crate::document::Object;
use crate::error::KubeError;
use crate::input::KUBECTL_GET;
use crate::input::{self, Input};
use crate::objects::{NodeObject, PodObject, ServiceObject, SliceObject};

/// kubectl output, read and sorted by kind. Made by [`read`](crate::read).
#[derive(Debug)]
pub struct Cluster {
    inputs: Vec<String>,
    pub(crate) nodes: Vec<At<NodeObject>>,
    pub(crate) services: Vec<At<ServiceObject>>,
    pub(crate) pods: Vec<At<PodObject>>,
    pub(crate) slices: Vec<At<SliceObject>>,
    /// Objects of other kinds, counted by kind.
    pub(crate) skipped: BTreeMap<String, usize>,
}

/// An object and where it is.
#[derive(Debug)]
pub(crate) struct At<T> {
    pub loc: Loc,
    pub object: T,
}

/// Which input (document) and which item of its List.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Loc {
    read: usize,
    item: Option<usize>,
}

/// A Service that takes external traffic, as the picker offers it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceRef {
    pub namespace: String,
    pub name: String,
    /// `spec.type` as written (`LoadBalancer`, `NodePort`, ...).
    pub service_type: String,
}

impl fmt::Display for ServiceRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.namespace, self.name)
    }
}

pub(crate) fn read(inputs: &[Input]) -> Result<Cluster, KubeError> {
    let reads = input::read_all(inputs)?;
    let mut cluster = Cluster {
        inputs: Vec::with_capacity(reads.len()),
        nodes: Vec::new(),
        services: Vec::new(),
        pods: Vec::new(),
        slices: Vec::new(),
        skipped: BTreeMap::new(),
    };
    for (read, document) in reads.into_iter().enumerate() {
        cluster.inputs.push(document.name);
        for parsed in document.objects {
            let loc = Loc { read, item: parsed.item };
            match parsed.object {
                Object::Node(object) => cluster.nodes.push(At { loc, object }),
                Object::Service(object) => cluster.services.push(At { loc, object }),
                Object::Pod(object) => cluster.pods.push(At { loc, object }),
                Object::Slice(object) => cluster.slices.push(At { loc, object }),
                Object::Other(kind) => *cluster.skipped.entry(kind).or_default() += 1,
            }
        }
    }
    // A Service is offered by its name, so it must have one.
    if let Some(nameless) = cluster.services.iter().find(|s| s.object.metadata.name.is_none()) {
        return Err(cluster
            .error(nameless.loc, "metadata", "the Service has no `metadata.name`")
            .with_fix("give it its name"));
    }
    Ok(cluster)
}

impl Cluster {
    /// The Services that take external traffic (`LoadBalancer`, `NodePort`),
    /// in the order of the input.
    pub fn services(&self) -> Vec<ServiceRef> {
        self.services
            .iter()
            .map(|s| service_ref(&s.object))
            .filter(|s| takes_external_traffic(&s.service_type))
            .collect()
    }

    /// The path of `field` (`spec.type`, or "" for the object) of the object at `loc`.
    pub(crate) fn path(&self, loc: Loc, field: &str) -> String {
        match (loc.item, field) {
            (Some(i), "") => format!("items[{i}]"),
            (Some(i), field) if field.starts_with('[') => format!("items[{i}]{field}"),
            (Some(i), field) => format!("items[{i}].{field}"),
            (None, field) => field.to_string(),
        }
    }

    pub(crate) fn input(&self, loc: Loc) -> &str {
        self.inputs.get(loc.read).map_or("", String::as_str)
    }

    /// Where an object is, for a note: `input: items[3]`.
    pub(crate) fn place(&self, loc: Loc, field: &str) -> String {
        let path = self.path(loc, field);
        match (self.input(loc), path.as_str()) {
            (input, "") => input.to_string(),
            ("", path) => path.to_string(),
            (input, path) => format!("{input}: {path}"),
        }
    }

    pub(crate) fn error(&self, loc: Loc, field: &str, problem: impl Into<String>) -> KubeError {
        KubeError::new(self.input(loc), self.path(loc, field), problem)
    }

    /// An error about the inputs as a whole (the first one's name, if only one).
    pub(crate) fn whole_error(&self, problem: impl Into<String>) -> KubeError {
        let input = if self.inputs.len() == 1 { self.inputs[0].as_str() } else { "" };
        KubeError::new(input, "", problem)
    }

    /// The Service `wanted` names (`NAMESPACE/NAME`, or a name held by one
    /// Service only), or the only one that takes external traffic.
    pub(crate) fn pick(&self, wanted: Option<&str>) -> Result<&At<ServiceObject>, KubeError> {
        if self.services.is_empty() {
            return Err(self
                .whole_error("there is no Service in the kubectl output")
                .with_fix(format!("include the Services: `{KUBECTL_GET}`")));
        }
        let chosen = match wanted.map(str::trim) {
            Some(wanted) => self.by_name(wanted)?,
            None => self.only_external()?,
        };
        let reference = service_ref(&chosen.object);
        if !takes_external_traffic(&reference.service_type) {
            let why = match reference.service_type.as_str() {
                "ExternalName" => {
                    "an ExternalName Service is a DNS alias (a CNAME): it has no endpoints and no node ports"
                }
                _ => {
                    "a ClusterIP Service is reachable only inside the cluster: it has no node port and no load balancer"
                }
            };
            return Err(self
                .error(
                    chosen.loc,
                    "spec.type",
                    format!(
                        "{reference} is of type {}, so there is no external traffic to model: {why}",
                        reference.service_type
                    ),
                )
                .with_fix(format!("pick a Service of type LoadBalancer or NodePort{}", self.offer())));
        }
        Ok(chosen)
    }

    fn by_name(&self, wanted: &str) -> Result<&At<ServiceObject>, KubeError> {
        let matches: Vec<&At<ServiceObject>> = self
            .services
            .iter()
            .filter(|s| {
                let r = service_ref(&s.object);
                match wanted.split_once('/') {
                    Some((namespace, name)) => r.namespace == namespace && r.name == name,
                    None => r.name == wanted,
                }
            })
            .collect();
        match matches.as_slice() {
            [one] => Ok(one),
            [] => Err(self
                .whole_error(format!("there is no Service `{wanted}` in the kubectl output"))
                .with_fix(format!("name one as NAMESPACE/NAME{}", self.offer()))),
            several => {
                let namespaces: Vec<String> = several.iter().map(|s| service_ref(&s.object).namespace).collect();
                Err(self
                    .whole_error(format!("Services named `{wanted}` are in namespaces {}", namespaces.join(", ")))
                    .with_fix(format!("name one as NAMESPACE/NAME, e.g. {}/{wanted}", namespaces[0])))
            }
        }
    }

    fn only_external(&self) -> Result<&At<ServiceObject>, KubeError> {
        let external: Vec<&At<ServiceObject>> =
            self.services.iter().filter(|s| takes_external_traffic(&service_ref(&s.object).service_type)).collect();
        match external.as_slice() {
            [one] => Ok(one),
            [] => Err(self
                .whole_error(format!(
                    "none of the {} Services is of type LoadBalancer or NodePort, so none takes external traffic",
                    self.services.len()
                ))
                .with_fix("include a Service of type LoadBalancer or NodePort")),
            _ => Err(self
                .whole_error(format!("{} Services take external traffic", external.len()))
                .with_fix(format!("pick one by NAMESPACE/NAME{}", self.offer()))),
        }
    }

    /// ": a/b, c/d, …" listing the Services one can pick.
    fn offer(&self) -> String {
        const SHOWN: usize = 8;
        let all = self.services();
        if all.is_empty() {
            return String::new();
        }
        let mut names: Vec<String> = all.iter().take(SHOWN).map(ToString::to_string).collect();
        if all.len() > SHOWN {
            names.push(format!("and {} more", all.len() - SHOWN));
        }
        format!(": {}", names.join(", "))
    }
}

pub(crate) fn service_ref(service: &ServiceObject) -> ServiceRef {
    ServiceRef {
        namespace: service.metadata.namespace.clone().unwrap_or_else(|| "default".to_string()),
        name: service.metadata.name.clone().unwrap_or_default(),
        service_type: service.spec.service_type.clone().unwrap_or_else(|| "ClusterIP".to_string()),
    }
}

fn takes_external_traffic(service_type: &str) -> bool {
    matches!(service_type, "LoadBalancer" | "NodePort")
}
