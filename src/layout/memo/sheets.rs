//! The memo set on pages: header block, sections, endnotes; page banners from the marks of the
//! text on each page; warnings for a bottom line over four lines and a memo over its page limit.

use std::sync::Arc;

use super::content::{build, MemoContent, Role};
use crate::deck::BannerMode;
use crate::fonts::{FontId, FontStyle};
use crate::layout::compose::{ComposeCtx, Draft, DraftBanner, Paper, SheetKind};
use crate::layout::page::{Bookmark, Item, Page, Rect};
use crate::layout::paginate::paginate;
use crate::layout::text::{place, wrap, Para, Style};
use crate::layout::warning::{Warning, WarningKind};
use crate::memo::{MemoTemplate, TemplateCatalog};

/// Lines the bottom line up front should not exceed.
const BLUF_MAX_LINES: usize = 4;

/// The memo's template: the deck's choice from `catalog` (the built-in ones when `None`), or
/// the default with a warning when the deck names one that is not loaded.
fn template(
    cx: &mut ComposeCtx<'_>,
    catalog: Option<&TemplateCatalog>,
) -> Option<Arc<MemoTemplate>> {
    let catalog = catalog.unwrap_or_else(|| TemplateCatalog::builtin());
    let id = cx.deck.meta.memo.template.trim();
    if let Some(t) = catalog.get(id) {
        return Some(t);
    }
    cx.doc_warnings.push(Warning {
        slide_id: None,
        slide: None,
        page: None,
        kind: WarningKind::Empty,
        message: format!(
            "the deck names memo template `{id}`, which is not loaded; the memo uses `{}` — choose one of {} in the deck settings (Memo), or put the template\u{2019}s .toml file in a `memos` folder beside the deck",
            crate::memo::DEFAULT_TEMPLATE,
            catalog.ids()
        ),
    });
    catalog.get("")
}

/// Lays out the memo on `paper`.
pub(crate) fn sheets(
    cx: &mut ComposeCtx<'_>,
    paper: Paper,
    catalog: Option<&TemplateCatalog>,
) -> (Vec<Draft>, Vec<Bookmark>) {
    let (w, h) = paper.size_pt();
    let t = cx.theme;
    let Some(template) = template(cx, catalog) else {
        return (Vec::new(), Vec::new());
    };
    let content = build(cx.deck, &template, cx.plan);
    for (slide, message) in &content.warnings {
        cx.doc_warnings.push(Warning {
            slide_id: *slide,
            slide: slide.and_then(|id| cx.deck.index_of(id)).map(|i| i + 1),
            page: None,
            kind: WarningKind::Empty,
            message: message.clone(),
        });
    }
    let g = t.geometry;
    let size = g.memo_body_pt;
    let spacing = g.memo_line_spacing;
    let ink = t.colors.paper_text;
    let body = Style {
        font: FontId::of(t.body_family, FontStyle::Regular),
        size_pt: size,
        color: ink,
    };
    let bold = Style {
        font: FontId::of(t.body_family, FontStyle::Bold),
        ..body
    };
    let heading = Style {
        font: FontId::of(t.heading_family, FontStyle::Bold),
        size_pt: size * 1.15,
        ..body
    };
    let small = Style {
        size_pt: size * 0.88,
        ..body
    };
    let muted = Style {
        font: FontId::of(t.body_family, FontStyle::Italic),
        color: t.colors.paper_muted,
        ..body
    };
    let area = cx.paper_area(w, h);

    // The header block: title, then To / From / Date / Subject / Marking with aligned labels.
    let meta = &cx.deck.meta;
    let memo = &meta.memo;
    let all_marks: Vec<&str> = content
        .blocks
        .iter()
        .filter_map(|b| b.mark.as_deref())
        .collect();
    let overall = cx.plan.banner_for_marks(&all_marks);
    let subject = if memo.subject.trim().is_empty() {
        meta.title.trim()
    } else {
        memo.subject.trim()
    };
    let mut rows: Vec<(&str, String)> = vec![
        ("TO:", memo.to.trim().to_owned()),
        ("FROM:", memo.from.trim().to_owned()),
        ("DATE:", meta.date.map(|d| d.long()).unwrap_or_default()),
        ("SUBJECT:", subject.to_owned()),
    ];
    if let Some(b) = &overall {
        rows.push(("MARKING:", b.text.clone()));
    }
    for (label, value) in &rows {
        if value.is_empty() && *label != "DATE:" {
            cx.doc_warnings.push(Warning {
                slide_id: None,
                slide: None,
                page: Some(1),
                kind: WarningKind::Empty,
                message: format!(
                    "the memo\u{2019}s header has no {}; set it in the deck settings (Memo)",
                    match *label {
                        "TO:" => "addressee (To)",
                        "FROM:" => "sender (From)",
                        _ => "subject",
                    }
                ),
            });
        }
    }
    let mut header = vec![Para::new(
        template.title.clone(),
        Style {
            size_pt: size * 1.45,
            ..heading
        },
    )
    .space(0.0)];
    for (i, (label, value)) in rows.iter().enumerate() {
        let shown = if value.is_empty() { "\u{2014}" } else { value };
        header.push(
            Para::new(shown.to_owned(), body)
                .marked(*label, bold, 7.2)
                .space(if i == 0 { 1.1 } else { 0.15 }),
        );
    }
    let (mut first_items, header_h) = place(cx.m, &header, area, 1.0, spacing);
    let rule_y = area.y_pt + header_h + size * 0.7;
    first_items.push(Item::Line {
        from: (area.x_pt, rule_y),
        to: (area.right(), rule_y),
        color: ink,
        width_pt: 0.75,
    });
    let body_top = rule_y + size * 0.9;
    let first = Rect::new(
        area.x_pt,
        body_top,
        area.w_pt,
        (area.bottom() - body_top).max(size * 2.0),
    );

    // The text: each block as a paragraph with its portion label and citation mark.
    let paras = paras(cx, &content, body, bold, heading, small, muted);
    let flows = paginate(cx.m, &paras, first, area, spacing);

    // Warnings: a long bottom line; a memo over its page limit (by how much).
    if let Some(bluf) = template
        .sections
        .iter()
        .position(|s| s.from == crate::memo::SectionSource::Bluf)
    {
        let lines: usize = content
            .blocks
            .iter()
            .zip(&paras)
            .filter(|(b, _)| b.section == bluf && b.role != Role::Heading)
            .map(|(_, p)| {
                wrap(
                    cx.m,
                    p.style.font,
                    p.style.size_pt,
                    &p.text,
                    area.w_pt - p.gutter_pt(1.0),
                )
                .len()
            })
            .sum();
        if lines > BLUF_MAX_LINES {
            cx.doc_warnings.push(Warning {
                slide_id: None,
                slide: None,
                page: Some(1),
                kind: WarningKind::Length,
                message: format!(
                    "the memo\u{2019}s \u{201c}{}\u{201d} runs to {lines} lines; keep it to {BLUF_MAX_LINES} \u{2014} shorten the key-takeaways points",
                    template.sections[bluf].heading
                ),
            });
        }
    }
    let pages = flows.len();
    if pages > template.page_limit {
        let line_h = size * spacing;
        let over_lines: usize = flows[template.page_limit..]
            .iter()
            .map(|f| (f.height_pt / line_h).round() as usize)
            .sum();
        let over_pages = pages - template.page_limit;
        let amount = if over_pages == 1 {
            format!("about {over_lines} lines on 1 extra page")
        } else {
            format!("about {over_lines} lines on {over_pages} extra pages")
        };
        cx.doc_warnings.push(Warning {
            slide_id: None,
            slide: None,
            page: Some(template.page_limit + 1),
            kind: WarningKind::Length,
            message: format!(
                "the memo runs to {pages} pages, {amount} over the {} template\u{2019}s limit of {} page{}; shorten the summaries, notes or fields it is written from",
                template.name,
                template.page_limit,
                if template.page_limit == 1 { "" } else { "s" }
            ),
        });
    }

    // Pages, with the banner of each from the marks of the text on it; the first page (with
    // the header) shows the memo's highest mark.
    let mut drafts = Vec::with_capacity(pages);
    let mut bookmarks = Vec::new();
    for (i, flow) in flows.into_iter().enumerate() {
        let mut items = if i == 0 {
            std::mem::take(&mut first_items)
        } else {
            Vec::new()
        };
        let mut marks: Vec<&str> = Vec::new();
        for &k in &flow.paras {
            let b = &content.blocks[k];
            if let Some(m) = b.mark.as_deref() {
                marks.push(m);
            }
            if b.role == Role::Heading && !bookmarks.iter().any(|x: &Bookmark| x.title == b.text) {
                bookmarks.push(Bookmark {
                    title: b.text.clone(),
                    page_index: i,
                });
            }
        }
        items.extend(flow.items);
        let banner = if i == 0 || cx.deck.meta.markings.memo == BannerMode::Overall {
            overall.clone()
        } else {
            cx.plan.banner_for_marks(&marks)
        };
        drafts.push(Draft {
            page: Page {
                width_pt: w,
                height_pt: h,
                background: t.colors.paper_background,
                items,
                slides: Vec::new(),
                overlay: Vec::new(),
            },
            kind: SheetKind::Paper,
            banner: DraftBanner::Given(banner),
        });
    }
    (drafts, bookmarks)
}

/// The memo's blocks as paragraphs.
#[allow(clippy::too_many_arguments)]
fn paras(
    cx: &ComposeCtx<'_>,
    content: &MemoContent,
    body: Style,
    bold: Style,
    heading: Style,
    small: Style,
    muted: Style,
) -> Vec<Para> {
    let labels = cx.deck.meta.markings.portion_labels;
    let style = cx.theme.citations;
    let number = |id: &String| content.cited.iter().position(|c| c == id).map(|i| i + 1);
    content
        .blocks
        .iter()
        .map(|b| {
            let mut text = match (&b.mark, labels) {
                (Some(m), true) => format!("({m}) {}", b.text),
                _ => b.text.clone(),
            };
            let mut nums: Vec<usize> = b.sources.iter().filter_map(number).collect();
            nums.sort_unstable();
            nums.dedup();
            text.push_str(&style.mark(&nums));
            match b.role {
                Role::Heading => Para::new(text, heading).space(1.3).keep_with_next(),
                Role::SubHeading => Para::new(text, bold).space(0.9).keep_with_next(),
                Role::Para => Para::new(text, body).space(0.6),
                Role::Bullet => Para::new(text, body)
                    .marked("\u{2022}", bold, 1.3)
                    .space(0.35),
                Role::Decision => Para::new(text, body).space(1.4),
                Role::Placeholder => Para::new(text, muted).space(0.5),
                Role::Endnote(n) => {
                    let label = match style {
                        crate::theme::CitationStyle::Brackets => format!("[{n}]"),
                        _ => format!("{n}."),
                    };
                    Para::new(text, small)
                        .marked(
                            label,
                            Style {
                                font: bold.font,
                                ..small
                            },
                            2.6,
                        )
                        .space(0.3)
                }
            }
        })
        .collect()
}
