//! The deck settings' "Markings" section: scheme, caveats, declared highest level, banner mode
//! per output (and which is in force), portion labels, cover lines, DRAFT, control number and
//! version. It edits a copy of the settings; the caller turns a change into one undoable command.

use crate::deck::{BannerMode, MarkingSettings};
use crate::marking::{MarkingPlan, SchemeCatalog};

/// Caveats as one line of text, separated by `;`.
pub fn caveats_text(list: &[String]) -> String {
    list.join("; ")
}

/// Caveats from the text box (`;` separates them; commas stay inside one caveat).
pub fn parse_caveats(text: &str) -> Vec<String> {
    text.split(';')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Draws the section into `s`; `caveats` is the caveats box's text (kept as typed by the
/// caller while it parses to the same list). Returns true when the caveats text changed.
pub fn marking_settings_ui(
    ui: &mut egui::Ui,
    s: &mut MarkingSettings,
    caveats: &mut String,
    schemes: &SchemeCatalog,
    plan: &MarkingPlan,
) -> bool {
    let mut caveats_changed = false;
    egui::CollapsingHeader::new("Markings")
        .id_salt("markings-section")
        .default_open(true)
        .show(ui, |ui| {
            let current = schemes.get(&s.scheme);
            let shown = current
                .as_ref()
                .map(|c| c.name.clone())
                .unwrap_or_else(|| format!("{} (not loaded)", s.scheme));
            let l = ui.label("Marking scheme");
            egui::ComboBox::from_id_salt("scheme")
                .selected_text(shown)
                .width(ui.available_width().min(260.0))
                .show_ui(ui, |ui| {
                    for sc in &schemes.schemes {
                        let on = current.as_ref().is_some_and(|c| c.id == sc.id);
                        if ui.selectable_label(on, &sc.name).clicked() {
                            s.scheme = sc.id.clone();
                        }
                    }
                })
                .response
                .labelled_by(l.id);
            ui.small(format!("Levels, lowest first: {}", plan.scheme.labels()));
            let l = ui.label("Caveats joined to every banner (separate with ;)");
            if ui
                .add(egui::TextEdit::singleline(caveats).desired_width(f32::INFINITY))
                .labelled_by(l.id)
                .changed()
            {
                caveats_changed = true;
                s.caveats = parse_caveats(caveats);
            }
            let l = ui.label("Highest level allowed in this deck (empty = not declared)");
            ui.add(egui::TextEdit::singleline(&mut s.highest_allowed).desired_width(80.0))
                .labelled_by(l.id);
            ui.checkbox(
                &mut s.portion_labels,
                "Show portion labels such as \u{201c}(C)\u{201d}",
            );
            ui.label("Banners");
            for (name, mode) in [
                ("Slides", &mut s.slides),
                ("Notes pages", &mut s.notes),
                ("Handouts", &mut s.handout),
                ("Memo", &mut s.memo),
            ] {
                let l = ui.small(format!("{name} banners"));
                egui::ComboBox::from_id_salt(("banner-mode", name))
                    .selected_text(mode.label())
                    .width(ui.available_width().min(320.0))
                    .show_ui(ui, |ui| {
                        for m in BannerMode::ALL {
                            ui.selectable_value(mode, m, m.label());
                        }
                    })
                    .response
                    .labelled_by(l.id);
            }
            match plan.overall() {
                Some(b) => ui.small(format!("Highest mark in the deck: {}", b.text)),
                None => ui.small("No marking: pages carry no banners."),
            };
            if plan.scheme.classifier_lines {
                ui.label("Cover marking on the title slide");
                for (label, value) in [
                    ("Classified by", &mut s.classified_by),
                    ("Derived from", &mut s.derived_from),
                    ("Declassify on", &mut s.declassify_on),
                ] {
                    let l = ui.label(label);
                    ui.add(egui::TextEdit::singleline(value).desired_width(f32::INFINITY))
                        .labelled_by(l.id);
                }
            }
            ui.checkbox(&mut s.draft, "DRAFT watermark on every page");
            let l = ui.label("Control number (every page)");
            ui.add(egui::TextEdit::singleline(&mut s.control_number).desired_width(f32::INFINITY))
                .labelled_by(l.id);
            let l = ui.label("Version (every page)");
            ui.add(egui::TextEdit::singleline(&mut s.version).desired_width(f32::INFINITY))
                .labelled_by(l.id);
        });
    caveats_changed
}
