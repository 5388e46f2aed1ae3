//! The human-readable `shares` report: a header naming the Service and the load
//! balancer, a node section (LB share, health check, what kube-proxy does), a
//! pod table with a bar per pod, and the summary.

use std::fmt::Write;

use trafficlab_core::{ExternalTrafficPolicy, Scenario, ServiceType, Shares, Verdict};

use crate::columns::{Align, Columns};

/// How many cells the bar of the largest share fills.
const BAR_CELLS: f64 = 30.0;
/// Partial blocks, in eighths of a cell (index 0 unused).
const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/// The whole report for `scenario`.
pub fn render(scenario: &Scenario) -> String {
    let shares = scenario.shares();
    let mut out = String::new();
    header(scenario, &mut out);
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
    let _ = writeln!(
        out,
        "Service {}/{}: type {}, externalTrafficPolicy {}",
        service.namespace, service.name, service.service_type, service.external_traffic_policy
    );
    let lb = &scenario.load_balancer;
    let _ = match service.service_type {
        ServiceType::LoadBalancer => writeln!(
            out,
            "Load balancer {}: health checks {}, weighting {}",
            lb.ip,
            if lb.health_check { "on" } else { "off" },
            lb.weighting
        ),
        ServiceType::NodePort => writeln!(
            out,
            "No load balancer (NodePort): clients spread evenly over the nodes' port {}",
            service.node_port
        ),
    };
}

fn nodes(scenario: &Scenario, shares: &Shares, out: &mut String) {
    let health_checked = scenario.service.has_health_check_node_port();
    let mut header = vec!["NODE", "IP", "LB SHARE"];
    let mut aligns = vec![Align::Left, Align::Left, Align::Right];
    if health_checked {
        header.push("HEALTH CHECK");
        aligns.push(Align::Right);
    }
    header.push("KUBE-PROXY");
    aligns.push(Align::Left);
    let mut table = Columns::with_header(&aligns, &header);
    for (node, share) in scenario.nodes().iter().zip(&shares.nodes) {
        let mut row = vec![node.name.clone(), node.ip.to_string(), percent(share.lb)];
        if health_checked {
            row.push(share.health_check.map_or_else(|| "-".to_string(), |h| h.status.to_string()));
        }
        row.push(verdict(share.verdict, scenario.service.external_traffic_policy).to_string());
        table.row(row);
    }
    table.render(out);
    if shares.lb_failed_open {
        out.push_str(
            "Every node fails the health check (503), so the load balancer fails open \
             and spreads connections over all nodes.\n",
        );
    }
}

fn verdict(verdict: Verdict, policy: ExternalTrafficPolicy) -> &'static str {
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
        Some(ratio) => (format!("{ratio:.2}×"), "busiest Ready pod's share over the least busy one's"),
        None => ("n/a".to_string(), "no Ready pod"),
    };
    let mut table = Columns::new(&[Align::Left, Align::Right, Align::Left]);
    let rows = [
        ("Dropped", percent(shares.dropped), "sent to a node without a local endpoint; the client times out"),
        ("Rejected", percent(shares.rejected), "no usable endpoint; ICMP port unreachable"),
        ("SNAT", percent(shares.snat), "the pod sees a node address instead of the client's"),
        ("Cross-node", percent(shares.cross_node), "forwarded to a pod on another node"),
        ("Imbalance", imbalance, imbalance_meaning),
    ];
    for (label, value, meaning) in rows {
        table.row(vec![label.to_string(), value, format!("({meaning})")]);
    }
    table.render(out);
}

/// A fraction as a percentage with one decimal: `0.3333…` → `33.3%`.
fn percent(fraction: f64) -> String {
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
