//! A library topic: summary paragraphs and/or key points, with its source line.

use super::{Canvas, Ctx};
use crate::deck::{Block, TopicDisplay};
use crate::layout::text::Para;
use crate::layout::warning::WarningKind;

#[allow(clippy::too_many_arguments)]
pub(super) fn lay_out(
    cx: &mut Ctx<'_>,
    c: &mut Canvas,
    title: &str,
    display: TopicDisplay,
    summary: &[Block],
    key_points: &[Block],
    sources: &[String],
) {
    let mut content = cx.header(c, title);
    content = cx.source_line(c, content, sources);
    let mut paras = Vec::new();
    if display != TopicDisplay::KeyPoints {
        for (i, b) in summary
            .iter()
            .filter(|b| !b.text.trim().is_empty())
            .enumerate()
        {
            paras.push(Para::new(cx.shown(b), cx.body()).space(if i == 0 { 0.0 } else { 0.7 }));
        }
    }
    if display != TopicDisplay::Summary {
        let first = if paras.is_empty() { 0.0 } else { 0.9 };
        paras.extend(cx.bullets(key_points, first, 0.35));
    }
    if paras.is_empty() {
        c.warn(
            WarningKind::Empty,
            "the topic shows nothing: its summary and key points are empty (or hidden by its display choice)".to_owned(),
        );
    }
    cx.flow_list(c, &paras, content, "text");
}
