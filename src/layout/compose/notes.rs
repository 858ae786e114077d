//! Notes pages: each slide scaled on the upper part of a portrait page, its speaker notes below,
//! flowing on to continuation pages when long; ruled lines when a slide has no notes.

use super::{fit_scale, place_frame, ComposeCtx, Draft, Paper, SheetKind};
use crate::fonts::{FontId, FontStyle};
use crate::layout::page::{Bookmark, Item, Page, Rect};
use crate::layout::paginate::paginate;
use crate::layout::slides::Frame;
use crate::layout::text::{ellipsize, Para, Style};

/// Speaker notes as paragraphs: one per non-empty line.
pub(super) fn note_paras(notes: &str, style: Style) -> Vec<Para> {
    notes
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| Para::new(l.to_owned(), style).space(0.55))
        .collect()
}

/// Ruled lines for handwriting across `area`.
pub(super) fn ruled_lines(cx: &ComposeCtx<'_>, area: Rect, items: &mut Vec<Item>) {
    let gap = cx.theme.geometry.note_line_gap_pt;
    let mut y = area.y_pt + gap;
    while y <= area.bottom() + 0.01 {
        items.push(Item::Line {
            from: (area.x_pt, y),
            to: (area.right(), y),
            color: cx.theme.colors.paper_muted,
            width_pt: 0.4,
        });
        y += gap;
    }
}

/// A one-line label in the paper colours, cut to `max_w`.
pub(super) fn label(
    cx: &mut ComposeCtx<'_>,
    text: &str,
    bold: bool,
    size: f32,
    x: f32,
    baseline: f32,
    max_w: f32,
) -> Item {
    let t = cx.theme;
    let weight = if bold {
        FontStyle::Bold
    } else {
        FontStyle::Regular
    };
    let font = FontId::of(t.body_family, weight);
    let shown = ellipsize(cx.m, font, size, text, max_w);
    Item::Text(cx.m.run(font, size, t.colors.paper_text, x, baseline, &shown))
}

pub(super) fn sheets(
    cx: &mut ComposeCtx<'_>,
    frames: &[Frame],
    paper: Paper,
) -> (Vec<Draft>, Vec<Bookmark>) {
    let t = cx.theme;
    let (w, h) = paper.size_pt();
    let area = cx.paper_area(w, h);
    let g = t.geometry;
    let text_style = Style {
        font: FontId::of(t.body_family, FontStyle::Regular),
        size_pt: g.paper_body_pt,
        color: t.colors.paper_text,
    };
    let head_size = g.paper_body_pt * 1.05;
    let total = frames.len();
    let mut drafts = Vec::new();
    let mut bookmarks = Vec::new();
    for (i, f) in frames.iter().enumerate() {
        let notes = cx
            .deck
            .slide(f.slide_id)
            .map(|s| s.notes.clone())
            .unwrap_or_default();
        let scale = fit_scale(f, area.w_pt, h * g.notes_slide_ratio);
        let sw = f.width_pt * scale;
        let x = area.x_pt + (area.w_pt - sw) / 2.0;
        let mut items: Vec<Item> = place_frame(f, x, area.y_pt, scale, t.colors.paper_muted).into();
        let slide_bottom = area.y_pt + f.height_pt * scale;
        let title = format!("Slide {} of {total} \u{00b7} {}", i + 1, f.title);
        items.push(label(
            cx,
            &title,
            true,
            head_size,
            area.x_pt,
            slide_bottom + head_size * 2.0,
            area.w_pt,
        ));
        let text_top = slide_bottom + head_size * 3.2;
        let first = Rect::new(area.x_pt, text_top, area.w_pt, area.bottom() - text_top);
        let cont_top = area.y_pt + head_size * 2.4;
        let next = Rect::new(area.x_pt, cont_top, area.w_pt, area.bottom() - cont_top);
        let paras = note_paras(&notes, text_style);
        bookmarks.push(Bookmark {
            title: f.title.clone(),
            page_index: drafts.len(),
        });
        if paras.is_empty() {
            ruled_lines(cx, first, &mut items);
            drafts.push(paper_draft(w, h, t.colors.paper_background, items, f));
            continue;
        }
        let flows = paginate(cx.m, &paras, first, next, t.sizes.line_spacing);
        for (k, fl) in flows.into_iter().enumerate() {
            if k > 0 {
                items = vec![label(
                    cx,
                    &format!("{title} \u{2014} notes continued"),
                    true,
                    head_size,
                    area.x_pt,
                    area.y_pt + head_size,
                    area.w_pt,
                )];
            }
            items.extend(fl.items);
            drafts.push(paper_draft(
                w,
                h,
                t.colors.paper_background,
                std::mem::take(&mut items),
                f,
            ));
        }
    }
    (drafts, bookmarks)
}

fn paper_draft(w: f32, h: f32, bg: crate::theme::Color, items: Vec<Item>, f: &Frame) -> Draft {
    Draft {
        page: Page {
            width_pt: w,
            height_pt: h,
            background: bg,
            items,
            slides: vec![f.slide_id],
            overlay: Vec::new(),
        },
        kind: SheetKind::Paper,
        banner: super::DraftBanner::FromSlides,
    }
}
