//! What the kernel did next to what the core says: per pod its share of the
//! connections (the core's exact share, the core's own sampled run with the
//! same seed and count, the kernel's), the source addresses it saw, the
//! connections that timed out or were refused, and the χ² test over all of
//! those fates together.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::net::Ipv4Addr;
use std::time::Duration;

use trafficlab_core::Scenario;

use crate::client::Seen;
use crate::expect::{self, Fate};
use crate::stats::{chi_square, chi_square_p_value, ALPHA};
use crate::LabOptions;

/// The comparison of one lab run.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// No unexpected fate, and the χ² test's p-value is at least [`ALPHA`].
    pub agrees: bool,
    pub chi_square: f64,
    pub degrees_of_freedom: usize,
    pub p_value: f64,
    /// Fates the core gives no chance at all, with how often they happened.
    pub unexpected: Vec<String>,
    /// Connections per pod, in scenario order, as the kernel delivered them.
    pub pods: Vec<u64>,
    pub timed_out: u64,
    pub refused: u64,
    text: String,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

pub(crate) fn compare(s: &Scenario, options: &LabOptions, seen: &[Seen], elapsed: Duration) -> Report {
    let prediction = expect::prediction(s);
    let (counts, mut unexpected) = tally(s, seen);
    for (fate, &count) in &counts {
        if !prediction.iter().any(|(f, p)| f == fate && *p > 0.0) {
            unexpected.push(format!("{} {count}× (the core says never)", describe(s, *fate)));
        }
    }
    let observed: Vec<u64> = prediction.iter().map(|(f, _)| counts.get(f).copied().unwrap_or(0)).collect();
    let probabilities: Vec<f64> = prediction.iter().map(|&(_, p)| p).collect();
    let (statistic, df) = chi_square(&observed, &probabilities);
    let p_value = chi_square_p_value(statistic, df);
    let mut report = Report {
        agrees: unexpected.is_empty() && p_value >= ALPHA,
        chi_square: statistic,
        degrees_of_freedom: df,
        p_value,
        unexpected,
        pods: (0..s.pods().len())
            .map(|i| {
                counts
                    .iter()
                    .filter(|(f, _)| matches!(f, Fate::Answered { pod, .. } if *pod == i))
                    .map(|(_, n)| n)
                    .sum()
            })
            .collect(),
        timed_out: counts.get(&Fate::TimedOut).copied().unwrap_or(0),
        refused: counts.get(&Fate::Refused).copied().unwrap_or(0),
        text: String::new(),
    };
    report.text = render(s, options, &prediction, &counts, &report, elapsed);
    report
}

/// Counts per fate, and what could not be read as a fate at all.
fn tally(s: &Scenario, seen: &[Seen]) -> (BTreeMap<Fate, u64>, Vec<String>) {
    let mut counts = BTreeMap::new();
    let mut failures: BTreeMap<String, u64> = BTreeMap::new();
    for one in seen {
        let fate = match one {
            Seen::Answered { pod, source } => match s.pod_id(pod) {
                Some(id) => Fate::Answered { pod: id.index(), source: *source },
                None => {
                    *failures.entry(format!("an answer from unknown pod {pod}")).or_default() += 1;
                    continue;
                }
            },
            Seen::TimedOut => Fate::TimedOut,
            Seen::Refused => Fate::Refused,
            Seen::Failed(why) => {
                *failures.entry(why.clone()).or_default() += 1;
                continue;
            }
        };
        *counts.entry(fate).or_default() += 1;
    }
    (counts, failures.into_iter().map(|(why, n)| format!("{why} {n}×")).collect())
}

fn describe(s: &Scenario, fate: Fate) -> String {
    match fate {
        Fate::Answered { pod, source } => {
            let name = s.pods().get(pod).map_or("?", |p| p.name.as_str());
            format!("{name} saw {source} ({})", source_label(s, source))
        }
        Fate::TimedOut => "timed out".to_string(),
        Fate::Refused => "refused".to_string(),
    }
}

/// Whose address a pod saw: the client's, a node's IP, or a node's `cni0` gateway.
fn source_label(s: &Scenario, source: Ipv4Addr) -> String {
    if source == s.client.ip {
        return "the client".to_string();
    }
    for node in s.nodes() {
        if node.ip == source {
            return format!("{}'s IP", node.name);
        }
        if node.pod_cidr.gateway() == source {
            return format!("{}'s cni0 gateway", node.name);
        }
    }
    "unknown".to_string()
}

fn percent(part: f64) -> String {
    format!("{:.1}%", 100.0 * part)
}

fn render(
    s: &Scenario,
    options: &LabOptions,
    prediction: &[(Fate, f64)],
    counts: &BTreeMap<Fate, u64>,
    report: &Report,
    elapsed: Duration,
) -> String {
    let n = options.connections;
    let shares = s.shares();
    let sample = s.simulate(options.seed, n);
    let mut out = String::new();
    let title = s.title.as_deref().unwrap_or("scenario");
    let _ = writeln!(out, "trafficlab lab: {title}");
    let _ = writeln!(
        out,
        "{n} connections from {} to {}:{} through the kernel: kube-proxy {} mode on {} nodes, {:.1} s\n",
        s.client.ip,
        s.load_balancer.ip,
        s.service.port,
        options.mode,
        s.nodes().len(),
        elapsed.as_secs_f64()
    );
    let _ = writeln!(
        out,
        "{:<10} {:<8} {:>7} {:>9} {:>16}   source the pod saw: kernel (core)",
        "pod", "node", "core", "sample", "kernel"
    );
    for (i, pod) in s.pods().iter().enumerate() {
        let node = s.nodes().get(pod.node.index()).map_or("?", |n| n.name.as_str());
        let core = shares.pods.get(i).copied().unwrap_or(0.0);
        let sampled = sample.pods.get(i).copied().unwrap_or(0) as f64 / n as f64;
        let kernel = report.pods[i];
        let sources = sources_of(s, i, prediction, counts, n);
        let observed = format!("{} ({kernel})", percent(kernel as f64 / n as f64));
        let _ = writeln!(
            out,
            "{:<10} {node:<8} {:>7} {:>9} {observed:>16}   {sources}",
            pod.name,
            percent(core),
            percent(sampled)
        );
    }
    for (label, core, sampled, kernel) in [
        ("timed out", shares.dropped, sample.dropped, report.timed_out),
        ("refused", shares.rejected, sample.rejected, report.refused),
    ] {
        let observed = format!("{} ({kernel})", percent(kernel as f64 / n as f64));
        let _ =
            writeln!(out, "{label:<19} {:>7} {:>9} {observed:>16}", percent(core), percent(sampled as f64 / n as f64));
    }
    for line in &report.unexpected {
        let _ = writeln!(out, "unexpected: {line}");
    }
    let verdict = if report.agrees { "the kernel agrees with the core" } else { "the kernel DIFFERS from the core" };
    let _ = writeln!(
        out,
        "\nχ² = {:.2} with {} degrees of freedom: p = {:.4} (threshold {ALPHA}): {verdict}.",
        report.chi_square, report.degrees_of_freedom, report.p_value
    );
    out
}

/// `203.0.113.10 the client 205 (200.0)`, one entry per source seen or expected.
fn sources_of(s: &Scenario, pod: usize, prediction: &[(Fate, f64)], counts: &BTreeMap<Fate, u64>, n: u64) -> String {
    let mut sources: BTreeMap<Ipv4Addr, (u64, f64)> = BTreeMap::new();
    for (fate, p) in prediction {
        if let Fate::Answered { pod: i, source } = fate {
            if *i == pod {
                sources.entry(*source).or_default().1 += p * n as f64;
            }
        }
    }
    for (fate, count) in counts {
        if let Fate::Answered { pod: i, source } = fate {
            if *i == pod {
                sources.entry(*source).or_default().0 += count;
            }
        }
    }
    let parts: Vec<String> = sources
        .iter()
        .map(|(ip, (seen, expected))| format!("{ip} {}: {seen} ({expected:.1})", source_label(s, *ip)))
        .collect();
    if parts.is_empty() {
        "-".to_string()
    } else {
        parts.join(", ")
    }
}
