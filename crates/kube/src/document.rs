//! Reading one JSON document of kubectl output, a `v1` `List` or a bare
//! object, in one pass over the text.
//!
//! The kinds in a List differ, and a field can mean different things in two
//! kinds (`spec.selector` is a map in a Service and a `LabelSelector` in a
//! Deployment), so each object is read by its own kind's struct. kubectl
//! prints keys in alphabetical order, which puts `kind` before `metadata`,
//! `spec` and `status`: once `kind` is known the rest of the object is read
//! straight into that kind's struct, and fields of kinds the import does not
//! need are skipped unread. Fields that come before `kind` (an
//! EndpointSlice's `addressType` and `endpoints`) are kept as raw JSON, a
//! slice of the input, and read when the object ends. A List's `items` also
//! come before its `kind`, so any document with `items` is taken as a List.
//!
//! Errors keep their place: serde_json's position in the text becomes a
//! path with the core's `json_path`, also for the fields read late.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use trafficlab_core::json_path::{self, Step};

use crate::error::KubeError;
use crate::input::KUBECTL_GET;
use crate::objects::{NodeObject, PodObject, ServiceObject, SliceObject};

/// One object of a kind the import reads, or the kind of one it skips.
#[derive(Debug)]
pub(crate) enum Object {
    Node(NodeObject),
    Service(ServiceObject),
    Pod(PodObject),
    Slice(SliceObject),
    Other(String),
}

/// An object and its index in the List's `items` (None for a bare object).
#[derive(Debug)]
pub(crate) struct Parsed {
    pub item: Option<usize>,
    pub object: Object,
}

/// Reads a JSON document: a List's items, or the one bare object.
pub(crate) fn parse(input: &str, text: &str) -> Result<Vec<Parsed>, KubeError> {
    let context = Context { text, late: RefCell::new(None) };
    let mut de = serde_json::Deserializer::from_str(text);
    let read = ObjectSeed { context: &context, default_kind: None, top: true }.deserialize(&mut de);
    let result = read.and_then(|document| de.end().map(|()| document));
    match result {
        Ok(Document::List(items)) => Ok(items),
        Ok(Document::Object(object)) => Ok(vec![Parsed { item: None, object: *object }]),
        Err(error) => Err(match context.late.take() {
            Some((offset, problem)) => located(input, text, offset, problem),
            None => serde_error(input, text, &error),
        }),
    }
}

/// The whole text, and the first error met in a field read late (its byte
/// offset in the text, and the problem): serde_json would place it at the
/// end of the object instead.
struct Context<'t> {
    text: &'t str,
    late: RefCell<Option<(usize, String)>>,
}

enum Document {
    List(Vec<Parsed>),
    Object(Box<Object>),
}

/// Kubernetes' list kinds: `List` (kubectl), or `PodList` and friends (the
/// API), whose items may leave their `kind` out.
fn item_kind_of_list(kind: &str) -> Option<&str> {
    kind.strip_suffix("List")
}

impl Object {
    fn of_kind(kind: &str) -> Object {
        match kind {
            "Node" => Object::Node(NodeObject::default()),
            "Service" => Object::Service(ServiceObject::default()),
            "Pod" => Object::Pod(PodObject::default()),
            "EndpointSlice" => Object::Slice(SliceObject::default()),
            other => Object::Other(other.to_string()),
        }
    }

    /// Reads the field `key` of this kind from `de`, or skips it.
    fn field<'de, D: Deserializer<'de>>(&mut self, key: &str, de: D) -> Result<(), D::Error> {
        match (self, key) {
            (Object::Node(n), "metadata") => n.metadata = Deserialize::deserialize(de)?,
            (Object::Node(n), "spec") => n.spec = Deserialize::deserialize(de)?,
            (Object::Node(n), "status") => n.status = Deserialize::deserialize(de)?,
            (Object::Service(s), "metadata") => s.metadata = Deserialize::deserialize(de)?,
            (Object::Service(s), "spec") => s.spec = Deserialize::deserialize(de)?,
            (Object::Service(s), "status") => s.status = Deserialize::deserialize(de)?,
            (Object::Pod(p), "metadata") => p.metadata = Deserialize::deserialize(de)?,
            (Object::Pod(p), "spec") => p.spec = Deserialize::deserialize(de)?,
            (Object::Pod(p), "status") => p.status = Deserialize::deserialize(de)?,
            (Object::Slice(s), "metadata") => s.metadata = Deserialize::deserialize(de)?,
            (Object::Slice(s), "addressType") => s.address_type = Deserialize::deserialize(de)?,
            (Object::Slice(s), "endpoints") => s.endpoints = Deserialize::deserialize(de)?,
            (Object::Slice(s), "ports") => s.ports = Deserialize::deserialize(de)?,
            _ => {
                IgnoredAny::deserialize(de)?;
            }
        }
        Ok(())
    }
}

/// Reads an object: a List (top level only) or one of the kinds.
struct ObjectSeed<'c, 't> {
    context: &'c Context<'t>,
    default_kind: Option<&'c str>,
    top: bool,
}

impl<'de, 'c, 't: 'de> DeserializeSeed<'de> for ObjectSeed<'c, 't> {
    type Value = Document;
    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Document, D::Error> {
        de.deserialize_map(self)
    }
}

impl<'de, 'c, 't: 'de> Visitor<'de> for ObjectSeed<'c, 't> {
    type Value = Document;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(if self.top { "a kubectl List or a Kubernetes object" } else { "a Kubernetes object" })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Document, A::Error> {
        let mut kind: Option<String> = self.default_kind.map(str::to_string);
        let mut object = kind.as_deref().map(Object::of_kind);
        let mut late: Vec<(String, &'de RawValue)> = Vec::new();
        let mut items = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == "kind" {
                let named: String = map.next_value()?;
                object = Some(Object::of_kind(&named));
                kind = Some(named);
            } else if key == "items" && self.top {
                let default_kind = kind.as_deref().and_then(item_kind_of_list);
                items = Some(map.next_value_seed(ItemsSeed { context: self.context, default_kind })?);
            } else if let Some(object) = object.as_mut() {
                map.next_value_seed(FieldSeed { object, key: &key })?;
            } else {
                late.push((key, map.next_value()?));
            }
        }
        if let Some(items) = items {
            return match kind.as_deref() {
                None => Ok(Document::List(items)),
                Some(kind) if item_kind_of_list(kind).is_some() => Ok(Document::List(items)),
                Some(kind) => Err(de::Error::custom(format!(
                    "this object has `items` but its kind is `{kind}`, not `List`; kubectl prints a List as {{\"kind\": \"List\", \"items\": [...]}}"
                ))),
            };
        }
        let (Some(kind), Some(mut object)) = (kind, object) else {
            return Err(de::Error::custom(
                "this object has no `kind`; kubectl prints every object with its kind (Node, Service, EndpointSlice, Pod)",
            ));
        };
        if item_kind_of_list(&kind).is_some() && !self.top {
            return Err(de::Error::custom(format!("a `{kind}` inside a List; kubectl prints one List of objects")));
        }
        for (key, raw) in late {
            let mut de = serde_json::Deserializer::from_str(raw.get());
            if let Err(error) = object.field(&key, &mut de) {
                let offset = offset_in(self.context.text, raw.get()) + byte_at(raw.get(), error.line(), error.column());
                self.context.late.replace(Some((offset, problem_of(&error))));
                return Err(de::Error::custom("a field read late"));
            }
        }
        Ok(if item_kind_of_list(&kind).is_some() {
            Document::List(Vec::new())
        } else {
            Document::Object(Box::new(object))
        })
    }
}

/// Reads the field `key` into `object`.
struct FieldSeed<'o, 'k> {
    object: &'o mut Object,
    key: &'k str,
}

impl<'de> DeserializeSeed<'de> for FieldSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        self.object.field(self.key, de)
    }
}

/// Reads a List's `items`, each an object of its own kind.
struct ItemsSeed<'c, 't> {
    context: &'c Context<'t>,
    default_kind: Option<&'c str>,
}

impl<'de, 'c, 't: 'de> DeserializeSeed<'de> for ItemsSeed<'c, 't> {
    type Value = Vec<Parsed>;
    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Vec<Parsed>, D::Error> {
        de.deserialize_seq(self)
    }
}

impl<'de, 'c, 't: 'de> Visitor<'de> for ItemsSeed<'c, 't> {
    type Value = Vec<Parsed>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of Kubernetes objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Parsed>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        let default_kind = self.default_kind.filter(|k| !k.is_empty());
        while let Some(document) =
            seq.next_element_seed(ObjectSeed { context: self.context, default_kind, top: false })?
        {
            if let Document::Object(object) = document {
                items.push(Parsed { item: Some(items.len()), object: *object });
            }
        }
        Ok(items)
    }
}

/// Where `part` (a slice of `whole`) starts in `whole`.
fn offset_in(whole: &str, part: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize).min(whole.len())
}

/// The byte offset of serde_json's (line, column) in `text`, just after the
/// byte the error is about.
fn byte_at(text: &str, line: usize, column: usize) -> usize {
    let line_start =
        if line <= 1 { 0 } else { text.match_indices('\n').nth(line - 2).map_or(text.len(), |(i, _)| i + 1) };
    (line_start + column).min(text.len())
}

/// serde_json's (line, column) of the byte offset `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.as_bytes().get(..offset).unwrap_or_default();
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    (line, offset - line_start)
}

/// The fields that hold lists, where an index belongs in a path; after any
/// other field an index means a value of the wrong kind, reported at the field.
const LIST_FIELDS: [&str; 11] = [
    "items",
    "ports",
    "addresses",
    "endpoints",
    "conditions",
    "containers",
    "ingress",
    "podIPs",
    "podCIDRs",
    "hostIPs",
    "images",
];

fn keep(steps: &[Step]) -> usize {
    match steps {
        [.., Step::Key(key), Step::Index(_)] if !LIST_FIELDS.contains(&key.as_str()) => steps.len() - 1,
        _ => steps.len(),
    }
}

/// An error at byte `offset` of `text`, with its path and line.
fn located(input: &str, text: &str, offset: usize, problem: String) -> KubeError {
    let (line, column) = line_column(text, offset);
    let path = json_path::path_at(text, line, column, keep);
    with_fix(KubeError::new(input, path, problem.clone()), &problem).at_line(line, column)
}

fn serde_error(input: &str, text: &str, error: &serde_json::Error) -> KubeError {
    let problem = problem_of(error);
    if error.is_eof() {
        return KubeError::new(input, "", problem)
            .with_fix("the text ends too early: was the output cut off? Copy all of it, or save it with `kubectl get ... -o json > cluster.json`");
    }
    let offset = byte_at(text, error.line(), error.column());
    let error_here = located(input, text, offset, problem);
    if error.is_syntax() {
        return error_here.with_fix("check the syntax near that place (a missing comma, quote or bracket?)");
    }
    error_here
}

/// serde_json's message without its " at line L column C".
fn problem_of(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    message.strip_suffix(&suffix).unwrap_or(&message).to_string()
}

/// The fix for the kinds of problem serde reports.
fn with_fix(error: KubeError, problem: &str) -> KubeError {
    if problem.starts_with("invalid type") {
        error.with_fix("write the value with the type the message expects, as kubectl prints it")
    } else if problem.contains("has no `kind`") || problem.contains("kind is") || problem.contains("inside a List") {
        error.with_fix(format!("give kubectl's own output: `{KUBECTL_GET}`"))
    } else {
        error
    }
}
