//! Every change to a deck is a [`Command`] applied by [`Editor::apply`], which records undo/redo.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::model::{
    CitedSource, Deck, DeckMeta, PageFormat, Slide, SlideBody, SlideId, TopicDisplay,
};

/// An editable text or list field of a slide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The heading (or the stance of a viewpoint).
    Title,
    /// A section's subtitle.
    Subtitle,
    /// Topic summary or free text.
    Text,
    /// Key points, claims, bullets or takeaways.
    Bullets,
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
    /// Which parts of a topic to show: `both`, `summary` or `key_points`.
    TopicDisplay,
    /// Stance of the left (false) or right (true) side of a comparison.
    SideStance(bool),
    /// Claims of the left (false) or right (true) side of a comparison.
    SideClaims(bool),
    /// Text of the timeline entry at an index.
    TimelineText(usize),
}

/// A field's value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Value {
    /// Text.
    Text(String),
    /// A list of lines.
    List(Vec<String>),
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
    /// Change one field of a slide; a library slide becomes marked as edited.
    Edit {
        /// Which slide.
        id: SlideId,
        /// Which field.
        field: Field,
        /// The new value.
        value: Value,
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
    #[error("no slide with id {0} (hint: the slide may have been deleted; refresh the selection)")]
    NoSuchSlide(SlideId),
    /// The slide kind has no such field.
    #[error("a {kind} slide has no field {field} (hint: pick a field the slide shows)")]
    NoSuchField {
        /// The slide kind.
        kind: String,
        /// The field.
        field: String,
    },
    /// The value has the wrong shape (text for a list or the reverse).
    #[error(
        "wrong value for field {0} (hint: give text for text fields and a list for bullet fields)"
    )]
    WrongValue(String),
    /// An index past the end.
    #[error("position {0} is past the end of the deck (hint: use a position between 0 and the slide count)")]
    BadIndex(usize),
    /// A reorder that does not name every slide once.
    #[error("the new order must name every slide exactly once (hint: pass all slide ids)")]
    BadOrder,
    /// A slide id used twice.
    #[error("slide id {0} is already in the deck (hint: create slides with Editor::new_slide)")]
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
                Command::Edit { id, field, .. },
                Some(Step {
                    forward:
                        Command::Edit {
                            id: last_id,
                            field: last_field,
                            ..
                        },
                    label: last_label,
                    ..
                }),
            ) => {
                id == last_id && field == last_field && label == last_label && self.redo.is_empty()
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
    pub fn undo(&mut self) -> Option<String> {
        let step = self.undo.pop()?;
        let mut scratch = self.deck.clone();
        match apply(&mut scratch, &step.inverse) {
            Ok(_) => {
                self.deck = scratch;
                self.revision += 1;
                let label = step.label.clone();
                self.redo.push(step);
                Some(label)
            }
            Err(_) => None,
        }
    }

    /// Redoes the last undone step; returns its label, or `None` when there is nothing to redo.
    pub fn redo(&mut self) -> Option<String> {
        let step = self.redo.pop()?;
        let mut scratch = self.deck.clone();
        match apply(&mut scratch, &step.forward) {
            Ok(_) => {
                self.deck = scratch;
                self.revision += 1;
                let label = step.label.clone();
                self.undo.push(step);
                Some(label)
            }
            Err(_) => None,
        }
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
        Command::Edit { id, field, value } => {
            let i = deck.index_of(*id).ok_or(EditError::NoSuchSlide(*id))?;
            let old = deck.slides[i].clone();
            let slide = &mut deck.slides[i];
            set_field(slide, *field, value.clone())?;
            if *field != Field::Notes {
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

fn text(value: Value, field: Field) -> Result<String, EditError> {
    match value {
        Value::Text(t) => Ok(t),
        Value::List(_) => Err(EditError::WrongValue(format!("{field:?}"))),
    }
}

fn list(value: Value, _field: Field) -> Result<Vec<String>, EditError> {
    Ok(match value {
        Value::List(l) => l,
        Value::Text(t) => t
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
    })
}

/// Reads a field of a slide, if the slide kind has it.
pub fn get_field(slide: &Slide, field: Field) -> Option<Value> {
    use SlideBody as B;
    Some(match (field, &slide.body) {
        (Field::Notes, _) => Value::Text(slide.notes.clone()),
        (Field::Title, B::Title {}) => return None,
        (Field::Title, _) => Value::Text(title_mut_ref(&slide.body)?.to_owned()),
        (Field::Subtitle, B::Section { subtitle, .. }) => Value::Text(subtitle.clone()),
        (Field::Text, B::Topic { summary, .. }) => Value::Text(summary.clone()),
        (Field::Text, B::Text { text, .. }) => Value::Text(text.clone()),
        (Field::Bullets, B::Topic { key_points: l, .. })
        | (Field::Bullets, B::Viewpoint { claims: l, .. })
        | (Field::Bullets, B::Bullets { bullets: l, .. })
        | (Field::Bullets, B::Takeaways { points: l, .. }) => Value::List(l.clone()),
        (Field::Quote, B::Viewpoint { quote, .. }) => Value::Text(quote.clone()),
        (Field::Caption, B::Image { caption, .. }) => Value::Text(caption.clone()),
        (Field::Credit, B::Image { credit, .. }) => Value::Text(credit.clone()),
        (Field::ImagePath, B::Image { path, .. }) => Value::Text(path.clone()),
        (Field::TopicDisplay, B::Topic { display, .. }) => {
            Value::Text(display_label(*display).to_owned())
        }
        (Field::SideStance(r), B::Comparison { left, right, .. }) => {
            Value::Text(if r { &right.stance } else { &left.stance }.clone())
        }
        (Field::SideClaims(r), B::Comparison { left, right, .. }) => {
            Value::List(if r { &right.claims } else { &left.claims }.clone())
        }
        (Field::TimelineText(i), B::Timeline { entries, .. }) => {
            Value::Text(entries.get(i)?.text.clone())
        }
        _ => return None,
    })
}

fn title_mut_ref(body: &SlideBody) -> Option<&str> {
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
        | B::Sources { title } => Some(title),
    }
}

fn display_label(d: TopicDisplay) -> &'static str {
    match d {
        TopicDisplay::Both => "both",
        TopicDisplay::Summary => "summary",
        TopicDisplay::KeyPoints => "key_points",
    }
}

fn set_field(slide: &mut Slide, field: Field, value: Value) -> Result<(), EditError> {
    use SlideBody as B;
    let kind = format!("{:?}", slide.body.kind()).to_lowercase();
    let no_field = || EditError::NoSuchField {
        kind: kind.clone(),
        field: format!("{field:?}"),
    };
    match (field, &mut slide.body) {
        (Field::Notes, _) => slide.notes = text(value, field)?,
        (Field::Title, B::Title {}) => return Err(no_field()),
        (Field::Title, B::Agenda { title })
        | (Field::Title, B::Section { title, .. })
        | (Field::Title, B::Topic { title, .. })
        | (Field::Title, B::Viewpoint { title, .. })
        | (Field::Title, B::Comparison { title, .. })
        | (Field::Title, B::Timeline { title, .. })
        | (Field::Title, B::Bullets { title, .. })
        | (Field::Title, B::Text { title, .. })
        | (Field::Title, B::Image { title, .. })
        | (Field::Title, B::Takeaways { title, .. })
        | (Field::Title, B::Sources { title }) => *title = text(value, field)?,
        (Field::Subtitle, B::Section { subtitle, .. }) => *subtitle = text(value, field)?,
        (Field::Text, B::Topic { summary: t, .. }) | (Field::Text, B::Text { text: t, .. }) => {
            *t = text(value, field)?
        }
        (Field::Bullets, B::Topic { key_points: l, .. })
        | (Field::Bullets, B::Viewpoint { claims: l, .. })
        | (Field::Bullets, B::Bullets { bullets: l, .. })
        | (Field::Bullets, B::Takeaways { points: l, .. }) => *l = list(value, field)?,
        (Field::Quote, B::Viewpoint { quote, .. }) => *quote = text(value, field)?,
        (Field::Caption, B::Image { caption, .. }) => *caption = text(value, field)?,
        (Field::Credit, B::Image { credit, .. }) => *credit = text(value, field)?,
        (Field::ImagePath, B::Image { path, .. }) => *path = text(value, field)?,
        (Field::TopicDisplay, B::Topic { display, .. }) => {
            *display = match text(value, field)?.as_str() {
                "both" => TopicDisplay::Both,
                "summary" => TopicDisplay::Summary,
                "key_points" => TopicDisplay::KeyPoints,
                _ => return Err(EditError::WrongValue("TopicDisplay".into())),
            }
        }
        (Field::SideStance(r), B::Comparison { left, right, .. }) => {
            let side = if r { right } else { left };
            side.stance = text(value, field)?;
        }
        (Field::SideClaims(r), B::Comparison { left, right, .. }) => {
            let side = if r { right } else { left };
            side.claims = list(value, field)?;
        }
        (Field::TimelineText(i), B::Timeline { entries, .. }) => {
            let e = entries.get_mut(i).ok_or_else(no_field)?;
            e.text = text(value, field)?;
        }
        _ => return Err(no_field()),
    }
    Ok(())
}
