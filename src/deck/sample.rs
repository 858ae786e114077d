//! Ready-made decks: a deck from item ids (`briefdeck new`) and the sample charter briefing.

use super::block::Block;
use super::build::{add_items, comparison_body, insert_with_sources, timeline_body, BuildError};
use super::command::{Command, Editor};
use super::marking::MarkingSettings;
use super::model::{Deck, DeckMeta, KeyFigure, Origin, SlideBody, TimelineStyle, TopicDisplay};
use crate::library::{Date, Library};

/// A deck with a title slide, an agenda, one slide per item, and a sources slide.
pub fn new_deck(
    lib: &Library,
    meta: DeckMeta,
    theme: &str,
    items: &[&str],
) -> Result<Deck, BuildError> {
    let mut deck = Deck::new(&meta.title);
    deck.meta = meta;
    deck.theme = theme.to_owned();
    let mut ed = Editor::new(deck);
    let title = ed.new_slide(SlideBody::Title {});
    let agenda = ed.new_slide(SlideBody::Agenda {
        title: "Agenda".into(),
    });
    ed.apply(
        "New deck",
        Command::Insert {
            index: 0,
            slides: vec![title, agenda],
        },
    )?;
    add_items(&mut ed, lib, 2, items)?;
    let sources = ed.new_slide(SlideBody::Sources {
        title: "Sources".into(),
    });
    let at = ed.deck().slides.len();
    ed.apply(
        "New deck",
        Command::Insert {
            index: at,
            slides: vec![sources],
        },
    )?;
    Ok(ed.into_deck())
}

/// The sample charter briefing the app opens on first run (`briefdeck new --sample`).
pub fn sample_deck(lib: &Library) -> Result<Deck, BuildError> {
    let meta = DeckMeta {
        title: "The US\u{2013}Azerbaijan Strategic Partnership Charter".into(),
        subtitle: "What was signed in Baku on 10 February 2026, and what it changes".into(),
        author: "Policy Planning Unit".into(),
        organisation: "BriefDeck sample briefing".into(),
        date: Date::parse("2026-02-16").ok(),
        audience: "Heads of mission and desk officers".into(),
        marking: "UNCLASSIFIED".into(),
        distribution: "For briefing use; cite the listed sources".into(),
        markings: MarkingSettings {
            highest_allowed: "CUI".into(),
            ..MarkingSettings::default()
        },
        memo: sample_memo(),
        stale_after_days: None,
    };
    let mut deck = Deck::new(&meta.title);
    deck.meta = meta;
    let mut ed = Editor::new(deck);

    let title = ed.new_slide(SlideBody::Title {});
    let bluf = ed.new_slide(SlideBody::Takeaways {
        title: "Bottom line up front".into(),
        points: Block::list(&[
            "Signed in Baku on 10 February 2026, the charter formalises a long, uneven relationship.",
            "Its anchor is mutual support for sovereignty and borders, read in Baku as US acceptance of the post-2020 order.",
            "Connectivity is the economic core; security ties widen, from Caspian patrol boats to demining.",
            "The test is delivery: the project lists and roadmaps the sides intend to agree within three months.",
        ]),
    });
    let agenda = ed.new_slide(SlideBody::Agenda {
        title: "Agenda".into(),
    });
    ed.apply(
        "Sample",
        Command::Insert {
            index: 0,
            slides: vec![title, bluf, agenda],
        },
    )?;

    let section = |ed: &mut Editor, title: &str, subtitle: &str| -> Result<(), BuildError> {
        let s = ed.new_slide(SlideBody::Section {
            title: title.into(),
            subtitle: subtitle.into(),
        });
        let at = ed.deck().slides.len();
        ed.apply(
            "Sample",
            Command::Insert {
                index: at,
                slides: vec![s],
            },
        )?;
        Ok(())
    };
    let items = |ed: &mut Editor, ids: &[&str]| -> Result<(), BuildError> {
        let at = ed.deck().slides.len();
        add_items(ed, lib, at, ids)?;
        Ok(())
    };

    section(
        &mut ed,
        "The charter and how it came about",
        "From the Washington memorandum to the Baku signing",
    )?;
    items(
        &mut ed,
        &[
            "charter-overview",
            "sovereignty-borders",
            "regional-geopolitical-context",
        ],
    )?;
    // Key figures, each with the source of its fact in the library.
    let figure = |value: &str, text: &str, sources: &[&str]| KeyFigure {
        value: value.into(),
        text: text.into(),
        mark: None,
        sources: sources.iter().map(|s| (*s).to_owned()).collect(),
    };
    let figures = ed.new_slide(SlideBody::KeyFigures {
        title: "The charter in figures".into(),
        figures: vec![
            figure(
                "16",
                "countries buy Azerbaijani gas, Aliyev said at the signing",
                &["georgiatoday-2026-02"],
            ),
            figure("11", "of them are NATO members", &["georgiatoday-2026-02"]),
            figure(
                "43 km",
                "planned TRIPP link through Armenia to Nakhchivan",
                &["gamereactor-2026-02", "dzen-report-2026-02"],
            ),
            figure(
                "3 months",
                "in which the sides intend to agree project lists and roadmaps",
                &["tass-2026-02-11"],
            ),
        ],
    });
    figures_notes(&mut ed, figures, lib, "Sample")?;
    // The road to the charter as dates on a line, each entry shortened from its library fact.
    let mut t1 = timeline_body(
        lib,
        "Road to the charter",
        &[
            "washington-mou-2025-08-08",
            "hajizada-drafting-2025-11-07",
            "swg-first-meeting-2025-12-19",
            "bayramov-text-near-final-2025-12-26",
            "charter-signed-2026-02-10",
        ],
    )?;
    if let SlideBody::Timeline { entries, style, .. } = &mut t1 {
        *style = TimelineStyle::Line;
        for e in entries.iter_mut() {
            if let Some((_, short)) = SHORT_FACTS
                .iter()
                .find(|(id, _)| e.item.as_deref() == Some(*id))
            {
                e.text = (*short).to_owned();
            }
        }
    }
    let t2 = timeline_body(
        lib,
        "Signature and first commentary: 2026",
        &[
            "swg-second-meeting-2026-01-21",
            "vance-yerevan-2026-02-09",
            "roadmaps-three-months-2026-02-10",
            "patrol-boats-2026-02-10",
            "newsaz-mammadov-published-2026-02-12",
        ],
    )?;
    let (s1, s2) = (ed.new_slide(t1), ed.new_slide(t2));
    let at = ed.deck().slides.len();
    insert_with_sources(&mut ed, lib, at, vec![s1, s2], "Sample")?;

    section(
        &mut ed,
        "Energy, connectivity and technology",
        "The economic pillars",
    )?;
    items(
        &mut ed,
        &[
            "energy-security-europe",
            "middle-corridor-tripp",
            "corridor-minerals-green-energy",
            "ai-digital-space",
        ],
    )?;
    // The corridor drawn as a route: the ends are from the cited commentary; the stops between
    // them are a general-knowledge gloss, and the caption says so.
    let route = ed.new_slide(SlideBody::Route {
        title: "The Middle Corridor, schematically".into(),
        stops: vec![
            Block {
                text: "China".into(),
                mark: None,
                sources: vec!["newsaz-mammadov-2026-02-12".into()],
            },
            Block::new("Kazakhstan"),
            Block::new("Caspian Sea crossing"),
            Block::new("Azerbaijan"),
            Block::new("Georgia"),
            Block::new("T\u{fc}rkiye"),
            Block {
                text: "European Union".into(),
                mark: None,
                sources: vec!["newsaz-mammadov-2026-02-12".into()],
            },
        ],
        caption: "Schematic, not a map. China and the EU as the corridor\u{2019}s ends are from the cited commentary; the stops between them are a general-knowledge gloss, not taken from the charter or the cited reports.".into(),
    });
    let at = ed.deck().slides.len();
    insert_with_sources(&mut ed, lib, at, vec![route], "Sample")?;
    section(
        &mut ed,
        "Security and defence",
        "Defence sales, the Caspian and demining",
    )?;
    items(&mut ed, &["security-defence", "coast-guard-caspian"])?;
    let demining_at = ed.deck().slides.len();
    items(&mut ed, &["humanitarian-demining"])?;
    if let Some(slide) = ed.deck().slides.get(demining_at).cloned() {
        let mut s = slide;
        if let SlideBody::Topic { display, .. } = &mut s.body {
            *display = TopicDisplay::KeyPoints;
        }
        ed.apply("Sample", Command::Restore { slide: s })?;
    }

    section(
        &mut ed,
        "Expert and editorial views",
        "How commentators in Baku read the charter",
    )?;
    items(
        &mut ed,
        &[
            "mammadov-middle-corridor",
            "mammadov-defence-diversification",
            "mammadov-status-quo-recognition",
        ],
    )?;
    let cmp = comparison_body(
        lib,
        "Institutionalised trust, or vision without delivery?",
        "newsaz-institutionalised-trust",
        "azernews-sceptics-view",
    )?;
    // Two claims a side, and the sceptics kept hypothetical as AzerNEWS reports them (no critic
    // is named): AzerNEWS's acceptance of the risk moves into its stance.
    let mut cmp = ed.new_slide(cmp);
    if let SlideBody::Comparison { right, .. } = &mut cmp.body {
        if right.claims.len() == 3 {
            right.stance = "AzerNEWS grants that critics may fear thin delivery, but says \u{201c}symbolic\u{201d} misses the context.".into();
            right.claims[0].text =
                "Critics may argue that such charters often deliver less than they promise.".into();
            right.claims.remove(1);
        }
    }
    let at = ed.deck().slides.len();
    insert_with_sources(&mut ed, lib, at, vec![cmp], "Sample")?;

    section(
        &mut ed,
        "What happens next",
        "Implementation and the policy task for Baku",
    )?;
    items(&mut ed, &["implementation", "mammadov-strategic-task"])?;
    let sources = ed.new_slide(SlideBody::Sources {
        title: "Sources".into(),
    });
    // A labelled example of portion marking: each point carries a mark, and the page's banner
    // shows the highest one. The CUI point is a placeholder, not controlled information. (Made
    // after the sources slide, so the ids of the older slides stay as they were.)
    let marked = |mark: &str, text: &str| Block {
        text: text.into(),
        mark: Some(mark.into()),
        sources: Vec::new(),
    };
    let mut example = ed.new_slide(SlideBody::Bullets {
        title: "Example only: how portion marks set a page\u{2019}s banner".into(),
        bullets: vec![
            marked(
                "U",
                "Each point carries its own mark, shown in brackets in front of it",
            ),
            marked(
                "CUI",
                "Placeholder for a controlled point \u{2014} this sample holds no real CUI",
            ),
            marked(
                "U",
                "The banner of this page shows the highest mark on it: CUI",
            ),
            marked(
                "U",
                "Pages without marks keep the deck marking, UNCLASSIFIED",
            ),
        ],
    });
    example.notes = "Example slide, not part of the briefing: it shows BriefDeck's portion marking. Set a point's mark with the picker beside it in the editor, or type \u{201c}(CUI) \u{201d} in front of it. Delete this slide before circulating the deck.".into();
    let at = ed.deck().slides.len();
    ed.apply(
        "Sample",
        Command::Insert {
            index: at,
            slides: vec![example, sources],
        },
    )?;

    let mut deck = ed.into_deck();
    // One message per topic slide: a title that states it and three short points (about 40
    // words) shortened from the item's key points; the item's summary is the speaker notes.
    for s in &mut deck.slides {
        let Some(origin) = s.origin.as_mut() else {
            continue;
        };
        if let Some((_, title)) = VIEW_TITLES.iter().find(|(id, _)| *id == origin.item) {
            if let SlideBody::Viewpoint { title: t, .. } = &mut s.body {
                *t = (*title).to_owned();
                origin.edited = true;
            }
            continue;
        }
        let Some((title, points)) = SLIDE_MESSAGES
            .iter()
            .find(|(id, _, _)| *id == origin.item)
            .map(|(_, t, p)| (*t, *p))
        else {
            continue;
        };
        if let SlideBody::Topic {
            title: t,
            display,
            key_points,
            ..
        } = &mut s.body
        {
            *t = title.to_owned();
            *display = TopicDisplay::KeyPoints;
            *key_points = Block::list(points);
            origin.edited = true;
        }
    }
    // Speaker notes for the opening slides.
    if let Some(s) = deck.slides.first_mut() {
        s.notes = "Open with the date and place of signature; note that this is a sample built from public sources in the BriefDeck charter library. Its cover shows CUI only because of the labelled portion-marking example near the end.".into();
    }
    for s in &mut deck.slides {
        // A view gets a line to take: it is the holder's reading, noted, not endorsed.
        if let (SlideBody::Viewpoint { speaker, .. }, true) = (&s.body, s.notes.is_empty()) {
            let outlet = if speaker.outlet.trim().is_empty() {
                String::new()
            } else {
                format!(" in {}", speaker.outlet.trim())
            };
            s.notes = format!(
                "If asked about this view: it is {}\u{2019}s reading{outlet}; we note it, and it is not the charter\u{2019}s text.",
                speaker.holder().trim()
            );
        }
        if let Some(Origin { item, .. }) = &s.origin {
            if s.notes.is_empty() {
                s.notes =
                    format!("Library item: {item}. Check the cited source before quoting figures.");
            }
        }
    }
    Ok(deck)
}

/// The sample's memo settings: header and the texts the slides cannot supply, for both
/// built-in templates. Conditional wording stays conditional.
fn sample_memo() -> crate::deck::MemoSettings {
    let mut fields = std::collections::BTreeMap::new();
    fields.insert(
        "recommendation".to_owned(),
        "That you use the attached briefing with heads of mission and desk officers as a reading of the charter from press reports, presenting the working groups and roadmaps as what the sides may set up and intend to agree, not as arrangements already in place.".to_owned(),
    );
    fields.insert(
        "objectives".to_owned(),
        "Learn whether any of the working groups that may be set up (economy and trade; energy; connectivity, AI and digital development; security and defence) has been formed\nAsk how the sides intend to meet their three-month aim for project lists and implementation roadmaps\nRegister interest in the energy and Middle Corridor cooperation the charter names".to_owned(),
    );
    fields.insert(
        "their_objectives".to_owned(),
        "Not stated in the cited sources, which report the charter and Baku-based commentary, not the Azerbaijani side\u{2019}s aims for this meeting; the desk should confirm them before the meeting\nCommentary in Baku frames delivery as the task: Mammadov (News.Az) argues Baku should make the most of the charter \u{2014} his reading, not an official position".to_owned(),
    );
    fields.insert(
        "press_lines".to_owned(),
        "The charter was signed in Baku on 10 February 2026 by President Ilham Aliyev and US Vice President J.D. Vance\nIt names energy, connectivity, technology and security among the fields of cooperation\nOn next steps: the sides have said they intend to agree project lists and roadmaps; we do not speculate on their timing".to_owned(),
    );
    crate::deck::MemoSettings {
        template: "decision".to_owned(),
        to: "Head of Mission".to_owned(),
        from: "Policy Planning Unit".to_owned(),
        subject: String::new(),
        fields,
    }
}

/// The sample's topic slides: (library item, message title, points). Each point shortens one
/// of the item's key points without making it stronger; attributions stay with their outlets.
const SLIDE_MESSAGES: &[(&str, &str, &[&str])] = &[
    (
        "charter-overview",
        "A formal, multi-sector framework signed in Baku",
        &[
            "Signed in Baku on 10 February 2026 by Aliyev and Vance",
            "Rests on mutual backing for sovereignty, territorial integrity and borders",
            "Covers diplomacy, economy, energy, technology and security, with private companies involved",
        ],
    ),
    (
        "sovereignty-borders",
        "Sovereignty and borders are the charter\u{2019}s stated basis",
        &[
            "Sovereignty, independence, territorial integrity and inviolable borders form its stated basis",
            "AzerNEWS reads the wording as a stabilising signal with political weight",
            "News.Az sees US recognition of present regional realities",
        ],
    ),
    (
        "regional-geopolitical-context",
        "The charter sits in a wider regional sequence",
        &[
            "8 August 2025: Section 907 waiver extended; Azerbaijan\u{2013}US\u{2013}Armenia Joint Declaration",
            "9 February 2026: Vance and Pashinyan sign a civil nuclear agreement in Yerevan",
            "AzerNEWS: the US is reweighing its regional priorities",
        ],
    ),
    (
        "energy-security-europe",
        "The charter recognises Azerbaijan\u{2019}s part in Europe\u{2019}s energy security",
        &[
            "Aliyev: Azerbaijani gas goes to 16 countries, 11 of them NATO members",
            "AzerNEWS links supply security to logistics, data and tech resilience",
            "Energy is one of four areas where working groups may be formed",
        ],
    ),
    (
        "middle-corridor-tripp",
        "Explicit US support for the Middle Corridor",
        &[
            "The charter backs the East\u{2013}West route between China and the EU",
            "TRIPP: a proposed link of about 43 km through Armenia to Nakhchivan",
            "Mammadov: a US text on the corridor is a qualitative step up",
        ],
    ),
    (
        "corridor-minerals-green-energy",
        "Mammadov sees the corridor carrying more than containers",
        &[
            "US interest in Central Asian critical minerals raises the route\u{2019}s importance",
            "Expected additions: green power, fibre-optic links and digital infrastructure",
            "Green hydrogen is seen as a later phase",
        ],
    ),
    (
        "ai-digital-space",
        "Technology is a priority: AI, digital infrastructure and space",
        &[
            "Priorities include AI data centres, cybersecurity, space and joint R&D",
            "AzerNEWS: the US aims to promote new digital standards with a well-placed partner",
            "Mammadov urges Baku to strengthen its political and institutional environment",
        ],
    ),
    (
        "security-defence",
        "Security cooperation: defence, counter-terrorism, infrastructure",
        &[
            "US defence equipment sales were on the agenda at the February signing",
            "Mammadov: US sales add to ties with Israel, T\u{fc}rkiye and Pakistan",
            "Security and defence is one of four proposed working groups",
        ],
    ),
    (
        "coast-guard-caspian",
        "US patrol boats for Azerbaijan\u{2019}s Caspian security",
        &[
            "The US is to supply patrol boats for maritime security on the Caspian",
            "US aid in 2018\u{2013}2019 already covered border and coast guard capacity",
            "At stake: offshore platforms and Middle Corridor shipping routes",
        ],
    ),
    (
        "humanitarian-demining",
        "Humanitarian demining is explicitly covered",
        &[
            "AzerNEWS calls it often neglected but vital to post-conflict recovery",
            "Mine clearance is tied to wider normalisation in the South Caucasus",
            "News.Az counts demining support as adding to the charter\u{2019}s strategic weight",
        ],
    ),
    (
        "implementation",
        "Delivery depends on working groups and roadmaps",
        &[
            "Working groups may be set up for four areas, from trade to defence",
            "The sides intend to agree project lists and roadmaps within three months",
            "AzerNEWS: private-sector involvement should help the partnership outlast political cycles",
        ],
    ),
];

/// The sample's viewpoint slides: one-line titles that keep the view with its holder (the
/// library's stance sentences run to two lines).
const VIEW_TITLES: &[(&str, &str)] = &[
    (
        "mammadov-middle-corridor",
        "Corridor backing is among the main economic gains",
    ),
    (
        "mammadov-defence-diversification",
        "US arms sales: an important step in Baku\u{2019}s defence ties",
    ),
    (
        "mammadov-status-quo-recognition",
        "Mammadov reads US acceptance of the post-2020 order",
    ),
    (
        "mammadov-strategic-task",
        "Baku\u{2019}s task: make the most of the charter, not fall behind",
    ),
];

/// Inserts the key-figures slide at the end with the sources it cites.
fn figures_notes(
    ed: &mut Editor,
    mut slide: super::model::Slide,
    lib: &Library,
    label: &str,
) -> Result<(), BuildError> {
    slide.notes = "Figures as stated in the cited reports: Aliyev on gas buyers (Georgia Today); the TRIPP length (Gamereactor, Report via dzen.ru); the three-month aim (TASS, citing Azertac).".into();
    let at = ed.deck().slides.len();
    insert_with_sources(ed, lib, at, vec![slide], label)?;
    Ok(())
}

/// Timeline entries shortened for the line drawing: (library fact, text).
const SHORT_FACTS: &[(&str, &str)] = &[
    (
        "washington-mou-2025-08-08",
        "Washington memorandum sets up a Strategic Working Group, with six months for a charter",
    ),
    (
        "hajizada-drafting-2025-11-07",
        "Foreign Ministry: work on the text is under way",
    ),
    (
        "swg-first-meeting-2025-12-19",
        "The working group meets in full for the first time, online",
    ),
    (
        "bayramov-text-near-final-2025-12-26",
        "Bayramov: the text is nearly finalised",
    ),
    (
        "charter-signed-2026-02-10",
        "Aliyev and Vance sign the charter in Baku",
    ),
];
