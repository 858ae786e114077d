//! Splitting a slide that does not fit: its list (bullets, key points, takeaways, paragraphs or
//! timeline entries) is cut in two, the second half going to a new slide right after it titled
//! "… (continued)". One undoable step; nothing is shrunk or dropped.

use super::command::{Command, Editor};
use super::model::{SlideBody, SlideId};

/// Whether a slide of this body can be split (it has a list with at least two items).
pub fn can_split(body: &SlideBody) -> bool {
    split_body(body).is_some()
}

/// The command that splits slide `id` in two, or `None` when it has no list to split.
pub fn split_command(ed: &mut Editor, id: SlideId) -> Option<Command> {
    let index = ed.deck().slides.iter().position(|s| s.id == id)?;
    let slide = ed.deck().slides[index].clone();
    let (first, second) = split_body(&slide.body)?;
    let mut kept = slide.clone();
    kept.body = first;
    let mut next = ed.new_slide(second);
    next.origin = slide.origin.clone().map(|mut o| {
        o.edited = true;
        o
    });
    if let Some(o) = kept.origin.as_mut() {
        o.edited = true;
    }
    next.hidden = slide.hidden;
    Some(Command::Batch(vec![
        Command::Restore { slide: kept },
        Command::Insert {
            index: index + 1,
            slides: vec![next],
        },
    ]))
}

fn continued(title: &str) -> String {
    let t = title.trim_end();
    if t.ends_with("(continued)") {
        t.to_owned()
    } else {
        format!("{t} (continued)")
    }
}

/// The two halves of a body (the first keeps one more item when the count is odd).
fn split_body(body: &SlideBody) -> Option<(SlideBody, SlideBody)> {
    fn halves<T: Clone>(v: &[T]) -> Option<(Vec<T>, Vec<T>)> {
        if v.len() < 2 {
            return None;
        }
        let k = v.len().div_ceil(2);
        Some((v[..k].to_vec(), v[k..].to_vec()))
    }
    Some(match body {
        SlideBody::Bullets { title, bullets } => {
            let (a, b) = halves(bullets)?;
            (
                SlideBody::Bullets {
                    title: title.clone(),
                    bullets: a,
                },
                SlideBody::Bullets {
                    title: continued(title),
                    bullets: b,
                },
            )
        }
        SlideBody::Takeaways { title, points } => {
            let (a, b) = halves(points)?;
            (
                SlideBody::Takeaways {
                    title: title.clone(),
                    points: a,
                },
                SlideBody::Takeaways {
                    title: continued(title),
                    points: b,
                },
            )
        }
        SlideBody::Text { title, paragraphs } => {
            let (a, b) = halves(paragraphs)?;
            (
                SlideBody::Text {
                    title: title.clone(),
                    paragraphs: a,
                },
                SlideBody::Text {
                    title: continued(title),
                    paragraphs: b,
                },
            )
        }
        SlideBody::Timeline {
            title,
            entries,
            style,
        } => {
            let mut sorted = entries.clone();
            sorted.sort_by_key(|e| e.date);
            let (a, b) = halves(&sorted)?;
            (
                SlideBody::Timeline {
                    title: title.clone(),
                    entries: a,
                    style: *style,
                },
                SlideBody::Timeline {
                    title: continued(title),
                    entries: b,
                    style: *style,
                },
            )
        }
        SlideBody::Topic {
            title,
            display,
            summary,
            key_points,
            sources,
        } => {
            // The summary stays on the first slide; the key points are shared out.
            let (a, b) = halves(key_points)?;
            (
                SlideBody::Topic {
                    title: title.clone(),
                    display: *display,
                    summary: summary.clone(),
                    key_points: a,
                    sources: sources.clone(),
                },
                SlideBody::Topic {
                    title: continued(title),
                    display: super::model::TopicDisplay::KeyPoints,
                    summary: Vec::new(),
                    key_points: b,
                    sources: sources.clone(),
                },
            )
        }
        SlideBody::KeyFigures { title, figures } => {
            let (a, b) = halves(figures)?;
            (
                SlideBody::KeyFigures {
                    title: title.clone(),
                    figures: a,
                },
                SlideBody::KeyFigures {
                    title: continued(title),
                    figures: b,
                },
            )
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{Block, Deck};

    #[test]
    fn a_list_is_split_in_two_in_one_undo_step() {
        let mut ed = Editor::new(Deck::new("t"));
        let s = ed.new_slide(SlideBody::Bullets {
            title: "Points".into(),
            bullets: Block::list(&["a", "b", "c", "d", "e"]),
        });
        let id = s.id;
        ed.apply(
            "add",
            Command::Insert {
                index: 0,
                slides: vec![s],
            },
        )
        .unwrap();
        let cmd = split_command(&mut ed, id).unwrap();
        ed.apply("Split slide", cmd).unwrap();
        let d = ed.deck();
        assert_eq!(d.slides.len(), 2);
        match (&d.slides[0].body, &d.slides[1].body) {
            (
                SlideBody::Bullets { bullets: a, .. },
                SlideBody::Bullets {
                    bullets: b, title, ..
                },
            ) => {
                assert_eq!(a.len(), 3);
                assert_eq!(b.len(), 2);
                assert_eq!(title, "Points (continued)");
            }
            other => panic!("{other:?}"),
        }
        ed.undo().unwrap();
        assert_eq!(ed.deck().slides.len(), 1);
        assert_eq!(ed.deck().slides[0].body.block_count(), 5);
    }
}
