//! The layout engine: golden text dumps, determinism, shrink and overflow, glyph coverage, themes.

use std::path::Path;

use briefdeck::deck::SlideEdit;
use briefdeck::deck::{sample_deck, Command, Deck, DeckMeta, Editor, PageFormat, SlideBody};
use briefdeck::layout::{dump, layout, Item, LayoutOptions, WarningKind};
use briefdeck::library::{Date, Library};
use briefdeck::theme::{parse_theme, Theme, ThemeCatalog, ThemeError};

mod common;
use common::golden;

fn theme(name: &str) -> Theme {
    ThemeCatalog::builtin().resolve(name).unwrap()
}

fn small_deck() -> Deck {
    let mut deck = Deck::new("Golden deck");
    deck.meta = DeckMeta {
        title: "Golden deck".into(),
        subtitle: "Layout regression fixture".into(),
        author: "Test".into(),
        organisation: "BriefDeck".into(),
        date: Date::parse("2026-02-16").ok(),
        audience: "Tests".into(),
        marking: "UNCLASSIFIED".into(),
        distribution: "Internal".into(),
        ..DeckMeta::default()
    };
    let mut ed = Editor::new(deck);
    let slides = vec![
        ed.new_slide(SlideBody::Title {}),
        ed.new_slide(SlideBody::Agenda {
            title: "Agenda".into(),
        }),
        ed.new_slide(SlideBody::Section {
            title: "First part".into(),
            subtitle: "Why it matters".into(),
        }),
        ed.new_slide(SlideBody::Bullets {
            title: "Azərbaycan, Türkiye and AVATAR kerning".into(),
            bullets: vec![
                "Ə ə Ğ ğ I ı İ i Ş ş Ç ç Ö ö Ü ü".into(),
                "Кириллица works too.".into(),
            ],
        }),
        ed.new_slide(SlideBody::Takeaways {
            title: "Key takeaways".into(),
            points: vec!["One.".into(), "Two.".into()],
        }),
    ];
    ed.apply("x", Command::Insert { index: 0, slides }).unwrap();
    ed.into_deck()
}

#[test]
fn golden_dump_of_a_small_deck() {
    let got = dump(&layout(&small_deck(), &theme("navy"), &LayoutOptions::default()).unwrap());
    golden("small-deck-navy.txt", &got);
}

#[test]
fn layout_is_deterministic_and_every_page_has_footer_and_banners() {
    let lib = Library::builtin().unwrap();
    let deck = sample_deck(&lib).unwrap();
    for name in ThemeCatalog::builtin().names() {
        let t = theme(&name);
        let a = layout(&deck, &t, &LayoutOptions::default()).unwrap();
        let b = layout(&deck, &t, &LayoutOptions::default()).unwrap();
        assert_eq!(a, b, "{name}: layout differs between runs");
        assert!(a.warnings.is_empty(), "{name}: {:#?}", a.warnings);
        let total = a.pages.len();
        for (i, p) in a.pages.iter().enumerate() {
            let texts: Vec<&str> = p
                .all_items()
                .into_iter()
                .filter_map(|it| match it {
                    Item::Text(r) => Some(r.text.as_str()),
                    _ => None,
                })
                .collect();
            let n = format!("{} / {total}", i + 1);
            assert!(
                texts.contains(&n.as_str()),
                "{name} page {}: no page number",
                i + 1
            );
            // The title page (the cover) and the marking example show CUI; the rest the deck
            // marking.
            let want = if i == 0 || texts.iter().any(|t| t.starts_with("Example only")) {
                "CUI"
            } else {
                "UNCLASSIFIED"
            };
            assert_eq!(
                texts.iter().filter(|t| **t == want).count(),
                2,
                "{name} page {}: banners",
                i + 1
            );
            assert!(
                texts.iter().any(|t| t.starts_with("The US")),
                "{name} page {}: footer title",
                i + 1
            );
            // Nothing is painted outside the page.
            for it in p.all_items() {
                if let Item::Text(r) = it {
                    assert!(
                        r.x_pt >= 0.0 && r.x_pt + r.width_pt <= p.width_pt + 0.5,
                        "{name}: {:?} off page",
                        r.text
                    );
                    assert!(
                        r.baseline_pt > 0.0 && r.baseline_pt < p.height_pt,
                        "{name}: {:?} off page",
                        r.text
                    );
                }
            }
        }
    }
}

#[test]
fn long_text_keeps_the_body_size_and_warns_naming_the_slide() {
    let mut ed = Editor::new(small_deck());
    let id = ed.deck().slides[3].id;
    let t = theme("minimal");
    // A few lines more than fit: the deck's body size is kept (no silent shrinking), and a
    // warning offers to split the slide.
    let some: Vec<String> = (0..14)
        .map(|i| format!("Point {i} with a few words of text."))
        .collect();
    ed.apply(
        "x",
        Command::Edit {
            id,
            edit: SlideEdit::Points(some.iter().map(|s| s.as_str().into()).collect()),
        },
    )
    .unwrap();
    let l = layout(ed.deck(), &t, &LayoutOptions::default()).unwrap();
    let sizes: Vec<f32> = l.pages[3]
        .all_items()
        .into_iter()
        .filter_map(|i| match i {
            Item::Text(r) if r.text.starts_with("Point") => Some(r.size_pt),
            _ => None,
        })
        .collect();
    assert_eq!(sizes.len(), 14);
    assert!(sizes.iter().all(|s| *s == t.sizes.body_pt), "{sizes:?}");
    let w = l
        .warnings
        .iter()
        .find(|w| w.kind == WarningKind::Overflow)
        .expect("overflow warning");
    assert!(w.message.contains("split the slide"), "{w}");
    // Every slide of the sample keeps one body size: all bullet and key-point text is set at
    // the theme's body size.
    let lib = Library::builtin().unwrap();
    let deck = sample_deck(&lib).unwrap();
    let nav = theme("navy");
    let l = layout(&deck, &nav, &LayoutOptions::default()).unwrap();
    assert!(l.warnings.is_empty(), "{:#?}", l.warnings);
    for (s, page) in deck.visible().zip(&l.pages) {
        if !matches!(
            s.body,
            SlideBody::Topic { .. } | SlideBody::Bullets { .. } | SlideBody::Takeaways { .. }
        ) {
            continue;
        }
        let body_sizes: Vec<f32> = page
            .all_items()
            .into_iter()
            .filter_map(|i| match i {
                Item::Text(r) if r.font.name().contains("Regular") && r.size_pt > 12.0 => {
                    Some(r.size_pt)
                }
                _ => None,
            })
            .collect();
        // One size on the slide: the body size, or the deck's one larger size for a short list.
        assert!(!body_sizes.is_empty(), "{}", s.title(&deck.meta));
        let sparse = nav.sizes.body_pt * nav.geometry.sparse_scale;
        let first = body_sizes[0];
        assert!(
            (first - nav.sizes.body_pt).abs() < 0.01 || (first - sparse).abs() < 0.01,
            "{}: {body_sizes:?}",
            s.title(&deck.meta)
        );
        assert!(
            body_sizes.iter().all(|x| (*x - first).abs() < 0.01),
            "{}: {body_sizes:?}",
            s.title(&deck.meta)
        );
    }
    // Far too much: an overflow warning that names slide 4.
    let lots: Vec<String> = (0..60)
        .map(|i| format!("Point {i} is a long sentence that goes on and on to fill the line."))
        .collect();
    ed.apply(
        "x",
        Command::Edit {
            id,
            edit: SlideEdit::Points(lots.iter().map(|s| s.as_str().into()).collect()),
        },
    )
    .unwrap();
    let l = layout(ed.deck(), &t, &LayoutOptions::default()).unwrap();
    let w = l
        .warnings
        .iter()
        .find(|w| w.kind == WarningKind::Overflow)
        .expect("overflow warning");
    assert_eq!(w.slide_id, Some(id));
    assert_eq!(w.page, Some(4));
    assert_eq!(w.slide, Some(4));
    assert!(w.to_string().starts_with("slide 4 (page 4): "), "{w}");
    // Never silently clipped: every bullet is still laid out.
    let count = l.pages[3]
        .all_items()
        .into_iter()
        .filter(|i| matches!(i, Item::Text(r) if r.text.starts_with("Point")))
        .count();
    assert!(count >= 60);
}

#[test]
fn missing_glyph_and_broken_image_are_warnings() {
    let mut ed = Editor::new(small_deck());
    let id = ed.deck().slides[3].id;
    ed.apply(
        "x",
        Command::Edit {
            id,
            edit: SlideEdit::Title("Beijing 北京".into()),
        },
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.png"), b"not a png").unwrap();
    let img = ed.new_slide(SlideBody::Image {
        title: "Map".into(),
        path: "broken.png".into(),
        caption: "A map".into(),
        credit: "Nobody".into(),
    });
    ed.apply(
        "x",
        Command::Insert {
            index: 4,
            slides: vec![img],
        },
    )
    .unwrap();
    let opts = LayoutOptions {
        base_dir: Some(dir.path().to_path_buf()),
        ..LayoutOptions::default()
    };
    let l = layout(ed.deck(), &theme("navy"), &opts).unwrap();
    assert!(
        l.warnings
            .iter()
            .any(|w| w.kind == WarningKind::MissingGlyph && w.message.contains('北')),
        "{:#?}",
        l.warnings
    );
    assert!(l
        .warnings
        .iter()
        .any(|w| w.kind == WarningKind::Image && w.message.contains("broken.png")));
    assert_eq!(
        l.pages.len(),
        6,
        "the slide with the broken image is still exported"
    );
}

#[test]
fn images_are_placed_and_downsized() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.png");
    image::RgbImage::from_fn(3000, 1500, |x, _| image::Rgb([(x % 256) as u8, 40, 90]))
        .save(&path)
        .unwrap();
    let mut ed = Editor::new(small_deck());
    let img = ed.new_slide(SlideBody::Image {
        title: "Picture".into(),
        path: path.display().to_string(),
        caption: "Caption".into(),
        credit: "Credit".into(),
    });
    ed.apply(
        "x",
        Command::Insert {
            index: 1,
            slides: vec![img],
        },
    )
    .unwrap();
    let l = layout(ed.deck(), &theme("print"), &LayoutOptions::default()).unwrap();
    assert!(l.warnings.is_empty(), "{:#?}", l.warnings);
    assert_eq!(l.images.len(), 1);
    assert!(l.images[0].width_px <= 2400);
    let rect = l.pages[1].all_items().into_iter().find_map(|i| match i {
        Item::Image { rect, .. } => Some(*rect),
        _ => None,
    });
    let rect = rect.expect("image placed");
    assert!(
        (rect.w_pt / rect.h_pt - 2.0).abs() < 0.01,
        "aspect ratio kept"
    );
}

#[test]
fn page_formats_have_their_sizes() {
    let mut deck = small_deck();
    for (f, w, h) in [
        (PageFormat::Wide, 960.0, 540.0),
        (PageFormat::Standard, 720.0, 540.0),
        (PageFormat::A4Landscape, 841.89, 595.28),
    ] {
        deck.page_format = f;
        let l = layout(&deck, &theme("navy"), &LayoutOptions::default()).unwrap();
        assert!((l.pages[0].width_pt - w).abs() < 0.01 && (l.pages[0].height_pt - h).abs() < 0.01);
        assert!(l.warnings.is_empty(), "{f:?}: {:#?}", l.warnings);
    }
}

#[test]
fn every_theme_file_loads() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "toml") {
            briefdeck::theme::load_theme_file(&p).unwrap_or_else(|e| panic!("{e}"));
            n += 1;
        }
    }
    assert!(n >= 3);
    let cat = ThemeCatalog::builtin();
    assert!(cat.problems.is_empty(), "{:?}", cat.problems);
    assert_eq!(cat.themes.len(), n, "every file in themes/ is embedded");
}

#[test]
fn theme_errors_name_the_field() {
    let navy =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/navy.toml"))
            .unwrap();
    let err = parse_theme("t.toml", &navy.replace("accent =", "acent ="), None).unwrap_err();
    assert!(
        matches!(&err, ThemeError::Parse { message, .. } if message.contains("acent")),
        "{err}"
    );
    let err = parse_theme(
        "t.toml",
        &navy.replace("accent = \"#D4AF37\"", "accent = \"gold\""),
        None,
    )
    .unwrap_err();
    assert!(
        matches!(&err, ThemeError::Invalid { field, .. } if field == "colors.accent"),
        "{err}"
    );
    let err = parse_theme(
        "t.toml",
        &navy.replace("body = \"Noto Sans\"", "body = \"Comic Sans\""),
        None,
    )
    .unwrap_err();
    assert!(err.to_string().contains("fonts.body"), "{err}");
    assert!(
        briefdeck::error::Hinted::hint(&err)
            .unwrap()
            .contains("Noto Sans"),
        "{err}"
    );
    let err = parse_theme(
        "t.toml",
        &navy.replace("text = \"#E6ECF4\"", "text = \"#0E2240\""),
        None,
    )
    .unwrap_err();
    assert!(err.to_string().contains("contrast"), "{err}");
    let err = parse_theme(
        "t.toml",
        &navy.replace("min_body_pt = 11", "min_body_pt = 30"),
        None,
    )
    .unwrap_err();
    assert!(err.to_string().contains("min_body_pt"), "{err}");
}

#[test]
fn theme_logo_is_placed_on_every_page() {
    let dir = tempfile::tempdir().unwrap();
    image::RgbImage::from_fn(200, 100, |_, _| image::Rgb([200, 20, 20]))
        .save(dir.path().join("logo.png"))
        .unwrap();
    let navy =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/navy.toml"))
            .unwrap();
    let with_logo = navy
        .replace("# logo = \"logo.png\"", "logo = \"logo.png\"")
        .replace("name = \"navy\"", "name = \"house\"");
    let file = dir.path().join("house.toml");
    std::fs::write(&file, with_logo).unwrap();
    let t = briefdeck::theme::load_theme_file(&file).unwrap();
    let l = layout(&small_deck(), &t, &LayoutOptions::default()).unwrap();
    assert!(l.warnings.is_empty(), "{:#?}", l.warnings);
    assert_eq!(l.images.len(), 1, "the logo is decoded once");
    for p in &l.pages {
        assert!(p
            .all_items()
            .into_iter()
            .any(|i| matches!(i, Item::Image { rect, .. } if (rect.w_pt - 44.0).abs() < 0.1)));
    }
    // A missing logo is a warning, not a failure.
    std::fs::remove_file(dir.path().join("logo.png")).unwrap();
    let l = layout(&small_deck(), &t, &LayoutOptions::default()).unwrap();
    assert!(l
        .warnings
        .iter()
        .any(|w| w.kind == WarningKind::Image && w.message.contains("logo")));
}

#[test]
fn transparent_pictures_are_flattened_onto_white() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clear.png");
    image::RgbaImage::from_fn(10, 10, |x, _| {
        if x < 5 {
            image::Rgba([0, 0, 0, 0])
        } else {
            image::Rgba([255, 0, 0, 255])
        }
    })
    .save(&path)
    .unwrap();
    let mut ed = Editor::new(small_deck());
    let img = ed.new_slide(SlideBody::Image {
        title: "P".into(),
        path: path.display().to_string(),
        caption: String::new(),
        credit: String::new(),
    });
    ed.apply(
        "x",
        Command::Insert {
            index: 1,
            slides: vec![img],
        },
    )
    .unwrap();
    let l = layout(ed.deck(), &theme("print"), &LayoutOptions::default()).unwrap();
    let px = &l.images[0].rgb;
    assert_eq!(
        &px[0..3],
        &[255, 255, 255],
        "transparent pixel becomes white"
    );
    assert_eq!(&px[27..30], &[255, 0, 0], "opaque pixel keeps its colour");
}

#[test]
fn incremental_layout_matches_a_fresh_layout_and_reuses_pages() {
    let lib = Library::builtin().unwrap();
    let mut ed = Editor::new(sample_deck(&lib).unwrap());
    let t = theme("navy");
    let opts = LayoutOptions::default();
    let mut state = briefdeck::layout::LayoutState::new().unwrap();
    let first = state.layout(ed.deck(), &t, &opts);
    assert_eq!(state.last_laid_out, first.pages.len());
    assert_eq!(first, layout(ed.deck(), &t, &opts).unwrap());
    // Nothing changed: nothing is laid out again.
    state.layout(ed.deck(), &t, &opts);
    assert_eq!(state.last_laid_out, 0);
    // Editing one content slide's text re-lays that slide only.
    let topic = ed
        .deck()
        .slides
        .iter()
        .find(|s| matches!(s.body, SlideBody::Topic { .. }))
        .unwrap()
        .id;
    ed.apply(
        "x",
        Command::Edit {
            id: topic,
            edit: SlideEdit::Points(vec!["Short.".into()]),
        },
    )
    .unwrap();
    let l = state.layout(ed.deck(), &t, &opts);
    assert_eq!(state.last_laid_out, 1);
    assert_eq!(dump(&l), dump(&layout(ed.deck(), &t, &opts).unwrap()));
    // A title change also re-lays the agenda? Only section titles feed it; a topic title feeds
    // nothing else, but the agenda depends on all titles, so it is laid out again too.
    ed.apply(
        "x",
        Command::Edit {
            id: topic,
            edit: SlideEdit::Title("Renamed".into()),
        },
    )
    .unwrap();
    let l = state.layout(ed.deck(), &t, &opts);
    assert_eq!(state.last_laid_out, 2);
    assert_eq!(dump(&l), dump(&layout(ed.deck(), &t, &opts).unwrap()));
    // Hiding a slide renumbers every page: all are laid out again, and still match.
    let first_id = ed.deck().slides[1].id;
    ed.apply(
        "x",
        Command::SetHidden {
            ids: vec![first_id],
            hidden: true,
        },
    )
    .unwrap();
    let l = state.layout(ed.deck(), &t, &opts);
    assert_eq!(dump(&l), dump(&layout(ed.deck(), &t, &opts).unwrap()));
    // Missing glyphs are reported on every layout, not only when a word is first shaped.
    ed.apply(
        "x",
        Command::Edit {
            id: topic,
            edit: SlideEdit::Points(vec!["北京".into()]),
        },
    )
    .unwrap();
    let l = state.layout(ed.deck(), &t, &opts);
    assert!(l
        .warnings
        .iter()
        .any(|w| w.kind == WarningKind::MissingGlyph));
    let again = state.layout(&ed.deck().clone(), &theme("minimal"), &opts);
    assert!(again
        .warnings
        .iter()
        .any(|w| w.kind == WarningKind::MissingGlyph));
}

#[test]
fn geometry_is_theme_data_with_defaults() {
    let navy = briefdeck::theme::BUILTIN_THEMES
        .iter()
        .find(|(n, _)| *n == "navy.toml")
        .unwrap()
        .1;
    let base = parse_theme("navy.toml", navy, None).unwrap();
    assert_eq!(base.geometry, briefdeck::theme::Geometry::default());
    // A wider title rule is taken from the file.
    let wide = parse_theme(
        "wide.toml",
        &format!("{navy}\n[geometry]\ntitle_rule_width_pt = 200\n"),
        None,
    )
    .unwrap();
    assert_eq!(wide.geometry.title_rule_width_pt, 200.0);
    let deck = small_deck();
    let rule_widths = |t: &Theme| -> Vec<f32> {
        layout(&deck, t, &LayoutOptions::default()).unwrap().pages[3]
            .all_items()
            .into_iter()
            .filter_map(|i| match i {
                Item::Rect { rect, .. } if rect.h_pt == 3.0 => Some(rect.w_pt),
                _ => None,
            })
            .collect()
    };
    assert_eq!(rule_widths(&base), vec![56.0]);
    assert_eq!(rule_widths(&wide), vec![200.0]);
    // A typo is an error that names the field; so is a value out of range.
    let err = parse_theme(
        "t.toml",
        &format!("{navy}\n[geometry]\ntitle_rule_widht_pt = 20\n"),
        None,
    )
    .unwrap_err();
    assert!(err.to_string().contains("title_rule_widht_pt"), "{err}");
    let err = parse_theme(
        "t.toml",
        &format!("{navy}\n[geometry]\nquote_max_ratio = 3\n"),
        None,
    )
    .unwrap_err();
    assert!(
        matches!(&err, ThemeError::Invalid { field, .. } if field == "geometry.quote_max_ratio"),
        "{err}"
    );
}

#[test]
fn a_long_marking_shrinks_then_is_cut_and_always_warns() {
    let t = theme("navy");
    let mut deck = small_deck();
    deck.meta.marking = "COMPANY CONFIDENTIAL HANDLING NOTICE ".repeat(6);
    let l = layout(&deck, &t, &LayoutOptions::default()).unwrap();
    let w: Vec<_> = l
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::Cut)
        .collect();
    assert_eq!(w.len(), 1, "{:#?}", l.warnings);
    assert!(
        w[0].message.contains("printed smaller;"),
        "{}",
        w[0].message
    );
    let banner = l.pages[0]
        .all_items()
        .into_iter()
        .find_map(|i| match i {
            Item::Text(r) if r.text.starts_with("COMPANY") => Some(r.clone()),
            _ => None,
        })
        .unwrap();
    assert!(banner.size_pt < 9.9 && banner.x_pt >= 0.0);
    assert!(banner.x_pt + banner.width_pt <= 960.0);
    assert!(!banner.text.ends_with('\u{2026}'), "shrunk, not cut");
    deck.meta.marking = "COMPANY CONFIDENTIAL HANDLING NOTICE ".repeat(12);
    let l = layout(&deck, &t, &LayoutOptions::default()).unwrap();
    assert!(l
        .warnings
        .iter()
        .any(|w| w.kind == WarningKind::BannerCut && w.message.contains("cut with an ellipsis")));
}

#[test]
fn bracketed_source_titles_are_not_put_in_quotation_marks() {
    let lib = Library::builtin().unwrap();
    let deck = sample_deck(&lib).unwrap();
    let l = layout(&deck, &theme("minimal"), &LayoutOptions::default()).unwrap();
    let last = l.pages.last().unwrap();
    let texts: Vec<String> = last
        .all_items()
        .into_iter()
        .filter_map(|i| match i {
            Item::Text(r) => Some(r.text.clone()),
            _ => None,
        })
        .collect();
    let all = texts.join(" ");
    assert!(all.contains(", [") || all.contains(" ["), "{all}");
    assert!(!all.contains("\u{201c}["), "{all}");
}

#[test]
fn slide_titles_take_no_closing_full_stop() {
    let lib = Library::builtin().unwrap();
    let deck = briefdeck::deck::new_deck(
        &lib,
        DeckMeta {
            title: "Views".into(),
            ..DeckMeta::default()
        },
        "navy",
        &["mammadov-middle-corridor"],
    )
    .unwrap();
    let l = layout(&deck, &theme("navy"), &LayoutOptions::default()).unwrap();
    let viewpoint = deck
        .visible()
        .position(|s| matches!(s.body, SlideBody::Viewpoint { .. }))
        .unwrap();
    let stance = deck.visible().nth(viewpoint).unwrap().title(&deck.meta);
    assert!(
        stance.ends_with('.'),
        "the library's stance is a sentence: {stance}"
    );
    let shown: Vec<String> = l.pages[viewpoint]
        .all_items()
        .into_iter()
        .filter_map(|i| match i {
            Item::Text(r) if r.size_pt >= 20.0 => Some(r.text.clone()),
            _ => None,
        })
        .collect();
    let last = shown.last().unwrap();
    assert!(!last.ends_with('.'), "{shown:?}");
    assert!(!l.bookmarks[viewpoint].title.ends_with('.'));
    // Abbreviations and ellipses keep their dots.
    assert_eq!(
        briefdeck::layout::shown_title("Talks with the U.S."),
        "Talks with the U.S."
    );
    assert_eq!(briefdeck::layout::shown_title("And then..."), "And then...");
    assert_eq!(briefdeck::layout::shown_title("Done. "), "Done");
}

#[test]
fn a_key_figures_slide_places_its_numbers_side_by_side() {
    let lib = Library::builtin().unwrap();
    let deck = sample_deck(&lib).unwrap();
    let t = theme("navy");
    let l = layout(&deck, &t, &LayoutOptions::default()).unwrap();
    let index = deck
        .visible()
        .position(|s| matches!(s.body, SlideBody::KeyFigures { .. }))
        .expect("the sample has a key-figures slide");
    let page = &l.pages[index];
    let runs: Vec<_> = page
        .all_items()
        .into_iter()
        .filter_map(|i| match i {
            Item::Text(r) => Some(r.clone()),
            _ => None,
        })
        .collect();
    let numbers: Vec<_> = ["16", "11", "43 km", "3 months"]
        .iter()
        .map(|v| {
            runs.iter()
                .find(|r| r.text == *v)
                .unwrap_or_else(|| panic!("{v} on the page"))
        })
        .collect();
    // One size, larger than the title, in the accent colour, on one baseline, left to right,
    // each inside the page.
    let size = numbers[0].size_pt;
    assert!(size > t.sizes.heading_pt, "{size}");
    for n in &numbers {
        assert_eq!(n.size_pt, size);
        assert_eq!(n.baseline_pt, numbers[0].baseline_pt);
        assert_eq!(n.color, t.colors.accent);
        assert!(n.x_pt + n.width_pt <= page.width_pt - t.margins.right_pt + 0.5);
    }
    assert!(numbers
        .windows(2)
        .all(|w| w[0].x_pt + w[0].width_pt < w[1].x_pt));
    // Each label sits under its number.
    let label = runs
        .iter()
        .find(|r| r.text.starts_with("planned TRIPP"))
        .unwrap();
    assert!(label.baseline_pt > numbers[2].baseline_pt);
    assert!((label.x_pt - numbers[2].x_pt).abs() < 0.5);
    assert!(l.warnings.is_empty(), "{:#?}", l.warnings);
}

#[test]
fn line_timelines_and_routes_put_their_stops_on_one_line_in_order() {
    let lib = Library::builtin().unwrap();
    let deck = sample_deck(&lib).unwrap();
    let l = layout(&deck, &theme("minimal"), &LayoutOptions::default()).unwrap();
    for (kind, first, last) in [
        ("route", "China", "European Union"),
        ("timeline", "8 August 2025", "10 February 2026"),
    ] {
        let index = deck
            .visible()
            .position(|s| match &s.body {
                SlideBody::Route { .. } => kind == "route",
                SlideBody::Timeline { style, .. } => {
                    kind == "timeline" && *style == briefdeck::deck::TimelineStyle::Line
                }
                _ => false,
            })
            .unwrap_or_else(|| panic!("a {kind} slide in the sample"));
        let page = &l.pages[index];
        let markers: Vec<f32> = page
            .all_items()
            .into_iter()
            .filter_map(|i| match i {
                Item::Rect {
                    rect,
                    fill: Some(_),
                    ..
                } if (rect.w_pt - 10.0).abs() < 0.01 && (rect.h_pt - 10.0).abs() < 0.01 => {
                    Some(rect.y_pt)
                }
                _ => None,
            })
            .collect();
        assert!(markers.len() >= 5, "{kind}: {markers:?}");
        assert!(
            markers.iter().all(|y| (*y - markers[0]).abs() < 0.01),
            "{kind}"
        );
        let x_of = |t: &str| {
            page.all_items()
                .into_iter()
                .find_map(|i| match i {
                    // A stop may carry its citation mark after the name.
                    Item::Text(r) if r.text.starts_with(t) => Some(r.x_pt),
                    _ => None,
                })
                .unwrap_or_else(|| panic!("{t} on the {kind} slide"))
        };
        assert!(x_of(first) < x_of(last), "{kind}");
    }
    assert!(l.warnings.is_empty(), "{:#?}", l.warnings);
}

#[test]
fn the_sample_topic_slides_hold_about_forty_words_each() {
    let lib = Library::builtin().unwrap();
    let deck = sample_deck(&lib).unwrap();
    let mut topics = 0;
    for s in deck.visible() {
        if let SlideBody::Topic { .. } = &s.body {
            topics += 1;
            let words: usize = s
                .body
                .blocks()
                .iter()
                .map(|b| b.text.split_whitespace().count())
                .sum();
            assert!(words <= 45, "{}: {words} words", s.title(&deck.meta));
            assert!(
                (3..=5).contains(&s.body.blocks().len()),
                "{}",
                s.title(&deck.meta)
            );
            // The summary is not on the slide; it is in the speaker notes.
            assert!(!s.notes.trim().is_empty(), "{}", s.title(&deck.meta));
        }
    }
    assert!(topics >= 8, "{topics}");
}

#[test]
fn a_deck_laid_out_on_all_cores_matches_one_laid_out_slide_by_slide() {
    // Pictures in both halves of the deck (one of them twice), so the threads' picture stores
    // are merged and their indexes renumbered.
    let dir = tempfile::tempdir().unwrap();
    let colours = [[200u8, 0, 0], [0, 120, 0], [0, 0, 160]];
    let paths: Vec<String> = colours
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let p = dir.path().join(format!("p{i}.png"));
            image::RgbImage::from_pixel(4 + i as u32, 4, image::Rgb(*c))
                .save(&p)
                .unwrap();
            p.display().to_string()
        })
        .collect();
    let lib = Library::builtin().unwrap();
    let sample = sample_deck(&lib).unwrap();
    let mut ed = Editor::new(sample.clone());
    for round in 0..3 {
        let slides: Vec<_> = sample
            .slides
            .iter()
            .map(|s| ed.new_slide(s.body.clone()))
            .collect();
        let at = ed.deck().slides.len();
        ed.apply("x", Command::Insert { index: at, slides })
            .unwrap();
        for p in [&paths[round], &paths[(round + 1) % 3]] {
            let img = ed.new_slide(SlideBody::Image {
                title: format!("Picture {round}"),
                path: p.clone(),
                caption: String::new(),
                credit: String::new(),
            });
            let at = ed.deck().slides.len();
            ed.apply(
                "x",
                Command::Insert {
                    index: at,
                    slides: vec![img],
                },
            )
            .unwrap();
        }
    }
    let deck = ed.deck();
    assert!(deck.slides.len() > 30);
    let t = theme("print");
    let options = LayoutOptions::default();
    let side_by_side = layout(deck, &t, &options).unwrap();
    let one_by_one = briefdeck::layout::LayoutState::new()
        .unwrap()
        .layout(deck, &t, &options);
    assert_eq!(side_by_side.images.len(), 3, "each picture once");
    assert_eq!(side_by_side, one_by_one);
}
