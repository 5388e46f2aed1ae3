//! Writing the finished answer: one `write_all` to a locked stdout, so the
//! output is never half written by us, and quiet handling of a closed pipe.

use std::io::{self, ErrorKind, Write};
use std::process::ExitCode;

use crate::commands::Answer;
use crate::error::CliError;

/// Exit status for a usage error or a bad scenario.
const USAGE_OR_INPUT: u8 = 2;
/// Exit status when the output cannot be written.
const OUTPUT_FAILED: u8 = 1;

/// Writes the answer (its notes to stderr first, one `trafficlab: note:`
/// line each), or the error; the exit status says which (1 for a lab whose
/// kernel differs from the core, once its report is written).
pub fn finish(result: Result<Answer, CliError>) -> ExitCode {
    match result {
        Ok(answer) => {
            let notes: String = answer.notes.iter().map(|note| format!("trafficlab: note: {note}\n")).collect();
            to_stderr(&notes);
            match emit(&answer.text) {
                written if written == ExitCode::SUCCESS && answer.differs => ExitCode::FAILURE,
                status => status,
            }
        }
        Err(error) => fail(&error),
    }
}

/// Writes `text` to stdout. A reader that went away (`| head`) is not an
/// error; any other write failure is reported on stderr with status 1.
fn emit(text: &str) -> ExitCode {
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
fn fail(error: &CliError) -> ExitCode {
    to_stderr(&error.render());
    ExitCode::from(USAGE_OR_INPUT)
}

/// Best effort: if stderr itself is gone there is nobody left to tell.
fn to_stderr(text: &str) {
    if text.is_empty() {
        return;
    }
    let mut stderr = io::stderr().lock();
    let _ = stderr.write_all(text.as_bytes()).and_then(|()| stderr.flush());
}
