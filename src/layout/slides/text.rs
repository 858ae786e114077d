//! Free text: paragraphs.

use super::{Canvas, Ctx};
use crate::deck::Block;
use crate::layout::text::Para;
use crate::layout::warning::WarningKind;

pub(super) fn lay_out(cx: &mut Ctx<'_>, c: &mut Canvas, title: &str, paragraphs: &[Block]) {
    let content = cx.header(c, title);
    let paras: Vec<Para> = paragraphs
        .iter()
        .filter(|p| !p.text.trim().is_empty())
        .map(|p| Para::new(cx.shown(p), cx.body()).space(0.7))
        .collect();
    if paras.is_empty() {
        c.warn(WarningKind::Empty, "the slide has no text".to_owned());
    }
    cx.flow_list(c, &paras, content, "text");
}
