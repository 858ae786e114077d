//! Ranked free-text search over library items, with filters by kind, tag and person/outlet.

use serde::Serialize;

use super::model::{ItemKind, ItemRef};

/// What to search for. Empty text matches every item that passes the filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Free text; every word must occur somewhere in the item.
    pub text: String,
    /// Only items of this kind.
    pub kind: Option<ItemKind>,
    /// Only items carrying this tag (topics), or related to a topic with this tag.
    pub tag: Option<String>,
    /// Only viewpoints whose person or outlet contains this text.
    pub person: Option<String>,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// The item's kind.
    pub kind: ItemKind,
    /// The item's id.
    pub id: String,
    /// Relevance; higher first.
    pub score: u32,
}

/// Pre-folded text of one item, built once when the library loads.
#[derive(Debug, Clone)]
pub(crate) struct IndexEntry {
    pub kind: ItemKind,
    pub id: String,
    title: String,
    holder: String,
    tags: Vec<String>,
    summary: String,
    body: String,
}

impl IndexEntry {
    pub(crate) fn new(item: ItemRef<'_>, tags: Vec<String>) -> Self {
        let (title, holder, summary, body) = match item {
            ItemRef::Topic(t) => (
                t.title.clone(),
                String::new(),
                t.one_line.clone(),
                format!("{}\n{}", t.summary, t.key_points.join("\n")),
            ),
            ItemRef::Viewpoint(v) => (
                v.stance.clone(),
                format!(
                    "{} {} {}",
                    v.person.as_deref().unwrap_or(""),
                    v.outlet.as_deref().unwrap_or(""),
                    v.affiliation.as_deref().unwrap_or("")
                ),
                v.role.clone().unwrap_or_default(),
                format!(
                    "{}\n{}",
                    v.claims.join("\n"),
                    v.quote.as_deref().unwrap_or("")
                ),
            ),
            ItemRef::Fact(f) => (
                f.statement.clone(),
                String::new(),
                f.date.to_string(),
                String::new(),
            ),
            ItemRef::Term(t) => (
                t.term.clone(),
                String::new(),
                t.expansion.clone(),
                t.note.clone().unwrap_or_default(),
            ),
        };
        IndexEntry {
            kind: item.kind(),
            id: item.id().to_owned(),
            title: fold(&title),
            holder: fold(&holder),
            tags: tags.iter().map(|t| fold(t)).collect(),
            summary: fold(&summary),
            body: fold(&body),
        }
    }

    /// Scores the entry against folded query words; `None` when it does not match.
    fn score(&self, phrase: &str, words: &[String]) -> Option<u32> {
        let mut score = 0u32;
        if !phrase.is_empty() {
            if self.title == phrase || self.id == phrase {
                score += 1000;
            } else if self.title.starts_with(phrase) {
                score += 300;
            } else if self.title.contains(phrase) {
                score += 150;
            }
        }
        for w in words {
            let mut best = 0;
            if contains_word(&self.title, w) {
                best = 40;
            } else if self.title.contains(w.as_str()) {
                best = 30;
            }
            if self.holder.contains(w.as_str()) {
                best = best.max(35);
            }
            if self.tags.iter().any(|t| t == w) {
                best = best.max(25);
            }
            if self.summary.contains(w.as_str()) {
                best = best.max(15);
            }
            if best == 0 && self.body.contains(w.as_str()) {
                best = 8;
            }
            if best == 0 {
                return None;
            }
            score += best;
        }
        Some(score)
    }
}

fn contains_word(haystack: &str, word: &str) -> bool {
    haystack
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w == word)
}

/// Searches entries; filters first, then ranks (best first; ties by kind, then id).
pub(crate) fn search(
    entries: &[IndexEntry],
    query: &Query,
    holder_of: impl Fn(&IndexEntry) -> bool,
) -> Vec<Hit> {
    let phrase = fold(query.text.trim());
    let words: Vec<String> = phrase
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    let tag = query.tag.as_deref().map(fold);
    let mut hits: Vec<Hit> = entries
        .iter()
        .filter(|e| query.kind.is_none_or(|k| k == e.kind))
        .filter(|e| tag.as_ref().is_none_or(|t| e.tags.iter().any(|x| x == t)))
        .filter(|e| query.person.is_none() || holder_of(e))
        .filter_map(|e| {
            e.score(&phrase, &words).map(|score| Hit {
                kind: e.kind,
                id: e.id.clone(),
                score,
            })
        })
        .collect();
    hits.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(a.kind.cmp(&b.kind))
            .then_with(|| a.id.cmp(&b.id))
    });
    hits
}

/// True when the entry's person/outlet/affiliation contains the folded text.
pub(crate) fn holder_matches(entry: &IndexEntry, person: &str) -> bool {
    !entry.holder.trim().is_empty() && entry.holder.contains(fold(person).as_str())
}

/// Lower-cases and strips diacritics so that `turkiye` finds `Türkiye` and `azerbaycan` finds `Azərbaycan`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let mapped = match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' => {
                'a'
            }
            'ç' | 'Ç' | 'ć' | 'č' => 'c',
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' | 'ə' | 'Ə' => 'e',
            'ğ' | 'Ğ' => 'g',
            'í' | 'ì' | 'î' | 'ï' | 'ı' | 'İ' | 'Í' | 'Î' => 'i',
            'ñ' | 'Ñ' => 'n',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'Ó' | 'Ö' | 'Ô' => 'o',
            'ş' | 'Ş' | 'š' | 'Š' => 's',
            'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ü' | 'Û' => 'u',
            '\u{2019}' | '\u{2018}' => '\'',
            '\u{2013}' | '\u{2014}' => '-',
            other => {
                for l in other.to_lowercase() {
                    out.push(l);
                }
                continue;
            }
        };
        out.push(mapped);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folds_azerbaijani_letters() {
        assert_eq!(fold("Türkiye"), "turkiye");
        assert_eq!(fold("Azərbaycan İŞĞ"), "azerbaycan isg");
    }
}
