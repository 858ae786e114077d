//! Layout warnings: what is wrong on which slide and page, and what to do.

use serde::Serialize;

use crate::deck::SlideId;

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
    /// A source address that is not a safe web link (printed, not linked).
    Link,
    /// Text cut to fit (a banner or footer too long for the page).
    Cut,
    /// A marking banner cut with an ellipsis: part of the marking (e.g. a caveat) is not on
    /// the page. An error in the pre-export check.
    BannerCut,
    /// A document longer than it should be: a memo over its template's page limit, or a
    /// bottom line over four lines.
    Length,
}

/// A layout problem. Its message says what is wrong and what to do; where it is (the slide's
/// number in the deck, the page's number in the output) is kept as data and shown by `Display`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    /// The slide concerned.
    pub slide_id: Option<SlideId>,
    /// The slide's 1-based number in the deck (hidden slides count).
    pub slide: Option<usize>,
    /// The 1-based number of the page in the output that shows the problem.
    pub page: Option<usize>,
    /// What kind of problem.
    pub kind: WarningKind,
    /// What is wrong and what to do.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.slide, self.page) {
            (Some(s), Some(p)) => write!(f, "slide {s} (page {p}): {}", self.message),
            (Some(s), None) => write!(f, "slide {s}: {}", self.message),
            (None, Some(p)) => write!(f, "page {p}: {}", self.message),
            (None, None) => f.write_str(&self.message),
        }
    }
}

/// A warning found while laying out one slide, before it is placed in an output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FrameWarning {
    /// What kind of problem.
    pub kind: WarningKind,
    /// What is wrong and what to do.
    pub message: String,
    /// For [`WarningKind::MissingGlyph`]: the characters (merged into one warning per output).
    pub chars: Vec<char>,
}
