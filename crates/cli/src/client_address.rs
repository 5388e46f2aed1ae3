//! The parts of a `trace` report about the client's address: the PROXY
//! protocol header the load balancer writes (the v1 line, or the v2 bytes
//! field by field), what an ingress controller did with the request, and
//! what the app makes of a header it does not expect (or misses).

use std::fmt::Write;

use trafficlab_core::{Outcome, Place, ProxyHeader, ProxyProtocol, Scenario, Trace};

use crate::columns::{Align, Columns};

/// `PROXY protocol v1 header (48 bytes) at the start of the first data
/// segment:` then the line, or for v2 an annotated hex dump.
pub fn proxy_header(header: &ProxyHeader, out: &mut String) {
    let bytes = header.bytes().len();
    let _ = writeln!(
        out,
        "PROXY protocol {} header ({bytes} bytes) at the start of the first data segment:",
        header.version
    );
    if header.version == ProxyProtocol::V1 {
        let _ = writeln!(out, "  {}\\r\\n", header.v1_line().trim_end());
        return;
    }
    let mut table = Columns::new(&[Align::Right, Align::Left, Align::Left, Align::Left]);
    for field in header.fields() {
        let end = field.offset + field.bytes.len() - 1;
        let at = if end == field.offset { field.offset.to_string() } else { format!("{}-{end}", field.offset) };
        table.row(vec![at, field.hex(), field.name.to_string(), field.meaning.clone()]);
    }
    let mut lines = String::new();
    table.render(&mut lines);
    for line in lines.lines() {
        let _ = writeln!(out, "  {line}");
    }
}

/// What the ingress controller answered itself, and what the app made of
/// the connection's first bytes when they did not match what it expects.
pub fn after_outcome(scenario: &Scenario, trace: &Trace, out: &mut String) {
    if let Some(leg) = trace.ingress {
        let controller = scenario.place_name(Place::Controller(leg.controller));
        let _ = match (leg.pod, leg.answer) {
            (Some(_), _) => writeln!(out, "The {controller} chose the pod round robin over the app's Ready pods, by pod IP (kube-proxy and the app's externalTrafficPolicy are bypassed)."),
            (None, Some(503)) => writeln!(out, "ANSWERED 503 by the {controller}: the app has no Ready pod."),
            (None, _) => writeln!(out, "REFUSED by the {controller}: {}.", leg.reception),
        };
        return;
    }
    let reception = scenario.app_reception();
    let delivered = matches!(trace.outcome, Outcome::Delivered { .. });
    match trace.proxy_header() {
        _ if delivered && !reception.served() => {
            let _ = writeln!(out, "But {reception}.");
        }
        Some(header) if delivered => {
            let _ = writeln!(out, "The app reads the client's address {} from the PROXY header.", header.source);
        }
        _ => {}
    }
}
