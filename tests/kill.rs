//! Killing BriefDeck while it writes never damages a file: a child process writing a deck and a
//! PDF is SIGKILLed at varied moments; each target always parses and is the old or the new
//! version, and the next successful write leaves no temporary file behind. The long version
//! (`cargo test --test kill -- --ignored`) kills 60 times.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_briefdeck")
}

/// A big deck: the sample's slides repeated until about `n` slides, written with the CLI.
fn big_deck(dir: &Path, n: usize) -> std::path::PathBuf {
    let p = dir.join("big.json");
    let st = Command::new(bin())
        .args(["new", "--sample", "-o", p.to_str().unwrap()])
        .env("BRIEFDECK_DATA_DIR", dir)
        .status()
        .unwrap();
    assert!(st.success());
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    let slides = v["deck"]["slides"].as_array().unwrap().clone();
    let mut all = Vec::new();
    let mut id = 1u64;
    while all.len() < n {
        for s in &slides {
            let mut s = s.clone();
            s["id"] = id.into();
            id += 1;
            all.push(s);
        }
    }
    v["deck"]["slides"] = all.into();
    std::fs::write(&p, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    p
}

fn temps(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .count()
}

fn kill_loop(rounds: usize) {
    let d = tempfile::tempdir().unwrap();
    let deck = big_deck(d.path(), 400);
    let pdf = d.path().join("out.pdf");
    let copy = d.path().join("copy.json");
    // A first good version of each target.
    let ok = |args: &[&str]| {
        let st = Command::new(bin())
            .args(args)
            .env("BRIEFDECK_DATA_DIR", d.path())
            .stderr(Stdio::null())
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(st.success(), "{args:?}");
    };
    ok(&[
        "export",
        deck.to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
    ]);
    std::fs::copy(&deck, &copy).unwrap();
    let good_pages = lopdf::Document::load(&pdf).unwrap().get_pages().len();
    let good_deck = briefdeck::deck::load(&copy).unwrap();
    // A small pseudo-random sequence of delays (deterministic, so a failure can be replayed).
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for round in 0..rounds {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let delay = Duration::from_millis(x % 400);
        let args: Vec<String> = if round % 2 == 0 {
            vec![
                "export".into(),
                deck.display().to_string(),
                "-o".into(),
                pdf.display().to_string(),
            ]
        } else {
            // `new --force` writes a fresh deck over the copy.
            vec![
                "new".into(),
                "--sample".into(),
                "--force".into(),
                "-o".into(),
                copy.display().to_string(),
            ]
        };
        let mut child = Command::new(bin())
            .args(&args)
            .env("BRIEFDECK_DATA_DIR", d.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        // The PDF is whole: it parses with the full page count.
        let doc = lopdf::Document::load(&pdf).unwrap_or_else(|e| panic!("round {round}: {e}"));
        assert_eq!(doc.get_pages().len(), good_pages, "round {round}");
        // The deck is whole: the old big copy or the new sample.
        let d2 = briefdeck::deck::load(&copy).unwrap_or_else(|e| panic!("round {round}: {e}"));
        assert!(
            d2 == good_deck || d2.slides.len() < good_deck.slides.len(),
            "round {round}: a deck that is neither version"
        );
    }
    // The next successful write clears what the killed writers left.
    ok(&[
        "export",
        deck.to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(temps(d.path()), 0, "temporary files left behind");
}

#[test]
fn killed_writes_never_damage_the_target() {
    kill_loop(8);
}

#[test]
#[ignore = "long: 60 kills"]
fn killed_writes_never_damage_the_target_long() {
    kill_loop(60);
}
