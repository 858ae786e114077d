//! The app: runtime state, the panels drawn from views of it, and the action queue applied once
//! per frame (`apply`), files (`files`), keyboard and dropped files (`input`).

mod apply;
mod files;
mod input;

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
    self, add_items, clear_recovery, keep_my_version, read_recovery, revert_to_library,
    sample_deck, write_recovery, Command, Deck, DeckMeta, Editor, SlideBody, SlideEdit, SlideId,
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

/// What the export dialog shows for the chosen document: its first page and the check.
#[derive(Debug, Clone)]
pub struct ExportPreview {
    /// The first page, if there is one.
    pub first: Option<Page>,
    /// The pre-export check of the whole document.
    pub check: crate::preflight::Report,
}

/// What the export dialog's preview was made for: deck generation, revision, output, and
/// (clean metadata, briefing pack).
type SheetKey = (u64, u64, Output, (bool, bool));

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
    /// The deck's marks resolved against its scheme (slide list marks, deck settings).
    pub plan: Option<crate::marking::MarkingPlan>,
    /// Slides whose library item changed, is stale or is gone.
    pub flags: Vec<crate::deck::SlideFlag>,
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
    /// Marking schemes: built-in, the user's, and those beside the deck.
    pub schemes: std::sync::Arc<crate::marking::SchemeCatalog>,
    /// Memo templates: built-in, the user's, and those beside the deck.
    pub memo_templates: std::sync::Arc<crate::memo::TemplateCatalog>,
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
    /// The library editor window, when open.
    pub library_editor: Option<super::LibraryEditorWindow>,
    /// Extra library folders given at start (`--library`), for reloading.
    pub library_dirs: Vec<PathBuf>,
    /// The open dialog, if any.
    pub dialog: Option<Dialog>,
    /// A running export.
    pub export: Option<ExportJob>,
    /// Content streams of the last export's pages, reused by the next export for pages that
    /// did not change.
    pub stream_cache: std::sync::Arc<std::sync::Mutex<crate::export::StreamCache>>,
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
    /// Where the preview painted the page in the last frame (screen points).
    pub preview_rect: Option<egui::Rect>,
    hidden_cache: Option<((u64, u64, SlideId), Page)>,
    sheet_cache: Option<(SheetKey, ExportPreview)>,
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
            cache_dir: crate::paths::pack_cache_dir(),
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
                    sample_or_empty(&library, &mut load_problems)
                }
            },
            None => {
                let deck = sample_or_empty(&library, &mut load_problems);
                if let Some(why) = load_problems.last().filter(|p| p.starts_with("The sample")) {
                    dialog = dialog.or(Some(Dialog::Error {
                        title: "Could not build the sample briefing".into(),
                        problem: Problem::new(
                            why.clone(),
                            "an empty deck is open instead; the library panel shows which packs loaded",
                        ),
                    }));
                }
                deck
            }
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
            schemes: std::sync::Arc::new(crate::marking::SchemeCatalog::load(
                &crate::marking::SchemeCatalog::folders_for(path.as_deref()),
            )),
            memo_templates: std::sync::Arc::new(crate::memo::TemplateCatalog::load(
                &crate::memo::TemplateCatalog::folders_for(path.as_deref()),
            )),
            editor: Editor::new(deck),
            path,
            saved_revision: 0,
            selection: Vec::new(),
            library_panel: Default::default(),
            library_editor: None,
            library_dirs: options.library_dirs.clone(),
            dialog,
            export: None,
            stream_cache: Default::default(),
            last_export: None,
            status: Problem::bare(""),
            cache: LayoutCache::default(),
            pending: Vec::new(),
            editor_panel: Default::default(),
            preview_rect: None,
            hidden_cache: None,
            sheet_cache: None,
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
    /// The window title: the file's name, or the deck's title while it has no file.
    pub fn window_title(&self) -> String {
        let title = self.editor.deck().meta.title.trim();
        let name = self
            .path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| {
                if title.is_empty() {
                    "Untitled deck (not saved)".into()
                } else {
                    format!("{title} (not saved)")
                }
            });
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
        self.cache.plan = Some(crate::marking::MarkingPlan::new(
            deck,
            Some(self.schemes.as_ref()),
        ));
        self.cache.flags =
            crate::deck::provenance_flags(deck, &self.library, crate::library::Date::today());
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
            schemes: Some(self.schemes.clone()),
            memo_templates: Some(self.memo_templates.clone()),
            copy: None,
            clean_metadata: false,
        }
    }

    /// Reloads the marking schemes for the deck's folder (after open, save as, new, recover).
    pub fn refresh_schemes(&mut self) {
        let cat = crate::marking::SchemeCatalog::load(&crate::marking::SchemeCatalog::folders_for(
            self.path.as_deref(),
        ));
        for p in &cat.problems {
            let text = p.to_string();
            if !self.load_problems.contains(&text) {
                self.load_problems.push(text);
            }
        }
        self.schemes = std::sync::Arc::new(cat);
        let memos = crate::memo::TemplateCatalog::load(&crate::memo::TemplateCatalog::folders_for(
            self.path.as_deref(),
        ));
        for p in &memos.problems {
            let text = p.to_string();
            if !self.load_problems.contains(&text) {
                self.load_problems.push(text);
            }
        }
        self.memo_templates = std::sync::Arc::new(memos);
    }

    /// The first sheet of `output` for the current deck and the pre-export check of that
    /// output (for the export dialog), composed from the cached slide frames.
    /// Composed once per deck change and choice, not on every frame the dialog shows.
    pub fn export_preview(
        &mut self,
        output: Output,
        clean_metadata: bool,
        pack: bool,
    ) -> Option<ExportPreview> {
        let key = (
            self.doc_generation,
            self.editor.revision(),
            output,
            (clean_metadata, pack),
        );
        if let Some((k, p)) = &self.sheet_cache {
            if *k == key {
                return Some(p.clone());
            }
        }
        let theme = self.cache.theme.clone()?;
        let options = LayoutOptions {
            output,
            clean_metadata,
            ..self.layout_options()
        };
        let state = self.cache.state.as_mut()?;
        let layout = state.layout(self.editor.deck(), &theme, &options);
        let check = if pack {
            // The pack checks every document it writes, on the paper of the chosen one.
            crate::pack::merged_report(&crate::pack::check(
                self.editor.deck(),
                &theme,
                &options,
                output.paper(),
            ))
        } else {
            crate::preflight::check(self.editor.deck(), &theme, &options, &layout)
        };
        // Slides the library has moved on from, as `briefdeck check` reports them.
        let mut check = check;
        check
            .findings
            .extend(crate::preflight::library_findings(&self.cache.flags));
        // Errors first, then warnings, then notes: what must be read comes first in the
        // dialog's short list.
        check.findings.sort_by_key(|f| match f.severity {
            crate::marking::Severity::Error => 0,
            crate::marking::Severity::Warning => 1,
            crate::marking::Severity::Info => 2,
        });
        let preview = ExportPreview {
            first: layout.pages.into_iter().next(),
            check,
        };
        self.sheet_cache = Some((key, preview.clone()));
        Some(preview)
    }

    /// The selected slide laid out as if it were shown, when it is hidden (the preview shows its
    /// content under a notice). Kept until the deck changes or another slide is selected.
    fn hidden_preview(&mut self) -> Option<Page> {
        let id = self.current()?;
        let slide = self.editor.deck().slide(id)?;
        if !slide.hidden {
            return None;
        }
        let key = (self.doc_generation, self.editor.revision(), id);
        if let Some((k, page)) = &self.hidden_cache {
            if *k == key {
                return Some(page.clone());
            }
        }
        let theme = self.cache.theme.clone()?;
        let mut deck = self.editor.deck().clone();
        for s in deck.slides.iter_mut().filter(|s| s.id == id) {
            s.hidden = false;
        }
        let options = self.layout_options();
        // The kept layout state: word shapes, pictures and the other slides' frames are reused.
        let layout = self.cache.state.as_mut()?.layout(&deck, &theme, &options);
        let page = layout
            .pages
            .into_iter()
            .find(|p| p.first_slide() == Some(id))?;
        self.hidden_cache = Some((key, page.clone()));
        Some(page)
    }

    /// The export dialog, on the document kind chosen last time, with a matching file name.
    pub fn export_dialog(&self) -> Dialog {
        let output = self.settings.export_output;
        let name = self.suggested_name("pdf");
        let name = match output {
            Output::Slides => name,
            Output::Notes(_) => name.replace(".pdf", "-notes.pdf"),
            Output::Handout(_) => name.replace(".pdf", "-handout.pdf"),
            Output::Memo(_) => name.replace(".pdf", "-memo.pdf"),
        };
        Dialog::export(name, output)
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
        self.library_editor_ui(&ctx);
        self.apply_pending(&ctx);
        self.refresh_layout(Some(&ctx));
        self.autosave_tick(Some(&ctx));
        let title = self.window_title();
        if title != self.title_sent {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title_sent = title;
        }
    }

    /// The library editor window; a saved pack reloads the library (and the slides' library
    /// flags with it).
    fn library_editor_ui(&mut self, ctx: &egui::Context) {
        let Some(w) = self.library_editor.as_mut() else {
            return;
        };
        for r in w.ui(ctx, &self.library) {
            match r {
                super::library_editor::EditorRequest::Reload => self.reload_library(),
                super::library_editor::EditorRequest::Close => self.library_editor = None,
            }
        }
    }

    /// Loads the library again (built-in, `--library` folders, the user's packs).
    pub fn reload_library(&mut self) {
        let load = Library::load(&LoadOptions {
            builtin: true,
            dirs: self.library_dirs.clone(),
            optional_dirs: crate::paths::user_library_dir().into_iter().collect(),
            cache_dir: crate::paths::pack_cache_dir(),
        });
        self.load_problems = load.failures.iter().map(|f| f.to_string()).collect();
        self.library = load.library;
        // The slides' library flags depend on the library: refresh on the next frame.
        self.cache.key = None;
        self.sheet_cache = None;
    }

    /// Draws every panel and the open dialog from views of the state; collects their actions.
    fn panels_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let mut actions = Vec::new();
        let hidden_page = self.hidden_preview();
        let textures = self.cache.texture_ids();
        actions.extend(menu_bar_ui(
            ui,
            &MenuView {
                editor: &self.editor,
                recent: &self.settings.recent,
                dark: self.settings.dark,
                show_library: self.settings.show_library,
                show_editor: self.settings.show_editor,
                themes: &self.themes,
            },
        ));
        status_bar_ui(
            ui,
            &StatusView {
                deck: self.editor.deck(),
                warnings: self.cache.layout.as_ref().map_or(0, |l| l.warnings.len()),
                dirty: self.dirty(),
                never_saved: self.path.is_none(),
                export_progress: self.export.as_ref().map(|j| j.fraction()),
                status: &self.status,
                load_problems: &self.load_problems,
            },
        );
        if self.settings.show_library {
            actions.extend(self.library_panel.ui(ui, &self.library));
        }
        actions.extend(slide_list_ui(
            ui,
            &SlideListView {
                deck: self.editor.deck(),
                selection: &self.selection,
                layout: self.cache.layout.as_ref(),
                page_of: &self.cache.page_of,
                textures: &textures,
                marks: self.cache.plan.as_ref(),
                flags: &self.cache.flags,
            },
        ));
        if self.settings.show_editor {
            let overflow = self.current().is_some_and(|id| {
                self.cache.layout.as_ref().is_some_and(|l| {
                    l.warnings.iter().any(|w| {
                        w.slide_id == Some(id) && w.kind == crate::layout::WarningKind::Overflow
                    })
                })
            });
            let fallback;
            let plan = match &self.cache.plan {
                Some(p) => p,
                None => {
                    fallback = crate::marking::MarkingPlan::new(
                        self.editor.deck(),
                        Some(self.schemes.as_ref()),
                    );
                    &fallback
                }
            };
            actions.extend(self.editor_panel.ui(
                ui,
                &EditorView {
                    deck: self.editor.deck(),
                    current: self.current(),
                    themes: &self.themes,
                    theme_problem: self.cache.theme_problem.as_deref(),
                    generation: self.doc_generation,
                    schemes: self.schemes.as_ref(),
                    memo_templates: self.memo_templates.as_ref(),
                    plan,
                    overflow,
                    flags: &self.cache.flags,
                    library: &self.library,
                },
            ));
        }
        let (preview_actions, preview_rect) = preview_panel_ui(
            ui,
            &PreviewView {
                deck: self.editor.deck(),
                current: self.current(),
                layout: self.cache.layout.as_ref(),
                page_of: &self.cache.page_of,
                textures: &textures,
                hidden_page: hidden_page.as_ref(),
            },
        );
        actions.extend(preview_actions);
        self.preview_rect = Some(preview_rect);
        let export_output = match &self.dialog {
            Some(Dialog::Path {
                purpose: super::dialog_state::PathPurpose::Export,
                output,
                choices,
                ..
            }) => Some((*output, choices.clean_metadata, choices.pack)),
            _ => None,
        };
        let preview =
            export_output.and_then(|(o, clean, pack)| self.export_preview(o, clean, pack));
        actions.extend(dialogs_ui(
            &ctx,
            &mut self.dialog,
            &DialogView {
                export_preview: preview.as_ref().and_then(|p| p.first.as_ref()),
                export_check: preview.as_ref().map(|p| &p.check),
                textures: &textures,
            },
        ));
        self.pending.extend(actions);
    }
}

/// The sample briefing, or an empty deck when it cannot be built (the reason is added to
/// `problems`, which the app shows).
fn sample_or_empty(lib: &Library, problems: &mut Vec<String>) -> Deck {
    match sample_deck(lib) {
        Ok(d) => d,
        Err(e) => {
            problems.push(format!("The sample briefing could not be built: {e}"));
            Deck::new("Untitled briefing")
        }
    }
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
