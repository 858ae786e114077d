//! The deck model: file round-trip, strict reading, atomic saving, and undo/redo of every command.

use briefdeck::deck::{
    self, add_items, get_field, revert_to_library, sample_deck, Block, Command, ComparisonSide,
    Deck, DeckFileError, DeckMeta, Editor, Field, PageFormat, SlideBody, SlideEdit, TopicDisplay,
};
use briefdeck::error::Hinted;
use briefdeck::library::Library;

fn lib() -> Library {
    Library::builtin().unwrap()
}

fn sample() -> Deck {
    sample_deck(&lib()).unwrap()
}

#[test]
fn sample_deck_is_a_complete_briefing() {
    let d = sample();
    assert!(
        (15..=30).contains(&d.slides.len()),
        "{} slides",
        d.slides.len()
    );
    let kinds: Vec<_> = d.slides.iter().map(|s| s.body.kind()).collect();
    use briefdeck::deck::SlideKind as K;
    for k in [
        K::Title,
        K::Agenda,
        K::Topic,
        K::Viewpoint,
        K::Comparison,
        K::Timeline,
        K::Takeaways,
        K::Sources,
    ] {
        assert!(kinds.contains(&k), "sample lacks a {k:?} slide");
    }
    assert_eq!(kinds.first(), Some(&K::Title));
    assert_eq!(kinds.last(), Some(&K::Sources));
    // Every cited source is held by the deck (self-contained).
    for id in d.cited_sources() {
        assert!(d.sources.contains_key(id), "deck lacks source {id}");
    }
}

#[test]
fn deck_file_round_trips_exactly() {
    let d = sample();
    let json = deck::to_json(&d).unwrap();
    let back = deck::from_json("s.json", &json).unwrap();
    assert_eq!(d, back);
    assert_eq!(
        json,
        deck::to_json(&back).unwrap(),
        "serialisation is stable"
    );
    assert!(json.starts_with("{\n  \"format_version\": 5,"));

    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("deck.json");
    deck::save(&d, &p).unwrap();
    assert_eq!(deck::load(&p).unwrap(), d);
}

#[test]
fn malformed_file_reports_line_and_column() {
    let json = deck::to_json(&sample()).unwrap();
    let broken = json.replacen("\"theme\": \"navy\"", "\"theme\": navy", 1);
    match deck::from_json("x.json", &broken) {
        Err(DeckFileError::Malformed { line, column, .. }) => {
            let expected = broken
                .lines()
                .position(|l| l.contains("\"theme\": navy"))
                .unwrap()
                + 1;
            assert_eq!(line, expected);
            assert!(column > 1);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn unknown_field_is_an_error_not_dropped() {
    let json = deck::to_json(&sample())
        .unwrap()
        .replacen("\"subtitle\":", "\"subtitel\":", 1);
    let err = deck::from_json("x.json", &json).unwrap_err();
    assert!(
        err.to_string().contains("unknown field `subtitel`"),
        "{err}"
    );
    // The hint is data, not part of the message.
    assert!(!err.to_string().contains("hint"), "{err}");
    let hint = err.hint().unwrap();
    assert!(hint.contains("remove or correct the field"), "{hint}");
}

#[test]
fn newer_format_version_says_so() {
    let json = deck::to_json(&sample()).unwrap().replacen(
        "\"format_version\": 5",
        "\"format_version\": 7",
        1,
    );
    let err = deck::from_json("x.json", &json).unwrap_err();
    assert!(matches!(
        err,
        DeckFileError::TooNew {
            found: 7,
            supported: 5,
            ..
        }
    ));
    assert!(err.hint().unwrap().contains("newer BriefDeck"));
}

#[test]
fn failed_save_leaves_old_file_intact() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("deck.json");
    let d = sample();
    deck::save(&d, &p).unwrap();
    let before = std::fs::read(&p).unwrap();
    // Saving into a folder that does not exist fails without touching anything.
    let bad = dir.path().join("missing/deck.json");
    assert!(matches!(
        deck::save(&d, &bad),
        Err(DeckFileError::Write { .. })
    ));
    // Saving over a directory fails; the temporary file is cleaned up.
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    assert!(deck::save(&d, &sub).is_err());
    assert_eq!(std::fs::read(&p).unwrap(), before);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

fn snapshot(ed: &Editor) -> Deck {
    ed.deck().clone()
}

/// Applies a command, then checks undo restores the deck and redo re-applies it exactly.
fn check_undo_redo(ed: &mut Editor, label: &str, cmd: Command) {
    let before = snapshot(ed);
    ed.apply(label, cmd).unwrap();
    let after = snapshot(ed);
    assert_ne!(before, after, "{label} changed nothing");
    assert_eq!(ed.undo().unwrap().as_deref(), Some(label));
    assert_eq!(snapshot(ed), before, "{label}: undo");
    assert_eq!(ed.redo().unwrap().as_deref(), Some(label));
    assert_eq!(snapshot(ed), after, "{label}: redo");
}

#[test]
fn undo_and_redo_every_command_kind() {
    let lib = lib();
    let mut ed = Editor::new(sample());
    let ids: Vec<u64> = ed.deck().slides.iter().map(|s| s.id).collect();
    let topic = ed
        .deck()
        .slides
        .iter()
        .find(|s| matches!(s.body, SlideBody::Topic { .. }))
        .unwrap()
        .id;
    let cmp = ed
        .deck()
        .slides
        .iter()
        .find(|s| matches!(s.body, SlideBody::Comparison { .. }))
        .unwrap()
        .id;
    let timeline = ed
        .deck()
        .slides
        .iter()
        .find(|s| matches!(s.body, SlideBody::Timeline { .. }))
        .unwrap()
        .id;

    let free = ed.new_slide(SlideBody::Bullets {
        title: "Free".into(),
        bullets: vec!["a".into()],
    });
    check_undo_redo(
        &mut ed,
        "insert",
        Command::Insert {
            index: 3,
            slides: vec![free],
        },
    );
    check_undo_redo(
        &mut ed,
        "remove",
        Command::Remove {
            ids: vec![ids[2], ids[5]],
        },
    );
    check_undo_redo(
        &mut ed,
        "move",
        Command::Move {
            ids: vec![ids[1], ids[4]],
            to: 6,
        },
    );
    let mut order: Vec<u64> = ed.deck().slides.iter().map(|s| s.id).collect();
    order.reverse();
    check_undo_redo(&mut ed, "reorder", Command::Reorder { order });
    check_undo_redo(&mut ed, "duplicate", Command::Duplicate { id: topic });
    check_undo_redo(
        &mut ed,
        "hide",
        Command::SetHidden {
            ids: vec![topic, ids[1]],
            hidden: true,
        },
    );
    check_undo_redo(
        &mut ed,
        "title",
        Command::Edit {
            id: topic,
            edit: SlideEdit::Title("New title".into()),
        },
    );
    check_undo_redo(
        &mut ed,
        "bullets",
        Command::Edit {
            id: topic,
            edit: SlideEdit::Points(vec![Block {
                text: "x".into(),
                mark: Some("C".into()),
                sources: vec!["newsaz-mammadov-2026-02-12".into()],
            }]),
        },
    );
    check_undo_redo(
        &mut ed,
        "notes",
        Command::Edit {
            id: topic,
            edit: SlideEdit::Notes("say this".into()),
        },
    );
    check_undo_redo(
        &mut ed,
        "display",
        Command::Edit {
            id: topic,
            edit: SlideEdit::TopicDisplay(TopicDisplay::Summary),
        },
    );
    check_undo_redo(
        &mut ed,
        "stance",
        Command::Edit {
            id: cmp,
            edit: SlideEdit::SideStance(ComparisonSide::Right, "R".into()),
        },
    );
    check_undo_redo(
        &mut ed,
        "claims",
        Command::Edit {
            id: cmp,
            edit: SlideEdit::SideClaims(ComparisonSide::Left, vec!["L".into()]),
        },
    );
    check_undo_redo(
        &mut ed,
        "entry",
        Command::Edit {
            id: timeline,
            edit: SlideEdit::TimelineEntry(0, Block::from_line("(U) T", None)),
        },
    );
    let mut meta: DeckMeta = ed.deck().meta.clone();
    meta.marking = "OFFICIAL-SENSITIVE".into();
    check_undo_redo(&mut ed, "meta", Command::SetMeta(meta));
    check_undo_redo(&mut ed, "theme", Command::SetTheme("print".into()));
    check_undo_redo(
        &mut ed,
        "format",
        Command::SetPageFormat(PageFormat::Standard),
    );
    let mut restored = ed.deck().slide(topic).unwrap().clone();
    restored.notes = "restored".into();
    check_undo_redo(&mut ed, "restore", Command::Restore { slide: restored });
    let src = ed.deck().sources.keys().next().unwrap().clone();
    check_undo_redo(&mut ed, "remove source", Command::RemoveSources(vec![src]));
    let n = ed.deck().slides.len();
    let before = snapshot(&ed);
    add_items(&mut ed, &lib, n, &["peacekeeping", "mammadov-coast-guard"]).unwrap();
    assert_eq!(ed.deck().slides.len(), n + 2);
    ed.undo().unwrap();
    assert_eq!(snapshot(&ed), before, "add from library: undo");
    ed.redo().unwrap();
    assert_eq!(ed.deck().slides.len(), n + 2);
    // Many steps back to the start.
    while ed.undo().unwrap().is_some() {}
    assert_eq!(snapshot(&ed), sample());
}

#[test]
fn failed_command_changes_nothing() {
    let mut ed = Editor::new(sample());
    let before = snapshot(&ed);
    let title_slide = ed.deck().slides[0].id;
    assert!(ed.apply("x", Command::Remove { ids: vec![9999] }).is_err());
    assert!(ed
        .apply(
            "x",
            Command::Edit {
                id: title_slide,
                edit: SlideEdit::Points(vec![])
            }
        )
        .is_err());
    // A batch that fails half-way leaves no trace.
    let batch = Command::Batch(vec![
        Command::SetTheme("print".into()),
        Command::Remove { ids: vec![9999] },
    ]);
    assert!(ed.apply("x", batch).is_err());
    assert_eq!(snapshot(&ed), before);
    assert!(ed.undo_label().is_none());
}

#[test]
fn edited_library_slide_is_marked_and_can_be_reverted() {
    let lib = lib();
    let mut ed = Editor::new(Deck::new("t"));
    let ids = add_items(&mut ed, &lib, 0, &["sovereignty-borders"]).unwrap();
    let id = ids[0];
    let original = ed.deck().slide(id).unwrap().clone();
    assert_eq!(original.origin.as_ref().map(|o| o.edited), Some(false));
    ed.apply(
        "edit",
        Command::Edit {
            id,
            edit: SlideEdit::Paragraphs(vec!["My own summary.".into()]),
        },
    )
    .unwrap();
    let s = ed.deck().slide(id).unwrap();
    assert_eq!(s.origin.as_ref().map(|o| o.edited), Some(true));
    assert_eq!(
        get_field(s, Field::Paragraphs),
        Some(SlideEdit::Paragraphs(vec!["My own summary.".into()]))
    );
    revert_to_library(&mut ed, &lib, id).unwrap();
    assert_eq!(ed.deck().slide(id).unwrap(), &original);
    // Reverting is itself undoable.
    ed.undo().unwrap();
    assert_eq!(
        ed.deck()
            .slide(id)
            .unwrap()
            .origin
            .as_ref()
            .map(|o| o.edited),
        Some(true)
    );
}

#[test]
fn unknown_item_id_is_an_error() {
    let mut ed = Editor::new(Deck::new("t"));
    let err = add_items(&mut ed, &lib(), 0, &["no-such-item"])
        .unwrap_err()
        .to_string();
    assert!(err.contains("no-such-item"), "{err}");
    assert!(ed.deck().slides.is_empty());
}

#[test]
fn version_1_file_opens_and_is_upgraded_on_save() {
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sample-deck-v1.json");
    let text = std::fs::read_to_string(&fixture).unwrap();
    assert!(text.contains("\"format_version\": 1"));
    let d = deck::load(&fixture).unwrap();
    // Every slide of the version-1 file is there, with its title, and every version-1 string
    // of a list became one block with the same text (the fixture is the sample deck as it was
    // when version 1 was current).
    let raw: serde_json::Value = serde_json::from_str(&text).unwrap();
    let raw_slides = raw["deck"]["slides"].as_array().unwrap();
    assert_eq!(d.slides.len(), raw_slides.len());
    assert_eq!(d.meta.title, raw["deck"]["meta"]["title"].as_str().unwrap());
    for (slide, v1) in d.slides.iter().zip(raw_slides) {
        assert_eq!(slide.id, v1["id"].as_u64().unwrap());
        let body = &v1["body"];
        if let Some(t) = body["title"].as_str() {
            assert_eq!(slide.title(&d.meta), t);
        }
        let strings: Vec<&str> = ["key_points", "bullets", "points", "claims"]
            .iter()
            .filter_map(|k| body[*k].as_array())
            .flatten()
            .filter_map(|v| v.as_str())
            .collect();
        if !strings.is_empty() {
            let texts: Vec<String> = match &slide.body {
                SlideBody::Topic { key_points, .. } => {
                    key_points.iter().map(|b| b.text.clone()).collect()
                }
                SlideBody::Bullets { bullets: l, .. } | SlideBody::Takeaways { points: l, .. } => {
                    l.iter().map(|b| b.text.clone()).collect()
                }
                SlideBody::Viewpoint { claims, .. } => {
                    claims.iter().map(|b| b.text.clone()).collect()
                }
                other => panic!("unexpected {other:?}"),
            };
            assert_eq!(texts, strings, "slide {}", slide.id);
        }
    }
    // Plain strings became blocks; a quote-less viewpoint has no quote block.
    let takeaways = d
        .slides
        .iter()
        .find_map(|s| match &s.body {
            SlideBody::Takeaways { points, .. } => Some(points.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(takeaways.len(), 5);
    assert!(takeaways.iter().all(|b| b.mark.is_none()));
    // Saving writes the current version, which reads back equal.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("upgraded.json");
    deck::save(&d, &p).unwrap();
    let saved = std::fs::read_to_string(&p).unwrap();
    assert!(saved.starts_with("{\n  \"format_version\": 5,"));
    assert_eq!(deck::load(&p).unwrap(), d);
}

#[test]
fn version_1_text_paragraphs_become_blocks() {
    let v1 = r#"{
  "format_version": 1,
  "deck": {
    "meta": { "title": "Old" },
    "theme": "navy",
    "slides": [
      { "id": 1, "body": { "kind": "text", "title": "T", "text": "First para.\n\nSecond para." } },
      { "id": 2, "body": { "kind": "viewpoint", "title": "V", "speaker": { "person": "A" },
        "claims": ["c1", "c2"], "quote": "Said it.", "date": "2026-02-12", "sources": [] } }
    ]
  }
}"#;
    let d = deck::from_json("old.json", v1).unwrap();
    match &d.slides[0].body {
        SlideBody::Text { paragraphs, .. } => {
            assert_eq!(
                paragraphs,
                &vec![Block::new("First para."), Block::new("Second para.")]
            )
        }
        other => panic!("{other:?}"),
    }
    match &d.slides[1].body {
        SlideBody::Viewpoint { claims, quote, .. } => {
            assert_eq!(claims.len(), 2);
            assert_eq!(quote.as_ref().map(|q| q.text.as_str()), Some("Said it."));
        }
        other => panic!("{other:?}"),
    }
    // A version-1 file with a wrong field still fails with a hint.
    let bad = v1.replace("\"claims\"", "\"claimz\"");
    let err = deck::from_json("old.json", &bad).unwrap_err();
    assert!(err.to_string().contains("claimz"), "{err}");
    assert!(err.hint().is_some());
}

#[test]
fn block_marks_and_sources_round_trip_through_the_file() {
    let mut ed = Editor::new(sample());
    let id = ed
        .deck()
        .slides
        .iter()
        .find(|s| matches!(s.body, SlideBody::Bullets { .. } | SlideBody::Topic { .. }))
        .unwrap()
        .id;
    let blocks = vec![
        Block {
            text: "Marked".into(),
            mark: Some("CUI".into()),
            sources: vec!["newsaz-mammadov-2026-02-12".into()],
        },
        Block::new("Plain"),
    ];
    ed.apply(
        "points",
        Command::Edit {
            id,
            edit: SlideEdit::Points(blocks.clone()),
        },
    )
    .unwrap();
    let json = deck::to_json(ed.deck()).unwrap();
    assert!(json.contains("\"mark\": \"CUI\""));
    let back = deck::from_json("x.json", &json).unwrap();
    assert_eq!(
        get_field(back.slide(id).unwrap(), Field::Points),
        Some(SlideEdit::Points(blocks))
    );
    // A block's own sources count as citations of the slide.
    assert!(back
        .slide(id)
        .unwrap()
        .body
        .cited_sources()
        .contains(&"newsaz-mammadov-2026-02-12"));
    ed.undo().unwrap();
    assert_eq!(ed.deck(), &sample());
}
