//! Property-based fuzzing of every loader and of the layout engine: no input makes BriefDeck
//! panic or hang. `cargo test` runs a short version; set `BRIEFDECK_FUZZ_CASES` (e.g. 200000) for
//! a long run. Every failure proptest finds is kept in `tests/fuzz.proptest-regressions`.

use std::path::Path;

use briefdeck::deck::{self, Block, Deck, DeckMeta, Slide, SlideBody, Speaker, TimelineEntry};
use briefdeck::layout::{layout, Beside, HandoutOptions, LayoutOptions, Output, Paper, PerPage};
use briefdeck::library::{load_pack_dir, Date};
use briefdeck::theme::{parse_theme, ThemeCatalog};
use proptest::prelude::*;

fn cases(short: u32) -> ProptestConfig {
    let n = std::env::var("BRIEFDECK_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(short);
    ProptestConfig {
        cases: n,
        max_shrink_iters: 200,
        // Kept beside this file (run from the package root, as `cargo test` does); the default
        // looks for a lib.rs or main.rs above the test file and finds none.
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::Direct(
                "tests/fuzz.proptest-regressions",
            ),
        )),
        ..ProptestConfig::default()
    }
}

/// One edit of a byte string: (where, what, how).
type Edit = (u32, u8, u8);

/// Applies edits: overwrite a byte, delete a run, insert a byte, or cut the rest off.
fn mutate(base: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut v = base.to_vec();
    for (at, byte, how) in edits {
        if v.is_empty() {
            v.push(*byte);
            continue;
        }
        let i = (*at as usize) % v.len();
        match how % 4 {
            0 => v[i] = *byte,
            1 => {
                let end = (i + usize::from(*byte % 32)).min(v.len());
                v.drain(i..end);
            }
            2 => v.insert(i, *byte),
            _ => v.truncate(i),
        }
    }
    v
}

fn sample_json() -> &'static str {
    static JSON: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    JSON.get_or_init(|| {
        let lib = briefdeck::library::Library::builtin().unwrap();
        deck::to_json(&deck::sample_deck(&lib).unwrap()).unwrap()
    })
}

fn navy() -> &'static str {
    briefdeck::theme::BUILTIN_THEMES
        .iter()
        .find(|(n, _)| *n == "navy.toml")
        .unwrap()
        .1
}

proptest! {
    #![proptest_config(cases(64))]

    #[test]
    fn deck_loader_never_panics(edits in prop::collection::vec(any::<Edit>(), 1..8)) {
        let base = sample_json();
        let bytes = mutate(base.as_bytes(), &edits);
        let text = String::from_utf8_lossy(&bytes);
        // Ok or a typed error with a hint; never a panic.
        if let Err(e) = deck::from_json("fuzz.json", &text) {
            prop_assert!(briefdeck::error::Hinted::hint(&e).is_some(), "{e}");
        }
    }

    #[test]
    fn deck_loader_takes_any_text(text in "\\PC{0,200}") {
        let _ = deck::from_json("fuzz.json", &text);
        let _ = deck::from_json("fuzz.json", &format!("{{\"format_version\": 2, \"deck\": {text}}}"));
    }

    #[test]
    fn theme_loader_never_panics(edits in prop::collection::vec(any::<Edit>(), 1..8)) {
        let bytes = mutate(navy().as_bytes(), &edits);
        let text = String::from_utf8_lossy(&bytes);
        if let Err(e) = parse_theme("fuzz.toml", &text, None) {
            prop_assert!(briefdeck::error::Hinted::hint(&e).is_some(), "{e}");
        }
    }
}

proptest! {
    #![proptest_config(cases(16))]

    #[test]
    fn pack_loader_never_panics(
        file in 0usize..6,
        edits in prop::collection::vec(any::<Edit>(), 1..6),
    ) {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/library/charter-2026");
        let dir = tempfile::tempdir().unwrap();
        // The pack's own TOML files only (an editor's temporary file may come and go).
        let mut names: Vec<_> = std::fs::read_dir(&src)
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .filter(|n| n.to_string_lossy().ends_with(".toml"))
            .collect();
        names.sort();
        for (i, name) in names.iter().enumerate() {
            let bytes = std::fs::read(src.join(name)).unwrap();
            let bytes = if i == file % names.len() { mutate(&bytes, &edits) } else { bytes };
            std::fs::write(dir.path().join(name), bytes).unwrap();
        }
        if let Err(f) = load_pack_dir(dir.path()) {
            prop_assert!(!f.issues.is_empty());
        }
    }
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z ,.]{0,60}",
        "\\PC{0,40}",
        Just(String::new()),
        "[a-z]{1,12}".prop_map(|w| format!("{w} ").repeat(40)),
        Just("Ağdam Şuşa İlham Əliyev — “quoted” 北京 \u{0}\u{200f}".to_owned()),
        Just("W".repeat(400)),
        // Right-to-left and mixed text, with brackets, digits and direction marks.
        "[\u{0590}-\u{06ff}\u{200e}\u{200f}\u{202a}-\u{202e} a-z0-9().«»]{0,60}",
        Just("Baku باكو (2026) \u{200f}שלום\u{200e} «ميثاق» 10 فبراير".to_owned()),
    ]
}

fn blocks() -> impl Strategy<Value = Vec<Block>> {
    prop::collection::vec(
        (text(), prop::option::of("[A-Z]{1,4}")).prop_map(|(text, mark)| Block {
            text,
            mark,
            sources: vec!["s1".into()],
        }),
        0..7,
    )
}

fn body() -> impl Strategy<Value = SlideBody> {
    prop_oneof![
        Just(SlideBody::Title {}),
        text().prop_map(|title| SlideBody::Agenda { title }),
        (text(), text()).prop_map(|(title, subtitle)| SlideBody::Section { title, subtitle }),
        (text(), blocks(), blocks()).prop_map(|(title, summary, key_points)| SlideBody::Topic {
            title,
            display: Default::default(),
            summary,
            key_points,
            sources: vec!["s1".into(), "missing".into()],
        }),
        (text(), text(), blocks(), prop::option::of(text())).prop_map(
            |(title, person, claims, quote)| SlideBody::Viewpoint {
                title,
                speaker: Speaker {
                    person,
                    ..Speaker::default()
                },
                claims,
                quote: quote.map(Block::new),
                date: Date::parse("2026-02-12").ok(),
                sources: vec!["s1".into()],
            }
        ),
        (text(), prop::collection::vec(text(), 0..6), any::<bool>()).prop_map(
            |(title, texts, line)| {
                SlideBody::Timeline {
                    title,
                    style: if line {
                        briefdeck::deck::TimelineStyle::Line
                    } else {
                        briefdeck::deck::TimelineStyle::List
                    },
                    entries: texts
                        .into_iter()
                        .map(|t| TimelineEntry {
                            item: None,
                            date: Date::parse("2025-08-08").unwrap(),
                            text: t,
                            mark: None,
                            sources: vec![],
                        })
                        .collect(),
                }
            }
        ),
        (text(), blocks()).prop_map(|(title, bullets)| SlideBody::Bullets { title, bullets }),
        (text(), blocks()).prop_map(|(title, paragraphs)| SlideBody::Text { title, paragraphs }),
        (text(), blocks()).prop_map(|(title, points)| SlideBody::Takeaways { title, points }),
        (text(), text()).prop_map(|(title, path)| SlideBody::Image {
            title,
            path,
            caption: String::new(),
            credit: String::new(),
        }),
        text().prop_map(|title| SlideBody::Sources { title }),
        (text(), prop::collection::vec((text(), text()), 0..7)).prop_map(|(title, figs)| {
            SlideBody::KeyFigures {
                title,
                figures: figs
                    .into_iter()
                    .map(|(value, text)| briefdeck::deck::KeyFigure {
                        value,
                        text,
                        mark: None,
                        sources: vec!["s1".into()],
                    })
                    .collect(),
            }
        }),
        (text(), blocks(), text()).prop_map(|(title, stops, caption)| SlideBody::Route {
            title,
            stops,
            caption,
        }),
    ]
}

fn arbitrary_deck() -> impl Strategy<Value = Deck> {
    (
        text(),
        text(),
        text(),
        prop::collection::vec((body(), any::<bool>(), text()), 0..8),
        (
            0usize..6,
            prop::collection::vec(text(), 0..3),
            any::<(bool, bool, bool)>(),
            text(),
        ),
    )
        .prop_map(|(title, marking, distribution, slides, marks)| {
            let (scheme, caveats, (draft, overall, labels), control) = marks;
            let mut d = Deck::new("fuzz");
            d.meta = DeckMeta {
                title,
                marking,
                distribution,
                ..DeckMeta::default()
            };
            let m = &mut d.meta.markings;
            m.scheme = ["", "us", "uk", "nato", "eu", "no-such-scheme"][scheme].into();
            m.caveats = caveats;
            m.draft = draft;
            m.portion_labels = labels;
            m.control_number = control;
            if overall {
                m.slides = briefdeck::deck::BannerMode::Overall;
                m.highest_allowed = "C".into();
            }
            d.slides = slides
                .into_iter()
                .enumerate()
                .map(|(i, (body, hidden, notes))| Slide {
                    id: i as u64 + 1,
                    hidden,
                    origin: None,
                    notes,
                    body,
                })
                .collect();
            d
        })
}

proptest! {
    #![proptest_config(cases(24))]

    #[test]
    fn layout_never_panics_and_counts_pages(deck in arbitrary_deck(), per in 0usize..5) {
        let theme = ThemeCatalog::builtin().resolve("print").unwrap();
        let visible = deck.visible().count();
        let slides = layout(&deck, &theme, &LayoutOptions::default()).unwrap();
        prop_assert_eq!(slides.pages.len(), visible);
        // The pre-export check and the PDF writer take whatever the layout made.
        let report = briefdeck::preflight::check(&deck, &theme, &LayoutOptions::default(), &slides);
        prop_assert!(report.findings.iter().all(|f| !f.message.is_empty()));
        if visible > 0 && visible <= 3 {
            let info = briefdeck::pdf::PdfInfo::from_meta(&deck.meta);
            let bytes = briefdeck::pdf::render(&slides, &info, &mut |_, _| {}).unwrap();
            prop_assert!(bytes.starts_with(b"%PDF"));
        }
        let per_page = PerPage::ALL[per];
        let handout = layout(&deck, &theme, &LayoutOptions {
            output: Output::Handout(HandoutOptions { paper: Paper::Letter, per_page, beside: Beside::Notes }),
            ..LayoutOptions::default()
        }).unwrap();
        prop_assert_eq!(handout.pages.len(), visible.div_ceil(per_page.count()));
        let notes = layout(&deck, &theme, &LayoutOptions {
            output: Output::Notes(Paper::A4),
            ..LayoutOptions::default()
        }).unwrap();
        prop_assert!(notes.pages.len() >= visible);
        prop_assert_eq!(notes.bookmarks.len(), visible);
        // The memo reads every visible slide's text and the deck's memo settings.
        let memo = layout(&deck, &theme, &LayoutOptions {
            output: Output::Memo(Paper::A4),
            ..LayoutOptions::default()
        }).unwrap();
        prop_assert!(!memo.pages.is_empty());
    }
}

/// Found by the layout target (500 000-case run, November 2026): when every character a font
/// was to show is one it lacks (a title in a script no shipped font has), printpdf left the font
/// out and the PDF writer's glyph codes fell out of step ("glyph codes do not match the
/// characters"). Such text now shows the font's empty boxes, the font is embedded, and the
/// characters are warned about.
#[test]
fn regression_a_font_that_has_none_of_its_characters() {
    for title in ["\u{74d}", "\u{9be}\u{1f574}"] {
        let mut d = Deck::new("fuzz");
        d.meta.title = title.into();
        d.meta.markings.scheme = "no-such-scheme".into();
        d.meta.markings.draft = true;
        d.meta.markings.control_number =
            "5m\u{23a}2_\u{9be}\u{1f574}\u{f7}\"\u{fffd}Rx!l*='".into();
        d.slides = vec![Slide {
            id: 1,
            hidden: false,
            origin: None,
            notes: String::new(),
            body: SlideBody::Title {},
        }];
        let theme = ThemeCatalog::builtin().resolve("print").unwrap();
        let slides = layout(&d, &theme, &LayoutOptions::default()).unwrap();
        let info = briefdeck::pdf::PdfInfo::from_meta(&d.meta);
        let bytes = briefdeck::pdf::render(&slides, &info, &mut |_, _| {}).unwrap();
        // Every font a page's content selects is among that page's font resources.
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        for (_, page) in doc.get_pages() {
            let fonts = doc.get_page_fonts(page).unwrap();
            let content = lopdf::content::Content::decode(&doc.get_page_content(page)).unwrap();
            for op in content.operations.iter().filter(|o| o.operator == "Tf") {
                let name = op.operands[0].as_name().unwrap();
                assert!(
                    fonts.contains_key(name),
                    "{title:?}: font {:?} not in the page's resources",
                    String::from_utf8_lossy(name)
                );
            }
        }
    }
}
