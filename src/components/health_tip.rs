//! The full healthCheckNodePort answer of one node (status, headers, JSON
//! body) as kube-proxy sends it, shown while its badge is hovered or focused.

use std::rc::Rc;

use trafficlab_core::{NodeId, Scenario};
use yew::prelude::*;

use crate::layout::Layout;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scenario: Rc<Scenario>,
    pub node: NodeId,
    pub layout: Rc<Layout>,
}

/// The tip's width in board units.
const TIP_W: f64 = 330.0;

#[component]
pub fn HealthTip(props: &Props) -> Html {
    let response =
        use_memo((props.scenario.clone(), props.node), |(s, node)| s.health_check(*node).map(|r| r.to_string()));
    let (Some(text), Some(rect)) = (response.as_ref(), props.layout.nodes.get(props.node.index())) else {
        return Html::default();
    };
    // Below the badge, kept inside the board. The tip is HTML laid over the
    // SVG (Yew would create a foreignObject's children in the SVG namespace),
    // placed in percentages of the board, which the SVG scales uniformly.
    let layout = &props.layout;
    let x = (rect.x + rect.w - TIP_W).clamp(0.0, (layout.width - TIP_W).max(0.0));
    let y = rect.y + 50.0;
    let style = format!(
        "left: {:.3}%; top: {:.3}%; width: {:.3}%",
        100.0 * x / layout.width,
        100.0 * y / layout.height,
        100.0 * TIP_W / layout.width
    );
    let port = props.scenario.service.health_check_node_port;
    let ip = props.scenario.node(props.node).map(|n| n.ip.to_string()).unwrap_or_default();
    html! {
        <div role="tooltip" id="health-tip" class="health-tip-body" {style}>
            <div class="health-tip-title">{ format!("GET http://{ip}:{port}/") }</div>
            <pre>{ text }</pre>
        </div>
    }
}
