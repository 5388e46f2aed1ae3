//! trafficlab in the browser: a Yew app over the routing core
//! (`trafficlab-core`). The core computes every number; this crate keeps what
//! a person edits (`state`), places it (`layout`), handles dragging (`drag`)
//! and draws (`components`, `chart`).

pub mod anim;
mod app;
pub mod chart;
pub mod client_address;
mod components;
pub mod describe;
pub mod drag;
pub mod fit;
pub mod flow;
pub mod format;
pub mod frame;
pub mod generate;
pub mod import;
pub mod ingress_layout;
mod keys;
pub mod label_layout;
pub mod layout;
pub mod lessons;
mod media;
mod perf;
pub mod presenter;
pub mod presets;
pub mod scale;
pub mod settings;
pub mod sharing;
pub mod state;
mod svg;
mod traffic;

pub use app::App;
