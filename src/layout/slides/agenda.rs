//! The agenda: the section titles (or, without sections, the slide titles), numbered.

use super::{Canvas, Ctx};
use crate::deck::SlideKind;
use crate::layout::warning::WarningKind;

pub(super) fn lay_out(cx: &mut Ctx<'_>, c: &mut Canvas, title: &str) {
    let content = cx.header(c, title);
    let meta = &cx.deck.meta;
    let sections: Vec<String> = cx
        .visible
        .iter()
        .filter(|s| s.body.kind() == SlideKind::Section)
        .map(|s| s.title(meta).to_owned())
        .collect();
    let entries: Vec<String> = if sections.is_empty() {
        cx.visible
            .iter()
            .filter(|s| {
                !matches!(
                    s.body.kind(),
                    SlideKind::Title | SlideKind::Agenda | SlideKind::Sources
                )
            })
            .map(|s| s.title(meta).to_owned())
            .collect()
    } else {
        sections
    };
    if entries.is_empty() {
        c.warn(
            WarningKind::Empty,
            "the agenda is empty; add section dividers or slides".to_owned(),
        );
    }
    // The agenda is a handful of short lines: set larger than body text, and balanced.
    let scale = cx.theme.geometry.agenda_scale;
    let paras = cx.numbered(&entries, scale, scale, 2.0, 0.7, |i| {
        format!("{:02}", i + 1)
    });
    cx.flow_balanced(c, &paras, content, "agenda");
}
