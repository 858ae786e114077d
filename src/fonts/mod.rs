//! The shipped fonts (Noto Sans and Noto Serif, with Noto Sans Arabic and Hebrew as fallbacks;
//! OFL) and text shaping with kerning.
//!
//! Layout measures text here; the PDF writer embeds the same bytes; the app draws with them too.
//! Text in Arabic or Hebrew is shaped in [`complex`]: right-to-left runs ordered by the Unicode
//! bidirectional algorithm, letters joined by the fallback font's own shaping rules.

pub mod complex;

pub use complex::{ComplexLine, Glyph, Segment};

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// A font family shipped in `assets/fonts/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FontFamily {
    /// Noto Sans.
    Sans,
    /// Noto Serif.
    Serif,
}

impl FontFamily {
    /// Parses a family name as written in theme files.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "Noto Sans" => Some(FontFamily::Sans),
            "Noto Serif" => Some(FontFamily::Serif),
            _ => None,
        }
    }

    /// The names theme files may use.
    pub fn names() -> [&'static str; 2] {
        ["Noto Sans", "Noto Serif"]
    }
}

/// A weight/slant of a family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FontStyle {
    /// Regular.
    Regular,
    /// Bold.
    Bold,
    /// Italic.
    Italic,
}

/// One concrete font file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum FontId {
    /// Noto Sans Regular.
    SansRegular,
    /// Noto Sans Bold.
    SansBold,
    /// Noto Sans Italic.
    SansItalic,
    /// Noto Serif Regular.
    SerifRegular,
    /// Noto Serif Bold.
    SerifBold,
    /// Noto Serif Italic.
    SerifItalic,
    /// Noto Sans Arabic Regular (fallback for Arabic script in every family).
    ArabicRegular,
    /// Noto Sans Arabic Bold.
    ArabicBold,
    /// Noto Sans Hebrew Regular (fallback for Hebrew script in every family).
    HebrewRegular,
    /// Noto Sans Hebrew Bold.
    HebrewBold,
}

/// The shipped font files, in [`FontId::bytes`] order. A `static`, so the binary holds each
/// file once: bytes included in a function that is inlined in several places were copied once
/// per place (up to 8 MB more binary, depending on where the compiler inlined it).
static FONT_FILES: [&[u8]; 10] = [
    include_bytes!("../../assets/fonts/NotoSans-Regular.ttf"),
    include_bytes!("../../assets/fonts/NotoSans-Bold.ttf"),
    include_bytes!("../../assets/fonts/NotoSans-Italic.ttf"),
    include_bytes!("../../assets/fonts/NotoSerif-Regular.ttf"),
    include_bytes!("../../assets/fonts/NotoSerif-Bold.ttf"),
    include_bytes!("../../assets/fonts/NotoSerif-Italic.ttf"),
    include_bytes!("../../assets/fonts/NotoSansArabic-Regular.ttf"),
    include_bytes!("../../assets/fonts/NotoSansArabic-Bold.ttf"),
    include_bytes!("../../assets/fonts/NotoSansHebrew-Regular.ttf"),
    include_bytes!("../../assets/fonts/NotoSansHebrew-Bold.ttf"),
];

impl FontId {
    /// Every shipped font.
    pub const ALL: [FontId; 10] = [
        FontId::SansRegular,
        FontId::SansBold,
        FontId::SansItalic,
        FontId::SerifRegular,
        FontId::SerifBold,
        FontId::SerifItalic,
        FontId::ArabicRegular,
        FontId::ArabicBold,
        FontId::HebrewRegular,
        FontId::HebrewBold,
    ];

    /// The fonts themes choose from (the others are fallbacks for scripts these lack).
    pub const PRIMARY: [FontId; 6] = [
        FontId::SansRegular,
        FontId::SansBold,
        FontId::SansItalic,
        FontId::SerifRegular,
        FontId::SerifBold,
        FontId::SerifItalic,
    ];

    /// The fonts tried, in order, for a character this font lacks: Arabic, then Hebrew, bold
    /// for bold (the fallbacks have no italic; italic text falls back to regular).
    pub fn fallbacks(self) -> [FontId; 2] {
        match self {
            FontId::SansBold | FontId::SerifBold | FontId::ArabicBold | FontId::HebrewBold => {
                [FontId::ArabicBold, FontId::HebrewBold]
            }
            _ => [FontId::ArabicRegular, FontId::HebrewRegular],
        }
    }

    /// The font of a family in a style.
    pub fn of(family: FontFamily, style: FontStyle) -> FontId {
        match (family, style) {
            (FontFamily::Sans, FontStyle::Regular) => FontId::SansRegular,
            (FontFamily::Sans, FontStyle::Bold) => FontId::SansBold,
            (FontFamily::Sans, FontStyle::Italic) => FontId::SansItalic,
            (FontFamily::Serif, FontStyle::Regular) => FontId::SerifRegular,
            (FontFamily::Serif, FontStyle::Bold) => FontId::SerifBold,
            (FontFamily::Serif, FontStyle::Italic) => FontId::SerifItalic,
        }
    }

    /// The font file's bytes (TrueType).
    pub fn bytes(self) -> &'static [u8] {
        match self {
            FontId::SansRegular => FONT_FILES[0],
            FontId::SansBold => FONT_FILES[1],
            FontId::SansItalic => FONT_FILES[2],
            FontId::SerifRegular => FONT_FILES[3],
            FontId::SerifBold => FONT_FILES[4],
            FontId::SerifItalic => FONT_FILES[5],
            FontId::ArabicRegular => FONT_FILES[6],
            FontId::ArabicBold => FONT_FILES[7],
            FontId::HebrewRegular => FONT_FILES[8],
            FontId::HebrewBold => FONT_FILES[9],
        }
    }

    /// PostScript-style name, e.g. `NotoSans-Bold`.
    pub fn name(self) -> &'static str {
        match self {
            FontId::SansRegular => "NotoSans-Regular",
            FontId::SansBold => "NotoSans-Bold",
            FontId::SansItalic => "NotoSans-Italic",
            FontId::SerifRegular => "NotoSerif-Regular",
            FontId::SerifBold => "NotoSerif-Bold",
            FontId::SerifItalic => "NotoSerif-Italic",
            FontId::ArabicRegular => "NotoSansArabic-Regular",
            FontId::ArabicBold => "NotoSansArabic-Bold",
            FontId::HebrewRegular => "NotoSansHebrew-Regular",
            FontId::HebrewBold => "NotoSansHebrew-Bold",
        }
    }

    /// Position in [`FontId::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// A font file that could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the shipped font {0} could not be parsed")]
pub struct FontError(pub &'static str);

/// Parsed faces of every shipped font.
pub struct FontBook {
    /// Every font's tables, checked when the book is made (cheap: the tables are read lazily),
    /// for character and advance look-ups.
    tables: Vec<ttf_parser::Face<'static>>,
    /// Every font for the shaper (harfrust), checked when the book is made.
    refs: Vec<harfrust::FontRef<'static>>,
    /// Shaping data, each built on first use (building one reads the font's substitution and
    /// positioning lookups; most documents use three or four of the ten fonts).
    shaping: [OnceLock<harfrust::ShaperData>; FontId::ALL.len()],
    features: Vec<harfrust::Feature>,
    /// Shaping plans by font, direction and script: building a plan costs more than shaping
    /// a word, so each is built once and reused.
    plans: std::sync::Mutex<PlanCache>,
}

/// Shaping plans keyed by (font, direction, script tag).
type PlanCache =
    std::collections::HashMap<(FontId, u8, [u8; 4]), std::sync::Arc<harfrust::ShapePlan>>;

impl std::fmt::Debug for FontBook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontBook")
            .field("faces", &self.tables.len())
            .finish()
    }
}

/// Text shaped at a size: total advance plus per-character kerning adjustments.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shaped {
    /// Total advance width in pt.
    pub width_pt: f32,
    /// (byte index of a character, pt) — how much the shaped advance after that character
    /// differs from the font's nominal advance (negative = tighter).
    pub kerning: Vec<(usize, f32)>,
    /// Characters the font has no glyph for.
    pub missing: Vec<char>,
}

static BOOK: OnceLock<Result<FontBook, FontError>> = OnceLock::new();

impl FontBook {
    /// The shared font book, parsed once.
    pub fn get() -> Result<&'static FontBook, FontError> {
        BOOK.get_or_init(FontBook::parse)
            .as_ref()
            .map_err(Clone::clone)
    }

    fn parse() -> Result<FontBook, FontError> {
        let mut tables = Vec::new();
        let mut refs = Vec::new();
        for id in FontId::ALL {
            tables.push(ttf_parser::Face::parse(id.bytes(), 0).map_err(|_| FontError(id.name()))?);
            refs.push(harfrust::FontRef::new(id.bytes()).map_err(|_| FontError(id.name()))?);
        }
        // Ligatures off: every character keeps its own glyph, so PDF text stays extractable
        // character by character and widths match the plain cmap glyphs the PDF shows.
        let features = ["-liga", "-clig", "-dlig"]
            .iter()
            .filter_map(|f| f.parse().ok())
            .collect();
        Ok(FontBook {
            tables,
            refs,
            shaping: [const { OnceLock::new() }; FontId::ALL.len()],
            features,
            plans: std::sync::Mutex::new(PlanCache::new()),
        })
    }

    /// The font's tables (`tables` and `refs` hold one entry per FontId, in FontId::ALL
    /// order; the book is not made otherwise).
    fn face(&self, font: FontId) -> &ttf_parser::Face<'static> {
        &self.tables[font.index()]
    }

    /// A shaper for `font`, its shaping data built on first use.
    fn shaper(&self, font: FontId) -> harfrust::Shaper<'_> {
        let font_ref = &self.refs[font.index()];
        self.shaping[font.index()]
            .get_or_init(|| harfrust::ShaperData::new(font_ref))
            .shaper(font_ref)
            .build()
    }

    /// Shapes `buffer` in `font` with the book's features, through a cached plan when there
    /// is one for the buffer's direction and script.
    fn shape_buffer(&self, font: FontId, buffer: harfrust::UnicodeBuffer) -> harfrust::GlyphBuffer {
        let shaper = self.shaper(font);
        let plan = self.plan(font, &shaper, &buffer);
        shaper.shape(
            buffer,
            harfrust::ShapeOptions::new()
                .plan(plan.as_deref())
                .features(&self.features),
        )
    }

    /// Builds the shaping data and the Latin left-to-right plan of every primary face ahead of
    /// layout, on a thread that has the time (they would otherwise be built by the first word
    /// shaped in each font).
    pub fn warm_up(&self) {
        for font in FontId::PRIMARY {
            let shaper = self.shaper(font);
            let mut buffer = harfrust::UnicodeBuffer::new();
            buffer.push_str("a");
            buffer.guess_segment_properties();
            let _ = self.plan(font, &shaper, &buffer);
        }
    }

    /// Whether `font` has a glyph for `c` (its own, not a fallback's).
    pub fn has_glyph(&self, font: FontId, c: char) -> bool {
        self.face(font).glyph_index(c).is_some()
    }

    /// Units per em of a font.
    pub fn units_per_em(&self, font: FontId) -> f32 {
        f32::from(self.face(font).units_per_em())
    }

    /// Ascender in pt at `size_pt`.
    pub fn ascender_pt(&self, font: FontId, size_pt: f32) -> f32 {
        f32::from(self.face(font).ascender()) / self.units_per_em(font) * size_pt
    }

    /// Shapes `text` (one line) at `size_pt` with kerning.
    ///
    /// Text that [`complex::needs_shaping`] is measured through [`FontBook::shape_line`] (its
    /// width; no kerning list, since the PDF shows its glyphs as shaped).
    pub fn shape(&self, font: FontId, size_pt: f32, text: &str) -> Shaped {
        if complex::needs_shaping(text) {
            let (line, missing) = self.shape_line(font, size_pt, text);
            return Shaped {
                width_pt: line.width_pt,
                kerning: Vec::new(),
                missing,
            };
        }
        let face = self.face(font);
        let scale = size_pt / self.units_per_em(font);
        let mut buffer = harfrust::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let out = self.shape_buffer(font, buffer);
        let infos = out.glyph_infos();
        let positions = out.glyph_positions();
        let mut shaped = Shaped::default();
        let mut total = 0i64;
        for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
            total += i64::from(pos.x_advance);
            let cluster = info.cluster as usize;
            let gid = ttf_parser::GlyphId(info.glyph_id as u16);
            if info.glyph_id == 0 {
                if let Some(c) = text.get(cluster..).and_then(|s| s.chars().next()) {
                    shaped.missing.push(c);
                }
            }
            let single = infos
                .get(i + 1)
                .is_none_or(|n| n.cluster as usize != cluster)
                && (i == 0 || infos[i - 1].cluster as usize != cluster);
            if !single {
                continue;
            }
            let nominal = face.glyph_hor_advance(gid).map(i32::from).unwrap_or(0);
            let diff = pos.x_advance - nominal;
            if diff != 0 {
                shaped.kerning.push((cluster, diff as f32 * scale));
            }
        }
        shaped.width_pt = total as f32 * scale;
        shaped
    }

    /// The shaping plan for `buffer`'s direction and script in `font` (built on first use);
    /// `None` when the buffer carries a language (then the shaper builds its own plan).
    fn plan(
        &self,
        font: FontId,
        shaper: &harfrust::Shaper<'_>,
        buffer: &harfrust::UnicodeBuffer,
    ) -> Option<std::sync::Arc<harfrust::ShapePlan>> {
        if buffer.language().is_some() {
            return None;
        }
        let direction = buffer.direction();
        let script = buffer.script();
        let dir = match direction {
            harfrust::Direction::LeftToRight => 0,
            harfrust::Direction::RightToLeft => 1,
            harfrust::Direction::TopToBottom => 2,
            harfrust::Direction::BottomToTop => 3,
            harfrust::Direction::Invalid => return None,
        };
        let key = (font, dir, script.tag().to_be_bytes());
        let mut plans = self.plans.lock().ok()?;
        let plan = plans.entry(key).or_insert_with(|| {
            std::sync::Arc::new(harfrust::ShapePlan::new(
                shaper,
                direction,
                Some(script),
                None,
                &self.features,
            ))
        });
        Some(plan.clone())
    }

    /// Width of `text` in pt at `size_pt`, with kerning.
    pub fn width_pt(&self, font: FontId, size_pt: f32, text: &str) -> f32 {
        self.shape(font, size_pt, text).width_pt
    }
}

impl crate::error::Hinted for FontError {
    fn hint(&self) -> Option<String> {
        crate::error::hint("the binary is damaged; reinstall BriefDeck")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fonts_cover_azerbaijani_and_cyrillic() {
        let book = FontBook::get().unwrap();
        for id in FontId::PRIMARY {
            let s = book.shape(id, 12.0, "Ə ə Ğ ğ I ı İ i Ş ş Ç ç Ö ö Ü ü Привет Türkiye");
            assert!(s.missing.is_empty(), "{id:?} lacks {:?}", s.missing);
        }
    }

    #[test]
    fn kerning_is_applied() {
        let book = FontBook::get().unwrap();
        let s = book.shape(FontId::SansRegular, 20.0, "AVATAR To");
        assert!(!s.kerning.is_empty());
        let nominal: f32 = "AVATAR To"
            .chars()
            .map(|c| {
                book.shape(FontId::SansRegular, 20.0, &c.to_string())
                    .width_pt
            })
            .sum();
        assert!(s.width_pt < nominal - 1.0, "{} vs {}", s.width_pt, nominal);
    }
}
