//! Making slides from library items: each slide keeps the item id and its own copy of the text.

use std::collections::BTreeMap;

use super::block::Block;
use super::command::{Command, EditError, Editor};
use super::model::{
    CitedSource, Origin, Side, SlideBody, SlideId, Speaker, TimelineEntry, TimelineStyle,
    TopicDisplay,
};
use crate::library::{Fact, ItemRef, Library, Viewpoint};

/// Why slides could not be made from library items.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    /// No item has this id.
    #[error("unknown library item `{0}`")]
    UnknownItem(String),
    /// An item of the wrong kind was given.
    #[error("library item `{id}` is a {found}, but a {expected} is needed here")]
    WrongKind {
        /// The id.
        id: String,
        /// Its kind.
        found: String,
        /// The kind needed.
        expected: String,
    },
    /// The edit itself failed.
    #[error(transparent)]
    Edit(#[from] EditError),
}

fn speaker(v: &Viewpoint) -> Speaker {
    Speaker {
        person: v.person.clone().unwrap_or_default(),
        outlet: v.outlet.clone().unwrap_or_default(),
        affiliation: v.affiliation.clone().unwrap_or_default(),
        role: v.role.clone().unwrap_or_default(),
    }
}

fn timeline_entry(f: &Fact) -> TimelineEntry {
    TimelineEntry {
        item: Some(f.id.clone()),
        date: f.date,
        text: f.statement.clone(),
        mark: None,
        sources: f.sources.clone(),
    }
}

/// The slide body a library item becomes, with the ids of the sources it cites.
pub fn body_from_item(item: ItemRef<'_>) -> SlideBody {
    match item {
        // One message per slide: a topic shows its key points; its summary becomes the
        // speaker notes (see `add_items`).
        ItemRef::Topic(t) => SlideBody::Topic {
            title: t.title.clone(),
            display: TopicDisplay::KeyPoints,
            summary: Block::paragraphs(&t.summary),
            key_points: Block::list(&t.key_points),
            sources: t.sources.clone(),
        },
        ItemRef::Viewpoint(v) => SlideBody::Viewpoint {
            title: v.stance.clone(),
            speaker: speaker(v),
            claims: Block::list(&v.claims),
            quote: v
                .quote
                .as_ref()
                .filter(|q| !q.trim().is_empty())
                .map(Block::new),
            date: Some(v.date),
            sources: vec![v.source.clone()],
        },
        ItemRef::Fact(f) => SlideBody::Timeline {
            style: TimelineStyle::List,
            title: format!("Key date: {}", f.date.long()),
            entries: vec![timeline_entry(f)],
        },
        ItemRef::Term(t) => SlideBody::Text {
            title: t.term.clone(),
            paragraphs: std::iter::once(t.shown_expansion())
                .chain(t.note.iter().cloned())
                .map(Block::new)
                .collect(),
        },
    }
}

/// Copies of the library sources with these ids (unknown ids are skipped).
pub fn cited_sources<'a>(
    lib: &Library,
    ids: impl IntoIterator<Item = &'a str>,
) -> BTreeMap<String, CitedSource> {
    ids.into_iter()
        .filter_map(|id| {
            lib.source(id)
                .map(|s| (id.to_owned(), CitedSource::from(s)))
        })
        .collect()
}

/// Inserts one slide per library item at `index`, with their sources, as one undo step.
pub fn add_items(
    editor: &mut Editor,
    lib: &Library,
    index: usize,
    ids: &[&str],
) -> Result<Vec<SlideId>, BuildError> {
    let mut bodies = Vec::new();
    for id in ids {
        let item = lib
            .item(id)
            .ok_or_else(|| BuildError::UnknownItem((*id).to_owned()))?;
        let notes = match item {
            ItemRef::Topic(t) => t.summary.trim().to_owned(),
            _ => String::new(),
        };
        bodies.push((
            item.id().to_owned(),
            body_from_item(item),
            notes,
            item.revision(),
        ));
    }
    let mut slides = Vec::new();
    for (item_id, body, notes, revision) in bodies {
        let mut s = editor.new_slide(body);
        s.notes = notes;
        s.origin = Some(Origin {
            item: item_id,
            edited: false,
            revision: Some(revision.0),
        });
        slides.push(s);
    }
    insert_with_sources(editor, lib, index, slides, "Add from library")
}

/// Inserts slides plus copies of every source they cite, as one undo step.
pub fn insert_with_sources(
    editor: &mut Editor,
    lib: &Library,
    index: usize,
    slides: Vec<super::model::Slide>,
    label: &str,
) -> Result<Vec<SlideId>, BuildError> {
    let mut source_ids: Vec<&str> = Vec::new();
    for s in &slides {
        source_ids.extend(s.body.cited_sources());
    }
    let sources = cited_sources(lib, source_ids);
    let ids = slides.iter().map(|s| s.id).collect();
    editor.apply(
        label,
        Command::Batch(vec![
            Command::PutSources(sources),
            Command::Insert { index, slides },
        ]),
    )?;
    Ok(ids)
}

/// A comparison body from two library viewpoints.
pub fn comparison_body(
    lib: &Library,
    title: &str,
    left: &str,
    right: &str,
) -> Result<SlideBody, BuildError> {
    let side = |id: &str| -> Result<Side, BuildError> {
        match lib.item(id) {
            Some(ItemRef::Viewpoint(v)) => Ok(Side {
                item: Some(v.id.clone()),
                speaker: speaker(v),
                stance: v.stance.clone(),
                claims: Block::list(&v.claims),
                date: Some(v.date),
                sources: vec![v.source.clone()],
            }),
            Some(other) => Err(BuildError::WrongKind {
                id: id.to_owned(),
                found: other.kind().label().to_owned(),
                expected: "viewpoint".to_owned(),
            }),
            None => Err(BuildError::UnknownItem(id.to_owned())),
        }
    };
    Ok(SlideBody::Comparison {
        title: title.to_owned(),
        left: side(left)?,
        right: side(right)?,
    })
}

/// A timeline body from library facts (sorted by date).
pub fn timeline_body(
    lib: &Library,
    title: &str,
    fact_ids: &[&str],
) -> Result<SlideBody, BuildError> {
    let mut entries = Vec::new();
    for id in fact_ids {
        match lib.item(id) {
            Some(ItemRef::Fact(f)) => entries.push(timeline_entry(f)),
            Some(other) => {
                return Err(BuildError::WrongKind {
                    id: (*id).to_owned(),
                    found: other.kind().label().to_owned(),
                    expected: "fact".to_owned(),
                })
            }
            None => return Err(BuildError::UnknownItem((*id).to_owned())),
        }
    }
    entries.sort_by_key(|e| e.date);
    Ok(SlideBody::Timeline {
        style: TimelineStyle::List,
        title: title.to_owned(),
        entries,
    })
}

/// Restores a library slide's text from its item (one undo step); the slide is no longer marked edited.
pub fn revert_to_library(
    editor: &mut Editor,
    lib: &Library,
    id: SlideId,
) -> Result<(), BuildError> {
    let slide = editor
        .deck()
        .slide(id)
        .cloned()
        .ok_or(EditError::NoSuchSlide(id))?;
    let Some(origin) = slide.origin.clone() else {
        return Ok(());
    };
    let item = lib
        .item(&origin.item)
        .ok_or_else(|| BuildError::UnknownItem(origin.item.clone()))?;
    let mut body = body_from_item(item);
    // Keep the display choice of topics.
    if let (SlideBody::Topic { display: new, .. }, SlideBody::Topic { display: old, .. }) =
        (&mut body, &slide.body)
    {
        *new = *old;
    }
    let mut restored = slide;
    restored.body = body;
    restored.origin = Some(Origin {
        item: origin.item,
        edited: false,
        revision: Some(item.revision().0),
    });
    editor.apply(
        "Revert to library text",
        Command::Restore { slide: restored },
    )?;
    Ok(())
}

impl crate::error::Hinted for BuildError {
    fn hint(&self) -> Option<String> {
        match self {
            BuildError::UnknownItem(_) => {
                crate::error::hint("run `briefdeck library` to list item ids")
            }
            BuildError::WrongKind { expected, .. } => Some(format!("pick a {expected} id")),
            BuildError::Edit(e) => crate::error::Hinted::hint(e),
        }
    }
}
