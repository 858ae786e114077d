//! Keyboard shortcuts and files dropped on the window, turned into actions.

use super::*;

impl BriefDeckApp {
    pub(super) fn shortcuts(&mut self, ctx: &egui::Context) {
        use egui::{Key, KeyboardShortcut, Modifiers};
        let cmd = Modifiers::COMMAND;
        let cmd_shift = Modifiers::COMMAND | Modifiers::SHIFT;
        let table: [(KeyboardShortcut, Action); 9] = [
            (KeyboardShortcut::new(cmd_shift, Key::S), Action::ShowSaveAs),
            (KeyboardShortcut::new(cmd_shift, Key::Z), Action::Redo),
            (KeyboardShortcut::new(cmd, Key::S), Action::Save),
            (KeyboardShortcut::new(cmd, Key::Z), Action::Undo),
            (KeyboardShortcut::new(cmd, Key::Y), Action::Redo),
            (KeyboardShortcut::new(cmd, Key::O), Action::ShowOpen),
            (KeyboardShortcut::new(cmd, Key::N), Action::New),
            (KeyboardShortcut::new(cmd, Key::E), Action::ShowExport),
            (
                KeyboardShortcut::new(cmd, Key::D),
                Action::DuplicateSelection,
            ),
        ];
        let typing = ctx.text_edit_focused();
        for (sc, action) in table {
            // Undo/redo inside a text field belong to the deck too: every edit is a deck command.
            if ctx.input_mut(|i| i.consume_shortcut(&sc)) {
                self.act(action);
            }
        }
        if !typing && self.dialog.is_none() {
            let (del, up, down) = ctx.input(|i| {
                (
                    i.key_pressed(Key::Delete),
                    i.key_pressed(Key::ArrowUp),
                    i.key_pressed(Key::ArrowDown),
                )
            });
            if del {
                self.act(Action::DeleteSelection);
            }
            if up {
                self.act(Action::Step(-1));
            }
            if down {
                self.act(Action::Step(1));
            }
        }
    }

    pub(super) fn dropped_files(&mut self, ctx: &egui::Context) {
        let files: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        for p in files {
            let ext = p
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            match ext.as_str() {
                "png" | "jpg" | "jpeg" => {
                    let path = p.display().to_string();
                    let current = self
                        .current()
                        .and_then(|id| self.editor.deck().slide(id).cloned());
                    match current {
                        Some(s) if matches!(s.body, SlideBody::Image { .. }) => {
                            self.act(Action::Edit(
                                "Set picture".into(),
                                Command::Edit {
                                    id: s.id,
                                    edit: SlideEdit::ImagePath(path),
                                },
                            ))
                        }
                        _ => self.act(Action::AddSlide(SlideBody::Image {
                            title: p
                                .file_stem()
                                .map(|s| s.to_string_lossy().into_owned())
                                .unwrap_or_else(|| "Picture".into()),
                            path,
                            caption: String::new(),
                            credit: String::new(),
                        })),
                    }
                }
                "json" => self.act(Action::Open(p)),
                _ => {
                    self.status = Problem::new(
                        format!("Cannot use dropped file {}", p.display()),
                        "drop a PNG or JPEG picture, or a deck .json file",
                    )
                }
            }
        }
    }
}
