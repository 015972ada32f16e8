//! The JSON Schema (draft 2020-12) of the blueprint format, generated from the Rust types.
//!
//! Committed at `public/schema/blueprint.schema.json`; a test fails when it is out of date
//! (`STAGELINE_BLESS=1 cargo test -p stageline-schema --all-features` rewrites it).

use crate::document::Blueprint;

/// The `$id` of the published schema.
pub const SCHEMA_ID: &str = "https://stageline.app/schema/blueprint.schema.json";

/// The JSON Schema of a blueprint document as a JSON value.
pub fn json_schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let schema = generator.into_root_schema_for::<Blueprint>();
    let mut value = schema.to_value();
    if let Some(map) = value.as_object_mut() {
        map.insert("$id".to_string(), SCHEMA_ID.into());
        map.insert("title".to_string(), "Stageline service blueprint".into());
        map.insert(
            "description".to_string(),
            "A service blueprint exported by Stageline (format \"stageline.blueprint\"). \
             Durations are whole seconds in fields ending in `_secs`; timestamps are RFC 3339 \
             strings in UTC."
                .into(),
        );
    }
    value
}

/// The JSON Schema as pretty JSON with a trailing newline, exactly as committed.
pub fn json_schema_string() -> String {
    let mut out = serde_json::to_string_pretty(&json_schema()).unwrap_or_default();
    out.push('\n');
    out
}
