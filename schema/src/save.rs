//! Deterministic JSON output: the same document always gives the same bytes.
//!
//! Fields appear in struct declaration order, arrays keep their order, empty optional fields
//! are left out, and the pretty form uses two-space indentation and ends with a newline, so
//! exports diff well in git. `load_str(&to_json_pretty(&doc))` gives back `doc` unchanged.

use crate::document::Blueprint;

/// The document as pretty JSON (two-space indent, trailing newline) for files and exports.
pub fn to_json_pretty(blueprint: &Blueprint) -> String {
    // Serializing these types cannot fail: every map key is a string and no custom
    // `Serialize` impl returns an error. Non-finite KPI numbers are written as `null`.
    let mut out = serde_json::to_string_pretty(blueprint).unwrap_or_default();
    out.push('\n');
    out
}

/// The document as compact single-line JSON, for browser storage and share links.
pub fn to_json_compact(blueprint: &Blueprint) -> String {
    serde_json::to_string(blueprint).unwrap_or_default()
}
