//! An attributed viewpoint: holder, details and date, an optional quotation panel, and claims.

use super::{Canvas, Ctx};
use crate::deck::{Block, Side, Speaker};
use crate::fonts::FontStyle;
use crate::layout::page::Rect;
use crate::layout::text::{line_height, wrap, Para};
use crate::layout::warning::WarningKind;
use crate::library::Date;

/// What a viewpoint slide shows.
pub(super) struct View<'a> {
    pub title: &'a str,
    pub speaker: &'a Speaker,
    pub claims: &'a [Block],
    pub quote: Option<&'a Block>,
    pub date: Option<Date>,
    pub sources: &'a [String],
}

pub(super) fn lay_out(cx: &mut Ctx<'_>, c: &mut Canvas, v: View<'_>) {
    let mut content = cx.header(c, v.title);
    content = cx.source_line(c, content, v.sources);
    let side = Side {
        item: None,
        speaker: v.speaker.clone(),
        stance: String::new(),
        claims: Vec::new(),
        date: v.date,
        sources: Vec::new(),
    };
    let used = cx.attribution(c, content, &side);
    let mut rest = Rect::new(
        content.x_pt,
        content.y_pt + used,
        content.w_pt,
        content.h_pt - used,
    );
    if let Some(q) = v.quote.filter(|q| !q.text.trim().is_empty()) {
        let qh = quote_panel(cx, c, rest, q);
        rest = Rect::new(rest.x_pt, rest.y_pt + qh, rest.w_pt, rest.h_pt - qh);
    }
    let quote_empty = v.quote.is_none_or(|q| q.text.trim().is_empty());
    if quote_empty && v.claims.iter().all(|b| b.text.trim().is_empty()) {
        c.warn(
            WarningKind::Empty,
            "the viewpoint has neither claims nor a quotation".to_owned(),
        );
    }
    let paras = cx.bullets(v.claims, 0.0, 0.35);
    cx.flow_into(c, &paras, rest, "claims");
}

/// A quotation panel in typographic quotes; returns the height used.
fn quote_panel(cx: &mut Ctx<'_>, c: &mut Canvas, area: Rect, quote: &Block) -> f32 {
    let t = cx.theme;
    let g = t.geometry;
    let style = cx.style(
        t.quote_family,
        FontStyle::Italic,
        t.sizes.quote_pt,
        t.colors.text,
    );
    let mark = quote
        .mark
        .as_ref()
        .filter(|_| cx.deck.meta.markings.portion_labels)
        .map(|m| format!("({m}) "))
        .unwrap_or_default();
    let text = format!("{mark}\u{201c}{}\u{201d}", quote.text.trim());
    let inner_w = area.w_pt - 2.0 * (g.quote_inset_pt - 2.0);
    let lines = wrap(cx.m, style.font, style.size_pt, &text, inner_w);
    let h = lines.len() as f32 * line_height(style.size_pt, t.sizes.line_spacing)
        + 2.0 * g.quote_padding_pt;
    let h = h.min(area.h_pt * g.quote_max_ratio);
    cx.panel(c, Rect::new(area.x_pt, area.y_pt, area.w_pt, h), true);
    let inner = Rect::new(
        area.x_pt + g.quote_inset_pt,
        area.y_pt + g.quote_padding_pt,
        inner_w,
        h - 2.0 * g.quote_padding_pt,
    );
    cx.flow_into(c, &[Para::new(text, style)], inner, "quotation");
    h + g.content_gap_pt + 2.0
}
