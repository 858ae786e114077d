//! What the UI asks for. Panels and dialogs only emit actions; the app applies them once per
//! frame, after drawing, in one place (`BriefDeckApp::apply_action`).

use std::path::PathBuf;

use super::dialogs::Dialog;
use crate::deck::{Command, SlideBody, SlideId};
use crate::error::Problem;
use crate::layout::Output;

/// Something the UI asks for; applied once per frame, after drawing.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// A deck command with its undo label.
    Edit(String, Command),
    /// A text edit that joins the previous step when it changes the same field.
    Type(String, Command),
    /// Add library items as slides at a position (end of selection when `None`).
    AddItems(Vec<String>, Option<usize>),
    /// Add a new slide of this kind after the selection.
    AddSlide(SlideBody),
    /// Select a slide; `extend` toggles it in a multi-selection.
    Select(SlideId, bool),
    /// Move the selected slides to an index.
    MoveSelection(usize),
    /// Move one slide to an index.
    MoveSlide(SlideId, usize),
    /// Delete the selected slides.
    DeleteSelection,
    /// Duplicate the selected slides.
    DuplicateSelection,
    /// Hide or show the selected slides.
    ToggleHidden,
    /// Select the previous (-1) or next (+1) slide.
    Step(i32),
    /// Restore the selected slide's library text.
    Revert,
    /// Undo.
    Undo,
    /// Redo.
    Redo,
    /// New deck (asks about unsaved changes).
    New,
    /// Open a deck file (asks about unsaved changes).
    Open(PathBuf),
    /// Save to the current file, or ask for one.
    Save,
    /// Save to this file.
    SaveAs(PathBuf),
    /// Export this document (slides, notes pages or handout) as PDF to this file.
    Export(PathBuf, Output),
    /// Show a dialog.
    Show(Dialog),
    /// Close the window (asks about unsaved changes).
    Close,
    /// Show a message (and its hint) in the status bar.
    Report(Problem),
}
