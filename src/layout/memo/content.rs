//! What the memo says, before it is set on pages: the template's sections filled from the
//! visible slides and the deck's memo settings, as blocks of text with their portion marks and
//! cited sources, and the endnote numbers (in order of first citation in the memo).

use std::collections::HashSet;

use crate::deck::{Block, Deck, Side, Slide, SlideBody, SlideId, SlideKind, Speaker};
use crate::library::Date;
use crate::marking::MarkingPlan;
use crate::memo::{MemoSection, MemoTemplate, SectionSource};

/// How a block of memo text is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// A section heading from the template.
    Heading,
    /// A part of the discussion: a section divider's title.
    SubHeading,
    /// A paragraph of prose.
    Para,
    /// A bulleted point.
    Bullet,
    /// The principal's Approve / Disapprove lines.
    Decision,
    /// A section with nothing to show yet: what to fill in, and where.
    Placeholder,
    /// A numbered source (the number is its index in [`MemoContent::cited`] + 1).
    Endnote(usize),
}

/// One block of memo text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MemoBlock {
    pub role: Role,
    pub text: String,
    /// Portion mark without parentheses.
    pub mark: Option<String>,
    /// Ids of the deck's sources it cites.
    pub sources: Vec<String>,
    /// Index of the template section it belongs to.
    pub section: usize,
}

/// The memo's text.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct MemoContent {
    pub blocks: Vec<MemoBlock>,
    /// Cited source ids in order of first citation: endnote `n` is `cited[n - 1]`.
    pub cited: Vec<String>,
    /// Problems with the content: (slide concerned, message).
    pub warnings: Vec<(Option<SlideId>, String)>,
}

/// The visible slides grouped by section divider.
struct Parts<'d> {
    /// Slides before the first section divider.
    preamble: Vec<&'d Slide>,
    /// (section title, its slides).
    sections: Vec<(String, Vec<&'d Slide>)>,
}

fn parts(deck: &Deck) -> Parts<'_> {
    let mut p = Parts {
        preamble: Vec::new(),
        sections: Vec::new(),
    };
    for s in deck.visible() {
        match &s.body {
            SlideBody::Section { title, .. } => p.sections.push((title.clone(), Vec::new())),
            _ => match p.sections.last_mut() {
                Some((_, list)) => list.push(s),
                None => p.preamble.push(s),
            },
        }
    }
    p
}

struct Builder<'a> {
    plan: &'a MarkingPlan,
    blocks: Vec<MemoBlock>,
    section: usize,
    /// Texts already in the memo, so talking points do not repeat a summary word for word.
    said: HashSet<String>,
    warnings: Vec<(Option<SlideId>, String)>,
}

impl Builder<'_> {
    fn push(&mut self, role: Role, text: String, mark: Option<String>, sources: Vec<String>) {
        if text.trim().is_empty() {
            return;
        }
        self.said.insert(norm(&text));
        self.blocks.push(MemoBlock {
            role,
            text,
            mark: mark.filter(|m| !m.trim().is_empty()),
            sources,
            section: self.section,
        });
    }

    fn block(&mut self, role: Role, b: &Block, extra_sources: &[String]) {
        let mut sources = b.sources.clone();
        for s in extra_sources {
            if !sources.contains(s) {
                sources.push(s.clone());
            }
        }
        self.push(role, b.text.clone(), b.mark.clone(), sources);
    }

    /// The portion mark of text taken from a slide as a whole (an attribution line, notes).
    fn slide_mark(&self, s: &Slide) -> Option<String> {
        if self.plan.portion_marked {
            self.plan.slide_portion(s.id)
        } else {
            None
        }
    }

    /// A topic: its summary as prose (the slide's sources cited after the last paragraph), or
    /// its key points as bullets when it has no summary.
    fn topic(&mut self, summary: &[Block], key_points: &[Block], sources: &[String]) {
        let (role, list) = if summary.iter().any(|b| !b.text.trim().is_empty()) {
            (Role::Para, summary)
        } else {
            (Role::Bullet, key_points)
        };
        let n = list.len();
        for (i, b) in list.iter().enumerate() {
            let extra: &[String] = if i + 1 == n { sources } else { &[] };
            self.block(role, b, extra);
        }
    }

    /// An attributed view: "Person (role, affiliation — via outlet; date): stance." then its
    /// claims (or quotation) as bullets.
    #[allow(clippy::too_many_arguments)]
    fn view(
        &mut self,
        slide: &Slide,
        speaker: &Speaker,
        stance: &str,
        date: Option<Date>,
        quote: Option<&Block>,
        claims: &[Block],
        sources: &[String],
    ) {
        let mut who = speaker.holder().trim().to_owned();
        if who.is_empty() {
            who = "Unattributed view".into();
            self.warnings.push((
                Some(slide.id),
                "a view in the memo has no person or outlet; attribute it on its slide".into(),
            ));
        }
        let mut details = speaker.details();
        if let Some(d) = date {
            if !details.is_empty() {
                details.push_str("; ");
            }
            details.push_str(&d.long());
        }
        let lead = if details.is_empty() {
            format!("{who}: {}", ensure_stop(stance.trim()))
        } else {
            format!("{who} ({details}): {}", ensure_stop(stance.trim()))
        };
        let mark = self.slide_mark(slide);
        let body: Vec<&Block> = quote.into_iter().chain(claims.iter()).collect();
        if body.is_empty() {
            self.push(Role::Para, lead, mark, sources.to_vec());
            return;
        }
        self.push(Role::Para, lead, mark, Vec::new());
        let n = body.len();
        for (i, b) in body.into_iter().enumerate() {
            let extra: &[String] = if i + 1 == n { sources } else { &[] };
            if quote.is_some_and(|q| std::ptr::eq(q, b)) {
                let q = Block {
                    text: format!("\u{201c}{}\u{201d}", b.text.trim()),
                    ..b.clone()
                };
                self.block(Role::Bullet, &q, extra);
            } else {
                self.block(Role::Bullet, b, extra);
            }
        }
    }

    fn side(&mut self, slide: &Slide, side: &Side) {
        self.view(
            slide,
            &side.speaker,
            &side.stance,
            side.date,
            None,
            &side.claims,
            &side.sources,
        );
    }

    /// What a content slide contributes to the discussion.
    fn slide(&mut self, s: &Slide) {
        match &s.body {
            SlideBody::Topic {
                summary,
                key_points,
                sources,
                ..
            } => self.topic(summary, key_points, sources),
            SlideBody::Viewpoint {
                title,
                speaker,
                claims,
                quote,
                date,
                sources,
            } => self.view(s, speaker, title, *date, quote.as_ref(), claims, sources),
            SlideBody::Comparison { left, right, .. } => {
                self.side(s, left);
                self.side(s, right);
            }
            SlideBody::Timeline { entries, .. } => {
                let mut sorted: Vec<_> = entries.iter().collect();
                sorted.sort_by_key(|e| e.date);
                for e in sorted {
                    let b = e.block();
                    let text = format!("{}: {}", e.date.long(), b.text);
                    self.push(Role::Bullet, text, b.mark, b.sources);
                }
            }
            SlideBody::KeyFigures { figures, .. } => {
                for f in figures {
                    let b = f.block();
                    self.push(Role::Bullet, b.text, b.mark, b.sources);
                }
            }
            SlideBody::Bullets { bullets: l, .. } | SlideBody::Takeaways { points: l, .. } => {
                for b in l {
                    self.block(Role::Bullet, b, &[]);
                }
            }
            SlideBody::Text { paragraphs, .. } => {
                for b in paragraphs {
                    self.block(Role::Para, b, &[]);
                }
            }
            // Diagrams, pictures and the deck's own pages have no memo text.
            SlideBody::Route { .. }
            | SlideBody::Image { .. }
            | SlideBody::Title {}
            | SlideBody::Agenda { .. }
            | SlideBody::Section { .. }
            | SlideBody::Sources { .. } => {}
        }
    }

    fn placeholder(&mut self, what: String, warning: String, slide: Option<SlideId>) {
        self.push(Role::Placeholder, what, None, Vec::new());
        self.warnings.push((slide, warning));
    }
}

/// Lower-cased words, for comparing texts.
fn norm(text: &str) -> String {
    text.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text with a full stop unless it ends in punctuation.
fn ensure_stop(text: &str) -> String {
    if text.ends_with(['.', '!', '?', ':', '\u{2026}']) || text.is_empty() {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}

/// "a", "a and b", "a, b and c".
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Fills `template`'s sections from the visible slides of `deck` and its memo settings.
pub(crate) fn build(deck: &Deck, template: &MemoTemplate, plan: &MarkingPlan) -> MemoContent {
    let p = parts(deck);
    let mut b = Builder {
        plan,
        blocks: Vec::new(),
        section: 0,
        said: HashSet::new(),
        warnings: Vec::new(),
    };
    let bluf = deck
        .visible()
        .find(|s| s.body.kind() == SlideKind::Takeaways);
    // Background: the topics before the first section divider and, when there are further
    // sections, those of the first one (how it came about); the discussion takes the rest.
    let has_background = template
        .sections
        .iter()
        .any(|s| s.from == SectionSource::Background);
    let background_takes_first = has_background && p.sections.len() >= 2;
    let mut background: Vec<&Slide> = p
        .preamble
        .iter()
        .copied()
        .filter(|s| s.body.kind() == SlideKind::Topic)
        .collect();
    if background_takes_first {
        background.extend(
            p.sections[0]
                .1
                .iter()
                .copied()
                .filter(|s| s.body.kind() == SlideKind::Topic),
        );
    } else if has_background && background.is_empty() {
        background.extend(deck.visible().find(|s| s.body.kind() == SlideKind::Topic));
    }
    let used: HashSet<SlideId> = background
        .iter()
        .map(|s| s.id)
        .chain(bluf.map(|s| s.id))
        .collect();
    let mut sources_at: Option<usize> = None;
    for (i, sec) in template.sections.iter().enumerate() {
        b.section = i;
        b.push(Role::Heading, sec.heading.clone(), None, Vec::new());
        match sec.from {
            SectionSource::Bluf => match bluf.map(|s| &s.body) {
                Some(SlideBody::Takeaways { points, .. }) if !points.is_empty() => {
                    if sec.list {
                        for pt in points {
                            b.block(Role::Bullet, pt, &[]);
                        }
                    } else {
                        bluf_paragraphs(&mut b, points);
                    }
                }
                _ => b.placeholder(
                    "No key takeaways yet: add a Key takeaways slide to the deck; its points become this section.".into(),
                    format!(
                        "the memo\u{2019}s \u{201c}{}\u{201d} section is empty: the deck has no visible key-takeaways slide with points; add one",
                        sec.heading
                    ),
                    bluf.map(|s| s.id),
                ),
            },
            SectionSource::Background => {
                let sections: Vec<String> = p
                    .sections
                    .iter()
                    .map(|(t, _)| format!("\u{201c}{}\u{201d}", t.trim()))
                    .collect();
                let title = deck.meta.title.trim();
                if !title.is_empty() {
                    let date = deck
                        .meta
                        .date
                        .map(|d| format!(" ({})", d.long()))
                        .unwrap_or_default();
                    let covers = if sections.is_empty() {
                        ".".to_owned()
                    } else {
                        format!(", which covers {}.", join_and(&sections))
                    };
                    b.push(
                        Role::Para,
                        format!("This memo accompanies the briefing \u{201c}{title}\u{201d}{date}{covers}"),
                        None,
                        Vec::new(),
                    );
                }
                for s in &background {
                    b.slide(s);
                }
            }
            SectionSource::Discussion => {
                let mut any = false;
                let pre: Vec<&Slide> = p
                    .preamble
                    .iter()
                    .copied()
                    .filter(|s| !used.contains(&s.id))
                    .collect();
                for s in pre {
                    b.slide(s);
                    any = true;
                }
                let skip_first = usize::from(background_takes_first);
                for (title, slides) in p.sections.iter().skip(skip_first) {
                    let start = b.blocks.len();
                    b.push(Role::SubHeading, title.trim().to_owned(), None, Vec::new());
                    let before = b.blocks.len();
                    for s in slides.iter().filter(|s| !used.contains(&s.id)) {
                        b.slide(s);
                    }
                    if b.blocks.len() == before {
                        // A section with nothing to say in prose is left out.
                        b.blocks.truncate(start);
                    } else {
                        any = true;
                    }
                }
                if !any {
                    b.placeholder(
                        "No slides to discuss: add section dividers and topic slides to the deck.".into(),
                        format!("the memo\u{2019}s \u{201c}{}\u{201d} section is empty", sec.heading),
                        None,
                    );
                }
            }
            SectionSource::Views => {
                let before = b.blocks.len();
                for s in deck.visible().filter(|s| {
                    matches!(s.body.kind(), SlideKind::Viewpoint | SlideKind::Comparison)
                }) {
                    b.slide(s);
                }
                if b.blocks.len() == before {
                    b.placeholder(
                        "No views yet: add viewpoint slides from the library.".into(),
                        format!("the memo\u{2019}s \u{201c}{}\u{201d} section is empty", sec.heading),
                        None,
                    );
                }
            }
            SectionSource::TalkingPoints => {
                let before = b.blocks.len();
                for s in deck.visible() {
                    let mark = b.slide_mark(s);
                    let sources: Vec<String> =
                        s.body.cited_sources().into_iter().map(str::to_owned).collect();
                    // Notes that repeat the slide's own summary (a topic's text kept for the
                    // speaker) are not talking points.
                    let own: HashSet<String> = match &s.body {
                        SlideBody::Topic { summary, .. } => {
                            let mut set: HashSet<String> =
                                summary.iter().map(|x| norm(&x.text)).collect();
                            let all: Vec<&str> = summary.iter().map(|x| x.text.as_str()).collect();
                            set.insert(norm(&all.join(" ")));
                            set
                        }
                        _ => HashSet::new(),
                    };
                    for para in s.notes.split("\n\n") {
                        let text = para.split_whitespace().collect::<Vec<_>>().join(" ");
                        let key = norm(&text);
                        if text.is_empty() || b.said.contains(&key) || own.contains(&key) {
                            continue;
                        }
                        b.push(Role::Bullet, text, mark.clone(), sources.clone());
                    }
                }
                if b.blocks.len() == before {
                    b.placeholder(
                        "No speaker notes yet: what you write in the slides\u{2019} notes becomes these points, one per paragraph.".into(),
                        format!("the memo\u{2019}s \u{201c}{}\u{201d} section is empty: no slide has speaker notes", sec.heading),
                        None,
                    );
                }
            }
            SectionSource::Field => field(&mut b, deck, sec),
            SectionSource::Sources => sources_at = Some(b.blocks.len()),
        }
    }
    // Endnotes: numbered in order of first citation in the memo, placed where the template
    // lists its sources.
    let mut cited: Vec<String> = Vec::new();
    for blk in &b.blocks {
        for s in &blk.sources {
            if deck.sources.contains_key(s) && !cited.contains(s) {
                cited.push(s.clone());
            }
        }
    }
    if let Some(at) = sources_at {
        let section = b.blocks.get(at.saturating_sub(1)).map_or(0, |x| x.section);
        let notes: Vec<MemoBlock> = cited
            .iter()
            .enumerate()
            .filter_map(|(i, id)| {
                let s = deck.sources.get(id)?;
                Some(MemoBlock {
                    role: Role::Endnote(i + 1),
                    text: crate::layout::slides::source_entry(s),
                    mark: None,
                    sources: Vec::new(),
                    section,
                })
            })
            .collect();
        if notes.is_empty() {
            b.blocks.insert(
                at,
                MemoBlock {
                    role: Role::Placeholder,
                    text: "The memo cites no sources.".into(),
                    mark: None,
                    sources: Vec::new(),
                    section,
                },
            );
        } else {
            b.blocks.splice(at..at, notes);
        }
    }
    MemoContent {
        blocks: b.blocks,
        cited,
        warnings: b.warnings,
    }
}

/// The takeaways as prose: consecutive points with the same portion mark form one paragraph
/// (each point a sentence), so the bottom line reads as a memo's opening, not as slide bullets.
fn bluf_paragraphs(b: &mut Builder<'_>, points: &[Block]) {
    let mut run: Vec<&Block> = Vec::new();
    let flush = |b: &mut Builder<'_>, run: &mut Vec<&Block>| {
        if let Some(first) = run.first() {
            let text: Vec<String> = run.iter().map(|p| ensure_stop(p.text.trim())).collect();
            let mut sources: Vec<String> = Vec::new();
            for p in run.iter() {
                for s in &p.sources {
                    if !sources.contains(s) {
                        sources.push(s.clone());
                    }
                }
            }
            let mark = first.mark.clone();
            b.push(Role::Para, text.join(" "), mark, sources);
        }
        run.clear();
    };
    for p in points {
        if run.first().is_some_and(|f| f.mark != p.mark) {
            flush(b, &mut run);
        }
        run.push(p);
    }
    flush(b, &mut run);
}

/// A section whose text the deck's memo settings hold.
fn field(b: &mut Builder<'_>, deck: &Deck, sec: &MemoSection) {
    let text = deck.meta.memo.field(&sec.field);
    let before = b.blocks.len();
    if sec.list {
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let blk = Block::from_line(line, None);
            b.block(Role::Bullet, &blk, &[]);
        }
    } else {
        for para in text.split("\n\n") {
            let joined = para.split_whitespace().collect::<Vec<_>>().join(" ");
            if !joined.is_empty() {
                let blk = Block::from_line(&joined, None);
                b.block(Role::Para, &blk, &[]);
            }
        }
    }
    if b.blocks.len() == before {
        b.placeholder(
            format!(
                "To be written: fill in \u{201c}{}\u{201d} in the deck settings (Memo).",
                sec.heading
            ),
            format!(
                "the memo\u{2019}s \u{201c}{}\u{201d} section is empty; write it in the deck settings (Memo)",
                sec.heading
            ),
            None,
        );
    }
    if sec.decision {
        b.push(
            Role::Decision,
            "Approve ______________      Disapprove ______________".into(),
            None,
            Vec::new(),
        );
    }
}
