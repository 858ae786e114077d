//! Content blocks: the unit of slide text (a bullet, key point, claim, paragraph, quotation or
//! takeaway) with its optional portion mark and the sources it cites.

use serde::{Deserialize, Serialize};

/// One piece of slide text.
///
/// The portion mark (e.g. `U`, `CUI`, `C`, or a marking scheme's own label) is stored and shown
/// in front of the text as `(C)`; the sources are ids of the deck's cited sources.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Block {
    /// The text, one paragraph.
    pub text: String,
    /// Portion mark, without parentheses (`None` = unmarked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mark: Option<String>,
    /// Ids of the sources this block cites (keys of the deck's `sources`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

/// Longest portion mark accepted by [`Block::from_line`] (without parentheses).
pub const MAX_MARK_CHARS: usize = 24;

impl Block {
    /// An unmarked block that cites nothing.
    pub fn new(text: impl Into<String>) -> Block {
        Block {
            text: text.into(),
            mark: None,
            sources: Vec::new(),
        }
    }

    /// Unmarked blocks from plain strings (e.g. a library item's key points).
    pub fn list<S: AsRef<str>>(texts: &[S]) -> Vec<Block> {
        texts.iter().map(|t| Block::new(t.as_ref())).collect()
    }

    /// Paragraph blocks from text with paragraphs separated by blank lines.
    pub fn paragraphs(text: &str) -> Vec<Block> {
        text.split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(Block::new)
            .collect()
    }

    /// The block as one editable line: `(C) text` when marked, else the text.
    pub fn to_line(&self) -> String {
        match &self.mark {
            Some(m) => format!("({m}) {}", self.text),
            None => self.text.clone(),
        }
    }

    /// Parses an edited line: a leading `(MARK) ` sets the portion mark. `old` (the block that was
    /// at this position) lends its sources, so editing text does not drop citations.
    pub fn from_line(line: &str, old: Option<&Block>) -> Block {
        let sources = old.map(|b| b.sources.clone()).unwrap_or_default();
        let (mark, text) = split_mark(line.trim());
        Block {
            text: text.trim().to_owned(),
            mark: mark.map(str::to_owned),
            sources,
        }
    }

    /// Blocks from the lines of an edit box (blank lines are skipped), keeping the sources of the
    /// blocks at the same positions in `old`.
    pub fn from_lines(text: &str, old: &[Block]) -> Vec<Block> {
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .enumerate()
            .map(|(i, l)| Block::from_line(l, old.get(i)))
            .collect()
    }

    /// The lines of an edit box for these blocks.
    pub fn to_lines(blocks: &[Block]) -> String {
        blocks
            .iter()
            .map(Block::to_line)
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The text as shown on a slide: `(C) ` in front when marked.
    pub fn shown(&self) -> String {
        self.to_line()
    }
}

impl From<&str> for Block {
    fn from(text: &str) -> Block {
        Block::new(text)
    }
}

impl From<String> for Block {
    fn from(text: String) -> Block {
        Block::new(text)
    }
}

/// Splits `(MARK) rest` into the mark and the rest; a mark is 1–24 characters of capital
/// letters, digits, `/`, `-` and spaces.
fn split_mark(line: &str) -> (Option<&str>, &str) {
    let Some(rest) = line.strip_prefix('(') else {
        return (None, line);
    };
    let Some(close) = rest.find(')') else {
        return (None, line);
    };
    let mark = rest[..close].trim();
    let ok = !mark.is_empty()
        && mark.chars().count() <= MAX_MARK_CHARS
        && mark
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "/- ".contains(c));
    let after = &rest[close + 1..];
    if ok && (after.is_empty() || after.starts_with(' ')) {
        (Some(mark), after)
    } else {
        (None, line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_round_trip_through_lines() {
        let b = Block::from_line("(CUI) Fibre under the Caspian", None);
        assert_eq!(b.mark.as_deref(), Some("CUI"));
        assert_eq!(b.text, "Fibre under the Caspian");
        assert_eq!(b.to_line(), "(CUI) Fibre under the Caspian");
        // Not a mark: lower case, or no space after.
        assert_eq!(Block::from_line("(see below) x", None).mark, None);
        assert_eq!(Block::from_line("(C)x", None).mark, None);
    }

    #[test]
    fn lines_keep_sources_by_position() {
        let old = vec![Block {
            text: "a".into(),
            mark: None,
            sources: vec!["s1".into()],
        }];
        let new = Block::from_lines("a changed\n\n(S) b\n", &old);
        assert_eq!(new.len(), 2);
        assert_eq!(new[0].sources, vec!["s1".to_owned()]);
        assert_eq!(new[1].mark.as_deref(), Some("S"));
        assert!(new[1].sources.is_empty());
    }
}
