//! Documented limits on what BriefDeck reads, so hostile or damaged input gets a clear message
//! instead of unbounded time or memory (README, "Limits"). Files are read only when they are
//! regular files (a pipe or device would block or never end).

use std::io::Read;
use std::path::Path;

/// Largest deck file read, in bytes (a 200-slide briefing is about 0.5 MB).
pub const MAX_DECK_BYTES: u64 = 16 * 1024 * 1024;
/// Largest theme file read, in bytes.
pub const MAX_THEME_BYTES: u64 = 1024 * 1024;
/// Largest file of a content pack read, in bytes.
pub const MAX_PACK_FILE_BYTES: u64 = 8 * 1024 * 1024;
/// Largest picture file read, in bytes.
pub const MAX_IMAGE_BYTES: u64 = 64 * 1024 * 1024;
/// Largest picture decoded, in pixels per side.
pub const MAX_IMAGE_SIDE_PX: u32 = 20_000;
/// Most content blocks (bullets, paragraphs, claims, entries) one slide may hold.
pub const MAX_BLOCKS_PER_SLIDE: usize = 500;
/// Most slides a deck may hold.
pub const MAX_SLIDES: usize = 20_000;
/// Longest text field laid out, in characters; longer text is cut with a warning.
pub const MAX_FIELD_CHARS: usize = 10_000;

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Not a regular file (a folder, pipe, device or socket).
    #[error("{path} is not a regular file")]
    NotRegular {
        /// The path.
        path: String,
    },
    /// Larger than the limit.
    #[error("{path} is larger than {limit_mb} MB")]
    TooLarge {
        /// The path.
        path: String,
        /// The limit in MB.
        limit_mb: u64,
    },
    /// The OS refused.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
}

impl crate::error::Hinted for ReadError {
    fn hint(&self) -> Option<String> {
        Some(
            match self {
                ReadError::NotRegular { .. } => "give the path of a file",
                ReadError::TooLarge { .. } => "this is far larger than any real file of this kind; check that it is the right file",
                ReadError::Io { .. } => "check that the file exists and is readable",
            }
            .to_owned(),
        )
    }
}

/// Reads a regular file of at most `max_bytes` (checked before opening, and again while reading).
pub fn read_file(path: &Path, max_bytes: u64) -> Result<Vec<u8>, ReadError> {
    let shown = path.display().to_string();
    let io = |source| ReadError::Io {
        path: shown.clone(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular { path: shown });
    }
    let too_large = || ReadError::TooLarge {
        path: shown.clone(),
        limit_mb: max_bytes / (1024 * 1024),
    };
    if meta.len() > max_bytes {
        return Err(too_large());
    }
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large());
    }
    Ok(bytes)
}
