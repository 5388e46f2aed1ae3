//! Keeping the client's address: the load balancer's PROXY protocol (only
//! the versions the provider can send are offered), whether the app expects
//! the header, the data path (kube-proxy or Cilium DSR, with what DSR needs),
//! and an ingress controller in front with its own policy (and its pods'
//! shares), and the button that opens "Compare fixes". Each input dispatches
//! one reducer action (see `client_address`).

use std::rc::Rc;

use trafficlab_core::{DataPath, ExternalTrafficPolicy, ProxyProtocol, Scenario, Shares};
use yew::prelude::*;

use super::compare_panel::ComparePanel;
use super::ingress_table::IngressTable;
use super::select::Select;
use crate::state::{Action, State};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scenario: Rc<Scenario>,
    pub shares: Rc<Shares>,
    pub dispatch: UseReducerDispatcher<State>,
}

const VERSIONS: [Option<ProxyProtocol>; 3] = [None, Some(ProxyProtocol::V1), Some(ProxyProtocol::V2)];
const EXPECT: [(Option<bool>, &str); 3] = [(None, "as sent"), (Some(true), "yes"), (Some(false), "no")];

#[component]
pub fn ClientIpControls(props: &Props) -> Html {
    let comparing = use_state(|| false);
    let open = {
        let comparing = comparing.clone();
        Callback::from(move |_: MouseEvent| comparing.set(true))
    };
    let on_close = {
        let comparing = comparing.clone();
        Callback::from(move |()| comparing.set(false))
    };
    let s = &props.scenario;
    let d = props.dispatch.clone();
    let version_name = |v: Option<ProxyProtocol>| v.map_or("off".to_string(), |v| v.to_string());
    let on_version = Callback::from(move |value: String| {
        if let Some(&v) = VERSIONS.iter().find(|v| version_name(**v) == value) {
            d.dispatch(Action::SetProxyProtocol(v));
        }
    });
    let can = s.load_balancer.provider.proxy_protocol_versions();
    let versions = VERSIONS.map(|v| {
        let name = version_name(v);
        let disabled = v.is_some_and(|v| !can.contains(&v));
        html! { <option value={name.clone()} selected={v == s.load_balancer.proxy_protocol} {disabled}>{ name }</option> }
    });
    let d = props.dispatch.clone();
    let on_expect = Callback::from(move |value: String| {
        if let Some(&(v, _)) = EXPECT.iter().find(|(_, name)| *name == value) {
            d.dispatch(Action::SetExpectProxyProtocol(v));
        }
    });
    let expecting = EXPECT.iter().find(|(v, _)| *v == s.expect_proxy_protocol).map_or("as sent", |(_, name)| name);
    let expects = EXPECT.map(|(v, name)| {
        html! { <option value={name} selected={v == s.expect_proxy_protocol}>{ name }</option> }
    });
    let refusal = VERSIONS.iter().flatten().find_map(|&v| s.load_balancer.provider.proxy_protocol_refusal(v));
    let reception = s.app_reception();
    html! {
        <section class="controls client-ip" aria-label="Client address">
            <h2>{ "Client address" }</h2>
            <label class="control-label" for="proxy-protocol">{ "PROXY protocol" }</label>
            <Select id="proxy-protocol" value={version_name(s.load_balancer.proxy_protocol)} on_pick={on_version}>
                { for versions }
            </Select>
            if let Some(why) = refusal { <p class="hint">{ why }</p> }
            <label class="control-label" for="expect-proxy">{ "App expects a PROXY header" }</label>
            <Select id="expect-proxy" value={expecting} on_pick={on_expect}>{ for expects }</Select>
            if !reception.served() { <p class="hint mismatch" role="note">{ reception.to_string() }</p> }
            { data_path(props) }
            { ingress(props) }
            <button type="button" class="compare-open" onclick={open}>{ "Compare fixes…" }</button>
            if *comparing {
                <ComparePanel scenario={props.scenario.clone()} dispatch={props.dispatch.clone()} {on_close} />
            }
        </section>
    }
}

fn data_path(props: &Props) -> Html {
    let s = &props.scenario;
    let d = props.dispatch.clone();
    let on_change = Callback::from(move |value: String| {
        if let Some(&path) = DataPath::ALL.iter().find(|p| p.to_string() == value) {
            d.dispatch(Action::SetDataPath(path));
        }
    });
    let options = DataPath::ALL.map(|p| {
        html! { <option value={p.to_string()} selected={p == s.data_path}>{ p.title() }</option> }
    });
    html! {
        <>
            <label class="control-label" for="data-path">{ "Data path" }</label>
            <Select id="data-path" value={s.data_path.to_string()} on_pick={on_change}>{ for options }</Select>
            if s.data_path == DataPath::CiliumDsr {
                <p class="hint">{ format!("Needs {}.", s.data_path.requirements()) }</p>
            }
        </>
    }
}

fn ingress(props: &Props) -> Html {
    let s = &props.scenario;
    let on = s.ingress().is_some();
    let d = props.dispatch.clone();
    let toggle = Callback::from(move |_: Event| d.dispatch(Action::SetIngress(!on)));
    let d = props.dispatch.clone();
    let on_policy = Callback::from(move |value: String| {
        let policy = if value == "Local" { ExternalTrafficPolicy::Local } else { ExternalTrafficPolicy::Cluster };
        d.dispatch(Action::SetIngressPolicy(policy));
    });
    let current = s.ingress().map(|i| i.external_traffic_policy);
    let policies = [ExternalTrafficPolicy::Cluster, ExternalTrafficPolicy::Local].map(|p| {
        html! { <option value={p.to_string()} selected={Some(p) == current}>{ p.to_string() }</option> }
    });
    html! {
        <>
            <label class="choice">
                <input id="ingress-on" type="checkbox" checked={on} onchange={toggle} />
                { "Ingress controller in front (ingress-nginx)" }
            </label>
            if on {
                <label class="control-label" for="ingress-policy">{ "Controller Service policy" }</label>
                <Select id="ingress-policy" value={current.map(|p| p.to_string()).unwrap_or_default()} on_pick={on_policy}>
                    { for policies }
                </Select>
                <p class="hint">
                    { "Controller pods send requests round robin to the app's Ready pods by pod IP: kube-proxy and the app's externalTrafficPolicy are bypassed." }
                </p>
                <IngressTable scenario={props.scenario.clone()} shares={props.shares.clone()} />
            }
        </>
    }
}
