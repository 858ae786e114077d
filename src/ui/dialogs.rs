//! Dialogs: open, save as, export (document kind, a preview of its first page, a typed path plus
//! a system file picker), unsaved changes, recovery, export result, errors. The dialog UI only
//! edits the dialog's own state and returns actions.

use std::path::PathBuf;

use super::action::Action;
use super::dialog_state::{Dialog, ExportChoices, PathPurpose};
use super::preview::{fit, paint_page, Detail};
use crate::error::Problem;
use crate::layout::{Beside, HandoutOptions, Output, Page, Paper, PerPage};

/// Opens a file or its folder with the desktop's default program.
pub fn open_externally(path: &std::path::Path) -> Result<(), String> {
    #[cfg(target_os = "macos")]
    let cmd = "open";
    #[cfg(target_os = "windows")]
    let cmd = "explorer";
    #[cfg(not(any(target_os = "macos", target_os = "windows")))]
    let cmd = "xdg-open";
    std::process::Command::new(cmd)
        .arg(path)
        .spawn()
        .map(|_| ())
        .map_err(|e| format!("could not start {cmd}: {e}"))
}

/// What the dialogs read.
pub struct DialogView<'a> {
    /// The first sheet of the output chosen in the export dialog, for its preview.
    pub export_preview: Option<&'a Page>,
    /// The pre-export check of that output.
    pub export_check: Option<&'a crate::preflight::Report>,
    /// egui ids of the layout's picture textures.
    pub textures: &'a [Option<egui::TextureId>],
}

/// Shows the open dialog, if any; returns what the user chose. `dialog` is the dialog's own
/// state: it is updated as the user types, and set to `None` when the dialog closes.
pub fn dialogs_ui(
    ctx: &egui::Context,
    dialog: &mut Option<Dialog>,
    view: &DialogView<'_>,
) -> Vec<Action> {
    let mut out = Vec::new();
    let Some(current) = dialog.clone() else {
        return out;
    };
    let mut close = false;
    let mut next: Option<Dialog> = None;
    let modal = egui::Modal::new(egui::Id::unique("briefdeck-dialog")).show(ctx, |ui| {
        ui.set_max_width(560.0);
        match current {
            Dialog::Path {
                purpose,
                mut text,
                then,
                mut output,
                mut choices,
            } => {
                let (heading, button, filter, ext) = match purpose {
                    PathPurpose::Open => ("Open deck", "Open file", "BriefDeck deck", "json"),
                    PathPurpose::SaveAs => ("Save deck as", "Save file", "BriefDeck deck", "json"),
                    PathPurpose::Export => ("Export PDF", "Write PDF", "PDF", "pdf"),
                };
                ui.heading(heading);
                if purpose == PathPurpose::Export {
                    let before = output;
                    output_choice_ui(ui, &mut output);
                    if output != before && !choices.pack {
                        // Keep the file name in step with the document kind.
                        text = renamed_for(&text, output);
                    }
                    if let Some(page) = view.export_preview {
                        ui.label("First page:");
                        let h = 170.0;
                        let w = (h * page.width_pt / page.height_pt.max(1.0)).min(520.0);
                        let (rect, _) =
                            ui.allocate_exact_size(egui::vec2(w, h), egui::Sense::hover());
                        paint_page(
                            ui.painter(),
                            fit(rect, page.width_pt, page.height_pt),
                            page,
                            view.textures,
                            Detail::Thumbnail,
                        );
                    }
                    let was_pack = choices.pack;
                    export_choices_ui(ui, &mut choices);
                    if choices.pack != was_pack {
                        text = if choices.pack {
                            pack_folder_for(&text)
                        } else {
                            renamed_for(
                                &format!(
                                    "{}.pdf",
                                    text.trim_end_matches('/').trim_end_matches("-pack")
                                ),
                                output,
                            )
                        };
                    }
                    if let Some(report) = view.export_check {
                        check_report_ui(ui, report);
                    }
                    ui.separator();
                }
                ui.label("Type or paste a path, or browse:");
                let path_label = ui.label("Path");
                let edit = ui
                    .add(
                        egui::TextEdit::singleline(&mut text)
                            .desired_width(520.0)
                            .hint_text(format!("/path/to/file.{ext}")),
                    )
                    .labelled_by(path_label.id);
                let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                let mut confirm = enter;
                ui.horizontal(|ui| {
                    if ui
                        .button("Browse…")
                        .on_hover_text("Choose with the system file dialog")
                        .clicked()
                    {
                        let picker = rfd::FileDialog::new().add_filter(filter, &[ext]);
                        let picked = match purpose {
                            PathPurpose::Open => picker.pick_file(),
                            _ => {
                                let name = std::path::Path::new(&text)
                                    .file_name()
                                    .map(|n| n.to_string_lossy().into_owned())
                                    .unwrap_or_default();
                                picker.set_file_name(name).save_file()
                            }
                        };
                        match picked {
                            Some(p) => text = p.display().to_string(),
                            None => out.push(Action::Report(Problem::new(
                                "No file chosen",
                                "if no dialog appeared, type the path instead",
                            ))),
                        }
                    }
                    let errors = view.export_check.map_or(0, |r| r.errors());
                    let warnings = view.export_check.map_or(0, |r| r.warnings());
                    let label = if purpose == PathPurpose::Export && errors == 0 && warnings > 0 {
                        "Export anyway"
                    } else if purpose == PathPurpose::Export && choices.pack {
                        "Write pack"
                    } else {
                        button
                    };
                    let blocked = purpose == PathPurpose::Export && errors > 0;
                    if ui
                        .add_enabled(!blocked, egui::Button::new(label))
                        .on_disabled_hover_text("Fix the errors the check lists first")
                        .clicked()
                    {
                        confirm = true;
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
                let path = PathBuf::from(text.trim());
                let mut problem = if purpose == PathPurpose::Export && choices.pack {
                    pack_path_problem(&path)
                } else {
                    path_problem(purpose, &path)
                };
                if purpose == PathPurpose::Export {
                    if view.export_check.is_some_and(|r| r.errors() > 0) {
                        problem = problem.or(Some(
                            "the check found errors: fix them before exporting".into(),
                        ));
                    }
                    if choices.copies
                        && crate::export::recipients_from_text(&choices.recipients).is_empty()
                    {
                        problem = problem.or(Some(
                            "list at least one recipient, one a line, or untick numbered copies"
                                .into(),
                        ));
                    }
                }
                if let Some(p) = &problem {
                    if !text.trim().is_empty() {
                        ui.colored_label(ui.visuals().warn_fg_color, p);
                    }
                }
                if confirm && problem.is_none() {
                    close = true;
                    out.push(match purpose {
                        PathPurpose::Open => Action::Open(path),
                        PathPurpose::SaveAs => Action::SaveAs(path, then.clone()),
                        PathPurpose::Export => Action::Export(path, output, choices.clone()),
                    });
                } else {
                    next = Some(Dialog::Path {
                        purpose,
                        text,
                        then,
                        output,
                        choices,
                    });
                }
            }
            Dialog::Unsaved { then } => {
                ui.heading("Unsaved changes");
                ui.label("This deck has changes that are not saved. Save them first?");
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() {
                        close = true;
                        out.push(Action::SaveThen(then.clone()));
                    }
                    if ui
                        .button("Don't save")
                        .on_hover_text("A recovery copy is kept and offered at the next start")
                        .clicked()
                    {
                        close = true;
                        out.push(Action::Discard(then.clone()));
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
            }
            Dialog::Recover(rec) => {
                ui.heading("Recover unsaved work?");
                let from = rec
                    .original
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| "an unsaved deck".into());
                ui.label(format!(
                    "BriefDeck closed before changes to \u{201c}{}\u{201d} ({from}) were saved.",
                    rec.deck.meta.title
                ));
                ui.horizontal(|ui| {
                    if ui.button("Recover").clicked() {
                        close = true;
                        out.push(Action::Recover(Some(rec.clone())));
                    }
                    if ui.button("Discard").clicked() {
                        close = true;
                        out.push(Action::Recover(None));
                    }
                });
            }
            Dialog::Exported(outcome) => {
                match &outcome.result {
                    Ok(r) => {
                        ui.heading("Export finished");
                        ui.label(format!(
                            "{} pages, {} KB written to {}",
                            r.pages,
                            r.bytes.div_ceil(1024),
                            outcome.path.display()
                        ));
                        if !r.warnings.is_empty() {
                            ui.colored_label(
                                ui.visuals().warn_fg_color,
                                format!(
                                    "{} layout warning(s) — see the warnings list",
                                    r.warnings.len()
                                ),
                            );
                        }
                        ui.horizontal(|ui| {
                            if ui.button("Open").clicked() {
                                out.push(Action::OpenExternally(outcome.path.clone()));
                            }
                            if ui.button("Show in folder").clicked() {
                                let folder = outcome
                                    .path
                                    .parent()
                                    .map(|p| p.to_path_buf())
                                    .unwrap_or_default();
                                out.push(Action::OpenExternally(folder));
                            }
                            if ui.button("Close").clicked() {
                                close = true;
                            }
                        });
                    }
                    Err(e) => {
                        ui.heading("Export failed");
                        problem_ui(ui, e);
                        if ui.button("Close").clicked() {
                            close = true;
                        }
                    }
                }
                if !close {
                    next = Some(Dialog::Exported(outcome));
                }
            }
            Dialog::Error { title, problem } => {
                ui.heading(&title);
                problem_ui(ui, &problem);
                if ui.button("Close").clicked() {
                    close = true;
                } else {
                    next = Some(Dialog::Error { title, problem });
                }
            }
        }
    });
    // Clicking outside closes informational dialogs; decisions need a button.
    if modal.should_close()
        && matches!(
            next,
            Some(Dialog::Error { .. }) | Some(Dialog::Exported(_)) | Some(Dialog::Path { .. })
        )
    {
        close = true;
    }
    if close {
        *dialog = None;
    } else if let Some(n) = next {
        *dialog = Some(n);
    }
    out
}

fn path_problem(purpose: PathPurpose, path: &std::path::Path) -> Option<String> {
    if path.as_os_str().is_empty() {
        return Some("Enter a path".into());
    }
    match purpose {
        PathPurpose::Open => (!path.is_file()).then(|| "No such file".into()),
        PathPurpose::SaveAs | PathPurpose::Export => {
            let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
            match parent {
                Some(p) if !p.is_dir() => {
                    Some(format!("The folder {} does not exist", p.display()))
                }
                _ if path.is_dir() => Some("That is a folder; add a file name".into()),
                _ => None,
            }
        }
    }
}

/// What is wrong with a folder for the briefing pack, if anything: its parent must exist, and
/// it may not be a file.
fn pack_path_problem(path: &std::path::Path) -> Option<String> {
    if path.as_os_str().is_empty() {
        return Some("Enter a folder".into());
    }
    if path.exists() && !path.is_dir() {
        return Some("That is a file; the pack needs a folder".into());
    }
    match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(p) if !p.is_dir() => Some(format!("The folder {} does not exist", p.display())),
        _ => None,
    }
}

/// The pack folder beside an export path: `…/deck.pdf` → `…/deck-pack`.
fn pack_folder_for(text: &str) -> String {
    let path = std::path::Path::new(text.trim());
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "briefing".into());
    let base = stem
        .trim_end_matches("-notes")
        .trim_end_matches("-handout")
        .trim_end_matches("-memo")
        .to_owned();
    path.with_file_name(format!("{base}-pack"))
        .display()
        .to_string()
}

/// A problem: the message, and its hint under it.
pub fn problem_ui(ui: &mut egui::Ui, p: &Problem) {
    ui.label(&p.message);
    if let Some(h) = &p.hint {
        ui.weak(format!("Hint: {h}"));
    }
}

/// The export dialog's document choice: slides, notes pages, handout or memo, with paper,
/// slides per page and what goes beside the slides.
pub fn output_choice_ui(ui: &mut egui::Ui, output: &mut Output) {
    let paper = output.paper();
    let handout = match *output {
        Output::Handout(h) => h,
        _ => HandoutOptions {
            paper,
            ..HandoutOptions::default()
        },
    };
    ui.horizontal(|ui| {
        ui.label("Document:");
        if ui
            .selectable_label(*output == Output::Slides, "Slides")
            .clicked()
        {
            *output = Output::Slides;
        }
        if ui
            .selectable_label(matches!(output, Output::Notes(_)), "Notes pages")
            .clicked()
        {
            *output = Output::Notes(paper);
        }
        if ui
            .selectable_label(matches!(output, Output::Handout(_)), "Handout")
            .clicked()
        {
            *output = Output::Handout(handout);
        }
        if ui
            .selectable_label(matches!(output, Output::Memo(_)), "Memo")
            .on_hover_text(
                "The read-ahead memo, written by the template chosen in the deck settings (Memo)",
            )
            .clicked()
        {
            *output = Output::Memo(paper);
        }
    });
    if *output == Output::Slides {
        return;
    }
    ui.horizontal(|ui| {
        ui.label("Paper:");
        for p in [Paper::A4, Paper::Letter] {
            if ui.selectable_label(paper == p, p.label()).clicked() {
                match output {
                    Output::Notes(x) | Output::Memo(x) => *x = p,
                    Output::Handout(h) => h.paper = p,
                    Output::Slides => {}
                }
            }
        }
    });
    if let Output::Handout(h) = output {
        ui.horizontal(|ui| {
            ui.label("Slides per page:");
            for n in PerPage::ALL {
                if ui
                    .selectable_label(h.per_page == n, n.count().to_string())
                    .clicked()
                {
                    h.per_page = n;
                }
            }
        });
        if h.per_page == PerPage::Three {
            ui.horizontal(|ui| {
                ui.label("Beside each slide:");
                if ui
                    .selectable_label(h.beside == Beside::Lines, "Lines for notes")
                    .clicked()
                {
                    h.beside = Beside::Lines;
                }
                if ui
                    .selectable_label(h.beside == Beside::Notes, "Speaker notes")
                    .clicked()
                {
                    h.beside = Beside::Notes;
                }
            });
        }
    }
}

/// The export path with a suffix naming the document kind: `deck.pdf`, `deck-notes.pdf`,
/// `deck-handout.pdf`.
fn renamed_for(text: &str, output: Output) -> String {
    let path = std::path::Path::new(text.trim());
    let Some(stem) = path.file_stem().map(|s| s.to_string_lossy().into_owned()) else {
        return text.to_owned();
    };
    let base = stem
        .trim_end_matches("-notes")
        .trim_end_matches("-handout")
        .trim_end_matches("-memo")
        .to_owned();
    let name = match output {
        Output::Slides => format!("{base}.pdf"),
        Output::Notes(_) => format!("{base}-notes.pdf"),
        Output::Handout(_) => format!("{base}-handout.pdf"),
        Output::Memo(_) => format!("{base}-memo.pdf"),
    };
    path.with_file_name(name).display().to_string()
}

/// Numbered copies and clean metadata.
fn export_choices_ui(ui: &mut egui::Ui, c: &mut ExportChoices) {
    ui.checkbox(
        &mut c.clean_metadata,
        "Clean metadata for circulation (no author, organisation or audience)",
    );
    ui.checkbox(
        &mut c.pack,
        "Briefing pack: slides, memo, handout and notes pages in one folder",
    )
    .on_hover_text(
        "The path names the folder; a README.txt lists the files with their pages and markings",
    );
    ui.checkbox(&mut c.copies, "Numbered copies, one PDF per recipient");
    if c.copies {
        let l = ui.label("Recipients, one a line:");
        ui.add(
            egui::TextEdit::multiline(&mut c.recipients)
                .desired_rows(3)
                .desired_width(520.0)
                .hint_text("Embassy in Baku\nDesk officer, Caucasus"),
        )
        .labelled_by(l.id);
        let n = crate::export::recipients_from_text(&c.recipients).len();
        if n == 0 {
            return;
        }
        ui.small(format!(
            "{n} cop{} \u{2014} each page reads \u{201c}Copy N of {n} \u{2014} recipient\u{201d}; files are named NAME-copy-01-of-{n:02}-recipient.pdf",
            if n == 1 { "y" } else { "ies" }
        ));
    }
}

/// The pre-export check: errors (which stop the export) and warnings, each with slide and page.
fn check_report_ui(ui: &mut egui::Ui, report: &crate::preflight::Report) {
    let (errors, warnings) = (report.errors(), report.warnings());
    if report.findings.is_empty() {
        ui.label("Check: no problems found.");
        return;
    }
    let summary = format!(
        "Check: {errors} error(s), {warnings} warning(s), {} note(s)",
        report.notes()
    );
    if errors > 0 {
        ui.colored_label(ui.visuals().error_fg_color, summary);
    } else if warnings > 0 {
        ui.colored_label(ui.visuals().warn_fg_color, summary);
    } else {
        ui.label(summary);
    }
    egui::ScrollArea::vertical()
        .id_salt("export-check")
        .max_height(120.0)
        .show(ui, |ui| {
            for f in &report.findings {
                let color = match f.severity {
                    crate::marking::Severity::Error => ui.visuals().error_fg_color,
                    crate::marking::Severity::Warning => ui.visuals().warn_fg_color,
                    crate::marking::Severity::Info => ui.visuals().text_color(),
                };
                ui.colored_label(color, f.to_string());
                if !f.hint.is_empty() {
                    ui.small(&f.hint);
                }
            }
        });
}
