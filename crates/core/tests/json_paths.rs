//! The path in a JSON error message (from `format::json_path`, which re-reads
//! the text at serde_json's error position) names the same place that
//! serde_path_to_error, which tracks the path while deserializing, names: for
//! every preset with one value broken, one key misspelt, or one required key
//! dropped, anywhere in the file. The tracking deserializer reads
//! [`ScenarioFile`], the whole schema.

use proptest::prelude::*;
use serde_json::Value;
use trafficlab_core::{Scenario, ScenarioFile};

fn presets() -> Vec<Value> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../static/scenarios");
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files.iter().map(|p| serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()).collect()
}

/// Every (path to a value) in `value`, as JSON pointers.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => map.iter().for_each(|(k, v)| {
            out.push(format!("{at}/{k}"));
            pointers(v, format!("{at}/{k}"), out);
        }),
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| {
            out.push(format!("{at}/{i}"));
            pointers(v, format!("{at}/{i}"), out);
        }),
        _ => {}
    }
}

/// What serde_path_to_error calls the place of the first error, as the
/// scenario error shows it (no leading `.`, no `?`).
fn tracked_path(text: &str) -> Option<String> {
    let mut de = serde_json::Deserializer::from_str(text);
    let error = serde_path_to_error::deserialize::<_, ScenarioFile>(&mut de).err()?;
    Some(error.path().to_string().trim_end_matches('?').trim_end_matches('.').to_string())
}

fn mutate(mut doc: Value, pointer: &str, kind: u8) -> Value {
    let (parent, last) = pointer.rsplit_once('/').unwrap();
    match kind {
        // A value of the wrong type. (Not an array for an object: serde then
        // reads the object's fields by position and names `nodes[1][0]`,
        // where the message's `nodes[1]` is the clearer place.)
        0 => {
            let value = doc.pointer_mut(pointer).unwrap();
            *value = if value.is_object() { Value::Bool(true) } else { Value::Array(vec![Value::Bool(true)]) };
        }
        1 => *doc.pointer_mut(pointer).unwrap() = Value::String("wrong \"quoted\" [value]".into()),
        // A misspelt key next to it.
        2 => {
            if let Some(Value::Object(map)) = doc.pointer_mut(parent) {
                map.insert(format!("{last}Typo"), Value::Null);
            }
        }
        // The key dropped (an error only when it was required).
        _ => {
            if let Some(Value::Object(map)) = doc.pointer_mut(parent) {
                map.remove(last);
            }
        }
    }
    doc
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn json_error_paths_match_a_tracking_deserializer(preset in 0usize..64, pick in any::<prop::sample::Index>(), kind in 0u8..4, pretty in any::<bool>()) {
        let docs = presets();
        let doc = docs[preset % docs.len()].clone();
        prop_assert!(tracked_path(&doc.to_string()).is_none(), "every preset reads as a ScenarioFile");
        let mut all = Vec::new();
        pointers(&doc, String::new(), &mut all);
        let pointer = pick.get(&all).clone();
        let broken = mutate(doc, &pointer, kind);
        let text = if pretty { serde_json::to_string_pretty(&broken).unwrap() } else { broken.to_string() };
        if let Some(expected) = tracked_path(&text) {
            let error = Scenario::from_json(&text).unwrap_err();
            prop_assert_eq!(error.path(), expected.as_str(), "{} in {}", error, text);
        }
    }
}
