//! The editor panel: the selected slide's fields, and the deck settings. It owns its state (the
//! tab, and the text being typed into a field) and returns actions; it changes nothing itself.

use super::action::Action;
use super::mark_picker::mark_pickers_ui;
use super::marking_settings::{caveats_text, marking_settings_ui, parse_caveats};
use crate::deck::{
    can_split, get_field, Block, Command, ComparisonSide, Deck, DeckMeta, Field, KeyFigure,
    PageFormat, Slide, SlideBody, SlideEdit, SlideId, TimelineStyle, TopicDisplay,
};
use crate::error::Problem;
use crate::library::Date;
use crate::theme::ThemeCatalog;

/// Which field a draft belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DraftKey {
    Slide(SlideId, Field),
    Date,
    Caveats,
}

/// Text as the user typed it, kept while it still means what the deck holds (so a trailing
/// newline or a half-typed date is not thrown away when the field is drawn again).
#[derive(Debug, Clone)]
struct Draft {
    key: DraftKey,
    text: String,
}

/// What the panel reads.
pub struct EditorView<'a> {
    /// The deck.
    pub deck: &'a Deck,
    /// The slide shown in the editor.
    pub current: Option<SlideId>,
    /// Themes to choose from.
    pub themes: &'a ThemeCatalog,
    /// Why the deck's theme could not be used, if so.
    pub theme_problem: Option<&'a str>,
    /// Changes whenever another deck replaces the current one; drafts of the old one are dropped.
    pub generation: u64,
    /// Marking schemes to choose from.
    pub schemes: &'a crate::marking::SchemeCatalog,
    /// The deck's marks resolved (scheme levels, highest mark).
    pub plan: &'a crate::marking::MarkingPlan,
    /// Memo templates to choose from.
    pub memo_templates: &'a crate::memo::TemplateCatalog,
    /// The shown slide does not fit at the deck's body size.
    pub overflow: bool,
    /// Slides whose library item changed, is stale or is gone.
    pub flags: &'a [crate::deck::SlideFlag],
    /// The content library (to compare a slide with its item).
    pub library: &'a crate::library::Library,
}

/// The editor panel's own state.
#[derive(Debug, Clone, Default)]
pub struct EditorPanel {
    /// True when the deck settings tab is shown.
    pub deck_tab: bool,
    draft: Option<Draft>,
    generation: u64,
    /// Portion labels of the deck's scheme, lowest first (for the mark pickers).
    mark_labels: Vec<String>,
    /// Whether the shown slide overflows (set each frame from the view).
    overflow: bool,
}

/// How a field's text maps to the deck.
enum Kind {
    /// Plain text.
    Text,
    /// One block per line, `(MARK) ` in front for a portion mark.
    Lines,
    /// One block per paragraph (blank lines between).
    Paragraphs,
}

impl EditorPanel {
    /// The right panel; returns what the user asked for.
    pub fn ui(&mut self, ui: &mut egui::Ui, view: &EditorView<'_>) -> Vec<Action> {
        let mut out = Vec::new();
        self.overflow = view.overflow;
        self.mark_labels = view
            .plan
            .scheme
            .levels
            .iter()
            .map(|l| l.portion.clone())
            .collect();
        if view.generation != self.generation {
            self.generation = view.generation;
            self.draft = None;
        }
        let window_w = ui.ctx().content_rect().width();
        let (default, min, max) = super::layout_sizes::side_width(
            window_w,
            super::layout_sizes::EDITOR_SHARE,
            300.0,
            200.0,
        );
        egui::Panel::right("editor")
            .resizable(true)
            .default_size(default)
            .min_size(min)
            .max_size(max)
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
                            self.deck_settings_ui(ui, view, &mut out);
                        } else {
                            match view.current.and_then(|id| view.deck.slide(id)) {
                                Some(slide) => self.slide_fields_ui(ui, slide, view, &mut out),
                                None => {
                                    ui.label("Select a slide to edit it.");
                                }
                            }
                        }
                    });
            });
        out
    }

    /// The text to show for a field: the draft while it still parses to the deck's value.
    fn shown(&self, key: DraftKey, canonical: String, same: impl Fn(&str) -> bool) -> String {
        match &self.draft {
            Some(d) if d.key == key && same(&d.text) => d.text.clone(),
            _ => canonical,
        }
    }

    fn field_ui(
        &mut self,
        ui: &mut egui::Ui,
        slide: &Slide,
        label: &str,
        field: Field,
        kind: Kind,
        out: &mut Vec<Action>,
    ) {
        let Some(current) = get_field(slide, field) else {
            return;
        };
        let parse = |text: &str| -> Option<SlideEdit> {
            Some(match (&current, &kind) {
                (SlideEdit::Points(old), _) => SlideEdit::Points(Block::from_lines(text, old)),
                (SlideEdit::SideClaims(s, old), _) => {
                    SlideEdit::SideClaims(*s, Block::from_lines(text, old))
                }
                (SlideEdit::Paragraphs(old), _) => {
                    let paras: Vec<String> = Block::paragraphs(text)
                        .into_iter()
                        .map(|b| b.text)
                        .collect();
                    SlideEdit::Paragraphs(Block::from_texts(&paras, old))
                }
                (SlideEdit::Quote(old), _) => {
                    let b = Block::from_line(text, old.as_ref());
                    SlideEdit::Quote((!b.text.is_empty()).then_some(b))
                }
                (SlideEdit::TimelineEntry(i, old), _) => {
                    SlideEdit::TimelineEntry(*i, Block::from_line(text, Some(old)))
                }
                (SlideEdit::Title(_), _) => SlideEdit::Title(text.to_owned()),
                (SlideEdit::Subtitle(_), _) => SlideEdit::Subtitle(text.to_owned()),
                (SlideEdit::Notes(_), _) => SlideEdit::Notes(text.to_owned()),
                (SlideEdit::Caption(_), _) => SlideEdit::Caption(text.to_owned()),
                (SlideEdit::Credit(_), _) => SlideEdit::Credit(text.to_owned()),
                (SlideEdit::ImagePath(_), _) => SlideEdit::ImagePath(text.to_owned()),
                (SlideEdit::SideStance(s, _), _) => SlideEdit::SideStance(*s, text.to_owned()),
                (SlideEdit::TopicDisplay(_), _) | (SlideEdit::TimelineStyle(_), _) => return None,
                (SlideEdit::Figures(old), _) => {
                    SlideEdit::Figures(KeyFigure::from_lines(text, old))
                }
            })
        };
        let canonical = match &current {
            SlideEdit::Points(b) | SlideEdit::SideClaims(_, b) => Block::to_lines(b),
            SlideEdit::Paragraphs(b) => b
                .iter()
                .map(Block::to_line)
                .collect::<Vec<_>>()
                .join("\n\n"),
            SlideEdit::Quote(q) => q.as_ref().map(Block::to_line).unwrap_or_default(),
            SlideEdit::TimelineEntry(_, b) => b.to_line(),
            SlideEdit::Title(t)
            | SlideEdit::Subtitle(t)
            | SlideEdit::Notes(t)
            | SlideEdit::Caption(t)
            | SlideEdit::Credit(t)
            | SlideEdit::ImagePath(t)
            | SlideEdit::SideStance(_, t) => t.clone(),
            SlideEdit::Figures(f) => f
                .iter()
                .map(KeyFigure::to_line)
                .collect::<Vec<_>>()
                .join("\n"),
            SlideEdit::TopicDisplay(_) | SlideEdit::TimelineStyle(_) => return,
        };
        let key = DraftKey::Slide(slide.id, field);
        let mut text = self.shown(key, canonical, |d| parse(d).as_ref() == Some(&current));
        let heading = match kind {
            Kind::Lines => {
                format!("{label} (one per line; \u{201c}(C) \u{201d} in front marks a portion)")
            }
            _ => label.to_owned(),
        };
        let l = ui.label(heading);
        let mut banded = super::line_list::list_layout;
        let edit = match kind {
            Kind::Text => egui::TextEdit::singleline(&mut text),
            // Every other item on a faint band: a wrapped item is told from the next.
            Kind::Lines => egui::TextEdit::multiline(&mut text)
                .desired_rows(6)
                .layouter(&mut banded),
            Kind::Paragraphs => egui::TextEdit::multiline(&mut text).desired_rows(4),
        };
        let response = ui.add(edit.desired_width(f32::INFINITY)).labelled_by(l.id);
        if response.changed() {
            self.draft = Some(Draft {
                key,
                text: text.clone(),
            });
            if let Some(edit) = parse(&text).filter(|e| *e != current) {
                out.push(Action::Type(
                    format!("Edit {label}"),
                    Command::Edit { id: slide.id, edit },
                ));
            }
        }
        // A picker beside each block sets its portion mark.
        let blocks: Vec<Block> = match &current {
            SlideEdit::Points(b) | SlideEdit::SideClaims(_, b) | SlideEdit::Paragraphs(b) => {
                b.clone()
            }
            SlideEdit::Quote(Some(q)) => vec![q.clone()],
            SlideEdit::TimelineEntry(_, b) => vec![b.clone()],
            _ => Vec::new(),
        };
        if let Some(next) = mark_pickers_ui(ui, (slide.id, field), &blocks, &self.mark_labels) {
            let edit = match &current {
                SlideEdit::Points(_) => Some(SlideEdit::Points(next)),
                SlideEdit::SideClaims(s, _) => Some(SlideEdit::SideClaims(*s, next)),
                SlideEdit::Paragraphs(_) => Some(SlideEdit::Paragraphs(next)),
                SlideEdit::Quote(_) => next.into_iter().next().map(|b| SlideEdit::Quote(Some(b))),
                SlideEdit::TimelineEntry(i, _) => next
                    .into_iter()
                    .next()
                    .map(|b| SlideEdit::TimelineEntry(*i, b)),
                _ => None,
            };
            if let Some(edit) = edit {
                self.draft = None;
                out.push(Action::Edit(
                    "Set portion mark".into(),
                    Command::Edit { id: slide.id, edit },
                ));
            }
        }
    }

    fn slide_fields_ui(
        &mut self,
        ui: &mut egui::Ui,
        slide: &Slide,
        view: &EditorView<'_>,
        out: &mut Vec<Action>,
    ) {
        let kind = format!("{:?}", slide.body.kind());
        ui.horizontal(|ui| {
            ui.strong(format!("{kind} slide"));
            if slide.hidden {
                ui.weak("(hidden — not exported)");
            }
        });
        if let Some(origin) = &slide.origin {
            ui.horizontal_wrapped(|ui| {
                ui.small(format!("From library item {}", origin.item));
                if origin.edited {
                    ui.colored_label(ui.visuals().warn_fg_color, "edited");
                    if ui.button("Revert to library text").clicked() {
                        out.push(Action::Revert);
                    }
                }
            });
            library_flags_ui(ui, slide, view, out);
        }
        if self.overflow {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "This slide does not fit at the deck\u{2019}s body size.",
            );
            if can_split(&slide.body) {
                if ui
                    .button("Split slide")
                    .on_hover_text("Move the second half of the list to a new \u{201c}(continued)\u{201d} slide")
                    .clicked()
                {
                    out.push(Action::Split(slide.id));
                }
            } else {
                ui.small("Shorten its text, or move some of it to the speaker notes.");
            }
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
                self.field_ui(ui, slide, "Title", Field::Title, Kind::Text, out);
                ui.small("Filled automatically from the deck.");
            }
            SlideBody::Section { .. } => {
                self.field_ui(ui, slide, "Title", Field::Title, Kind::Text, out);
                self.field_ui(ui, slide, "Subtitle", Field::Subtitle, Kind::Text, out);
            }
            SlideBody::Topic { display, .. } => {
                self.field_ui(ui, slide, "Title", Field::Title, Kind::Text, out);
                let mut d = *display;
                ui.horizontal(|ui| {
                    ui.label("Show");
                    ui.selectable_value(&mut d, TopicDisplay::Both, "Both");
                    ui.selectable_value(&mut d, TopicDisplay::Summary, "Summary");
                    ui.selectable_value(&mut d, TopicDisplay::KeyPoints, "Key points");
                });
                if d != *display {
                    out.push(Action::Edit(
                        "Change display".into(),
                        Command::Edit {
                            id: slide.id,
                            edit: SlideEdit::TopicDisplay(d),
                        },
                    ));
                }
                self.field_ui(
                    ui,
                    slide,
                    "Summary",
                    Field::Paragraphs,
                    Kind::Paragraphs,
                    out,
                );
                self.field_ui(ui, slide, "Key points", Field::Points, Kind::Lines, out);
            }
            SlideBody::Viewpoint { speaker, date, .. } => {
                ui.label(format!(
                    "{} — {}{}",
                    speaker.holder(),
                    speaker.details(),
                    date.map(|d| format!(", {}", d.long())).unwrap_or_default()
                ));
                self.field_ui(ui, slide, "Title", Field::Title, Kind::Text, out);
                self.field_ui(ui, slide, "Quote", Field::Quote, Kind::Paragraphs, out);
                self.field_ui(ui, slide, "Claims", Field::Points, Kind::Lines, out);
            }
            SlideBody::Comparison { left, right, .. } => {
                self.field_ui(ui, slide, "Title", Field::Title, Kind::Text, out);
                for (side, holder, name) in [
                    (ComparisonSide::Left, left.speaker.holder(), "Left"),
                    (ComparisonSide::Right, right.speaker.holder(), "Right"),
                ] {
                    ui.strong(format!("{name}: {holder}"));
                    self.field_ui(
                        ui,
                        slide,
                        &format!("{name} stance"),
                        Field::SideStance(side),
                        Kind::Paragraphs,
                        out,
                    );
                    self.field_ui(
                        ui,
                        slide,
                        &format!("{name} claims"),
                        Field::SideClaims(side),
                        Kind::Lines,
                        out,
                    );
                }
            }
            SlideBody::Timeline { entries, style, .. } => {
                self.field_ui(ui, slide, "Title", Field::Title, Kind::Text, out);
                let mut s = *style;
                ui.horizontal(|ui| {
                    ui.label("Draw as");
                    ui.selectable_value(&mut s, TimelineStyle::List, "List");
                    ui.selectable_value(&mut s, TimelineStyle::Line, "Dates on a line");
                });
                if s != *style {
                    out.push(Action::Edit(
                        "Change timeline style".into(),
                        Command::Edit {
                            id: slide.id,
                            edit: SlideEdit::TimelineStyle(s),
                        },
                    ));
                }
                for (i, e) in entries.iter().enumerate() {
                    self.field_ui(
                        ui,
                        slide,
                        &e.date.long(),
                        Field::TimelineEntry(i),
                        Kind::Paragraphs,
                        out,
                    );
                }
            }
            SlideBody::Bullets { .. } => {
                self.field_ui(ui, slide, "Title", Field::Title, Kind::Text, out);
                self.field_ui(ui, slide, "Bullets", Field::Points, Kind::Lines, out);
            }
            SlideBody::KeyFigures { .. } => {
                self.field_ui(ui, slide, "Title", Field::Title, Kind::Text, out);
                self.field_ui(
                    ui,
                    slide,
                    "Figures (one per line: NUMBER | what it counts)",
                    Field::Figures,
                    Kind::Lines,
                    out,
                );
            }
            SlideBody::Route { .. } => {
                self.field_ui(ui, slide, "Title", Field::Title, Kind::Text, out);
                self.field_ui(ui, slide, "Stops", Field::Points, Kind::Lines, out);
                self.field_ui(ui, slide, "Caption", Field::Caption, Kind::Text, out);
            }
            SlideBody::Text { .. } => {
                self.field_ui(ui, slide, "Title", Field::Title, Kind::Text, out);
                self.field_ui(ui, slide, "Text", Field::Paragraphs, Kind::Paragraphs, out);
            }
            SlideBody::Takeaways { .. } => {
                self.field_ui(ui, slide, "Title", Field::Title, Kind::Text, out);
                self.field_ui(ui, slide, "Takeaways", Field::Points, Kind::Lines, out);
            }
            SlideBody::Image { .. } => {
                self.field_ui(ui, slide, "Title", Field::Title, Kind::Text, out);
                self.field_ui(ui, slide, "Picture file", Field::ImagePath, Kind::Text, out);
                if ui
                    .button("Choose picture…")
                    .on_hover_text("PNG or JPEG; you can also drop a file on the window")
                    .clicked()
                {
                    match rfd::FileDialog::new()
                        .add_filter("Pictures", &["png", "jpg", "jpeg"])
                        .pick_file()
                    {
                        Some(p) => out.push(Action::Edit(
                            "Set picture".into(),
                            Command::Edit {
                                id: slide.id,
                                edit: SlideEdit::ImagePath(p.display().to_string()),
                            },
                        )),
                        None => out.push(Action::Report(Problem::new(
                            "No file chosen",
                            "if no dialog appeared, type the path instead",
                        ))),
                    }
                }
                self.field_ui(ui, slide, "Caption", Field::Caption, Kind::Text, out);
                self.field_ui(ui, slide, "Credit", Field::Credit, Kind::Text, out);
            }
        }
        ui.separator();
        self.field_ui(
            ui,
            slide,
            "Speaker notes",
            Field::Notes,
            Kind::Paragraphs,
            out,
        );
    }

    fn deck_settings_ui(
        &mut self,
        ui: &mut egui::Ui,
        view: &EditorView<'_>,
        out: &mut Vec<Action>,
    ) {
        let deck = view.deck;
        let mut meta: DeckMeta = deck.meta.clone();
        let before = meta.clone();
        let canonical = meta.date.map(|d| d.to_string()).unwrap_or_default();
        // A half-typed date does not parse; keep it as typed until it does.
        // (An empty draft means "no date" and is kept only while the deck has none.)
        let mut date_text = self.shown(DraftKey::Date, canonical, |d| match Date::parse(d) {
            Ok(x) => Some(x) == meta.date,
            Err(_) if d.trim().is_empty() => meta.date.is_none(),
            Err(_) => true,
        });
        let grid = |ui: &mut egui::Ui, label: &str, value: &mut String| -> bool {
            let l = ui.label(label);
            ui.add(egui::TextEdit::singleline(value).desired_width(f32::INFINITY))
                .labelled_by(l.id)
                .changed()
        };
        grid(ui, "Title", &mut meta.title);
        grid(ui, "Subtitle", &mut meta.subtitle);
        grid(ui, "Author", &mut meta.author);
        grid(ui, "Organisation", &mut meta.organisation);
        if grid(ui, "Date (YYYY-MM-DD)", &mut date_text) {
            self.draft = Some(Draft {
                key: DraftKey::Date,
                text: date_text.clone(),
            });
        }
        grid(ui, "Audience", &mut meta.audience);
        grid(ui, "Marking (e.g. UNCLASSIFIED)", &mut meta.marking);
        grid(ui, "Distribution", &mut meta.distribution);
        let canonical = caveats_text(&meta.markings.caveats);
        let mut caveats = self.shown(DraftKey::Caveats, canonical, |d| {
            parse_caveats(d) == meta.markings.caveats
        });
        if marking_settings_ui(
            ui,
            &mut meta.markings,
            &mut caveats,
            view.schemes,
            view.plan,
        ) {
            self.draft = Some(Draft {
                key: DraftKey::Caveats,
                text: caveats,
            });
        }
        super::memo_settings::memo_settings_ui(ui, &mut meta.memo, view.memo_templates);
        ui.horizontal(|ui| {
            let default = crate::deck::DEFAULT_STALE_AFTER_DAYS;
            let mut days = meta.stale_after_days.unwrap_or(default);
            let l = ui.label("Flag library text older than");
            let changed = ui
                .add(egui::DragValue::new(&mut days).range(1..=3650).suffix(" days"))
                .labelled_by(l.id)
                .on_hover_text("Slides made from library items whose text is older than this (since the item's as-of date) are marked \"stale\"")
                .changed();
            if changed {
                meta.stale_after_days = (days != default).then_some(days);
            }
        });
        match Date::parse(&date_text) {
            Ok(d) => meta.date = Some(d),
            Err(_) if date_text.trim().is_empty() => meta.date = None,
            Err(e) => {
                ui.colored_label(ui.visuals().warn_fg_color, e.to_string());
            }
        }
        if meta != before {
            out.push(Action::Type(
                "Edit deck settings".into(),
                Command::SetMeta(meta),
            ));
        }
        ui.separator();
        // One place to choose the slide theme: the top bar. Here, what it is.
        match view
            .themes
            .themes
            .iter()
            .find(|(t, _)| t.name == deck.theme)
        {
            Some((t, _)) => {
                ui.label(format!("Slide theme: {}", t.display_name));
                ui.small(format!(
                    "{} Choose another with \u{201c}Slide theme\u{201d} in the top bar.",
                    t.description
                ));
            }
            None => {
                ui.label(format!("Slide theme: {}", deck.theme));
            }
        }
        if let Some(p) = view.theme_problem {
            ui.colored_label(ui.visuals().warn_fg_color, p);
        }
        ui.separator();
        ui.label("Page format");
        let fmt = deck.page_format;
        ui.horizontal(|ui| {
            for f in PageFormat::ALL {
                if ui.selectable_label(fmt == f, f.label()).clicked() && f != fmt {
                    out.push(Action::Edit(
                        "Change page format".into(),
                        Command::SetPageFormat(f),
                    ));
                }
            }
        });
    }
}

/// What the library says about the shown slide: "library updated" with the slide's text beside
/// the library's and the two choices, "stale" with the as-of date, or a missing item.
fn library_flags_ui(
    ui: &mut egui::Ui,
    slide: &Slide,
    view: &EditorView<'_>,
    out: &mut Vec<Action>,
) {
    for f in view.flags.iter().filter(|f| f.slide == slide.id) {
        match &f.flag {
            crate::deck::Flag::Updated { .. } => {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    "Library updated: the item changed since this slide copied it.",
                );
                ui.horizontal(|ui| {
                    if ui
                        .button("Update from library")
                        .on_hover_text(
                            "Replace this slide's text with the library's (undo with Ctrl+Z)",
                        )
                        .clicked()
                    {
                        out.push(Action::Revert);
                    }
                    if ui
                        .button("Keep my version")
                        .on_hover_text("Keep this text and stop flagging this change")
                        .clicked()
                    {
                        out.push(Action::KeepVersion);
                    }
                });
                if let Some((mine, theirs)) = crate::deck::compare_with_library(slide, view.library)
                {
                    // Only the lines that differ, the first few of them.
                    let rows: Vec<(&str, &str)> = (0..mine.len().max(theirs.len()))
                        .map(|i| {
                            (
                                mine.get(i).map(String::as_str).unwrap_or(""),
                                theirs.get(i).map(String::as_str).unwrap_or(""),
                            )
                        })
                        .filter(|(a, b)| a != b)
                        .collect();
                    const SHOWN: usize = 4;
                    // Two equal columns: the slide's line beside the library's.
                    ui.columns(2, |c| {
                        c[0].strong("This slide");
                        c[1].strong("Library now");
                    });
                    for (a, b) in rows.iter().take(SHOWN) {
                        ui.columns(2, |c| {
                            c[0].add(egui::Label::new(egui::RichText::new(*a).small()).wrap());
                            c[1].add(egui::Label::new(egui::RichText::new(*b).small()).wrap());
                        });
                        ui.separator();
                    }
                    if rows.len() > SHOWN {
                        ui.weak(format!("… and {} more changed lines", rows.len() - SHOWN));
                    }
                }
            }
            other => {
                ui.label(egui::RichText::new(other.message()).small().weak());
            }
        }
    }
}
