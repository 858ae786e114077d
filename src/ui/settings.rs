//! What the app remembers between runs (eframe storage): recent files, last deck, dark mode.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Key of the settings in eframe's storage.
pub const SETTINGS_KEY: &str = "briefdeck-settings";

/// How many recent files are kept.
pub const RECENT_MAX: usize = 8;

/// Persisted preferences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Recently opened or saved decks, newest first.
    pub recent: Vec<PathBuf>,
    /// The deck open when the app last closed.
    pub last_deck: Option<PathBuf>,
    /// Dark UI (the slides keep their theme).
    pub dark: bool,
    /// The document kind chosen at the last export (slides, notes pages, handout).
    pub export_output: crate::layout::Output,
    /// The library panel is shown.
    pub show_library: bool,
    /// The editor panel is shown.
    pub show_editor: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            recent: Vec::new(),
            last_deck: None,
            dark: true,
            export_output: crate::layout::Output::Slides,
            show_library: true,
            show_editor: true,
        }
    }
}

impl Settings {
    /// Puts `path` first in the recent list.
    pub fn touch_recent(&mut self, path: &Path) {
        self.recent.retain(|p| p != path);
        self.recent.insert(0, path.to_path_buf());
        self.recent.truncate(RECENT_MAX);
        self.last_deck = Some(path.to_path_buf());
    }
}
