//! Every node as one square of a dense grid, at the grid level of detail
//! ([`Detail::Grid`](crate::scale::Detail)): shaded by what each of its pods
//! gets on average (relative to the node whose pods get most), which is what
//! `Local` makes uneven; red where kube-proxy drops or rejects, grey where the
//! load balancer skips the node, and a legend saying so. The grid is one image for assistive technology, named
//! by a summary; each square's tooltip names its node. Pressing a square
//! starts dragging one of its pods (the board handles the pointer).

use std::rc::Rc;

use trafficlab_core::{Scenario, Shares};
use yew::prelude::*;

use crate::describe::NodeFate;
use crate::format::{percent, percent_small};
use crate::layout::Layout;

/// Shades of share; a node's is `ceil(SHADES × per_pod / most)`, 0 for none.
pub const SHADES: usize = 4;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scenario: Rc<Scenario>,
    pub shares: Rc<Shares>,
    pub layout: Rc<Layout>,
    /// Pods per node.
    pub pod_counts: Rc<Vec<usize>>,
}

/// What each node's pods get on average: the sum of their shares over their
/// number (0 for a node without pods).
pub fn per_pod_shares(scenario: &Scenario, shares: &Shares) -> Vec<f64> {
    let mut sums = vec![(0.0, 0usize); scenario.nodes().len()];
    for (pod, share) in scenario.pods().iter().zip(&shares.pods) {
        if let Some((sum, count)) = sums.get_mut(pod.node.index()) {
            *sum += share;
            *count += 1;
        }
    }
    sums.into_iter().map(|(sum, count)| if count > 0 { sum / count as f64 } else { 0.0 }).collect()
}

/// The shade of a node's LB share against the busiest node's, `0..=SHADES`.
pub fn shade(share: f64, most: f64) -> usize {
    if !(share > 0.0 && most > 0.0) {
        return 0;
    }
    ((share / most * SHADES as f64).ceil() as usize).clamp(1, SHADES)
}

/// The accessible summary: what the grid shows and what stands out.
pub fn grid_summary(scenario: &Scenario, shares: &Shares) -> String {
    let nodes = shares.nodes.len();
    let per_pod = per_pod_shares(scenario, shares);
    let most = per_pod.iter().copied().fold(0.0, f64::max);
    let least = per_pod.iter().copied().filter(|&s| s > 0.0).fold(most, f64::min);
    let count = |fate: NodeFate| shares.nodes.iter().filter(|n| NodeFate::of(n) == fate).count();
    let (drop, skipped) = (count(NodeFate::Drops) + count(NodeFate::Rejects), count(NodeFate::Skipped));
    format!(
        "{nodes} nodes as squares shaded by what each of their pods gets, {} pods; a pod gets from {} to {}; {drop} nodes drop or reject, {skipped} are skipped by the load balancer",
        scenario.pods().len(),
        percent_small(least),
        percent_small(most)
    )
}

#[component]
pub fn NodeGrid(props: &Props) -> Html {
    let per_pod = per_pod_shares(&props.scenario, &props.shares);
    let most = per_pod.iter().copied().fold(0.0, f64::max);
    let inset = |w: f64| if w >= 4.0 { 0.5 } else { 0.0 };
    let cells = props.scenario.nodes().iter().zip(&props.shares.nodes).zip(&props.layout.nodes).enumerate().map(
        |(i, ((node, share), r))| {
            let fate = NodeFate::of(share);
            let each = per_pod.get(i).copied().unwrap_or(0.0);
            let class = classes!("cell", format!("shade-{}", shade(each, most)), fate.class());
            let pods = props.pod_counts.get(i).copied().unwrap_or(0);
            let d = inset(r.w);
            html! {
                <rect {class} x={(r.x + d).to_string()} y={(r.y + d).to_string()}
                      width={(r.w - 2.0 * d).max(0.0).to_string()} height={(r.h - 2.0 * d).max(0.0).to_string()}>
                    <title>{ format!("{}: LB share {}, {pods} pods, {} each", node.name, percent(share.lb), percent_small(each)) }</title>
                </rect>
            }
        },
    );
    html! {
        <g class="node-grid" role="img" aria-label={grid_summary(&props.scenario, &props.shares)}>
            { for cells }
            { legend(&props.layout, most) }
        </g>
    }
}

/// The legend's text size, in viewBox units (`.legend` in static/app.css),
/// and the smaller one of a legend that takes two rows (`.grid-legend.tight`).
const LEGEND_PX: f64 = 12.0;
const TIGHT_PX: f64 = 11.0;
/// A swatch and the space between it and its words.
const SWATCH: f64 = 12.0;
const SWATCH_GAP: f64 = 4.0;
/// Space between entries (less in a two-row legend), and the margin the
/// legend keeps from the board's sides.
const ENTRY_GAP: f64 = 14.0;
const TIGHT_GAP: f64 = 10.0;
const MARGIN: f64 = 20.0;

/// One entry of the legend: a swatch's classes (none for a caption) and its words.
struct Entry {
    swatch: Option<Classes>,
    text: String,
}

impl Entry {
    /// Its estimated width at `font_px`, swatch included.
    fn width(&self, font_px: f64) -> f64 {
        let swatch = if self.swatch.is_some() { SWATCH + SWATCH_GAP } else { 0.0 };
        swatch + self.text.chars().count() as f64 * crate::fit::CHAR_EM * font_px
    }
}

/// The entries: each shade with the most a pod of it gets, then the fates.
/// `short` gives each shade only its number and says what the numbers are
/// once, in a caption after them.
fn entries(most: f64, short: bool) -> Vec<Entry> {
    let swatch = |class: String| Some(classes!("cell", class));
    let mut entries: Vec<Entry> = (1..=SHADES)
        .map(|s| {
            let upto = percent_small(most * s as f64 / SHADES as f64);
            let text = if short { upto } else { format!("≤ {upto} a pod") };
            Entry { swatch: swatch(format!("shade-{s}")), text }
        })
        .collect();
    if short {
        entries.push(Entry { swatch: None, text: "= most a pod gets".into() });
    }
    entries.push(Entry { swatch: swatch("drops".into()), text: "drops".into() });
    entries.push(Entry { swatch: swatch("skipped".into()), text: "skipped by the LB".into() });
    entries
}

/// Places entries `widths` wide left to right from `left`, starting a new
/// row where the next would end past `right`: each entry's x and row. An
/// entry wider than the row takes a row of its own.
pub fn flow(widths: &[f64], left: f64, right: f64, gap: f64) -> Vec<(f64, usize)> {
    let (mut x, mut row) = (left, 0);
    widths
        .iter()
        .map(|&w| {
            if x > left && x + w > right {
                (x, row) = (left, row + 1);
            }
            let at = (x, row);
            x += w + gap;
            at
        })
        .collect()
}

/// The shades and what they mean, under the load balancer: in one row at
/// the usual size where it fits (a desktop board), else in two rows of
/// shorter entries at a smaller size (a phone's or the presenter's board),
/// so every entry shows inside the board.
fn legend(layout: &Layout, most: f64) -> Html {
    let top = layout.load_balancer.map_or(layout.client.y + layout.client.h, |lb| lb.y + lb.h);
    let right = layout.width - MARGIN;
    let place = |entries: &[Entry], font_px: f64, gap: f64| {
        let widths: Vec<f64> = entries.iter().map(|e| e.width(font_px)).collect();
        flow(&widths, MARGIN, right, gap)
    };
    let wide = entries(most, false);
    let at = place(&wide, LEGEND_PX, ENTRY_GAP);
    let (entries, at, tight, y, pitch) = if at.iter().all(|&(_, row)| row == 0) {
        (wide, at, false, top + 6.0, 0.0)
    } else {
        let short = entries(most, true);
        let at = place(&short, TIGHT_PX, TIGHT_GAP);
        (short, at, true, top + 2.0, TIGHT_PX + 1.0)
    };
    let size = if tight { TIGHT_PX - 1.0 } else { SWATCH };
    let items = entries.into_iter().zip(at).map(|(entry, (x, row))| {
        let y = y + row as f64 * pitch;
        let text_x = if entry.swatch.is_some() { x + size + SWATCH_GAP } else { x };
        html! {
            <>
                if let Some(class) = entry.swatch {
                    <rect {class} x={x.to_string()} y={y.to_string()} width={size.to_string()} height={size.to_string()} />
                }
                <text class="legend" x={text_x.to_string()} y={(y + size - 1.5).to_string()}>{ entry.text }</text>
            </>
        }
    });
    html! {
        <g class={classes!("grid-legend", tight.then_some("tight"))} aria-hidden="true">
            { for items }
        </g>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shades_run_from_none_to_the_busiest() {
        let cases = [
            (0.0, 0.5, 0),
            (0.5, 0.0, 0),
            (f64::NAN, 1.0, 0),
            (1e-9, 0.5, 1),
            (0.25, 1.0, 1),
            (0.26, 1.0, 2),
            (0.5, 0.5, SHADES),
            (2.0, 1.0, SHADES),
        ];
        for (lb, busiest, want) in cases {
            assert_eq!(shade(lb, busiest), want, "{lb} of {busiest}");
        }
    }

    #[test]
    fn the_legend_flows_into_rows_that_fit() {
        // Four entries 100 wide in a row from 20 to 380 with 10 between: three fit.
        assert_eq!(flow(&[100.0; 4], 20.0, 380.0, 10.0), vec![(20.0, 0), (130.0, 0), (240.0, 0), (20.0, 1)]);
        // Everything fits one row of a wide board.
        assert!(flow(&[100.0; 6], 20.0, 860.0, 14.0).iter().all(|&(_, row)| row == 0));
        // An entry wider than the row takes a row of its own and is never skipped.
        assert_eq!(flow(&[50.0, 500.0, 50.0], 20.0, 380.0, 10.0), vec![(20.0, 0), (20.0, 1), (20.0, 2)]);
        assert_eq!(flow(&[], 20.0, 380.0, 10.0), vec![]);
    }

    #[test]
    fn a_narrow_board_fits_the_short_legend_in_two_rows() {
        // 150 000 pods over 5 000 nodes: shares near 0.0017% a pod.
        let most = 0.000_017;
        for width in [crate::layout::NARROW_WIDTH, crate::layout::PRESENTER_WIDTH] {
            let short = entries(most, true);
            let widths: Vec<f64> = short.iter().map(|e| e.width(TIGHT_PX)).collect();
            let at = flow(&widths, MARGIN, width - MARGIN, TIGHT_GAP);
            assert!(at.iter().all(|&(_, row)| row <= 1), "{width}: {at:?}");
            for ((x, _), w) in at.iter().zip(&widths) {
                assert!(x + w <= width - MARGIN, "{width}: an entry at {x} ends past the board");
            }
        }
        // The usual board keeps one row of full entries.
        let wide: Vec<f64> = entries(most, false).iter().map(|e| e.width(LEGEND_PX)).collect();
        assert!(flow(&wide, MARGIN, crate::layout::WIDTH - MARGIN, ENTRY_GAP).iter().all(|&(_, row)| row == 0));
    }

    #[test]
    fn per_pod_shares_show_locals_imbalance_and_empty_nodes() {
        use trafficlab_core::{EndpointState::Ready, ExternalTrafficPolicy};
        let s = Scenario::from_layout(ExternalTrafficPolicy::Local, &[vec![Ready], vec![Ready; 3], vec![]]).unwrap();
        let each = per_pod_shares(&s, &s.shares());
        assert_eq!(each.len(), 3);
        assert!((each[0] - 0.5).abs() < 1e-12 && (each[1] - 0.5 / 3.0).abs() < 1e-12, "{each:?}");
        assert_eq!(each[2], 0.0);
        assert!(grid_summary(&s, &s.shares()).contains("from 16.7% to 50.0%"));
    }
}
