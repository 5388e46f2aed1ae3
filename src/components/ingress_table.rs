//! With an ingress controller in front, the first stage as a table: each
//! controller pod's share of new connections (whatever the load balancer and
//! kube-proxy did), next to which the app pods' table shows their share of
//! requests, even whatever stage 1 did.

use std::rc::Rc;

use trafficlab_core::{Scenario, Shares};
use yew::prelude::*;

use crate::format::percent;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scenario: Rc<Scenario>,
    pub shares: Rc<Shares>,
}

#[component]
pub fn IngressTable(props: &Props) -> Html {
    let (Some(stage1), Some(ingress)) = (props.scenario.controller_scenario(), props.shares.ingress.as_ref()) else {
        return Html::default();
    };
    let rows = stage1.pods().iter().zip(&ingress.controllers.pods).map(|(pod, &share)| {
        let node = stage1.node(pod.node).map(|n| n.name.clone()).unwrap_or_default();
        html! {
            <tr key={pod.name.clone()}>
                <th scope="row">{ pod.name.clone() }</th>
                <td>{ node }</td>
                <td class="num">{ percent(share) }</td>
            </tr>
        }
    });
    html! {
        <div class="ingress-table">
            <table class="shares" aria-label="Ingress controller pods: share of new connections">
                <caption>{ "Stage 1: ingress controller pods, share of connections" }</caption>
                <thead><tr>
                    <th scope="col">{ "Controller pod" }</th>
                    <th scope="col">{ "Node" }</th>
                    <th scope="col">{ "Share" }</th>
                </tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            <p class="hint">{ "Stage 2: the app pods (the table of shares per pod) get requests round robin, evenly." }</p>
        </div>
    }
}
