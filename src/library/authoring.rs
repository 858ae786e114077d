//! Pack authoring from the command line: checking a pack folder (every problem with file, line,
//! item, field and hint) and starting a new, empty pack that passes that check.

use std::path::{Path, PathBuf};

use super::issue::{PackFailure, PackIssue};
use super::model::PackMeta;
use super::store::load_pack_dir;
use super::validate::is_valid_id;
use crate::error::Problem;

/// The outcome of checking one pack folder.
#[derive(Debug)]
pub enum PackCheck {
    /// The pack loads: its metadata and item counts (topics, viewpoints, facts, sources, terms).
    Valid {
        /// The folder.
        dir: PathBuf,
        /// The pack's metadata.
        meta: PackMeta,
        /// Topics, viewpoints, facts, sources and terms.
        counts: [usize; 5],
    },
    /// The pack does not load: every problem, with lines filled in where the item is found.
    Invalid {
        /// The folder.
        dir: PathBuf,
        /// The problems.
        issues: Vec<PackIssue>,
    },
}

/// Checks `dir`: a pack folder (with `pack.toml`), or a folder whose sub-folders hold packs.
/// Fails only when `dir` holds no pack at all.
pub fn validate_packs(dir: &Path) -> Result<Vec<PackCheck>, Problem> {
    let mut folders: Vec<PathBuf> = Vec::new();
    if dir.join("pack.toml").is_file() {
        folders.push(dir.to_owned());
    } else if let Ok(rd) = std::fs::read_dir(dir) {
        folders = rd
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.join("pack.toml").is_file())
            .collect();
        folders.sort();
    }
    if folders.is_empty() {
        return Err(Problem::new(
            format!("{} holds no content pack (no pack.toml)", dir.display()),
            "give a pack folder, or start one with `briefdeck library new-pack DIR --id ID --title TITLE`",
        ));
    }
    Ok(folders
        .into_iter()
        .map(|d| match load_pack_dir(&d) {
            Ok(p) => PackCheck::Valid {
                counts: [
                    p.topics.len(),
                    p.viewpoints.len(),
                    p.facts.len(),
                    p.sources.len(),
                    p.terms.len(),
                ],
                meta: p.meta,
                dir: d,
            },
            Err(PackFailure { mut issues, .. }) => {
                locate_items(&mut issues);
                PackCheck::Invalid { dir: d, issues }
            }
        })
        .collect())
}

/// Fills in the line of problems about an item that carry none: the line where the item's
/// `id = "…"` is written in its file.
pub fn locate_items(issues: &mut [PackIssue]) {
    let mut texts: Vec<(String, Option<String>)> = Vec::new();
    for issue in issues.iter_mut().filter(|i| i.line.is_none()) {
        let Some(id) = issue.item_id.clone() else {
            continue;
        };
        let text = match texts.iter().find(|(f, _)| *f == issue.file) {
            Some((_, t)) => t.clone(),
            None => {
                let t = std::fs::read_to_string(&issue.file).ok();
                texts.push((issue.file.clone(), t.clone()));
                t
            }
        };
        let Some(text) = text else { continue };
        let wanted = [format!("id = \"{id}\""), format!("id=\"{id}\"")];
        if let Some(n) = text
            .lines()
            .position(|l| wanted.iter().any(|w| l.trim() == w.as_str()))
        {
            issue.line = Some(n + 1);
        }
    }
}

/// Writes a new pack folder `dir` holding `pack.toml` (id, title, today's date as `as_of`,
/// version 0.1.0) and empty `sources.toml`, `topics.toml`, `viewpoints.toml`, `facts.toml` and
/// `glossary.toml` with a comment on what goes in each. Refuses a folder that already holds
/// files, and an id that is not lower-case letters, digits and dashes.
pub fn new_pack(dir: &Path, id: &str, title: &str, today: &str) -> Result<Vec<PathBuf>, Problem> {
    if !is_valid_id(id) {
        return Err(Problem::new(
            format!("`{id}` is not a valid pack id"),
            "use lower-case letters, digits and dashes, e.g. `my-think-tank`",
        ));
    }
    if title.trim().is_empty() {
        return Err(Problem::new(
            "the pack needs a title",
            "give one with --title, e.g. --title \"Caspian energy notes\"",
        ));
    }
    if dir.exists() {
        let occupied = std::fs::read_dir(dir)
            .map(|mut rd| rd.next().is_some())
            .unwrap_or(true);
        if occupied || !dir.is_dir() {
            return Err(Problem::new(
                format!(
                    "{} already exists and is not an empty folder",
                    dir.display()
                ),
                "choose a new folder for the pack; nothing was written",
            ));
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| {
        Problem::new(
            format!("the folder {} could not be created: {e}", dir.display()),
            "choose a folder you can write to",
        )
    })?;
    let quote = |s: &str| toml::Value::String(s.to_owned()).to_string();
    let pack = format!(
        "[pack]\nid = {}\ntitle = {}\ndescription = {}\nlanguage = \"en\"\nas_of = \"{today}\"\nversion = \"0.1.0\"\n",
        quote(id),
        quote(title.trim()),
        quote("Say what the pack covers and where its material comes from."),
    );
    let files: [(&str, String); 6] = [
        ("pack.toml", pack),
        ("sources.toml", "# [[source]] tables: id, outlet, title, date, kind, optional author and url.\n".into()),
        ("topics.toml", "# [[topic]] tables: id, title, one_line, summary, key_points, tags, sources, as_of.\n".into()),
        ("viewpoints.toml", "# [[viewpoint]] tables: id, person, outlet, affiliation, role, stance, claims, topics, sources.\n".into()),
        ("facts.toml", "# [[fact]] tables: id, date, optional end_date, statement, sources, topics.\n".into()),
        ("glossary.toml", "# [[term]] tables: id, term, expansion, note, sources (or general_knowledge = true).\n".into()),
    ];
    let mut written = Vec::new();
    for (name, text) in files {
        let path = dir.join(name);
        if let Err(e) = crate::deck::write_atomic(&path, text.as_bytes()) {
            for p in &written {
                let _ = std::fs::remove_file(p);
            }
            let _ = std::fs::remove_dir(dir);
            return Err(Problem::new(
                format!("{} could not be written: {e}", path.display()),
                "check the folder's permissions and free space; nothing was kept",
            ));
        }
        written.push(path);
    }
    Ok(written)
}
