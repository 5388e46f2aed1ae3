//! Component wiring, in headless Chromium (`make test-browser`): the app mounts,
//! the core runs in wasm, and controls change what the table and summary show.
#![cfg(target_arch = "wasm32")]

use gloo::timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the app in a fresh element and lets Yew render.
async fn mount() -> Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").expect("a div");
    document.body().expect("a body").append_child(&root).expect("appended");
    yew::Renderer::<trafficlab::App>::with_root(root.clone()).render();
    settle().await;
    root
}

/// Lets Yew's scheduler run and effects (the chart) finish.
async fn settle() {
    TimeoutFuture::new(20).await;
}

fn texts(root: &Element, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).expect("a valid selector");
    (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.text_content()).collect()
}

fn click(root: &Element, selector: &str) {
    let element = root.query_selector(selector).expect("valid").expect("the element exists");
    element.dyn_into::<HtmlElement>().expect("an HTML element").click();
}

const SHARE_CELLS: &str = "table[aria-label='Traffic share per pod'] tbody td:nth-of-type(2)";

#[wasm_bindgen_test]
async fn toggling_the_policy_changes_the_table_and_summary() {
    let root = mount().await;
    assert_eq!(texts(&root, SHARE_CELLS), ["33.3%", "16.7%", "16.7%", "11.1%", "11.1%", "11.1%"]);
    let summary = texts(&root, "[aria-label='Traffic summary'] dd");
    // Dropped, Rejected, SNAT, Client IP kept, Cross-node, Imbalance.
    assert_eq!(summary, ["0.0%", "0.0%", "0.0%", "100.0%", "0.0%", "3.00×"]);

    click(&root, "[aria-label='externalTrafficPolicy'] input:not(:checked)");
    settle().await;
    assert_eq!(texts(&root, SHARE_CELLS), ["16.7%"; 6]);
    let summary = texts(&root, "[aria-label='Traffic summary'] dd");
    assert_eq!(summary, ["0.0%", "0.0%", "100.0%", "0.0%", "66.7%", "1.00×"]);
}

#[wasm_bindgen_test]
async fn health_checks_off_makes_an_empty_node_drop_its_share() {
    let root = mount().await;
    let select = root.query_selector("select[aria-label='Preset']").unwrap().unwrap();
    let select: web_sys::HtmlSelectElement = select.dyn_into().unwrap();
    select.set_value("local-empty-node-health-checked");
    select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    settle().await;
    assert_eq!(texts(&root, SHARE_CELLS), ["16.7%", "16.7%", "16.7%", "50.0%"]);
    click(&root, "input[type='checkbox']");
    settle().await;
    assert_eq!(texts(&root, SHARE_CELLS), ["11.1%", "11.1%", "11.1%", "33.3%"]);
    assert_eq!(texts(&root, "[aria-label='Traffic summary'] dd")[0], "33.3%", "dropped");
    let fates = texts(&root, "[role='group'][aria-label='node node-c'] .node-fate");
    assert_eq!(fates, ["no local endpoints: DROP, clients time out"]);
}

#[wasm_bindgen_test]
async fn add_node_and_undo() {
    let root = mount().await;
    click(&root, "button.add-node");
    settle().await;
    assert_eq!(root.query_selector_all("[role='group'][aria-label^='node ']").unwrap().length(), 4);
    click(&root, "button[aria-keyshortcuts='Control+Z']");
    settle().await;
    assert_eq!(root.query_selector_all("[role='group'][aria-label^='node ']").unwrap().length(), 3);
}
