//! The dialogs the app can show, as plain data: which one is open and what it holds.

use std::path::PathBuf;

use super::export_job::ExportOutcome;
use crate::deck::Recovery;
use crate::error::Problem;
use crate::layout::Output;

/// What to do after the unsaved-changes prompt.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    /// Start a new deck.
    New,
    /// Open this file.
    Open(PathBuf),
    /// Show the open dialog.
    OpenDialog,
    /// Close the window.
    Close,
}

/// Which file a path dialog asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPurpose {
    /// Open a deck.
    Open,
    /// Save the deck.
    SaveAs,
    /// Export a PDF.
    Export,
}

/// Export choices besides the document kind.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExportChoices {
    /// Write numbered copies, one per recipient.
    pub copies: bool,
    /// Recipients, one a line.
    pub recipients: String,
    /// Leave the author, organisation and audience out of the PDF's properties.
    pub clean_metadata: bool,
    /// Write the whole briefing pack (slides, memo, handout, notes pages and a README) into the
    /// folder the path names, on the paper of the chosen document.
    pub pack: bool,
}

/// An open dialog.
#[derive(Debug, Clone, PartialEq)]
pub enum Dialog {
    /// Ask for a path (typed, pasted or picked).
    Path {
        /// What for.
        purpose: PathPurpose,
        /// The path being typed.
        text: String,
        /// What to do after saving (e.g. close).
        then: Option<Pending>,
        /// For an export: which document to write.
        output: Output,
        /// For an export: copies and metadata.
        choices: ExportChoices,
    },
    /// Save, discard or cancel before `then`.
    Unsaved {
        /// The step waiting for an answer.
        then: Pending,
    },
    /// Offer to recover unsaved work from the last session.
    Recover(Box<Recovery>),
    /// An export finished (or failed).
    Exported(ExportOutcome),
    /// Something went wrong.
    Error {
        /// Heading.
        title: String,
        /// What went wrong and what to do.
        problem: Problem,
    },
}

impl Dialog {
    /// The open dialog.
    pub fn open(text: String) -> Dialog {
        Dialog::Path {
            purpose: PathPurpose::Open,
            text,
            then: None,
            output: Output::Slides,
            choices: ExportChoices::default(),
        }
    }

    /// The save-as dialog.
    pub fn save_as(text: String, then: Option<Pending>) -> Dialog {
        Dialog::Path {
            purpose: PathPurpose::SaveAs,
            text,
            then,
            output: Output::Slides,
            choices: ExportChoices::default(),
        }
    }

    /// The export dialog, with the document kind chosen last time.
    pub fn export(text: String, output: Output) -> Dialog {
        Dialog::Path {
            purpose: PathPurpose::Export,
            text,
            then: None,
            output,
            choices: ExportChoices::default(),
        }
    }
}
