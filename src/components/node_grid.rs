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

/// The shades and what they mean, under the load balancer.
fn legend(layout: &Layout, most: f64) -> Html {
    let y = layout.load_balancer.map_or(layout.client.y + layout.client.h, |lb| lb.y + lb.h) + 6.0;
    let swatches = (1..=SHADES).map(|s| {
        let x = 20.0 + (s - 1) as f64 * 150.0;
        let upto = most * s as f64 / SHADES as f64;
        html! {
            <>
                <rect class={classes!("cell", format!("shade-{s}"))} x={x.to_string()} y={y.to_string()} width="12" height="12" />
                <text class="legend" x={(x + 16.0).to_string()} y={(y + 10.5).to_string()}>{ format!("≤ {} a pod", percent_small(upto)) }</text>
            </>
        }
    });
    let x = 20.0 + SHADES as f64 * 150.0;
    html! {
        <g class="grid-legend" aria-hidden="true">
            { for swatches }
            <rect class="cell drops" x={x.to_string()} y={y.to_string()} width="12" height="12" />
            <text class="legend" x={(x + 16.0).to_string()} y={(y + 10.5).to_string()}>{ "drops" }</text>
            <rect class="cell skipped" x={(x + 70.0).to_string()} y={y.to_string()} width="12" height="12" />
            <text class="legend" x={(x + 86.0).to_string()} y={(y + 10.5).to_string()}>{ "skipped by the LB" }</text>
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
