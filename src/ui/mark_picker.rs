//! Portion-mark pickers: one small drop-down beside each block of a list field (the block's
//! number and first words, then its mark), so marks are set without typing "(C) ".

use crate::deck::Block;

/// Shows a picker per block; returns the blocks with the changed mark when the user picks one.
/// `labels` are the scheme's portion labels, lowest first.
pub fn mark_pickers_ui(
    ui: &mut egui::Ui,
    salt: impl std::hash::Hash + std::fmt::Debug + Copy,
    blocks: &[Block],
    labels: &[String],
) -> Option<Vec<Block>> {
    if blocks.is_empty() {
        return None;
    }
    let marked = blocks.iter().filter(|b| b.mark.is_some()).count();
    let mut changed: Option<Vec<Block>> = None;
    egui::CollapsingHeader::new(format!(
        "Portion marks ({marked} of {} marked)",
        blocks.len()
    ))
    .id_salt(("marks", salt))
    .default_open(marked > 0)
    .show(ui, |ui| {
        for (i, b) in blocks.iter().enumerate() {
            ui.horizontal(|ui| {
                let current = b.mark.clone().unwrap_or_default();
                let shown = if current.is_empty() {
                    "none"
                } else {
                    current.as_str()
                };
                let mut pick: Option<Option<String>> = None;
                let combo = egui::ComboBox::from_id_salt(("mark", salt, i))
                    .width(64.0)
                    .selected_text(shown)
                    .show_ui(ui, |ui| {
                        if ui.selectable_label(current.is_empty(), "none").clicked() {
                            pick = Some(None);
                        }
                        for l in labels {
                            if ui.selectable_label(current == *l, l).clicked() {
                                pick = Some(Some(l.clone()));
                            }
                        }
                        // A mark with caveats (e.g. "C//NOFORN") is shown as typed.
                        if !current.is_empty() && !labels.contains(&current) {
                            let _ = ui.selectable_label(true, &current);
                        }
                    });
                let mark_label = format!("Portion mark of block {}", i + 1);
                combo.response.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::ComboBox, true, &mark_label)
                });
                // The block's first words, cut to the panel's width.
                ui.add(egui::Label::new(format!("{}. {}", i + 1, b.text)).truncate());
                if let Some(mark) = pick {
                    if mark != b.mark {
                        let mut next = blocks.to_vec();
                        next[i].mark = mark;
                        changed = Some(next);
                    }
                }
            });
        }
    });
    changed
}
