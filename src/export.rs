//! Export: deck → layout → PDF file, with progress and a report of warnings.

use std::path::{Path, PathBuf};

use crate::deck::Deck;
use crate::error::{Hinted, Problem};
use crate::fonts::FontError;
use crate::layout::{layout, CopyStamp, Layout, LayoutOptions, LayoutState, Warning};
pub use crate::pdf::StreamCache;
use crate::pdf::{render_cached, write_file, PdfError, PdfInfo};
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
    export_pdf_cached(deck, theme, options, out, None, progress)
}

/// [`export_pdf`], reusing from `cache` the content streams of pages unchanged since the last
/// export that used it (the app keeps one cache for its exports).
pub fn export_pdf_cached(
    deck: &Deck,
    theme: &Theme,
    options: &LayoutOptions,
    out: &Path,
    cache: Option<&std::sync::Mutex<StreamCache>>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ExportReport, ExportError> {
    let pages = layout(deck, theme, options)?;
    let bytes = render_layout(&pages, deck, options, cache, progress)?;
    write_rendered(&pages, out, &bytes)
}

/// The PDF of pages already laid out from `deck` with `options`, as bytes (nothing is written;
/// see [`write_rendered`]). The CLI renders while the pre-export check runs, and writes only if
/// the check finds no errors.
pub fn render_layout(
    pages: &Layout,
    deck: &Deck,
    options: &LayoutOptions,
    cache: Option<&std::sync::Mutex<StreamCache>>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<u8>, ExportError> {
    let info = PdfInfo::for_export(&deck.meta, options.copy.as_ref(), options.clean_metadata);
    Ok(render_cached(pages, &info, cache, progress)?)
}

/// [`write_rendered`] into a write begun earlier ([`crate::deck::AtomicWrite::begin`]: the
/// CLI creates the temporary file while the deck is laid out).
pub fn commit_rendered(
    pages: &Layout,
    pending: crate::deck::AtomicWrite,
    bytes: &[u8],
) -> Result<ExportReport, ExportError> {
    pending.commit(bytes, false).map_err(PdfError::from)?;
    Ok(ExportReport {
        pages: pages.pages.len(),
        bytes: bytes.len(),
        warnings: pages.warnings.clone(),
    })
}

/// Writes the PDF `bytes` rendered from `pages` to `out` atomically, and reports.
pub fn write_rendered(
    pages: &Layout,
    out: &Path,
    bytes: &[u8],
) -> Result<ExportReport, ExportError> {
    write_file(out, bytes)?;
    Ok(ExportReport {
        pages: pages.pages.len(),
        bytes: bytes.len(),
        warnings: pages.warnings.clone(),
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

/// Most recipients in one numbered-copies export.
pub const MAX_COPIES: usize = 1000;

/// Reads a recipients file: one recipient a line; blank lines and lines starting with `#` are
/// skipped.
pub fn read_recipients(path: &Path) -> Result<Vec<String>, Problem> {
    let bytes = crate::limits::read_file(path, 1024 * 1024).map_err(|e| e.problem())?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Problem::new(
            format!("{} is not UTF-8 text", path.display()),
            "save the recipients list as plain UTF-8 text, one recipient a line",
        )
    })?;
    let list = recipients_from_text(&text);
    check_recipients(&list, &path.display().to_string())?;
    Ok(list)
}

/// Recipients from text: one a line, blank lines and `#` comments skipped.
pub fn recipients_from_text(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

fn check_recipients(list: &[String], from: &str) -> Result<(), Problem> {
    if list.is_empty() {
        return Err(Problem::new(
            format!("{from} lists no recipients"),
            "write one recipient a line, e.g. `Embassy in Baku`",
        ));
    }
    if list.len() > MAX_COPIES {
        return Err(Problem::new(
            format!(
                "{from} lists {} recipients; at most {MAX_COPIES} copies are made at once",
                list.len()
            ),
            "split the list into several files",
        ));
    }
    Ok(())
}

/// File-name-safe form of a recipient: lower-case ASCII letters and digits joined by `-`
/// (at most 40 characters; accents and other characters become separators).
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 40 {
            break;
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// The file of copy `number` of `total` beside `out`: `brief.pdf` → `brief-copy-03-of-25-embassy-x.pdf`
/// (numbers padded so the files sort).
pub fn copy_path(out: &Path, number: usize, total: usize, recipient: &str) -> PathBuf {
    let width = total.to_string().len().max(2);
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "briefing".into());
    let s = slug(recipient);
    let name = if s.is_empty() {
        format!("{stem}-copy-{number:0width$}-of-{total:0width$}.pdf")
    } else {
        format!("{stem}-copy-{number:0width$}-of-{total:0width$}-{s}.pdf")
    };
    out.with_file_name(name)
}

/// One written copy.
#[derive(Debug, Clone)]
pub struct CopyReport {
    /// Where it was written.
    pub path: PathBuf,
    /// What the export produced.
    pub report: ExportReport,
}

/// Writes one PDF per recipient beside `out` (see [`copy_path`]), each with "Copy N of M —
/// recipient" on every page and in its properties. Slides are laid out once; the copies are
/// composed and written in parallel. If any copy fails, the copies written by this call are
/// removed and the error names the copy.
pub fn export_copies(
    deck: &Deck,
    theme: &Theme,
    options: &LayoutOptions,
    out: &Path,
    recipients: &[String],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<CopyReport>, Problem> {
    check_recipients(recipients, "the recipients list")?;
    let total = recipients.len();
    let mut state = LayoutState::new().map_err(|e| e.problem())?;
    // The pages every copy shares and each copy's copy line (the slides are laid out once).
    let stamps: Vec<CopyStamp> = recipients
        .iter()
        .enumerate()
        .map(|(i, r)| CopyStamp {
            number: i + 1,
            total,
            recipient: r.clone(),
        })
        .collect();
    let shared = LayoutOptions {
        copy: None,
        ..options.clone()
    };
    let (base, overlays) = state.layout_copies(deck, theme, &shared, &stamps);
    let jobs: Vec<(Vec<Vec<crate::layout::Item>>, PdfInfo)> = overlays
        .into_iter()
        .zip(&stamps)
        .map(|(o, stamp)| {
            (
                o,
                PdfInfo::for_export(&deck.meta, Some(stamp), options.clean_metadata),
            )
        })
        .collect();
    let paths: Vec<PathBuf> = recipients
        .iter()
        .enumerate()
        .map(|(i, r)| copy_path(out, i + 1, total, r))
        .collect();
    // Each copy is written as soon as it is made; the ones written are remembered so a failure
    // takes them all back.
    let written_paths = std::sync::Mutex::new(Vec::<PathBuf>::new());
    let failed = std::sync::Mutex::new(None::<PathBuf>);
    let sink = |i: usize, bytes: &[u8]| -> Result<(), crate::pdf::PdfError> {
        let path = &paths[i];
        match write_file(path, bytes) {
            Ok(()) => {
                if let Ok(mut w) = written_paths.lock() {
                    w.push(path.clone());
                }
                Ok(())
            }
            Err(e) => {
                if let Ok(mut f) = failed.lock() {
                    f.get_or_insert(path.clone());
                }
                Err(e)
            }
        }
    };
    let shared_info = PdfInfo::for_export(&deck.meta, None, options.clean_metadata);
    let result = crate::pdf::render_copies(&base, &shared_info, &jobs, &sink);
    progress(total, total);
    match result {
        Ok(sizes) => Ok(paths
            .into_iter()
            .zip(sizes)
            .map(|(path, bytes)| CopyReport {
                path,
                report: ExportReport {
                    pages: base.pages.len(),
                    bytes,
                    warnings: base.warnings.clone(),
                },
            })
            .collect()),
        Err(e) => {
            let written = written_paths.into_inner().unwrap_or_default();
            for p in &written {
                let _ = std::fs::remove_file(p);
            }
            let which = failed
                .into_inner()
                .ok()
                .flatten()
                .map(|p| format!("copy {}", p.display()))
                .unwrap_or_else(|| "a numbered copy".to_owned());
            let problem = e.problem();
            Err(Problem {
                message: format!(
                    "{which} could not be written: {}; no copies were kept",
                    problem.message
                ),
                hint: problem.hint,
            })
        }
    }
}
