//! Mounts the app; everything else lives in the library so tests can reach it.

fn main() {
    yew::Renderer::<trafficlab::App>::new().render();
}
