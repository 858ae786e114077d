//! Benchmarks: library search and load, layout, the PDF stages one by one (painting,
//! serialisation, compression, saving) and whole export of 20- and 200-slide decks, 25
//! numbered copies of the sample against one export, the memo, and the whole briefing pack.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};

use briefdeck::deck::{sample_deck, Deck};
use briefdeck::layout::{layout, LayoutOptions};
use briefdeck::library::{Library, Query};
use briefdeck::pdf::{render, PdfInfo};
use briefdeck::theme::ThemeCatalog;

/// The sample deck's content slides repeated until the deck has `n` slides.
fn deck_of(lib: &Library, n: usize) -> Deck {
    let sample = sample_deck(lib).expect("sample deck");
    let mut deck = sample.clone();
    deck.slides.clear();
    let mut next = 1;
    while deck.slides.len() < n {
        for s in &sample.slides {
            if deck.slides.len() == n {
                break;
            }
            let mut s = s.clone();
            s.id = next;
            next += 1;
            deck.slides.push(s);
        }
    }
    deck
}

fn benches(c: &mut Criterion) {
    let lib = Library::builtin().expect("library");
    let theme = ThemeCatalog::builtin().resolve("navy").expect("theme");
    let opts = LayoutOptions::default();

    c.bench_function("library search 'middle corridor'", |b| {
        let q = Query {
            text: "middle corridor".into(),
            ..Query::default()
        };
        b.iter(|| lib.search(&q))
    });
    c.bench_function("library load (built-in pack)", |b| {
        b.iter(|| Library::builtin().expect("library"))
    });

    for n in [20usize, 200] {
        let deck = deck_of(&lib, n);
        c.bench_function(&format!("layout {n} slides"), |b| {
            b.iter(|| layout(&deck, &theme, &opts).expect("layout"))
        });
        let mut state = briefdeck::layout::LayoutState::new().expect("fonts");
        state.layout(&deck, &theme, &opts);
        let mut edited = deck.clone();
        c.bench_function(&format!("relayout {n} slides after editing one"), |b| {
            let mut flip = false;
            b.iter(|| {
                flip = !flip;
                if let Some(briefdeck::deck::SlideBody::Topic { summary, .. }) = edited
                    .slides
                    .iter_mut()
                    .map(|s| &mut s.body)
                    .find(|b| matches!(b, briefdeck::deck::SlideBody::Topic { .. }))
                {
                    if let Some(p) = summary.first_mut() {
                        p.text.push_str(if flip { " x" } else { " y" });
                    }
                }
                state.layout(&edited, &theme, &opts)
            })
        });
        let pages = layout(&deck, &theme, &opts).expect("layout");
        let info = PdfInfo::from_meta(&deck.meta);
        c.bench_function(&format!("export {n} slides (layout + PDF bytes)"), |b| {
            b.iter_batched(
                || (),
                |_| {
                    let pages = layout(&deck, &theme, &opts).expect("layout");
                    render(&pages, &info, &mut |_, _| {}).expect("pdf")
                },
                BatchSize::SmallInput,
            )
        });
        c.bench_function(&format!("pdf render {n} slides (pages to bytes)"), |b| {
            b.iter(|| render(&pages, &info, &mut |_, _| {}).expect("pdf"))
        });
        // The PDF stages one by one: the document set up (what the pages show, glyph codes,
        // pictures, links), font subsetting, the page streams (written and deflated),
        // serialisation (printpdf's part, streams and fonts added), compression, bytes. In an
        // export, the fonts, the page streams and printpdf's part run side by side.
        use briefdeck::pdf::stages;
        c.bench_function(&format!("phase: set up document, {n} slides"), |b| {
            b.iter(|| stages::paint(&pages, &info).expect("paint"))
        });
        let painted = stages::paint(&pages, &info).expect("paint");
        c.bench_function(&format!("phase: subset fonts, {n} slides"), |b| {
            b.iter(|| stages::subset_fonts(&painted).expect("fonts"))
        });
        let fonts = stages::subset_fonts(&painted).expect("fonts");
        c.bench_function(&format!("phase: page streams, {n} slides"), |b| {
            b.iter(|| stages::page_streams(&painted).expect("streams"))
        });
        let streams = stages::page_streams(&painted).expect("streams");
        c.bench_function(
            &format!("phase: serialise (printpdf, streams and fonts added), {n} slides"),
            |b| {
                b.iter_batched(
                    || (streams.clone(), fonts.clone()),
                    |(st, f)| stages::serialize(&painted, st, f).expect("serialise"),
                    BatchSize::LargeInput,
                )
            },
        );
        let serialized =
            stages::serialize(&painted, streams.clone(), fonts.clone()).expect("serialise");
        c.bench_function(&format!("phase: compress streams, {n} slides"), |b| {
            b.iter_batched(
                || serialized.clone(),
                |mut s| stages::compress(&mut s),
                BatchSize::LargeInput,
            )
        });
        let mut compressed = serialized.clone();
        stages::compress(&mut compressed);
        c.bench_function(&format!("phase: save bytes, {n} slides"), |b| {
            b.iter_batched(
                || compressed.clone(),
                |s| stages::save(s).expect("save"),
                BatchSize::LargeInput,
            )
        });
        let bytes = render(&pages, &info, &mut |_, _| {}).expect("pdf");
        eprintln!("{n} slides: PDF {} KB", bytes.len() / 1024);
    }

    // Numbered copies: 25 copies of the sample against one export of it (files written to a
    // temporary folder, as a user would).
    let sample = sample_deck(&lib).expect("sample deck");
    let dir = tempfile::tempdir().expect("temp dir");
    let one = dir.path().join("one.pdf");
    c.bench_function("export the sample once (file written)", |b| {
        b.iter(|| {
            briefdeck::export::export_pdf(&sample, &theme, &opts, &one, &mut |_, _| {})
                .expect("export")
        })
    });
    let recipients: Vec<String> = (1..=25).map(|i| format!("Recipient {i}")).collect();
    let out = dir.path().join("brief.pdf");
    c.bench_function("export 25 numbered copies of the sample", |b| {
        b.iter(|| {
            briefdeck::export::export_copies(
                &sample,
                &theme,
                &opts,
                &out,
                &recipients,
                &mut |_, _| {},
            )
            .expect("copies")
        })
    });

    // The read-ahead memo (layout + PDF bytes), and the whole briefing pack written to disk:
    // slides, memo, 3-up handout and notes pages in parallel, plus the README.
    let memo_opts = LayoutOptions {
        output: briefdeck::layout::Output::Memo(briefdeck::layout::Paper::A4),
        ..LayoutOptions::default()
    };
    let info = PdfInfo::from_meta(&sample.meta);
    c.bench_function("memo of the sample (layout + PDF bytes)", |b| {
        b.iter(|| {
            let pages = layout(&sample, &theme, &memo_opts).expect("layout");
            render(&pages, &info, &mut |_, _| {}).expect("pdf")
        })
    });
    let pack = dir.path().join("pack");
    c.bench_function(
        "briefing pack of the sample (4 PDFs + README written)",
        |b| {
            b.iter(|| {
                briefdeck::pack::write(
                    &briefdeck::pack::PackJob {
                        deck: &sample,
                        theme: &theme,
                        base: &opts,
                        paper: briefdeck::layout::Paper::A4,
                        dir: &pack,
                        stem: "sample",
                        recipients: None,
                    },
                    &|_, _| {},
                )
                .expect("pack")
            })
        },
    );
}

criterion_group! {
    name = export;
    config = Criterion::default().sample_size(20);
    targets = benches
}
criterion_main!(export);
