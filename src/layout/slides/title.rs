//! The title slide: deck title, subtitle, author, organisation, date and audience.

use super::{Canvas, Ctx};
use crate::fonts::FontStyle;
use crate::layout::page::Rect;
use crate::layout::text::Para;

pub(super) fn lay_out(cx: &mut Ctx<'_>, c: &mut Canvas) {
    let t = cx.theme;
    let meta = cx.deck.meta.clone();
    let bh = cx.banner_h();
    let x = cx.accent_bar(c);
    let w = c.w - x - t.margins.right_pt;
    let top = bh + t.margins.top_pt + (c.h - 2.0 * bh) * t.geometry.title_top_ratio;
    let bottom = c.h - bh - t.margins.bottom_pt - t.sizes.small_pt * 3.0;
    let cover = cover_lines(cx);
    let cover_size = t.sizes.small_pt * 1.1;
    let cover_h = cover.len() as f32 * cover_size * 1.4;
    // The cover marking takes the foot of the slide; the details keep what is above it.
    let bottom_info = bottom
        - if cover.is_empty() {
            0.0
        } else {
            cover_h + cover_size
        };
    let title_style = cx.style(
        t.heading_family,
        FontStyle::Bold,
        t.sizes.title_pt,
        t.colors.title_text,
    );
    let sub_style = cx.style(
        t.body_family,
        FontStyle::Regular,
        t.sizes.body_pt * 1.15,
        t.colors.title_text,
    );
    let title = if meta.title.trim().is_empty() {
        "Untitled briefing".to_owned()
    } else {
        meta.title.clone()
    };
    let mut paras = vec![Para::new(title, title_style)];
    if !meta.subtitle.trim().is_empty() {
        paras.push(Para::new(meta.subtitle.clone(), sub_style).space(0.6));
    }
    let g = t.geometry;
    let area = Rect::new(x, top, w, (bottom - top) * g.title_block_ratio);
    let used = cx.flow_min(c, &paras, area, "title", cx.theme.sizes.min_body_pt);
    let y = top + used + g.accent_rule_gap_pt;
    cx.accent_rule(c, x, y);
    let info_style = cx.style(
        t.body_family,
        FontStyle::Regular,
        t.sizes.body_pt * 0.85,
        t.colors.title_text,
    );
    let bold = cx.style(
        t.body_family,
        FontStyle::Bold,
        t.sizes.body_pt * 0.85,
        t.colors.title_text,
    );
    let mut info = Vec::new();
    let by: Vec<&str> = [meta.author.as_str(), meta.organisation.as_str()]
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .collect();
    if !by.is_empty() {
        info.push(Para::new(by.join(", "), bold).space(0.3));
    }
    if let Some(d) = meta.date {
        info.push(Para::new(d.long(), info_style).space(0.3));
    }
    if !meta.audience.trim().is_empty() {
        info.push(Para::new(format!("Prepared for: {}", meta.audience), info_style).space(0.3));
    }
    if !info.is_empty() {
        let r = Rect::new(
            x,
            y + g.title_info_gap_pt,
            w,
            bottom_info - y - g.title_info_gap_pt,
        );
        cx.flow_min(
            c,
            &info,
            r,
            "block of title details",
            cx.theme.sizes.min_body_pt,
        );
    }
    if !cover.is_empty() {
        let mut paras = Vec::new();
        for (i, line) in cover.into_iter().enumerate() {
            let style = cx.style(
                t.body_family,
                if i == 0 {
                    FontStyle::Bold
                } else {
                    FontStyle::Regular
                },
                cover_size,
                t.colors.title_text,
            );
            paras.push(Para::new(line, style).space(0.0));
        }
        let r = Rect::new(x, bottom - cover_h, w, cover_h + cover_size);
        cx.flow_min(c, &paras, r, "cover marking", cx.theme.sizes.min_body_pt);
    }
}

/// The cover marking block: the document's highest mark, then (for schemes with classifier
/// lines) "Classified by", "Derived from" and "Declassify on" as filled in. Empty when the
/// deck is not portion-marked and has no classifier lines.
fn cover_lines(cx: &Ctx<'_>) -> Vec<String> {
    let s = &cx.deck.meta.markings;
    let with_lines = cx.plan.scheme.classifier_lines && s.has_classifier_lines();
    if !(cx.plan.portion_marked || with_lines) {
        return Vec::new();
    }
    let Some(overall) = cx.plan.overall() else {
        return Vec::new();
    };
    let mut lines = vec![format!("Document marking: {}", overall.text)];
    if with_lines {
        for (label, value) in [
            ("Classified by", &s.classified_by),
            ("Derived from", &s.derived_from),
            ("Declassify on", &s.declassify_on),
        ] {
            if !value.trim().is_empty() {
                lines.push(format!("{label}: {}", value.trim()));
            }
        }
    }
    lines
}
