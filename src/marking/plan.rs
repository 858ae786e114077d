//! A deck's marks resolved against its scheme: the level and caveats of every visible slide,
//! the document's highest mark, the banner of any set of slides, and the findings (unknown
//! levels, marks above the declared maximum, unmarked blocks in a portion-marked deck).

use std::collections::HashMap;
use std::sync::Arc;

use super::catalog::{SchemeCatalog, DEFAULT_SCHEME};
use super::scheme::Scheme;
use crate::deck::{BannerMode, Deck, SlideId, SlideKind};
use crate::theme::Color;

/// What a page banner says and, when it names a level of the scheme, that level's colours.
#[derive(Debug, Clone, PartialEq)]
pub struct Banner {
    /// The banner text, caveats joined.
    pub text: String,
    /// (background, text) of the level; `None` for a free-text deck marking (theme colours).
    pub colors: Option<(Color, Color)>,
    /// The level, when the text names one.
    pub level: Option<usize>,
}

/// The marks of one slide's shown blocks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SlideMarks {
    /// Highest known level among its marked blocks.
    pub level: Option<usize>,
    /// Caveats of its marked blocks, in order of first use.
    pub caveats: Vec<String>,
    /// Blocks with a mark.
    pub marked: usize,
    /// Blocks without one.
    pub unmarked: usize,
}

/// How serious a marking finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Export is refused until it is fixed.
    Error,
    /// Export may go ahead ("Export anyway").
    Warning,
    /// Worth knowing; nothing to fix.
    Info,
}

/// A problem with the deck's marks.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkFinding {
    /// Error or warning.
    pub severity: Severity,
    /// Stable short name for scripts, e.g. `unknown-mark`.
    pub code: &'static str,
    /// The slide, if the finding is about one.
    pub slide_id: Option<SlideId>,
    /// The slide's number in the deck (1-based).
    pub slide: Option<usize>,
    /// The block's number on the slide (1-based), if about one block.
    pub block: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
}

/// The deck's marks resolved against its scheme.
#[derive(Debug, Clone)]
pub struct MarkingPlan {
    /// The scheme in force.
    pub scheme: Arc<Scheme>,
    /// Caveats of the deck (settings, and those written in the deck marking).
    deck_caveats: Vec<String>,
    /// The deck marking's level, if it names one.
    deck_level: Option<usize>,
    /// The deck marking as typed (upper-cased), for free-text markings.
    deck_text: String,
    /// Whether any shown block of a visible slide carries a mark.
    pub portion_marked: bool,
    slides: HashMap<SlideId, SlideMarks>,
    title_slides: Vec<SlideId>,
    overall_level: Option<usize>,
    overall_caveats: Vec<String>,
    /// Problems found.
    pub findings: Vec<MarkFinding>,
}

fn add_caveat(list: &mut Vec<String>, c: &str) {
    let c = c.trim();
    if !c.is_empty() && !list.iter().any(|x| x.eq_ignore_ascii_case(c)) {
        list.push(c.to_uppercase());
    }
}

impl MarkingPlan {
    /// Resolves `deck`'s marks with the scheme it names, looked up in `catalog` (built-in
    /// schemes when `None`).
    pub fn new(deck: &Deck, catalog: Option<&SchemeCatalog>) -> MarkingPlan {
        let catalog = catalog.unwrap_or_else(|| SchemeCatalog::builtin());
        let settings = &deck.meta.markings;
        let mut findings = Vec::new();
        let scheme = match catalog.get(&settings.scheme) {
            Some(s) => s,
            None => {
                findings.push(MarkFinding {
                    code: "unknown-scheme",
                    severity: Severity::Error,
                    slide_id: None,
                    slide: None,
                    block: None,
                    message: format!(
                        "the deck names marking scheme `{}`, which is not loaded",
                        settings.scheme
                    ),
                    hint: format!(
                        "choose one of {} in the deck settings, or put the scheme's .toml file in a `markings` folder beside the deck",
                        catalog.ids()
                    ),
                });
                match catalog.get(DEFAULT_SCHEME) {
                    Some(s) => s,
                    None => Arc::new(Scheme {
                        id: DEFAULT_SCHEME.into(),
                        name: DEFAULT_SCHEME.into(),
                        separator: "//".into(),
                        classifier_lines: false,
                        levels: Vec::new(),
                    }),
                }
            }
        };
        let mut deck_caveats = Vec::new();
        let typed = deck.meta.marking.trim();
        let (deck_part, typed_caveats) = scheme.split(typed);
        let deck_level = scheme.level_of(deck_part);
        if deck_level.is_some() {
            for c in typed_caveats {
                add_caveat(&mut deck_caveats, c);
            }
        }
        for c in &settings.caveats {
            add_caveat(&mut deck_caveats, c);
        }
        let deck_text = if deck_level.is_some() {
            String::new()
        } else {
            typed.to_uppercase()
        };
        let allowed = settings.highest_allowed.trim();
        let allowed_level = if allowed.is_empty() {
            None
        } else {
            let l = scheme.level_of(scheme.split(allowed).0);
            if l.is_none() {
                findings.push(MarkFinding {
                    code: "unknown-maximum",
                    severity: Severity::Error,
                    slide_id: None,
                    slide: None,
                    block: None,
                    message: format!(
                        "the declared highest level `{allowed}` is not a level of the {} scheme",
                        scheme.name
                    ),
                    hint: format!("use one of {}", scheme.labels()),
                });
            }
            l
        };
        let mut slides = HashMap::new();
        let mut title_slides = Vec::new();
        let mut portion_marked = false;
        let mut overall_level = deck_level;
        let mut overall_caveats = deck_caveats.clone();
        for (i, slide) in deck.slides.iter().enumerate() {
            if slide.hidden {
                continue;
            }
            if slide.body.kind() == SlideKind::Title {
                title_slides.push(slide.id);
            }
            let mut marks = SlideMarks::default();
            for (b, block) in slide.body.blocks().iter().enumerate() {
                let Some(mark) = block.mark.as_deref().filter(|m| !m.trim().is_empty()) else {
                    marks.unmarked += 1;
                    continue;
                };
                marks.marked += 1;
                let (level_part, caveats) = scheme.split(mark);
                match scheme.level_of(level_part) {
                    Some(level) => {
                        marks.level = Some(marks.level.map_or(level, |l| l.max(level)));
                        for c in caveats {
                            add_caveat(&mut marks.caveats, c);
                        }
                        if let Some(max) = allowed_level.filter(|m| level > *m) {
                            findings.push(MarkFinding {
                                code: "mark-above-maximum",
                                severity: Severity::Error,
                                slide_id: Some(slide.id),
                                slide: Some(i + 1),
                                block: Some(b + 1),
                                message: format!(
                                    "block {} is marked ({mark}), above the deck's declared highest level {}",
                                    b + 1,
                                    scheme.levels[max].banner
                                ),
                                hint: "check the mark; if it is right, this deck may not hold it — move the block to a deck handled at that level".into(),
                            });
                        }
                    }
                    None => findings.push(MarkFinding {
                        code: "unknown-mark",
                        severity: Severity::Error,
                        slide_id: Some(slide.id),
                        slide: Some(i + 1),
                        block: Some(b + 1),
                        message: format!(
                            "block {}: the portion mark ({mark}) is not a level of the {} scheme",
                            b + 1,
                            scheme.name
                        ),
                        hint: format!(
                            "use one of {} (caveats after `{}`), or choose another scheme in the deck settings",
                            scheme.labels(),
                            scheme.separator.trim()
                        ),
                    }),
                }
            }
            if marks.marked > 0 {
                portion_marked = true;
            }
            if let Some(l) = marks.level {
                overall_level = Some(overall_level.map_or(l, |o| o.max(l)));
            }
            for c in &marks.caveats {
                add_caveat(&mut overall_caveats, c);
            }
            slides.insert(slide.id, marks);
        }
        if !typed.is_empty() && deck_level.is_none() {
            let typed: String = if typed.chars().count() > 60 {
                format!("{}\u{2026}", typed.chars().take(60).collect::<String>())
            } else {
                typed.to_owned()
            };
            // A free-text deck marking is allowed, but a typo must not pass unseen.
            findings.push(MarkFinding {
                code: "free-text-marking",
                severity: if portion_marked {
                    Severity::Warning
                } else {
                    Severity::Info
                },
                slide_id: None,
                slide: None,
                block: None,
                message: if portion_marked {
                    format!(
                        "the deck marking `{typed}` is not a level of the {} scheme, so it cannot be compared with the portion marks; pages without marks show it as typed",
                        scheme.name
                    )
                } else {
                    format!(
                        "the deck marking `{typed}` is not a level of the {} scheme; it is printed as typed, in the theme\u{2019}s colours",
                        scheme.name
                    )
                },
                hint: format!(
                    "use one of {} (for example {}), or check the spelling",
                    scheme.labels(),
                    scheme
                        .levels
                        .first()
                        .map(|l| l.banner.as_str())
                        .unwrap_or("UNCLASSIFIED")
                ),
            });
        }
        if let (Some(d), Some(max)) = (deck_level, allowed_level) {
            if d > max {
                findings.push(MarkFinding {
                    code: "mark-above-maximum",
                    severity: Severity::Error,
                    slide_id: None,
                    slide: None,
                    block: None,
                    message: format!(
                        "the deck marking {} is above the deck\u{2019}s declared highest level {}",
                        scheme.levels[d].banner, scheme.levels[max].banner
                    ),
                    hint: "lower the deck marking, or raise the declared highest level if this deck may hold it".into(),
                });
            }
        }
        if portion_marked {
            let lowest = scheme
                .levels
                .first()
                .map(|l| l.portion.clone())
                .unwrap_or_else(|| "U".into());
            // A slide that marks some blocks must mark them all: an unmarked block beside a
            // marked one is the mistake a reader cannot see.
            let mut quiet: Vec<String> = Vec::new();
            for (i, slide) in deck.slides.iter().enumerate() {
                let Some(m) = slides.get(&slide.id).filter(|m| m.unmarked > 0) else {
                    continue;
                };
                if m.marked == 0 {
                    quiet.push((i + 1).to_string());
                    continue;
                }
                let blocks: Vec<String> = slide
                    .body
                    .blocks()
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| b.mark.as_deref().is_none_or(|x| x.trim().is_empty()))
                    .map(|(n, _)| (n + 1).to_string())
                    .collect();
                findings.push(MarkFinding {
                    code: "unmarked-block",
                    severity: Severity::Warning,
                    slide_id: Some(slide.id),
                    slide: Some(i + 1),
                    block: None,
                    message: format!(
                        "block{} {} {} no portion mark, beside marked blocks",
                        if blocks.len() == 1 { "" } else { "s" },
                        blocks.join(", "),
                        if blocks.len() == 1 { "has" } else { "have" },
                    ),
                    hint: format!("mark every block on this slide, e.g. \"({lowest}) text\""),
                });
            }
            if !quiet.is_empty() {
                let shown = if quiet.len() > 12 {
                    format!("{}, \u{2026}", quiet[..12].join(", "))
                } else {
                    quiet.join(", ")
                };
                let fallback = if let Some(l) = deck_level {
                    scheme.levels[l].banner.clone()
                } else if !deck_text.is_empty() {
                    deck_text.clone()
                } else {
                    scheme
                        .levels
                        .first()
                        .map(|l| l.banner.clone())
                        .unwrap_or_default()
                };
                // With a deck marking those pages carry what the author declared; without one
                // they fall back to the lowest level, an assumption worth a warning.
                let declared = deck_level.is_some() || !deck_text.is_empty();
                findings.push(MarkFinding {
                    code: "unmarked-slides",
                    severity: if declared {
                        Severity::Info
                    } else {
                        Severity::Warning
                    },
                    slide_id: None,
                    slide: None,
                    block: None,
                    message: format!(
                        "{} slide{} without portion marks ({shown}) take the deck marking {fallback}",
                        quiet.len(),
                        if quiet.len() == 1 { "" } else { "s" },
                    ),
                    hint: "mark their blocks if any of them is more sensitive".into(),
                });
            }
        }
        MarkingPlan {
            scheme,
            deck_caveats,
            deck_level,
            deck_text,
            portion_marked,
            slides,
            title_slides,
            overall_level,
            overall_caveats,
            findings,
        }
    }

    /// Whether pages carry banners at all (a deck marking, or portion marks).
    pub fn has_banners(&self) -> bool {
        self.deck_level.is_some() || !self.deck_text.is_empty() || self.portion_marked
    }

    /// The marks of a visible slide.
    pub fn slide(&self, id: SlideId) -> Option<&SlideMarks> {
        self.slides.get(&id)
    }

    /// The portion mark of a slide's highest level with its caveats (e.g. `C//NOFORN`), for
    /// text taken from the slide as a whole (its notes in a memo).
    pub fn slide_portion(&self, id: SlideId) -> Option<String> {
        let m = self.slides.get(&id)?;
        let level = self.scheme.levels.get(m.level?)?;
        let mut out = level.portion.clone();
        for c in &m.caveats {
            out.push_str(&self.scheme.separator);
            out.push_str(c);
        }
        Some(out)
    }

    /// The banner of a page holding text with these portion marks (a memo page): the highest
    /// level among them with their caveats and the deck's; the deck marking when none is a
    /// level of the scheme.
    pub fn banner_for_marks<S: AsRef<str>>(&self, marks: &[S]) -> Option<Banner> {
        if !self.has_banners() {
            return None;
        }
        let mut level: Option<usize> = None;
        let mut caveats = Vec::new();
        for mark in marks {
            let (part, cav) = self.scheme.split(mark.as_ref());
            if let Some(l) = self.scheme.level_of(part) {
                level = Some(level.map_or(l, |x| x.max(l)));
                for c in cav {
                    add_caveat(&mut caveats, c);
                }
            }
        }
        self.page_banner(level, caveats)
    }

    /// The banner of a page whose highest level is `level` with `caveats` (plus the deck's);
    /// the deck marking when nothing on the page is marked.
    fn page_banner(&self, level: Option<usize>, mut caveats: Vec<String>) -> Option<Banner> {
        match level {
            Some(l) => {
                for c in &self.deck_caveats {
                    add_caveat(&mut caveats, c);
                }
                Some(self.level_banner(l, &caveats))
            }
            None => self.fallback(),
        }
    }

    /// The portion label of a slide's highest mark, for the slide list.
    pub fn slide_label(&self, id: SlideId) -> Option<&str> {
        let level = self.slides.get(&id)?.level?;
        self.scheme.levels.get(level).map(|l| l.portion.as_str())
    }

    fn level_banner(&self, level: usize, caveats: &[String]) -> Banner {
        let l = &self.scheme.levels[level];
        Banner {
            text: self.scheme.banner_text(level, caveats),
            colors: Some((l.background, l.text)),
            level: Some(level),
        }
    }

    /// The banner for pages holding nothing marked: the deck marking (level or free text),
    /// else the scheme's lowest level when the deck is portion-marked.
    fn fallback(&self) -> Option<Banner> {
        if let Some(l) = self.deck_level {
            return Some(self.level_banner(l, &self.deck_caveats));
        }
        if !self.deck_text.is_empty() {
            let mut text = self.deck_text.clone();
            for c in &self.deck_caveats {
                text.push_str(&self.scheme.separator);
                text.push_str(c);
            }
            return Some(Banner {
                text,
                colors: None,
                level: None,
            });
        }
        if self.portion_marked && !self.scheme.levels.is_empty() {
            return Some(self.level_banner(0, &self.deck_caveats));
        }
        None
    }

    /// The highest mark of the whole document (the cover marking).
    pub fn overall(&self) -> Option<Banner> {
        if !self.has_banners() {
            return None;
        }
        match self.overall_level {
            Some(l) if self.portion_marked || self.deck_text.is_empty() => {
                Some(self.level_banner(l, &self.overall_caveats))
            }
            _ => self.fallback(),
        }
    }

    /// The banner of a page holding `slides`, in `mode`. A page holding the title slide shows
    /// the document's highest mark (the cover).
    pub fn banner(&self, slides: &[SlideId], mode: BannerMode) -> Option<Banner> {
        if !self.has_banners() {
            return None;
        }
        if mode == BannerMode::Overall || slides.iter().any(|s| self.title_slides.contains(s)) {
            return self.overall();
        }
        let mut level: Option<usize> = None;
        let mut caveats = Vec::new();
        for id in slides {
            if let Some(m) = self.slides.get(id) {
                if let Some(l) = m.level {
                    level = Some(level.map_or(l, |x| x.max(l)));
                    for c in &m.caveats {
                        add_caveat(&mut caveats, c);
                    }
                }
            }
        }
        self.page_banner(level, caveats)
    }
}
