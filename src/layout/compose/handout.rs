//! Handouts: 1, 2, 3, 4 or 6 slides per portrait page, each with its number and title; with one
//! per page lines for notes below, with three per page lines or the speaker notes beside.

use super::notes::{label, note_paras, ruled_lines};
use super::{
    fit_scale, place_frame, Beside, ComposeCtx, Draft, HandoutOptions, PerPage, SheetKind,
};
use crate::fonts::{FontId, FontStyle};
use crate::layout::page::{Bookmark, Item, Page, Rect};
use crate::layout::slides::Frame;
use crate::layout::text::{flow, Style};
use crate::layout::warning::{FrameWarning, WarningKind};

pub(super) fn sheets(
    cx: &mut ComposeCtx<'_>,
    frames: &[Frame],
    opts: &HandoutOptions,
) -> (Vec<Draft>, Vec<Bookmark>) {
    let t = cx.theme;
    let g = t.geometry;
    let (w, h) = opts.paper.size_pt();
    let area = cx.paper_area(w, h);
    let (cols, rows) = match opts.per_page {
        PerPage::One => (1, 1),
        PerPage::Two => (1, 2),
        PerPage::Three => (1, 3),
        PerPage::Four => (2, 2),
        PerPage::Six => (2, 3),
    };
    let gap = g.sheet_gap_pt;
    let cell_w = (area.w_pt - (cols as f32 - 1.0) * gap) / cols as f32;
    let cell_h = (area.h_pt - (rows as f32 - 1.0) * gap) / rows as f32;
    let label_size = t.sizes.small_pt * 1.1;
    let label_h = label_size * 2.2;
    let per = opts.per_page.count();
    let total = frames.len();
    let mut drafts = Vec::new();
    let mut bookmarks = Vec::new();
    for (sheet_no, chunk) in frames.chunks(per).enumerate() {
        let mut items = Vec::new();
        let mut ids = Vec::new();
        for (k, f) in chunk.iter().enumerate() {
            let number = sheet_no * per + k + 1;
            let (col, row) = (k % cols, k / cols);
            let cell = Rect::new(
                area.x_pt + col as f32 * (cell_w + gap),
                area.y_pt + row as f32 * (cell_h + gap),
                cell_w,
                cell_h,
            );
            let beside = opts.per_page == PerPage::Three;
            let box_w = if beside { cell_w * 0.52 } else { cell_w };
            let scale = fit_scale(f, box_w, cell_h - label_h);
            let (sw, sh) = (f.width_pt * scale, f.height_pt * scale);
            let x = if beside {
                cell.x_pt
            } else {
                cell.x_pt + (cell_w - sw) / 2.0
            };
            // Slides in a grid sit in the middle of their cells, so the gaps are even.
            let y = match opts.per_page {
                PerPage::Two | PerPage::Four | PerPage::Six => {
                    cell.y_pt + ((cell_h - sh - label_h) / 2.0).max(0.0)
                }
                PerPage::One | PerPage::Three => cell.y_pt,
            };
            items.extend(place_frame(f, x, y, scale, t.colors.paper_muted));
            items.push(label(
                cx,
                &format!("{number} / {total}  {}", f.title),
                false,
                label_size,
                x,
                y + sh + label_size * 1.5,
                sw,
            ));
            if beside {
                let side = Rect::new(
                    cell.x_pt + box_w + gap,
                    cell.y_pt,
                    cell_w - box_w - gap,
                    cell_h,
                );
                match opts.beside {
                    Beside::Lines => ruled_lines(cx, side, &mut items),
                    Beside::Notes => notes_beside(cx, f, side, drafts.len(), &mut items),
                }
            } else if opts.per_page == PerPage::One {
                let top = y + sh + label_h;
                ruled_lines(
                    cx,
                    Rect::new(cell.x_pt, top, cell_w, cell.bottom() - top),
                    &mut items,
                );
            }
            bookmarks.push(Bookmark {
                title: f.title.clone(),
                page_index: drafts.len(),
            });
            ids.push(f.slide_id);
        }
        drafts.push(Draft {
            page: Page {
                width_pt: w,
                height_pt: h,
                background: t.colors.paper_background,
                items,
                slides: ids,
                overlay: Vec::new(),
            },
            kind: SheetKind::Paper,
            banner: super::DraftBanner::FromSlides,
        });
    }
    (drafts, bookmarks)
}

/// The slide's speaker notes in the box beside it, shrunk down to the small size; what still
/// does not fit is cut at the box's foot, with a warning.
fn notes_beside(
    cx: &mut ComposeCtx<'_>,
    f: &Frame,
    side: Rect,
    page_index: usize,
    items: &mut Vec<Item>,
) {
    let t = cx.theme;
    let notes = cx
        .deck
        .slide(f.slide_id)
        .map(|s| s.notes.clone())
        .unwrap_or_default();
    let style = Style {
        font: FontId::of(t.body_family, FontStyle::Regular),
        size_pt: t.geometry.paper_body_pt * 0.9,
        color: t.colors.paper_text,
    };
    let paras = note_paras(&notes, style);
    if paras.is_empty() {
        ruled_lines(cx, side, items);
        return;
    }
    let fl = flow(cx.m, &paras, side, t.sizes.small_pt, t.sizes.line_spacing);
    if fl.fits {
        items.extend(fl.items);
        return;
    }
    items.extend(fl.items.into_iter().filter(|i| match i {
        Item::Text(r) => r.baseline_pt <= side.bottom(),
        _ => true,
    }));
    cx.warnings.push((
        f.slide_id,
        page_index,
        FrameWarning {
            kind: WarningKind::Overflow,
            message: "the speaker notes do not fit beside the slide on the handout and are cut; export notes pages for the full text".to_owned(),
            chars: Vec::new(),
        },
    ));
}
