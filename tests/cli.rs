//! The command-line interface: each command, and bad input with its message, exit code and no partial file.

use std::path::Path;
use std::process::{Command, Output};

fn briefdeck(args: &[&str], data: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_briefdeck"))
        .args(args)
        .env("BRIEFDECK_DATA_DIR", data)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn help_and_usage_errors() {
    let d = tempfile::tempdir().unwrap();
    let o = briefdeck(&["--help"], d.path());
    assert!(o.status.success());
    for cmd in ["library", "themes", "new", "check", "export"] {
        assert!(stdout(&o).contains(cmd), "help lacks {cmd}");
    }
    let o = briefdeck(&["export"], d.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("Usage"));
    let o = briefdeck(&["library", "--kind", "planet"], d.path());
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn library_lists_searches_and_prints_json() {
    let d = tempfile::tempdir().unwrap();
    let o = briefdeck(&["library"], d.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("charter-2026"));
    assert!(out.contains("middle-corridor-tripp"));
    assert!(out.contains("by: Mahammad Mammadov"));

    let o = briefdeck(
        &["library", "--search", "coast guard", "--kind", "viewpoint"],
        d.path(),
    );
    let out = stdout(&o);
    assert!(out.contains("mammadov-coast-guard"), "{out}");
    assert!(!out.contains("\ntopic "), "kind filter ignored: {out}");

    let o = briefdeck(&["library", "--json"], d.path());
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["format"], "briefdeck-library/1");
    let items = v["items"].as_array().unwrap();
    let vp = items
        .iter()
        .find(|i| i["id"] == "mammadov-middle-corridor")
        .unwrap();
    assert_eq!(vp["kind"], "viewpoint");
    assert_eq!(vp["person"], "Mahammad Mammadov");
    assert!(vp["claims"].as_array().unwrap().len() >= 2);
    assert!(vp["citations"][0].as_str().unwrap().contains("News.Az"));
    let topic = items
        .iter()
        .find(|i| i["id"] == "sovereignty-borders")
        .unwrap();
    assert!(topic["key_points"].as_array().unwrap().len() >= 3);
    assert!(v["sources"].as_array().unwrap().len() >= 10);
}

#[test]
fn library_with_extra_and_broken_packs() {
    let d = tempfile::tempdir().unwrap();
    let good = fixture("good-pack");
    let o = briefdeck(
        &["library", "--library", &good, "--search", "ferries"],
        d.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("test-topic"));

    let broken = d.path().join("broken");
    std::fs::create_dir(&broken).unwrap();
    std::fs::write(
        broken.join("pack.toml"),
        "[pack]\nid = \"b\"\ntitle = \"B\"\n",
    )
    .unwrap();
    let o = briefdeck(
        &["library", "--library", broken.to_str().unwrap()],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("pack.toml") && err.contains("missing field"),
        "{err}"
    );
    assert!(
        stdout(&o).contains("charter-2026"),
        "the built-in pack still lists"
    );
}

#[test]
fn themes_lists_builtin_and_user_themes() {
    let d = tempfile::tempdir().unwrap();
    let themes = d.path().join("themes");
    std::fs::create_dir(&themes).unwrap();
    let navy =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/navy.toml"))
            .unwrap();
    std::fs::write(
        themes.join("house.toml"),
        navy.replace("name = \"navy\"", "name = \"house\""),
    )
    .unwrap();
    std::fs::write(
        themes.join("typo.toml"),
        navy.replace("accent =", "acent ="),
    )
    .unwrap();
    let o = briefdeck(&["themes"], d.path());
    let out = stdout(&o);
    for t in ["navy", "minimal", "print", "house"] {
        assert!(out.contains(t), "{out}");
    }
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("acent"), "{}", stderr(&o));
}

#[test]
fn new_check_export_round_trip() {
    let d = tempfile::tempdir().unwrap();
    let deck = d.path().join("brief.json");
    let pdf = d.path().join("brief.pdf");
    let deck_s = deck.to_str().unwrap();
    let o = briefdeck(
        &[
            "new",
            "-o",
            deck_s,
            "--title",
            "Caspian brief",
            "--marking",
            "OFFICIAL",
            "--theme",
            "minimal",
            "coast-guard-caspian",
            "mammadov-coast-guard",
        ],
        d.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&deck).unwrap()).unwrap();
    let kinds: Vec<&str> = v["deck"]["slides"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["body"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["title", "agenda", "topic", "viewpoint", "sources"]);
    assert_eq!(v["deck"]["meta"]["marking"], "OFFICIAL");
    assert_eq!(v["deck"]["theme"], "minimal");

    // Refuses to overwrite without --force.
    let o = briefdeck(&["new", "-o", deck_s, "--sample"], d.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--force"));

    let o = briefdeck(&["check", deck_s], d.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("5 slides"));

    let o = briefdeck(&["export", deck_s, "-o", pdf.to_str().unwrap()], d.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("5 pages"));
    let doc = lopdf::Document::load(&pdf).unwrap();
    assert_eq!(doc.get_pages().len(), 5);

    let o = briefdeck(&["new", "--sample", "-o", deck_s, "--force"], d.path());
    assert!(o.status.success());
    let o = briefdeck(
        &[
            "export",
            deck_s,
            "-o",
            pdf.to_str().unwrap(),
            "--theme",
            "print",
        ],
        d.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
}

fn assert_fails(o: &Output, code: i32, needles: &[&str]) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(code), "stderr: {err}");
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains("\nhint: "), "no hint: {err}");
    for n in needles {
        assert!(err.contains(n), "{n:?} not in {err}");
    }
}

#[test]
fn bad_input_gives_message_exit_code_and_no_partial_file() {
    let d = tempfile::tempdir().unwrap();
    let deck = d.path().join("deck.json");
    let deck_s = deck.to_str().unwrap().to_owned();
    let pdf = d.path().join("out.pdf");
    let pdf_s = pdf.to_str().unwrap().to_owned();

    // Missing file.
    let o = briefdeck(
        &["export", "/nonexistent/deck.json", "-o", &pdf_s],
        d.path(),
    );
    assert_fails(&o, 1, &["/nonexistent/deck.json"]);
    assert!(!pdf.exists());

    // Malformed JSON names line and column.
    std::fs::write(
        &deck,
        "{\n  \"format_version\": 1,\n  \"deck\": {\n    \"meta\": oops\n",
    )
    .unwrap();
    let o = briefdeck(&["check", &deck_s], d.path());
    assert_fails(&o, 1, &["deck.json:4:"]);
    let o = briefdeck(&["export", &deck_s, "-o", &pdf_s], d.path());
    assert_fails(&o, 1, &["deck.json:4:"]);
    assert!(!pdf.exists());

    // Newer format version.
    let o = briefdeck(&["new", "--sample", "-o", &deck_s, "--force"], d.path());
    assert!(o.status.success());
    let text = std::fs::read_to_string(&deck).unwrap();
    std::fs::write(
        &deck,
        text.replacen("\"format_version\": 5", "\"format_version\": 6", 1),
    )
    .unwrap();
    let o = briefdeck(&["export", &deck_s, "-o", &pdf_s], d.path());
    assert_fails(&o, 1, &["version 5", "newer BriefDeck"]);
    std::fs::write(&deck, &text).unwrap();

    // Unknown theme.
    let o = briefdeck(
        &["export", &deck_s, "-o", &pdf_s, "--theme", "sepia"],
        d.path(),
    );
    assert_fails(&o, 1, &["unknown theme `sepia`", "briefdeck themes"]);
    assert!(!pdf.exists());
    let o = briefdeck(
        &[
            "new",
            "-o",
            d.path().join("x.json").to_str().unwrap(),
            "--theme",
            "sepia",
            "peacekeeping",
        ],
        d.path(),
    );
    assert_fails(&o, 1, &["sepia"]);

    // Unknown item id.
    let other = d.path().join("other.json");
    let o = briefdeck(
        &[
            "new",
            "-o",
            other.to_str().unwrap(),
            "peacekeeping",
            "no-such-item",
        ],
        d.path(),
    );
    assert_fails(&o, 1, &["no-such-item"]);
    assert!(!other.exists());

    // Output folder that does not exist, and one that is a file.
    let o = briefdeck(
        &[
            "export",
            &deck_s,
            "-o",
            d.path().join("missing/out.pdf").to_str().unwrap(),
        ],
        d.path(),
    );
    assert_fails(&o, 1, &["cannot save", "missing/out.pdf"]);
    let o = briefdeck(
        &[
            "export",
            &deck_s,
            "-o",
            deck.join("out.pdf").to_str().unwrap(),
        ],
        d.path(),
    );
    assert_fails(&o, 1, &["cannot save"]);

    // An existing PDF is not damaged by a failed export.
    let o = briefdeck(&["export", &deck_s, "-o", &pdf_s], d.path());
    assert!(o.status.success());
    let before = std::fs::read(&pdf).unwrap();
    std::fs::write(&deck, "{}").unwrap();
    let o = briefdeck(&["export", &deck_s, "-o", &pdf_s], d.path());
    assert_fails(&o, 1, &["format_version"]);
    assert_eq!(std::fs::read(&pdf).unwrap(), before);
    let leftovers = std::fs::read_dir(d.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .count();
    assert_eq!(leftovers, 0);
}

#[test]
fn export_formats_paper_and_per_page() {
    let d = tempfile::tempdir().unwrap();
    let deck = d.path().join("deck.json");
    let deck_s = deck.to_str().unwrap().to_owned();
    assert!(briefdeck(&["new", "--sample", "-o", &deck_s], d.path())
        .status
        .success());
    let pages = |args: &[&str], name: &str| -> usize {
        let out = d.path().join(name);
        let mut all = vec!["export", deck_s.as_str(), "-o", out.to_str().unwrap()];
        all.extend_from_slice(args);
        let o = briefdeck(&all, d.path());
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        let doc = lopdf::Document::load(&out).unwrap();
        doc.get_pages().len()
    };
    assert_eq!(pages(&[], "s.pdf"), 30);
    assert_eq!(pages(&["--format", "notes"], "n.pdf"), 30);
    assert_eq!(
        pages(&["--format", "handout", "--per-page", "6"], "h6.pdf"),
        5
    );
    assert_eq!(
        pages(
            &[
                "--format",
                "handout",
                "--per-page",
                "3",
                "--paper",
                "letter",
                "--beside",
                "notes"
            ],
            "h3.pdf"
        ),
        10
    );
    assert_eq!(
        pages(&["--format", "handout"], "h.pdf"),
        10,
        "3 per page by default"
    );
    // 5 slides per page is not a layout: a usage error with a hint.
    let o = briefdeck(
        &[
            "export",
            &deck_s,
            "-o",
            "x.pdf",
            "--format",
            "handout",
            "--per-page",
            "5",
        ],
        d.path(),
    );
    assert_fails(&o, 1, &["5 slides per page", "--per-page 1, 2, 3, 4 or 6"]);
    let o = briefdeck(
        &["export", &deck_s, "-o", "x.pdf", "--format", "poster"],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn export_never_writes_over_its_own_deck() {
    let d = tempfile::tempdir().unwrap();
    let deck = d.path().join("deck.json");
    let deck_s = deck.to_str().unwrap().to_owned();
    assert!(briefdeck(&["new", "--sample", "-o", &deck_s], d.path())
        .status
        .success());
    let before = std::fs::read(&deck).unwrap();
    let o = briefdeck(&["export", &deck_s, "-o", &deck_s], d.path());
    assert_fails(
        &o,
        1,
        &["is the deck file itself", "choose another output path"],
    );
    // The same file through another spelling of its path.
    let other = format!("{}/./deck.json", d.path().display());
    let o = briefdeck(&["export", &deck_s, "-o", &other], d.path());
    assert_fails(&o, 1, &["is the deck file itself"]);
    assert_eq!(
        std::fs::read(&deck).unwrap(),
        before,
        "the deck is untouched"
    );
}

#[test]
fn check_flags_slides_whose_library_item_changed_and_old_library_text() {
    let d = tempfile::tempdir().unwrap();
    let deck = d.path().join("deck.json");
    let deck_s = deck.to_str().unwrap();
    let o = briefdeck(&["new", "--sample", "-o", deck_s], d.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&deck).unwrap()).unwrap();
    let slides = v["deck"]["slides"].as_array_mut().unwrap();
    let (n, slide) = slides
        .iter_mut()
        .enumerate()
        .find(|(_, s)| s["origin"]["revision"].is_string())
        .expect("sample slides record the revision they copied");
    let item = slide["origin"]["item"].as_str().unwrap().to_owned();
    // As if the library had changed since the slide was made.
    slide["origin"]["revision"] = "0000000000000000".into();
    v["deck"]["meta"]["stale_after_days"] = 36500.into();
    std::fs::write(&deck, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let o = briefdeck(&["check", deck_s], d.path());
    let err = stderr(&o);
    assert!(o.status.success(), "warnings only: {err}");
    let line = format!(
        "slide {}: the library item `{item}` has changed since this slide copied it",
        n + 1
    );
    assert!(err.contains(&line), "{line:?} not in {err}");
    assert!(
        !err.contains("older than"),
        "no stale note at 100 years: {err}"
    );
    // At one day, every library slide is old.
    v["deck"]["meta"]["stale_after_days"] = 1.into();
    std::fs::write(&deck, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let err = stderr(&briefdeck(&["check", deck_s], d.path()));
    assert!(err.contains("library text older than 1 day,"), "{err}");
}
