//! Applying actions: the one place where what the panels asked for changes the app's state.

use super::*;

impl BriefDeckApp {
    /// Queues an action.
    pub fn act(&mut self, action: Action) {
        self.pending.push(action);
    }

    /// Applies every queued action. A status message that no action renewed goes once the deck
    /// changes, so the status bar never reports an earlier step as if it were the last.
    pub fn apply_pending(&mut self, ctx: &egui::Context) {
        let actions = std::mem::take(&mut self.pending);
        if actions.is_empty() {
            return;
        }
        let (revision, status) = (self.editor.revision(), self.status.clone());
        for a in actions {
            self.apply_action(a, ctx);
        }
        if self.editor.revision() != revision && self.status == status {
            self.status = Problem::bare("");
        }
    }

    pub(super) fn edit(&mut self, label: &str, command: Command) {
        if let Err(e) = self.editor.apply(label, command) {
            self.status = Problem {
                message: format!("Could not {}: {e}", label.to_lowercase()),
                hint: e.hint(),
            };
        }
    }

    /// Where new slides go: after the selected slide; when that is the title or the agenda (as on
    /// first run), at the end of the content, before a closing sources slide.
    pub(super) fn insert_index(&self) -> usize {
        use crate::deck::SlideKind as K;
        let deck = self.editor.deck();
        let end = match deck.slides.last() {
            Some(s) if s.body.kind() == K::Sources => deck.slides.len() - 1,
            _ => deck.slides.len(),
        };
        match self.current().and_then(|id| deck.index_of(id)) {
            Some(i) if matches!(deck.slides[i].body.kind(), K::Title | K::Agenda) => end,
            Some(i) => i + 1,
            None => end,
        }
    }

    pub(super) fn apply_action(&mut self, action: Action, ctx: &egui::Context) {
        match action {
            Action::Edit(label, cmd) => self.edit(&label, cmd),
            Action::Type(label, cmd) => {
                if let Err(e) = self.editor.apply_coalesced(&label, cmd) {
                    self.status = Problem {
                        message: format!("Could not edit: {e}"),
                        hint: e.hint(),
                    };
                }
            }
            Action::AddItems(ids, at) => {
                let at = at.unwrap_or_else(|| self.insert_index());
                let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
                // Items the deck already shows are added again only on purpose: say where.
                let deck = self.editor.deck();
                let already: Vec<String> = refs
                    .iter()
                    .filter_map(|item| {
                        deck.slides
                            .iter()
                            .position(|s| s.origin.as_ref().is_some_and(|o| o.item == *item))
                            .map(|i| format!("`{item}` (slide {})", i + 1))
                    })
                    .collect();
                match add_items(&mut self.editor, &self.library, at, &refs) {
                    Ok(new) => {
                        self.status = if already.is_empty() {
                            format!("Added {} slide(s) from the library", new.len()).into()
                        } else {
                            Problem::new(
                                format!(
                                    "Added {} slide(s); the deck already had {}",
                                    new.len(),
                                    already.join(", ")
                                ),
                                "undo (Ctrl+Z) if the second copy was not meant",
                            )
                        };
                        self.selection = new.last().copied().into_iter().collect();
                    }
                    Err(e) => self.status = e.problem(),
                }
            }
            Action::AddSlide(body) => {
                let at = self.insert_index();
                let slide = self.editor.new_slide(body);
                let id = slide.id;
                self.edit(
                    "Add slide",
                    Command::Insert {
                        index: at,
                        slides: vec![slide],
                    },
                );
                self.selection = vec![id];
            }
            Action::Select(id, extend) => {
                if extend {
                    if let Some(i) = self.selection.iter().position(|s| *s == id) {
                        self.selection.remove(i);
                    } else {
                        self.selection.push(id);
                    }
                } else {
                    self.selection = vec![id];
                }
            }
            Action::MoveSelection(to) => {
                let ids = self.ordered_selection();
                if !ids.is_empty() {
                    self.edit("Move slides", Command::Move { ids, to });
                }
            }
            Action::MoveSlide(id, to) => {
                // `to` counts positions in the list before the move.
                let from = self.editor.deck().index_of(id).unwrap_or(0);
                let to = if to > from { to - 1 } else { to };
                self.edit("Move slide", Command::Move { ids: vec![id], to });
            }
            Action::DeleteSelection => {
                let ids = self.ordered_selection();
                if ids.is_empty() {
                    return;
                }
                let first = self.editor.deck().index_of(ids[0]).unwrap_or(0);
                self.edit("Delete slides", Command::Remove { ids });
                let slides = &self.editor.deck().slides;
                self.selection = slides
                    .get(first.min(slides.len().saturating_sub(1)))
                    .map(|s| vec![s.id])
                    .unwrap_or_default();
            }
            Action::Split(id) => match crate::deck::split_command(&mut self.editor, id) {
                Some(cmd) => self.edit("Split slide", cmd),
                None => {
                    self.status = Problem::new(
                        "This slide has no list to split",
                        "shorten its text, or move some of it to the speaker notes",
                    )
                }
            },
            Action::DuplicateSelection => {
                let ids = self.ordered_selection();
                let cmds: Vec<Command> = ids
                    .iter()
                    .rev()
                    .map(|id| Command::Duplicate { id: *id })
                    .collect();
                if !cmds.is_empty() {
                    let before: Vec<SlideId> =
                        self.editor.deck().slides.iter().map(|s| s.id).collect();
                    self.edit("Duplicate slides", Command::Batch(cmds));
                    self.selection = self
                        .editor
                        .deck()
                        .slides
                        .iter()
                        .map(|s| s.id)
                        .filter(|id| !before.contains(id))
                        .collect();
                }
            }
            Action::ToggleHidden => {
                let ids = self.ordered_selection();
                let hidden = !ids
                    .iter()
                    .all(|id| self.editor.deck().slide(*id).is_some_and(|s| s.hidden));
                if !ids.is_empty() {
                    self.edit(
                        if hidden { "Hide slides" } else { "Show slides" },
                        Command::SetHidden { ids, hidden },
                    );
                }
            }
            Action::Step(delta) => {
                let slides = &self.editor.deck().slides;
                if slides.is_empty() {
                    return;
                }
                let i = self
                    .current()
                    .and_then(|id| self.editor.deck().index_of(id))
                    .unwrap_or(0) as i64;
                let j = (i + i64::from(delta)).clamp(0, slides.len() as i64 - 1) as usize;
                self.selection = vec![slides[j].id];
            }
            Action::Revert => {
                if let Some(id) = self.current() {
                    if let Err(e) = revert_to_library(&mut self.editor, &self.library, id) {
                        self.status = e.problem();
                    }
                }
            }
            Action::KeepVersion => {
                if let Some(id) = self.current() {
                    if let Err(e) = keep_my_version(&mut self.editor, &self.library, id) {
                        self.status = e.problem();
                    }
                }
            }
            Action::OpenLibraryEditor => {
                if self.library_editor.is_none() {
                    self.library_editor =
                        Some(super::super::LibraryEditorWindow::new(&self.library));
                }
            }
            Action::CopyToPack(id) => {
                let w = self
                    .library_editor
                    .get_or_insert_with(|| super::super::LibraryEditorWindow::new(&self.library));
                w.copy_in(&self.library, &id);
            }
            Action::Undo => {
                self.status = match self.editor.undo() {
                    Ok(Some(l)) => format!("Undid: {l}").into(),
                    Ok(None) => "Nothing to undo".into(),
                    Err(e) => Problem {
                        message: format!("Could not undo: {e}"),
                        hint: e.hint(),
                    },
                };
                self.fix_selection();
            }
            Action::Redo => {
                self.status = match self.editor.redo() {
                    Ok(Some(l)) => format!("Redid: {l}").into(),
                    Ok(None) => "Nothing to redo".into(),
                    Err(e) => Problem {
                        message: format!("Could not redo: {e}"),
                        hint: e.hint(),
                    },
                };
                self.fix_selection();
            }
            Action::New => {
                if self.dirty() {
                    self.dialog = Some(Dialog::Unsaved { then: Pending::New });
                } else {
                    self.new_deck();
                }
            }
            Action::Open(p) => {
                if self.dirty() {
                    self.dialog = Some(Dialog::Unsaved {
                        then: Pending::Open(p),
                    });
                } else {
                    self.open(&p);
                }
            }
            Action::Save => match self.path.clone() {
                Some(p) => {
                    self.save_to(&p);
                }
                None => self.dialog = Some(Dialog::save_as(self.suggested_name("json"), None)),
            },
            Action::SaveAs(p, then) => {
                if self.save_to(&p) {
                    if let Some(then) = then {
                        self.continue_pending(then, ctx);
                    }
                }
            }
            Action::SaveThen(then) => match self.path.clone() {
                Some(p) => {
                    if self.save_to(&p) {
                        self.continue_pending(then, ctx);
                    }
                }
                None => {
                    self.dialog = Some(Dialog::save_as(self.suggested_name("json"), Some(then)))
                }
            },
            Action::Discard(then) => {
                self.keep_recovery_copy();
                self.continue_pending(then, ctx);
            }
            Action::Recover(rec) => self.recover(rec.map(|r| *r)),
            Action::OpenExternally(p) => {
                if let Err(e) = open_externally(&p) {
                    self.status = e.into();
                }
            }
            Action::ShowOpen => self.dialog = Some(Dialog::open(String::new())),
            Action::ShowSaveAs => {
                self.dialog = Some(Dialog::save_as(self.suggested_name("json"), None))
            }
            Action::ShowExport => self.dialog = Some(self.export_dialog()),
            Action::SetDark(dark) => self.settings.dark = dark,
            Action::ShowLibrary(show) => self.settings.show_library = show,
            Action::ShowEditor(show) => self.settings.show_editor = show,
            Action::MoveSelectionBy(delta) => {
                let deck = self.editor.deck();
                let indices: Vec<usize> = deck
                    .slides
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| self.selection.contains(&s.id))
                    .map(|(i, _)| i)
                    .collect();
                if let Some(first) = indices.first().copied() {
                    let n = deck.slides.len() - indices.len();
                    let to = (first as i64 + delta).clamp(0, n as i64) as usize;
                    let ids = self.ordered_selection();
                    self.edit("Move slides", Command::Move { ids, to });
                }
            }
            Action::Export(p, output, choices) => {
                self.settings.export_output = output;
                self.start_export(p, output, &choices, ctx)
            }
            Action::Show(d) => self.dialog = Some(d),
            Action::Report(p) => self.status = p,
            Action::Close => {
                if self.dirty() && !self.close_confirmed {
                    self.dialog = Some(Dialog::Unsaved {
                        then: Pending::Close,
                    });
                } else {
                    self.close_confirmed = true;
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
        }
    }

    /// Runs a pending step after the unsaved-changes prompt.
    pub fn continue_pending(&mut self, then: Pending, ctx: &egui::Context) {
        match then {
            Pending::New => self.new_deck(),
            Pending::Open(p) => self.open(&p),
            Pending::OpenDialog => self.dialog = Some(Dialog::open(String::new())),
            Pending::Close => {
                self.close_confirmed = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    pub(super) fn ordered_selection(&self) -> Vec<SlideId> {
        self.editor
            .deck()
            .slides
            .iter()
            .map(|s| s.id)
            .filter(|id| self.selection.contains(id))
            .collect()
    }

    pub(super) fn fix_selection(&mut self) {
        let deck = self.editor.deck();
        self.selection.retain(|id| deck.slide(*id).is_some());
        if self.selection.is_empty() {
            self.select_first();
        }
    }
}
