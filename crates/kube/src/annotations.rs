//! The Service annotations, field values and attribute keys that the import
//! reads and the export writes, each spelled once, with where it is
//! documented.
//!
//! - GKE: "About LoadBalancer Services", weighted load balancing.
//! - The AWS Load Balancer Controller: kubernetes-sigs/aws-load-balancer-controller
//!   `docs/guide/service/annotations.md` and `docs/guide/service/nlb.md`; the
//!   attribute keys are the target group's and the load balancer's own (AWS
//!   "Edit target group attributes for your Network Load Balancer",
//!   "Cross-zone load balancing for target groups").

/// GKE's weighted load balancing, and its only value.
pub(crate) const GKE_WEIGHTING: &str = "networking.gke.io/weighted-load-balancing";
pub(crate) const PODS_PER_NODE: &str = "pods-per-node";

/// `spec.loadBalancerClass` that hands the Service to the AWS Load Balancer
/// Controller (its default `--load-balancer-class`, nlb.md).
pub(crate) const AWS_NLB_CLASS: &str = "service.k8s.aws/nlb";
/// The legacy way to hand it over: `external` (with a target type) or the
/// deprecated `nlb-ip` (annotations.md, "lb-type").
pub(crate) const AWS_LB_TYPE: &str = "service.beta.kubernetes.io/aws-load-balancer-type";
pub(crate) const AWS_LB_TYPE_EXTERNAL: &str = "external";
pub(crate) const AWS_LB_TYPE_NLB_IP: &str = "nlb-ip";
/// `ip` or `instance` (annotations.md, "nlb-target-type").
pub(crate) const AWS_TARGET_TYPE: &str = "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type";
pub(crate) const AWS_TARGET_IP: &str = "ip";
pub(crate) const AWS_TARGET_INSTANCE: &str = "instance";
/// `"*"`, the only valid value, turns on PROXY protocol v2 (annotations.md, "proxy-protocol-v2").
pub(crate) const AWS_PROXY_PROTOCOL: &str = "service.beta.kubernetes.io/aws-load-balancer-proxy-protocol";
pub(crate) const AWS_PROXY_PROTOCOL_ALL: &str = "*";
/// Per-port PROXY protocol; the board models one port and does not read it.
pub(crate) const AWS_PROXY_PROTOCOL_PER_TARGET_GROUP: &str =
    "service.beta.kubernetes.io/aws-load-balancer-proxy-protocol-per-target-group";
/// Comma-separated `key=value` target group attributes (annotations.md, "target-group-attributes").
pub(crate) const AWS_TARGET_GROUP_ATTRIBUTES: &str =
    "service.beta.kubernetes.io/aws-load-balancer-target-group-attributes";
pub(crate) const PRESERVE_CLIENT_IP: &str = "preserve_client_ip.enabled";
pub(crate) const PROXY_PROTOCOL_V2: &str = "proxy_protocol_v2.enabled";
/// Comma-separated `key=value` load balancer attributes (annotations.md, "load-balancer-attributes").
pub(crate) const AWS_LB_ATTRIBUTES: &str = "service.beta.kubernetes.io/aws-load-balancer-attributes";
pub(crate) const CROSS_ZONE: &str = "load_balancing.cross_zone.enabled";
/// Deprecated since v2.3.0 in favour of [`AWS_LB_ATTRIBUTES`]; it wins a tie
/// (annotations.md, "deprecated-attributes" and "load-balancer-attributes").
pub(crate) const AWS_CROSS_ZONE_DEPRECATED: &str =
    "service.beta.kubernetes.io/aws-load-balancer-cross-zone-load-balancing-enabled";
