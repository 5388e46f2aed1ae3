//! The same placement under both policies, side by side: what Local costs in
//! balance and what Cluster costs in client addresses.

use std::rc::Rc;

use trafficlab_core::{ExternalTrafficPolicy, Scenario, Shares};
use yew::prelude::*;

use crate::format::{percent, ratio};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scenario: Rc<Scenario>,
}

/// Shares for `scenario` with its policy replaced by `policy`.
fn shares_under(scenario: &Scenario, policy: ExternalTrafficPolicy) -> Shares {
    let mut variant = scenario.clone();
    variant.service.external_traffic_policy = policy;
    variant.shares()
}

#[component]
pub fn PolicyComparison(props: &Props) -> Html {
    let both = use_memo(props.scenario.clone(), |s| {
        (shares_under(s, ExternalTrafficPolicy::Cluster), shares_under(s, ExternalTrafficPolicy::Local))
    });
    let (cluster, local) = &*both;
    let s = &props.scenario;
    let rows = s.pods().iter().enumerate().map(|(i, pod)| {
        let node = &s.nodes()[pod.node.index()].name;
        html! {
            <tr key={pod.name.clone()}>
                <th scope="row">{ &pod.name }</th>
                <td>{ node }</td>
                <td>{ pod.state.to_string() }</td>
                <td class="num">{ percent(cluster.pods[i]) }</td>
                <td class="num">{ percent(local.pods[i]) }</td>
            </tr>
        }
    });
    let summary = |label: &str, shares: &Shares| {
        html! {
            <tr>
                <th scope="row">{ label }</th>
                <td class="num">{ percent(shares.dropped) }</td>
                <td class="num">{ percent(shares.rejected) }</td>
                <td class="num">{ percent(shares.snat) }</td>
                <td class="num">{ percent(shares.cross_node) }</td>
                <td class="num">{ ratio(shares.imbalance) }</td>
            </tr>
        }
    };
    html! {
        <section class="comparison" aria-labelledby="comparison-heading">
            <h2 id="comparison-heading">{ "Cluster vs Local for this placement" }</h2>
            <table aria-label="Share per pod under each policy">
                <thead><tr>
                    <th scope="col">{ "Pod" }</th><th scope="col">{ "Node" }</th><th scope="col">{ "State" }</th>
                    <th scope="col">{ "Cluster" }</th><th scope="col">{ "Local" }</th>
                </tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            <table aria-label="Summary under each policy">
                <thead><tr>
                    <th scope="col">{ "Policy" }</th><th scope="col">{ "Dropped" }</th><th scope="col">{ "Rejected" }</th>
                    <th scope="col">{ "SNAT" }</th><th scope="col">{ "Cross-node" }</th><th scope="col">{ "Imbalance" }</th>
                </tr></thead>
                <tbody>
                    { summary("Cluster", cluster) }
                    { summary("Local", local) }
                </tbody>
            </table>
        </section>
    }
}
