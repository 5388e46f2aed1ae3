//! The inputs of an import: kubectl output as files or pasted text, each
//! refused before parsing when it is too large, not UTF-8, or not JSON (in a
//! build without YAML). A YAML input is turned into JSON documents first
//! (`yaml`), so both read through the same code and name the same paths.

use crate::document::{self, Parsed};
use crate::error::KubeError;

/// The most kubectl output one import reads, all inputs together. A List of
/// 1 000 nodes and 30 000 pods with their full bodies is about 350 MB; past
/// this size memory, not the model, becomes the limit.
pub const MAX_KUBECTL_BYTES: usize = 512 * 1024 * 1024;

/// The command whose output an import reads, for the fixes of messages.
pub(crate) const KUBECTL_GET: &str = "kubectl get nodes,services,endpointslices,pods -A -o json";

/// One piece of kubectl output and what to call it in messages (a file name,
/// or "kubectl output" for pasted text).
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
}

impl<'a> Input<'a> {
    pub fn new(name: &'a str, bytes: &'a (impl AsRef<[u8]> + ?Sized)) -> Self {
        Input { name, bytes: bytes.as_ref() }
    }
}

/// A document read from an input: its name for messages (YAML documents
/// after the first are `NAME (document N)`) and its objects.
pub(crate) struct Read {
    pub name: String,
    pub objects: Vec<Parsed>,
}

pub(crate) fn read_all(inputs: &[Input]) -> Result<Vec<Read>, KubeError> {
    let first = inputs.first().map_or("", |i| i.name);
    if inputs.is_empty() {
        return Err(KubeError::new("", "", "there is no kubectl output to read")
            .with_fix(format!("give the output of `{KUBECTL_GET}`")));
    }
    let total: usize = inputs.iter().map(|i| i.bytes.len()).sum();
    if total > MAX_KUBECTL_BYTES {
        let mib = |b: usize| b as f64 / (1024.0 * 1024.0);
        return Err(KubeError::new(
            if inputs.len() == 1 { first } else { "" },
            "",
            format!("the kubectl output is {:.1} MiB; an import reads at most {:.0} MiB", mib(total), mib(MAX_KUBECTL_BYTES)),
        )
        .with_fix("leave the pods out when the cluster has EndpointSlices (`kubectl get nodes,services,endpointslices -A -o json`), or pick one namespace with `-n NAMESPACE`"));
    }
    let mut reads = Vec::new();
    for input in inputs {
        read_one(input, &mut reads)?;
    }
    Ok(reads)
}

fn read_one(input: &Input, reads: &mut Vec<Read>) -> Result<(), KubeError> {
    let text = std::str::from_utf8(input.bytes).map_err(|e| {
        KubeError::new(input.name, "", format!("this is not UTF-8 text (bad byte at offset {})", e.valid_up_to()))
            .with_fix("give kubectl's output as it printed it (`-o json`)")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        return Err(KubeError::new(input.name, "", "there is nothing in it")
            .with_fix(format!("paste or choose the output of `{KUBECTL_GET}`")));
    }
    if trimmed.starts_with('[') {
        return Err(KubeError::new(input.name, "", "this is a JSON array; kubectl prints a List object")
            .with_fix(format!("give kubectl's own output: `{KUBECTL_GET}`")));
    }
    if trimmed.starts_with('{') {
        reads.push(Read { name: input.name.to_string(), objects: document::parse(input.name, text)? });
        return Ok(());
    }
    from_yaml(input.name, text, reads)
}

#[cfg(feature = "yaml")]
fn from_yaml(name: &str, text: &str, reads: &mut Vec<Read>) -> Result<(), KubeError> {
    for (i, json) in crate::yaml::documents(name, text)?.into_iter().enumerate() {
        let name = if i == 0 { name.to_string() } else { format!("{name} (document {})", i + 1) };
        // The JSON is ours, so its line numbers would mislead: the path is the YAML's.
        let objects = document::parse(&name, &json).map_err(KubeError::without_line)?;
        reads.push(Read { name, objects });
    }
    Ok(())
}

#[cfg(not(feature = "yaml"))]
fn from_yaml(name: &str, _text: &str, _reads: &mut Vec<Read>) -> Result<(), KubeError> {
    Err(KubeError::new(name, "", "this is not JSON (it does not start with `{`), and this build reads only JSON")
        .with_fix(format!(
            "run kubectl with `-o json` (`{KUBECTL_GET}`), or use the trafficlab CLI, which also reads `-o yaml`"
        )))
}
