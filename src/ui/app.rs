//! The app: runtime state, the action queue applied once per frame, files, autosave and recovery.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::action::Action;
use super::dialog_state::{Dialog, Pending};
use super::dialogs::{dialogs_ui, open_externally, DialogView};
use super::editor_panel::{EditorPanel, EditorView};
use super::export_job::{ExportJob, ExportOutcome};
use super::library_panel::LibraryPanel;
use super::menu_bar::{menu_bar_ui, MenuView};
use super::preview_panel::{preview_panel_ui, PreviewView};
use super::settings::{Settings, SETTINGS_KEY};
use super::slide_list::{slide_list_ui, SlideListView};
use super::status_bar::{status_bar_ui, StatusView};
use crate::deck::{
    self, add_items, clear_recovery, read_recovery, revert_to_library, sample_deck, write_recovery,
    Command, Deck, DeckMeta, Editor, SlideBody, SlideEdit, SlideId,
};
use crate::error::{Hinted, Problem};
use crate::layout::{Layout, LayoutOptions, LayoutState, Output, Page};
use crate::library::{Library, LoadOptions};
use crate::theme::{Theme, ThemeCatalog};

/// How often unsaved changes are copied to the recovery file.
pub const AUTOSAVE_EVERY: Duration = Duration::from_secs(30);

/// How the app starts.
#[derive(Debug, Clone, Default)]
pub struct StartOptions {
    /// A deck file to open instead of the last one.
    pub deck: Option<PathBuf>,
    /// Extra content-pack folders.
    pub library_dirs: Vec<PathBuf>,
    /// Where the recovery file lives (default: the per-user data folder).
    pub recovery_path: Option<PathBuf>,
}

/// Layout of the current deck, recomputed only when the deck or theme changes.
#[derive(Default)]
pub struct LayoutCache {
    key: Option<(u64, u64, String)>,
    /// The pages, or `None` before the first layout.
    pub layout: Option<Layout>,
    /// The resolved theme.
    pub theme: Option<Theme>,
    /// Why the deck's theme could not be used, if so.
    pub theme_problem: Option<String>,
    /// egui textures of the layout's images.
    pub textures: Vec<Option<egui::TextureHandle>>,
    /// Slide id → page index.
    pub page_of: std::collections::HashMap<SlideId, usize>,
    /// Pages, word shapes and pictures kept between layouts.
    pub state: Option<LayoutState>,
}

/// The BriefDeck window.
pub struct BriefDeckApp {
    /// Persisted preferences.
    pub settings: Settings,
    /// The content library.
    pub library: Library,
    /// Problems met while loading packs and themes.
    pub load_problems: Vec<String>,
    /// Themes.
    pub themes: ThemeCatalog,
    /// The deck and its undo history.
    pub editor: Editor,
    /// The deck's file, if it has one.
    pub path: Option<PathBuf>,
    /// Editor revision at the last save/open.
    pub saved_revision: u64,
    /// Selected slides; the last one is shown in the preview and the editor.
    pub selection: Vec<SlideId>,
    /// The library panel and its search state.
    pub library_panel: LibraryPanel,
    /// The open dialog, if any.
    pub dialog: Option<Dialog>,
    /// A running export.
    pub export: Option<ExportJob>,
    /// The last finished export.
    pub last_export: Option<ExportOutcome>,
    /// One-line status message, with its hint when it reports a problem.
    pub status: Problem,
    /// Layout cache.
    pub cache: LayoutCache,
    /// Actions queued this frame.
    pub pending: Vec<Action>,
    /// The editor panel and its state.
    pub editor_panel: EditorPanel,
    recovery_path: Option<PathBuf>,
    last_autosave: Instant,
    autosaved_revision: u64,
    title_sent: String,
    close_confirmed: bool,
    fonts_installed: bool,
    /// Changes whenever another deck replaces the current one (new, open, recover).
    doc_generation: u64,
}

impl LayoutCache {
    /// egui ids of the layout's picture textures, by layout image index.
    pub fn texture_ids(&self) -> Vec<Option<egui::TextureId>> {
        self.textures
            .iter()
            .map(|t| t.as_ref().map(|t| t.id()))
            .collect()
    }
}

impl BriefDeckApp {
    /// Builds the app: library, themes, the deck to show, and a recovery offer if one is pending.
    pub fn new(settings: Settings, options: StartOptions) -> BriefDeckApp {
        let load = Library::load(&LoadOptions {
            builtin: true,
            dirs: options.library_dirs.clone(),
            optional_dirs: crate::paths::user_library_dir().into_iter().collect(),
        });
        let mut load_problems: Vec<String> = load.failures.iter().map(|f| f.to_string()).collect();
        let themes = ThemeCatalog::load(crate::paths::user_themes_dir().as_deref());
        load_problems.extend(themes.problems.iter().map(|p| p.to_string()));
        let library = load.library;
        let mut dialog = None;
        let mut path = None;
        let wanted = options
            .deck
            .clone()
            .or_else(|| settings.last_deck.clone().filter(|p| p.is_file()));
        let deck = match &wanted {
            Some(p) => match deck::load(p) {
                Ok(d) => {
                    path = Some(p.clone());
                    d
                }
                Err(e) => {
                    dialog = Some(Dialog::Error {
                        title: "Could not open the deck".into(),
                        problem: e.problem(),
                    });
                    sample_or_empty(&library)
                }
            },
            None => sample_or_empty(&library),
        };
        let recovery_path = options.recovery_path.clone().or_else(deck::recovery_path);
        if let Some(rp) = &recovery_path {
            match read_recovery(rp) {
                Some(Ok(rec)) => dialog = Some(Dialog::Recover(Box::new(rec))),
                Some(Err(e)) => load_problems.push(e.to_string()),
                None => {}
            }
        }
        let mut app = BriefDeckApp {
            settings,
            library,
            load_problems,
            themes,
            editor: Editor::new(deck),
            path,
            saved_revision: 0,
            selection: Vec::new(),
            library_panel: Default::default(),
            dialog,
            export: None,
            last_export: None,
            status: Problem::bare(""),
            cache: LayoutCache::default(),
            pending: Vec::new(),
            editor_panel: Default::default(),
            recovery_path,
            last_autosave: Instant::now(),
            autosaved_revision: 0,
            title_sent: String::new(),
            close_confirmed: false,
            fonts_installed: false,
            doc_generation: 0,
        };
        if let Some(p) = app.path.clone() {
            app.settings.touch_recent(&p);
        }
        app.select_first();
        app
    }

    /// Marks the fonts as installed (the caller installed them before the first frame).
    pub fn fonts_ready(mut self) -> Self {
        self.fonts_installed = true;
        self
    }

    fn select_first(&mut self) {
        self.selection = self
            .editor
            .deck()
            .slides
            .first()
            .map(|s| vec![s.id])
            .unwrap_or_default();
    }

    /// True when the deck has changes that are not saved.
    pub fn dirty(&self) -> bool {
        self.editor.revision() != self.saved_revision
    }

    /// The slide shown in the preview and the editor.
    pub fn current(&self) -> Option<SlideId> {
        self.selection
            .last()
            .copied()
            .filter(|id| self.editor.deck().slide(*id).is_some())
    }

    /// Window title: file name, and a dot when there are unsaved changes.
    pub fn window_title(&self) -> String {
        let name = self
            .path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Untitled deck".into());
        format!(
            "{}{} \u{2014} BriefDeck",
            if self.dirty() { "\u{25cf} " } else { "" },
            name
        )
    }

    /// Lays the deck out again if it or its theme changed since the last frame.
    pub fn refresh_layout(&mut self, ctx: Option<&egui::Context>) {
        let deck = self.editor.deck();
        let key = (
            self.doc_generation,
            self.editor.revision(),
            deck.theme.clone(),
        );
        if self.cache.key.as_ref() == Some(&key) && self.cache.layout.is_some() {
            return;
        }
        let (theme, problem) = match self.themes.resolve(&deck.theme) {
            Ok(t) => (Some(t), None),
            Err(e) => (
                self.themes.resolve(crate::theme::DEFAULT_THEME).ok(),
                Some(format!("{e}; showing the default theme")),
            ),
        };
        let options = self.layout_options();
        if self.cache.state.is_none() {
            match LayoutState::new() {
                Ok(st) => self.cache.state = Some(st),
                Err(e) => self.status = e.problem(),
            }
        }
        let result = match (theme.as_ref(), self.cache.state.as_mut()) {
            (Some(t), Some(st)) => Some(st.layout(deck, t, &options)),
            _ => None,
        };
        match result {
            Some(l) => {
                self.cache.page_of = l
                    .pages
                    .iter()
                    .enumerate()
                    .filter_map(|(i, p)| p.first_slide().map(|id| (id, i)))
                    .collect();
                // Picture indices are stable in the layout state: upload only new ones.
                if let Some(ctx) = ctx {
                    for (i, img) in l.images.iter().enumerate().skip(self.cache.textures.len()) {
                        let image = egui::ColorImage::from_rgb(
                            [img.width_px as usize, img.height_px as usize],
                            img.rgb.as_slice(),
                        );
                        self.cache.textures.push(Some(ctx.load_texture(
                            format!("layout-image-{i}"),
                            image,
                            egui::TextureOptions::LINEAR,
                        )));
                    }
                }
                self.cache.layout = Some(l);
            }
            None => self.cache.layout = None,
        }
        self.cache.theme = theme;
        self.cache.theme_problem = problem;
        self.cache.key = Some(key);
    }

    /// Options for laying out the current deck (images relative to its folder).
    pub fn layout_options(&self) -> LayoutOptions {
        LayoutOptions {
            base_dir: self
                .path
                .as_ref()
                .and_then(|p| p.parent())
                .map(Path::to_path_buf),
            output: Output::Slides,
        }
    }

    /// The first sheet of `output` for the current deck (for the export dialog's preview),
    /// composed from the cached slide frames.
    pub fn first_sheet(&mut self, output: Output) -> Option<Page> {
        let theme = self.cache.theme.clone()?;
        let options = LayoutOptions {
            output,
            ..self.layout_options()
        };
        let state = self.cache.state.as_mut()?;
        state
            .layout(self.editor.deck(), &theme, &options)
            .pages
            .into_iter()
            .next()
    }

    /// The export dialog, on the document kind chosen last time, with a matching file name.
    pub fn export_dialog(&self) -> Dialog {
        let output = self.settings.export_output;
        let name = self.suggested_name("pdf");
        let name = match output {
            Output::Slides => name,
            Output::Notes(_) => name.replace(".pdf", "-notes.pdf"),
            Output::Handout(_) => name.replace(".pdf", "-handout.pdf"),
        };
        Dialog::export(name, output)
    }

    /// Queues an action.
    pub fn act(&mut self, action: Action) {
        self.pending.push(action);
    }

    /// Applies every queued action.
    pub fn apply_pending(&mut self, ctx: &egui::Context) {
        let actions = std::mem::take(&mut self.pending);
        for a in actions {
            self.apply_action(a, ctx);
        }
    }

    fn edit(&mut self, label: &str, command: Command) {
        if let Err(e) = self.editor.apply(label, command) {
            self.status = Problem {
                message: format!("Could not {}: {e}", label.to_lowercase()),
                hint: e.hint(),
            };
        }
    }

    fn insert_index(&self) -> usize {
        let deck = self.editor.deck();
        self.current()
            .and_then(|id| deck.index_of(id))
            .map(|i| i + 1)
            .unwrap_or(deck.slides.len())
    }

    fn apply_action(&mut self, action: Action, ctx: &egui::Context) {
        match action {
            Action::Edit(label, cmd) => self.edit(&label, cmd),
            Action::Type(label, cmd) => {
                if let Err(e) = self.editor.apply_coalesced(&label, cmd) {
                    self.status = Problem {
                        message: format!("Could not edit: {e}"),
                        hint: e.hint(),
                    };
                }
            }
            Action::AddItems(ids, at) => {
                let at = at.unwrap_or_else(|| self.insert_index());
                let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
                match add_items(&mut self.editor, &self.library, at, &refs) {
                    Ok(new) => {
                        self.status =
                            format!("Added {} slide(s) from the library", new.len()).into();
                        self.selection = new.last().copied().into_iter().collect();
                    }
                    Err(e) => self.status = e.problem(),
                }
            }
            Action::AddSlide(body) => {
                let at = self.insert_index();
                let slide = self.editor.new_slide(body);
                let id = slide.id;
                self.edit(
                    "Add slide",
                    Command::Insert {
                        index: at,
                        slides: vec![slide],
                    },
                );
                self.selection = vec![id];
            }
            Action::Select(id, extend) => {
                if extend {
                    if let Some(i) = self.selection.iter().position(|s| *s == id) {
                        self.selection.remove(i);
                    } else {
                        self.selection.push(id);
                    }
                } else {
                    self.selection = vec![id];
                }
            }
            Action::MoveSelection(to) => {
                let ids = self.ordered_selection();
                if !ids.is_empty() {
                    self.edit("Move slides", Command::Move { ids, to });
                }
            }
            Action::MoveSlide(id, to) => {
                // `to` counts positions in the list before the move.
                let from = self.editor.deck().index_of(id).unwrap_or(0);
                let to = if to > from { to - 1 } else { to };
                self.edit("Move slide", Command::Move { ids: vec![id], to });
            }
            Action::DeleteSelection => {
                let ids = self.ordered_selection();
                if ids.is_empty() {
                    return;
                }
                let first = self.editor.deck().index_of(ids[0]).unwrap_or(0);
                self.edit("Delete slides", Command::Remove { ids });
                let slides = &self.editor.deck().slides;
                self.selection = slides
                    .get(first.min(slides.len().saturating_sub(1)))
                    .map(|s| vec![s.id])
                    .unwrap_or_default();
            }
            Action::DuplicateSelection => {
                let ids = self.ordered_selection();
                let cmds: Vec<Command> = ids
                    .iter()
                    .rev()
                    .map(|id| Command::Duplicate { id: *id })
                    .collect();
                if !cmds.is_empty() {
                    let before: Vec<SlideId> =
                        self.editor.deck().slides.iter().map(|s| s.id).collect();
                    self.edit("Duplicate slides", Command::Batch(cmds));
                    self.selection = self
                        .editor
                        .deck()
                        .slides
                        .iter()
                        .map(|s| s.id)
                        .filter(|id| !before.contains(id))
                        .collect();
                }
            }
            Action::ToggleHidden => {
                let ids = self.ordered_selection();
                let hidden = !ids
                    .iter()
                    .all(|id| self.editor.deck().slide(*id).is_some_and(|s| s.hidden));
                if !ids.is_empty() {
                    self.edit(
                        if hidden { "Hide slides" } else { "Show slides" },
                        Command::SetHidden { ids, hidden },
                    );
                }
            }
            Action::Step(delta) => {
                let slides = &self.editor.deck().slides;
                if slides.is_empty() {
                    return;
                }
                let i = self
                    .current()
                    .and_then(|id| self.editor.deck().index_of(id))
                    .unwrap_or(0) as i64;
                let j = (i + i64::from(delta)).clamp(0, slides.len() as i64 - 1) as usize;
                self.selection = vec![slides[j].id];
            }
            Action::Revert => {
                if let Some(id) = self.current() {
                    if let Err(e) = revert_to_library(&mut self.editor, &self.library, id) {
                        self.status = e.problem();
                    }
                }
            }
            Action::Undo => {
                self.status = match self.editor.undo() {
                    Ok(Some(l)) => format!("Undid: {l}").into(),
                    Ok(None) => "Nothing to undo".into(),
                    Err(e) => Problem {
                        message: format!("Could not undo: {e}"),
                        hint: e.hint(),
                    },
                };
                self.fix_selection();
            }
            Action::Redo => {
                self.status = match self.editor.redo() {
                    Ok(Some(l)) => format!("Redid: {l}").into(),
                    Ok(None) => "Nothing to redo".into(),
                    Err(e) => Problem {
                        message: format!("Could not redo: {e}"),
                        hint: e.hint(),
                    },
                };
                self.fix_selection();
            }
            Action::New => {
                if self.dirty() {
                    self.dialog = Some(Dialog::Unsaved { then: Pending::New });
                } else {
                    self.new_deck();
                }
            }
            Action::Open(p) => {
                if self.dirty() {
                    self.dialog = Some(Dialog::Unsaved {
                        then: Pending::Open(p),
                    });
                } else {
                    self.open(&p);
                }
            }
            Action::Save => match self.path.clone() {
                Some(p) => {
                    self.save_to(&p);
                }
                None => self.dialog = Some(Dialog::save_as(self.suggested_name("json"), None)),
            },
            Action::SaveAs(p, then) => {
                if self.save_to(&p) {
                    if let Some(then) = then {
                        self.continue_pending(then, ctx);
                    }
                }
            }
            Action::SaveThen(then) => match self.path.clone() {
                Some(p) => {
                    if self.save_to(&p) {
                        self.continue_pending(then, ctx);
                    }
                }
                None => {
                    self.dialog = Some(Dialog::save_as(self.suggested_name("json"), Some(then)))
                }
            },
            Action::Discard(then) => {
                self.keep_recovery_copy();
                self.continue_pending(then, ctx);
            }
            Action::Recover(rec) => self.recover(rec.map(|r| *r)),
            Action::OpenExternally(p) => {
                if let Err(e) = open_externally(&p) {
                    self.status = e.into();
                }
            }
            Action::ShowOpen => self.dialog = Some(Dialog::open(String::new())),
            Action::ShowSaveAs => {
                self.dialog = Some(Dialog::save_as(self.suggested_name("json"), None))
            }
            Action::ShowExport => self.dialog = Some(self.export_dialog()),
            Action::SetDark(dark) => self.settings.dark = dark,
            Action::MoveSelectionBy(delta) => {
                let deck = self.editor.deck();
                let indices: Vec<usize> = deck
                    .slides
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| self.selection.contains(&s.id))
                    .map(|(i, _)| i)
                    .collect();
                if let Some(first) = indices.first().copied() {
                    let n = deck.slides.len() - indices.len();
                    let to = (first as i64 + delta).clamp(0, n as i64) as usize;
                    let ids = self.ordered_selection();
                    self.edit("Move slides", Command::Move { ids, to });
                }
            }
            Action::Export(p, output) => {
                self.settings.export_output = output;
                self.start_export(p, output, ctx)
            }
            Action::Show(d) => self.dialog = Some(d),
            Action::Report(p) => self.status = p,
            Action::Close => {
                if self.dirty() && !self.close_confirmed {
                    self.dialog = Some(Dialog::Unsaved {
                        then: Pending::Close,
                    });
                } else {
                    self.close_confirmed = true;
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
        }
    }

    /// Runs a pending step after the unsaved-changes prompt.
    pub fn continue_pending(&mut self, then: Pending, ctx: &egui::Context) {
        match then {
            Pending::New => self.new_deck(),
            Pending::Open(p) => self.open(&p),
            Pending::OpenDialog => self.dialog = Some(Dialog::open(String::new())),
            Pending::Close => {
                self.close_confirmed = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    /// Keeps a copy of unsaved work when the user closes without saving.
    pub fn keep_recovery_copy(&mut self) {
        if self.dirty() {
            self.write_recovery_now();
        }
    }

    fn ordered_selection(&self) -> Vec<SlideId> {
        self.editor
            .deck()
            .slides
            .iter()
            .map(|s| s.id)
            .filter(|id| self.selection.contains(id))
            .collect()
    }

    fn fix_selection(&mut self) {
        let deck = self.editor.deck();
        self.selection.retain(|id| deck.slide(*id).is_some());
        if self.selection.is_empty() {
            self.select_first();
        }
    }

    /// A file name for Save As / Export.
    pub fn suggested_name(&self, ext: &str) -> String {
        let stem = match &self.path {
            Some(p) => p.with_extension(ext).display().to_string(),
            None => {
                let title = &self.editor.deck().meta.title;
                let slug: String = title
                    .chars()
                    .map(|c| {
                        if c.is_alphanumeric() {
                            c.to_ascii_lowercase()
                        } else {
                            '-'
                        }
                    })
                    .collect::<String>()
                    .split('-')
                    .filter(|s| !s.is_empty())
                    .take(6)
                    .collect::<Vec<_>>()
                    .join("-");
                let base = [dirs::document_dir(), dirs::home_dir()]
                    .into_iter()
                    .flatten()
                    .find(|d| d.is_dir())
                    .unwrap_or_else(|| PathBuf::from("."));
                base.join(format!(
                    "{}.{ext}",
                    if slug.is_empty() {
                        "briefing".into()
                    } else {
                        slug
                    }
                ))
                .display()
                .to_string()
            }
        };
        stem
    }

    fn new_deck(&mut self) {
        let mut deck = Deck::new("Untitled briefing");
        deck.meta = DeckMeta {
            title: "Untitled briefing".into(),
            ..DeckMeta::default()
        };
        let mut ed = Editor::new(deck);
        let title = ed.new_slide(SlideBody::Title {});
        let sources = ed.new_slide(SlideBody::Sources {
            title: "Sources".into(),
        });
        let mut d = ed.into_deck();
        d.slides = vec![title, sources];
        self.editor = Editor::new(d);
        self.doc_generation += 1;
        self.path = None;
        self.saved_revision = self.editor.revision();
        self.select_first();
        self.status = "New deck".into();
    }

    /// Opens a deck file; on failure the current deck stays and the error is shown.
    pub fn open(&mut self, p: &Path) {
        match deck::load(p) {
            Ok(d) => {
                self.editor = Editor::new(d);
                self.doc_generation += 1;
                self.saved_revision = self.editor.revision();
                self.path = Some(p.to_path_buf());
                self.settings.touch_recent(p);
                self.select_first();
                self.status = format!("Opened {}", p.display()).into();
            }
            Err(e) => {
                self.dialog = Some(Dialog::Error {
                    title: "Could not open the deck".into(),
                    problem: e.problem(),
                })
            }
        }
    }

    /// Saves atomically; returns true on success.
    pub fn save_to(&mut self, p: &Path) -> bool {
        match deck::save(self.editor.deck(), p) {
            Ok(()) => {
                self.path = Some(p.to_path_buf());
                self.saved_revision = self.editor.revision();
                self.settings.touch_recent(p);
                if let Some(rp) = &self.recovery_path {
                    clear_recovery(rp);
                }
                self.status = format!("Saved {}", p.display()).into();
                true
            }
            Err(e) => {
                self.dialog = Some(Dialog::Error {
                    title: "Could not save".into(),
                    problem: e.problem(),
                });
                false
            }
        }
    }

    fn start_export(&mut self, path: PathBuf, output: Output, ctx: &egui::Context) {
        if self.export.is_some() {
            self.status = "An export is already running".into();
            return;
        }
        self.refresh_layout(Some(ctx));
        let Some(theme) = self.cache.theme.clone() else {
            self.status = "No theme could be loaded; cannot export".into();
            return;
        };
        let ctx = ctx.clone();
        self.last_export = None;
        self.export = Some(ExportJob::start(
            self.editor.deck().clone(),
            theme,
            LayoutOptions {
                output,
                ..self.layout_options()
            },
            path,
            move || ctx.request_repaint(),
        ));
        self.status = "Exporting…".into();
    }

    /// Checks on a running export.
    pub fn poll_export(&mut self) {
        if let Some(job) = &mut self.export {
            if let Some(outcome) = job.poll() {
                self.status = match &outcome.result {
                    Ok(r) => {
                        format!("Exported {} pages to {}", r.pages, outcome.path.display()).into()
                    }
                    Err(e) => Problem {
                        message: format!("Export failed: {}", e.message),
                        hint: e.hint.clone(),
                    },
                };
                self.last_export = Some(outcome.clone());
                self.dialog = Some(Dialog::Exported(outcome));
                self.export = None;
            }
        }
    }

    /// Writes the recovery copy when there are unsaved changes and the interval has passed.
    pub fn autosave_tick(&mut self, ctx: Option<&egui::Context>) {
        if !self.dirty() || self.editor.revision() == self.autosaved_revision {
            return;
        }
        if self.last_autosave.elapsed() >= AUTOSAVE_EVERY {
            self.write_recovery_now();
        } else if let Some(ctx) = ctx {
            ctx.request_repaint_after(AUTOSAVE_EVERY.saturating_sub(self.last_autosave.elapsed()));
        }
    }

    /// Writes the recovery copy now.
    pub fn write_recovery_now(&mut self) {
        let Some(rp) = self.recovery_path.clone() else {
            return;
        };
        match write_recovery(&rp, self.editor.deck(), self.path.as_deref()) {
            Ok(()) => {
                self.autosaved_revision = self.editor.revision();
                self.last_autosave = Instant::now();
            }
            Err(e) => {
                self.status = Problem {
                    message: format!("Autosave failed: {e}"),
                    hint: e.hint(),
                }
            }
        }
    }

    /// Takes the recovered deck (or discards it).
    pub fn recover(&mut self, rec: Option<deck::Recovery>) {
        if let Some(rec) = rec {
            self.editor = Editor::new(rec.deck);
            self.doc_generation += 1;
            self.path = rec.original;
            // Recovered work is unsaved until the user saves it.
            self.saved_revision = u64::MAX;
            self.select_first();
            self.status = "Recovered unsaved changes from the last session".into();
        }
        if let Some(rp) = &self.recovery_path {
            if self.saved_revision != u64::MAX {
                clear_recovery(rp);
            }
        }
    }

    /// Draws the whole app into `ui` and applies the frame's actions.
    pub fn ui_root(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if !self.fonts_installed {
            super::fonts::install_fonts(&ctx);
            self.fonts_installed = true;
        }
        ctx.set_theme(if self.settings.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        self.poll_export();
        self.refresh_layout(Some(&ctx));
        self.shortcuts(&ctx);
        self.dropped_files(&ctx);
        if ctx.input(|i| i.viewport().close_requested()) && self.dirty() && !self.close_confirmed {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.dialog = Some(Dialog::Unsaved {
                then: Pending::Close,
            });
        }
        self.panels_ui(ui);
        self.apply_pending(&ctx);
        self.refresh_layout(Some(&ctx));
        self.autosave_tick(Some(&ctx));
        let title = self.window_title();
        if title != self.title_sent {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title_sent = title;
        }
    }

    /// Draws every panel and the open dialog from views of the state; collects their actions.
    fn panels_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let mut actions = Vec::new();
        let textures = self.cache.texture_ids();
        actions.extend(menu_bar_ui(
            ui,
            &MenuView {
                editor: &self.editor,
                recent: &self.settings.recent,
                dark: self.settings.dark,
                themes: &self.themes,
            },
        ));
        status_bar_ui(
            ui,
            &StatusView {
                deck: self.editor.deck(),
                warnings: self.cache.layout.as_ref().map_or(0, |l| l.warnings.len()),
                dirty: self.dirty(),
                export_progress: self.export.as_ref().map(|j| j.fraction()),
                status: &self.status,
                load_problems: &self.load_problems,
            },
        );
        actions.extend(self.library_panel.ui(ui, &self.library));
        actions.extend(slide_list_ui(
            ui,
            &SlideListView {
                deck: self.editor.deck(),
                selection: &self.selection,
                layout: self.cache.layout.as_ref(),
                page_of: &self.cache.page_of,
                textures: &textures,
            },
        ));
        actions.extend(self.editor_panel.ui(
            ui,
            &EditorView {
                deck: self.editor.deck(),
                current: self.current(),
                themes: &self.themes,
                theme_problem: self.cache.theme_problem.as_deref(),
            },
        ));
        actions.extend(preview_panel_ui(
            ui,
            &PreviewView {
                deck: self.editor.deck(),
                current: self.current(),
                layout: self.cache.layout.as_ref(),
                page_of: &self.cache.page_of,
                textures: &textures,
            },
        ));
        let export_output = match &self.dialog {
            Some(Dialog::Path {
                purpose: super::dialog_state::PathPurpose::Export,
                output,
                ..
            }) => Some(*output),
            _ => None,
        };
        let preview = export_output.and_then(|o| self.first_sheet(o));
        actions.extend(dialogs_ui(
            &ctx,
            &mut self.dialog,
            &DialogView {
                export_preview: preview.as_ref(),
                textures: &textures,
            },
        ));
        self.pending.extend(actions);
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        use egui::{Key, KeyboardShortcut, Modifiers};
        let cmd = Modifiers::COMMAND;
        let cmd_shift = Modifiers::COMMAND | Modifiers::SHIFT;
        let table: [(KeyboardShortcut, Action); 9] = [
            (KeyboardShortcut::new(cmd_shift, Key::S), Action::ShowSaveAs),
            (KeyboardShortcut::new(cmd_shift, Key::Z), Action::Redo),
            (KeyboardShortcut::new(cmd, Key::S), Action::Save),
            (KeyboardShortcut::new(cmd, Key::Z), Action::Undo),
            (KeyboardShortcut::new(cmd, Key::Y), Action::Redo),
            (KeyboardShortcut::new(cmd, Key::O), Action::ShowOpen),
            (KeyboardShortcut::new(cmd, Key::N), Action::New),
            (KeyboardShortcut::new(cmd, Key::E), Action::ShowExport),
            (
                KeyboardShortcut::new(cmd, Key::D),
                Action::DuplicateSelection,
            ),
        ];
        let typing = ctx.text_edit_focused();
        for (sc, action) in table {
            // Undo/redo inside a text field belong to the deck too: every edit is a deck command.
            if ctx.input_mut(|i| i.consume_shortcut(&sc)) {
                self.act(action);
            }
        }
        if !typing && self.dialog.is_none() {
            let (del, up, down) = ctx.input(|i| {
                (
                    i.key_pressed(Key::Delete),
                    i.key_pressed(Key::ArrowUp),
                    i.key_pressed(Key::ArrowDown),
                )
            });
            if del {
                self.act(Action::DeleteSelection);
            }
            if up {
                self.act(Action::Step(-1));
            }
            if down {
                self.act(Action::Step(1));
            }
        }
    }

    fn dropped_files(&mut self, ctx: &egui::Context) {
        let files: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        for p in files {
            let ext = p
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            match ext.as_str() {
                "png" | "jpg" | "jpeg" => {
                    let path = p.display().to_string();
                    let current = self
                        .current()
                        .and_then(|id| self.editor.deck().slide(id).cloned());
                    match current {
                        Some(s) if matches!(s.body, SlideBody::Image { .. }) => {
                            self.act(Action::Edit(
                                "Set picture".into(),
                                Command::Edit {
                                    id: s.id,
                                    edit: SlideEdit::ImagePath(path),
                                },
                            ))
                        }
                        _ => self.act(Action::AddSlide(SlideBody::Image {
                            title: p
                                .file_stem()
                                .map(|s| s.to_string_lossy().into_owned())
                                .unwrap_or_else(|| "Picture".into()),
                            path,
                            caption: String::new(),
                            credit: String::new(),
                        })),
                    }
                }
                "json" => self.act(Action::Open(p)),
                _ => {
                    self.status = Problem::new(
                        format!("Cannot use dropped file {}", p.display()),
                        "drop a PNG or JPEG picture, or a deck .json file",
                    )
                }
            }
        }
    }
}

fn sample_or_empty(lib: &Library) -> Deck {
    sample_deck(lib).unwrap_or_else(|_| Deck::new("Untitled briefing"))
}

impl eframe::App for BriefDeckApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.ui_root(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, SETTINGS_KEY, &self.settings);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // Closing with unsaved changes (or being closed by the system) keeps a recovery copy.
        self.keep_recovery_copy();
    }
}
