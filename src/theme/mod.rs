//! Themes: TOML files in `themes/` (embedded), user themes from a folder, and `--theme PATH`.
//! Each file is parsed raw (unknown fields are errors), then validated into a [`Theme`].

mod geometry;
mod raw;
mod resolved;

use std::path::{Path, PathBuf};

pub use geometry::{Geometry, RawGeometry};
pub use raw::RawTheme;
pub use resolved::{CitationStyle, Color, Colors, Margins, Sizes, SlideSources, Theme};

/// The built-in theme files: (file name, text).
pub const BUILTIN_THEMES: &[(&str, &str)] = &[
    ("navy.toml", include_str!("../../themes/navy.toml")),
    ("minimal.toml", include_str!("../../themes/minimal.toml")),
    ("print.toml", include_str!("../../themes/print.toml")),
];

/// The theme a new deck uses.
pub const DEFAULT_THEME: &str = "navy";

/// Why a theme could not be loaded.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ThemeError {
    /// The file could not be read.
    #[error("{file}: cannot read the theme file: {message}")]
    Io {
        /// The file.
        file: String,
        /// The OS error.
        message: String,
    },
    /// The TOML is malformed or has an unknown/missing field.
    #[error("{file}:{line}:{column}: {message}")]
    Parse {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
        /// What to do.
        hint: String,
    },
    /// A value is out of range or unknown.
    #[error("{file}: field `{field}`: {message}")]
    Invalid {
        /// The file.
        file: String,
        /// Dotted field name, e.g. `colors.accent`.
        field: String,
        /// What is wrong.
        message: String,
        /// What to do.
        hint: String,
    },
    /// No theme has this name.
    #[error("unknown theme `{name}`")]
    Unknown {
        /// The name asked for.
        name: String,
        /// Names that exist.
        available: String,
    },
}

/// Parses and validates one theme file's text.
pub fn parse_theme(file: &str, text: &str, base: Option<&Path>) -> Result<Theme, ThemeError> {
    let raw: RawTheme = toml::from_str(text).map_err(|e| {
        let offset = e.span().map(|s| s.start).unwrap_or(0).min(text.len());
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let column = before
            .rsplit('\n')
            .next()
            .map(|s| s.chars().count())
            .unwrap_or(0)
            + 1;
        let message = e.message().trim().to_owned();
        let hint = if message.contains("unknown field") {
            "check the spelling; the allowed names are listed in the message"
        } else if message.contains("missing field") {
            "add the missing field (see themes/navy.toml for a complete example)"
        } else {
            "fix the TOML at this position"
        };
        ThemeError::Parse {
            file: file.to_owned(),
            line,
            column,
            message: message.lines().next().unwrap_or_default().to_owned(),
            hint: hint.to_owned(),
        }
    })?;
    Theme::resolve(raw, file, base)
}

/// Loads a theme file from disk.
pub fn load_theme_file(path: &Path) -> Result<Theme, ThemeError> {
    let file = path.display().to_string();
    let bytes = crate::limits::read_file(path, crate::limits::MAX_THEME_BYTES).map_err(|e| {
        ThemeError::Io {
            file: file.clone(),
            message: e.to_string(),
        }
    })?;
    let text = String::from_utf8(bytes).map_err(|_| ThemeError::Io {
        file: file.clone(),
        message: "the file is not UTF-8 text".into(),
    })?;
    parse_theme(&file, &text, path.parent())
}

/// Where a theme in the catalogue came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThemeOrigin {
    /// Embedded in the binary.
    Builtin,
    /// A user file.
    File(PathBuf),
}

/// All themes that loaded, plus the problems of those that did not.
#[derive(Debug, Clone, Default)]
pub struct ThemeCatalog {
    /// Loaded themes, built-in first; a user theme with a built-in's name replaces it.
    pub themes: Vec<(Theme, ThemeOrigin)>,
    /// Files that failed to load (reported as warnings).
    pub problems: Vec<ThemeError>,
}

impl ThemeCatalog {
    /// Built-in themes plus the `*.toml` files in `user_dir` (if it exists).
    pub fn load(user_dir: Option<&Path>) -> ThemeCatalog {
        let mut cat = ThemeCatalog::default();
        for (name, text) in BUILTIN_THEMES {
            match parse_theme(&format!("(built-in) themes/{name}"), text, None) {
                Ok(t) => cat.themes.push((t, ThemeOrigin::Builtin)),
                Err(e) => cat.problems.push(e),
            }
        }
        if let Some(dir) = user_dir.filter(|d| d.is_dir()) {
            for f in crate::paths::toml_files(dir) {
                match load_theme_file(&f) {
                    Ok(t) => {
                        cat.themes.retain(|(x, _)| x.name != t.name);
                        cat.themes.push((t, ThemeOrigin::File(f)));
                    }
                    Err(e) => cat.problems.push(e),
                }
            }
        }
        cat
    }

    /// The built-in themes only.
    pub fn builtin() -> ThemeCatalog {
        ThemeCatalog::load(None)
    }

    /// Finds a theme by name, or loads it from a path when `name_or_path` ends in `.toml`.
    pub fn resolve(&self, name_or_path: &str) -> Result<Theme, ThemeError> {
        if name_or_path.ends_with(".toml") || name_or_path.contains('/') {
            return load_theme_file(Path::new(name_or_path));
        }
        self.themes
            .iter()
            .find(|(t, _)| t.name == name_or_path)
            .map(|(t, _)| t.clone())
            .ok_or_else(|| ThemeError::Unknown {
                name: name_or_path.to_owned(),
                available: self.names().join(", "),
            })
    }

    /// Names of all loaded themes.
    pub fn names(&self) -> Vec<String> {
        self.themes.iter().map(|(t, _)| t.name.clone()).collect()
    }
}

impl crate::error::Hinted for ThemeError {
    fn hint(&self) -> Option<String> {
        match self {
            ThemeError::Io { .. } => crate::error::hint("check the path and permissions"),
            ThemeError::Parse { hint, .. } | ThemeError::Invalid { hint, .. } => Some(hint.clone()),
            ThemeError::Unknown { available, .. } => Some(format!(
                "run `briefdeck themes` to list themes, or give a path to a .toml file; available: {available}"
            )),
        }
    }
}
