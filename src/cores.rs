//! How many threads work spread over the cores uses (layout, search index, PDF streams).

/// The number of cores this process may use, at most 8, read once: asking the system each
/// time costs several system calls (cgroup files), which a short export felt.
pub fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .clamp(1, 8)
    })
}
