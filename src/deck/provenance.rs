//! Which slides the library has moved on from: the item they were copied from has a new
//! revision ("library updated"), its text is older than the deck's chosen age ("stale"), or no
//! loaded pack holds it any more. Shown in the slide list, the editor and `briefdeck check`.

use serde::Serialize;

use super::build::BuildError;
use super::command::Command;
use super::model::{Deck, SlideId, DEFAULT_STALE_AFTER_DAYS};
use super::Editor;
use crate::library::{Date, Library};

/// Why a slide's library text needs a look.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Flag {
    /// The item changed since the slide copied it.
    Updated {
        /// The item's id.
        item: String,
        /// The revision the slide copied.
        copied: String,
        /// The library's revision now.
        current: String,
    },
    /// The item's text is older than the deck's chosen age.
    Stale {
        /// The item's id.
        item: String,
        /// The date the text is current to.
        as_of: Date,
        /// Days between `as_of` and today.
        age_days: i64,
        /// The deck's limit in days.
        limit_days: u32,
    },
    /// No loaded pack holds the item.
    Missing {
        /// The item's id.
        item: String,
    },
}

impl Flag {
    /// A short label for badges: `library updated`, `stale`, `not in library`.
    pub fn label(&self) -> &'static str {
        match self {
            Flag::Updated { .. } => "library updated",
            Flag::Stale { .. } => "stale",
            Flag::Missing { .. } => "not in library",
        }
    }

    /// A sentence for the user, saying what to do.
    pub fn message(&self) -> String {
        match self {
            Flag::Updated { item, .. } => format!(
                "the library item `{item}` has changed since this slide copied it; compare the texts, then \"Update from library\" or \"Keep my version\""
            ),
            Flag::Stale {
                item,
                as_of,
                age_days,
                limit_days,
            } => format!(
                "the library text of `{item}` is as of {}, {age_days} days ago (the deck flags text older than {limit_days} days); check it is still current",
                as_of.long()
            ),
            Flag::Missing { item } => format!(
                "made from library item `{item}`, which no loaded content pack holds; its text is kept, but it cannot be updated from the library"
            ),
        }
    }
}

/// A flag on one slide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SlideFlag {
    /// The slide.
    pub slide: SlideId,
    /// Its 1-based position in the deck.
    pub number: usize,
    /// What is the matter.
    pub flag: Flag,
}

/// Every flag of every slide made from a library item, in deck order (a slide may have both
/// "library updated" and "stale"). `today` is passed in so results are reproducible.
pub fn flags(deck: &Deck, lib: &Library, today: Date) -> Vec<SlideFlag> {
    let limit = deck
        .meta
        .stale_after_days
        .unwrap_or(DEFAULT_STALE_AFTER_DAYS);
    let mut out = Vec::new();
    for (i, slide) in deck.slides.iter().enumerate() {
        let Some(origin) = &slide.origin else {
            continue;
        };
        let mut push = |flag| {
            out.push(SlideFlag {
                slide: slide.id,
                number: i + 1,
                flag,
            })
        };
        let Some(p) = lib.provenance(&origin.item) else {
            push(Flag::Missing {
                item: origin.item.clone(),
            });
            continue;
        };
        if let Some(copied) = &origin.revision {
            if *copied != p.revision.0 {
                push(Flag::Updated {
                    item: origin.item.clone(),
                    copied: copied.clone(),
                    current: p.revision.0.clone(),
                });
            }
        }
        let age_days = today.days_since(p.as_of);
        if age_days > i64::from(limit) {
            push(Flag::Stale {
                item: origin.item.clone(),
                as_of: p.as_of,
                age_days,
                limit_days: limit,
            });
        }
    }
    out
}

/// "Keep my version": the slide keeps its text and records the library's current revision,
/// so it is no longer flagged as updated (one undo step).
pub fn keep_my_version(editor: &mut Editor, lib: &Library, id: SlideId) -> Result<(), BuildError> {
    let slide = editor
        .deck()
        .slide(id)
        .cloned()
        .ok_or(super::command::EditError::NoSuchSlide(id))?;
    let Some(origin) = &slide.origin else {
        return Ok(());
    };
    let item = lib
        .item(&origin.item)
        .ok_or_else(|| BuildError::UnknownItem(origin.item.clone()))?;
    let mut kept = slide.clone();
    if let Some(o) = kept.origin.as_mut() {
        o.revision = Some(item.revision().0);
    }
    editor.apply("Keep my version", Command::Restore { slide: kept })?;
    Ok(())
}

/// A slide's text as lines (title, paragraphs, points, quotation), for comparing it with the
/// library's text.
pub fn slide_text(slide: &super::model::Slide) -> Vec<String> {
    use super::command::{get_field, Field, SlideEdit};
    let mut lines = Vec::new();
    for field in [Field::Title, Field::Paragraphs, Field::Points, Field::Quote] {
        match get_field(slide, field) {
            Some(SlideEdit::Title(t)) => lines.push(t),
            Some(SlideEdit::Paragraphs(blocks)) | Some(SlideEdit::Points(blocks)) => {
                lines.extend(blocks.into_iter().map(|b| b.text))
            }
            Some(SlideEdit::Quote(Some(b))) => lines.push(format!("\u{201c}{}\u{201d}", b.text)),
            _ => {}
        }
    }
    lines
}

/// What "Update from library" would change on a slide: (the slide's lines, the library's lines
/// now), or `None` when the slide has no library item or the item is not loaded.
pub fn compare(slide: &super::model::Slide, lib: &Library) -> Option<(Vec<String>, Vec<String>)> {
    let origin = slide.origin.as_ref()?;
    let item = lib.item(&origin.item)?;
    let mut fresh = slide.clone();
    fresh.body = super::build::body_from_item(item);
    Some((slide_text(slide), slide_text(&fresh)))
}
