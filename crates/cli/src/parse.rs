//! Running a clap parser the house way: `--help` and `--version` are text to
//! print on stdout, and every mistake is a usage error in our form: clap's
//! message without its `error:` prefix, usage line and pointer to `--help`
//! (the program's hint follows instead), and a missing or unknown command
//! said in our words with the list of commands.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::Parser;

use crate::error::CliError;

/// What the command line asks for: to run, or text to print as it is.
#[derive(Debug)]
pub enum Parsed<T> {
    Run(T),
    Print(String),
}

/// Parses `arguments` (after the program name) as `P`; usage errors end with `hint`.
pub fn parse<P: Parser>(
    program: &str,
    arguments: impl IntoIterator<Item = OsString>,
    hint: &'static str,
) -> Result<Parsed<P>, CliError> {
    let program = std::iter::once(OsString::from(program));
    match P::try_parse_from(program.chain(arguments)) {
        Ok(parsed) => Ok(Parsed::Run(parsed)),
        Err(error) if matches!(error.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            let mut text = error.to_string();
            if !text.ends_with('\n') {
                text.push('\n');
            }
            Ok(Parsed::Print(text))
        }
        Err(error) => Err(usage_error::<P>(&error, hint)),
    }
}

fn usage_error<P: Parser>(error: &clap::Error, hint: &'static str) -> CliError {
    let names: Vec<String> =
        P::command().get_subcommands().map(|c| c.get_name().to_string()).filter(|n| n != "help").collect();
    let commands = format!("commands: {}", names.join(", "));
    match error.kind() {
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            return CliError::usage_with_hint(format!("no command given ({commands})"), hint);
        }
        ErrorKind::InvalidSubcommand => {
            if let Some(ContextValue::String(name)) = error.get(ContextKind::InvalidSubcommand) {
                let similar = match error.get(ContextKind::SuggestedSubcommand) {
                    Some(ContextValue::Strings(similar)) if !similar.is_empty() => {
                        format!("; did you mean `{}`?", similar.join("` or `"))
                    }
                    _ => String::new(),
                };
                return CliError::usage_with_hint(format!("unknown command `{name}` ({commands}){similar}"), hint);
            }
        }
        _ => {}
    }
    let text = error.to_string().replace("\n\nFor more information, try '--help'.", "");
    let text = text.strip_prefix("error: ").unwrap_or(&text);
    let message = text.split("\n\nUsage:").next().unwrap_or(text);
    CliError::usage_with_hint(message.trim_end(), hint)
}
