//! What a link carries, and its text form: `<version>.<payload>`, where the
//! payload is base64url (no padding) of a compact binary record followed by
//! its CRC-32.
//!
//! The record's layout is fixed per version and never changes once released:
//! a new layout gets a new version number and its own module, and every old
//! decoder stays, so a link written today still opens after the format moves
//! on (`tests/links.rs` decodes a checked-in link of every version). Only the
//! newest version is written.
//!
//! Decoding never panics and never trusts the input: the text is checked for
//! its shape, its checksum, its version and its record, and the scenario it
//! describes goes through the same checks as a scenario file, so every
//! failure is a [`LinkError`] that says what was wrong.

use std::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use trafficlab_core::{PodId, Scenario, ScenarioError};

use super::checksum::crc32;
use super::{v1, v2, v3};
use crate::flow::Pace;

/// The version [`encode`] writes.
pub const CURRENT_VERSION: u32 = 3;
/// Longer text is refused before decoding. A board at Kubernetes' limits
/// (150 000 pods) needs about 1 MB of link; browsers cap URLs at about 2 MB.
pub const MAX_LINK_CHARS: usize = 4 * 1024 * 1024;

/// A board and how it was being looked at: everything a link restores.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub scenario: Scenario,
    /// The preset the board started from (its id), if any: the preset picker
    /// shows it, and Reset goes back to it.
    pub preset: Option<&'static str>,
    pub view: View,
}

/// The parts of the page's state that are not the scenario.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    /// The pod shown in the inspector.
    pub selected: Option<PodId>,
    /// Whether a connection is being followed hop by hop.
    pub follow: bool,
    pub playing: bool,
    pub pace: Pace,
}

impl Default for View {
    fn default() -> Self {
        View { selected: None, follow: false, playing: true, pace: Pace::default() }
    }
}

/// Why a link could not be opened. The page shows the default board with
/// this message; nothing the person had is lost.
#[derive(Clone, Debug, PartialEq)]
pub enum LinkError {
    /// Not `<version>.<payload>` at all.
    Malformed,
    /// Over [`MAX_LINK_CHARS`].
    TooLong(usize),
    /// Characters that base64url never produces, or a length it cannot have.
    NotBase64,
    /// The checksum does not match: cut short, or changed by hand.
    Damaged,
    /// Written by a newer trafficlab than this one.
    FutureVersion(u32),
    /// The checksum matches but the record does not fit its version's layout.
    Unreadable(String),
    /// The record describes a scenario that breaks a rule of scenario files.
    Invalid(ScenarioError),
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::Malformed => write!(
                f,
                "it does not hold a trafficlab board (the `board` value should look like `{CURRENT_VERSION}.` followed by letters and digits)",
            ),
            LinkError::TooLong(chars) => {
                write!(f, "it is {chars} characters long, more than a board link can be ({MAX_LINK_CHARS})")
            }
            LinkError::NotBase64 => f.write_str(
                "it contains characters a trafficlab link never has: it was probably changed or cut when it was copied",
            ),
            LinkError::Damaged => f.write_str(
                "it was cut short or changed after it was made (its checksum does not match): copy the whole link again",
            ),
            LinkError::FutureVersion(version) => write!(
                f,
                "it was made by a newer trafficlab (link format {version}; this page reads formats 1 to {CURRENT_VERSION}): open it where it was made, or reload this page to get the newest version"
            ),
            LinkError::Unreadable(why) => write!(f, "its board cannot be read ({why})"),
            LinkError::Invalid(error) => write!(f, "the board it describes is not valid: {error}"),
        }
    }
}

impl std::error::Error for LinkError {}

/// The `board` value for a link to `link`.
pub fn encode(link: &Link) -> String {
    let mut bytes = v3::encode(link);
    bytes.extend_from_slice(&crc32(&bytes).to_be_bytes());
    format!("{CURRENT_VERSION}.{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// Reads a `board` value written by any version of [`encode`].
pub fn decode(text: &str) -> Result<Link, LinkError> {
    if text.len() > MAX_LINK_CHARS {
        return Err(LinkError::TooLong(text.len()));
    }
    let (version, payload) = text.trim().split_once('.').ok_or(LinkError::Malformed)?;
    if version.is_empty() || !version.bytes().all(|b| b.is_ascii_digit()) {
        return Err(LinkError::Malformed);
    }
    // Too many digits for a u32 is still a version from the future. The
    // version is read first: a future format may armor its record differently.
    let version: u32 = version.parse().unwrap_or(u32::MAX);
    if version > CURRENT_VERSION {
        return Err(LinkError::FutureVersion(version));
    }
    let bytes = URL_SAFE_NO_PAD.decode(payload).map_err(|_| LinkError::NotBase64)?;
    let (record, sum) = bytes.split_at_checked(bytes.len().saturating_sub(4)).ok_or(LinkError::Damaged)?;
    if sum.len() != 4 || crc32(record).to_be_bytes() != sum {
        return Err(LinkError::Damaged);
    }
    match version {
        1 => v1::decode(record),
        2 => v2::decode(record),
        3 => v3::decode(record),
        _ => Err(LinkError::Malformed),
    }
}
