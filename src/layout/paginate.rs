//! Pagination: text that flows on to the next page when it does not fit, for documents longer
//! than a page (notes that run long, and the memo to come). Text keeps its size; headings stay
//! with what follows, and no paragraph leaves a single line alone at the foot of a page (orphan)
//! or carries a single line alone to the top of the next (widow).

use super::page::{Item, Rect};
use super::text::{baseline_offset, line_height, wrap, Measurer, Para};

/// One page's share of the flow.
#[derive(Debug, Clone, PartialEq)]
pub struct PageFlow {
    /// Positioned text, in the coordinates of the rect it was flowed into.
    pub items: Vec<Item>,
    /// Height used, in pt.
    pub height_pt: f32,
}

/// A paragraph broken into lines.
struct Lines<'p> {
    para: &'p Para,
    lines: Vec<String>,
    line_h: f32,
    space: f32,
}

/// Flows `paras` at full size into `first`, then into as many `next` rects (one per further
/// page) as needed. Always returns at least one page.
pub fn paginate(
    m: &mut Measurer<'_>,
    paras: &[Para],
    first: Rect,
    next: Rect,
    spacing: f32,
) -> Vec<PageFlow> {
    let broken: Vec<Lines<'_>> = paras
        .iter()
        .map(|p| {
            let size = p.style.size_pt;
            let width = (first.w_pt.min(next.w_pt) - p.gutter_pt(1.0)).max(size);
            let mut lines = wrap(m, p.style.font, size, &p.text, width);
            if lines.is_empty() {
                lines.push(String::new());
            }
            Lines {
                para: p,
                lines,
                line_h: line_height(size, spacing),
                space: p.space_before_em * size,
            }
        })
        .collect();
    let mut pages = vec![PageFlow {
        items: Vec::new(),
        height_pt: 0.0,
    }];
    let mut rect = first;
    let mut y = 0.0f32;
    for (i, b) in broken.iter().enumerate() {
        let mut start = 0usize;
        let n = b.lines.len();
        while start < n {
            let space = if y > 0.0 && start == 0 { b.space } else { 0.0 };
            let avail = rect.h_pt - y - space;
            let rest = n - start;
            // Lines that must land on this page together with the first one.
            let mut need = rest as f32 * b.line_h;
            if b.para.keep_with_next {
                if let Some(nx) = broken.get(i + 1) {
                    need += nx.space + nx.lines.len().min(2) as f32 * nx.line_h;
                }
            }
            let fit = ((avail + 0.01) / b.line_h).floor().max(0.0) as usize;
            let take = if need <= avail + 0.01 {
                rest
            } else if b.para.keep_with_next {
                0
            } else {
                // Split: at least two lines here (no orphan), at least two there (no widow).
                let mut k = fit.min(rest);
                if rest - k == 1 {
                    k = k.saturating_sub(1);
                }
                if k < 2 {
                    0
                } else {
                    k
                }
            };
            // Nothing fits and the page already holds something: start a new page.
            if take == 0 && y > 0.0 {
                new_page(&mut pages, &mut rect, &mut y, next);
                continue;
            }
            // An empty page that cannot hold the block as the rules want: place what fits (at
            // least one line) so the flow always advances.
            let take = if take == 0 { fit.clamp(1, rest) } else { take };
            y += space;
            let page = pages.last_mut();
            if let Some(page) = page {
                place_lines(m, b, start, take, rect, &mut y, &mut page.items);
                page.height_pt = y;
            }
            start += take;
            if start < n {
                new_page(&mut pages, &mut rect, &mut y, next);
            }
        }
    }
    pages
}

fn new_page(pages: &mut Vec<PageFlow>, rect: &mut Rect, y: &mut f32, next: Rect) {
    pages.push(PageFlow {
        items: Vec::new(),
        height_pt: 0.0,
    });
    *rect = next;
    *y = 0.0;
}

fn place_lines(
    m: &mut Measurer<'_>,
    b: &Lines<'_>,
    start: usize,
    count: usize,
    rect: Rect,
    y: &mut f32,
    items: &mut Vec<Item>,
) {
    let p = b.para;
    let size = p.style.size_pt;
    let spacing = b.line_h / size.max(0.01);
    let gutter = p.gutter_pt(1.0);
    for (k, line) in b.lines[start..start + count].iter().enumerate() {
        let baseline = rect.y_pt + *y + baseline_offset(size, spacing);
        if start + k == 0 {
            if let Some(mk) = &p.marker {
                items.push(Item::Text(m.run(
                    mk.style.font,
                    mk.style.size_pt,
                    mk.style.color,
                    rect.x_pt,
                    baseline,
                    &mk.text,
                )));
            }
        }
        if !line.is_empty() {
            items.push(Item::Text(m.run(
                p.style.font,
                size,
                p.style.color,
                rect.x_pt + gutter,
                baseline,
                line,
            )));
        }
        *y += b.line_h;
    }
}
