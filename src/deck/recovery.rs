//! Crash recovery: unsaved work is written to a recovery file, offered back on the next start,
//! and removed once the work is saved or deliberately discarded.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::file::{write_atomic, DeckFileError, FORMAT_VERSION};
use super::model::Deck;

/// What the recovery file holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recovery {
    /// Deck file format version.
    pub format_version: u32,
    /// The file the deck was opened from or last saved to, if any.
    pub original: Option<PathBuf>,
    /// Seconds since the Unix epoch when the recovery copy was written.
    pub written_unix_s: u64,
    /// The unsaved deck.
    pub deck: Deck,
}

/// Where the recovery file lives: `<data dir>/recovery/autosave.json`.
pub fn recovery_path() -> Option<PathBuf> {
    crate::paths::data_dir().map(|d| d.join("recovery").join("autosave.json"))
}

/// Writes the recovery copy atomically (creating its folder).
pub fn write_recovery(
    path: &Path,
    deck: &Deck,
    original: Option<&Path>,
) -> Result<(), DeckFileError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|source| DeckFileError::Write {
            path: dir.display().to_string(),
            source,
        })?;
    }
    let rec = Recovery {
        format_version: FORMAT_VERSION,
        original: original.map(Path::to_path_buf),
        written_unix_s: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0),
        deck: deck.clone(),
    };
    let json = serde_json::to_string_pretty(&rec).map_err(|e| DeckFileError::Write {
        path: path.display().to_string(),
        source: std::io::Error::other(e),
    })?;
    write_atomic(path, json.as_bytes())
}

/// Reads a recovery copy, if one exists and is readable. A damaged copy is reported, not deleted.
pub fn read_recovery(path: &Path) -> Option<Result<Recovery, DeckFileError>> {
    let text = std::fs::read_to_string(path).ok()?;
    Some(
        serde_json::from_str::<Recovery>(&text).map_err(|e| DeckFileError::Malformed {
            path: path.display().to_string(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
            hint: "the recovery copy is damaged; it was left in place for inspection".into(),
        }),
    )
}

/// Removes the recovery copy (after a save or a deliberate discard).
pub fn clear_recovery(path: &Path) {
    // A missing file is the normal case; other failures only mean the offer repeats next start.
    let _ = std::fs::remove_file(path);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_round_trip_and_clear() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r/autosave.json");
        let deck = Deck::new("Unsaved");
        write_recovery(&p, &deck, Some(Path::new("/tmp/x.json"))).unwrap();
        let rec = read_recovery(&p).unwrap().unwrap();
        assert_eq!(rec.deck, deck);
        assert_eq!(rec.original.as_deref(), Some(Path::new("/tmp/x.json")));
        clear_recovery(&p);
        assert!(read_recovery(&p).is_none());
    }
}
