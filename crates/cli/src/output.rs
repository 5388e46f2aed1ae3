//! Writing the finished answer: one `write_all` to a locked stdout, so the
//! output is never half written by us, and quiet handling of a closed pipe.

use std::io::{self, ErrorKind, Write};
use std::process::ExitCode;

use crate::error::CliError;

/// Exit status for a usage error or a bad scenario.
const USAGE_OR_INPUT: u8 = 2;
/// Exit status when the output cannot be written.
const OUTPUT_FAILED: u8 = 1;

/// Writes `text` to stdout. A reader that went away (`| head`) is not an
/// error; any other write failure is reported on stderr with status 1.
pub fn emit(text: &str) -> ExitCode {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            to_stderr(&format!("trafficlab: error: cannot write the output: {e}\n"));
            ExitCode::from(OUTPUT_FAILED)
        }
    }
}

/// Reports `error` on stderr; stdout stays empty.
pub fn fail(error: &CliError) -> ExitCode {
    to_stderr(&error.render());
    ExitCode::from(USAGE_OR_INPUT)
}

/// Best effort: if stderr itself is gone there is nobody left to tell.
fn to_stderr(text: &str) {
    let mut stderr = io::stderr().lock();
    let _ = stderr.write_all(text.as_bytes()).and_then(|()| stderr.flush());
}
