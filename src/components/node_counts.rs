//! One node at the counts level of detail ([`Detail::Counts`](crate::scale::Detail)):
//! its box, name, LB share, how many pods it holds and a bar of them by
//! endpoint state (Ready, Terminating, NotReady), scaled to the fullest node.
//! The chip of one of its pods (its `children`) stands for them all: it can be
//! dragged or carried by keyboard like any chip.

use trafficlab_core::NodeId;
use yew::prelude::*;

use crate::describe::NodeFate;
use crate::fit::fit;
use crate::format::percent;
use crate::layout::Rect;

/// A node's pods by endpoint state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StateCounts {
    pub ready: usize,
    pub terminating: usize,
    pub not_ready: usize,
}

impl StateCounts {
    pub fn total(&self) -> usize {
        self.ready + self.terminating + self.not_ready
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub node: NodeId,
    pub name: AttrValue,
    pub rect: Rect,
    /// The name's font size in px, to fit a long name (`fit`).
    pub name_font: f64,
    pub lb_share: f64,
    pub fate: NodeFate,
    pub counts: StateCounts,
    /// The most pods any node holds, so bars compare across nodes.
    pub count_max: usize,
    pub drop_target: bool,
    pub selected: bool,
    pub on_select: Callback<NodeId>,
    pub children: Html,
}

#[component]
pub fn NodeCounts(props: &Props) -> Html {
    let Rect { w, h, .. } = props.rect;
    let transform = format!("translate({:.2},{:.2})", props.rect.x, props.rect.y);
    let node = props.node;
    let onclick = props.on_select.reform(move |_: MouseEvent| node);
    let class = classes!(
        "node",
        "counted",
        props.fate.class(),
        props.drop_target.then_some("drop-target"),
        props.selected.then_some("selected")
    );
    let c = props.counts;
    let pods = match c.total() {
        1 => "1 pod".to_string(),
        n => format!("{n} pods"),
    };
    let title = format!(
        "{}: LB share {}, {pods} ({} Ready, {} Terminating, {} NotReady)",
        props.name,
        percent(props.lb_share),
        c.ready,
        c.terminating,
        c.not_ready
    );
    let bar_w = (w - 12.0).max(0.0);
    let scale = if props.count_max > 0 { bar_w / props.count_max as f64 } else { 0.0 };
    let mut x = 6.0;
    let segments = [("ready", c.ready), ("terminating", c.terminating), ("not-ready", c.not_ready)].map(|(state, n)| {
        let width = n as f64 * scale;
        let segment = html! { <rect class={classes!("count-bar", state)} x={x.to_string()} y={(h - 10.0).to_string()} width={width.to_string()} height="5" /> };
        x += width;
        segment
    });
    html! {
        <g {class} {transform} role="group" aria-label={format!("node {}", props.name)}>
            <title>{ title }</title>
            <rect class="node-box" x="0" y="0" width={w.to_string()} height={h.to_string()} rx="6" {onclick} />
            <text class="node-name tiny" x="6" y="16">{ fit(&props.name, w - 12.0, props.name_font).into_owned() }</text>
            <text class="node-count" x="6" y="33">{ format!("{pods} · LB {}", percent(props.lb_share)) }</text>
            { for segments }
            { props.children.clone() }
        </g>
    }
}
