//! The search index, built once when the library loads: each item's folded title and holder
//! (for the phrase and person checks), its character masks, its topics' tags, and an inverted
//! index from every distinct word of the library to the items (and fields) that hold it.
//!
//! A query word is made of letters and digits only, so wherever it occurs in an item it lies
//! inside one word of that item: the items holding it are the union of the posting lists of the
//! vocabulary words that contain it. Finding those words is one substring scan over the
//! vocabulary (a few thousand words, not the library's text), and the posting lists are read
//! sequentially; a keystroke never touches the items' text.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::model::{ItemKind, ItemRef};
use super::search::fold_into;

/// Field bits of a posting and of a word's per-item bits.
pub(crate) const TITLE: u8 = 1;
pub(crate) const HOLDER: u8 = 2;
pub(crate) const SUMMARY: u8 = 4;
pub(crate) const BODY: u8 = 8;
/// The item carries the word as a tag (only in a word's per-item bits).
pub(crate) const TAG: u8 = 16;
/// The title holds the word as a whole word (only in a word's per-item bits).
pub(crate) const TITLE_WORD: u8 = 32;

/// One item of the index (in kind-then-id order, the order search breaks ties in).
#[derive(Debug, Clone)]
pub(crate) struct IndexEntry {
    pub kind: ItemKind,
    pub id: Arc<str>,
}

/// The text of one item's four searched fields: title, holder (person, outlet, affiliation),
/// summary and body, each as one or more pieces.
fn fields_of(item: ItemRef<'_>) -> [Vec<Cow<'_, str>>; 4] {
    match item {
        ItemRef::Topic(t) => [
            vec![t.title.as_str().into()],
            Vec::new(),
            vec![t.one_line.as_str().into()],
            std::iter::once(t.summary.as_str())
                .chain(t.key_points.iter().map(String::as_str))
                .map(Cow::from)
                .collect(),
        ],
        ItemRef::Viewpoint(v) => [
            vec![v.stance.as_str().into()],
            // Always three parts, empty when missing, so a person filter reads
            // "person outlet affiliation" with its spaces.
            [&v.person, &v.outlet, &v.affiliation]
                .into_iter()
                .map(|s| Cow::from(s.as_deref().unwrap_or("")))
                .collect(),
            v.role.as_deref().map(Cow::from).into_iter().collect(),
            v.claims
                .iter()
                .map(String::as_str)
                .chain(v.quote.as_deref())
                .map(Cow::from)
                .collect(),
        ],
        ItemRef::Fact(f) => [
            vec![f.statement.as_str().into()],
            Vec::new(),
            vec![f.date.to_string().into()],
            Vec::new(),
        ],
        ItemRef::Term(t) => [
            vec![t.term.as_str().into()],
            Vec::new(),
            vec![t.expansion.as_str().into()],
            t.note.as_deref().map(Cow::from).into_iter().collect(),
        ],
    }
}

/// Strings laid end to end, with the offset of each (one allocation, read in order).
#[derive(Debug, Default)]
struct Arena {
    text: String,
    /// Start of string `i`; the last element is the end of the last string.
    at: Vec<u32>,
}

impl Arena {
    fn get(&self, i: usize) -> &str {
        match (self.at.get(i), self.at.get(i + 1)) {
            (Some(&a), Some(&b)) => self.text.get(a as usize..b as usize).unwrap_or(""),
            _ => "",
        }
    }
}

/// The whole search index.
#[derive(Debug, Default)]
pub(crate) struct SearchIndex {
    pub entries: Vec<IndexEntry>,
    /// Which letters and digits occur in each item's title, holder, summary and body
    /// ([`char_mask`]): a one-character word is answered from these alone.
    masks: Vec<[u64; 4]>,
    titles: Arena,
    /// The first 8 bytes of each folded title (zero-padded) and its length: whether a title
    /// starts with or equals a short query is answered without reading the title.
    title_heads: Vec<([u8; 8], u32)>,
    holders: Arena,
    /// The library's distinct words, each followed by a NUL (so no query word, which has no
    /// NUL, is found across two of them); `vocab.at[t]` is where word `t` starts.
    vocab: Arena,
    /// Posting lists: `postings[posting_at[t]..posting_at[t + 1]]` are the items holding word
    /// `t`, as `item << 4 | field bits`, in item order.
    posting_at: Vec<u32>,
    postings: Vec<u32>,
    /// Items by folded tag.
    tagged: HashMap<String, Vec<u32>>,
}

/// Splits folded text into words: maximal runs of letters and digits.
#[cfg(test)]
fn words_of(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Sorts items by kind, then id: the two halves side by side, then merged (each comparison
/// reads two items' ids from wherever they are, so a large library's sort is memory-bound).
fn sort_by_kind_and_id(items: &mut Vec<ItemRef<'_>>) {
    let order =
        |a: &ItemRef<'_>, b: &ItemRef<'_>| a.kind().cmp(&b.kind()).then_with(|| a.id().cmp(b.id()));
    if items.len() < 10_000 || crate::cores::cores() < 2 {
        items.sort_unstable_by(order);
        return;
    }
    let half = items.len() / 2;
    let (left, right) = items.split_at_mut(half);
    std::thread::scope(|s| {
        s.spawn(|| left.sort_unstable_by(order));
        right.sort_unstable_by(order);
    });
    let (left, right) = items.split_at(half);
    let mut merged = Vec::with_capacity(items.len());
    let (mut l, mut r) = (left.iter().peekable(), right.iter().peekable());
    loop {
        let next = match (l.peek(), r.peek()) {
            (Some(a), Some(b)) if order(a, b).is_le() => l.next(),
            (Some(_), Some(_)) => r.next(),
            (Some(_), None) => l.next(),
            (None, _) => r.next(),
        };
        match next {
            Some(item) => merged.push(*item),
            None => break,
        }
    }
    *items = merged;
}

/// The tags an item is found by (a topic's own, a viewpoint's or fact's topics').
pub(crate) type TagsOf<'a> = dyn Fn(ItemRef<'a>) -> Vec<&'a str> + Sync + 'a;

/// What one core makes of a run of items (in index order): their folded titles and holders,
/// masks, tags, and words, numbered locally.
#[derive(Default)]
struct Chunk {
    entries: Vec<IndexEntry>,
    /// The run's items (numbered from 0) by folded tag (a topic's own, or its topics' for
    /// viewpoints and facts).
    tagged: FxHashMap<String, Vec<u32>>,
    masks: Vec<[u64; 4]>,
    title_heads: Vec<([u8; 8], u32)>,
    /// The folded titles and holders, end to end, with where each ends.
    titles: String,
    title_ends: Vec<u32>,
    holders: String,
    holder_ends: Vec<u32>,
    vocab: Vec<Box<str>>,
    /// Per item, the end of its (local word, field bits) pairs in `pairs`.
    ends: Vec<usize>,
    pairs: Vec<(u32, u8)>,
    /// Per local word, how many items hold it.
    counts: Vec<u32>,
}

fn index_chunk<'a>(items: &[ItemRef<'a>], tags_of: &TagsOf<'a>) -> Chunk {
    let mut words = ChunkVocab::default();
    let mut out = Chunk::default();
    // Per local word, the last item (counted from 1) that held it and where its pair is: a
    // word met again in the same item adds its field to that pair.
    let mut seen: Vec<(u32, u32)> = Vec::new();
    let mut buf = String::new();
    let mut long = String::new();
    for (n, item) in items.iter().enumerate() {
        let stamp = n as u32 + 1;
        let mut masks = [0u64; 4];
        let title_from = out.titles.len();
        let mut kept = [&mut out.titles, &mut out.holders];
        for (f, pieces) in fields_of(*item).iter().enumerate() {
            let bit = 1u8 << f;
            let mut add = |id: u32| {
                if seen.len() <= id as usize {
                    seen.resize(id as usize + 1, (0, 0));
                    out.counts.resize(id as usize + 1, 0);
                }
                if let Some(s) = seen.get_mut(id as usize) {
                    if s.0 == stamp {
                        if let Some(p) = out.pairs.get_mut(s.1 as usize) {
                            p.1 |= bit;
                        }
                    } else {
                        *s = (stamp, out.pairs.len() as u32);
                        out.pairs.push((id, bit));
                        if let Some(c) = out.counts.get_mut(id as usize) {
                            *c += 1;
                        }
                    }
                }
            };
            for (k, piece) in pieces.iter().enumerate() {
                // The title and holder are kept whole, folded; the holder's parts joined by
                // spaces.
                if let Some(keep) = kept.get_mut(f) {
                    if k > 0 {
                        keep.push(' ');
                    }
                    fold_into(keep, piece);
                }
                if piece.is_ascii() {
                    // Most text: words are read from the text itself, lower-cased as they are
                    // keyed, with no folded copy.
                    masks[f] |= scan_ascii_words(piece.as_bytes(), |w| match w {
                        AsciiWord::Short(key) => add(words.id_of_key(key)),
                        AsciiWord::Long(raw) => {
                            long.clear();
                            long.extend(raw.iter().map(|b| char::from(b.to_ascii_lowercase())));
                            add(words.id(&long));
                        }
                    });
                } else {
                    buf.clear();
                    fold_into(&mut buf, piece);
                    masks[f] |= scan_words(&buf, |w| add(words.id(w)));
                }
            }
        }
        out.ends.push(out.pairs.len());
        let title = out.titles.get(title_from..).unwrap_or("");
        let mut head = [0u8; 8];
        for (h, b) in head.iter_mut().zip(title.bytes()) {
            *h = b;
        }
        out.title_heads.push((head, title.len() as u32));
        out.title_ends.push(out.titles.len() as u32);
        out.holder_ends.push(out.holders.len() as u32);
        out.masks.push(masks);
        out.entries.push(IndexEntry {
            kind: item.kind(),
            id: Arc::from(item.id()),
        });
        for tag in tags_of(*item) {
            buf.clear();
            fold_into(&mut buf, tag);
            match out.tagged.get_mut(buf.as_str()) {
                Some(list) => list.push(n as u32),
                None => {
                    out.tagged.insert(buf.clone(), vec![n as u32]);
                }
            }
        }
    }
    out.vocab = words.list;
    out
}

/// A run's words, numbered in the order met. Words of up to 16 bytes (nearly all) are looked up
/// by their bytes packed into one number, with no string comparison.
#[derive(Default)]
struct ChunkVocab {
    short: FxHashMap<u128, u32>,
    long: FxHashMap<Box<str>, u32>,
    list: Vec<Box<str>>,
}

impl ChunkVocab {
    /// The local number of folded word `w`, numbering it if it is new.
    fn id(&mut self, w: &str) -> u32 {
        if w.len() <= 16 {
            let mut key = [0u8; 16];
            if let (Some(k), Some(b)) = (key.get_mut(..w.len()), w.as_bytes().get(..)) {
                k.copy_from_slice(b);
            }
            return self.id_of_key(u128::from_le_bytes(key));
        }
        let next = self.list.len() as u32;
        match self.long.get(w) {
            Some(&id) => id,
            None => {
                self.long.insert(Box::from(w), next);
                self.list.push(Box::from(w));
                next
            }
        }
    }

    /// The local number of a word of up to 16 bytes given as its bytes packed into one number
    /// (little-endian, zero-padded; a word holds no NUL, so the padding marks its end).
    fn id_of_key(&mut self, key: u128) -> u32 {
        let next = self.list.len() as u32;
        let id = *self.short.entry(key).or_insert(next);
        if id == next {
            let bytes = key.to_le_bytes();
            let len = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
            let word = std::str::from_utf8(bytes.get(..len).unwrap_or(&[])).unwrap_or("");
            self.list.push(Box::from(word));
        }
        id
    }
}

/// Whether an ASCII byte is a letter or a digit, and its [`char_mask`] bit, by byte.
const ASCII_CLASS: [(bool, u64); 128] = {
    let mut t = [(false, 0u64); 128];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        let bit = match byte {
            b'a'..=b'z' => 1 << (byte - b'a'),
            b'0'..=b'9' => 1 << (26 + byte - b'0'),
            b'A'..=b'Z' => 1 << (byte - b'A'),
            _ => 0,
        };
        t[b] = (byte.is_ascii_alphanumeric(), bit);
        b += 1;
    }
    t
};

/// A word met by [`scan_ascii_words`], lower-cased.
enum AsciiWord<'a> {
    /// A word of up to 16 bytes, packed as [`ChunkVocab::id_of_key`] takes it.
    Short(u128),
    /// A longer word, as it stands in the text (not yet lower-cased).
    Long(&'a [u8]),
}

/// [`scan_words`] for ASCII text that is not yet folded: calls `each` with every word (which
/// folding would only lower-case) and returns the text's [`char_mask`].
fn scan_ascii_words<'a>(text: &'a [u8], mut each: impl FnMut(AsciiWord<'a>)) -> u64 {
    /// Letters and digits all have bit 5 set once lower-cased, so or-ing 0x20 into every byte
    /// of a word lower-cases it.
    const LOWER: u128 = u128::from_le_bytes([0x20; 16]);
    let class = |i: usize| {
        text.get(i)
            .and_then(|&b| ASCII_CLASS.get(usize::from(b)))
            .copied()
    };
    let mut mask = 0u64;
    let mut i = 0;
    loop {
        while let Some((false, _)) = class(i) {
            i += 1;
        }
        let start = i;
        while let Some((true, bit)) = class(i) {
            mask |= bit;
            i += 1;
        }
        let len = i - start;
        if len == 0 {
            return mask;
        }
        if len > 16 {
            each(AsciiWord::Long(text.get(start..i).unwrap_or(&[])));
            continue;
        }
        let mut raw = [0u8; 16];
        match text.get(start..start + 16) {
            // One 16-byte load where the text allows, cut to the word.
            Some(sixteen) => raw.copy_from_slice(sixteen),
            None => {
                if let (Some(r), Some(w)) = (raw.get_mut(..len), text.get(start..i)) {
                    r.copy_from_slice(w);
                }
            }
        }
        let keep = u128::MAX >> (8 * (16 - len));
        each(AsciiWord::Short((u128::from_le_bytes(raw) | LOWER) & keep));
    }
}

/// Calls `each` with every word of folded text (as [`words_of`]) and returns the text's
/// [`char_mask`], in one pass.
fn scan_words(text: &str, mut each: impl FnMut(&str)) -> u64 {
    let bytes = text.as_bytes();
    let mut mask = 0u64;
    let mut start: Option<usize> = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let (alnum, len) = if b < 0x80 {
            mask |= mask_bit(b);
            (b.is_ascii_alphanumeric(), 1)
        } else {
            mask |= mask_bit(b);
            let c = text.get(i..).and_then(|t| t.chars().next());
            (
                c.is_some_and(char::is_alphanumeric),
                c.map_or(1, char::len_utf8),
            )
        };
        match (alnum, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                each(text.get(s..i).unwrap_or(""));
                start = None;
            }
            _ => {}
        }
        i += len;
    }
    if let Some(s) = start {
        each(text.get(s..).unwrap_or(""));
    }
    mask
}

impl SearchIndex {
    /// Builds the index of `items` (each with its tags), on all cores.
    pub(crate) fn build<'a>(mut items: Vec<ItemRef<'a>>, tags_of: &TagsOf<'a>) -> SearchIndex {
        sort_by_kind_and_id(&mut items);
        // Runs of 4 000 items, taken by the cores in turn (items differ in length by kind).
        let parts: Vec<&[ItemRef<'a>]> = items.chunks(4000).collect();
        let next = std::sync::atomic::AtomicUsize::new(0);
        let mut done: Vec<(usize, Chunk)> = std::thread::scope(|s| {
            let workers: Vec<_> = (0..crate::cores::cores())
                .map(|_| {
                    let (parts, next) = (&parts, &next);
                    s.spawn(move || {
                        let mut mine = Vec::new();
                        loop {
                            let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some(part) = parts.get(k) else {
                                break;
                            };
                            mine.push((k, index_chunk(part, tags_of)));
                        }
                        mine
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_default())
                .collect()
        });
        done.sort_unstable_by_key(|(k, _)| *k);
        let chunks: Vec<Chunk> = done.into_iter().map(|(_, c)| c).collect();
        drop(items);
        // One numbering of the words for the whole library.
        let mut global: FxHashMap<&str, u32> = FxHashMap::default();
        let mut vocab: Vec<&str> = Vec::new();
        let maps: Vec<Vec<u32>> = chunks
            .iter()
            .map(|c| {
                c.vocab
                    .iter()
                    .map(|w| {
                        let next = vocab.len() as u32;
                        *global.entry(w).or_insert_with(|| {
                            vocab.push(w);
                            next
                        })
                    })
                    .collect()
            })
            .collect();
        let mut posting_at = vec![0u32; vocab.len() + 1];
        for (c, map) in chunks.iter().zip(&maps) {
            for (&count, &g) in c.counts.iter().zip(map) {
                if let Some(at) = posting_at.get_mut(g as usize + 1) {
                    *at += count;
                }
            }
        }
        for t in 1..posting_at.len() {
            posting_at[t] += posting_at[t - 1];
        }
        // Where each run's postings of each of its words go: after the earlier runs' postings
        // of that word, so every list stays in item order. The runs then write side by side.
        let mut cursor = posting_at.clone();
        let starts: Vec<Vec<u32>> = chunks
            .iter()
            .zip(&maps)
            .map(|(c, map)| {
                c.counts
                    .iter()
                    .zip(map)
                    .map(|(&count, &g)| match cursor.get_mut(g as usize) {
                        Some(at) => {
                            let start = *at;
                            *at += count;
                            start
                        }
                        None => 0,
                    })
                    .collect()
            })
            .collect();
        drop(cursor);
        let mut firsts = Vec::with_capacity(chunks.len());
        let mut first = 0u32;
        for c in &chunks {
            firsts.push(first);
            first += c.ends.len() as u32;
        }
        let total = posting_at.last().copied().unwrap_or(0) as usize;
        let postings: Vec<std::sync::atomic::AtomicU32> = (0..total)
            .map(|_| std::sync::atomic::AtomicU32::new(0))
            .collect();
        let next = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..crate::cores::cores() {
                let (chunks, starts, firsts, postings, next) =
                    (&chunks, &starts, &firsts, &postings, &next);
                s.spawn(move || loop {
                    let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let (Some(c), Some(start), Some(&first)) =
                        (chunks.get(k), starts.get(k), firsts.get(k))
                    else {
                        break;
                    };
                    let mut slots = start.clone();
                    let mut from = 0;
                    for (n, &end) in c.ends.iter().enumerate() {
                        let item = first + n as u32;
                        for &(l, bits) in c.pairs.get(from..end).unwrap_or(&[]) {
                            if let Some(slot) = slots.get_mut(l as usize) {
                                if let Some(p) = postings.get(*slot as usize) {
                                    p.store(
                                        item << 4 | u32::from(bits),
                                        std::sync::atomic::Ordering::Relaxed,
                                    );
                                }
                                *slot += 1;
                            }
                        }
                        from = end;
                    }
                });
            }
        });
        let postings: Vec<u32> = postings
            .into_iter()
            .map(std::sync::atomic::AtomicU32::into_inner)
            .collect();
        let mut vocab_arena = Arena::default();
        for w in &vocab {
            vocab_arena.at.push(vocab_arena.text.len() as u32);
            vocab_arena.text.push_str(w);
            vocab_arena.text.push('\0');
        }
        vocab_arena.at.push(vocab_arena.text.len() as u32);
        drop(global);
        drop(vocab);
        let mut index = SearchIndex {
            vocab: vocab_arena,
            posting_at,
            postings,
            ..SearchIndex::default()
        };
        index.titles.at.push(0);
        index.holders.at.push(0);
        for c in chunks {
            for (arena, text, ends) in [
                (&mut index.titles, &c.titles, &c.title_ends),
                (&mut index.holders, &c.holders, &c.holder_ends),
            ] {
                let base = arena.text.len() as u32;
                arena.text.push_str(text);
                arena.at.extend(ends.iter().map(|e| base + e));
            }
            // Items by tag, in item order (the runs are in item order).
            let first = index.entries.len() as u32;
            for (tag, items) in c.tagged {
                index
                    .tagged
                    .entry(tag)
                    .or_default()
                    .extend(items.into_iter().map(|k| first + k));
            }
            index.masks.extend(c.masks);
            index.title_heads.extend(c.title_heads);
            index.entries.extend(c.entries);
        }
        index
    }

    /// The folded title of item `i`.
    pub(crate) fn title(&self, i: usize) -> &str {
        self.titles.get(i)
    }

    /// How the folded title of item `i` compares with `text`: `Some(true)` when they are
    /// equal, `Some(false)` when the title starts with `text` and is longer, `None` when it does
    /// not start with it.
    pub(crate) fn title_starts_with(&self, i: usize, text: &str) -> Option<bool> {
        let starts = match self.title_heads.get(i) {
            Some((head, len)) if text.len() <= head.len() => {
                *len as usize >= text.len() && head.get(..text.len()) == Some(text.as_bytes())
            }
            _ => self.title(i).starts_with(text),
        };
        let len = self.title_heads.get(i).map_or(0, |h| h.1 as usize);
        starts.then_some(len == text.len())
    }

    /// The folded person, outlet and affiliation of item `i` (empty for other kinds).
    pub(crate) fn holder(&self, i: usize) -> &str {
        self.holders.get(i)
    }

    /// The items carrying a folded tag, in item order.
    pub(crate) fn tagged(&self, tag: &str) -> &[u32] {
        self.tagged.get(tag).map_or(&[], Vec::as_slice)
    }

    /// The range of items of one kind (items are sorted by kind).
    pub(crate) fn kind_range(&self, kind: Option<ItemKind>) -> std::ops::Range<usize> {
        match kind {
            None => 0..self.entries.len(),
            Some(k) => {
                let start = self.entries.partition_point(|e| e.kind < k);
                let end = self.entries.partition_point(|e| e.kind <= k);
                start..end
            }
        }
    }

    /// Where one folded query word (letters and digits only) occurs: per item, the fields
    /// holding it ([`TITLE`], [`HOLDER`], [`SUMMARY`], [`BODY`]), [`TAG`] when it is one of the
    /// item's tags, and [`TITLE_WORD`] when the title holds it as a whole word. 0 where it does
    /// not occur.
    pub(crate) fn word_bits(&self, word: &str) -> Vec<u8> {
        let n = self.entries.len();
        let mut bits = vec![0u8; n];
        let mask = char_mask(word);
        let one_char = word.len() == 1 && word.bytes().all(|b| b.is_ascii_alphanumeric());
        if one_char {
            // The masks say exactly which fields hold a single letter or digit.
            for (b, m) in bits.iter_mut().zip(&self.masks) {
                *b = u8::from(m[0] & mask != 0)
                    | u8::from(m[1] & mask != 0) << 1
                    | u8::from(m[2] & mask != 0) << 2
                    | u8::from(m[3] & mask != 0) << 3;
            }
        }
        let finder = memchr::memmem::Finder::new(word.as_bytes());
        let mut last_word = usize::MAX;
        for at in finder.find_iter(self.vocab.text.as_bytes()) {
            let t = self.vocab.at.partition_point(|&s| s as usize <= at);
            let Some(t) = t.checked_sub(1) else {
                continue;
            };
            if t == last_word {
                continue;
            }
            last_word = t;
            // The word's length without its NUL.
            let whole = self.vocab.get(t).len() == word.len() + 1;
            if one_char && !whole {
                continue;
            }
            let (Some(&a), Some(&b)) = (self.posting_at.get(t), self.posting_at.get(t + 1)) else {
                continue;
            };
            let list = self.postings.get(a as usize..b as usize).unwrap_or(&[]);
            if whole {
                for &p in list {
                    let f = (p & 15) as u8;
                    if let Some(x) = bits.get_mut((p >> 4) as usize) {
                        *x |= f | (f & TITLE) << 5;
                    }
                }
            } else {
                for &p in list {
                    if let Some(x) = bits.get_mut((p >> 4) as usize) {
                        *x |= (p & 15) as u8;
                    }
                }
            }
        }
        for &i in self.tagged(word) {
            if let Some(x) = bits.get_mut(i as usize) {
                *x |= TAG;
            }
        }
        bits
    }

    /// The positions of the items whose id is `id` (at most one per kind).
    pub(crate) fn with_id(&self, id: &str) -> Vec<usize> {
        [
            ItemKind::Topic,
            ItemKind::Viewpoint,
            ItemKind::Fact,
            ItemKind::Term,
        ]
        .into_iter()
        .filter_map(|k| {
            let r = self.kind_range(Some(k));
            let part = self.entries.get(r.clone())?;
            part.binary_search_by(|e| (*e.id).cmp(id))
                .ok()
                .map(|i| r.start + i)
        })
        .collect()
    }

    /// Whether item `i`'s title may contain `text` (its mask allows it).
    pub(crate) fn title_may_hold(&self, i: usize, mask: u64) -> bool {
        self.masks.get(i).is_some_and(|m| m[0] & mask == mask)
    }

    /// Number of distinct words and of postings (for the benchmark's report).
    pub(crate) fn size(&self) -> (usize, usize) {
        (self.posting_at.len().saturating_sub(1), self.postings.len())
    }
}

/// One bit per ASCII letter (26) and digit (10) that occurs in `text`, and bit 63 for any
/// other character (so a mask can only rule a field out, never wrongly in).
pub(crate) fn char_mask(text: &str) -> u64 {
    text.bytes().fold(0, |m, b| m | mask_bit(b))
}

/// The [`char_mask`] bit of one byte of UTF-8 text.
fn mask_bit(b: u8) -> u64 {
    match b {
        b'a'..=b'z' => 1 << (b - b'a'),
        b'0'..=b'9' => 1 << (26 + b - b'0'),
        b'A'..=b'Z' => 1 << (b - b'A'),
        _ if b >= 0x80 => 1 << 63,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::search::{fold, search, Query};
    use crate::library::Library;

    /// One item's folded fields, as the ranking rules read them.
    struct Folded {
        id: String,
        tags: Vec<String>,
        fields: [String; 4],
        kind: ItemKind,
    }

    fn folded(item: ItemRef<'_>) -> Folded {
        let f = fields_of(item);
        let join = |k: usize, sep: &str| {
            let parts: Vec<&str> = f[k].iter().map(|c| c.as_ref()).collect();
            fold(&parts.join(sep))
        };
        Folded {
            id: item.id().to_owned(),
            tags: item.tags().iter().map(|t| fold(t)).collect(),
            fields: [join(0, "\n"), join(1, " "), join(2, "\n"), join(3, "\n")],
            kind: item.kind(),
        }
    }

    /// The ranking rules written out plainly over an item's folded text.
    fn naive(f: &Folded, phrase: &str) -> Option<u32> {
        let [title, holder, summary, body] = &f.fields;
        let mut score = 0;
        if !phrase.is_empty() {
            if *title == phrase || f.id == phrase {
                score += 1000;
            } else if title.starts_with(phrase) {
                score += 300;
            } else if title.contains(phrase) {
                score += 150;
            }
        }
        for w in words_of(phrase) {
            let mut best = 0;
            if title.contains(w) {
                best = if words_of(title).any(|t| t == w) {
                    40
                } else {
                    30
                };
            }
            if best < 35 && holder.contains(w) {
                best = 35;
            }
            if best < 25 && f.tags.iter().any(|t| t == w) {
                best = 25;
            }
            if best < 15 && summary.contains(w) {
                best = 15;
            }
            if best == 0 && body.contains(w) {
                best = 8;
            }
            if best == 0 {
                return None;
            }
            score += best;
        }
        Some(score)
    }

    #[test]
    fn words_are_split_as_query_words_are() {
        for text in [
            "a-b c",
            "  x",
            "Azərbaycan, türkiye",
            "ab\u{301}c",
            "中文 x1",
            "",
        ] {
            let mut got = Vec::new();
            let mask = scan_words(text, |w| got.push(w.to_owned()));
            let want: Vec<String> = words_of(text).map(str::to_owned).collect();
            assert_eq!(got, want, "{text:?}");
            assert_eq!(mask, char_mask(text), "{text:?}");
        }
    }

    #[test]
    fn ascii_words_are_keyed_as_their_folded_words_are() {
        for text in [
            "Corridor ENERGY-2026, a",
            "Sixteen-byteWORDS sixteenbyteword Seventeen1234567x",
            "x",
            "ends with a word of exactly sixteen: ABCDEFGHIJKLMNOP",
            "PneumonoultramicroscopicsilicovolcanoconiosisIsLong and short",
            "  -- ,; ",
            "",
        ] {
            let mut vocab = ChunkVocab::default();
            let mut got = Vec::new();
            let mask = scan_ascii_words(text.as_bytes(), |w| {
                let id = match w {
                    AsciiWord::Short(key) => vocab.id_of_key(key),
                    AsciiWord::Long(raw) => vocab.id(&raw
                        .to_ascii_lowercase()
                        .iter()
                        .map(|&b| char::from(b))
                        .collect::<String>()),
                };
                got.push(vocab.list[id as usize].to_string());
            });
            let folded = fold(text);
            let want: Vec<String> = words_of(&folded).map(str::to_owned).collect();
            assert_eq!(got, want, "{text:?}");
            assert_eq!(mask, char_mask(&folded), "{text:?}");
            // The same word met by either path has one number.
            for w in &want {
                let before = vocab.list.len();
                vocab.id(w);
                assert_eq!(vocab.list.len(), before, "{w:?} numbered twice");
            }
        }
    }

    #[test]
    fn index_search_ranks_as_the_plain_rules_do() {
        let lib = Library::builtin().expect("built-in pack");
        let items: Vec<ItemRef<'_>> = lib.items().collect();
        let index = SearchIndex::build(items.clone(), &|i| {
            i.tags().iter().map(String::as_str).collect()
        });
        let mut folded: Vec<Folded> = items.iter().map(|i| folded(*i)).collect();
        folded.sort_unstable_by(|a, b| a.kind.cmp(&b.kind).then_with(|| a.id.cmp(&b.id)));
        // Queries: pieces of every item's text, one to three words long and cut anywhere.
        let mut queries: Vec<String> = vec![
            "".into(),
            "c".into(),
            "e".into(),
            "9".into(),
            "corridor energy".into(),
            "--".into(),
            "charter-overview".into(),
        ];
        for (n, f) in folded.iter().enumerate() {
            for field in &f.fields {
                let ws: Vec<&str> = words_of(field).collect();
                if ws.is_empty() {
                    continue;
                }
                let k = n % ws.len();
                let take = 1 + n % 3;
                let piece = ws[k..(k + take).min(ws.len())].join(" ");
                let cut = piece.char_indices().map(|(i, _)| i).nth(1 + n % 7);
                let short = cut.map_or(piece.clone(), |c| piece[..c].to_owned());
                // A NUL after a title's start must not match the padding of its kept head.
                queries.push(format!("{short}\u{0}"));
                queries.push(short);
                queries.push(piece);
            }
            queries.push(f.fields[0].clone());
        }
        let mut tried = 0;
        for q in &queries {
            let phrase = fold(q.trim());
            let mut expect: Vec<(u32, u32)> = folded
                .iter()
                .enumerate()
                .filter_map(|(i, f)| naive(f, &phrase).map(|s| (s, i as u32)))
                .collect();
            expect.sort_by_key(|(s, _)| std::cmp::Reverse(*s));
            let got = search(
                &index,
                &Query {
                    text: q.clone(),
                    ..Query::default()
                },
                None,
            );
            assert_eq!(got, expect, "query {q:?}");
            tried += 1;
        }
        assert!(tried > 500, "only {tried} queries");
        // The person filter reads "person outlet affiliation", spaces included.
        let mut people = 0;
        for f in folded.iter().filter(|f| f.kind == ItemKind::Viewpoint) {
            let holder = &f.fields[1];
            for person in [
                holder.get(..holder.len().min(5)).unwrap_or(""),
                holder.get(holder.len().saturating_sub(4)..).unwrap_or(""),
            ] {
                if person.trim().is_empty() {
                    continue;
                }
                let expect: Vec<(u32, u32)> = folded
                    .iter()
                    .enumerate()
                    .filter(|(_, g)| {
                        !g.fields[1].trim().is_empty() && g.fields[1].contains(&fold(person))
                    })
                    .map(|(i, _)| (0, i as u32))
                    .collect();
                let got = search(
                    &index,
                    &Query {
                        person: Some(person.to_owned()),
                        ..Query::default()
                    },
                    None,
                );
                assert_eq!(got, expect, "person {person:?}");
                people += 1;
            }
        }
        assert!(people > 10, "only {people} person filters");
    }
}
