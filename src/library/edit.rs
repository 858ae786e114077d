//! Editing a user pack: its items held in memory with an undo history, checked by the same
//! loader that reads packs from disk, and written back atomically as the same diffable TOML
//! files (`pack.toml`, `sources.toml`, `topics.toml`, `viewpoints.toml`, `facts.toml`,
//! `glossary.toml`). Built-in items are read-only; [`PackEditor::copy_from`] copies one (with
//! the sources it cites) into the pack under a new id.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::issue::PackIssue;
use super::model::{Fact, ItemRef, Pack, PackMeta, PackOrigin, Source, Term, Topic, Viewpoint};
use super::validate::assemble_pack;
use super::Library;
use crate::error::Problem;

/// One change to a pack (each is one undo step).
#[derive(Debug, Clone, PartialEq)]
pub enum PackEdit {
    /// Add a source, or replace the one with the same id (`was`: its id before a rename).
    PutSource { was: Option<String>, source: Source },
    /// Add or replace a topic.
    PutTopic { was: Option<String>, topic: Topic },
    /// Add or replace a viewpoint.
    PutViewpoint {
        was: Option<String>,
        viewpoint: Viewpoint,
    },
    /// Add or replace a fact.
    PutFact { was: Option<String>, fact: Fact },
    /// Add or replace a glossary term.
    PutTerm { was: Option<String>, term: Term },
    /// Remove the item or source with this id.
    Remove(String),
    /// Change the pack's metadata.
    SetMeta(PackMeta),
}

/// A user pack open for editing.
#[derive(Debug, Clone)]
pub struct PackEditor {
    dir: PathBuf,
    pack: Pack,
    undo: Vec<Pack>,
    redo: Vec<Pack>,
    saved: Pack,
}

/// Most undo steps kept.
const UNDO_STEPS: usize = 200;

impl PackEditor {
    /// Opens the pack in `dir` (which must load without errors).
    pub fn open(dir: &Path) -> Result<PackEditor, Problem> {
        let pack = super::load_pack_dir(dir).map_err(|f| {
            let first = f.issues.first();
            Problem::new(
                format!(
                    "the pack in {} has {} problem(s){}",
                    dir.display(),
                    f.issues.len(),
                    first.map(|i| format!(", first: {i}")).unwrap_or_default()
                ),
                "fix them (`briefdeck library validate DIR` lists them all), then open it again",
            )
        })?;
        Ok(PackEditor {
            dir: dir.to_owned(),
            saved: pack.clone(),
            pack,
            undo: Vec::new(),
            redo: Vec::new(),
        })
    }

    /// Creates a new, empty pack in `dir` (see [`super::new_pack`]) and opens it.
    pub fn create(dir: &Path, id: &str, title: &str) -> Result<PackEditor, Problem> {
        super::new_pack(dir, id, title, &super::Date::today().to_string())?;
        PackEditor::open(dir)
    }

    /// The pack as edited so far.
    pub fn pack(&self) -> &Pack {
        &self.pack
    }

    /// The folder it is saved to.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether there are changes not yet saved.
    pub fn dirty(&self) -> bool {
        self.pack != self.saved
    }

    /// Applies one edit as one undo step.
    pub fn apply(&mut self, edit: PackEdit) {
        let before = self.pack.clone();
        apply_to(&mut self.pack, edit);
        if self.pack != before {
            self.undo.push(before);
            if self.undo.len() > UNDO_STEPS {
                self.undo.remove(0);
            }
            self.redo.clear();
        }
    }

    /// Undoes the last edit; false when there is none.
    pub fn undo(&mut self) -> bool {
        match self.undo.pop() {
            Some(p) => {
                self.redo.push(std::mem::replace(&mut self.pack, p));
                true
            }
            None => false,
        }
    }

    /// Redoes the last undone edit; false when there is none.
    pub fn redo(&mut self) -> bool {
        match self.redo.pop() {
            Some(p) => {
                self.undo.push(std::mem::replace(&mut self.pack, p));
                true
            }
            None => false,
        }
    }

    /// Whether there is something to undo / redo.
    pub fn can_undo(&self) -> (bool, bool) {
        (!self.undo.is_empty(), !self.redo.is_empty())
    }

    /// The problems the loader would report if the pack were saved with `edit` applied
    /// (`None`: as it is), each located by file, line, item and field.
    pub fn check(&self, edit: Option<PackEdit>) -> Vec<PackIssue> {
        let mut pack = self.pack.clone();
        if let Some(e) = edit {
            apply_to(&mut pack, e);
        }
        check_pack(&self.dir, &pack)
    }

    /// Writes the pack's files atomically, after checking it; nothing is written when the
    /// check finds problems.
    pub fn save(&mut self) -> Result<(), Problem> {
        let issues = self.check(None);
        if let Some(first) = issues.first() {
            return Err(Problem::new(
                format!("the pack has {} problem(s), first: {first}", issues.len()),
                "fix them in the editor; nothing was saved",
            ));
        }
        for (name, text) in files_of(&self.pack) {
            let path = self.dir.join(name);
            crate::deck::write_atomic(&path, text.as_bytes()).map_err(|e| {
                Problem::new(
                    format!("{} could not be written: {e}", path.display()),
                    "check the folder's permissions and free space; the other files are unchanged",
                )
            })?;
        }
        self.saved = self.pack.clone();
        Ok(())
    }

    /// Copies a library item (typically a read-only built-in one) into this pack with the
    /// sources it cites, as one undo step; returns the copy's id (`<id>-copy`, numbered if
    /// that is taken too). Sources already in the library keep their ids when this pack does
    /// not hold them yet.
    pub fn copy_from(&mut self, lib: &Library, id: &str) -> Result<String, Problem> {
        let item = lib.item(id).ok_or_else(|| {
            Problem::new(
                format!("no library item has the id `{id}`"),
                "pick an item from the library panel",
            )
        })?;
        let taken = |candidate: &str| {
            lib.item(candidate).is_some()
                || lib.source(candidate).is_some()
                || pack_has(&self.pack, candidate)
        };
        let mut new_id = format!("{id}-copy");
        let mut n = 2;
        while taken(&new_id) {
            new_id = format!("{id}-copy-{n}");
            n += 1;
        }
        let before = self.pack.clone();
        for sid in item.source_ids() {
            if self.pack.sources.iter().any(|s| s.id == sid) {
                continue;
            }
            // The source's id is held by the pack it comes from (both are loaded): the copy
            // takes a new id.
            let copy = format!("{sid}-copy");
            if let Some(s) = lib.source(sid) {
                if !self.pack.sources.iter().any(|x| x.id == copy) {
                    let mut s = s.clone();
                    s.id = copy;
                    self.pack.sources.push(s);
                }
            }
        }
        let rename = |sid: &str| -> String {
            if self
                .pack
                .sources
                .iter()
                .any(|s| s.id == format!("{sid}-copy"))
            {
                format!("{sid}-copy")
            } else {
                sid.to_owned()
            }
        };
        let edit = match item {
            ItemRef::Topic(t) => {
                let mut t = t.clone();
                t.id = new_id.clone();
                t.sources = t.sources.iter().map(|s| rename(s)).collect();
                t.status = None;
                t.reviewed = None;
                PackEdit::PutTopic {
                    was: None,
                    topic: t,
                }
            }
            ItemRef::Viewpoint(v) => {
                let mut v = v.clone();
                v.id = new_id.clone();
                v.source = rename(&v.source);
                // Related topics of other packs may not be loaded with this one.
                v.topics.retain(|t| pack_has(&self.pack, t));
                v.status = None;
                v.reviewed = None;
                PackEdit::PutViewpoint {
                    was: None,
                    viewpoint: v,
                }
            }
            ItemRef::Fact(f) => {
                let mut f = f.clone();
                f.id = new_id.clone();
                f.sources = f.sources.iter().map(|s| rename(s)).collect();
                f.topics.retain(|t| pack_has(&self.pack, t));
                f.status = None;
                f.reviewed = None;
                PackEdit::PutFact { was: None, fact: f }
            }
            ItemRef::Term(t) => {
                let mut t = t.clone();
                t.id = new_id.clone();
                t.sources = t.sources.iter().map(|s| rename(s)).collect();
                t.status = None;
                t.reviewed = None;
                PackEdit::PutTerm { was: None, term: t }
            }
        };
        apply_to(&mut self.pack, edit);
        self.undo.push(before);
        self.redo.clear();
        Ok(new_id)
    }
}

fn pack_has(pack: &Pack, id: &str) -> bool {
    pack.sources.iter().any(|x| x.id == id)
        || pack.topics.iter().any(|x| x.id == id)
        || pack.viewpoints.iter().any(|x| x.id == id)
        || pack.facts.iter().any(|x| x.id == id)
        || pack.terms.iter().any(|x| x.id == id)
}

/// Replaces the element whose id is `was` (or the new id), or appends.
fn put<T>(list: &mut Vec<T>, was: Option<&str>, new: T, id: impl Fn(&T) -> &str) {
    let key = was.unwrap_or_else(|| id(&new)).to_owned();
    match list.iter().position(|x| id(x) == key) {
        Some(i) => list[i] = new,
        None => list.push(new),
    }
}

fn apply_to(pack: &mut Pack, edit: PackEdit) {
    match edit {
        PackEdit::PutSource { was, source } => {
            put(&mut pack.sources, was.as_deref(), source, |x| &x.id)
        }
        PackEdit::PutTopic { was, topic } => {
            put(&mut pack.topics, was.as_deref(), topic, |x| &x.id)
        }
        PackEdit::PutViewpoint { was, viewpoint } => {
            put(&mut pack.viewpoints, was.as_deref(), viewpoint, |x| &x.id)
        }
        PackEdit::PutFact { was, fact } => put(&mut pack.facts, was.as_deref(), fact, |x| &x.id),
        PackEdit::PutTerm { was, term } => put(&mut pack.terms, was.as_deref(), term, |x| &x.id),
        PackEdit::Remove(id) => {
            pack.sources.retain(|x| x.id != id);
            pack.topics.retain(|x| x.id != id);
            pack.viewpoints.retain(|x| x.id != id);
            pack.facts.retain(|x| x.id != id);
            pack.terms.retain(|x| x.id != id);
        }
        PackEdit::SetMeta(meta) => pack.meta = meta,
    }
}

/// The pack as its TOML files: (file name, text), one file per kind.
pub fn files_of(pack: &Pack) -> Vec<(&'static str, String)> {
    #[derive(Serialize)]
    struct Meta<'a> {
        pack: &'a PackMeta,
    }
    #[derive(Serialize)]
    struct Sources<'a> {
        source: &'a [Source],
    }
    #[derive(Serialize)]
    struct Topics<'a> {
        topic: &'a [Topic],
    }
    #[derive(Serialize)]
    struct Views<'a> {
        viewpoint: &'a [Viewpoint],
    }
    #[derive(Serialize)]
    struct Facts<'a> {
        fact: &'a [Fact],
    }
    #[derive(Serialize)]
    struct Terms<'a> {
        term: &'a [Term],
    }
    let head = "# Written by BriefDeck's library editor.\n\n";
    let text = |r: Result<String, toml::ser::Error>| match r {
        Ok(t) if t.trim().is_empty() => head.to_owned(),
        Ok(t) => format!("{head}{t}"),
        // The model serialises to TOML by construction; an error leaves an empty file that
        // the check reports before anything is written.
        Err(e) => format!("# could not be written: {e}\n"),
    };
    vec![
        (
            "pack.toml",
            text(toml::to_string_pretty(&Meta { pack: &pack.meta })),
        ),
        (
            "sources.toml",
            text(toml::to_string_pretty(&Sources {
                source: &pack.sources,
            })),
        ),
        (
            "topics.toml",
            text(toml::to_string_pretty(&Topics {
                topic: &pack.topics,
            })),
        ),
        (
            "viewpoints.toml",
            text(toml::to_string_pretty(&Views {
                viewpoint: &pack.viewpoints,
            })),
        ),
        (
            "facts.toml",
            text(toml::to_string_pretty(&Facts { fact: &pack.facts })),
        ),
        (
            "glossary.toml",
            text(toml::to_string_pretty(&Terms { term: &pack.terms })),
        ),
    ]
}

/// Checks a pack exactly as the loader would read its files from `dir`.
fn check_pack(dir: &Path, pack: &Pack) -> Vec<PackIssue> {
    let files: Vec<(String, String, String)> = files_of(pack)
        .into_iter()
        .map(|(name, text)| (dir.join(name).display().to_string(), name.to_owned(), text))
        .collect();
    match assemble_pack(
        &dir.display().to_string(),
        PackOrigin::Folder(dir.to_owned()),
        &files,
    ) {
        Ok(_) => Vec::new(),
        Err(f) => f.issues,
    }
}
