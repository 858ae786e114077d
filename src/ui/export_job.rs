//! PDF export on a background thread, reporting progress to the UI.

use std::path::PathBuf;
use std::sync::mpsc;

use crate::deck::Deck;
use crate::error::{Hinted, Problem};
use crate::export::{export_copies, export_pdf_cached, ExportReport, StreamCache};
use crate::layout::LayoutOptions;
use crate::theme::Theme;

enum Message {
    Progress(usize, usize),
    Finished(Result<ExportReport, Problem>),
}

/// What to export, and where.
pub struct ExportRequest {
    /// A copy of the deck, as it was when the export started.
    pub deck: Deck,
    /// The theme.
    pub theme: Theme,
    /// The document to write and how.
    pub options: LayoutOptions,
    /// The PDF path (a folder for a briefing pack).
    pub path: PathBuf,
    /// Recipients of numbered copies; empty for one PDF.
    pub recipients: Vec<String>,
    /// For a briefing pack, the paper of its portrait documents.
    pub pack: Option<crate::layout::Paper>,
    /// Content streams of the last export, shared by the app's exports: a plain export takes
    /// unchanged pages' streams from it.
    pub cache: std::sync::Arc<std::sync::Mutex<StreamCache>>,
}

/// A running export.
pub struct ExportJob {
    rx: mpsc::Receiver<Message>,
    /// Where the PDF goes.
    pub path: PathBuf,
    /// Pages painted so far.
    pub done: usize,
    /// Pages in all.
    pub total: usize,
}

/// How an export ended.
#[derive(Debug, Clone)]
pub struct ExportOutcome {
    /// The PDF path.
    pub path: PathBuf,
    /// The report, or the error with its hint.
    pub result: Result<ExportReport, Problem>,
}

impl ExportJob {
    /// Starts exporting `request` (it holds a copy of the deck); `wake` is called whenever
    /// there is news.
    pub fn start(request: ExportRequest, wake: impl Fn() + Send + Sync + 'static) -> ExportJob {
        let ExportRequest {
            deck,
            theme,
            options,
            path,
            recipients,
            pack,
            cache,
        } = request;
        let (tx, rx) = mpsc::channel();
        let out = path.clone();
        std::thread::spawn(move || {
            let wake = std::sync::Arc::new(wake);
            let progress_tx = tx.clone();
            let wake2 = wake.clone();
            let mut progress = |done: usize, total: usize| {
                // The receiver only disappears when the app closes.
                let _ = progress_tx.send(Message::Progress(done, total));
                wake2();
            };
            let result = if let Some(paper) = pack {
                let stem = out
                    .file_name()
                    .map(|s| s.to_string_lossy().trim_end_matches("-pack").to_owned())
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| "briefing".to_owned());
                let list = (!recipients.is_empty()).then_some(recipients.as_slice());
                let tx2 = std::sync::Mutex::new(tx.clone());
                let wake_ref = &wake;
                crate::pack::write(
                    &crate::pack::PackJob {
                        deck: &deck,
                        theme: &theme,
                        base: &options,
                        paper,
                        dir: &out,
                        stem: &stem,
                        recipients: list,
                    },
                    &|done, total| {
                        if let Ok(t) = tx2.lock() {
                            let _ = t.send(Message::Progress(done, total));
                        }
                        wake_ref();
                    },
                )
                .map(|r| ExportReport {
                    pages: r.files.iter().map(|f| f.pages).sum(),
                    bytes: r.files.iter().map(|f| f.bytes).sum(),
                    warnings: r.warnings.into_iter().map(|(_, w)| w).collect(),
                })
            } else if recipients.is_empty() {
                export_pdf_cached(&deck, &theme, &options, &out, Some(&cache), &mut progress)
                    .map_err(|e| e.problem())
            } else {
                // Numbered copies: one report for all, pages and bytes summed.
                export_copies(&deck, &theme, &options, &out, &recipients, &mut progress).map(
                    |copies| ExportReport {
                        pages: copies.iter().map(|c| c.report.pages).sum(),
                        bytes: copies.iter().map(|c| c.report.bytes).sum(),
                        warnings: copies
                            .first()
                            .map(|c| c.report.warnings.clone())
                            .unwrap_or_default(),
                    },
                )
            };
            let _ = tx.send(Message::Finished(result));
            wake();
        });
        ExportJob {
            rx,
            path,
            done: 0,
            total: 0,
        }
    }

    /// Drains progress messages; returns the outcome once the export has finished.
    pub fn poll(&mut self) -> Option<ExportOutcome> {
        loop {
            match self.rx.try_recv() {
                Ok(Message::Progress(done, total)) => {
                    self.done = done;
                    self.total = total;
                }
                Ok(Message::Finished(result)) => {
                    return Some(ExportOutcome {
                        path: self.path.clone(),
                        result,
                    })
                }
                Err(mpsc::TryRecvError::Empty) => return None,
                Err(mpsc::TryRecvError::Disconnected) => {
                    return Some(ExportOutcome {
                        path: self.path.clone(),
                        result: Err(Problem::new(
                            "the export stopped unexpectedly",
                            "try again; if it repeats, report it with the deck file",
                        )),
                    })
                }
            }
        }
    }

    /// Fraction done, 0–1.
    pub fn fraction(&self) -> f32 {
        if self.total == 0 {
            0.0
        } else {
            self.done as f32 / self.total as f32
        }
    }
}

impl PartialEq for ExportOutcome {
    fn eq(&self, other: &Self) -> bool {
        self.path == other.path && self.result.is_ok() == other.result.is_ok()
    }
}
