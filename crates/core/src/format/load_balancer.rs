//! The `loadBalancer` section: the provider, and each provider's settings
//! accepted only for the providers they belong to (`healthCheck` and
//! `weighting` for `generic`, `crossZone` for both AWS target types,
//! `preserveClientIp` for IP targets), every refusal naming the owner.

use super::check::ip_or;
use super::file::LoadBalancerFile;
use super::ScenarioError;
use crate::addressing;
use crate::lb::{AwsNlbInstance, AwsNlbIp, Provider, ProviderKind};
use crate::model::{LoadBalancer, Service, ServiceType};

/// The load balancer, with each provider's settings accepted only for it.
pub(super) fn load_balancer(file: &LoadBalancerFile, service: &Service) -> Result<LoadBalancer, ScenarioError> {
    let kind = file.provider.unwrap_or_default();
    if kind != ProviderKind::Generic && service.service_type == ServiceType::NodePort {
        return Err(ScenarioError::new(
            "loadBalancer.provider",
            format!("`{kind}` needs a Service of type LoadBalancer, and this one is NodePort"),
        )
        .with_fix(
            "set service.type to LoadBalancer, or leave `provider` out (a NodePort Service has no load balancer)",
        ));
    }
    let aws = [ProviderKind::AwsNlbInstance, ProviderKind::AwsNlbIp];
    only_for(file.health_check.is_some(), "healthCheck", kind, &[ProviderKind::Generic], health_hint(kind))?;
    only_for(file.weighting.is_some(), "weighting", kind, &[ProviderKind::Generic], "")?;
    only_for(file.cross_zone.is_some(), "crossZone", kind, &aws, "")?;
    let instance_hint = "instance targets always keep the client's address";
    let hint = if kind == ProviderKind::AwsNlbInstance { instance_hint } else { "" };
    only_for(file.preserve_client_ip.is_some(), "preserveClientIp", kind, &[ProviderKind::AwsNlbIp], hint)?;
    let cross_zone = file.cross_zone.unwrap_or(false);
    let provider = match kind {
        ProviderKind::AwsNlbInstance => Provider::AwsNlbInstance(AwsNlbInstance { cross_zone }),
        ProviderKind::AwsNlbIp => {
            Provider::AwsNlbIp(AwsNlbIp { cross_zone, preserve_client_ip: file.preserve_client_ip.unwrap_or(false) })
        }
        other => Provider::from(other),
    };
    Ok(LoadBalancer {
        ip: ip_or(file.ip.as_deref(), "loadBalancer.ip", addressing::DEFAULT_LB_IP)?,
        health_check: file.health_check.unwrap_or(true),
        weighting: file.weighting.unwrap_or_default(),
        provider,
        proxy_protocol: super::client_ip::proxy_protocol(file.proxy_protocol, provider, service)?,
    })
}

/// Refuses `field`, given, unless `kind` is one of the providers it belongs to.
fn only_for(
    given: bool,
    field: &str,
    kind: ProviderKind,
    owners: &[ProviderKind],
    hint: &str,
) -> Result<(), ScenarioError> {
    if !given || owners.contains(&kind) {
        return Ok(());
    }
    let names: Vec<String> = owners.iter().map(|o| format!("`{o}`")).collect();
    let (noun, list) = if names.len() == 1 { ("provider", names.join("")) } else { ("providers", names.join(" and ")) };
    let what = if field == "weighting" { "weighting (GKE's weighted load balancing)" } else { field };
    let problem = format!("{what} applies to {noun} {list} only, and this load balancer is `{kind}`");
    let fix = match hint {
        "" => format!("remove `{field}`, or set `provider` to {}", names.join(" or ")),
        hint => format!("remove `{field}` ({hint})"),
    };
    Err(ScenarioError::new(format!("loadBalancer.{field}"), problem).with_fix(fix))
}

/// How a provider other than `generic` decides health, for the healthCheck refusal.
fn health_hint(kind: ProviderKind) -> &'static str {
    match kind {
        ProviderKind::Generic => "",
        ProviderKind::MetallbL2 | ProviderKind::MetallbBgp => {
            "MetalLB has no health check: a node announces the VIP only while an endpoint can serve"
        }
        ProviderKind::AwsNlbInstance | ProviderKind::Azure => {
            "its health check follows from externalTrafficPolicy: HTTP on healthCheckNodePort for Local, TCP on the NodePort for Cluster"
        }
        ProviderKind::AwsNlbIp => "the NLB checks the pods themselves, on their target port",
    }
}
