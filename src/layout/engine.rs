//! The layout engine: deck + theme → pages of positioned items plus warnings.
//! It is the only place that decides where anything goes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::page::{ImageData, Item, Layout, Page, Rect, Warning, WarningKind};
use super::text::{flow, line_height, place, wrap, Measurer, Para, Style};
use crate::deck::{CitedSource, Deck, Side, Slide, SlideBody, SlideId, SlideKind, TopicDisplay};
use crate::fonts::{FontBook, FontError, FontFamily, FontId, FontStyle};
use crate::theme::{Color, Theme};

/// Options that do not belong to the deck or the theme.
#[derive(Debug, Clone, Default)]
pub struct LayoutOptions {
    /// Folder that relative image paths are resolved against (the deck file's folder).
    pub base_dir: Option<PathBuf>,
}

/// Height of the theme logo in the top margin, in pt.
const LOGO_HEIGHT_PT: f32 = 22.0;

/// Largest image edge kept, in pixels: enough for a full-width picture at about 200 dpi.
const MAX_IMAGE_PX: u32 = 2400;

/// Lays out every visible slide of `deck` with `theme`.
pub fn layout(deck: &Deck, theme: &Theme, options: &LayoutOptions) -> Result<Layout, FontError> {
    let mut state = LayoutState::new()?;
    // A one-off layout keeps no pages: no keys to compute, no copies to make.
    state.keep_pages = false;
    Ok(state.layout(deck, theme, options))
}

/// A page kept between layouts, with the key of everything it was laid out from.
struct CachedPage {
    key: u64,
    page: Page,
    warnings: Vec<Warning>,
}

/// Layout that remembers its pages: a slide is laid out again only when something it depends
/// on changed (its content, its page number, the deck metadata, the theme, the sources it cites,
/// and for the agenda and sources slides the titles and citations of the whole deck).
/// Word shapes and decoded pictures are kept too.
pub struct LayoutState {
    m: Measurer<'static>,
    images: Vec<ImageData>,
    image_index: HashMap<PathBuf, usize>,
    pages: HashMap<SlideId, CachedPage>,
    keep_pages: bool,
    /// How many pages the last call laid out afresh (the rest came from the cache).
    pub last_laid_out: usize,
}

impl std::fmt::Debug for LayoutState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LayoutState")
            .field("pages", &self.pages.len())
            .field("images", &self.images.len())
            .finish()
    }
}

fn hash_of(parts: &[&[u8]]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for p in parts {
        p.hash(&mut h);
    }
    h.finish()
}

impl LayoutState {
    /// An empty cache over the shipped fonts.
    pub fn new() -> Result<LayoutState, FontError> {
        Ok(LayoutState {
            m: Measurer::new(FontBook::get()?),
            images: Vec::new(),
            image_index: HashMap::new(),
            pages: HashMap::new(),
            keep_pages: true,
            last_laid_out: 0,
        })
    }

    /// Lays out the deck, reusing every page whose inputs did not change.
    pub fn layout(&mut self, deck: &Deck, theme: &Theme, options: &LayoutOptions) -> Layout {
        let visible: Vec<&Slide> = deck.visible().collect();
        let total = visible.len();
        let cited = deck.cited_sources();
        let numbers: HashMap<&str, usize> = cited
            .iter()
            .enumerate()
            .map(|(i, id)| (*id, i + 1))
            .collect();
        let json = |v: &dyn erased::Json| v.json();
        let keep_pages = self.keep_pages;
        let hashed = |parts: &[&[u8]]| if keep_pages { hash_of(parts) } else { 0 };
        let global = hashed(&[
            &json(theme),
            &json(&deck.meta),
            &json(&deck.page_format),
            format!("{:?}{total}", options.base_dir).as_bytes(),
        ]);
        let titles = hashed(&[&json(
            &visible
                .iter()
                .map(|s| (s.body.kind(), s.title(&deck.meta)))
                .collect::<Vec<_>>(),
        )]);
        let all_sources = hashed(&[&json(
            &cited
                .iter()
                .map(|id| (id, deck.sources.get(*id)))
                .collect::<Vec<_>>(),
        )]);
        let mut engine = Engine {
            deck,
            theme,
            options,
            st: self,
            warnings: Vec::new(),
        };
        let mut pages = Vec::with_capacity(total);
        let mut warnings = Vec::new();
        let mut fresh = 0;
        let keep = engine.st.keep_pages;
        for (i, slide) in visible.iter().enumerate() {
            if !keep {
                fresh += 1;
                pages.push(engine.slide_page(slide, i + 1, total, &numbers, &cited, &visible));
                warnings.append(&mut engine.warnings);
                continue;
            }
            let own_sources: Vec<(&str, Option<usize>, Option<&CitedSource>)> = slide
                .body
                .cited_sources()
                .into_iter()
                .map(|id| (id, numbers.get(id).copied(), deck.sources.get(id)))
                .collect();
            let deck_wide = match slide.body.kind() {
                SlideKind::Agenda => titles,
                SlideKind::Sources => all_sources,
                _ => 0,
            };
            let key = hash_of(&[
                &global.to_le_bytes(),
                &json(*slide),
                &(i as u64).to_le_bytes(),
                &json(&own_sources),
                &deck_wide.to_le_bytes(),
            ]);
            if let Some(c) = engine.st.pages.get(&slide.id).filter(|c| c.key == key) {
                pages.push(c.page.clone());
                warnings.extend(c.warnings.iter().cloned());
                continue;
            }
            fresh += 1;
            engine.warnings.clear();
            let page = engine.slide_page(slide, i + 1, total, &numbers, &cited, &visible);
            let page_warnings = std::mem::take(&mut engine.warnings);
            warnings.extend(page_warnings.iter().cloned());
            engine.st.pages.insert(
                slide.id,
                CachedPage {
                    key,
                    page: page.clone(),
                    warnings: page_warnings,
                },
            );
            pages.push(page);
        }
        let st = engine.st;
        let live: std::collections::HashSet<SlideId> = visible.iter().map(|s| s.id).collect();
        st.pages.retain(|id, _| live.contains(id));
        st.last_laid_out = fresh;
        Layout {
            pages,
            warnings,
            images: st.images.clone(),
        }
    }
}

/// Serialises values for cache keys (any serde value; failures hash as empty).
mod erased {
    /// A value that can be turned into JSON bytes.
    pub trait Json {
        fn json(&self) -> Vec<u8>;
    }
    impl<T: serde::Serialize + ?Sized> Json for T {
        fn json(&self) -> Vec<u8> {
            serde_json::to_vec(self).unwrap_or_default()
        }
    }
}

struct Engine<'a> {
    deck: &'a Deck,
    theme: &'a Theme,
    options: &'a LayoutOptions,
    st: &'a mut LayoutState,
    warnings: Vec<Warning>,
}

/// Per-page drawing state.
struct Canvas {
    w: f32,
    h: f32,
    items: Vec<Item>,
    slide_id: SlideId,
    page: usize,
}

impl<'a> Engine<'a> {
    fn style(&self, family: FontFamily, weight: FontStyle, size_pt: f32, color: Color) -> Style {
        Style {
            font: FontId::of(family, weight),
            size_pt,
            color,
        }
    }

    fn body(&self) -> Style {
        let t = self.theme;
        self.style(
            t.body_family,
            FontStyle::Regular,
            t.sizes.body_pt,
            t.colors.text,
        )
    }

    fn small(&self, color: Color) -> Style {
        let t = self.theme;
        self.style(t.body_family, FontStyle::Regular, t.sizes.small_pt, color)
    }

    fn warn(&mut self, c: &Canvas, kind: WarningKind, message: String) {
        self.warnings.push(Warning {
            slide_id: Some(c.slide_id),
            page: Some(c.page),
            kind,
            message,
        });
    }

    fn banner_h(&self) -> f32 {
        if self.deck.meta.marking.trim().is_empty() {
            0.0
        } else {
            self.theme.banner_height_pt
        }
    }

    /// The content area between the title and the footer.
    fn frame(&self, c: &Canvas) -> Rect {
        let t = self.theme;
        let top = self.banner_h() + t.margins.top_pt;
        let bottom = c.h - self.banner_h() - t.margins.bottom_pt - t.sizes.small_pt * 2.2;
        Rect::new(
            t.margins.left_pt,
            top,
            c.w - t.margins.left_pt - t.margins.right_pt,
            bottom - top,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn slide_page(
        &mut self,
        slide: &Slide,
        number: usize,
        total: usize,
        numbers: &HashMap<&str, usize>,
        cited: &[&str],
        visible: &[&Slide],
    ) -> Page {
        let (w, h) = self.deck.page_format.size_pt();
        let mut c = Canvas {
            w,
            h,
            items: Vec::new(),
            slide_id: slide.id,
            page: number,
        };
        let kind = slide.body.kind();
        let dark = matches!(kind, SlideKind::Title | SlideKind::Section);
        let background = if dark {
            self.theme.colors.title_background
        } else {
            self.theme.colors.background
        };
        self.st.m.missing.clear();
        match &slide.body {
            SlideBody::Title {} => self.title_slide(&mut c),
            SlideBody::Section { title, subtitle } => self.section_slide(&mut c, title, subtitle),
            SlideBody::Agenda { title } => {
                let content = self.header(&mut c, title);
                self.agenda(&mut c, content, visible);
            }
            SlideBody::Topic {
                title,
                display,
                summary,
                key_points,
                sources,
            } => {
                let mut content = self.header(&mut c, title);
                content = self.source_line(&mut c, content, sources, numbers);
                let mut paras = Vec::new();
                if *display != TopicDisplay::KeyPoints && !summary.trim().is_empty() {
                    paras.push(Para::new(summary.clone(), self.body()));
                }
                if *display != TopicDisplay::Summary {
                    for (i, k) in key_points.iter().enumerate() {
                        let space = if i == 0 { 0.9 } else { 0.35 };
                        paras.push(self.bullet(k).space(space));
                    }
                }
                self.flow_into(&mut c, &paras, content, "text");
            }
            SlideBody::Viewpoint {
                title,
                speaker,
                claims,
                quote,
                date,
                sources,
            } => {
                let mut content = self.header(&mut c, title);
                content = self.source_line(&mut c, content, sources, numbers);
                let side = Side {
                    item: None,
                    speaker: speaker.clone(),
                    stance: String::new(),
                    claims: claims.clone(),
                    date: *date,
                    sources: Vec::new(),
                };
                let used = self.attribution(&mut c, content, &side);
                let mut rest = Rect::new(
                    content.x_pt,
                    content.y_pt + used,
                    content.w_pt,
                    content.h_pt - used,
                );
                if !quote.trim().is_empty() {
                    let qh = self.quote_panel(&mut c, rest, quote);
                    rest = Rect::new(rest.x_pt, rest.y_pt + qh, rest.w_pt, rest.h_pt - qh);
                }
                let paras: Vec<Para> = claims
                    .iter()
                    .enumerate()
                    .map(|(i, k)| self.bullet(k).space(if i == 0 { 0.0 } else { 0.35 }))
                    .collect();
                self.flow_into(&mut c, &paras, rest, "claims");
            }
            SlideBody::Comparison { title, left, right } => {
                let mut content = self.header(&mut c, title);
                let mut ids: Vec<String> = left.sources.clone();
                ids.extend(
                    right
                        .sources
                        .iter()
                        .filter(|s| !left.sources.contains(s))
                        .cloned(),
                );
                content = self.source_line(&mut c, content, &ids, numbers);
                let gap = 24.0;
                let col_w = (content.w_pt - gap) / 2.0;
                for (k, side) in [left, right].into_iter().enumerate() {
                    let x = content.x_pt + k as f32 * (col_w + gap);
                    let col = Rect::new(x, content.y_pt, col_w, content.h_pt);
                    self.comparison_column(&mut c, col, side);
                }
            }
            SlideBody::Timeline { title, entries } => {
                let mut content = self.header(&mut c, title);
                let mut sorted = entries.clone();
                sorted.sort_by_key(|e| e.date);
                let ids: Vec<String> = sorted
                    .iter()
                    .flat_map(|e| e.sources.iter().cloned())
                    .collect();
                let mut uniq: Vec<String> = Vec::new();
                for i in ids {
                    if !uniq.contains(&i) {
                        uniq.push(i);
                    }
                }
                content = self.source_line(&mut c, content, &uniq, numbers);
                self.timeline(&mut c, content, &sorted);
            }
            SlideBody::Bullets { title, bullets } => {
                let content = self.header(&mut c, title);
                let paras: Vec<Para> = bullets
                    .iter()
                    .enumerate()
                    .map(|(i, b)| self.bullet(b).space(if i == 0 { 0.0 } else { 0.45 }))
                    .collect();
                self.flow_into(&mut c, &paras, content, "bullets");
            }
            SlideBody::Text { title, text } => {
                let content = self.header(&mut c, title);
                let paras: Vec<Para> = text
                    .split("\n\n")
                    .filter(|p| !p.trim().is_empty())
                    .map(|p| Para::new(p.trim().to_owned(), self.body()).space(0.7))
                    .collect();
                self.flow_into(&mut c, &paras, content, "text");
            }
            SlideBody::Takeaways { title, points } => {
                let content = self.header(&mut c, title);
                self.takeaways(&mut c, content, points);
            }
            SlideBody::Image {
                title,
                path,
                caption,
                credit,
            } => {
                let content = self.header(&mut c, title);
                self.image(&mut c, content, path, caption, credit);
            }
            SlideBody::Sources { title } => {
                let content = self.header(&mut c, title);
                self.sources_list(&mut c, content, cited);
            }
        }
        self.chrome(&mut c, number, total, dark);
        if !self.st.m.missing.is_empty() {
            let chars: String = self.st.m.missing.iter().collect();
            self.warn(
                &c,
                WarningKind::MissingGlyph,
                format!("characters the fonts cannot show: {chars:?}; they appear as boxes — replace them"),
            );
        }
        let bookmark = match &slide.body {
            SlideBody::Title {} if self.deck.meta.title.trim().is_empty() => "Title".to_owned(),
            _ => slide.title(&self.deck.meta).to_owned(),
        };
        Page {
            width_pt: w,
            height_pt: h,
            background,
            items: c.items,
            slide_id: slide.id,
            bookmark,
        }
    }

    fn bullet(&self, text: &str) -> Para {
        let t = self.theme;
        let marker = self.style(
            t.body_family,
            FontStyle::Bold,
            t.sizes.body_pt,
            t.colors.accent,
        );
        Para::new(text.to_owned(), self.body()).marked("\u{2022}", marker, 1.1)
    }

    /// A numbered list: accent numbers in the heading family, text in the body family.
    fn numbered(
        &self,
        items: &[String],
        number_scale: f32,
        text_scale: f32,
        gutter_em: f32,
        space_em: f32,
        label: impl Fn(usize) -> String,
    ) -> Vec<Para> {
        let t = self.theme;
        let num = self.style(
            t.heading_family,
            FontStyle::Bold,
            t.sizes.body_pt * number_scale,
            t.colors.accent,
        );
        let text = self.style(
            t.body_family,
            FontStyle::Regular,
            t.sizes.body_pt * text_scale,
            t.colors.text,
        );
        items
            .iter()
            .enumerate()
            .map(|(i, p)| {
                Para::new(p.clone(), text)
                    .marked(label(i), num, gutter_em)
                    .space(if i == 0 { 0.0 } else { space_em })
            })
            .collect()
    }

    /// Flows paragraphs; records an overflow warning naming the slide when they do not fit.
    fn flow_into(&mut self, c: &mut Canvas, paras: &[Para], rect: Rect, what: &str) -> f32 {
        self.flow_min(c, paras, rect, what, self.theme.sizes.min_body_pt)
    }

    /// Like [`Self::flow_into`] with an explicit minimum size.
    fn flow_min(
        &mut self,
        c: &mut Canvas,
        paras: &[Para],
        rect: Rect,
        what: &str,
        min_pt: f32,
    ) -> f32 {
        let f = flow(
            &mut self.st.m,
            paras,
            rect,
            min_pt,
            self.theme.sizes.line_spacing,
        );
        if !f.fits {
            self.warn(
                c,
                WarningKind::Overflow,
                format!(
                    "slide {}: the {what} does not fit even at {min_pt} pt and runs past the content area; shorten it or split the slide",
                    c.page
                ),
            );
        }
        c.items.extend(f.items);
        f.height_pt
    }

    /// Slide title and rule; returns the content area below it.
    fn header(&mut self, c: &mut Canvas, title: &str) -> Rect {
        let t = self.theme;
        let frame = self.frame(c);
        let style = self.style(
            t.heading_family,
            FontStyle::Bold,
            t.sizes.heading_pt,
            t.colors.heading,
        );
        let max_h = line_height(t.sizes.heading_pt, 1.15) * 2.0;
        let title_rect = Rect::new(frame.x_pt, frame.y_pt, frame.w_pt, max_h);
        let f = flow(
            &mut self.st.m,
            &[Para::new(title.to_owned(), style)],
            title_rect,
            t.sizes.heading_pt * 0.7,
            1.15,
        );
        if !f.fits {
            self.warn(
                c,
                WarningKind::Overflow,
                format!(
                    "slide {}: the title is longer than two lines; shorten it",
                    c.page
                ),
            );
        }
        let used = f.height_pt;
        c.items.extend(f.items);
        let mut y = frame.y_pt + used + 6.0;
        if t.title_rule {
            c.items.push(Item::Rect {
                rect: Rect::new(frame.x_pt, y, 56.0, 3.0),
                fill: Some(t.colors.accent),
                stroke: None,
            });
            y += 3.0;
        }
        y += 14.0;
        Rect::new(frame.x_pt, y, frame.w_pt, frame.bottom() - y)
    }

    /// A small "Sources: [1] …" line at the bottom of the content area; returns the area above it.
    fn source_line(
        &mut self,
        c: &mut Canvas,
        content: Rect,
        ids: &[String],
        numbers: &HashMap<&str, usize>,
    ) -> Rect {
        if ids.is_empty() {
            return content;
        }
        let mut parts = Vec::new();
        for id in ids {
            match (self.deck.sources.get(id), numbers.get(id.as_str())) {
                (Some(s), Some(n)) => parts.push(format!("[{n}] {}, {}", s.outlet, short_date(s))),
                _ => {
                    self.warn(
                        c,
                        WarningKind::MissingSource,
                        format!(
                            "slide {}: cites source `{id}`, which the deck does not hold; re-add the item from the library",
                            c.page
                        ),
                    );
                }
            }
        }
        if parts.is_empty() {
            return content;
        }
        let style = self.small(self.theme.colors.muted);
        let text = format!("Sources: {}", parts.join("; "));
        let lines = wrap(
            &mut self.st.m,
            style.font,
            style.size_pt,
            &text,
            content.w_pt,
        );
        let lh = line_height(style.size_pt, 1.25);
        let h = lines.len() as f32 * lh;
        let top = content.bottom() - h;
        let (items, _) = place(
            &mut self.st.m,
            &[Para::new(text, style)],
            Rect::new(content.x_pt, top, content.w_pt, h),
            1.0,
            1.25,
        );
        c.items.extend(items);
        Rect::new(
            content.x_pt,
            content.y_pt,
            content.w_pt,
            (content.h_pt - h - 10.0).max(0.0),
        )
    }

    /// Banners, footer and page number.
    fn chrome(&mut self, c: &mut Canvas, number: usize, total: usize, dark: bool) {
        let t = self.theme;
        let bh = self.banner_h();
        if let Some(logo) = &t.logo {
            let path = logo.display().to_string();
            match self.load_image(&path) {
                Ok(idx) => {
                    let img = &self.st.images[idx];
                    let h = LOGO_HEIGHT_PT;
                    let w = h * img.width_px as f32 / img.height_px.max(1) as f32;
                    let rect = Rect::new(
                        c.w - t.margins.right_pt - w,
                        bh + (t.margins.top_pt - h) / 2.0,
                        w,
                        h,
                    );
                    c.items.push(Item::Image { rect, image: idx });
                }
                Err(why) => self.warn(
                    c,
                    WarningKind::Image,
                    format!("theme logo `{path}` {why}; fix the `logo` path in the theme file"),
                ),
            }
        }
        let marking = self.deck.meta.marking.trim().to_uppercase();
        if bh > 0.0 {
            for y in [0.0, c.h - bh] {
                let rect = Rect::new(0.0, y, c.w, bh);
                if t.banner_outline {
                    c.items.push(Item::Rect {
                        rect: Rect::new(1.0, y + 1.0, c.w - 2.0, bh - 2.0),
                        fill: Some(t.colors.banner_background),
                        stroke: Some((t.colors.banner_text, 1.5)),
                    });
                } else {
                    c.items.push(Item::Rect {
                        rect,
                        fill: Some(t.colors.banner_background),
                        stroke: None,
                    });
                }
                let size = (bh * 0.55).min(12.0);
                let font = FontId::of(t.body_family, FontStyle::Bold);
                let width = self.st.m.width(font, size, &marking);
                let x = (c.w - width) / 2.0;
                let baseline = y + bh / 2.0 + size * 0.36;
                let run = self
                    .st
                    .m
                    .run(font, size, t.colors.banner_text, x, baseline, &marking);
                c.items.push(Item::Text(run));
            }
        }
        let color = if dark {
            t.colors.title_text
        } else {
            t.colors.muted
        };
        let size = t.sizes.small_pt;
        let font = FontId::of(t.body_family, FontStyle::Regular);
        let baseline = c.h - bh - t.margins.bottom_pt * 0.55;
        let left_x = t.margins.left_pt;
        let right_edge = c.w - t.margins.right_pt;
        if t.footer_rule && !dark {
            let y = baseline - size * 1.6;
            c.items.push(Item::Line {
                from: (left_x, y),
                to: (right_edge, y),
                color: t.colors.muted,
                width_pt: 0.5,
            });
        }
        let meta = &self.deck.meta;
        let mut left = meta.title.clone();
        if let Some(d) = meta.date {
            left.push_str(&format!("  \u{00b7}  {}", d.long()));
        }
        let num = format!("{number} / {total}");
        let num_w = self.st.m.width(font, size, &num);
        let dist = meta.distribution.trim().to_owned();
        let gap = 18.0;
        let max_dist = (right_edge - left_x) * 0.4;
        let dist = ellipsize(&mut self.st.m, font, size, &dist, max_dist);
        let dist_w = if dist.is_empty() {
            0.0
        } else {
            self.st.m.width(font, size, &dist) + gap
        };
        let max_left = right_edge - left_x - num_w - dist_w - gap;
        let left = ellipsize(&mut self.st.m, font, size, &left, max_left);
        let run = self.st.m.run(font, size, color, left_x, baseline, &left);
        c.items.push(Item::Text(run));
        if !dist.is_empty() {
            let run = self.st.m.run(
                font,
                size,
                color,
                right_edge - num_w - dist_w,
                baseline,
                &dist,
            );
            c.items.push(Item::Text(run));
        }
        let run = self
            .st
            .m
            .run(font, size, color, right_edge - num_w, baseline, &num);
        c.items.push(Item::Text(run));
    }

    fn title_slide(&mut self, c: &mut Canvas) {
        let t = self.theme;
        let meta = self.deck.meta.clone();
        let bh = self.banner_h();
        if t.accent_bar_pt > 0.0 {
            c.items.push(Item::Rect {
                rect: Rect::new(0.0, bh, t.accent_bar_pt, c.h - 2.0 * bh),
                fill: Some(t.colors.accent),
                stroke: None,
            });
        }
        let x = t.margins.left_pt + t.accent_bar_pt;
        let w = c.w - x - t.margins.right_pt;
        let top = bh + t.margins.top_pt + (c.h - 2.0 * bh) * 0.16;
        let bottom = c.h - bh - t.margins.bottom_pt - t.sizes.small_pt * 3.0;
        let title_style = self.style(
            t.heading_family,
            FontStyle::Bold,
            t.sizes.title_pt,
            t.colors.title_text,
        );
        let sub_style = self.style(
            t.body_family,
            FontStyle::Regular,
            t.sizes.body_pt * 1.15,
            t.colors.title_text,
        );
        let mut paras = vec![Para::new(
            if meta.title.trim().is_empty() {
                "Untitled briefing".to_owned()
            } else {
                meta.title.clone()
            },
            title_style,
        )];
        if !meta.subtitle.trim().is_empty() {
            paras.push(Para::new(meta.subtitle.clone(), sub_style).space(0.6));
        }
        let area = Rect::new(x, top, w, (bottom - top) * 0.62);
        let used = self.flow_into(c, &paras, area, "title");
        let y = top + used + 18.0;
        c.items.push(Item::Rect {
            rect: Rect::new(x, y, 72.0, 3.0),
            fill: Some(t.colors.accent),
            stroke: None,
        });
        let info_style = self.style(
            t.body_family,
            FontStyle::Regular,
            t.sizes.body_pt * 0.85,
            t.colors.title_text,
        );
        let bold = self.style(
            t.body_family,
            FontStyle::Bold,
            t.sizes.body_pt * 0.85,
            t.colors.title_text,
        );
        let mut info = Vec::new();
        let by: Vec<&str> = [meta.author.as_str(), meta.organisation.as_str()]
            .into_iter()
            .filter(|s| !s.trim().is_empty())
            .collect();
        if !by.is_empty() {
            info.push(Para::new(by.join(", "), bold).space(0.3));
        }
        if let Some(d) = meta.date {
            info.push(Para::new(d.long(), info_style).space(0.3));
        }
        if !meta.audience.trim().is_empty() {
            info.push(Para::new(format!("Prepared for: {}", meta.audience), info_style).space(0.3));
        }
        if !info.is_empty() {
            let r = Rect::new(x, y + 20.0, w, bottom - y - 20.0);
            self.flow_into(c, &info, r, "title details");
        }
    }

    fn section_slide(&mut self, c: &mut Canvas, title: &str, subtitle: &str) {
        let t = self.theme;
        let bh = self.banner_h();
        if t.accent_bar_pt > 0.0 {
            c.items.push(Item::Rect {
                rect: Rect::new(0.0, bh, t.accent_bar_pt, c.h - 2.0 * bh),
                fill: Some(t.colors.accent),
                stroke: None,
            });
        }
        let x = t.margins.left_pt + t.accent_bar_pt;
        let w = c.w - x - t.margins.right_pt;
        let mid = c.h * 0.42;
        c.items.push(Item::Rect {
            rect: Rect::new(x, mid - 18.0, 72.0, 3.0),
            fill: Some(t.colors.accent),
            stroke: None,
        });
        let style = self.style(
            t.heading_family,
            FontStyle::Bold,
            t.sizes.title_pt * 0.9,
            t.colors.title_text,
        );
        let sub = self.style(
            t.body_family,
            FontStyle::Regular,
            t.sizes.body_pt,
            t.colors.title_text,
        );
        let mut paras = vec![Para::new(title.to_owned(), style)];
        if !subtitle.trim().is_empty() {
            paras.push(Para::new(subtitle.to_owned(), sub).space(0.6));
        }
        let area = Rect::new(x, mid, w, c.h - bh - t.margins.bottom_pt - 40.0 - mid);
        self.flow_into(c, &paras, area, "section title");
    }

    fn agenda(&mut self, c: &mut Canvas, content: Rect, visible: &[&Slide]) {
        let sections: Vec<&str> = visible
            .iter()
            .filter(|s| s.body.kind() == SlideKind::Section)
            .map(|s| s.title(&self.deck.meta))
            .collect();
        let entries: Vec<&str> = if sections.is_empty() {
            visible
                .iter()
                .filter(|s| {
                    !matches!(
                        s.body.kind(),
                        SlideKind::Title | SlideKind::Agenda | SlideKind::Sources
                    )
                })
                .map(|s| s.title(&self.deck.meta))
                .collect()
        } else {
            sections
        };
        if entries.is_empty() {
            self.warn(
                c,
                WarningKind::Empty,
                format!(
                    "slide {}: the agenda is empty; add section dividers or slides",
                    c.page
                ),
            );
        }
        let texts: Vec<String> = entries.iter().map(|e| (*e).to_owned()).collect();
        let paras = self.numbered(&texts, 1.1, 1.1, 2.0, 0.55, |i| format!("{:02}", i + 1));
        self.flow_into(c, &paras, content, "agenda");
    }

    /// Holder name, details and date; returns the height used.
    fn attribution(&mut self, c: &mut Canvas, area: Rect, side: &Side) -> f32 {
        let t = self.theme;
        let name = self.style(
            t.body_family,
            FontStyle::Bold,
            t.sizes.body_pt,
            t.colors.accent,
        );
        let small = self.small(t.colors.muted);
        let mut details = side.speaker.details();
        if let Some(d) = side.date {
            if !details.is_empty() {
                details.push_str("  \u{00b7}  ");
            }
            details.push_str(&d.long());
        }
        let mut paras = vec![Para::new(side.speaker.holder().to_owned(), name)];
        if !details.is_empty() {
            paras.push(
                Para::new(
                    details,
                    Style {
                        size_pt: small.size_pt * 1.15,
                        ..small
                    },
                )
                .space(0.2),
            );
        }
        let (items, h) = place(&mut self.st.m, &paras, area, 1.0, 1.25);
        c.items.extend(items);
        h + 14.0
    }

    /// A quotation panel; returns the height used.
    fn quote_panel(&mut self, c: &mut Canvas, area: Rect, quote: &str) -> f32 {
        let t = self.theme;
        let style = self.style(
            t.quote_family,
            FontStyle::Italic,
            t.sizes.quote_pt,
            t.colors.text,
        );
        let text = format!("\u{201c}{}\u{201d}", quote.trim());
        let inner_w = area.w_pt - 40.0;
        let lines = wrap(&mut self.st.m, style.font, style.size_pt, &text, inner_w);
        let h = lines.len() as f32 * line_height(style.size_pt, t.sizes.line_spacing) + 24.0;
        let h = h.min(area.h_pt * 0.6);
        c.items.push(Item::Rect {
            rect: Rect::new(area.x_pt, area.y_pt, area.w_pt, h),
            fill: Some(t.colors.panel),
            stroke: if t.banner_outline {
                Some((t.colors.text, 0.75))
            } else {
                None
            },
        });
        c.items.push(Item::Rect {
            rect: Rect::new(area.x_pt, area.y_pt, 4.0, h),
            fill: Some(t.colors.accent),
            stroke: None,
        });
        let inner = Rect::new(area.x_pt + 22.0, area.y_pt + 12.0, inner_w, h - 24.0);
        self.flow_into(c, &[Para::new(text, style)], inner, "quotation");
        h + 16.0
    }

    fn comparison_column(&mut self, c: &mut Canvas, col: Rect, side: &Side) {
        let t = self.theme;
        c.items.push(Item::Rect {
            rect: col,
            fill: Some(t.colors.panel),
            stroke: if t.banner_outline {
                Some((t.colors.text, 0.75))
            } else {
                None
            },
        });
        c.items.push(Item::Rect {
            rect: Rect::new(col.x_pt, col.y_pt, col.w_pt, 4.0),
            fill: Some(t.colors.accent),
            stroke: None,
        });
        let inner = Rect::new(
            col.x_pt + 16.0,
            col.y_pt + 16.0,
            col.w_pt - 32.0,
            col.h_pt - 28.0,
        );
        let used = self.attribution(c, inner, side);
        let rest = Rect::new(inner.x_pt, inner.y_pt + used, inner.w_pt, inner.h_pt - used);
        let stance = self.style(
            t.body_family,
            FontStyle::Bold,
            t.sizes.body_pt * 0.95,
            t.colors.heading,
        );
        let body = Style {
            size_pt: t.sizes.body_pt * 0.9,
            ..self.body()
        };
        let marker = self.style(
            t.body_family,
            FontStyle::Bold,
            t.sizes.body_pt * 0.9,
            t.colors.accent,
        );
        let mut paras = Vec::new();
        if !side.stance.trim().is_empty() {
            paras.push(Para::new(side.stance.clone(), stance));
        }
        for (i, k) in side.claims.iter().enumerate() {
            paras.push(
                Para::new(k.clone(), body)
                    .marked("\u{2022}", marker, 1.1)
                    .space(if i == 0 { 0.8 } else { 0.35 }),
            );
        }
        self.flow_into(c, &paras, rest, "comparison column");
    }

    fn timeline(&mut self, c: &mut Canvas, content: Rect, entries: &[crate::deck::TimelineEntry]) {
        let t = self.theme;
        if entries.is_empty() {
            self.warn(
                c,
                WarningKind::Empty,
                format!("slide {}: the timeline has no entries", c.page),
            );
            return;
        }
        let date_style = self.style(
            t.body_family,
            FontStyle::Bold,
            t.sizes.body_pt * 0.85,
            t.colors.accent,
        );
        let text_style = Style {
            size_pt: t.sizes.body_pt * 0.85,
            ..self.body()
        };
        let widest = entries
            .iter()
            .map(|e| {
                self.st
                    .m
                    .width(date_style.font, date_style.size_pt, &timeline_date(e.date))
            })
            .fold(0.0f32, f32::max);
        // Gutter: the widest date, a gap, the rule, a gap (in ems of the entry text size).
        let gutter_em = (widest + 30.0) / text_style.size_pt;
        let paras: Vec<Para> = entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                Para::new(e.text.clone(), text_style)
                    .marked(timeline_date(e.date), date_style, gutter_em)
                    .space(if i == 0 { 0.0 } else { 0.55 })
            })
            .collect();
        let f = flow(
            &mut self.st.m,
            &paras,
            content,
            t.sizes.min_body_pt,
            t.sizes.line_spacing,
        );
        let line_x = content.x_pt + gutter_em * text_style.size_pt * f.scale - 15.0 * f.scale;
        c.items.push(Item::Line {
            from: (line_x, content.y_pt),
            to: (line_x, content.y_pt + f.height_pt),
            color: t.colors.accent,
            width_pt: 1.0,
        });
        if !f.fits {
            self.warn(
                c,
                WarningKind::Overflow,
                format!(
                    "slide {}: the timeline does not fit even at {} pt; remove entries or split it into two slides",
                    c.page, t.sizes.min_body_pt
                ),
            );
        }
        c.items.extend(f.items);
    }

    fn takeaways(&mut self, c: &mut Canvas, content: Rect, points: &[String]) {
        if points.is_empty() {
            self.warn(
                c,
                WarningKind::Empty,
                format!("slide {}: the key takeaways are empty", c.page),
            );
        }
        let paras = self.numbered(points, 1.2, 1.05, 1.6, 0.8, |i| format!("{}", i + 1));
        self.flow_into(c, &paras, content, "takeaways");
    }

    fn image(&mut self, c: &mut Canvas, content: Rect, path: &str, caption: &str, credit: &str) {
        let t = self.theme;
        let small = self.small(t.colors.muted);
        let cap_style = self.style(
            t.body_family,
            FontStyle::Italic,
            t.sizes.body_pt * 0.8,
            t.colors.text,
        );
        let mut below = Vec::new();
        if !caption.trim().is_empty() {
            below.push(Para::new(caption.to_owned(), cap_style));
        }
        if !credit.trim().is_empty() {
            below.push(Para::new(format!("Credit: {credit}"), small).space(0.3));
        }
        let (_, cap_h) = place(
            &mut self.st.m,
            &below,
            Rect::new(0.0, 0.0, content.w_pt, 1000.0),
            1.0,
            1.25,
        );
        let pic_area = Rect::new(
            content.x_pt,
            content.y_pt,
            content.w_pt,
            (content.h_pt - cap_h - 10.0).max(20.0),
        );
        match self.load_image(path) {
            Ok(idx) => {
                let img = &self.st.images[idx];
                let aspect = img.width_px as f32 / img.height_px.max(1) as f32;
                let (mut w, mut h) = (pic_area.w_pt, pic_area.w_pt / aspect);
                if h > pic_area.h_pt {
                    h = pic_area.h_pt;
                    w = h * aspect;
                }
                let rect = Rect::new(
                    pic_area.x_pt + (pic_area.w_pt - w) / 2.0,
                    pic_area.y_pt,
                    w,
                    h,
                );
                c.items.push(Item::Image { rect, image: idx });
                let cap = Rect::new(
                    content.x_pt,
                    rect.bottom() + 10.0,
                    content.w_pt,
                    cap_h + 2.0,
                );
                let (items, _) = place(&mut self.st.m, &below, cap, 1.0, 1.25);
                c.items.extend(items);
            }
            Err(why) => {
                c.items.push(Item::Rect {
                    rect: pic_area,
                    fill: Some(t.colors.panel),
                    stroke: Some((t.colors.muted, 1.0)),
                });
                let msg = format!("Picture not available: {why}");
                let inner = Rect::new(
                    pic_area.x_pt + 20.0,
                    pic_area.y_pt + 20.0,
                    pic_area.w_pt - 40.0,
                    pic_area.h_pt - 40.0,
                );
                let body = self.body();
                let (items, _) = place(&mut self.st.m, &[Para::new(msg, body)], inner, 1.0, 1.3);
                c.items.extend(items);
                self.warn(
                    c,
                    WarningKind::Image,
                    format!(
                        "slide {}: picture `{path}` {why}; choose another PNG or JPEG file",
                        c.page
                    ),
                );
                let cap = Rect::new(
                    content.x_pt,
                    pic_area.bottom() + 10.0,
                    content.w_pt,
                    cap_h + 2.0,
                );
                let (items, _) = place(&mut self.st.m, &below, cap, 1.0, 1.25);
                c.items.extend(items);
            }
        }
    }

    fn resolve_path(&self, path: &str) -> PathBuf {
        let p = Path::new(path);
        match (&self.options.base_dir, p.is_relative()) {
            (Some(base), true) => base.join(p),
            _ => p.to_path_buf(),
        }
    }

    /// Loads (once per path) and downsizes a picture; the error says why it failed.
    fn load_image(&mut self, path: &str) -> Result<usize, String> {
        if path.trim().is_empty() {
            return Err("is not set".to_owned());
        }
        let full = self.resolve_path(path);
        if let Some(i) = self.st.image_index.get(&full) {
            return Ok(*i);
        }
        // Failures are not remembered: a file fixed on disk is picked up at the next layout.
        let data = decode_image(&full)?;
        self.st.images.push(data);
        let i = self.st.images.len() - 1;
        self.st.image_index.insert(full, i);
        Ok(i)
    }

    fn sources_list(&mut self, c: &mut Canvas, content: Rect, cited: &[&str]) {
        let t = self.theme;
        if cited.is_empty() {
            self.warn(
                c,
                WarningKind::Empty,
                format!(
                    "slide {}: no visible slide cites a source, so the sources slide is empty",
                    c.page
                ),
            );
            return;
        }
        let num = self.style(
            t.body_family,
            FontStyle::Bold,
            t.sizes.body_pt * 0.8,
            t.colors.accent,
        );
        let text = Style {
            size_pt: t.sizes.body_pt * 0.8,
            ..self.body()
        };
        let mut paras = Vec::new();
        let mut urls = Vec::new();
        for (i, id) in cited.iter().enumerate() {
            let Some(s) = self.deck.sources.get(*id) else {
                continue;
            };
            let mut line = format!(
                "{}, \u{201c}{}\u{201d}, {}",
                s.outlet,
                s.title,
                s.date.long()
            );
            if let Some(a) = &s.author {
                line = format!("{a}: {line}");
            }
            line.push_str(&format!(" ({}).", s.kind.label()));
            if let Some(u) = &s.url {
                line.push_str(&format!(" {u}"));
                urls.push(u.clone());
            }
            paras.push(
                Para::new(line, text)
                    .marked(format!("[{}]", i + 1), num, 2.4)
                    .space(if i == 0 { 0.0 } else { 0.4 }),
            );
        }
        let start = c.items.len();
        // Reference lists may go down to the small size.
        let min = self.theme.sizes.small_pt.min(self.theme.sizes.min_body_pt);
        self.flow_min(c, &paras, content, "source list", min);
        // Link the part of each run that shows (part of) a URL.
        let mut links = Vec::new();
        for item in &c.items[start..] {
            let Item::Text(run) = item else { continue };
            for u in &urls {
                let (at, shown) = if let Some(at) = run.text.find(u.as_str()) {
                    (at, u.as_str())
                } else if run.text.starts_with("http") && u.starts_with(run.text.as_str()) {
                    (0, run.text.as_str())
                } else {
                    continue;
                };
                let x = run.x_pt + self.st.m.width(run.font, run.size_pt, &run.text[..at]);
                let w = self.st.m.width(run.font, run.size_pt, shown);
                links.push(Item::Link {
                    rect: Rect::new(x, run.baseline_pt - run.size_pt, w, run.size_pt * 1.3),
                    uri: u.clone(),
                });
                break;
            }
        }
        c.items.extend(links);
    }
}

fn decode_image(path: &Path) -> Result<ImageData, String> {
    let reader =
        image::ImageReader::open(path).map_err(|e| format!("could not be opened ({e})"))?;
    let reader = reader
        .with_guessed_format()
        .map_err(|e| format!("could not be read ({e})"))?;
    let img = reader
        .decode()
        .map_err(|e| format!("is not a readable PNG or JPEG ({e})"))?;
    let img = if img.width() > MAX_IMAGE_PX || img.height() > MAX_IMAGE_PX {
        img.resize(
            MAX_IMAGE_PX,
            MAX_IMAGE_PX,
            image::imageops::FilterType::Triangle,
        )
    } else {
        img
    };
    // Transparent areas are composited onto white, as on a printed page.
    let rgba = img.to_rgba8();
    let mut rgb = image::RgbImage::new(rgba.width(), rgba.height());
    for (dst, src) in rgb.pixels_mut().zip(rgba.pixels()) {
        let a = u16::from(src[3]);
        for k in 0..3 {
            dst[k] = ((u16::from(src[k]) * a + 255 * (255 - a)) / 255) as u8;
        }
    }
    Ok(ImageData {
        width_px: rgb.width(),
        height_px: rgb.height(),
        rgb: Arc::new(rgb.into_raw()),
    })
}

fn short_date(s: &CitedSource) -> String {
    s.date.long()
}

fn timeline_date(d: crate::library::Date) -> String {
    d.long()
}

fn ellipsize(m: &mut Measurer<'_>, font: FontId, size: f32, text: &str, max_w: f32) -> String {
    if m.width(font, size, text) <= max_w {
        return text.to_owned();
    }
    let mut s: String = text.to_owned();
    while !s.is_empty() && m.width(font, size, &format!("{s}\u{2026}")) > max_w {
        s.pop();
    }
    format!("{}\u{2026}", s.trim_end())
}
