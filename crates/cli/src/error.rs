//! [`CliError`]: why a command failed, rendered for stderr (exit status 2).

use std::fmt;

/// A failure the user can fix: a usage mistake or a bad scenario.
#[derive(Debug)]
pub struct CliError {
    message: String,
    /// The usage hint that follows a mistake in the arguments.
    hint: Option<&'static str>,
}

impl CliError {
    pub fn new(message: impl Into<String>) -> Self {
        CliError { message: message.into(), hint: None }
    }

    /// A mistake in `trafficlab`'s arguments: the message is followed by its usage hint.
    pub fn usage(message: impl Into<String>) -> Self {
        CliError::usage_with_hint(message, crate::usage::HINT)
    }

    /// A mistake in the arguments of the program whose usage `hint` shows.
    pub fn usage_with_hint(message: impl Into<String>, hint: &'static str) -> Self {
        CliError { message: message.into(), hint: Some(hint) }
    }

    /// The full text for stderr, ending in a newline.
    pub fn render(&self) -> String {
        let mut text = format!("trafficlab: error: {self}\n");
        text.push_str(self.hint.unwrap_or_default());
        text
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
