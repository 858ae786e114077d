//! The deck settings' "Memo" section: the memo template, the header (To, From, Subject) and a
//! box for each of the template's sections that the slides cannot supply (for example the
//! recommendation). It edits a copy of the settings; the caller turns a change into one
//! undoable command.

use crate::deck::MemoSettings;
use crate::memo::TemplateCatalog;

/// Draws the section into `s`.
pub fn memo_settings_ui(ui: &mut egui::Ui, s: &mut MemoSettings, templates: &TemplateCatalog) {
    egui::CollapsingHeader::new("Memo")
        .id_salt("memo-section")
        .default_open(false)
        .show(ui, |ui| {
            ui.small("The read-ahead memo is written from the slides; export it with Memo in the export dialog.");
            let current = templates.get(&s.template);
            let shown = current
                .as_ref()
                .map(|t| t.name.clone())
                .unwrap_or_else(|| format!("{} (not loaded)", s.template));
            let l = ui.label("Memo template");
            egui::ComboBox::from_id_salt("memo-template")
                .selected_text(shown)
                .width(ui.available_width().min(260.0))
                .show_ui(ui, |ui| {
                    for t in &templates.templates {
                        let on = current.as_ref().is_some_and(|c| c.id == t.id);
                        if ui.selectable_label(on, &t.name).clicked() {
                            s.template = t.id.clone();
                        }
                    }
                })
                .response
                .labelled_by(l.id);
            if let Some(t) = &current {
                let order: Vec<&str> = t.sections.iter().map(|x| x.heading.as_str()).collect();
                ui.small(format!(
                    "Sections: {}. Limit: {} page{}.",
                    order.join(", "),
                    t.page_limit,
                    if t.page_limit == 1 { "" } else { "s" }
                ));
            }
            for (label, value, hint) in [
                ("Memo to", &mut s.to, "e.g. Head of Mission"),
                ("Memo from", &mut s.from, "e.g. Policy Planning Unit"),
                ("Memo subject", &mut s.subject, "empty = the deck title"),
            ] {
                let l = ui.label(label);
                ui.add(
                    egui::TextEdit::singleline(value)
                        .hint_text(hint)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(l.id);
            }
            let Some(t) = current else {
                return;
            };
            for sec in t.fields() {
                let how = if sec.list {
                    "one point a line"
                } else {
                    "paragraphs separated by a blank line"
                };
                let l = ui.label(format!("{} ({how}; \u{201c}(C) \u{201d} in front marks it)", sec.heading));
                let value = s.fields.entry(sec.field.clone()).or_default();
                ui.add(
                    egui::TextEdit::multiline(value)
                        .desired_rows(3)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(l.id);
            }
            // Boxes left empty are not stored.
            s.fields.retain(|_, v| !v.is_empty());
        });
}
