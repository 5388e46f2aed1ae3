//! Loading a scenario from a file or standard input, refusing oversized input
//! before reading it all, and naming the input in every error.

use std::fs::File;
use std::io::{self, ErrorKind, Read};
use std::path::Path;

use trafficlab_core::{Scenario, MAX_SCENARIO_BYTES};

use crate::args::Input;
use crate::error::CliError;

const MAX_BYTES: u64 = MAX_SCENARIO_BYTES as u64;
const TOO_BIG_FIX: &str = "Fix: is this the right file? A scenario lists one Service's nodes and pods";

/// Reads and checks the scenario; errors read `<input>: <problem>`.
pub fn load(input: &Input) -> Result<Scenario, CliError> {
    let bytes = match input {
        Input::Stdin => read_limited(io::stdin().lock()),
        Input::File(path) => read_file(path),
    }
    .map_err(|problem| CliError::new(format!("{input}: {problem}")))?;
    Scenario::from_slice(&bytes).map_err(|error| CliError::new(format!("{input}: {error}")))
}

fn read_file(path: &Path) -> Result<Vec<u8>, String> {
    let file = File::open(path).map_err(|e| describe(&e))?;
    let metadata = file.metadata().map_err(|e| describe(&e))?;
    if metadata.is_dir() {
        return Err("is a directory, not a scenario file".to_string());
    }
    if metadata.len() > MAX_BYTES {
        return Err(format!(
            "the file is {:.1} MiB; scenario files may be at most {} MiB. {TOO_BIG_FIX}",
            mib(metadata.len()),
            MAX_BYTES / (1024 * 1024),
        ));
    }
    // The size may be unknown (a pipe, /dev/stdin) or change while we read.
    read_limited(file)
}

/// Reads at most one byte more than a scenario may have, so endless or huge
/// input is refused without being read in full.
fn read_limited(source: impl Read) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    source.take(MAX_BYTES + 1).read_to_end(&mut bytes).map_err(|e| describe(&e))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(format!(
            "the input is larger than {} MiB, the most a scenario file may be. {TOO_BIG_FIX}",
            MAX_BYTES / (1024 * 1024),
        ));
    }
    Ok(bytes)
}

fn describe(error: &io::Error) -> String {
    match error.kind() {
        ErrorKind::NotFound => "no such file".to_string(),
        ErrorKind::PermissionDenied => "permission denied: cannot read it".to_string(),
        ErrorKind::IsADirectory => "is a directory, not a scenario file".to_string(),
        _ => format!("cannot read it: {error}"),
    }
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}
