//! trafficlab in the browser: a Yew app over the routing core
//! (`trafficlab-core`). The core computes every number; this crate only keeps
//! the state a person edits and draws it.

mod app;
mod components;
pub mod format;
pub mod presets;

pub use app::App;
