//! UI benchmarks (headless, egui_kittest): start to first frame, frame time with a 500-slide
//! deck once its layout is cached, and frame times while that deck is exported in the
//! background.

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;

use briefdeck::deck::sample_deck;
use briefdeck::library::Library;
use briefdeck::ui::{install_fonts, BriefDeckApp, Dialog, Settings, StartOptions};

fn harness(app: BriefDeckApp) -> Harness<'static, BriefDeckApp> {
    Harness::builder()
        .with_size(egui::vec2(1440.0, 900.0))
        .with_context_setup(install_fonts)
        .build_ui_state(|ui, app: &mut BriefDeckApp| app.ui_root(ui), app)
}

fn app(dir: &std::path::Path, deck: Option<std::path::PathBuf>) -> BriefDeckApp {
    BriefDeckApp::new(
        Settings::default(),
        StartOptions {
            deck,
            library_dirs: vec![],
            recovery_path: Some(dir.join("recovery.json")),
        },
    )
    .fonts_ready()
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    c.bench_function("app start to first frame (sample deck)", |b| {
        b.iter(|| {
            let mut h = harness(app(dir.path(), None));
            h.step();
            h
        })
    });

    // A 500-slide deck saved to disk and opened like a user would.
    let lib = Library::builtin().expect("library");
    let sample = sample_deck(&lib).expect("sample");
    let mut deck = sample.clone();
    deck.slides.clear();
    let mut id = 1;
    while deck.slides.len() < 500 {
        for s in &sample.slides {
            if deck.slides.len() < 500 {
                let mut s = s.clone();
                s.id = id;
                id += 1;
                deck.slides.push(s);
            }
        }
    }
    let path = dir.path().join("big.json");
    briefdeck::deck::save(&deck, &path).expect("save");
    let mut h = harness(app(dir.path(), Some(path)));
    let t = Instant::now();
    h.step();
    eprintln!(
        "500-slide deck: first frame (includes layout) {:?}",
        t.elapsed()
    );
    let settle = h.run();
    eprintln!("500-slide deck: frames until idle after start: {settle}");
    c.bench_function("frame with a 500-slide deck (layout cached)", |b| {
        b.iter(|| h.step())
    });
    // Idle: after settling, no further frames are requested.
    let idle = h.run();
    eprintln!("frames run while idle: {idle}");

    // The 500-slide deck exported from the app: the window keeps drawing frames while the PDF
    // is written on its own thread. Reports every frame's time until the export ends.
    let pdf = dir.path().join("big.pdf");
    h.state_mut().dialog = Some(Dialog::export(
        pdf.display().to_string(),
        briefdeck::layout::Output::Slides,
    ));
    h.run();
    let button = if h.query_by_label("Write PDF").is_some() {
        "Write PDF"
    } else {
        "Export anyway"
    };
    h.get_by_label(button).click();
    let start = Instant::now();
    let mut frames: Vec<Duration> = Vec::new();
    while h.state().export.is_some() || h.state().last_export.is_none() {
        let t = Instant::now();
        h.step();
        frames.push(t.elapsed());
        if start.elapsed() > Duration::from_secs(120) {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let total = start.elapsed();
    let first = frames.first().copied().unwrap_or_default();
    let mut rest: Vec<Duration> = frames.iter().skip(1).copied().collect();
    rest.sort();
    let median = rest.get(rest.len() / 2).copied().unwrap_or_default();
    let slowest = rest.last().copied().unwrap_or_default();
    eprintln!(
        "export of 500 slides from the app: {total:?} in all, {} frames; the frame that starts it {first:?}; then median {median:?}, slowest {slowest:?}; PDF written: {}",
        frames.len(),
        pdf.is_file()
    );

    // The same deck exported again: unchanged pages' streams come from the app's cache.
    h.state_mut().last_export = None;
    h.state_mut().dialog = Some(Dialog::export(
        pdf.display().to_string(),
        briefdeck::layout::Output::Slides,
    ));
    h.run();
    h.get_by_label(button).click();
    let start = Instant::now();
    while h.state().export.is_some() || h.state().last_export.is_none() {
        h.step();
        if start.elapsed() > Duration::from_secs(120) {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let reused = h.state().stream_cache.lock().map(|c| c.reused).unwrap_or(0);
    eprintln!(
        "the same 500 slides exported again: {:?} in all, {reused} page streams reused",
        start.elapsed()
    );
}

criterion_group! {
    name = ui;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(5));
    targets = benches
}
criterion_main!(ui);
