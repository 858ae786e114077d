//! Stops on a horizontal line: the drawing shared by route diagrams and line timelines. Each
//! stop is a marker on the line; its label (an optional bold head, e.g. a date, then text)
//! stands above or below the line, alternately, so neighbours have twice the room.

use super::{Canvas, Ctx};
use crate::fonts::FontStyle;
use crate::layout::page::{Item, Rect};
use crate::layout::text::{measure, Para};

/// One stop: an optional head (a date) and its text.
pub(super) struct Stop {
    pub head: Option<String>,
    pub text: String,
}

/// Draws `stops` across `area` with labels at `scale` × the body size; returns the height used.
pub(super) fn draw(
    cx: &mut Ctx<'_>,
    c: &mut Canvas,
    area: Rect,
    stops: &[Stop],
    scale: f32,
) -> f32 {
    let t = cx.theme;
    let n = stops.len().max(1) as f32;
    let spacing = area.w_pt / n;
    let gap = t.geometry.column_gap_pt;
    // Each label owns the span from halfway to its left neighbour on the same side to halfway
    // to its right one (two stop spacings), cut to the area: labels never overlap.
    let first_x = area.x_pt + spacing / 2.0;
    let span = |i: usize| -> (f32, f32) {
        let x = first_x + i as f32 * spacing;
        let left = (x - spacing + gap / 2.0).max(area.x_pt);
        let right = (x + spacing - gap / 2.0).min(area.right());
        (left, (right - left).max(1.0))
    };
    let text = crate::layout::text::Style {
        size_pt: t.sizes.body_pt * scale,
        ..cx.body()
    };
    let head = cx.style(
        t.body_family,
        FontStyle::Bold,
        t.sizes.body_pt * scale,
        t.colors.accent,
    );
    let paras_of = |s: &Stop| -> Vec<Para> {
        let mut p = Vec::new();
        if let Some(h) = &s.head {
            p.push(Para::new(h.clone(), head));
        }
        p.push(Para::new(s.text.clone(), text).space(0.2));
        p
    };
    let heights: Vec<f32> = stops
        .iter()
        .enumerate()
        .map(|(i, s)| measure(cx.m, &paras_of(s), span(i).1, 1.0, t.sizes.line_spacing))
        .collect();
    let up = heights.iter().step_by(2).fold(0.0f32, |a, b| a.max(*b));
    let down = heights
        .iter()
        .skip(1)
        .step_by(2)
        .fold(0.0f32, |a, b| a.max(*b));
    let marker = 10.0;
    let pad = 10.0;
    let used = up + down + marker + 2.0 * pad;
    // Balanced: the drawing sits a little above the middle of the free space.
    let free = (area.h_pt - used).max(0.0);
    let top = area.y_pt + free * t.geometry.balance_ratio;
    let line_y = top + up + pad + marker / 2.0;
    c.items.push(Item::Line {
        from: (area.x_pt, line_y),
        to: (area.right(), line_y),
        color: t.colors.accent,
        width_pt: 2.0,
    });
    for (i, s) in stops.iter().enumerate() {
        let x = first_x + i as f32 * spacing;
        c.items.push(Item::Rect {
            rect: Rect::new(x - marker / 2.0, line_y - marker / 2.0, marker, marker),
            fill: Some(t.colors.accent),
            stroke: Some((t.colors.background, 1.5)),
        });
        let (lx, label_w) = span(i);
        let h = heights[i];
        let y = if i % 2 == 0 {
            line_y - marker / 2.0 - pad - h
        } else {
            line_y + marker / 2.0 + pad
        };
        c.items.push(Item::Line {
            from: (x, if i % 2 == 0 { y + h } else { line_y }),
            to: (x, if i % 2 == 0 { line_y } else { y }),
            color: t.colors.muted,
            width_pt: 0.75,
        });
        // Each line of the label is centred over its stop.
        let mut label = Canvas {
            w: c.w,
            h: c.h,
            items: Vec::new(),
            warnings: Vec::new(),
            inline_cited: Vec::new(),
        };
        cx.flow_into(
            &mut label,
            &paras_of(s),
            Rect::new(lx, y, label_w, h + 1.0),
            "stop label",
        );
        for item in &mut label.items {
            if let Item::Text(r) = item {
                let centred = x - r.width_pt / 2.0;
                r.x_pt = centred.clamp(lx, (lx + label_w - r.width_pt).max(lx));
            }
        }
        c.items.append(&mut label.items);
        c.warnings.append(&mut label.warnings);
    }
    free * t.geometry.balance_ratio + used
}
