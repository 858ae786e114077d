//! The deck: metadata, theme, page format, the sources it cites, and its slides.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::block::Block;
use crate::library::{Date, Source, SourceKind};

/// Page size of the exported briefing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum PageFormat {
    /// 16:9, 960 × 540 pt.
    #[default]
    #[serde(rename = "16:9")]
    Wide,
    /// 4:3, 720 × 540 pt.
    #[serde(rename = "4:3")]
    Standard,
    /// A4 landscape, 842 × 595 pt.
    #[serde(rename = "a4-landscape")]
    A4Landscape,
}

impl PageFormat {
    /// Every format, for pickers.
    pub const ALL: [PageFormat; 3] = [
        PageFormat::Wide,
        PageFormat::Standard,
        PageFormat::A4Landscape,
    ];

    /// Width and height in pt.
    pub fn size_pt(self) -> (f32, f32) {
        match self {
            PageFormat::Wide => (960.0, 540.0),
            PageFormat::Standard => (720.0, 540.0),
            PageFormat::A4Landscape => (841.89, 595.28),
        }
    }

    /// Label for pickers and the CLI.
    pub fn label(self) -> &'static str {
        match self {
            PageFormat::Wide => "16:9",
            PageFormat::Standard => "4:3",
            PageFormat::A4Landscape => "a4-landscape",
        }
    }
}

/// Deck metadata shown on the title slide, the footer and the PDF's properties.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DeckMeta {
    /// Title.
    pub title: String,
    /// Subtitle.
    pub subtitle: String,
    /// Author.
    pub author: String,
    /// Organisation.
    pub organisation: String,
    /// Date of the briefing.
    pub date: Option<Date>,
    /// Intended audience.
    pub audience: String,
    /// Marking shown in banners on every page, e.g. `UNCLASSIFIED` (empty = none).
    pub marking: String,
    /// Distribution line, e.g. `Not for onward distribution`.
    pub distribution: String,
    /// Marking scheme, caveats, banner modes, cover lines, watermark and control number.
    pub markings: crate::deck::MarkingSettings,
    /// The read-ahead memo: template, header and the texts the slides cannot supply.
    #[serde(default, skip_serializing_if = "is_default_memo")]
    pub memo: crate::deck::MemoSettings,
    /// After how many days since its as-of date a library item's text is flagged stale on
    /// the slides made from it (absent = [`DEFAULT_STALE_AFTER_DAYS`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stale_after_days: Option<u32>,
}

/// Days after an item's as-of date when slides made from it are flagged stale, unless the
/// deck chooses otherwise.
pub const DEFAULT_STALE_AFTER_DAYS: u32 = 180;

fn is_default_memo(m: &crate::deck::MemoSettings) -> bool {
    *m == crate::deck::MemoSettings::default()
}

/// A source copied into the deck so the file is self-contained.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CitedSource {
    /// Outlet or publisher.
    pub outlet: String,
    /// Title (bracketed description when the headline is not recorded).
    pub title: String,
    /// Author, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Publication date.
    pub date: Date,
    /// Web address, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Kind of publication.
    pub kind: SourceKind,
}

impl From<&Source> for CitedSource {
    fn from(s: &Source) -> Self {
        CitedSource {
            outlet: s.outlet.clone(),
            title: s.title.clone(),
            author: s.author.clone(),
            date: s.date,
            url: s.url.clone(),
            kind: s.kind,
        }
    }
}

/// A stable slide identity that survives reordering.
pub type SlideId = u64;

/// Which parts of a topic a slide shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TopicDisplay {
    /// Summary paragraph and key points.
    #[default]
    Both,
    /// Summary paragraph only.
    Summary,
    /// Key points only.
    KeyPoints,
}

/// Who holds a view, copied from the library.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Speaker {
    /// The person (empty for an outlet's editorial view).
    pub person: String,
    /// The outlet where the view appeared.
    pub outlet: String,
    /// The person's organisation.
    pub affiliation: String,
    /// The person's role or the nature of the view.
    pub role: String,
}

impl Speaker {
    /// The person, or else the outlet.
    pub fn holder(&self) -> &str {
        if self.person.trim().is_empty() {
            &self.outlet
        } else {
            &self.person
        }
    }

    /// `Role, Affiliation — via Outlet` (what follows the holder's name).
    pub fn details(&self) -> String {
        let mut parts: Vec<&str> = Vec::new();
        for p in [&self.role, &self.affiliation] {
            if !p.trim().is_empty() {
                parts.push(p);
            }
        }
        let mut s = parts.join(", ");
        if !self.person.trim().is_empty() && !self.outlet.trim().is_empty() {
            if !s.is_empty() {
                s.push_str(" \u{2014} ");
            }
            s.push_str("via ");
            s.push_str(&self.outlet);
        }
        s
    }
}

/// One side of a comparison slide.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Side {
    /// Library viewpoint id, when taken from the library.
    pub item: Option<String>,
    /// Who holds the view.
    pub speaker: Speaker,
    /// The view in one line.
    pub stance: String,
    /// Key claims.
    pub claims: Vec<Block>,
    /// When the view was expressed.
    pub date: Option<Date>,
    /// Ids of cited sources (keys of the deck's `sources`).
    pub sources: Vec<String>,
}

/// Which side of a comparison slide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComparisonSide {
    /// The left column.
    Left,
    /// The right column.
    Right,
}

/// One dated entry on a timeline slide.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimelineEntry {
    /// Library fact id, when taken from the library.
    #[serde(default)]
    pub item: Option<String>,
    /// When.
    pub date: Date,
    /// What happened.
    pub text: String,
    /// Portion mark of the entry, without parentheses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mark: Option<String>,
    /// Ids of cited sources.
    #[serde(default)]
    pub sources: Vec<String>,
}

impl TimelineEntry {
    /// The entry's text, mark and sources as a block.
    pub fn block(&self) -> Block {
        Block {
            text: self.text.clone(),
            mark: self.mark.clone(),
            sources: self.sources.clone(),
        }
    }
}

/// One large number on a key-figures slide, with what it counts and its sources.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyFigure {
    /// The figure as shown, e.g. `16` or `43 km`.
    pub value: String,
    /// What it counts, e.g. `countries buy Azerbaijani gas`.
    pub text: String,
    /// Portion mark, without parentheses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mark: Option<String>,
    /// Ids of cited sources.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

impl KeyFigure {
    /// The figure's label, mark and sources as a block (the value goes in front of the text).
    pub fn block(&self) -> Block {
        Block {
            text: format!("{} \u{2014} {}", self.value, self.text),
            mark: self.mark.clone(),
            sources: self.sources.clone(),
        }
    }

    /// Parses an edited line `VALUE | label` (a leading `(MARK) ` sets the mark); `old` lends
    /// its sources. A line without `|` is all label (no number yet).
    pub fn from_line(line: &str, old: Option<&KeyFigure>) -> KeyFigure {
        let b = Block::from_line(line, None);
        let (value, text) = b.text.split_once('|').unwrap_or(("", b.text.as_str()));
        KeyFigure {
            value: value.trim().to_owned(),
            text: text.trim().to_owned(),
            mark: b.mark.clone(),
            sources: old.map(|o| o.sources.clone()).unwrap_or_default(),
        }
    }

    /// Figures from the lines of an edit box (blank lines skipped); the figure at the same
    /// position lends its sources.
    pub fn from_lines(text: &str, old: &[KeyFigure]) -> Vec<KeyFigure> {
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .enumerate()
            .map(|(i, l)| KeyFigure::from_line(l, old.get(i)))
            .collect()
    }

    /// The figure as one edit line: `(C) VALUE | label`.
    pub fn to_line(&self) -> String {
        let mark = self
            .mark
            .as_ref()
            .map(|m| format!("({m}) "))
            .unwrap_or_default();
        format!("{mark}{} | {}", self.value, self.text)
    }
}

/// How a timeline is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimelineStyle {
    /// Dates in a column, entries beside them.
    #[default]
    List,
    /// Dates on a horizontal line, entries above and below it.
    Line,
}

/// What a slide shows. Agenda and sources are filled automatically at layout time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[allow(clippy::large_enum_variant)] // a deck holds tens of slides, not millions
pub enum SlideBody {
    /// Title slide, from the deck metadata.
    Title {},
    /// Agenda, filled from section and slide titles.
    Agenda {
        /// Heading.
        title: String,
    },
    /// Section divider.
    Section {
        /// Section title.
        title: String,
        /// Optional line under it.
        #[serde(default)]
        subtitle: String,
    },
    /// A library topic.
    Topic {
        /// Heading.
        title: String,
        /// What to show.
        #[serde(default)]
        display: TopicDisplay,
        /// Summary paragraphs.
        summary: Vec<Block>,
        /// Key points.
        key_points: Vec<Block>,
        /// Ids of cited sources.
        sources: Vec<String>,
    },
    /// An attributed viewpoint: claims, or a quotation.
    Viewpoint {
        /// Heading (the stance).
        title: String,
        /// Who holds the view.
        speaker: Speaker,
        /// Key claims.
        claims: Vec<Block>,
        /// A short quotation; when set, the slide shows it large.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        quote: Option<Block>,
        /// When the view was expressed.
        date: Option<Date>,
        /// Ids of cited sources.
        sources: Vec<String>,
    },
    /// Two viewpoints side by side.
    Comparison {
        /// Heading.
        title: String,
        /// Left column.
        left: Side,
        /// Right column.
        right: Side,
    },
    /// Dated facts in date order.
    Timeline {
        /// Heading.
        title: String,
        /// Entries (kept sorted by date at layout).
        entries: Vec<TimelineEntry>,
        /// A list, or dates on a line.
        #[serde(default, skip_serializing_if = "is_list")]
        style: TimelineStyle,
    },
    /// Two to four large numbers, each with what it counts and its source.
    KeyFigures {
        /// Heading.
        title: String,
        /// The figures.
        figures: Vec<KeyFigure>,
    },
    /// A route or chain drawn as stops on a line (a schematic, not a map), with a caption.
    Route {
        /// Heading.
        title: String,
        /// The stops, in order.
        stops: Vec<Block>,
        /// Caption under the diagram (say where the stops come from).
        #[serde(default)]
        caption: String,
    },
    /// Free bullets.
    Bullets {
        /// Heading.
        title: String,
        /// Bullet points.
        bullets: Vec<Block>,
    },
    /// Free text.
    Text {
        /// Heading.
        title: String,
        /// Paragraphs.
        paragraphs: Vec<Block>,
    },
    /// A picture with caption and credit.
    Image {
        /// Heading.
        title: String,
        /// Image file (PNG or JPEG), absolute or relative to the deck file.
        path: String,
        /// Caption.
        #[serde(default)]
        caption: String,
        /// Credit line.
        #[serde(default)]
        credit: String,
    },
    /// Key takeaways (bottom line up front).
    Takeaways {
        /// Heading.
        title: String,
        /// The takeaways.
        points: Vec<Block>,
    },
    /// Numbered list of every source cited by visible slides.
    Sources {
        /// Heading.
        title: String,
    },
}

fn is_list(s: &TimelineStyle) -> bool {
    *s == TimelineStyle::List
}

/// The kind of a slide, for pickers and listings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum SlideKind {
    Title,
    Agenda,
    Section,
    Topic,
    Viewpoint,
    Comparison,
    Timeline,
    Bullets,
    Text,
    Image,
    Takeaways,
    Sources,
    KeyFigures,
    Route,
}

impl SlideKind {
    /// The kind's name in messages, e.g. `topic`.
    pub fn label(self) -> &'static str {
        match self {
            SlideKind::Title => "title",
            SlideKind::Agenda => "agenda",
            SlideKind::Section => "section",
            SlideKind::Topic => "topic",
            SlideKind::Viewpoint => "viewpoint",
            SlideKind::Comparison => "comparison",
            SlideKind::Timeline => "timeline",
            SlideKind::Bullets => "bullets",
            SlideKind::Text => "text",
            SlideKind::Image => "image",
            SlideKind::Takeaways => "takeaways",
            SlideKind::Sources => "sources",
            SlideKind::KeyFigures => "key figures",
            SlideKind::Route => "route",
        }
    }
}

impl SlideBody {
    /// The slide's kind.
    pub fn kind(&self) -> SlideKind {
        match self {
            SlideBody::Title {} => SlideKind::Title,
            SlideBody::Agenda { .. } => SlideKind::Agenda,
            SlideBody::Section { .. } => SlideKind::Section,
            SlideBody::Topic { .. } => SlideKind::Topic,
            SlideBody::Viewpoint { .. } => SlideKind::Viewpoint,
            SlideBody::Comparison { .. } => SlideKind::Comparison,
            SlideBody::Timeline { .. } => SlideKind::Timeline,
            SlideBody::Bullets { .. } => SlideKind::Bullets,
            SlideBody::Text { .. } => SlideKind::Text,
            SlideBody::Image { .. } => SlideKind::Image,
            SlideBody::Takeaways { .. } => SlideKind::Takeaways,
            SlideBody::Sources { .. } => SlideKind::Sources,
            SlideBody::KeyFigures { .. } => SlideKind::KeyFigures,
            SlideBody::Route { .. } => SlideKind::Route,
        }
    }

    /// Ids of the sources this slide cites, in order.
    pub fn cited_sources(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        fn add<'a>(out: &mut Vec<&'a str>, ids: &'a [String]) {
            for id in ids {
                if !out.contains(&id.as_str()) {
                    out.push(id);
                }
            }
        }
        match self {
            SlideBody::Topic { sources, .. } | SlideBody::Viewpoint { sources, .. } => {
                add(&mut out, sources)
            }
            SlideBody::Comparison { left, right, .. } => {
                add(&mut out, &left.sources);
                add(&mut out, &right.sources);
            }
            SlideBody::Timeline { entries, .. } => {
                for e in entries {
                    add(&mut out, &e.sources);
                }
            }
            SlideBody::KeyFigures { figures, .. } => {
                for f in figures {
                    add(&mut out, &f.sources);
                }
            }
            _ => {}
        }
        for b in self.block_refs() {
            add(&mut out, &b.sources);
        }
        out
    }

    /// How many content blocks (and timeline entries) the slide holds.
    pub fn block_count(&self) -> usize {
        match self {
            SlideBody::Timeline { entries, .. } => entries.len(),
            SlideBody::KeyFigures { figures, .. } => figures.len(),
            other => other.block_refs().len(),
        }
    }

    /// The content blocks stored as blocks (every kind but timeline entries), in order.
    fn block_refs(&self) -> Vec<&Block> {
        match self {
            SlideBody::Topic {
                summary,
                key_points,
                ..
            } => summary.iter().chain(key_points.iter()).collect(),
            SlideBody::Viewpoint { claims, quote, .. } => {
                quote.iter().chain(claims.iter()).collect()
            }
            SlideBody::Comparison { left, right, .. } => {
                left.claims.iter().chain(right.claims.iter()).collect()
            }
            SlideBody::Bullets { bullets: l, .. } | SlideBody::Takeaways { points: l, .. } => {
                l.iter().collect()
            }
            SlideBody::Text { paragraphs, .. } => paragraphs.iter().collect(),
            SlideBody::Route { stops, .. } => stops.iter().collect(),
            _ => Vec::new(),
        }
    }

    /// Every content block the slide shows, in reading order (timeline entries as blocks).
    pub fn blocks(&self) -> Vec<Block> {
        let mut out: Vec<Block> = Vec::new();
        match self {
            SlideBody::Topic {
                summary,
                key_points,
                display,
                ..
            } => {
                if *display != TopicDisplay::KeyPoints {
                    out.extend(summary.iter().cloned());
                }
                if *display != TopicDisplay::Summary {
                    out.extend(key_points.iter().cloned());
                }
            }
            SlideBody::Viewpoint { claims, quote, .. } => {
                out.extend(quote.iter().cloned());
                out.extend(claims.iter().cloned());
            }
            SlideBody::Comparison { left, right, .. } => {
                out.extend(left.claims.iter().cloned());
                out.extend(right.claims.iter().cloned());
            }
            SlideBody::Timeline { entries, .. } => out.extend(entries.iter().map(|e| e.block())),
            SlideBody::Bullets { bullets: l, .. } | SlideBody::Takeaways { points: l, .. } => {
                out.extend(l.iter().cloned())
            }
            SlideBody::Text { paragraphs, .. } => out.extend(paragraphs.iter().cloned()),
            SlideBody::Route { stops, .. } => out.extend(stops.iter().cloned()),
            SlideBody::KeyFigures { figures, .. } => out.extend(figures.iter().map(|f| f.block())),
            _ => {}
        }
        out
    }
}

/// Where a slide's text came from in the library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Origin {
    /// Library item id.
    pub item: String,
    /// True once the user has changed the copied text.
    #[serde(default)]
    pub edited: bool,
    /// The item's revision when its text was copied (or when the user chose to keep their
    /// version); absent in decks older than format 5. A different revision in the library
    /// flags the slide "library updated".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
}

/// One slide.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Slide {
    /// Stable identity within the deck.
    pub id: SlideId,
    /// Hidden slides are kept but not exported.
    #[serde(default)]
    pub hidden: bool,
    /// The library item this slide was made from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    /// Speaker notes.
    #[serde(default)]
    pub notes: String,
    /// What the slide shows.
    pub body: SlideBody,
}

impl Slide {
    /// The slide's title as shown in lists, bookmarks and the agenda.
    pub fn title<'a>(&'a self, meta: &'a DeckMeta) -> &'a str {
        match &self.body {
            SlideBody::Title {} => &meta.title,
            SlideBody::Agenda { title }
            | SlideBody::Section { title, .. }
            | SlideBody::Topic { title, .. }
            | SlideBody::Viewpoint { title, .. }
            | SlideBody::Comparison { title, .. }
            | SlideBody::Timeline { title, .. }
            | SlideBody::Bullets { title, .. }
            | SlideBody::Text { title, .. }
            | SlideBody::Image { title, .. }
            | SlideBody::Takeaways { title, .. }
            | SlideBody::KeyFigures { title, .. }
            | SlideBody::Route { title, .. }
            | SlideBody::Sources { title } => title,
        }
    }
}

/// A briefing deck. Change it only through [`crate::deck::Editor`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deck {
    /// Metadata.
    pub meta: DeckMeta,
    /// Theme name (or path to a theme file).
    pub theme: String,
    /// Page size.
    #[serde(default)]
    pub page_format: PageFormat,
    /// Sources cited by slides, keyed by id (copied from the library).
    #[serde(default)]
    pub sources: BTreeMap<String, CitedSource>,
    /// Slides in order.
    pub slides: Vec<Slide>,
}

impl Deck {
    /// An empty deck with a title.
    pub fn new(title: &str) -> Deck {
        Deck {
            meta: DeckMeta {
                title: title.to_owned(),
                ..DeckMeta::default()
            },
            theme: crate::theme::DEFAULT_THEME.to_owned(),
            page_format: PageFormat::Wide,
            sources: BTreeMap::new(),
            slides: Vec::new(),
        }
    }

    /// Index of the slide with `id`.
    pub fn index_of(&self, id: SlideId) -> Option<usize> {
        self.slides.iter().position(|s| s.id == id)
    }

    /// The slide with `id`.
    pub fn slide(&self, id: SlideId) -> Option<&Slide> {
        self.slides.iter().find(|s| s.id == id)
    }

    /// Visible (exported) slides in order.
    pub fn visible(&self) -> impl Iterator<Item = &Slide> {
        self.slides.iter().filter(|s| !s.hidden)
    }

    /// Ids of sources cited by visible slides, numbered in order of first citation.
    pub fn cited_sources(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for s in self.visible() {
            for id in s.body.cited_sources() {
                if !out.contains(&id) {
                    out.push(id);
                }
            }
        }
        out
    }
}
