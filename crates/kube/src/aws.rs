//! The AWS Load Balancer Controller's NLB, read from the Service: which
//! Services it takes, the target type (the core's `awsNlbIp` or
//! `awsNlbInstance`), PROXY protocol v2, client IP preservation and
//! cross-zone load balancing.
//!
//! Sources: kubernetes-sigs/aws-load-balancer-controller (read at 225f4456)
//! `docs/guide/service/annotations.md` and `docs/guide/service/nlb.md`;
//! `pkg/service/service_utils.go` (`IsServiceSupported`: a
//! `spec.loadBalancerClass` decides alone; otherwise the type annotation must
//! be `nlb-ip`, or `external` with the target type `ip` or `instance`),
//! `pkg/service/model_build_target_group.go` (`buildTargetType`: `nlb-ip` or
//! `ip` gives IP targets, anything else instance targets;
//! `buildTargetGroupAttributes`: `proxy-protocol: "*"` overrides the target
//! group attributes; `buildPreserveClientIPFlag`: Go's `strconv.ParseBool`),
//! `pkg/service/model_build_load_balancer.go` (the deprecated cross-zone
//! annotation wins over `aws-load-balancer-attributes`),
//! `pkg/annotations/parser.go` (`ParseStringMapAnnotation`: comma-separated
//! `key=value`, `\` escapes a comma).
//!
//! The controller refuses to reconcile a Service with a malformed value;
//! the import instead notes the value, ignores it and reads the rest, so a
//! typo costs one setting, not the board. Left out: per-port target group
//! attributes (`…-target-group-attributes.<port>`), `target-node-labels`,
//! and the controller's flags (`--default-target-type`, whose default
//! `instance` is assumed).

use std::collections::BTreeMap;

use trafficlab_core::{ExternalTrafficPolicy, LoadBalancerFile, ProviderKind, ProxyProtocol};

use crate::annotations::*;
use crate::cluster::{At, Cluster};
use crate::error::Note;
use crate::objects::ServiceObject;

/// How the Service is handed to the AWS Load Balancer Controller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HandOver {
    /// `spec.loadBalancerClass: service.k8s.aws/nlb`.
    Class,
    /// `aws-load-balancer-type: external`, with a target type.
    External,
    /// `aws-load-balancer-type: nlb-ip` (deprecated): IP targets.
    NlbIp,
}

/// Whether the AWS Load Balancer Controller provisions the Service's load balancer.
pub(crate) enum Claim {
    Aws(HandOver),
    /// Not the controller's; with the field and the reason when the Service
    /// names a class or an AWS type all the same.
    Other(Option<(String, String)>),
}

/// As the controller's `IsServiceSupported` decides.
pub(crate) fn claim(s: &ServiceObject) -> Claim {
    if let Some(class) = s.spec.load_balancer_class.as_deref() {
        if class == AWS_NLB_CLASS {
            return Claim::Aws(HandOver::Class);
        }
        let why = format!(
            "`{class}` is not {AWS_NLB_CLASS}, so the AWS Load Balancer Controller leaves the Service alone \
             whatever its annotations say (nlb.md); the board does not know this class"
        );
        return Claim::Other(Some(("spec.loadBalancerClass".to_string(), why)));
    }
    let annotations = &s.metadata.annotations;
    let Some(lb_type) = annotations.get(AWS_LB_TYPE) else { return Claim::Other(None) };
    let target = annotations.get(AWS_TARGET_TYPE).map(String::as_str);
    let why = match lb_type.as_str() {
        AWS_LB_TYPE_NLB_IP => return Claim::Aws(HandOver::NlbIp),
        AWS_LB_TYPE_EXTERNAL if matches!(target, Some(AWS_TARGET_IP | AWS_TARGET_INSTANCE)) => {
            return Claim::Aws(HandOver::External)
        }
        AWS_LB_TYPE_EXTERNAL => format!(
            "`{AWS_LB_TYPE_EXTERNAL}` without {AWS_TARGET_TYPE}: {AWS_TARGET_IP} or {AWS_TARGET_INSTANCE}: the \
             in-tree AWS cloud provider ignores the Service and the AWS Load Balancer Controller does not take it \
             either (nlb.md), so nothing provisions a load balancer"
        ),
        other => format!(
            "`{other}`: the in-tree AWS cloud provider's load balancer, which the board does not model (the AWS \
             Load Balancer Controller takes only `{AWS_LB_TYPE_EXTERNAL}` and `{AWS_LB_TYPE_NLB_IP}`)"
        ),
    };
    Claim::Other(Some((annotation_field(AWS_LB_TYPE), why)))
}

/// The annotations the import recognises, for the generic load balancer's note.
pub(crate) fn recognised() -> String {
    format!(
        "the AWS Load Balancer Controller's NLB is recognised by spec.loadBalancerClass: {AWS_NLB_CLASS}, or \
         {AWS_LB_TYPE}: {AWS_LB_TYPE_EXTERNAL} (with {AWS_TARGET_TYPE}) or {AWS_LB_TYPE_NLB_IP}, and then \
         {AWS_TARGET_TYPE}, {AWS_PROXY_PROTOCOL}, {AWS_TARGET_GROUP_ATTRIBUTES} ({PRESERVE_CLIENT_IP}, \
         {PROXY_PROTOCOL_V2}) and {AWS_LB_ATTRIBUTES} ({CROSS_ZONE}) are read"
    )
}

/// `metadata.annotations["NAME"]`.
fn annotation_field(name: &str) -> String {
    format!("metadata.annotations[\"{name}\"]")
}

/// Reads the NLB's settings into `file`, with a note for each.
pub(crate) fn read(
    cluster: &Cluster,
    at: &At<ServiceObject>,
    how: HandOver,
    policy: ExternalTrafficPolicy,
    port: u16,
    file: &mut LoadBalancerFile,
    notes: &mut Vec<Note>,
) {
    let mut reader = Reader { cluster, at, notes };
    let kind = reader.target_type(how, policy);
    let target_group = reader.attributes(AWS_TARGET_GROUP_ATTRIBUTES);
    let load_balancer = reader.attributes(AWS_LB_ATTRIBUTES);
    file.provider = Some(kind);
    file.proxy_protocol = reader.proxy_protocol(&target_group, kind, policy, port);
    file.preserve_client_ip = reader.preserve_client_ip(&target_group, kind);
    file.cross_zone = reader.cross_zone(&load_balancer);
}

/// The Service being read, and the notes so far.
struct Reader<'a> {
    cluster: &'a Cluster,
    at: &'a At<ServiceObject>,
    notes: &'a mut Vec<Note>,
}

/// An attribute annotation's entries: key → value.
type Attributes = BTreeMap<String, String>;

impl Reader<'_> {
    fn annotation(&self, name: &str) -> Option<&str> {
        self.at.object.metadata.annotations.get(name).map(String::as_str)
    }

    fn note(&mut self, field: &str, text: impl Into<String>) {
        let place = self.cluster.place(self.at.loc, field);
        self.notes.push(Note::new(place, text));
    }

    fn note_at(&mut self, annotation: &str, text: impl Into<String>) {
        self.note(&annotation_field(annotation), text);
    }

    /// `buildTargetType`: `nlb-ip` or `ip` gives IP targets, anything else instance targets.
    fn target_type(&mut self, how: HandOver, policy: ExternalTrafficPolicy) -> ProviderKind {
        let given = self.annotation(AWS_TARGET_TYPE).map(str::to_string);
        let kind = match (how, given.as_deref()) {
            (HandOver::NlbIp, _) | (_, Some(AWS_TARGET_IP)) => ProviderKind::AwsNlbIp,
            _ => ProviderKind::AwsNlbInstance,
        };
        let (field, by) = match how {
            HandOver::Class => {
                ("spec.loadBalancerClass".to_string(), format!("spec.loadBalancerClass: {AWS_NLB_CLASS}"))
            }
            HandOver::External => (annotation_field(AWS_LB_TYPE), format!("{AWS_LB_TYPE}: {AWS_LB_TYPE_EXTERNAL}")),
            HandOver::NlbIp => (annotation_field(AWS_LB_TYPE), format!("{AWS_LB_TYPE}: {AWS_LB_TYPE_NLB_IP}")),
        };
        let targets = match (how, given.as_deref()) {
            (HandOver::NlbIp, Some(AWS_TARGET_INSTANCE)) => {
                format!("IP targets ({AWS_LB_TYPE_NLB_IP} means IP targets, whatever {AWS_TARGET_TYPE} says)")
            }
            (HandOver::NlbIp, _) => format!("IP targets ({AWS_LB_TYPE_NLB_IP}, the deprecated spelling)"),
            (_, Some(AWS_TARGET_IP)) => format!("IP targets ({AWS_TARGET_TYPE}: {AWS_TARGET_IP})"),
            (_, Some(AWS_TARGET_INSTANCE)) => format!("instance targets ({AWS_TARGET_TYPE}: {AWS_TARGET_INSTANCE})"),
            (_, Some(other)) => format!(
                "instance targets (`{other}` is neither {AWS_TARGET_IP} nor {AWS_TARGET_INSTANCE}, and the \
                 controller builds instance targets for anything but {AWS_TARGET_IP})"
            ),
            (_, None) => format!("instance targets (the default; no {AWS_TARGET_TYPE})"),
        };
        let effect = match (kind, policy) {
            (ProviderKind::AwsNlbIp, _) => {
                "it sends new connections straight to the Ready pods' IPs, split evenly over the zones that have \
                 one and then over their pods; kube-proxy and externalTrafficPolicy play no part"
            }
            (_, ExternalTrafficPolicy::Local) => {
                "every node is a target on the NodePort, healthy when HTTP /healthz on healthCheckNodePort answers \
                 200; new connections are split evenly over the zones, then over their healthy nodes"
            }
            (_, ExternalTrafficPolicy::Cluster) => {
                "every node is a target on the NodePort, and all pass the TCP health check while any endpoint can \
                 serve; new connections are split evenly over the zones, then over their nodes, and kube-proxy \
                 spreads them over all pods"
            }
        };
        self.note(&field, format!("the AWS Load Balancer Controller's NLB ({by}) with {targets}: {effect}"));
        kind
    }

    /// A comma-separated `key=value` annotation; a malformed entry gets a note and is skipped.
    fn attributes(&mut self, annotation: &str) -> Attributes {
        let Some(text) = self.annotation(annotation).map(str::to_string) else { return Attributes::new() };
        let (entries, malformed) = key_values(&text);
        for entry in malformed {
            self.note_at(
                annotation,
                format!(
                    "`{entry}` is not key=value; the board ignores it and reads the rest (the controller refuses \
                     the whole annotation until it is fixed)"
                ),
            );
        }
        entries
    }

    /// A boolean attribute, noted when it is not one.
    fn boolean(&mut self, annotation: &str, key: &str, value: &str) -> Option<bool> {
        let parsed = parse_bool(value);
        if parsed.is_none() {
            self.note_at(
                annotation,
                format!("{key}=`{value}` is not true or false; the board ignores it (the controller refuses it)"),
            );
        }
        parsed
    }

    /// `proxy-protocol: "*"`, over `proxy-protocol-per-target-group`, over
    /// the target group attribute `proxy_protocol_v2.enabled`.
    fn proxy_protocol(
        &mut self,
        target_group: &Attributes,
        kind: ProviderKind,
        policy: ExternalTrafficPolicy,
        port: u16,
    ) -> Option<ProxyProtocol> {
        let mut on = None;
        if let Some(value) = target_group.get(PROXY_PROTOCOL_V2) {
            on = self
                .boolean(AWS_TARGET_GROUP_ATTRIBUTES, PROXY_PROTOCOL_V2, value)
                .map(|v| (v, AWS_TARGET_GROUP_ATTRIBUTES));
        }
        if let Some(ports) = self.annotation(AWS_PROXY_PROTOCOL_PER_TARGET_GROUP).map(str::to_string) {
            let listed = ports.split(',').map(str::trim).any(|p| p.parse::<u16>().ok() == Some(port));
            on = Some((listed, AWS_PROXY_PROTOCOL_PER_TARGET_GROUP));
        }
        match self.annotation(AWS_PROXY_PROTOCOL).map(str::to_string) {
            Some(value) if value == AWS_PROXY_PROTOCOL_ALL => on = Some((true, AWS_PROXY_PROTOCOL)),
            Some(value) => self.note_at(
                AWS_PROXY_PROTOCOL,
                format!(
                    "`{value}` is not valid (the only valid value is \"{AWS_PROXY_PROTOCOL_ALL}\"); the board \
                     ignores it (the controller refuses it)"
                ),
            ),
            None => {}
        }
        let (on, from) = on?;
        let text = if !on {
            format!("PROXY protocol off for port {port}: the pods get the client's bytes with no header")
        } else if kind == ProviderKind::AwsNlbInstance && policy == ExternalTrafficPolicy::Local {
            "PROXY protocol v2: each connection starts with a v2 header carrying the client's address, so the pods \
             must expect one. nlb.md advises against it with instance targets and Local: the NLB's HTTP health \
             check then works only if healthCheckNodePort accepts the header (the board's probes carry none)"
                .to_string()
        } else {
            "PROXY protocol v2: each connection starts with a v2 header carrying the client's address, so the pods \
             must expect one"
                .to_string()
        };
        self.note_at(from, text);
        on.then_some(ProxyProtocol::V2)
    }

    /// `preserve_client_ip.enabled`, which the board models for IP targets only.
    fn preserve_client_ip(&mut self, target_group: &Attributes, kind: ProviderKind) -> Option<bool> {
        let annotation = AWS_TARGET_GROUP_ATTRIBUTES;
        let value = target_group.get(PRESERVE_CLIENT_IP)?;
        let preserve = self.boolean(annotation, PRESERVE_CLIENT_IP, value)?;
        let text = match (kind, preserve) {
            (ProviderKind::AwsNlbIp, true) => {
                "client IP preservation on: the pods see the client's address as the TCP peer"
            }
            (ProviderKind::AwsNlbIp, false) => {
                "client IP preservation off (the default for IP targets over TCP): the pods see the NLB's private \
                 address in their zone"
            }
            (_, true) => "client IP preservation on, the default for instance targets: nothing changes",
            (_, false) => {
                "client IP preservation off is not modelled for instance targets: the board keeps the client's \
                 address up to the node, as the default does (on a real NLB the node would see the NLB's address)"
            }
        };
        self.note_at(annotation, format!("{PRESERVE_CLIENT_IP}={preserve}: {text}"));
        (kind == ProviderKind::AwsNlbIp).then_some(preserve)
    }

    /// `load_balancing.cross_zone.enabled`, or the deprecated annotation, which wins a tie.
    fn cross_zone(&mut self, load_balancer: &Attributes) -> Option<bool> {
        let from_attributes = match load_balancer.get(CROSS_ZONE) {
            Some(value) => self.boolean(AWS_LB_ATTRIBUTES, CROSS_ZONE, value).map(|on| (on, AWS_LB_ATTRIBUTES)),
            None => None,
        };
        let deprecated = match self.annotation(AWS_CROSS_ZONE_DEPRECATED).map(str::to_string) {
            Some(value) => {
                self.boolean(AWS_CROSS_ZONE_DEPRECATED, "the value", &value).map(|on| (on, AWS_CROSS_ZONE_DEPRECATED))
            }
            None => None,
        };
        let (on, from) = deprecated.or(from_attributes)?;
        let effect = if on {
            "cross-zone load balancing on: every healthy target gets the same share, whatever its zone"
        } else {
            "cross-zone load balancing off (the default): each zone with a healthy target gets the same share, \
             split over that zone's targets"
        };
        let overrides = match (deprecated, from_attributes) {
            (Some(_), Some(_)) => format!(" (this deprecated annotation wins over {AWS_LB_ATTRIBUTES})"),
            _ => String::new(),
        };
        self.note_at(from, format!("{effect}{overrides}"));
        Some(on)
    }
}

/// The `key=value` entries of a comma-separated list (`\` escapes the next
/// character), and the entries that are not `key=value`. Empty entries are skipped.
fn key_values(text: &str) -> (Attributes, Vec<String>) {
    let mut entries = vec![String::new()];
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => entries.last_mut().into_iter().for_each(|e| e.extend(chars.next())),
            ',' => entries.push(String::new()),
            c => entries.last_mut().into_iter().for_each(|e| e.push(c)),
        }
    }
    let (mut pairs, mut malformed) = (Attributes::new(), Vec::new());
    for entry in entries.iter().map(|e| e.trim()).filter(|e| !e.is_empty()) {
        match entry.split_once('=') {
            Some((key, value)) if !key.trim().is_empty() => {
                pairs.insert(key.trim().to_string(), value.trim().to_string());
            }
            _ => malformed.push(entry.chars().take(80).collect()),
        }
    }
    (pairs, malformed)
}

/// What Go's `strconv.ParseBool` accepts.
fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_lists_split_as_the_controller_splits_them() {
        let (pairs, malformed) = key_values(" a=1, b = two ,,c=x\\,y, oops ,=3,d=");
        let got: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(got, [("a", "1"), ("b", "two"), ("c", "x,y"), ("d", "")]);
        assert_eq!(malformed, ["oops", "=3"]);
        assert_eq!(key_values(""), (Attributes::new(), Vec::new()));
        assert_eq!(key_values("trailing\\").1, ["trailing"], "a lone backslash escapes nothing");
    }

    #[test]
    fn booleans_are_gos() {
        for (text, value) in [("true", Some(true)), ("T", Some(true)), ("0", Some(false)), ("False", Some(false))] {
            assert_eq!(parse_bool(text), value, "{text}");
        }
        for text in ["yes", "", " true", "tRUE", "on"] {
            assert_eq!(parse_bool(text), None, "{text}");
        }
    }
}
