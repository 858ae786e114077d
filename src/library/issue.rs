//! Problems found while loading a content pack, each naming file, item, field and a hint.

use std::fmt;

use serde::Serialize;

/// One problem in one pack file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackIssue {
    /// The file (or folder) the problem is in.
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// The id of the item concerned, when known.
    pub item_id: Option<String>,
    /// The field concerned, when known.
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: String,
}

impl PackIssue {
    /// A problem with an item's field.
    pub fn item(
        file: &str,
        item_id: &str,
        field: &str,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        PackIssue {
            file: file.to_owned(),
            line: None,
            column: None,
            item_id: Some(item_id.to_owned()),
            field: Some(field.to_owned()),
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// A problem with a whole file.
    pub fn file(file: &str, message: impl Into<String>, hint: impl Into<String>) -> Self {
        PackIssue {
            file: file.to_owned(),
            line: None,
            column: None,
            item_id: None,
            field: None,
            message: message.into(),
            hint: hint.into(),
        }
    }
}

impl fmt::Display for PackIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
            if let Some(c) = self.column {
                write!(f, ":{c}")?;
            }
        }
        write!(f, ":")?;
        if let Some(id) = &self.item_id {
            write!(f, " item `{id}`")?;
        }
        if let Some(field) = &self.field {
            write!(f, " field `{field}`")?;
        }
        if self.item_id.is_some() || self.field.is_some() {
            write!(f, ":")?;
        }
        write!(f, " {}", self.message)
    }
}

/// A pack that could not be loaded, with every problem found in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("content pack `{pack}` was skipped: {} problem(s), first: {}", issues.len(), issues.first().map(|i| i.to_string()).unwrap_or_default())]
pub struct PackFailure {
    /// The pack's folder or name.
    pub pack: String,
    /// Every problem found.
    pub issues: Vec<PackIssue>,
}

impl crate::error::Hinted for PackIssue {
    fn hint(&self) -> Option<String> {
        Some(self.hint.clone())
    }
}
