//! Ranked free-text search over library items, with filters by kind, tag and person/outlet.

use std::sync::Arc;

use serde::Serialize;

use super::model::ItemKind;
use super::search_index::{char_mask, SearchIndex, BODY, HOLDER, SUMMARY, TAG, TITLE, TITLE_WORD};

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

/// Score of one query word in one item, from its per-item bits ([`SearchIndex::word_bits`]):
/// a whole word of the title 40, the person/outlet 35, part of the title 30, a tag 25, the
/// summary 15, the body 8; 0 when the word is not in the item.
const fn word_score(bits: u8) -> u32 {
    if bits & TITLE_WORD != 0 {
        40
    } else if bits & HOLDER != 0 {
        35
    } else if bits & TITLE != 0 {
        30
    } else if bits & TAG != 0 {
        25
    } else if bits & SUMMARY != 0 {
        15
    } else if bits & BODY != 0 {
        8
    } else {
        0
    }
}

/// [`word_score`] for every combination of bits.
const WORD_SCORES: [u32; 64] = {
    let mut t = [0u32; 64];
    let mut b = 0;
    while b < 64 {
        t[b] = word_score(b as u8);
        b += 1;
    }
    t
};

/// Per-item bits of recently searched words, kept by a [`SearchSession`] (typing one more
/// letter re-reads only the word being typed).
type WordBits = Vec<(String, Arc<[u8]>)>;

/// How many words a session keeps.
const KEPT_WORDS: usize = 16;

/// The folded query split into words (letters and digits; a word can therefore only occur
/// inside one word of an item).
fn query_words(phrase: &str) -> Vec<String> {
    phrase
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Searches the index; filters first, then ranks (best first; ties by kind, then id — the
/// order of the index). Returns (score, position in the index) pairs.
///
/// Every word must occur in the item (in any field); each word's occurrences come from the
/// inverted index ([`SearchIndex::word_bits`]), or from `kept` when a session already has them.
/// The whole query text scores again when it is the item's id or title (1000), starts the title
/// (300) or is inside it (150).
pub(crate) fn search(
    index: &SearchIndex,
    query: &Query,
    mut kept: Option<&mut WordBits>,
) -> Vec<(u32, u32)> {
    let phrase = fold(query.text.trim());
    let words = query_words(&phrase);
    let bits: Vec<Arc<[u8]>> = words
        .iter()
        .map(|w| {
            let Some(kept) = kept.as_deref_mut() else {
                return Arc::from(index.word_bits(w));
            };
            if let Some(at) = kept.iter().position(|(k, _)| k == w) {
                let hit = kept.remove(at);
                let b = hit.1.clone();
                kept.push(hit);
                return b;
            }
            let b: Arc<[u8]> = Arc::from(index.word_bits(w));
            if kept.len() >= KEPT_WORDS {
                kept.remove(0);
            }
            kept.push((w.clone(), b.clone()));
            b
        })
        .collect();
    let range = index.kind_range(query.kind);
    // Every word's score summed, and whether every word is in the title; 0 where a word is
    // missing.
    let mut total = vec![0u32; range.len()];
    let mut in_title = vec![true; range.len()];
    for (k, b) in bits.iter().enumerate() {
        let b = b.get(range.clone()).unwrap_or(&[]);
        for ((t, title), &b) in total.iter_mut().zip(in_title.iter_mut()).zip(b) {
            let s = WORD_SCORES[(b & 63) as usize];
            *t = if s == 0 || (k > 0 && *t == 0) {
                0
            } else {
                *t + s
            };
            *title &= b & TITLE != 0;
        }
    }
    let tag = query.tag.as_deref().map(fold);
    let person = query.person.as_deref().map(fold);
    let phrase_mask = char_mask(&phrase);
    let phrase_is_word = words.len() == 1 && words.first().is_some_and(|w| *w == phrase);
    let finder = memchr::memmem::Finder::new(phrase.as_bytes());
    let with_id = if phrase.is_empty() {
        Vec::new()
    } else {
        index.with_id(&phrase)
    };
    let mut found: Vec<(u32, u32)> = Vec::new();
    for ((k, &score), &all_in_title) in total.iter().enumerate().zip(&in_title) {
        if score == 0 && !bits.is_empty() {
            continue;
        }
        let i = range.start + k;
        if let Some(t) = &tag {
            if index.tagged(t).binary_search(&(i as u32)).is_err() {
                continue;
            }
        }
        if let Some(p) = &person {
            let holder = index.holder(i);
            if holder.trim().is_empty() || !holder.contains(p.as_str()) {
                continue;
            }
        }
        let mut score = score;
        if !phrase.is_empty() {
            if with_id.contains(&i) {
                score += 1000;
            } else if all_in_title && index.title_may_hold(i, phrase_mask) {
                // Every word is in the title: the title may hold the whole text.
                match index.title_starts_with(i, &phrase) {
                    Some(true) => score += 1000,
                    Some(false) => score += 300,
                    None => {
                        if phrase_is_word || finder.find(index.title(i).as_bytes()).is_some() {
                            score += 150;
                        }
                    }
                }
            }
        }
        found.push((score, i as u32));
    }
    rank(&mut found);
    found
}

/// Orders (score, position) pairs found in position order best first, keeping position order
/// among equal scores: a counting sort (scores are small numbers).
fn rank(found: &mut Vec<(u32, u32)>) {
    let Some(top) = found.iter().map(|f| f.0).max() else {
        return;
    };
    let mut starts = vec![0usize; top as usize + 2];
    for &(s, _) in found.iter() {
        if let Some(c) = starts.get_mut((top - s) as usize + 1) {
            *c += 1;
        }
    }
    for k in 1..starts.len() {
        starts[k] += starts[k - 1];
    }
    let mut out = vec![(0u32, 0u32); found.len()];
    for &f in found.iter() {
        if let Some(at) = starts.get_mut((top - f.0) as usize) {
            if let Some(slot) = out.get_mut(*at) {
                *slot = f;
            }
            *at += 1;
        }
    }
    *found = out;
}

/// Turns (score, position) pairs into hits.
pub(crate) fn hits(index: &SearchIndex, found: &[(u32, u32)]) -> Vec<Hit> {
    found
        .iter()
        .filter_map(|(score, i)| {
            let e = index.entries.get(*i as usize)?;
            Some(Hit {
                kind: e.kind,
                id: e.id.clone(),
                score: *score,
            })
        })
        .collect()
}

/// Search as the user types: keeps the last query, what it matched, and where its words occur,
/// so each keystroke looks up only the word being typed. Owned by the search box (runtime
/// state, not saved).
#[derive(Debug, Default)]
pub struct SearchSession {
    /// The library searched last ([`super::Library::id`]); what is kept belongs to it.
    library: u64,
    /// The last query.
    last: Option<Query>,
    /// (score, position) of every match of the last query, best first.
    found: Vec<(u32, u32)>,
    /// Per-item bits of the words searched lately.
    words: WordBits,
}

impl SearchSession {
    /// Forgets everything kept for another library.
    pub(crate) fn use_library(&mut self, library: u64) {
        if self.library != library {
            *self = SearchSession {
                library,
                ..SearchSession::default()
            };
        }
    }

    /// The words kept, for [`search`].
    pub(crate) fn words(&mut self) -> &mut WordBits {
        &mut self.words
    }

    /// Remembers a query and its matches.
    pub(crate) fn remember(&mut self, query: &Query, found: Vec<(u32, u32)>) {
        self.last = Some(query.clone());
        self.found = found;
    }

    /// The last query's matches.
    pub(crate) fn found(&self) -> &[(u32, u32)] {
        &self.found
    }

    /// The last query, if any.
    pub fn last_query(&self) -> Option<&Query> {
        self.last.as_ref()
    }
}

/// Lower-cases and strips diacritics so that `turkiye` finds `Türkiye` and `azerbaycan` finds `Azərbaycan`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(&mut out, s);
    out
}

/// [`fold`], appending to `out`.
pub(crate) fn fold_into(out: &mut String, s: &str) {
    if s.is_ascii() {
        // Most text: no table lookups.
        let start = out.len();
        out.push_str(s);
        if let Some(added) = out.get_mut(start..) {
            added.make_ascii_lowercase();
        }
        return;
    }
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
