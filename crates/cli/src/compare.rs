//! The `compare` report: every way to keep the client's address (and even
//! load) that applies to the scenario, one row each, every figure from the
//! core's shares for the scenario that row describes (`Scenario::compare`).
//! As a table, or with `--json` one compact JSON object:
//! `{"rows":[{"fix","title","imbalance","dropped","clientIp","clientIpAt","crossNode","cost"}]}`.

use serde::Serialize;
use trafficlab_core::{Fix, FixRow, Scenario};

use crate::columns::{Align, Columns};
use crate::error::CliError;
use crate::json::ClientIpJson;
use crate::table::percent;

#[derive(Serialize)]
struct CompareJson {
    rows: Vec<RowJson>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RowJson {
    fix: Fix,
    title: &'static str,
    /// Max over min share among Ready pods; `null` when none gets anything or one gets nothing.
    imbalance: Option<f64>,
    /// Never answered (the client times out).
    dropped: f64,
    /// Rejected by kube-proxy, or refused by an ingress controller.
    failed: f64,
    client_ip: ClientIpJson,
    /// `TCP source`, `PROXY header`, `X-Forwarded-For` or `nowhere`.
    client_ip_at: &'static str,
    cross_node: f64,
    cost: &'static str,
}

fn row_json(row: &FixRow) -> RowJson {
    let s = &row.shares;
    RowJson {
        fix: row.fix,
        title: row.fix.title(),
        imbalance: s.imbalance.filter(|i| i.is_finite()),
        dropped: s.dropped,
        failed: s.lost() - s.dropped,
        client_ip: ClientIpJson::from(s.client_ip),
        client_ip_at: row.client_ip_place(),
        cross_node: s.cross_node,
        cost: row.fix.cost(),
    }
}

/// `--json`: one line of compact JSON, ending in a newline.
pub fn json(scenario: &Scenario) -> Result<String, CliError> {
    let rows = scenario.compare().iter().map(row_json).collect();
    let mut text = serde_json::to_string(&CompareJson { rows })
        .map_err(|e| CliError::new(format!("cannot write the comparison as JSON: {e}")))?;
    text.push('\n');
    Ok(text)
}

/// The table: one row per fix, then each fix's cost in words.
pub fn table(scenario: &Scenario) -> String {
    let rows = scenario.compare();
    let mut table = Columns::with_header(
        &[Align::Left, Align::Right, Align::Right, Align::Left, Align::Right],
        &["FIX", "IMBALANCE", "DROPPED", "CLIENT IP AT", "CROSS-NODE"],
    );
    for row in &rows {
        let s = &row.shares;
        let imbalance = match s.imbalance {
            None => "-".to_string(),
            Some(i) if i.is_infinite() => "∞".to_string(),
            Some(i) => format!("{i:.2}x"),
        };
        let place = row.client_ip_place();
        let fraction = s.client_ip.best();
        let at = if place == "nowhere" { place.to_string() } else { format!("{place} ({})", percent(fraction)) };
        let lost = s.lost();
        table.row(vec![row.fix.title().into(), imbalance, percent(lost), at, percent(s.cross_node)]);
    }
    let mut out = String::new();
    table.render(&mut out);
    out.push_str("\nCost:\n");
    for row in &rows {
        out.push_str(&format!("  {}: {}\n", row.fix.title(), row.fix.cost()));
    }
    out
}
