//! A section divider: a large title (and optional line under it) on the title background.

use super::{Canvas, Ctx};
use crate::fonts::FontStyle;
use crate::layout::page::Rect;
use crate::layout::text::Para;

pub(super) fn lay_out(cx: &mut Ctx<'_>, c: &mut Canvas, title: &str, subtitle: &str) {
    let t = cx.theme;
    let bh = cx.banner_h();
    let x = cx.accent_bar(c);
    let w = c.w - x - t.margins.right_pt;
    let mid = c.h * t.geometry.section_mid_ratio;
    cx.accent_rule(c, x, mid - t.geometry.accent_rule_gap_pt);
    let style = cx.style(
        t.heading_family,
        FontStyle::Bold,
        t.sizes.title_pt * 0.9,
        t.colors.title_text,
    );
    let sub = cx.style(
        t.body_family,
        FontStyle::Regular,
        t.sizes.body_pt,
        t.colors.title_text,
    );
    let mut paras = vec![Para::new(title.to_owned(), style)];
    if !subtitle.trim().is_empty() {
        paras.push(Para::new(subtitle.to_owned(), sub).space(0.6));
    }
    let area = Rect::new(x, mid, w, c.h - bh - t.margins.bottom_pt - 40.0 - mid);
    cx.flow_min(c, &paras, area, "section title", cx.theme.sizes.min_body_pt);
}
