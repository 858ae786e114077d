//! The desktop app driven by widget labels with egui_kittest (no display needed).

use std::path::{Path, PathBuf};

use briefdeck::deck::{self, SlideBody};
use briefdeck::layout::Item;
use briefdeck::ui::{install_fonts, BriefDeckApp, Dialog, Settings, StartOptions};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;

fn app_in(dir: &Path, deck: Option<PathBuf>) -> BriefDeckApp {
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

fn harness(app: BriefDeckApp) -> Harness<'static, BriefDeckApp> {
    Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
        .with_context_setup(install_fonts)
        .build_ui_state(|ui, app: &mut BriefDeckApp| app.ui_root(ui), app)
}

/// Clicks into the text field with this label and types.
fn type_into(h: &mut Harness<'static, BriefDeckApp>, label: &str, text: &str) {
    h.get_by_label(label).click();
    h.run();
    // The click puts the cursor where it lands; type at the end.
    h.key_press(egui::Key::End);
    h.run();
    h.get_by_label(label).type_text(text);
    h.run();
}

fn page_texts(app: &BriefDeckApp, slide: u64) -> Vec<String> {
    let layout = app.cache.layout.as_ref().expect("layout");
    let page = layout
        .pages
        .iter()
        .find(|p| p.first_slide() == Some(slide))
        .expect("page for slide");
    page.all_items()
        .into_iter()
        .filter_map(|i| match i {
            Item::Text(r) => Some(r.text.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn opens_with_the_sample_briefing() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_in(dir.path(), None));
    h.run();
    let app = h.state();
    assert!(app.editor.deck().slides.len() >= 15);
    assert!(app.dialog.is_none());
    assert!(!app.dirty());
    // The preview pages are laid out and the library lists items.
    assert_eq!(
        app.cache.layout.as_ref().unwrap().pages.len(),
        app.editor.deck().visible().count()
    );
    h.get_by_label("Library");
    h.get_by_label("Slides");
    assert!(h.query_all_by_label("Add topic").count() > 5);
}

#[test]
fn search_and_add_a_library_item() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_in(dir.path(), None));
    h.run();
    let before = h.state().editor.deck().slides.len();
    type_into(&mut h, "Search", "coast guard");
    h.get_by_label("Viewpoints").click();
    h.run();
    // Only viewpoints about the coast guard remain.
    assert_eq!(h.query_all_by_label("Add topic").count(), 0);
    h.query_all_by_label("Add viewpoint")
        .next()
        .expect("a result")
        .click();
    h.run();
    let app = h.state();
    assert_eq!(app.editor.deck().slides.len(), before + 1);
    let added = app
        .current()
        .and_then(|id| app.editor.deck().slide(id))
        .unwrap();
    assert!(matches!(added.body, SlideBody::Viewpoint { .. }));
    assert!(
        added.origin.as_ref().unwrap().item.contains("coast-guard"),
        "{:?}",
        added.origin
    );
    assert!(app.dirty());
}

#[test]
fn reorder_slides_with_move_buttons() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_in(dir.path(), None));
    h.run();
    let ids: Vec<u64> = h
        .state()
        .editor
        .deck()
        .slides
        .iter()
        .map(|s| s.id)
        .collect();
    h.state_mut().selection = vec![ids[1]];
    h.run();
    h.get_by_label("Down").click();
    h.run();
    let now: Vec<u64> = h
        .state()
        .editor
        .deck()
        .slides
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(&now[..3], &[ids[0], ids[2], ids[1]]);
    h.get_by_label("Up").click();
    h.run();
    let back: Vec<u64> = h
        .state()
        .editor
        .deck()
        .slides
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(back, ids);
}

#[test]
fn edit_title_shows_in_preview_then_undo_and_redo() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_in(dir.path(), None));
    h.run();
    let topic = h
        .state()
        .editor
        .deck()
        .slides
        .iter()
        .find(|s| matches!(s.body, SlideBody::Topic { .. }))
        .unwrap()
        .id;
    h.state_mut().selection = vec![topic];
    h.run();
    type_into(&mut h, "Title", " (revised)");
    let texts = page_texts(h.state(), topic);
    assert!(texts.iter().any(|t| t.ends_with("(revised)")), "{texts:?}");
    let slide = h.state().editor.deck().slide(topic).unwrap().clone();
    assert!(
        slide.origin.unwrap().edited,
        "library slide marked as edited"
    );
    // Typing is one undo step.
    h.get_by_label("Undo").click();
    h.run();
    assert!(!page_texts(h.state(), topic)
        .iter()
        .any(|t| t.contains("(revised)")));
    h.get_by_label("Redo").click();
    h.run();
    assert!(page_texts(h.state(), topic)
        .iter()
        .any(|t| t.ends_with("(revised)")));
    // Keyboard undo.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(!page_texts(h.state(), topic)
        .iter()
        .any(|t| t.contains("(revised)")));
}

#[test]
fn save_reopen_and_compare() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("brief.json");
    let mut h = harness(app_in(dir.path(), None));
    h.run();
    h.get_by_label("Add…").click();
    h.run();
    h.get_by_label("+ Section").click();
    h.run();
    h.get_by_label("Save").click();
    h.run();
    assert!(
        matches!(h.state().dialog, Some(Dialog::Path { .. })),
        "save without a file asks for a path"
    );
    // Replace the suggested path with ours.
    h.state_mut().dialog = Some(Dialog::save_as(String::new(), None));
    h.run();
    type_into(&mut h, "Path", file.to_str().unwrap());
    h.get_by_label("Save file").click();
    h.run();
    assert!(h.state().dialog.is_none(), "{:?}", h.state().dialog);
    assert!(!h.state().dirty());
    let saved = deck::load(&file).unwrap();
    assert_eq!(&saved, h.state().editor.deck());
    assert_eq!(h.state().settings.recent.first(), Some(&file));
    // Reopen in a new app.
    let mut h2 = harness(app_in(dir.path(), Some(file.clone())));
    h2.run();
    assert_eq!(h2.state().editor.deck(), &saved);
    assert_eq!(h2.state().path.as_deref(), Some(file.as_path()));
}

#[test]
fn export_runs_in_background_and_writes_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("brief.pdf");
    let mut h = harness(app_in(dir.path(), None));
    h.run();
    h.get_by_label("Export PDF").click();
    h.run();
    h.state_mut().dialog = Some(Dialog::export(
        String::new(),
        briefdeck::layout::Output::Slides,
    ));
    h.run();
    type_into(&mut h, "Path", pdf.to_str().unwrap());
    h.get_by_label("Write PDF").click();
    let start = std::time::Instant::now();
    loop {
        h.step();
        if h.state().export.is_none() && h.state().last_export.is_some() {
            break;
        }
        assert!(start.elapsed().as_secs() < 60, "export did not finish");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    h.run();
    let outcome = h.state().last_export.clone().unwrap();
    assert!(outcome.result.is_ok(), "{:?}", outcome.result);
    assert!(matches!(h.state().dialog, Some(Dialog::Exported(_))));
    h.get_by_label("Open");
    h.get_by_label("Show in folder");
    let doc = lopdf::Document::load(&pdf).unwrap();
    assert_eq!(
        doc.get_pages().len(),
        h.state().editor.deck().visible().count()
    );
}

#[test]
fn unsaved_changes_prompt_before_new() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_in(dir.path(), None));
    h.run();
    h.get_by_label("Add…").click();
    h.run();
    h.get_by_label("+ Bullets").click();
    h.run();
    let deck = h.state().editor.deck().clone();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run();
    assert!(matches!(h.state().dialog, Some(Dialog::Unsaved { .. })));
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.state().dialog.is_none());
    assert_eq!(h.state().editor.deck(), &deck, "cancel keeps the deck");
}

#[test]
fn recovers_unsaved_work_after_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_in(dir.path(), None));
    h.run();
    h.get_by_label("Add…").click();
    h.run();
    h.get_by_label("+ Takeaways").click();
    h.run();
    let edited = h.state().editor.deck().clone();
    // The autosave writes the recovery copy; then the process "crashes" (no save, no exit hook).
    h.state_mut().write_recovery_now();
    drop(h);
    let mut h = harness(app_in(dir.path(), None));
    h.run();
    assert!(matches!(h.state().dialog, Some(Dialog::Recover(_))));
    h.get_by_label("Recover").click();
    h.run();
    assert_eq!(h.state().editor.deck(), &edited);
    assert!(h.state().dirty(), "recovered work still needs saving");
}

/// Presses at `from`, moves in steps to `to`, releases (a mouse drag).
fn drag(h: &mut Harness<'static, BriefDeckApp>, from: egui::Pos2, to: egui::Pos2) {
    h.event(egui::Event::PointerMoved(from));
    h.run();
    h.event(egui::Event::PointerButton {
        pos: from,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    h.step();
    for k in 1..=10 {
        let p = from + (to - from) * (k as f32 / 10.0);
        h.event(egui::Event::PointerMoved(p));
        h.step();
    }
    h.event(egui::Event::PointerButton {
        pos: to,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    h.run_steps(8);
}

#[test]
fn drag_a_library_item_onto_the_slide_list() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_in(dir.path(), None));
    h.run();
    type_into(&mut h, "Search", "demining");
    let before = h.state().editor.deck().slides.len();
    let card = h
        .query_all_by_label("Add topic")
        .next()
        .expect("a topic result")
        .rect();
    // Press on the card just above its "Add topic" button, drop on the second slide row.
    let from = egui::pos2(card.left() + 60.0, card.top() - 20.0);
    let slides = h.get_by_label("Slides").rect();
    let to = egui::pos2(slides.left() + 80.0, slides.bottom() + 330.0);
    drag(&mut h, from, to);
    assert_eq!(
        h.state().editor.deck().slides.len(),
        before + 1,
        "status: {}",
        h.state().status
    );
}

#[test]
fn drag_a_slide_to_reorder() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_in(dir.path(), None));
    h.run();
    let ids: Vec<u64> = h
        .state()
        .editor
        .deck()
        .slides
        .iter()
        .map(|s| s.id)
        .collect();
    let second = h.get_by_label_contains("Slide 2:").rect();
    let fourth = h.get_by_label_contains("Slide 4:").rect();
    // Drop on the upper part of slide 4's row: the slide lands before it.
    drag(
        &mut h,
        second.center(),
        egui::pos2(fourth.center().x, fourth.top() + 10.0),
    );
    let now: Vec<u64> = h
        .state()
        .editor
        .deck()
        .slides
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(
        &now[..4],
        &[ids[0], ids[2], ids[1], ids[3]],
        "status: {}",
        h.state().status
    );
}

#[test]
fn new_deck_replaces_the_preview() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_in(dir.path(), None));
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run();
    let app = h.state();
    assert_eq!(app.editor.deck().slides.len(), 2);
    assert_eq!(
        app.cache.layout.as_ref().unwrap().pages.len(),
        2,
        "layout follows the new deck"
    );
}

#[test]
fn a_date_can_be_typed_into_an_empty_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_in(dir.path(), None));
    h.run();
    h.get_by_label("Deck settings").click();
    h.run();
    // Empty the date, then type a new one keystroke by keystroke.
    let mut meta = h.state().editor.deck().meta.clone();
    meta.date = None;
    h.state_mut()
        .editor
        .apply("clear date", briefdeck::deck::Command::SetMeta(meta))
        .unwrap();
    h.run();
    h.get_by_label("Date (YYYY-MM-DD)").click();
    h.run();
    for c in "2026-03-04".chars() {
        h.get_by_label("Date (YYYY-MM-DD)")
            .type_text(&c.to_string());
        h.run();
    }
    assert_eq!(
        h.state().editor.deck().meta.date,
        briefdeck::library::Date::parse("2026-03-04").ok(),
        "every keystroke kept"
    );
}

#[test]
fn enter_at_the_end_of_a_bullet_list_adds_a_bullet() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_in(dir.path(), None));
    h.run();
    let bluf = h
        .state()
        .editor
        .deck()
        .slides
        .iter()
        .find(|s| matches!(s.body, SlideBody::Takeaways { .. }))
        .unwrap()
        .id;
    let before = match &h.state().editor.deck().slide(bluf).unwrap().body {
        SlideBody::Takeaways { points, .. } => points.len(),
        _ => unreachable!(),
    };
    h.state_mut().selection = vec![bluf];
    h.run();
    let label = "Takeaways (one per line; \u{201c}(C) \u{201d} in front marks a portion)";
    h.get_by_label(label).click();
    h.run();
    // To the end of the text: down past the last line, then to its end.
    for _ in 0..40 {
        h.key_press(egui::Key::ArrowDown);
    }
    h.key_press(egui::Key::End);
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    h.get_by_label(label).type_text("(C) A new last point");
    h.run();
    let points = match &h.state().editor.deck().slide(bluf).unwrap().body {
        SlideBody::Takeaways { points, .. } => points.clone(),
        _ => unreachable!(),
    };
    assert_eq!(points.len(), before + 1, "{points:?}");
    let last = points.last().unwrap();
    assert_eq!(last.text, "A new last point");
    assert_eq!(last.mark.as_deref(), Some("C"), "portion mark parsed");
    // The preview shows the new point with its portion mark.
    assert!(page_texts(h.state(), bluf)
        .iter()
        .any(|t| t.contains("(C) A new last point")));
}

#[test]
fn export_dialog_offers_the_handout_with_a_preview() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("brief-handout.pdf");
    let mut h = harness(app_in(dir.path(), None));
    h.run();
    h.get_by_label("Export PDF").click();
    h.run();
    h.get_by_label("Handout").click();
    h.run();
    h.get_by_label("6").click();
    h.run();
    h.get_by_label("First page:");
    let output = match &h.state().dialog {
        Some(Dialog::Path { output, text, .. }) => {
            assert!(text.ends_with("-handout.pdf"), "{text}");
            *output
        }
        other => panic!("{other:?}"),
    };
    assert!(matches!(
        output,
        briefdeck::layout::Output::Handout(o) if o.per_page == briefdeck::layout::PerPage::Six
    ));
    h.state_mut().dialog = Some(Dialog::export(String::new(), output));
    h.run();
    type_into(&mut h, "Path", pdf.to_str().unwrap());
    h.get_by_label("Write PDF").click();
    let start = std::time::Instant::now();
    loop {
        h.step();
        if h.state().export.is_none() && h.state().last_export.is_some() {
            break;
        }
        assert!(start.elapsed().as_secs() < 60, "export did not finish");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let doc = lopdf::Document::load(&pdf).unwrap();
    let slides = h.state().editor.deck().visible().count();
    assert_eq!(doc.get_pages().len(), slides.div_ceil(6));
    assert_eq!(
        h.state().settings.export_output,
        output,
        "the choice is remembered"
    );
}

#[test]
fn first_run_says_the_deck_is_not_saved_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_in(dir.path(), None));
    h.run();
    let title = h.state().window_title();
    assert!(
        title.contains("The US\u{2013}Azerbaijan Strategic Partnership Charter (not saved)"),
        "{title}"
    );
    h.get_by_label("Not saved yet");
    assert!(h.query_by_label("Saved").is_none());
}

#[test]
fn adding_an_item_already_in_the_deck_says_so_and_lands_after_the_content() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_in(dir.path(), None));
    h.run();
    // The title slide is selected on first run.
    let slides = h.state().editor.deck().slides.len();
    h.state_mut().act(briefdeck::ui::Action::AddItems(
        vec!["middle-corridor-tripp".into()],
        None,
    ));
    h.run();
    let deck = h.state().editor.deck();
    assert_eq!(deck.slides.len(), slides + 1);
    // Not after the title: at the end of the content, before the sources slide.
    let new_at = deck.slides.len() - 2;
    assert_eq!(
        deck.slides[new_at].origin.as_ref().map(|o| o.item.as_str()),
        Some("middle-corridor-tripp")
    );
    let status = &h.state().status;
    assert!(
        status
            .message
            .contains("already had `middle-corridor-tripp` (slide"),
        "{status:?}"
    );
    assert!(status.hint.as_deref().unwrap_or("").contains("undo"));
    // The message goes with the next change.
    h.get_by_label("Undo").click();
    h.run();
    assert!(!h.state().status.message.contains("already had"));
}

#[test]
fn the_preview_keeps_half_the_window_at_1024_by_700() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1024.0, 700.0))
        .with_context_setup(install_fonts)
        .build_ui_state(
            |ui, app: &mut BriefDeckApp| app.ui_root(ui),
            app_in(dir.path(), None),
        );
    h.run();
    h.run();
    let r = h.state().preview_rect.expect("preview painted");
    assert!(r.width() >= 1024.0 * 0.45, "preview {r:?}");
    // Hiding the library gives the preview more room.
    h.state_mut().act(briefdeck::ui::Action::ShowLibrary(false));
    h.run();
    h.run();
    let wider = h.state().preview_rect.unwrap();
    assert!(wider.width() > r.width() + 100.0, "{wider:?} vs {r:?}");
}

#[test]
fn a_hidden_slide_is_previewed_under_a_notice() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_in(dir.path(), None));
    h.run();
    let id = h.state().editor.deck().slides[1].id;
    h.state_mut().selection = vec![id];
    h.state_mut().act(briefdeck::ui::Action::ToggleHidden);
    h.run();
    h.run();
    assert!(h.state().editor.deck().slide(id).unwrap().hidden);
    assert!(
        !h.state().cache.page_of.contains_key(&id),
        "not in the export"
    );
    h.get_by_label("Hide");
    // The preview shows the slide's content (laid out on its own) under the notice.
    let r = h.state().preview_rect.unwrap();
    assert!(r.width() > 100.0);
}

#[test]
fn a_portion_mark_is_picked_beside_its_bullet_and_the_banner_follows() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_in(dir.path(), None));
    h.run();
    let bluf = h
        .state()
        .editor
        .deck()
        .slides
        .iter()
        .find(|s| matches!(s.body, SlideBody::Takeaways { .. }))
        .unwrap()
        .id;
    h.state_mut().selection = vec![bluf];
    h.run();
    let banners = |app: &BriefDeckApp| -> Vec<String> {
        page_texts(app, bluf)
            .into_iter()
            .filter(|t| t == "UNCLASSIFIED" || t == "CONFIDENTIAL")
            .collect()
    };
    assert_eq!(banners(h.state()), ["UNCLASSIFIED", "UNCLASSIFIED"]);
    // The list of pickers opens; block 2's picker offers the scheme's levels.
    h.get_by_label("Portion marks (0 of 4 marked)").click();
    h.run();
    h.get_by_label("Portion mark of block 2").click();
    h.run();
    h.get_by_label("C").click();
    h.run();
    let points = match &h.state().editor.deck().slide(bluf).unwrap().body {
        SlideBody::Takeaways { points, .. } => points.clone(),
        _ => unreachable!(),
    };
    assert_eq!(points[1].mark.as_deref(), Some("C"));
    assert!(points
        .iter()
        .enumerate()
        .all(|(i, p)| i == 1 || p.mark.is_none()));
    // The preview's banners follow the highest mark on the page, and the slide list says so.
    assert_eq!(banners(h.state()), ["CONFIDENTIAL", "CONFIDENTIAL"]);
    let number = h
        .state()
        .editor
        .deck()
        .slides
        .iter()
        .position(|s| s.id == bluf)
        .unwrap()
        + 1;
    assert!(h
        .query_by_label(&format!("Slide {number}: Bottom line up front (marked C)"))
        .is_some());
    // One undo takes the mark back.
    h.state_mut().editor.undo().unwrap();
    h.run();
    assert_eq!(banners(h.state()), ["UNCLASSIFIED", "UNCLASSIFIED"]);
}

#[test]
fn the_export_dialog_runs_the_check_and_stops_on_errors() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_in(dir.path(), None));
    h.run();
    h.state_mut().dialog = Some(Dialog::export(
        dir.path().join("x.pdf").display().to_string(),
        briefdeck::layout::Output::Slides,
    ));
    h.run();
    assert!(h
        .query_by_label_contains("Check: 0 error(s), 0 warning(s)")
        .is_some());
    assert!(h.query_by_label("Write PDF").is_some());
    // A mark the scheme does not know: an error naming slide and block; the button is disabled.
    let id = h.state().editor.deck().slides[1].id;
    let mut slide = h.state().editor.deck().slides[1].clone();
    if let SlideBody::Takeaways { points, .. } = &mut slide.body {
        points[0].mark = Some("ZZ".into());
    }
    h.state_mut()
        .editor
        .apply("test", deck::Command::Restore { slide })
        .unwrap();
    h.run();
    h.run();
    assert!(h
        .query_by_label_contains("error: slide 2: block 1: the portion mark (ZZ)")
        .is_some());
    let button = format!("{:?}", h.get_by_label("Write PDF"));
    assert!(button.contains("disabled: true"), "{button}");
    h.get_by_label("Write PDF").click();
    h.run();
    assert!(!dir.path().join("x.pdf").exists(), "nothing written");
    // A warning (an unmarked block beside a marked one) turns the button into "Export anyway".
    let mut slide = h.state().editor.deck().slide(id).unwrap().clone();
    if let SlideBody::Takeaways { points, .. } = &mut slide.body {
        points[0].mark = Some("U".into());
    }
    h.state_mut()
        .editor
        .apply("test", deck::Command::Restore { slide })
        .unwrap();
    h.run();
    h.run();
    assert!(
        h.query_by_label_contains("has no portion mark, beside marked blocks")
            .is_some()
            || h.query_by_label_contains("have no portion mark, beside marked blocks")
                .is_some()
    );
    h.get_by_label("Export anyway").click();
    let start = std::time::Instant::now();
    while !dir.path().join("x.pdf").exists() && start.elapsed().as_secs() < 60 {
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(dir.path().join("x.pdf").exists());
}

#[test]
fn a_slide_that_does_not_fit_offers_to_split_and_splits_in_one_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_in(dir.path(), None));
    h.run();
    let id = h
        .state()
        .editor
        .deck()
        .slides
        .iter()
        .find(|s| matches!(s.body, SlideBody::Takeaways { .. }))
        .unwrap()
        .id;
    let mut slide = h.state().editor.deck().slide(id).unwrap().clone();
    if let SlideBody::Takeaways { points, .. } = &mut slide.body {
        *points = (0..14)
            .map(|i| format!("Point {i}: a sentence long enough to take a line of its own.").into())
            .collect();
    }
    h.state_mut()
        .editor
        .apply("test", deck::Command::Restore { slide })
        .unwrap();
    h.state_mut().selection = vec![id];
    h.run();
    h.run();
    let before = h.state().editor.deck().slides.len();
    assert!(h
        .query_by_label("This slide does not fit at the deck\u{2019}s body size.")
        .is_some());
    h.get_by_label("Split slide").click();
    h.run();
    h.run();
    let d = h.state().editor.deck();
    assert_eq!(d.slides.len(), before + 1);
    let at = d.slides.iter().position(|s| s.id == id).unwrap();
    assert_eq!(d.slides[at].body.block_count(), 7);
    assert_eq!(d.slides[at + 1].body.block_count(), 7);
    assert!(d.slides[at + 1].title(&d.meta).ends_with("(continued)"));
    // Both halves fit: no overflow warning is left for them.
    let l = h.state().cache.layout.as_ref().unwrap();
    assert!(!l
        .warnings
        .iter()
        .any(|w| w.kind == briefdeck::layout::WarningKind::Overflow));
    h.state_mut().editor.undo().unwrap();
    assert_eq!(h.state().editor.deck().slides.len(), before);
}

#[test]
fn the_export_dialog_writes_the_briefing_pack_in_the_background() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_in(dir.path(), None));
    h.run();
    h.state_mut().dialog = Some(Dialog::export(
        dir.path().join("brief.pdf").display().to_string(),
        briefdeck::layout::Output::Slides,
    ));
    h.run();
    // The memo is one of the documents; the pack is one tick, and the path becomes a folder.
    h.get_by_label("Memo").click();
    h.run();
    h.get_by_label("Briefing pack: slides, memo, handout and notes pages in one folder")
        .click();
    h.run();
    let folder = dir.path().join("brief-pack");
    match &h.state().dialog {
        Some(Dialog::Path { text, choices, .. }) => {
            assert!(choices.pack);
            assert_eq!(std::path::Path::new(text), folder);
        }
        other => panic!("{other:?}"),
    }
    // The check covers every document: the memo's length warning is listed.
    assert!(h.query_by_label_contains("read-ahead memo").is_some());
    h.get_by_label("Export anyway").click();
    let start = std::time::Instant::now();
    loop {
        h.step();
        if h.state().export.is_none() && h.state().last_export.is_some() {
            break;
        }
        assert!(start.elapsed().as_secs() < 60, "the pack did not finish");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    h.run();
    let outcome = h.state().last_export.clone().unwrap();
    assert!(outcome.result.is_ok(), "{:?}", outcome.result);
    for f in [
        "brief-slides.pdf",
        "brief-memo.pdf",
        "brief-handout.pdf",
        "brief-notes.pdf",
        "README.txt",
    ] {
        assert!(folder.join(f).is_file(), "{f}");
    }
}

#[test]
fn a_slide_whose_library_item_changed_offers_update_or_keep() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_in(dir.path(), None));
    h.run();
    let slide = h
        .state()
        .editor
        .deck()
        .slides
        .iter()
        .find(|s| matches!(s.body, SlideBody::Topic { .. }))
        .unwrap()
        .clone();
    let item = slide.origin.as_ref().unwrap().item.clone();
    let library_title = h.state().library.item(&item).unwrap().title();
    // The slide was copied from an older revision of its item, and retitled since.
    let mut older = slide.clone();
    older.origin.as_mut().unwrap().revision = Some("0000000000000000".into());
    if let SlideBody::Topic { title, .. } = &mut older.body {
        *title = "My own title".into();
    }
    h.state_mut()
        .editor
        .apply("test", deck::Command::Restore { slide: older })
        .unwrap();
    h.state_mut().selection = vec![slide.id];
    h.run();
    let updated = |h: &Harness<'static, BriefDeckApp>| {
        h.state()
            .cache
            .flags
            .iter()
            .filter(|f| f.slide == slide.id && matches!(f.flag, deck::Flag::Updated { .. }))
            .count()
    };
    assert_eq!(updated(&h), 1, "{:?}", h.state().cache.flags);
    // The slide list names the update first (a narrow list cuts the line after the tags that
    // come first), and before "edited".
    assert!(
        h.query_by_label_contains("My own title [library updated, ")
            .is_some_and(|row| format!("{row:?}").contains("edited]")),
        "the slide list row should name the update first, \"edited\" last"
    );
    // The export dialog's check warns about it, as `briefdeck check` does.
    h.state_mut().dialog = Some(Dialog::export(
        dir.path().join("x.pdf").display().to_string(),
        briefdeck::layout::Output::Slides,
    ));
    h.run();
    assert!(h
        .query_by_label_contains("has changed since this slide copied it")
        .is_some());
    assert!(h.query_by_label("Export anyway").is_some());
    // Warnings are listed before notes.
    let severities: Vec<_> = h
        .state_mut()
        .export_preview(briefdeck::layout::Output::Slides, false, false)
        .unwrap()
        .check
        .findings
        .iter()
        .map(|f| f.severity)
        .collect();
    let first_note = severities
        .iter()
        .position(|s| *s == briefdeck::marking::Severity::Info)
        .unwrap_or(severities.len());
    assert!(
        severities[first_note..]
            .iter()
            .all(|s| *s == briefdeck::marking::Severity::Info),
        "{severities:?}"
    );
    h.state_mut().dialog = None;
    h.run();
    // Both texts are shown side by side.
    h.get_by_label("This slide");
    h.get_by_label("Library now");
    h.get_by_label("Keep my version").click();
    h.run();
    let title_of = |h: &Harness<'static, BriefDeckApp>| match &h
        .state()
        .editor
        .deck()
        .slide(slide.id)
        .unwrap()
        .body
    {
        SlideBody::Topic { title, .. } => title.clone(),
        _ => unreachable!(),
    };
    assert_eq!(title_of(&h), "My own title");
    assert_eq!(updated(&h), 0);
    h.get_by_label("Undo").click();
    h.run();
    assert_eq!(updated(&h), 1);
    h.get_by_label("Update from library").click();
    h.run();
    assert_eq!(title_of(&h), library_title);
    assert_eq!(updated(&h), 0);
}

#[test]
fn a_large_library_lists_only_the_rows_in_view() {
    use std::fmt::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("packs/big");
    std::fs::create_dir_all(&pack).unwrap();
    std::fs::write(
        pack.join("pack.toml"),
        "[pack]\nid = \"big\"\ntitle = \"Big\"\ndescription = \"Many topics.\"\nlanguage = \"en\"\nas_of = \"2026-02-12\"\nversion = \"1.0.0\"\n",
    )
    .unwrap();
    std::fs::write(
        pack.join("sources.toml"),
        "[[source]]\nid = \"big-src\"\noutlet = \"Outlet\"\ntitle = \"A report\"\ndate = \"2026-02-01\"\nkind = \"news_report\"\n",
    )
    .unwrap();
    let mut topics = String::new();
    for i in 0..3000 {
        let _ = write!(
            topics,
            "[[topic]]\nid = \"big-{i}\"\ntitle = \"Generated topic {i}\"\none_line = \"Line {i}.\"\nsummary = \"Summary {i}.\"\nkey_points = [\"Point {i}.\", \"Second {i}.\", \"Third {i}.\"]\nsources = [\"big-src\"]\nas_of = \"2026-02-12\"\n\n"
        );
    }
    std::fs::write(pack.join("topics.toml"), topics).unwrap();
    let app = BriefDeckApp::new(
        Settings::default(),
        StartOptions {
            deck: None,
            library_dirs: vec![dir.path().join("packs")],
            recovery_path: Some(dir.path().join("recovery.json")),
        },
    )
    .fonts_ready();
    let mut h = harness(app);
    h.run();
    let total = h.state().library.items().count();
    assert!(
        total > 3000,
        "{total} items; problems: {:?}",
        h.state().load_problems
    );
    h.get_by_label(&format!("{total} item(s)"));
    // Only the rows in view are built.
    let built = h.query_all_by_label("Add topic").count();
    assert!(built > 3 && built < 40, "{built} rows built");
    // Typing narrows the list.
    type_into(&mut h, "Search", "generated topic 2999");
    h.get_by_label("1 item(s)");
    h.get_by_label("Generated topic 2999");
}

#[test]
fn the_library_editor_adds_a_checked_topic_to_a_user_pack_and_saves_it() {
    use briefdeck::library::{PackEdit, PackEditor};
    let dir = tempfile::tempdir().unwrap();
    let packs = dir.path().join("packs");
    let mut ed = PackEditor::create(&packs.join("mine"), "mine", "My notes").unwrap();
    let lib = briefdeck::library::Library::builtin().unwrap();
    let mut source = lib.source("reportaz-2026-02-10").unwrap().clone();
    source.id = "mine-src".into();
    ed.apply(PackEdit::PutSource { was: None, source });
    ed.save().unwrap();
    let app = BriefDeckApp::new(
        Settings::default(),
        StartOptions {
            deck: None,
            library_dirs: vec![packs.clone()],
            recovery_path: Some(dir.path().join("recovery.json")),
        },
    )
    .fonts_ready();
    let mut h = harness(app);
    h.run();
    h.get_by_label("Edit library\u{2026}").click();
    h.run();
    h.get_by_label("Library editor")
        .get_by_label("Topics")
        .click();
    h.run();
    h.get_by_label("New topic").click();
    h.run();
    for (label, text) in [
        ("id", "mine-topic"),
        ("title", "Our reading of the charter"),
        ("one line", "What we make of it."),
        ("summary", "A short summary."),
        ("sources", "mine-src"),
        ("as of", "2026-11-20"),
    ] {
        type_into(&mut h, label, text);
    }
    // Checked as typed: no key points yet, so the loader's rule is shown and adding is refused.
    assert!(
        h.query_all_by_label_contains("3\u{2013}6").next().is_some(),
        "key-point rule shown"
    );
    type_into(
        &mut h,
        "key points",
        "First point.\nSecond point.\nThird point.",
    );
    assert!(h.query_all_by_label_contains("3\u{2013}6").next().is_none());
    h.get_by_label("Add to pack").click();
    h.run();
    h.get_by_label("Save pack").click();
    h.run();
    let text = std::fs::read_to_string(packs.join("mine/topics.toml")).unwrap();
    assert!(text.contains("id = \"mine-topic\""), "{text}");
    // The library was reloaded with the new topic.
    assert_eq!(
        h.state().library.item("mine-topic").unwrap().title(),
        "Our reading of the charter"
    );
}
