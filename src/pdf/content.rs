//! Page content streams written directly as bytes.
//!
//! printpdf still assembles the document (fonts subset and embedded with their widths and
//! ToUnicode maps, pictures, bookmarks, link annotations, properties), but encoding every
//! glyph of every page through its operation objects was the largest part of an export. Here
//! the painting operators are written straight into each page's stream: one exhaustive match
//! over the items, as before. The codes of the glyphs come from printpdf itself: a last,
//! temporary page shows every character each font needs, printpdf subsets the fonts for it and
//! encodes it, and the codes it wrote are read back and that page removed — so the content
//! streams use exactly the codes of the embedded subsets.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rustc_hash::FxHashMap;

use crate::fonts::FontId;
use crate::layout::{Item, Page, TextRun};
use crate::theme::Color;

/// Resource names and glyph codes a content stream refers to.
pub(super) struct Names<'a> {
    /// Font resource name by font.
    pub fonts: &'a BTreeMap<FontId, String>,
    /// Glyph code of each character, by font (indexed by [`FontId::index`]).
    pub codes: &'a [FxHashMap<char, u16>],
    /// Graphics-state resource name by opacity in percent.
    pub gstates: &'a BTreeMap<u8, String>,
    /// Picture resource names, by index into the layout's pictures.
    pub images: &'a [String],
}

/// The characters each font shows in `items` (recursively), for the glyph page.
pub(super) fn collect_chars(items: &[Item], out: &mut BTreeMap<FontId, Vec<char>>) {
    for item in items {
        match item {
            Item::Text(r) => {
                let list = out.entry(r.font).or_default();
                list.extend(r.text.chars());
            }
            Item::Group { items, .. } => collect_chars(items, out),
            _ => {}
        }
    }
}

/// A number as PDF content writes it: at most three decimals, no trailing zeros.
fn num(out: &mut Vec<u8>, v: f32) {
    let v = if v.is_finite() { v } else { 0.0 };
    let r = (v * 1000.0).round() / 1000.0;
    if r == r.trunc() && r.abs() < 1e9 {
        let _ = write!(Buf(out), "{}", r as i64);
    } else {
        let mut s = format!("{r:.3}");
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
        out.extend_from_slice(s.as_bytes());
    }
}

/// `fmt::Write` into a byte buffer.
struct Buf<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for Buf<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

/// Numbers separated by spaces, then the operator and a newline.
fn op(out: &mut Vec<u8>, nums: &[f32], operator: &str) {
    for n in nums {
        num(out, *n);
        out.push(b' ');
    }
    out.extend_from_slice(operator.as_bytes());
    out.push(b'\n');
}

fn color(out: &mut Vec<u8>, c: Color, operator: &str) {
    let f = |v: u8| f32::from(v) / 255.0;
    op(out, &[f(c.r), f(c.g), f(c.b)], operator);
}

/// The content stream of a page: its background, its items, and its overlay when asked.
pub(super) fn page(page: &Page, paint_overlay: bool, names: &Names<'_>) -> Vec<u8> {
    let mut out = Vec::with_capacity(page.items.len() * 48 + 64);
    let h = page.height_pt;
    color(&mut out, page.background, "rg");
    op(&mut out, &[0.0, 0.0, page.width_pt, h], "re");
    out.extend_from_slice(b"f\n");
    items(&mut out, &page.items, h, names);
    if paint_overlay {
        items(&mut out, &page.overlay, h, names);
    }
    out
}

/// The content stream of an overlay page: `items` over nothing, in its own graphics state.
pub(super) fn overlay(page: &Page, overlay: &[Item], names: &Names<'_>) -> Vec<u8> {
    let mut out = Vec::with_capacity(overlay.len() * 48 + 8);
    out.extend_from_slice(b"q\n");
    items(&mut out, overlay, page.height_pt, names);
    out.extend_from_slice(b"Q\n");
    out
}

/// Paints items; `h` flips y (the page height at the top level, 0 inside a group, whose `cm`
/// does the flip). Links are annotations, not content: printpdf writes them.
fn items(out: &mut Vec<u8>, list: &[Item], h: f32, names: &Names<'_>) {
    for item in list {
        match item {
            Item::Text(run) => text(out, run, h, names),
            Item::Rect { rect, fill, stroke } => {
                let paint = match (fill, stroke) {
                    (Some(_), Some(_)) => "B",
                    (Some(_), None) => "f",
                    (None, Some(_)) => "S",
                    (None, None) => continue,
                };
                if let Some(f) = fill {
                    color(out, *f, "rg");
                }
                if let Some((c, w)) = stroke {
                    color(out, *c, "RG");
                    op(out, &[*w], "w");
                }
                op(
                    out,
                    &[rect.x_pt, h - rect.y_pt - rect.h_pt, rect.w_pt, rect.h_pt],
                    "re",
                );
                out.extend_from_slice(paint.as_bytes());
                out.push(b'\n');
            }
            Item::Line {
                from,
                to,
                color: c,
                width_pt,
            } => {
                color(out, *c, "RG");
                op(out, &[*width_pt], "w");
                op(out, &[from.0, h - from.1], "m");
                op(out, &[to.0, h - to.1], "l");
                out.extend_from_slice(b"S\n");
            }
            Item::Image { rect, image } => {
                let Some(name) = names.images.get(*image) else {
                    continue;
                };
                out.extend_from_slice(b"q\n");
                op(
                    out,
                    &[
                        rect.w_pt,
                        0.0,
                        0.0,
                        rect.h_pt,
                        rect.x_pt,
                        h - rect.y_pt - rect.h_pt,
                    ],
                    "cm",
                );
                out.push(b'/');
                out.extend_from_slice(name.as_bytes());
                out.extend_from_slice(b" Do\nQ\n");
            }
            Item::Link { .. } => {}
            Item::Group {
                transform,
                items: inner,
                size_pt,
            } => {
                // Inside, items are painted with y flipped about 0; the matrix scales them and
                // moves their origin to (dx, h - dy). Nothing spills out of the frame's box.
                let s = transform.scale;
                out.extend_from_slice(b"q\n");
                op(
                    out,
                    &[s, 0.0, 0.0, s, transform.dx_pt, h - transform.dy_pt],
                    "cm",
                );
                op(out, &[0.0, -size_pt.1, size_pt.0, size_pt.1], "re");
                out.extend_from_slice(b"W n\n");
                items(out, inner, 0.0, names);
                out.extend_from_slice(b"Q\n");
            }
        }
    }
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// One line of text: its glyph codes in a TJ array, with the kerning adjustments between them.
fn text(out: &mut Vec<u8>, run: &TextRun, h: f32, names: &Names<'_>) {
    let (Some(font), Some(codes)) = (
        names.fonts.get(&run.font),
        names.codes.get(run.font.index()),
    ) else {
        return;
    };
    if run.text.is_empty() {
        return;
    }
    let gstate = if run.alpha < 1.0 {
        names.gstates.get(&super::alpha_key(run.alpha))
    } else {
        None
    };
    let special = run.angle_deg != 0.0 || gstate.is_some();
    if special {
        out.extend_from_slice(b"q\n");
        if let Some(gs) = gstate {
            out.push(b'/');
            out.extend_from_slice(gs.as_bytes());
            out.extend_from_slice(b" gs\n");
        }
    }
    out.extend_from_slice(b"BT\n");
    color(out, run.color, "rg");
    out.push(b'/');
    out.extend_from_slice(font.as_bytes());
    out.push(b' ');
    op(out, &[run.size_pt], "Tf");
    if run.angle_deg == 0.0 {
        op(out, &[run.x_pt, h - run.baseline_pt], "Td");
    } else {
        // Counter-clockwise as seen on the page (PDF space has y pointing up).
        let (sin, cos) = run.angle_deg.to_radians().sin_cos();
        op(
            out,
            &[cos, sin, -sin, cos, run.x_pt, h - run.baseline_pt],
            "Tm",
        );
    }
    out.push(b'[');
    let mut kerning = run.kerning.iter().peekable();
    out.push(b'<');
    for (byte, c) in run.text.char_indices() {
        let code = codes.get(&c).copied().unwrap_or(0);
        for shift in [12u16, 8, 4, 0] {
            out.push(HEX[usize::from((code >> shift) & 0xF)]);
        }
        // An adjustment after this character: TJ numbers are thousandths of an em, positive
        // moves left.
        while let Some((at, adjust_pt)) = kerning.peek() {
            if *at > byte {
                break;
            }
            if *at == byte {
                out.extend_from_slice(b"> ");
                num(out, -adjust_pt / run.size_pt * 1000.0);
                out.extend_from_slice(b" <");
            }
            kerning.next();
        }
    }
    out.extend_from_slice(b">] TJ\nET\n");
    if special {
        out.extend_from_slice(b"Q\n");
    }
}
