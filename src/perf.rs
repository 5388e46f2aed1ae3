//! User Timing marks around the expensive path (a drop → new shares → table
//! and chart redrawn), read by the browser benchmark (`make bench-board`).
//! Marks are cheap and harmless when nobody reads them.

/// Set when a pod is dropped on a node.
pub const DROP: &str = "trafficlab:drop";
/// Set when the chart has been redrawn (the last thing a change updates).
pub const CHART_DRAWN: &str = "trafficlab:chart-drawn";

pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        // A failed mark only loses a measurement.
        let _ = performance.mark(name);
    }
}
