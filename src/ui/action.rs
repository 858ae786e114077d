//! What the UI asks for. Panels and dialogs only emit actions; the app applies them once per
//! frame, after drawing, in one place (`BriefDeckApp::apply_action`). Every file operation (open,
//! save, export, recovery, opening a result) is an action.

use std::path::PathBuf;

use super::dialog_state::{Dialog, Pending};
use crate::deck::{Command, Recovery, SlideBody, SlideId};
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
    /// Move the selected slides up (-1) or down (+1) by one place.
    MoveSelectionBy(i64),
    /// Move one slide to an index.
    MoveSlide(SlideId, usize),
    /// Delete the selected slides.
    DeleteSelection,
    /// Duplicate the selected slides.
    DuplicateSelection,
    /// Split this slide's list in two ("… (continued)").
    Split(crate::deck::SlideId),
    /// Hide or show the selected slides.
    ToggleHidden,
    /// Select the previous (-1) or next (+1) slide.
    Step(i32),
    /// Restore the selected slide's library text.
    Revert,
    /// Keep the selected slide's text and record the library's current revision.
    KeepVersion,
    /// Open the library editor window.
    OpenLibraryEditor,
    /// Copy a library item into the pack open in the library editor.
    CopyToPack(String),
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
    /// Save to this file, then go on with the step that waited for it (if any).
    SaveAs(PathBuf, Option<Pending>),
    /// Answer "Save" to the unsaved-changes prompt: save (asking for a file if needed), then go on.
    SaveThen(Pending),
    /// Answer "Don't save": keep a recovery copy, then go on.
    Discard(Pending),
    /// Take the recovered deck (`Some`) or throw it away (`None`).
    Recover(Option<Box<Recovery>>),
    /// Export this document (slides, notes pages or handout) as PDF to this file, with copies
    /// and metadata choices.
    Export(PathBuf, Output, super::dialog_state::ExportChoices),
    /// Open a file or folder with the desktop's program for it.
    OpenExternally(PathBuf),
    /// Show the open dialog.
    ShowOpen,
    /// Show the save-as dialog.
    ShowSaveAs,
    /// Show the export dialog.
    ShowExport,
    /// Show a dialog.
    Show(Dialog),
    /// Switch the app between dark (`true`) and light.
    SetDark(bool),
    /// Show or hide the library panel.
    ShowLibrary(bool),
    /// Show or hide the editor panel.
    ShowEditor(bool),
    /// Close the window (asks about unsaved changes).
    Close,
    /// Show a message (and its hint) in the status bar.
    Report(Problem),
}
