//! Laid-out pages: positioned items that every backend paints as they are.
//! Coordinates are in pt with the origin at the top-left of the page, y growing downwards.

use std::sync::Arc;

use serde::Serialize;

use crate::deck::SlideId;
use crate::fonts::FontId;
use crate::theme::Color;

/// A rectangle in pt.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rect {
    /// Left edge.
    pub x_pt: f32,
    /// Top edge.
    pub y_pt: f32,
    /// Width.
    pub w_pt: f32,
    /// Height.
    pub h_pt: f32,
}

impl Rect {
    /// A rectangle from its left, top, width and height.
    pub fn new(x_pt: f32, y_pt: f32, w_pt: f32, h_pt: f32) -> Rect {
        Rect {
            x_pt,
            y_pt,
            w_pt,
            h_pt,
        }
    }

    /// Bottom edge.
    pub fn bottom(&self) -> f32 {
        self.y_pt + self.h_pt
    }

    /// Right edge.
    pub fn right(&self) -> f32 {
        self.x_pt + self.w_pt
    }
}

/// One line of text in one font, size and colour.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextRun {
    /// Left end of the baseline.
    pub x_pt: f32,
    /// Baseline position.
    pub baseline_pt: f32,
    /// The font.
    pub font: FontId,
    /// Size.
    pub size_pt: f32,
    /// Colour.
    pub color: Color,
    /// The text.
    pub text: String,
    /// Kerning: (byte index of a character, pt added after it relative to its nominal advance).
    pub kerning: Vec<(usize, f32)>,
    /// Shaped width.
    pub width_pt: f32,
}

/// A positioned thing on a page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Item {
    /// A line of text.
    Text(TextRun),
    /// A filled and/or outlined rectangle.
    Rect {
        /// Where.
        rect: Rect,
        /// Fill colour.
        fill: Option<Color>,
        /// Outline colour and width in pt.
        stroke: Option<(Color, f32)>,
    },
    /// A straight line.
    Line {
        /// Start (x, y).
        from: (f32, f32),
        /// End (x, y).
        to: (f32, f32),
        /// Colour.
        color: Color,
        /// Width in pt.
        width_pt: f32,
    },
    /// A picture from [`Layout::images`].
    Image {
        /// Where.
        rect: Rect,
        /// Index into [`Layout::images`].
        image: usize,
    },
    /// A clickable web link over an area.
    Link {
        /// The clickable area.
        rect: Rect,
        /// The address.
        uri: String,
    },
}

/// One exported page (one visible slide).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page {
    /// Width in pt.
    pub width_pt: f32,
    /// Height in pt.
    pub height_pt: f32,
    /// Background colour.
    pub background: Color,
    /// Items in painting order.
    pub items: Vec<Item>,
    /// The slide this page shows.
    pub slide_id: SlideId,
    /// Bookmark (outline) title.
    pub bookmark: String,
}

/// Decoded picture pixels, shared by pages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImageData {
    /// Width in pixels.
    pub width_px: u32,
    /// Height in pixels.
    pub height_px: u32,
    /// RGB, 8 bits per channel, row by row.
    #[serde(skip)]
    pub rgb: Arc<Vec<u8>>,
}

/// What kind of problem a warning reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// Text does not fit even at the theme's minimum size.
    Overflow,
    /// A character the fonts cannot show.
    MissingGlyph,
    /// A picture that could not be loaded.
    Image,
    /// A cited source that the deck does not hold.
    MissingSource,
    /// A slide with nothing to show.
    Empty,
}

/// A layout problem, attached to a slide.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    /// The slide concerned.
    pub slide_id: Option<SlideId>,
    /// Its 1-based page number in the export.
    pub page: Option<usize>,
    /// What kind of problem.
    pub kind: WarningKind,
    /// What is wrong and what to do.
    pub message: String,
}

/// The result of laying out a deck.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Layout {
    /// One page per visible slide.
    pub pages: Vec<Page>,
    /// Every problem found.
    pub warnings: Vec<Warning>,
    /// Pictures referenced by [`Item::Image`].
    pub images: Vec<ImageData>,
}
