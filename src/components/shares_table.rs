//! Every pod's exact share, as a table: the accessible, copyable form of what
//! the board and the chart draw. For a big cluster ([`is_virtual`]) the table
//! is virtual (`virtual_table`): only the rows in view exist in the DOM, and each
//! pod's name selects it, so a pod can be moved from the Selection panel when
//! the board draws no chip for it.

use std::rc::Rc;

use trafficlab_core::{PodId, Scenario, Shares};
use yew::prelude::*;

use super::virtual_table::VirtualTable;
use crate::format::percent;
use crate::scale::is_virtual;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scenario: Rc<Scenario>,
    pub shares: Rc<Shares>,
    /// The pod in the Selection panel.
    #[prop_or_default]
    pub selected: Option<PodId>,
    /// A pod's name was activated in a virtual table.
    #[prop_or_default]
    pub on_select: Callback<PodId>,
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

/// The column headers, shared with the virtual table.
pub fn head() -> Html {
    html! {
        <thead><tr aria-rowindex="1">
            <th scope="col">{ "Pod" }</th>
            <th scope="col">{ "Node" }</th>
            <th scope="col">{ "Share" }</th>
        </tr></thead>
    }
}

#[component]
pub fn SharesTable(props: &Props) -> Html {
    let s = &props.scenario;
    if is_virtual(s.nodes().len(), s.pods().len()) {
        return html! {
            <VirtualTable scenario={s.clone()} shares={props.shares.clone()} selected={props.selected}
                on_select={props.on_select.clone()} />
        };
    }
    let rows = s.pods().iter().zip(&props.shares.pods).map(|(pod, &share)| {
        let node = &s.nodes()[pod.node.index()].name;
        html! { <Row key={pod.name.clone()} pod={pod.name.clone()} node={node.clone()} {share} /> }
    });
    html! {
        <div class="table-scroll">
            <table class="shares" aria-label="Traffic share per pod">
                { head() }
                <tbody>{ for rows }</tbody>
            </table>
        </div>
    }
}
