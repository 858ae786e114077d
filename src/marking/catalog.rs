//! All marking schemes the app knows: the built-in ones, the user's (`<data dir>/markings/`)
//! and those beside a deck (`markings/` in the deck's folder). A later file with the same id
//! replaces an earlier one, so a deck's folder can refine a scheme.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use super::scheme::{Scheme, SchemeError};

/// The built-in scheme files: (file name, text).
pub const BUILTIN_SCHEMES: &[(&str, &str)] = &[
    ("us.toml", include_str!("../../assets/markings/us.toml")),
    ("uk.toml", include_str!("../../assets/markings/uk.toml")),
    ("nato.toml", include_str!("../../assets/markings/nato.toml")),
    ("eu.toml", include_str!("../../assets/markings/eu.toml")),
];

/// The scheme a deck uses when it names none.
pub const DEFAULT_SCHEME: &str = "us";

/// Largest scheme file read.
const MAX_SCHEME_BYTES: u64 = 256 * 1024;

/// Loaded schemes plus the files that failed (reported as warnings).
#[derive(Debug, Clone, Default)]
pub struct SchemeCatalog {
    /// Schemes, built-in first.
    pub schemes: Vec<Arc<Scheme>>,
    /// Files that could not be used.
    pub problems: Vec<SchemeError>,
}

impl SchemeCatalog {
    /// The built-in schemes (parsed once).
    pub fn builtin() -> &'static SchemeCatalog {
        static CAT: OnceLock<SchemeCatalog> = OnceLock::new();
        CAT.get_or_init(|| {
            let mut cat = SchemeCatalog::default();
            for (name, text) in BUILTIN_SCHEMES {
                match Scheme::parse(&format!("(built-in) markings/{name}"), text) {
                    Ok(s) => cat.schemes.push(Arc::new(s)),
                    Err(e) => cat.problems.push(e),
                }
            }
            cat
        })
    }

    /// Built-in schemes, then `*.toml` files of each folder in `dirs` that exists.
    pub fn load(dirs: &[PathBuf]) -> SchemeCatalog {
        let mut cat = SchemeCatalog::builtin().clone();
        for dir in dirs.iter().filter(|d| d.is_dir()) {
            for f in crate::paths::toml_files(dir) {
                match load_scheme_file(&f) {
                    // A file beside a received deck must not quietly redefine a built-in
                    // scheme (e.g. relabel SECRET as UNCLASSIFIED).
                    Ok(s)
                        if BUILTIN_SCHEMES
                            .iter()
                            .any(|(name, _)| name.trim_end_matches(".toml") == s.id) =>
                    {
                        cat.problems.push(SchemeError {
                            file: f.display().to_string(),
                            message: format!(
                                "this file would replace the built-in `{}` scheme and was not loaded",
                                s.id
                            ),
                            hint: "give a custom scheme its own id, e.g. `ministry-us`".into(),
                        });
                    }
                    Ok(s) => {
                        cat.schemes.retain(|x| x.id != s.id);
                        cat.schemes.push(Arc::new(s));
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
            dirs.push(d.join("markings"));
        }
        if let Some(parent) = deck_path.and_then(Path::parent) {
            dirs.push(parent.join("markings"));
        }
        dirs
    }

    /// The scheme with this id.
    pub fn get(&self, id: &str) -> Option<Arc<Scheme>> {
        let id = if id.trim().is_empty() {
            DEFAULT_SCHEME
        } else {
            id.trim()
        };
        self.schemes.iter().find(|s| s.id == id).cloned()
    }

    /// Ids of all schemes, for hints.
    pub fn ids(&self) -> String {
        self.schemes
            .iter()
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Reads one scheme file (regular files only, size-limited).
pub fn load_scheme_file(path: &Path) -> Result<Scheme, SchemeError> {
    let file = path.display().to_string();
    let text = crate::limits::read_file(path, MAX_SCHEME_BYTES)
        .map_err(|e| e.to_string())
        .and_then(|b| String::from_utf8(b).map_err(|_| "the file is not UTF-8 text".to_owned()))
        .map_err(|message| SchemeError {
            file: file.clone(),
            message: format!("cannot read the marking scheme: {message}"),
            hint: "check the path and permissions".to_owned(),
        })?;
    Scheme::parse(&file, &text)
}
