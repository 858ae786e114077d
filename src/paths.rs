//! Per-user folders: data (user packs, themes), and recovery files.

use std::path::PathBuf;

/// The per-user data folder: `$BRIEFDECK_DATA_DIR`, or the platform's data folder + `briefdeck`.
pub fn data_dir() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("BRIEFDECK_DATA_DIR") {
        return Some(PathBuf::from(p));
    }
    // The platform folder may take a user-database lookup: find it once per process.
    static PLATFORM: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    PLATFORM
        .get_or_init(|| dirs::data_dir().map(|d| d.join("briefdeck")))
        .clone()
}

/// Where user content packs live: `<data dir>/library`.
pub fn user_library_dir() -> Option<PathBuf> {
    data_dir().map(|d| d.join("library"))
}

/// Where parsed copies of library packs are kept (a cache: deleting it only makes the next
/// load parse every pack): `<data dir>/cache/packs` when `$BRIEFDECK_DATA_DIR` is set, else
/// the platform's cache folder + `briefdeck/packs`.
pub fn pack_cache_dir() -> Option<PathBuf> {
    if std::env::var_os("BRIEFDECK_DATA_DIR").is_some() {
        return data_dir().map(|d| d.join("cache").join("packs"));
    }
    dirs::cache_dir().map(|d| d.join("briefdeck").join("packs"))
}

/// Where user themes live: `<data dir>/themes`.
pub fn user_themes_dir() -> Option<PathBuf> {
    data_dir().map(|d| d.join("themes"))
}

/// The `*.toml` files directly in `dir`, sorted by name (none when the folder cannot be read).
pub fn toml_files(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}
