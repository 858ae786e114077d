//! Paragraph flow: word wrapping with shaped widths, bullets and labels, shrink-to-fit.

use super::page::{Item, Rect, TextRun};
use crate::fonts::{FontBook, FontId};
use crate::theme::Color;

/// How a piece of text looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    /// Font.
    pub font: FontId,
    /// Size at full scale.
    pub size_pt: f32,
    /// Colour.
    pub color: Color,
}

/// A marker in the left gutter of a paragraph's first line: a bullet, a number or a date.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    /// The marker text.
    pub text: String,
    /// Its style.
    pub style: Style,
    /// Gutter width in ems of the paragraph's size.
    pub gutter_em: f32,
}

/// A paragraph to flow.
#[derive(Debug, Clone, PartialEq)]
pub struct Para {
    /// The text (a single paragraph; newlines are treated as spaces).
    pub text: String,
    /// Its style.
    pub style: Style,
    /// Optional gutter marker.
    pub marker: Option<Marker>,
    /// Space above, in ems of the paragraph's size (ignored for the first paragraph).
    pub space_before_em: f32,
    /// Keep on the same page as the start of the next paragraph (headings), when paginating.
    pub keep_with_next: bool,
}

impl Para {
    /// A plain paragraph; straight quotes and apostrophes are set typographically.
    pub fn new(text: impl Into<String>, style: Style) -> Para {
        let text: String = text.into();
        let text = match typographic(&text) {
            std::borrow::Cow::Borrowed(_) => text,
            std::borrow::Cow::Owned(t) => t,
        };
        Para {
            text,
            style,
            marker: None,
            space_before_em: 0.5,
            keep_with_next: false,
        }
    }

    /// The paragraph with its text (and marker) set `factor` times larger.
    pub fn scaled(mut self, factor: f32) -> Para {
        self.style.size_pt *= factor;
        if let Some(m) = self.marker.as_mut() {
            m.style.size_pt *= factor;
        }
        self
    }

    /// Adds a gutter marker.
    pub fn marked(mut self, text: impl Into<String>, style: Style, gutter_em: f32) -> Para {
        self.marker = Some(Marker {
            text: text.into(),
            style,
            gutter_em,
        });
        self
    }

    /// Sets the space above.
    pub fn space(mut self, em: f32) -> Para {
        self.space_before_em = em;
        self
    }

    /// Marks a heading: pagination keeps it with the start of the next paragraph.
    pub fn keep_with_next(mut self) -> Para {
        self.keep_with_next = true;
        self
    }

    /// The gutter width at `scale`.
    pub fn gutter_pt(&self, scale: f32) -> f32 {
        self.marker
            .as_ref()
            .map(|mk| mk.gutter_em * self.style.size_pt * scale)
            .unwrap_or(0.0)
    }
}

/// A word shaped at 1 pt: its width and kerning adjustments, which scale linearly with size.
#[derive(Debug, Clone, Default)]
pub(crate) struct WordShape {
    width: f32,
    kerning: Vec<(usize, f32)>,
    missing: Vec<char>,
}

/// Shapes each distinct word once per font at 1 pt and builds lines from the cached words.
///
/// Lines are shaped word by word (kerning inside words; none across spaces), so the cost of a
/// layout grows with the number of distinct words, not with the number of lines.
pub struct Measurer<'a> {
    book: &'a FontBook,
    /// Per font (indexed by [`FontId::index`]), word → shape; a fast non-cryptographic hash,
    /// since the keys are the deck's own words.
    cache: Vec<rustc_hash::FxHashMap<String, WordShape>>,
    /// Word shapes shared with the other threads of a layout on all cores: a word one thread
    /// has shaped is not shaped again by another.
    pub(crate) shared: Option<std::sync::Arc<SharedShapes>>,
    /// Characters that no font could show, collected for warnings.
    pub missing: Vec<char>,
}

/// Word shapes shared by the measurers of one layout's threads: per font (indexed by
/// [`FontId::index`]), word → shape.
pub(crate) struct SharedShapes(Vec<std::sync::RwLock<rustc_hash::FxHashMap<String, WordShape>>>);

impl SharedShapes {
    /// Empty, for every shipped font.
    pub(crate) fn new() -> SharedShapes {
        SharedShapes(
            (0..FontId::ALL.len())
                .map(|_| std::sync::RwLock::new(rustc_hash::FxHashMap::default()))
                .collect(),
        )
    }
}

impl<'a> Measurer<'a> {
    /// A measurer over the shipped fonts.
    pub fn new(book: &'a FontBook) -> Self {
        Measurer {
            book,
            cache: (0..FontId::ALL.len())
                .map(|_| rustc_hash::FxHashMap::default())
                .collect(),
            shared: None,
            missing: Vec::new(),
        }
    }

    fn word(&mut self, font: FontId, word: &str) -> &WordShape {
        let per_font = &mut self.cache[font.index()];
        let missing = &mut self.missing;
        if !per_font.contains_key(word) {
            let shared = self.shared.as_ref().and_then(|s| s.0.get(font.index()));
            let known = shared
                .and_then(|s| s.read().ok())
                .and_then(|m| m.get(word).cloned());
            let shape = match known {
                Some(shape) => shape,
                None => {
                    let shaped = self.book.shape(font, 1.0, word);
                    let shape = WordShape {
                        width: shaped.width_pt,
                        kerning: shaped.kerning,
                        missing: shaped.missing,
                    };
                    if let Some(mut m) = shared.and_then(|s| s.write().ok()) {
                        m.insert(word.to_owned(), shape.clone());
                    }
                    shape
                }
            };
            per_font.insert(word.to_owned(), shape);
        }
        // Inserted just above when absent.
        let shape = &per_font[word];
        // Report missing glyphs every time the word is used, not only when first shaped.
        for c in &shape.missing {
            if !missing.contains(c) {
                missing.push(*c);
            }
        }
        shape
    }

    /// Width in pt of one word (no spaces) at `size_pt`.
    pub fn word_width(&mut self, font: FontId, size_pt: f32, word: &str) -> f32 {
        self.word(font, word).width * size_pt
    }

    /// Width in pt of `text` at `size_pt`.
    pub fn width(&mut self, font: FontId, size_pt: f32, text: &str) -> f32 {
        let space = self.word(font, " ").width;
        let mut w = 0.0;
        for (i, word) in text.split(' ').enumerate() {
            if i > 0 {
                w += space;
            }
            if !word.is_empty() {
                w += self.word(font, word).width;
            }
        }
        w * size_pt
    }

    /// A positioned run with kerning at its final size.
    pub fn run(
        &mut self,
        font: FontId,
        size_pt: f32,
        color: Color,
        x_pt: f32,
        baseline_pt: f32,
        text: &str,
    ) -> TextRun {
        let (kerning, width_pt, complex) = if crate::fonts::complex::needs_shaping(text) {
            // Arabic or Hebrew: the whole line shaped in visual order, with fallback fonts.
            let (line, missing) = self.book.shape_line(font, size_pt, text);
            for c in missing {
                if !self.missing.contains(&c) {
                    self.missing.push(c);
                }
            }
            (Vec::new(), line.width_pt, Some(std::sync::Arc::new(line)))
        } else {
            let space = self.word(font, " ").width;
            let mut width = 0.0;
            let mut kerning = Vec::new();
            let mut offset = 0usize;
            for (i, word) in text.split(' ').enumerate() {
                if i > 0 {
                    width += space;
                    offset += 1;
                }
                if !word.is_empty() {
                    let shape = self.word(font, word);
                    width += shape.width;
                    kerning.extend(shape.kerning.iter().map(|(b, k)| (offset + b, k * size_pt)));
                }
                offset += word.len();
            }
            (kerning, width * size_pt, None)
        };
        TextRun {
            x_pt,
            baseline_pt,
            font,
            size_pt,
            color,
            text: text.to_owned(),
            kerning,
            width_pt,
            angle_deg: 0.0,
            alpha: 1.0,
            complex,
        }
    }
}

/// Line height for a size.
pub fn line_height(size_pt: f32, spacing: f32) -> f32 {
    size_pt * spacing
}

/// Distance from the top of a line box to the baseline.
pub fn baseline_offset(size_pt: f32, spacing: f32) -> f32 {
    (line_height(size_pt, spacing) - size_pt) / 2.0 + size_pt * 0.85
}

/// Breaks `text` into lines no wider than `width_pt` at `size_pt`.
pub fn wrap(
    m: &mut Measurer<'_>,
    font: FontId,
    size_pt: f32,
    text: &str,
    width_pt: f32,
) -> Vec<String> {
    let space = m.width(font, size_pt, " ");
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_w = 0.0f32;
    // No-break spaces (which join a citation mark to its word) do not break lines.
    let breaks = |c: char| c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}';
    for word in text.split(breaks).filter(|w| !w.is_empty()) {
        // Spaces break, so a word holds none: it is measured whole.
        let ww = m.word_width(font, size_pt, word);
        if !line.is_empty() && line_w + space + ww <= width_pt {
            line.push(' ');
            line.push_str(word);
            line_w += space + ww;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if ww > width_pt {
            // A word longer than the line: break it between characters.
            let mut pieces = split_long_word(m, font, size_pt, word, width_pt);
            let last = pieces.pop().unwrap_or_default();
            lines.extend(pieces);
            line_w = m.width(font, size_pt, &last);
            line = last;
        } else {
            line.push_str(word);
            line_w = ww;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn split_long_word(
    m: &mut Measurer<'_>,
    font: FontId,
    size_pt: f32,
    word: &str,
    width_pt: f32,
) -> Vec<String> {
    // Character widths are summed (no kerning across the break), so this is linear in the word.
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut cur_w = 0.0f32;
    let mut buf = [0u8; 4];
    for c in word.chars() {
        let cw = m.width(font, size_pt, c.encode_utf8(&mut buf));
        if !cur.is_empty() && cur_w + cw > width_pt {
            out.push(std::mem::take(&mut cur));
            cur_w = 0.0;
        }
        cur.push(c);
        cur_w += cw;
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// `text` cut with an ellipsis so it is at most `max_w` wide. The cut point is found by
/// bisection over character boundaries, so long texts cost O(n log n), not O(n²).
pub fn ellipsize(m: &mut Measurer<'_>, font: FontId, size: f32, text: &str, max_w: f32) -> String {
    if m.width(font, size, text) <= max_w {
        return text.to_owned();
    }
    let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let fits = |m: &mut Measurer<'_>, k: usize| {
        let cut = bounds.get(k).copied().unwrap_or(text.len());
        m.width(font, size, &format!("{}\u{2026}", text[..cut].trim_end())) <= max_w
    };
    // Largest k (characters kept) that fits; 0 always "fits" as far as we can do anything.
    let (mut lo, mut hi) = (0usize, bounds.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if fits(m, mid) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let cut = bounds.get(lo).copied().unwrap_or(text.len());
    format!("{}\u{2026}", text[..cut].trim_end())
}

/// The outcome of flowing paragraphs into a box.
#[derive(Debug, Clone, PartialEq)]
pub struct Flow {
    /// Positioned text.
    pub items: Vec<Item>,
    /// Height used, in pt.
    pub height_pt: f32,
    /// The scale applied to every size (1 = as styled).
    pub scale: f32,
    /// False when the text did not fit even at the minimum size.
    pub fits: bool,
}

/// Height the paragraphs need at `scale`.
pub(crate) fn measure(
    m: &mut Measurer<'_>,
    paras: &[Para],
    width_pt: f32,
    scale: f32,
    spacing: f32,
) -> f32 {
    let mut h = 0.0;
    for (i, p) in paras.iter().enumerate() {
        let size = p.style.size_pt * scale;
        let gutter = p
            .marker
            .as_ref()
            .map(|mk| mk.gutter_em * size)
            .unwrap_or(0.0);
        let lines = wrap(
            m,
            p.style.font,
            size,
            &p.text,
            (width_pt - gutter).max(size),
        );
        if i > 0 {
            h += p.space_before_em * size;
        }
        h += lines.len().max(1) as f32 * line_height(size, spacing);
    }
    h
}

/// Flows paragraphs into `rect`, shrinking every size together (in 0.5 pt steps of the
/// largest body size) until it fits or the smallest paragraph would go below `min_size_pt`.
pub fn flow(
    m: &mut Measurer<'_>,
    paras: &[Para],
    rect: Rect,
    min_size_pt: f32,
    spacing: f32,
) -> Flow {
    let base = paras
        .iter()
        .map(|p| p.style.size_pt)
        .fold(f32::INFINITY, f32::min);
    let mut scale = 1.0f32;
    let min_scale = if base.is_finite() && base > 0.0 {
        (min_size_pt / base).min(1.0)
    } else {
        1.0
    };
    let step = if base.is_finite() && base > 0.0 {
        0.5 / base
    } else {
        1.0
    };
    if min_scale >= 1.0 - 1e-6 {
        // Text keeps its size: place it once and see whether it fits.
        let (items, height_pt) = place(m, paras, rect, 1.0, spacing);
        return Flow {
            items,
            height_pt,
            scale: 1.0,
            fits: height_pt <= rect.h_pt + 0.01,
        };
    }
    let mut fits = true;
    loop {
        let h = measure(m, paras, rect.w_pt, scale, spacing);
        if h <= rect.h_pt + 0.01 {
            break;
        }
        if scale - step < min_scale - 1e-4 {
            scale = min_scale;
            fits = measure(m, paras, rect.w_pt, scale, spacing) <= rect.h_pt + 0.01;
            break;
        }
        scale -= step;
    }
    let (items, height_pt) = place(m, paras, rect, scale, spacing);
    Flow {
        items,
        height_pt,
        scale,
        fits,
    }
}

/// Places paragraphs at a fixed scale from the top of `rect`.
pub fn place(
    m: &mut Measurer<'_>,
    paras: &[Para],
    rect: Rect,
    scale: f32,
    spacing: f32,
) -> (Vec<Item>, f32) {
    let mut items = Vec::new();
    let mut y = rect.y_pt;
    for (i, p) in paras.iter().enumerate() {
        let size = p.style.size_pt * scale;
        let gutter = p
            .marker
            .as_ref()
            .map(|mk| mk.gutter_em * size)
            .unwrap_or(0.0);
        if i > 0 {
            y += p.space_before_em * size;
        }
        let lines = wrap(
            m,
            p.style.font,
            size,
            &p.text,
            (rect.w_pt - gutter).max(size),
        );
        for (k, line) in lines.iter().enumerate() {
            let baseline = y + baseline_offset(size, spacing);
            push_line(m, p, scale, rect.x_pt, baseline, line, k == 0, &mut items);
            y += line_height(size, spacing);
        }
        if lines.is_empty() {
            let baseline = y + baseline_offset(size, spacing);
            push_line(m, p, scale, rect.x_pt, baseline, "", true, &mut items);
            y += line_height(size, spacing);
        }
    }
    (items, y - rect.y_pt)
}

/// One line of a paragraph at `scale` with its baseline at `baseline`: the marker in the gutter
/// when it is the paragraph's first line, then the text after the gutter (nothing for an empty
/// line). Used by [`place`] and by pagination.
#[allow(clippy::too_many_arguments)]
pub(crate) fn push_line(
    m: &mut Measurer<'_>,
    p: &Para,
    scale: f32,
    x_pt: f32,
    baseline: f32,
    line: &str,
    first: bool,
    items: &mut Vec<Item>,
) {
    if first {
        if let Some(mk) = &p.marker {
            items.push(Item::Text(m.run(
                mk.style.font,
                mk.style.size_pt * scale,
                mk.style.color,
                x_pt,
                baseline,
                &mk.text,
            )));
        }
    }
    if !line.is_empty() {
        items.push(Item::Text(m.run(
            p.style.font,
            p.style.size_pt * scale,
            p.style.color,
            x_pt + p.gutter_pt(scale),
            baseline,
            line,
        )));
    }
}

/// Typographic quotes and apostrophes: a straight `'` after a letter or digit becomes `’`
/// (apostrophe or closing quote), otherwise `‘`; a straight `"` at the start or after a space or
/// opening bracket becomes `“`, otherwise `”`. Text without straight quotes is returned as is.
pub fn typographic(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['\'', '"']) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut prev: Option<char> = None;
    for c in text.chars() {
        let opening = prev.is_none_or(|p| p.is_whitespace() || "([{\u{2014}\u{2013}/".contains(p));
        let shown = match c {
            '\'' if opening => '\u{2018}',
            '\'' => '\u{2019}',
            '"' if opening => '\u{201c}',
            '"' => '\u{201d}',
            other => other,
        };
        out.push(shown);
        prev = Some(c);
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod typographic_tests {
    use super::typographic;

    #[test]
    fn quotes_and_apostrophes_become_typographic() {
        assert_eq!(
            typographic("Baku's \"new\" role ('the hub')"),
            "Baku\u{2019}s \u{201c}new\u{201d} role (\u{2018}the hub\u{2019})"
        );
        assert_eq!(typographic("members' views"), "members\u{2019} views");
        assert_eq!(typographic("no quotes"), "no quotes");
    }
}
