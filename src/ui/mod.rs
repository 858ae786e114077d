//! The desktop app (egui + eframe): library panel, slide list, editor, preview, dialogs.
//! The only module that imports egui. It shows library results, sends deck commands, and paints
//! the layout engine's pages; it decides nothing the core does not.
//!
//! Shape: `app` owns the state and applies [`Action`]s in one place; every panel (`menu_bar`,
//! `status_bar`, `library_panel`, `slide_list`, `editor_panel`, `preview_panel`, `dialogs`) reads
//! a view of that state (or owns its own) and returns actions. Panels never import `app`.

mod action;
mod app;
mod dialog_state;
mod dialogs;
mod editor_panel;
mod export_job;
mod fonts;
mod layout_sizes;
mod library_editor;
mod library_panel;
mod line_list;
mod mark_picker;
mod marking_settings;
mod memo_settings;
mod menu_bar;
mod preview;
mod preview_panel;
mod settings;
mod slide_list;
mod status_bar;

pub use action::Action;
pub use app::{BriefDeckApp, StartOptions, AUTOSAVE_EVERY};
pub use dialog_state::{Dialog, PathPurpose, Pending};
pub use fonts::install_fonts;
pub use library_editor::LibraryEditorWindow;
pub use settings::Settings;

/// Opens the window and runs until it closes.
pub fn run(options: StartOptions) -> Result<(), crate::error::Problem> {
    let native = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("BriefDeck")
            .with_inner_size([1440.0, 900.0])
            .with_min_inner_size([900.0, 600.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "BriefDeck",
        native,
        Box::new(move |cc| {
            install_fonts(&cc.egui_ctx);
            let settings: Settings = cc
                .storage
                .and_then(|s| eframe::get_value(s, settings::SETTINGS_KEY))
                .unwrap_or_default();
            Ok(Box::new(BriefDeckApp::new(settings, options).fonts_ready()))
        }),
    )
    .map_err(|e| {
        crate::error::Problem::new(
            format!("could not open the window: {e}"),
            "BriefDeck needs a graphical desktop (X11 or Wayland); use the commands in `briefdeck --help` without one",
        )
    })
}
