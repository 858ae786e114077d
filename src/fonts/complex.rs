//! Lines that need more than kerning: Arabic and Hebrew (right to left, shown in the fallback
//! fonts), mixed with left-to-right text on the same line.
//!
//! A line is split into runs of one direction by the Unicode bidirectional algorithm
//! (`unicode-bidi`, UAX #9), each run into segments of one font (the run's own font where it
//! has the character, else the first fallback that has it), and each segment is shaped by
//! harfrust in its direction, so Arabic letters take their joined forms. The result lists
//! the segments in visual order (left to right on the page) with positioned glyph ids: the PDF
//! writer shows exactly those glyphs, and the preview draws each segment at its place.

use std::ops::Range;

use serde::Serialize;
use unicode_bidi::BidiInfo;

use super::{FontBook, FontId};

/// A shaped line in visual order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComplexLine {
    /// Segments from left to right.
    pub segments: Vec<Segment>,
    /// Total advance in pt.
    pub width_pt: f32,
}

/// Part of a line in one font and one direction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Segment {
    /// The font its glyphs come from.
    pub font: FontId,
    /// Left edge, in pt from the start of the line.
    pub x_pt: f32,
    /// Advance in pt.
    pub width_pt: f32,
    /// Its characters in logical (reading) order.
    pub text: String,
    /// Read right to left.
    pub rtl: bool,
    /// Its glyphs from left to right.
    pub glyphs: Vec<Glyph>,
}

impl Segment {
    /// The text to give a painter that chooses the direction from the script (as egui does)
    /// so that it shows what the PDF shows: a right-to-left segment without Arabic or Hebrew
    /// letters (brackets, digits and spaces between them) reversed and mirrored; any other
    /// segment as it is.
    pub fn painter_text(&self) -> std::borrow::Cow<'_, str> {
        use unicode_bidi::BidiClass;
        let strong_rtl = self
            .text
            .chars()
            .any(|c| matches!(unicode_bidi::bidi_class(c), BidiClass::R | BidiClass::AL));
        if !self.rtl || strong_rtl {
            return std::borrow::Cow::Borrowed(&self.text);
        }
        std::borrow::Cow::Owned(
            self.text
                .chars()
                .rev()
                .map(|c| unicode_bidi_mirroring::get_mirrored(c).unwrap_or(c))
                .collect(),
        )
    }
}

/// One positioned glyph of a segment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Glyph {
    /// Glyph id in the segment's font.
    pub gid: u16,
    /// Where its origin is, in pt from the segment's left edge.
    pub x_pt: f32,
    /// How far it is raised above the baseline, in pt (marks over letters).
    pub y_pt: f32,
    /// The font's own advance for the glyph at this size, in pt (where a PDF viewer moves
    /// after showing it, before adjustments).
    pub nominal_pt: f32,
    /// The characters it stands for, for copying text out of the PDF.
    pub text: String,
}

/// Whether `text` holds characters that [`FontBook::shape_line`] must handle: Hebrew or Arabic
/// letters, or explicit direction marks. Other text is shaped word by word with kerning only.
pub fn needs_shaping(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(u32::from(c),
            0x0590..=0x08FF          // Hebrew, Arabic, Syriac, Thaana, NKo, …, Arabic Extended
            | 0xFB1D..=0xFDFF        // Hebrew and Arabic presentation forms
            | 0xFE70..=0xFEFF        // Arabic presentation forms B
            | 0x200E | 0x200F       // left-to-right and right-to-left marks
            | 0x202A..=0x202E       // embeddings and overrides
            | 0x2066..=0x2069) // isolates
    })
}

impl FontBook {
    /// Shapes one line (no line breaks) whose text [`needs_shaping`]: bidi runs in visual
    /// order, font fallback per character, joined forms. Also returns the characters no
    /// shipped font can show.
    pub fn shape_line(&self, font: FontId, size_pt: f32, text: &str) -> (ComplexLine, Vec<char>) {
        let mut line = ComplexLine {
            segments: Vec::new(),
            width_pt: 0.0,
        };
        let mut missing = Vec::new();
        // A line with any left-to-right letter reads left to right (an English sentence that
        // quotes an Arabic name keeps its order); a line wholly in Arabic or Hebrew reads right
        // to left.
        let has_ltr = text
            .chars()
            .any(|c| unicode_bidi::bidi_class(c) == unicode_bidi::BidiClass::L);
        let bidi = BidiInfo::new(text, has_ltr.then(unicode_bidi::Level::ltr));
        let Some(para) = bidi.paragraphs.first() else {
            return (line, missing);
        };
        let (levels, runs) = bidi.visual_runs(para, para.range.clone());
        for run in runs {
            let rtl = levels.get(run.start).is_some_and(|l| l.is_rtl());
            let mut pieces = self.split_by_font(font, text, run);
            if rtl {
                pieces.reverse();
            }
            for (seg_font, range) in pieces {
                let mut seg = self.shape_segment(seg_font, size_pt, &text[range], rtl);
                seg.x_pt = line.width_pt;
                line.width_pt += seg.width_pt;
                for g in &seg.glyphs {
                    if g.gid == 0 {
                        missing.extend(g.text.chars().filter(|c| !c.is_whitespace()));
                    }
                }
                line.segments.push(seg);
            }
        }
        missing.sort_unstable();
        missing.dedup();
        (line, missing)
    }

    /// Splits `text[range]` (one direction) into pieces of one font each, in logical order. A
    /// character stays in the current piece's font when that font has it (spaces and digits
    /// inside Arabic do not break the piece); otherwise it takes `font`, or else the first
    /// fallback that has it, or else `font` (shown as a box and warned about).
    fn split_by_font(
        &self,
        font: FontId,
        text: &str,
        range: Range<usize>,
    ) -> Vec<(FontId, Range<usize>)> {
        let has = |f: FontId, c: char| self.face(f).glyph_index(c).is_some();
        let mut pieces: Vec<(FontId, Range<usize>)> = Vec::new();
        let Some(slice) = text.get(range.clone()) else {
            return pieces;
        };
        for (i, c) in slice.char_indices() {
            let at = range.start + i;
            let end = at + c.len_utf8();
            let current = pieces.last().map(|(f, _)| *f);
            let chosen = match current {
                Some(f) if has(f, c) => f,
                _ if has(font, c) => font,
                _ => font
                    .fallbacks()
                    .into_iter()
                    .find(|f| has(*f, c))
                    .unwrap_or(current.unwrap_or(font)),
            };
            match pieces.last_mut() {
                Some((f, r)) if *f == chosen => r.end = end,
                _ => pieces.push((chosen, at..end)),
            }
        }
        pieces
    }

    /// Shapes one segment in one font and direction; `x_pt` is left at 0 for the caller.
    fn shape_segment(&self, font: FontId, size_pt: f32, text: &str, rtl: bool) -> Segment {
        let face = self.face(font);
        let scale = size_pt / self.units_per_em(font);
        let mut buffer = harfrust::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.set_direction(if rtl {
            harfrust::Direction::RightToLeft
        } else {
            harfrust::Direction::LeftToRight
        });
        buffer.guess_segment_properties();
        // Marks keep clusters of their own, so each glyph copies out as its own characters.
        buffer.set_cluster_level(harfrust::BufferClusterLevel::MonotoneCharacters);
        let out = self.shape_buffer(font, buffer);
        let infos = out.glyph_infos();
        let positions = out.glyph_positions();
        // Cluster starts in reading order, to find the characters of each glyph.
        let mut starts: Vec<usize> = infos.iter().map(|g| g.cluster as usize).collect();
        starts.sort_unstable();
        starts.dedup();
        let mut glyphs = Vec::with_capacity(infos.len());
        let mut pen = 0i64;
        let mut previous: Option<usize> = None;
        for (info, pos) in infos.iter().zip(positions) {
            let cluster = info.cluster as usize;
            // A cluster of several glyphs (they come together) gives its characters to the
            // first only, so copied text does not repeat them.
            let end = if previous == Some(cluster) {
                cluster
            } else {
                starts
                    .get(starts.partition_point(|s| *s <= cluster))
                    .copied()
                    .unwrap_or(text.len())
            };
            previous = Some(cluster);
            let gid = info.glyph_id as u16;
            let nominal = face
                .glyph_hor_advance(ttf_parser::GlyphId(gid))
                .map(i32::from)
                .unwrap_or(0);
            glyphs.push(Glyph {
                gid,
                x_pt: (pen + i64::from(pos.x_offset)) as f32 * scale,
                y_pt: pos.y_offset as f32 * scale,
                nominal_pt: nominal as f32 * scale,
                text: text.get(cluster..end).unwrap_or_default().to_owned(),
            });
            pen += i64::from(pos.x_advance);
        }
        Segment {
            font,
            x_pt: 0.0,
            width_pt: pen as f32 * scale,
            text: text.to_owned(),
            rtl,
            glyphs,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_needs_no_shaping() {
        assert!(!needs_shaping("Bakı, Ə ə — “Charter” 2026"));
        assert!(needs_shaping("Baku باكو"));
        assert!(needs_shaping("שלום"));
    }

    #[test]
    fn arabic_is_shown_right_to_left_in_the_fallback_font_with_joined_forms() {
        let book = FontBook::get().unwrap();
        let (line, missing) = book.shape_line(FontId::SansRegular, 12.0, "Baku باكو 2026");
        assert!(missing.is_empty(), "{missing:?}");
        let fonts: Vec<FontId> = line.segments.iter().map(|s| s.font).collect();
        assert!(fonts.contains(&FontId::ArabicRegular), "{fonts:?}");
        assert!(fonts.contains(&FontId::SansRegular), "{fonts:?}");
        let arabic = line
            .segments
            .iter()
            .find(|s| s.font == FontId::ArabicRegular)
            .unwrap();
        assert!(arabic.rtl);
        // Visual order: the last letter (و) is leftmost, the first (ب) rightmost.
        let at = |t: &str| arabic.glyphs.iter().position(|g| g.text == t).unwrap();
        assert!(
            at("و") < at("ا") && at("ا") < at("ب"),
            "{:?}",
            arabic.glyphs
        );
        assert_eq!(arabic.glyphs.last().unwrap().text, "ب");
        // Joined forms are not the isolated letters the cmap gives.
        let face = book.face(FontId::ArabicRegular);
        let isolated = face.glyph_index('ب').unwrap().0;
        assert_ne!(arabic.glyphs.last().unwrap().gid, isolated);
        // Segments tile the line.
        let sum: f32 = line.segments.iter().map(|s| s.width_pt).sum();
        assert!((sum - line.width_pt).abs() < 0.01);
        for w in line.segments.windows(2) {
            assert!((w[0].x_pt + w[0].width_pt - w[1].x_pt).abs() < 0.01);
        }
    }

    #[test]
    fn a_right_to_left_line_is_reversed_as_a_whole() {
        let book = FontBook::get().unwrap();
        // Hebrew first: the paragraph reads right to left, so the number sits left of it.
        let (line, _) = book.shape_line(FontId::SansBold, 12.0, "שלום 2026");
        assert_eq!(line.segments.len(), 2, "{:?}", line.segments);
        assert!(line.segments[0].text.contains("2026"));
        assert_eq!(line.segments[1].font, FontId::HebrewBold);
        assert_eq!(line.segments[1].glyphs.last().unwrap().text, "ש");
    }

    #[test]
    fn brackets_between_right_to_left_words_are_mirrored_for_the_painter() {
        let book = FontBook::get().unwrap();
        let (line, _) = book.shape_line(FontId::SansRegular, 12.0, "باكو (2026) شرق");
        let pairs: Vec<(String, String)> = line
            .segments
            .iter()
            .map(|s| (s.text.clone(), s.painter_text().into_owned()))
            .collect();
        // The whole line reads right to left: the closing bracket and its space come second,
        // shown reversed and mirrored; the opening bracket is shown as ")".
        assert_eq!(pairs[1], (") ".to_owned(), " (".to_owned()), "{pairs:?}");
        assert!(
            pairs.contains(&("(".to_owned(), ")".to_owned())),
            "{pairs:?}"
        );
        let (plain, _) = book.shape_line(FontId::SansRegular, 12.0, "Baku باكو");
        assert!(plain.segments.iter().all(|s| s.painter_text() == s.text));
    }

    #[test]
    fn characters_no_font_has_are_reported() {
        let book = FontBook::get().unwrap();
        let (_, missing) = book.shape_line(FontId::SansRegular, 12.0, "שלום 東京");
        assert_eq!(missing, vec!['京', '東']);
    }
}
