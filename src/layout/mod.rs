//! One layout engine: deck + theme → pages of positioned items plus warnings.
//!
//! The PDF writer and the app preview only paint these pages. Text is measured with the
//! same shipped fonts (shaped with kerning) that both backends use.

mod engine;
mod page;
mod text;

pub use engine::{layout, LayoutOptions, LayoutState};
pub use page::{ImageData, Item, Layout, Page, Rect, TextRun, Warning, WarningKind};
pub use text::{flow, wrap, Flow, Measurer, Para, Style};

/// A plain-text dump of pages (positions rounded to 0.1 pt), for golden tests and debugging.
pub fn dump(layout: &Layout) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for (i, p) in layout.pages.iter().enumerate() {
        let _ = writeln!(
            out,
            "page {} ({:.1}x{:.1}) slide={} bookmark={:?}",
            i + 1,
            p.width_pt,
            p.height_pt,
            p.slide_id,
            p.bookmark
        );
        for item in &p.items {
            let _ = match item {
                Item::Text(r) => writeln!(
                    out,
                    "  text {:.1},{:.1} {:?} {:.1}pt #{:02x}{:02x}{:02x} {:?}",
                    r.x_pt,
                    r.baseline_pt,
                    r.font,
                    r.size_pt,
                    r.color.r,
                    r.color.g,
                    r.color.b,
                    r.text
                ),
                Item::Rect { rect, fill, stroke } => writeln!(
                    out,
                    "  rect {:.1},{:.1} {:.1}x{:.1} fill={} stroke={}",
                    rect.x_pt,
                    rect.y_pt,
                    rect.w_pt,
                    rect.h_pt,
                    fill.is_some(),
                    stroke.is_some()
                ),
                Item::Line {
                    from, to, width_pt, ..
                } => {
                    writeln!(
                        out,
                        "  line {:.1},{:.1} -> {:.1},{:.1} w={:.1}",
                        from.0, from.1, to.0, to.1, width_pt
                    )
                }
                Item::Image { rect, image } => writeln!(
                    out,
                    "  image #{image} {:.1},{:.1} {:.1}x{:.1}",
                    rect.x_pt, rect.y_pt, rect.w_pt, rect.h_pt
                ),
                Item::Link { rect, uri } => writeln!(
                    out,
                    "  link {:.1},{:.1} {:.1}x{:.1} {uri}",
                    rect.x_pt, rect.y_pt, rect.w_pt, rect.h_pt
                ),
            };
        }
    }
    for w in &layout.warnings {
        let _ = writeln!(out, "warning {:?} page={:?}: {}", w.kind, w.page, w.message);
    }
    out
}
