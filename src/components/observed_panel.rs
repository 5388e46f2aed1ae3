//! Observed shares from the animated connections next to the exact ones: the
//! counters converge as packets flow, which shows the exact numbers are what
//! really happens connection by connection.

use std::rc::Rc;

use trafficlab_core::{Scenario, Shares};
use yew::prelude::*;

use crate::flow::SharedFlow;
use crate::format::percent_small;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub flow: SharedFlow,
    pub scenario: Rc<Scenario>,
    pub shares: Rc<Shares>,
    /// Changes whenever the counters should be read again.
    pub tick: u64,
}

/// Rows shown at most; a big board lists the first ones.
const ROWS_MAX: usize = 200;
/// Past this many rows the list scrolls, so its box takes keyboard focus.
const ROWS_SCROLLED: usize = 12;

#[component]
pub fn ObservedPanel(props: &Props) -> Html {
    let flow = props.flow.borrow();
    let observed = &flow.observed;
    let scrolls = props.scenario.pods().len() > ROWS_SCROLLED;
    // Small shares keep two digits, as in the shares table of a big board.
    let seen = |count: u64| observed.share(count).map_or_else(|| "–".to_string(), percent_small);
    let rows =
        props.scenario.pods().iter().zip(&props.shares.pods).enumerate().take(ROWS_MAX).map(|(i, (pod, &exact))| {
            let count = observed.pods.get(i).copied().unwrap_or(0);
            html! {
                <tr key={pod.name.clone()}>
                    <th scope="row">{ &pod.name }</th>
                    <td class="num">{ percent_small(exact) }</td>
                    <td class="num">{ seen(count) }</td>
                </tr>
            }
        });
    html! {
        <section class="observed" aria-label="Observed connections">
            <p class="observed-total">
                { format!("{} connections observed", observed.total) }
                if observed.dropped > 0 { { format!(" · dropped {}", seen(observed.dropped)) } }
                if observed.rejected > 0 { { format!(" · rejected {}", seen(observed.rejected)) } }
            </p>
            <div class="table-scroll small" tabindex={scrolls.then_some("0")} role={scrolls.then_some("region")}
                 aria-label={scrolls.then_some("Observed share per pod, scrollable")}>
                <table class="shares" aria-label="Observed share per pod">
                    <thead><tr><th scope="col">{ "Pod" }</th><th scope="col">{ "Exact" }</th><th scope="col">{ "Observed" }</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        </section>
    }
}
