//! The editor panel: the selected slide's fields, and the deck settings.

use super::app::{Action, BriefDeckApp};
use crate::deck::{get_field, Command, DeckMeta, Field, PageFormat, Slide, SlideBody, Value};
use crate::library::Date;

impl BriefDeckApp {
    /// The right panel.
    pub fn editor_panel(&mut self, ui: &mut egui::Ui) {
        egui::Panel::right("editor")
            .resizable(true)
            .default_size(300.0)
            .min_size(260.0)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    if ui.selectable_label(!self.deck_tab, "Slide").clicked() {
                        self.deck_tab = false;
                    }
                    if ui
                        .selectable_label(self.deck_tab, "Deck settings")
                        .clicked()
                    {
                        self.deck_tab = true;
                    }
                });
                ui.separator();
                egui::ScrollArea::vertical()
                    .id_salt("editor-scroll")
                    .show(ui, |ui| {
                        if self.deck_tab {
                            self.deck_settings(ui);
                        } else {
                            match self
                                .current()
                                .and_then(|id| self.editor.deck().slide(id).cloned())
                            {
                                Some(slide) => self.slide_fields(ui, &slide),
                                None => {
                                    ui.label("Select a slide to edit it.");
                                }
                            }
                        }
                    });
            });
    }

    fn text_field(
        &mut self,
        ui: &mut egui::Ui,
        slide: &Slide,
        label: &str,
        field: Field,
        multiline: bool,
    ) {
        let Some(Value::Text(mut text)) = get_field(slide, field) else {
            return;
        };
        let l = ui.label(label);
        let edit = if multiline {
            egui::TextEdit::multiline(&mut text).desired_rows(4)
        } else {
            egui::TextEdit::singleline(&mut text)
        };
        if ui
            .add(edit.desired_width(f32::INFINITY))
            .labelled_by(l.id)
            .changed()
        {
            self.act(Action::Type(
                format!("Edit {label}"),
                Command::Edit {
                    id: slide.id,
                    field,
                    value: Value::Text(text),
                },
            ));
        }
    }

    fn list_field(&mut self, ui: &mut egui::Ui, slide: &Slide, label: &str, field: Field) {
        let Some(Value::List(items)) = get_field(slide, field) else {
            return;
        };
        let mut text = items.join("\n");
        let l = ui.label(format!("{label} (one per line)"));
        let edit = egui::TextEdit::multiline(&mut text)
            .desired_rows(6)
            .desired_width(f32::INFINITY);
        if ui.add(edit).labelled_by(l.id).changed() {
            let list = text.lines().map(str::to_owned).collect();
            self.act(Action::Type(
                format!("Edit {label}"),
                Command::Edit {
                    id: slide.id,
                    field,
                    value: Value::List(list),
                },
            ));
        }
    }

    fn slide_fields(&mut self, ui: &mut egui::Ui, slide: &Slide) {
        let kind = format!("{:?}", slide.body.kind());
        ui.horizontal(|ui| {
            ui.strong(format!("{kind} slide"));
            if slide.hidden {
                ui.weak("(hidden — not exported)");
            }
        });
        if let Some(origin) = &slide.origin {
            ui.horizontal(|ui| {
                ui.small(format!("From library item {}", origin.item));
                if origin.edited {
                    ui.colored_label(ui.visuals().warn_fg_color, "edited");
                    if ui.button("Revert to library text").clicked() {
                        self.act(Action::Revert);
                    }
                }
            });
        }
        ui.separator();
        match &slide.body {
            SlideBody::Title {} => {
                ui.label("The title slide shows the deck settings (title, subtitle, author, date, audience).");
                if ui.button("Edit deck settings").clicked() {
                    self.deck_tab = true;
                }
            }
            SlideBody::Agenda { .. } | SlideBody::Sources { .. } => {
                self.text_field(ui, slide, "Title", Field::Title, false);
                ui.small("Filled automatically from the deck.");
            }
            SlideBody::Section { .. } => {
                self.text_field(ui, slide, "Title", Field::Title, false);
                self.text_field(ui, slide, "Subtitle", Field::Subtitle, false);
            }
            SlideBody::Topic { display, .. } => {
                self.text_field(ui, slide, "Title", Field::Title, false);
                let mut d = *display;
                ui.horizontal(|ui| {
                    ui.label("Show");
                    ui.selectable_value(&mut d, crate::deck::TopicDisplay::Both, "Both");
                    ui.selectable_value(&mut d, crate::deck::TopicDisplay::Summary, "Summary");
                    ui.selectable_value(&mut d, crate::deck::TopicDisplay::KeyPoints, "Key points");
                });
                if d != *display {
                    let v = match d {
                        crate::deck::TopicDisplay::Both => "both",
                        crate::deck::TopicDisplay::Summary => "summary",
                        crate::deck::TopicDisplay::KeyPoints => "key_points",
                    };
                    self.act(Action::Edit(
                        "Change display".into(),
                        Command::Edit {
                            id: slide.id,
                            field: Field::TopicDisplay,
                            value: Value::Text(v.into()),
                        },
                    ));
                }
                self.text_field(ui, slide, "Summary", Field::Text, true);
                self.list_field(ui, slide, "Key points", Field::Bullets);
            }
            SlideBody::Viewpoint { speaker, date, .. } => {
                ui.label(format!(
                    "{} — {}{}",
                    speaker.holder(),
                    speaker.details(),
                    date.map(|d| format!(", {}", d.long())).unwrap_or_default()
                ));
                self.text_field(ui, slide, "Title", Field::Title, false);
                self.text_field(ui, slide, "Quote", Field::Quote, true);
                self.list_field(ui, slide, "Claims", Field::Bullets);
            }
            SlideBody::Comparison { left, right, .. } => {
                self.text_field(ui, slide, "Title", Field::Title, false);
                ui.strong(format!("Left: {}", left.speaker.holder()));
                self.text_field(ui, slide, "Left stance", Field::SideStance(false), true);
                self.list_field(ui, slide, "Left claims", Field::SideClaims(false));
                ui.strong(format!("Right: {}", right.speaker.holder()));
                self.text_field(ui, slide, "Right stance", Field::SideStance(true), true);
                self.list_field(ui, slide, "Right claims", Field::SideClaims(true));
            }
            SlideBody::Timeline { entries, .. } => {
                self.text_field(ui, slide, "Title", Field::Title, false);
                for (i, e) in entries.iter().enumerate() {
                    self.text_field(ui, slide, &e.date.long(), Field::TimelineText(i), true);
                }
            }
            SlideBody::Bullets { .. } => {
                self.text_field(ui, slide, "Title", Field::Title, false);
                self.list_field(ui, slide, "Bullets", Field::Bullets);
            }
            SlideBody::Text { .. } => {
                self.text_field(ui, slide, "Title", Field::Title, false);
                self.text_field(ui, slide, "Text", Field::Text, true);
            }
            SlideBody::Takeaways { .. } => {
                self.text_field(ui, slide, "Title", Field::Title, false);
                self.list_field(ui, slide, "Takeaways", Field::Bullets);
            }
            SlideBody::Image { .. } => {
                self.text_field(ui, slide, "Title", Field::Title, false);
                self.text_field(ui, slide, "Picture file", Field::ImagePath, false);
                if ui
                    .button("Choose picture…")
                    .on_hover_text("PNG or JPEG; you can also drop a file on the window")
                    .clicked()
                {
                    match rfd::FileDialog::new()
                        .add_filter("Pictures", &["png", "jpg", "jpeg"])
                        .pick_file()
                    {
                        Some(p) => self.act(Action::Edit(
                            "Set picture".into(),
                            Command::Edit {
                                id: slide.id,
                                field: Field::ImagePath,
                                value: Value::Text(p.display().to_string()),
                            },
                        )),
                        None => {
                            self.status =
                                "No file chosen (if no dialog appeared, type the path instead)"
                                    .into()
                        }
                    }
                }
                self.text_field(ui, slide, "Caption", Field::Caption, false);
                self.text_field(ui, slide, "Credit", Field::Credit, false);
            }
        }
        ui.separator();
        self.text_field(ui, slide, "Speaker notes", Field::Notes, true);
    }

    fn deck_settings(&mut self, ui: &mut egui::Ui) {
        let deck = self.editor.deck();
        let mut meta: DeckMeta = deck.meta.clone();
        let before = meta.clone();
        let mut date_text = meta.date.map(|d| d.to_string()).unwrap_or_default();
        let grid = |ui: &mut egui::Ui, label: &str, value: &mut String| {
            let l = ui.label(label);
            ui.add(egui::TextEdit::singleline(value).desired_width(f32::INFINITY))
                .labelled_by(l.id);
        };
        grid(ui, "Title", &mut meta.title);
        grid(ui, "Subtitle", &mut meta.subtitle);
        grid(ui, "Author", &mut meta.author);
        grid(ui, "Organisation", &mut meta.organisation);
        grid(ui, "Date (YYYY-MM-DD)", &mut date_text);
        grid(ui, "Audience", &mut meta.audience);
        grid(ui, "Marking (e.g. UNCLASSIFIED)", &mut meta.marking);
        grid(ui, "Distribution", &mut meta.distribution);
        match Date::parse(&date_text) {
            Ok(d) => meta.date = Some(d),
            Err(_) if date_text.trim().is_empty() => meta.date = None,
            Err(e) => {
                ui.colored_label(ui.visuals().warn_fg_color, e.to_string());
            }
        }
        if meta != before {
            self.act(Action::Type(
                "Edit deck settings".into(),
                Command::SetMeta(meta),
            ));
        }
        ui.separator();
        let current_theme = self.editor.deck().theme.clone();
        ui.label("Theme");
        let mut chosen = current_theme.clone();
        for (t, _) in &self.themes.themes {
            ui.radio_value(
                &mut chosen,
                t.name.clone(),
                format!("{} — {}", t.display_name, t.description),
            );
        }
        if chosen != current_theme {
            self.act(Action::Edit(
                "Change theme".into(),
                Command::SetTheme(chosen),
            ));
        }
        if let Some(p) = &self.cache.theme_problem {
            ui.colored_label(ui.visuals().warn_fg_color, p);
        }
        ui.separator();
        ui.label("Page format");
        let fmt = self.editor.deck().page_format;
        ui.horizontal(|ui| {
            for f in PageFormat::ALL {
                if ui.selectable_label(fmt == f, f.label()).clicked() && f != fmt {
                    self.set_format(f);
                }
            }
        });
    }
}
