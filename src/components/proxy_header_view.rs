//! In the inspector, for a selected pod: how the client's address reaches
//! it. With PROXY protocol on, the header a connection to it starts with (v1
//! as its text line, v2 as a hex dump annotated field by field); with an
//! ingress controller in front, the `X-Forwarded-For` it receives. Both come
//! from a real trace of the core that delivers to this pod.

use std::rc::Rc;

use trafficlab_core::{Outcome, PodId, ProxyProtocol, Scenario, Trace};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scenario: Rc<Scenario>,
    pub pod: PodId,
}

/// The most seeds tried per entry node to find a connection to the pod.
const SEEDS: u64 = 64;

/// A trace of the core that delivers a connection to `pod`, if one is found.
fn trace_to(s: &Scenario, pod: PodId) -> Option<Trace> {
    s.node_ids()
        .flat_map(|entry| (0..SEEDS).map(move |seed| (entry, seed)))
        .filter_map(|(entry, seed)| s.trace(entry, seed))
        .find(|t| matches!(t.outcome, Outcome::Delivered { pod: p, .. } if p == pod))
}

#[component]
pub fn ProxyHeaderView(props: &Props) -> Html {
    let s = props.scenario.clone();
    let trace = use_memo((s, props.pod), |(s, pod)| trace_to(s, *pod));
    let Some(trace) = trace.as_ref() else { return Html::default() };
    let header = trace.proxy_header();
    let xff = trace.x_forwarded_for();
    if header.is_none() && xff.is_none() {
        return Html::default();
    }
    html! {
        <div class="client-address">
            if let Some(xff) = xff {
                <p class="xff">{ "X-Forwarded-For: " }<strong>{ xff.to_string() }</strong>
                    { " (and X-Real-IP), written by the ingress controller" }</p>
            }
            if let Some(h) = header {
                <h3>{ format!("PROXY protocol {} header ({} bytes)", h.version, h.bytes().len()) }</h3>
                if trace.ingress.is_some() {
                    <p class="hint">{ "Read by the ingress controller, not by the app." }</p>
                }
                if h.version == ProxyProtocol::V1 {
                    <pre class="proxy-v1">{ format!("{}\\r\\n", h.v1_line().trim_end()) }</pre>
                } else {
                    <table class="proxy-v2" aria-label="PROXY protocol v2 header, field by field">
                        <thead><tr>
                            <th scope="col">{ "Offset" }</th><th scope="col">{ "Bytes" }</th>
                            <th scope="col">{ "Field" }</th><th scope="col">{ "Meaning" }</th>
                        </tr></thead>
                        <tbody>{ for h.fields().into_iter().map(|f| html! {
                            <tr>
                                <td class="num">{ f.offset }</td>
                                <td><code>{ f.hex() }</code></td>
                                <th scope="row">{ f.name }</th>
                                <td>{ f.meaning.clone() }</td>
                            </tr>
                        }) }</tbody>
                    </table>
                }
            }
        </div>
    }
}
