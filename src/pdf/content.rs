//! Page content streams written directly as bytes.
//!
//! printpdf still assembles the document (pages, pictures, bookmarks, link annotations,
//! properties), but encoding every glyph of every page through its operation objects was the
//! largest part of an export. Here the painting operators are written straight into each page's
//! stream: one exhaustive match over the items. A glyph's code is its id in the font's embedded
//! subset ([`super::embed`]), planned before any stream is written.

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
    /// Glyph code of each shaped glyph id (Arabic, Hebrew), by font.
    pub gid_codes: &'a [FxHashMap<u16, u16>],
    /// Graphics-state resource name by opacity in percent.
    pub gstates: &'a BTreeMap<u8, String>,
    /// Picture resource names, by index into the layout's pictures.
    pub images: &'a [String],
}

/// What each font shows, so that its subset keeps those glyphs: characters of plain runs, and
/// glyph ids (with the text each stands for) of shaped runs.
#[derive(Default)]
pub(super) struct Used {
    /// Characters by font.
    pub chars: BTreeMap<FontId, Vec<char>>,
    /// Shaped glyphs by font: glyph id → its text.
    pub glyphs: BTreeMap<FontId, BTreeMap<u16, String>>,
    /// Opacities of translucent text, in whole percent.
    pub alphas: Vec<u8>,
}

impl Used {
    /// Every font the items name (a shaped run's own font too: its text object sets it), in
    /// [`FontId`] order.
    pub fn fonts(&self) -> Vec<FontId> {
        let mut fonts: Vec<FontId> = self
            .chars
            .keys()
            .chain(self.glyphs.keys())
            .copied()
            .collect();
        fonts.sort_unstable();
        fonts.dedup();
        fonts
    }
}

/// Adds what `items` show (recursively) to `out`.
pub(super) fn collect_chars(items: &[Item], out: &mut Used) {
    for item in items {
        match item {
            Item::Text(r) => {
                let alpha = super::alpha_key(r.alpha);
                if r.alpha < 1.0 && !out.alphas.contains(&alpha) {
                    out.alphas.push(alpha);
                }
                // The run's own font is named even when fallback fonts show its glyphs.
                let list = out.chars.entry(r.font).or_default();
                match &r.complex {
                    None => {
                        list.extend(r.text.chars());
                        // Kept short: sorted and deduplicated whenever it grows (a long deck
                        // repeats the same few hundred characters).
                        if list.len() > 16_384 {
                            list.sort_unstable();
                            list.dedup();
                        }
                    }
                    Some(line) => {
                        for seg in &line.segments {
                            let map = out.glyphs.entry(seg.font).or_default();
                            for g in &seg.glyphs {
                                map.entry(g.gid).or_insert_with(|| g.text.clone());
                            }
                        }
                    }
                }
            }
            Item::Group { items, .. } => collect_chars(items, out),
            _ => {}
        }
    }
}

/// Graphics state already set in the stream, so unchanged colours, widths and fonts are not
/// written again; saved and restored with `q` / `Q`.
#[derive(Clone, Copy, Default, PartialEq)]
struct State {
    fill: Option<Color>,
    stroke: Option<Color>,
    line_w: Option<f32>,
    font: Option<(FontId, f32)>,
}

/// The stream being written and its graphics-state stack.
struct Writer<'a> {
    out: &'a mut Vec<u8>,
    state: State,
    saved: Vec<State>,
}

impl Writer<'_> {
    fn save(&mut self) {
        self.saved.push(self.state);
        self.out.extend_from_slice(b"q\n");
    }

    fn restore(&mut self) {
        self.state = self.saved.pop().unwrap_or_default();
        self.out.extend_from_slice(b"Q\n");
    }

    fn fill(&mut self, c: Color) {
        if self.state.fill != Some(c) {
            color(self.out, c, "rg");
            self.state.fill = Some(c);
        }
    }

    fn stroke(&mut self, c: Color, width: f32) {
        if self.state.stroke != Some(c) {
            color(self.out, c, "RG");
            self.state.stroke = Some(c);
        }
        if self.state.line_w != Some(width) {
            op(self.out, &[width], "w");
            self.state.line_w = Some(width);
        }
    }
}

/// A number as PDF content writes it: at most three decimals, no trailing zeros. Written
/// digit by digit from the number in thousandths (the formatter's float path was a tenth of
/// an export's content-stream time); numbers of 8 192 and more take the formatter's path.
fn num(out: &mut Vec<u8>, v: f32) {
    let v = if v.is_finite() { v } else { 0.0 };
    // Rounded as the formatter's path rounds (in `f32`), so the digits are the same; up to
    // 8 192 (every page coordinate) thousandths are exact in an `f32`, beyond that the
    // formatter writes them.
    let milli = (v * 1000.0).round();
    if milli.abs() >= 8_192_000.0 {
        return num_slow(out, v);
    }
    let milli = milli as i64;
    if milli < 0 {
        out.push(b'-');
    }
    let m = milli.unsigned_abs();
    let (whole, mut frac) = (m / 1000, m % 1000);
    let mut digits = [0u8; 20];
    let mut n = whole;
    let mut k = digits.len();
    loop {
        k -= 1;
        digits[k] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[k..]);
    if frac != 0 {
        out.push(b'.');
        let mut div = 100;
        while frac != 0 {
            out.push(b'0' + (frac / div) as u8);
            frac %= div;
            div /= 10;
        }
    }
}

/// [`num`] through the formatter, for numbers whose thousandths an `f32` does not hold exactly.
fn num_slow(out: &mut Vec<u8>, v: f32) {
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
    let mut out = Vec::with_capacity(page.items.len() * 40 + 64);
    let h = page.height_pt;
    let mut w = Writer {
        out: &mut out,
        state: State::default(),
        saved: Vec::new(),
    };
    w.fill(page.background);
    op(w.out, &[0.0, 0.0, page.width_pt, h], "re");
    w.out.extend_from_slice(b"f\n");
    items(&mut w, &page.items, h, names);
    if paint_overlay {
        items(&mut w, &page.overlay, h, names);
    }
    out
}

/// The content stream of an overlay page: `items` over nothing, in its own graphics state.
pub(super) fn overlay(page: &Page, overlay: &[Item], names: &Names<'_>) -> Vec<u8> {
    let mut out = Vec::with_capacity(overlay.len() * 48 + 8);
    // Nothing is known of the state the shared page's stream leaves: write everything.
    let mut w = Writer {
        out: &mut out,
        state: State::default(),
        saved: Vec::new(),
    };
    w.save();
    items(&mut w, overlay, page.height_pt, names);
    w.restore();
    out
}

/// Paints items; `h` flips y (the page height at the top level, 0 inside a group, whose `cm`
/// does the flip). Links are annotations, not content: printpdf writes them.
fn items(w: &mut Writer<'_>, list: &[Item], h: f32, names: &Names<'_>) {
    for item in list {
        match item {
            Item::Text(run) => text(w, run, h, names),
            Item::Rect { rect, fill, stroke } => {
                let paint = match (fill, stroke) {
                    (Some(_), Some(_)) => "B",
                    (Some(_), None) => "f",
                    (None, Some(_)) => "S",
                    (None, None) => continue,
                };
                if let Some(f) = fill {
                    w.fill(*f);
                }
                if let Some((c, width)) = stroke {
                    w.stroke(*c, *width);
                }
                op(
                    w.out,
                    &[rect.x_pt, h - rect.y_pt - rect.h_pt, rect.w_pt, rect.h_pt],
                    "re",
                );
                w.out.extend_from_slice(paint.as_bytes());
                w.out.push(b'\n');
            }
            Item::Line {
                from,
                to,
                color: c,
                width_pt,
            } => {
                w.stroke(*c, *width_pt);
                op(w.out, &[from.0, h - from.1], "m");
                op(w.out, &[to.0, h - to.1], "l");
                w.out.extend_from_slice(b"S\n");
            }
            Item::Image { rect, image } => {
                let Some(name) = names.images.get(*image) else {
                    continue;
                };
                w.save();
                op(
                    w.out,
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
                w.out.push(b'/');
                w.out.extend_from_slice(name.as_bytes());
                w.out.extend_from_slice(b" Do\n");
                w.restore();
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
                w.save();
                op(
                    w.out,
                    &[s, 0.0, 0.0, s, transform.dx_pt, h - transform.dy_pt],
                    "cm",
                );
                op(w.out, &[0.0, -size_pt.1, size_pt.0, size_pt.1], "re");
                w.out.extend_from_slice(b"W n\n");
                items(w, inner, 0.0, names);
                w.restore();
            }
        }
    }
}

/// Sets the font unless it is already set.
fn set_font(w: &mut Writer<'_>, font: FontId, size_pt: f32, name: &str) {
    if w.state.font != Some((font, size_pt)) {
        w.out.push(b'/');
        w.out.extend_from_slice(name.as_bytes());
        w.out.push(b' ');
        op(w.out, &[size_pt], "Tf");
        w.state.font = Some((font, size_pt));
    }
}

/// A glyph code as its two bytes (big-endian) inside a literal string `( )`: half the bytes of
/// a hexadecimal string, so half the text to deflate. The bytes a literal string gives meaning
/// to are escaped: parentheses and backslash, and the line ends a reader would normalise.
fn glyph_code(out: &mut Vec<u8>, code: u16) {
    for b in code.to_be_bytes() {
        match b {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\n' => out.extend_from_slice(b"\\n"),
            _ => out.push(b),
        }
    }
}

/// One line of text: its glyph codes in a TJ array, with the kerning adjustments between them.
fn text(w: &mut Writer<'_>, run: &TextRun, h: f32, names: &Names<'_>) {
    if run.text.is_empty() {
        return;
    }
    let Some(font) = names.fonts.get(&run.font) else {
        return;
    };
    let codes = match (&run.complex, names.codes.get(run.font.index())) {
        (None, Some(codes)) => Some(codes),
        (Some(_), _) => None,
        (None, None) => return,
    };
    let gstate = if run.alpha < 1.0 {
        names.gstates.get(&super::alpha_key(run.alpha))
    } else {
        None
    };
    let special = run.angle_deg != 0.0 || gstate.is_some();
    if special {
        w.save();
        if let Some(gs) = gstate {
            w.out.push(b'/');
            w.out.extend_from_slice(gs.as_bytes());
            w.out.extend_from_slice(b" gs\n");
        }
    }
    w.fill(run.color);
    w.out.extend_from_slice(b"BT\n");
    // The font is part of the graphics state: set once while it stays the same.
    if codes.is_some() {
        set_font(w, run.font, run.size_pt, font);
    }
    let out = &mut *w.out;
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
    let (Some(codes), None) = (codes, &run.complex) else {
        if let Some(line) = &run.complex {
            shaped(w, run, line, names);
        }
        w.out.extend_from_slice(b"ET\n");
        if special {
            w.restore();
        }
        return;
    };
    out.push(b'[');
    let mut kerning = run.kerning.iter().peekable();
    out.push(b'(');
    for (byte, c) in run.text.char_indices() {
        glyph_code(out, codes.get(&c).copied().unwrap_or(0));
        // An adjustment after this character: TJ numbers are thousandths of an em, positive
        // moves left.
        while let Some((at, adjust_pt)) = kerning.peek() {
            if *at > byte {
                break;
            }
            if *at == byte {
                out.extend_from_slice(b") ");
                num(out, -adjust_pt / run.size_pt * 1000.0);
                out.extend_from_slice(b" (");
            }
            kerning.next();
        }
    }
    out.extend_from_slice(b")] TJ\nET\n");
    if special {
        w.restore();
    }
}

/// The segments of a shaped line (text object and origin already set): each in its font,
/// moved to its left edge, its glyphs in a TJ array whose adjustments put every glyph where the
/// shaper placed it; marks raised with `Ts`.
fn shaped(w: &mut Writer<'_>, run: &TextRun, line: &crate::fonts::ComplexLine, names: &Names<'_>) {
    let mut at_pt = 0.0f32;
    for seg in &line.segments {
        let (Some(name), Some(codes)) = (
            names.fonts.get(&seg.font),
            names.gid_codes.get(seg.font.index()),
        ) else {
            continue;
        };
        set_font(w, seg.font, run.size_pt, name);
        let out = &mut *w.out;
        if seg.x_pt != at_pt {
            // Td moves relative to the start of the previous segment.
            op(out, &[seg.x_pt - at_pt, 0.0], "Td");
            at_pt = seg.x_pt;
        }
        let mut pen_pt = 0.0f32;
        let mut rise_pt = 0.0f32;
        out.push(b'[');
        for g in &seg.glyphs {
            if g.y_pt != rise_pt {
                out.extend_from_slice(b"] TJ\n");
                op(out, &[g.y_pt], "Ts");
                out.push(b'[');
                rise_pt = g.y_pt;
            }
            let gap_pt = g.x_pt - pen_pt;
            if gap_pt.abs() > 0.0005 {
                // TJ numbers are thousandths of an em; positive moves left.
                num(out, -gap_pt / run.size_pt * 1000.0);
            }
            out.push(b'(');
            glyph_code(out, codes.get(&g.gid).copied().unwrap_or(0));
            out.push(b')');
            pen_pt = g.x_pt + g.nominal_pt;
        }
        out.extend_from_slice(b"] TJ\n");
        if rise_pt != 0.0 {
            op(out, &[0.0], "Ts");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{Rect, Transform};
    use std::sync::Arc;

    fn run(text: &str, color: Color, x: f32) -> Item {
        Item::Text(TextRun {
            x_pt: x,
            baseline_pt: 20.0,
            font: FontId::SansRegular,
            size_pt: 10.0,
            color,
            text: text.into(),
            kerning: vec![(0, -0.5)],
            width_pt: 10.0,
            angle_deg: 0.0,
            alpha: 1.0,
            complex: None,
        })
    }

    #[test]
    fn state_is_written_once_and_restored_after_a_group() {
        let red = Color { r: 255, g: 0, b: 0 };
        let fonts: BTreeMap<FontId, String> = [(FontId::SansRegular, "F1".to_owned())].into();
        let mut codes = vec![FxHashMap::default(); FontId::ALL.len()];
        codes[FontId::SansRegular.index()].insert('A', 0x24);
        codes[FontId::SansRegular.index()].insert('B', 0x25);
        let names = Names {
            fonts: &fonts,
            codes: &codes,
            gid_codes: &[],
            gstates: &BTreeMap::new(),
            images: &[],
        };
        let page = Page {
            width_pt: 100.0,
            height_pt: 100.0,
            background: Color::WHITE,
            items: vec![
                run("A", red, 1.0),
                run("B", red, 2.0),
                Item::Group {
                    transform: Transform::IDENTITY,
                    size_pt: (50.0, 50.0),
                    items: Arc::new(vec![run("A", Color::BLACK, 3.0)]),
                },
                run("B", red, 4.0),
                Item::Rect {
                    rect: Rect::new(0.0, 0.0, 1.0, 1.0),
                    fill: None,
                    stroke: None,
                },
            ],
            slides: Vec::new(),
            overlay: Vec::new(),
        };
        let bytes = super::page(&page, false, &names);
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let text = text.as_str();
        // Red is set once for the first runs and black inside the group; the group's Q restores
        // red in the viewer and in the writer alike, so the last run needs nothing new.
        assert_eq!(text.matches("1 0 0 rg").count(), 1, "{text}");
        assert_eq!(text.matches("0 0 0 rg").count(), 1, "{text}");
        assert!(text.contains("Q\nBT\n4 80 Td"), "{text}");
        // The font is part of the graphics state: set once, kept inside the group.
        assert_eq!(text.matches("/F1 10 Tf").count(), 1, "{text}");
        // Codes and the kerning adjustment after the first character (thousandths of an em).
        assert!(text.contains("[(\0$) 50 ()] TJ"), "{text}");
        assert!(text.contains("[(\0%) 50 ()] TJ"), "{text}");
        // An item with neither fill nor stroke paints nothing.
        assert!(!text.contains("0 99 1 1 re"), "{text}");
        // An overlay knows nothing of the page's state: it sets its colour and font itself.
        let over = String::from_utf8(overlay(&page, &[run("A", red, 5.0)], &names)).unwrap();
        assert!(over.starts_with("q\n1 0 0 rg\nBT\n/F1 10 Tf"), "{over}");
        assert!(over.ends_with("Q\n"), "{over}");
    }

    #[test]
    fn numbers_are_written_as_the_formatter_writes_them_to_three_decimals() {
        // The formatter's way, as numbers were written before.
        fn reference(v: f32) -> String {
            let v = if v.is_finite() { v } else { 0.0 };
            let r = (v * 1000.0).round() / 1000.0;
            if r == r.trunc() && r.abs() < 1e9 {
                format!("{}", r as i64)
            } else {
                let mut s = format!("{r:.3}");
                while s.ends_with('0') {
                    s.pop();
                }
                s.trim_end_matches('.').to_owned()
            }
        }
        let mut values = vec![
            0.0,
            -0.0,
            0.0004,
            -0.0004,
            0.0005,
            1.0,
            -1.0,
            0.5,
            0.055,
            0.1,
            0.01,
            0.001,
            12.345,
            -12.345,
            527.436,
            960.0,
            540.0,
            999.9995,
            1e6,
            123456.79,
            -98765.43,
            f32::NAN,
            f32::INFINITY,
            3e9,
            -7.25e10,
            1e20,
            8191.9995,
            8192.0,
            8192.001,
            16384.5,
        ];
        // Coordinates as layout makes them: every thousandth up to 1 200, and odd fractions.
        values.extend((0..1_200_000).step_by(7).map(|i| i as f32 / 1000.0));
        values.extend((0..20_000).map(|i| (i as f32 * 0.377).sin() * 1000.0 / 7.0));
        for v in values {
            let mut out = Vec::new();
            num(&mut out, v);
            assert_eq!(String::from_utf8(out).unwrap(), reference(v), "{v}");
        }
    }

    #[test]
    fn glyph_codes_read_back_from_literal_strings_whatever_their_bytes() {
        let codes: [u16; 10] = [0, 1, 0x28, 0x29, 0x5C, 0x0A, 0x0D, 0x2829, 0x5C0D, 0xFFFF];
        let mut stream = b"BT\n[(".to_vec();
        for &c in &codes {
            glyph_code(&mut stream, c);
            stream.extend_from_slice(b") 10 (");
        }
        stream.extend_from_slice(b")] TJ\nET\n");
        let ops = lopdf::content::Content::decode(&stream).unwrap().operations;
        let tj = ops.iter().find(|o| o.operator == "TJ").unwrap();
        let lopdf::Object::Array(parts) = &tj.operands[0] else {
            panic!("a TJ array")
        };
        let strings: Vec<Vec<u8>> = parts
            .iter()
            .filter_map(|p| match p {
                lopdf::Object::String(b, _) => Some(b.clone()),
                _ => None,
            })
            .collect();
        let mut want: Vec<Vec<u8>> = codes.iter().map(|c| c.to_be_bytes().to_vec()).collect();
        want.push(Vec::new());
        assert_eq!(strings, want);
    }
}
