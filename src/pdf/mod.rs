//! Pages → PDF. The only module that imports printpdf; it paints layout pages and decides nothing.
//! printpdf assembles the document (fonts subset and embedded, pictures, bookmarks, links,
//! properties); the pages' content streams are written directly ([`content`]).

use std::collections::BTreeMap;
use std::path::Path;

use printpdf::{
    Actions, BorderArray, ColorArray, HighlightingMode, LinkAnnotation, Op, ParsedFont,
    PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, RawImage, RawImageData,
    RawImageFormat, TextItem, XObjectId,
};

mod content;

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
    let threads = workers();
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
    Ok(bytes)
}

/// Builds the document: the pages of `layout` (items, then overlay when `paint_overlays`),
/// then one overlay-only
/// page for each entry of `extra` (items, sized like the page of `layout` it names).
fn build(
    layout: &Layout,
    info: &PdfInfo,
    extra: &[(usize, Vec<Item>)],
    paint_overlays: bool,
    cache: Option<&std::sync::Mutex<StreamCache>>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<lopdf::Document, PdfError> {
    let (doc, res) = document(layout, info, extra, paint_overlays, progress)?;
    let mut out = serialize(&doc);
    write_contents(&mut out, layout, extra, paint_overlays, &res, cache)?;
    compress_streams(&mut out);
    Ok(out)
}

/// The printpdf document: fonts (parsed once per process), pictures, every page's painting
/// operations, bookmarks and properties.
fn document(
    layout: &Layout,
    info: &PdfInfo,
    extra: &[(usize, Vec<Item>)],
    paint_overlays: bool,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(PdfDocument, Resources), PdfError> {
    if layout.pages.is_empty() {
        return Err(PdfError::NoPages);
    }
    let mut doc = PdfDocument::new(&info.title);
    // Embed only the fonts the pages use.
    let mut used: Vec<FontId> = Vec::new();
    let mut alphas: Vec<u8> = Vec::new();
    fn collect_fonts(items: &[Item], used: &mut Vec<FontId>, alphas: &mut Vec<u8>) {
        for item in items {
            match item {
                Item::Text(r) => {
                    if !used.contains(&r.font) {
                        used.push(r.font);
                    }
                    for seg in r.complex.iter().flat_map(|l| &l.segments) {
                        if !used.contains(&seg.font) {
                            used.push(seg.font);
                        }
                    }
                    if r.alpha < 1.0 && !alphas.contains(&alpha_key(r.alpha)) {
                        alphas.push(alpha_key(r.alpha));
                    }
                }
                Item::Group { items, .. } => collect_fonts(items, used, alphas),
                _ => {}
            }
        }
    }
    for page in &layout.pages {
        collect_fonts(&page.items, &mut used, &mut alphas);
        collect_fonts(&page.overlay, &mut used, &mut alphas);
    }
    for (_, items) in extra {
        collect_fonts(items, &mut used, &mut alphas);
    }
    let gstates: BTreeMap<u8, printpdf::ExtendedGraphicsStateId> = alphas
        .into_iter()
        .map(|a| {
            let gs = printpdf::ExtendedGraphicsState::default()
                .with_current_fill_alpha(f32::from(a) / 100.0);
            (a, doc.add_graphics_state(gs))
        })
        .collect();
    used.sort();
    // Fonts not parsed yet are parsed side by side.
    std::thread::scope(|s| {
        for f in &used {
            s.spawn(move || parsed_font(*f).is_some());
        }
    });
    let mut fonts = BTreeMap::new();
    for f in used {
        let parsed = parsed_font(f).ok_or(PdfError::Font(f.name()))?;
        fonts.insert(f, doc.add_font(parsed));
    }
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
    // directly afterwards (`content`). A last page shows every character each font needs, so
    // printpdf subsets the fonts for exactly those glyphs and reveals their codes.
    let total = layout.pages.len();
    let mut pages = Vec::with_capacity(total + extra.len() + 1);
    let mut chars = content::Used::default();
    for (i, page) in layout.pages.iter().enumerate() {
        content::collect_chars(&page.items, &mut chars);
        if paint_overlays {
            content::collect_chars(&page.overlay, &mut chars);
        }
        pages.push(link_page(
            page,
            &page.items,
            paint_overlays.then_some(&page.overlay[..]),
        ));
        progress(i + 1, total);
    }
    for (j, items) in extra {
        let page = layout.pages.get(*j).ok_or(PdfError::NoPages)?;
        content::collect_chars(items, &mut chars);
        pages.push(link_page(page, items, None));
    }
    // Per font: its characters as text (one string), then its shaped glyphs by id (one string
    // each), in that order.
    let mut glyph_ops = Vec::new();
    let mut glyph_chars: BTreeMap<FontId, Vec<char>> = BTreeMap::new();
    let mut glyph_ids: BTreeMap<FontId, Vec<u16>> = BTreeMap::new();
    for (font, id) in &fonts {
        let mut list = chars.chars.remove(font).unwrap_or_default();
        list.sort_unstable();
        list.dedup();
        // Characters the font lacks are not encoded by printpdf (they would shift every code
        // after them); they are shown as the font's empty-box glyph, code 0, and warned about.
        if let Ok(book) = crate::fonts::FontBook::get() {
            list.retain(|c| book.has_glyph(*font, *c));
        }
        let shaped = chars.glyphs.remove(font).unwrap_or_default();
        // A font whose every character is missing still shows its boxes, so it must be
        // embedded: printpdf leaves out fonts that show no glyph.
        if list.is_empty() && shaped.is_empty() {
            list.push(' ');
        }
        glyph_ops.push(Op::StartTextSection);
        glyph_ops.push(Op::SetFont {
            font: PdfFontHandle::External(id.clone()),
            size: Pt(10.0),
        });
        if !list.is_empty() {
            glyph_ops.push(Op::ShowText {
                items: vec![TextItem::Text(list.iter().collect())],
            });
            glyph_chars.insert(*font, list);
        }
        if !shaped.is_empty() {
            glyph_ops.push(Op::ShowText {
                items: vec![TextItem::GlyphIds(
                    shaped
                        .iter()
                        .map(|(gid, text)| printpdf::Codepoint {
                            gid: *gid,
                            offset: 0.0,
                            cid: Some(text.clone()),
                        })
                        .collect(),
                )],
            });
            glyph_ids.insert(*font, shaped.into_keys().collect());
        }
        glyph_ops.push(Op::EndTextSection);
    }
    pages.push(PdfPage::new(
        printpdf::Mm(10.0),
        printpdf::Mm(10.0),
        glyph_ops,
    ));
    let resources = Resources {
        fonts: fonts.iter().map(|(k, v)| (*k, v.0.clone())).collect(),
        gstates: gstates.iter().map(|(k, v)| (*k, v.0.clone())).collect(),
        images: images.iter().map(|i| i.0.clone()).collect(),
        glyph_chars,
        glyph_ids,
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
    Ok((doc, resources))
}

/// What the directly written content streams refer to: resource names, and the characters of
/// the glyph page (in the order printpdf encoded them).
#[derive(Clone)]
struct Resources {
    fonts: BTreeMap<FontId, String>,
    gstates: BTreeMap<u8, String>,
    images: Vec<String>,
    glyph_chars: BTreeMap<FontId, Vec<char>>,
    /// The shaped glyph ids of the glyph page, font by font, in the order shown.
    glyph_ids: BTreeMap<FontId, Vec<u16>>,
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
/// only to be taken apart (overlays, the glyph page) are dropped from it.
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

/// Reads the glyph codes printpdf wrote for the glyph page (the last page), removes that page,
/// and writes every page's content stream directly: the pages of `layout`, then the overlay
/// pages of `extra`.
fn write_contents(
    doc: &mut lopdf::Document,
    layout: &Layout,
    extra: &[(usize, Vec<Item>)],
    paint_overlays: bool,
    res: &Resources,
    cache: Option<&std::sync::Mutex<StreamCache>>,
) -> Result<(), PdfError> {
    use lopdf::Object;
    let bad = |what: &str| PdfError::Serialize(format!("content streams: {what}"));
    let page_ids: Vec<lopdf::ObjectId> = doc.get_pages().values().copied().collect();
    let n = layout.pages.len() + extra.len();
    if page_ids.len() != n + 1 {
        return Err(bad("unexpected page count"));
    }
    let glyph_page = page_ids[n];
    // The codes of the glyph page, font by font, in the order of its characters.
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
    let glyph_stream = stream_of(doc, glyph_page)?;
    let bytes = doc
        .get_object(glyph_stream)
        .and_then(Object::as_stream)
        .map(|s| s.content.clone())
        .map_err(|_| bad("glyph page stream"))?;
    let ops = lopdf::content::Content::decode(&bytes).map_err(|_| bad("glyph page encoding"))?;
    let by_name: BTreeMap<&str, FontId> = res.fonts.iter().map(|(f, n)| (n.as_str(), *f)).collect();
    let mut codes: Vec<rustc_hash::FxHashMap<char, u16>> =
        vec![rustc_hash::FxHashMap::default(); FontId::ALL.len()];
    let mut gid_codes: Vec<rustc_hash::FxHashMap<u16, u16>> =
        vec![rustc_hash::FxHashMap::default(); FontId::ALL.len()];
    let mut current: Option<FontId> = None;
    // Per font, whether its characters' string has been read (the glyph ids come next).
    let mut chars_read: BTreeMap<FontId, bool> = BTreeMap::new();
    for o in &ops.operations {
        match o.operator.as_str() {
            "Tf" => {
                current = o
                    .operands
                    .first()
                    .and_then(|n| n.as_name().ok())
                    .and_then(|n| std::str::from_utf8(n).ok())
                    .and_then(|n| by_name.get(n).copied());
            }
            "Tj" | "TJ" => {
                let Some(font) = current else { continue };
                let mut data: Vec<u8> = Vec::new();
                for operand in &o.operands {
                    match operand {
                        Object::String(b, _) => data.extend_from_slice(b),
                        Object::Array(a) => {
                            for x in a {
                                if let Object::String(b, _) = x {
                                    data.extend_from_slice(b);
                                }
                            }
                        }
                        _ => {}
                    }
                }
                let done = chars_read.entry(font).or_insert(false);
                match res.glyph_chars.get(&font) {
                    Some(chars) if !*done => {
                        *done = true;
                        if data.len() != chars.len() * 2 {
                            return Err(bad("glyph codes do not match the characters"));
                        }
                        let map = &mut codes[font.index()];
                        for (c, pair) in chars.iter().zip(data.chunks_exact(2)) {
                            map.insert(*c, u16::from_be_bytes([pair[0], pair[1]]));
                        }
                    }
                    _ => {
                        *done = true;
                        let Some(ids) = res.glyph_ids.get(&font) else {
                            continue;
                        };
                        if data.len() != ids.len() * 2 {
                            return Err(bad("glyph codes do not match the shaped glyphs"));
                        }
                        let map = &mut gid_codes[font.index()];
                        for (gid, pair) in ids.iter().zip(data.chunks_exact(2)) {
                            map.insert(*gid, u16::from_be_bytes([pair[0], pair[1]]));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    // Drop the glyph page from the page tree.
    keep_pages(doc, &page_ids[..n])?;
    // printpdf gives every page a crop and a trim box equal to its media box and an empty
    // annotation list; viewers default to the same, so they are dropped (smaller file, and
    // less held in memory for a long deck).
    for id in &page_ids[..n] {
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
        }
    }
    doc.objects.remove(&glyph_page);
    doc.objects.remove(&glyph_stream);
    // Short resource names for the fonts (printpdf's are 32 letters, written before every
    // run of text): the font dictionary all pages share gets `F1`, `F2`, … instead.
    let font_dict = page_ids
        .first()
        .and_then(|p| doc.get_dictionary(*p).ok())
        .and_then(|d| d.get(b"Resources").ok())
        .and_then(|r| match r {
            Object::Reference(id) => doc.get_dictionary(*id).ok(),
            Object::Dictionary(d) => Some(d),
            _ => None,
        })
        .and_then(|r| r.get(b"Font").ok())
        .and_then(|f| f.as_reference().ok());
    let mut short: BTreeMap<FontId, String> = res.fonts.clone();
    if let Some(fid) = font_dict {
        if let Ok(dict) = doc.get_dictionary_mut(fid) {
            let mut renamed = lopdf::Dictionary::new();
            for (k, (font, long)) in res.fonts.iter().enumerate() {
                if let Ok(v) = dict.get(long.as_bytes()) {
                    let name = format!("F{}", k + 1);
                    renamed.set(name.as_bytes().to_vec(), v.clone());
                    short.insert(*font, name);
                }
            }
            if renamed.len() == dict.len() {
                *dict = renamed;
            } else {
                short = res.fonts.clone();
            }
        }
    }
    // Every page's stream, written on all cores.
    let names = content::Names {
        fonts: &short,
        codes: &codes,
        gid_codes: &gid_codes,
        gstates: &res.gstates,
        images: &res.images,
    };
    // Each stream is deflated as soon as it is written, so the uncompressed streams of a
    // long deck are never all in memory at once.
    let mut streams: Vec<(lopdf::ObjectId, Vec<u8>, bool)> = Vec::with_capacity(n);
    for id in &page_ids[..n] {
        streams.push((stream_of(doc, *id)?, Vec::new(), false));
    }
    // Pages unchanged since the last export take their stream from the cache.
    let mut keys: Vec<Option<u64>> = vec![None; n];
    let mut done = vec![false; n];
    let names_now = names_key(&names);
    if let Some(mut c) = cache.and_then(|c| c.lock().ok()) {
        if c.names != names_now {
            c.streams.clear();
            c.names = names_now;
        }
        let mut reused = 0;
        for (i, page) in layout.pages.iter().enumerate() {
            let key = page_key(page, paint_overlays);
            if let Some((bytes, packed)) = key.and_then(|k| c.streams.get(&k)) {
                if let (Some(s), Some(d)) = (streams.get_mut(i), done.get_mut(i)) {
                    s.1 = bytes.as_ref().clone();
                    s.2 = *packed;
                    *d = true;
                    reused += 1;
                }
            }
            if let Some(slot) = keys.get_mut(i) {
                *slot = key;
            }
        }
        c.reused = reused;
    }
    let done = &done;
    let chunk = n.div_ceil(workers()).max(1);
    std::thread::scope(|s| {
        for (k, part) in streams.chunks_mut(chunk).enumerate() {
            let names = &names;
            s.spawn(move || {
                let mut z = Deflater::new();
                for (j, (_, bytes, packed)) in part.iter_mut().enumerate() {
                    let i = k * chunk + j;
                    if done.get(i).copied().unwrap_or(false) {
                        continue;
                    }
                    *bytes = match layout.pages.get(i) {
                        Some(page) => content::page(page, paint_overlays, names),
                        None => match extra.get(i - layout.pages.len()) {
                            Some((p, items)) => match layout.pages.get(*p) {
                                Some(page) => content::overlay(page, items, names),
                                None => Vec::new(),
                            },
                            None => Vec::new(),
                        },
                    };
                    if let Some(small) = z.deflate(bytes) {
                        *bytes = small;
                        *packed = true;
                    }
                }
            });
        }
    });
    // The cache keeps this export's streams only, unless another export sharing it has
    // since moved it to other glyph codes.
    if let Some(mut c) = cache
        .and_then(|c| c.lock().ok())
        .filter(|c| c.names == names_now)
    {
        let mut kept = std::collections::HashMap::with_capacity(layout.pages.len());
        for (key, (_, bytes, packed)) in keys.iter().zip(&streams) {
            if let Some(k) = key {
                kept.insert(*k, (std::sync::Arc::new(bytes.clone()), *packed));
            }
        }
        c.streams = kept;
    }
    for (id, bytes, packed) in streams {
        if let Ok(Object::Stream(st)) = doc.get_object_mut(id) {
            if packed {
                st.dict.set("Filter", "FlateDecode");
            }
            st.set_content(bytes);
        }
    }
    Ok(())
}

/// The document as lopdf objects, streams not yet compressed: fonts subset to the glyphs the
/// pages use, each page's operations encoded as its content stream. (This step is printpdf's,
/// and the largest part of writing a PDF.)
fn serialize(doc: &PdfDocument) -> lopdf::Document {
    // printpdf's own `optimize` compresses every stream at the slowest zlib level; building the
    // document without it and compressing the streams here at the default level on all cores
    // gives the same kind of file several times faster.
    let opts = PdfSaveOptions {
        subset_fonts: true,
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
    use super::{Layout, PdfError, PdfInfo};

    /// A document with its pages set up (fonts parsed, links, the glyph page).
    pub struct Painted(printpdf::PdfDocument, super::Resources, Layout);

    /// A serialised document, streams not yet compressed.
    #[derive(Clone)]
    pub struct Serialized(lopdf::Document);

    /// Fonts, pictures and the painting operations of every page.
    pub fn paint(layout: &Layout, info: &PdfInfo) -> Result<Painted, PdfError> {
        super::document(layout, info, &[], true, &mut |_, _| {})
            .map(|(d, r)| Painted(d, r, layout.clone()))
    }

    /// Font subsetting by printpdf, then every page's content stream written directly.
    pub fn serialize(doc: &Painted) -> Result<Serialized, PdfError> {
        let mut out = super::serialize(&doc.0);
        super::write_contents(&mut out, &doc.2, &[], true, &doc.1, None)?;
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

/// The shipped fonts parsed for embedding, each once per process (parsing one costs several
/// milliseconds; the app and numbered copies export many times).
static PARSED: [std::sync::OnceLock<Option<ParsedFont>>; FontId::ALL.len()] =
    [const { std::sync::OnceLock::new() }; FontId::ALL.len()];

fn parsed_font(f: FontId) -> Option<&'static ParsedFont> {
    PARSED[f.index()]
        .get_or_init(|| {
            // The shared (lazy) constructor leaves glyph outlines unparsed: embedding needs
            // only the metrics, the cmap and the source bytes the subsetter reads.
            let mut warnings = Vec::new();
            let bytes = std::sync::Arc::new(rust_fontconfig::FontBytes::Owned(
                std::sync::Arc::from(f.bytes()),
            ));
            printpdf::AzulParsedFont::from_bytes_shared(bytes, 0, &mut warnings)
                .map(ParsedFont::from_azul)
        })
        .as_ref()
}

/// Starts parsing `fonts` for embedding on background threads, so that an export started
/// later (after the slides are laid out, say) finds them ready. Parsing is idempotent: a font
/// being parsed is waited for, not parsed twice.
pub fn prepare_fonts(fonts: &[FontId]) {
    for &f in fonts {
        if PARSED[f.index()].get().is_none() {
            std::thread::spawn(move || parsed_font(f).is_some());
        }
    }
}

/// How many threads share work spread over the cores (content streams, compression).
fn workers() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8)
}

/// Deflate level of every stream: 7 gives files no larger than zlib's default level with a
/// faster backend (zlib-rs).
const DEFLATE_LEVEL: u32 = 7;

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
    let chunk = streams.len().div_ceil(workers()).max(1);
    std::thread::scope(|scope| {
        for part in streams.chunks_mut(chunk) {
            scope.spawn(move || {
                let mut z = Deflater::new();
                for s in part.iter_mut() {
                    if let Some(packed) = z.deflate(&s.content) {
                        s.dict.set("Filter", "FlateDecode");
                        s.set_content(packed);
                    }
                }
            });
        }
    });
}

/// One compressor per thread, reset between streams: setting one up costs more than deflating
/// a typical page's content stream.
struct Deflater {
    z: flate2::Compress,
}

impl Deflater {
    fn new() -> Self {
        Deflater {
            z: flate2::Compress::new(flate2::Compression::new(DEFLATE_LEVEL), true),
        }
    }

    /// `bytes` deflated, or `None` when that would not make them smaller (or failed).
    fn deflate(&mut self, bytes: &[u8]) -> Option<Vec<u8>> {
        let z = &mut self.z;
        z.reset();
        let mut packed: Vec<u8> = Vec::with_capacity(bytes.len() / 3 + 64);
        loop {
            let before = z.total_in() as usize;
            match z.compress_vec(
                bytes.get(before..).unwrap_or_default(),
                &mut packed,
                flate2::FlushCompress::Finish,
            ) {
                Ok(flate2::Status::StreamEnd) => break,
                Ok(_) => packed.reserve(packed.capacity().max(1024)),
                Err(_) => return None,
            }
        }
        (packed.len() + 19 < bytes.len()).then_some(packed)
    }
}

/// Opacity of a graphics state, in whole percent (so equal alphas share one state).
fn alpha_key(alpha: f32) -> u8 {
    (alpha.clamp(0.0, 1.0) * 100.0).round() as u8
}

/// Writes PDF bytes to `path` atomically; on failure nothing is left at `path`
/// (an existing file there stays as it was).
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), PdfError> {
    crate::deck::write_atomic(path, bytes)?;
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
