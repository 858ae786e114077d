//! The library editor window: create a user pack, add and edit its sources, topics,
//! viewpoints, facts and glossary terms in forms checked as the user types by the loader's own
//! validation, undo and redo, and save the pack as its TOML files. Built-in items are read-only;
//! the library panel's "Copy to my pack" brings one here.
//!
//! Each form is generic: an item becomes a JSON object, its fields become text boxes (lists
//! one entry per line), and the text boxes become the item again, so every field the files
//! hold can be edited and the checks are exactly the loader's.

use std::path::PathBuf;

use crate::library::{Library, PackEdit, PackEditor, PackIssue, PackOrigin};

/// The kinds of entries a pack holds, as the editor's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// Sources.
    Source,
    /// Topics.
    Topic,
    /// Viewpoints.
    Viewpoint,
    /// Facts.
    Fact,
    /// Glossary terms.
    Term,
}

impl EntryKind {
    const ALL: [EntryKind; 5] = [
        EntryKind::Source,
        EntryKind::Topic,
        EntryKind::Viewpoint,
        EntryKind::Fact,
        EntryKind::Term,
    ];

    fn label(self) -> &'static str {
        match self {
            EntryKind::Source => "Sources",
            EntryKind::Topic => "Topics",
            EntryKind::Viewpoint => "Viewpoints",
            EntryKind::Fact => "Facts",
            EntryKind::Term => "Terms",
        }
    }

    /// (field, how it is edited), in the order of the files.
    fn fields(self) -> &'static [(&'static str, Shape)] {
        use Shape::*;
        match self {
            EntryKind::Source => &[
                ("id", Line),
                ("outlet", Line),
                ("title", Line),
                ("author", Line),
                ("date", Line),
                ("url", Line),
                ("kind", Line),
            ],
            EntryKind::Topic => &[
                ("id", Line),
                ("title", Line),
                ("one_line", Line),
                ("summary", Text),
                ("key_points", List),
                ("tags", List),
                ("sources", List),
                ("as_of", Line),
                ("status", Line),
                ("reviewed", Line),
            ],
            EntryKind::Viewpoint => &[
                ("id", Line),
                ("person", Line),
                ("outlet", Line),
                ("affiliation", Line),
                ("role", Line),
                ("stance", Line),
                ("claims", List),
                ("quote", Text),
                ("topics", List),
                ("source", Line),
                ("date", Line),
                ("status", Line),
                ("reviewed", Line),
            ],
            EntryKind::Fact => &[
                ("id", Line),
                ("date", Line),
                ("end_date", Line),
                ("statement", Text),
                ("sources", List),
                ("topics", List),
                ("status", Line),
                ("reviewed", Line),
            ],
            EntryKind::Term => &[
                ("id", Line),
                ("term", Line),
                ("expansion", Line),
                ("note", Text),
                ("sources", List),
                ("general_knowledge", Flag),
                ("status", Line),
                ("reviewed", Line),
            ],
        }
    }

    /// The ids and titles of the pack's entries of this kind.
    fn entries(self, ed: &PackEditor) -> Vec<(String, String)> {
        let p = ed.pack();
        match self {
            EntryKind::Source => p
                .sources
                .iter()
                .map(|x| (x.id.clone(), x.outlet.clone()))
                .collect(),
            EntryKind::Topic => p
                .topics
                .iter()
                .map(|x| (x.id.clone(), x.title.clone()))
                .collect(),
            EntryKind::Viewpoint => p
                .viewpoints
                .iter()
                .map(|x| (x.id.clone(), x.holder().to_owned()))
                .collect(),
            EntryKind::Fact => p
                .facts
                .iter()
                .map(|x| (x.id.clone(), x.date.to_string()))
                .collect(),
            EntryKind::Term => p
                .terms
                .iter()
                .map(|x| (x.id.clone(), x.term.clone()))
                .collect(),
        }
    }

    /// The entry with this id as a JSON object.
    fn value_of(self, ed: &PackEditor, id: &str) -> Option<serde_json::Value> {
        let p = ed.pack();
        let v = match self {
            EntryKind::Source => serde_json::to_value(p.sources.iter().find(|x| x.id == id)?),
            EntryKind::Topic => serde_json::to_value(p.topics.iter().find(|x| x.id == id)?),
            EntryKind::Viewpoint => serde_json::to_value(p.viewpoints.iter().find(|x| x.id == id)?),
            EntryKind::Fact => serde_json::to_value(p.facts.iter().find(|x| x.id == id)?),
            EntryKind::Term => serde_json::to_value(p.terms.iter().find(|x| x.id == id)?),
        };
        v.ok()
    }

    /// The edit that puts `value` into the pack in place of `was`.
    fn edit(self, was: Option<String>, value: serde_json::Value) -> Result<PackEdit, String> {
        let e = |e: serde_json::Error| e.to_string();
        Ok(match self {
            EntryKind::Source => PackEdit::PutSource {
                was,
                source: serde_json::from_value(value).map_err(e)?,
            },
            EntryKind::Topic => PackEdit::PutTopic {
                was,
                topic: serde_json::from_value(value).map_err(e)?,
            },
            EntryKind::Viewpoint => PackEdit::PutViewpoint {
                was,
                viewpoint: serde_json::from_value(value).map_err(e)?,
            },
            EntryKind::Fact => PackEdit::PutFact {
                was,
                fact: serde_json::from_value(value).map_err(e)?,
            },
            EntryKind::Term => PackEdit::PutTerm {
                was,
                term: serde_json::from_value(value).map_err(e)?,
            },
        })
    }
}

/// How a field is edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// One line of text.
    Line,
    /// Several lines of text.
    Text,
    /// A list, one entry per line.
    List,
    /// Yes or no.
    Flag,
}

/// The form being filled in: the entry it edits (`None`: a new one) and its fields as text.
#[derive(Debug, Clone, PartialEq)]
struct Form {
    kind: EntryKind,
    was: Option<String>,
    fields: Vec<(&'static str, String)>,
}

impl Form {
    fn new(kind: EntryKind, was: Option<String>, value: Option<serde_json::Value>) -> Form {
        let fields = kind
            .fields()
            .iter()
            .map(|(name, shape)| {
                let v = value.as_ref().and_then(|v| v.get(*name));
                let text = match (shape, v) {
                    (Shape::List, Some(serde_json::Value::Array(a))) => a
                        .iter()
                        .filter_map(|x| x.as_str())
                        .collect::<Vec<_>>()
                        .join("\n"),
                    (Shape::Flag, Some(serde_json::Value::Bool(b))) => {
                        if *b { "yes" } else { "" }.to_owned()
                    }
                    (_, Some(serde_json::Value::String(s))) => s.clone(),
                    _ => String::new(),
                };
                (*name, text)
            })
            .collect();
        Form { kind, was, fields }
    }

    /// The form as an item (JSON object): empty optional fields left out, lists split by line.
    fn value(&self) -> serde_json::Value {
        let mut map = serde_json::Map::new();
        for ((name, text), (_, shape)) in self.fields.iter().zip(self.kind.fields()) {
            let t = text.trim();
            let v = match shape {
                Shape::List => serde_json::Value::Array(
                    t.lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(|l| serde_json::Value::String(l.to_owned()))
                        .collect(),
                ),
                Shape::Flag => serde_json::Value::Bool(matches!(t, "yes" | "true" | "y")),
                _ if t.is_empty() && is_optional(name) => continue,
                _ => serde_json::Value::String(t.to_owned()),
            };
            map.insert((*name).to_owned(), v);
        }
        serde_json::Value::Object(map)
    }

    fn id(&self) -> String {
        self.fields
            .iter()
            .find(|(n, _)| *n == "id")
            .map(|(_, t)| t.trim().to_owned())
            .unwrap_or_default()
    }
}

fn is_optional(name: &str) -> bool {
    matches!(
        name,
        "author"
            | "url"
            | "person"
            | "outlet"
            | "affiliation"
            | "role"
            | "quote"
            | "end_date"
            | "note"
            | "status"
            | "reviewed"
    )
}

/// What the window asks the app to do.
#[derive(Debug, Clone, PartialEq)]
pub enum EditorRequest {
    /// The pack was saved: load the library again.
    Reload,
    /// Close the window.
    Close,
}

/// The window's state (runtime only).
#[derive(Debug, Default)]
pub struct LibraryEditorWindow {
    /// The pack being edited.
    pub editor: Option<PackEditor>,
    tab: Option<EntryKind>,
    form: Option<Form>,
    /// Problems of the form as it stands (the loader's, plus a field that does not parse).
    issues: Vec<PackIssue>,
    parse_error: Option<String>,
    checked: Option<Form>,
    new_id: String,
    new_title: String,
    /// The last message (saved, could not save, …).
    pub status: String,
}

impl LibraryEditorWindow {
    /// Opens the window, on the first user pack if there is one.
    pub fn new(library: &Library) -> LibraryEditorWindow {
        let mut w = LibraryEditorWindow::default();
        if let Some(dir) = user_packs(library).into_iter().next() {
            w.open(&dir);
        }
        w
    }

    fn open(&mut self, dir: &std::path::Path) {
        match PackEditor::open(dir) {
            Ok(e) => {
                self.editor = Some(e);
                self.form = None;
                self.status.clear();
            }
            Err(p) => self.status = said(&p),
        }
    }

    /// Copies a library item into the open pack (creating none) and shows it in the form.
    pub fn copy_in(&mut self, library: &Library, id: &str) {
        let Some(ed) = self.editor.as_mut() else {
            self.status = "Create or open a pack first; the copy goes into it.".into();
            return;
        };
        match ed.copy_from(library, id) {
            Ok(new_id) => {
                let kind = match library.item(id).map(|i| i.kind()) {
                    Some(crate::library::ItemKind::Viewpoint) => EntryKind::Viewpoint,
                    Some(crate::library::ItemKind::Fact) => EntryKind::Fact,
                    Some(crate::library::ItemKind::Term) => EntryKind::Term,
                    _ => EntryKind::Topic,
                };
                self.tab = Some(kind);
                self.form = Some(Form::new(
                    kind,
                    Some(new_id.clone()),
                    kind.value_of(ed, &new_id),
                ));
                self.status = format!("Copied `{id}` as `{new_id}`; edit it, then save the pack.");
            }
            Err(p) => self.status = said(&p),
        }
    }

    /// Draws the window; returns what the app should do.
    pub fn ui(&mut self, ctx: &egui::Context, library: &Library) -> Vec<EditorRequest> {
        let mut out = Vec::new();
        let mut open = true;
        egui::Window::new("Library editor")
            .open(&mut open)
            .default_size([760.0, 560.0])
            .min_width(520.0)
            .show(ctx, |ui| self.window_ui(ui, library, &mut out));
        if !open {
            out.push(EditorRequest::Close);
        }
        out
    }

    fn window_ui(&mut self, ui: &mut egui::Ui, library: &Library, out: &mut Vec<EditorRequest>) {
        ui.horizontal_wrapped(|ui| {
            let current = self.editor.as_ref().map(|e| e.pack().meta.title.clone());
            let pack_label = ui.label("Pack");
            egui::ComboBox::from_id_salt("editor-pack")
                .selected_text(current.unwrap_or_else(|| "(none)".into()))
                .show_ui(ui, |ui| {
                    for dir in user_packs(library) {
                        let label = dir.display().to_string();
                        if ui.selectable_label(false, label).clicked() {
                            self.open(&dir);
                        }
                    }
                })
                .response
                .labelled_by(pack_label.id);
            ui.separator();
            let l = ui.label("New pack id");
            ui.add(egui::TextEdit::singleline(&mut self.new_id).desired_width(110.0))
                .labelled_by(l.id);
            let l = ui.label("New pack title");
            ui.add(egui::TextEdit::singleline(&mut self.new_title).desired_width(150.0))
                .labelled_by(l.id);
            if ui.button("Create pack").clicked() {
                match crate::paths::user_library_dir() {
                    Some(root) => match PackEditor::create(&root.join(&self.new_id), &self.new_id, &self.new_title) {
                        Ok(e) => {
                            self.status = format!("Created the pack in {}", e.dir().display());
                            self.editor = Some(e);
                            self.form = None;
                            out.push(EditorRequest::Reload);
                        }
                        Err(p) => self.status = said(&p),
                    },
                    None => self.status = "No folder for user packs on this system; use `briefdeck library new-pack DIR`.".into(),
                }
            }
        });
        if !self.status.is_empty() {
            ui.small(&self.status);
        }
        ui.separator();
        let Some(ed) = self.editor.as_mut() else {
            ui.label("Create a pack (id and title above) or open one to add your own sources, topics, viewpoints, facts and terms. Built-in items are read-only: use \u{201c}Copy to my pack\u{201d} in the library\u{2019}s details.");
            return;
        };
        ui.horizontal(|ui| {
            let (can_undo, can_redo) = ed.can_undo();
            if ui
                .add_enabled(can_undo, egui::Button::new("Undo edit"))
                .clicked()
            {
                ed.undo();
                self.form = None;
            }
            if ui
                .add_enabled(can_redo, egui::Button::new("Redo edit"))
                .clicked()
            {
                ed.redo();
                self.form = None;
            }
            let save = ui.add_enabled(ed.dirty(), egui::Button::new("Save pack"));
            if save.clicked() {
                match ed.save() {
                    Ok(()) => {
                        self.status = format!("Saved {}", ed.dir().display());
                        out.push(EditorRequest::Reload);
                    }
                    Err(p) => self.status = said(&p),
                }
            }
            if ed.dirty() {
                ui.weak("unsaved changes");
            }
        });
        ui.horizontal(|ui| {
            for k in EntryKind::ALL {
                if ui
                    .selectable_label(self.tab == Some(k), k.label())
                    .clicked()
                {
                    self.tab = Some(k);
                    self.form = None;
                }
            }
        });
        let tab = *self.tab.get_or_insert(EntryKind::Topic);
        ui.separator();
        egui::Panel::left("editor-entries")
            .resizable(true)
            .default_size(200.0)
            .show(ui, |ui| {
                if ui
                    .button(format!(
                        "New {}",
                        tab.label().trim_end_matches('s').to_lowercase()
                    ))
                    .clicked()
                {
                    self.form = Some(Form::new(tab, None, None));
                }
                egui::ScrollArea::vertical()
                    .id_salt("editor-list")
                    .show(ui, |ui| {
                        for (id, title) in tab.entries(ed) {
                            let selected = self.form.as_ref().and_then(|f| f.was.as_deref())
                                == Some(id.as_str());
                            if ui
                                .selectable_label(selected, format!("{title}\n{id}"))
                                .clicked()
                            {
                                self.form =
                                    Some(Form::new(tab, Some(id.clone()), tab.value_of(ed, &id)));
                            }
                        }
                    });
            });
        let Some(form) = self.form.as_mut() else {
            ui.label("Pick an entry, or add a new one.");
            return;
        };
        // Check the form as it stands whenever it changed.
        if self.checked.as_ref() != Some(form) {
            match form.kind.edit(form.was.clone(), form.value()) {
                Ok(edit) => {
                    self.issues = ed.check(Some(edit));
                    self.parse_error = None;
                }
                Err(e) => {
                    self.issues.clear();
                    self.parse_error = Some(e);
                }
            }
            self.checked = Some(form.clone());
        }
        let id = form.id();
        let mine: Vec<&PackIssue> = self
            .issues
            .iter()
            .filter(|i| i.item_id.as_deref() == Some(id.as_str()) || i.item_id.is_none())
            .collect();
        let mut close_form = false;
        egui::ScrollArea::vertical()
            .id_salt("editor-form")
            .show(ui, |ui| {
                egui::Grid::new("editor-fields")
                    .num_columns(2)
                    .show(ui, |ui| {
                        for ((name, text), (_, shape)) in
                            form.fields.iter_mut().zip(form.kind.fields())
                        {
                            let label = ui.label(name.replace('_', " "));
                            ui.vertical(|ui| {
                                let edit = match shape {
                                    Shape::Line | Shape::Flag => egui::TextEdit::singleline(text),
                                    Shape::Text | Shape::List => {
                                        egui::TextEdit::multiline(text).desired_rows(3)
                                    }
                                };
                                ui.add(edit.desired_width(f32::INFINITY))
                                    .labelled_by(label.id);
                                for i in mine.iter().filter(|i| i.field.as_deref() == Some(*name)) {
                                    ui.colored_label(
                                        ui.visuals().warn_fg_color,
                                        format!("{} \u{2014} {}", i.message, i.hint),
                                    );
                                }
                            });
                            ui.end_row();
                        }
                    });
                if let Some(e) = &self.parse_error {
                    ui.colored_label(ui.visuals().warn_fg_color, e);
                }
                for i in mine.iter().filter(|i| {
                    i.field
                        .as_deref()
                        .is_none_or(|f| !form.kind.fields().iter().any(|(n, _)| *n == f))
                }) {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        format!("{} \u{2014} {}", i.message, i.hint),
                    );
                }
                let others = self.issues.len() - mine.len();
                if others > 0 {
                    ui.weak(format!("{others} problem(s) in other entries of this pack"));
                }
                ui.horizontal(|ui| {
                    let ok = self.parse_error.is_none() && mine.is_empty();
                    if ui
                        .add_enabled(
                            ok,
                            egui::Button::new(if form.was.is_some() {
                                "Apply changes"
                            } else {
                                "Add to pack"
                            }),
                        )
                        .clicked()
                    {
                        if let Ok(edit) = form.kind.edit(form.was.clone(), form.value()) {
                            ed.apply(edit);
                            form.was = Some(id.clone());
                            self.status =
                                format!("`{id}` is in the pack; save the pack to keep it.");
                        }
                    }
                    if let Some(was) = form.was.clone() {
                        if ui.button("Delete").clicked() {
                            ed.apply(PackEdit::Remove(was.clone()));
                            self.status = format!("Removed `{was}`; Undo edit brings it back.");
                            close_form = true;
                        }
                    }
                });
            });
        if close_form {
            self.form = None;
        }
    }
}

/// A problem as one line: what is wrong, then what to do.
fn said(p: &crate::error::Problem) -> String {
    match &p.hint {
        Some(h) => format!("{} \u{2014} {h}", p.message),
        None => p.message.clone(),
    }
}

/// Folders of the loaded packs that are not built in (the ones a user can edit).
fn user_packs(library: &Library) -> Vec<PathBuf> {
    library
        .packs()
        .iter()
        .filter_map(|p| match &p.origin {
            PackOrigin::Folder(d) => Some(d.clone()),
            PackOrigin::Builtin => None,
        })
        .collect()
}
