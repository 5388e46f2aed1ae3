//! Manifests out: the board as a Service and a Deployment to `kubectl apply`.
//!
//! The Service carries the board's `type`, `externalTrafficPolicy`, ports,
//! `healthCheckNodePort` (LoadBalancer + Local only, where kube-proxy serves
//! it), `trafficDistribution`, and what the Service can say of the load
//! balancer: GKE's `networking.gke.io/weighted-load-balancing: pods-per-node`
//! annotation when the board weighs nodes by their pods; for the AWS NLB
//! providers, `loadBalancerClass: service.k8s.aws/nlb` and the AWS Load
//! Balancer Controller's annotations for the target type, PROXY protocol v2
//! (`"*"`), client IP preservation and cross-zone load balancing
//! (aws-load-balancer-controller `docs/guide/service/annotations.md`), which
//! the import reads back. MetalLB and Azure are chosen by the cluster's
//! configuration, not the Service: a YAML comment says so.
//!
//! The Deployment has one replica per
//! pod on the board and, when the pods are spread (every node within one pod
//! of the others, which the core's `spread_targets` says), the
//! `topologySpreadConstraints` that keep them so (`maxSkew: 1`,
//! `topologyKey: kubernetes.io/hostname`, `whenUnsatisfiable:
//! DoNotSchedule`; Kubernetes docs, "Pod Topology Spread Constraints"). Its
//! container is agnhost's `netexec`, the web server of Kubernetes' own
//! tutorials ("Hello Minikube"), which answers `/clientip` with the address
//! the pod sees: the quickest way to watch SNAT on a real cluster.
//!
//! The YAML is written by hand (a few dozen lines of known shape), so the
//! browser build carries no YAML serializer. Every string that YAML could
//! read as something else is double-quoted.

use std::fmt::Write;

use trafficlab_core::{ExternalTrafficPolicy, Provider, ProxyProtocol, Scenario, ServiceType, Weighting};

use crate::annotations::{
    AWS_LB_ATTRIBUTES, AWS_NLB_CLASS, AWS_PROXY_PROTOCOL, AWS_PROXY_PROTOCOL_ALL, AWS_TARGET_GROUP_ATTRIBUTES,
    AWS_TARGET_INSTANCE, AWS_TARGET_IP, AWS_TARGET_TYPE, CROSS_ZONE, GKE_WEIGHTING, PODS_PER_NODE, PRESERVE_CLIENT_IP,
};

/// agnhost's web server, as in Kubernetes' "Hello Minikube" tutorial.
const IMAGE: &str = "registry.k8s.io/e2e-test-images/agnhost:2.53";

/// The board as YAML: a Service, `---`, and a Deployment.
pub fn export(scenario: &Scenario) -> String {
    let mut out = String::new();
    service(&mut out, scenario);
    out.push_str("---\n");
    deployment(&mut out, scenario);
    out
}

/// Whether the pods are spread as `maxSkew: 1` on the hostname would leave them.
pub fn is_spread(scenario: &Scenario) -> bool {
    let counts: Vec<usize> = scenario.node_ids().map(|n| scenario.pods_on(n).count()).collect();
    counts == scenario.spread_targets()
}

fn service(out: &mut String, scenario: &Scenario) {
    let s = &scenario.service;
    let lb = &scenario.load_balancer;
    let balanced = s.service_type == ServiceType::LoadBalancer;
    let weighted = balanced && matches!(lb.provider, Provider::Generic(_)) && lb.weighting == Weighting::PodsPerNode;
    let _ = writeln!(out, "apiVersion: v1\nkind: Service\nmetadata:");
    let _ = writeln!(out, "  name: {}\n  namespace: {}", scalar(&s.name), scalar(&s.namespace));
    let mut annotations = Vec::new();
    if weighted {
        annotations.push((GKE_WEIGHTING, PODS_PER_NODE.to_string()));
    }
    let aws = if balanced { aws_annotations(scenario) } else { None };
    annotations.extend(aws.iter().flatten().cloned());
    if !annotations.is_empty() {
        let _ = writeln!(out, "  annotations:");
        for (name, value) in annotations {
            let _ = writeln!(out, "    {name}: {}", scalar(&value));
        }
    }
    let _ = writeln!(out, "spec:\n  type: {}", s.service_type);
    if aws.is_some() {
        let _ = writeln!(out, "  loadBalancerClass: {AWS_NLB_CLASS}");
    }
    let _ = writeln!(out, "  externalTrafficPolicy: {}", s.external_traffic_policy);
    let _ = writeln!(out, "  selector:\n    app: {}", scalar(&s.name));
    let _ = writeln!(out, "  ports:\n  - name: http\n    protocol: TCP");
    let _ = writeln!(out, "    port: {}\n    targetPort: {}\n    nodePort: {}", s.port, s.target_port, s.node_port);
    if s.has_health_check_node_port() {
        let _ = writeln!(out, "  healthCheckNodePort: {}", s.health_check_node_port);
    }
    if let Some(distribution) = s.traffic_distribution {
        let _ = writeln!(out, "  trafficDistribution: {distribution}");
    }
    if balanced {
        provider_comment(out, scenario, weighted);
    }
}

/// The AWS Load Balancer Controller's annotations for the NLB providers, in
/// the order the import reads them; `None` for other providers. Every
/// setting is written, defaults too, so the Service says what the board does.
fn aws_annotations(scenario: &Scenario) -> Option<Vec<(&'static str, String)>> {
    let lb = &scenario.load_balancer;
    let (target, cross_zone, preserve) = match lb.provider {
        Provider::AwsNlbIp(p) => (AWS_TARGET_IP, p.cross_zone, Some(p.preserve_client_ip)),
        Provider::AwsNlbInstance(p) => (AWS_TARGET_INSTANCE, p.cross_zone, None),
        _ => return None,
    };
    let mut annotations = vec![(AWS_TARGET_TYPE, target.to_string())];
    if lb.proxy_protocol == Some(ProxyProtocol::V2) {
        annotations.push((AWS_PROXY_PROTOCOL, AWS_PROXY_PROTOCOL_ALL.to_string()));
    }
    if let Some(preserve) = preserve {
        annotations.push((AWS_TARGET_GROUP_ATTRIBUTES, format!("{PRESERVE_CLIENT_IP}={preserve}")));
    }
    annotations.push((AWS_LB_ATTRIBUTES, format!("{CROSS_ZONE}={cross_zone}")));
    Some(annotations)
}

/// Not fields: where the provider's mode lives when the Service cannot say,
/// and, for the generic load balancer under Local, what a reader usually
/// wants to know next.
fn provider_comment(out: &mut String, scenario: &Scenario, weighted: bool) {
    let title = scenario.load_balancer.provider.kind().title();
    let _ = match scenario.load_balancer.provider {
        Provider::Generic(_) if scenario.service.external_traffic_policy == ExternalTrafficPolicy::Local && !weighted => {
            writeln!(out, "# Local: the load balancer splits per node; on GKE, {GKE_WEIGHTING}: {PODS_PER_NODE} weighs nodes by their pods.")
        }
        Provider::MetallbL2(_) => writeln!(
            out,
            "# The board's load balancer is {title}: the mode lives in the cluster's MetalLB configuration (an L2Advertisement for the address pool), not in the Service."
        ),
        Provider::MetallbBgp(_) => writeln!(
            out,
            "# The board's load balancer is {title}: the mode lives in the cluster's MetalLB configuration (a BGPAdvertisement and BGP peers), not in the Service."
        ),
        Provider::Azure(_) => writeln!(
            out,
            "# The board's load balancer is the {title}: it comes with the cluster's configuration (AKS's cloud provider), not with the Service."
        ),
        _ => Ok(()),
    };
}

fn deployment(out: &mut String, scenario: &Scenario) {
    let s = &scenario.service;
    let name = scalar(&s.name);
    let _ = writeln!(out, "apiVersion: apps/v1\nkind: Deployment\nmetadata:");
    let _ = writeln!(out, "  name: {name}\n  namespace: {}", scalar(&s.namespace));
    let _ = writeln!(out, "spec:\n  replicas: {}", scenario.pods().len());
    let _ = writeln!(out, "  selector:\n    matchLabels:\n      app: {name}");
    let _ = writeln!(out, "  template:\n    metadata:\n      labels:\n        app: {name}\n    spec:");
    if is_spread(scenario) {
        let _ = writeln!(out, "      topologySpreadConstraints:\n      - maxSkew: 1");
        let _ = writeln!(out, "        topologyKey: kubernetes.io/hostname\n        whenUnsatisfiable: DoNotSchedule");
        let _ = writeln!(out, "        labelSelector:\n          matchLabels:\n            app: {name}");
    } else {
        let counts: Vec<String> = scenario.node_ids().map(|n| scenario.pods_on(n).count().to_string()).collect();
        let _ = writeln!(
            out,
            "      # The board's pods are not spread ({} per node), so there are no topologySpreadConstraints and the scheduler decides.",
            counts.join(", ")
        );
    }
    let _ = writeln!(out, "      containers:\n      - name: app\n        image: {IMAGE}");
    let _ = writeln!(out, "        args: [\"netexec\", \"--http-port={}\"]", s.target_port);
    let _ = writeln!(out, "        ports:\n        - name: http\n          containerPort: {}", s.target_port);
    let _ = writeln!(
        out,
        "        readinessProbe:\n          httpGet:\n            path: /healthz\n            port: http"
    );
}

/// `text` as a YAML scalar: plain when YAML reads it back as this string,
/// double-quoted (JSON escapes, which YAML shares) otherwise.
fn scalar(text: &str) -> String {
    let plain_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '/');
    let looks_like_other = matches!(
        text.to_ascii_lowercase().as_str(),
        "" | "~" | "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
    ) || text.parse::<f64>().is_ok()
        || text.starts_with(['-', '.'])
        || text.starts_with("0x")
        || text.starts_with("0o");
    if text.chars().all(plain_char) && !looks_like_other {
        text.to_string()
    } else {
        serde_json::to_string(text).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::scalar;

    #[test]
    fn scalars_that_yaml_would_misread_are_quoted() {
        assert_eq!(scalar("web"), "web");
        assert_eq!(scalar("kube-system"), "kube-system");
        for odd in ["true", "no", "123", "1e3", "", "a b", "-x", "web:1", "null", "0x1f"] {
            assert!(scalar(odd).starts_with('"'), "{odd}");
        }
    }
}
