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

    /// The block as one line, as slides show it and the app edits it: `(C) text` when marked,
    /// else the text.
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

    /// Blocks from the lines of an edit box (blank lines are skipped); see [`Block::from_texts`]
    /// for how the sources of `old` carry over.
    pub fn from_lines(text: &str, old: &[Block]) -> Vec<Block> {
        let lines: Vec<String> = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .collect();
        Block::from_texts(&lines, old)
    }

    /// Blocks from edited texts, carrying over the sources of `old`: a text equal to an old
    /// block's keeps that block's sources; when the count is unchanged (a block edited in place),
    /// the others keep the sources of the block at their position; a new text cites nothing.
    /// So inserting or deleting a line never moves a citation to another block.
    pub fn from_texts(texts: &[String], old: &[Block]) -> Vec<Block> {
        let mut used = vec![false; old.len()];
        let mut matched = vec![false; texts.len()];
        // A line shown exactly as before is that block, unchanged (so an unmarked text that
        // happens to start with "(US) " is not turned into a mark by editing another line).
        let mut new: Vec<Block> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let t = t.trim();
                match (0..old.len()).find(|j| !used[*j] && old[*j].to_line() == t) {
                    Some(j) => {
                        used[j] = true;
                        matched[i] = true;
                        old[j].clone()
                    }
                    None => Block::from_line(t, None),
                }
            })
            .collect();
        for (i, b) in new.iter_mut().enumerate() {
            if matched[i] {
                continue;
            }
            if let Some(j) = (0..old.len()).find(|j| !used[*j] && old[*j].text == b.text) {
                used[j] = true;
                matched[i] = true;
                b.sources = old[j].sources.clone();
            }
        }
        if new.len() == old.len() {
            for (i, b) in new.iter_mut().enumerate() {
                if !matched[i] && !used[i] {
                    used[i] = true;
                    b.sources = old[i].sources.clone();
                }
            }
        }
        new
    }

    /// The lines of an edit box for these blocks.
    pub fn to_lines(blocks: &[Block]) -> String {
        blocks
            .iter()
            .map(Block::to_line)
            .collect::<Vec<_>>()
            .join("\n")
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

/// True for a well-formed portion mark: 1–24 characters of capital letters, digits, `/`, `-`
/// and spaces, not blank.
pub fn mark_is_valid(mark: &str) -> bool {
    !mark.trim().is_empty()
        && mark.chars().count() <= MAX_MARK_CHARS
        && mark
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "/- ".contains(c))
}

/// Splits `(MARK) rest` into the mark and the rest (see [`mark_is_valid`]).
fn split_mark(line: &str) -> (Option<&str>, &str) {
    let Some(rest) = line.strip_prefix('(') else {
        return (None, line);
    };
    let Some(close) = rest.find(')') else {
        return (None, line);
    };
    let mark = rest[..close].trim();
    let ok = mark_is_valid(mark);
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

    fn cited(text: &str, source: &str) -> Block {
        Block {
            text: text.into(),
            mark: None,
            sources: vec![source.into()],
        }
    }

    #[test]
    fn citations_stay_with_their_blocks() {
        let old = vec![cited("a", "s1"), cited("b", "s2")];
        // Edited in place: sources kept by position.
        let new = Block::from_lines("a changed\n(S) b", &old);
        assert_eq!(new[0].sources, vec!["s1".to_owned()]);
        assert_eq!(new[1].mark.as_deref(), Some("S"));
        assert_eq!(new[1].sources, vec!["s2".to_owned()]);
        // A line inserted at the top cites nothing; the others keep theirs.
        let new = Block::from_lines("x\na\nb", &old);
        assert!(new[0].sources.is_empty());
        assert_eq!(new[1].sources, vec!["s1".to_owned()]);
        assert_eq!(new[2].sources, vec!["s2".to_owned()]);
        // A middle line deleted: the rest keep theirs.
        let old3 = vec![cited("a", "s1"), cited("b", "s2"), cited("c", "s3")];
        let new = Block::from_lines("a\n\nc", &old3);
        assert_eq!(new[1].text, "c");
        assert_eq!(new[1].sources, vec!["s3".to_owned()]);
        // An untouched unmarked line that looks like it starts with a mark stays as it was.
        let old = vec![cited("(US) policy first", "s1"), cited("b", "s2")];
        let new = Block::from_lines("(US) policy first\nb changed", &old);
        assert_eq!(new[0], old[0]);
        assert_eq!(new[1].sources, vec!["s2".to_owned()]);
    }
}
