//! Argument parsing: turns the command line into a [`Command`], or a usage
//! error that says what is wrong.

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::path::PathBuf;

use lexopt::{Arg, Parser};

use crate::error::CliError;

/// Where the scenario comes from.
#[derive(Debug, PartialEq, Eq)]
pub enum Input {
    /// `-`: standard input.
    Stdin,
    File(PathBuf),
}

impl fmt::Display for Input {
    /// The name error messages use for the input.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Input::Stdin => f.write_str("<stdin>"),
            Input::File(path) => write!(f, "{}", path.display()),
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Help,
    Version,
    Shares { input: Input, json: bool, spread: bool },
    Trace { input: Input, entry: String, seed: u64 },
    Health { input: Input, node: String },
}

/// The trace seed when `--seed` is not given.
pub const DEFAULT_SEED: u64 = 1;

/// Parses the arguments after the program name.
pub fn parse(arguments: impl IntoIterator<Item = OsString>) -> Result<Command, CliError> {
    let mut parser = Parser::from_args(arguments);
    let first = parser.next()?.ok_or_else(|| CliError::usage("no command given"))?;
    match first {
        Arg::Short('h') | Arg::Long("help") => Ok(Command::Help),
        Arg::Short('V') | Arg::Long("version") => Ok(Command::Version),
        Arg::Value(command) => match command.to_str() {
            Some("help") => Ok(Command::Help),
            Some("shares") => shares(&mut parser),
            Some("trace") => trace(&mut parser),
            Some("health") => health(&mut parser),
            _ => Err(CliError::usage(format!(
                "unknown command `{}` (commands: shares, trace, health)",
                command.to_string_lossy()
            ))),
        },
        other => Err(CliError::from(other.unexpected())),
    }
}

fn shares(parser: &mut Parser) -> Result<Command, CliError> {
    let mut input = None;
    let (mut json, mut spread) = (false, false);
    while let Some(arg) = parser.next()? {
        match arg {
            Arg::Long("json") => json = true,
            Arg::Long("spread") => spread = true,
            Arg::Short('h') | Arg::Long("help") => return Ok(Command::Help),
            Arg::Value(value) => set_input(&mut input, value)?,
            other => return Err(CliError::from(other.unexpected())),
        }
    }
    Ok(Command::Shares { input: required_input(input, "shares")?, json, spread })
}

fn trace(parser: &mut Parser) -> Result<Command, CliError> {
    let (mut input, mut entry, mut seed) = (None, None, None);
    while let Some(arg) = parser.next()? {
        match arg {
            Arg::Long("entry") => set_once(&mut entry, "--entry", text(parser.value()?, "--entry")?)?,
            Arg::Long("seed") => set_once(&mut seed, "--seed", parse_seed(&parser.value()?)?)?,
            Arg::Short('h') | Arg::Long("help") => return Ok(Command::Help),
            Arg::Value(value) => set_input(&mut input, value)?,
            other => return Err(CliError::from(other.unexpected())),
        }
    }
    let input = required_input(input, "trace")?;
    let entry = entry.ok_or_else(|| CliError::usage("trace needs --entry NODE: the node the connection arrives at"))?;
    Ok(Command::Trace { input, entry, seed: seed.unwrap_or(DEFAULT_SEED) })
}

fn health(parser: &mut Parser) -> Result<Command, CliError> {
    let (mut input, mut node) = (None, None);
    while let Some(arg) = parser.next()? {
        match arg {
            Arg::Long("node") => set_once(&mut node, "--node", text(parser.value()?, "--node")?)?,
            Arg::Short('h') | Arg::Long("help") => return Ok(Command::Help),
            Arg::Value(value) => set_input(&mut input, value)?,
            other => return Err(CliError::from(other.unexpected())),
        }
    }
    let input = required_input(input, "health")?;
    let node =
        node.ok_or_else(|| CliError::usage("health needs --node NODE: the node whose health check port to ask"))?;
    Ok(Command::Health { input, node })
}

/// The one positional argument: the scenario file, or `-` for stdin.
fn set_input(input: &mut Option<Input>, value: OsString) -> Result<(), CliError> {
    if input.is_some() {
        return Err(CliError::usage(format!(
            "unexpected argument `{}`: give one scenario FILE",
            value.to_string_lossy()
        )));
    }
    *input = Some(if value == "-" { Input::Stdin } else { Input::File(PathBuf::from(value)) });
    Ok(())
}

fn required_input(input: Option<Input>, command: &str) -> Result<Input, CliError> {
    input.ok_or_else(|| CliError::usage(format!("{command} needs a scenario FILE (or `-` for standard input)")))
}

fn set_once<T>(slot: &mut Option<T>, option: &str, value: T) -> Result<(), CliError> {
    if slot.replace(value).is_some() {
        return Err(CliError::usage(format!("{option} is given more than once")));
    }
    Ok(())
}

fn text(value: OsString, option: &str) -> Result<String, CliError> {
    value.into_string().map_err(|v| CliError::usage(format!("{option} `{}` is not valid UTF-8", v.to_string_lossy())))
}

fn parse_seed(value: &OsStr) -> Result<u64, CliError> {
    let shown = value.to_string_lossy();
    shown
        .trim()
        .parse()
        .map_err(|_| CliError::usage(format!("--seed `{shown}` is not a whole number from 0 to {}", u64::MAX)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_strs(args: &[&str]) -> Result<Command, CliError> {
        parse(args.iter().map(OsString::from))
    }

    #[test]
    fn options_may_come_before_or_after_the_file() {
        let expected = Command::Trace { input: Input::Stdin, entry: "node-b".into(), seed: 7 };
        assert_eq!(parse_strs(&["trace", "-", "--entry", "node-b", "--seed", "7"]).ok(), Some(expected));
        let expected = Command::Trace { input: Input::File("s.yaml".into()), entry: "node-b".into(), seed: 1 };
        assert_eq!(parse_strs(&["trace", "--entry=node-b", "s.yaml"]).ok(), Some(expected));
    }

    #[test]
    fn mistakes_are_usage_errors() {
        for args in [
            &[][..],
            &["frobnicate"],
            &["shares"],
            &["shares", "a", "b"],
            &["shares", "a", "--entry", "x"],
            &["trace", "a"],
            &["trace", "a", "--entry"],
            &["trace", "a", "--entry", "x", "--seed", "-1"],
            &["trace", "a", "--entry", "x", "--entry", "y"],
            &["health", "a"],
            &["shares", "a", "--json=yes"],
            &["shares", "a", "--spread=1"],
            &["trace", "a", "--entry", "x", "--spread"],
        ] {
            assert!(parse_strs(args).is_err(), "{args:?} should be refused");
        }
    }

    #[test]
    fn shares_takes_json_and_spread_in_any_order() {
        let expected = Command::Shares { input: Input::Stdin, json: true, spread: true };
        assert_eq!(parse_strs(&["shares", "--spread", "-", "--json"]).ok(), Some(expected));
        let expected = Command::Shares { input: Input::File("s.json".into()), json: false, spread: false };
        assert_eq!(parse_strs(&["shares", "s.json"]).ok(), Some(expected));
    }

    #[test]
    fn help_wins_anywhere() {
        assert_eq!(parse_strs(&["help"]).ok(), Some(Command::Help));
        assert_eq!(parse_strs(&["trace", "-h"]).ok(), Some(Command::Help));
        assert_eq!(parse_strs(&["--version"]).ok(), Some(Command::Version));
    }
}
