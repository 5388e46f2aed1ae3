//! The human-readable `shares` report: a header naming the Service and the load
//! balancer (and the pods `--spread` moved), a node section (zone, LB share,
//! health check, the LB's probe, what kube-proxy does), a pod table with a bar
//! per pod, and the summary.

use std::fmt::Write;

use trafficlab_core::{
    ExternalTrafficPolicy, Probe, ProbeKind, Provider, ProviderKind, Scenario, ServiceType, Shares, Verdict,
};

use crate::columns::{Align, Columns};

/// How many cells the bar of the largest share fills.
const BAR_CELLS: f64 = 30.0;
/// Partial blocks, in eighths of a cell (index 0 unused).
const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/// The whole report for `scenario`; `moves` are the pods `--spread` moved
/// (`None`-like empty when it was not asked for or moved nothing).
pub fn render(scenario: &Scenario, moves: &[String]) -> String {
    let shares = scenario.shares();
    let mut out = String::new();
    header(scenario, &mut out);
    for line in moves {
        let _ = writeln!(out, "Spread (maxSkew 1 per node) moved {line}");
    }
    out.push('\n');
    nodes(scenario, &shares, &mut out);
    out.push('\n');
    pods(scenario, &shares, &mut out);
    out.push('\n');
    summary(&shares, &mut out);
    out
}

fn header(scenario: &Scenario, out: &mut String) {
    let service = &scenario.service;
    let distribution = service.traffic_distribution.map_or_else(String::new, |t| format!(", trafficDistribution {t}"));
    let _ = writeln!(
        out,
        "Service {}/{}: type {}, externalTrafficPolicy {}{distribution}",
        service.namespace, service.name, service.service_type, service.external_traffic_policy
    );
    let lb = &scenario.load_balancer;
    let _ = match service.service_type {
        ServiceType::LoadBalancer => writeln!(out, "Load balancer {}: {}", lb.ip, load_balancer(scenario)),
        ServiceType::NodePort => writeln!(
            out,
            "No load balancer (NodePort): clients spread evenly over the nodes' port {}",
            service.node_port
        ),
    };
}

/// The provider and its settings, in a phrase.
fn load_balancer(scenario: &Scenario) -> String {
    let lb = &scenario.load_balancer;
    let on = |flag: bool| if flag { "on" } else { "off" };
    let title = lb.provider.kind().title();
    match lb.provider {
        Provider::Generic(_) => {
            format!("health checks {}, weighting {}", on(lb.health_check), lb.weighting)
        }
        Provider::MetallbL2(_) => format!("{title} (one node answers ARP for the VIP)"),
        Provider::MetallbBgp(_) => format!("{title} (ECMP over the nodes that announce the VIP)"),
        Provider::AwsNlbInstance(nlb) => {
            format!("{title} (the nodes' NodePort {}), cross-zone {}", scenario.service.node_port, on(nlb.cross_zone))
        }
        Provider::AwsNlbIp(nlb) => format!(
            "{title} (the Ready pods), cross-zone {}, client IP preservation {}",
            on(nlb.cross_zone),
            on(nlb.preserve_client_ip)
        ),
        Provider::Azure(_) => format!("{title} (floating IP; no new flows when every probe is down)"),
    }
}

fn nodes(scenario: &Scenario, shares: &Shares, out: &mut String) {
    let kind = provider_kind(scenario);
    let zoned = scenario.nodes().iter().any(|n| n.zone.is_some());
    let health_checked = scenario.service.has_health_check_node_port();
    // generic's probe is the health check column itself.
    let probed = kind != ProviderKind::Generic && shares.nodes.iter().any(|n| n.probe.is_some());
    let mut header = vec!["NODE", "IP"];
    let mut aligns = vec![Align::Left, Align::Left];
    let mut add = |name, align| {
        header.push(name);
        aligns.push(align);
    };
    if zoned {
        add("ZONE", Align::Left);
    }
    add("LB SHARE", Align::Right);
    if health_checked {
        add("HEALTH CHECK", Align::Right);
    }
    if probed {
        add("LB PROBE", Align::Left);
    }
    add("KUBE-PROXY", Align::Left);
    let mut table = Columns::with_header(&aligns, &header);
    for (node, share) in scenario.nodes().iter().zip(&shares.nodes) {
        let mut row = vec![node.name.clone(), node.ip.to_string()];
        if zoned {
            row.push(node.zone.clone().unwrap_or_else(|| "-".into()));
        }
        row.push(percent(share.lb));
        if health_checked {
            row.push(share.health_check.map_or_else(|| "-".to_string(), |h| h.status.to_string()));
        }
        if probed {
            row.push(share.probe.map_or_else(|| "-".to_string(), probe));
        }
        row.push(verdict(share.verdict, scenario.service.external_traffic_policy, kind).to_string());
        table.row(row);
    }
    table.render(out);
    if let Some(why) = shares.unanswered {
        let _ = writeln!(out, "Nothing answers: {why}. Every connection times out.");
    } else if shares.lb_failed_open && kind == ProviderKind::Generic {
        out.push_str(
            "Every node fails the health check (503), so the load balancer fails open \
             and spreads connections over all nodes.\n",
        );
    } else if shares.lb_failed_open {
        out.push_str("No node passes the NLB's health check, so it fails open and spreads over all nodes.\n");
    }
}

/// The provider in front of the nodes (`generic` for NodePort, which has none).
fn provider_kind(scenario: &Scenario) -> ProviderKind {
    match scenario.service.service_type {
        ServiceType::NodePort => ProviderKind::Generic,
        ServiceType::LoadBalancer => scenario.load_balancer.provider.kind(),
    }
}

/// `HTTP 200`, `TCP down`.
fn probe(probe: Probe) -> String {
    let answer = match (probe.kind, probe.up) {
        (ProbeKind::HealthCheckNodePort, true) => "HTTP 200",
        (ProbeKind::HealthCheckNodePort, false) => "HTTP 503",
        (ProbeKind::NodePort, true) => "TCP up",
        (ProbeKind::NodePort, false) => "TCP down",
    };
    answer.to_string()
}

fn verdict(verdict: Verdict, policy: ExternalTrafficPolicy, kind: ProviderKind) -> &'static str {
    if kind == ProviderKind::AwsNlbIp {
        return "bypassed: the NLB sends to pod IPs";
    }
    match (verdict, policy) {
        (Verdict::Forward, ExternalTrafficPolicy::Local) => "forwards to its own pods",
        (Verdict::Forward, ExternalTrafficPolicy::Cluster) => "forwards to any pod, with SNAT",
        (Verdict::Drop, _) => "DROPS: no local endpoint",
        (Verdict::Reject, _) => "REJECTS: no endpoint anywhere",
    }
}

fn pods(scenario: &Scenario, shares: &Shares, out: &mut String) {
    if scenario.pods().is_empty() {
        out.push_str("No pods: every connection is rejected.\n");
        return;
    }
    let largest = shares.pods.iter().copied().fold(0.0, f64::max);
    let aligns = [Align::Left, Align::Left, Align::Left, Align::Right, Align::Left];
    let mut table = Columns::with_header(&aligns, &["POD", "NODE", "STATE", "SHARE", ""]);
    for (pod, &share) in scenario.pods().iter().zip(&shares.pods) {
        let node = scenario.node(pod.node).map_or("?", |n| n.name.as_str());
        table.row(vec![pod.name.clone(), node.to_string(), pod.state.to_string(), percent(share), bar(share, largest)]);
    }
    table.render(out);
}

fn summary(shares: &Shares, out: &mut String) {
    let (imbalance, imbalance_meaning) = match shares.imbalance {
        Some(ratio) if ratio.is_finite() => {
            (format!("{ratio:.2}×"), "busiest Ready pod's share over the least busy one's")
        }
        Some(_) => ("∞".to_string(), "a Ready pod gets nothing while another gets traffic"),
        None => ("n/a".to_string(), "no Ready pod gets anything"),
    };
    let dropped_meaning = match shares.unanswered {
        Some(_) => "nothing answers the VIP; the client times out",
        None => "sent to a node without a local endpoint; the client times out",
    };
    let mut table = Columns::new(&[Align::Left, Align::Right, Align::Left]);
    let rows = [
        ("Dropped", percent(shares.dropped), dropped_meaning),
        ("Rejected", percent(shares.rejected), "no usable endpoint; ICMP port unreachable"),
        ("SNAT", percent(shares.snat), "the pod sees a node address instead of the client's"),
        ("Cross-node", percent(shares.cross_node), "forwarded to a pod on another node"),
        ("Client IP kept", percent(shares.client_ip_preserved), "the pod sees the client's own address"),
        ("Imbalance", imbalance, imbalance_meaning),
    ];
    for (label, value, meaning) in rows {
        table.row(vec![label.to_string(), value, format!("({meaning})")]);
    }
    table.render(out);
}

/// A fraction as a percentage with one decimal: `0.3333…` → `33.3%`.
pub(crate) fn percent(fraction: f64) -> String {
    format!("{:.1}%", fraction * 100.0)
}

/// A bar of block characters, `BAR_CELLS` long for the `largest` share, in
/// eighths of a cell; a share above zero always shows at least a sliver.
fn bar(share: f64, largest: f64) -> String {
    if !(share > 0.0 && largest > 0.0) {
        return String::new();
    }
    let eighths = ((share / largest * BAR_CELLS * 8.0).round() as usize).max(1);
    let (full, partial) = (eighths / 8, eighths % 8);
    let mut bar = "█".repeat(full);
    if partial > 0 {
        bar.push(EIGHTHS[partial]);
    }
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_largest_share_fills_thirty_cells() {
        assert_eq!(bar(0.5, 0.5).chars().count(), 30);
        assert_eq!(bar(0.25, 0.5), "█".repeat(15));
        assert_eq!(bar(1.0 / 9.0, 1.0 / 3.0), "█".repeat(10));
        assert_eq!(bar(1e-9, 1.0), "▏");
        assert_eq!(bar(0.0, 1.0), "");
        assert_eq!(bar(0.0, 0.0), "");
    }

    #[test]
    fn percentages_have_one_decimal() {
        assert_eq!(percent(1.0 / 3.0), "33.3%");
        assert_eq!(percent(0.0), "0.0%");
        assert_eq!(percent(1.0), "100.0%");
    }
}
