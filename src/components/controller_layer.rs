//! The ingress controller's pods, drawn as their own group: a row of chips
//! in their own colour at the bottom of each node's box (see
//! `ingress_layout`), each with its name and its share of new connections.
//! An overlay on the board, as the packets are, so the board itself is
//! untouched.

use std::rc::Rc;

use trafficlab_core::{Scenario, Shares};
use yew::prelude::*;

use crate::format::percent;
use crate::layout::Layout;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scenario: Rc<Scenario>,
    pub shares: Rc<Shares>,
    pub layout: Rc<Layout>,
    /// A lesson waits for a prediction: the controllers' shares are not shown.
    #[prop_or_default]
    pub hide_shares: bool,
}

#[component]
pub fn ControllerLayer(props: &Props) -> Html {
    let Some(stage1) = props.scenario.controller_scenario() else { return Html::default() };
    let shares = props.shares.ingress.as_ref().map(|i| i.controllers.pods.clone()).unwrap_or_default();
    let view_box = format!("0 0 {} {}", props.layout.width, props.layout.height);
    let chips = stage1.pods().iter().zip(&props.layout.controllers).enumerate().map(|(i, (pod, r))| {
        let share = shares.get(i).copied().unwrap_or(0.0);
        let (tooltip, label) = if props.hide_shares {
            (format!("ingress controller {} ({})", pod.name, pod.ip), "nginx".to_string())
        } else {
            (
                format!("ingress controller {} ({}): {} of new connections", pod.name, pod.ip, percent(share)),
                format!("nginx {}", percent(share)),
            )
        };
        html! {
            <g class="controller-chip" transform={format!("translate({:.1},{:.1})", r.x, r.y)}>
                <title>{ tooltip }</title>
                <rect width={format!("{:.1}", r.w)} height={format!("{:.1}", r.h)} rx="4" />
                <text x="4" y={format!("{:.1}", r.h - 6.0)}>{ label }</text>
            </g>
        }
    });
    html! {
        <svg class="controller-layer" viewBox={view_box} role="img"
            aria-label={format!("{} ingress controller pods", stage1.pods().len())}>
            { for chips }
        </svg>
    }
}
