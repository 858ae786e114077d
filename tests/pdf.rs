//! The exported PDF, parsed back: pages, text, fonts, bookmarks, metadata, links.

use std::path::Path;

use briefdeck::deck::{sample_deck, CitedSource, Command, Deck, Editor, SlideBody};
use briefdeck::export::export_pdf;
use briefdeck::layout::LayoutOptions;
use briefdeck::library::{Date, Library, SourceKind};
use briefdeck::theme::ThemeCatalog;
use lopdf::{Document, Object};

fn export(deck: &Deck, theme: &str, out: &Path) -> briefdeck::export::ExportReport {
    let theme = ThemeCatalog::builtin().resolve(theme).unwrap();
    let mut calls = 0;
    let r = export_pdf(
        deck,
        &theme,
        &LayoutOptions::default(),
        out,
        &mut |done, total| {
            calls += 1;
            assert!(done <= total);
        },
    )
    .unwrap();
    assert_eq!(calls, r.pages, "progress reported once per page");
    r
}

fn text_of(doc: &Document) -> String {
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).unwrap()
}

fn info_string(doc: &Document, key: &[u8]) -> String {
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .unwrap();
    let dict = doc.get_dictionary(info).unwrap();
    match dict.get(key).unwrap() {
        Object::String(bytes, _) => {
            if bytes.starts_with(&[0xfe, 0xff]) {
                let units: Vec<u16> = bytes[2..]
                    .chunks(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect();
                String::from_utf16_lossy(&units)
            } else {
                String::from_utf8_lossy(bytes).into_owned()
            }
        }
        other => format!("{other:?}"),
    }
}

#[test]
fn sample_pdf_has_one_page_per_visible_slide_and_real_text() {
    let lib = Library::builtin().unwrap();
    let mut ed = Editor::new(sample_deck(&lib).unwrap());
    let hide: Vec<u64> = ed
        .deck()
        .slides
        .iter()
        .skip(3)
        .take(2)
        .map(|s| s.id)
        .collect();
    ed.apply(
        "hide",
        Command::SetHidden {
            ids: hide,
            hidden: true,
        },
    )
    .unwrap();
    let deck = ed.deck().clone();
    let visible = deck.visible().count();
    assert_eq!(visible, deck.slides.len() - 2);

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s.pdf");
    let report = export(&deck, "navy", &out);
    assert_eq!(report.pages, visible);
    assert!(report.warnings.is_empty(), "{:#?}", report.warnings);

    let doc = Document::load(&out).unwrap();
    assert_eq!(doc.get_pages().len(), visible);
    let text = text_of(&doc);
    for needle in [
        "Türkiye",
        "Mammadov",
        "Topchubashov",
        "UNCLASSIFIED",
        "Sources",
    ] {
        assert!(text.contains(needle), "extracted text lacks {needle:?}");
    }
    // Azerbaijani letters survive extraction (an outlet name in the sources list).
    assert!(text.contains("qəzeti"), "no schwa in extracted text");
}

#[test]
fn fonts_are_embedded_and_subset() {
    let lib = Library::builtin().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s.pdf");
    export(&sample_deck(&lib).unwrap(), "minimal", &out);
    let doc = Document::load(&out).unwrap();
    let mut fonts = 0;
    for (_, obj) in doc.objects.iter() {
        if let Ok(d) = obj.as_dict() {
            if d.get(b"Type").ok().and_then(|t| t.as_name().ok()) == Some(b"FontDescriptor") {
                fonts += 1;
                let name = d.get(b"FontName").unwrap().as_name().unwrap();
                let name = String::from_utf8_lossy(name);
                assert!(name.contains('+'), "font {name} is not subset");
                assert!(name.contains("Noto"), "unexpected font {name}");
                assert!(d.get(b"FontFile2").is_ok(), "font {name} is not embedded");
            }
        }
    }
    assert!(fonts >= 2, "{fonts} fonts");
    let size = std::fs::metadata(&out).unwrap().len();
    assert!(
        size < 400_000,
        "PDF is {size} bytes: fonts are probably not subset"
    );
}

#[test]
fn bookmarks_and_metadata() {
    let lib = Library::builtin().unwrap();
    let deck = sample_deck(&lib).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s.pdf");
    export(&deck, "print", &out);
    let doc = Document::load(&out).unwrap();
    let toc = doc.get_toc().unwrap();
    let titles: Vec<String> = toc.toc.iter().map(|t| t.title.clone()).collect();
    let expected: Vec<String> = deck
        .visible()
        .map(|s| briefdeck::layout::shown_title(s.title(&deck.meta)).to_owned())
        .collect();
    assert_eq!(titles, expected);
    assert_eq!(
        toc.toc.iter().map(|t| t.page).collect::<Vec<_>>(),
        (1..=expected.len()).collect::<Vec<_>>()
    );

    assert_eq!(info_string(&doc, b"Title"), deck.meta.title);
    assert!(info_string(&doc, b"Author").contains("Policy Planning Unit"));
    assert!(info_string(&doc, b"Creator").starts_with("BriefDeck "));
    assert!(info_string(&doc, b"Keywords").contains("UNCLASSIFIED"));
    let created = info_string(&doc, b"CreationDate");
    assert!(
        created.starts_with("D:20") && !created.starts_with("D:1970"),
        "{created}"
    );
}

#[test]
fn source_urls_become_borderless_links() {
    let mut deck = Deck::new("Links");
    deck.sources.insert(
        "s1".into(),
        CitedSource {
            outlet: "Example Outlet".into(),
            title: "A report with an address".into(),
            author: None,
            date: Date::parse("2026-02-10").unwrap(),
            url: Some("https://example.org/report".into()),
            kind: SourceKind::NewsReport,
        },
    );
    let mut ed = Editor::new(deck);
    let a = ed.new_slide(SlideBody::Topic {
        title: "Topic".into(),
        display: Default::default(),
        summary: vec!["Text.".into()],
        key_points: vec!["One.".into()],
        sources: vec!["s1".into()],
    });
    let b = ed.new_slide(SlideBody::Sources {
        title: "Sources".into(),
    });
    ed.apply(
        "x",
        Command::Insert {
            index: 0,
            slides: vec![a, b],
        },
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("l.pdf");
    export(ed.deck(), "navy", &out);
    let theme = ThemeCatalog::builtin().resolve("navy").unwrap();
    let pages = briefdeck::layout::layout(ed.deck(), &theme, &LayoutOptions::default()).unwrap();
    let dump = briefdeck::layout::dump(&pages);
    assert!(dump.contains("link "), "{dump}");
    let doc = Document::load(&out).unwrap();
    let pages = doc.get_pages();
    let last = *pages.values().last().unwrap();
    let page = doc.get_dictionary(last).unwrap();
    let annots: Vec<lopdf::Dictionary> = page
        .get(b"Annots")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| match o {
            Object::Reference(r) => doc.get_dictionary(*r).unwrap().clone(),
            Object::Dictionary(d) => d.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    let link = annots
        .iter()
        .find(|a| a.get(b"Subtype").ok().and_then(|s| s.as_name().ok()) == Some(b"Link"))
        .expect("a link annotation on the sources page");
    let rect: Vec<f32> = link
        .get(b"Rect")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_float().unwrap())
        .collect();
    assert!(
        rect[2] - rect[0] < 250.0,
        "link covers more than the address: {rect:?}"
    );
    let action = match link.get(b"A").unwrap() {
        Object::Reference(r) => doc.get_dictionary(*r).unwrap().clone(),
        Object::Dictionary(d) => d.clone(),
        other => panic!("{other:?}"),
    };
    match action.get(b"URI").unwrap() {
        Object::String(s, _) => assert_eq!(s, b"https://example.org/report"),
        other => panic!("{other:?}"),
    }
    let border = link.get(b"Border").unwrap().as_array().unwrap();
    let widths: Vec<f32> = border.iter().map(|o| o.as_float().unwrap_or(1.0)).collect();
    assert_eq!(
        widths.get(2).copied(),
        Some(0.0),
        "link border is visible: {border:?}"
    );
    assert!(text_of(&doc).contains("example.org"));
}

#[test]
fn export_with_no_visible_slides_fails_and_writes_nothing() {
    let lib = Library::builtin().unwrap();
    let mut ed = Editor::new(sample_deck(&lib).unwrap());
    let all: Vec<u64> = ed.deck().slides.iter().map(|s| s.id).collect();
    ed.apply(
        "hide",
        Command::SetHidden {
            ids: all,
            hidden: true,
        },
    )
    .unwrap();
    let theme = ThemeCatalog::builtin().resolve("navy").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("none.pdf");
    let err = export_pdf(
        ed.deck(),
        &theme,
        &LayoutOptions::default(),
        &out,
        &mut |_, _| {},
    )
    .unwrap_err();
    assert!(err.to_string().contains("no visible slides"));
    assert!(!out.exists());
}

#[test]
fn unsafe_source_addresses_are_printed_but_never_linked() {
    let mut deck = Deck::new("Links");
    for (id, url) in [
        ("s1", "javascript:alert(1)"),
        ("s2", "file:///etc/passwd"),
        ("s3", "https://exa mple.org/\u{0}x"),
    ] {
        deck.sources.insert(
            id.into(),
            CitedSource {
                outlet: "Outlet".into(),
                title: "Title".into(),
                author: None,
                date: Date::parse("2026-02-10").unwrap(),
                url: Some(url.into()),
                kind: SourceKind::NewsReport,
            },
        );
    }
    let mut ed = Editor::new(deck);
    let a = ed.new_slide(SlideBody::Topic {
        title: "Topic".into(),
        display: Default::default(),
        summary: vec!["Text.".into()],
        key_points: vec![],
        sources: vec!["s1".into(), "s2".into(), "s3".into()],
    });
    let b = ed.new_slide(SlideBody::Sources {
        title: "Sources".into(),
    });
    ed.apply(
        "x",
        Command::Insert {
            index: 0,
            slides: vec![a, b],
        },
    )
    .unwrap();
    let theme = ThemeCatalog::builtin().resolve("navy").unwrap();
    let l = briefdeck::layout::layout(ed.deck(), &theme, &LayoutOptions::default()).unwrap();
    let links: Vec<&briefdeck::layout::Warning> = l
        .warnings
        .iter()
        .filter(|w| w.kind == briefdeck::layout::WarningKind::Link)
        .collect();
    assert_eq!(links.len(), 3, "{:#?}", l.warnings);
    assert!(links[0].message.contains("javascript"));
    assert_eq!(links[0].slide, Some(2), "names the sources slide");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("l.pdf");
    export(ed.deck(), "navy", &out);
    let bytes = std::fs::read(&out).unwrap();
    let doc = Document::load_mem(&bytes).unwrap();
    for (_, obj) in doc.objects.iter() {
        if let Ok(d) = obj.as_dict() {
            assert!(d.get(b"URI").is_err(), "a link was written: {d:?}");
        }
    }
}

#[test]
fn arabic_and_hebrew_are_shaped_in_fallback_fonts_and_only_what_no_font_has_is_warned() {
    let lib = Library::builtin().unwrap();
    let mut v = serde_json::to_value(sample_deck(&lib).unwrap()).unwrap();
    let slide = v["slides"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|s| s["body"]["kind"] == "takeaways")
        .unwrap();
    slide["body"]["points"] = serde_json::json!([
        { "text": "Baku is باكو in Arabic." },
        { "text": "Jerusalem is ירושלים in Hebrew." },
        { "text": "Tokyo is 東京 in Japanese." },
    ]);
    let deck: Deck = serde_json::from_value(v).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("rtl.pdf");
    let report = export(&deck, "navy", &out);
    // Only the Japanese is warned about, once for the deck.
    let glyphs: Vec<&str> = report
        .warnings
        .iter()
        .filter(|w| w.kind == briefdeck::layout::WarningKind::MissingGlyph)
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(glyphs.len(), 1, "{glyphs:?}");
    assert!(
        glyphs[0].contains('東') && glyphs[0].contains('京'),
        "{glyphs:?}"
    );
    assert!(
        !glyphs[0].contains('ب') && !glyphs[0].contains('ש'),
        "{glyphs:?}"
    );
    let doc = Document::load(&out).unwrap();
    let mut names = Vec::new();
    for (_, obj) in doc.objects.iter() {
        if let Ok(d) = obj.as_dict() {
            if d.get(b"Type").ok().and_then(|t| t.as_name().ok()) == Some(b"FontDescriptor") {
                let name = d.get(b"FontName").unwrap().as_name().unwrap();
                names.push(String::from_utf8_lossy(name).into_owned());
            }
        }
    }
    assert!(
        names.iter().any(|n| n.contains("NotoSansArabic")),
        "{names:?}"
    );
    assert!(
        names.iter().any(|n| n.contains("NotoSansHebrew")),
        "{names:?}"
    );
    // Every shaped glyph copies out as its letter (joined forms included); a text extractor
    // that does not reorder reads them as drawn, right to left reversed.
    let text = text_of(&doc);
    assert!(text.contains("وكاب"), "Arabic not in drawing order");
    assert!(text.contains("םילשורי"), "Hebrew not in drawing order");
    assert!(text.contains("Baku is"), "the Latin text around it is kept");
}

/// Asserts two PDFs have the same page contents, naming the first page that differs.
fn assert_same_pages(a: &Path, b: &Path) {
    let (x, y) = (page_contents(a), page_contents(b));
    assert_eq!(x.len(), y.len(), "page counts differ");
    let differ: Vec<usize> = (0..x.len())
        .filter(|i| x[*i] != y[*i])
        .map(|i| i + 1)
        .collect();
    assert!(differ.is_empty(), "pages {differ:?} differ");
}

/// Every page's content, decompressed, in page order.
fn page_contents(path: &Path) -> Vec<Vec<u8>> {
    let doc = Document::load(path).unwrap();
    doc.get_pages()
        .values()
        .map(|id| doc.get_page_content(*id))
        .collect()
}

#[test]
fn a_re_export_reuses_the_streams_of_unchanged_pages_and_writes_the_same_pages() {
    use briefdeck::export::{export_pdf_cached, StreamCache};
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::builtin().unwrap();
    let deck = sample_deck(&lib).unwrap();
    let theme = ThemeCatalog::builtin().resolve(&deck.theme).unwrap();
    let options = LayoutOptions::default();
    let cache = std::sync::Mutex::new(StreamCache::default());
    let first = dir.path().join("first.pdf");
    let r = export_pdf_cached(
        &deck,
        &theme,
        &options,
        &first,
        Some(&cache),
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!(cache.lock().unwrap().reused, 0, "nothing to reuse at first");
    // The same deck again: every page comes from the cache.
    let again = dir.path().join("again.pdf");
    export_pdf_cached(
        &deck,
        &theme,
        &options,
        &again,
        Some(&cache),
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!(cache.lock().unwrap().reused, r.pages);
    assert_same_pages(&first, &again);
    // One slide's title with its words swapped (the same characters, so the same glyph
    // codes): only the pages showing it are written again.
    let mut ed = Editor::new(deck.clone());
    let slide = ed
        .deck()
        .slides
        .iter()
        .find(|s| matches!(s.body, SlideBody::Bullets { .. }))
        .unwrap()
        .clone();
    let mut edited = slide.clone();
    if let SlideBody::Bullets { title, .. } = &mut edited.body {
        let mut words: Vec<&str> = title.split(' ').collect();
        words.reverse();
        *title = words.join(" ");
    }
    ed.apply("swap", Command::Restore { slide: edited })
        .unwrap();
    let cached = dir.path().join("cached.pdf");
    export_pdf_cached(
        ed.deck(),
        &theme,
        &options,
        &cached,
        Some(&cache),
        &mut |_, _| {},
    )
    .unwrap();
    let reused = cache.lock().unwrap().reused;
    assert!(
        reused + 3 >= r.pages && reused < r.pages,
        "{reused} of {} pages reused",
        r.pages
    );
    // The pages are the same as a fresh export's.
    let fresh = dir.path().join("fresh.pdf");
    export_pdf(ed.deck(), &theme, &options, &fresh, &mut |_, _| {}).unwrap();
    assert_same_pages(&cached, &fresh);
    // A new character renumbers the glyphs: nothing is reused, and the pages are still right.
    let mut ed2 = Editor::new(ed.deck().clone());
    let mut edited = ed2.deck().slide(slide.id).unwrap().clone();
    if let SlideBody::Bullets { title, .. } = &mut edited.body {
        title.push_str(" §¶");
    }
    ed2.apply("new chars", Command::Restore { slide: edited })
        .unwrap();
    let cached2 = dir.path().join("cached2.pdf");
    export_pdf_cached(
        ed2.deck(),
        &theme,
        &options,
        &cached2,
        Some(&cache),
        &mut |_, _| {},
    )
    .unwrap();
    let fresh2 = dir.path().join("fresh2.pdf");
    export_pdf(ed2.deck(), &theme, &options, &fresh2, &mut |_, _| {}).unwrap();
    assert_same_pages(&cached2, &fresh2);
}

/// The names a content stream uses with `op` (`Tf`, `Do`, `gs`): each `/Name` operand.
fn names_used(content: &[u8], op: &str) -> Vec<String> {
    let ops = lopdf::content::Content::decode(content).unwrap();
    ops.operations
        .iter()
        .filter(|o| o.operator == op)
        .filter_map(|o| o.operands.first()?.as_name().ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect()
}

#[test]
fn every_font_picture_and_opacity_a_page_names_is_in_its_resources() {
    // Two picture slides (pictures 40 and 60 pixels wide) and the DRAFT watermark (translucent
    // text), beside ordinary text.
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::builtin().unwrap();
    let mut ed = Editor::new(sample_deck(&lib).unwrap());
    let mut slides = Vec::new();
    for w in [40, 60] {
        let png = dir.path().join(format!("map{w}.png"));
        image::RgbImage::from_fn(w, 20, |x, _| image::Rgb([(x * 4) as u8, 90, 40]))
            .save(&png)
            .unwrap();
        slides.push(ed.new_slide(SlideBody::Image {
            title: format!("The corridor on a map, {w}"),
            path: png.display().to_string(),
            caption: "Schematic".into(),
            credit: "BriefDeck test".into(),
        }));
    }
    ed.apply("x", Command::Insert { index: 2, slides }).unwrap();
    let mut deck = ed.deck().clone();
    deck.meta.markings.draft = true;
    let out = dir.path().join("r.pdf");
    export(&deck, "navy", &out);
    let doc = Document::load(&out).unwrap();
    let (mut pictures, mut opacities) = (0, 0);
    let mut widths = Vec::new();
    for (n, id) in doc.get_pages() {
        let content = doc.get_page_content(id);
        let (fonts, xobjects, gstates) = {
            let res = doc.get_page_resources(id).unwrap();
            let dict = res
                .0
                .or_else(|| res.1.first().and_then(|r| doc.get_dictionary(*r).ok()));
            let dict = dict.expect("page resources");
            let kind = |k: &[u8]| -> Vec<String> {
                match dict.get(k) {
                    Ok(Object::Reference(r)) => doc
                        .get_dictionary(*r)
                        .map(|d| {
                            d.iter()
                                .map(|(k, _)| String::from_utf8_lossy(k).into_owned())
                                .collect()
                        })
                        .unwrap_or_default(),
                    Ok(Object::Dictionary(d)) => d
                        .iter()
                        .map(|(k, _)| String::from_utf8_lossy(k).into_owned())
                        .collect(),
                    _ => Vec::new(),
                }
            };
            (kind(b"Font"), kind(b"XObject"), kind(b"ExtGState"))
        };
        // The picture a page names is the one its slide shows.
        for name in names_used(&content, "Do") {
            let res = doc.get_page_resources(id).unwrap();
            let dict = res
                .0
                .or_else(|| res.1.first().and_then(|r| doc.get_dictionary(*r).ok()))
                .unwrap();
            let xobjects = doc
                .get_dictionary(dict.get(b"XObject").unwrap().as_reference().unwrap())
                .unwrap();
            let image = doc
                .get_object(
                    xobjects
                        .get(name.as_bytes())
                        .unwrap()
                        .as_reference()
                        .unwrap(),
                )
                .and_then(Object::as_stream)
                .unwrap();
            widths.push(image.dict.get(b"Width").unwrap().as_i64().unwrap());
        }
        for (op, have) in [("Tf", &fonts), ("Do", &xobjects), ("gs", &gstates)] {
            for name in names_used(&content, op) {
                assert!(
                    have.contains(&name),
                    "page {n}: /{name} {op} is not in {have:?}"
                );
                match op {
                    "Do" => pictures += 1,
                    "gs" => opacities += 1,
                    _ => {}
                }
            }
        }
    }
    assert_eq!(pictures, 2, "each picture is painted once");
    assert_eq!(widths, [40, 60], "each slide shows its own picture");
    assert_eq!(
        opacities,
        doc.get_pages().len(),
        "a watermark on every page"
    );
}
