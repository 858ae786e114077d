//! The loaded library: the embedded pack plus user packs, with lookup by id and search.

use rustc_hash::FxHashMap as HashMap;
use std::path::{Path, PathBuf};

use super::issue::{PackFailure, PackIssue};
use super::model::{ItemKind, ItemRef, Pack, PackOrigin, Source};
use super::search::{search, Hit, Query};
use super::search_index::SearchIndex;
use super::validate::assemble_pack;

/// The files of the built-in charter pack, embedded at build time: (file name, text).
const BUILTIN_CHARTER: &[(&str, &str)] = &[
    (
        "pack.toml",
        include_str!("../../assets/library/charter-2026/pack.toml"),
    ),
    (
        "sources.toml",
        include_str!("../../assets/library/charter-2026/sources.toml"),
    ),
    (
        "topics.toml",
        include_str!("../../assets/library/charter-2026/topics.toml"),
    ),
    (
        "viewpoints.toml",
        include_str!("../../assets/library/charter-2026/viewpoints.toml"),
    ),
    (
        "facts.toml",
        include_str!("../../assets/library/charter-2026/facts.toml"),
    ),
    (
        "glossary.toml",
        include_str!("../../assets/library/charter-2026/glossary.toml"),
    ),
];

/// Where to load packs from.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Load the embedded charter pack.
    pub builtin: bool,
    /// Folders that hold a pack (a `pack.toml`) or sub-folders that each hold one.
    pub dirs: Vec<PathBuf>,
    /// Folders that are searched only if they exist (e.g. the per-user data folder).
    pub optional_dirs: Vec<PathBuf>,
    /// Where parsed copies of folder packs are kept, so an unchanged pack loads without its
    /// TOML being parsed again (see `pack_cache`); `None` parses every pack.
    pub cache_dir: Option<PathBuf>,
}

/// The result of loading: the usable library plus every pack that was skipped.
#[derive(Debug)]
pub struct LibraryLoad {
    /// Everything that loaded.
    pub library: Library,
    /// Packs that failed and were skipped, with their problems.
    pub failures: Vec<PackFailure>,
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    pack: usize,
    kind: ItemKind,
    index: usize,
}

/// Validated packs with an index for lookup and search.
#[derive(Debug, Default)]
pub struct Library {
    id: u64,
    packs: Vec<Pack>,
    items: HashMap<String, Slot>,
    sources: HashMap<String, (usize, usize)>,
    index: SearchIndex,
}

impl Library {
    /// The embedded charter pack alone.
    pub fn builtin() -> Result<Library, PackFailure> {
        let pack = builtin_pack()?;
        let (lib, mut failures) = Library::from_packs(vec![pack]);
        match failures.pop() {
            Some(f) => Err(f),
            None => Ok(lib),
        }
    }

    /// Loads packs as `options` say; failing packs are skipped and reported.
    pub fn load(options: &LoadOptions) -> LibraryLoad {
        let cache = options.cache_dir.as_deref();
        let mut packs = Vec::new();
        let mut failures = Vec::new();
        if options.builtin {
            match builtin_pack() {
                Ok(p) => packs.push(p),
                Err(f) => failures.push(f),
            }
        }
        for dir in &options.dirs {
            if !dir.is_dir() {
                failures.push(PackFailure {
                    pack: dir.display().to_string(),
                    issues: vec![PackIssue::file(
                        &dir.display().to_string(),
                        "the library folder does not exist",
                        "give a folder that holds pack.toml, or sub-folders that each hold one",
                    )],
                });
                continue;
            }
            load_dir(dir, cache, &mut packs, &mut failures);
        }
        for dir in &options.optional_dirs {
            if dir.is_dir() {
                load_dir(dir, cache, &mut packs, &mut failures);
            }
        }
        let (library, more) = Library::from_packs(packs);
        failures.extend(more);
        LibraryLoad { library, failures }
    }

    /// Builds a library from validated packs; a pack whose ids collide with an earlier pack is skipped.
    pub fn from_packs(packs: Vec<Pack>) -> (Library, Vec<PackFailure>) {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let mut lib = Library {
            id: NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            ..Library::default()
        };
        // Room for every id at once: the maps are not rebuilt as they grow.
        lib.items.reserve(
            packs
                .iter()
                .map(|p| p.topics.len() + p.viewpoints.len() + p.facts.len() + p.terms.len())
                .sum(),
        );
        lib.sources
            .reserve(packs.iter().map(|p| p.sources.len()).sum());
        let mut failures = Vec::new();
        for pack in packs {
            let label = match &pack.origin {
                PackOrigin::Builtin => format!("{} (built-in)", pack.meta.id),
                PackOrigin::Folder(p) => p.display().to_string(),
            };
            let owner = |lib: &Library, id: &str| -> Option<String> {
                let p = lib
                    .items
                    .get(id)
                    .map(|slot| slot.pack)
                    .or_else(|| lib.sources.get(id).map(|(p, _)| *p))?;
                lib.packs.get(p).map(|other| match &other.origin {
                    PackOrigin::Builtin => format!("the built-in pack `{}`", other.meta.id),
                    PackOrigin::Folder(f) => {
                        format!("the pack `{}` in {}", other.meta.id, f.display())
                    }
                })
            };
            let clashes: Vec<PackIssue> = pack_ids(&pack)
                .filter_map(|id| owner(&lib, id).map(|o| (id, o)))
                .map(|(id, other)| {
                    PackIssue::item(
                        &label,
                        id,
                        "id",
                        format!("this id is already used by {other}"),
                        "rename the item in this pack (ids must be unique across all loaded packs)",
                    )
                })
                .collect();
            let pack_clash = lib.packs.iter().any(|p| p.meta.id == pack.meta.id);
            if pack_clash || !clashes.is_empty() {
                let mut issues = clashes;
                if pack_clash {
                    issues.insert(
                        0,
                        PackIssue::file(
                            &label,
                            format!("a pack with id `{}` is already loaded", pack.meta.id),
                            "give this pack a different id in pack.toml",
                        ),
                    );
                }
                failures.push(PackFailure {
                    pack: label,
                    issues,
                });
                continue;
            }
            lib.add(pack);
        }
        lib.rebuild_index();
        (lib, failures)
    }

    fn add(&mut self, pack: Pack) {
        let p = self.packs.len();
        for (i, s) in pack.sources.iter().enumerate() {
            self.sources.insert(s.id.clone(), (p, i));
        }
        let mut slot = |id: &str, kind, index| {
            self.items.insert(
                id.to_owned(),
                Slot {
                    pack: p,
                    kind,
                    index,
                },
            );
        };
        for (i, x) in pack.topics.iter().enumerate() {
            slot(&x.id, ItemKind::Topic, i);
        }
        for (i, x) in pack.viewpoints.iter().enumerate() {
            slot(&x.id, ItemKind::Viewpoint, i);
        }
        for (i, x) in pack.facts.iter().enumerate() {
            slot(&x.id, ItemKind::Fact, i);
        }
        for (i, x) in pack.terms.iter().enumerate() {
            slot(&x.id, ItemKind::Term, i);
        }
        self.packs.push(pack);
    }

    /// Builds the search index once all packs are in, on all cores, sorted by kind and id
    /// (the order search breaks ties in).
    fn rebuild_index(&mut self) {
        let items: Vec<ItemRef<'_>> = self.items().collect();
        let index = SearchIndex::build(items, &|item| self.tags_of(item));
        self.index = index;
    }

    /// The tags an item is found by: a topic's own, a viewpoint's or fact's topics' tags
    /// (sorted, each once).
    fn tags_of<'a>(&'a self, item: ItemRef<'a>) -> Vec<&'a str> {
        let topics = match item {
            ItemRef::Viewpoint(v) => &v.topics,
            ItemRef::Fact(f) => &f.topics,
            other => return other.tags().iter().map(String::as_str).collect(),
        };
        let mut tags: Vec<&str> = topics
            .iter()
            .filter_map(|t| match self.item(t) {
                Some(ItemRef::Topic(t)) => Some(t.tags.iter().map(String::as_str)),
                _ => None,
            })
            .flatten()
            .collect();
        tags.sort_unstable();
        tags.dedup();
        tags
    }

    /// The loaded packs, built-in first.
    pub fn packs(&self) -> &[Pack] {
        &self.packs
    }

    /// Looks up a topic, viewpoint, fact or term by id.
    pub fn item(&self, id: &str) -> Option<ItemRef<'_>> {
        let s = self.items.get(id)?;
        let pack = self.packs.get(s.pack)?;
        Some(match s.kind {
            ItemKind::Topic => ItemRef::Topic(pack.topics.get(s.index)?),
            ItemKind::Viewpoint => ItemRef::Viewpoint(pack.viewpoints.get(s.index)?),
            ItemKind::Fact => ItemRef::Fact(pack.facts.get(s.index)?),
            ItemKind::Term => ItemRef::Term(pack.terms.get(s.index)?),
        })
    }

    /// The provenance of an item (revision, review, as-of date), by id.
    pub fn provenance(&self, id: &str) -> Option<super::Provenance> {
        let s = self.items.get(id)?;
        let pack = self.packs.get(s.pack)?;
        Some(self.item(id)?.provenance(pack))
    }

    /// Looks up a source by id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        let (p, i) = self.sources.get(id)?;
        self.packs.get(*p)?.sources.get(*i)
    }

    /// Every item, pack by pack: topics, viewpoints, facts (by date), then terms.
    pub fn items(&self) -> impl Iterator<Item = ItemRef<'_>> {
        self.packs.iter().flat_map(|p| {
            p.topics
                .iter()
                .map(ItemRef::Topic)
                .chain(p.viewpoints.iter().map(ItemRef::Viewpoint))
                .chain(p.facts.iter().map(ItemRef::Fact))
                .chain(p.terms.iter().map(ItemRef::Term))
        })
    }

    /// Every source of every pack.
    pub fn sources(&self) -> impl Iterator<Item = &Source> {
        self.packs.iter().flat_map(|p| p.sources.iter())
    }

    /// Every fact of every pack, in date order.
    pub fn facts_by_date(&self) -> Vec<&super::model::Fact> {
        let mut v: Vec<_> = self.packs.iter().flat_map(|p| p.facts.iter()).collect();
        v.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
        v
    }

    /// Ranked search; see [`Query`].
    pub fn search(&self, query: &Query) -> Vec<Hit> {
        let found = search(&self.index, query, None);
        super::search::hits(&self.index, &found)
    }

    /// Ranked search as the user types: the session keeps where the words searched lately
    /// occur, so a keystroke looks up only the word being typed. Returns the number of matches
    /// and the first `limit` hits (the rest are not copied out).
    pub fn search_typed(
        &self,
        session: &mut super::SearchSession,
        query: &Query,
        limit: usize,
    ) -> (usize, Vec<Hit>) {
        session.use_library(self.id);
        if session.last_query() != Some(query) {
            let found = search(&self.index, query, Some(session.words()));
            session.remember(query, found);
        }
        let found = session.found();
        let shown = &found[..found.len().min(limit)];
        (found.len(), super::search::hits(&self.index, shown))
    }

    /// Hits `range` of the session's last search (for a list that builds only the rows in
    /// view).
    pub fn typed_hits(
        &self,
        session: &super::SearchSession,
        range: std::ops::Range<usize>,
    ) -> Vec<Hit> {
        let found = session.found();
        let end = range.end.min(found.len());
        let start = range.start.min(end);
        super::search::hits(&self.index, &found[start..end])
    }

    /// Size of the search index: distinct words and postings.
    pub fn index_size(&self) -> (usize, usize) {
        self.index.size()
    }

    /// Distinguishes this library from any other built in this process (a search session
    /// made on one is not reused on another).
    pub fn id(&self) -> u64 {
        self.id
    }
}

fn pack_ids(pack: &Pack) -> impl Iterator<Item = &str> {
    pack.sources
        .iter()
        .map(|x| x.id.as_str())
        .chain(pack.topics.iter().map(|x| x.id.as_str()))
        .chain(pack.viewpoints.iter().map(|x| x.id.as_str()))
        .chain(pack.facts.iter().map(|x| x.id.as_str()))
        .chain(pack.terms.iter().map(|x| x.id.as_str()))
}

/// Parses and validates the embedded charter pack.
pub fn builtin_pack() -> Result<Pack, PackFailure> {
    let files: Vec<(String, String, String)> = BUILTIN_CHARTER
        .iter()
        .map(|(name, text)| {
            (
                format!("(built-in) charter-2026/{name}"),
                (*name).to_owned(),
                (*text).to_owned(),
            )
        })
        .collect();
    assemble_pack("charter-2026 (built-in)", PackOrigin::Builtin, &files)
}

/// Loads one pack folder (one that holds `pack.toml`).
pub fn load_pack_dir(dir: &Path) -> Result<Pack, PackFailure> {
    load_pack_dir_cached(dir, None)
}

/// [`load_pack_dir`], reading the pack's parsed copy from `cache` when it matches the files,
/// and keeping a copy there after parsing.
fn load_pack_dir_cached(dir: &Path, cache: Option<&Path>) -> Result<Pack, PackFailure> {
    let label = dir.display().to_string();
    let fail = |issue: PackIssue| PackFailure {
        pack: label.clone(),
        issues: vec![issue],
    };
    let entries = std::fs::read_dir(dir).map_err(|e| {
        fail(PackIssue::file(
            &label,
            format!("cannot read the folder: {e}"),
            "check that the folder exists and is readable",
        ))
    })?;
    let mut names: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    names.sort();
    let mut files = Vec::new();
    for path in names {
        let shown = path.display().to_string();
        let text =
            crate::limits::read_file(&path, crate::limits::MAX_PACK_FILE_BYTES).map_err(|e| {
                fail(PackIssue::file(
                    &shown,
                    e.to_string(),
                    "check the file; pack files are small TOML text files",
                ))
            })?;
        let text = String::from_utf8(text).map_err(|_| {
            fail(PackIssue::file(
                &shown,
                "the file is not valid UTF-8 text",
                "save the file as UTF-8",
            ))
        })?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        files.push((shown, name, text));
    }
    let Some(cache) = cache else {
        return assemble_pack(&label, PackOrigin::Folder(dir.to_path_buf()), &files);
    };
    let key = super::pack_cache::key_of(&files);
    if let Some(pack) = super::pack_cache::read(cache, dir, &key) {
        return Ok(pack);
    }
    let pack = assemble_pack(&label, PackOrigin::Folder(dir.to_path_buf()), &files)?;
    // A copy that cannot be written only means the next load parses again.
    let _ = super::pack_cache::write(cache, dir, &key, &pack);
    Ok(pack)
}

fn load_dir(
    dir: &Path,
    cache: Option<&Path>,
    packs: &mut Vec<Pack>,
    failures: &mut Vec<PackFailure>,
) {
    if dir.join("pack.toml").is_file() {
        match load_pack_dir_cached(dir, cache) {
            Ok(p) => packs.push(p),
            Err(f) => failures.push(f),
        }
        return;
    }
    let mut subdirs: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect(),
        Err(e) => {
            failures.push(PackFailure {
                pack: dir.display().to_string(),
                issues: vec![PackIssue::file(
                    &dir.display().to_string(),
                    format!("cannot read the folder: {e}"),
                    "check that the folder is readable",
                )],
            });
            return;
        }
    };
    subdirs.sort();
    subdirs.retain(|sub| sub.join("pack.toml").is_file());
    // Packs parse side by side (a folder of many packs loads in a fraction of the time); the
    // results keep the folders' sorted order.
    let chunk = subdirs.len().div_ceil(crate::cores::cores()).max(1);
    let results: Vec<Result<Pack, PackFailure>> = std::thread::scope(|s| {
        let parts: Vec<_> = subdirs
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|d| load_pack_dir_cached(d, cache))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        parts
            .into_iter()
            .zip(subdirs.chunks(chunk))
            .flat_map(|(h, part)| {
                h.join().unwrap_or_else(|_| {
                    part.iter()
                        .map(|d| {
                            Err(PackFailure {
                                pack: d.display().to_string(),
                                issues: vec![PackIssue::file(
                                    &d.display().to_string(),
                                    "loading this pack failed unexpectedly",
                                    "this is a bug; please report it with the pack",
                                )],
                            })
                        })
                        .collect()
                })
            })
            .collect()
    });
    for r in results {
        match r {
            Ok(p) => packs.push(p),
            Err(f) => failures.push(f),
        }
    }
}
