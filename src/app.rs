//! The page: the scenario being studied and everything drawn from it.

use std::rc::Rc;

use yew::prelude::*;

use crate::components::policy_comparison::PolicyComparison;
use crate::presets;

#[component]
pub fn App() -> Html {
    let scenario = use_memo((), |_| presets::default_scenario().map(Rc::new));
    let body = match &*scenario {
        Ok(scenario) => html! {
            <>
                <p class="lede">{ scenario.title.clone().unwrap_or_default() }</p>
                <PolicyComparison scenario={scenario.clone()} />
            </>
        },
        Err(error) => html! { <p role="alert">{ format!("The default scenario could not be read: {error}") }</p> },
    };
    html! {
        <main>
            <h1>{ "trafficlab" }<span class="tagline">{ ": what Kubernetes does with external traffic" }</span></h1>
            { body }
        </main>
    }
}
