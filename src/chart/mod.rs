//! The share chart: for the scenario on screen, the share of new external
//! connections each pod receives under `externalTrafficPolicy: Cluster` and
//! under `Local`, as grouped bars (Cluster and Local side by side per pod), with
//! a dashed line at the even share (1 / number of Ready pods).
//!
//! Cluster spreads connections evenly over every Ready pod, so its bars sit on
//! the line. Local splits each node's load-balancer share among that node's own
//! pods, so pods on crowded nodes fall below the line and lone pods rise above
//! it: the cost of Local at a glance.
//!
//! Pure drawing code, no web APIs: [`draw`] is generic over plotters'
//! [`DrawingBackend`], so the browser renders it to a canvas
//! (`components::share_chart`) and native tests render it to SVG. Bars snap to
//! whole pixels, so thin bars (thousands of pods) never vanish; beyond
//! [`LABEL_LIMIT`] pods the pod names are dropped, and each series is a single
//! `draw_series` call, so 2000 pods still draw quickly.

mod draw;

pub use draw::{draw, draw_scaled};
use plotters::prelude::{RGBColor, WHITE};
use trafficlab_core::{EndpointState, Scenario, Shares};

use crate::format::percent_small;

/// Above this many pods the chart drops the pod names and draws thin bars.
pub const LABEL_LIMIT: usize = 40;

/// Cluster bars.
pub const CLUSTER_COLOR: RGBColor = RGBColor(0x0b, 0x5c, 0xad);
/// Local bars.
pub const LOCAL_COLOR: RGBColor = RGBColor(0xd9, 0x48, 0x0f);
/// The dashed even-share line.
pub const EVEN_COLOR: RGBColor = RGBColor(0x44, 0x44, 0x44);

/// The colours the chart is drawn in. A canvas does not follow the page's
/// stylesheet, so the component picks the theme that matches the page's
/// (`prefers-color-scheme` in static/app.css).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Theme {
    pub background: RGBColor,
    /// Text.
    pub ink: RGBColor,
    pub axis: RGBColor,
    pub grid: RGBColor,
    pub cluster: RGBColor,
    pub local: RGBColor,
    pub even: RGBColor,
}

impl Theme {
    /// Dark on white.
    pub const LIGHT: Theme = Theme {
        background: WHITE,
        ink: RGBColor(0x22, 0x22, 0x22),
        axis: RGBColor(0x66, 0x66, 0x66),
        grid: RGBColor(0xe4, 0xe4, 0xe4),
        cluster: CLUSTER_COLOR,
        local: LOCAL_COLOR,
        even: EVEN_COLOR,
    };
    /// Light on the dark theme's `--surface` (static/app.css), with lighter
    /// bars so they keep 3:1 against it.
    pub const DARK: Theme = Theme {
        background: RGBColor(0x11, 0x18, 0x27),
        ink: RGBColor(0xe5, 0xe7, 0xeb),
        axis: RGBColor(0x9c, 0xa3, 0xaf),
        grid: RGBColor(0x37, 0x41, 0x51),
        cluster: RGBColor(0x60, 0xa5, 0xfa),
        local: RGBColor(0xfb, 0x92, 0x3c),
        even: RGBColor(0xd1, 0xd5, 0xdb),
    };
}

/// The app's font stack (static/app.css), minus the quoted names.
/// Named directly, not from a `&str`: plotters lowercases a string to look
/// for generic names, which pulls Unicode's case tables (~13 KB) into the wasm.
const FONT: plotters::style::FontFamily<'static> = plotters::style::FontFamily::Name("system-ui, sans-serif");
/// Text size in CSS pixels: tick labels, pod names, axis titles, legend.
const TEXT_PX: f64 = 15.0;
/// The "no pods" note.
const NOTE_PX: f64 = 20.0;
/// Rough width of a character in ems, for planning the layout without
/// measuring (measuring text in the browser touches the DOM each time).
const CHAR_EM: f64 = 0.6;
/// Longest pod name shown in full; longer ones end in "…".
const MAX_LABEL_CHARS: usize = 12;

/// What the chart shows: one entry per pod, in scenario order.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartData {
    pub pods: Vec<ChartPod>,
    /// 1 / number of Ready pods; `None` without a Ready pod.
    pub even_share: Option<f64>,
}

/// One pod's share of new external connections under each policy (0 to 1).
#[derive(Clone, Debug, PartialEq)]
pub struct ChartPod {
    pub name: String,
    pub cluster: f64,
    pub local: f64,
}

impl ChartData {
    /// Built from the core's shares under both policies (pods in scenario order).
    pub fn new(scenario: &Scenario, cluster: &Shares, local: &Shares) -> Self {
        let share = |shares: &Shares, i: usize| shares.pods.get(i).copied().unwrap_or(0.0);
        let pods = scenario
            .pods()
            .iter()
            .enumerate()
            .map(|(i, pod)| ChartPod { name: pod.name.clone(), cluster: share(cluster, i), local: share(local, i) })
            .collect();
        let ready = scenario.pods().iter().filter(|p| p.state == EndpointState::Ready).count();
        ChartData { pods, even_share: (ready > 0).then(|| 1.0 / ready as f64) }
    }

    /// One sentence for screen readers, e.g. "Share per pod, Cluster vs Local:
    /// Local ranges from 11.1% to 33.3%, Cluster gives 16.7% each; the even
    /// share is 16.7%".
    pub fn summary(&self) -> String {
        const HEAD: &str = "Share per pod, Cluster vs Local";
        if self.pods.is_empty() {
            return format!("{HEAD}: no pods");
        }
        let local = spread("Local", self.pods.iter().map(|p| p.local));
        let cluster = spread("Cluster", self.pods.iter().map(|p| p.cluster));
        let even = match self.even_share {
            Some(even) => format!("the even share is {}", percent_small(even)),
            None => "no pod is Ready, so there is no even share".to_string(),
        };
        format!("{HEAD}: {local}, {cluster}; {even}")
    }
}

/// "Local ranges from 11.1% to 33.3%" or "Cluster gives 16.7% each".
fn spread(policy: &str, shares: impl Iterator<Item = f64>) -> String {
    let (lo, hi) = shares.map(clean).fold((f64::INFINITY, 0.0f64), |(lo, hi), s| (lo.min(s), hi.max(s)));
    let (lo, hi) = (percent_small(lo.min(hi)), percent_small(hi));
    if lo == hi {
        format!("{policy} gives {lo} each")
    } else {
        format!("{policy} ranges from {lo} to {hi}")
    }
}

/// A share fit to draw: finite, 0 to 1.
fn clean(share: f64) -> f64 {
    if share.is_finite() {
        share.clamp(0.0, 1.0)
    } else {
        0.0
    }
}
