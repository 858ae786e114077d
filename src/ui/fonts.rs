//! The shipped fonts registered with egui, so the UI and the preview use the PDF's typefaces.

use std::sync::Arc;

use crate::fonts::FontId;

/// The egui family that holds exactly one shipped font file.
pub fn family(font: FontId) -> egui::FontFamily {
    egui::FontFamily::Name(font.name().into())
}

/// Registers every shipped font as its own family, and Noto Sans as the UI font.
pub fn install_fonts(ctx: &egui::Context) {
    let mut defs = egui::FontDefinitions::empty();
    for id in FontId::ALL {
        defs.font_data.insert(
            id.name().to_owned(),
            Arc::new(egui::FontData::from_static(id.bytes())),
        );
        defs.families.insert(family(id), vec![id.name().to_owned()]);
    }
    // The UI font with the Arabic and Hebrew fallbacks, so the editor shows those letters.
    let ui_font = vec![
        FontId::SansRegular.name().to_owned(),
        FontId::ArabicRegular.name().to_owned(),
        FontId::HebrewRegular.name().to_owned(),
    ];
    defs.families
        .insert(egui::FontFamily::Proportional, ui_font.clone());
    defs.families.insert(egui::FontFamily::Monospace, ui_font);
    ctx.set_fonts(defs);
}
