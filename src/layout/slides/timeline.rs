//! Dated facts in date order, with the dates in a gutter and a rule beside them.

use super::line::{draw, Stop};
use super::{Canvas, Ctx};
use crate::deck::{TimelineEntry, TimelineStyle};
use crate::fonts::FontStyle;
use crate::layout::page::Item;
use crate::layout::text::{flow, Para, Style};
use crate::layout::warning::WarningKind;

pub(super) fn lay_out(
    cx: &mut Ctx<'_>,
    c: &mut Canvas,
    title: &str,
    entries: &[TimelineEntry],
    style: TimelineStyle,
) {
    let mut content = cx.header(c, title);
    let mut sorted = entries.to_vec();
    sorted.sort_by_key(|e| e.date);
    let mut uniq: Vec<String> = Vec::new();
    for id in sorted.iter().flat_map(|e| e.sources.iter()) {
        if !uniq.contains(id) {
            uniq.push(id.clone());
        }
    }
    content = cx.source_line(c, content, &uniq);
    let t = cx.theme;
    if sorted.is_empty() {
        c.warn(WarningKind::Empty, "the timeline has no entries".to_owned());
        return;
    }
    if style == TimelineStyle::Line {
        // Dates on a line: entries of one date share its stop.
        let mut stops: Vec<Stop> = Vec::new();
        for (i, e) in sorted.iter().enumerate() {
            let text = cx.shown(&e.block());
            if i > 0 && sorted[i - 1].date == e.date {
                if let Some(last) = stops.last_mut() {
                    last.text.push_str(" \u{00b7} ");
                    last.text.push_str(&text);
                }
                continue;
            }
            stops.push(Stop {
                head: Some(e.date.long()),
                text,
            });
        }
        if stops.len() > 7 {
            c.warn(
                WarningKind::Overflow,
                format!(
                    "a timeline of {} dates is crowded on a line; use the list style or split it",
                    stops.len()
                ),
            );
        }
        draw(cx, c, content, &stops, 0.8);
        return;
    }
    let date_style = cx.style(
        t.body_family,
        FontStyle::Bold,
        t.sizes.body_pt * 0.85,
        t.colors.accent,
    );
    let text_style = Style {
        size_pt: t.sizes.body_pt * 0.85,
        ..cx.body()
    };
    let widest = sorted
        .iter()
        .map(|e| {
            cx.m.width(date_style.font, date_style.size_pt, &e.date.long())
        })
        .fold(0.0f32, f32::max);
    let gutter = t.geometry.timeline_gutter_pt;
    let gutter_em = (widest + gutter) / text_style.size_pt;
    let paras: Vec<Para> = sorted
        .iter()
        .enumerate()
        .map(|(i, e)| {
            // A date shared with the entry above is not repeated: the entries group under it.
            let same = i > 0 && sorted[i - 1].date == e.date;
            let date = if same { String::new() } else { e.date.long() };
            Para::new(cx.shown(&e.block()), text_style)
                .marked(date, date_style, gutter_em)
                .space(match (i, same) {
                    (0, _) => 0.0,
                    (_, true) => 0.3,
                    (_, false) => 0.75,
                })
        })
        .collect();
    let f = flow(
        cx.m,
        &paras,
        content,
        t.sizes.min_body_pt,
        t.sizes.line_spacing,
    );
    let line_x = content.x_pt + gutter_em * text_style.size_pt * f.scale - gutter / 2.0 * f.scale;
    c.items.push(Item::Line {
        from: (line_x, content.y_pt),
        to: (line_x, content.y_pt + f.height_pt),
        color: t.colors.accent,
        width_pt: 1.0,
    });
    if !f.fits {
        c.warn(
            WarningKind::Overflow,
            format!(
                "the timeline does not fit even at {} pt; remove entries or split it into two slides",
                t.sizes.min_body_pt
            ),
        );
    }
    c.items.extend(f.items);
}
