//! Parsing pack files (TOML) into items, with errors that name file, line, item and field.

use serde::Deserialize;

use super::issue::PackIssue;
use super::model::{Fact, PackMeta, Source, Term, Topic, Viewpoint};

/// Everything one pack file may hold. Any file may hold any kind of item;
/// only `pack.toml` holds the `[pack]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PackFileContent {
    #[serde(default)]
    pub pack: Option<PackMeta>,
    #[serde(default)]
    pub source: Vec<Source>,
    #[serde(default)]
    pub topic: Vec<Topic>,
    #[serde(default)]
    pub viewpoint: Vec<Viewpoint>,
    #[serde(default)]
    pub fact: Vec<Fact>,
    #[serde(default)]
    pub term: Vec<Term>,
}

/// Parses one file; on failure returns one issue locating the problem.
pub(crate) fn parse_file(label: &str, text: &str) -> Result<PackFileContent, Box<PackIssue>> {
    toml::from_str::<PackFileContent>(text).map_err(|e| Box::new(toml_issue(label, text, &e)))
}

fn toml_issue(label: &str, text: &str, e: &toml::de::Error) -> PackIssue {
    let message = e.message().trim().to_owned();
    let offset = e.span().map(|s| s.start).unwrap_or(0).min(text.len());
    let (line, column) = line_col(text, offset);
    let field = quoted_after(&message, "unknown field `")
        .or_else(|| quoted_after(&message, "missing field `"))
        .or_else(|| key_on_line(text, offset));
    let item_id = enclosing_item_id(text, offset);
    let hint = if message.contains("unknown field") {
        "check the spelling of the field name; the allowed names are listed in the message and in README.md"
    } else if message.contains("missing field") {
        "add the missing field to this item (see the content-pack format in README.md)"
    } else if message.contains("bad date") {
        "write dates as YYYY-MM-DD, or YYYY-MM when the day is not known"
    } else if message.contains("unknown variant") {
        "use one of the values listed in the message"
    } else if message.contains("invalid type") {
        "give the field a value of the expected type: text in \"quotes\", lists in [ ]"
    } else {
        "fix the TOML syntax at this position"
    };
    PackIssue {
        file: label.to_owned(),
        line: Some(line),
        column: Some(column),
        item_id,
        field,
        message: message.lines().next().unwrap_or_default().to_owned(),
        hint: hint.to_owned(),
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|s| s.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}

fn quoted_after(message: &str, prefix: &str) -> Option<String> {
    let start = message.find(prefix)? + prefix.len();
    let rest = &message[start..];
    let end = rest.find('`')?;
    Some(rest[..end].to_owned())
}

fn key_on_line(text: &str, offset: usize) -> Option<String> {
    let start = text[..offset].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line = text[start..].lines().next()?;
    let (key, _) = line.split_once('=')?;
    let key = key.trim();
    if key.is_empty() || key.starts_with('[') || key.contains(' ') {
        return None;
    }
    Some(key.trim_matches('"').to_owned())
}

/// The `id` of the `[[table]]` that contains `offset`, found in the text.
fn enclosing_item_id(text: &str, offset: usize) -> Option<String> {
    let header = text[..offset]
        .rfind("\n[[")
        .map(|i| i + 1)
        .or_else(|| text.starts_with("[[").then_some(0))?;
    let block_end = text[header + 2..]
        .find("\n[")
        .map(|i| header + 2 + i)
        .unwrap_or(text.len());
    text[header..block_end].lines().find_map(|l| {
        let (k, v) = l.split_once('=')?;
        (k.trim() == "id").then(|| v.trim().trim_matches('"').trim_matches('\'').to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_field_names_file_item_and_field() {
        let text = "[[topic]]\nid = \"energy\"\ntitel = \"Energy\"\n";
        let issue = parse_file("topics.toml", text).unwrap_err();
        assert_eq!(issue.item_id.as_deref(), Some("energy"));
        assert_eq!(issue.field.as_deref(), Some("titel"));
        assert_eq!(issue.line, Some(3));
        assert!(issue.hint.contains("spelling"));
    }

    #[test]
    fn wrong_type_names_field() {
        let text = "[[term]]\nid = \"x\"\nterm = 5\nexpansion = \"y\"\n";
        let issue = parse_file("g.toml", text).unwrap_err();
        assert_eq!(issue.field.as_deref(), Some("term"));
        assert_eq!(issue.item_id.as_deref(), Some("x"));
        assert!(issue.message.contains("invalid type"), "{}", issue.message);
    }
}
