//! Every change to a deck is a [`Command`] applied by [`Editor::apply`], which records undo/redo.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::block::Block;
use super::model::{
    CitedSource, ComparisonSide, Deck, DeckMeta, KeyFigure, PageFormat, Slide, SlideBody, SlideId,
    SlideKind, TimelineStyle, TopicDisplay,
};

/// Which editable part of a slide an edit changes (the key that joins keystrokes into one undo
/// step, and that [`get_field`] reads).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The heading (or the stance of a viewpoint).
    Title,
    /// A section's subtitle.
    Subtitle,
    /// A topic's summary or a text slide's paragraphs.
    Paragraphs,
    /// Key points, claims, bullets or takeaways.
    Points,
    /// A viewpoint's quotation.
    Quote,
    /// Speaker notes.
    Notes,
    /// Image caption.
    Caption,
    /// Image credit.
    Credit,
    /// Image file path.
    ImagePath,
    /// Which parts of a topic to show.
    TopicDisplay,
    /// Stance of one side of a comparison.
    SideStance(ComparisonSide),
    /// Claims of one side of a comparison.
    SideClaims(ComparisonSide),
    /// The timeline entry at an index.
    TimelineEntry(usize),
    /// The figures of a key-figures slide.
    Figures,
    /// How a timeline is drawn.
    TimelineStyle,
}

impl Field {
    /// The field's name in messages.
    pub fn label(self) -> String {
        match self {
            Field::Title => "title".into(),
            Field::Subtitle => "subtitle".into(),
            Field::Paragraphs => "paragraphs".into(),
            Field::Points => "points".into(),
            Field::Quote => "quote".into(),
            Field::Notes => "speaker notes".into(),
            Field::Caption => "caption".into(),
            Field::Credit => "credit".into(),
            Field::ImagePath => "picture file".into(),
            Field::TopicDisplay => "display".into(),
            Field::SideStance(s) => format!("{s:?} stance").to_lowercase(),
            Field::SideClaims(s) => format!("{s:?} claims").to_lowercase(),
            Field::TimelineEntry(i) => format!("timeline entry {}", i + 1),
            Field::Figures => "figures".into(),
            Field::TimelineStyle => "timeline style".into(),
        }
    }
}

/// A typed change to one part of a slide: the new value of a [`Field`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlideEdit {
    /// New heading.
    Title(String),
    /// New section subtitle.
    Subtitle(String),
    /// New topic summary or text-slide paragraphs.
    Paragraphs(Vec<Block>),
    /// New key points, claims, bullets or takeaways.
    Points(Vec<Block>),
    /// New quotation (`None` removes it).
    Quote(Option<Block>),
    /// New speaker notes.
    Notes(String),
    /// New image caption.
    Caption(String),
    /// New image credit.
    Credit(String),
    /// New image file path.
    ImagePath(String),
    /// What a topic slide shows.
    TopicDisplay(TopicDisplay),
    /// New stance of one comparison side.
    SideStance(ComparisonSide, String),
    /// New claims of one comparison side.
    SideClaims(ComparisonSide, Vec<Block>),
    /// New text, mark and sources of the timeline entry at an index.
    TimelineEntry(usize, Block),
    /// New figures of a key-figures slide.
    Figures(Vec<KeyFigure>),
    /// How a timeline is drawn.
    TimelineStyle(TimelineStyle),
}

impl SlideEdit {
    /// The field this edit changes.
    pub fn field(&self) -> Field {
        match self {
            SlideEdit::Title(_) => Field::Title,
            SlideEdit::Subtitle(_) => Field::Subtitle,
            SlideEdit::Paragraphs(_) => Field::Paragraphs,
            SlideEdit::Points(_) => Field::Points,
            SlideEdit::Quote(_) => Field::Quote,
            SlideEdit::Notes(_) => Field::Notes,
            SlideEdit::Caption(_) => Field::Caption,
            SlideEdit::Credit(_) => Field::Credit,
            SlideEdit::ImagePath(_) => Field::ImagePath,
            SlideEdit::TopicDisplay(_) => Field::TopicDisplay,
            SlideEdit::SideStance(s, _) => Field::SideStance(*s),
            SlideEdit::SideClaims(s, _) => Field::SideClaims(*s),
            SlideEdit::TimelineEntry(i, _) => Field::TimelineEntry(*i),
            SlideEdit::Figures(_) => Field::Figures,
            SlideEdit::TimelineStyle(_) => Field::TimelineStyle,
        }
    }
}

/// One change to a deck.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)] // few commands live at once; boxing would only add noise
pub enum Command {
    /// Insert slides (with ids from [`Editor::new_slide`]) at an index.
    Insert {
        /// Position of the first inserted slide.
        index: usize,
        /// The slides.
        slides: Vec<Slide>,
    },
    /// Remove slides.
    Remove {
        /// Which.
        ids: Vec<SlideId>,
    },
    /// Move slides (keeping their order) so the first lands at `to` in the resulting list.
    Move {
        /// Which.
        ids: Vec<SlideId>,
        /// Target index.
        to: usize,
    },
    /// Put all slides in this order (must name every slide once).
    Reorder {
        /// The new order.
        order: Vec<SlideId>,
    },
    /// Insert a copy of a slide after it.
    Duplicate {
        /// Which.
        id: SlideId,
    },
    /// Hide or show slides.
    SetHidden {
        /// Which.
        ids: Vec<SlideId>,
        /// Hidden or not.
        hidden: bool,
    },
    /// Change one part of a slide; a library slide becomes marked as edited (except for notes).
    Edit {
        /// Which slide.
        id: SlideId,
        /// The part and its new value.
        edit: SlideEdit,
    },
    /// Replace a whole slide (same id), e.g. to revert to the library text.
    Restore {
        /// The slide as it should be.
        slide: Slide,
    },
    /// Change the metadata.
    SetMeta(DeckMeta),
    /// Change the theme.
    SetTheme(String),
    /// Change the page format.
    SetPageFormat(PageFormat),
    /// Add (or overwrite) cited sources.
    PutSources(BTreeMap<String, CitedSource>),
    /// Remove cited sources.
    RemoveSources(Vec<String>),
    /// Several commands as one undo step.
    Batch(Vec<Command>),
}

/// Why a command could not be applied. The deck is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// No slide has this id.
    #[error("no slide with id {0}")]
    NoSuchSlide(SlideId),
    /// The slide kind has no such field.
    #[error("a {} slide has no {}", kind.label(), field.label())]
    NoSuchField {
        /// The slide kind.
        kind: SlideKind,
        /// The field.
        field: Field,
    },
    /// An index past the end.
    #[error("position {0} is past the end of the deck")]
    BadIndex(usize),
    /// A reorder that does not name every slide once.
    #[error("the new order must name every slide exactly once")]
    BadOrder,
    /// A slide id used twice.
    #[error("slide id {0} is already in the deck")]
    DuplicateId(SlideId),
}

/// What an undo or redo step shows in menus.
#[derive(Debug, Clone, PartialEq)]
struct Step {
    label: String,
    forward: Command,
    inverse: Command,
}

/// A deck with its undo/redo history. The only way to change a deck.
#[derive(Debug, Clone)]
pub struct Editor {
    deck: Deck,
    undo: Vec<Step>,
    redo: Vec<Step>,
    revision: u64,
    next_id: SlideId,
}

/// How many steps undo remembers.
pub const UNDO_LIMIT: usize = 500;

impl Editor {
    /// Starts editing a deck with empty history.
    pub fn new(deck: Deck) -> Editor {
        let next_id = deck.slides.iter().map(|s| s.id).max().unwrap_or(0) + 1;
        Editor {
            deck,
            undo: Vec::new(),
            redo: Vec::new(),
            revision: 0,
            next_id,
        }
    }

    /// The deck as it is now.
    pub fn deck(&self) -> &Deck {
        &self.deck
    }

    /// Gives the deck back, dropping history.
    pub fn into_deck(self) -> Deck {
        self.deck
    }

    /// Increases with every change (apply, undo, redo); compare to detect unsaved changes.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// A new slide with a fresh id (not yet in the deck: insert it with [`Command::Insert`]).
    pub fn new_slide(&mut self, body: SlideBody) -> Slide {
        Slide {
            id: self.allocate_id(),
            hidden: false,
            origin: None,
            notes: String::new(),
            body,
        }
    }

    /// A slide id never used in this deck or its history.
    fn allocate_id(&mut self) -> SlideId {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// Applies a command and records it for undo. On error nothing changes.
    pub fn apply(&mut self, label: &str, command: Command) -> Result<(), EditError> {
        let forward = self.normalise(command)?;
        let mut scratch = self.deck.clone();
        let inverse = apply(&mut scratch, &forward)?;
        self.deck = scratch;
        self.undo.push(Step {
            label: label.to_owned(),
            forward,
            inverse,
        });
        if self.undo.len() > UNDO_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
        self.revision += 1;
        Ok(())
    }

    /// Like [`Self::apply`], but a text edit of the same slide field as the previous step joins
    /// that step, so typing a word is one undo step rather than one per keystroke.
    pub fn apply_coalesced(&mut self, label: &str, command: Command) -> Result<(), EditError> {
        let same_field = match (&command, self.undo.last()) {
            (
                Command::Edit { id, edit },
                Some(Step {
                    forward:
                        Command::Edit {
                            id: last_id,
                            edit: last_edit,
                        },
                    label: last_label,
                    ..
                }),
            ) => {
                id == last_id
                    && edit.field() == last_edit.field()
                    && label == last_label
                    && self.redo.is_empty()
            }
            (
                Command::SetMeta(_),
                Some(Step {
                    forward: Command::SetMeta(_),
                    label: last_label,
                    ..
                }),
            ) => label == last_label && self.redo.is_empty(),
            _ => false,
        };
        if !same_field {
            return self.apply(label, command);
        }
        let mut scratch = self.deck.clone();
        apply(&mut scratch, &command)?;
        self.deck = scratch;
        if let Some(step) = self.undo.last_mut() {
            step.forward = command;
        }
        self.revision += 1;
        Ok(())
    }

    /// True when there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// True when there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Undoes the last step; returns its label, or `None` when there is nothing to undo.
    /// If the step cannot be undone, the error is returned and the step stays on the undo stack
    /// (the deck is unchanged).
    pub fn undo(&mut self) -> Result<Option<String>, EditError> {
        let Some(step) = self.undo.pop() else {
            return Ok(None);
        };
        let mut scratch = self.deck.clone();
        if let Err(e) = apply(&mut scratch, &step.inverse) {
            self.undo.push(step);
            return Err(e);
        }
        self.deck = scratch;
        self.revision += 1;
        let label = step.label.clone();
        self.redo.push(step);
        Ok(Some(label))
    }

    /// Redoes the last undone step; returns its label, or `None` when there is nothing to redo.
    /// If the step cannot be redone, the error is returned and the step stays on the redo stack.
    pub fn redo(&mut self) -> Result<Option<String>, EditError> {
        let Some(step) = self.redo.pop() else {
            return Ok(None);
        };
        let mut scratch = self.deck.clone();
        if let Err(e) = apply(&mut scratch, &step.forward) {
            self.redo.push(step);
            return Err(e);
        }
        self.deck = scratch;
        self.revision += 1;
        let label = step.label.clone();
        self.undo.push(step);
        Ok(Some(label))
    }

    /// Label of the step undo would revert.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    /// Label of the step redo would repeat.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    /// Turns commands that allocate ids into plain inserts, so redo repeats them exactly.
    fn normalise(&mut self, command: Command) -> Result<Command, EditError> {
        Ok(match command {
            Command::Duplicate { id } => {
                let index = self.deck.index_of(id).ok_or(EditError::NoSuchSlide(id))?;
                let mut copy = self.deck.slides[index].clone();
                copy.id = self.allocate_id();
                Command::Insert {
                    index: index + 1,
                    slides: vec![copy],
                }
            }
            Command::Batch(cmds) => Command::Batch(
                cmds.into_iter()
                    .map(|c| self.normalise(c))
                    .collect::<Result<_, _>>()?,
            ),
            other => other,
        })
    }
}

/// Applies a command to a deck and returns the command that undoes it.
fn apply(deck: &mut Deck, command: &Command) -> Result<Command, EditError> {
    match command {
        Command::Insert { index, slides } => {
            if *index > deck.slides.len() {
                return Err(EditError::BadIndex(*index));
            }
            for s in slides {
                if deck.index_of(s.id).is_some() {
                    return Err(EditError::DuplicateId(s.id));
                }
            }
            for (k, s) in slides.iter().enumerate() {
                deck.slides.insert(index + k, s.clone());
            }
            Ok(Command::Remove {
                ids: slides.iter().map(|s| s.id).collect(),
            })
        }
        Command::Remove { ids } => {
            let mut removed: Vec<(usize, Slide)> = Vec::new();
            for id in ids {
                let i = deck.index_of(*id).ok_or(EditError::NoSuchSlide(*id))?;
                removed.push((i, deck.slides[i].clone()));
            }
            removed.sort_by_key(|(i, _)| *i);
            deck.slides.retain(|s| !ids.contains(&s.id));
            Ok(Command::Batch(
                removed
                    .into_iter()
                    .map(|(index, slide)| Command::Insert {
                        index,
                        slides: vec![slide],
                    })
                    .collect(),
            ))
        }
        Command::Move { ids, to } => {
            let before: Vec<SlideId> = deck.slides.iter().map(|s| s.id).collect();
            let mut moving = Vec::new();
            for s in &deck.slides {
                if ids.contains(&s.id) {
                    moving.push(s.clone());
                }
            }
            if moving.len() != ids.len() {
                let missing = ids
                    .iter()
                    .find(|id| deck.index_of(**id).is_none())
                    .copied()
                    .unwrap_or(0);
                return Err(EditError::NoSuchSlide(missing));
            }
            deck.slides.retain(|s| !ids.contains(&s.id));
            let at = (*to).min(deck.slides.len());
            for (k, s) in moving.into_iter().enumerate() {
                deck.slides.insert(at + k, s);
            }
            Ok(Command::Reorder { order: before })
        }
        Command::Reorder { order } => {
            let before: Vec<SlideId> = deck.slides.iter().map(|s| s.id).collect();
            let mut sorted_a = before.clone();
            let mut sorted_b = order.clone();
            sorted_a.sort_unstable();
            sorted_b.sort_unstable();
            if sorted_a != sorted_b {
                return Err(EditError::BadOrder);
            }
            let mut slides = std::mem::take(&mut deck.slides);
            for id in order {
                if let Some(i) = slides.iter().position(|s| s.id == *id) {
                    deck.slides.push(slides.remove(i));
                }
            }
            Ok(Command::Reorder { order: before })
        }
        Command::Duplicate { .. } => Err(EditError::BadOrder),
        Command::SetHidden { ids, hidden } => {
            let mut undo = Vec::new();
            for id in ids {
                let i = deck.index_of(*id).ok_or(EditError::NoSuchSlide(*id))?;
                undo.push(Command::Restore {
                    slide: deck.slides[i].clone(),
                });
            }
            for s in deck.slides.iter_mut().filter(|s| ids.contains(&s.id)) {
                s.hidden = *hidden;
            }
            Ok(Command::Batch(undo))
        }
        Command::Edit { id, edit } => {
            let i = deck.index_of(*id).ok_or(EditError::NoSuchSlide(*id))?;
            let old = deck.slides[i].clone();
            let slide = &mut deck.slides[i];
            set_field(slide, edit.clone())?;
            if edit.field() != Field::Notes {
                if let Some(o) = &mut slide.origin {
                    o.edited = true;
                }
            }
            Ok(Command::Restore { slide: old })
        }
        Command::Restore { slide } => {
            let i = deck
                .index_of(slide.id)
                .ok_or(EditError::NoSuchSlide(slide.id))?;
            let old = std::mem::replace(&mut deck.slides[i], slide.clone());
            Ok(Command::Restore { slide: old })
        }
        Command::SetMeta(meta) => Ok(Command::SetMeta(std::mem::replace(
            &mut deck.meta,
            meta.clone(),
        ))),
        Command::SetTheme(t) => Ok(Command::SetTheme(std::mem::replace(
            &mut deck.theme,
            t.clone(),
        ))),
        Command::SetPageFormat(f) => Ok(Command::SetPageFormat(std::mem::replace(
            &mut deck.page_format,
            *f,
        ))),
        Command::PutSources(map) => {
            let mut undo = Vec::new();
            let mut put_back = BTreeMap::new();
            for (id, src) in map {
                match deck.sources.insert(id.clone(), src.clone()) {
                    Some(old) => {
                        put_back.insert(id.clone(), old);
                    }
                    None => undo.push(id.clone()),
                }
            }
            Ok(Command::Batch(vec![
                Command::RemoveSources(undo),
                Command::PutSources(put_back),
            ]))
        }
        Command::RemoveSources(ids) => {
            let mut back = BTreeMap::new();
            for id in ids {
                if let Some(s) = deck.sources.remove(id) {
                    back.insert(id.clone(), s);
                }
            }
            Ok(Command::PutSources(back))
        }
        Command::Batch(cmds) => {
            let mut inverses = Vec::new();
            for c in cmds {
                inverses.push(apply(deck, c)?);
            }
            inverses.reverse();
            Ok(Command::Batch(inverses))
        }
    }
}

/// Reads a part of a slide as the edit that would set it to its current value, if the slide
/// kind has that part.
pub fn get_field(slide: &Slide, field: Field) -> Option<SlideEdit> {
    use SlideBody as B;
    Some(match (field, &slide.body) {
        (Field::Notes, _) => SlideEdit::Notes(slide.notes.clone()),
        (Field::Title, B::Title {}) => return None,
        (Field::Title, body) => SlideEdit::Title(title_ref(body)?.to_owned()),
        (Field::Subtitle, B::Section { subtitle, .. }) => SlideEdit::Subtitle(subtitle.clone()),
        (Field::Paragraphs, B::Topic { summary: p, .. })
        | (Field::Paragraphs, B::Text { paragraphs: p, .. }) => SlideEdit::Paragraphs(p.clone()),
        (Field::Points, B::Topic { key_points: l, .. })
        | (Field::Points, B::Viewpoint { claims: l, .. })
        | (Field::Points, B::Bullets { bullets: l, .. })
        | (Field::Points, B::Takeaways { points: l, .. })
        | (Field::Points, B::Route { stops: l, .. }) => SlideEdit::Points(l.clone()),
        (Field::Figures, B::KeyFigures { figures, .. }) => SlideEdit::Figures(figures.clone()),
        (Field::TimelineStyle, B::Timeline { style, .. }) => SlideEdit::TimelineStyle(*style),
        (Field::Caption, B::Route { caption, .. }) => SlideEdit::Caption(caption.clone()),
        (Field::Quote, B::Viewpoint { quote, .. }) => SlideEdit::Quote(quote.clone()),
        (Field::Caption, B::Image { caption, .. }) => SlideEdit::Caption(caption.clone()),
        (Field::Credit, B::Image { credit, .. }) => SlideEdit::Credit(credit.clone()),
        (Field::ImagePath, B::Image { path, .. }) => SlideEdit::ImagePath(path.clone()),
        (Field::TopicDisplay, B::Topic { display, .. }) => SlideEdit::TopicDisplay(*display),
        (Field::SideStance(s), B::Comparison { left, right, .. }) => {
            SlideEdit::SideStance(s, side(left, right, s).stance.clone())
        }
        (Field::SideClaims(s), B::Comparison { left, right, .. }) => {
            SlideEdit::SideClaims(s, side(left, right, s).claims.clone())
        }
        (Field::TimelineEntry(i), B::Timeline { entries, .. }) => {
            SlideEdit::TimelineEntry(i, entries.get(i)?.block())
        }
        _ => return None,
    })
}

fn side<'a>(
    left: &'a super::model::Side,
    right: &'a super::model::Side,
    which: ComparisonSide,
) -> &'a super::model::Side {
    match which {
        ComparisonSide::Left => left,
        ComparisonSide::Right => right,
    }
}

fn title_ref(body: &SlideBody) -> Option<&str> {
    use SlideBody as B;
    match body {
        B::Title {} => None,
        B::Agenda { title }
        | B::Section { title, .. }
        | B::Topic { title, .. }
        | B::Viewpoint { title, .. }
        | B::Comparison { title, .. }
        | B::Timeline { title, .. }
        | B::Bullets { title, .. }
        | B::Text { title, .. }
        | B::Image { title, .. }
        | B::Takeaways { title, .. }
        | B::KeyFigures { title, .. }
        | B::Route { title, .. }
        | B::Sources { title } => Some(title),
    }
}

fn set_field(slide: &mut Slide, edit: SlideEdit) -> Result<(), EditError> {
    use SlideBody as B;
    let no_field = EditError::NoSuchField {
        kind: slide.body.kind(),
        field: edit.field(),
    };
    match (edit, &mut slide.body) {
        (SlideEdit::Notes(t), _) => slide.notes = t,
        (SlideEdit::Title(_), B::Title {}) => return Err(no_field),
        (SlideEdit::Title(t), B::Agenda { title })
        | (SlideEdit::Title(t), B::Section { title, .. })
        | (SlideEdit::Title(t), B::Topic { title, .. })
        | (SlideEdit::Title(t), B::Viewpoint { title, .. })
        | (SlideEdit::Title(t), B::Comparison { title, .. })
        | (SlideEdit::Title(t), B::Timeline { title, .. })
        | (SlideEdit::Title(t), B::Bullets { title, .. })
        | (SlideEdit::Title(t), B::Text { title, .. })
        | (SlideEdit::Title(t), B::Image { title, .. })
        | (SlideEdit::Title(t), B::Takeaways { title, .. })
        | (SlideEdit::Title(t), B::KeyFigures { title, .. })
        | (SlideEdit::Title(t), B::Route { title, .. })
        | (SlideEdit::Title(t), B::Sources { title }) => *title = t,
        (SlideEdit::Subtitle(t), B::Section { subtitle, .. }) => *subtitle = t,
        (SlideEdit::Paragraphs(p), B::Topic { summary: dst, .. })
        | (
            SlideEdit::Paragraphs(p),
            B::Text {
                paragraphs: dst, ..
            },
        ) => *dst = p,
        (SlideEdit::Points(p), B::Topic { key_points: l, .. })
        | (SlideEdit::Points(p), B::Viewpoint { claims: l, .. })
        | (SlideEdit::Points(p), B::Bullets { bullets: l, .. })
        | (SlideEdit::Points(p), B::Takeaways { points: l, .. })
        | (SlideEdit::Points(p), B::Route { stops: l, .. }) => *l = p,
        (SlideEdit::Figures(f), B::KeyFigures { figures, .. }) => *figures = f,
        (SlideEdit::TimelineStyle(s), B::Timeline { style, .. }) => *style = s,
        (SlideEdit::Caption(t), B::Route { caption, .. }) => *caption = t,
        (SlideEdit::Quote(q), B::Viewpoint { quote, .. }) => {
            *quote = q.filter(|b| !b.text.trim().is_empty())
        }
        (SlideEdit::Caption(t), B::Image { caption, .. }) => *caption = t,
        (SlideEdit::Credit(t), B::Image { credit, .. }) => *credit = t,
        (SlideEdit::ImagePath(t), B::Image { path, .. }) => *path = t,
        (SlideEdit::TopicDisplay(d), B::Topic { display, .. }) => *display = d,
        (SlideEdit::SideStance(s, t), B::Comparison { left, right, .. }) => {
            match s {
                ComparisonSide::Left => left,
                ComparisonSide::Right => right,
            }
            .stance = t
        }
        (SlideEdit::SideClaims(s, c), B::Comparison { left, right, .. }) => {
            match s {
                ComparisonSide::Left => left,
                ComparisonSide::Right => right,
            }
            .claims = c
        }
        (SlideEdit::TimelineEntry(i, b), B::Timeline { entries, .. }) => {
            let e = entries.get_mut(i).ok_or(no_field)?;
            e.text = b.text;
            e.mark = b.mark;
            e.sources = b.sources;
        }
        _ => return Err(no_field),
    }
    Ok(())
}

impl crate::error::Hinted for EditError {
    fn hint(&self) -> Option<String> {
        use crate::error::hint;
        match self {
            EditError::NoSuchSlide(_) => {
                hint("the slide may have been deleted; refresh the selection")
            }
            EditError::NoSuchField { .. } => hint("pick a field the slide shows"),
            EditError::BadIndex(_) => hint("use a position between 0 and the slide count"),
            EditError::BadOrder => hint("pass all slide ids"),
            EditError::DuplicateId(_) => hint("create slides with Editor::new_slide"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_undo_that_fails_returns_the_error_and_keeps_the_step() {
        let mut ed = Editor::new(Deck::new("t"));
        let s = ed.new_slide(SlideBody::Bullets {
            title: "B".into(),
            bullets: Vec::new(),
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
        ed.apply(
            "title",
            Command::Edit {
                id,
                edit: SlideEdit::Title("New".into()),
            },
        )
        .unwrap();
        // Something outside the history removed the slide: undoing the edit cannot work.
        ed.deck.slides.clear();
        assert_eq!(ed.undo(), Err(EditError::NoSuchSlide(id)));
        assert_eq!(ed.undo_label(), Some("title"), "the step is kept");
        assert!(!ed.can_redo());
        // Once the slide is back, the same step undoes.
        ed.deck.slides.push(Slide {
            id,
            hidden: false,
            origin: None,
            notes: String::new(),
            body: SlideBody::Bullets {
                title: "New".into(),
                bullets: Vec::new(),
            },
        });
        assert_eq!(ed.undo(), Ok(Some("title".into())));
        assert_eq!(ed.deck.slides[0].title(&ed.deck.meta), "B");
        // A redo that fails keeps its step too.
        ed.deck.slides.clear();
        assert_eq!(ed.redo(), Err(EditError::NoSuchSlide(id)));
        assert_eq!(ed.redo_label(), Some("title"));
    }
}
