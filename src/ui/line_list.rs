//! The look of a "one per line" box: each line (one bullet, claim or figure) gets its own
//! band of background, alternating, so a long item that wraps is still told from the next.

use std::sync::Arc;

use egui::text::{LayoutJob, TextFormat};
use egui::{Galley, TextBuffer, Ui};

/// Lays out `text` for a list box: the same font and colour as a plain text box, every other
/// line on a faint band.
pub fn list_layout(ui: &Ui, text: &dyn TextBuffer, wrap_width: f32) -> Arc<Galley> {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let color = ui.visuals().text_color();
    let band = ui.visuals().faint_bg_color.gamma_multiply(2.5);
    let mut job = LayoutJob::default();
    let s = text.as_str();
    for (i, line) in s.split_inclusive('\n').enumerate() {
        let background = if i % 2 == 1 {
            band
        } else {
            egui::Color32::TRANSPARENT
        };
        job.append(
            line,
            0.0,
            TextFormat {
                font_id: font.clone(),
                color,
                background,
                ..TextFormat::default()
            },
        );
    }
    job.wrap.max_width = wrap_width;
    ui.fonts_mut(|f| f.layout_job(job))
}
