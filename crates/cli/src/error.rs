//! [`CliError`]: why a command failed, rendered for stderr (exit status 2).

use std::fmt;

/// A failure the user can fix: a usage mistake or a bad scenario.
#[derive(Debug)]
pub struct CliError {
    message: String,
    /// Whether to follow the message with the usage hint.
    usage: bool,
}

impl CliError {
    pub fn new(message: impl Into<String>) -> Self {
        CliError { message: message.into(), usage: false }
    }

    /// A mistake in the arguments: the message is followed by the usage hint.
    pub fn usage(message: impl Into<String>) -> Self {
        CliError { message: message.into(), usage: true }
    }

    /// The full text for stderr, ending in a newline.
    pub fn render(&self) -> String {
        let mut text = format!("trafficlab: error: {self}\n");
        if self.usage {
            text.push_str(crate::usage::HINT);
        }
        text
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
