//! All memo templates the app knows: the built-in ones, the user's (`<data dir>/memos/`) and
//! those beside a deck (`memos/` in the deck's folder). A file may not replace a built-in id.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use super::template::{MemoTemplate, TemplateError};

/// The built-in template files: (file name, text).
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    (
        "decision.toml",
        include_str!("../../assets/memos/decision.toml"),
    ),
    (
        "bilateral.toml",
        include_str!("../../assets/memos/bilateral.toml"),
    ),
];

/// The template a deck uses when it names none.
pub const DEFAULT_TEMPLATE: &str = "decision";

/// Largest template file read.
const MAX_TEMPLATE_BYTES: u64 = 256 * 1024;

/// Loaded templates plus the files that failed (reported as warnings).
#[derive(Debug, Clone, Default)]
pub struct TemplateCatalog {
    /// Templates, built-in first.
    pub templates: Vec<Arc<MemoTemplate>>,
    /// Files that could not be used.
    pub problems: Vec<TemplateError>,
}

impl TemplateCatalog {
    /// The built-in templates (parsed once).
    pub fn builtin() -> &'static TemplateCatalog {
        static CAT: OnceLock<TemplateCatalog> = OnceLock::new();
        CAT.get_or_init(|| {
            let mut cat = TemplateCatalog::default();
            for (name, text) in BUILTIN_TEMPLATES {
                match MemoTemplate::parse(&format!("(built-in) memos/{name}"), text) {
                    Ok(t) => cat.templates.push(Arc::new(t)),
                    Err(e) => cat.problems.push(e),
                }
            }
            cat
        })
    }

    /// Built-in templates, then `*.toml` files of each folder in `dirs` that exists.
    pub fn load(dirs: &[PathBuf]) -> TemplateCatalog {
        let mut cat = TemplateCatalog::builtin().clone();
        for dir in dirs.iter().filter(|d| d.is_dir()) {
            for f in crate::paths::toml_files(dir) {
                match load_template_file(&f) {
                    Ok(t)
                        if BUILTIN_TEMPLATES
                            .iter()
                            .any(|(name, _)| name.trim_end_matches(".toml") == t.id) =>
                    {
                        cat.problems.push(TemplateError {
                            file: f.display().to_string(),
                            message: format!(
                                "this file would replace the built-in `{}` memo template and was not loaded",
                                t.id
                            ),
                            hint: "give a custom template its own id, e.g. `ministry-memo`".into(),
                        });
                    }
                    Ok(t) => {
                        cat.templates.retain(|x| x.id != t.id);
                        cat.templates.push(Arc::new(t));
                    }
                    Err(e) => cat.problems.push(e),
                }
            }
        }
        cat
    }

    /// The folders searched for a deck at `deck_path`: the user's, then the deck's own.
    pub fn folders_for(deck_path: Option<&Path>) -> Vec<PathBuf> {
        let mut dirs = Vec::new();
        if let Some(d) = crate::paths::data_dir() {
            dirs.push(d.join("memos"));
        }
        if let Some(parent) = deck_path.and_then(Path::parent) {
            dirs.push(parent.join("memos"));
        }
        dirs
    }

    /// The template with this id (empty = the default).
    pub fn get(&self, id: &str) -> Option<Arc<MemoTemplate>> {
        let id = if id.trim().is_empty() {
            DEFAULT_TEMPLATE
        } else {
            id.trim()
        };
        self.templates.iter().find(|t| t.id == id).cloned()
    }

    /// Ids of all templates, for hints.
    pub fn ids(&self) -> String {
        self.templates
            .iter()
            .map(|t| t.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Reads one template file (regular files only, size-limited).
pub fn load_template_file(path: &Path) -> Result<MemoTemplate, TemplateError> {
    let file = path.display().to_string();
    let text = crate::limits::read_file(path, MAX_TEMPLATE_BYTES)
        .map_err(|e| e.to_string())
        .and_then(|b| String::from_utf8(b).map_err(|_| "the file is not UTF-8 text".to_owned()))
        .map_err(|message| TemplateError {
            file: file.clone(),
            message: format!("cannot read the memo template: {message}"),
            hint: "check the path and permissions".to_owned(),
        })?;
    MemoTemplate::parse(&file, &text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_templates_load() {
        let cat = TemplateCatalog::builtin();
        assert!(cat.problems.is_empty(), "{:?}", cat.problems);
        assert_eq!(cat.ids(), "decision, bilateral");
        assert_eq!(
            cat.get("").map(|t| t.id.clone()).as_deref(),
            Some("decision")
        );
    }
}
