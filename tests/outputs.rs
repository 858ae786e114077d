//! Notes pages and handouts, parsed back from the written PDF: page counts for every layout,
//! paper sizes, where the speaker notes land, bookmarks, golden dumps of the first sheets.

use std::path::Path;

use briefdeck::deck::{sample_deck, Command, Deck, Editor, SlideEdit};
use briefdeck::export::export_pdf;
use briefdeck::layout::{
    dump, layout, Beside, HandoutOptions, LayoutOptions, Output, Paper, PerPage,
};
use briefdeck::library::Library;
use briefdeck::theme::ThemeCatalog;
use lopdf::Document;

mod common;
use common::golden;

fn sample() -> Deck {
    sample_deck(&Library::builtin().unwrap()).unwrap()
}

fn export(deck: &Deck, theme: &str, output: Output, out: &Path) -> usize {
    let theme = ThemeCatalog::builtin().resolve(theme).unwrap();
    let options = LayoutOptions {
        output,
        ..LayoutOptions::default()
    };
    export_pdf(deck, &theme, &options, out, &mut |_, _| {})
        .unwrap()
        .pages
}

fn handout(per_page: PerPage, paper: Paper) -> Output {
    Output::Handout(HandoutOptions {
        paper,
        per_page,
        beside: Beside::Lines,
    })
}

/// Width and height of each page's MediaBox, in pt.
fn page_sizes(doc: &Document) -> Vec<(f32, f32)> {
    doc.get_pages()
        .values()
        .map(|id| {
            let page = doc.get_dictionary(*id).unwrap();
            let mb = page.get(b"MediaBox").unwrap().as_array().unwrap();
            let n: Vec<f32> = mb
                .iter()
                .map(|o| {
                    o.as_float()
                        .or_else(|_| o.as_i64().map(|i| i as f32))
                        .unwrap()
                })
                .collect();
            (n[2] - n[0], n[3] - n[1])
        })
        .collect()
}

fn page_texts(doc: &Document) -> Vec<String> {
    doc.get_pages()
        .keys()
        .map(|n| doc.extract_text(&[*n]).unwrap_or_default())
        .collect()
}

#[test]
fn handout_page_counts_for_every_layout_and_paper() {
    let deck = sample();
    let slides = deck.visible().count();
    assert_eq!(slides, 30, "the sample has 30 slides");
    let dir = tempfile::tempdir().unwrap();
    for (per, n) in [
        (PerPage::One, 1),
        (PerPage::Two, 2),
        (PerPage::Three, 3),
        (PerPage::Four, 4),
        (PerPage::Six, 6),
    ] {
        for (paper, size) in [
            (Paper::A4, (595.28, 841.89)),
            (Paper::Letter, (612.0, 792.0)),
        ] {
            let out = dir.path().join(format!("h{n}-{paper:?}.pdf"));
            let pages = export(&deck, "minimal", handout(per, paper), &out);
            assert_eq!(pages, slides.div_ceil(n), "{n} per page");
            let doc = Document::load(&out).unwrap();
            let sizes = page_sizes(&doc);
            assert_eq!(sizes.len(), slides.div_ceil(n));
            for (w, h) in sizes {
                assert!(
                    (w - size.0).abs() < 0.5 && (h - size.1).abs() < 0.5,
                    "{n} per page on {paper:?}: {w}x{h}"
                );
            }
        }
    }
    // 30 slides at 6 per page: 5 sheets.
    assert_eq!(30usize.div_ceil(6), 5);
}

#[test]
fn notes_text_is_on_its_notes_page_and_on_no_slide_page() {
    let mut ed = Editor::new(sample());
    let target = ed.deck().slides[5].id;
    let title = ed.deck().slides[5].title(&ed.deck().meta).to_owned();
    ed.apply(
        "notes",
        Command::Edit {
            id: target,
            edit: SlideEdit::Notes("Mention the zebracrossing figure first.".into()),
        },
    )
    .unwrap();
    let deck = ed.deck().clone();
    let dir = tempfile::tempdir().unwrap();
    let slides_pdf = dir.path().join("s.pdf");
    let notes_pdf = dir.path().join("n.pdf");
    export(&deck, "navy", Output::Slides, &slides_pdf);
    export(&deck, "navy", Output::Notes(Paper::A4), &notes_pdf);
    let slide_pages = page_texts(&Document::load(&slides_pdf).unwrap());
    assert!(
        slide_pages.iter().all(|t| !t.contains("zebracrossing")),
        "notes leaked onto a slide"
    );
    let doc = Document::load(&notes_pdf).unwrap();
    let notes_pages = page_texts(&doc);
    assert_eq!(notes_pages.len(), deck.visible().count());
    let with_note: Vec<usize> = notes_pages
        .iter()
        .enumerate()
        .filter(|(_, t)| t.contains("zebracrossing"))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(
        with_note,
        vec![5],
        "the note is on the notes page of slide 6 only"
    );
    assert!(
        notes_pages[5].contains(&title),
        "the slide is shown above its notes"
    );
    for (w, h) in page_sizes(&doc) {
        assert!((w - 595.28).abs() < 0.5 && (h - 841.89).abs() < 0.5);
    }
}

#[test]
fn long_notes_continue_and_bookmarks_point_at_the_right_pages() {
    let mut ed = Editor::new(sample());
    let long: String = (1..=90)
        .map(|i| format!("Talking point {i}: say it plainly and cite the source."))
        .collect::<Vec<_>>()
        .join("\n");
    let target = ed.deck().slides[2].id;
    ed.apply(
        "notes",
        Command::Edit {
            id: target,
            edit: SlideEdit::Notes(long),
        },
    )
    .unwrap();
    let deck = ed.deck().clone();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("n.pdf");
    let pages = export(&deck, "print", Output::Notes(Paper::Letter), &out);
    let visible = deck.visible().count();
    assert!(pages >= visible + 2, "{pages} pages for {visible} slides");
    let doc = Document::load(&out).unwrap();
    let texts = page_texts(&doc);
    assert!(texts[3].contains("notes continued"), "{}", texts[3]);
    assert!(texts[3].contains("Talking point"));
    // Every talking point is printed exactly once, in order.
    let all = texts.join("\n");
    for i in [1, 45, 90] {
        assert_eq!(
            all.matches(&format!("Talking point {i}:")).count(),
            1,
            "point {i}"
        );
    }
    // Bookmarks: slide 4 starts after the continuation pages of slide 3.
    let toc = doc.get_toc().unwrap();
    let bookmark_pages: Vec<usize> = toc.toc.iter().map(|t| t.page).collect();
    assert_eq!(bookmark_pages.len(), visible);
    assert_eq!(&bookmark_pages[..3], &[1, 2, 3]);
    assert_eq!(bookmark_pages[3], 3 + (pages - visible) + 1);
    // Page numbers count the pages of this output.
    assert!(texts[0].contains(&format!("1 / {pages}")));
}

#[test]
fn handout_bookmarks_point_to_the_sheet_holding_each_slide() {
    let deck = sample();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("h.pdf");
    export(&deck, "navy", handout(PerPage::Six, Paper::A4), &out);
    let doc = Document::load(&out).unwrap();
    let toc = doc.get_toc().unwrap();
    let pages: Vec<usize> = toc.toc.iter().map(|t| t.page).collect();
    let want: Vec<usize> = (0..deck.visible().count()).map(|i| i / 6 + 1).collect();
    assert_eq!(pages, want);
    // Slide numbers and titles are printed under the slides.
    let texts = page_texts(&doc);
    assert!(texts[0].contains("2 / 30"), "{}", texts[0]);
    assert!(texts[0].contains("Bottom line up front"));
}

#[test]
fn notes_beside_three_up_slides_are_shown() {
    let deck = sample();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("h3.pdf");
    export(
        &deck,
        "minimal",
        Output::Handout(HandoutOptions {
            paper: Paper::A4,
            per_page: PerPage::Three,
            beside: Beside::Notes,
        }),
        &out,
    );
    let texts = page_texts(&Document::load(&out).unwrap());
    let first_note = &deck.slides[0].notes;
    let words: Vec<&str> = first_note.split_whitespace().take(4).collect();
    assert!(texts[0].contains(&words.join(" ")), "{}", texts[0]);
}

/// The first sheets of an output, as a text dump.
fn first_sheets(output: Output, sheets: usize) -> String {
    let mut deck = sample();
    deck.slides.truncate(8);
    let theme = ThemeCatalog::builtin().resolve("navy").unwrap();
    let mut l = layout(
        &deck,
        &theme,
        &LayoutOptions {
            output,
            ..LayoutOptions::default()
        },
    )
    .unwrap();
    l.pages.truncate(sheets);
    l.bookmarks.retain(|b| b.page_index < sheets);
    dump(&l)
}

#[test]
fn golden_notes_page() {
    golden(
        "notes-page-navy.txt",
        &first_sheets(Output::Notes(Paper::A4), 1),
    );
}

#[test]
fn golden_six_up_handout() {
    golden(
        "handout-6up-navy.txt",
        &first_sheets(handout(PerPage::Six, Paper::A4), 1),
    );
}

#[test]
fn placed_slides_are_clipped_to_their_box() {
    let deck = sample();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("h.pdf");
    export(&deck, "navy", handout(PerPage::Six, Paper::A4), &out);
    let doc = Document::load(&out).unwrap();
    let first = *doc.get_pages().values().next().unwrap();
    let content = String::from_utf8_lossy(&doc.get_page_content(first)).into_owned();
    // Six groups, each: save state, matrix, clip rectangle, …, restore.
    assert!(content.matches(" cm").count() >= 6, "{}", &content[..400]);
    let clips = content.matches("W\nn").count() + content.matches("W n").count();
    assert!(
        clips >= 6,
        "{clips} clips in: {}",
        &content[..600.min(content.len())]
    );
}
