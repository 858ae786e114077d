//! Paints the layout engine's pages with egui: the same pages the PDF writer paints.

use egui::{pos2, vec2, Color32, Pos2, Rect, Stroke, StrokeKind};

use super::fonts::family;
use crate::fonts::FontBook;
use crate::layout::{Item, Page};
use crate::theme::Color;

/// egui colour of a theme colour.
pub fn color32(c: Color) -> Color32 {
    Color32::from_rgb(c.r, c.g, c.b)
}

/// How much detail to paint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Every item, text as text (the preview).
    Full,
    /// Text smaller than a few pixels becomes grey bars (thumbnails).
    Thumbnail,
}

/// Paints `page` scaled into `rect` (which should have the page's aspect ratio).
/// `textures` holds the egui texture of each layout image, if loaded.
pub fn paint_page(
    painter: &egui::Painter,
    rect: Rect,
    page: &Page,
    textures: &[Option<egui::TextureId>],
    detail: Detail,
) {
    let painter = painter.with_clip_rect(rect);
    painter.rect_filled(rect, 0.0, color32(page.background));
    let map = Map {
        origin: rect.min,
        scale: rect.width() / page.width_pt,
    };
    paint_items(&painter, &page.items, map, textures, detail);
    paint_items(&painter, &page.overlay, map, textures, detail);
}

/// Layout pt → screen: a point (x, y) lands at `origin + scale · (x, y)`.
#[derive(Debug, Clone, Copy)]
struct Map {
    origin: Pos2,
    scale: f32,
}

impl Map {
    fn at(&self, x: f32, y: f32) -> Pos2 {
        self.origin + vec2(x * self.scale, y * self.scale)
    }

    fn rect(&self, r: &crate::layout::Rect) -> Rect {
        Rect::from_min_size(
            self.at(r.x_pt, r.y_pt),
            vec2(r.w_pt * self.scale, r.h_pt * self.scale),
        )
    }
}

/// One piece of text in one font with the start of its baseline at `origin`, turned by
/// `phi` (radians, clockwise on screen).
#[allow(clippy::too_many_arguments)]
fn text_ui(
    painter: &egui::Painter,
    book: Option<&FontBook>,
    text: &str,
    font: crate::fonts::FontId,
    size_px: f32,
    origin: egui::Pos2,
    phi: f32,
    color: egui::Color32,
) {
    let ascent_px = book
        .map(|b| b.ascender_pt(font, size_px))
        .unwrap_or(size_px * 0.9);
    let galley = painter.layout_no_wrap(
        text.to_owned(),
        egui::FontId::new(size_px, family(font)),
        color,
    );
    if phi == 0.0 {
        painter.galley(origin - vec2(0.0, ascent_px), galley, color);
    } else {
        // egui turns clockwise about the galley's top-left; the run turns counter-clockwise
        // about the start of its baseline.
        let pos = origin + vec2(ascent_px * phi.sin(), -ascent_px * phi.cos());
        painter.add(egui::epaint::TextShape::new(pos, galley, color).with_angle(phi));
    }
}

fn paint_items(
    painter: &egui::Painter,
    items: &[Item],
    map: Map,
    textures: &[Option<egui::TextureId>],
    detail: Detail,
) {
    let scale = map.scale;
    let book = FontBook::get().ok();
    for item in items {
        match item {
            Item::Text(run) => {
                let size_px = run.size_pt * scale;
                let color = if run.alpha < 1.0 {
                    color32(run.color).gamma_multiply(run.alpha.max(0.0))
                } else {
                    color32(run.color)
                };
                if detail == Detail::Thumbnail && size_px < 4.0 {
                    let top = map.at(run.x_pt, run.baseline_pt - run.size_pt * 0.6);
                    let bar = Rect::from_min_size(
                        top,
                        vec2(run.width_pt * scale, (size_px * 0.55).max(0.6)),
                    );
                    painter.rect_filled(bar, 0.0, color.gamma_multiply(0.55));
                    continue;
                }
                let origin = map.at(run.x_pt, run.baseline_pt);
                let phi = -run.angle_deg.to_radians();
                match &run.complex {
                    None => text_ui(
                        painter, book, &run.text, run.font, size_px, origin, phi, color,
                    ),
                    // Arabic and Hebrew: each segment of the shaped line at its place, so
                    // the preview keeps the PDF's order and widths.
                    Some(line) => {
                        for seg in &line.segments {
                            let along = seg.x_pt * scale;
                            let at = origin + vec2(along * phi.cos(), along * phi.sin());
                            let text = seg.painter_text();
                            text_ui(painter, book, &text, seg.font, size_px, at, phi, color);
                        }
                    }
                }
            }
            Item::Rect {
                rect: r,
                fill,
                stroke,
            } => {
                let r = map.rect(r);
                if let Some(f) = fill {
                    painter.rect_filled(r, 0.0, color32(*f));
                }
                if let Some((c, w)) = stroke {
                    painter.rect_stroke(
                        r,
                        0.0,
                        Stroke::new((w * scale).max(0.5), color32(*c)),
                        StrokeKind::Inside,
                    );
                }
            }
            Item::Line {
                from,
                to,
                color,
                width_pt,
            } => {
                painter.line_segment(
                    [map.at(from.0, from.1), map.at(to.0, to.1)],
                    Stroke::new((width_pt * scale).max(0.5), color32(*color)),
                );
            }
            Item::Image { rect: r, image } => {
                let r = map.rect(r);
                match textures.get(*image).copied().flatten() {
                    Some(tex) => {
                        painter.image(
                            tex,
                            r,
                            Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)),
                            Color32::WHITE,
                        );
                    }
                    None => {
                        painter.rect_filled(r, 0.0, Color32::from_gray(128));
                    }
                }
            }
            Item::Link { .. } => {}
            Item::Group {
                transform,
                size_pt,
                items,
            } => {
                let inner = Map {
                    origin: map.at(transform.dx_pt, transform.dy_pt),
                    scale: scale * transform.scale,
                };
                let clip = Rect::from_min_size(
                    inner.origin,
                    vec2(size_pt.0 * inner.scale, size_pt.1 * inner.scale),
                );
                let clipped = painter.with_clip_rect(painter.clip_rect().intersect(clip));
                paint_items(&clipped, items, inner, textures, detail);
            }
        }
    }
}

/// The largest rect with the page's aspect ratio centred in `avail`.
pub fn fit(avail: Rect, page_w: f32, page_h: f32) -> Rect {
    let aspect = page_w / page_h.max(1.0);
    let mut size = vec2(avail.width(), avail.width() / aspect);
    if size.y > avail.height() {
        size = vec2(avail.height() * aspect, avail.height());
    }
    Rect::from_center_size(avail.center(), size)
}
