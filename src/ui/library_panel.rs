//! The library panel: as-you-type search, filters, results with attribution, details, add/drag.
//! It owns its search state and returns actions.

use super::action::Action;
use crate::library::{ItemKind, ItemRef, Library, Query, SearchSession};

/// Payload of a library item dragged onto the slide list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemDrag(pub String);

/// Search box and filters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchState {
    /// Free text.
    pub text: String,
    /// Kind filter.
    pub kind: Option<ItemKind>,
    /// Tag filter.
    pub tag: Option<String>,
    /// Person/outlet filter.
    pub person: Option<String>,
    /// The item whose details are shown.
    pub selected: Option<String>,
}

/// What a result row shows, copied out of the library.
struct Row {
    id: String,
    kind: ItemKind,
    date: String,
    title: String,
    subtitle: String,
}

impl Row {
    fn of(item: ItemRef<'_>) -> Row {
        Row {
            id: item.id().to_owned(),
            kind: item.kind(),
            date: item.date().map(|d| d.long()).unwrap_or_default(),
            title: item.title(),
            subtitle: match item {
                // Viewpoints: who, and the date is already shown above.
                ItemRef::Topic(t) => t.one_line.clone(),
                other => other.subtitle(),
            },
        }
    }
}

/// Library kinds offered as filters.
pub const KINDS: [(Option<ItemKind>, &str); 4] = [
    (None, "All"),
    (Some(ItemKind::Topic), "Topics"),
    (Some(ItemKind::Viewpoint), "Viewpoints"),
    (Some(ItemKind::Fact), "Facts"),
];

/// The library panel and its state.
#[derive(Debug, Default)]
pub struct LibraryPanel {
    /// Search text, filters and the item whose details are shown.
    pub search: SearchState,
    out: Vec<Action>,
    /// The running search (a keystroke that adds to the text searches only the last matches).
    session: SearchSession,
    /// Tags and people to filter by, gathered once per library (by its id).
    filter_lists: Option<(u64, Vec<String>, Vec<String>)>,
}

/// Height of one result row in points: kind and date, a one-line title, a one-line
/// subtitle, the buttons, and the gap (every row is the same height, so only the rows in view
/// are built, however many items match).
const ROW_H: f32 = 100.0;

impl LibraryPanel {
    fn act(&mut self, a: Action) {
        self.out.push(a);
    }

    /// The left panel; returns what the user asked for.
    pub fn ui(&mut self, ui: &mut egui::Ui, library: &Library) -> Vec<Action> {
        self.panel_ui(ui, library);
        std::mem::take(&mut self.out)
    }

    fn panel_ui(&mut self, ui: &mut egui::Ui, library: &Library) {
        let window_w = ui.ctx().content_rect().width();
        let (default, min, max) = super::layout_sizes::side_width(
            window_w,
            super::layout_sizes::LIBRARY_SHARE,
            290.0,
            200.0,
        );
        egui::Panel::left("library")
            .resizable(true)
            .default_size(default)
            .min_size(min)
            .max_size(max)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.heading("Library");
                    if ui
                        .small_button("Edit library\u{2026}")
                        .on_hover_text("Create a pack of your own and add or edit its sources, topics, viewpoints, facts and terms")
                        .clicked()
                    {
                        self.act(Action::OpenLibraryEditor);
                    }
                });
                ui.horizontal(|ui| {
                    let label = ui.label("Search");
                    ui.add(
                        egui::TextEdit::singleline(&mut self.search.text)
                            .hint_text("title, text, person…")
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(label.id);
                });
                ui.horizontal_wrapped(|ui| {
                    for (kind, label) in KINDS {
                        if ui
                            .selectable_label(self.search.kind == kind, label)
                            .clicked()
                        {
                            self.search.kind = kind;
                        }
                    }
                });
                self.filter_combos(ui, library);
                ui.separator();
                let query = Query {
                    text: self.search.text.clone(),
                    kind: self.search.kind,
                    tag: self.search.tag.clone(),
                    person: self.search.person.clone(),
                };
                let (count, _) = library.search_typed(&mut self.session, &query, 0);
                ui.label(format!("{count} item(s)"));
                let details_h = if self.search.selected.is_some() {
                    ui.available_height() * 0.42
                } else {
                    0.0
                };
                egui::ScrollArea::vertical()
                    .id_salt("library-results")
                    .max_height(ui.available_height() - details_h)
                    .auto_shrink([false, false])
                    .show_rows(ui, ROW_H, count, |ui, range| {
                        let rows: Vec<Row> = library
                            .typed_hits(&self.session, range)
                            .iter()
                            .filter_map(|h| library.item(&h.id).map(Row::of))
                            .collect();
                        for row in &rows {
                            self.result_row(ui, row);
                        }
                    });
                if let Some(id) = self.search.selected.clone() {
                    ui.separator();
                    egui::ScrollArea::vertical()
                        .id_salt("library-details")
                        .show(ui, |ui| {
                            if let Some(item) = library.item(&id) {
                                item_details(ui, library, item);
                                if ui
                                    .button("Copy to my pack")
                                    .on_hover_text("Copy this item and its sources into the pack open in the library editor, to edit it there")
                                    .clicked()
                                {
                                    self.act(Action::CopyToPack(id.clone()));
                                }
                            }
                        });
                }
            });
    }

    fn filter_combos(&mut self, ui: &mut egui::Ui, library: &Library) {
        if self.filter_lists.as_ref().map(|f| f.0) != Some(library.id()) {
            let mut tags: Vec<String> = library
                .packs()
                .iter()
                .flat_map(|p| p.topics.iter().flat_map(|t| t.tags.iter().cloned()))
                .collect();
            tags.sort();
            tags.dedup();
            let mut people: Vec<String> = library
                .packs()
                .iter()
                .flat_map(|p| p.viewpoints.iter().map(|v| v.holder().to_owned()))
                .collect();
            people.sort();
            people.dedup();
            self.filter_lists = Some((library.id(), tags, people));
        }
        let (tags, people) = match &self.filter_lists {
            Some((_, t, p)) => (t.clone(), p.clone()),
            None => (Vec::new(), Vec::new()),
        };
        // Label first, each filter on its own line, so neither is clipped at the panel's edge.
        egui::Grid::new("library-filters")
            .num_columns(2)
            .show(ui, |ui| {
                let tag_label = ui.label("Tag");
                egui::ComboBox::from_id_salt("library-tag")
                    .selected_text(self.search.tag.clone().unwrap_or_else(|| "Any tag".into()))
                    .width(ui.available_width().max(120.0))
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut self.search.tag, None, "Any tag");
                        for t in tags {
                            ui.selectable_value(&mut self.search.tag, Some(t.clone()), t);
                        }
                    })
                    .response
                    .labelled_by(tag_label.id);
                ui.end_row();
                let person_label = ui.label("Person");
                egui::ComboBox::from_id_salt("library-person")
                    .selected_text(
                        self.search
                            .person
                            .clone()
                            .unwrap_or_else(|| "Anyone".into()),
                    )
                    .width(ui.available_width().max(120.0))
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut self.search.person, None, "Anyone");
                        for p in people {
                            ui.selectable_value(&mut self.search.person, Some(p.clone()), p);
                        }
                    })
                    .response
                    .labelled_by(person_label.id);
                ui.end_row();
            });
    }

    fn result_row(&mut self, ui: &mut egui::Ui, item: &Row) {
        let id = item.id.clone();
        let selected = self.search.selected.as_deref() == Some(id.as_str());
        let frame = egui::Frame::group(ui.style()).fill(if selected {
            ui.visuals().selection.bg_fill.gamma_multiply(0.35)
        } else {
            ui.visuals().faint_bg_color
        });
        let drag_id = egui::Id::unique(("library-drag", &id));
        let top = ui.cursor().top();
        let inner = ui.dnd_drag_source(drag_id, ItemDrag(id.clone()), |ui| {
            // Selectable text would take the drag for text selection.
            ui.style_mut().interaction.selectable_labels = false;
            frame.show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal(|ui| {
                    ui.small(item.kind.label().to_uppercase());
                    ui.small(&item.date);
                });
                ui.add(
                    egui::Label::new(egui::RichText::new(&item.title).strong())
                        .truncate()
                        .sense(egui::Sense::click()),
                )
                .on_hover_text(&item.title);
                ui.add(
                    egui::Label::new(egui::RichText::new(&item.subtitle).small())
                        .truncate()
                        .selectable(false),
                );
            })
        });
        let response = inner.response.interact(egui::Sense::click());
        if response.double_clicked() {
            self.act(Action::AddItems(vec![id.clone()], None));
        } else if response.clicked() {
            self.search.selected = Some(id.clone());
        }
        ui.horizontal(|ui| {
            if ui
                .small_button(format!("Add {}", item.kind.label()))
                .on_hover_text("Add to the deck after the selected slide (or double-click, or drag onto the slide list)")
                .clicked()
            {
                self.act(Action::AddItems(vec![id.clone()], None));
            }
            if ui.small_button("Details").clicked() {
                self.search.selected = if selected { None } else { Some(id.clone()) };
            }
        });
        // Pad to the fixed row height the virtualised list counts on.
        let used = ui.cursor().top() - top;
        ui.add_space((ROW_H - used).max(0.0));
    }
}

/// The full text and sources of an item.
fn item_details(ui: &mut egui::Ui, library: &Library, item: ItemRef<'_>) {
    match item {
        ItemRef::Topic(t) => {
            ui.strong(&t.title);
            ui.label(&t.summary);
            for k in &t.key_points {
                ui.label(format!("\u{2022} {k}"));
            }
            ui.small(format!("Tags: {}", t.tags.join(", ")));
        }
        ItemRef::Viewpoint(v) => {
            ui.strong(&v.stance);
            ui.label(v.attribution());
            for c in &v.claims {
                ui.label(format!("\u{2022} {c}"));
            }
            if let Some(q) = &v.quote {
                ui.label(egui::RichText::new(format!("\u{201c}{q}\u{201d}")).italics());
            }
        }
        ItemRef::Fact(f) => {
            ui.strong(f.date.long());
            ui.label(&f.statement);
        }
        ItemRef::Term(t) => {
            ui.strong(&t.term);
            ui.label(t.shown_expansion());
            if let Some(n) = &t.note {
                ui.label(n);
            }
        }
    }
    if let Some(p) = library.provenance(item.id()) {
        let review = match p.reviewed {
            Some(d) => format!("{} {}", p.status.label(), d.long()),
            None => p.status.label().to_owned(),
        };
        ui.small(format!(
            "Text as of {}; {review}; revision {}",
            p.as_of.long(),
            p.revision
        ));
    }
    ui.separator();
    ui.small("Sources:");
    for sid in item.source_ids() {
        match library.source(sid) {
            Some(s) => ui.small(s.citation()),
            None => ui.small(format!("(unknown source {sid})")),
        };
    }
}
