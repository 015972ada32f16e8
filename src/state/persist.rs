//! Keeping the open blueprint in the browser's local storage (the first step of issue 5).
//!
//! Each blueprint lives under its own key, `stageline:v1:doc:<id>`, and `stageline:v1:last`
//! names the one open most recently. Everything read back goes through the schema crate's one
//! load path. A stored entry that fails to load is never overwritten: the editor then starts a
//! new blueprint under a new ID and says so.

use gloo_storage::{LocalStorage, Storage};
use stageline_schema::{load_str, to_json_compact, Blueprint, BlueprintId};

/// The key prefix of stored blueprints.
pub const DOC_PREFIX: &str = "stageline:v1:doc:";
/// The key naming the blueprint open most recently.
pub const LAST_KEY: &str = "stageline:v1:last";

/// The storage key of a blueprint.
pub fn doc_key(id: &BlueprintId) -> String {
    format!("{DOC_PREFIX}{id}")
}

/// What opening the last blueprint found.
pub enum Restored {
    /// The last blueprint, loaded (with the load path's warnings, if any).
    Loaded(Box<Blueprint>, Vec<String>),
    /// Nothing stored yet.
    Nothing,
    /// A stored blueprint that could not be loaded; it is left untouched under its key.
    Broken {
        /// The storage key of the entry kept aside.
        key: String,
        /// Why it failed to load.
        reason: String,
    },
}

/// Reads back the blueprint open most recently.
pub fn restore_last() -> Restored {
    let storage = LocalStorage::raw();
    let Ok(Some(id)) = storage.get_item(LAST_KEY) else {
        return Restored::Nothing;
    };
    let key = format!("{DOC_PREFIX}{id}");
    match storage.get_item(&key) {
        Ok(Some(text)) => match load_str(&text) {
            Ok(loaded) => Restored::Loaded(
                Box::new(loaded.blueprint),
                loaded.warnings.iter().map(ToString::to_string).collect(),
            ),
            Err(err) => Restored::Broken {
                key,
                reason: err.to_string(),
            },
        },
        _ => Restored::Nothing,
    }
}

/// Writes a blueprint and marks it as the last one open; returns why when it fails.
pub fn save(doc: &Blueprint) -> Result<(), String> {
    let storage = LocalStorage::raw();
    let key = doc_key(&doc.id);
    let text = to_json_compact(doc);
    storage
        .set_item(&key, &text)
        .map_err(|e| format!("the browser refused to store the blueprint ({e:?})"))?;
    // Read back: a write that did not stick is a failure, not a success.
    match storage.get_item(&key) {
        Ok(Some(back)) if back == text => {}
        _ => return Err("the stored copy does not match; storage may be full".into()),
    }
    storage
        .set_item(LAST_KEY, doc.id.as_str())
        .map_err(|e| format!("could not remember the open blueprint ({e:?})"))
}
