//! Every pod's exact share, as a table: the accessible, copyable form of what
//! the board and the chart draw.

use std::rc::Rc;

use trafficlab_core::{Scenario, Shares};
use yew::prelude::*;

use crate::format::percent;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scenario: Rc<Scenario>,
    pub shares: Rc<Shares>,
}

#[derive(Properties, PartialEq)]
struct RowProps {
    pod: AttrValue,
    node: AttrValue,
    share: f64,
}

#[component]
fn Row(props: &RowProps) -> Html {
    html! {
        <tr>
            <th scope="row">{ &props.pod }</th>
            <td>{ &props.node }</td>
            <td class="num">{ percent(props.share) }</td>
        </tr>
    }
}

#[component]
pub fn SharesTable(props: &Props) -> Html {
    let s = &props.scenario;
    let rows = s.pods().iter().zip(&props.shares.pods).map(|(pod, &share)| {
        let node = &s.nodes()[pod.node.index()].name;
        html! { <Row key={pod.name.clone()} pod={pod.name.clone()} node={node.clone()} {share} /> }
    });
    html! {
        <div class="table-scroll">
            <table class="shares" aria-label="Traffic share per pod">
                <thead><tr>
                    <th scope="col">{ "Pod" }</th>
                    <th scope="col">{ "Node" }</th>
                    <th scope="col">{ "Share" }</th>
                </tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
        </div>
    }
}
