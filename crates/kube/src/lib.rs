//! kubectl in, manifests out: the Kubernetes API shapes of trafficlab, kept
//! out of the routing core.
//!
//! **In.** [`read`] takes the output of
//! `kubectl get nodes,services,endpointslices,pods -A -o json` (a `v1`
//! `List`; or the same kinds as separate inputs, or a bare object; YAML too
//! with the `yaml` feature), [`Cluster::services`] lists the Services that
//! take external traffic, and [`Cluster::import`] turns one into a
//! [`Scenario`] with notes saying what was read and what was left out:
//!
//! ```
//! let json = include_str!("../tests/fixtures/cluster.json");
//! let cluster = trafficlab_kube::read(&[trafficlab_kube::Input::new("cluster.json", json)])?;
//! assert_eq!(cluster.services().len(), 2);
//! let import = cluster.import(Some("shop/web"))?;
//! assert_eq!(import.scenario.nodes().len(), 3);
//! # Ok::<(), trafficlab_kube::KubeError>(())
//! ```
//!
//! Endpoints come from the Service's EndpointSlices, as kube-proxy reads
//! them, or else from the pods its selector matches (`endpoints`); every node
//! is kept (`nodes`); the Service's settings are in `service`, the AWS Load
//! Balancer Controller's NLB in `aws`, and every annotation name the crate
//! reads or writes in `annotations`. The scenario is built with the core's
//! public file schema and checked by [`Scenario::from_file`], so it is as
//! valid as any scenario file.
//!
//! **Out.** [`export`] writes a board as a Service and a Deployment.
//!
//! Nothing in the input can panic the import: every problem is a
//! [`KubeError`] naming the input, the JSON path and the fix, and inputs over
//! [`MAX_KUBECTL_BYTES`] are refused before parsing.

mod annotations;
mod aws;
mod cluster;
mod document;
mod endpoints;
mod error;
mod export;
mod import;
mod input;
mod nodes;
mod objects;
mod service;
#[cfg(feature = "yaml")]
mod yaml;

pub use cluster::{Cluster, ServiceRef};
pub use error::{KubeError, Note};
pub use export::{export, is_spread};
pub use import::Import;
pub use input::{Input, MAX_KUBECTL_BYTES};
pub use trafficlab_core::Scenario;

/// Reads kubectl output (one or more inputs) and sorts its objects by kind.
pub fn read(inputs: &[Input]) -> Result<Cluster, KubeError> {
    cluster::read(inputs)
}
