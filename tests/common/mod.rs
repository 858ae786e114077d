//! Helpers shared by the integration tests.

use std::path::Path;

/// Compares `got` with `tests/golden/<name>`; `BRIEFDECK_BLESS=1` writes it instead.
pub fn golden(name: &str, got: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("BRIEFDECK_BLESS").is_some() {
        std::fs::write(&path, got).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing {}; run with BRIEFDECK_BLESS=1 to create it",
            path.display()
        )
    });
    if got != want {
        let diff: Vec<String> = got
            .lines()
            .zip(want.lines())
            .filter(|(a, b)| a != b)
            .take(5)
            .map(|(a, b)| format!("got:  {a}\nwant: {b}"))
            .collect();
        panic!(
            "{name} changed (BRIEFDECK_BLESS=1 to accept):\n{}",
            diff.join("\n")
        );
    }
}
