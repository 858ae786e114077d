//! Laid-out pages: positioned items that every backend paints as they are.
//! Coordinates are in pt with the origin at the top-left of the page, y growing downwards.

use std::sync::Arc;

use serde::Serialize;

use super::warning::Warning;
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
    /// Rotation about the start of the baseline, counter-clockwise in degrees (0 = level).
    pub angle_deg: f32,
    /// Opacity from 0 (invisible) to 1 (opaque), e.g. for a watermark.
    pub alpha: f32,
    /// For text in Arabic or Hebrew: the line shaped into segments in visual order, with
    /// fallback fonts and joined forms (`kerning` is then empty). The PDF and the preview draw
    /// these segments instead of `text`, which stays in reading order for search and copying.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complex: Option<std::sync::Arc<crate::fonts::ComplexLine>>,
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
    /// Items drawn through a transform: a slide frame placed (scaled) on a sheet. The items are
    /// shared with the layout cache, so placing a frame copies nothing.
    Group {
        /// Where the group's origin lands and how much it is scaled.
        transform: Transform,
        /// Size of the group's own box (its coordinates run from 0,0 to this), in its own pt.
        size_pt: (f32, f32),
        /// The items, in the group's own coordinates.
        items: Arc<Vec<Item>>,
    },
}

/// Placement of a group: a point (x, y) inside it lands at
/// (`dx_pt` + `scale` · x, `dy_pt` + `scale` · y) in the enclosing coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Transform {
    /// Uniform scale.
    pub scale: f32,
    /// Horizontal offset of the group's origin, in enclosing pt.
    pub dx_pt: f32,
    /// Vertical offset of the group's origin (downwards), in enclosing pt.
    pub dy_pt: f32,
}

impl Transform {
    /// No change.
    pub const IDENTITY: Transform = Transform {
        scale: 1.0,
        dx_pt: 0.0,
        dy_pt: 0.0,
    };

    /// Where a point of the group lands.
    pub fn apply(&self, x: f32, y: f32) -> (f32, f32) {
        (self.dx_pt + self.scale * x, self.dy_pt + self.scale * y)
    }

    /// Where a rectangle of the group lands.
    pub fn apply_rect(&self, r: &Rect) -> Rect {
        let (x, y) = self.apply(r.x_pt, r.y_pt);
        Rect::new(x, y, r.w_pt * self.scale, r.h_pt * self.scale)
    }

    /// This transform applied after `inner` (for a group inside a group).
    pub fn then(&self, inner: &Transform) -> Transform {
        let (dx, dy) = self.apply(inner.dx_pt, inner.dy_pt);
        Transform {
            scale: self.scale * inner.scale,
            dx_pt: dx,
            dy_pt: dy,
        }
    }
}

/// One page of the output (a sheet): a slide, a notes page or a handout page.
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
    /// The slides shown on this page, in order.
    pub slides: Vec<SlideId>,
    /// Items that differ between numbered copies (the copy line), painted after `items`; kept
    /// apart so the copies of one document share everything else.
    pub overlay: Vec<Item>,
}

impl Item {
    /// Moves the item down by `dy` pt (up when negative), e.g. to balance sparse text.
    pub fn shift_y(&mut self, dy: f32) {
        if dy == 0.0 {
            return;
        }
        match self {
            Item::Text(r) => r.baseline_pt += dy,
            Item::Rect { rect, .. } | Item::Image { rect, .. } | Item::Link { rect, .. } => {
                rect.y_pt += dy
            }
            Item::Line { from, to, .. } => {
                from.1 += dy;
                to.1 += dy;
            }
            Item::Group { transform, .. } => transform.dy_pt += dy,
        }
    }
}

impl Page {
    /// Every item on the page with groups opened (depth first, in painting order; the group
    /// items themselves are left out). Positions stay in each group's own coordinates.
    pub fn all_items(&self) -> Vec<&Item> {
        fn walk<'a>(items: &'a [Item], out: &mut Vec<&'a Item>) {
            for i in items {
                match i {
                    Item::Group { items, .. } => walk(items, out),
                    other => out.push(other),
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.items, &mut out);
        walk(&self.overlay, &mut out);
        out
    }

    /// The first slide the page shows.
    pub fn first_slide(&self) -> Option<SlideId> {
        self.slides.first().copied()
    }
}

/// An outline entry of the output: a slide's title and the page that holds it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bookmark {
    /// The slide's title.
    pub title: String,
    /// 0-based index of the page in [`Layout::pages`].
    pub page_index: usize,
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

/// The result of laying out a deck.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Layout {
    /// The pages of the output, in order.
    pub pages: Vec<Page>,
    /// One outline entry per visible slide.
    pub bookmarks: Vec<Bookmark>,
    /// Every problem found.
    pub warnings: Vec<Warning>,
    /// Pictures referenced by [`Item::Image`].
    pub images: Vec<ImageData>,
    /// The highest banner on any page (the document's marking), if pages carry banners.
    pub marking: Option<String>,
}
