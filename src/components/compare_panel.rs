//! "Compare fixes": every way to keep the client's address (and even load)
//! that applies to this board, one row each, every figure from the core's
//! shares for the board that row describes (`Scenario::compare`). A dialog
//! (Escape or Close dismisses it, as the shortcuts overlay); Apply puts that
//! board on the screen through the reducer, so Undo takes it back, and closes
//! the dialog so the board shows.

use std::rc::Rc;

use trafficlab_core::{Fix, Scenario};
use yew::prelude::*;

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
    let close_ref = use_node_ref();
    {
        // Focus moves into the dialog when it opens.
        let close_ref = close_ref.clone();
        use_effect_with((), move |()| {
            if let Some(button) = close_ref.cast::<web_sys::HtmlElement>() {
                let _ = button.focus();
            }
        });
    }
    let on_key = props.on_close.reform(|_: KeyboardEvent| ());
    let on_key = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Escape" {
            on_key.emit(e);
        }
    });
    let close = props.on_close.reform(|_: MouseEvent| ());
    let rows = use_memo(props.scenario.clone(), |s| s.compare());
    let rows = rows.iter().map(|row| {
        let s = &row.shares;
        let place = row.client_ip_place();
        let best = s.client_ip.best();
        let at = if best == 0.0 { place.to_string() } else { format!("{place} ({})", percent(best)) };
        let fix = row.fix;
        let (d, on_close) = (props.dispatch.clone(), props.on_close.clone());
        let apply = Callback::from(move |_: MouseEvent| {
            d.dispatch(Action::ApplyFix(fix));
            on_close.emit(());
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
        <div class="shortcuts-backdrop" onkeydown={on_key}>
        <section class="compare" role="dialog" aria-modal="true" aria-labelledby="compare-title">
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
        </section>
        </div>
    }
}
