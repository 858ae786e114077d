//! Menu bar, status bar, and the central preview with its warnings list.

use super::action::Action;
use super::app::BriefDeckApp;
use super::dialogs::Dialog;
use super::preview::{fit, paint_page, Detail};

impl BriefDeckApp {
    /// Menus and the main toolbar.
    pub fn menu_bar(&mut self, ui: &mut egui::Ui) {
        egui::Panel::top("menu").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| {
                ui.menu_button("File", |ui| {
                    if ui.button("New (Ctrl+N)").clicked() {
                        self.act(Action::New);
                    }
                    if ui.button("Open… (Ctrl+O)").clicked() {
                        self.act(Action::Show(Dialog::open(String::new())));
                    }
                    ui.menu_button("Open recent", |ui| {
                        if self.settings.recent.is_empty() {
                            ui.weak("No recent files");
                        }
                        for p in self.settings.recent.clone() {
                            if ui.button(p.display().to_string()).clicked() {
                                self.act(Action::Open(p));
                            }
                        }
                    });
                    if ui.button("Save (Ctrl+S)").clicked() {
                        self.act(Action::Save);
                    }
                    if ui.button("Save as… (Ctrl+Shift+S)").clicked() {
                        self.act(Action::Show(Dialog::save_as(
                            self.suggested_name("json"),
                            None,
                        )));
                    }
                    if ui.button("Export PDF… (Ctrl+E)").clicked() {
                        self.act(Action::Show(self.export_dialog()));
                    }
                    ui.separator();
                    if ui.button("Quit").clicked() {
                        self.act(Action::Close);
                    }
                });
                ui.menu_button("Edit", |ui| {
                    let undo = self
                        .editor
                        .undo_label()
                        .map(|l| format!("Undo {l} (Ctrl+Z)"))
                        .unwrap_or_else(|| "Undo (Ctrl+Z)".into());
                    if ui
                        .add_enabled(self.editor.can_undo(), egui::Button::new(undo))
                        .clicked()
                    {
                        self.act(Action::Undo);
                    }
                    let redo = self
                        .editor
                        .redo_label()
                        .map(|l| format!("Redo {l} (Ctrl+Y)"))
                        .unwrap_or_else(|| "Redo (Ctrl+Y)".into());
                    if ui
                        .add_enabled(self.editor.can_redo(), egui::Button::new(redo))
                        .clicked()
                    {
                        self.act(Action::Redo);
                    }
                    ui.separator();
                    if ui.button("Duplicate slide (Ctrl+D)").clicked() {
                        self.act(Action::DuplicateSelection);
                    }
                    if ui.button("Hide/show slide").clicked() {
                        self.act(Action::ToggleHidden);
                    }
                    if ui.button("Delete slide (Del)").clicked() {
                        self.act(Action::DeleteSelection);
                    }
                });
                ui.menu_button("View", |ui| {
                    if ui.radio(self.settings.dark, "Dark").clicked() {
                        self.settings.dark = true;
                    }
                    if ui.radio(!self.settings.dark, "Light").clicked() {
                        self.settings.dark = false;
                    }
                });
                ui.separator();
                if ui
                    .button("Undo")
                    .on_hover_text("Undo the last change (Ctrl+Z)")
                    .clicked()
                {
                    self.act(Action::Undo);
                }
                if ui
                    .button("Redo")
                    .on_hover_text("Redo (Ctrl+Y or Ctrl+Shift+Z)")
                    .clicked()
                {
                    self.act(Action::Redo);
                }
                if ui
                    .button("Save")
                    .on_hover_text("Save the deck (Ctrl+S)")
                    .clicked()
                {
                    self.act(Action::Save);
                }
                if ui
                    .button("Export PDF")
                    .on_hover_text("Export the briefing as PDF (Ctrl+E)")
                    .clicked()
                {
                    self.act(Action::Show(self.export_dialog()));
                }
                ui.separator();
                let current = self.editor.deck().theme.clone();
                let mut chosen = current.clone();
                egui::ComboBox::from_label("Theme")
                    .selected_text(current.clone())
                    .show_ui(ui, |ui| {
                        for (t, _) in &self.themes.themes {
                            ui.selectable_value(&mut chosen, t.name.clone(), &t.display_name)
                                .on_hover_text(&t.description);
                        }
                    });
                if chosen != current {
                    self.act(Action::Edit(
                        "Change theme".into(),
                        crate::deck::Command::SetTheme(chosen),
                    ));
                }
                let label = if self.settings.dark {
                    "Light UI"
                } else {
                    "Dark UI"
                };
                if ui
                    .button(label)
                    .on_hover_text("Switch the app between dark and light")
                    .clicked()
                {
                    self.settings.dark = !self.settings.dark;
                }
            });
        });
    }

    /// Slide count, warnings, save state, export progress.
    pub fn status_bar(&mut self, ui: &mut egui::Ui) {
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                let deck = self.editor.deck();
                let warnings = self
                    .cache
                    .layout
                    .as_ref()
                    .map(|l| l.warnings.len())
                    .unwrap_or(0);
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
                ui.label(if self.dirty() {
                    "Unsaved changes"
                } else {
                    "Saved"
                });
                if let Some(job) = &self.export {
                    ui.separator();
                    ui.label("Exporting");
                    ui.add(
                        egui::ProgressBar::new(job.fraction())
                            .desired_width(160.0)
                            .show_percentage(),
                    );
                }
                if !self.status.message.is_empty() {
                    ui.separator();
                    ui.label(&self.status.message);
                    if let Some(h) = &self.status.hint {
                        ui.weak(format!("Hint: {h}"));
                    }
                }
                for p in &self.load_problems {
                    ui.separator();
                    ui.colored_label(ui.visuals().warn_fg_color, "library/theme problem")
                        .on_hover_text(p);
                }
            });
        });
    }

    /// The selected slide as the PDF will show it, with its warnings.
    pub fn preview_panel(&mut self, ui: &mut egui::Ui) {
        egui::CentralPanel::default().show(ui, |ui| {
            let warnings: Vec<crate::layout::Warning> = self
                .cache
                .layout
                .as_ref()
                .map(|l| l.warnings.clone())
                .unwrap_or_default();
            let list_h = if warnings.is_empty() {
                0.0
            } else {
                (24.0 + 18.0 * warnings.len() as f32).min(150.0)
            };
            let avail = ui.available_rect_before_wrap();
            let area =
                egui::Rect::from_min_max(avail.min, egui::pos2(avail.max.x, avail.max.y - list_h));
            let (pw, ph) = self.editor.deck().page_format.size_pt();
            let page_rect = fit(area.shrink(8.0), pw, ph);
            let current = self.current();
            let page_index = current.and_then(|id| self.cache.page_of.get(&id).copied());
            let hidden = current
                .and_then(|id| self.editor.deck().slide(id))
                .is_some_and(|s| s.hidden);
            match (&self.cache.layout, page_index) {
                (Some(layout), Some(pi)) => {
                    let textures = self.cache.texture_ids();
                    paint_page(
                        ui.painter(),
                        page_rect,
                        &layout.pages[pi],
                        &textures,
                        Detail::Full,
                    );
                    let own: Vec<&crate::layout::Warning> =
                        warnings.iter().filter(|w| w.page == Some(pi + 1)).collect();
                    if !own.is_empty() {
                        let text = own
                            .iter()
                            .map(|w| format!("Warning: {}", w.message))
                            .collect::<Vec<_>>()
                            .join("\n");
                        let galley = ui.painter().layout(
                            text,
                            egui::FontId::proportional(13.0),
                            egui::Color32::WHITE,
                            page_rect.width() - 16.0,
                        );
                        let r = egui::Rect::from_min_size(
                            egui::pos2(
                                page_rect.left(),
                                page_rect.bottom() - galley.size().y - 12.0,
                            ),
                            egui::vec2(page_rect.width(), galley.size().y + 12.0),
                        );
                        ui.painter().rect_filled(
                            r,
                            0.0,
                            egui::Color32::from_rgba_unmultiplied(160, 30, 30, 220),
                        );
                        ui.painter().galley(
                            r.min + egui::vec2(8.0, 6.0),
                            galley,
                            egui::Color32::WHITE,
                        );
                    }
                }
                _ => {
                    ui.painter()
                        .rect_filled(page_rect, 0.0, ui.visuals().faint_bg_color);
                    let msg = if hidden {
                        "This slide is hidden and will not be exported"
                    } else {
                        "Nothing to preview"
                    };
                    ui.painter().text(
                        page_rect.center(),
                        egui::Align2::CENTER_CENTER,
                        msg,
                        egui::FontId::proportional(16.0),
                        ui.visuals().text_color(),
                    );
                }
            }
            if !warnings.is_empty() {
                let list = egui::Rect::from_min_max(
                    egui::pos2(avail.min.x, avail.max.y - list_h),
                    avail.max,
                );
                let mut child = ui.new_child(egui::UiBuilder::new().max_rect(list));
                child.strong(format!("Warnings ({})", warnings.len()));
                egui::ScrollArea::vertical()
                    .id_salt("warnings")
                    .show(&mut child, |ui| {
                        for w in &warnings {
                            if ui
                                .link(format!("Warning: {}", w.message))
                                .on_hover_text("Go to the slide")
                                .clicked()
                            {
                                if let Some(id) = w.slide_id {
                                    self.act(Action::Select(id, false));
                                }
                            }
                        }
                    });
            }
        });
    }
}
