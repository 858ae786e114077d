//! Ranked free-text search over library items, with filters by kind, tag and person/outlet.

use std::sync::Arc;

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
    /// The item's id (shared with the index, so a search that matches every item copies no
    /// strings).
    pub id: Arc<str>,
    /// Relevance; higher first.
    pub score: u32,
}

/// Pre-folded text of one item, built once when the library loads.
#[derive(Debug, Clone)]
pub(crate) struct IndexEntry {
    pub kind: ItemKind,
    pub id: Arc<str>,
    /// Which letters and digits occur in the title, holder, summary and body ([`char_mask`]):
    /// a field lacking one of a word's characters cannot hold the word, so it is not scanned,
    /// and a one-character word is answered from the masks alone.
    masks: [u64; 4],
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
        let title = fold(&title);
        let holder = fold(&holder);
        let tags: Vec<String> = tags.iter().map(|t| fold(t)).collect();
        let summary = fold(&summary);
        let body = fold(&body);
        IndexEntry {
            kind: item.kind(),
            masks: [
                char_mask(&title),
                char_mask(&holder),
                char_mask(&summary),
                char_mask(&body),
            ],
            id: Arc::from(item.id()),
            title,
            holder,
            tags,
            summary,
            body,
        }
    }

    /// Scores the entry against folded query words (each with its compiled finder); `None`
    /// when it does not match.
    fn score(&self, phrase: &Needle<'_>, words: &[Needle<'_>]) -> Option<u32> {
        let mut score = 0u32;
        // The title's text is read only when its mask says the phrase may be in it (each
        // title is a separate allocation: reading all of them is what a search spends most on).
        if !phrase.text.is_empty() && self.masks[0] & phrase.mask == phrase.mask {
            if self.title == phrase.text || *self.id == *phrase.text {
                score += 1000;
            } else if self.title.starts_with(phrase.text) {
                score += 300;
            } else if phrase.finder.find(self.title.as_bytes()).is_some() {
                score += 150;
            }
        } else if !phrase.text.is_empty() && *self.id == *phrase.text {
            score += 1000;
        }
        for w in words {
            let mut best = 0;
            // Whether field `i` (title, holder, summary, body) holds the word: the character
            // masks first, then (unless the mask is exact) the text.
            let holds = |i: usize, text: &str| {
                self.masks[i] & w.mask == w.mask
                    && (w.mask_exact || w.finder.find(text.as_bytes()).is_some())
            };
            if holds(0, &self.title) {
                best = if contains_word(&self.title, w) {
                    40
                } else {
                    30
                };
            }
            if best < 35 && holds(1, &self.holder) {
                best = 35;
            }
            if best < 25 && self.tags.iter().any(|t| t == w.text) {
                best = 25;
            }
            if best < 15 && holds(2, &self.summary) {
                best = 15;
            }
            if best == 0 && holds(3, &self.body) {
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

/// A folded query word, its substring finder (compiled once per search) and its characters'
/// mask.
struct Needle<'a> {
    text: &'a str,
    finder: memchr::memmem::Finder<'a>,
    mask: u64,
    /// The word is one ASCII letter or digit: a field's mask says exactly whether it holds it.
    mask_exact: bool,
}

impl<'a> Needle<'a> {
    fn new(text: &'a str) -> Self {
        Needle {
            text,
            finder: memchr::memmem::Finder::new(text.as_bytes()),
            mask: char_mask(text),
            mask_exact: text.len() == 1 && text.bytes().all(|b| b.is_ascii_alphanumeric()),
        }
    }
}

/// One bit per ASCII letter (26) and digit (10) that occurs in `text`, and bit 63 for any
/// other character (so a mask can only rule a field out, never wrongly in).
fn char_mask(text: &str) -> u64 {
    let mut m = 0u64;
    for b in text.bytes() {
        m |= match b {
            b'a'..=b'z' => 1 << (b - b'a'),
            b'0'..=b'9' => 1 << (26 + b - b'0'),
            b'A'..=b'Z' => 1 << (b - b'A'),
            _ if b >= 0x80 => 1 << 63,
            _ => 0,
        };
    }
    m
}

/// Whether `word` occurs in `haystack` as a whole word (not inside a longer one).
fn contains_word(haystack: &str, word: &Needle<'_>) -> bool {
    let not_alnum = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    word.finder.find_iter(haystack.as_bytes()).any(|at| {
        let end = at + word.text.len();
        not_alnum(haystack.get(..at).and_then(|s| s.chars().next_back()))
            && not_alnum(haystack.get(end..).and_then(|s| s.chars().next()))
    })
}

/// Searches entries; filters first, then ranks (best first; ties by kind, then id — the
/// order of `entries`, which the library keeps sorted that way). Returns (score, position in
/// `entries`) pairs.
///
/// Each query word is compiled once into a substring finder, and long indexes are split
/// across the cores. With `within`, only those positions are tried (a query that extends the
/// previous one matches a subset of its matches).
pub(crate) fn search(
    entries: &[IndexEntry],
    query: &Query,
    holder_of: impl Fn(&IndexEntry) -> bool + Sync,
    within: Option<&[u32]>,
) -> Vec<(u32, u32)> {
    let phrase = fold(query.text.trim());
    let words: Vec<String> = phrase
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    let needles: Vec<Needle<'_>> = words.iter().map(|w| Needle::new(w)).collect();
    let whole = Needle::new(&phrase);
    let tag = query.tag.as_deref().map(fold);
    let matches = |e: &IndexEntry| -> Option<u32> {
        if query.kind.is_some_and(|k| k != e.kind)
            || tag.as_ref().is_some_and(|t| !e.tags.iter().any(|x| x == t))
            || (query.person.is_some() && !holder_of(e))
        {
            return None;
        }
        e.score(&whole, &needles)
    };
    // Without `within`, every position: a range, not a list.
    let count = within.map_or(entries.len(), <[u32]>::len);
    let position = |k: usize| -> u32 {
        match within {
            Some(p) => p.get(k).copied().unwrap_or(u32::MAX),
            None => k as u32,
        }
    };
    let scan = |part: std::ops::Range<usize>| -> Vec<(u32, u32)> {
        part.filter_map(|k| {
            let i = position(k);
            let e = entries.get(i as usize)?;
            matches(e).map(|s| (s, i))
        })
        .collect()
    };
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(8);
    let mut found: Vec<(u32, u32)> = if count < 20_000 || threads < 2 {
        scan(0..count)
    } else {
        let chunk = count.div_ceil(threads);
        std::thread::scope(|s| {
            let parts: Vec<_> = (0..count)
                .step_by(chunk)
                .map(|start| {
                    let scan = &scan;
                    s.spawn(move || scan(start..(start + chunk).min(count)))
                })
                .collect();
            parts
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_default())
                .collect()
        })
    };
    found.sort_unstable_by_key(|(score, i)| (std::cmp::Reverse(*score), *i));
    found
}

/// Turns (score, position) pairs into hits.
pub(crate) fn hits(entries: &[IndexEntry], found: &[(u32, u32)]) -> Vec<Hit> {
    found
        .iter()
        .filter_map(|(score, i)| {
            let e = entries.get(*i as usize)?;
            Some(Hit {
                kind: e.kind,
                id: e.id.clone(),
                score: *score,
            })
        })
        .collect()
}

/// Search as the user types: keeps the last query and what it matched, so a query that only
/// adds to the text (same filters, same library) is tried only on the previous matches. Owned
/// by the search box (runtime state, not saved).
#[derive(Debug, Default)]
pub struct SearchSession {
    /// The library searched last ([`super::Library::id`]) and the query.
    last: Option<(u64, Query)>,
    /// (score, position) of every match of the last query, best first.
    found: Vec<(u32, u32)>,
}

impl SearchSession {
    /// Whether `query` narrows the last query on the same library.
    pub(crate) fn narrows(&self, library: u64, query: &Query) -> bool {
        let Some((lib, last)) = &self.last else {
            return false;
        };
        *lib == library
            && last.kind == query.kind
            && last.tag == query.tag
            && last.person == query.person
            && fold(query.text.trim()).starts_with(&fold(last.text.trim()))
    }

    /// The positions the last query matched, in index order.
    pub(crate) fn previous(&self) -> Vec<u32> {
        let mut p: Vec<u32> = self.found.iter().map(|(_, i)| *i).collect();
        p.sort_unstable();
        p
    }

    /// Remembers a query and its matches.
    pub(crate) fn remember(&mut self, library: u64, query: &Query, found: Vec<(u32, u32)>) {
        self.last = Some((library, query.clone()));
        self.found = found;
    }

    /// The last query's matches.
    pub(crate) fn found(&self) -> &[(u32, u32)] {
        &self.found
    }

    /// The last query, if any.
    pub fn last_query(&self) -> Option<&Query> {
        self.last.as_ref().map(|(_, q)| q)
    }
}

/// True when the entry's person/outlet/affiliation contains the folded text.
pub(crate) fn holder_matches(entry: &IndexEntry, person: &str) -> bool {
    !entry.holder.trim().is_empty() && entry.holder.contains(fold(person).as_str())
}

/// Lower-cases and strips diacritics so that `turkiye` finds `Türkiye` and `azerbaycan` finds `Azərbaycan`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            // Most text: no table lookups.
            out.push(c.to_ascii_lowercase());
            continue;
        }
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
