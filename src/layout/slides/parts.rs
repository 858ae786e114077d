//! Pieces shared by the slide layouts: styles, the slide header, the source line, bullets,
//! numbered lists, attribution, panels and shrink-to-fit flow with overflow warnings.

use super::{Canvas, Ctx};
use crate::deck::{Block, Side};
use crate::fonts::{FontFamily, FontId, FontStyle};
use crate::layout::page::{Item, Rect};
use crate::layout::text::{flow, line_height, place, wrap, Para, Style};
use crate::layout::warning::WarningKind;
use crate::theme::{Color, SlideSources};

/// A slide title as shown: titles take no closing full stop (a sentence-like stance copied from
/// the library keeps its words; an ellipsis or an abbreviation such as "U.S." is left alone).
pub fn shown_title(title: &str) -> &str {
    let t = title.trim_end();
    match t.strip_suffix('.') {
        Some(rest)
            if !rest.ends_with('.') && rest.chars().rev().nth(1).is_none_or(|c| c != '.') =>
        {
            rest
        }
        _ => t,
    }
}

impl Ctx<'_> {
    pub fn style(
        &self,
        family: FontFamily,
        weight: FontStyle,
        size_pt: f32,
        color: Color,
    ) -> Style {
        Style {
            font: FontId::of(family, weight),
            size_pt,
            color,
        }
    }

    /// A block as the slide shows it: "(C) text" when marked and the deck shows portion labels,
    /// else the text; followed by the citation mark of the sources it cites (their numbers in
    /// the sources list, in the theme's citation style).
    pub fn shown(&self, block: &crate::deck::Block) -> String {
        let mut text = if self.deck.meta.markings.portion_labels {
            block.to_line()
        } else {
            block.text.clone()
        };
        let mut numbers: Vec<usize> = block
            .sources
            .iter()
            .filter_map(|id| self.numbers.get(id.as_str()).copied())
            .collect();
        numbers.sort_unstable();
        numbers.dedup();
        text.push_str(&self.theme.citations.mark(&numbers));
        text
    }

    /// Body text at the theme's body size.
    pub fn body(&self) -> Style {
        let t = self.theme;
        self.style(
            t.body_family,
            FontStyle::Regular,
            t.sizes.body_pt,
            t.colors.text,
        )
    }

    /// Small text in a colour.
    pub fn small(&self, color: Color) -> Style {
        let t = self.theme;
        self.style(t.body_family, FontStyle::Regular, t.sizes.small_pt, color)
    }

    /// Height of the marking banners (0 without a marking).
    pub fn banner_h(&self) -> f32 {
        if self.plan.has_banners() {
            self.theme.banner_height_pt
        } else {
            0.0
        }
    }

    /// The content area between the top margin and the footer band.
    pub fn content_area(&self, c: &Canvas) -> Rect {
        let t = self.theme;
        let top = self.banner_h() + t.margins.top_pt;
        let bottom = c.h
            - self.banner_h()
            - t.margins.bottom_pt
            - t.sizes.small_pt * t.geometry.footer_band_em;
        Rect::new(
            t.margins.left_pt,
            top,
            c.w - t.margins.left_pt - t.margins.right_pt,
            bottom - top,
        )
    }

    /// A bullet paragraph for a block (its portion mark shown in front).
    pub fn bullet(&self, block: &Block) -> Para {
        let t = self.theme;
        let marker = self.style(
            t.body_family,
            FontStyle::Bold,
            t.sizes.body_pt,
            t.colors.accent,
        );
        Para::new(self.shown(block), self.body()).marked("\u{2022}", marker, 1.1)
    }

    /// Bullets for blocks, with `first`/`then` ems of space above.
    pub fn bullets(&self, blocks: &[Block], first: f32, then: f32) -> Vec<Para> {
        blocks
            .iter()
            .enumerate()
            .map(|(i, b)| self.bullet(b).space(if i == 0 { first } else { then }))
            .collect()
    }

    /// A numbered list: accent numbers in the heading family, text in the body family.
    #[allow(clippy::too_many_arguments)]
    pub fn numbered(
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

    /// Body text at its own size: a deck keeps one body size, so body text is never shrunk to
    /// fit. Text that does not fit runs past the area with a warning that offers to split the
    /// slide. Returns the height used.
    pub fn flow_into(&mut self, c: &mut Canvas, paras: &[Para], rect: Rect, what: &str) -> f32 {
        let f = flow(self.m, paras, rect, f32::MAX, self.theme.sizes.line_spacing);
        if !f.fits {
            c.warn(
                WarningKind::Overflow,
                format!(
                    "the {what} does not fit at the deck\u{2019}s body size ({} pt); split the slide (\u{201c}Split slide\u{201d} in the editor) or shorten it",
                    self.theme.sizes.body_pt
                ),
            );
        }
        c.items.extend(f.items);
        f.height_pt
    }

    /// A slide's list of points: a short list (at most the theme's `sparse_items` points and
    /// `sparse_words` words) is set at the one larger "sparse" size; then balanced like
    /// [`Self::flow_balanced`].
    pub fn flow_list(&mut self, c: &mut Canvas, paras: &[Para], rect: Rect, what: &str) -> f32 {
        let g = self.theme.geometry;
        let words: usize = paras
            .iter()
            .map(|p| p.text.split_whitespace().count())
            .sum();
        let sparse = !paras.is_empty()
            && paras.len() as f32 <= g.sparse_items
            && words as f32 <= g.sparse_words;
        if sparse {
            let scaled: Vec<Para> = paras
                .iter()
                .cloned()
                .map(|p| p.scaled(g.sparse_scale))
                .collect();
            self.flow_balanced(c, &scaled, rect, what)
        } else {
            self.flow_balanced(c, paras, rect, what)
        }
    }

    /// Like [`Self::flow_into`], but a sparse slide's text is balanced on the page: when it fills
    /// less of the area than the theme's `balance_fill`, it moves down by the theme's
    /// `balance_ratio` of the free space (so few points sit a little above the middle instead
    /// of hugging the title).
    pub fn flow_balanced(&mut self, c: &mut Canvas, paras: &[Para], rect: Rect, what: &str) -> f32 {
        let g = self.theme.geometry;
        let mut tmp = Canvas {
            w: c.w,
            h: c.h,
            items: Vec::new(),
            warnings: Vec::new(),
            inline_cited: Vec::new(),
        };
        let used = self.flow_into(&mut tmp, paras, rect, what);
        let free = rect.h_pt - used;
        let dy = if used > 0.0 && used < rect.h_pt * g.balance_fill {
            free * g.balance_ratio
        } else {
            0.0
        };
        for item in &mut tmp.items {
            item.shift_y(dy);
        }
        c.items.append(&mut tmp.items);
        c.warnings.append(&mut tmp.warnings);
        used + dy
    }

    /// Like [`Self::flow_into`] with an explicit minimum size.
    pub fn flow_min(
        &mut self,
        c: &mut Canvas,
        paras: &[Para],
        rect: Rect,
        what: &str,
        min_pt: f32,
    ) -> f32 {
        let f = flow(self.m, paras, rect, min_pt, self.theme.sizes.line_spacing);
        if !f.fits {
            c.warn(
                WarningKind::Overflow,
                format!(
                    "the {what} does not fit even at {min_pt} pt and runs past the content area; shorten it or split the slide"
                ),
            );
        }
        c.items.extend(f.items);
        f.height_pt
    }

    /// Slide title and rule; returns the content area below it.
    pub fn header(&mut self, c: &mut Canvas, title: &str) -> Rect {
        let t = self.theme;
        let g = &t.geometry;
        let frame = self.content_area(c);
        let style = self.style(
            t.heading_family,
            FontStyle::Bold,
            t.sizes.heading_pt,
            t.colors.heading,
        );
        let max_h = line_height(t.sizes.heading_pt, 1.15) * 2.0;
        let title_rect = Rect::new(frame.x_pt, frame.y_pt, frame.w_pt, max_h);
        let f = flow(
            self.m,
            &[Para::new(shown_title(title).to_owned(), style)],
            title_rect,
            t.sizes.heading_pt * 0.7,
            1.15,
        );
        if !f.fits {
            c.warn(
                WarningKind::Overflow,
                "the title is longer than two lines; shorten it".to_owned(),
            );
        }
        c.items.extend(f.items);
        let mut y = frame.y_pt + f.height_pt + g.title_gap_pt;
        if t.title_rule {
            c.items.push(Item::Rect {
                rect: Rect::new(frame.x_pt, y, g.title_rule_width_pt, g.rule_height_pt),
                fill: Some(t.colors.accent),
                stroke: None,
            });
            y += g.rule_height_pt;
        }
        y += g.content_gap_pt;
        Rect::new(frame.x_pt, y, frame.w_pt, frame.bottom() - y)
    }

    /// An accent rule on title and section slides.
    pub fn accent_rule(&self, c: &mut Canvas, x: f32, y: f32) {
        let g = &self.theme.geometry;
        c.items.push(Item::Rect {
            rect: Rect::new(x, y, g.accent_rule_width_pt, g.rule_height_pt),
            fill: Some(self.theme.colors.accent),
            stroke: None,
        });
    }

    /// The accent bar down the left edge of title and section slides; returns the text's left x.
    pub fn accent_bar(&self, c: &mut Canvas) -> f32 {
        let t = self.theme;
        let bh = self.banner_h();
        if t.accent_bar_pt > 0.0 {
            c.items.push(Item::Rect {
                rect: Rect::new(0.0, bh, t.accent_bar_pt, c.h - 2.0 * bh),
                fill: Some(t.colors.accent),
                stroke: None,
            });
        }
        t.margins.left_pt + t.accent_bar_pt
    }

    /// The slide's "Sources:" line at the bottom of the content area, in source-number order
    /// and at the theme's readable source size; returns the area above it. The theme chooses
    /// what it holds: outlets and dates, only the numbers of the sources slide, or nothing.
    pub fn source_line(&mut self, c: &mut Canvas, content: Rect, ids: &[String]) -> Rect {
        if ids.is_empty() {
            return content;
        }
        let mut cited: Vec<(usize, &crate::deck::CitedSource)> = Vec::new();
        for id in ids {
            match (self.deck.sources.get(id), self.numbers.get(id.as_str())) {
                (Some(s), Some(n)) => {
                    if !cited.iter().any(|(m, _)| m == n) {
                        cited.push((*n, s));
                    }
                }
                _ => c.warn(
                    WarningKind::MissingSource,
                    format!(
                        "cites source `{id}`, which the deck does not hold; re-add the item from the library"
                    ),
                ),
            }
        }
        if cited.is_empty() {
            return content;
        }
        cited.sort_by_key(|(n, _)| *n);
        let has_list = self
            .visible
            .iter()
            .any(|s| s.body.kind() == crate::deck::SlideKind::Sources);
        // A numbers-only line leaves out what the blocks already show inline.
        let not_inline: Vec<(usize, &crate::deck::CitedSource)> = cited
            .iter()
            .filter(|(n, _)| {
                !c.inline_cited
                    .iter()
                    .any(|id| self.numbers.get(id.as_str()) == Some(n))
            })
            .copied()
            .collect();
        let numbers_only = match self.theme.slide_sources {
            SlideSources::None => return content,
            SlideSources::Numbers => true,
            SlideSources::Auto => has_list,
            SlideSources::Line => false,
        };
        if numbers_only && not_inline.is_empty() {
            return content;
        }
        let text = match self.theme.slide_sources {
            SlideSources::None => return content,
            SlideSources::Numbers => numbers_line(&not_inline),
            SlideSources::Auto if has_list => numbers_line(&not_inline),
            SlideSources::Auto | SlideSources::Line => {
                let parts: Vec<String> = cited
                    .iter()
                    .map(|(n, s)| format!("[{n}] {}, {}", s.outlet, s.date.long()))
                    .collect();
                format!("Sources: {}", parts.join("; "))
            }
        };
        let style = Style {
            size_pt: self.theme.source_pt,
            ..self.small(self.theme.colors.muted)
        };
        let lines = wrap(self.m, style.font, style.size_pt, &text, content.w_pt);
        let h = lines.len() as f32 * line_height(style.size_pt, 1.25);
        let top = content.bottom() - h;
        let (items, _) = place(
            self.m,
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
            (content.h_pt - h - self.theme.geometry.source_gap_pt).max(0.0),
        )
    }

    /// A panel background with an accent bar (top or left); the outline when the theme asks.
    pub fn panel(&self, c: &mut Canvas, rect: Rect, bar_on_left: bool) {
        let t = self.theme;
        let bar = t.geometry.panel_bar_pt;
        c.items.push(Item::Rect {
            rect,
            fill: Some(t.colors.panel),
            stroke: if t.banner_outline {
                Some((t.colors.text, 0.75))
            } else {
                None
            },
        });
        let bar_rect = if bar_on_left {
            Rect::new(rect.x_pt, rect.y_pt, bar, rect.h_pt)
        } else {
            Rect::new(rect.x_pt, rect.y_pt, rect.w_pt, bar)
        };
        c.items.push(Item::Rect {
            rect: bar_rect,
            fill: Some(t.colors.accent),
            stroke: None,
        });
    }

    /// Holder name, details and date; returns the height used.
    pub fn attribution(&mut self, c: &mut Canvas, area: Rect, side: &Side) -> f32 {
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
        let (items, h) = place(self.m, &paras, area, 1.0, 1.25);
        c.items.extend(items);
        h + t.geometry.content_gap_pt
    }
}

/// "Sources: [1], [4], [7] (see the list of sources)".
fn numbers_line(cited: &[(usize, &crate::deck::CitedSource)]) -> String {
    let nums: Vec<String> = cited.iter().map(|(n, _)| format!("[{n}]")).collect();
    format!("Sources: {}", nums.join(" "))
}

/// The distinct source ids of several items, in order of first appearance.
pub(super) fn source_ids<'a>(lists: impl Iterator<Item = &'a [String]>) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for list in lists {
        for s in list {
            if !ids.contains(s) {
                ids.push(s.clone());
            }
        }
    }
    ids
}
