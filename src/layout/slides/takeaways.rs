//! Key takeaways (bottom line up front): a numbered list.

use super::{Canvas, Ctx};
use crate::deck::Block;
use crate::layout::warning::WarningKind;

pub(super) fn lay_out(cx: &mut Ctx<'_>, c: &mut Canvas, title: &str, points: &[Block]) {
    let content = cx.header(c, title);
    if points.is_empty() {
        c.warn(WarningKind::Empty, "the key takeaways are empty".to_owned());
    }
    let texts: Vec<String> = points.iter().map(|p| cx.shown(p)).collect();
    let paras = cx.numbered(&texts, 1.2, 1.0, 1.6, 0.8, |i| format!("{}", i + 1));
    cx.flow_list(c, &paras, content, "takeaways");
}
