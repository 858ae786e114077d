//! A deck's memo settings: which memo template the read-ahead memo uses, its header (To, From,
//! Subject) and the texts of the template's sections that the slides cannot supply (for
//! example the recommendation, or the other side's objectives), keyed by the section's field.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Memo settings of a deck (all optional: the memo is written from the slides and these fill
/// its header and the sections that have no slide to come from). Like every text field, each
/// is cut at layout (with a warning) when longer than [`crate::limits::MAX_FIELD_CHARS`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MemoSettings {
    /// Id of the memo template (`decision`, `bilateral` or a custom one; empty = `decision`).
    pub template: String,
    /// Header: to whom the memo goes.
    pub to: String,
    /// Header: who sends it.
    pub from: String,
    /// Header: the subject (empty = the deck title).
    pub subject: String,
    /// Texts of the template's field sections, by field name (e.g. `recommendation`,
    /// `objectives`); paragraphs are separated by blank lines, and a section shown as a list
    /// takes one item a line.
    pub fields: BTreeMap<String, String>,
}

impl MemoSettings {
    /// The text of a field (empty when not set).
    pub fn field(&self, name: &str) -> &str {
        self.fields.get(name).map(String::as_str).unwrap_or("")
    }
}
