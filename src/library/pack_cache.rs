//! Parsed copies of folder packs, so a library that has not changed loads without parsing its
//! TOML again (parsing is most of a large library's load time; reading the copy is about 8×
//! faster).
//!
//! A copy is kept per pack folder, as JSON behind one header line that holds a key: a SHA-256
//! of the pack's file names and bytes and of this build's parsing code (the library sources
//! that shape a parsed pack, and the locked dependency versions). A copy is used only when its
//! key equals the key of the files just read, so an edited file, an added or removed file, or
//! a build that parses or validates differently always parses the TOML again. Only packs that validated are
//! copied; a pack with problems is parsed every time, so its problems are reported every time.
//! The copies are a cache: one that cannot be read, or is damaged, is ignored, and one that
//! cannot be written is skipped (the load itself does not depend on it).

use std::hash::Hasher;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rustc_hash::FxHasher;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::model::{Fact, Pack, PackMeta, PackOrigin, Source, Term, Topic, Viewpoint};

/// The start of a copy's header line; bump the number when the copy's layout changes.
const HEADER: &str = "briefdeck-pack-copy 1 ";

/// What a copy holds: a pack without its origin (which is the folder it is read for).
#[derive(Deserialize)]
struct Copy {
    meta: PackMeta,
    sources: Vec<Source>,
    topics: Vec<Topic>,
    viewpoints: Vec<Viewpoint>,
    facts: Vec<Fact>,
    terms: Vec<Term>,
}

/// What a parsed pack depends on besides its files: the code that parses, validates and
/// copies it, and the dependency versions (the TOML parser's among them).
const PARSING_CODE: &[&str] = &[
    env!("CARGO_PKG_VERSION"),
    include_str!("model.rs"),
    include_str!("date.rs"),
    include_str!("parse.rs"),
    include_str!("validate.rs"),
    include_str!("link.rs"),
    include_str!("pack_cache.rs"),
    include_str!("../../Cargo.lock"),
];

/// SHA-256 of [`PARSING_CODE`], once per process.
fn build_digest() -> &'static [u8] {
    static DIGEST: OnceLock<Vec<u8>> = OnceLock::new();
    DIGEST.get_or_init(|| {
        let mut h = Sha256::new();
        for part in PARSING_CODE {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
        h.finalize().to_vec()
    })
}

/// The key of a pack's files, given as (label, file name, text), as the loader reads them:
/// SHA-256 of this build's parsing code and of every file's name and bytes, each preceded by
/// its length (so no two different sets of files are framed alike).
pub(crate) fn key_of(files: &[(String, String, String)]) -> String {
    let mut h = Sha256::new();
    h.update(build_digest());
    h.update((files.len() as u64).to_le_bytes());
    for (_, name, text) in files {
        h.update((name.len() as u64).to_le_bytes());
        h.update(name.as_bytes());
        h.update((text.len() as u64).to_le_bytes());
        h.update(text.as_bytes());
    }
    h.finalize()
        .iter()
        .fold(String::with_capacity(64), |mut hex, b| {
            hex.push_str(&format!("{b:02x}"));
            hex
        })
}

/// The file in `cache_dir` that holds the copy of the pack in `dir`.
fn copy_path(cache_dir: &Path, dir: &Path) -> PathBuf {
    let mut h = FxHasher::default();
    let full = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    h.write(full.as_os_str().as_encoded_bytes());
    cache_dir.join(format!("{:016x}.json", h.finish()))
}

/// The pack in `dir` as its copy holds it, if the copy's key is `key`.
pub(crate) fn read(cache_dir: &Path, dir: &Path, key: &str) -> Option<Pack> {
    let bytes = std::fs::read(copy_path(cache_dir, dir)).ok()?;
    let newline = memchr::memchr(b'\n', &bytes)?;
    let header = bytes.get(..newline)?;
    let wanted = [HEADER.as_bytes(), key.as_bytes()].concat();
    if header != wanted.as_slice() {
        return None;
    }
    let copy: Copy = serde_json::from_slice(bytes.get(newline + 1..)?).ok()?;
    Some(Pack {
        meta: copy.meta,
        origin: PackOrigin::Folder(dir.to_path_buf()),
        sources: copy.sources,
        topics: copy.topics,
        viewpoints: copy.viewpoints,
        facts: copy.facts,
        terms: copy.terms,
    })
}

/// Keeps a copy of `pack` (read from `dir`, whose files have `key`); replaces the file whole
/// (written beside it, then renamed), so a reader never sees half a copy. Returns whether the
/// copy was written.
pub(crate) fn write(cache_dir: &Path, dir: &Path, key: &str, pack: &Pack) -> bool {
    let attempt = || -> std::io::Result<()> {
        std::fs::create_dir_all(cache_dir)?;
        let mut tmp = tempfile::NamedTempFile::new_in(cache_dir)?;
        {
            let mut out = std::io::BufWriter::new(tmp.as_file_mut());
            out.write_all(HEADER.as_bytes())?;
            out.write_all(key.as_bytes())?;
            out.write_all(b"\n")?;
            serde_json::to_writer(&mut out, pack)?;
            out.flush()?;
        }
        tmp.persist(copy_path(cache_dir, dir))
            .map_err(|e| e.error)?;
        Ok(())
    };
    attempt().is_ok()
}
