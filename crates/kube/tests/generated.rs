//! The benchmark's generated List imports as its generator describes it.

#[path = "../examples/kubectl_list.rs"]
#[allow(dead_code)]
mod kubectl_list;

use trafficlab_kube::{read, Input};

#[test]
fn the_generated_list_imports_with_slices_of_at_most_100() {
    let text = kubectl_list::generate(10, 1_200);
    assert_eq!(text, kubectl_list::generate(10, 1_200), "deterministic");
    let cluster = read(&[Input::new("generated.json", &text)]).unwrap();
    assert_eq!(cluster.services().len(), 7, "the three ClusterIP Services are not offered");
    let import = cluster.import(Some("shop/web")).unwrap();
    assert_eq!(import.scenario.nodes().len(), 10);
    let pods = import.scenario.pods().len();
    assert!((110..=120).contains(&pods), "120 web pods, a few pending: {pods}");
    assert!(
        import.notes[0].text.starts_with(&format!("endpoints: {pods} from 2 EndpointSlices")),
        "{}",
        import.notes[0]
    );
}
