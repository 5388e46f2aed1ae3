//! One component per file.

pub mod policy_comparison;
