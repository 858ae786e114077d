//! Composition: slide frames placed on sheets (the pages of an output), then the chrome stamped
//! on every sheet last — marking banners, footer, "page N / total" of that output, logo.
//! One file per output: slides, notes pages, handouts.

mod chrome;
mod handout;
mod notes;
mod slides;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::images::ImageStore;
use super::page::{Item, Layout, Page, Rect, Transform};
use super::slides::Frame;
use super::text::Measurer;
use super::warning::{FrameWarning, Warning, WarningKind};
use super::{CopyStamp, LayoutOptions};
use crate::deck::{BannerMode, Deck, SlideId};
use crate::marking::MarkingPlan;
use crate::theme::Theme;

/// Paper for notes pages and handouts (portrait).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    /// ISO A4, 595 × 842 pt.
    #[default]
    A4,
    /// US Letter, 612 × 792 pt.
    Letter,
}

impl Paper {
    /// Width and height in pt (portrait).
    pub fn size_pt(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }

    /// Name in the CLI and the app.
    pub fn label(self) -> &'static str {
        match self {
            Paper::A4 => "A4",
            Paper::Letter => "US Letter",
        }
    }
}

/// How many slides a handout sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum PerPage {
    /// One large slide with lines for notes.
    One,
    /// Two slides, one above the other.
    Two,
    /// Three slides down the left, lines or notes beside each.
    #[default]
    Three,
    /// Four slides, two by two.
    Four,
    /// Six slides, two by three.
    Six,
}

impl PerPage {
    /// Every choice, for pickers.
    pub const ALL: [PerPage; 5] = [
        PerPage::One,
        PerPage::Two,
        PerPage::Three,
        PerPage::Four,
        PerPage::Six,
    ];

    /// The choice for a count, if it is one of 1, 2, 3, 4, 6.
    pub fn from_count(n: u32) -> Option<PerPage> {
        match n {
            1 => Some(PerPage::One),
            2 => Some(PerPage::Two),
            3 => Some(PerPage::Three),
            4 => Some(PerPage::Four),
            6 => Some(PerPage::Six),
            _ => None,
        }
    }

    /// Slides per sheet.
    pub fn count(self) -> usize {
        match self {
            PerPage::One => 1,
            PerPage::Two => 2,
            PerPage::Three => 3,
            PerPage::Four => 4,
            PerPage::Six => 6,
        }
    }
}

/// What a 3-per-page handout shows beside each slide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Beside {
    /// Ruled lines for handwritten notes.
    #[default]
    Lines,
    /// The slide's speaker notes.
    Notes,
}

/// Handout choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct HandoutOptions {
    /// Paper size.
    pub paper: Paper,
    /// Slides per sheet.
    pub per_page: PerPage,
    /// With three per sheet: lines or notes beside each slide.
    pub beside: Beside,
}

/// Which document is made from the deck.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Output {
    /// One page per visible slide, at the deck's page format.
    #[default]
    Slides,
    /// One portrait page per slide (more when its notes run long): the slide above its notes.
    Notes(Paper),
    /// Several slides per portrait page.
    Handout(HandoutOptions),
    /// The read-ahead memo (portrait), written from the deck by its memo template.
    Memo(Paper),
}

impl Output {
    /// Short name, e.g. for messages.
    pub fn label(&self) -> &'static str {
        match self {
            Output::Slides => "slides",
            Output::Notes(_) => "notes pages",
            Output::Handout(_) => "handout",
            Output::Memo(_) => "memo",
        }
    }

    /// The paper of a portrait document (A4 for slides, which have none), e.g. for the pack's
    /// other documents when this one is chosen.
    pub fn paper(&self) -> Paper {
        match *self {
            Output::Notes(p) | Output::Memo(p) => p,
            Output::Handout(h) => h.paper,
            Output::Slides => Paper::A4,
        }
    }
}

/// How a sheet's chrome is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SheetKind {
    /// A slide page: slide margins; `dark` slides get the title colours.
    Slide {
        /// Title or section slide.
        dark: bool,
    },
    /// A portrait paper page: paper margins and colours.
    Paper,
}

/// Where a sheet's banner comes from.
pub(crate) enum DraftBanner {
    /// From the marks of the slides the page shows (slides, notes pages, handouts).
    FromSlides,
    /// Chosen by the sheet builder (the memo: the marks of the text on the page).
    Given(Option<crate::marking::Banner>),
}

/// A sheet before its chrome.
pub(crate) struct Draft {
    pub page: Page,
    pub kind: SheetKind,
    pub banner: DraftBanner,
}

/// What the sheet builders share.
pub(crate) struct ComposeCtx<'a> {
    pub deck: &'a Deck,
    pub theme: &'a Theme,
    /// The deck's marks resolved: each page's banner.
    pub plan: &'a MarkingPlan,
    /// How this output chooses its banners.
    pub mode: BannerMode,
    /// The numbered copy being made, if any.
    pub copy: Option<&'a CopyStamp>,
    pub m: &'a mut Measurer<'static>,
    pub images: &'a mut ImageStore,
    /// Warnings found while composing: (slide, 0-based page index, warning).
    pub warnings: Vec<(SlideId, usize, FrameWarning)>,
    /// Warnings about the document as a whole (the memo's length, empty sections).
    pub doc_warnings: Vec<Warning>,
}

impl ComposeCtx<'_> {
    /// Height of the marking banners (0 without a marking).
    pub fn banner_h(&self) -> f32 {
        if self.plan.has_banners() {
            self.theme.banner_height_pt
        } else {
            0.0
        }
    }

    /// The area of a paper sheet between the top banner + margin and the footer band.
    pub fn paper_area(&self, w: f32, h: f32) -> Rect {
        let t = self.theme;
        let m = t.geometry.paper_margin_pt;
        let top = self.banner_h() + m;
        let bottom = h - self.banner_h() - m - t.sizes.small_pt * t.geometry.footer_band_em;
        Rect::new(m, top, w - 2.0 * m, bottom - top)
    }
}

/// A frame placed on a sheet: scaled by `scale` with its top-left at (x, y), outlined.
pub(crate) fn place_frame(
    frame: &Frame,
    x: f32,
    y: f32,
    scale: f32,
    outline: crate::theme::Color,
) -> [Item; 2] {
    [
        Item::Group {
            transform: Transform {
                scale,
                dx_pt: x,
                dy_pt: y,
            },
            size_pt: (frame.width_pt, frame.height_pt),
            items: frame.items.clone(),
        },
        Item::Rect {
            rect: Rect::new(x, y, frame.width_pt * scale, frame.height_pt * scale),
            fill: None,
            stroke: Some((outline, 0.6)),
        },
    ]
}

/// The largest scale at which a frame fits in `w` × `h`.
pub(crate) fn fit_scale(frame: &Frame, w: f32, h: f32) -> f32 {
    (w / frame.width_pt).min(h / frame.height_pt).max(0.01)
}

/// Places `frames` (the visible slides, in order) on the sheets of `output` and stamps the chrome.
/// `extra` are warnings found before layout (a slide, or `None` for the whole deck), placed by
/// slide and page like the frames' own.
#[allow(clippy::too_many_arguments)]
pub(crate) fn compose(
    frames: &[Frame],
    deck: &Deck,
    theme: &Theme,
    options: &LayoutOptions,
    plan: &MarkingPlan,
    m: &mut Measurer<'static>,
    images: &mut ImageStore,
    extra: &[(Option<SlideId>, FrameWarning)],
) -> Layout {
    let output = &options.output;
    let settings = &deck.meta.markings;
    let mode = match output {
        Output::Slides => settings.slides,
        Output::Notes(_) => settings.notes,
        Output::Handout(_) => settings.handout,
        Output::Memo(_) => settings.memo,
    };
    let mut cx = ComposeCtx {
        deck,
        theme,
        plan,
        mode,
        copy: options.copy.as_ref(),
        m,
        images,
        warnings: Vec::new(),
        doc_warnings: Vec::new(),
    };
    let (drafts, bookmarks) = match output {
        Output::Slides => slides::sheets(frames),
        Output::Notes(paper) => notes::sheets(&mut cx, frames, *paper),
        Output::Handout(h) => handout::sheets(&mut cx, frames, h),
        Output::Memo(paper) => {
            super::memo::sheets(&mut cx, *paper, options.memo_templates.as_deref())
        }
    };
    let total = drafts.len();
    let mut pages = Vec::with_capacity(total);
    let mut chrome = chrome::Chrome::new(&mut cx);
    // The highest banner of the document: by level, else the first free-text one.
    let mut marking: Option<crate::marking::Banner> = None;
    for (i, d) in drafts.into_iter().enumerate() {
        let mut page = d.page;
        let banner = match d.banner {
            DraftBanner::FromSlides => cx.plan.banner(&page.slides, cx.mode),
            DraftBanner::Given(b) => b,
        };
        if let Some(b) = &banner {
            let higher = match (&marking, b.level) {
                (None, _) => true,
                (Some(m), Some(l)) => m.level.is_none_or(|ml| l > ml),
                (Some(_), None) => false,
            };
            if higher {
                marking = Some(b.clone());
            }
        }
        chrome.stamp(&mut cx, &mut page, d.kind, banner, i + 1, total);
        pages.push(page);
    }
    // Warnings name the slide by its number in the deck and the page by its number here.
    let deck_number: HashMap<SlideId, usize> = deck
        .slides
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id, i + 1))
        .collect();
    let mut first_page: HashMap<SlideId, usize> = HashMap::new();
    for (i, p) in pages.iter().enumerate() {
        for id in &p.slides {
            first_page.entry(*id).or_insert(i);
        }
    }
    let mut warnings = Vec::new();
    // Characters the fonts lack: one warning for the whole document, naming the slides.
    let mut missing: Vec<(usize, SlideId)> = Vec::new();
    let mut missing_chars: Vec<char> = Vec::new();
    for f in frames {
        for w in &f.warnings {
            if w.kind == WarningKind::MissingGlyph {
                if let Some(n) = deck_number.get(&f.slide_id) {
                    missing.push((*n, f.slide_id));
                }
                for c in &w.chars {
                    if !missing_chars.contains(c) {
                        missing_chars.push(*c);
                    }
                }
                continue;
            }
            warnings.push(Warning {
                slide_id: Some(f.slide_id),
                slide: deck_number.get(&f.slide_id).copied(),
                page: first_page.get(&f.slide_id).map(|p| p + 1),
                kind: w.kind,
                message: w.message.clone(),
            });
        }
    }
    for (id, page, w) in cx.warnings.drain(..) {
        warnings.push(Warning {
            slide_id: Some(id),
            slide: deck_number.get(&id).copied(),
            page: Some(page + 1),
            kind: w.kind,
            message: w.message,
        });
    }
    if let Some((first_n, first_id)) = missing.first().copied() {
        let chars: String = missing_chars.iter().collect();
        let slides: Vec<String> = missing.iter().map(|(n, _)| n.to_string()).collect();
        warnings.push(Warning {
            slide_id: Some(first_id),
            slide: Some(first_n),
            page: first_page.get(&first_id).map(|p| p + 1),
            kind: WarningKind::MissingGlyph,
            message: format!(
                "characters the fonts cannot show: {chars:?} (on slide{} {}); they appear as boxes — replace them",
                if slides.len() == 1 { "" } else { "s" },
                slides.join(", ")
            ),
        });
    }
    for (id, w) in extra {
        warnings.push(Warning {
            slide_id: *id,
            slide: id.and_then(|id| deck_number.get(&id).copied()),
            page: id.and_then(|id| first_page.get(&id).map(|p| p + 1)),
            kind: w.kind,
            message: w.message.clone(),
        });
    }
    warnings.append(&mut cx.doc_warnings);
    warnings.extend(chrome.into_warnings());
    Layout {
        pages,
        bookmarks,
        warnings,
        images: cx.images.images.clone(),
        marking: marking.map(|b| b.text),
    }
}
