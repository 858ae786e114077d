//! The briefing pack: from one deck, the slides, the read-ahead memo, a 3-up handout with
//! lines for notes and the notes pages, written side by side into one folder with a
//! `README.txt` that lists them (pages and marking of each). Each document is laid out and
//! written on its own thread. With numbered copies, each recipient gets a folder of their own,
//! every page of every document carrying the same copy line.
//!
//! The pack is all or nothing: if one document fails, the files this run wrote are removed and
//! the error names the document.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::deck::Deck;
use crate::error::{Hinted, Problem};
use crate::export::{slug, MAX_COPIES};
use crate::layout::{
    Beside, CopyStamp, HandoutOptions, Layout, LayoutOptions, LayoutState, Output, Paper, PerPage,
};
use crate::pdf::{render, render_copies, write_file, PdfInfo};
use crate::preflight::Report;
use crate::theme::Theme;

/// One document of the pack.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PackPart {
    /// File-name suffix, e.g. `memo` in `charter-memo.pdf`.
    pub suffix: &'static str,
    /// Name in messages and the README, e.g. `read-ahead memo`.
    pub label: &'static str,
    /// The document.
    pub output: Output,
}

/// The documents of a pack on `paper`, in the order the README lists them.
pub fn parts(paper: Paper) -> [PackPart; 4] {
    [
        PackPart {
            suffix: "slides",
            label: "slides",
            output: Output::Slides,
        },
        PackPart {
            suffix: "memo",
            label: "read-ahead memo",
            output: Output::Memo(paper),
        },
        PackPart {
            suffix: "handout",
            label: "3-up handout with note lines",
            output: Output::Handout(HandoutOptions {
                paper,
                per_page: PerPage::Three,
                beside: Beside::Lines,
            }),
        },
        PackPart {
            suffix: "notes",
            label: "notes pages",
            output: Output::Notes(paper),
        },
    ]
}

/// What to pack, and where.
#[derive(Clone, Copy)]
pub struct PackJob<'a> {
    /// The deck.
    pub deck: &'a Deck,
    /// Its theme.
    pub theme: &'a Theme,
    /// Layout options shared by every document (picture folder, schemes, memo templates, clean
    /// metadata); the output is set per document.
    pub base: &'a LayoutOptions,
    /// Paper of the memo, handout and notes pages.
    pub paper: Paper,
    /// The pack folder (created if missing).
    pub dir: &'a Path,
    /// File-name stem: `STEM-slides.pdf`, ….
    pub stem: &'a str,
    /// Numbered copies: one folder per recipient.
    pub recipients: Option<&'a [String]>,
}

/// One file written.
#[derive(Debug, Clone, PartialEq)]
pub struct PackFile {
    /// Where.
    pub path: PathBuf,
    /// Which document.
    pub label: &'static str,
    /// Pages.
    pub pages: usize,
    /// Size in bytes.
    pub bytes: usize,
    /// The highest banner in the document (empty without markings).
    pub marking: String,
}

/// What a pack wrote.
#[derive(Debug, Clone, Default)]
pub struct PackReport {
    /// Every PDF written (for copies: every copy of every document), then the README files.
    pub files: Vec<PackFile>,
    /// The README files.
    pub readmes: Vec<PathBuf>,
    /// Layout warnings of each document: (document, warning).
    pub warnings: Vec<(&'static str, crate::layout::Warning)>,
}

/// The pre-export check of every document of the pack (laid out in parallel).
pub fn check(
    deck: &Deck,
    theme: &Theme,
    base: &LayoutOptions,
    paper: Paper,
) -> Vec<(PackPart, Report)> {
    let parts = parts(paper);
    std::thread::scope(|s| {
        let handles: Vec<_> = parts
            .iter()
            .map(|part| {
                s.spawn(move || {
                    let options = LayoutOptions {
                        output: part.output,
                        copy: None,
                        ..base.clone()
                    };
                    let layout = LayoutState::new()
                        .map(|mut st| st.layout(deck, theme, &options))
                        .ok();
                    layout.map(|l| (*part, crate::preflight::check(deck, theme, &options, &l)))
                })
            })
            .collect();
        handles
            .into_iter()
            .filter_map(|h| h.join().ok().flatten())
            .collect()
    })
}

/// The checks of the pack's documents as one report: each finding names its document, and a
/// finding about the deck as a whole (the same in every document) is listed once.
pub fn merged_report(checks: &[(PackPart, Report)]) -> Report {
    let mut findings: Vec<crate::preflight::Finding> = Vec::new();
    for (part, r) in checks {
        for f in &r.findings {
            let about_deck = f.page.is_none() && f.slide.is_none();
            if about_deck
                && findings
                    .iter()
                    .any(|x| x.code == f.code && x.message == f.message)
            {
                continue;
            }
            let mut f = f.clone();
            if !about_deck {
                f.message = format!("{}: {}", part.label, f.message);
            }
            findings.push(f);
        }
    }
    findings.sort_by_key(|f| match f.severity {
        crate::marking::Severity::Error => 0,
        crate::marking::Severity::Warning => 1,
        crate::marking::Severity::Info => 2,
    });
    Report {
        output: "briefing pack",
        pages: checks.iter().map(|(_, r)| r.pages).sum(),
        findings,
    }
}

/// The folder of copy `number` of `total` inside `dir`: `copy-03-of-25-embassy-x`.
pub fn copy_dir(dir: &Path, number: usize, total: usize, recipient: &str) -> PathBuf {
    let width = total.to_string().len().max(2);
    let s = slug(recipient);
    if s.is_empty() {
        dir.join(format!("copy-{number:0width$}-of-{total:0width$}"))
    } else {
        dir.join(format!("copy-{number:0width$}-of-{total:0width$}-{s}"))
    }
}

/// Files written so far, so a failure can take them all back.
#[derive(Default)]
struct Written {
    files: Mutex<Vec<PathBuf>>,
    dirs: Mutex<Vec<PathBuf>>,
}

impl Written {
    fn file(&self, p: &Path) {
        if let Ok(mut f) = self.files.lock() {
            f.push(p.to_owned());
        }
    }

    /// Creates `dir` (and its parents) and remembers the folders this run created.
    fn mkdir(&self, dir: &Path) -> std::io::Result<()> {
        let mut missing = Vec::new();
        let mut cur = Some(dir);
        while let Some(d) = cur {
            if d.as_os_str().is_empty() || d.exists() {
                break;
            }
            missing.push(d.to_owned());
            cur = d.parent();
        }
        std::fs::create_dir_all(dir)?;
        if let Ok(mut list) = self.dirs.lock() {
            // Deepest last, so removing in reverse takes children first.
            list.extend(missing.into_iter().rev());
        }
        Ok(())
    }

    fn undo(self) {
        for f in self.files.into_inner().unwrap_or_default() {
            let _ = std::fs::remove_file(f);
        }
        for d in self.dirs.into_inner().unwrap_or_default().iter().rev() {
            let _ = std::fs::remove_dir(d);
        }
    }
}

/// Writes the pack of `job.deck` into `job.dir`, files named `STEM-slides.pdf`,
/// `STEM-memo.pdf`, `STEM-handout.pdf`, `STEM-notes.pdf` and `README.txt`; with recipients,
/// one folder per copy (see [`copy_dir`]). `progress` gets (documents done, documents in all).
/// Run [`check`] first: this writes whatever the layout gives.
pub fn write(
    job: &PackJob<'_>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<PackReport, Problem> {
    if let Some(r) = job.recipients {
        if r.is_empty() || r.len() > MAX_COPIES {
            return Err(Problem::new(
                format!(
                    "{} recipients; a pack is made for 1 to {MAX_COPIES} copies",
                    r.len()
                ),
                "write one recipient a line in the recipients file",
            ));
        }
    }
    let written = Written::default();
    let result = write_inner(job, progress, &written);
    if result.is_err() {
        written.undo();
    }
    result
}

/// The folders the pack goes to: the pack folder, or one per copy.
fn targets(dir: &Path, recipients: Option<&[String]>) -> Vec<(PathBuf, Option<CopyStamp>)> {
    match recipients {
        None => vec![(dir.to_owned(), None)],
        Some(list) => list
            .iter()
            .enumerate()
            .map(|(i, r)| {
                (
                    copy_dir(dir, i + 1, list.len(), r),
                    Some(CopyStamp {
                        number: i + 1,
                        total: list.len(),
                        recipient: r.clone(),
                    }),
                )
            })
            .collect(),
    }
}

fn write_inner(
    job: &PackJob<'_>,
    progress: &(dyn Fn(usize, usize) + Sync),
    written: &Written,
) -> Result<PackReport, Problem> {
    let PackJob {
        deck,
        dir,
        recipients,
        ..
    } = *job;
    let parts = parts(job.paper);
    let targets = targets(dir, recipients);
    for (d, _) in &targets {
        written.mkdir(d).map_err(|e| {
            Problem::new(
                format!("the folder {} could not be created: {e}", d.display()),
                "choose a folder you can write to",
            )
        })?;
    }
    let stamps: Vec<CopyStamp> = targets.iter().filter_map(|(_, s)| s.clone()).collect();
    let done = Mutex::new(0usize);
    let total = parts.len();
    type PartResult = Result<(Layout, Vec<PackFile>), Problem>;
    let results: Vec<(PackPart, PartResult)> = std::thread::scope(|s| {
        let handles: Vec<_> = parts
            .iter()
            .map(|part| {
                let targets = &targets;
                let stamps = &stamps;
                let done = &done;
                s.spawn(move || {
                    let r = write_part(job, part, targets, stamps, written);
                    if let Ok(mut d) = done.lock() {
                        *d += 1;
                        progress(*d, total);
                    }
                    (*part, r)
                })
            })
            .collect();
        handles
            .into_iter()
            .zip(parts.iter())
            .map(|(h, part)| {
                h.join().unwrap_or_else(|_| {
                    (
                        *part,
                        Err(Problem::new(
                            format!("writing the {} stopped unexpectedly", part.label),
                            "this is a bug; please report it with the deck file",
                        )),
                    )
                })
            })
            .collect()
    });
    let mut report = PackReport::default();
    for (part, r) in results {
        match r {
            Ok((layout, files)) => {
                report
                    .warnings
                    .extend(layout.warnings.into_iter().map(|w| (part.label, w)));
                report.files.extend(files);
            }
            Err(p) => {
                return Err(Problem {
                    message: format!(
                        "the {} could not be written: {}; no files of the pack were kept",
                        part.label, p.message
                    ),
                    hint: p.hint,
                })
            }
        }
    }
    // The README of each folder, listing that folder's files in pack order.
    for (d, stamp) in &targets {
        let files: Vec<&PackFile> = report
            .files
            .iter()
            .filter(|f| f.path.parent() == Some(d.as_path()))
            .collect();
        let text = readme(deck, stamp.as_ref(), &files);
        let path = d.join("README.txt");
        write_file(&path, text.as_bytes()).map_err(|e| {
            let p = e.problem();
            Problem {
                message: format!(
                    "README.txt could not be written: {}; no files of the pack were kept",
                    p.message
                ),
                hint: p.hint,
            }
        })?;
        written.file(&path);
        report.readmes.push(path);
    }
    Ok(report)
}

/// Lays out one document and writes it (or its copies).
fn write_part(
    job: &PackJob<'_>,
    part: &PackPart,
    targets: &[(PathBuf, Option<CopyStamp>)],
    stamps: &[CopyStamp],
    written: &Written,
) -> Result<(Layout, Vec<PackFile>), Problem> {
    let PackJob {
        deck,
        theme,
        base,
        stem,
        ..
    } = *job;
    let options = LayoutOptions {
        output: part.output,
        copy: None,
        ..base.clone()
    };
    let mut state = LayoutState::new().map_err(|e| e.problem())?;
    let name = format!("{stem}-{}.pdf", part.suffix);
    let (layout, overlays) = state.layout_copies(deck, theme, &options, stamps);
    let marking = layout.marking.clone().unwrap_or_default();
    if stamps.is_empty() {
        let info = PdfInfo::for_export(&deck.meta, None, base.clean_metadata);
        let bytes = render(&layout, &info, &mut |_, _| {}).map_err(|e| e.problem())?;
        let path = targets[0].0.join(&name);
        write_file(&path, &bytes).map_err(|e| e.problem())?;
        written.file(&path);
        let file = PackFile {
            path,
            label: part.label,
            pages: layout.pages.len(),
            bytes: bytes.len(),
            marking,
        };
        return Ok((layout, vec![file]));
    }
    let jobs: Vec<(Vec<Vec<crate::layout::Item>>, PdfInfo)> = overlays
        .into_iter()
        .zip(stamps)
        .map(|(o, stamp)| {
            (
                o,
                PdfInfo::for_export(&deck.meta, Some(stamp), base.clean_metadata),
            )
        })
        .collect();
    let paths: Vec<PathBuf> = targets.iter().map(|(d, _)| d.join(&name)).collect();
    let sink = |i: usize, bytes: &[u8]| -> Result<(), crate::pdf::PdfError> {
        write_file(&paths[i], bytes)?;
        written.file(&paths[i]);
        Ok(())
    };
    let shared = PdfInfo::for_export(&deck.meta, None, base.clean_metadata);
    let sizes = render_copies(&layout, &shared, &jobs, &sink).map_err(|e| e.problem())?;
    let files = paths
        .into_iter()
        .zip(sizes)
        .map(|(path, bytes)| PackFile {
            path,
            label: part.label,
            pages: layout.pages.len(),
            bytes,
            marking: marking.clone(),
        })
        .collect();
    Ok((layout, files))
}

/// The README of one pack folder: what the briefing is, then each file with its pages and
/// marking.
fn readme(deck: &Deck, copy: Option<&CopyStamp>, files: &[&PackFile]) -> String {
    use std::fmt::Write;
    let meta = &deck.meta;
    let mut out = String::new();
    let _ = writeln!(out, "Briefing pack: {}", meta.title.trim());
    if let Some(d) = meta.date {
        let _ = writeln!(out, "Date: {}", d.long());
    }
    let m = &meta.markings;
    if !m.version.trim().is_empty() {
        let _ = writeln!(out, "Version: {}", m.version.trim());
    }
    if !m.control_number.trim().is_empty() {
        let _ = writeln!(out, "Control number: {}", m.control_number.trim());
    }
    if let Some(c) = copy {
        let _ = writeln!(out, "{}", c.line());
    }
    let highest = files
        .iter()
        .map(|f| f.marking.as_str())
        .find(|m| !m.is_empty());
    if let Some(h) = highest.filter(|_| files.iter().all(|f| f.marking == files[0].marking)) {
        let _ = writeln!(out, "Marking: {h}");
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "Files:");
    let width = files
        .iter()
        .filter_map(|f| f.path.file_name())
        .map(|n| n.to_string_lossy().chars().count())
        .max()
        .unwrap_or(0);
    for f in files {
        let name = f
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let marking = if f.marking.is_empty() {
            "no marking".to_owned()
        } else {
            format!("highest marking {}", f.marking)
        };
        let _ = writeln!(
            out,
            "  {name:<width$}  {}, {} page{}, {marking}",
            f.label,
            f.pages,
            if f.pages == 1 { "" } else { "s" },
        );
    }
    out
}
