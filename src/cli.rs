//! The command-line interface. Each subcommand is a thin wrapper over the library modules.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::deck::{new_deck, sample_deck, Deck, DeckMeta};
use crate::error::{Hinted, Problem};
use crate::layout::{Beside, HandoutOptions, LayoutOptions, Output, Paper, PerPage};
use crate::library::{ItemKind, ItemRef, Library, LibraryLoad, LoadOptions, Query};
use crate::theme::{Theme, ThemeCatalog, ThemeOrigin};

/// BriefDeck: sourced, properly marked PDF briefings from a curated content library.
#[derive(Debug, Parser)]
#[command(name = "briefdeck", version, about, long_about = None, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// Deck file to open in the app (with no command, the app opens the last deck or the sample).
    #[arg(value_name = "DECK")]
    pub deck: Option<PathBuf>,
    /// Extra content-pack folder (repeatable): a folder with pack.toml, or one whose sub-folders hold packs.
    #[arg(long = "library", value_name = "DIR", global = true)]
    pub library: Vec<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List or search the content library.
    Library(LibraryArgs),
    /// List the themes (built-in and user).
    Themes,
    /// Write a new deck: a title slide, an agenda, one slide per item, and a sources slide.
    New(NewArgs),
    /// The pre-export check: marks, banners, notes, hidden slides, layout and metadata (exit 1 on
    /// errors, 0 with warnings).
    Check(CheckArgs),
    /// Export a deck to PDF.
    Export(ExportArgs),
    /// Write the briefing pack into a folder: slides, read-ahead memo, 3-up handout with lines
    /// and notes pages, plus README.txt listing them with pages and markings.
    Pack(PackArgs),
}

/// Arguments of `briefdeck pack`.
#[derive(Debug, clap::Args)]
pub struct PackArgs {
    /// The deck file.
    #[arg(value_name = "DECK")]
    pub deck: PathBuf,
    /// The folder to write into (created if missing); files are named after the deck.
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub output: PathBuf,
    /// Use this theme (name or path to a .toml file) instead of the deck's.
    #[arg(long, value_name = "NAME|PATH")]
    pub theme: Option<String>,
    /// Paper for the memo, handout and notes pages.
    #[arg(long, value_enum, default_value_t = PaperArg::A4)]
    pub paper: PaperArg,
    /// Numbered copies: a file with one recipient a line; each copy gets its own folder
    /// (DIR/copy-03-of-25-recipient/) with every document carrying "Copy N of M — recipient".
    #[arg(long, value_name = "FILE")]
    pub copies: Option<PathBuf>,
    /// Leave identifying properties (author, organisation, audience) out of the PDFs.
    #[arg(long)]
    pub clean_metadata: bool,
}

/// Arguments of `briefdeck new`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("content").required(true).args(["sample", "items"])))]
pub struct NewArgs {
    /// Where to write the deck (JSON).
    #[arg(short = 'o', long = "output", value_name = "DECK")]
    pub output: PathBuf,
    /// Deck title.
    #[arg(long)]
    pub title: Option<String>,
    /// Theme name (see `briefdeck themes`).
    #[arg(long)]
    pub theme: Option<String>,
    /// Marking shown in banners on every page, e.g. UNCLASSIFIED.
    #[arg(long)]
    pub marking: Option<String>,
    /// Write the complete sample charter briefing.
    #[arg(long)]
    pub sample: bool,
    /// Overwrite DECK if it exists.
    #[arg(long)]
    pub force: bool,
    /// Library item ids, one slide each (see `briefdeck library`).
    #[arg(value_name = "ITEM_ID", conflicts_with = "sample")]
    pub items: Vec<String>,
}

/// Arguments of `briefdeck check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The deck file.
    #[arg(value_name = "DECK")]
    pub deck: PathBuf,
    /// Lay out with this theme (name or path to a .toml file) instead of the deck's.
    #[arg(long, value_name = "NAME|PATH")]
    pub theme: Option<String>,
    /// Print the report as JSON on standard output (for scripts).
    #[arg(long)]
    pub json: bool,
    /// Check as for an export with `--clean-metadata` (no author, organisation or audience).
    #[arg(long)]
    pub clean_metadata: bool,
    /// Which document to check (as `export` would make it).
    #[command(flatten)]
    pub doc: OutputArgs,
}

/// Which document `export` makes and `check` checks.
#[derive(Debug, clap::Args)]
pub struct OutputArgs {
    /// What to make: the slides, notes pages (slide above its notes), a handout, or the memo.
    #[arg(long, value_enum, default_value_t = FormatArg::Slides)]
    pub format: FormatArg,
    /// Slides per handout page: 1, 2, 3, 4 or 6 (handout only).
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=6))]
    pub per_page: u32,
    /// Paper for notes pages, handouts and the memo.
    #[arg(long, value_enum, default_value_t = PaperArg::A4)]
    pub paper: PaperArg,
    /// With 3 slides per handout page: ruled lines or the speaker notes beside each slide.
    #[arg(long, value_enum, default_value_t = BesideArg::Lines)]
    pub beside: BesideArg,
}

/// Arguments of `briefdeck export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The deck file.
    #[arg(value_name = "DECK")]
    pub deck: PathBuf,
    /// The PDF to write.
    #[arg(short = 'o', long = "output", value_name = "OUT.pdf")]
    pub output: PathBuf,
    /// Export with this theme (name or path to a .toml file) instead of the deck's.
    #[arg(long, value_name = "NAME|PATH")]
    pub theme: Option<String>,
    /// Which document.
    #[command(flatten)]
    pub doc: OutputArgs,
    /// Numbered copies: a file with one recipient a line. Writes one PDF per recipient beside
    /// OUT.pdf (OUT-copy-03-of-25-recipient.pdf), "Copy N of M — recipient" on every page.
    #[arg(long, value_name = "FILE")]
    pub copies: Option<PathBuf>,
    /// Leave identifying properties (author, organisation, audience) out of the PDF.
    #[arg(long)]
    pub clean_metadata: bool,
}

/// `--format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// One page per visible slide.
    Slides,
    /// One portrait page per slide, its speaker notes below.
    Notes,
    /// Several slides per portrait page.
    Handout,
    /// The read-ahead memo (portrait), written by the deck's memo template.
    Memo,
}

/// `--paper` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PaperArg {
    /// ISO A4 (595 × 842 pt).
    A4,
    /// US Letter (612 × 792 pt).
    Letter,
}

/// `--beside` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BesideArg {
    /// Ruled lines for handwritten notes.
    Lines,
    /// The slide's speaker notes.
    Notes,
}

impl OutputArgs {
    /// The output these arguments ask for.
    pub fn output_kind(&self) -> Result<Output, Failure> {
        let paper = match self.paper {
            PaperArg::A4 => Paper::A4,
            PaperArg::Letter => Paper::Letter,
        };
        Ok(match self.format {
            FormatArg::Slides => Output::Slides,
            FormatArg::Notes => Output::Notes(paper),
            FormatArg::Memo => Output::Memo(paper),
            FormatArg::Handout => Output::Handout(HandoutOptions {
                paper,
                per_page: PerPage::from_count(self.per_page).ok_or_else(|| {
                    Failure(Problem::new(
                        format!("{} slides per page is not a handout layout", self.per_page),
                        "use --per-page 1, 2, 3, 4 or 6",
                    ))
                })?,
                beside: match self.beside {
                    BesideArg::Lines => Beside::Lines,
                    BesideArg::Notes => Beside::Notes,
                },
            }),
        })
    }
}

/// Arguments of `briefdeck library`.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct LibraryArgs {
    /// Check or start a content pack instead of listing the library.
    #[command(subcommand)]
    pub action: Option<LibraryAction>,
    /// Print every field of every item as JSON (format documented in README.md).
    #[arg(long)]
    pub json: bool,
    /// Free-text search (title, summary, key points, person); results are ranked.
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Only items of this kind.
    #[arg(long, value_name = "KIND", value_parser = ["topic", "viewpoint", "fact", "term"])]
    pub kind: Option<String>,
    /// Only items with this tag.
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
    /// Only viewpoints of this person or outlet (substring, accents ignored).
    #[arg(long, value_name = "NAME")]
    pub person: Option<String>,
}

/// `briefdeck library validate` / `new-pack`.
#[derive(Debug, Subcommand)]
pub enum LibraryAction {
    /// Check a content pack folder (or a folder of packs): every problem as file:line, item,
    /// field and hint; exit 1 when there is any.
    Validate {
        /// The pack folder (holding pack.toml), or a folder of pack folders.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
    /// Start a new, empty content pack in DIR: pack.toml and one file for each kind of item.
    NewPack {
        /// The new pack's folder (must not exist yet, or be empty).
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Pack id: lower-case letters, digits and dashes.
        #[arg(long)]
        id: String,
        /// Pack title.
        #[arg(long)]
        title: String,
    },
}

/// Runs the CLI and returns the process exit code (0 ok, 1 failure, 2 usage).
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Some(Command::Library(args)) => library_cmd(&cli.library, &args),
        Some(Command::Themes) => themes_cmd(),
        Some(Command::New(args)) => finish(new_cmd(&cli.library, &args)),
        Some(Command::Check(args)) => finish(check_cmd(&cli.library, &args)),
        Some(Command::Export(args)) => finish(export_cmd(&args)),
        Some(Command::Pack(args)) => finish(pack_cmd(&args)),
        None => {
            if let Some(d) = &cli.deck {
                if !d.is_file() {
                    print_problem(&Problem::new(
                        format!("{} does not exist", d.display()),
                        "give the path of a deck file, or run `briefdeck new -o FILE --sample`",
                    ));
                    return ExitCode::from(1);
                }
            }
            let options = crate::ui::StartOptions {
                deck: cli.deck.clone(),
                library_dirs: cli.library.clone(),
                recovery_path: None,
            };
            match crate::ui::run(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(p) => {
                    print_problem(&p);
                    ExitCode::from(1)
                }
            }
        }
    }
}

/// Loads the built-in pack, the per-user packs and the `--library` folders.
pub fn load_library(extra: &[PathBuf]) -> LibraryLoad {
    Library::load(&LoadOptions {
        builtin: true,
        dirs: extra.to_vec(),
        optional_dirs: crate::paths::user_library_dir().into_iter().collect(),
        cache_dir: crate::paths::pack_cache_dir(),
    })
}

/// A failed command: what went wrong and what to do, printed on two lines.
#[derive(Debug)]
pub struct Failure(Problem);

impl<E: Hinted> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.problem())
    }
}

/// Prints a problem on stderr: `error: …` and, when there is one, `hint: …` on the next line.
pub fn print_problem(p: &Problem) {
    eprintln!("error: {}", p.message);
    if let Some(h) = &p.hint {
        eprintln!("hint: {h}");
    }
}

fn finish(result: Result<(), Failure>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(p)) => {
            print_problem(&p);
            ExitCode::from(1)
        }
    }
}

fn theme_catalog() -> ThemeCatalog {
    let cat = ThemeCatalog::load(crate::paths::user_themes_dir().as_deref());
    for p in &cat.problems {
        eprintln!("warning: theme skipped: {p}");
        if let Some(h) = p.hint() {
            eprintln!("hint: {h}");
        }
    }
    cat
}

fn themes_cmd() -> ExitCode {
    let cat = theme_catalog();
    for (t, origin) in &cat.themes {
        let from = match origin {
            ThemeOrigin::Builtin => "built-in".to_owned(),
            ThemeOrigin::File(p) => p.display().to_string(),
        };
        println!(
            "{:<10} {} ({from})\n           {}",
            t.name, t.display_name, t.description
        );
    }
    if cat.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn new_cmd(extra: &[PathBuf], args: &NewArgs) -> Result<(), Failure> {
    if args.output.exists() && !args.force {
        return Err(Failure(Problem::new(
            format!("{} already exists", args.output.display()),
            "choose another name, or pass --force to overwrite it",
        )));
    }
    let load = load_library(extra);
    report_failures(&load);
    let cat = theme_catalog();
    let theme_name = args
        .theme
        .clone()
        .unwrap_or_else(|| crate::theme::DEFAULT_THEME.to_owned());
    cat.resolve(&theme_name)?;
    let mut deck = if args.sample {
        sample_deck(&load.library)?
    } else {
        let ids: Vec<&str> = args.items.iter().map(String::as_str).collect();
        let meta = DeckMeta {
            title: args
                .title
                .clone()
                .unwrap_or_else(|| "Untitled briefing".to_owned()),
            ..DeckMeta::default()
        };
        new_deck(&load.library, meta, &theme_name, &ids)?
    };
    deck.theme = theme_name;
    if let Some(t) = &args.title {
        deck.meta.title = t.clone();
    }
    if let Some(m) = &args.marking {
        deck.meta.marking = m.clone();
    }
    crate::deck::save(&deck, &args.output)?;
    println!(
        "wrote {} ({} slides, theme {})",
        args.output.display(),
        deck.slides.len(),
        deck.theme
    );
    Ok(())
}

/// Loads a deck and resolves its theme (or the override); the theme catalog loads beside the
/// deck, on another thread.
fn open_deck(path: &Path, theme: Option<&str>) -> Result<(Deck, Theme), Failure> {
    std::thread::scope(|s| {
        let cat = s.spawn(theme_catalog);
        let deck = crate::deck::load(path)?;
        let cat = cat.join().unwrap_or_else(|_| theme_catalog());
        let theme = cat.resolve(theme.unwrap_or(&deck.theme))?;
        Ok((deck, theme))
    })
}

fn layout_options(deck_path: &Path, output: Output) -> LayoutOptions {
    LayoutOptions {
        base_dir: deck_path.parent().map(Path::to_path_buf),
        output,
        schemes: Some(std::sync::Arc::new(crate::marking::SchemeCatalog::load(
            &crate::marking::SchemeCatalog::folders_for(Some(deck_path)),
        ))),
        memo_templates: Some(std::sync::Arc::new(crate::memo::TemplateCatalog::load(
            &crate::memo::TemplateCatalog::folders_for(Some(deck_path)),
        ))),
        copy: None,
        clean_metadata: false,
    }
}

fn print_warnings(warnings: &[crate::layout::Warning]) {
    for w in warnings {
        eprintln!("warning: {w}");
    }
}

/// Refuses an output path that is the input deck itself (same file, or a link to it).
fn refuse_overwriting_input(input: &Path, output: &Path) -> Result<(), Failure> {
    let same = match (std::fs::canonicalize(input), std::fs::canonicalize(output)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same {
        return Err(Failure(Problem::new(
            format!(
                "the output {} is the deck file itself; writing the PDF there would destroy the deck",
                output.display()
            ),
            "choose another output path, e.g. the deck's name with .pdf",
        )));
    }
    Ok(())
}

fn check_cmd(extra: &[PathBuf], args: &CheckArgs) -> Result<(), Failure> {
    let (deck, theme) = open_deck(&args.deck, args.theme.as_deref())?;
    if deck.visible().next().is_none() {
        return Err(Failure(Problem::new(
            format!(
                "{} has no visible slides, so there is nothing to export",
                args.deck.display()
            ),
            "show at least one slide (the app's Hide/Show), or add slides",
        )));
    }
    let mut options = layout_options(&args.deck, args.doc.output_kind()?);
    options.clean_metadata = args.clean_metadata;
    let pages = crate::layout::layout(&deck, &theme, &options)?;
    let mut report = crate::preflight::check(&deck, &theme, &options, &pages);
    // Slides the library has moved on from (item changed, stale, or gone).
    let load = load_library(extra);
    let flags = crate::deck::provenance_flags(&deck, &load.library, crate::library::Date::today());
    report
        .findings
        .extend(crate::preflight::library_findings(&flags));
    if args.json {
        let value = serde_json::json!({
            "deck": args.deck.display().to_string(),
            "slides": deck.slides.len(),
            "theme": theme.name,
            "output": report.output,
            "pages": report.pages,
            "errors": report.errors(),
            "warnings": report.warnings(),
            "notes": report.notes(),
            "findings": report.findings,
        });
        let text = serde_json::to_string_pretty(&value).map_err(|e| {
            Failure(Problem::new(
                format!("the report could not be written as JSON: {e}"),
                "this is a bug; please report it",
            ))
        })?;
        println!("{text}");
    } else {
        print_findings(&report);
        println!(
            "{}: {} slides ({} visible), {} page(s) of {}, theme {}, {} error(s), {} warning(s), {} note(s)",
            args.deck.display(),
            deck.slides.len(),
            deck.visible().count(),
            pages.pages.len(),
            report.output,
            theme.name,
            report.errors(),
            report.warnings(),
            report.notes()
        );
    }
    if report.errors() > 0 {
        return Err(Failure(Problem::new(
            format!(
                "{} has {} error(s) that stop an export",
                args.deck.display(),
                report.errors()
            ),
            "fix the errors listed above, then check again",
        )));
    }
    Ok(())
}

/// Prints findings on standard error, each with its hint.
fn print_findings(report: &crate::preflight::Report) {
    for f in &report.findings {
        eprintln!("{f}");
        if !f.hint.is_empty() {
            eprintln!("  hint: {}", f.hint);
        }
    }
}

fn export_cmd(args: &ExportArgs) -> Result<(), Failure> {
    refuse_overwriting_input(&args.deck, &args.output)?;
    let output = args.doc.output_kind()?;
    // One helper thread parses the fonts for shaping and loads the marking schemes and memo
    // templates while this one reads the deck and the theme catalog and creates the single
    // PDF's temporary file (it is written only if the check finds no errors; dropped, it is
    // removed). One helper, not one a task: on two cores more threads only took turns.
    let (opened, options, pending) = std::thread::scope(|s| {
        let helper = s.spawn(|| {
            if let Ok(book) = crate::fonts::FontBook::get() {
                book.warm_up();
            }
            layout_options(&args.deck, output)
        });
        let opened = crate::deck::load(&args.deck)
            .map_err(Failure::from)
            .and_then(|deck| {
                let theme =
                    theme_catalog().resolve(args.theme.as_deref().unwrap_or(&deck.theme))?;
                Ok((deck, theme))
            });
        let pending = args
            .copies
            .is_none()
            .then(|| crate::deck::AtomicWrite::begin(&args.output));
        let options = helper
            .join()
            .unwrap_or_else(|_| layout_options(&args.deck, output));
        (opened, options, pending)
    });
    let (deck, theme) = opened?;
    crate::trace::mark("deck opened, schemes loaded");
    let mut options = options;
    options.clean_metadata = args.clean_metadata;
    // The pre-export check: errors stop the export before anything is written.
    let pages = crate::layout::layout(&deck, &theme, &options)?;
    crate::trace::mark("laid out (composed)");
    if let Some(list) = &args.copies {
        stop_on_errors(&crate::preflight::check(&deck, &theme, &options, &pages))?;
        let recipients = crate::export::read_recipients(list)?;
        for (i, r) in recipients.iter().enumerate() {
            let p = crate::export::copy_path(&args.output, i + 1, recipients.len(), r);
            refuse_overwriting_input(&args.deck, &p)?;
        }
        let copies = crate::export::export_copies(
            &deck,
            &theme,
            &options,
            &args.output,
            &recipients,
            &mut |_, _| {},
        )?;
        if let Some(first) = copies.first() {
            print_warnings(&first.report.warnings);
        }
        for c in &copies {
            println!(
                "wrote {} ({} pages, {} KB)",
                c.path.display(),
                c.report.pages,
                c.report.bytes.div_ceil(1024)
            );
        }
        println!("{} numbered copies, theme {}", copies.len(), theme.name);
        return Ok(());
    }
    // One PDF is rendered in memory while the check runs, and written only if it finds no
    // errors.
    let (report, rendered) = std::thread::scope(|s| {
        let check = s.spawn(|| crate::preflight::check(&deck, &theme, &options, &pages));
        let rendered = crate::export::render_layout(&pages, &deck, &options, None, &mut |_, _| {});
        let report = check
            .join()
            .unwrap_or_else(|_| crate::preflight::check(&deck, &theme, &options, &pages));
        (report, rendered)
    });
    crate::trace::mark("rendered and checked");
    stop_on_errors(&report)?;
    let bytes = rendered?;
    let report = match pending {
        Some(Ok(pending)) => crate::export::commit_rendered(&pages, pending, &bytes)?,
        // The write could not be begun early (the folder is missing, say): try again now,
        // which reports why.
        _ => crate::export::write_rendered(&pages, &args.output, &bytes)?,
    };
    crate::trace::mark("file written");
    print_warnings(&report.warnings);
    println!(
        "wrote {} ({} pages, {} KB, theme {}, {} warning(s))",
        args.output.display(),
        report.pages,
        report.bytes.div_ceil(1024),
        theme.name,
        report.warnings.len()
    );
    // The process ends with this command: the system takes the memory back at once, where
    // freeing the deck and its pages piece by piece took 0.9 ms at 200 slides.
    std::mem::forget((deck, pages, bytes));
    Ok(())
}

/// Prints the findings and fails when the pre-export check found errors (nothing is written).
fn stop_on_errors(report: &crate::preflight::Report) -> Result<(), Failure> {
    if report.errors() == 0 {
        return Ok(());
    }
    print_findings(report);
    Err(Failure(Problem::new(
        format!(
            "nothing was written: the deck has {} error(s) that stop an export",
            report.errors()
        ),
        "fix the errors listed above (`briefdeck check DECK` lists them again)",
    )))
}

fn pack_cmd(args: &PackArgs) -> Result<(), Failure> {
    if args.output.exists() && !args.output.is_dir() {
        return Err(Failure(Problem::new(
            format!("{} exists and is not a folder", args.output.display()),
            "give a folder for the pack (it is created if missing)",
        )));
    }
    let paper = match args.paper {
        PaperArg::A4 => Paper::A4,
        PaperArg::Letter => Paper::Letter,
    };
    let (deck, theme) = open_deck(&args.deck, args.theme.as_deref())?;
    if deck.visible().next().is_none() {
        return Err(Failure(Problem::new(
            format!(
                "{} has no visible slides, so there is nothing to pack",
                args.deck.display()
            ),
            "show at least one slide (the app's Hide/Show), or add slides",
        )));
    }
    let stem = args
        .deck
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "briefing".to_owned());
    let recipients = match &args.copies {
        Some(list) => Some(crate::export::read_recipients(list)?),
        None => None,
    };
    // No file of the pack may be the deck itself.
    let dirs: Vec<PathBuf> = match &recipients {
        Some(r) => (0..r.len())
            .map(|i| crate::pack::copy_dir(&args.output, i + 1, r.len(), &r[i]))
            .collect(),
        None => vec![args.output.clone()],
    };
    for d in &dirs {
        for part in crate::pack::parts(paper) {
            refuse_overwriting_input(&args.deck, &d.join(format!("{stem}-{}.pdf", part.suffix)))?;
        }
        refuse_overwriting_input(&args.deck, &d.join("README.txt"))?;
    }
    let mut options = layout_options(&args.deck, Output::Slides);
    options.clean_metadata = args.clean_metadata;
    // The pre-export check of every document: errors stop the pack before anything is written.
    let checks = crate::pack::check(&deck, &theme, &options, paper);
    let errors: usize = checks.iter().map(|(_, r)| r.errors()).sum();
    if errors > 0 {
        for (part, r) in &checks {
            if r.errors() > 0 {
                eprintln!("{}:", part.label);
                print_findings(r);
            }
        }
        return Err(Failure(Problem::new(
            format!("nothing was written: the pack has {errors} error(s) that stop an export"),
            "fix the errors listed above (`briefdeck check DECK --format memo` and the other formats list them again)",
        )));
    }
    let report = crate::pack::write(
        &crate::pack::PackJob {
            deck: &deck,
            theme: &theme,
            base: &options,
            paper,
            dir: &args.output,
            stem: &stem,
            recipients: recipients.as_deref(),
        },
        &|_, _| {},
    )?;
    for (label, w) in &report.warnings {
        eprintln!("warning: {label}: {w}");
    }
    for f in &report.files {
        println!(
            "wrote {} ({}, {} pages, {} KB)",
            f.path.display(),
            f.label,
            f.pages,
            f.bytes.div_ceil(1024)
        );
    }
    for r in &report.readmes {
        println!("wrote {}", r.display());
    }
    Ok(())
}

/// `library validate DIR`: every problem on stderr with its hint; exit 1 when any pack fails.
fn validate_cmd(dir: &Path) -> ExitCode {
    let checks = match crate::library::validate_packs(dir) {
        Ok(c) => c,
        Err(p) => {
            print_problem(&p);
            return ExitCode::from(1);
        }
    };
    let mut failed = 0;
    for c in &checks {
        match c {
            crate::library::PackCheck::Valid { dir, meta, counts } => println!(
                "{}: pack `{}` is valid: {} topics, {} viewpoints, {} facts, {} sources, {} terms",
                dir.display(),
                meta.id,
                counts[0],
                counts[1],
                counts[2],
                counts[3],
                counts[4]
            ),
            crate::library::PackCheck::Invalid { dir, issues } => {
                failed += 1;
                eprintln!("{}: {} problem(s)", dir.display(), issues.len());
                for i in issues {
                    eprintln!("{i}");
                    eprintln!("  hint: {}", i.hint);
                }
            }
        }
    }
    if failed > 0 {
        eprintln!("error: {failed} of {} pack(s) have problems", checks.len());
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn report_failures(load: &LibraryLoad) {
    for f in &load.failures {
        eprintln!("warning: content pack `{}` was skipped:", f.pack);
        for i in &f.issues {
            eprintln!("  {i}");
            eprintln!("    hint: {}", i.hint);
        }
    }
}

fn library_cmd(extra: &[PathBuf], args: &LibraryArgs) -> ExitCode {
    match &args.action {
        Some(LibraryAction::Validate { dir }) => return validate_cmd(dir),
        Some(LibraryAction::NewPack { dir, id, title }) => {
            let today = crate::library::Date::today().to_string();
            return match crate::library::new_pack(dir, id, title, &today) {
                Ok(files) => {
                    for f in files {
                        println!("wrote {}", f.display());
                    }
                    println!(
                        "new pack `{id}` in {}; add sources and items, then run `briefdeck library validate {}`",
                        dir.display(),
                        dir.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(p) => {
                    print_problem(&p);
                    ExitCode::from(1)
                }
            };
        }
        None => {}
    }
    let load = load_library(extra);
    report_failures(&load);
    let lib = &load.library;
    let query = Query {
        text: args.search.clone().unwrap_or_default(),
        kind: args.kind.as_deref().and_then(ItemKind::parse),
        tag: args.tag.clone(),
        person: args.person.clone(),
    };
    let hits = lib.search(&query);
    let mut out = std::io::stdout().lock();
    let result = if args.json {
        let items: Vec<serde_json::Value> = hits
            .iter()
            .filter_map(|h| lib.item(&h.id).map(|i| (h, i)))
            .map(|(h, item)| item_json(lib, item, args.search.as_ref().map(|_| h.score)))
            .collect();
        let doc = serde_json::json!({
            "format": "briefdeck-library/1",
            "packs": lib.packs().iter().map(|p| serde_json::json!({
                "meta": p.meta,
                "origin": p.origin,
                "counts": {
                    "sources": p.sources.len(),
                    "topics": p.topics.len(),
                    "viewpoints": p.viewpoints.len(),
                    "facts": p.facts.len(),
                    "terms": p.terms.len(),
                },
            })).collect::<Vec<_>>(),
            "sources": lib.sources().collect::<Vec<_>>(),
            "items": items,
            "failures": load.failures,
        });
        serde_json::to_string_pretty(&doc)
            .map_err(std::io::Error::other)
            .and_then(|s| writeln!(out, "{s}"))
    } else {
        write_library_text(&mut out, lib, &hits)
    };
    if let Err(e) = result {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            print_problem(&Problem::new(
                format!("cannot write the listing: {e}"),
                "check the output stream",
            ));
            return ExitCode::from(1);
        }
    }
    if load.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn item_json(lib: &Library, item: ItemRef<'_>, score: Option<u32>) -> serde_json::Value {
    let mut v = match item {
        ItemRef::Topic(t) => serde_json::to_value(t),
        ItemRef::Viewpoint(x) => serde_json::to_value(x),
        ItemRef::Fact(f) => serde_json::to_value(f),
        ItemRef::Term(t) => serde_json::to_value(t),
    }
    .unwrap_or_default();
    if let Some(map) = v.as_object_mut() {
        map.insert("kind".into(), item.kind().label().into());
        if let Some(a) = item.attribution() {
            map.insert("attribution".into(), a.into());
        }
        let cites: Vec<String> = item
            .source_ids()
            .iter()
            .filter_map(|id| lib.source(id))
            .map(|s| s.citation())
            .collect();
        map.insert("citations".into(), cites.into());
        if let Some(s) = score {
            map.insert("score".into(), s.into());
        }
    }
    v
}

fn write_library_text(
    out: &mut impl Write,
    lib: &Library,
    hits: &[crate::library::Hit],
) -> std::io::Result<()> {
    for p in lib.packs() {
        writeln!(
            out,
            "{} \u{2014} {} (v{}, as of {}): {} topics, {} viewpoints, {} facts, {} sources, {} terms",
            p.meta.id,
            p.meta.title,
            p.meta.version,
            p.meta.as_of,
            p.topics.len(),
            p.viewpoints.len(),
            p.facts.len(),
            p.sources.len(),
            p.terms.len()
        )?;
    }
    writeln!(out)?;
    for h in hits {
        let Some(item) = lib.item(&h.id) else {
            continue;
        };
        writeln!(out, "{:<9} {}", item.kind().label(), item.id())?;
        writeln!(out, "          {}", item.title())?;
        if let Some(a) = item.attribution() {
            writeln!(out, "          by: {a}")?;
        } else if let Some(d) = item.date() {
            if matches!(item, ItemRef::Fact(_)) {
                writeln!(out, "          date: {}", d.long())?;
            }
        }
        let sources: Vec<String> = item
            .source_ids()
            .iter()
            .map(|id| match lib.source(id) {
                Some(s) => format!("{} ({})", s.outlet, s.date),
                None => (*id).to_owned(),
            })
            .collect();
        if !sources.is_empty() {
            writeln!(out, "          sources: {}", sources.join("; "))?;
        }
    }
    if hits.is_empty() {
        writeln!(out, "no items match")?;
    } else {
        writeln!(out, "\n{} item(s)", hits.len())?;
    }
    Ok(())
}
