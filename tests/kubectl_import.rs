//! Import from kubectl, natively: the page's reading and import of the
//! fixture, the picker's Services, the board replaced through the reducer
//! with Undo bringing the old one back, and the refusals' messages.

use trafficlab::import::{import, read_output, too_large};
use trafficlab::presets::{Preset, DEFAULT_PRESET};
use trafficlab::state::{Action, State};

fn fixture() -> Vec<u8> {
    std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/crates/kube/tests/fixtures/cluster.json")).unwrap()
}

#[test]
fn the_fixture_offers_two_services_and_imports_the_chosen_one() {
    let reading = read_output("cluster.json", &fixture()).unwrap();
    let offered: Vec<String> = reading.services().iter().map(ToString::to_string).collect();
    assert_eq!(offered, ["shop/web", "shop/api"]);
    let done = import(&reading, Some("shop/api")).unwrap();
    assert_eq!(done.summary, "Imported shop/api from cluster.json: 3 pods on 3 nodes");
    assert!(done.notes[0].starts_with("no EndpointSlice for shop/api"), "{:?}", done.notes);
    let preset = Preset::by_id(DEFAULT_PRESET).unwrap();
    let before = State::new(preset.scenario().unwrap(), Some(preset.id));
    let old = before.scenario.clone();
    let after = before.apply(Action::Open(Box::new(done.opened)));
    assert_eq!(after.scenario.service.name, "api");
    assert_eq!(after.undo_label(), Some("Import shop/api from kubectl"));
    let undone = after.apply(Action::Undo);
    assert_eq!(undone.scenario, old);
}

#[test]
fn refusals_say_what_and_keep_the_board() {
    let error = read_output("kubectl output", b"{\"kind\": \"List\", \"items\": [{\"kind\": \"Node\"").err().unwrap();
    assert!(error.starts_with("kubectl output: ") && error.ends_with("The board was not changed."), "{error}");
    let reading = read_output("cluster.json", &fixture()).unwrap();
    let error = import(&reading, None).err().unwrap();
    assert_eq!(
        error,
        "cluster.json: 2 Services take external traffic. Fix: pick one by NAMESPACE/NAME: shop/web, shop/api. The board was not changed."
    );
    assert!(too_large("big.json", 600.0 * 1024.0 * 1024.0)
        .unwrap()
        .contains("the file is 600.0 MiB; an import reads at most 512 MiB"));
    assert_eq!(too_large("small.json", 1024.0), None);
}
