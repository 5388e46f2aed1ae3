//! Import from kubectl: the page's side of `trafficlab-kube`. kubectl output
//! (pasted, chosen or dropped) is read once into a [`Cluster`]; the person
//! picks a Service when it holds several; the import becomes an
//! [`Action::Open`](crate::state::Action::Open), so the board is replaced
//! only when the import succeeds and Undo brings the old one back, exactly as
//! opening a scenario file does (`sharing::files`).
//!
//! The page reads JSON only (`kubectl get ... -o json`); YAML gets a message
//! saying so, and the CLI reads both. Plain functions over strings, tested
//! natively (`tests/import.rs`); the dialog (`components::import_dialog`)
//! only wires them to the DOM.

use std::rc::Rc;

use trafficlab_kube::{read, Cluster, Input, ServiceRef, MAX_KUBECTL_BYTES};

use crate::state::Opened;

/// kubectl output read into its objects, and what to call it in messages.
pub struct Reading {
    pub source: String,
    pub cluster: Cluster,
}

impl Reading {
    /// The Services to offer in the picker (those taking external traffic).
    pub fn services(&self) -> Vec<ServiceRef> {
        self.cluster.services()
    }
}

/// What a successful import did: the board to open and what to tell.
pub struct Imported {
    pub opened: Opened,
    /// "Imported shop/web: 4 pods on 3 nodes".
    pub summary: String,
    pub notes: Vec<String>,
}

/// Reads kubectl output called `source`, or says why not.
pub fn read_output(source: &str, bytes: &[u8]) -> Result<Rc<Reading>, String> {
    match read(&[Input::new(source, bytes)]) {
        Ok(cluster) => Ok(Rc::new(Reading { source: source.to_string(), cluster })),
        Err(error) => Err(format!("{error}. The board was not changed.")),
    }
}

/// Imports `service` (`NAMESPACE/NAME`), or the only Service that takes
/// external traffic.
pub fn import(reading: &Reading, service: Option<&str>) -> Result<Imported, String> {
    let import = reading.cluster.import(service).map_err(|error| format!("{error}. The board was not changed."))?;
    let (pods, nodes) = (import.scenario.pods().len(), import.scenario.nodes().len());
    let summary = format!(
        "Imported {} from {}: {pods} pod{} on {nodes} node{}",
        import.service,
        reading.source,
        if pods == 1 { "" } else { "s" },
        if nodes == 1 { "" } else { "s" }
    );
    let label = format!("Import {} from kubectl", import.service);
    Ok(Imported {
        opened: Opened::board(import.scenario, label),
        summary,
        notes: import.notes.iter().map(ToString::to_string).collect(),
    })
}

/// The message for a file too large to read, before reading it.
pub fn too_large(name: &str, size: f64) -> Option<String> {
    (size > MAX_KUBECTL_BYTES as f64).then(|| {
        format!(
            "{name}: the file is {:.1} MiB; an import reads at most {} MiB. Fix: leave the pods out when the cluster has EndpointSlices (`kubectl get nodes,services,endpointslices -A -o json`), or pick one namespace with `-n NAMESPACE`. The board was not changed.",
            size / (1024.0 * 1024.0),
            MAX_KUBECTL_BYTES / (1024 * 1024)
        )
    })
}
