//! Loading a blueprint for a command through `stageline_schema::load_bytes`, and the
//! loader's errors and warnings for people (text) and machines (JSON).

use serde::Serialize;
use serde_json::json;
use stageline_schema::{LoadError, Loaded};

use crate::io::outln;
use crate::io::{display_path, read_input, Failure};

/// Loads a blueprint, printing the load error (as text or JSON) when it fails.
pub(crate) fn load(file: &str, json: bool) -> Result<Loaded, Failure> {
    let bytes = read_input(file)?;
    stageline_schema::load_bytes(&bytes).map_err(|e| {
        if json {
            outln!(
                "{}",
                pretty(&json!({ "valid": false, "error": error_json(&e) }))
            );
            Failure::Failed(String::new())
        } else {
            Failure::Failed(format!(
                "{} is not a valid blueprint: {e}",
                display_path(file)
            ))
        }
    })
}

pub(crate) fn error_json(e: &LoadError) -> serde_json::Value {
    json!({ "code": e.code(), "path": e.path(), "message": e.to_string() })
}

pub(crate) fn warnings_json(loaded: &Loaded) -> Vec<serde_json::Value> {
    loaded
        .warnings
        .iter()
        .map(|w| {
            json!({
                "path": w.path,
                "code": w.code.as_str(),
                "message": w.message,
                "sentence": w.sentence(),
            })
        })
        .collect()
}

pub(crate) fn pretty<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// One loader warning as a line: `warning[code] path: message`.
pub(crate) fn warning_line(w: &stageline_schema::Warning) -> String {
    let at = if w.path.is_empty() {
        "(root)"
    } else {
        w.path.as_str()
    };
    format!(
        "warning[{}] {at}: {}",
        w.code,
        crate::io::terminal_safe(&w.message)
    )
}

/// Loader warnings go to standard error when the output is something else.
pub(crate) fn print_load_warnings(loaded: &Loaded) {
    for w in &loaded.warnings {
        eprintln!("{}", warning_line(w));
    }
}
