//! The theme file as written (TOML), before validation. Unknown fields are errors.

use serde::Deserialize;

/// A theme file as parsed, with every field optional where the resolved theme has a default.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTheme {
    /// Short name used on the command line and in deck files, e.g. `navy`.
    pub name: String,
    /// Name shown in the app.
    pub display_name: String,
    /// One line on what the theme is for.
    pub description: String,
    /// Font families.
    pub fonts: RawFonts,
    /// Colours as `#RRGGBB`.
    pub colors: RawColors,
    /// Font sizes in pt.
    pub sizes: RawSizes,
    /// Page margins in pt.
    pub margins: RawMargins,
    /// Marking banner style.
    #[serde(default)]
    pub banner: RawBanner,
    /// Header and footer.
    #[serde(default)]
    pub chrome: RawChrome,
    /// Optional logo image (PNG or JPEG), relative to the theme file.
    #[serde(default)]
    pub logo: Option<String>,
    /// Spacing, ratios and bar sizes (every value optional; defaults in `theme::Geometry`).
    #[serde(default)]
    pub geometry: super::geometry::RawGeometry,
}

/// Font families of a theme.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFonts {
    /// Family for titles and headings.
    pub heading: String,
    /// Family for body text.
    pub body: String,
    /// Family for quotations (defaults to the heading family).
    #[serde(default)]
    pub quote: Option<String>,
}

/// Colours of a theme.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawColors {
    /// Page background.
    pub background: String,
    /// Background of title and section slides.
    pub title_background: String,
    /// Title text on title and section slides.
    pub title_text: String,
    /// Slide titles.
    pub heading: String,
    /// Body text.
    pub text: String,
    /// Accent: rules, bullets, dates, highlights.
    pub accent: String,
    /// Secondary text: footer, attributions, sources.
    pub muted: String,
    /// Background of panels (quotes, comparison columns, takeaways).
    pub panel: String,
    /// Marking banner background.
    pub banner_background: String,
    /// Marking banner text.
    pub banner_text: String,
    /// Link text on the sources slide.
    pub link: String,
    /// Background of paper sheets: notes pages and handouts (default white).
    #[serde(default)]
    pub paper_background: Option<String>,
    /// Text on paper sheets (default near-black).
    #[serde(default)]
    pub paper_text: Option<String>,
    /// Secondary text and rules on paper sheets (default grey).
    #[serde(default)]
    pub paper_muted: Option<String>,
}

/// Sizes of a theme, in pt.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSizes {
    /// Title slide title.
    pub title_pt: f32,
    /// Slide titles.
    pub heading_pt: f32,
    /// Body text.
    pub body_pt: f32,
    /// The smallest size body text may shrink to before an overflow warning.
    pub min_body_pt: f32,
    /// Quotations.
    pub quote_pt: f32,
    /// Footer, attributions, source lines.
    pub small_pt: f32,
    /// Line height as a multiple of the font size.
    #[serde(default)]
    pub line_spacing: Option<f32>,
}

/// Margins of a theme, in pt.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMargins {
    /// Top margin.
    pub top_pt: f32,
    /// Bottom margin.
    pub bottom_pt: f32,
    /// Left margin.
    pub left_pt: f32,
    /// Right margin.
    pub right_pt: f32,
}

/// Marking banner style.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBanner {
    /// Height of the banner band in pt.
    #[serde(default)]
    pub height_pt: Option<f32>,
    /// Draw the banner as an outlined box instead of a filled band (survives photocopying).
    #[serde(default)]
    pub outline: Option<bool>,
}

/// Header and footer.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChrome {
    /// Draw an accent rule under slide titles.
    #[serde(default)]
    pub title_rule: Option<bool>,
    /// Draw a rule above the footer.
    #[serde(default)]
    pub footer_rule: Option<bool>,
    /// Accent bar width on the left of title slides, in pt (0 for none).
    #[serde(default)]
    pub accent_bar_pt: Option<f32>,
    /// What a slide shows of its sources: `auto` (default: numbers when the deck has a
    /// sources slide, else the full line), `line` (numbers, outlets and dates), `numbers`
    /// (only the numbers of the sources slide) or `none`.
    #[serde(default)]
    pub slide_sources: Option<String>,
    /// Size of the source line on slides, in pt (default 11).
    #[serde(default)]
    pub source_pt: Option<f32>,
    /// How a cited block shows its sources' numbers: `superscript` (default, "text.¹⸴⁴"),
    /// `brackets` ("text [1, 4]") or `none`.
    #[serde(default)]
    pub citations: Option<String>,
}
