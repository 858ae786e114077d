//! Errors that carry their hint as data: every error type says what is wrong (`Display`) and,
//! separately, what the user can do about it ([`Hinted::hint`]). The CLI prints the two on
//! separate lines; the app shows the hint under the message. Nothing composes or splits strings.

/// A problem as shown to the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What is wrong.
    pub message: String,
    /// What to do about it, when there is something to do.
    pub hint: Option<String>,
}

impl Problem {
    /// A problem with a hint.
    pub fn new(message: impl Into<String>, hint: impl Into<String>) -> Problem {
        Problem {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }

    /// A problem with nothing more to say.
    pub fn bare(message: impl Into<String>) -> Problem {
        Problem {
            message: message.into(),
            hint: None,
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// An error with a hint kept apart from its message.
pub trait Hinted: std::fmt::Display {
    /// What the user can do about it.
    fn hint(&self) -> Option<String>;

    /// The message and hint together.
    fn problem(&self) -> Problem {
        Problem {
            message: self.to_string(),
            hint: self.hint(),
        }
    }
}

impl Hinted for Problem {
    fn hint(&self) -> Option<String> {
        self.hint.clone()
    }
}

/// `Some(text)` as an owned hint.
pub(crate) fn hint(text: &str) -> Option<String> {
    Some(text.to_owned())
}

impl From<String> for Problem {
    fn from(message: String) -> Problem {
        Problem::bare(message)
    }
}

impl From<&str> for Problem {
    fn from(message: &str) -> Problem {
        Problem::bare(message)
    }
}
