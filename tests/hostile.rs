//! Hostile and damaged input, run against the real binary: each case gets a clear message and
//! exit code, the input is left untouched, and nothing is written where it should not be.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn briefdeck(args: &[&str], data: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_briefdeck"))
        .args(args)
        .env("BRIEFDECK_DATA_DIR", data)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Fails with exit 1, `error:` then `hint:` on the next line, and every needle in the text.
fn assert_fails(o: &Output, needles: &[&str]) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(1), "stderr: {err}");
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains("\nhint: "), "no hint: {err}");
    for n in needles {
        assert!(err.contains(n), "{n:?} not in {err}");
    }
}

/// A sample deck file in a fresh folder.
fn sample(dir: &Path) -> (PathBuf, serde_json::Value) {
    let deck = dir.join("deck.json");
    let o = briefdeck(&["new", "--sample", "-o", deck.to_str().unwrap()], dir);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&deck).unwrap()).unwrap();
    (deck, v)
}

fn write_json(path: &Path, v: &serde_json::Value) {
    std::fs::write(path, serde_json::to_string_pretty(v).unwrap()).unwrap();
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn very_long_fields_are_cut_with_a_warning_not_a_hang() {
    let d = tempfile::tempdir().unwrap();
    let (deck, mut v) = sample(d.path());
    v["deck"]["meta"]["title"] = "Charter ".repeat(25_000).into();
    v["deck"]["meta"]["distribution"] = "x".repeat(200_000).into();
    v["deck"]["meta"]["marking"] = "COMPANY CONFIDENTIAL HANDLING NOTICE ".repeat(12).into();
    write_json(&deck, &v);
    let pdf = d.path().join("out.pdf");
    // Every cut is reported; a marking cut with an ellipsis would misstate the page, so the
    // check stops the export and nothing is written.
    let o = briefdeck(&["export", s(&deck), "-o", s(&pdf)], d.path());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("characters and was cut to 10000"), "{err}");
    assert!(
        err.lines().any(|l| l.starts_with("error: page ")
            && l.contains("the marking is too long for the banner even printed smaller")),
        "{err}"
    );
    assert!(!pdf.exists());
    // With a shorter marking (still long) the export goes ahead and the cut fields warn.
    v["deck"]["meta"]["marking"] = "COMPANY CONFIDENTIAL".into();
    write_json(&deck, &v);
    let o = briefdeck(&["export", s(&deck), "-o", s(&pdf)], d.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("characters and was cut to 10000"));
    assert!(pdf.is_file());
}

#[test]
fn output_onto_links_folders_and_pipes() {
    let d = tempfile::tempdir().unwrap();
    let (deck, _) = sample(d.path());
    // A symbolic link: written through; the link stays a link, its target gets the PDF.
    let target = d.path().join("real.pdf");
    std::fs::write(&target, b"old").unwrap();
    let link = d.path().join("link.pdf");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let o = briefdeck(&["export", s(&deck), "-o", s(&link)], d.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read(&target).unwrap().starts_with(b"%PDF"));
    // A link to nothing, a folder and a pipe are refused.
    let dangling = d.path().join("dangling.pdf");
    std::os::unix::fs::symlink(d.path().join("missing/x.pdf"), &dangling).unwrap();
    let o = briefdeck(&["export", s(&deck), "-o", s(&dangling)], d.path());
    assert_fails(&o, &["a link that points to nothing"]);
    let folder = d.path().join("folder.pdf");
    std::fs::create_dir(&folder).unwrap();
    let o = briefdeck(&["export", s(&deck), "-o", s(&folder)], d.path());
    assert_fails(&o, &["is a folder"]);
    let fifo = d.path().join("pipe.pdf");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let o = briefdeck(&["export", s(&deck), "-o", s(&fifo)], d.path());
    assert_fails(&o, &["not a regular file"]);
    // Reading a pipe as a deck does not block.
    let o = briefdeck(&["check", s(&fifo)], d.path());
    assert_fails(&o, &["is not a regular file"]);
    // Nothing was left behind.
    let temps = std::fs::read_dir(d.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .count();
    assert_eq!(temps, 0);
}

#[test]
fn stale_temp_files_are_removed_by_the_next_write() {
    let d = tempfile::tempdir().unwrap();
    let (deck, _) = sample(d.path());
    let stale = d.path().join(".briefdeck-abc123.tmp");
    let fresh = d.path().join(".briefdeck-def456.tmp");
    let unrelated = d.path().join(".other.tmp");
    let orphan = d.path().join(format!(
        ".briefdeck-{}-3999999-xyz.tmp",
        briefdeck::deck::host_tag()
    ));
    let elsewhere = d.path().join(".briefdeck-otherhost-3999999-xyz.tmp");
    for p in [&stale, &fresh, &unrelated, &orphan, &elsewhere] {
        std::fs::write(p, b"partial").unwrap();
    }
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(old)
        .unwrap();
    let o = briefdeck(
        &["export", s(&deck), "-o", s(&d.path().join("x.pdf"))],
        d.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stale.exists(), "a stale temp file of ours is removed");
    assert!(
        !orphan.exists(),
        "one whose writing process is gone is removed at once"
    );
    assert!(fresh.exists(), "a recent one may belong to a running write");
    assert!(unrelated.exists(), "other files are never touched");
    assert!(
        elsewhere.exists(),
        "a recent one from another machine (shared folder) is kept"
    );
}

#[test]
fn oversized_and_malformed_decks_are_refused_with_reasons() {
    let d = tempfile::tempdir().unwrap();
    let (deck, v) = sample(d.path());
    let before = std::fs::read(&deck).unwrap();
    let check = |p: &Path| briefdeck(&["check", s(p)], d.path());

    let big = d.path().join("big.json");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(17 * 1024 * 1024).unwrap();
    assert_fails(&check(&big), &["larger than 16 MB"]);

    let mut zero = v.clone();
    zero["format_version"] = 0.into();
    let p = d.path().join("zero.json");
    write_json(&p, &zero);
    assert_fails(
        &check(&p),
        &["`format_version` is 0", "whole number from 1 to 5"],
    );

    let mut text = v.clone();
    text["format_version"] = "2".into();
    write_json(&p, &text);
    assert_fails(&check(&p), &["`format_version` is \"2\""]);

    let mut dup = v.clone();
    let first_id = dup["deck"]["slides"][0]["id"].clone();
    dup["deck"]["slides"][1]["id"] = first_id;
    write_json(&p, &dup);
    assert_fails(&check(&p), &["slide 2 has the id", "its own id"]);

    let mut many = v.clone();
    let bullets: Vec<serde_json::Value> = (0..600)
        .map(|i| serde_json::json!({ "text": format!("point {i}") }))
        .collect();
    many["deck"]["slides"][1]["body"]["points"] = bullets.into();
    write_json(&p, &many);
    assert_fails(&check(&p), &["slide 2 holds 600", "at most 500"]);

    let mut badmark = v.clone();
    badmark["deck"]["slides"][1]["body"]["points"][0]["mark"] = "secret!".into();
    write_json(&p, &badmark);
    assert_fails(
        &check(&p),
        &[
            "slide 2 has the portion mark \"secret!\"",
            "capital letters",
        ],
    );

    let mut year0 = v.clone();
    year0["deck"]["meta"]["date"] = "0000-01-01".into();
    write_json(&p, &year0);
    assert_fails(&check(&p), &["the year must be 1000 or later"]);

    let mut hidden = v.clone();
    for slide in hidden["deck"]["slides"].as_array_mut().unwrap() {
        slide["hidden"] = true.into();
    }
    write_json(&p, &hidden);
    assert_fails(&check(&p), &["no visible slides"]);

    assert_eq!(
        std::fs::read(&deck).unwrap(),
        before,
        "the input is untouched"
    );
}

#[test]
fn unsafe_links_unknown_items_empty_slides_and_missing_glyphs_are_warned() {
    let d = tempfile::tempdir().unwrap();
    let (deck, mut v) = sample(d.path());
    let sources = v["deck"]["sources"].as_object_mut().unwrap();
    let first = sources.keys().next().unwrap().clone();
    sources.get_mut(&first).unwrap()["url"] = "javascript:alert(1)".into();
    let slides = v["deck"]["slides"].as_array_mut().unwrap();
    let topic = slides
        .iter_mut()
        .find(|s| s["body"]["kind"] == "topic")
        .unwrap();
    topic["origin"]["item"] = "no-such-item".into();
    topic["body"]["key_points"] = serde_json::json!([{ "text": "Beijing 北京" }]);
    topic["body"]["summary"] = serde_json::json!([]);
    topic["body"]["display"] = "key_points".into();
    let other = slides
        .iter_mut()
        .rfind(|s| s["body"]["kind"] == "topic")
        .unwrap();
    other["body"]["key_points"] = serde_json::json!([{ "text": "Tokyo 東京" }]);
    let bullets = serde_json::json!({
        "id": 999, "body": { "kind": "bullets", "title": "Empty", "bullets": [] }
    });
    slides.insert(3, bullets);
    write_json(&deck, &v);
    let o = briefdeck(&["check", s(&deck)], d.path());
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("javascript:alert(1)") && err.contains("not linked"),
        "{err}"
    );
    assert!(err.contains("no-such-item"), "{err}");
    assert!(
        err.contains("slide 4 (page 4): the slide has no bullets"),
        "{err}"
    );
    let glyph_lines: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("fonts cannot show"))
        .collect();
    assert_eq!(glyph_lines.len(), 1, "one warning for the deck: {err}");
    assert!(glyph_lines[0].contains("on slides "), "{err}");
}

#[test]
fn theme_logo_must_stay_in_the_theme_folder_and_warns_once() {
    let d = tempfile::tempdir().unwrap();
    let (deck, _) = sample(d.path());
    let navy =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/navy.toml"))
            .unwrap();
    let escape = d.path().join("escape.toml");
    std::fs::write(
        &escape,
        navy.replace("# logo = \"logo.png\"", "logo = \"../../etc/logo.png\""),
    )
    .unwrap();
    let o = briefdeck(&["check", s(&deck), "--theme", s(&escape)], d.path());
    assert_fails(&o, &["points outside the theme's folder"]);
    let missing = d.path().join("missing.toml");
    std::fs::write(
        &missing,
        navy.replace("# logo = \"logo.png\"", "logo = \"logo.png\""),
    )
    .unwrap();
    let o = briefdeck(&["check", s(&deck), "--theme", s(&missing)], d.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stderr(&o).matches("theme logo").count(),
        1,
        "{}",
        stderr(&o)
    );
}

#[test]
fn control_characters_are_left_out_with_a_warning() {
    let d = tempfile::tempdir().unwrap();
    let (deck, mut v) = sample(d.path());
    v["deck"]["slides"][1]["body"]["points"][0]["text"] = "Signed\u{0} in Baku\u{7}".into();
    write_json(&deck, &v);
    let pdf = d.path().join("c.pdf");
    let o = briefdeck(&["export", s(&deck), "-o", s(&pdf)], d.path());
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("slide 2 (page 2): a text on this slide holds 2 control character(s)"),
        "{err}"
    );
    let doc = lopdf::Document::load(&pdf).unwrap();
    let text = doc.extract_text(&[2]).unwrap();
    assert!(text.contains("Signed in Baku"), "{text}");
    assert!(!text.contains('\u{0}'));
}

#[test]
fn a_pack_whose_ids_clash_names_the_pack_that_holds_them() {
    let d = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/library/charter-2026");
    let copy = d.path().join("copy-pack");
    std::fs::create_dir(&copy).unwrap();
    for e in std::fs::read_dir(&src).unwrap().flatten() {
        std::fs::copy(e.path(), copy.join(e.file_name())).unwrap();
    }
    let pack = std::fs::read_to_string(copy.join("pack.toml")).unwrap();
    std::fs::write(
        copy.join("pack.toml"),
        pack.replace("id = \"charter-2026\"", "id = \"charter-copy\""),
    )
    .unwrap();
    let o = briefdeck(&["library", "--library", s(&copy)], d.path());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("already used by the built-in pack `charter-2026`"),
        "{err}"
    );
}
