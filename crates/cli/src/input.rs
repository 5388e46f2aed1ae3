//! Reading what the user names, a file or standard input, refusing input over
//! a size limit before reading it all, and saying which input in every error.
//! Standard input may already be read: the kubectl plugin hands the output of
//! the `kubectl` it ran in as if piped.

use std::fs::File;
use std::io::{self, ErrorKind, Read};
use std::path::Path;

use crate::args::Input;

/// What `-` reads.
#[derive(Debug)]
pub enum Stdin {
    /// The process's standard input.
    Process,
    /// Bytes read already, and the name messages give them.
    Given { name: String, bytes: Vec<u8> },
}

impl Stdin {
    /// The name messages give `-`.
    pub fn name(&self) -> &str {
        match self {
            Stdin::Process => "<stdin>",
            Stdin::Given { name, .. } => name,
        }
    }
}

/// How much one kind of input may hold, and what to say past that.
pub struct Limit {
    pub bytes: u64,
    /// What is limited: "a scenario file".
    pub noun: &'static str,
    /// "Fix: …"
    pub fix: &'static str,
}

/// The bytes of `input`, or why they cannot be read (without the input's name).
pub fn read(input: &Input, stdin: &mut Stdin, limit: &Limit) -> Result<Vec<u8>, String> {
    match input {
        Input::Stdin => match stdin {
            Stdin::Process => read_limited(io::stdin().lock(), limit),
            Stdin::Given { bytes, .. } => within(std::mem::take(bytes), limit),
        },
        Input::File(path) => read_file(path, limit),
    }
}

fn read_file(path: &Path, limit: &Limit) -> Result<Vec<u8>, String> {
    let file = File::open(path).map_err(|e| describe(&e))?;
    let metadata = file.metadata().map_err(|e| describe(&e))?;
    if metadata.is_dir() {
        return Err("is a directory, not a file".to_string());
    }
    if metadata.len() > limit.bytes {
        return Err(format!(
            "the file is {:.1} MiB; {} may be at most {} MiB. {}",
            mib(metadata.len()),
            limit.noun,
            limit.bytes / (1024 * 1024),
            limit.fix,
        ));
    }
    // The size may be unknown (a pipe, /dev/stdin) or change while we read.
    read_limited(file, limit)
}

/// Reads at most one byte more than the limit, so endless or huge input is
/// refused without being read in full.
fn read_limited(source: impl Read, limit: &Limit) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    source.take(limit.bytes + 1).read_to_end(&mut bytes).map_err(|e| describe(&e))?;
    within(bytes, limit)
}

fn within(bytes: Vec<u8>, limit: &Limit) -> Result<Vec<u8>, String> {
    if bytes.len() as u64 > limit.bytes {
        let most = limit.bytes / (1024 * 1024);
        return Err(format!("the input is larger than {most} MiB, the most {} may be. {}", limit.noun, limit.fix));
    }
    Ok(bytes)
}

fn describe(error: &io::Error) -> String {
    match error.kind() {
        ErrorKind::NotFound => "no such file".to_string(),
        ErrorKind::PermissionDenied => "permission denied: cannot read it".to_string(),
        ErrorKind::IsADirectory => "is a directory, not a file".to_string(),
        _ => format!("cannot read it: {error}"),
    }
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}
