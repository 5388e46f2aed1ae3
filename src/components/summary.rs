//! The headline numbers: what is lost (dropped, rejected), what is rewritten
//! (SNAT, cross-node hops), how uneven it is, and what source address pods see.

use std::rc::Rc;

use trafficlab_core::{Scenario, Shares};
use yew::prelude::*;

use crate::describe::seen_source;
use crate::format::{percent, ratio};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scenario: Rc<Scenario>,
    pub shares: Rc<Shares>,
}

#[component]
pub fn Summary(props: &Props) -> Html {
    let s = &props.shares;
    let seen = use_memo(props.scenario.clone(), |scenario| seen_source(scenario));
    // The source a pod sees matters only for connections it serves.
    let seen = if !s.app_reception.served() {
        "no one: every connection fails at the app".to_string()
    } else if s.lost() >= 1.0 - 1e-12 {
        "no one: no connection reaches a pod".to_string()
    } else {
        (*seen).clone()
    };
    let item = |label: &'static str, value: String, bad: bool, hint: &'static str| {
        html! {
            <div class={classes!("metric", bad.then_some("bad"))} title={hint}>
                <dt>{ label }</dt><dd>{ value }</dd>
            </div>
        }
    };
    html! {
        <section class="summary" aria-label="Traffic summary">
            <dl>
                { item("Dropped", percent(s.dropped), s.dropped > 0.0, "sent to a node with no local endpoint: clients time out") }
                { item("Rejected", percent(s.rejected), s.rejected > 0.0, "no usable endpoint anywhere: ICMP port unreachable") }
                { item("SNAT", percent(s.snat), s.snat > 0.0, "pods see a node address instead of the client's") }
                { item("Client IP kept", percent(s.client_ip_preserved), false, "delivered with the client's own address as the source pods see") }
                { item("Cross-node", percent(s.cross_node), false, "forwarded to a pod on another node: an extra hop") }
                { item("Imbalance", ratio(s.imbalance), s.imbalance.is_some_and(|i| i > 1.5), "busiest Ready pod's share over the least busy one's (∞: a Ready pod gets nothing)") }
            </dl>
            <p class="seen">{ "Pods see as source: " }<strong>{ seen }</strong></p>
            if !s.app_reception.served() {
                <p class="note bad" role="note">
                    { format!("Every connection fails at the app: {}. Compare fixes shows the ways out.", s.app_reception) }
                </p>
            }
            if s.lb_failed_open {
                <p class="note">{ "Every node answers 503, so the load balancer fails open and spreads over all nodes." }</p>
            }
        </section>
    }
}
