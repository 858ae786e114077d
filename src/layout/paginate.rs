//! Pagination: text that flows on to the next page when it does not fit, for documents longer
//! than a page (notes that run long, and the memo to come). Text keeps its size; headings stay
//! with what follows, and no paragraph leaves a single line alone at the foot of a page (orphan)
//! or carries a single line alone to the top of the next (widow).

use super::page::{Item, Rect};
use super::text::{baseline_offset, line_height, push_line, wrap, Measurer, Para};

/// One page's share of the flow.
#[derive(Debug, Clone, PartialEq)]
pub struct PageFlow {
    /// Positioned text, in the coordinates of the rect it was flowed into.
    pub items: Vec<Item>,
    /// Height used, in pt.
    pub height_pt: f32,
    /// Indices of the paragraphs with at least one line on this page, in order.
    pub paras: Vec<usize>,
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
        paras: Vec::new(),
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
                if page.paras.last() != Some(&i) {
                    page.paras.push(i);
                }
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
        paras: Vec::new(),
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
    for (k, line) in b.lines[start..start + count].iter().enumerate() {
        let baseline = rect.y_pt + *y + baseline_offset(size, spacing);
        push_line(m, p, 1.0, rect.x_pt, baseline, line, start + k == 0, items);
        *y += b.line_h;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::{FontBook, FontId, FontStyle};
    use crate::layout::text::Style;
    use crate::theme::Color;

    fn style(size: f32) -> Style {
        Style {
            font: FontId::of(crate::fonts::FontFamily::Sans, FontStyle::Regular),
            size_pt: size,
            color: Color::BLACK,
        }
    }

    fn lines_per_page(flows: &[PageFlow]) -> Vec<usize> {
        flows
            .iter()
            .map(|f| {
                f.items
                    .iter()
                    .filter(|i| matches!(i, Item::Text(_)))
                    .count()
            })
            .collect()
    }

    /// 10 pt text, 1.0 spacing: every line is 10 pt high.
    fn run(paras: &[Para], page_lines: f32) -> Vec<PageFlow> {
        let book = FontBook::get().unwrap();
        let mut m = Measurer::new(book);
        let r = Rect::new(0.0, 0.0, 400.0, page_lines * 10.0);
        paginate(&mut m, paras, r, r, 1.0)
    }

    fn words(n: usize) -> String {
        // Each "word" is wide enough that 400 pt holds about five per line.
        vec!["abcdefghijk"; n].join(" ")
    }

    #[test]
    fn text_that_fits_stays_on_one_page() {
        let flows = run(&[Para::new(words(10), style(10.0))], 10.0);
        assert_eq!(flows.len(), 1);
    }

    #[test]
    fn no_single_line_is_left_at_the_foot_or_carried_to_the_top() {
        let one = Para::new(words(3), style(10.0)).space(0.0);
        // Page of 5 lines: 4 one-line paragraphs, then a long one. Only one line would be left
        // at the foot (an orphan), so the long paragraph starts on the next page.
        let mut paras = vec![one.clone(), one.clone(), one.clone(), one.clone()];
        paras.push(Para::new(words(20), style(10.0)).space(0.0));
        let flows = run(&paras, 5.0);
        assert_eq!(lines_per_page(&flows)[0], 4, "{:?}", lines_per_page(&flows));
        // A paragraph of n lines on pages of n - 1 lines: one line would be carried over alone
        // (a widow), so two go over.
        let long = Para::new(words(40), style(10.0));
        let n = lines_per_page(&run(std::slice::from_ref(&long), 100.0))[0];
        assert!(n >= 4, "{n}");
        let counts = lines_per_page(&run(&[long], (n - 1) as f32));
        assert_eq!(counts, vec![n - 2, 2]);
    }

    #[test]
    fn a_heading_stays_with_what_follows() {
        let one = Para::new(words(3), style(10.0)).space(0.0);
        let heading = Para::new("Heading", style(10.0))
            .space(0.0)
            .keep_with_next();
        // Page of 5 lines: 4 lines, then a heading that would sit alone at the foot.
        let paras = vec![
            one.clone(),
            one.clone(),
            one.clone(),
            one,
            heading,
            Para::new(words(10), style(10.0)).space(0.0),
        ];
        let flows = run(&paras, 5.0);
        assert_eq!(lines_per_page(&flows)[0], 4);
        let second_first = flows[1].items.iter().find_map(|i| match i {
            Item::Text(r) => Some(r.text.clone()),
            _ => None,
        });
        assert_eq!(second_first.as_deref(), Some("Heading"));
    }
}
