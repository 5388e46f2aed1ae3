//! Scenario files: JSON or YAML that a person writes by hand, with Kubernetes'
//! own camelCase field names (see the README for the schema).
//!
//! Nothing a file contains can panic the core: every problem becomes a
//! [`ScenarioError`] that names the place (`pods[1].node`), says what is wrong,
//! and says how to fix it. Parsing is in two steps: serde reads the shape
//! (`file`), then `check` enforces the rules a [`Scenario`] promises. `write`
//! goes the other way, for "Download scenario" and exports.

mod check;
mod client_ip;
mod file;
pub mod json_path;
mod load_balancer;
mod write;

pub(crate) use check::check_zone;
pub use file::{
    AppFile, ClientFile, ControllerPodFile, IngressFile, LoadBalancerFile, NodeFile, PodFile, ScenarioFile, ServiceFile,
};

use std::fmt;

use crate::scenario::Scenario;

/// Files larger than this are refused before parsing (a hand-written scenario
/// is a few KB; Kubernetes' largest supported cluster is well under this).
pub const MAX_SCENARIO_BYTES: usize = 16 * 1024 * 1024;
/// Kubernetes' documented scalability limits: 5 000 nodes, 150 000 pods.
pub const MAX_NODES: usize = 5_000;
pub const MAX_PODS: usize = 150_000;

/// What is wrong with a scenario, where, and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    path: String,
    problem: String,
    fix: Option<String>,
    line: Option<(usize, usize)>,
}

impl ScenarioError {
    pub fn new(path: impl Into<String>, problem: impl Into<String>) -> Self {
        ScenarioError { path: path.into(), problem: problem.into(), fix: None, line: None }
    }

    pub fn with_fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }

    fn at_line(mut self, line: usize, column: usize) -> Self {
        self.line = (line > 0).then_some((line, column));
        self
    }

    /// Where the problem is (`pods[1].node`), or "" for the file as a whole.
    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn problem(&self) -> &str {
        &self.problem
    }

    pub fn fix(&self) -> Option<&str> {
        self.fix.as_deref()
    }

    /// Line and column in the file, when the parser knows them.
    pub fn line(&self) -> Option<(usize, usize)> {
        self.line
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.problem)?;
        if let Some((line, column)) = self.line {
            write!(f, " (line {line}, column {column})")?;
        }
        if let Some(fix) = &self.fix {
            write!(f, ". Fix: {fix}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ScenarioError {}

const SHAPE_HINT: &str = "a scenario is an object like {\"service\": {\"externalTrafficPolicy\": \"Local\"}, \"nodes\": [{\"name\": \"node-a\"}], \"pods\": [{\"name\": \"web-1\", \"node\": \"node-a\"}]}";

impl Scenario {
    /// Reads a scenario file's bytes: JSON when it starts with `{`, YAML
    /// otherwise (with the `yaml` feature).
    pub fn from_slice(bytes: &[u8]) -> Result<Self, ScenarioError> {
        check_size(bytes.len())?;
        let text = std::str::from_utf8(bytes).map_err(|e| {
            ScenarioError::new("", format!("the file is not UTF-8 text (bad byte at offset {})", e.valid_up_to()))
                .with_fix("save it as UTF-8 JSON or YAML")
        })?;
        Self::parse(text)
    }

    /// Reads a scenario from JSON or YAML text (see [`Scenario::from_slice`]).
    pub fn parse(text: &str) -> Result<Self, ScenarioError> {
        check_size(text.len())?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let trimmed = text.trim_start();
        if trimmed.is_empty() {
            return Err(ScenarioError::new("", "the file is empty").with_fix(SHAPE_HINT));
        }
        if starts_with_list(trimmed) {
            return Err(ScenarioError::new("", "the file holds a list, not a scenario").with_fix(SHAPE_HINT));
        }
        if trimmed.starts_with('{') {
            Self::from_json(text)
        } else {
            Self::from_yaml(text)
        }
    }

    pub fn from_json(text: &str) -> Result<Self, ScenarioError> {
        check_size(text.len())?;
        let file: file::ScenarioFile = serde_json::from_str(text).map_err(|e| {
            // At the end of the text every path is open; the place is the end.
            let path =
                if e.is_eof() { String::new() } else { json_path::path_at(text, e.line(), e.column(), file_depth) };
            json_error(&path, e)
        })?;
        check::scenario(file)
    }

    /// Checks a scenario file built in memory, exactly as a file that said
    /// the same would be checked (see [`ScenarioFile`]).
    pub fn from_file(file: ScenarioFile) -> Result<Self, ScenarioError> {
        check::scenario(file)
    }

    #[cfg(feature = "yaml")]
    pub fn from_yaml(text: &str) -> Result<Self, ScenarioError> {
        check_size(text.len())?;
        let de = serde_norway::Deserializer::from_str(text);
        match serde_path_to_error::deserialize::<_, file::ScenarioFile>(de) {
            Ok(file) => check::scenario(file),
            Err(e) => {
                let (path, inner) = (e.path().to_string(), e.into_inner());
                // serde_norway starts its message with the path already.
                let full = inner.to_string();
                let message = full.strip_prefix(&format!("{path}: ")).unwrap_or(&full).to_string();
                let location = inner.location();
                let problem = match &location {
                    Some(l) => message
                        .split_once(&format!(" at line {} column {}", l.line(), l.column()))
                        .map_or(message.clone(), |(head, tail)| format!("{head}{tail}")),
                    None => message.clone(),
                };
                // libyaml's scanner and parser errors carry their own position.
                let syntax = problem.contains("while parsing") || problem.contains("while scanning");
                let error = serde_problem(&path, problem, syntax);
                Err(match location {
                    Some(l) if !syntax => error.at_line(l.line(), l.column()),
                    _ => error,
                })
            }
        }
    }

    #[cfg(not(feature = "yaml"))]
    pub fn from_yaml(_text: &str) -> Result<Self, ScenarioError> {
        Err(ScenarioError::new(
            "",
            "this file is not JSON (it does not start with `{`), and this build reads only JSON",
        )
        .with_fix("write the scenario as JSON, or use the trafficlab CLI, which also reads YAML"))
    }
}

/// Whether the document is a list: JSON `[`, or YAML whose first content line
/// is a `- ` item or a flow `[`. serde would read a struct from it by position,
/// which gives confusing messages.
fn starts_with_list(trimmed: &str) -> bool {
    let first = trimmed
        .lines()
        .map(str::trim_start)
        .find(|line| !line.is_empty() && !line.starts_with('#') && *line != "---")
        .unwrap_or("");
    first.starts_with('[') || first == "-" || first.starts_with("- ")
}

/// How many steps of a path reach into a scenario file's shape: a section
/// and its field (`service.type`), or a list, an item and its field
/// (`pods[1].node`). Deeper steps are inside a value of the wrong kind.
fn file_depth(steps: &[json_path::Step]) -> usize {
    use json_path::Step::{Index, Key};
    match steps {
        [Key(list), Index(_), rest @ ..] if list == "nodes" || list == "pods" => match rest {
            [Key(_), ..] => 3,
            _ => 2,
        },
        [Key(ingress), Key(pods), Index(_), rest @ ..] if ingress == "ingress" && pods == "pods" => match rest {
            [Key(_), ..] => 4,
            _ => 3,
        },
        [Key(section), Key(_), ..]
            if matches!(section.as_str(), "service" | "loadBalancer" | "client" | "app" | "ingress") =>
        {
            2
        }
        [_, ..] => 1,
        [] => 0,
    }
}

/// Top-level keys of a Kubernetes object or a kubectl List, which no
/// scenario has: a file that starts with one is kubectl output.
const KUBERNETES_OBJECT_KEYS: [&str; 5] = ["apiVersion", "kind", "items", "metadata", "spec"];
const KUBECTL_HINT: &str = "this looks like kubectl output or a Kubernetes object, not a scenario: import it \
    with `--from-kubectl FILE` (CLI) or `Import from kubectl` (page), which read `kubectl get \
    nodes,services,endpointslices,pods -A -o json`";

fn json_error(path: &str, inner: serde_json::Error) -> ScenarioError {
    let (line, column) = (inner.line(), inner.column());
    let message = inner.to_string();
    let suffix = format!(" at line {line} column {column}");
    let problem = message.strip_suffix(&suffix).unwrap_or(&message).to_string();
    serde_problem(path, problem, inner.is_syntax() || inner.is_eof()).at_line(line, column)
}

fn check_size(len: usize) -> Result<(), ScenarioError> {
    if len > MAX_SCENARIO_BYTES {
        let mib = |b: usize| b as f64 / (1024.0 * 1024.0);
        return Err(ScenarioError::new(
            "",
            format!(
                "the file is {:.1} MiB; scenario files may be at most {:.0} MiB",
                mib(len),
                mib(MAX_SCENARIO_BYTES)
            ),
        )
        .with_fix("is this the right file? A scenario lists one Service's nodes and pods"));
    }
    Ok(())
}

/// Turns a serde message into a [`ScenarioError`], with a fix for the shapes
/// people get wrong.
fn serde_problem(path: &str, problem: String, syntax: bool) -> ScenarioError {
    // serde_path_to_error writes `.` for the root and `?` where it lost track
    // (inside a syntax error); neither helps a person.
    let path = path.trim_end_matches('?').trim_end_matches('.');
    let fix = if syntax {
        Some("check the syntax near that place (a missing comma, quote or bracket?)")
    } else if problem.contains("expected a scenario") || problem.starts_with("missing field") && path.is_empty() {
        Some(SHAPE_HINT)
    } else if problem.starts_with("unknown field") && KUBERNETES_OBJECT_KEYS.contains(&path) {
        Some(KUBECTL_HINT)
    } else if problem.starts_with("unknown field") {
        Some("remove it or correct its spelling (field names are Kubernetes' camelCase)")
    } else if path == "service.type" && problem.starts_with("unknown variant `ClusterIP`") {
        // Behind an ingress the controller sends to pod IPs, so the app
        // Service's own type changes no number: LoadBalancer gives the same.
        Some(
            "a ClusterIP Service takes no external traffic, so the model has nothing to route; behind an \
             `ingress` the app's type plays no part (the controller sends to pod IPs): write LoadBalancer",
        )
    } else if problem.starts_with("unknown variant") {
        Some("use one of the values listed (they are case-sensitive)")
    } else if problem.starts_with("invalid type") {
        Some("write the value with the type the message expects")
    } else {
        None
    };
    let error = ScenarioError::new(path, problem);
    match fix {
        Some(fix) => error.with_fix(fix),
        None => error,
    }
}
