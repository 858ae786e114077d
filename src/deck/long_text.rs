//! Text fields too long to lay out in reasonable time and memory: found in one pass, and cut (in a
//! copy of the deck) with a report of what was cut, so layout stays near-linear in the deck size.

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
                    $out.extend(side.claims.$iter().map(|b| $($r)* b.text));
                }
            }
            B::Timeline { title, entries } => {
                $out.push(title);
                $out.extend(entries.$iter().map(|e| $($r)* e.text));
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

fn meta_texts_mut(m: &mut DeckMeta) -> [&mut String; 7] {
    [
        &mut m.title,
        &mut m.subtitle,
        &mut m.author,
        &mut m.organisation,
        &mut m.audience,
        &mut m.marking,
        &mut m.distribution,
    ]
}

fn too_long(s: &str, max_chars: usize) -> bool {
    // Bytes bound characters from above: only long strings are counted.
    s.len() > max_chars && s.chars().count() > max_chars
}

/// Cuts `s` to `max_chars` characters plus an ellipsis; returns the length it had.
fn cut(s: &mut String, max_chars: usize) -> Option<usize> {
    if !too_long(s, max_chars) {
        return None;
    }
    let had = s.chars().count();
    let at = s.char_indices().nth(max_chars).map_or(s.len(), |(i, _)| i);
    s.truncate(at);
    s.push('\u{2026}');
    Some(had)
}

/// A field that was cut: the slide it belongs to (`None` for the deck settings) and the number
/// of characters it had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CutField {
    /// The slide, or `None` for a deck setting (title, marking, distribution, …).
    pub slide: Option<SlideId>,
    /// Characters before the cut.
    pub chars: usize,
}

/// A copy of `deck` with every text field longer than `max_chars` cut, and what was cut; `None`
/// (and no copy) when nothing is that long.
pub fn cut_long_texts(deck: &Deck, max_chars: usize) -> Option<(Deck, Vec<CutField>)> {
    let m = &deck.meta;
    let meta_long = [
        &m.title,
        &m.subtitle,
        &m.author,
        &m.organisation,
        &m.audience,
        &m.marking,
        &m.distribution,
    ]
    .iter()
    .any(|s| too_long(s, max_chars));
    let slides_long = deck
        .slides
        .iter()
        .any(|s| slide_texts(s).iter().any(|t| too_long(t, max_chars)));
    if !meta_long && !slides_long {
        return None;
    }
    let mut copy = deck.clone();
    let mut cuts = Vec::new();
    for t in meta_texts_mut(&mut copy.meta) {
        if let Some(chars) = cut(t, max_chars) {
            cuts.push(CutField { slide: None, chars });
        }
    }
    for s in &mut copy.slides {
        let id = s.id;
        for t in slide_texts_mut(s) {
            if let Some(chars) = cut(t, max_chars) {
                cuts.push(CutField {
                    slide: Some(id),
                    chars,
                });
            }
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
        assert_eq!(
            cuts,
            vec![
                CutField {
                    slide: None,
                    chars: 300
                },
                CutField {
                    slide: Some(7),
                    chars: 150
                },
                CutField {
                    slide: Some(7),
                    chars: 101
                },
            ]
        );
    }
}
