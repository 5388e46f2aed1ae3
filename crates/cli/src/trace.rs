//! The `trace` report: the load balancer's step in words, one line per hop
//! (direction, from → to by name, the packet), the rewrites done at that hop
//! on indented lines, the kube-proxy rules the request matched on the
//! receiving node (`table/chain` and what the rule does, then the rule
//! itself), the PROXY protocol header when the load balancer sends one, and
//! the outcome (with what an ingress controller or the app made of it).

use std::fmt::Write;

use trafficlab_core::{Direction, Outcome, Place, Rewrite, Scenario, ServiceType, Trace};

use crate::client_address;
use crate::columns::{Align, Columns};

/// The whole report for `trace`, which `scenario` produced with `seed`.
pub fn render(scenario: &Scenario, trace: &Trace, seed: u64) -> String {
    let mut out = String::new();
    header(scenario, trace, seed, &mut out);
    out.push('\n');
    hops(scenario, trace, &mut out);
    out.push('\n');
    if !trace.rules.is_empty() {
        rules(scenario, trace, &mut out);
        out.push('\n');
    }
    if let Some(header) = trace.proxy_header() {
        client_address::proxy_header(&header, &mut out);
        out.push('\n');
    }
    outcome(scenario, trace, &mut out);
    client_address::after_outcome(scenario, trace, &mut out);
    out
}

fn header(scenario: &Scenario, trace: &Trace, seed: u64, out: &mut String) {
    let service = &scenario.service;
    let entry = scenario.place_name(Place::Node(trace.connection.entry));
    let _ = writeln!(
        out,
        "Service {}/{}: type {}, externalTrafficPolicy {}",
        service.namespace, service.name, service.service_type, service.external_traffic_policy
    );
    let _ = writeln!(
        out,
        "Seed {seed}: a new connection from {}:{} arrives at {entry}.",
        scenario.client.ip, trace.connection.client_port
    );
    let lb = scenario.place_name(Place::LoadBalancer);
    // The step's subject: the load balancer, or for NodePort the client itself.
    let subject = match service.service_type {
        ServiceType::NodePort => "Client".to_string(),
        ServiceType::LoadBalancer => capitalized(&lb),
    };
    let _ = writeln!(out, "{subject}: {}.", trace.lb_step);
    if trace.stopped_at_load_balancer() {
        let _ = writeln!(out, "Note: the {lb} sends {entry} nothing, so a connection for it ends at the {lb}.");
    } else if trace.entry_skipped_by_lb {
        let _ = writeln!(
            out,
            "Note: the {lb} sends {entry} nothing; this trace shows what would happen if a packet arrived anyway."
        );
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

/// Hop lines in aligned columns; a hop's rewrites follow it, indented.
fn hops(scenario: &Scenario, trace: &Trace, out: &mut String) {
    let mut table = Columns::new(&[Align::Left, Align::Left]);
    let mut rewrites_after: Vec<Vec<String>> = Vec::with_capacity(trace.hops.len());
    for hop in &trace.hops {
        let arrow = match hop.direction {
            Direction::Request => "→",
            Direction::Reply => "←",
        };
        let path = format!("{arrow} {} → {}", scenario.place_name(hop.from), scenario.place_name(hop.to));
        table.row(vec![path, hop.packet.to_string()]);
        let mut notes: Vec<String> = hop.rewrites.iter().map(ToString::to_string).collect();
        notes.extend(hop.x_forwarded_for.map(|xff| format!("X-Forwarded-For: {xff}, X-Real-IP: {xff}")));
        rewrites_after.push(notes);
    }
    let mut lines = String::new();
    table.render(&mut lines);
    for (line, rewrites) in lines.lines().zip(rewrites_after) {
        let _ = writeln!(out, "{line}");
        for rewrite in rewrites {
            let _ = writeln!(out, "    {rewrite}");
        }
    }
}

/// `kube-proxy rules on node-b (iptables):`, then per rule an aligned
/// `table/chain  meaning` line and the rule on the next line, indented.
fn rules(scenario: &Scenario, trace: &Trace, out: &mut String) {
    let entry = trace.connection.entry;
    let node = scenario.node(entry).map_or_else(|| entry.to_string(), |n| n.name.clone());
    let _ = writeln!(out, "kube-proxy rules on {node} (iptables):");
    let mut table = Columns::new(&[Align::Left, Align::Left]);
    for step in &trace.rules {
        table.row(vec![format!("{}/{}", step.table, step.chain), step.meaning.clone()]);
    }
    let mut lines = String::new();
    table.render(&mut lines);
    for (line, step) in lines.lines().zip(&trace.rules) {
        let _ = writeln!(out, "  {line}");
        let _ = writeln!(out, "      {}", step.rule);
    }
}

fn outcome(scenario: &Scenario, trace: &Trace, out: &mut String) {
    let lb = scenario.place_name(Place::LoadBalancer);
    if trace.stopped_at_load_balancer() {
        let why = trace.unanswered.map_or_else(|| format!("it {}", trace.lb_step), |n| n.to_string());
        let _ = writeln!(out, "DROPPED at the {lb}, before any node: {why}. The client times out.");
        return;
    }
    let _ = match trace.outcome {
        Outcome::Delivered { pod, seen_source } => {
            let node = scenario.pod(pod).and_then(|p| scenario.node(p.node)).map_or("?", |n| n.name.as_str());
            // Who rewrote the source: the load balancer itself (an NLB with IP targets) or kube-proxy.
            let by_lb = trace.hops.iter().any(|h| {
                h.from == Place::LoadBalancer && h.rewrites.iter().any(|r| matches!(r, Rewrite::Snat { .. }))
            });
            let whose = if trace.ingress.is_some() {
                "the ingress controller's pod; the client's address is in X-Forwarded-For".to_string()
            } else if seen_source == scenario.client.ip {
                "the client's own address".to_string()
            } else if by_lb {
                format!("not the client's {}: the {lb} put its own private address there", scenario.client.ip)
            } else {
                format!("not the client's {}: kube-proxy masqueraded it", scenario.client.ip)
            };
            writeln!(
                out,
                "Delivered to {} on {node}, which sees source IP {seen_source} ({whose}).",
                scenario.place_name(Place::Pod(pod))
            )
        }
        Outcome::Dropped { node } => writeln!(
            out,
            "DROPPED on {}: no local endpoints (externalTrafficPolicy Local), so the client times out.",
            scenario.place_name(Place::Node(node))
        ),
        Outcome::Rejected { .. } if trace.ingress.is_some() => Ok(()),
        Outcome::Rejected { node } => writeln!(
            out,
            "REJECTED on {}: no usable endpoint anywhere, so it answers ICMP port unreachable and the client fails at once.",
            scenario.place_name(Place::Node(node))
        ),
    };
}
