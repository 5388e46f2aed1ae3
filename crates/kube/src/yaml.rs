//! `kubectl get -o yaml` input (the `yaml` feature): each YAML document
//! becomes JSON text, which `document` then reads like kubectl's JSON, so a
//! YAML input gets the same paths (`items[3].spec.type`) as its JSON twin.
//! One more copy of the data, which is fine for the CLI; the browser build
//! reads JSON only.

use serde::Deserialize;

use crate::error::KubeError;

/// Every non-empty document of `text`, as JSON.
pub(crate) fn documents(name: &str, text: &str) -> Result<Vec<String>, KubeError> {
    let mut out = Vec::new();
    for document in serde_norway::Deserializer::from_str(text) {
        let value = serde_json::Value::deserialize(document).map_err(|e| yaml_error(name, &e))?;
        if value.is_null() {
            continue;
        }
        if !value.is_object() {
            return Err(KubeError::new(name, "", "this YAML document is not an object")
                .with_fix("give kubectl's own output: `kubectl get nodes,services,endpointslices,pods -A -o yaml`"));
        }
        out.push(value.to_string());
    }
    Ok(out)
}

fn yaml_error(name: &str, error: &serde_norway::Error) -> KubeError {
    let message = error.to_string();
    let error_at = match error.location() {
        Some(l) => {
            let problem = message
                .split_once(&format!(" at line {} column {}", l.line(), l.column()))
                .map_or(message.clone(), |(head, tail)| format!("{head}{tail}"));
            KubeError::new(name, "", problem).at_line(l.line(), l.column())
        }
        None => KubeError::new(name, "", message),
    };
    error_at.with_fix("check the YAML near that place, or run kubectl with `-o json`")
}
