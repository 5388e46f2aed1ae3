//! What went wrong with kubectl output, and what an import noticed.
//!
//! Both name their place as the input and a JSON path into it
//! (`cluster.json: items[3].spec.ports[0].port`), the same paths scenario
//! files get, so a person can find the field in the file they gave.

use std::fmt;

/// Why an import was refused: where, what, and how to fix it. Displayed in
/// the house form `input: path: problem (line L, column C). Fix: …`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KubeError {
    input: String,
    path: String,
    problem: String,
    fix: Option<String>,
    line: Option<(usize, usize)>,
}

impl KubeError {
    pub(crate) fn new(input: &str, path: impl Into<String>, problem: impl Into<String>) -> Self {
        KubeError { input: input.to_string(), path: path.into(), problem: problem.into(), fix: None, line: None }
    }

    pub(crate) fn with_fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }

    pub(crate) fn at_line(mut self, line: usize, column: usize) -> Self {
        self.line = (line > 0).then_some((line, column));
        self
    }

    /// The same error without a line: for YAML input, whose JSON form's
    /// lines are not the file's.
    #[cfg_attr(not(feature = "yaml"), allow(dead_code))]
    pub(crate) fn without_line(mut self) -> Self {
        self.line = None;
        self
    }

    /// The input's name (a file name, or what the app calls pasted text).
    pub fn input(&self) -> &str {
        &self.input
    }

    /// The JSON path inside the input (`items[3].spec.type`), "" for the whole input.
    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn problem(&self) -> &str {
        &self.problem
    }

    pub fn fix(&self) -> Option<&str> {
        self.fix.as_deref()
    }

    /// Line and column, when the parser knows them.
    pub fn line(&self) -> Option<(usize, usize)> {
        self.line
    }
}

impl fmt::Display for KubeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for part in [&self.input, &self.path] {
            if !part.is_empty() {
                write!(f, "{part}: ")?;
            }
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

impl std::error::Error for KubeError {}

/// Something the import did that a person should know: which source the
/// endpoints came from, what was left out and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// Where it comes from (`cluster.json: items[7]`), or "" for the import as a whole.
    pub place: String,
    pub text: String,
}

impl Note {
    pub(crate) fn new(place: impl Into<String>, text: impl Into<String>) -> Self {
        Note { place: place.into(), text: text.into() }
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.place.is_empty() {
            write!(f, "{}: ", self.place)?;
        }
        f.write_str(&self.text)
    }
}
