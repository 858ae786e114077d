//! Key figures: two to four large numbers side by side, each with what it counts below it, and
//! the slide's source line. The numbers share one size: the largest (up to the theme's title
//! size × 1.6) at which the widest fits its column.

use super::{Canvas, Ctx};
use crate::deck::KeyFigure;
use crate::fonts::FontStyle;
use crate::layout::page::Rect;
use crate::layout::text::Para;
use crate::layout::warning::WarningKind;

pub(super) fn lay_out(cx: &mut Ctx<'_>, c: &mut Canvas, title: &str, figures: &[KeyFigure]) {
    let mut content = cx.header(c, title);
    let ids = super::parts::source_ids(figures.iter().map(|f| f.sources.as_slice()));
    content = cx.source_line(c, content, &ids);
    let shown: Vec<&KeyFigure> = figures.iter().take(4).collect();
    if shown.is_empty() {
        c.warn(WarningKind::Empty, "the slide has no figures".to_owned());
        return;
    }
    if figures.len() > 4 {
        c.warn(
            WarningKind::Overflow,
            format!(
                "a key-figures slide shows up to four figures; {} are not shown \u{2014} split the slide (\u{201c}Split slide\u{201d} in the editor)",
                figures.len() - 4
            ),
        );
    }
    let t = cx.theme;
    let g = t.geometry;
    let n = shown.len() as f32;
    let gap = g.column_gap_pt * 1.5;
    let col_w = (content.w_pt - (n - 1.0) * gap) / n;
    let font = crate::fonts::FontId::of(t.heading_family, FontStyle::Bold);
    // One size for every number on the slide.
    let widest = shown
        .iter()
        .map(|f| cx.m.width(font, 100.0, f.value.trim()))
        .fold(0.0f32, f32::max);
    let max_size = t.sizes.title_pt * 1.6;
    let size = if widest > 0.0 {
        (100.0 * col_w * 0.95 / widest).min(max_size)
    } else {
        max_size
    };
    let label = cx.body();
    // Measure the tallest label to balance the block of figures on the page.
    let label_h = shown
        .iter()
        .map(|f| {
            let p = [Para::new(label_text(cx, f), label)];
            crate::layout::text::measure(cx.m, &p, col_w, 1.0, t.sizes.line_spacing)
        })
        .fold(0.0f32, f32::max);
    let value_h = size * 1.15;
    let block_h = value_h + size * 0.25 + label_h;
    let free = (content.h_pt - block_h).max(0.0);
    let top = content.y_pt + free * g.balance_ratio;
    for (i, f) in shown.iter().enumerate() {
        let x = content.x_pt + i as f32 * (col_w + gap);
        let run = cx.m.run(
            font,
            size,
            t.colors.accent,
            x,
            top + size * 0.95,
            f.value.trim(),
        );
        c.items.push(crate::layout::page::Item::Text(run));
        let rect = Rect::new(x, top + value_h + size * 0.25, col_w, label_h.max(1.0));
        cx.flow_into(
            c,
            &[Para::new(label_text(cx, f), label)],
            rect,
            "figure label",
        );
    }
}

/// The label under a number, with its portion mark when the deck shows them and its citation
/// mark.
fn label_text(cx: &Ctx<'_>, f: &KeyFigure) -> String {
    let b = crate::deck::Block {
        text: f.text.clone(),
        mark: f.mark.clone(),
        sources: f.sources.clone(),
    };
    cx.shown(&b)
}
