//! A route or chain as stops on a line (a schematic, not a map), with a caption under it.

use super::line::{draw, Stop};
use super::{Canvas, Ctx};
use crate::deck::Block;
use crate::layout::page::Rect;
use crate::layout::text::Para;
use crate::layout::warning::WarningKind;

pub(super) fn lay_out(
    cx: &mut Ctx<'_>,
    c: &mut Canvas,
    title: &str,
    stops: &[Block],
    caption: &str,
) {
    let mut content = cx.header(c, title);
    let ids = super::parts::source_ids(stops.iter().map(|b| b.sources.as_slice()));
    content = cx.source_line(c, content, &ids);
    if stops.len() < 2 {
        c.warn(
            WarningKind::Empty,
            "a route needs at least two stops".to_owned(),
        );
    }
    if stops.len() > 8 {
        c.warn(
            WarningKind::Overflow,
            format!(
                "a route of {} stops is hard to read; keep it to eight or fewer",
                stops.len()
            ),
        );
    }
    // The caption takes the foot of the area.
    let t = cx.theme;
    let cap_style = cx.small(t.colors.muted);
    let cap_style = crate::layout::text::Style {
        size_pt: t.source_pt,
        ..cap_style
    };
    let mut area = content;
    if !caption.trim().is_empty() {
        let h = crate::layout::text::measure(
            cx.m,
            &[Para::new(caption.to_owned(), cap_style)],
            content.w_pt,
            1.0,
            t.sizes.line_spacing,
        );
        let rect = Rect::new(content.x_pt, content.bottom() - h, content.w_pt, h + 1.0);
        cx.flow_into(
            c,
            &[Para::new(caption.to_owned(), cap_style)],
            rect,
            "caption",
        );
        area = Rect::new(
            content.x_pt,
            content.y_pt,
            content.w_pt,
            (content.h_pt - h - t.geometry.source_gap_pt).max(0.0),
        );
    }
    let shown: Vec<Stop> = stops
        .iter()
        .map(|b| Stop {
            head: None,
            text: cx.shown(b),
        })
        .collect();
    draw(cx, c, area, &shown, 1.0);
}
