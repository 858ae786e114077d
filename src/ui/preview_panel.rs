//! The central preview: the selected slide exactly as the PDF shows it, and the warnings list.

use std::collections::HashMap;

use super::action::Action;
use super::preview::{fit, paint_page, Detail};
use crate::deck::{Deck, SlideId};
use crate::layout::{Layout, Page, Warning};

/// What the preview reads.
pub struct PreviewView<'a> {
    /// The deck.
    pub deck: &'a Deck,
    /// The slide shown.
    pub current: Option<SlideId>,
    /// The slides laid out, if there is a layout.
    pub layout: Option<&'a Layout>,
    /// Slide id → page index in the layout.
    pub page_of: &'a HashMap<SlideId, usize>,
    /// egui ids of the layout's picture textures.
    pub textures: &'a [Option<egui::TextureId>],
    /// The selected slide laid out as if shown, when it is hidden.
    pub hidden_page: Option<&'a Page>,
}

/// The selected slide as the PDF will show it, with its warnings; returns what the user asked
/// for and where the page was painted.
pub fn preview_panel_ui(ui: &mut egui::Ui, v: &PreviewView<'_>) -> (Vec<Action>, egui::Rect) {
    let mut out = Vec::new();
    let mut painted = egui::Rect::NOTHING;
    {
        egui::CentralPanel::default().show(ui, |ui| {
            let warnings: &[Warning] = v.layout.map(|l| l.warnings.as_slice()).unwrap_or_default();
            let list_h = if warnings.is_empty() {
                0.0
            } else {
                (24.0 + 18.0 * warnings.len() as f32).min(150.0)
            };
            let avail = ui.available_rect_before_wrap();
            let area =
                egui::Rect::from_min_max(avail.min, egui::pos2(avail.max.x, avail.max.y - list_h));
            let (pw, ph) = v.deck.page_format.size_pt();
            let fitted = fit(area.shrink(8.0), pw, ph);
            // A wide slide in a tall area: the slide goes to the top and its speaker notes fill
            // the room below (as a notes page will show them), instead of empty bands.
            let notes_room = area.height() - fitted.height() - 16.0;
            let page_rect = if notes_room > 120.0 {
                egui::Rect::from_min_size(egui::pos2(fitted.min.x, area.min.y + 8.0), fitted.size())
            } else {
                fitted
            };
            painted = page_rect;
            if notes_room > 120.0 {
                let notes = v
                    .current
                    .and_then(|id| v.deck.slide(id))
                    .map(|s| s.notes.trim().to_owned())
                    .unwrap_or_default();
                let r = egui::Rect::from_min_max(
                    egui::pos2(page_rect.min.x, page_rect.max.y + 12.0),
                    egui::pos2(page_rect.max.x, area.max.y - 4.0),
                );
                let mut child = ui.new_child(egui::UiBuilder::new().max_rect(r));
                child.weak("Speaker notes (edit them in the editor; they print on notes pages)");
                egui::ScrollArea::vertical()
                    .id_salt("preview-notes")
                    .auto_shrink([false, true])
                    .show(&mut child, |ui| {
                        if notes.is_empty() {
                            ui.weak("No speaker notes for this slide.");
                        } else {
                            ui.label(notes);
                        }
                    });
            }
            let current = v.current;
            let page_index = current.and_then(|id| v.page_of.get(&id).copied());
            let hidden = current
                .and_then(|id| v.deck.slide(id))
                .is_some_and(|s| s.hidden);
            match (
                v.layout
                    .and_then(|l| page_index.and_then(|pi| l.pages.get(pi))),
                page_index,
            ) {
                (Some(page), Some(pi)) => {
                    paint_page(ui.painter(), page_rect, page, v.textures, Detail::Full);
                    let own: Vec<&Warning> =
                        warnings.iter().filter(|w| w.page == Some(pi + 1)).collect();
                    if !own.is_empty() {
                        let text = own
                            .iter()
                            .map(|w| format!("Warning: {w}"))
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
                _ if hidden && v.hidden_page.is_some() => {
                    if let Some(page) = v.hidden_page {
                        paint_page(ui.painter(), page_rect, page, v.textures, Detail::Full);
                    }
                    // The content, dimmed, under a notice: hidden slides are not exported.
                    ui.painter()
                        .rect_filled(page_rect, 0.0, egui::Color32::from_black_alpha(110));
                    let galley = ui.painter().layout_no_wrap(
                        "Hidden \u{2014} not exported".to_owned(),
                        egui::FontId::proportional(18.0),
                        egui::Color32::WHITE,
                    );
                    let r = egui::Rect::from_center_size(
                        page_rect.center(),
                        galley.size() + egui::vec2(24.0, 12.0),
                    );
                    ui.painter()
                        .rect_filled(r, 4.0, egui::Color32::from_black_alpha(200));
                    ui.painter().galley(
                        r.min + egui::vec2(12.0, 6.0),
                        galley,
                        egui::Color32::WHITE,
                    );
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
                        for w in warnings {
                            if ui
                                .link(format!("Warning: {w}"))
                                .on_hover_text("Go to the slide")
                                .clicked()
                            {
                                if let Some(id) = w.slide_id {
                                    out.push(Action::Select(id, false));
                                }
                            }
                        }
                    });
            }
        });
    }
    (out, painted)
}
