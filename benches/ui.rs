//! UI benchmarks (headless, egui_kittest): start to first frame, and frame time with a
//! 500-slide deck once its layout is cached.

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use egui_kittest::Harness;

use briefdeck::deck::sample_deck;
use briefdeck::library::Library;
use briefdeck::ui::{install_fonts, BriefDeckApp, Settings, StartOptions};

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
}

criterion_group! {
    name = ui;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(5));
    targets = benches
}
criterion_main!(ui);
