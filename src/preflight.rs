//! The pre-export check: what `briefdeck check` prints and the app shows before writing.
//! It reads the laid-out pages (not the deck's intentions): every page of a marked deck carries
//! its banners, no hidden slide is placed, no speaker notes appear on slide pages; it adds the
//! marking findings (unknown levels, marks above the declared maximum, unmarked blocks), the
//! layout warnings (overflow, pictures, cut text) and identifying metadata. Errors stop an
//! export; warnings do not.

use serde::Serialize;

use crate::deck::Deck;
use crate::layout::{Item, Layout, LayoutOptions, Output, WarningKind};
use crate::marking::{MarkingPlan, Severity};
use crate::theme::Theme;

/// One finding of the check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Error (stops an export) or warning.
    pub severity: Severity,
    /// Stable short name for scripts, e.g. `unknown-mark`.
    pub code: &'static str,
    /// The slide's number in the deck, if about one slide.
    pub slide: Option<usize>,
    /// The page's number in the output, if about one page.
    pub page: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "note",
        };
        write!(f, "{sev}: ")?;
        match (self.slide, self.page) {
            (Some(s), Some(p)) => write!(f, "slide {s} (page {p}): ")?,
            (Some(s), None) => write!(f, "slide {s}: ")?,
            (None, Some(p)) => write!(f, "page {p}: ")?,
            (None, None) => {}
        }
        f.write_str(&self.message)
    }
}

/// Findings for the slides the library has moved on from: one warning per slide whose item
/// changed (`library-updated`) or is not loaded (`unknown-library-item`), and one note listing
/// the slides whose library text is older than the deck's chosen age (`stale-library-text`).
pub fn library_findings(flags: &[crate::deck::SlideFlag]) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut stale: Vec<&crate::deck::SlideFlag> = Vec::new();
    for f in flags {
        let (code, hint) = match &f.flag {
            crate::deck::Flag::Updated { .. } => (
                "library-updated",
                "in the app, the slide's editor shows both texts with \"Update from library\" and \"Keep my version\"",
            ),
            crate::deck::Flag::Missing { .. } => {
                ("unknown-library-item", "load the pack with --library DIR")
            }
            crate::deck::Flag::Stale { .. } => {
                stale.push(f);
                continue;
            }
        };
        out.push(Finding {
            severity: Severity::Warning,
            code,
            slide: Some(f.number),
            page: None,
            message: f.flag.message(),
            hint: hint.into(),
        });
    }
    if !stale.is_empty() {
        let numbers: Vec<String> = stale.iter().map(|f| f.number.to_string()).collect();
        let oldest = stale
            .iter()
            .filter_map(|f| match &f.flag {
                crate::deck::Flag::Stale {
                    as_of,
                    age_days,
                    limit_days,
                    ..
                } => Some((*as_of, *age_days, *limit_days)),
                _ => None,
            })
            .min();
        if let Some((as_of, age_days, limit_days)) = oldest {
            out.push(Finding {
                severity: Severity::Info,
                code: "stale-library-text",
                slide: None,
                page: None,
                message: format!(
                    "{} slide{} ({}) {} library text older than {limit_days} day{}, the oldest as of {} ({age_days} days ago); check it is still current",
                    stale.len(),
                    if stale.len() == 1 { "" } else { "s" },
                    numbers.join(", "),
                    if stale.len() == 1 { "carries" } else { "carry" },
                    if limit_days == 1 { "" } else { "s" },
                    as_of.long()
                ),
                hint: "check the items against newer sources, or change the deck's \"flag library text older than\" age in Deck settings".into(),
            });
        }
    }
    out
}

/// Everything the check found for one output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Which output was checked, e.g. "slides".
    pub output: &'static str,
    /// Pages in that output.
    pub pages: usize,
    /// Findings, errors first.
    pub findings: Vec<Finding>,
}

impl Report {
    /// How many findings stop an export.
    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count()
    }

    /// How many findings are warnings (export needs "Export anyway").
    pub fn warnings(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .count()
    }

    /// How many findings are notes.
    pub fn notes(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Info)
            .count()
    }
}

/// Checks `layout` (made from `deck` with `theme` and `options`).
pub fn check(deck: &Deck, theme: &Theme, options: &LayoutOptions, layout: &Layout) -> Report {
    crate::trace::mark("check starts");
    let plan = MarkingPlan::new(deck, options.schemes.as_deref());
    let mut findings = Vec::new();
    for f in &plan.findings {
        findings.push(Finding {
            severity: f.severity,
            code: f.code,
            slide: f.slide,
            page: None,
            message: f.message.clone(),
            hint: f.hint.clone(),
        });
    }
    if let Some(cat) = &options.schemes {
        for p in &cat.problems {
            findings.push(Finding {
                severity: Severity::Warning,
                code: "scheme-file",
                slide: None,
                page: None,
                message: format!("a marking scheme file was not loaded: {p}"),
                hint: p.hint.clone(),
            });
        }
    }
    if matches!(options.output, crate::layout::Output::Memo(_)) {
        if let Some(cat) = &options.memo_templates {
            for p in &cat.problems {
                findings.push(Finding {
                    severity: Severity::Warning,
                    code: "memo-template-file",
                    slide: None,
                    page: None,
                    message: format!("a memo template file was not loaded: {p}"),
                    hint: p.hint.clone(),
                });
            }
        }
    }
    // Slides by id (pages name the slides they show): looked up once a page, so a map, not a
    // search of the deck (which made the check quadratic in the slide count).
    let by_id: std::collections::HashMap<_, _> = deck
        .slides
        .iter()
        .enumerate()
        .map(|(n, s)| (s.id, (n, s)))
        .collect();
    let slide_number = |id| by_id.get(&id).map(|(i, _)| i + 1);
    // Banners: a marked deck has a banner at the top and the foot of every page.
    if plan.has_banners() {
        let bh = theme.banner_height_pt;
        for (i, page) in layout.pages.iter().enumerate() {
            let top = page.items.iter().any(|it| {
                matches!(it, Item::Text(r) if r.baseline_pt <= bh && !r.text.trim().is_empty())
            });
            let foot = page.items.iter().any(|it| {
                matches!(it, Item::Text(r) if r.baseline_pt >= page.height_pt - bh && !r.text.trim().is_empty())
            });
            if !(top && foot) {
                findings.push(Finding {
                    severity: Severity::Error,
                    code: "missing-banner",
                    slide: page.slides.first().and_then(|id| slide_number(*id)),
                    page: Some(i + 1),
                    message: format!(
                        "page {} has no marking banner at the {}",
                        i + 1,
                        if top { "foot" } else { "top" }
                    ),
                    hint: "choose a theme with a banner height above 0".into(),
                });
            }
        }
    }
    // Hidden slides never reach a page.
    for (i, page) in layout.pages.iter().enumerate() {
        for id in &page.slides {
            if let Some(&(n, s)) = by_id.get(id) {
                if s.hidden {
                    findings.push(Finding {
                        severity: Severity::Error,
                        code: "hidden-slide",
                        slide: Some(n + 1),
                        page: Some(i + 1),
                        message: format!("hidden slide {} is placed on page {}", n + 1, i + 1),
                        hint: "this is a bug; please report it with the deck file".into(),
                    });
                }
            }
        }
    }
    // Speaker notes belong on notes pages and handouts only.
    if options.output == Output::Slides {
        for (i, page) in layout.pages.iter().enumerate() {
            // The page's text, normalised when a slide on it first has notes to look for.
            let mut page_norm: Option<String> = None;
            for id in &page.slides {
                let Some(&(n, s)) = by_id.get(id) else {
                    continue;
                };
                // Any run of six words of the notes printed on the slide is a leak.
                let mut leaked: Option<String> = None;
                // Points the slide shows on purpose (its blocks, often drawn from the same
                // summary as the notes) may repeat the notes; anything else may not. Made
                // when the first notes line long enough to check comes.
                let mut own_norm: Option<String> = None;
                'notes: for line in s.notes.lines() {
                    let words: Vec<&str> = line.split_whitespace().collect();
                    let size = words.len().min(6);
                    if size < 5 {
                        continue;
                    }
                    let text = page_norm.get_or_insert_with(|| normalise(&page_text(&page.items)));
                    let own = own_norm.get_or_insert_with(|| {
                        let mut own = String::new();
                        for b in s.body.blocks() {
                            own.push(' ');
                            own.push_str(&b.text);
                        }
                        normalise(&own)
                    });
                    // The line is normalised once and each run of words is a slice of it
                    // (normalising neither adds nor removes whitespace, so the words line up;
                    // should they not, each run is normalised on its own).
                    let line_norm = normalise(line);
                    let spans = word_spans(&line_norm);
                    for (k, w) in words.windows(size).enumerate() {
                        let probe: std::borrow::Cow<'_, str> = match (
                            spans.len() == words.len(),
                            spans.get(k),
                            spans.get(k + size - 1),
                        ) {
                            (true, Some(&(from, _)), Some(&(_, to))) => {
                                line_norm.get(from..to).unwrap_or_default().into()
                            }
                            _ => normalise(&w.join(" ")).into(),
                        };
                        if text.contains(probe.as_ref()) && !own.contains(probe.as_ref()) {
                            leaked = Some(w.join(" "));
                            break 'notes;
                        }
                    }
                }
                if let Some(words) = leaked {
                    findings.push(Finding {
                        severity: Severity::Error,
                        code: "notes-on-slide",
                        slide: Some(n + 1),
                        page: Some(i + 1),
                        message: format!(
                            "speaker notes of slide {} (\u{201c}{words}\u{2026}\u{201d}) are printed on the slide",
                            n + 1
                        ),
                        hint: "remove the notes\u{2019} text from the slide\u{2019}s fields".into(),
                    });
                }
            }
        }
    }
    for w in &layout.warnings {
        let code = match w.kind {
            WarningKind::Overflow => "overflow",
            WarningKind::MissingGlyph => "missing-glyph",
            WarningKind::Image => "image",
            WarningKind::MissingSource => "missing-source",
            WarningKind::Empty => "empty-slide",
            WarningKind::Link => "unsafe-link",
            WarningKind::Cut => "cut-text",
            WarningKind::BannerCut => "cut-banner",
            WarningKind::Length => "too-long",
        };
        findings.push(Finding {
            // A banner that lost part of its marking (a caveat, say) misstates the page.
            severity: if w.kind == WarningKind::BannerCut {
                Severity::Error
            } else {
                Severity::Warning
            },
            code,
            slide: w.slide,
            page: w.page,
            message: w.message.clone(),
            hint: String::new(),
        });
    }
    // Identifying properties of the PDF.
    let meta = &deck.meta;
    if !options.clean_metadata {
        let named: Vec<String> = [
            ("author", &meta.author),
            ("organisation", &meta.organisation),
            ("audience", &meta.audience),
        ]
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k} \u{201c}{}\u{201d}", v.trim()))
        .collect();
        if !named.is_empty() {
            findings.push(Finding {
                severity: Severity::Info,
                code: "identifying-metadata",
                slide: None,
                page: None,
                message: format!("the PDF's properties will name the {}", named.join(", ")),
                hint: "for circulation, clean the metadata (`--clean-metadata`, or the export dialog's \"Clean metadata for circulation\"); BriefDeck writes no file paths or editing history".into(),
            });
        }
    }
    let rank = |s: Severity| match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    };
    findings.sort_by_key(|f| (rank(f.severity), f.slide, f.page));
    Report {
        output: options.output.label(),
        pages: layout.pages.len(),
        findings,
    }
}

fn page_text(items: &[Item]) -> String {
    let mut out = String::new();
    for it in items {
        match it {
            Item::Text(r) => {
                out.push_str(&r.text);
                out.push(' ');
            }
            Item::Group { items, .. } => out.push_str(&page_text(items)),
            _ => {}
        }
    }
    out
}

/// Where each word of `normalised` text (words joined by single spaces) starts and ends.
fn word_spans(normalised: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut from = 0;
    for word in normalised.split(' ') {
        spans.push((from, from + word.len()));
        from += word.len() + 1;
    }
    if normalised.is_empty() {
        spans.clear();
    }
    spans
}

/// Lower-cased words with single spaces and typographic quotes (as the pages print them). One
/// pass, ASCII words lower-cased in place: the check runs beside the export's rendering, and
/// this had been a tenth of a 200-slide export's instructions.
fn normalise(s: &str) -> String {
    let text = crate::layout::typographic(s);
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        if word.is_ascii() {
            let start = out.len();
            out.push_str(word);
            if let Some(added) = out.get_mut(start..) {
                added.make_ascii_lowercase();
            }
        } else {
            // Lower-casing a word alone gives what it gives inside the line: a final sigma is
            // final at the word's end either way.
            out.push_str(&word.to_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{normalise, word_spans};
    use proptest::prelude::*;

    /// The check's first normalisation: the whole line joined, then lower-cased.
    fn normalise_joined(s: &str) -> String {
        crate::layout::typographic(s)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    }

    #[test]
    fn normalising_word_by_word_equals_normalising_the_joined_line() {
        for line in [
            "ΟΔΟΣ ΣΟΦΙΑΣ’ talks",
            "’Σ Σ. ΑΣ\tΣΑ İzmir İ",
            "\"Quoted\"  'single'\u{a0}no-break ΣΣ",
            "",
            "   ",
        ] {
            assert_eq!(normalise(line), normalise_joined(line), "{line:?}");
        }
    }

    proptest! {
        #[test]
        fn normalising_any_text_equals_normalising_the_joined_line(
            line in "[ a-zA-Z'\"\t\u{a0}ΣσςΑİıIéÉ’.(—]{0,40}"
        ) {
            prop_assert_eq!(normalise(&line), normalise_joined(&line));
        }
    }

    /// The leak check slices runs of words out of the normalised line; each slice must equal
    /// the run normalised on its own (as the check compared before).
    #[test]
    fn runs_of_a_normalised_line_equal_the_runs_normalised() {
        for line in [
            "Do not say this aloud: the ambassador's private view on the timetable",
            "\"Quoted\" words -- and 'single' ones... at the START of A Line",
            "ΣΟΦΙΑ ΟΔΟΣ talks in Baku, “typographic” already, and Türkiye’s İzmir",
            "  leading and   inner   spaces  kept apart ",
        ] {
            let words: Vec<&str> = line.split_whitespace().collect();
            let norm = normalise(line);
            let spans = word_spans(&norm);
            assert_eq!(spans.len(), words.len(), "{line:?}");
            for size in 1..=words.len().min(6) {
                for (k, w) in words.windows(size).enumerate() {
                    let (from, _) = spans[k];
                    let (_, to) = spans[k + size - 1];
                    assert_eq!(&norm[from..to], normalise(&w.join(" ")), "{line:?} {w:?}");
                }
            }
        }
    }
}
