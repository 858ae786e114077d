//! The status bar. Reads the app's state through a view.

use crate::deck::Deck;
use crate::error::Problem;

/// What the status bar reads.
pub struct StatusView<'a> {
    /// The deck.
    pub deck: &'a Deck,
    /// Number of layout warnings.
    pub warnings: usize,
    /// Unsaved changes.
    pub dirty: bool,
    /// The deck has no file yet.
    pub never_saved: bool,
    /// Share of a running export done (0–1), if one runs.
    pub export_progress: Option<f32>,
    /// The last message.
    pub status: &'a Problem,
    /// Problems met while loading packs and themes.
    pub load_problems: &'a [String],
}

/// Slide count, warnings, save state, export progress, and the last message with its hint.
pub fn status_bar_ui(ui: &mut egui::Ui, v: &StatusView<'_>) {
    {
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                let deck = v.deck;
                let warnings = v.warnings;
                ui.label(format!(
                    "{} slides ({} exported)",
                    deck.slides.len(),
                    deck.visible().count()
                ));
                ui.separator();
                if warnings > 0 {
                    ui.colored_label(ui.visuals().warn_fg_color, format!("{warnings} warning(s)"));
                } else {
                    ui.label("No warnings");
                }
                ui.separator();
                ui.label(if v.never_saved {
                    "Not saved yet"
                } else if v.dirty {
                    "Unsaved changes"
                } else {
                    "Saved"
                });
                if let Some(fraction) = v.export_progress {
                    ui.separator();
                    ui.label("Exporting");
                    ui.add(
                        egui::ProgressBar::new(fraction)
                            .desired_width(160.0)
                            .show_percentage(),
                    );
                }
                if !v.status.message.is_empty() {
                    ui.separator();
                    ui.label(&v.status.message);
                    if let Some(h) = &v.status.hint {
                        ui.weak(format!("Hint: {h}"));
                    }
                }
                for p in v.load_problems {
                    ui.separator();
                    ui.colored_label(ui.visuals().warn_fg_color, "library/theme problem")
                        .on_hover_text(p);
                }
            });
        });
    }
}
