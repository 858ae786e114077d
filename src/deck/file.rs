//! The deck file: versioned JSON, strict reading with line/column errors, atomic saving.

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::model::Deck;

/// The file format version this build writes. Version 1 files (slide text as plain strings) are
/// read and upgraded in memory; version 2 files (no marking settings) and version 3 files (no
/// memo settings) and version 4 files (no library revisions on slides, no stale-after age) read
/// as they are, with the default settings. All are written back as the
/// current version on the next save.
pub const FORMAT_VERSION: u32 = 5;

/// Most caveats a deck's marking settings may list.
pub const MAX_CAVEATS: usize = 32;

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
    /// Not a regular file, or too large to be a deck.
    #[error(transparent)]
    Limit(#[from] crate::limits::ReadError),
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
    /// The path to write is not a regular file (a folder, device, pipe, or a broken link).
    #[error("{path} is {what}")]
    NotRegular {
        /// The path.
        path: String,
        /// What it is.
        what: String,
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
    format_version: Option<serde_json::Value>,
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
    // A deck of the current format (as its first key says; the parse itself confirms it) is
    // read in one pass; anything else (an older format, a newer one, or an error to explain)
    // goes through the version probe first, a pass of its own.
    if leading_version(text) == Some(u64::from(FORMAT_VERSION)) {
        if let Ok(file) = serde_json::from_str::<FileIn>(text) {
            if file.format_version == FORMAT_VERSION {
                return check_deck(path, file.deck);
            }
        }
    }
    let probe: VersionProbe = serde_json::from_str(text).map_err(|e| {
        malformed(
            &e,
            "the file is not valid JSON; fix it at this position, or restore a backup or the recovery copy",
        )
    })?;
    let version = match probe.format_version {
        None => {
            return Err(DeckFileError::Malformed {
                path: path.to_owned(),
                line: 1,
                column: 1,
                message: "missing field `format_version`".into(),
                hint: "this is not a BriefDeck deck file; create one with `briefdeck new`".into(),
            })
        }
        Some(v) => match v.as_u64() {
            Some(n) if n > u64::from(FORMAT_VERSION) => {
                return Err(DeckFileError::TooNew {
                    path: path.to_owned(),
                    found: u32::try_from(n).unwrap_or(u32::MAX),
                    supported: FORMAT_VERSION,
                })
            }
            Some(n) if n >= 1 => n,
            _ => {
                return Err(DeckFileError::Malformed {
                    path: path.to_owned(),
                    line: 1,
                    column: 1,
                    message: format!("`format_version` is {v}, which no BriefDeck wrote"),
                    hint: format!(
                        "a deck file's format_version is a whole number from 1 to {FORMAT_VERSION}"
                    ),
                })
            }
        },
    };
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
    if version == 1 {
        // Version 1: upgrade the JSON, then read it as version 2. Positions in errors refer to
        // the version-1 text where serde reports them (the parse of the text itself).
        let file: FileInValue =
            serde_json::from_str(text).map_err(|e| malformed(&e, hint_for(&e)))?;
        let mut value = file.deck;
        super::upgrade::v1_to_v2(&mut value);
        let deck: Deck = serde_json::from_value(value).map_err(|e| DeckFileError::Malformed {
            path: path.to_owned(),
            line: 1,
            column: 1,
            message: format!("in this version-1 deck: {e}"),
            hint: format!(
                "{}; the file was written by an older BriefDeck or by hand",
                hint_for(&e)
            ),
        })?;
        return check_deck(path, deck);
    }
    let file: FileIn = serde_json::from_str(text).map_err(|e| malformed(&e, hint_for(&e)))?;
    check_deck(path, file.deck)
}

/// The number after a leading `{"format_version":` (as BriefDeck writes deck files), if the text
/// starts so; a hint only, which the full parse confirms.
fn leading_version(text: &str) -> Option<u64> {
    let rest = text.trim_start().strip_prefix('{')?.trim_start();
    let rest = rest.strip_prefix("\"format_version\"")?.trim_start();
    let rest = rest.strip_prefix(':')?.trim_start();
    let digits = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    rest.get(..digits)?.parse().ok()
}

/// What the JSON schema cannot say: slide ids are unique, and the deck stays within the limits.
fn check_deck(path: &str, deck: Deck) -> Result<Deck, DeckFileError> {
    use crate::limits::{MAX_BLOCKS_PER_SLIDE, MAX_SLIDES};
    let bad = |message: String, hint: &str| DeckFileError::Malformed {
        path: path.to_owned(),
        line: 1,
        column: 1,
        message,
        hint: hint.to_owned(),
    };
    if deck.slides.len() > MAX_SLIDES {
        return Err(bad(
            format!(
                "the deck has {} slides; at most {MAX_SLIDES} are read",
                deck.slides.len()
            ),
            "split it into several decks",
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, s) in deck.slides.iter().enumerate() {
        if !seen.insert(s.id) {
            return Err(bad(
                format!(
                    "slide {} has the id {}, which an earlier slide already has",
                    i + 1,
                    s.id
                ),
                "give every slide its own id (the app and `briefdeck new` do this)",
            ));
        }
        let marks = s
            .body
            .blocks()
            .into_iter()
            .filter_map(|b| b.mark)
            .find(|m| !super::block::mark_is_valid(m));
        if let Some(m) = marks {
            return Err(bad(
                format!(
                    "slide {} has the portion mark {:?}, which is not a marking label",
                    i + 1,
                    m.chars().take(40).collect::<String>()
                ),
                "a portion mark is 1–24 capital letters, digits, `/`, `-` or spaces, e.g. `C` or `CUI`",
            ));
        }
        let blocks = s.body.block_count();
        if blocks > MAX_BLOCKS_PER_SLIDE {
            return Err(bad(
                format!(
                    "slide {} holds {blocks} bullets, paragraphs or entries; at most {MAX_BLOCKS_PER_SLIDE} are read",
                    i + 1
                ),
                "a slide carries one message: move the rest to other slides or the notes",
            ));
        }
    }
    let caveats = deck.meta.markings.caveats.len();
    if caveats > MAX_CAVEATS {
        return Err(bad(
            format!("the deck lists {caveats} caveats; at most {MAX_CAVEATS} are read"),
            "a banner joins every caveat: keep the ones that apply to the whole deck",
        ));
    }
    Ok(deck)
}

/// Reads a deck file.
pub fn load(path: &Path) -> Result<Deck, DeckFileError> {
    let shown = path.display().to_string();
    let bytes = crate::limits::read_file(path, crate::limits::MAX_DECK_BYTES)?;
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

/// How old a leftover temporary file of ours must be before a write to its folder removes it.
const STALE_TEMP_AGE: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// Where bytes for `path` really go: `path` itself when it is a regular file or does not exist
/// yet; the file a symbolic link points to (the link is kept, its target replaced atomically).
/// Anything else (a device, a pipe, a folder, a link to nothing) is refused.
fn write_target(path: &Path) -> Result<std::path::PathBuf, DeckFileError> {
    let shown = path.display().to_string();
    let not_regular = |what: &str| DeckFileError::NotRegular {
        path: shown.clone(),
        what: what.to_owned(),
    };
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(path.to_path_buf()),
        Err(source) => {
            return Err(DeckFileError::Write {
                path: shown,
                source,
            })
        }
    };
    let (target, meta) = if meta.file_type().is_symlink() {
        let real = std::fs::canonicalize(path)
            .map_err(|_| not_regular("a link that points to nothing"))?;
        match std::fs::metadata(&real) {
            Ok(m) => (real, m),
            Err(_) => return Err(not_regular("a link that points to nothing")),
        }
    } else {
        (path.to_path_buf(), meta)
    };
    if meta.is_file() {
        Ok(target)
    } else if meta.is_dir() {
        Err(not_regular("a folder"))
    } else {
        Err(not_regular("a device, pipe or socket, not a regular file"))
    }
}

/// This machine's name as it appears in our temporary files' names (letters and digits only),
/// so a process id is only trusted for files written on this machine.
pub fn host_tag() -> String {
    let name = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .unwrap_or_default();
    let tag: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(24)
        .collect();
    if tag.is_empty() {
        "host".to_owned()
    } else {
        tag
    }
}

/// The name prefix of our temporary files: `.briefdeck-<host>-<pid>-`.
fn temp_prefix() -> String {
    format!(".briefdeck-{}-{}-", host_tag(), std::process::id())
}

/// True when the process that made a temporary file named `.briefdeck-<host>-<pid>-….tmp` on
/// this machine is gone (where the system lets us tell), or when the file is older than
/// [`STALE_TEMP_AGE`] (files from other machines, or of unknown origin).
fn is_stale_temp(name: &str, modified_age: Option<std::time::Duration>) -> bool {
    let mut parts = name.strip_prefix(".briefdeck-").unwrap_or("").split('-');
    let (host, pid) = (
        parts.next(),
        parts.next().and_then(|p| p.parse::<u32>().ok()),
    );
    let here = host == Some(host_tag().as_str());
    let proc_fs = Path::new("/proc/self").exists();
    match pid {
        Some(pid) if here && pid == std::process::id() => false,
        Some(pid) if here && proc_fs => !Path::new(&format!("/proc/{pid}")).exists(),
        _ => modified_age.is_some_and(|age| age >= STALE_TEMP_AGE),
    }
}

/// Removes temporary files of ours (`.briefdeck-*.tmp`) that an interrupted write left in `dir`:
/// those whose writing process is gone, or that are older than [`STALE_TEMP_AGE`]. Failures are
/// ignored: it only tidies up.
fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(".briefdeck-") && name.ends_with(".tmp")) {
            continue;
        }
        let Ok(meta) = e.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        let age = meta.modified().ok().and_then(|t| t.elapsed().ok());
        if is_stale_temp(&name, age) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Writes bytes to `path` atomically (see [`save`]). A symbolic link is written through (its
/// target is replaced atomically); a path that is a folder, device or pipe is refused. Stale
/// temporary files left by interrupted writes in the folder are removed first.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), DeckFileError> {
    write_atomic_with(path, bytes, true)
}

/// [`write_atomic`] for output that can be made again (an exported PDF): the file's bytes
/// still reach the disk before it replaces the old one, so a crash leaves the old file or the
/// new one, whole; but the folder is not flushed after the rename, so a crash right after it
/// may bring back the old file. Saves the folder flush (about half a millisecond) per export.
pub fn write_atomic_output(path: &Path, bytes: &[u8]) -> Result<(), DeckFileError> {
    write_atomic_with(path, bytes, false)
}

fn write_atomic_with(path: &Path, bytes: &[u8], sync_dir: bool) -> Result<(), DeckFileError> {
    AtomicWrite::begin(path)?.commit_checked(bytes, sync_dir, false)
}

/// An atomic write begun before its bytes are ready: the target checked, stale temporary files
/// removed and the temporary file created, so only writing, flushing and renaming are left
/// (the CLI begins the PDF's write while the deck is laid out). Dropped without
/// [`AtomicWrite::commit`], it removes its temporary file and leaves the target as it was.
pub struct AtomicWrite {
    /// The path asked for, as given.
    requested: std::path::PathBuf,
    shown: String,
    target: std::path::PathBuf,
    dir: std::path::PathBuf,
    tmp: tempfile::NamedTempFile,
}

impl AtomicWrite {
    /// Checks `path` (see [`write_atomic`]) and creates the temporary file beside its target.
    pub fn begin(path: &Path) -> Result<AtomicWrite, DeckFileError> {
        let shown = path.display().to_string();
        let target = write_target(path)?;
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => std::path::PathBuf::from("."),
        };
        remove_stale_temps(&dir);
        let prefix = temp_prefix();
        let tmp = tempfile::Builder::new()
            .prefix(&prefix)
            .suffix(".tmp")
            .tempfile_in(&dir)
            .map_err(|source| DeckFileError::Write {
                path: shown.clone(),
                source,
            })?;
        Ok(AtomicWrite {
            requested: path.to_path_buf(),
            shown,
            target,
            dir,
            tmp,
        })
    }

    /// Writes `bytes` (see [`write_atomic_output`]: the folder is flushed after the rename only
    /// when `sync_dir`).
    pub fn commit(self, bytes: &[u8], sync_dir: bool) -> Result<(), DeckFileError> {
        self.commit_checked(bytes, sync_dir, true)
    }

    /// [`AtomicWrite::commit`]; `recheck`: first make sure the path still leads where it did.
    fn commit_checked(
        self,
        bytes: &[u8],
        sync_dir: bool,
        recheck: bool,
    ) -> Result<(), DeckFileError> {
        let AtomicWrite {
            requested,
            shown,
            target,
            dir,
            mut tmp,
        } = self;
        let path = target.as_path();
        let err = |source| DeckFileError::Write {
            path: shown.clone(),
            source,
        };
        // The path may have changed since the write began (a link made there, say): then the
        // write starts afresh, so it goes where the path now leads.
        if recheck && write_target(&requested).ok().as_deref() != Some(path) {
            drop(tmp);
            return AtomicWrite::begin(&requested)?.commit_checked(bytes, sync_dir, false);
        }
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
        if !sync_dir {
            return Ok(());
        }
        #[cfg(unix)]
        if let Ok(d) = std::fs::File::open(&dir) {
            // Make the rename durable; failure here does not endanger the data already written.
            let _ = d.sync_all();
        }
        #[cfg(not(unix))]
        let _ = (sync_dir, &dir);
        Ok(())
    }
}

impl crate::error::Hinted for DeckFileError {
    fn hint(&self) -> Option<String> {
        use crate::error::hint;
        match self {
            DeckFileError::Read { .. } => hint("check that the file exists and is readable"),
            DeckFileError::Limit(e) => crate::error::Hinted::hint(e),
            DeckFileError::Malformed { hint, .. } => Some(hint.clone()),
            DeckFileError::TooNew { .. } => hint("open it with a newer BriefDeck"),
            DeckFileError::Serialize { .. } => {
                hint("this is a bug; please report it; the previous file was not changed")
            }
            DeckFileError::NotRegular { .. } => {
                hint("choose the path of a regular file, or a new file name")
            }
            DeckFileError::Write { .. } => hint(
                "check that the folder exists, is writable and has free space; the previous file was not changed",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_leading_version_is_read_only_from_a_first_key() {
        assert_eq!(
            leading_version("{\"format_version\": 2, \"deck\": {}}"),
            Some(2)
        );
        assert_eq!(leading_version(" {\n \"format_version\" :1,"), Some(1));
        assert_eq!(
            leading_version("{\"deck\": {}, \"format_version\": 2}"),
            None
        );
        assert_eq!(leading_version("{\"format_version\": \"2\"}"), None);
        assert_eq!(leading_version("[]"), None);
        assert_eq!(leading_version(""), None);
    }

    #[test]
    fn a_current_deck_reads_the_same_through_the_one_pass_path() {
        let lib = crate::library::Library::builtin().unwrap();
        let deck = crate::deck::sample_deck(&lib).unwrap();
        let text = to_json(&deck).unwrap();
        assert_eq!(leading_version(&text), Some(u64::from(FORMAT_VERSION)));
        let back = from_json("s.json", &text).unwrap();
        assert_eq!(to_json(&back).unwrap(), text);
        // A current deck with an unknown field still gets the full explanation.
        let bad = text.replacen("\"deck\": {", "\"deck\": {\n    \"colour\": 1,", 1);
        assert!(matches!(
            from_json("s.json", &bad),
            Err(DeckFileError::Malformed { .. })
        ));
    }
}
