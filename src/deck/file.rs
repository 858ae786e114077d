//! The deck file: versioned JSON, strict reading with line/column errors, atomic saving.

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::model::Deck;

/// The file format version this build writes. Version 1 files (slide text as plain strings) are
/// read and upgraded in memory; they are written back as version 2 on the next save.
pub const FORMAT_VERSION: u32 = 2;

/// Why a deck file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum DeckFileError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// Not valid JSON, or a field is wrong, unknown or missing.
    #[error("{path}:{line}:{column}: {message}")]
    Malformed {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
        /// What to do.
        hint: String,
    },
    /// Written by a newer BriefDeck.
    #[error("{path} uses deck format version {found}, but this BriefDeck reads up to version {supported}")]
    TooNew {
        /// The file.
        path: String,
        /// Its version.
        found: u32,
        /// What this build reads.
        supported: u32,
    },
    /// The deck could not be turned into JSON (a bug: plain data always serialises).
    #[error("the deck could not be serialised: {message}")]
    Serialize {
        /// What serde said.
        message: String,
    },
    /// The file could not be written; the previous file (if any) is intact.
    #[error("cannot save {path}: {source}")]
    Write {
        /// The file.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
}

#[derive(Serialize)]
struct FileOut<'a> {
    format_version: u32,
    deck: &'a Deck,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileIn {
    #[allow(dead_code)] // checked by `VersionProbe` first
    format_version: u32,
    deck: Deck,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileInValue {
    #[allow(dead_code)] // checked by `VersionProbe` first
    format_version: u32,
    deck: serde_json::Value,
}

#[derive(Deserialize)]
struct VersionProbe {
    format_version: Option<u32>,
}

/// Serialises a deck to the file's pretty JSON (stable key order).
pub fn to_json(deck: &Deck) -> Result<String, DeckFileError> {
    let out = FileOut {
        format_version: FORMAT_VERSION,
        deck,
    };
    let mut s = serde_json::to_string_pretty(&out).map_err(|e| DeckFileError::Serialize {
        message: e.to_string(),
    })?;
    s.push('\n');
    Ok(s)
}

/// Parses a deck file's text; `path` only names the file in messages.
pub fn from_json(path: &str, text: &str) -> Result<Deck, DeckFileError> {
    let malformed = |e: &serde_json::Error, hint: &str| DeckFileError::Malformed {
        path: path.to_owned(),
        line: e.line(),
        column: e.column(),
        message: e
            .to_string()
            .split(" at line ")
            .next()
            .unwrap_or_default()
            .to_owned(),
        hint: hint.to_owned(),
    };
    let probe: VersionProbe = serde_json::from_str(text).map_err(|e| {
        malformed(
            &e,
            "the file is not valid JSON; fix it at this position, or restore a backup or the recovery copy",
        )
    })?;
    match probe.format_version {
        None => {
            return Err(DeckFileError::Malformed {
                path: path.to_owned(),
                line: 1,
                column: 1,
                message: "missing field `format_version`".into(),
                hint: "this is not a BriefDeck deck file; create one with `briefdeck new`".into(),
            })
        }
        Some(v) if v > FORMAT_VERSION => {
            return Err(DeckFileError::TooNew {
                path: path.to_owned(),
                found: v,
                supported: FORMAT_VERSION,
            })
        }
        Some(_) => {}
    }
    let hint_for = |e: &serde_json::Error| {
        let msg = e.to_string();
        if msg.contains("unknown field") {
            "remove or correct the field; its allowed names are listed in the message"
        } else if msg.contains("missing field") {
            "add the missing field"
        } else if msg.contains("unknown variant") {
            "use one of the values listed in the message"
        } else {
            "correct the value at this position"
        }
    };
    if probe.format_version == Some(1) {
        // Version 1: upgrade the JSON, then read it as version 2. Positions in errors refer to
        // the version-1 text where serde reports them (the parse of the text itself).
        let file: FileInValue =
            serde_json::from_str(text).map_err(|e| malformed(&e, hint_for(&e)))?;
        let mut value = file.deck;
        super::upgrade::v1_to_v2(&mut value);
        return serde_json::from_value(value).map_err(|e| DeckFileError::Malformed {
            path: path.to_owned(),
            line: 1,
            column: 1,
            message: format!("in this version-1 deck: {e}"),
            hint: format!(
                "{}; the file was written by an older BriefDeck or by hand",
                hint_for(&e)
            ),
        });
    }
    let file: FileIn = serde_json::from_str(text).map_err(|e| malformed(&e, hint_for(&e)))?;
    Ok(file.deck)
}

/// Reads a deck file.
pub fn load(path: &Path) -> Result<Deck, DeckFileError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| DeckFileError::Read {
        path: shown.clone(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|_| DeckFileError::Malformed {
        path: shown.clone(),
        line: 1,
        column: 1,
        message: "the file is not UTF-8 text".into(),
        hint: "this is not a BriefDeck deck file".into(),
    })?;
    from_json(&shown, &text)
}

/// Saves a deck atomically: a temporary file in the same folder, flushed to disk, then renamed
/// over the target. On failure the previous file is untouched and the temporary file removed.
pub fn save(deck: &Deck, path: &Path) -> Result<(), DeckFileError> {
    write_atomic(path, to_json(deck)?.as_bytes())
}

/// Writes bytes to `path` atomically (see [`save`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), DeckFileError> {
    let shown = path.display().to_string();
    let err = |source| DeckFileError::Write {
        path: shown.clone(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".briefdeck-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(err)?;
    tmp.write_all(bytes).map_err(err)?;
    // Keep the permissions of the file being replaced; a new file gets rw-r--r--.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .map(|m| m.permissions().mode())
            .unwrap_or(0o644);
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode & 0o7777))
            .map_err(err)?;
    }
    tmp.as_file().sync_all().map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(&dir) {
        // Make the rename durable; failure here does not endanger the data already written.
        let _ = d.sync_all();
    }
    Ok(())
}

impl crate::error::Hinted for DeckFileError {
    fn hint(&self) -> Option<String> {
        use crate::error::hint;
        match self {
            DeckFileError::Read { .. } => hint("check that the file exists and is readable"),
            DeckFileError::Malformed { hint, .. } => Some(hint.clone()),
            DeckFileError::TooNew { .. } => hint("open it with a newer BriefDeck"),
            DeckFileError::Serialize { .. } => {
                hint("this is a bug; please report it; the previous file was not changed")
            }
            DeckFileError::Write { .. } => hint(
                "check that the folder exists, is writable and has free space; the previous file was not changed",
            ),
        }
    }
}
