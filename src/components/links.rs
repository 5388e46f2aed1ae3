//! The client, the load balancer and the lines from it to every node, as thick
//! as the node's share of connections (dashed when the LB skips the node).

use std::rc::Rc;

use trafficlab_core::{Scenario, ServiceType, Shares};
use yew::prelude::*;

use crate::describe::{lb_mode, lb_title, provider_assumption};
use crate::layout::{Detail, Layout, Point, Rect};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scenario: Rc<Scenario>,
    pub shares: Rc<Shares>,
    pub layout: Rc<Layout>,
}

/// Line width for a share: thin but visible at 0, thick at 1.
fn width(share: f64) -> f64 {
    1.5 + 14.0 * share
}

#[component]
pub fn Links(props: &Props) -> Html {
    let mode = use_memo((props.scenario.clone(), props.shares.clone()), |(s, shares)| lb_mode(s, shares));
    let layout = &props.layout;
    let from = layout.load_balancer.map_or(layout.client.bottom(), |lb| lb.bottom());
    // A grid's squares are too small and too many for a line each: one line
    // goes to the grid, and the squares' shades tell the shares.
    let per_node = layout.detail != Detail::Grid;
    let lines = layout.nodes.iter().zip(&props.shares.nodes).filter(|_| per_node).map(|(rect, share)| {
        let class = classes!("link", share.skipped_by_lb().then_some("skipped"));
        html! { <path {class} d={path(from, rect.top())} stroke-width={width(share.lb).to_string()} /> }
    });
    let s = &props.scenario;
    let assumption = match s.service.service_type {
        ServiceType::LoadBalancer => provider_assumption(s.load_balancer.provider.kind()),
        ServiceType::NodePort => None,
    };
    html! {
        <g class="links">
            if let Some(lb) = layout.load_balancer {
                <path class="link" d={path(layout.client.bottom(), lb.top())} stroke-width={width(1.0).to_string()} />
            }
            { for lines }
            if !per_node {
                <path class="link" d={path(from, Point { x: layout.width / 2.0, y: layout.nodes.first().map_or(from.y, |r| r.y) })}
                    stroke-width={width(1.0).to_string()} />
            }
            { labelled_box("client", &layout.client, "client", &s.client.ip.to_string(), None) }
            if let Some(lb) = layout.load_balancer {
                { labelled_box("lb", &lb, &lb_title(s), &mode, assumption) }
            }
        </g>
    }
}

/// A gentle S-curve from `a` down to `b`.
fn path(a: Point, b: Point) -> String {
    let mid = (a.y + b.y) / 2.0;
    format!("M{:.1},{:.1} C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}", a.x, a.y, a.x, mid, b.x, mid, b.x, b.y)
}

/// A box with a title and a detail line; `note` (a modelling assumption) is its tooltip.
fn labelled_box(class: &'static str, r: &Rect, title: &str, detail: &str, note: Option<&str>) -> Html {
    let c = r.center();
    html! {
        <g class={classes!("box", class)}>
            if let Some(note) = note { <title>{ note.to_string() }</title> }
            <rect x={r.x.to_string()} y={r.y.to_string()} width={r.w.to_string()} height={r.h.to_string()} rx="10" />
            <text class="box-title" x={c.x.to_string()} y={(r.y + 22.0).to_string()} text-anchor="middle">{ title.to_string() }</text>
            <text class="box-detail" x={c.x.to_string()} y={(r.y + 42.0).to_string()} text-anchor="middle">{ detail.to_string() }</text>
        </g>
    }
}
