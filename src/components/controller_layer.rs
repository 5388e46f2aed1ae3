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
}

#[component]
pub fn ControllerLayer(props: &Props) -> Html {
    let Some(stage1) = props.scenario.controller_scenario() else { return Html::default() };
    let shares = props.shares.ingress.as_ref().map(|i| i.controllers.pods.clone()).unwrap_or_default();
    let view_box = format!("0 0 {} {}", props.layout.width, props.layout.height);
    let chips = stage1.pods().iter().zip(&props.layout.controllers).enumerate().map(|(i, (pod, r))| {
        let share = shares.get(i).copied().unwrap_or(0.0);
        html! {
            <g class="controller-chip" transform={format!("translate({:.1},{:.1})", r.x, r.y)}>
                <title>{ format!("ingress controller {} ({}): {} of new connections", pod.name, pod.ip, percent(share)) }</title>
                <rect width={format!("{:.1}", r.w)} height={format!("{:.1}", r.h)} rx="4" />
                <text x="4" y={format!("{:.1}", r.h - 6.0)}>{ format!("nginx {}", percent(share)) }</text>
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
