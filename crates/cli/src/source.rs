//! Where a command's scenario comes from, and loading it: a scenario file
//! (JSON or YAML, read by the core), or kubectl output from which
//! `trafficlab-kube` imports one Service, with notes on what it did.

use trafficlab_core::{Scenario, MAX_SCENARIO_BYTES};
use trafficlab_kube::MAX_KUBECTL_BYTES;

use crate::args::Input;
use crate::error::CliError;
use crate::input::{self, Limit, Stdin};

#[derive(Debug, PartialEq, Eq)]
pub enum Source {
    /// A scenario file.
    Scenario(Input),
    /// kubectl output, in one or more inputs, and the Service to import
    /// (`NAMESPACE/NAME` or `NAME`; none: the only one taking external traffic).
    Kubectl { inputs: Vec<Input>, service: Option<String> },
}

/// A scenario ready to use, what to call it in messages, and for an import
/// the notes it made.
pub struct Loaded {
    pub scenario: Scenario,
    pub name: String,
    pub notes: Option<Vec<String>>,
}

const SCENARIO: Limit = Limit {
    bytes: MAX_SCENARIO_BYTES as u64,
    noun: "a scenario file",
    fix: "Fix: is this the right file? A scenario lists one Service's nodes and pods",
};

const KUBECTL: Limit = Limit {
    bytes: MAX_KUBECTL_BYTES as u64,
    noun: "kubectl output to import",
    fix: "Fix: leave the pods out when the cluster has EndpointSlices \
          (`kubectl get nodes,services,endpointslices -A -o json`)",
};

impl Source {
    /// Reads and checks the scenario; errors read `<input>: <problem>`.
    pub fn load(&self, stdin: &mut Stdin) -> Result<Loaded, CliError> {
        match self {
            Source::Scenario(file) => {
                let name = name(file, stdin);
                let bytes = input::read(file, stdin, &SCENARIO).map_err(|p| CliError::new(format!("{name}: {p}")))?;
                let scenario = Scenario::from_slice(&bytes).map_err(|e| CliError::new(format!("{name}: {e}")))?;
                Ok(Loaded { scenario, name, notes: None })
            }
            Source::Kubectl { inputs, service } => import(inputs, service.as_deref(), stdin),
        }
    }
}

/// Imports `service` from kubectl output read from `inputs`.
fn import(inputs: &[Input], service: Option<&str>, stdin: &mut Stdin) -> Result<Loaded, CliError> {
    if inputs.iter().filter(|i| **i == Input::Stdin).count() > 1 {
        return Err(CliError::usage("--from-kubectl - is given more than once: standard input can be read only once"));
    }
    let mut read = Vec::with_capacity(inputs.len());
    for input in inputs {
        let name = name(input, stdin);
        let bytes = input::read(input, stdin, &KUBECTL).map_err(|p| CliError::new(format!("{name}: {p}")))?;
        read.push((name, bytes));
    }
    let kube_inputs: Vec<trafficlab_kube::Input> =
        read.iter().map(|(name, bytes)| trafficlab_kube::Input::new(name, bytes)).collect();
    let cluster = trafficlab_kube::read(&kube_inputs).map_err(|e| CliError::new(e.to_string()))?;
    let import = cluster.import(service).map_err(|e| CliError::new(e.to_string()))?;
    let name = read.first().map_or_else(String::new, |(name, _)| name.clone());
    let notes = import.notes.iter().map(ToString::to_string).collect();
    Ok(Loaded { scenario: import.scenario, name, notes: Some(notes) })
}

fn name(input: &Input, stdin: &Stdin) -> String {
    match input {
        Input::Stdin => stdin.name().to_string(),
        Input::File(path) => path.display().to_string(),
    }
}
