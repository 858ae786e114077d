//! Dialogs: open, save as, export (typed path plus a system file picker), unsaved changes,
//! recovery, export result, errors.

use std::path::PathBuf;

use super::action::Action;
use super::app::BriefDeckApp;
use super::export_job::ExportOutcome;
use super::preview::{fit, paint_page, Detail};
use crate::deck::Recovery;
use crate::error::Problem;
use crate::layout::{Beside, HandoutOptions, Output, Paper, PerPage};

/// What to do after the unsaved-changes prompt.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    /// Start a new deck.
    New,
    /// Open this file.
    Open(PathBuf),
    /// Show the open dialog.
    OpenDialog,
    /// Close the window.
    Close,
}

/// Which file a path dialog asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPurpose {
    /// Open a deck.
    Open,
    /// Save the deck.
    SaveAs,
    /// Export a PDF.
    Export,
}

/// An open dialog.
#[derive(Debug, Clone, PartialEq)]
pub enum Dialog {
    /// Ask for a path (typed, pasted or picked).
    Path {
        /// What for.
        purpose: PathPurpose,
        /// The path being typed.
        text: String,
        /// What to do after saving (e.g. close).
        then: Option<Pending>,
        /// For an export: which document to write.
        output: Output,
    },
    /// Save, discard or cancel before `then`.
    Unsaved {
        /// The step waiting for an answer.
        then: Pending,
    },
    /// Offer to recover unsaved work from the last session.
    Recover(Box<Recovery>),
    /// An export finished (or failed).
    Exported(ExportOutcome),
    /// Something went wrong.
    Error {
        /// Heading.
        title: String,
        /// What went wrong and what to do.
        problem: Problem,
    },
}

impl PartialEq for ExportOutcome {
    fn eq(&self, other: &Self) -> bool {
        self.path == other.path && self.result.is_ok() == other.result.is_ok()
    }
}

impl Dialog {
    /// The open dialog.
    pub fn open(text: String) -> Dialog {
        Dialog::Path {
            purpose: PathPurpose::Open,
            text,
            then: None,
            output: Output::Slides,
        }
    }

    /// The save-as dialog.
    pub fn save_as(text: String, then: Option<Pending>) -> Dialog {
        Dialog::Path {
            purpose: PathPurpose::SaveAs,
            text,
            then,
            output: Output::Slides,
        }
    }

    /// The export dialog, with the document kind chosen last time.
    pub fn export(text: String, output: Output) -> Dialog {
        Dialog::Path {
            purpose: PathPurpose::Export,
            text,
            then: None,
            output,
        }
    }
}

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

impl BriefDeckApp {
    /// Shows the open dialog, if any.
    pub fn dialogs(&mut self, ctx: &egui::Context) {
        let Some(dialog) = self.dialog.clone() else {
            return;
        };
        let before = dialog.clone();
        let mut close = false;
        let mut next: Option<Dialog> = None;
        let modal = egui::Modal::new(egui::Id::unique("briefdeck-dialog")).show(ctx, |ui| {
            ui.set_max_width(560.0);
            match dialog {
                Dialog::Path { purpose, mut text, then, mut output } => {
                    let (heading, button, filter, ext) = match purpose {
                        PathPurpose::Open => ("Open deck", "Open file", "BriefDeck deck", "json"),
                        PathPurpose::SaveAs => ("Save deck as", "Save file", "BriefDeck deck", "json"),
                        PathPurpose::Export => ("Export PDF", "Write PDF", "PDF", "pdf"),
                    };
                    ui.heading(heading);
                    if purpose == PathPurpose::Export {
                        let before = output;
                        output_choice_ui(ui, &mut output);
                        if output != before {
                            // Keep the file name in step with the document kind.
                            text = renamed_for(&text, output);
                        }
                        if let Some(page) = self.first_sheet(output) {
                            ui.label("First page:");
                            let h = 170.0;
                            let w = (h * page.width_pt / page.height_pt.max(1.0)).min(520.0);
                            let (rect, _) = ui.allocate_exact_size(egui::vec2(w, h), egui::Sense::hover());
                            let textures = self.cache.texture_ids();
                            paint_page(ui.painter(), fit(rect, page.width_pt, page.height_pt), &page, &textures, Detail::Thumbnail);
                        }
                        ui.separator();
                    }
                    ui.label("Type or paste a path, or browse:");
                    let path_label = ui.label("Path");
                    let edit = ui.add(
                        egui::TextEdit::singleline(&mut text)
                            .desired_width(520.0)
                            .hint_text(format!("/path/to/file.{ext}")),
                    )
                    .labelled_by(path_label.id);
                    let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    let mut confirm = enter;
                    ui.horizontal(|ui| {
                        if ui.button("Browse…").on_hover_text("Choose with the system file dialog").clicked() {
                            let dialog = rfd::FileDialog::new().add_filter(filter, &[ext]);
                            let picked = match purpose {
                                PathPurpose::Open => dialog.pick_file(),
                                _ => {
                                    let name = std::path::Path::new(&text)
                                        .file_name()
                                        .map(|n| n.to_string_lossy().into_owned())
                                        .unwrap_or_default();
                                    dialog.set_file_name(name).save_file()
                                }
                            };
                            match picked {
                                Some(p) => text = p.display().to_string(),
                                None => self.status = Problem::new("No file chosen", "if no dialog appeared, type the path instead"),
                            }
                        }
                        if ui.button(button).clicked() {
                            confirm = true;
                        }
                        if ui.button("Cancel").clicked() {
                            close = true;
                        }
                    });
                    let path = PathBuf::from(text.trim());
                    let problem = path_problem(purpose, &path);
                    if let Some(p) = &problem {
                        if !text.trim().is_empty() {
                            ui.colored_label(ui.visuals().warn_fg_color, p);
                        }
                    }
                    if confirm && problem.is_none() {
                        close = true;
                        match purpose {
                            PathPurpose::Open => self.act(Action::Open(path)),
                            PathPurpose::SaveAs => {
                                if self.save_to(&path) {
                                    if let Some(then) = then.clone() {
                                        self.continue_pending(then, ctx);
                                    }
                                }
                            }
                            PathPurpose::Export => {
                                self.settings.export_output = output;
                                self.act(Action::Export(path, output))
                            }
                        }
                    } else {
                        next = Some(Dialog::Path { purpose, text, then, output });
                    }
                }
                Dialog::Unsaved { then } => {
                    ui.heading("Unsaved changes");
                    ui.label("This deck has changes that are not saved. Save them first?");
                    ui.horizontal(|ui| {
                        if ui.button("Save").clicked() {
                            match self.path.clone() {
                                Some(p) => {
                                    if self.save_to(&p) {
                                        self.continue_pending(then.clone(), ctx);
                                    }
                                    close = true;
                                }
                                None => next = Some(Dialog::save_as(self.suggested_name("json"), Some(then.clone()))),
                            }
                        }
                        if ui
                            .button("Don't save")
                            .on_hover_text("A recovery copy is kept and offered at the next start")
                            .clicked()
                        {
                            self.keep_recovery_copy();
                            close = true;
                            self.continue_pending(then.clone(), ctx);
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
                            self.recover(Some(*rec.clone()));
                            close = true;
                        }
                        if ui.button("Discard").clicked() {
                            self.recover(None);
                            close = true;
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
                                    format!("{} layout warning(s) — see the warnings list", r.warnings.len()),
                                );
                            }
                            ui.horizontal(|ui| {
                                if ui.button("Open").clicked() {
                                    if let Err(e) = open_externally(&outcome.path) {
                                        self.status = e.into();
                                    }
                                }
                                if ui.button("Show in folder").clicked() {
                                    let folder = outcome.path.parent().map(|p| p.to_path_buf()).unwrap_or_default();
                                    if let Err(e) = open_externally(&folder) {
                                        self.status = e.into();
                                    }
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
        // An action taken inside the dialog may have opened another dialog; that one stays.
        if self.dialog.as_ref() == Some(&before) {
            self.dialog = if close { None } else { next.or(Some(before)) };
        }
    }
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

/// A problem: the message, and its hint under it.
pub fn problem_ui(ui: &mut egui::Ui, p: &Problem) {
    ui.label(&p.message);
    if let Some(h) = &p.hint {
        ui.weak(format!("Hint: {h}"));
    }
}

/// The export dialog's document choice: slides, notes pages or handout, with paper, slides per
/// page and what goes beside the slides.
pub fn output_choice_ui(ui: &mut egui::Ui, output: &mut Output) {
    let paper = match *output {
        Output::Slides => Paper::A4,
        Output::Notes(p) => p,
        Output::Handout(h) => h.paper,
    };
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
    });
    if *output == Output::Slides {
        return;
    }
    ui.horizontal(|ui| {
        ui.label("Paper:");
        for p in [Paper::A4, Paper::Letter] {
            if ui.selectable_label(paper == p, p.label()).clicked() {
                match output {
                    Output::Notes(x) => *x = p,
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
        .to_owned();
    let name = match output {
        Output::Slides => format!("{base}.pdf"),
        Output::Notes(_) => format!("{base}-notes.pdf"),
        Output::Handout(_) => format!("{base}-handout.pdf"),
    };
    path.with_file_name(name).display().to_string()
}
