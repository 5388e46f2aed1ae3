//! The shares table of a big cluster, virtualised: the scroll box holds the
//! rows in view (see [`RowWindow`]) between two spacer rows as tall as the
//! rows left out, so the scrollbar, mouse wheel and keyboard scrolling (the
//! box is focusable: arrows, Page Up/Down, Home/End) behave as for the whole
//! table. The table says how many rows it has (`aria-rowcount`, and each row
//! its `aria-rowindex`) and its caption gives the count. A pod's name is a
//! button that selects it for the Selection panel, where it can be moved.

use std::rc::Rc;

use trafficlab_core::{PodId, Scenario, Shares};
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

use super::shares_table::head;
use crate::format::percent_small;
use crate::scale::{thousands, RowWindow};

/// A row's height in CSS pixels (`table.shares.virtual tr` in static/app.css).
pub const ROW_PX: f64 = 28.0;
/// The view's height before the box has been measured.
const FIRST_VIEW_PX: f64 = 600.0;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scenario: Rc<Scenario>,
    pub shares: Rc<Shares>,
    pub selected: Option<PodId>,
    pub on_select: Callback<PodId>,
}

#[component]
pub fn VirtualTable(props: &Props) -> Html {
    let scroll_box = use_node_ref();
    let (above, below) = (use_node_ref(), use_node_ref());
    // Where the box is scrolled and how tall it is, in CSS pixels.
    let view = use_state(|| (0.0, FIRST_VIEW_PX));
    let total = props.scenario.pods().len();
    let window = RowWindow::of(view.0 - ROW_PX, view.1, ROW_PX, total);
    {
        // Spacer heights go through the CSSOM: the page's CSP forbids style attributes.
        let (above, below) = (above.clone(), below.clone());
        use_effect_with(window, move |w| {
            set_height(&above, w.above_px(ROW_PX));
            set_height(&below, w.below_px(ROW_PX));
        });
    }
    let onscroll = {
        let (scroll_box, view) = (scroll_box.clone(), view.clone());
        Callback::from(move |_: Event| {
            if let Some(el) = scroll_box.cast::<HtmlElement>() {
                let now = (f64::from(el.scroll_top()), f64::from(el.client_height()));
                if RowWindow::of(now.0 - ROW_PX, now.1, ROW_PX, total)
                    != RowWindow::of(view.0 - ROW_PX, view.1, ROW_PX, total)
                {
                    view.set(now);
                }
            }
        })
    };
    let s = &props.scenario;
    let rows = (window.first..window.end).filter_map(|i| {
        let pod = s.pods().get(i)?;
        let id = PodId(i as u32);
        let node = s.node(pod.node).map_or("", |n| n.name.as_str());
        let share = props.shares.pods.get(i).copied().unwrap_or(0.0);
        let selected = props.selected == Some(id);
        let onclick = props.on_select.reform(move |_: MouseEvent| id);
        Some(html! {
            <tr key={pod.name.clone()} aria-rowindex={(i + 2).to_string()} class={classes!(selected.then_some("selected"))}>
                <th scope="row">
                    <button type="button" class="row-pick" aria-current={selected.then_some("true")} {onclick}>{ &pod.name }</button>
                </th>
                <td>{ node }</td>
                <td class="num">{ percent_small(share) }</td>
            </tr>
        })
    });
    html! {
        <div class="table-scroll virtual" ref={scroll_box} {onscroll} tabindex="0" role="region"
             aria-label="Traffic share per pod, scrollable">
            <table class="shares virtual" aria-label="Traffic share per pod" aria-rowcount={(total + 1).to_string()}>
                <caption class="rows-note">
                    { format!("{} pods; only the rows in view are built. Select a pod's name to move it.", thousands(total)) }
                </caption>
                { head() }
                <tbody>
                    <tr class="spacer" aria-hidden="true" ref={above}><td colspan="3"></td></tr>
                    { for rows }
                    <tr class="spacer" aria-hidden="true" ref={below}><td colspan="3"></td></tr>
                </tbody>
            </table>
        </div>
    }
}

fn set_height(row: &NodeRef, px: f64) {
    if let Some(el) = row.cast::<web_sys::Element>().and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let _ = el.style().set_property("height", &format!("{px}px"));
    }
}
