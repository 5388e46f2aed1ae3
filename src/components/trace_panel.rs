//! One followed connection, hop by hop: places, the packet's addresses on each
//! hop, every rewrite, the outcome, and the iptables rules kube-proxy walked on
//! the receiving node. The hop the packet is on now is highlighted.

use std::rc::Rc;

use trafficlab_core::{Direction, Outcome, Place, Scenario};
use yew::prelude::*;

use crate::flow::SharedFlow;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub flow: SharedFlow,
    pub scenario: Rc<Scenario>,
    pub follow: u64,
    pub on_close: Callback<()>,
    pub tick: u64,
}

fn outcome_sentence(s: &Scenario, outcome: Outcome) -> String {
    match outcome {
        Outcome::Delivered { pod, seen_source } => {
            let name = s.pod(pod).map_or_else(|| pod.to_string(), |p| p.name.clone());
            let client = if seen_source == s.client.ip { " (the client: no SNAT)" } else { " (a node address: SNAT)" };
            format!("Delivered to {name}, which sees source {seen_source}{client}.")
        }
        Outcome::Dropped { .. } => "DROPPED: no local endpoints on this node; the client times out.".into(),
        Outcome::Rejected { .. } => {
            "REJECTED: no endpoint anywhere; ICMP port unreachable, the client fails fast.".into()
        }
    }
}

#[component]
pub fn TracePanel(props: &Props) -> Html {
    let flow = props.flow.borrow();
    let close = props.on_close.reform(|_: MouseEvent| ());
    let Some(flight) = flow.flight(props.follow) else {
        return html! {
            <section class="trace-panel" aria-label="Followed connection">
                <p class="hint">{ "The followed connection has finished. Click a packet, or Follow next." }</p>
                <button type="button" onclick={close}>{ "Close" }</button>
            </section>
        };
    };
    let s = &props.scenario;
    let t = flow.now_ms - flight.start_ms;
    let current = flight.legs.iter().position(|l| t < l.start_ms + l.duration_ms);
    let hops = flight.trace.hops.iter().enumerate().map(|(i, hop)| {
        let arrow = if hop.direction == Direction::Request { "→" } else { "←" };
        html! {
            <li class={classes!((current == Some(i)).then_some("current"))}>
                <div class="hop-places">{ format!("{arrow} {} → {}", s.place_name(hop.from), s.place_name(hop.to)) }</div>
                <code>{ hop.packet.to_string() }</code>
                { for hop.rewrites.iter().map(|r| html! { <div class="hop-rewrite">{ r.to_string() }</div> }) }
            </li>
        }
    });
    let entry = s.place_name(Place::Node(flight.trace.connection.entry));
    html! {
        <section class="trace-panel" aria-label="Followed connection">
            <div class="trace-head">
                <h2>{ format!("Connection #{} via {entry}", flight.id) }</h2>
                <button type="button" onclick={close} aria-label="Stop following">{ "×" }</button>
            </div>
            <ol class="hops">{ for hops }</ol>
            <p class="outcome">{ outcome_sentence(s, flight.trace.outcome) }</p>
            { rules(flight) }
        </section>
    }
}

/// The iptables rules kube-proxy walked on the receiving node.
fn rules(flight: &crate::anim::Flight) -> Html {
    let steps = &flight.trace.rules;
    if steps.is_empty() {
        return Html::default();
    }
    html! {
        <details class="rules-box" open=true>
            <summary>{ "kube-proxy rules on the receiving node (iptables)" }</summary>
            <ol class="rules">
                { for steps.iter().map(|step| html! {
                    <li>
                        <strong>{ format!("{}/{}", step.table, step.chain) }</strong>{ format!(": {}", step.meaning) }
                        <code>{ &step.rule }</code>
                    </li>
                }) }
            </ol>
        </details>
    }
}
