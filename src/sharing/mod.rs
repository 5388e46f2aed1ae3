//! Sharing a board: the whole scenario and the view in a link, the address bar
//! kept in step with edits (Back and Forward walk through them), scenario
//! files in and out, and the embed mode for iframes in documentation.
//!
//! The pure parts (`link`, `query`) are tested natively; `address_bar` and
//! `files` are the thin browser shells around them.

pub mod address_bar;
mod checksum;
pub mod embed;
pub mod files;
pub mod link;
pub mod opening;
pub mod query;
mod v1;
mod v2;
mod v3;

pub use link::{decode, encode, Link, LinkError, View};
pub use opening::Opening;
