//! The menu bar and the main toolbar. Reads the app's state through a view; returns actions.

use std::path::PathBuf;

use super::action::Action;
use crate::deck::Editor;
use crate::theme::ThemeCatalog;

/// What the menu bar reads.
pub struct MenuView<'a> {
    /// The deck and its history (undo/redo labels).
    pub editor: &'a Editor,
    /// Recently used decks.
    pub recent: &'a [PathBuf],
    /// The app is dark.
    pub dark: bool,
    /// The library panel is shown.
    pub show_library: bool,
    /// The editor panel is shown.
    pub show_editor: bool,
    /// Themes to choose from.
    pub themes: &'a ThemeCatalog,
}

/// Draws the menu bar; returns what the user asked for.
pub fn menu_bar_ui(ui: &mut egui::Ui, view: &MenuView<'_>) -> Vec<Action> {
    let mut bar = MenuBar {
        view,
        out: Vec::new(),
    };
    bar.bar_ui(ui);
    bar.out
}

struct MenuBar<'v, 'a> {
    view: &'v MenuView<'a>,
    out: Vec<Action>,
}

impl MenuBar<'_, '_> {
    fn act(&mut self, a: Action) {
        self.out.push(a);
    }

    fn bar_ui(&mut self, ui: &mut egui::Ui) {
        let v = self.view;
        egui::Panel::top("menu").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| {
                ui.menu_button("File", |ui| {
                    if ui.button("New (Ctrl+N)").clicked() {
                        self.act(Action::New);
                    }
                    if ui.button("Open… (Ctrl+O)").clicked() {
                        self.act(Action::ShowOpen);
                    }
                    ui.menu_button("Open recent", |ui| {
                        if v.recent.is_empty() {
                            ui.weak("No recent files");
                        }
                        for p in v.recent {
                            if ui.button(p.display().to_string()).clicked() {
                                self.act(Action::Open(p.clone()));
                            }
                        }
                    });
                    if ui.button("Save (Ctrl+S)").clicked() {
                        self.act(Action::Save);
                    }
                    if ui.button("Save as… (Ctrl+Shift+S)").clicked() {
                        self.act(Action::ShowSaveAs);
                    }
                    if ui.button("Export PDF… (Ctrl+E)").clicked() {
                        self.act(Action::ShowExport);
                    }
                    ui.separator();
                    if ui.button("Quit").clicked() {
                        self.act(Action::Close);
                    }
                });
                ui.menu_button("Edit", |ui| {
                    let undo = v
                        .editor
                        .undo_label()
                        .map(|l| format!("Undo {l} (Ctrl+Z)"))
                        .unwrap_or_else(|| "Undo (Ctrl+Z)".into());
                    if ui
                        .add_enabled(v.editor.can_undo(), egui::Button::new(undo))
                        .clicked()
                    {
                        self.act(Action::Undo);
                    }
                    let redo = v
                        .editor
                        .redo_label()
                        .map(|l| format!("Redo {l} (Ctrl+Y)"))
                        .unwrap_or_else(|| "Redo (Ctrl+Y)".into());
                    if ui
                        .add_enabled(v.editor.can_redo(), egui::Button::new(redo))
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
                    if ui.radio(v.dark, "Dark").clicked() {
                        self.act(Action::SetDark(true));
                    }
                    if ui.radio(!v.dark, "Light").clicked() {
                        self.act(Action::SetDark(false));
                    }
                    ui.separator();
                    let mut lib = v.show_library;
                    if ui.checkbox(&mut lib, "Library panel").changed() {
                        self.act(Action::ShowLibrary(lib));
                    }
                    let mut ed = v.show_editor;
                    if ui.checkbox(&mut ed, "Editor panel").changed() {
                        self.act(Action::ShowEditor(ed));
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
                    self.act(Action::ShowExport);
                }
                ui.separator();
                let current = v.editor.deck().theme.clone();
                let mut chosen = current.clone();
                // The slides' theme; the app's own light/dark look is under View.
                let theme_label = ui.label("Slide theme");
                let shown = v
                    .themes
                    .themes
                    .iter()
                    .find(|(t, _)| t.name == current)
                    .map(|(t, _)| t.display_name.clone())
                    .unwrap_or_else(|| current.clone());
                egui::ComboBox::from_id_salt("slide-theme")
                    .selected_text(shown)
                    .show_ui(ui, |ui| {
                        for (t, _) in &v.themes.themes {
                            ui.selectable_value(&mut chosen, t.name.clone(), &t.display_name)
                                .on_hover_text(&t.description);
                        }
                    })
                    .response
                    .labelled_by(theme_label.id);
                if chosen != current {
                    self.act(Action::Edit(
                        "Change theme".into(),
                        crate::deck::Command::SetTheme(chosen),
                    ));
                }
            });
        });
    }
}
