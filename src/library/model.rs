//! The items of a content pack: metadata, sources, topics, viewpoints, facts and glossary terms.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::date::Date;

/// Pack metadata from `pack.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackMeta {
    /// Stable pack id, e.g. `charter-2026`.
    pub id: String,
    /// Display title.
    pub title: String,
    /// One or two sentences on what the pack covers.
    pub description: String,
    /// Language tag of the text, e.g. `en`.
    pub language: String,
    /// The date up to which the content is current.
    pub as_of: Date,
    /// Version of the pack's content, e.g. `1.0.0`.
    pub version: String,
    /// When every item was last checked against its sources; an item's own `status` and
    /// `reviewed` override it. Without it, items are drafts unless they say otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed: Option<Date>,
}

/// Whether an item has been checked against its sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    /// Written, not yet checked.
    Draft,
    /// Checked against its sources (on the `reviewed` date).
    Reviewed,
}

impl ReviewStatus {
    /// Lower-case label.
    pub fn label(self) -> &'static str {
        match self {
            ReviewStatus::Draft => "draft",
            ReviewStatus::Reviewed => "reviewed",
        }
    }
}

/// What kind of publication a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// An analysis or opinion piece.
    Analysis,
    /// An interview or an expert's comments given to an outlet.
    Interview,
    /// An official text (a charter, a statement, a communiqué).
    OfficialText,
    /// A news report.
    NewsReport,
}

impl SourceKind {
    /// Lower-case label as written in pack files.
    pub fn label(self) -> &'static str {
        match self {
            SourceKind::Analysis => "analysis",
            SourceKind::Interview => "interview",
            SourceKind::OfficialText => "official text",
            SourceKind::NewsReport => "news report",
        }
    }
}

/// A publication that items cite.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Unique id within the library.
    pub id: String,
    /// The outlet or publisher, e.g. `News.Az`.
    pub outlet: String,
    /// Headline or title; a bracketed description when the headline is not recorded.
    pub title: String,
    /// Author, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Publication date.
    pub date: Date,
    /// Web address, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// What kind of publication this is.
    pub kind: SourceKind,
}

impl Source {
    /// A one-line citation: `Outlet, "Title", date`.
    pub fn citation(&self) -> String {
        let mut s = self.outlet.clone();
        if let Some(a) = &self.author {
            s.push_str(&format!(" ({a})"));
        }
        s.push_str(&format!(
            ", \u{201c}{}\u{201d}, {}",
            self.title,
            self.date.long()
        ));
        s
    }
}

/// A subject of the charter, ready to become a slide.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    /// Unique id within the library.
    pub id: String,
    /// Short slide title.
    pub title: String,
    /// One-sentence summary.
    pub one_line: String,
    /// A 2–5 sentence summary.
    pub summary: String,
    /// 3–6 key points.
    pub key_points: Vec<String>,
    /// Lower-case tags for filtering.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Ids of the sources this topic draws on.
    pub sources: Vec<String>,
    /// The date up to which this text is current.
    pub as_of: Date,
    /// Review status and date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ReviewStatus>,
    /// When the item was last checked against its sources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed: Option<Date>,
}

/// An attributed opinion of a person or an outlet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Viewpoint {
    /// Unique id within the library.
    pub id: String,
    /// The person holding the view; absent for an outlet's own editorial view.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// The outlet where the view appeared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    /// The person's organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<String>,
    /// The person's role, or the nature of an outlet's view.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The view in one line.
    pub stance: String,
    /// 2–4 key claims.
    pub claims: Vec<String>,
    /// An exact short quotation (at most 25 words), without quote marks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// Ids of related topics.
    #[serde(default)]
    pub topics: Vec<String>,
    /// Id of the source where the view appeared.
    pub source: String,
    /// When the view was expressed.
    pub date: Date,
    /// Review status and date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ReviewStatus>,
    /// When the item was last checked against its sources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed: Option<Date>,
}

impl Viewpoint {
    /// Who holds the view: the person, or else the outlet.
    pub fn holder(&self) -> &str {
        self.person
            .as_deref()
            .or(self.outlet.as_deref())
            .unwrap_or("unattributed")
    }

    /// A full attribution line, e.g. `Mahammad Mammadov, Regional-security expert, Topchubashov Center — News.Az`.
    pub fn attribution(&self) -> String {
        let mut parts: Vec<&str> = vec![self.holder()];
        if let Some(r) = &self.role {
            parts.push(r);
        }
        if let Some(a) = &self.affiliation {
            parts.push(a);
        }
        let mut s = parts.join(", ");
        if let (Some(_), Some(o)) = (&self.person, &self.outlet) {
            s.push_str(&format!(" \u{2014} via {o}"));
        }
        s
    }
}

/// A dated fact, usable on a timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// Unique id within the library.
    pub id: String,
    /// When it happened (or began).
    pub date: Date,
    /// When it ended, for events spanning several days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<Date>,
    /// What happened, in one or two sentences.
    pub statement: String,
    /// Ids of the sources reporting it.
    pub sources: Vec<String>,
    /// Ids of related topics.
    #[serde(default)]
    pub topics: Vec<String>,
    /// Review status and date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ReviewStatus>,
    /// When the item was last checked against its sources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed: Option<Date>,
}

/// An acronym or a name with its expansion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// Unique id within the library.
    pub id: String,
    /// The acronym or name.
    pub term: String,
    /// What it stands for, or who it is.
    pub expansion: String,
    /// Optional one-sentence note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Ids of sources, when the expansion comes from one.
    #[serde(default)]
    pub sources: Vec<String>,
    /// The expansion is general reference knowledge, not taken from the cited sources (which
    /// back only the note). Shown as such wherever the expansion is.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub general_knowledge: bool,
    /// Review status and date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ReviewStatus>,
    /// When the item was last checked against its sources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed: Option<Date>,
}

impl Term {
    /// The expansion as shown: marked when it is general reference knowledge.
    pub fn shown_expansion(&self) -> String {
        if self.general_knowledge {
            format!("{} (general reference knowledge)", self.expansion)
        } else {
            self.expansion.clone()
        }
    }
}

/// Where a pack was loaded from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PackOrigin {
    /// Embedded in the binary.
    Builtin,
    /// A folder on disk.
    Folder(PathBuf),
}

/// A validated content pack.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pack {
    /// Metadata from `pack.toml`.
    pub meta: PackMeta,
    /// Where the pack came from.
    pub origin: PackOrigin,
    /// Sources, in file order.
    pub sources: Vec<Source>,
    /// Topics, in file order.
    pub topics: Vec<Topic>,
    /// Viewpoints, in file order.
    pub viewpoints: Vec<Viewpoint>,
    /// Facts, in date order.
    pub facts: Vec<Fact>,
    /// Glossary terms, in file order.
    pub terms: Vec<Term>,
}

/// The kinds of library items a user can search for and put on slides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A [`Topic`].
    Topic,
    /// A [`Viewpoint`].
    Viewpoint,
    /// A [`Fact`].
    Fact,
    /// A glossary [`Term`].
    Term,
}

impl ItemKind {
    /// Lower-case label.
    pub fn label(self) -> &'static str {
        match self {
            ItemKind::Topic => "topic",
            ItemKind::Viewpoint => "viewpoint",
            ItemKind::Fact => "fact",
            ItemKind::Term => "term",
        }
    }

    /// Parses a label as written on the command line.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "topic" | "topics" => Some(ItemKind::Topic),
            "viewpoint" | "viewpoints" => Some(ItemKind::Viewpoint),
            "fact" | "facts" => Some(ItemKind::Fact),
            "term" | "terms" => Some(ItemKind::Term),
            _ => None,
        }
    }
}

/// A borrowed library item of any kind.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ItemRef<'a> {
    /// A topic.
    Topic(&'a Topic),
    /// A viewpoint.
    Viewpoint(&'a Viewpoint),
    /// A fact.
    Fact(&'a Fact),
    /// A glossary term.
    Term(&'a Term),
}

impl<'a> ItemRef<'a> {
    /// The item's kind.
    pub fn kind(&self) -> ItemKind {
        match self {
            ItemRef::Topic(_) => ItemKind::Topic,
            ItemRef::Viewpoint(_) => ItemKind::Viewpoint,
            ItemRef::Fact(_) => ItemKind::Fact,
            ItemRef::Term(_) => ItemKind::Term,
        }
    }

    /// The item's id.
    pub fn id(&self) -> &'a str {
        match self {
            ItemRef::Topic(t) => &t.id,
            ItemRef::Viewpoint(v) => &v.id,
            ItemRef::Fact(f) => &f.id,
            ItemRef::Term(t) => &t.id,
        }
    }

    /// A display title: topic title, viewpoint stance, fact statement, or term.
    pub fn title(&self) -> String {
        match self {
            ItemRef::Topic(t) => t.title.clone(),
            ItemRef::Viewpoint(v) => v.stance.clone(),
            ItemRef::Fact(f) => f.statement.clone(),
            ItemRef::Term(t) => format!("{} \u{2014} {}", t.term, t.expansion),
        }
    }

    /// One line under the title: a topic's one-liner, a viewpoint's holder, a fact's date.
    pub fn subtitle(&self) -> String {
        match self {
            ItemRef::Topic(t) => t.one_line.clone(),
            ItemRef::Viewpoint(v) => v.attribution(),
            ItemRef::Fact(f) => f.date.long(),
            ItemRef::Term(t) => t.note.clone().unwrap_or_default(),
        }
    }

    /// Who the item is attributed to (viewpoints only).
    pub fn attribution(&self) -> Option<String> {
        match self {
            ItemRef::Viewpoint(v) => Some(v.attribution()),
            _ => None,
        }
    }

    /// The item's date, when it has one.
    pub fn date(&self) -> Option<Date> {
        match self {
            ItemRef::Topic(t) => Some(t.as_of),
            ItemRef::Viewpoint(v) => Some(v.date),
            ItemRef::Fact(f) => Some(f.date),
            ItemRef::Term(_) => None,
        }
    }

    /// Ids of the sources the item cites.
    pub fn source_ids(&self) -> Vec<&'a str> {
        match self {
            ItemRef::Topic(t) => t.sources.iter().map(String::as_str).collect(),
            ItemRef::Viewpoint(v) => vec![v.source.as_str()],
            ItemRef::Fact(f) => f.sources.iter().map(String::as_str).collect(),
            ItemRef::Term(t) => t.sources.iter().map(String::as_str).collect(),
        }
    }

    /// The item's tags (topics only; other kinds have none).
    pub fn tags(&self) -> &'a [String] {
        match self {
            ItemRef::Topic(t) => &t.tags,
            _ => &[],
        }
    }
}
