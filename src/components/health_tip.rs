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

/// Where the tip goes, in percentages of the board: below the badge, kept
/// inside the board.
fn placement(layout: &Layout, node: NodeId) -> Option<[(&'static str, f64); 3]> {
    let rect = layout.nodes.get(node.index())?;
    let x = (rect.x + rect.w - TIP_W).clamp(0.0, (layout.width - TIP_W).max(0.0));
    let y = rect.y + 50.0;
    Some([
        ("left", 100.0 * x / layout.width),
        ("top", 100.0 * y / layout.height),
        ("width", 100.0 * TIP_W / layout.width),
    ])
}

#[component]
pub fn HealthTip(props: &Props) -> Html {
    let response =
        use_memo((props.scenario.clone(), props.node), |(s, node)| s.health_check(*node).map(|r| r.to_string()));
    // The tip is HTML laid over the SVG (Yew would create a foreignObject's
    // children in the SVG namespace), placed in percentages of the board,
    // which the SVG scales uniformly. It is placed through the CSSOM, not a
    // `style=` attribute: the site runs under a CSP without 'unsafe-inline'
    // for styles, which blocks the attribute.
    let place = placement(&props.layout, props.node);
    let tip = use_node_ref();
    {
        let tip = tip.clone();
        use_effect(move || {
            if let (Some(element), Some(place)) = (tip.cast::<web_sys::HtmlElement>(), place) {
                for (property, percent) in place {
                    let _ = element.style().set_property(property, &format!("{percent:.3}%"));
                }
            }
        });
    }
    let (Some(text), Some(_)) = (response.as_ref(), place) else {
        return Html::default();
    };
    let port = props.scenario.service.health_check_node_port;
    let ip = props.scenario.node(props.node).map(|n| n.ip.to_string()).unwrap_or_default();
    html! {
        <div role="tooltip" id="health-tip" class="health-tip-body" ref={tip}>
            <div class="health-tip-title">{ format!("GET http://{ip}:{port}/") }</div>
            <pre>{ text }</pre>
        </div>
    }
}
