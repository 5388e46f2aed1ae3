//! The lab's one error: something a person can fix, said in the house form
//! `where: problem. Fix: …`.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabError {
    pub place: String,
    pub problem: String,
    pub fix: String,
}

impl LabError {
    pub fn new(place: impl Into<String>, problem: impl Into<String>, fix: impl Into<String>) -> Self {
        LabError { place: place.into(), problem: problem.into(), fix: fix.into() }
    }

    /// A command the lab ran failed: its own words, and what to check.
    pub(crate) fn command(what: &str, detail: &str) -> Self {
        let detail = detail.trim();
        LabError::new(
            "lab",
            format!("`{what}` failed: {}", if detail.is_empty() { "no message" } else { detail }),
            "check that the kernel has network namespaces, veth, bridges and netfilter (statistic, conntrack, \
             MASQUERADE), then run `trafficlab lab --cleanup` and try again",
        )
    }
}

impl fmt::Display for LabError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}. Fix: {}", self.place, self.problem, self.fix)
    }
}

impl std::error::Error for LabError {}
