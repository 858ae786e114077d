//! Phase timings on standard error, for measuring where an export's time goes: set
//! `BRIEFDECK_TRACE=1` and each phase prints the milliseconds since the first mark and the
//! thread it ran on. Off (one environment lookup a mark) otherwise.

/// Prints `label` with the time since the process's first mark, when `BRIEFDECK_TRACE` is set.
pub fn mark(label: &str) {
    static ON: std::sync::OnceLock<Option<std::time::Instant>> = std::sync::OnceLock::new();
    let start =
        ON.get_or_init(|| std::env::var_os("BRIEFDECK_TRACE").map(|_| std::time::Instant::now()));
    if let Some(t) = start {
        eprintln!(
            "{:8.3} ms  {:?}  {label}",
            t.elapsed().as_secs_f64() * 1000.0,
            std::thread::current().id()
        );
    }
}
