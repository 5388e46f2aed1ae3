//! "Compare fixes": every way to keep the client's address (and even load)
//! that applies to this board, one row each, every figure from the core's
//! shares for the board that row describes (`Scenario::compare`). A modal
//! `<dialog>`, as the shortcuts overlay: focus stays in it, Escape or Close
//! dismisses it and focus goes back to the button that opened it (see
//! `modal::use_modal`). Apply puts that board on the screen through the
//! reducer, so Undo takes it back, and closes the dialog so the board shows.

use std::rc::Rc;

use trafficlab_core::{Fix, Scenario};
use yew::prelude::*;

use super::modal::{close_modal, use_modal};
use crate::format::percent;
use crate::state::{Action, State};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scenario: Rc<Scenario>,
    pub dispatch: UseReducerDispatcher<State>,
    pub on_close: Callback<()>,
}

/// `3.00x`, `∞` (a Ready pod gets nothing), or `-` (none gets anything).
fn imbalance(value: Option<f64>) -> String {
    match value {
        None => "-".into(),
        Some(i) if i.is_infinite() => "∞".into(),
        Some(i) => format!("{i:.2}x"),
    }
}

#[component]
pub fn ComparePanel(props: &Props) -> Html {
    let (dialog, close_ref) = (use_node_ref(), use_node_ref());
    use_modal(&dialog, &close_ref, props.on_close.clone());
    let close = {
        let dialog = dialog.clone();
        Callback::from(move |_: MouseEvent| close_modal(&dialog))
    };
    let rows = use_memo(props.scenario.clone(), |s| s.compare());
    let rows = rows.iter().map(|row| {
        let s = &row.shares;
        let place = row.client_ip_place();
        let best = s.client_ip.best();
        let at = if best == 0.0 { place.to_string() } else { format!("{place} ({})", percent(best)) };
        let fix = row.fix;
        let (d, dialog) = (props.dispatch.clone(), dialog.clone());
        let apply = Callback::from(move |_: MouseEvent| {
            d.dispatch(Action::ApplyFix(fix));
            close_modal(&dialog);
        });
        html! {
            <tr key={fix.title()}>
                <th scope="row">{ fix.title() }</th>
                <td class="num">{ imbalance(s.imbalance) }</td>
                <td class="num">{ percent(s.lost()) }</td>
                <td>{ at }</td>
                <td class="num">{ percent(s.cross_node) }</td>
                <td class="cost">{ fix.cost() }</td>
                <td>
                    if fix != Fix::AsItIs {
                        <button type="button" onclick={apply} aria-label={format!("Apply: {}", fix.title())}>
                            { "Apply" }
                        </button>
                    }
                </td>
            </tr>
        }
    });
    html! {
        <dialog ref={dialog.clone()} class="compare" aria-labelledby="compare-title">
            <h2 id="compare-title">{ "Compare fixes" }</h2>
            <p class="hint">{ "Each way to keep the client's address on this board, computed by the core; Apply puts it on the board (Undo takes it back)." }</p>
            <div class="table-scroll">
                <table class="compare-fixes">
                    <thead><tr>
                        <th scope="col">{ "Fix" }</th>
                        <th scope="col">{ "Imbalance" }</th>
                        <th scope="col">{ "Lost" }</th>
                        <th scope="col">{ "Client IP at" }</th>
                        <th scope="col">{ "Cross-node" }</th>
                        <th scope="col">{ "Cost" }</th>
                        <th scope="col">{ "Apply" }</th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            <button type="button" ref={close_ref} onclick={close}>{ "Close" }</button>
        </dialog>
    }
}
