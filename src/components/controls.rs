//! The Service's and load balancer's settings: externalTrafficPolicy, type,
//! health checks, weighting, adding nodes and spreading the pods. Native inputs, so keyboard and
//! screen readers work as they do everywhere.

use trafficlab_core::{ExternalTrafficPolicy, Provider, ProviderKind, ServiceType, TrafficDistribution, Weighting};
use yew::prelude::*;

use super::lb_controls::LbControls;
use crate::state::{Action, State};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub policy: ExternalTrafficPolicy,
    pub service_type: ServiceType,
    pub health_check: bool,
    pub weighting: Weighting,
    pub provider: Provider,
    pub traffic_distribution: Option<TrafficDistribution>,
    pub zoned: bool,
    pub dispatch: UseReducerDispatcher<State>,
}

/// A labelled group of radio buttons; `choices` are (value, label, hint).
fn radios<T: Copy + PartialEq + 'static>(
    label: &'static str,
    name: &'static str,
    current: T,
    choices: &[(T, &'static str, &'static str)],
    disabled: bool,
    on_pick: Callback<T>,
) -> Html {
    let options = choices.iter().map(|&(value, text, hint)| {
        let onchange = on_pick.reform(move |_: Event| value);
        html! {
            <label class="choice" title={hint}>
                <input type="radio" {name} checked={current == value} {disabled} {onchange} />
                { text }
            </label>
        }
    });
    html! {
        <div class="control">
            <div class="control-label" id={format!("{name}-label")}>{ label }</div>
            <div role="radiogroup" aria-label={label} class="choices">{ for options }</div>
        </div>
    }
}

#[component]
pub fn Controls(props: &Props) -> Html {
    let d = props.dispatch.clone();
    let on_policy = Callback::from({
        let d = d.clone();
        move |p| d.dispatch(Action::SetPolicy(p))
    });
    let on_type = Callback::from({
        let d = d.clone();
        move |t| d.dispatch(Action::SetServiceType(t))
    });
    let on_weighting = Callback::from({
        let d = d.clone();
        move |w| d.dispatch(Action::SetWeighting(w))
    });
    let on_health = {
        let (d, on) = (d.clone(), props.health_check);
        Callback::from(move |_: Event| d.dispatch(Action::SetHealthCheck(!on)))
    };
    let spread = {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::Spread))
    };
    let add_node = {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::AddNode))
    };
    let is_lb = props.service_type == ServiceType::LoadBalancer;
    let generic = props.provider.kind() == ProviderKind::Generic;
    let weighting_applies = generic && is_lb && props.policy == ExternalTrafficPolicy::Local && props.health_check;
    let weighting_hint = if generic {
        "Weighting applies to LoadBalancer + Local with health checks."
    } else {
        "LB health checks and weighting belong to the generic load balancer; this provider follows its own rules."
    };
    use ExternalTrafficPolicy::{Cluster, Local};
    html! {
        <section class="controls" aria-label="Service and load balancer">
            { radios("externalTrafficPolicy", "policy", props.policy, &[
                (Cluster, "Cluster", "any node forwards to any pod; the client address is SNATed"),
                (Local, "Local", "a node forwards only to its own pods; the client address survives"),
            ], false, on_policy) }
            { radios("Service type", "service-type", props.service_type, &[
                (ServiceType::LoadBalancer, "LoadBalancer", "a cloud load balancer spreads connections over nodes"),
                (ServiceType::NodePort, "NodePort", "clients reach the nodes directly, spread evenly"),
            ], false, on_type) }
            <LbControls provider={props.provider} traffic_distribution={props.traffic_distribution}
                zoned={props.zoned} policy={props.policy} dispatch={d} />
            <div class="control">
                <label class="choice" title="the LB probes each node's healthCheckNodePort and skips nodes that answer 503 (LoadBalancer + Local)">
                    <input type="checkbox" checked={props.health_check} disabled={!is_lb || !generic} onchange={on_health} />
                    { "LB health checks" }
                </label>
            </div>
            { radios("LB weighting", "weighting", props.weighting, &[
                (Weighting::Even, "even", "every healthy node gets the same share"),
                (Weighting::PodsPerNode, "pods per node", "healthy nodes weighted by their Ready pods (GKE weighted load balancing)"),
            ], !weighting_applies, on_weighting) }
            if !weighting_applies {
                <p class="hint">{ weighting_hint }</p>
            }
            <button type="button" class="add-node" onclick={add_node}>{ "+ Add node" }</button>
            <button type="button" class="spread" onclick={spread}
                title="re-place the pods as topologySpreadConstraints (maxSkew: 1, topologyKey: kubernetes.io/hostname) would after a fresh rollout; it holds only until pods are deleted, scaled down or rolled again">
                { "Spread pods (maxSkew 1)" }
            </button>
        </section>
    }
}
