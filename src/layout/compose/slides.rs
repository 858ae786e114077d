//! The slides output: one sheet per visible slide, at the slide's own size.

use super::{Draft, SheetKind};
use crate::layout::page::{Bookmark, Item, Page, Transform};
use crate::layout::slides::Frame;

pub(super) fn sheets(frames: &[Frame]) -> (Vec<Draft>, Vec<Bookmark>) {
    let mut drafts = Vec::with_capacity(frames.len());
    let mut bookmarks = Vec::with_capacity(frames.len());
    for (i, f) in frames.iter().enumerate() {
        drafts.push(Draft {
            page: Page {
                width_pt: f.width_pt,
                height_pt: f.height_pt,
                background: f.background,
                items: vec![Item::Group {
                    transform: Transform::IDENTITY,
                    size_pt: (f.width_pt, f.height_pt),
                    items: f.items.clone(),
                }],
                slides: vec![f.slide_id],
                overlay: Vec::new(),
            },
            kind: SheetKind::Slide { dark: f.dark },
            banner: super::DraftBanner::FromSlides,
        });
        bookmarks.push(Bookmark {
            title: f.title.clone(),
            page_index: i,
        });
    }
    (drafts, bookmarks)
}
