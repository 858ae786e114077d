//! The slide list: thumbnails painted from the layout pages; select, multi-select, drag to
//! reorder, drop library items, and the slide toolbar.

use egui::{vec2, Sense};

use std::collections::HashMap;

use super::action::Action;
use super::library_panel::ItemDrag;
use super::preview::{paint_page, Detail};
use crate::deck::{Deck, SlideBody, SlideId};
use crate::layout::Layout;

/// Payload of a slide being dragged within the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlideDrag(pub SlideId);

/// What the slide list reads.
pub struct SlideListView<'a> {
    /// The deck.
    pub deck: &'a Deck,
    /// Selected slides.
    pub selection: &'a [SlideId],
    /// The slides laid out (thumbnails), if there is a layout.
    pub layout: Option<&'a Layout>,
    /// Slide id → page index in the layout.
    pub page_of: &'a HashMap<SlideId, usize>,
    /// egui ids of the layout's picture textures.
    pub textures: &'a [Option<egui::TextureId>],
    /// The deck's marks resolved: each slide's highest portion mark.
    pub marks: Option<&'a crate::marking::MarkingPlan>,
    /// Slides whose library item changed, is stale or is gone.
    pub flags: &'a [crate::deck::SlideFlag],
}

/// Draws the slide list panel; returns what the user asked for.
pub fn slide_list_ui(ui: &mut egui::Ui, view: &SlideListView<'_>) -> Vec<Action> {
    let mut list = SlideList {
        view,
        out: Vec::new(),
    };
    list.panel_ui(ui);
    list.out
}

struct SlideList<'v, 'a> {
    view: &'v SlideListView<'a>,
    out: Vec<Action>,
}

impl SlideList<'_, '_> {
    fn act(&mut self, a: Action) {
        self.out.push(a);
    }

    fn panel_ui(&mut self, ui: &mut egui::Ui) {
        let window_w = ui.ctx().content_rect().width();
        let (default, min, max) = super::layout_sizes::side_width(
            window_w,
            super::layout_sizes::SLIDES_SHARE,
            215.0,
            140.0,
        );
        egui::Panel::left("slides")
            .resizable(true)
            .default_size(default)
            .min_size(min)
            .max_size(max)
            .show(ui, |ui| {
                ui.heading("Slides");
                self.slide_toolbar(ui);
                ui.separator();
                self.slide_rows(ui);
            });
    }

    fn slide_toolbar(&mut self, ui: &mut egui::Ui) {
        let has = !self.view.selection.is_empty();
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing.x = 4.0;
            ui.menu_button("Add…", |ui| {
                if ui
                    .button("+ Section")
                    .on_hover_text("Add a section divider")
                    .clicked()
                {
                    self.act(Action::AddSlide(SlideBody::Section {
                        title: "New section".into(),
                        subtitle: String::new(),
                    }));
                }
                if ui
                    .button("+ Bullets")
                    .on_hover_text("Add a free slide with bullets")
                    .clicked()
                {
                    self.act(Action::AddSlide(SlideBody::Bullets {
                        title: "New slide".into(),
                        bullets: vec![crate::deck::Block::new("First point")],
                    }));
                }
                if ui
                    .button("+ Text")
                    .on_hover_text("Add a free text slide")
                    .clicked()
                {
                    self.act(Action::AddSlide(SlideBody::Text {
                        title: "New slide".into(),
                        paragraphs: vec![crate::deck::Block::new("Text")],
                    }));
                }
                if ui
                    .button("+ Takeaways")
                    .on_hover_text("Add a key takeaways (BLUF) slide")
                    .clicked()
                {
                    self.act(Action::AddSlide(SlideBody::Takeaways {
                        title: "Key takeaways".into(),
                        points: vec![crate::deck::Block::new("First takeaway")],
                    }));
                }
                if ui
                    .button("+ Key figures")
                    .on_hover_text("Two to four large numbers, each with what it counts")
                    .clicked()
                {
                    self.act(Action::AddSlide(SlideBody::KeyFigures {
                        title: "Key figures".into(),
                        figures: vec![crate::deck::KeyFigure {
                            value: "0".into(),
                            text: "what the number counts".into(),
                            mark: None,
                            sources: Vec::new(),
                        }],
                    }));
                }
                if ui
                    .button("+ Route")
                    .on_hover_text("A route or chain drawn as stops on a line")
                    .clicked()
                {
                    self.act(Action::AddSlide(SlideBody::Route {
                        title: "Route".into(),
                        stops: crate::deck::Block::list(&[
                            "First stop",
                            "Second stop",
                            "Third stop",
                        ]),
                        caption: "Schematic, not to scale.".into(),
                    }));
                }
                if ui
                    .button("+ Picture")
                    .on_hover_text("Add a picture slide (or drop a PNG/JPEG on the window)")
                    .clicked()
                {
                    self.act(Action::AddSlide(SlideBody::Image {
                        title: "Picture".into(),
                        path: String::new(),
                        caption: String::new(),
                        credit: String::new(),
                    }));
                }
            });
            for (name, by, tip) in [
                ("Up", -1, "Move the selected slides up"),
                ("Down", 1, "Move the selected slides down"),
            ] {
                if ui
                    .add_enabled(has, egui::Button::new(name).small())
                    .on_hover_text(tip)
                    .clicked()
                {
                    self.act(Action::MoveSelectionBy(by));
                }
            }
            if ui
                .add_enabled(has, egui::Button::new("Copy").small())
                .on_hover_text("Duplicate the selected slides (Ctrl+D)")
                .clicked()
            {
                self.act(Action::DuplicateSelection);
            }
            if ui
                .add_enabled(has, egui::Button::new("Hide").small())
                .on_hover_text("Hide or show the selected slides; hidden slides are not exported")
                .clicked()
            {
                self.act(Action::ToggleHidden);
            }
            if ui
                .add_enabled(has, egui::Button::new("Delete").small())
                .on_hover_text("Delete (Del)")
                .clicked()
            {
                self.act(Action::DeleteSelection);
            }
        });
    }

    fn slide_rows(&mut self, ui: &mut egui::Ui) {
        let deck = self.view.deck;
        let count = deck.slides.len();
        let total_visible = deck.visible().count();
        let (pw, ph) = deck.page_format.size_pt();
        // Thumbnail across the panel (after the number column), title on one line below it.
        let thumb_w = (ui.available_width() - 34.0).max(80.0);
        let thumb_h = thumb_w * ph / pw;
        let row_h = thumb_h + 30.0;
        let textures = self.view.textures;
        let mut drop_at: Option<(usize, DropWhat)> = None;
        egui::ScrollArea::vertical()
            .id_salt("slide-list")
            .auto_shrink([false, false])
            .show_rows(ui, row_h, count + 1, |ui, range| {
                for i in range {
                    if i == count {
                        // A drop zone after the last slide.
                        let (rect, resp) = ui.allocate_exact_size(vec2(ui.available_width(), row_h * 0.5), Sense::hover());
                        if let Some(w) = drop_target(ui.ctx(), resp.rect) {
                            ui.painter().hline(rect.x_range(), rect.top() + 2.0, ui.visuals().selection.stroke);
                            if released(ui.ctx()) {
                                drop_at = Some((count, w));
                            }
                        }
                        continue;
                    }
                    let slide = &deck.slides[i];
                    let number = i + 1;
                    let page_index = self.view.page_of.get(&slide.id).copied();
                    let selected = self.view.selection.contains(&slide.id);
                    // What the slide list says of the slide, most pressing first (the title
                    // line is cut at the thumbnail's width, so what comes first stays in view).
                    let mut tags = Vec::new();
                    if let Some(pi) = page_index {
                        let warn = self.view.layout.is_some_and(|l| l.warnings.iter().any(|w| w.page == Some(pi + 1)));
                        if warn {
                            tags.push("warning");
                        }
                    }
                    for f in self.view.flags.iter().filter(|f| f.slide == slide.id) {
                        tags.push(f.flag.label());
                    }
                    tags.sort_by_key(|t| match *t {
                        "warning" => 0,
                        "library updated" => 1,
                        _ => 2,
                    });
                    if slide.origin.as_ref().is_some_and(|o| o.edited) {
                        tags.push("edited");
                    }
                    let tags = &tags;
                    let drag = ui.dnd_drag_source(egui::Id::unique(("slide-drag", slide.id)), SlideDrag(slide.id), |ui| {
                        let (rect, _) = ui.allocate_exact_size(vec2(ui.available_width(), row_h - 4.0), Sense::hover());
                        if selected {
                            ui.painter().rect_filled(rect, 4.0, ui.visuals().selection.bg_fill.gamma_multiply(0.6));
                        }
                        let thumb = egui::Rect::from_min_size(rect.min + vec2(28.0, 4.0), vec2(thumb_w, thumb_h));
                        match page_index.and_then(|pi| self.view.layout.and_then(|l| l.pages.get(pi))) {
                            Some(page) => {
                                paint_page(ui.painter(), thumb, page, textures, Detail::Thumbnail);
                            }
                            _ => {
                                ui.painter().rect_filled(thumb, 0.0, ui.visuals().faint_bg_color);
                            }
                        }
                        if slide.hidden {
                            ui.painter().rect_filled(thumb, 0.0, ui.visuals().panel_fill.gamma_multiply(0.7));
                            ui.painter().text(thumb.center(), egui::Align2::CENTER_CENTER, "HIDDEN", egui::FontId::proportional(13.0), ui.visuals().strong_text_color());
                        }
                        ui.painter().text(rect.min + vec2(4.0, 6.0), egui::Align2::LEFT_TOP, number.to_string(), egui::FontId::proportional(13.0), ui.visuals().text_color());
                        // The slide's highest portion mark, in its level's colours.
                        let mark_chip = self.view.marks.and_then(|p| {
                            let level = p.slide(slide.id)?.level?;
                            Some((p.slide_label(slide.id)?, p.scheme.levels.get(level)?))
                        });
                        if let Some((label, level)) = mark_chip {
                            let chip = egui::Rect::from_min_size(rect.min + vec2(2.0, 26.0), vec2(24.0, 15.0));
                            ui.painter().rect_filled(chip, 3.0, crate::ui::preview::color32(level.background));
                            ui.painter().text(chip.center(), egui::Align2::CENTER_CENTER, label, egui::FontId::proportional(10.0), crate::ui::preview::color32(level.text));
                        }
                        let mut title = slide.title(&deck.meta).to_owned();
                        if !tags.is_empty() {
                            title = format!("[{}] {title}", tags.join(", "));
                        }
                        // Only a layout warning or a library update is drawn in the warning
                        // colour; "edited" and "stale" are plain facts about the slide.
                        let color = if tags.contains(&"warning") || tags.contains(&"library updated") {
                            ui.visuals().warn_fg_color
                        } else if slide.hidden {
                            ui.visuals().weak_text_color()
                        } else {
                            ui.visuals().text_color()
                        };
                        let mut job = egui::text::LayoutJob::simple_singleline(title, egui::FontId::proportional(12.0), color);
                        job.wrap.max_width = thumb_w;
                        job.wrap.max_rows = 1;
                        let galley = ui.painter().layout_job(job);
                        ui.painter().galley(egui::pos2(thumb.left(), thumb.bottom() + 4.0), galley, color);
                    });
                    let resp = drag.response.interact(Sense::click());
                    let mark = self.view.marks.and_then(|p| p.slide_label(slide.id));
                    let mut label = match mark {
                        Some(m) => format!("Slide {number}: {} (marked {m})", slide.title(&deck.meta)),
                        None => format!("Slide {number}: {}", slide.title(&deck.meta)),
                    };
                    if !tags.is_empty() {
                        label = format!("{label} [{}]", tags.join(", "));
                    }
                    resp.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, &label));
                    let said = if tags.is_empty() { String::new() } else { format!(" [{}]", tags.join(", ")) };
                    let resp = resp.on_hover_text(format!(
                        "Slide {number} of {count} ({total_visible} exported){said}. Click to select, Ctrl+click to add to the selection, drag to reorder."
                    ));
                    if resp.clicked() {
                        let extend = ui.input(|i| i.modifiers.command || i.modifiers.shift);
                        self.act(Action::Select(slide.id, extend));
                    }
                    if let Some(w) = drop_target(ui.ctx(), resp.rect) {
                        let y = resp.rect.top();
                        ui.painter().hline(resp.rect.x_range(), y, ui.visuals().selection.stroke);
                        if released(ui.ctx()) {
                            drop_at = Some((i, w));
                        }
                    }
                }
            });
        if let Some((at, what)) = drop_at {
            egui::DragAndDrop::clear_payload(ui.ctx());
            match what {
                DropWhat::Slide(id) => self.act(Action::MoveSlide(id, at)),
                DropWhat::Item(item) => self.act(Action::AddItems(vec![item], Some(at))),
            }
        }
    }
}

#[derive(Debug, Clone)]
enum DropWhat {
    Slide(SlideId),
    Item(String),
}

/// What is being dragged over `rect`, if anything droppable. (The pointer test is done here
/// because `Response::contains_pointer` is false while a child widget covers the pointer.)
fn drop_target(ctx: &egui::Context, rect: egui::Rect) -> Option<DropWhat> {
    let over = ctx.pointer_interact_pos().is_some_and(|p| rect.contains(p));
    if !over {
        return None;
    }
    if let Some(s) = egui::DragAndDrop::payload::<SlideDrag>(ctx) {
        return Some(DropWhat::Slide(s.0));
    }
    if let Some(i) = egui::DragAndDrop::payload::<ItemDrag>(ctx) {
        return Some(DropWhat::Item(i.0.clone()));
    }
    None
}

/// True in the frame the dragged thing is let go.
fn released(ctx: &egui::Context) -> bool {
    ctx.input(|i| i.pointer.any_released())
}
