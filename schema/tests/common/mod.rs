//! Helpers shared by the integration tests.

use std::path::PathBuf;

/// A path relative to the workspace root (the parent of the schema crate).
pub fn workspace_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative)
}

#[allow(dead_code)]
/// Compares a committed generated file with `expected`; with `STAGELINE_BLESS=1`, rewrites it.
pub fn check_or_bless(relative: &str, expected: &str) {
    let path = workspace_path(relative);
    if std::env::var_os("STAGELINE_BLESS").is_some_and(|v| v == "1") {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("create directory");
        }
        std::fs::write(&path, expected).expect("write blessed file");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == expected,
        "{relative} is out of date with the Rust code that generates it.\n\
         Regenerate it with: STAGELINE_BLESS=1 cargo test -p stageline-schema --all-features\n\
         then review the diff and commit it."
    );
}
