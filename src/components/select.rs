//! A `<select>` that always shows the setting the board has.
//!
//! A browser follows the options' `selected` attribute only until a person
//! picks an option; after that, Undo, Back, a preset or a change the board
//! refuses would leave a select drawn with `selected` alone showing a setting
//! the board no longer has. So this one sets the element's value whenever
//! `value` changes, and treats a pick as a request: it puts the shown value
//! back at once and reports the pick; if the board takes it, `value` follows.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The option's `value` that the board has now.
    pub value: AttrValue,
    /// The value a person picked.
    pub on_pick: Callback<String>,
    #[prop_or_default]
    pub id: Option<AttrValue>,
    /// For a select without a `<label for>`.
    #[prop_or_default]
    pub label: Option<AttrValue>,
    /// The `<option>`s (their `selected` still sets the first drawing).
    pub children: Html,
}

#[component]
pub fn Select(props: &Props) -> Html {
    let select = use_node_ref();
    {
        let select = select.clone();
        use_effect_with(props.value.clone(), move |value| {
            if let Some(element) = select.cast::<HtmlSelectElement>() {
                element.set_value(value);
            }
        });
    }
    let onchange = {
        let (select, value, on_pick) = (select.clone(), props.value.clone(), props.on_pick.clone());
        Callback::from(move |_: Event| {
            let Some(element) = select.cast::<HtmlSelectElement>() else { return };
            let picked = element.value();
            element.set_value(&value);
            on_pick.emit(picked);
        })
    };
    html! {
        <select ref={select} id={props.id.clone()} aria-label={props.label.clone()} {onchange}>
            { props.children.clone() }
        </select>
    }
}
