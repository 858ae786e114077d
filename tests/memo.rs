//! The read-ahead memo, inline citations and the briefing pack, read back from the PDFs they
//! write: section order per template, the bottom line on page 1, endnote numbers against the
//! citation marks, hidden slides left out, the page-limit warning, citation numbers on slides
//! against the sources slide, and the pack's files with equal dates and markings.

use std::path::Path;

use briefdeck::deck::{sample_deck, Block, CitedSource, Command, Deck, Editor, SlideBody};
use briefdeck::export::export_pdf;
use briefdeck::layout::{layout, LayoutOptions, Output, Paper, WarningKind};
use briefdeck::library::{Date, Library, SourceKind};
use briefdeck::theme::{CitationStyle, ThemeCatalog};
use lopdf::Document;

fn sample() -> Deck {
    sample_deck(&Library::builtin().unwrap()).unwrap()
}

fn memo_options() -> LayoutOptions {
    LayoutOptions {
        output: Output::Memo(Paper::A4),
        ..LayoutOptions::default()
    }
}

/// Writes `output` of `deck` and returns the text of each page.
fn pdf_pages(deck: &Deck, output: Output, out: &Path) -> Vec<String> {
    let theme = ThemeCatalog::builtin().resolve("navy").unwrap();
    let options = LayoutOptions {
        output,
        ..LayoutOptions::default()
    };
    export_pdf(deck, &theme, &options, out, &mut |_, _| {}).unwrap();
    texts(out)
}

fn texts(path: &Path) -> Vec<String> {
    let doc = Document::load(path).unwrap();
    doc.get_pages()
        .keys()
        .map(|n| doc.extract_text(&[*n]).unwrap_or_default())
        .collect()
}

/// Position of each needle in `hay`, in the order given; panics naming a missing one.
fn positions(hay: &str, needles: &[&str]) -> Vec<usize> {
    needles
        .iter()
        .map(|n| {
            hay.find(n)
                .unwrap_or_else(|| panic!("{n:?} not in memo text"))
        })
        .collect()
}

fn is_sorted(v: &[usize]) -> bool {
    v.windows(2).all(|w| w[0] < w[1])
}

#[test]
fn the_decision_memo_follows_its_template_with_the_bottom_line_on_page_one() {
    let dir = tempfile::tempdir().unwrap();
    let pages = pdf_pages(
        &sample(),
        Output::Memo(Paper::A4),
        &dir.path().join("m.pdf"),
    );
    let first = &pages[0];
    let p = positions(
        first,
        &[
            "DECISION MEMORANDUM",
            "TO:",
            "Head of Mission",
            "Bottom line up front",
            "Background",
        ],
    );
    assert!(is_sorted(&p), "{p:?}\n{first}");
    // The bottom line is the takeaways as prose, before the background.
    let bluf = first
        .find("formalises a long, uneven relationship")
        .unwrap();
    assert!(bluf < p[4]);
    let all = pages.join("\n");
    let order = positions(
        &all,
        &[
            "Bottom line up front",
            "Background",
            "Discussion",
            "Recommendation",
            "Approve",
            "Disapprove",
            "Sources",
        ],
    );
    assert!(is_sorted(&order), "{order:?}");
    // A view keeps its person, affiliation, outlet and date.
    let flat = all.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Mahammad Mammadov (Regional-security expert, Topchubashov Center"));
    assert!(flat.contains("via News.Az; 12 February 2026"), "{flat}");
    // Every page carries the footer's page count of the memo.
    let n = pages.len();
    assert!(pages[n - 1].contains(&format!("{n} / {n}")));
}

#[test]
fn the_bilateral_brief_follows_its_own_template() {
    let mut deck = sample();
    deck.meta.memo.template = "bilateral".into();
    let dir = tempfile::tempdir().unwrap();
    let pages = pdf_pages(
        &deck,
        Output::Memo(Paper::Letter),
        &dir.path().join("b.pdf"),
    );
    let all = pages.join("\n");
    let order = positions(
        &all,
        &[
            "BRIEF FOR A BILATERAL MEETING",
            "Objectives",
            "Their objectives",
            "Key messages",
            "Lines to take",
            "Background",
            "Press lines",
            "Sources",
        ],
    );
    assert!(is_sorted(&order), "{order:?}");
    // Lines to take come from the speaker notes, not from a topic's summary kept as notes.
    let lines = &all[order[4]..order[5]];
    assert!(lines.contains("If asked about this view"), "{lines}");
    assert!(!lines.contains("The charter\u{2019}s starting point is that each side backs"));
    // Fields of the memo settings are printed; an empty one asks to be filled in.
    assert!(all.contains("Register interest in the energy and Middle Corridor cooperation"));
    deck.meta.memo.fields.remove("press_lines");
    let theme = ThemeCatalog::builtin().resolve("navy").unwrap();
    let l = layout(&deck, &theme, &memo_options()).unwrap();
    assert!(l
        .warnings
        .iter()
        .any(|w| w.kind == WarningKind::Empty && w.message.contains("Press lines")));
}

fn source(outlet: &str, day: &str) -> CitedSource {
    CitedSource {
        outlet: outlet.into(),
        title: format!("Report by {outlet}"),
        author: None,
        date: Date::parse(day).unwrap(),
        url: None,
        kind: SourceKind::NewsReport,
    }
}

/// A small deck: takeaways, a section, two topics citing in the order B then A, a hidden topic
/// citing C only, and a sources slide.
fn cited_deck() -> Deck {
    let mut deck = Deck::new("Citations");
    deck.sources
        .insert("a".into(), source("Alpha Outlet", "2026-01-01"));
    deck.sources
        .insert("b".into(), source("Beta Outlet", "2026-01-02"));
    deck.sources
        .insert("c".into(), source("Gamma Outlet", "2026-01-03"));
    let mut ed = Editor::new(deck);
    let cited = |text: &str, id: &str| Block {
        text: text.into(),
        mark: None,
        sources: vec![id.into()],
    };
    let slides = vec![
        ed.new_slide(SlideBody::Takeaways {
            title: "Key takeaways".into(),
            points: vec![Block::new("One short point.")],
        }),
        ed.new_slide(SlideBody::Section {
            title: "First part".into(),
            subtitle: String::new(),
        }),
        ed.new_slide(SlideBody::Topic {
            title: "Topic one".into(),
            display: Default::default(),
            summary: vec![cited("Bravo says the first thing.", "b")],
            key_points: vec![cited("Bravo point", "b")],
            sources: vec![],
        }),
        ed.new_slide(SlideBody::Topic {
            title: "Topic two".into(),
            display: Default::default(),
            summary: vec![cited("Alpha says the second thing.", "a")],
            key_points: vec![cited("Alpha point", "a")],
            sources: vec![],
        }),
        ed.new_slide(SlideBody::Topic {
            title: "Hidden topic".into(),
            display: Default::default(),
            summary: vec![cited("Gamma says a secret thing.", "c")],
            key_points: vec![cited("Gamma point", "c")],
            sources: vec![],
        }),
        ed.new_slide(SlideBody::Sources {
            title: "Sources".into(),
        }),
    ];
    let hidden = slides[4].id;
    ed.apply("x", Command::Insert { index: 0, slides }).unwrap();
    ed.apply(
        "hide",
        Command::SetHidden {
            ids: vec![hidden],
            hidden: true,
        },
    )
    .unwrap();
    ed.deck().clone()
}

#[test]
fn endnote_numbers_match_the_citation_marks_and_hidden_slides_stay_out() {
    let deck = cited_deck();
    let dir = tempfile::tempdir().unwrap();
    let all = pdf_pages(&deck, Output::Memo(Paper::A4), &dir.path().join("c.pdf")).join("\n");
    let sup = CitationStyle::Superscript;
    // Numbered in order of first citation in the memo: Beta first, then Alpha.
    assert!(
        all.contains(&format!("Bravo says the first thing.{}", sup.mark(&[1]))),
        "{all}"
    );
    assert!(all.contains(&format!("Alpha says the second thing.{}", sup.mark(&[2]))));
    let notes = &all[all.rfind("Sources").unwrap()..];
    let beta = notes.find("Beta Outlet").unwrap();
    let alpha = notes.find("Alpha Outlet").unwrap();
    assert!(notes[..beta].contains("1."), "{notes}");
    assert!(beta < alpha);
    // Nothing of the hidden slide: neither its text nor the source only it cites.
    assert!(!all.contains("Gamma"), "{all}");
}

#[test]
fn citation_numbers_on_slides_match_the_sources_slide() {
    let dir = tempfile::tempdir().unwrap();
    let deck = cited_deck();
    let pages = pdf_pages(&deck, Output::Slides, &dir.path().join("s.pdf"));
    let sup = CitationStyle::Superscript;
    // Slides: topic one (page 3) shows ¹, topic two (page 4) ², and the sources slide lists
    // Beta as [1] and Alpha as [2]; Gamma (cited by the hidden slide only) is not listed.
    assert!(
        pages[2].contains(&format!("Bravo point{}", sup.mark(&[1]))),
        "{}",
        pages[2]
    );
    assert!(pages[3].contains(&format!("Alpha point{}", sup.mark(&[2]))));
    let list = pages.last().unwrap();
    let one = list.find("[1]").unwrap();
    let two = list.find("[2]").unwrap();
    assert!(list[one..two].contains("Beta Outlet"), "{list}");
    assert!(list[two..].contains("Alpha Outlet"));
    assert!(!list.contains("Gamma"));
    // The sample: every block that cites shows the numbers its sources have on the list.
    let deck = sample();
    let pages = pdf_pages(&deck, Output::Slides, &dir.path().join("sample.pdf"));
    let numbers: Vec<&str> = deck.cited_sources();
    let list = pages.last().unwrap();
    for (n, id) in numbers.iter().enumerate() {
        let outlet = &deck.sources[*id].outlet;
        let at = list.find(&format!("[{}]", n + 1)).unwrap();
        assert!(list[at..].contains(outlet.as_str()), "[{}] {outlet}", n + 1);
    }
    let mut checked = 0;
    for (i, s) in deck.visible().enumerate() {
        if let SlideBody::Timeline { entries, .. } = &s.body {
            for e in entries.iter().filter(|e| !e.sources.is_empty()) {
                let mut nums: Vec<usize> = e
                    .sources
                    .iter()
                    .map(|id| numbers.iter().position(|x| x == id).unwrap() + 1)
                    .collect();
                nums.sort_unstable();
                nums.dedup();
                let mark = sup.mark(&nums);
                let page: String = pages[i].split_whitespace().collect();
                assert!(
                    page.contains(&mark),
                    "slide {}: {mark} not in {page}",
                    i + 1
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 5, "{checked}");
}

#[test]
fn a_memo_over_its_page_limit_says_by_how_much_and_a_short_one_does_not() {
    let theme = ThemeCatalog::builtin().resolve("navy").unwrap();
    let long = layout(&sample(), &theme, &memo_options()).unwrap();
    let w = long
        .warnings
        .iter()
        .find(|w| w.kind == WarningKind::Length && w.message.contains("limit of 2 pages"))
        .expect("page-limit warning");
    assert!(long.pages.len() > 2);
    assert!(
        w.message
            .contains(&format!("runs to {} pages", long.pages.len())),
        "{w}"
    );
    assert!(w.message.contains("lines on"), "{w}");
    let short = layout(&cited_deck(), &theme, &memo_options()).unwrap();
    assert_eq!(short.pages.len(), 1);
    assert!(short.warnings.iter().all(|w| w.kind != WarningKind::Length));
}

#[test]
fn a_long_bottom_line_is_warned() {
    let theme = ThemeCatalog::builtin().resolve("navy").unwrap();
    let mut deck = cited_deck();
    if let SlideBody::Takeaways { points, .. } = &mut deck.slides[0].body {
        *points = (0..6)
            .map(|i| {
                Block::new(format!(
                    "Point {i} says rather more than a bottom line should hold in one breath."
                ))
            })
            .collect();
    }
    let l = layout(&deck, &theme, &memo_options()).unwrap();
    assert!(l
        .warnings
        .iter()
        .any(|w| w.kind == WarningKind::Length && w.message.contains("keep it to 4")));
}

#[test]
fn memo_banners_follow_the_marks_on_each_page() {
    // The sample's labelled CUI example sits in the last part: that page and the first (the
    // memo's highest mark, as on any cover) show CUI; a page between shows the deck marking.
    let dir = tempfile::tempdir().unwrap();
    let pages = pdf_pages(
        &sample(),
        Output::Memo(Paper::A4),
        &dir.path().join("m.pdf"),
    );
    assert!(pages[0].contains("MARKING:"));
    assert!(pages[0].contains("CUI"));
    assert!(
        pages[1].contains("UNCLASSIFIED") && !pages[1].contains("CUI"),
        "{}",
        pages[1]
    );
    let with_example = pages
        .iter()
        .position(|p| p.contains("(CUI) Placeholder"))
        .unwrap();
    assert!(pages[with_example].matches("CUI").count() >= 3);
}

#[test]
fn the_pack_writes_every_document_with_the_same_date_and_marking() {
    let deck = sample();
    let theme = ThemeCatalog::builtin().resolve("navy").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pack");
    let report = briefdeck::pack::write(
        &briefdeck::pack::PackJob {
            deck: &deck,
            theme: &theme,
            base: &LayoutOptions::default(),
            paper: Paper::A4,
            dir: &out,
            stem: "charter",
            recipients: None,
        },
        &|_, _| {},
    )
    .unwrap();
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "README.txt",
            "charter-handout.pdf",
            "charter-memo.pdf",
            "charter-notes.pdf",
            "charter-slides.pdf"
        ]
    );
    let readme = std::fs::read_to_string(out.join("README.txt")).unwrap();
    for f in &report.files {
        let doc = Document::load(&f.path).unwrap();
        let pages = doc.get_pages().len();
        assert_eq!(pages, f.pages);
        let name = f.path.file_name().unwrap().to_string_lossy().into_owned();
        let line = readme.lines().find(|l| l.contains(&name)).unwrap();
        assert!(line.contains(&format!("{pages} pages")), "{line}");
        assert!(line.contains("highest marking CUI"), "{line}");
        let text = texts(&f.path).join("\n");
        assert!(text.contains("16 February 2026"), "{name}");
        assert!(
            text.contains("CUI") && text.contains("UNCLASSIFIED"),
            "{name}"
        );
    }
    assert_eq!(report.files.len(), 4);
    assert!(readme.contains("Date: 16 February 2026"));
    assert!(readme.contains("Marking: CUI"));
}

#[test]
fn a_pack_of_numbered_copies_puts_each_copy_in_its_folder() {
    let deck = sample();
    let theme = ThemeCatalog::builtin().resolve("navy").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let recipients = vec!["Embassy in Baku".to_owned(), "Desk officer".to_owned()];
    let report = briefdeck::pack::write(
        &briefdeck::pack::PackJob {
            deck: &deck,
            theme: &theme,
            base: &LayoutOptions::default(),
            paper: Paper::Letter,
            dir: dir.path(),
            stem: "b",
            recipients: Some(recipients.as_slice()),
        },
        &|_, _| {},
    )
    .unwrap();
    assert_eq!(report.files.len(), 8);
    let second = dir.path().join("copy-02-of-02-desk-officer");
    let memo = texts(&second.join("b-memo.pdf")).join("\n");
    assert!(memo.contains("Copy 2 of 2"), "{memo}");
    assert!(!memo.contains("Copy 1 of 2"));
    let readme = std::fs::read_to_string(second.join("README.txt")).unwrap();
    assert!(readme.contains("Copy 2 of 2 \u{2014} Desk officer"));
}

#[test]
fn a_pack_that_fails_leaves_no_files_and_names_the_document() {
    let deck = sample();
    let theme = ThemeCatalog::builtin().resolve("navy").unwrap();
    let dir = tempfile::tempdir().unwrap();
    // A folder where the notes pages should go: that one write fails.
    std::fs::create_dir(dir.path().join("x-notes.pdf")).unwrap();
    std::fs::write(dir.path().join("x-notes.pdf").join("keep"), b"k").unwrap();
    let err = briefdeck::pack::write(
        &briefdeck::pack::PackJob {
            deck: &deck,
            theme: &theme,
            base: &LayoutOptions::default(),
            paper: Paper::A4,
            dir: dir.path(),
            stem: "x",
            recipients: None,
        },
        &|_, _| {},
    )
    .unwrap_err();
    assert!(err.message.contains("notes pages"), "{}", err.message);
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["x-notes.pdf"], "{left:?}");
}

#[test]
fn the_cli_writes_the_memo_and_the_pack() {
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("brief.json");
    let bin = env!("CARGO_BIN_EXE_briefdeck");
    let run = |args: &[&str]| {
        std::process::Command::new(bin)
            .args(args)
            .env("BRIEFDECK_DATA_DIR", dir.path().join("data"))
            .output()
            .unwrap()
    };
    assert!(run(&["new", "--sample", "-o", deck.to_str().unwrap()])
        .status
        .success());
    let memo = dir.path().join("memo.pdf");
    let o = run(&[
        "export",
        deck.to_str().unwrap(),
        "-o",
        memo.to_str().unwrap(),
        "--format",
        "memo",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("limit of 2 pages"));
    assert!(texts(&memo)[0].contains("DECISION MEMORANDUM"));
    let pack = dir.path().join("pack");
    let o = run(&["pack", deck.to_str().unwrap(), "-o", pack.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(pack.join("brief-memo.pdf").is_file());
    assert!(pack.join("README.txt").is_file());
    // A file where the folder should be: refused, nothing written.
    let file = dir.path().join("not-a-folder");
    std::fs::write(&file, b"x").unwrap();
    let o = run(&["pack", deck.to_str().unwrap(), "-o", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a folder"));
}
