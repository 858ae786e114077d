//! One layout engine: deck + theme → pages of positioned items plus warnings.
//!
//! It runs in stages, one module each:
//! - [`slides`]: each slide kind lays out in its own file into a frame (slide coordinates, no
//!   chrome);
//! - [`compose`]: frames are placed on the sheets of an output (slides, notes pages, handouts),
//!   scaled where needed, and the chrome (banners, footer, page N / total, logo) is stamped last;
//! - [`paginate`]: text that flows on to further pages (long notes, the memo);
//! - `memo`: the read-ahead memo, written from the deck by a memo template and set on
//!   portrait pages (its sheets go through the same chrome).
//!
//! The PDF writer and the app preview only paint the resulting pages. Text is measured with the
//! same shipped fonts (shaped with kerning) that both backends use.

mod compose;
mod images;
mod memo;
mod page;
pub mod paginate;
mod slides;
mod state;
mod text;
mod warning;

use std::path::PathBuf;

pub use compose::{Beside, HandoutOptions, Output, Paper, PerPage};

pub use page::{Bookmark, ImageData, Item, Layout, Page, Rect, TextRun, Transform};
pub use slides::{shown_title, Frame};
pub(crate) use state::hash_json;
pub use state::{layout, LayoutState};
pub use text::{ellipsize, flow, typographic, wrap, Flow, Measurer, Para, Style};
pub use warning::{FrameWarning, Warning, WarningKind};

/// Options that do not belong to the deck or the theme.
#[derive(Debug, Clone, Default)]
pub struct LayoutOptions {
    /// Folder that relative image paths are resolved against (the deck file's folder).
    pub base_dir: Option<PathBuf>,
    /// Which document to make.
    pub output: Output,
    /// Marking schemes to resolve the deck's scheme in (`None` = the built-in schemes).
    pub schemes: Option<std::sync::Arc<crate::marking::SchemeCatalog>>,
    /// Numbered copy: "Copy N of M — recipient" on every page.
    pub copy: Option<CopyStamp>,
    /// Memo templates to find the deck's template in (`None` = the built-in templates).
    pub memo_templates: Option<std::sync::Arc<crate::memo::TemplateCatalog>>,
    /// For the PDF writer and the check: leave identifying properties (author, organisation,
    /// audience) out of the file.
    pub clean_metadata: bool,
}

/// The copy line of one numbered copy.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct CopyStamp {
    /// This copy's number, from 1.
    pub number: usize,
    /// How many copies there are.
    pub total: usize,
    /// Who receives this copy.
    pub recipient: String,
}

impl CopyStamp {
    /// "Copy 2 of 25 — Embassy X".
    pub fn line(&self) -> String {
        if self.recipient.trim().is_empty() {
            format!("Copy {} of {}", self.number, self.total)
        } else {
            format!(
                "Copy {} of {} \u{2014} {}",
                self.number,
                self.total,
                self.recipient.trim()
            )
        }
    }
}

/// A plain-text dump of pages (positions rounded to 0.1 pt; groups indented with their
/// transform), for golden tests and debugging.
pub fn dump(layout: &Layout) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for (i, p) in layout.pages.iter().enumerate() {
        let _ = writeln!(
            out,
            "page {} ({:.1}x{:.1}) slides={:?}",
            i + 1,
            p.width_pt,
            p.height_pt,
            p.slides,
        );
        dump_items(&mut out, &p.items, 1);
        dump_items(&mut out, &p.overlay, 1);
    }
    for b in &layout.bookmarks {
        let _ = writeln!(out, "bookmark page={} {:?}", b.page_index + 1, b.title);
    }
    for w in &layout.warnings {
        let _ = writeln!(out, "warning {:?}: {w}", w.kind);
    }
    out
}

fn dump_items(out: &mut String, items: &[Item], depth: usize) {
    use std::fmt::Write;
    let pad = "  ".repeat(depth);
    for item in items {
        let _ = match item {
            Item::Text(r) => writeln!(
                out,
                "{pad}text {:.1},{:.1} {:?} {:.1}pt #{:02x}{:02x}{:02x} {:?}",
                r.x_pt, r.baseline_pt, r.font, r.size_pt, r.color.r, r.color.g, r.color.b, r.text
            ),
            Item::Rect { rect, fill, stroke } => writeln!(
                out,
                "{pad}rect {:.1},{:.1} {:.1}x{:.1} fill={} stroke={}",
                rect.x_pt,
                rect.y_pt,
                rect.w_pt,
                rect.h_pt,
                fill.is_some(),
                stroke.is_some()
            ),
            Item::Line {
                from, to, width_pt, ..
            } => writeln!(
                out,
                "{pad}line {:.1},{:.1} -> {:.1},{:.1} w={:.1}",
                from.0, from.1, to.0, to.1, width_pt
            ),
            Item::Image { rect, image } => writeln!(
                out,
                "{pad}image #{image} {:.1},{:.1} {:.1}x{:.1}",
                rect.x_pt, rect.y_pt, rect.w_pt, rect.h_pt
            ),
            Item::Link { rect, uri } => writeln!(
                out,
                "{pad}link {:.1},{:.1} {:.1}x{:.1} {uri}",
                rect.x_pt, rect.y_pt, rect.w_pt, rect.h_pt
            ),
            Item::Group {
                transform,
                size_pt,
                items,
            } => {
                let r = writeln!(
                    out,
                    "{pad}group scale={:.3} at {:.1},{:.1} size {:.1}x{:.1}",
                    transform.scale, transform.dx_pt, transform.dy_pt, size_pt.0, size_pt.1
                );
                dump_items(out, items, depth + 1);
                r
            }
        };
    }
}
