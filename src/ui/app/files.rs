//! Files: new, open, save, export in the background, autosave and recovery.

use super::super::dialog_state::ExportChoices;
use super::*;

impl BriefDeckApp {
    /// Keeps a copy of unsaved work when the user closes without saving.
    pub fn keep_recovery_copy(&mut self) {
        if self.dirty() {
            self.write_recovery_now();
        }
    }

    /// A file name for Save As / Export.
    pub fn suggested_name(&self, ext: &str) -> String {
        let stem = match &self.path {
            Some(p) => p.with_extension(ext).display().to_string(),
            None => {
                let title = &self.editor.deck().meta.title;
                let slug: String = title
                    .chars()
                    .map(|c| {
                        if c.is_alphanumeric() {
                            c.to_ascii_lowercase()
                        } else {
                            '-'
                        }
                    })
                    .collect::<String>()
                    .split('-')
                    .filter(|s| !s.is_empty())
                    .take(6)
                    .collect::<Vec<_>>()
                    .join("-");
                let base = [dirs::document_dir(), dirs::home_dir()]
                    .into_iter()
                    .flatten()
                    .find(|d| d.is_dir())
                    .unwrap_or_else(|| PathBuf::from("."));
                base.join(format!(
                    "{}.{ext}",
                    if slug.is_empty() {
                        "briefing".into()
                    } else {
                        slug
                    }
                ))
                .display()
                .to_string()
            }
        };
        stem
    }

    pub(super) fn new_deck(&mut self) {
        let mut deck = Deck::new("Untitled briefing");
        deck.meta = DeckMeta {
            title: "Untitled briefing".into(),
            ..DeckMeta::default()
        };
        let mut ed = Editor::new(deck);
        let title = ed.new_slide(SlideBody::Title {});
        let sources = ed.new_slide(SlideBody::Sources {
            title: "Sources".into(),
        });
        let mut d = ed.into_deck();
        d.slides = vec![title, sources];
        self.editor = Editor::new(d);
        self.doc_generation += 1;
        self.path = None;
        self.refresh_schemes();
        self.saved_revision = self.editor.revision();
        self.select_first();
        self.status = "New deck".into();
    }

    /// Opens a deck file; on failure the current deck stays and the error is shown.
    pub fn open(&mut self, p: &Path) {
        match deck::load(p) {
            Ok(d) => {
                self.editor = Editor::new(d);
                self.doc_generation += 1;
                self.saved_revision = self.editor.revision();
                self.path = Some(p.to_path_buf());
                self.refresh_schemes();
                self.settings.touch_recent(p);
                self.select_first();
                self.status = format!("Opened {}", p.display()).into();
            }
            Err(e) => {
                self.dialog = Some(Dialog::Error {
                    title: "Could not open the deck".into(),
                    problem: e.problem(),
                })
            }
        }
    }

    /// Saves atomically; returns true on success.
    pub fn save_to(&mut self, p: &Path) -> bool {
        match deck::save(self.editor.deck(), p) {
            Ok(()) => {
                self.path = Some(p.to_path_buf());
                self.refresh_schemes();
                self.saved_revision = self.editor.revision();
                self.settings.touch_recent(p);
                if let Some(rp) = &self.recovery_path {
                    clear_recovery(rp);
                }
                self.status = format!("Saved {}", p.display()).into();
                true
            }
            Err(e) => {
                self.dialog = Some(Dialog::Error {
                    title: "Could not save".into(),
                    problem: e.problem(),
                });
                false
            }
        }
    }

    pub(super) fn start_export(
        &mut self,
        path: PathBuf,
        output: Output,
        choices: &ExportChoices,
        ctx: &egui::Context,
    ) {
        if self.export.is_some() {
            self.status = "An export is already running".into();
            return;
        }
        self.refresh_layout(Some(ctx));
        let Some(theme) = self.cache.theme.clone() else {
            self.status = "No theme could be loaded; cannot export".into();
            return;
        };
        let ctx = ctx.clone();
        self.last_export = None;
        let request = super::super::export_job::ExportRequest {
            deck: self.editor.deck().clone(),
            theme,
            options: LayoutOptions {
                output,
                clean_metadata: choices.clean_metadata,
                ..self.layout_options()
            },
            path,
            recipients: if choices.copies {
                crate::export::recipients_from_text(&choices.recipients)
            } else {
                Vec::new()
            },
            pack: choices.pack.then_some(output.paper()),
            cache: self.stream_cache.clone(),
        };
        self.export = Some(ExportJob::start(request, move || ctx.request_repaint()));
        self.status = "Exporting…".into();
    }

    /// Checks on a running export.
    pub fn poll_export(&mut self) {
        if let Some(job) = &mut self.export {
            if let Some(outcome) = job.poll() {
                self.status = match &outcome.result {
                    Ok(r) => {
                        format!("Exported {} pages to {}", r.pages, outcome.path.display()).into()
                    }
                    Err(e) => Problem {
                        message: format!("Export failed: {}", e.message),
                        hint: e.hint.clone(),
                    },
                };
                self.last_export = Some(outcome.clone());
                self.dialog = Some(Dialog::Exported(outcome));
                self.export = None;
            }
        }
    }

    /// Writes the recovery copy when there are unsaved changes and the interval has passed.
    pub fn autosave_tick(&mut self, ctx: Option<&egui::Context>) {
        if !self.dirty() || self.editor.revision() == self.autosaved_revision {
            return;
        }
        if self.last_autosave.elapsed() >= AUTOSAVE_EVERY {
            self.write_recovery_now();
        } else if let Some(ctx) = ctx {
            ctx.request_repaint_after(AUTOSAVE_EVERY.saturating_sub(self.last_autosave.elapsed()));
        }
    }

    /// Writes the recovery copy now.
    pub fn write_recovery_now(&mut self) {
        let Some(rp) = self.recovery_path.clone() else {
            return;
        };
        match write_recovery(&rp, self.editor.deck(), self.path.as_deref()) {
            Ok(()) => {
                self.autosaved_revision = self.editor.revision();
                self.last_autosave = Instant::now();
            }
            Err(e) => {
                self.status = Problem {
                    message: format!("Autosave failed: {e}"),
                    hint: e.hint(),
                }
            }
        }
    }

    /// Takes the recovered deck (or discards it).
    pub fn recover(&mut self, rec: Option<deck::Recovery>) {
        if let Some(rec) = rec {
            self.editor = Editor::new(rec.deck);
            self.doc_generation += 1;
            self.path = rec.original;
            self.refresh_schemes();
            // Recovered work is unsaved until the user saves it.
            self.saved_revision = u64::MAX;
            self.select_first();
            self.status = "Recovered unsaved changes from the last session".into();
        }
        if let Some(rp) = &self.recovery_path {
            if self.saved_revision != u64::MAX {
                clear_recovery(rp);
            }
        }
    }
}
