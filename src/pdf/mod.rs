//! Pages → PDF. The only module that imports printpdf; it paints layout pages and decides nothing.
//! printpdf assembles the document (pages, pictures, bookmarks, links, properties); the fonts
//! are subset and embedded here ([`embed`]) and the pages' content streams are written directly
//! ([`content`]).

use std::collections::BTreeMap;
use std::path::Path;

use printpdf::{
    Actions, BorderArray, ColorArray, HighlightingMode, LinkAnnotation, Op, PdfDocument, PdfPage,
    PdfSaveOptions, Pt, RawImage, RawImageData, RawImageFormat, XObjectId,
};

mod content;
mod embed;

use crate::deck::{DeckFileError, DeckMeta};
use crate::fonts::FontId;
use crate::layout::{CopyStamp, Item, Layout, Page, Transform};

/// Why a PDF could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// A shipped font could not be embedded.
    #[error("the font {0} could not be embedded")]
    Font(&'static str),
    /// The PDF could not be serialised.
    #[error("the PDF could not be assembled: {0}")]
    Serialize(String),
    /// There is nothing to export.
    #[error("the deck has no visible slides")]
    NoPages,
    /// The file could not be written.
    #[error(transparent)]
    Write(#[from] DeckFileError),
}

/// Document properties written into the PDF.
#[derive(Debug, Clone, Default)]
pub struct PdfInfo {
    /// Title.
    pub title: String,
    /// Author (and organisation).
    pub author: String,
    /// Subject.
    pub subject: String,
    /// Keywords.
    pub keywords: Vec<String>,
}

impl PdfInfo {
    /// Properties from deck metadata.
    pub fn from_meta(meta: &DeckMeta) -> PdfInfo {
        PdfInfo::for_export(meta, None, false)
    }

    /// Properties for one export: a numbered copy puts "Copy N of M — recipient" first in the
    /// subject and in the keywords; `clean` leaves out the author, organisation and audience.
    pub fn for_export(meta: &DeckMeta, copy: Option<&CopyStamp>, clean: bool) -> PdfInfo {
        let author = if clean {
            String::new()
        } else {
            [meta.author.as_str(), meta.organisation.as_str()]
                .into_iter()
                .filter(|s| !s.trim().is_empty())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut keywords = vec!["briefing".to_owned()];
        if !meta.marking.trim().is_empty() {
            keywords.push(meta.marking.trim().to_owned());
        }
        if !clean && !meta.audience.trim().is_empty() {
            keywords.push(meta.audience.trim().to_owned());
        }
        let mut subject = meta.subtitle.clone();
        if let Some(c) = copy {
            keywords.push(c.line());
            subject = if subject.trim().is_empty() {
                c.line()
            } else {
                format!("{} \u{00b7} {subject}", c.line())
            };
        }
        PdfInfo {
            title: meta.title.clone(),
            author,
            subject,
            keywords,
        }
    }
}

/// Renders laid-out pages to PDF bytes: fonts embedded and subset, one bookmark per page,
/// links without borders, metadata with the real creation date.
pub fn render(
    layout: &Layout,
    info: &PdfInfo,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<u8>, PdfError> {
    render_cached(layout, info, None, progress)
}

/// [`render`], taking the content streams of pages unchanged since the last export from
/// `cache` (and leaving this export's streams in it).
pub fn render_cached(
    layout: &Layout,
    info: &PdfInfo,
    cache: Option<&std::sync::Mutex<StreamCache>>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<u8>, PdfError> {
    let doc = build(layout, info, &[], true, cache, progress)?;
    save(doc)
}

/// The compressed content streams of the last export's pages, kept (by the app) for the next
/// export: a page whose items, and the document's fonts, glyph codes and resources, are
/// unchanged is not written and compressed again. Any change to the characters a font shows
/// renumbers its glyphs, and then every page is written afresh.
#[derive(Debug, Default)]
pub struct StreamCache {
    /// Hash of what every stream depends on besides its page (resource names, glyph codes).
    names: u64,
    /// By hash of the page: the stream and whether it is deflated.
    streams: std::collections::HashMap<u64, (std::sync::Arc<Vec<u8>>, bool)>,
    /// How many pages the last export took from the cache.
    pub reused: usize,
}

/// Hash of a page's content as painted (its items, and its overlay when painted); `None` when
/// it cannot be serialised (then the page is not cached).
fn page_key(page: &Page, paint_overlays: bool) -> Option<u64> {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    crate::layout::hash_json(&(page, paint_overlays), &mut h)?;
    Some(h.finish())
}

/// Hash of the names and codes every content stream refers to.
fn names_key(names: &content::Names<'_>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    names.fonts.hash(&mut h);
    for map in names.codes {
        let mut v: Vec<(char, u16)> = map.iter().map(|(c, g)| (*c, *g)).collect();
        v.sort_unstable();
        v.hash(&mut h);
    }
    for map in names.gid_codes {
        let mut v: Vec<(u16, u16)> = map.iter().map(|(c, g)| (*c, *g)).collect();
        v.sort_unstable();
        v.hash(&mut h);
    }
    names.gstates.hash(&mut h);
    names.images.hash(&mut h);
    h.finish()
}

/// A page's content stream, and whether it is deflated.
pub type PageStream = (Vec<u8>, bool);

/// Receives each numbered copy's bytes (copy index, bytes) as soon as they are made.
pub type CopySink<'a> = dyn Fn(usize, &[u8]) -> Result<(), PdfError> + Sync + 'a;

/// Renders numbered copies of one document: `base` holds the pages every copy shares (its
/// overlays are not painted) and each copy brings its own page overlays (the copy line, from
/// [`crate::layout::Page::overlay`], one list per page) and properties. The shared pages,
/// fonts and pictures are built and compressed once; each copy only adds its overlay streams,
/// so many copies cost little more than one. Each copy's bytes go to `sink` (copy index,
/// bytes) as soon as they are made, so only a few copies are in memory at once; returns each
/// copy's size in bytes.
pub fn render_copies(
    base: &Layout,
    shared_info: &PdfInfo,
    copies: &[(Vec<Vec<Item>>, PdfInfo)],
    sink: &CopySink<'_>,
) -> Result<Vec<usize>, PdfError> {
    use lopdf::Object;
    if copies.is_empty() {
        return Ok(Vec::new());
    }
    let n = base.pages.len();
    if copies.iter().any(|(o, _)| o.len() != n) {
        return Err(PdfError::Serialize(
            "a copy's overlays do not match the document's pages".into(),
        ));
    }
    // A copy's line is the same on most pages: each distinct overlay (for a page size) is
    // written once per copy and shared by its pages.
    let mut distinct: Vec<(usize, Vec<Item>)> = Vec::new();
    let mut maps: Vec<Vec<usize>> = Vec::with_capacity(copies.len());
    for (overlays, _) in copies {
        let start = distinct.len();
        let mut map = Vec::with_capacity(n);
        for (i, items) in overlays.iter().enumerate() {
            let size = (base.pages[i].width_pt, base.pages[i].height_pt);
            let found = distinct[start..].iter().position(|(j, it)| {
                it == items && (base.pages[*j].width_pt, base.pages[*j].height_pt) == size
            });
            let k = match found {
                Some(k) => start + k,
                None => {
                    distinct.push((i, items.clone()));
                    distinct.len() - 1
                }
            };
            map.push(k);
        }
        maps.push(map);
    }
    let mut doc = build(base, shared_info, &distinct, false, None, &mut |_, _| {})?;
    let bad = |what: &str| PdfError::Serialize(format!("numbered copies: {what}"));
    let page_ids: Vec<lopdf::ObjectId> = doc.get_pages().values().copied().collect();
    if page_ids.len() != n + distinct.len() {
        return Err(bad("unexpected page count"));
    }
    // Take the overlay streams out, then drop the overlay pages: what is left is the shared
    // document.
    let mut streams: Vec<Vec<Object>> = Vec::with_capacity(distinct.len());
    for id in &page_ids[n..] {
        let contents = doc
            .get_dictionary(*id)
            .and_then(|d| d.get(b"Contents"))
            .cloned()
            .map_err(|_| bad("overlay without contents"))?;
        let refs = match contents {
            Object::Array(a) => a,
            other => vec![other],
        };
        let mut objs = Vec::with_capacity(refs.len());
        for r in refs {
            let rid = r.as_reference().map_err(|_| bad("overlay contents"))?;
            let obj = doc
                .objects
                .remove(&rid)
                .ok_or_else(|| bad("overlay stream missing"))?;
            objs.push(obj);
        }
        doc.objects.remove(id);
        streams.push(objs);
    }
    keep_pages(&mut doc, &page_ids[..n])?;
    // Overlay pages' own resource dictionaries are no longer referenced.
    doc.prune_objects();
    let threads = crate::cores::cores();
    let jobs: Vec<(usize, &Vec<usize>, &PdfInfo)> = maps
        .iter()
        .zip(copies.iter().map(|(_, i)| i))
        .enumerate()
        .map(|(c, (m, i))| (c, m, i))
        .collect();
    let chunk = jobs.len().div_ceil(threads).max(1);
    let page_ids = &page_ids[..n];
    let streams = &streams;
    let results: Vec<Result<usize, PdfError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .chunks(chunk)
            .map(|part| {
                let doc = &doc;
                scope.spawn(move || {
                    // One working copy per thread: each numbered copy is written from it and
                    // its additions taken out again, instead of cloning the document per copy.
                    let mut work = doc.clone();
                    part.iter()
                        .map(|(c, map, info)| {
                            let bytes = write_copy(&mut work, page_ids, map, streams, info)?;
                            sink(*c, &bytes)?;
                            Ok(bytes.len())
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join().unwrap_or_else(|_| {
                    vec![Err(PdfError::Serialize("a copy could not be built".into()))]
                })
            })
            .collect()
    });
    results.into_iter().collect()
}

/// Writes one copy from `doc` (the shared document): the overlay streams this copy uses
/// (`map`: page → index into `streams`) added once and appended to each page's contents, and
/// its properties set, then saved; `doc` is put back as it was.
fn write_copy(
    doc: &mut lopdf::Document,
    page_ids: &[lopdf::ObjectId],
    map: &[usize],
    streams: &[Vec<lopdf::Object>],
    info: &PdfInfo,
) -> Result<Vec<u8>, PdfError> {
    use lopdf::Object;
    let bad = |what: &str| PdfError::Serialize(format!("numbered copy: {what}"));
    let mut added = Vec::new();
    let mut refs_of: std::collections::HashMap<usize, Vec<Object>> =
        std::collections::HashMap::new();
    let mut restore = Vec::with_capacity(page_ids.len());
    for (page_id, k) in page_ids.iter().zip(map) {
        if !refs_of.contains_key(k) {
            let objs = streams.get(*k).ok_or_else(|| bad("overlay"))?;
            let mut refs = Vec::with_capacity(objs.len());
            for o in objs {
                let id = doc.add_object(o.clone());
                added.push(id);
                refs.push(Object::Reference(id));
            }
            refs_of.insert(*k, refs);
        }
        let refs = refs_of.get(k).cloned().unwrap_or_default();
        let page = doc
            .get_dictionary_mut(*page_id)
            .map_err(|_| bad("missing page"))?;
        let before = page.get(b"Contents").cloned().ok();
        let mut contents = match &before {
            Some(Object::Array(a)) => a.clone(),
            Some(other) => vec![other.clone()],
            None => Vec::new(),
        };
        contents.extend(refs);
        page.set("Contents", Object::Array(contents));
        restore.push((*page_id, before));
    }
    // Each copy carries its own properties; a copy that cannot be told apart is not written.
    let info_id = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .map_err(|_| bad("no document information"))?;
    let dict = doc
        .get_dictionary_mut(info_id)
        .map_err(|_| bad("no document information"))?;
    dict.set("Subject", text_string(&info.subject));
    dict.set("Keywords", text_string(&info.keywords.join(",")));
    let mut bytes = Vec::new();
    let saved = doc
        .save_to(&mut bytes)
        .map_err(|e| PdfError::Serialize(e.to_string()));
    for id in added {
        doc.objects.remove(&id);
    }
    for (page_id, before) in restore {
        if let Ok(page) = doc.get_dictionary_mut(page_id) {
            match before {
                Some(c) => page.set("Contents", c),
                None => {
                    page.remove(b"Contents");
                }
            }
        }
    }
    saved.map(|_| bytes)
}

/// A PDF text string (UTF-16BE with its byte-order mark).
fn text_string(s: &str) -> lopdf::Object {
    let mut bytes = vec![0xfe, 0xff];
    for u in s.encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    lopdf::Object::String(bytes, lopdf::StringFormat::Hexadecimal)
}

fn save(mut doc: lopdf::Document) -> Result<Vec<u8>, PdfError> {
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes)
        .map_err(|e| PdfError::Serialize(e.to_string()))?;
    crate::trace::mark("PDF bytes saved");
    Ok(bytes)
}

/// Builds the document: the pages of `layout` (items, then overlay when `paint_overlays`),
/// then one overlay-only page for each entry of `extra` (items, sized like the page of
/// `layout` it names). The fonts are subset on their own threads while printpdf builds the
/// pages.
fn build(
    layout: &Layout,
    info: &PdfInfo,
    extra: &[(usize, Vec<Item>)],
    paint_overlays: bool,
    cache: Option<&std::sync::Mutex<StreamCache>>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<lopdf::Document, PdfError> {
    if layout.pages.is_empty() {
        return Err(PdfError::NoPages);
    }
    let shown = Shown::of(layout, extra, paint_overlays);
    crate::trace::mark("what the pages show collected");
    let plans = plan_fonts(&shown)?;
    let res = Resources::new(layout, &shown, &plans);
    crate::trace::mark("glyph codes planned");
    let names = res.names();
    let n = layout.pages.len() + extra.len();
    let (reused, keys, names_now) = from_cache(layout, n, paint_overlays, &names, cache);
    // The font programs and the page streams need only the glyph codes and resource names:
    // they are made on the other cores while printpdf builds and serialises the rest of the
    // document here, and this thread joins in when that is done (one thread a core: more
    // only took turns with each other and with the pre-export check).
    let work = Work::new(&plans, layout, extra, paint_overlays, &names, reused);
    let made = work.run_beside(|| {
        document(layout, info, extra, paint_overlays, &shown, progress).map(|(doc, names)| {
            crate::trace::mark("printpdf document set up");
            let out = serialize(&doc);
            crate::trace::mark("printpdf document serialised");
            (out, names)
        })
    });
    crate::trace::mark("fonts subset, content streams written");
    let (mut out, printpdf_names) = made?;
    let (subsets, streams) = work.finish()?;
    keep_in_cache(cache, &keys, &streams, names_now);
    rename_resources(&mut out, &printpdf_names, &res)?;
    attach_streams(&mut out, layout.pages.len() + extra.len(), streams)?;
    add_fonts(&mut out, subsets, &res)?;
    compress_streams(&mut out);
    crate::trace::mark("other streams compressed");
    Ok(out)
}

/// The font programs and page streams of an export, made as jobs taken in turn by every
/// thread: the fonts first (the longest jobs), then the pages in runs of
/// [`Work::PAGES_PER_JOB`], each stream deflated as soon as it is written (so the
/// uncompressed streams of a long deck are never all in memory at once).
struct Work<'a> {
    plans: &'a [embed::Plan],
    layout: &'a Layout,
    extra: &'a [(usize, Vec<Item>)],
    paint_overlays: bool,
    names: &'a content::Names<'a>,
    /// The pages to write (the others came from the stream cache).
    todo: Vec<usize>,
    next: std::sync::atomic::AtomicUsize,
    fonts: Vec<std::sync::Mutex<Option<Result<embed::Subset, PdfError>>>>,
    /// Every page's stream and whether it is deflated; reused ones filled in from the start.
    pages: Vec<std::sync::Mutex<Option<PageStream>>>,
}

impl<'a> Work<'a> {
    /// Pages a job writes: enough to outweigh taking a job, few enough to share a short deck.
    const PAGES_PER_JOB: usize = 2;

    fn new(
        plans: &'a [embed::Plan],
        layout: &'a Layout,
        extra: &'a [(usize, Vec<Item>)],
        paint_overlays: bool,
        names: &'a content::Names<'a>,
        reused: Vec<Option<PageStream>>,
    ) -> Work<'a> {
        let todo = reused
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.is_none().then_some(i))
            .collect();
        Work {
            plans,
            layout,
            extra,
            paint_overlays,
            names,
            todo,
            next: std::sync::atomic::AtomicUsize::new(0),
            fonts: plans.iter().map(|_| std::sync::Mutex::new(None)).collect(),
            pages: reused.into_iter().map(std::sync::Mutex::new).collect(),
        }
    }

    /// Runs `main` here while a helper thread on each other core takes jobs, then takes jobs
    /// here too until none is left. A helper that panics (a font the subsetter cannot read,
    /// say) leaves its job undone, which [`Work::finish`] reports as an error, not a crash.
    fn run_beside<R>(&self, main: impl FnOnce() -> R) -> R {
        std::thread::scope(|s| {
            let helpers: Vec<_> = (1..crate::cores::cores())
                .map(|_| s.spawn(|| self.run()))
                .collect();
            let r = main();
            self.run();
            for h in helpers {
                let _ = h.join();
            }
            r
        })
    }

    /// Takes jobs until none is left.
    fn run(&self) {
        let jobs = self.plans.len() + self.todo.len().div_ceil(Self::PAGES_PER_JOB);
        with_deflater(|z| loop {
            let j = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if j >= jobs {
                break;
            }
            if let Some(plan) = self.plans.get(j) {
                let built = embed::build(plan, z);
                if let Some(Ok(mut slot)) = self.fonts.get(j).map(|m| m.lock()) {
                    *slot = Some(built);
                }
                continue;
            }
            let start = (j - self.plans.len()) * Self::PAGES_PER_JOB;
            let end = (start + Self::PAGES_PER_JOB).min(self.todo.len());
            for &i in self.todo.get(start..end).unwrap_or_default() {
                let mut bytes = self.page(i);
                let mut packed = false;
                if let Some(small) = z.deflate(&bytes) {
                    bytes = small;
                    packed = true;
                }
                if let Some(Ok(mut slot)) = self.pages.get(i).map(|m| m.lock()) {
                    *slot = Some((bytes, packed));
                }
            }
        })
    }

    /// Page `i`'s content stream: a page of the layout, or an overlay page of `extra`.
    fn page(&self, i: usize) -> Vec<u8> {
        let pages = &self.layout.pages;
        match pages.get(i) {
            Some(page) => content::page(page, self.paint_overlays, self.names),
            None => self
                .extra
                .get(i - pages.len())
                .and_then(|(p, items)| Some(content::overlay(pages.get(*p)?, items, self.names)))
                .unwrap_or_default(),
        }
    }

    /// The subset fonts (in plan order) and every page's stream, once every job is done.
    fn finish(self) -> Result<(Vec<embed::Subset>, Vec<PageStream>), PdfError> {
        let lost = |what: &str| PdfError::Serialize(format!("{what} could not be made"));
        let fonts = self
            .fonts
            .into_iter()
            .map(|m| {
                m.into_inner()
                    .ok()
                    .flatten()
                    .unwrap_or_else(|| Err(lost("a font")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let pages = self
            .pages
            .into_iter()
            .map(|m| {
                m.into_inner()
                    .ok()
                    .flatten()
                    .ok_or_else(|| lost("a page's content"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok((fonts, pages))
    }
}

/// What the pages show: the fonts (in [`FontId`] order), what each font shows, and the
/// opacities of translucent text.
struct Shown {
    fonts: Vec<FontId>,
    used: content::Used,
}

impl Shown {
    fn of(layout: &Layout, extra: &[(usize, Vec<Item>)], paint_overlays: bool) -> Shown {
        let mut used = content::Used::default();
        for page in &layout.pages {
            content::collect_chars(&page.items, &mut used);
            // A page's overlay is painted on it, or (numbered copies) on an overlay page of
            // its own, which `extra` lists.
            if paint_overlays {
                content::collect_chars(&page.overlay, &mut used);
            }
        }
        for (_, items) in extra {
            content::collect_chars(items, &mut used);
        }
        Shown {
            fonts: used.fonts(),
            used,
        }
    }
}

/// The glyphs of every font the pages use, numbered (in [`FontId`] order).
fn plan_fonts(shown: &Shown) -> Result<Vec<embed::Plan>, PdfError> {
    let no_glyphs = BTreeMap::new();
    shown
        .fonts
        .iter()
        .map(|f| {
            let chars = shown
                .used
                .chars
                .get(f)
                .map(Vec::as_slice)
                .unwrap_or_default();
            let glyphs = shown.used.glyphs.get(f).unwrap_or(&no_glyphs);
            embed::plan(*f, chars, glyphs)
        })
        .collect()
}

/// The subsets `plans` describe, built one after another with one compressor.
fn build_fonts(plans: &[embed::Plan]) -> Result<Vec<embed::Subset>, PdfError> {
    with_deflater(|z| plans.iter().map(|p| embed::build(p, z)).collect())
}

impl Resources {
    /// Resource names and glyph codes for the content streams: the fonts `F1`, `F2`, … in
    /// [`FontId`] order, graphics states `A` and their opacity in percent, pictures `Im1`,
    /// `Im2`, … ([`rename_resources`] gives printpdf's resources these names).
    fn new(layout: &Layout, shown: &Shown, plans: &[embed::Plan]) -> Resources {
        let mut codes = vec![rustc_hash::FxHashMap::default(); FontId::ALL.len()];
        let mut gid_codes = vec![rustc_hash::FxHashMap::default(); FontId::ALL.len()];
        for p in plans {
            let i = p.font.index();
            if let (Some(c), Some(g)) = (codes.get_mut(i), gid_codes.get_mut(i)) {
                c.clone_from(&p.codes);
                g.clone_from(&p.gid_codes);
            }
        }
        Resources {
            fonts: shown
                .fonts
                .iter()
                .enumerate()
                .map(|(k, f)| (*f, format!("F{}", k + 1)))
                .collect(),
            gstates: shown
                .used
                .alphas
                .iter()
                .map(|a| (*a, format!("A{a}")))
                .collect(),
            images: (1..=layout.images.len())
                .map(|i| format!("Im{i}"))
                .collect(),
            codes,
            gid_codes,
        }
    }

    /// What a content stream refers to, borrowed.
    fn names(&self) -> content::Names<'_> {
        content::Names {
            fonts: &self.fonts,
            codes: &self.codes,
            gid_codes: &self.gid_codes,
            gstates: &self.gstates,
            images: &self.images,
        }
    }
}

/// printpdf's names for the graphics states (by opacity) and pictures (in layout order).
struct PrintpdfNames {
    gstates: BTreeMap<u8, String>,
    images: Vec<String>,
}

/// Renames printpdf's graphics states and pictures, in the dictionaries every page shares, to
/// the names the content streams use ([`Resources::new`]).
fn rename_resources(
    doc: &mut lopdf::Document,
    printpdf: &PrintpdfNames,
    res: &Resources,
) -> Result<(), PdfError> {
    let mut renames: Vec<(&[u8], &str, &str)> = Vec::new();
    for (alpha, theirs) in &printpdf.gstates {
        if let Some(ours) = res.gstates.get(alpha) {
            renames.push((b"ExtGState", theirs, ours));
        }
    }
    for (theirs, ours) in printpdf.images.iter().zip(&res.images) {
        renames.push((b"XObject", theirs, ours));
    }
    for (kind, theirs, ours) in renames {
        let id = shared_resource(doc, kind)?;
        let dict = doc
            .get_dictionary_mut(id)
            .map_err(|_| PdfError::Serialize("resources: no shared dictionary".into()))?;
        let value = dict
            .remove(theirs.as_bytes())
            .ok_or_else(|| PdfError::Serialize(format!("resources: {theirs} is missing")))?;
        dict.set(ours.as_bytes().to_vec(), value);
    }
    Ok(())
}

/// The id of the `kind` dictionary (`Font`, `XObject`, `ExtGState`) in the first page's
/// resources, which printpdf shares between all pages.
fn shared_resource(doc: &lopdf::Document, kind: &[u8]) -> Result<lopdf::ObjectId, PdfError> {
    use lopdf::Object;
    // printpdf's page tree is flat: the first kid of the root is the first page (walking the
    // whole tree, as `get_pages` does, costs milliseconds at 10 000 pages).
    let first_kid = doc
        .catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference)
        .and_then(|id| doc.get_dictionary(id))
        .and_then(|d| d.get(b"Kids"))
        .and_then(Object::as_array)
        .ok()
        .and_then(|kids| kids.first())
        .and_then(|k| k.as_reference().ok())
        .filter(|id| {
            doc.get_dictionary(*id)
                .and_then(|d| d.get(b"Type"))
                .and_then(Object::as_name)
                .ok()
                == Some(b"Page".as_slice())
        });
    let first_page = match first_kid {
        Some(id) => id,
        None => doc
            .get_pages()
            .values()
            .next()
            .copied()
            .ok_or(PdfError::NoPages)?,
    };
    doc.get_dictionary(first_page)
        .and_then(|d| d.get(b"Resources"))
        .and_then(|r| match r {
            Object::Reference(id) => doc.get_dictionary(*id),
            other => other.as_dict(),
        })
        .and_then(|r| r.get(kind))
        .and_then(Object::as_reference)
        .map_err(|_| {
            PdfError::Serialize(format!(
                "resources: no shared {} dictionary",
                String::from_utf8_lossy(kind)
            ))
        })
}

/// Puts the subset fonts into the font dictionary every page shares, under the names
/// [`document`] gave them.
fn add_fonts(
    doc: &mut lopdf::Document,
    subsets: Vec<embed::Subset>,
    res: &Resources,
) -> Result<(), PdfError> {
    use lopdf::Object;
    let bad = |what: &str| PdfError::Serialize(format!("fonts: {what}"));
    let font_dict = shared_resource(doc, b"Font")?;
    let mut entries = Vec::with_capacity(subsets.len());
    for s in subsets {
        let name = res
            .fonts
            .get(&s.font)
            .ok_or_else(|| bad("unnamed font"))?
            .clone();
        entries.push((name, embed::add(doc, s)));
    }
    let dict = doc
        .get_dictionary_mut(font_dict)
        .map_err(|_| bad("no shared font dictionary"))?;
    for (name, id) in entries {
        dict.set(name.into_bytes(), Object::Reference(id));
    }
    Ok(())
}

/// The printpdf document: pictures, every page with its size and links, bookmarks and
/// properties. Fonts are not printpdf's: [`add_fonts`] adds them to the serialised document,
/// and [`Work`] writes every page's painting.
fn document(
    layout: &Layout,
    info: &PdfInfo,
    extra: &[(usize, Vec<Item>)],
    paint_overlays: bool,
    shown: &Shown,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(PdfDocument, PrintpdfNames), PdfError> {
    let mut doc = PdfDocument::new(&info.title);
    let gstates: BTreeMap<u8, printpdf::ExtendedGraphicsStateId> = shown
        .used
        .alphas
        .iter()
        .map(|a| {
            let gs = printpdf::ExtendedGraphicsState::default()
                .with_current_fill_alpha(f32::from(*a) / 100.0);
            (*a, doc.add_graphics_state(gs))
        })
        .collect();
    let images: Vec<XObjectId> = layout
        .images
        .iter()
        .map(|img| {
            doc.add_image(&RawImage {
                pixels: RawImageData::U8(img.rgb.as_ref().clone()),
                width: img.width_px as usize,
                height: img.height_px as usize,
                data_format: RawImageFormat::RGB8,
                tag: Vec::new(),
            })
        })
        .collect();
    // The pages carry only their link annotations; their content streams are written
    // directly afterwards (`content`).
    let total = layout.pages.len();
    let mut pages = Vec::with_capacity(total + extra.len());
    for (i, page) in layout.pages.iter().enumerate() {
        pages.push(link_page(
            page,
            &page.items,
            paint_overlays.then_some(&page.overlay[..]),
        ));
        progress(i + 1, total);
    }
    for (j, items) in extra {
        let page = layout.pages.get(*j).ok_or(PdfError::NoPages)?;
        pages.push(link_page(page, items, None));
    }
    let names = PrintpdfNames {
        gstates: gstates.iter().map(|(k, v)| (*k, v.0.clone())).collect(),
        images: images.iter().map(|i| i.0.clone()).collect(),
    };
    doc.with_pages(pages);
    for b in &layout.bookmarks {
        doc.add_bookmark(&b.title, b.page_index + 1);
    }
    let now = printpdf::DateTime::now();
    let meta = &mut doc.metadata.info;
    meta.document_title = info.title.clone();
    meta.author = info.author.clone();
    meta.subject = info.subject.clone();
    meta.keywords = info.keywords.clone();
    meta.creator = format!("BriefDeck {}", env!("CARGO_PKG_VERSION"));
    meta.producer = format!("BriefDeck {} (printpdf)", env!("CARGO_PKG_VERSION"));
    meta.creation_date = now;
    meta.modification_date = now;
    meta.metadata_date = now;
    Ok((doc, names))
}

/// What the directly written content streams refer to: resource names and glyph codes.
#[derive(Clone)]
struct Resources {
    /// Font resource names (`F1`, `F2`, …) by font.
    fonts: BTreeMap<FontId, String>,
    gstates: BTreeMap<u8, String>,
    images: Vec<String>,
    /// Glyph code of each character, by font (indexed by [`FontId::index`]).
    codes: Vec<rustc_hash::FxHashMap<char, u16>>,
    /// Glyph code of each shaped glyph id, by font.
    gid_codes: Vec<rustc_hash::FxHashMap<u16, u16>>,
}

/// A page as printpdf sees it: its size and link annotations (from `items`, then `overlay`).
fn link_page(page: &Page, items: &[Item], overlay: Option<&[Item]>) -> PdfPage {
    let h = page.height_pt;
    let mut ops = Vec::new();
    link_ops(&mut ops, items, &Transform::IDENTITY, h);
    if let Some(o) = overlay {
        link_ops(&mut ops, o, &Transform::IDENTITY, h);
    }
    PdfPage::new(
        printpdf::Mm::from(Pt(page.width_pt)),
        printpdf::Mm::from(Pt(h)),
        ops,
    )
}

/// Link annotations of items; `abs` maps item coordinates to page coordinates (annotations
/// live in page space, through every enclosing group).
fn link_ops(ops: &mut Vec<Op>, items: &[Item], abs: &Transform, page_h: f32) {
    for item in items {
        match item {
            Item::Link { rect, uri } => {
                let r = abs.apply_rect(rect);
                ops.push(Op::LinkAnnotation {
                    link: LinkAnnotation::new(
                        printpdf::Rect {
                            x: Pt(r.x_pt),
                            y: Pt(page_h - r.y_pt - r.h_pt),
                            width: Pt(r.w_pt),
                            height: Pt(r.h_pt),
                            mode: None,
                            winding_order: None,
                        },
                        Actions::Uri(uri.clone()),
                        Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                        Some(ColorArray::Transparent),
                        Some(HighlightingMode::None),
                    ),
                });
            }
            Item::Group {
                transform, items, ..
            } => link_ops(ops, items, &abs.then(transform), page_h),
            Item::Text(_) | Item::Rect { .. } | Item::Line { .. } | Item::Image { .. } => {}
        }
    }
}

/// Makes `pages` the whole page tree (printpdf writes one flat `Pages` node): pages added
/// only to be taken apart (the overlay pages of numbered copies) are dropped from it.
fn keep_pages(doc: &mut lopdf::Document, pages: &[lopdf::ObjectId]) -> Result<(), PdfError> {
    use lopdf::Object;
    let root_id = doc
        .catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference)
        .map_err(|e| PdfError::Serialize(format!("no page tree: {e}")))?;
    let root = doc
        .get_dictionary_mut(root_id)
        .map_err(|e| PdfError::Serialize(format!("no page tree: {e}")))?;
    root.set(
        "Kids",
        Object::Array(pages.iter().map(|id| Object::Reference(*id)).collect()),
    );
    root.set("Count", Object::Integer(pages.len() as i64));
    Ok(())
}

/// For each of the `n` pages (the layout's, then overlay pages), its stream when unchanged
/// since the last export that used `cache` (`None`: to be written); each layout page's key for
/// the cache; and the key of the names and glyph codes.
fn from_cache(
    layout: &Layout,
    n: usize,
    paint_overlays: bool,
    names: &content::Names<'_>,
    cache: Option<&std::sync::Mutex<StreamCache>>,
) -> (Vec<Option<PageStream>>, Vec<Option<u64>>, u64) {
    let mut reused: Vec<Option<PageStream>> = vec![None; n];
    let mut keys: Vec<Option<u64>> = vec![None; n];
    let names_now = names_key(names);
    if let Some(mut c) = cache.and_then(|c| c.lock().ok()) {
        if c.names != names_now {
            c.streams.clear();
            c.names = names_now;
        }
        let mut count = 0;
        for (i, page) in layout.pages.iter().enumerate() {
            let key = page_key(page, paint_overlays);
            if let Some((bytes, packed)) = key.and_then(|k| c.streams.get(&k)) {
                if let Some(slot) = reused.get_mut(i) {
                    *slot = Some((bytes.as_ref().clone(), *packed));
                    count += 1;
                }
            }
            if let Some(slot) = keys.get_mut(i) {
                *slot = key;
            }
        }
        c.reused = count;
    }
    (reused, keys, names_now)
}

/// Keeps this export's page streams in `cache` for the next export, unless another export
/// sharing it has since moved it to other glyph codes.
fn keep_in_cache(
    cache: Option<&std::sync::Mutex<StreamCache>>,
    keys: &[Option<u64>],
    streams: &[PageStream],
    names_now: u64,
) {
    if let Some(mut c) = cache
        .and_then(|c| c.lock().ok())
        .filter(|c| c.names == names_now)
    {
        let mut kept = std::collections::HashMap::with_capacity(keys.len());
        for (key, (bytes, packed)) in keys.iter().zip(streams) {
            if let Some(k) = key {
                kept.insert(*k, (std::sync::Arc::new(bytes.clone()), *packed));
            }
        }
        c.streams = kept;
    }
}

/// Gives each of the `n` pages of the serialised document its content stream (in page order),
/// and tidies what printpdf wrote for every page alike.
fn attach_streams(
    doc: &mut lopdf::Document,
    n: usize,
    streams: Vec<PageStream>,
) -> Result<(), PdfError> {
    use lopdf::Object;
    let bad = |what: &str| PdfError::Serialize(format!("content streams: {what}"));
    let page_ids: Vec<lopdf::ObjectId> = doc.get_pages().values().copied().collect();
    if page_ids.len() != n || streams.len() != n {
        return Err(bad("unexpected page count"));
    }
    let stream_of =
        |doc: &lopdf::Document, page: lopdf::ObjectId| -> Result<lopdf::ObjectId, PdfError> {
            doc.get_dictionary(page)
                .and_then(|d| d.get(b"Contents"))
                .and_then(|c| match c {
                    Object::Array(a) => a
                        .first()
                        .ok_or(lopdf::Error::ObjectNotFound((0, 0)))?
                        .as_reference(),
                    other => other.as_reference(),
                })
                .map_err(|_| bad("a page without contents"))
        };
    // printpdf gives every page a crop and a trim box equal to its media box, an empty
    // annotation list and a resource dictionary of its own, all alike; viewers default to the
    // same boxes, so those are dropped, and the pages share the first page's resources
    // (a smaller file, and less held in memory for a long deck).
    let shared = page_ids
        .first()
        .and_then(|p| doc.get_dictionary(*p).ok())
        .and_then(|d| d.get(b"Resources").ok())
        .and_then(|r| r.as_reference().ok());
    let shared_dict = shared.and_then(|id| doc.get_dictionary(id).ok()).cloned();
    let mut spare = Vec::new();
    for id in &page_ids {
        let own = doc
            .get_dictionary(*id)
            .ok()
            .and_then(|d| d.get(b"Resources").ok())
            .and_then(|r| r.as_reference().ok());
        let alike = match (own, &shared_dict) {
            (Some(own), Some(sd)) if Some(own) != shared => {
                doc.get_dictionary(own).ok() == Some(sd)
            }
            _ => false,
        };
        if let Ok(dict) = doc.get_dictionary_mut(*id) {
            let media = dict.get(b"MediaBox").ok().cloned();
            for key in [&b"CropBox"[..], b"TrimBox"] {
                if media.is_some() && dict.get(key).ok() == media.as_ref() {
                    dict.remove(key);
                }
            }
            if matches!(dict.get(b"Annots"), Ok(Object::Array(a)) if a.is_empty()) {
                dict.remove(b"Annots");
            }
            if let (true, Some(own), Some(sh)) = (alike, own, shared) {
                dict.set("Resources", Object::Reference(sh));
                spare.push(own);
            }
        }
    }
    for id in spare {
        doc.objects.remove(&id);
    }
    for (id, (bytes, packed)) in page_ids.iter().zip(streams) {
        let sid = stream_of(doc, *id)?;
        match doc.get_object_mut(sid) {
            Ok(Object::Stream(st)) => {
                if packed {
                    st.dict.set("Filter", "FlateDecode");
                }
                st.set_content(bytes);
            }
            _ => return Err(bad("a page's contents are not a stream")),
        }
    }
    Ok(())
}

/// The document as lopdf objects, streams not yet compressed: printpdf's part (pages with
/// their links, pictures, bookmarks, properties).
fn serialize(doc: &PdfDocument) -> lopdf::Document {
    // printpdf's own `optimize` compresses every stream at the slowest zlib level; building the
    // document without it and compressing the streams here on all cores is several times
    // faster.
    let opts = PdfSaveOptions {
        subset_fonts: false,
        optimize: false,
        ..PdfSaveOptions::default()
    };
    let mut warnings = Vec::new();
    printpdf::to_lopdf_doc(doc, &opts, &mut warnings)
}

/// The stages of [`render`], one function each, for the per-phase benchmarks
/// (`cargo bench --bench export`): painting operations, serialisation (font subsetting and
/// content streams), compression, writing the bytes.
pub mod stages {
    use super::{Layout, PageStream, PdfError, PdfInfo};

    /// A document with its pages set up (pictures, links, bookmarks), the resource names and
    /// glyph codes of its content streams, and the numbered glyphs of its fonts.
    pub struct Painted(
        printpdf::PdfDocument,
        super::PrintpdfNames,
        super::Resources,
        Layout,
        Vec<super::embed::Plan>,
    );

    /// The fonts of a document, subset and ready to embed.
    #[derive(Clone)]
    pub struct Fonts(Vec<super::embed::Subset>);

    /// A serialised document, streams not yet compressed.
    #[derive(Clone)]
    pub struct Serialized(lopdf::Document);

    /// What the pages show, the glyphs numbered, pictures, and the pages with their links.
    pub fn paint(layout: &Layout, info: &PdfInfo) -> Result<Painted, PdfError> {
        let shown = super::Shown::of(layout, &[], true);
        let plans = super::plan_fonts(&shown)?;
        let res = super::Resources::new(layout, &shown, &plans);
        let (doc, names) = super::document(layout, info, &[], true, &shown, &mut |_, _| {})?;
        Ok(Painted(doc, names, res, layout.clone(), plans))
    }

    /// Every font the pages use, subset and deflated.
    pub fn subset_fonts(doc: &Painted) -> Result<Fonts, PdfError> {
        super::build_fonts(&doc.4).map(Fonts)
    }

    /// Every page's content stream, written and deflated (on all cores).
    pub fn page_streams(doc: &Painted) -> Result<Vec<PageStream>, PdfError> {
        let names = doc.2.names();
        let reused = vec![None; doc.3.pages.len()];
        let work = super::Work::new(&[], &doc.3, &[], true, &names, reused);
        work.run_beside(|| ());
        work.finish().map(|(_, pages)| pages)
    }

    /// printpdf's serialisation, with the page streams and the fonts added.
    pub fn serialize(
        doc: &Painted,
        streams: Vec<PageStream>,
        fonts: Fonts,
    ) -> Result<Serialized, PdfError> {
        let mut out = super::serialize(&doc.0);
        super::rename_resources(&mut out, &doc.1, &doc.2)?;
        super::attach_streams(&mut out, doc.3.pages.len(), streams)?;
        super::add_fonts(&mut out, fonts.0, &doc.2)?;
        Ok(Serialized(out))
    }

    /// Deflates the streams, on all cores.
    pub fn compress(doc: &mut Serialized) {
        super::compress_streams(&mut doc.0)
    }

    /// The file's bytes.
    pub fn save(doc: Serialized) -> Result<Vec<u8>, PdfError> {
        super::save(doc.0)
    }
}

/// Deflate level of every stream, in libdeflate. Measured on a 200-slide export's streams
/// (412 KB of page content, 60 KB of font programs): level 1 deflates the pages in 2.9 ms
/// where zlib-rs at level 5 (the previous setting) took 7.5 ms, and the file grows by 1 %
/// (169.6 KB of page streams against 165.9 KB; the fonts 35.8 KB against 35.5 KB). Higher
/// levels cost 55 % more time for a file 1 % smaller.
const DEFLATE_LEVEL: i32 = 1;

/// Deflates every uncompressed stream (content, fonts, images), spread over the available cores.
fn compress_streams(doc: &mut lopdf::Document) {
    let mut streams: Vec<&mut lopdf::Stream> = doc
        .objects
        .values_mut()
        .filter_map(|o| match o {
            lopdf::Object::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => {
                Some(s)
            }
            _ => None,
        })
        .collect();
    let chunk = streams.len().div_ceil(crate::cores::cores()).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = streams
            .chunks_mut(chunk)
            .map(|part| {
                scope.spawn(move || {
                    with_deflater(|z| {
                        for s in part.iter_mut() {
                            if let Some(packed) = z.deflate(&s.content) {
                                s.dict.set("Filter", "FlateDecode");
                                s.set_content(packed);
                            }
                        }
                    })
                })
            })
            .collect();
        // A stream is replaced only once deflated, so one a panicked thread left stays whole,
        // uncompressed.
        for h in handles {
            let _ = h.join();
        }
    });
}

/// Compressors left by earlier work, for the next: setting one up (allocating its tables, in
/// fresh pages) costs more than deflating a typical page's content stream.
static DEFLATERS: std::sync::Mutex<Vec<Deflater>> = std::sync::Mutex::new(Vec::new());

/// Runs `f` with a compressor taken from [`DEFLATERS`] (or a new one), and puts it back.
fn with_deflater<R>(f: impl FnOnce(&mut Deflater) -> R) -> R {
    let taken = DEFLATERS.lock().ok().and_then(|mut v| v.pop());
    let mut z = taken.unwrap_or_else(Deflater::new);
    let r = f(&mut z);
    if let Ok(mut v) = DEFLATERS.lock() {
        v.push(z);
    }
    r
}

/// A libdeflate compressor at [`DEFLATE_LEVEL`], taken from [`DEFLATERS`] by one thread at a
/// time.
struct Deflater {
    z: libdeflater::Compressor,
}

impl Deflater {
    fn new() -> Self {
        let level = libdeflater::CompressionLvl::new(DEFLATE_LEVEL).unwrap_or_default();
        Deflater {
            z: libdeflater::Compressor::new(level),
        }
    }

    /// `bytes` deflated (zlib format), or `None` when that would not make them smaller (or
    /// failed).
    fn deflate(&mut self, bytes: &[u8]) -> Option<Vec<u8>> {
        let mut packed = vec![0; self.z.zlib_compress_bound(bytes.len())];
        let len = self.z.zlib_compress(bytes, &mut packed).ok()?;
        packed.truncate(len);
        (len + 19 < bytes.len()).then_some(packed)
    }
}

/// Opacity of a graphics state, in whole percent (so equal alphas share one state).
fn alpha_key(alpha: f32) -> u8 {
    (alpha.clamp(0.0, 1.0) * 100.0).round() as u8
}

/// Writes exported bytes (a PDF, a briefing pack's README) to `path` atomically; on failure
/// nothing is left at `path` (an existing file there stays as it was). The folder is not
/// flushed after the rename ([`crate::deck::write_atomic_output`]): an export can be made again.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), PdfError> {
    crate::deck::write_atomic_output(path, bytes)?;
    Ok(())
}

impl crate::error::Hinted for PdfError {
    fn hint(&self) -> Option<String> {
        use crate::error::hint;
        match self {
            PdfError::Font(_) => hint("the binary is damaged; reinstall BriefDeck"),
            PdfError::Serialize(_) => hint("this is a bug; please report it with the deck file"),
            PdfError::NoPages => hint("show at least one slide before exporting"),
            PdfError::Write(e) => crate::error::Hinted::hint(e),
        }
    }
}
