//! Free bullets.

use super::{Canvas, Ctx};
use crate::deck::Block;

pub(super) fn lay_out(cx: &mut Ctx<'_>, c: &mut Canvas, title: &str, bullets: &[Block]) {
    let content = cx.header(c, title);
    let paras = cx.bullets(bullets, 0.0, 0.45);
    cx.flow_into(c, &paras, content, "bullets");
}
