//! Slide frames: each slide kind lays out in its own file into a frame of positioned items in
//! slide coordinates. Chrome (banners, footer, page numbers, logo) is not part of a frame: the
//! composition step stamps it on the sheet last.

mod agenda;
mod bullets;
mod comparison;
mod image;
mod key_figures;
mod line;
mod parts;
mod route;

pub use parts::shown_title;
pub(crate) use sources::source_entry;
mod section;
mod sources;
mod takeaways;
mod text;
mod timeline;
mod title;
mod topic;
mod viewpoint;

use std::collections::HashMap;
use std::sync::Arc;

use super::images::ImageStore;
use super::page::{Item, Rect};
use super::text::Measurer;
use super::warning::{FrameWarning, WarningKind};
use super::LayoutOptions;
use crate::deck::{Deck, Slide, SlideBody, SlideId, SlideKind};
use crate::marking::MarkingPlan;
use crate::theme::{Color, Theme};

/// One slide laid out: its items in slide coordinates (0,0 top-left to width × height), without
/// chrome.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    /// Slide width in pt.
    pub width_pt: f32,
    /// Slide height in pt.
    pub height_pt: f32,
    /// Slide background (also painted as the first item, so a placed frame shows it).
    pub background: Color,
    /// Positioned items, shared with every sheet that shows the slide.
    pub items: Arc<Vec<Item>>,
    /// The slide.
    pub slide_id: SlideId,
    /// The slide's title, for bookmarks and labels.
    pub title: String,
    /// Title and section slides: chrome is drawn in the title colours.
    pub dark: bool,
    /// Problems found while laying out the slide.
    pub warnings: Vec<FrameWarning>,
}

/// Everything a slide layout reads, plus the shared measurer and picture store.
pub(crate) struct Ctx<'a> {
    pub deck: &'a Deck,
    pub theme: &'a Theme,
    pub options: &'a LayoutOptions,
    pub m: &'a mut Measurer<'static>,
    pub images: &'a mut ImageStore,
    /// Source id → its number in the sources list.
    pub numbers: &'a HashMap<&'a str, usize>,
    /// Cited source ids in order of first citation.
    pub cited: &'a [&'a str],
    /// The visible slides, for the agenda.
    pub visible: &'a [&'a Slide],
    /// The deck's marks resolved (banner height, cover marking).
    pub plan: &'a MarkingPlan,
}

/// A frame being drawn.
pub(crate) struct Canvas {
    pub w: f32,
    pub h: f32,
    pub items: Vec<Item>,
    pub warnings: Vec<FrameWarning>,
    /// Sources cited by the slide's blocks, whose numbers the blocks show inline.
    pub inline_cited: Vec<String>,
}

impl Canvas {
    pub fn warn(&mut self, kind: WarningKind, message: String) {
        self.warnings.push(FrameWarning {
            kind,
            message,
            chars: Vec::new(),
        });
    }
}

/// Lays out one slide into its frame.
pub(crate) fn frame(cx: &mut Ctx<'_>, slide: &Slide) -> Frame {
    let (w, h) = cx.deck.page_format.size_pt();
    let kind = slide.body.kind();
    let dark = matches!(kind, SlideKind::Title | SlideKind::Section);
    let background = if dark {
        cx.theme.colors.title_background
    } else {
        cx.theme.colors.background
    };
    let mut c = Canvas {
        w,
        h,
        items: vec![Item::Rect {
            rect: Rect::new(0.0, 0.0, w, h),
            fill: Some(background),
            stroke: None,
        }],
        warnings: Vec::new(),
        inline_cited: if cx.theme.citations == crate::theme::CitationStyle::None {
            Vec::new()
        } else {
            let blocks = slide.body.blocks();
            parts::source_ids(blocks.iter().map(|b| b.sources.as_slice()))
        },
    };
    cx.m.missing.clear();
    match &slide.body {
        SlideBody::Title {} => title::lay_out(cx, &mut c),
        SlideBody::Section { title, subtitle } => section::lay_out(cx, &mut c, title, subtitle),
        SlideBody::Agenda { title } => agenda::lay_out(cx, &mut c, title),
        SlideBody::Topic {
            title,
            display,
            summary,
            key_points,
            sources,
        } => topic::lay_out(cx, &mut c, title, *display, summary, key_points, sources),
        SlideBody::Viewpoint {
            title,
            speaker,
            claims,
            quote,
            date,
            sources,
        } => viewpoint::lay_out(
            cx,
            &mut c,
            viewpoint::View {
                title,
                speaker,
                claims,
                quote: quote.as_ref(),
                date: *date,
                sources,
            },
        ),
        SlideBody::Comparison { title, left, right } => {
            comparison::lay_out(cx, &mut c, title, left, right)
        }
        SlideBody::Timeline {
            title,
            entries,
            style,
        } => timeline::lay_out(cx, &mut c, title, entries, *style),
        SlideBody::KeyFigures { title, figures } => {
            key_figures::lay_out(cx, &mut c, title, figures)
        }
        SlideBody::Route {
            title,
            stops,
            caption,
        } => route::lay_out(cx, &mut c, title, stops, caption),
        SlideBody::Bullets { title, bullets } => bullets::lay_out(cx, &mut c, title, bullets),
        SlideBody::Text { title, paragraphs } => text::lay_out(cx, &mut c, title, paragraphs),
        SlideBody::Takeaways { title, points } => takeaways::lay_out(cx, &mut c, title, points),
        SlideBody::Image {
            title,
            path,
            caption,
            credit,
        } => image::lay_out(cx, &mut c, title, path, caption, credit),
        SlideBody::Sources { title } => sources::lay_out(cx, &mut c, title),
    }
    if !cx.m.missing.is_empty() {
        let chars: String = cx.m.missing.iter().collect();
        c.warnings.push(FrameWarning {
            kind: WarningKind::MissingGlyph,
            message: format!(
                "characters the fonts cannot show: {chars:?}; they appear as boxes — replace them"
            ),
            chars: cx.m.missing.clone(),
        });
    }
    let title = match &slide.body {
        SlideBody::Title {} if cx.deck.meta.title.trim().is_empty() => "Title".to_owned(),
        _ => parts::shown_title(slide.title(&cx.deck.meta)).to_owned(),
    };
    Frame {
        width_pt: w,
        height_pt: h,
        background,
        items: Arc::new(c.items),
        slide_id: slide.id,
        title,
        dark,
        warnings: c.warnings,
    }
}
