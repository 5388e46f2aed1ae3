//! Details and actions for what is selected: a pod's state, address and the
//! source it sees; a node's addresses and actions. Everything here can also be
//! done by keyboard on the board; this is the discoverable place for it.

use std::rc::Rc;

use trafficlab_core::{EndpointState, NodeId, PodId, Scenario};
use yew::prelude::*;

use super::proxy_header_view::ProxyHeaderView;
use crate::describe::pod_sees;
use crate::state::{Action, Selection, State};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scenario: Rc<Scenario>,
    pub selected: Option<Selection>,
    pub dispatch: UseReducerDispatcher<State>,
}

#[component]
pub fn Inspector(props: &Props) -> Html {
    let body = match props.selected {
        Some(Selection::Pod(pod)) => pod_details(props, pod),
        Some(Selection::Node(node)) => node_details(props, node),
        None => None,
    };
    html! {
        <section class="inspector" aria-label="Selection">
            { body.unwrap_or_else(|| html! {
                <p class="hint" id="pod-keys">
                    { "Drag a pod onto another node. Keyboard: Tab to a pod, Enter to pick it up, arrows to choose a node, Enter to drop, Escape to cancel, Delete to remove. Ctrl+Z undoes." }
                </p>
            }) }
        </section>
    }
}

fn pod_details(props: &Props, id: PodId) -> Option<Html> {
    let s = &props.scenario;
    let pod = s.pod(id)?;
    let node = s.node(pod.node)?;
    let seen = pod_sees(s, pod.node);
    let states = [EndpointState::Ready, EndpointState::Terminating, EndpointState::NotReady].map(|state| {
        let d = props.dispatch.clone();
        let onchange = Callback::from(move |_: Event| d.dispatch(Action::SetPodState { pod: id, state }));
        html! {
            <label class="choice"><input type="radio" name="pod-state" checked={pod.state == state} {onchange} />{ state.to_string() }</label>
        }
    });
    let d = props.dispatch.clone();
    let remove = Callback::from(move |_: MouseEvent| d.dispatch(Action::RemovePod(id)));
    Some(html! {
        <>
            <h2>{ format!("pod {}", pod.name) }</h2>
            <p>{ format!("on {} · IP {}", node.name, pod.ip) }</p>
            <p>{ "Sees source: " }<strong>{ seen }</strong></p>
            <ProxyHeaderView scenario={s.clone()} pod={id} />
            <div role="radiogroup" aria-label="Endpoint state" class="choices">{ for states }</div>
            <MoveField key={pod.name.clone()} pod={id} scenario={s.clone()} dispatch={props.dispatch.clone()} />
            <button type="button" onclick={remove}>{ "Remove pod" }</button>
        </>
    })
}

fn node_details(props: &Props, id: NodeId) -> Option<Html> {
    let node = props.scenario.node(id)?;
    let d = props.dispatch.clone();
    let add = Callback::from(move |_: MouseEvent| d.dispatch(Action::AddPod(id)));
    let d = props.dispatch.clone();
    let remove = Callback::from(move |_: MouseEvent| d.dispatch(Action::RemoveNode(id)));
    Some(html! {
        <>
            <h2>{ format!("node {}", node.name) }</h2>
            <p>{ format!("IP {} · podCIDR {} (gateway {})", node.ip, node.pod_cidr, node.pod_cidr.gateway()) }</p>
            <ZoneField key={node.name.clone()} node={id} zone={node.zone.clone().map(AttrValue::from)}
                dispatch={props.dispatch.clone()} />
            <button type="button" onclick={add}>{ "Add pod here" }</button>
            <button type="button" onclick={remove}>{ "Remove node" }</button>
        </>
    })
}

#[derive(Properties, PartialEq)]
struct MoveProps {
    pod: PodId,
    scenario: Rc<Scenario>,
    dispatch: UseReducerDispatcher<State>,
}

/// Moves the pod to the node picked in `Move to node`: the way to move a pod
/// when the board draws no chip for it (big clusters), and by keyboard alone.
#[component]
fn MoveField(props: &MoveProps) -> Html {
    let select = use_node_ref();
    let s = &props.scenario;
    let Some(current) = s.pod(props.pod).map(|p| p.node) else { return Html::default() };
    let onsubmit = {
        let (select, d, pod) = (select.clone(), props.dispatch.clone(), props.pod);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let index = select.cast::<web_sys::HtmlSelectElement>().map_or(-1, |field| field.selected_index());
            if let Ok(to) = u32::try_from(index) {
                d.dispatch(Action::MovePod { pod, to: NodeId(to) });
            }
        })
    };
    let options = s.node_ids().zip(s.nodes()).map(|(id, n)| {
        html! { <option selected={id == current}>{ &n.name }</option> }
    });
    html! {
        <form class="move-field" {onsubmit}>
            <label for="pod-move">{ "Move to node" }</label>
            <select id="pod-move" ref={select}>{ for options }</select>
            <button type="submit">{ "Move pod" }</button>
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct ZoneProps {
    node: NodeId,
    zone: Option<AttrValue>,
    dispatch: UseReducerDispatcher<State>,
}

/// The node's zone as a text field; Apply (or Enter) puts the node there.
/// On unzoned nodes the others get the default zones too (all or nothing).
#[component]
fn ZoneField(props: &ZoneProps) -> Html {
    let input = use_node_ref();
    let onsubmit = {
        let (input, d, node) = (input.clone(), props.dispatch.clone(), props.node);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(field) = input.cast::<web_sys::HtmlInputElement>() {
                d.dispatch(Action::SetNodeZone { node, zone: field.value() });
            }
        })
    };
    html! {
        <form class="zone-field" {onsubmit}>
            <label for="node-zone">{ "Zone" }</label>
            <input id="node-zone" type="text" ref={input} value={props.zone.clone().unwrap_or_default()}
                placeholder="e.g. zone-a" />
            <button type="submit">{ "Apply zone" }</button>
        </form>
    }
}
