//! The numbered list of every source the visible slides cite, with links on the addresses.

use super::{Canvas, Ctx};
use crate::fonts::FontStyle;
use crate::layout::page::{Item, Rect};
use crate::layout::text::{Para, Style};
use crate::layout::warning::WarningKind;

pub(super) fn lay_out(cx: &mut Ctx<'_>, c: &mut Canvas, title: &str) {
    let content = cx.header(c, title);
    let t = cx.theme;
    if cx.cited.is_empty() {
        c.warn(
            WarningKind::Empty,
            "no visible slide cites a source, so the sources slide is empty".to_owned(),
        );
        return;
    }
    let num = cx.style(
        t.body_family,
        FontStyle::Bold,
        t.sizes.body_pt * 0.8,
        t.colors.accent,
    );
    let text = Style {
        size_pt: t.sizes.body_pt * 0.8,
        ..cx.body()
    };
    let mut paras = Vec::new();
    let mut urls = Vec::new();
    for (i, id) in cx.cited.iter().enumerate() {
        let Some(s) = cx.deck.sources.get(*id) else {
            continue;
        };
        let mut line = source_entry_head(s);
        if let Some(u) = &s.url {
            line.push_str(&format!(" {u}"));
            match crate::library::check_link(u) {
                Ok(()) => urls.push(u.clone()),
                Err(why) => c.warn(
                    WarningKind::Link,
                    format!(
                        "source [{}] `{id}`: {why}; it is printed but not linked — fix the address in the deck",
                        i + 1
                    ),
                ),
            }
        }
        paras.push(
            Para::new(line, text)
                .marked(format!("[{}]", i + 1), num, 2.4)
                .space(if i == 0 { 0.0 } else { 0.4 }),
        );
    }
    let start = c.items.len();
    // Reference lists may go down to the small size.
    let min = t.sizes.small_pt.min(t.sizes.min_body_pt);
    cx.flow_min(c, &paras, content, "source list", min);
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
            let x = run.x_pt + cx.m.width(run.font, run.size_pt, &run.text[..at]);
            let w = cx.m.width(run.font, run.size_pt, shown);
            links.push(Item::Link {
                rect: Rect::new(x, run.baseline_pt - run.size_pt, w, run.size_pt * 1.3),
                uri: u.clone(),
            });
            break;
        }
    }
    c.items.extend(links);
}

/// A source as a list shows it, without its address: "Author: Outlet, “Title”, 10 February
/// 2026 (news report)."
fn source_entry_head(s: &crate::deck::CitedSource) -> String {
    // A bracketed title is a description, not a headline: no quotation marks around it.
    let title = if s.title.starts_with('[') && s.title.ends_with(']') {
        s.title.clone()
    } else {
        format!("\u{201c}{}\u{201d}", s.title)
    };
    let mut line = format!("{}, {title}, {}", s.outlet, s.date.long());
    if let Some(a) = &s.author {
        line = format!("{a}: {line}");
    }
    line.push_str(&format!(" ({}).", s.kind.label()));
    line
}

/// A source as a numbered list shows it (the sources slide, the memo's endnotes), with its
/// address when it has one.
pub(crate) fn source_entry(s: &crate::deck::CitedSource) -> String {
    let mut line = source_entry_head(s);
    if let Some(u) = &s.url {
        line.push(' ');
        line.push_str(u);
    }
    line
}
