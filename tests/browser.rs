//! Component wiring, in headless Chromium (`make test-browser`): the app mounts,
//! the core runs in wasm, and the numbers reach the DOM.
#![cfg(target_arch = "wasm32")]

use gloo::timers::future::TimeoutFuture;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the app in a fresh element and lets Yew render.
async fn mount() -> Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").expect("a div");
    document.body().expect("a body").append_child(&root).expect("appended");
    yew::Renderer::<trafficlab::App>::with_root(root.clone()).render();
    TimeoutFuture::new(0).await;
    root
}

fn cells(root: &Element, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).expect("a valid selector");
    (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.text_content()).collect()
}

#[wasm_bindgen_test]
async fn the_default_scenario_shows_both_policies_shares() {
    let root = mount().await;
    let table = "table[aria-label='Share per pod under each policy'] tbody tr";
    let cluster = cells(&root, &format!("{table} td:nth-of-type(3)"));
    let local = cells(&root, &format!("{table} td:nth-of-type(4)"));
    assert_eq!(cluster, ["16.7%"; 6]);
    assert_eq!(local, ["33.3%", "16.7%", "16.7%", "11.1%", "11.1%", "11.1%"]);
    let summary = cells(&root, "table[aria-label='Summary under each policy'] tbody td");
    assert_eq!(summary[2], "100.0%", "Cluster SNATs every connection");
    assert_eq!(summary[9], "3.00×", "Local's imbalance");
}
