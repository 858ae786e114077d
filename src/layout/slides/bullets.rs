//! Free bullets.

use super::{Canvas, Ctx};
use crate::deck::Block;
use crate::layout::warning::WarningKind;

pub(super) fn lay_out(cx: &mut Ctx<'_>, c: &mut Canvas, title: &str, bullets: &[Block]) {
    let content = cx.header(c, title);
    if bullets.iter().all(|b| b.text.trim().is_empty()) {
        c.warn(WarningKind::Empty, "the slide has no bullets".to_owned());
    }
    let paras = cx.bullets(bullets, 0.0, 0.45);
    cx.flow_list(c, &paras, content, "bullets");
}
