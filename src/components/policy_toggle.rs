//! externalTrafficPolicy as two radio buttons in a group of that name: the
//! compact form the embed strip and the presenter strip share.

use trafficlab_core::ExternalTrafficPolicy;
use yew::prelude::*;

use crate::state::{Action, State};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub policy: ExternalTrafficPolicy,
    pub dispatch: UseReducerDispatcher<State>,
}

#[component]
pub fn PolicyToggle(props: &Props) -> Html {
    let radio = |value: ExternalTrafficPolicy| {
        let d = props.dispatch.clone();
        let onchange = Callback::from(move |_: Event| d.dispatch(Action::SetPolicy(value)));
        html! {
            <label class="choice">
                <input type="radio" name="policy" checked={props.policy == value} {onchange} />
                { value.to_string() }
            </label>
        }
    };
    html! {
        <div role="radiogroup" aria-label="externalTrafficPolicy" class="choices">
            { radio(ExternalTrafficPolicy::Cluster) }
            { radio(ExternalTrafficPolicy::Local) }
        </div>
    }
}
