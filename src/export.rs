//! Export: deck → layout → PDF file, with progress and a report of warnings.

use std::path::Path;

use crate::deck::Deck;
use crate::fonts::FontError;
use crate::layout::{layout, LayoutOptions, Warning};
use crate::pdf::{render, write_file, PdfError, PdfInfo};
use crate::theme::Theme;

/// Why an export failed. Nothing is left at the output path.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Fonts could not be loaded.
    #[error(transparent)]
    Font(#[from] FontError),
    /// The PDF could not be produced or written.
    #[error(transparent)]
    Pdf(#[from] PdfError),
}

/// What an export produced.
#[derive(Debug, Clone)]
pub struct ExportReport {
    /// Pages written.
    pub pages: usize,
    /// Size of the file in bytes.
    pub bytes: usize,
    /// Layout warnings (overflow, missing glyphs, images).
    pub warnings: Vec<Warning>,
}

/// Lays out `deck` with `theme` and writes the PDF to `out` atomically.
/// `progress` gets (done, total) as pages are painted.
pub fn export_pdf(
    deck: &Deck,
    theme: &Theme,
    options: &LayoutOptions,
    out: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ExportReport, ExportError> {
    let pages = layout(deck, theme, options)?;
    let bytes = render(&pages, &PdfInfo::from_meta(&deck.meta), progress)?;
    write_file(out, &bytes)?;
    Ok(ExportReport {
        pages: pages.pages.len(),
        bytes: bytes.len(),
        warnings: pages.warnings,
    })
}

impl crate::error::Hinted for ExportError {
    fn hint(&self) -> Option<String> {
        match self {
            ExportError::Font(e) => crate::error::Hinted::hint(e),
            ExportError::Pdf(e) => crate::error::Hinted::hint(e),
        }
    }
}
