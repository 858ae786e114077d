//! How wide the side panels may be, so the preview always keeps at least half the window.

/// Share of the window width each side panel may take at most (the three add up to a half).
pub const LIBRARY_SHARE: f32 = 0.19;
/// See [`LIBRARY_SHARE`].
pub const SLIDES_SHARE: f32 = 0.13;
/// See [`LIBRARY_SHARE`].
pub const EDITOR_SHARE: f32 = 0.18;

/// (default, min, max) width in points of a side panel that may take `share` of a window
/// `window_w` wide, preferring `default` and never narrower than `min` unless the window is.
pub fn side_width(window_w: f32, share: f32, default: f32, min: f32) -> (f32, f32, f32) {
    let max = (window_w * share).max(120.0);
    let min = min.min(max);
    (default.clamp(min, max), min, max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panels_leave_half_the_window_to_the_preview() {
        for w in [1024.0f32, 1440.0, 1600.0, 2560.0] {
            let total: f32 = [
                side_width(w, LIBRARY_SHARE, 290.0, 200.0).2,
                side_width(w, SLIDES_SHARE, 215.0, 140.0).2,
                side_width(w, EDITOR_SHARE, 300.0, 200.0).2,
            ]
            .iter()
            .sum();
            assert!(w - total >= w * 0.5 - 0.5, "{w}: panels take {total}");
        }
    }
}
