//! Text that cannot be laid out as it is — fields too long to lay out in reasonable time and
//! memory, and control characters (NUL and the like) — found in one pass and fixed in a copy of
//! the deck, with a report of what was changed, so layout stays near-linear in the deck size.

use super::model::{Deck, DeckMeta, Slide, SlideBody, SlideId};

/// Every text field of a slide body, in a fixed order (`$iter` is `iter` or `iter_mut`).
macro_rules! body_texts {
    ($body:expr, $out:ident, $iter:ident, $($r:tt)*) => {{
        use SlideBody as B;
        match $body {
            B::Title {} => {}
            B::Agenda { title } | B::Sources { title } => $out.push(title),
            B::Section { title, subtitle } => {
                $out.push(title);
                $out.push(subtitle);
            }
            B::Topic { title, summary, key_points, .. } => {
                $out.push(title);
                $out.extend(summary.$iter().chain(key_points.$iter()).map(|b| $($r)* b.text));
            }
            B::Viewpoint { title, speaker, claims, quote, .. } => {
                $out.push(title);
                $out.push($($r)* speaker.person);
                $out.push($($r)* speaker.outlet);
                $out.push($($r)* speaker.affiliation);
                $out.push($($r)* speaker.role);
                $out.extend(quote.$iter().chain(claims.$iter()).map(|b| $($r)* b.text));
            }
            B::Comparison { title, left, right } => {
                $out.push(title);
                for side in [left, right] {
                    $out.push($($r)* side.stance);
                    $out.push($($r)* side.speaker.person);
                    $out.push($($r)* side.speaker.outlet);
                    $out.push($($r)* side.speaker.affiliation);
                    $out.push($($r)* side.speaker.role);
                    $out.extend(side.claims.$iter().map(|b| $($r)* b.text));
                }
            }
            B::Timeline { title, entries, .. } => {
                $out.push(title);
                $out.extend(entries.$iter().map(|e| $($r)* e.text));
            }
            B::KeyFigures { title, figures } => {
                $out.push(title);
                for f in figures.$iter() {
                    $out.push($($r)* f.value);
                    $out.push($($r)* f.text);
                }
            }
            B::Route { title, stops, caption } => {
                $out.push(title);
                $out.push(caption);
                $out.extend(stops.$iter().map(|b| $($r)* b.text));
            }
            B::Bullets { title, bullets: l } | B::Takeaways { title, points: l } => {
                $out.push(title);
                $out.extend(l.$iter().map(|b| $($r)* b.text));
            }
            B::Text { title, paragraphs } => {
                $out.push(title);
                $out.extend(paragraphs.$iter().map(|b| $($r)* b.text));
            }
            B::Image { title, path, caption, credit } => {
                $out.push(title);
                $out.push(path);
                $out.push(caption);
                $out.push(credit);
            }
        }
    }};
}

fn slide_texts(s: &Slide) -> Vec<&String> {
    let mut out: Vec<&String> = vec![&s.notes];
    body_texts!(&s.body, out, iter, &);
    out
}

fn slide_texts_mut(s: &mut Slide) -> Vec<&mut String> {
    let mut out: Vec<&mut String> = vec![&mut s.notes];
    body_texts!(&mut s.body, out, iter_mut, &mut);
    out
}

fn meta_texts_mut(m: &mut DeckMeta) -> Vec<&mut String> {
    let k = &mut m.markings;
    let mut out = vec![
        &mut m.title,
        &mut m.subtitle,
        &mut m.author,
        &mut m.organisation,
        &mut m.audience,
        &mut m.marking,
        &mut m.distribution,
        &mut k.scheme,
        &mut k.highest_allowed,
        &mut k.classified_by,
        &mut k.derived_from,
        &mut k.declassify_on,
        &mut k.control_number,
        &mut k.version,
    ];
    out.extend(k.caveats.iter_mut());
    let memo = &mut m.memo;
    out.extend([
        &mut memo.template,
        &mut memo.to,
        &mut memo.from,
        &mut memo.subject,
    ]);
    out.extend(memo.fields.values_mut());
    out
}

/// The deck settings' text fields, read-only (see [`meta_texts_mut`]).
fn meta_texts(m: &DeckMeta) -> Vec<&String> {
    let k = &m.markings;
    let mut out = vec![
        &m.title,
        &m.subtitle,
        &m.author,
        &m.organisation,
        &m.audience,
        &m.marking,
        &m.distribution,
        &k.scheme,
        &k.highest_allowed,
        &k.classified_by,
        &k.derived_from,
        &k.declassify_on,
        &k.control_number,
        &k.version,
    ];
    out.extend(k.caveats.iter());
    let memo = &m.memo;
    out.extend([&memo.template, &memo.to, &memo.from, &memo.subject]);
    out.extend(memo.fields.values());
    out
}

fn too_long(s: &str, max_chars: usize) -> bool {
    // Bytes bound characters from above: only long strings are counted.
    s.len() > max_chars && s.chars().count() > max_chars
}

/// A control character that text must not carry (line breaks and tabs are text).
fn is_bad_control(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t' && c != '\r'
}

fn needs_fix(s: &str, max_chars: usize) -> bool {
    too_long(s, max_chars) || s.chars().any(is_bad_control)
}

/// Fixes `s`: control characters removed, then cut to `max_chars` characters plus an ellipsis.
fn fix(s: &mut String, max_chars: usize, slide: Option<SlideId>, out: &mut Vec<CutField>) {
    if s.chars().any(is_bad_control) {
        let removed = s.chars().filter(|c| is_bad_control(*c)).count();
        s.retain(|c| !is_bad_control(c));
        out.push(CutField {
            slide,
            chars: removed,
            what: TextFix::ControlsRemoved,
        });
    }
    if too_long(s, max_chars) {
        let had = s.chars().count();
        let at = s.char_indices().nth(max_chars).map_or(s.len(), |(i, _)| i);
        s.truncate(at);
        s.push('\u{2026}');
        out.push(CutField {
            slide,
            chars: had,
            what: TextFix::Cut,
        });
    }
}

/// What was done to a text field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextFix {
    /// Cut to the longest length laid out; `chars` is the length it had.
    Cut,
    /// Control characters removed; `chars` is how many.
    ControlsRemoved,
}

/// A field that was fixed: the slide it belongs to (`None` for the deck settings), what was
/// done, and a count (see [`TextFix`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CutField {
    /// The slide, or `None` for a deck setting (title, marking, distribution, …).
    pub slide: Option<SlideId>,
    /// Characters before the cut, or characters removed.
    pub chars: usize,
    /// What was done.
    pub what: TextFix,
}

/// A copy of `deck` with control characters removed from every text field and every field longer
/// than `max_chars` cut, and what was changed; `None` (and no copy) when nothing needs it.
pub fn cut_long_texts(deck: &Deck, max_chars: usize) -> Option<(Deck, Vec<CutField>)> {
    let meta_long = meta_texts(&deck.meta)
        .iter()
        .any(|s| needs_fix(s, max_chars));
    let slides_long = deck
        .slides
        .iter()
        .any(|s| slide_texts(s).iter().any(|t| needs_fix(t, max_chars)));
    let sources_long = deck.sources.values().any(|s| {
        [&s.outlet, &s.title]
            .into_iter()
            .chain(s.author.iter())
            .chain(s.url.iter())
            .any(|t| needs_fix(t, max_chars))
    });
    if !meta_long && !slides_long && !sources_long {
        return None;
    }
    let mut copy = deck.clone();
    let mut cuts = Vec::new();
    for t in meta_texts_mut(&mut copy.meta) {
        fix(t, max_chars, None, &mut cuts);
    }
    for s in &mut copy.slides {
        let id = s.id;
        for t in slide_texts_mut(s) {
            fix(t, max_chars, Some(id), &mut cuts);
        }
    }
    for s in copy.sources.values_mut() {
        let texts = [&mut s.outlet, &mut s.title]
            .into_iter()
            .chain(s.author.iter_mut())
            .chain(s.url.iter_mut());
        for t in texts {
            fix(t, max_chars, None, &mut cuts);
        }
    }
    Some((copy, cuts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_fields_are_cut_in_a_copy_and_reported() {
        let mut d = Deck::new(&"T".repeat(50));
        assert!(cut_long_texts(&d, 100).is_none());
        d.meta.distribution = "é".repeat(300);
        d.slides.push(Slide {
            id: 7,
            hidden: false,
            origin: None,
            notes: String::new(),
            body: SlideBody::Bullets {
                title: "x".repeat(150),
                bullets: vec!["ok".into(), "y".repeat(101).into()],
            },
        });
        let (copy, cuts) = cut_long_texts(&d, 100).unwrap();
        assert_eq!(copy.meta.distribution.chars().count(), 101);
        assert!(copy.meta.distribution.ends_with('\u{2026}'));
        let cut = |slide, chars| CutField {
            slide,
            chars,
            what: TextFix::Cut,
        };
        assert_eq!(
            cuts,
            vec![cut(None, 300), cut(Some(7), 150), cut(Some(7), 101)]
        );
        // Control characters go, line breaks stay.
        let mut d = Deck::new("T");
        d.meta.subtitle = "a\u{0}b\u{7}c\nd".into();
        let (copy, fixes) = cut_long_texts(&d, 100).unwrap();
        assert_eq!(copy.meta.subtitle, "abc\nd");
        assert_eq!(fixes[0].what, TextFix::ControlsRemoved);
        assert_eq!(fixes[0].chars, 2);
    }
}
