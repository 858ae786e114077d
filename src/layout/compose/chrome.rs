//! The chrome stamped on every sheet last: marking banners top and bottom, the footer (deck
//! title and date, distribution line, "N / total" of the output) and the theme logo.

use super::{ComposeCtx, SheetKind};
use crate::fonts::{FontId, FontStyle};
use crate::layout::page::{Item, Page, Rect};
use crate::layout::text::ellipsize;
use crate::layout::warning::{Warning, WarningKind};

/// Chrome state for one output: the logo is loaded once, its failure reported once.
pub(super) struct Chrome {
    logo: Option<Result<usize, String>>,
    warnings: Vec<Warning>,
    banner_cut: bool,
}

impl Chrome {
    pub fn new(cx: &mut ComposeCtx<'_>) -> Chrome {
        let logo = cx.theme.logo.as_ref().map(|p| cx.images.load(p));
        let mut warnings = Vec::new();
        if let (Some(Err(why)), Some(path)) = (&logo, &cx.theme.logo) {
            warnings.push(Warning {
                slide_id: None,
                slide: None,
                page: None,
                kind: WarningKind::Image,
                message: format!(
                    "theme logo `{}` {why}; fix the `logo` path in the theme file",
                    path.display()
                ),
            });
        }
        Chrome {
            logo,
            warnings,
            banner_cut: false,
        }
    }

    pub fn into_warnings(self) -> Vec<Warning> {
        self.warnings
    }

    /// Stamps banners, footer, page number and logo on `page` (number is 1-based).
    pub fn stamp(
        &mut self,
        cx: &mut ComposeCtx<'_>,
        page: &mut Page,
        kind: SheetKind,
        banner: Option<crate::marking::Banner>,
        number: usize,
        total: usize,
    ) {
        let t = cx.theme;
        let (w, h) = (page.width_pt, page.height_pt);
        let bh = cx.banner_h();
        let (left_m, right_m, top_m, bottom_m) = match kind {
            SheetKind::Slide { .. } => (
                t.margins.left_pt,
                t.margins.right_pt,
                t.margins.top_pt,
                t.margins.bottom_pt,
            ),
            SheetKind::Paper => {
                let m = t.geometry.paper_margin_pt;
                (m, m, m, m)
            }
        };
        if let Some(Ok(idx)) = self.logo {
            if let Some(img) = cx.images.images.get(idx) {
                let lh = t.geometry.logo_height_pt.min(top_m * 0.8);
                let lw = lh * img.width_px as f32 / img.height_px.max(1) as f32;
                page.items.push(Item::Image {
                    rect: Rect::new(w - right_m - lw, bh + (top_m - lh) / 2.0, lw, lh),
                    image: idx,
                });
            }
        }
        if let (true, Some(banner)) = (bh > 0.0, banner) {
            let marking = banner.text;
            // A level of the scheme brings its own colours; a free-text marking uses the theme's.
            let (band, ink) = banner
                .colors
                .unwrap_or((t.colors.banner_background, t.colors.banner_text));
            let font = FontId::of(t.body_family, FontStyle::Bold);
            let room = w - 2.0 * left_m;
            // A long marking first shrinks (down to 60 % of the banner size), then is cut.
            let full = (bh * 0.55).min(12.0);
            let natural = cx.m.width(font, full, &marking);
            let size = if natural > room {
                (full * room / natural * 0.98).max(full * 0.6)
            } else {
                full
            };
            let shown = ellipsize(cx.m, font, size, &marking, room);
            let width = cx.m.width(font, size, &shown);
            if natural > room && !self.banner_cut {
                self.banner_cut = true;
                let message = if shown == marking {
                    "the marking is too long for the banner and is printed smaller; shorten it in the deck settings"
                } else {
                    "the marking is too long for the banner even printed smaller, and is cut with an ellipsis; shorten it in the deck settings"
                };
                self.warnings.push(Warning {
                    slide_id: None,
                    slide: None,
                    page: Some(number),
                    kind: if shown == marking {
                        WarningKind::Cut
                    } else {
                        WarningKind::BannerCut
                    },
                    message: message.to_owned(),
                });
            }
            // An outlined banner (print themes) keeps the theme's paper and ink and takes the
            // level's colour for its frame.
            let (fill, stroke, ink) = if t.banner_outline {
                let frame = if banner.colors.is_some() {
                    band
                } else {
                    t.colors.banner_text
                };
                (
                    t.colors.banner_background,
                    Some((frame, 1.5)),
                    t.colors.banner_text,
                )
            } else {
                (band, None, ink)
            };
            for y in [0.0, h - bh] {
                if t.banner_outline {
                    page.items.push(Item::Rect {
                        rect: Rect::new(1.0, y + 1.0, w - 2.0, bh - 2.0),
                        fill: Some(fill),
                        stroke,
                    });
                } else {
                    page.items.push(Item::Rect {
                        rect: Rect::new(0.0, y, w, bh),
                        fill: Some(fill),
                        stroke: None,
                    });
                }
                let baseline = y + bh / 2.0 + size * 0.36;
                let run =
                    cx.m.run(font, size, ink, (w - width) / 2.0, baseline, &shown);
                page.items.push(Item::Text(run));
            }
        }
        let (color, rule) = match kind {
            SheetKind::Slide { dark: true } => (t.colors.title_text, false),
            SheetKind::Slide { dark: false } => (t.colors.muted, t.footer_rule),
            SheetKind::Paper => (t.colors.paper_muted, true),
        };
        let size = t.sizes.small_pt;
        let font = FontId::of(t.body_family, FontStyle::Regular);
        let baseline = h - bh - bottom_m * 0.55;
        let left_x = left_m;
        let right_edge = w - right_m;
        if rule {
            let y = baseline - size * 1.6;
            page.items.push(Item::Line {
                from: (left_x, y),
                to: (right_edge, y),
                color,
                width_pt: 0.5,
            });
        }
        let meta = &cx.deck.meta;
        // The date is kept whole; the title gives way when space is short.
        let date = meta
            .date
            .map(|d| format!("  \u{00b7}  {}", d.long()))
            .unwrap_or_default();
        let num = format!("{number} / {total}");
        let num_w = cx.m.width(font, size, &num);
        let gap = 18.0;
        let max_dist = (right_edge - left_x) * 0.4;
        let dist = ellipsize(cx.m, font, size, meta.distribution.trim(), max_dist);
        let dist_w = if dist.is_empty() {
            0.0
        } else {
            cx.m.width(font, size, &dist) + gap
        };
        let max_left = right_edge - left_x - num_w - dist_w - gap;
        let date_w = cx.m.width(font, size, &date);
        let title = ellipsize(cx.m, font, size, &meta.title, (max_left - date_w).max(0.0));
        let left = format!("{title}{date}");
        let run = cx.m.run(font, size, color, left_x, baseline, &left);
        page.items.push(Item::Text(run));
        if !dist.is_empty() {
            let run = cx.m.run(
                font,
                size,
                color,
                right_edge - num_w - dist_w,
                baseline,
                &dist,
            );
            page.items.push(Item::Text(run));
        }
        let run =
            cx.m.run(font, size, color, right_edge - num_w, baseline, &num);
        page.items.push(Item::Text(run));
        self.stamp_copy_line(cx, page, color, left_m, right_m, bh + top_m * 0.4);
        if cx.deck.meta.markings.draft {
            stamp_draft(cx, page);
        }
    }

    /// In the top margin, left: "Control no. X · Version Y" (the same in every copy, so part
    /// of the page) and, on its own line below, "Copy N of M — recipient" (the page's overlay,
    /// the only part that differs between numbered copies).
    fn stamp_copy_line(
        &mut self,
        cx: &mut ComposeCtx<'_>,
        page: &mut Page,
        color: crate::theme::Color,
        left_m: f32,
        right_m: f32,
        baseline: f32,
    ) {
        let s = &cx.deck.meta.markings;
        let mut parts = Vec::new();
        if !s.control_number.trim().is_empty() {
            parts.push(format!("Control no. {}", s.control_number.trim()));
        }
        if !s.version.trim().is_empty() {
            parts.push(format!("Version {}", s.version.trim()));
        }
        let t = cx.theme;
        let font = FontId::of(t.body_family, FontStyle::Bold);
        let size = t.sizes.small_pt;
        // The logo sits at the right of the top margin: these lines keep to the left 60 %.
        let room = (page.width_pt - left_m - right_m) * 0.6;
        let mut y = baseline;
        if !parts.is_empty() {
            let line = ellipsize(cx.m, font, size, &parts.join("  \u{00b7}  "), room);
            let run = cx.m.run(font, size, color, left_m, y, &line);
            page.items.push(Item::Text(run));
            y += size * 1.3;
        }
        if let Some(c) = cx.copy {
            let line = ellipsize(cx.m, font, size, &c.line(), room);
            let run = cx.m.run(font, size, color, left_m, y, &line);
            page.overlay.push(Item::Text(run));
        }
    }
}

/// Light diagonal DRAFT across the page, drawn over the content half-transparent.
fn stamp_draft(cx: &mut ComposeCtx<'_>, page: &mut Page) {
    let (w, h) = (page.width_pt, page.height_pt);
    let font = FontId::of(cx.theme.body_family, FontStyle::Bold);
    let diagonal = (w * w + h * h).sqrt();
    let angle_rad = (h / w).atan();
    let natural = cx.m.width(font, 100.0, "DRAFT");
    let size = (100.0 * diagonal * 0.55 / natural.max(1.0)).min(h * 0.6);
    let mut run = cx.m.run(
        font,
        size,
        crate::theme::Color {
            r: 0x9a,
            g: 0x9a,
            b: 0x9a,
        },
        0.0,
        0.0,
        "DRAFT",
    );
    // Centre the word on the page: its baseline's middle sits below the centre by a third of
    // the cap height, along the rising diagonal.
    let (cx_pt, cy_pt) = (w / 2.0, h / 2.0);
    let half = run.width_pt / 2.0;
    let drop = size * 0.35;
    let (sin, cos) = angle_rad.sin_cos();
    // In page coordinates y grows downwards, so a rising line goes to smaller y.
    run.x_pt = cx_pt - half * cos + drop * sin;
    run.baseline_pt = cy_pt + half * sin + drop * cos;
    run.angle_deg = angle_rad.to_degrees();
    run.alpha = 0.22;
    page.items.push(Item::Text(run));
}
