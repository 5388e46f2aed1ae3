//! Which load balancer sits in front of the nodes, the options that belong to
//! it, and the nodes' zones with `trafficDistribution`. Each input dispatches
//! one reducer action; the reducer keeps the scenario one the file format
//! accepts (see `settings`).

use trafficlab_core::{ExternalTrafficPolicy, Provider, ProviderKind, TrafficDistribution};
use yew::prelude::*;

use super::select::Select;
use crate::describe::provider_assumption;
use crate::settings::distribution_name;
use crate::state::{Action, State};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub provider: Provider,
    pub traffic_distribution: Option<TrafficDistribution>,
    /// Whether the nodes have zones.
    pub zoned: bool,
    pub policy: ExternalTrafficPolicy,
    pub dispatch: UseReducerDispatcher<State>,
}

const DISTRIBUTIONS: [Option<TrafficDistribution>; 3] =
    [None, Some(TrafficDistribution::PreferClose), Some(TrafficDistribution::PreferSameZone)];

#[component]
pub fn LbControls(props: &Props) -> Html {
    let d = props.dispatch.clone();
    let on_provider = Callback::from(move |value: String| {
        if let Some(kind) = ProviderKind::ALL.into_iter().find(|k| k.to_string() == value) {
            d.dispatch(Action::SetProvider(kind));
        }
    });
    let current = props.provider.kind();
    let options = ProviderKind::ALL.map(|kind| {
        html! { <option value={kind.to_string()} selected={kind == current}>{ kind.title() }</option> }
    });
    html! {
        <div class="control lb-controls">
            <label class="control-label" for="lb-provider">{ "Load balancer" }</label>
            <Select id="lb-provider" value={current.to_string()} on_pick={on_provider}>{ for options }</Select>
            if let Some(note) = provider_assumption(current) {
                <p class="hint assumption">{ note }</p>
            }
            { provider_options(props) }
            { zones(props) }
        </div>
    }
}

/// The checkboxes that belong to the chosen provider.
fn provider_options(props: &Props) -> Html {
    let (cross_zone, preserve) = match props.provider {
        Provider::AwsNlbInstance(nlb) => (Some(nlb.cross_zone), None),
        Provider::AwsNlbIp(nlb) => (Some(nlb.cross_zone), Some(nlb.preserve_client_ip)),
        _ => (None, None),
    };
    let checkbox = |label: &'static str, hint: &'static str, on: bool, action: fn(bool) -> Action| {
        let d = props.dispatch.clone();
        let onchange = Callback::from(move |_: Event| d.dispatch(action(!on)));
        html! {
            <label class="choice" title={hint}>
                <input type="checkbox" checked={on} {onchange} />{ label }
            </label>
        }
    };
    html! {
        <>
            if let Some(on) = cross_zone {
                { checkbox("Cross-zone", "each NLB node spreads over targets in every zone, not only its own", on, Action::SetCrossZone) }
            }
            if let Some(on) = preserve {
                { checkbox("Preserve client IP", "pods see the client's address instead of the NLB's private one", on, Action::SetPreserveClientIp) }
            }
        </>
    }
}

/// Zones on or off, and `trafficDistribution` when there are zones.
fn zones(props: &Props) -> Html {
    let d = props.dispatch.clone();
    let action = if props.zoned { Action::RemoveZones } else { Action::GiveZones };
    let toggle = Callback::from(move |_: MouseEvent| d.dispatch(action.clone()));
    let d = props.dispatch.clone();
    let on_distribution = Callback::from(move |value: String| {
        if let Some(&v) = DISTRIBUTIONS.iter().find(|v| distribution_name(**v) == value) {
            d.dispatch(Action::SetTrafficDistribution(v));
        }
    });
    let options = DISTRIBUTIONS.map(|v| {
        let name = distribution_name(v);
        html! { <option value={name} selected={v == props.traffic_distribution}>{ name }</option> }
    });
    html! {
        <>
            <button type="button" class="zones" onclick={toggle}
                title="zones are all or nothing: every node gets topology.kubernetes.io/zone, or none does">
                { if props.zoned { "Remove zones" } else { "Give nodes zones" } }
            </button>
            if props.zoned {
                <label class="control-label" for="traffic-distribution">{ "Traffic distribution" }</label>
                <Select id="traffic-distribution" value={distribution_name(props.traffic_distribution)} on_pick={on_distribution}>
                    { for options }
                </Select>
                if let Some(why) = distribution_idle(props) {
                    <p class="hint">{ why }</p>
                }
            }
        </>
    }
}

/// Why a `trafficDistribution` that is set changes nothing here, if it does not.
fn distribution_idle(props: &Props) -> Option<&'static str> {
    props.traffic_distribution?;
    if matches!(props.provider, Provider::AwsNlbIp(_)) {
        return Some("IP targets bypass kube-proxy, so trafficDistribution changes nothing here.");
    }
    (props.policy == ExternalTrafficPolicy::Local)
        .then_some("trafficDistribution filters Cluster's endpoints; Local ignores it.")
}
