//! A picture with caption and credit; a placeholder and a warning when it cannot be loaded.

use std::path::{Path, PathBuf};

use super::{Canvas, Ctx};
use crate::fonts::FontStyle;
use crate::layout::page::{Item, Rect};
use crate::layout::text::{place, Para};
use crate::layout::warning::WarningKind;

/// `path` resolved against the deck's folder when relative.
pub(crate) fn resolve_path(base: Option<&Path>, path: &str) -> PathBuf {
    let p = Path::new(path);
    match (base, p.is_relative()) {
        (Some(base), true) => base.join(p),
        _ => p.to_path_buf(),
    }
}

pub(super) fn lay_out(
    cx: &mut Ctx<'_>,
    c: &mut Canvas,
    title: &str,
    path: &str,
    caption: &str,
    credit: &str,
) {
    let content = cx.header(c, title);
    let t = cx.theme;
    let small = cx.small(t.colors.muted);
    let cap_style = cx.style(
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
        cx.m,
        &below,
        Rect::new(0.0, 0.0, content.w_pt, 1000.0),
        1.0,
        1.25,
    );
    let gap = t.geometry.source_gap_pt;
    let pic_area = Rect::new(
        content.x_pt,
        content.y_pt,
        content.w_pt,
        (content.h_pt - cap_h - gap).max(20.0),
    );
    let loaded = if path.trim().is_empty() {
        Err("is not set".to_owned())
    } else {
        cx.images
            .load(&resolve_path(cx.options.base_dir.as_deref(), path))
    };
    let pic_bottom = match loaded {
        Ok(idx) => {
            let (wpx, hpx) = cx
                .images
                .images
                .get(idx)
                .map(|i| (i.width_px, i.height_px))
                .unwrap_or((1, 1));
            let aspect = wpx as f32 / hpx.max(1) as f32;
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
            rect.bottom()
        }
        Err(why) => {
            c.items.push(Item::Rect {
                rect: pic_area,
                fill: Some(t.colors.panel),
                stroke: Some((t.colors.muted, 1.0)),
            });
            let msg = format!("Picture not available: {why}");
            let pad = t.geometry.panel_padding_pt;
            let inner = Rect::new(
                pic_area.x_pt + pad,
                pic_area.y_pt + pad,
                pic_area.w_pt - 2.0 * pad,
                pic_area.h_pt - 2.0 * pad,
            );
            let body = cx.body();
            let (items, _) = place(cx.m, &[Para::new(msg, body)], inner, 1.0, 1.3);
            c.items.extend(items);
            c.warn(
                WarningKind::Image,
                format!("picture `{path}` {why}; choose another PNG or JPEG file"),
            );
            pic_area.bottom()
        }
    };
    let cap = Rect::new(content.x_pt, pic_bottom + gap, content.w_pt, cap_h + 2.0);
    let (items, _) = place(cx.m, &below, cap, 1.0, 1.25);
    c.items.extend(items);
}
