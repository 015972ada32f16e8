//! User Timing marks and measures: how long the app's own work takes, as the browser's
//! performance timeline (and so the benchmark and DevTools) sees it. Costs nothing when no one
//! reads them, and never fails the app.

/// The page's performance timeline, if the browser has one.
fn performance() -> Option<web_sys::Performance> {
    web_sys::window()?.performance()
}

/// Sets the mark `name` now.
pub fn mark(name: &str) {
    if let Some(p) = performance() {
        let _ = p.mark(name);
    }
}

/// Runs `work` and records how long it took as the measure `name` (between the marks
/// `name:start` and `name:end`).
pub fn measure<T>(name: &str, work: impl FnOnce() -> T) -> T {
    let Some(p) = performance() else {
        return work();
    };
    let (start, end) = (format!("{name}:start"), format!("{name}:end"));
    let _ = p.mark(&start);
    let out = work();
    let _ = p.mark(&end);
    let _ = p.measure_with_start_mark_and_end_mark(name, &start, &end);
    out
}
