//! The marking engine, read back from written PDFs: page banners from the highest mark on each
//! page, handout sheets, caveats, overall mode, DRAFT, numbered copies, clean metadata, and the
//! pre-export check (`briefdeck check`) with its exit codes.

use std::path::Path;
use std::process::{Command as Proc, Output as ProcOutput};

use briefdeck::deck::{sample_deck, BannerMode, Block, Deck, DeckMeta, Editor, SlideBody};
use briefdeck::export::{copy_path, export_copies, export_pdf, slug};
use briefdeck::layout::{
    layout, Beside, HandoutOptions, Item, LayoutOptions, Output, Paper, PerPage,
};
use briefdeck::library::{Date, Library};
use briefdeck::marking::{MarkingPlan, Scheme, SchemeCatalog, BUILTIN_SCHEMES};
use briefdeck::theme::ThemeCatalog;
use lopdf::{Document, Object};

fn theme(name: &str) -> briefdeck::theme::Theme {
    ThemeCatalog::builtin().resolve(name).unwrap()
}

/// Title, then three bullet slides: the second holds one (C) bullet among (U) ones.
fn marked_deck() -> Deck {
    let mut deck = Deck::new("Marked deck");
    deck.meta = DeckMeta {
        title: "Marked deck".into(),
        author: "A. Author".into(),
        organisation: "Ministry".into(),
        date: Date::parse("2026-02-16").ok(),
        marking: "UNCLASSIFIED".into(),
        ..DeckMeta::default()
    };
    let mut ed = Editor::new(deck);
    let u = |t: &str| Block {
        text: t.into(),
        mark: Some("U".into()),
        sources: Vec::new(),
    };
    let mut slides = vec![ed.new_slide(SlideBody::Title {})];
    for (i, title) in ["Alpha slide", "Bravo slide", "Charlie slide"]
        .iter()
        .enumerate()
    {
        let mut bullets = vec![u("First point"), u("Second point")];
        if i == 1 {
            bullets.push(Block {
                text: "The confidential point".into(),
                mark: Some("C".into()),
                sources: Vec::new(),
            });
        }
        slides.push(ed.new_slide(SlideBody::Bullets {
            title: (*title).into(),
            bullets,
        }));
    }
    let mut d = ed.into_deck();
    d.slides = slides;
    d
}

fn pdf_pages(path: &Path) -> Vec<String> {
    let doc = Document::load(path).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    pages
        .iter()
        .map(|p| doc.extract_text(&[*p]).unwrap())
        .collect()
}

fn export(deck: &Deck, options: &LayoutOptions, out: &Path) {
    export_pdf(deck, &theme("navy"), options, out, &mut |_, _| {}).unwrap();
}

#[test]
fn every_builtin_scheme_loads_and_is_ordered() {
    let cat = SchemeCatalog::builtin();
    assert!(cat.problems.is_empty(), "{:?}", cat.problems);
    assert_eq!(cat.schemes.len(), BUILTIN_SCHEMES.len());
    for id in ["us", "uk", "nato", "eu"] {
        let s = cat.get(id).unwrap_or_else(|| panic!("scheme {id}"));
        assert!(s.levels.len() >= 4, "{id}");
    }
    let us = cat.get("us").unwrap();
    let labels: Vec<&str> = us.levels.iter().map(|l| l.portion.as_str()).collect();
    assert_eq!(labels, ["U", "CUI", "C", "S", "TS"]);
    assert_eq!(us.level_of("confidential"), Some(2));
    assert_eq!(us.split("C//NOFORN"), ("C", vec!["NOFORN"]));
    let uk = cat.get("uk").unwrap();
    assert_eq!(uk.levels[1].banner, "OFFICIAL-SENSITIVE");
    // UNCLASSIFIED is green and lower than CONFIDENTIAL (blue): colours come from the scheme.
    assert_eq!(us.levels[0].background.g, 0x7a);
}

#[test]
fn a_bad_scheme_file_is_refused_with_a_reason() {
    let e = Scheme::parse("x.toml", "id = \"x\"\nname = \"X\"\nlevels = []\n").unwrap_err();
    assert!(e.message.contains("1 to 32 levels"), "{e}");
    let e = Scheme::parse(
        "x.toml",
        "id = \"x\"\nname = \"X\"\n[[levels]]\nportion = \"A\"\nbanner = \"A\"\nbackground = \"#ffffff\"\ntext = \"#fefefe\"\n",
    )
    .unwrap_err();
    assert!(e.message.contains("hard to read"), "{e}");
    let e = Scheme::parse("x.toml", "id = \"x\"\nnme = \"X\"\n").unwrap_err();
    assert!(e.message.contains("line 2"), "{e}");
}

#[test]
fn a_custom_scheme_beside_the_deck_is_used() {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir(d.path().join("markings")).unwrap();
    std::fs::write(
        d.path().join("markings/house.toml"),
        "id = \"house\"\nname = \"House rules\"\nseparator = \" / \"\n\
         [[levels]]\nportion = \"P\"\nbanner = \"PUBLIC\"\nbackground = \"#225522\"\ntext = \"#ffffff\"\n\
         [[levels]]\nportion = \"I\"\nbanner = \"INTERNAL\"\nbackground = \"#882222\"\ntext = \"#ffffff\"\n",
    )
    .unwrap();
    let cat = SchemeCatalog::load(&SchemeCatalog::folders_for(Some(
        &d.path().join("deck.json"),
    )));
    assert!(cat.problems.is_empty(), "{:?}", cat.problems);
    let mut deck = marked_deck();
    deck.meta.markings.scheme = "house".into();
    deck.meta.marking = "PUBLIC".into();
    for s in &mut deck.slides {
        if let SlideBody::Bullets { bullets, .. } = &mut s.body {
            for b in bullets {
                b.mark = Some(
                    if b.text.contains("confidential") {
                        "I"
                    } else {
                        "P"
                    }
                    .into(),
                );
            }
        }
    }
    let plan = MarkingPlan::new(&deck, Some(&cat));
    assert!(plan.findings.is_empty(), "{:?}", plan.findings);
    assert_eq!(plan.overall().unwrap().text, "INTERNAL");
    // Without the folder the scheme is unknown: an error naming it.
    let plan = MarkingPlan::new(&deck, None);
    assert!(plan
        .findings
        .iter()
        .any(|f| f.code == "unknown-scheme" && f.message.contains("`house`")));
}

#[test]
fn each_page_carries_the_highest_mark_placed_on_it() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("s.pdf");
    let deck = marked_deck();
    export(&deck, &LayoutOptions::default(), &out);
    let pages = pdf_pages(&out);
    assert_eq!(pages.len(), 4);
    // The title page carries the document's highest mark (the cover).
    assert!(pages[0].contains("CONFIDENTIAL"), "{}", pages[0]);
    assert!(pages[0].contains("Document marking: CONFIDENTIAL"));
    for (i, p) in pages.iter().enumerate().skip(1) {
        if p.contains("Bravo slide") {
            assert_eq!(p.matches("CONFIDENTIAL").count(), 2, "top and foot: {p}");
            assert!(p.contains("(C) The confidential point"), "{p}");
        } else {
            assert!(!p.contains("CONFIDENTIAL"), "page {}: {p}", i + 1);
            assert_eq!(p.matches("UNCLASSIFIED").count(), 2, "page {}: {p}", i + 1);
        }
    }
    // Overall mode: every page shows the deck's highest mark.
    let mut overall = deck.clone();
    overall.meta.markings.slides = BannerMode::Overall;
    export(&overall, &LayoutOptions::default(), &out);
    for p in pdf_pages(&out) {
        assert!(p.matches("CONFIDENTIAL").count() >= 2, "{p}");
        assert!(!p.contains("UNCLASSIFIED"), "{p}");
    }
}

#[test]
fn banner_colours_come_from_the_scheme_not_the_theme() {
    let deck = marked_deck();
    let l = layout(&deck, &theme("navy"), &LayoutOptions::default()).unwrap();
    let top_fill = |page: usize| {
        l.pages[page].items.iter().find_map(|i| match i {
            Item::Rect {
                rect,
                fill: Some(c),
                ..
            } if rect.y_pt == 0.0 && rect.h_pt < 30.0 => Some(*c),
            _ => None,
        })
    };
    let us = SchemeCatalog::builtin().get("us").unwrap();
    assert_eq!(
        top_fill(1),
        Some(us.levels[0].background),
        "UNCLASSIFIED green"
    );
    assert_eq!(
        top_fill(2),
        Some(us.levels[2].background),
        "CONFIDENTIAL blue"
    );
    // A free-text marking that names no level keeps the theme's banner colours.
    let mut free = marked_deck();
    for s in &mut free.slides {
        if let SlideBody::Bullets { bullets, .. } = &mut s.body {
            for b in bullets {
                b.mark = None;
            }
        }
    }
    free.meta.marking = "Internal use".into();
    let l2 = layout(&free, &theme("navy"), &LayoutOptions::default()).unwrap();
    let fill = l2.pages[1].items.iter().find_map(|i| match i {
        Item::Rect {
            rect,
            fill: Some(c),
            ..
        } if rect.y_pt == 0.0 && rect.h_pt < 30.0 => Some(*c),
        _ => None,
    });
    assert_eq!(fill, Some(theme("navy").colors.banner_background));
}

#[test]
fn a_handout_sheet_takes_the_highest_mark_of_its_slides_and_caveats_are_joined() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("h.pdf");
    let mut deck = marked_deck();
    deck.meta.markings.caveats = vec!["REL TO USA, AZE".into()];
    let handout = |per_page| LayoutOptions {
        output: Output::Handout(HandoutOptions {
            paper: Paper::A4,
            per_page,
            beside: Beside::Lines,
        }),
        ..LayoutOptions::default()
    };
    export(&deck, &handout(PerPage::Six), &out);
    let pages = pdf_pages(&out);
    assert_eq!(pages.len(), 1);
    assert!(
        pages[0].contains("CONFIDENTIAL//REL TO USA, AZE"),
        "{}",
        pages[0]
    );
    // Two per sheet: slides 3–4 hold the (C) bullet; slides 1–2 hold the title (the cover).
    // With one slide a sheet, the Alpha sheet is UNCLASSIFIED and the Bravo sheet CONFIDENTIAL.
    export(&deck, &handout(PerPage::One), &out);
    let pages = pdf_pages(&out);
    let alpha = pages.iter().find(|p| p.contains("Alpha slide")).unwrap();
    assert!(alpha.contains("UNCLASSIFIED//REL TO USA, AZE"), "{alpha}");
    assert!(!alpha.contains("CONFIDENTIAL"), "{alpha}");
    let bravo = pages.iter().find(|p| p.contains("Bravo slide")).unwrap();
    assert!(bravo.contains("CONFIDENTIAL//REL TO USA, AZE"), "{bravo}");
    // A block's own caveat joins the banner of its page only.
    let mut deck = marked_deck();
    if let SlideBody::Bullets { bullets, .. } = &mut deck.slides[2].body {
        bullets[2].mark = Some("C//NOFORN".into());
    }
    export(&deck, &LayoutOptions::default(), &out);
    let pages = pdf_pages(&out);
    assert!(pages[2].contains("CONFIDENTIAL//NOFORN"), "{}", pages[2]);
    assert!(!pages[1].contains("NOFORN"), "{}", pages[1]);
}

#[test]
fn draft_watermark_and_control_line_are_on_every_page() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("d.pdf");
    let mut deck = marked_deck();
    deck.meta.markings.draft = true;
    deck.meta.markings.control_number = "BD-2026-014".into();
    deck.meta.markings.version = "3".into();
    for output in [
        Output::Slides,
        Output::Notes(Paper::Letter),
        Output::Handout(HandoutOptions::default()),
    ] {
        export(
            &deck,
            &LayoutOptions {
                output,
                ..LayoutOptions::default()
            },
            &out,
        );
        for (i, p) in pdf_pages(&out).iter().enumerate() {
            assert!(p.contains("DRAFT"), "{output:?} page {}: {p}", i + 1);
            assert!(p.contains("Control no. BD-2026-014"), "{p}");
            assert!(p.contains("Version 3"), "{p}");
        }
    }
    // Without the switch there is no watermark.
    deck.meta.markings.draft = false;
    export(&deck, &LayoutOptions::default(), &out);
    assert!(pdf_pages(&out).iter().all(|p| !p.contains("DRAFT")));
}

fn info_string(doc: &Document, key: &[u8]) -> Option<String> {
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .ok()?;
    let dict = doc.get_dictionary(info).ok()?;
    match dict.get(key).ok()? {
        Object::String(bytes, _) if bytes.starts_with(&[0xfe, 0xff]) => {
            let units: Vec<u16> = bytes[2..]
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            Some(String::from_utf16_lossy(&units))
        }
        Object::String(bytes, _) => Some(String::from_utf8_lossy(bytes).into_owned()),
        _ => None,
    }
}

#[test]
fn numbered_copies_name_their_recipient_on_every_page_and_in_the_properties() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("brief.pdf");
    let deck = marked_deck();
    let recipients: Vec<String> = ["Embassy in Baku", "Desk officer, Caucasus", "Référent"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let copies = export_copies(
        &deck,
        &theme("navy"),
        &LayoutOptions::default(),
        &out,
        &recipients,
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!(copies.len(), 3);
    let mut names: Vec<String> = std::fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "brief-copy-01-of-03-embassy-in-baku.pdf",
            "brief-copy-02-of-03-desk-officer-caucasus.pdf",
            "brief-copy-03-of-03-r-f-rent.pdf",
        ]
    );
    let second = d.path().join(&names[1]);
    for p in pdf_pages(&second) {
        assert!(
            p.contains("Copy 2 of 3 \u{2014} Desk officer, Caucasus"),
            "{p}"
        );
        assert!(!p.contains("Copy 1 of 3") && !p.contains("Copy 3 of 3"));
    }
    let doc = Document::load(&second).unwrap();
    let subject = info_string(&doc, b"Subject").unwrap();
    assert!(subject.starts_with("Copy 2 of 3"), "{subject}");
    let keywords = info_string(&doc, b"Keywords").unwrap();
    assert!(keywords.contains("Desk officer, Caucasus"), "{keywords}");
    assert_eq!(
        slug("  Ministry — Policy Planning! "),
        "ministry-policy-planning"
    );
    assert_eq!(
        copy_path(&out, 7, 120, "").file_name().unwrap(),
        "brief-copy-007-of-120.pdf"
    );
}

#[test]
fn clean_metadata_leaves_no_author_in_the_pdf() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("c.pdf");
    let deck = marked_deck();
    export(&deck, &LayoutOptions::default(), &out);
    let doc = Document::load(&out).unwrap();
    assert_eq!(
        info_string(&doc, b"Author").as_deref(),
        Some("A. Author, Ministry")
    );
    export(
        &deck,
        &LayoutOptions {
            clean_metadata: true,
            ..LayoutOptions::default()
        },
        &out,
    );
    let doc = Document::load(&out).unwrap();
    assert!(info_string(&doc, b"Author").unwrap_or_default().is_empty());
    let bytes = std::fs::read(&out).unwrap();
    let raw = String::from_utf8_lossy(&bytes);
    assert!(!raw.contains("xmpmeta"), "no XMP packet");
    assert!(!raw.contains("/Metadata"), "no metadata stream");
    // The author's name is nowhere in the file (UTF-16 or plain).
    let utf16: Vec<u8> = "A. Author"
        .encode_utf16()
        .flat_map(|u| u.to_be_bytes())
        .collect();
    assert!(!bytes.windows(utf16.len()).any(|w| w == utf16.as_slice()));
    assert!(!raw.contains("A. Author"));
}

// ---- the check, through the CLI ----

fn briefdeck(args: &[&str], data: &Path) -> ProcOutput {
    Proc::new(env!("CARGO_BIN_EXE_briefdeck"))
        .args(args)
        .env("BRIEFDECK_DATA_DIR", data)
        .output()
        .unwrap()
}

fn save(deck: &Deck, path: &Path) {
    briefdeck::deck::save(deck, path).unwrap();
}

#[test]
fn check_reports_marks_notes_leaks_and_metadata_with_exit_codes() {
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("deck.json");
    let s = |p: &Path| p.to_str().unwrap().to_owned();
    // Clean marks: exit 0; metadata is a note.
    let deck = marked_deck();
    save(&deck, &path);
    let o = briefdeck(&["check", &s(&path)], d.path());
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("note: the PDF's properties will name the author"),
        "{err}"
    );
    let o = briefdeck(&["check", &s(&path), "--clean-metadata"], d.path());
    assert!(!String::from_utf8_lossy(&o.stderr).contains("properties will name"));
    // An unmarked block beside marked ones: a warning, exit 0.
    let mut deck = marked_deck();
    if let SlideBody::Bullets { bullets, .. } = &mut deck.slides[2].body {
        bullets[0].mark = None;
    }
    save(&deck, &path);
    let o = briefdeck(&["check", &s(&path)], d.path());
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("warning: slide 3: block 1 has no portion mark"),
        "{err}"
    );
    // An unknown level: an error naming slide and block, exit 1; export refuses and writes nothing.
    let mut deck = marked_deck();
    if let SlideBody::Bullets { bullets, .. } = &mut deck.slides[3].body {
        bullets[1].mark = Some("Q".into());
    }
    save(&deck, &path);
    let o = briefdeck(&["check", &s(&path)], d.path());
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: slide 4: block 2: the portion mark (Q) is not a level"),
        "{err}"
    );
    assert!(err.contains("use one of U, CUI, C, S, TS"), "{err}");
    let pdf = d.path().join("out.pdf");
    let o = briefdeck(&["export", &s(&path), "-o", &s(&pdf)], d.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(!pdf.exists(), "nothing written");
    // A mark above the declared maximum.
    let mut deck = marked_deck();
    deck.meta.markings.highest_allowed = "CUI".into();
    save(&deck, &path);
    let o = briefdeck(&["check", &s(&path), "--json"], d.path());
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["errors"], 1, "{v}");
    let f = &v["findings"][0];
    assert_eq!(f["code"], "mark-above-maximum", "{v}");
    assert_eq!(f["slide"], 3, "{v}");
    assert_eq!(f["severity"], "error", "{v}");
    // Speaker notes pasted into a slide's text: an error.
    let mut deck = marked_deck();
    let notes = "Do not say this aloud: the ambassador's private view on the timetable";
    deck.slides[1].notes = notes.into();
    if let SlideBody::Bullets { title, .. } = &mut deck.slides[1].body {
        *title = notes.into();
    }
    save(&deck, &path);
    let o = briefdeck(&["check", &s(&path)], d.path());
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("speaker notes of slide 2"), "{err}");
}

#[test]
fn the_sample_deck_shows_a_labelled_portion_marking_example_and_checks_clean() {
    let lib = Library::builtin().unwrap();
    let deck = sample_deck(&lib).unwrap();
    let plan = MarkingPlan::new(&deck, None);
    assert!(
        plan.findings
            .iter()
            .all(|f| f.severity == briefdeck::marking::Severity::Info),
        "{:?}",
        plan.findings
    );
    assert!(plan.portion_marked);
    let example = deck
        .slides
        .iter()
        .find(|s| s.title(&deck.meta).to_lowercase().contains("example"))
        .expect("an example slide");
    let marks: Vec<_> = example
        .body
        .blocks()
        .iter()
        .filter_map(|b| b.mark.clone())
        .collect();
    assert!(marks.len() >= 3, "{marks:?}");
    assert!(marks.iter().any(|m| m != "U"), "mixed: {marks:?}");
    let l = layout(&deck, &theme("navy"), &LayoutOptions::default()).unwrap();
    assert!(!l.pages.is_empty());
}

#[test]
fn copies_with_a_control_number_print_each_line_once() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("brief.pdf");
    let mut deck = marked_deck();
    deck.meta.markings.control_number = "BD-7".into();
    deck.meta.markings.version = "2".into();
    let recipients = vec!["Embassy One".to_owned(), "Embassy Two".to_owned()];
    export_copies(
        &deck,
        &theme("navy"),
        &LayoutOptions::default(),
        &out,
        &recipients,
        &mut |_, _| {},
    )
    .unwrap();
    for p in pdf_pages(&d.path().join("brief-copy-02-of-02-embassy-two.pdf")) {
        assert_eq!(p.matches("Control no. BD-7").count(), 1, "{p}");
        assert_eq!(p.matches("Copy 2 of 2").count(), 1, "{p}");
        assert!(!p.contains("Embassy One"), "{p}");
    }
}

#[test]
fn a_scheme_file_may_not_replace_a_builtin_one_and_deck_settings_are_checked() {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir(d.path().join("markings")).unwrap();
    std::fs::write(
        d.path().join("markings/us.toml"),
        "id = \"us\"\nname = \"Fake\"\n[[levels]]\nportion = \"S\"\nbanner = \"UNCLASSIFIED\"\nbackground = \"#007A33\"\ntext = \"#FFFFFF\"\n",
    )
    .unwrap();
    let cat = SchemeCatalog::load(&[d.path().join("markings")]);
    assert_eq!(cat.problems.len(), 1, "{:?}", cat.problems);
    assert!(cat.problems[0].message.contains("built-in `us`"));
    assert_eq!(cat.get("us").unwrap().levels.len(), 5, "the built-in stays");
    // A deck marking above the declared highest level is an error; a typo is flagged.
    let mut deck = marked_deck();
    deck.meta.marking = "SECRET".into();
    deck.meta.markings.highest_allowed = "C".into();
    let plan = MarkingPlan::new(&deck, None);
    assert!(plan
        .findings
        .iter()
        .any(|f| f.code == "mark-above-maximum" && f.block.is_none()));
    deck.meta.marking = "UNCLASIFIED".into();
    deck.meta.markings.highest_allowed.clear();
    let plan = MarkingPlan::new(&deck, None);
    assert!(plan
        .findings
        .iter()
        .any(|f| f.code == "free-text-marking"
            && f.severity == briefdeck::marking::Severity::Warning));
}
