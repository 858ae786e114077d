//! Two viewpoints side by side, each in a panel with its holder, stance and claims.

use super::{Canvas, Ctx};
use crate::deck::Side;
use crate::fonts::FontStyle;
use crate::layout::page::Rect;
use crate::layout::text::{Para, Style};
use crate::layout::warning::WarningKind;

pub(super) fn lay_out(cx: &mut Ctx<'_>, c: &mut Canvas, title: &str, left: &Side, right: &Side) {
    let mut content = cx.header(c, title);
    let mut ids: Vec<String> = left.sources.clone();
    ids.extend(
        right
            .sources
            .iter()
            .filter(|s| !left.sources.contains(s))
            .cloned(),
    );
    content = cx.source_line(c, content, &ids);
    let gap = cx.theme.geometry.column_gap_pt;
    let col_w = (content.w_pt - gap) / 2.0;
    for (side, name) in [(left, "left"), (right, "right")] {
        if side.stance.trim().is_empty() && side.claims.iter().all(|b| b.text.trim().is_empty()) {
            c.warn(
                WarningKind::Empty,
                format!("the {name} side has neither a stance nor claims"),
            );
        }
    }
    for (k, side) in [left, right].into_iter().enumerate() {
        let x = content.x_pt + k as f32 * (col_w + gap);
        let col = Rect::new(x, content.y_pt, col_w, content.h_pt);
        column(cx, c, col, side);
    }
}

fn column(cx: &mut Ctx<'_>, c: &mut Canvas, col: Rect, side: &Side) {
    let t = cx.theme;
    let pad = t.geometry.panel_padding_pt;
    cx.panel(c, col, false);
    let inner = Rect::new(
        col.x_pt + pad,
        col.y_pt + pad,
        col.w_pt - 2.0 * pad,
        col.h_pt - pad - 12.0,
    );
    let used = cx.attribution(c, inner, side);
    let rest = Rect::new(inner.x_pt, inner.y_pt + used, inner.w_pt, inner.h_pt - used);
    let stance = cx.style(
        t.body_family,
        FontStyle::Bold,
        t.sizes.body_pt * 0.95,
        t.colors.heading,
    );
    let body = Style {
        size_pt: t.sizes.body_pt * 0.9,
        ..cx.body()
    };
    let marker = cx.style(
        t.body_family,
        FontStyle::Bold,
        t.sizes.body_pt * 0.9,
        t.colors.accent,
    );
    let mut paras = Vec::new();
    if !side.stance.trim().is_empty() {
        paras.push(Para::new(side.stance.clone(), stance));
    }
    for (i, k) in side.claims.iter().enumerate() {
        paras.push(
            Para::new(cx.shown(k), body)
                .marked("\u{2022}", marker, 1.1)
                .space(if i == 0 { 0.8 } else { 0.35 }),
        );
    }
    cx.flow_into(c, &paras, rest, "comparison column");
}
