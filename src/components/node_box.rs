//! One node on the board: its box, name, IP, LB share, health-check badge and
//! what kube-proxy does there, with its pods inside. The box is the drop target.

use trafficlab_core::{HealthCheck, NodeId};
use yew::prelude::*;

use crate::describe::NodeFate;
use crate::fit::{fit, NameFonts};
use crate::format::percent;
use crate::layout::Rect;

/// Below this width (viewBox units) the header shows only name and share.
const NARROW: f64 = 240.0;
/// Below this width the name is small and the share is left to the link's
/// thickness, the tooltip and the table.
const TINY: f64 = 110.0;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub node: NodeId,
    pub name: AttrValue,
    pub ip: AttrValue,
    pub rect: Rect,
    /// The names' font sizes, to fit a long name into the header (`fit`).
    pub fonts: NameFonts,
    pub lb_share: f64,
    /// A lesson waits for a prediction: the tooltip leaves the LB share out
    /// (the share's text is hidden by the stylesheet).
    #[prop_or_default]
    pub hide_share: bool,
    pub fate: NodeFate,
    /// What the load balancer and kube-proxy do here (`describe::node_sentence`).
    pub sentence: AttrValue,
    pub health_check: Option<HealthCheck>,
    /// A pod is being dragged or carried over this node.
    pub drop_target: bool,
    pub selected: bool,
    pub on_select: Callback<NodeId>,
    pub on_add_pod: Callback<NodeId>,
    pub on_remove: Callback<NodeId>,
    /// Hover or focus on the health badge: show (Some) or hide (None) its answer.
    pub on_health_tip: Callback<Option<NodeId>>,
    pub children: Html,
}

/// The node is drawn at its origin and moved into place with one transform, so
/// when the layout shifts a node, its pods (placed relative to it) stay unchanged.
#[component]
pub fn NodeBox(props: &Props) -> Html {
    let Rect { w, h, .. } = props.rect;
    let (x, y) = (0.0, 0.0);
    let transform = format!("translate({:.2},{:.2})", props.rect.x, props.rect.y);
    let node = props.node;
    let narrow = w < NARROW;
    let class = classes!(
        "node",
        props.fate.class(),
        props.drop_target.then_some("drop-target"),
        props.selected.then_some("selected")
    );
    let onclick = props.on_select.reform(move |_: MouseEvent| node);
    let name_x = if w < TINY { x + 6.0 } else { x + 12.0 };
    // A wide header has its buttons on the name's line.
    let (room, font) = match w {
        w if w < TINY => (w - 10.0, props.fonts.node_tiny),
        w if w < NARROW => (w - 24.0, props.fonts.node),
        w => (w - 168.0, props.fonts.node),
    };
    html! {
        <g {class} {transform} role="group" aria-label={format!("node {}", props.name)}>
            <rect class="node-box" x={x.to_string()} y={y.to_string()} width={w.to_string()} height={h.to_string()} rx="10" {onclick} />
            <text class={classes!("node-name", (w < TINY).then_some("tiny"))} x={name_x.to_string()} y={(y + 22.0).to_string()}>
                { fit(&props.name, room, font).into_owned() }
            </text>
            <title>{ tooltip(props) }</title>
            if !narrow {
                <text class="node-ip" x={(x + 12.0).to_string()} y={(y + 40.0).to_string()}>{ &props.ip }</text>
                { buttons(props) }
                <text class="node-fate" x={(x + 12.0).to_string()} y={(y + 58.0).to_string()}>{ props.sentence.clone() }</text>
            }
            if w >= TINY {
                <text class="node-lb" x={(x + w - 12.0).to_string()} y={(y + 42.0).to_string()} text-anchor="end">
                    { if narrow { percent(props.lb_share) } else { format!("LB {}", percent(props.lb_share)) } }
                </text>
            }
            { health_badge(props) }
            { props.children.clone() }
        </g>
    }
}

/// The node's name and address, and its LB share unless a lesson hides it.
fn tooltip(props: &Props) -> String {
    if props.hide_share {
        format!("{} ({})", props.name, props.ip)
    } else {
        format!("{} ({}): LB share {}", props.name, props.ip, percent(props.lb_share))
    }
}

/// "+ pod" and "remove" as SVG buttons, usable by keyboard.
fn buttons(props: &Props) -> Html {
    let (x, y, w) = (0.0, 0.0, props.rect.w);
    let node = props.node;
    let button = |label: &str, text: &str, bx: f64, width: f64, action: Callback<NodeId>| {
        let onclick = action.reform(move |_: MouseEvent| node);
        let onkeydown = Callback::from(move |e: KeyboardEvent| {
            if matches!(e.key().as_str(), "Enter" | " ") {
                e.prevent_default();
                action.emit(node);
            }
        });
        html! {
            <g class="node-button" role="button" tabindex="0" aria-label={label.to_string()} {onclick} {onkeydown}>
                <rect x={bx.to_string()} y={(y + 8.0).to_string()} width={width.to_string()} height="20" rx="5" />
                <text x={(bx + width / 2.0).to_string()} y={(y + 22.0).to_string()} text-anchor="middle">{ text.to_string() }</text>
            </g>
        }
    };
    html! {
        <>
            { button(&format!("add a pod to {}", props.name), "+ pod", x + w - 150.0, 58.0, props.on_add_pod.clone()) }
            { button(&format!("remove {}", props.name), "remove", x + w - 86.0, 74.0, props.on_remove.clone()) }
        </>
    }
}

/// The healthCheckNodePort answer as a 200/503 pill; hover or focus shows it in full.
fn health_badge(props: &Props) -> Html {
    let Some(check) = props.health_check else { return Html::default() };
    let (x, y, w) = (0.0, 0.0, props.rect.w);
    let node = props.node;
    let (bx, by) = if w < NARROW { (x + 8.0, y + 30.0) } else { (x + w - 130.0, y + 27.0) };
    let show = props.on_health_tip.reform(move |(): ()| Some(node));
    let hide = props.on_health_tip.reform(|(): ()| None);
    let (onmouseenter, onfocus) = (show.reform(|_: MouseEvent| ()), show.reform(|_: FocusEvent| ()));
    let (onmouseleave, onblur) = (hide.reform(|_: MouseEvent| ()), hide.reform(|_: FocusEvent| ()));
    let class = classes!("health", if check.is_healthy() { "ok" } else { "unavailable" });
    let label = format!(
        "health check of {}: {} with {} local Ready endpoints",
        props.name, check.status, check.local_endpoints
    );
    html! {
        <g {class} tabindex="0" role="img" aria-label={label} aria-describedby="health-tip"
           {onmouseenter} {onmouseleave} {onfocus} {onblur}>
            <rect x={bx.to_string()} y={by.to_string()} width="40" height="20" rx="10" />
            <text x={(bx + 20.0).to_string()} y={(by + 14.5).to_string()} text-anchor="middle">{ check.status }</text>
        </g>
    }
}
