//! Design geometry: spacing, ratios and bar sizes that the layout uses, as theme data with
//! defaults. A theme file may set any of them in its `[geometry]` table; unknown names are errors.

use serde::{Deserialize, Serialize};

use super::ThemeError;

macro_rules! geometry {
    ($( $(#[doc = $doc:literal])* $name:ident = $default:literal in $lo:literal ..= $hi:literal; )*) => {
        /// The `[geometry]` table as written: every value optional.
        #[derive(Debug, Clone, Default, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct RawGeometry {
            $( $(#[doc = $doc])* #[serde(default)] pub $name: Option<f32>, )*
        }

        /// Validated design geometry (lengths in pt, ratios as fractions).
        #[derive(Debug, Clone, Copy, PartialEq, Serialize)]
        pub struct Geometry {
            $( $(#[doc = $doc])* pub $name: f32, )*
        }

        impl Default for Geometry {
            fn default() -> Self {
                Geometry { $( $name: $default, )* }
            }
        }

        impl Geometry {
            /// Fills in defaults and checks every value against its range.
            pub fn resolve(raw: &RawGeometry, file: &str) -> Result<Geometry, ThemeError> {
                Ok(Geometry {
                    $( $name: check(file, stringify!($name), raw.$name.unwrap_or($default), $lo, $hi)?, )*
                })
            }
        }
    };
}

fn check(file: &str, field: &str, v: f32, lo: f32, hi: f32) -> Result<f32, ThemeError> {
    if v.is_finite() && (lo..=hi).contains(&v) {
        Ok(v)
    } else {
        Err(ThemeError::Invalid {
            file: file.to_owned(),
            field: format!("geometry.{field}"),
            message: format!("{v} is outside {lo}–{hi}"),
            hint: "give a value within the range, or remove the line to use the default".to_owned(),
        })
    }
}

geometry! {
    /// Width of the accent rule under slide titles.
    title_rule_width_pt = 56.0 in 0.0..=400.0;
    /// Thickness of the accent rules (titles, title and section slides).
    rule_height_pt = 3.0 in 0.0..=20.0;
    /// Space between a slide title and its rule.
    title_gap_pt = 6.0 in 0.0..=60.0;
    /// Space between the title rule and the content.
    content_gap_pt = 14.0 in 0.0..=80.0;
    /// Height kept for the footer, in multiples of the small text size.
    footer_band_em = 2.2 in 1.0..=6.0;
    /// Space between the content and the "Sources:" line below it.
    source_gap_pt = 10.0 in 0.0..=60.0;
    /// Gap between the columns of a comparison slide.
    column_gap_pt = 24.0 in 0.0..=120.0;
    /// Inner padding of panels (comparison columns).
    panel_padding_pt = 16.0 in 0.0..=60.0;
    /// Thickness of the accent bar on panels and quotations.
    panel_bar_pt = 4.0 in 0.0..=20.0;
    /// Largest share of the content height a quotation panel takes.
    quote_max_ratio = 0.6 in 0.1..=1.0;
    /// Left inset of quotation text inside its panel.
    quote_inset_pt = 22.0 in 0.0..=80.0;
    /// Top and bottom padding of a quotation panel.
    quote_padding_pt = 12.0 in 0.0..=60.0;
    /// Width of the accent rule on title and section slides.
    accent_rule_width_pt = 72.0 in 0.0..=400.0;
    /// Space between the title block and the accent rule (title slides), and between the rule and
    /// the section title (section slides).
    accent_rule_gap_pt = 18.0 in 0.0..=80.0;
    /// Space between the accent rule and the author/date lines on a title slide.
    title_info_gap_pt = 20.0 in 0.0..=80.0;
    /// Share of the title slide's text area the title and subtitle may take.
    title_block_ratio = 0.62 in 0.2..=0.9;
    /// Where the title block starts on a title slide, as a share of the page height.
    title_top_ratio = 0.16 in 0.0..=0.6;
    /// Where the section title sits on a section slide, as a share of the page height.
    section_mid_ratio = 0.42 in 0.1..=0.8;
    /// Space between the widest date and the entry text on a timeline (the rule sits in it).
    timeline_gutter_pt = 30.0 in 8.0..=120.0;
    /// Height of the theme logo in the top margin.
    logo_height_pt = 22.0 in 4.0..=80.0;
    /// Margin of paper sheets (notes pages and handouts).
    paper_margin_pt = 40.0 in 10.0..=120.0;
    /// Gap between slides on a handout sheet.
    sheet_gap_pt = 18.0 in 4.0..=80.0;
    /// Largest share of a notes page's height the slide takes.
    notes_slide_ratio = 0.42 in 0.2..=0.7;
    /// Size of speaker-notes text on notes pages and handouts.
    paper_body_pt = 11.0 in 7.0..=16.0;
    /// Size of the memo's body text.
    memo_body_pt = 10.5 in 7.0..=16.0;
    /// Line spacing of the memo, as a multiple of the text size.
    memo_line_spacing = 1.32 in 1.0..=2.0;
    /// Distance between the ruled lines for handwritten notes.
    note_line_gap_pt = 22.0 in 10.0..=60.0;
    /// A slide's text is balanced (moved down) when it fills less than this share of its area.
    balance_fill = 0.6 in 0.0..=1.0;
    /// Share of the free space put above balanced text (0.5 = centred).
    balance_ratio = 0.35 in 0.0..=0.5;
    /// Size of agenda entries, as a multiple of the body size.
    agenda_scale = 1.25 in 1.0..=2.0;
    /// A list of at most `sparse_items` entries and `sparse_words` words is sparse: it is set
    /// at `sparse_scale` times the body size (one larger size, the same on every such slide).
    sparse_items = 4.0 in 0.0..=10.0;
    /// See `sparse_items`.
    sparse_words = 45.0 in 0.0..=200.0;
    /// See `sparse_items`.
    sparse_scale = 1.3 in 1.0..=2.0;
}
