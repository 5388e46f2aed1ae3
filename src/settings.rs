//! The load balancer's and zones' settings as edits of a scenario: the
//! provider and its own options, `trafficDistribution`, and node zones. Each
//! helper changes a scenario so that it stays one the file format accepts
//! (a provider other than `generic` needs `type: LoadBalancer`; `healthCheck`
//! and `weighting` belong to `generic` only), or refuses with a sentence.
//! The reducer (`state.rs`) calls them; nothing here keeps history.

use trafficlab_core::{
    AwsNlbInstance, AwsNlbIp, NodeId, Provider, ProviderKind, Scenario, ServiceType, TrafficDistribution, Weighting,
};

/// The zones "Give nodes zones" hands out, alternately.
pub const DEFAULT_ZONES: [&str; 2] = ["zone-a", "zone-b"];

/// Puts `kind` in front of the nodes with its settings at their defaults.
/// Leaving `generic` returns its health checks and weighting to their
/// defaults; choosing another provider on a NodePort Service makes it a
/// LoadBalancer Service, since only that has a load balancer.
pub fn set_provider(s: &mut Scenario, kind: ProviderKind) -> String {
    let lb = &mut s.load_balancer;
    if lb.provider.kind() == kind {
        return format!("Load balancer: {}", kind.title());
    }
    lb.provider = Provider::from(kind);
    if kind != ProviderKind::Generic {
        lb.health_check = true;
        lb.weighting = Weighting::Even;
    }
    if kind != ProviderKind::Generic && s.service.service_type == ServiceType::NodePort {
        s.service.service_type = ServiceType::LoadBalancer;
        return format!("Load balancer: {} (Service type set to LoadBalancer)", kind.title());
    }
    format!("Load balancer: {}", kind.title())
}

/// The Service's type. A NodePort Service has no load balancer, so a provider
/// other than `generic` goes back to `generic`, and the message says so.
pub fn set_service_type(s: &mut Scenario, service_type: ServiceType) -> String {
    s.service.service_type = service_type;
    let kind = s.load_balancer.provider.kind();
    if service_type == ServiceType::NodePort && kind != ProviderKind::Generic {
        s.load_balancer.provider = Provider::default();
        return format!("Service type: NodePort (no load balancer, so {} is gone)", kind.title());
    }
    format!("Service type: {service_type}")
}

/// The generic load balancer's health checks of `healthCheckNodePort`.
pub fn set_health_check(s: &mut Scenario, on: bool) -> Result<String, String> {
    generic_only(s, "LB health checks")?;
    s.load_balancer.health_check = on;
    Ok(format!("LB health checks {}", on_off(on)))
}

/// The generic load balancer's weighting (GKE's).
pub fn set_weighting(s: &mut Scenario, weighting: Weighting) -> Result<String, String> {
    generic_only(s, "LB weighting")?;
    s.load_balancer.weighting = weighting;
    Ok(format!("LB weighting: {weighting}"))
}

/// Refuses a setting of the generic load balancer under another provider,
/// whose own rules decide health and weight.
fn generic_only(s: &Scenario, what: &str) -> Result<(), String> {
    match s.load_balancer.provider.kind() {
        ProviderKind::Generic => Ok(()),
        other => Err(format!(
            "{what}: only the generic load balancer has this setting; {} follows its own rules",
            other.title()
        )),
    }
}

/// Cross-zone load balancing, which only the AWS NLB has.
pub fn set_cross_zone(s: &mut Scenario, on: bool) -> Result<String, String> {
    match &mut s.load_balancer.provider {
        Provider::AwsNlbInstance(AwsNlbInstance { cross_zone }) | Provider::AwsNlbIp(AwsNlbIp { cross_zone, .. }) => {
            *cross_zone = on;
            Ok(format!("Cross-zone load balancing {}", on_off(on)))
        }
        other => {
            Err(format!("Cross-zone applies to the AWS NLB only, and this load balancer is {}", other.kind().title()))
        }
    }
}

/// Client IP preservation, which only the NLB with IP targets lets one turn off.
pub fn set_preserve_client_ip(s: &mut Scenario, on: bool) -> Result<String, String> {
    match &mut s.load_balancer.provider {
        Provider::AwsNlbIp(nlb) => {
            nlb.preserve_client_ip = on;
            Ok(format!("Preserve client IP {}", on_off(on)))
        }
        other => Err(format!(
            "Preserve client IP applies to the AWS NLB with IP targets only, and this load balancer is {}",
            other.kind().title()
        )),
    }
}

/// `spec.trafficDistribution`.
pub fn set_traffic_distribution(s: &mut Scenario, value: Option<TrafficDistribution>) -> String {
    s.service.traffic_distribution = value;
    format!("trafficDistribution: {}", distribution_name(value))
}

/// How `trafficDistribution` is spelled on screen: `none`, `PreferClose`, ….
pub fn distribution_name(value: Option<TrafficDistribution>) -> &'static str {
    match value {
        None => "none",
        Some(TrafficDistribution::PreferClose) => "PreferClose",
        Some(TrafficDistribution::PreferSameZone) => "PreferSameZone",
    }
}

/// Every node in a zone, `zone-a` and `zone-b` alternately.
pub fn give_zones(s: &mut Scenario) -> Result<String, String> {
    let zones = (0..s.nodes().len()).map(|i| DEFAULT_ZONES[i % DEFAULT_ZONES.len()].to_string()).collect();
    s.set_zones(Some(zones)).map_err(|e| e.to_string())?;
    Ok(format!("Nodes in zones {}", DEFAULT_ZONES.join(" and ")))
}

/// Takes every node's zone away; `trafficDistribution`, which then does
/// nothing, goes too.
pub fn remove_zones(s: &mut Scenario) -> String {
    let _ = s.set_zones(None);
    s.service.traffic_distribution = None;
    "Removed the zones".to_string()
}

/// Puts `node` in `zone`. Zones are all or nothing, so on unzoned nodes the
/// others first get the default zones.
pub fn set_node_zone(s: &mut Scenario, node: NodeId, zone: &str) -> Result<String, String> {
    let zone = zone.trim();
    let name = s.node(node).map(|n| n.name.clone()).ok_or_else(|| format!("There is no node {node}"))?;
    let mut zones: Vec<String> = s
        .nodes()
        .iter()
        .enumerate()
        .map(|(i, n)| n.zone.clone().unwrap_or_else(|| DEFAULT_ZONES[i % DEFAULT_ZONES.len()].to_string()))
        .collect();
    zones[node.index()] = zone.to_string();
    s.set_zones(Some(zones)).map_err(|e| e.to_string())?;
    Ok(format!("{name} is in zone {zone}"))
}

fn on_off(on: bool) -> &'static str {
    if on {
        "on"
    } else {
        "off"
    }
}
