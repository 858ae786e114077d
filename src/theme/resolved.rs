//! The validated theme that layout uses: parsed colours, known font families, checked sizes.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::raw::RawTheme;
use super::ThemeError;
use crate::fonts::FontFamily;

/// What a content slide shows of the sources it cites.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SlideSources {
    /// Numbers when the deck has a visible sources slide (it lists them in full), else the line.
    Auto,
    /// "Sources: [1] Outlet, date; …", in number order.
    Line,
    /// "Sources: [1], [4], [7]": the numbers of the sources slide only.
    Numbers,
    /// Nothing on the slide.
    None,
}

/// How a cited block shows the numbers of its sources (the numbers of that document's list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum CitationStyle {
    /// Superscript numbers after the text: "… to sell.¹⸴⁴".
    Superscript,
    /// Bracketed numbers after the text: "… to sell [1, 4]".
    Brackets,
    /// No marks in the text (the slide's source line still lists them).
    None,
}

impl CitationStyle {
    /// The mark for source numbers (empty for no numbers or [`CitationStyle::None`]); it is
    /// appended to the text directly, and a bracketed mark is joined by a no-break space so
    /// it never starts a line.
    pub fn mark(self, numbers: &[usize]) -> String {
        if numbers.is_empty() {
            return String::new();
        }
        // Runs of three or more consecutive numbers are shown as a range: 1–4.
        let mut groups: Vec<(usize, usize)> = Vec::new();
        for &n in numbers {
            match groups.last_mut() {
                Some((_, hi)) if n == *hi + 1 => *hi = n,
                _ => groups.push((n, n)),
            }
        }
        let mut parts: Vec<(usize, Option<usize>)> = Vec::new();
        for (lo, hi) in groups {
            match hi - lo {
                0 => parts.push((lo, None)),
                1 => {
                    parts.push((lo, None));
                    parts.push((hi, None));
                }
                _ => parts.push((lo, Some(hi))),
            }
        }
        match self {
            CitationStyle::None => String::new(),
            CitationStyle::Brackets => {
                let n: Vec<String> = parts
                    .iter()
                    .map(|(lo, hi)| match hi {
                        Some(hi) => format!("{lo}\u{2013}{hi}"),
                        None => lo.to_string(),
                    })
                    .collect();
                format!("\u{a0}[{}]", n.join(",\u{a0}"))
            }
            CitationStyle::Superscript => {
                let sup = |n: usize, out: &mut String| {
                    for d in n.to_string().bytes() {
                        out.push(SUPERSCRIPT_DIGITS[usize::from(d - b'0')]);
                    }
                };
                let mut out = String::new();
                for (i, (lo, hi)) in parts.iter().enumerate() {
                    if i > 0 {
                        // RAISED COMMA between numbers.
                        out.push('\u{2e34}');
                    }
                    sup(*lo, &mut out);
                    if let Some(hi) = hi {
                        // SUPERSCRIPT MINUS as the range dash.
                        out.push('\u{207b}');
                        sup(*hi, &mut out);
                    }
                }
                out
            }
        }
    }

    /// Reads the numbers back from a mark at the end of `text` (for tests and checks): the
    /// numbers and the text before the mark.
    pub fn parse_mark(self, text: &str) -> (Vec<usize>, String) {
        /// "1", "3–5" → the numbers.
        fn expand(lo: usize, hi: Option<usize>, out: &mut Vec<usize>) {
            match hi {
                Some(hi) if hi >= lo && hi - lo < 10_000 => out.extend(lo..=hi),
                _ => out.push(lo),
            }
        }
        match self {
            CitationStyle::None => (Vec::new(), text.to_owned()),
            CitationStyle::Brackets => {
                let t = text.trim_end();
                if let (true, Some(open)) = (t.ends_with(']'), t.rfind('[')) {
                    let inner = &t[open + 1..t.len() - 1];
                    let mut nums = Vec::new();
                    for part in inner.split(',') {
                        let part = part.trim_matches(|c: char| c.is_whitespace());
                        let (lo, hi) = match part.split_once('\u{2013}') {
                            Some((a, b)) => (a.parse().ok(), b.parse().ok()),
                            None => (part.parse().ok(), None),
                        };
                        match lo {
                            Some(lo) => expand(lo, hi, &mut nums),
                            None => return (Vec::new(), text.to_owned()),
                        }
                    }
                    return (nums, t[..open].trim_end().to_owned());
                }
                (Vec::new(), text.to_owned())
            }
            CitationStyle::Superscript => {
                let digit = |c: char| SUPERSCRIPT_DIGITS.iter().position(|d| *d == c);
                let t = text.trim_end();
                let start = t
                    .char_indices()
                    .rev()
                    .take_while(|(_, c)| {
                        digit(*c).is_some() || *c == '\u{2e34}' || *c == '\u{207b}'
                    })
                    .last()
                    .map(|(i, _)| i)
                    .unwrap_or(t.len());
                let mut nums = Vec::new();
                for part in t[start..].split('\u{2e34}') {
                    let num = |s: &str| {
                        s.chars()
                            .try_fold(0usize, |acc, c| Some(acc * 10 + digit(c)?))
                            .filter(|_| !s.is_empty())
                    };
                    let (lo, hi) = match part.split_once('\u{207b}') {
                        Some((a, b)) => (num(a), num(b)),
                        None => (num(part), None),
                    };
                    if let Some(lo) = lo {
                        expand(lo, hi, &mut nums);
                    }
                }
                (nums, t[..start].to_owned())
            }
        }
    }
}

/// Superscript digits 0–9.
const SUPERSCRIPT_DIGITS: [char; 10] = [
    '\u{2070}', '\u{b9}', '\u{b2}', '\u{b3}', '\u{2074}', '\u{2075}', '\u{2076}', '\u{2077}',
    '\u{2078}', '\u{2079}',
];

#[cfg(test)]
mod citation_tests {
    use super::CitationStyle;

    #[test]
    fn marks_compress_runs_and_read_back() {
        let s = CitationStyle::Superscript;
        assert_eq!(
            s.mark(&[1, 2, 3, 4, 7]),
            "\u{b9}\u{207b}\u{2074}\u{2e34}\u{2077}"
        );
        assert_eq!(s.mark(&[3, 4]), "\u{b3}\u{2e34}\u{2074}");
        assert_eq!(s.mark(&[12]), "\u{b9}\u{b2}");
        for nums in [
            vec![1, 2, 3, 4, 7],
            vec![3, 4],
            vec![12],
            vec![9, 10, 11, 20],
        ] {
            for style in [CitationStyle::Superscript, CitationStyle::Brackets] {
                let text = format!("Some text.{}", style.mark(&nums));
                let (back, rest) = style.parse_mark(&text);
                assert_eq!(back, nums, "{text}");
                assert_eq!(rest, "Some text.");
            }
        }
        assert_eq!(
            CitationStyle::Brackets.mark(&[1, 2, 3]),
            "\u{a0}[1\u{2013}3]"
        );
        assert_eq!(CitationStyle::None.mark(&[1]), "");
    }
}

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Color {
    /// Red 0–255.
    pub r: u8,
    /// Green 0–255.
    pub g: u8,
    /// Blue 0–255.
    pub b: u8,
}

impl Color {
    /// Black.
    pub const BLACK: Color = Color { r: 0, g: 0, b: 0 };
    /// White.
    pub const WHITE: Color = Color {
        r: 255,
        g: 255,
        b: 255,
    };

    /// Parses `#RRGGBB`.
    pub fn parse_hex(s: &str) -> Option<Color> {
        let h = s.strip_prefix('#')?;
        if h.len() != 6 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let v = u32::from_str_radix(h, 16).ok()?;
        Some(Color {
            r: (v >> 16) as u8,
            g: (v >> 8) as u8,
            b: v as u8,
        })
    }

    /// Relative luminance (WCAG), 0 for black to 1 for white.
    pub fn luminance(self) -> f32 {
        let ch = |c: u8| {
            let c = f32::from(c) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * ch(self.r) + 0.7152 * ch(self.g) + 0.0722 * ch(self.b)
    }

    /// WCAG contrast ratio between two colours (1–21).
    pub fn contrast(self, other: Color) -> f32 {
        let (a, b) = (self.luminance(), other.luminance());
        let (hi, lo) = if a > b { (a, b) } else { (b, a) };
        (hi + 0.05) / (lo + 0.05)
    }
}

/// Colours of a resolved theme.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[allow(missing_docs)]
pub struct Colors {
    pub background: Color,
    pub title_background: Color,
    pub title_text: Color,
    pub heading: Color,
    pub text: Color,
    pub accent: Color,
    pub muted: Color,
    pub panel: Color,
    pub banner_background: Color,
    pub banner_text: Color,
    pub link: Color,
    pub paper_background: Color,
    pub paper_text: Color,
    pub paper_muted: Color,
}

/// Sizes in pt.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[allow(missing_docs)]
pub struct Sizes {
    pub title_pt: f32,
    pub heading_pt: f32,
    pub body_pt: f32,
    pub min_body_pt: f32,
    pub quote_pt: f32,
    pub small_pt: f32,
    pub line_spacing: f32,
}

/// Margins in pt.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[allow(missing_docs)]
pub struct Margins {
    pub top_pt: f32,
    pub bottom_pt: f32,
    pub left_pt: f32,
    pub right_pt: f32,
}

/// A theme ready for layout.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Theme {
    /// Short name, e.g. `navy`.
    pub name: String,
    /// Display name.
    pub display_name: String,
    /// What the theme is for.
    pub description: String,
    /// Family of titles and headings.
    pub heading_family: FontFamily,
    /// Family of body text.
    pub body_family: FontFamily,
    /// Family of quotations.
    pub quote_family: FontFamily,
    /// Colours.
    pub colors: Colors,
    /// Sizes.
    pub sizes: Sizes,
    /// Margins.
    pub margins: Margins,
    /// Marking banner height in pt.
    pub banner_height_pt: f32,
    /// Outline banner instead of a filled band.
    pub banner_outline: bool,
    /// Rule under slide titles.
    pub title_rule: bool,
    /// Rule above the footer.
    pub footer_rule: bool,
    /// Accent bar on title slides, pt (0 = none).
    pub accent_bar_pt: f32,
    /// What a slide shows of its sources.
    pub slide_sources: SlideSources,
    /// Size of the source line on slides, pt.
    pub source_pt: f32,
    /// How cited blocks show their sources' numbers (slides and memo alike).
    pub citations: CitationStyle,
    /// Logo file, resolved against the theme's folder.
    pub logo: Option<PathBuf>,
    /// Spacing, ratios and bar sizes.
    pub geometry: super::Geometry,
}

impl Theme {
    /// Validates a raw theme. `file` names the theme file in messages; `base` resolves the logo path.
    pub fn resolve(raw: RawTheme, file: &str, base: Option<&Path>) -> Result<Theme, ThemeError> {
        let invalid = |field: &str, message: String, hint: &str| ThemeError::Invalid {
            file: file.to_owned(),
            field: field.to_owned(),
            message,
            hint: hint.to_owned(),
        };
        if raw.name.is_empty() || !crate::library::is_valid_id(&raw.name) {
            return Err(invalid(
                "name",
                format!("`{}` is not a valid theme name", raw.name),
                "use lower-case letters, digits and '-', e.g. `navy`",
            ));
        }
        let family = |field: &str, name: &str| {
            FontFamily::from_name(name).ok_or_else(|| {
                invalid(
                    field,
                    format!("unknown font family `{name}`"),
                    &format!(
                        "use one of the shipped families: {}",
                        FontFamily::names().join(", ")
                    ),
                )
            })
        };
        let heading_family = family("fonts.heading", &raw.fonts.heading)?;
        let body_family = family("fonts.body", &raw.fonts.body)?;
        let quote_family = match &raw.fonts.quote {
            Some(q) => family("fonts.quote", q)?,
            None => heading_family,
        };
        let c = &raw.colors;
        let color = |field: &str, v: &str| {
            Color::parse_hex(v).ok_or_else(|| {
                invalid(
                    &format!("colors.{field}"),
                    format!("`{v}` is not a colour"),
                    "write colours as #RRGGBB, e.g. #1F3A5F",
                )
            })
        };
        let colors = Colors {
            background: color("background", &c.background)?,
            title_background: color("title_background", &c.title_background)?,
            title_text: color("title_text", &c.title_text)?,
            heading: color("heading", &c.heading)?,
            text: color("text", &c.text)?,
            accent: color("accent", &c.accent)?,
            muted: color("muted", &c.muted)?,
            panel: color("panel", &c.panel)?,
            banner_background: color("banner_background", &c.banner_background)?,
            banner_text: color("banner_text", &c.banner_text)?,
            link: color("link", &c.link)?,
            paper_background: color(
                "paper_background",
                c.paper_background.as_deref().unwrap_or("#FFFFFF"),
            )?,
            paper_text: color("paper_text", c.paper_text.as_deref().unwrap_or("#1B1B1B"))?,
            paper_muted: color("paper_muted", c.paper_muted.as_deref().unwrap_or("#5C5C5C"))?,
        };
        for (field, fg, bg) in [
            ("colors.text", colors.text, colors.background),
            ("colors.heading", colors.heading, colors.background),
            (
                "colors.paper_text",
                colors.paper_text,
                colors.paper_background,
            ),
            (
                "colors.title_text",
                colors.title_text,
                colors.title_background,
            ),
            (
                "colors.banner_text",
                colors.banner_text,
                colors.banner_background,
            ),
        ] {
            let ratio = fg.contrast(bg);
            if ratio < 4.5 {
                return Err(invalid(
                    field,
                    format!("contrast with its background is {ratio:.1}:1, below 4.5:1"),
                    "pick a darker or lighter colour so the text stays readable",
                ));
            }
        }
        let s = &raw.sizes;
        let size = |field: &str, v: f32, lo: f32, hi: f32| {
            if v.is_finite() && (lo..=hi).contains(&v) {
                Ok(v)
            } else {
                Err(invalid(
                    &format!("sizes.{field}"),
                    format!("{v} pt is outside {lo}–{hi} pt"),
                    "give a size in points within the range",
                ))
            }
        };
        let sizes = Sizes {
            title_pt: size("title_pt", s.title_pt, 16.0, 96.0)?,
            heading_pt: size("heading_pt", s.heading_pt, 12.0, 72.0)?,
            body_pt: size("body_pt", s.body_pt, 8.0, 48.0)?,
            min_body_pt: size("min_body_pt", s.min_body_pt, 6.0, 48.0)?,
            quote_pt: size("quote_pt", s.quote_pt, 8.0, 60.0)?,
            small_pt: size("small_pt", s.small_pt, 6.0, 24.0)?,
            line_spacing: size("line_spacing", s.line_spacing.unwrap_or(1.3), 1.0, 2.5)?,
        };
        if sizes.min_body_pt > sizes.body_pt {
            return Err(invalid(
                "sizes.min_body_pt",
                format!(
                    "{} pt is larger than body_pt ({} pt)",
                    sizes.min_body_pt, sizes.body_pt
                ),
                "the minimum must not exceed the body size",
            ));
        }
        let m = &raw.margins;
        let margin = |field: &str, v: f32| {
            if v.is_finite() && (0.0..=120.0).contains(&v) {
                Ok(v)
            } else {
                Err(invalid(
                    &format!("margins.{field}"),
                    format!("{v} pt is outside 0–120 pt"),
                    "give a margin in points between 0 and 120",
                ))
            }
        };
        let margins = Margins {
            top_pt: margin("top_pt", m.top_pt)?,
            bottom_pt: margin("bottom_pt", m.bottom_pt)?,
            left_pt: margin("left_pt", m.left_pt)?,
            right_pt: margin("right_pt", m.right_pt)?,
        };
        let banner_height_pt = raw.banner.height_pt.unwrap_or(18.0);
        if !(10.0..=40.0).contains(&banner_height_pt) {
            return Err(invalid(
                "banner.height_pt",
                format!("{banner_height_pt} pt is outside 10–40 pt"),
                "give a banner height between 10 and 40 pt",
            ));
        }
        let accent_bar_pt = raw.chrome.accent_bar_pt.unwrap_or(0.0).clamp(0.0, 60.0);
        if let Some(l) = &raw.logo {
            let p = Path::new(l);
            let escapes = p.is_absolute()
                || p.components().any(|c| {
                    matches!(
                        c,
                        std::path::Component::ParentDir | std::path::Component::Prefix(_)
                    )
                });
            if escapes {
                return Err(invalid(
                    "logo",
                    format!("`{l}` points outside the theme's folder"),
                    "put the logo file beside the theme file and give its name, e.g. `logo.png`",
                ));
            }
        }
        let logo = raw.logo.as_ref().map(|l| match base {
            Some(b) => b.join(l),
            None => PathBuf::from(l),
        });
        let geometry = super::Geometry::resolve(&raw.geometry, file)?;
        let slide_sources = match raw.chrome.slide_sources.as_deref().unwrap_or("auto") {
            "auto" => SlideSources::Auto,
            "line" => SlideSources::Line,
            "numbers" => SlideSources::Numbers,
            "none" => SlideSources::None,
            other => {
                return Err(invalid(
                    "chrome.slide_sources",
                    format!("`{other}` is not a choice"),
                    "use auto, line, numbers or none",
                ))
            }
        };
        let source_pt = raw.chrome.source_pt.unwrap_or(11.0);
        if !(6.0..=24.0).contains(&source_pt) {
            return Err(invalid(
                "chrome.source_pt",
                format!("{source_pt} pt is outside 6–24 pt"),
                "give a size between 6 and 24 pt",
            ));
        }
        let citations = match raw.chrome.citations.as_deref().unwrap_or("superscript") {
            "superscript" => CitationStyle::Superscript,
            "brackets" => CitationStyle::Brackets,
            "none" => CitationStyle::None,
            other => {
                return Err(invalid(
                    "chrome.citations",
                    format!("`{other}` is not a choice"),
                    "use superscript, brackets or none",
                ))
            }
        };
        Ok(Theme {
            citations,
            slide_sources,
            source_pt,
            geometry,
            name: raw.name,
            display_name: raw.display_name,
            description: raw.description,
            heading_family,
            body_family,
            quote_family,
            colors,
            sizes,
            margins,
            banner_height_pt,
            banner_outline: raw.banner.outline.unwrap_or(false),
            title_rule: raw.chrome.title_rule.unwrap_or(true),
            footer_rule: raw.chrome.footer_rule.unwrap_or(false),
            accent_bar_pt,
            logo,
        })
    }
}
