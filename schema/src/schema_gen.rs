//! The JSON Schema (draft 2020-12) of the blueprint format, generated from the Rust types.
//!
//! Committed at `public/schema/blueprint.schema.json`; a test fails when it is out of date
//! (`STAGELINE_BLESS=1 cargo test -p stageline-schema --all-features` rewrites it).
//!
//! The schema uses only standard keywords, so that any draft 2020-12 validator accepts it as
//! it is (Ajv in its default strict mode, Python's `jsonschema`): the generator's own numeric
//! `format`s (`uint64`, `int8`, `double`, ...), which such validators refuse as unknown, are
//! replaced by the `minimum` and `maximum` they stand for ([`standard_keywords_only`]).
//! [`STANDARD_FORMATS`] lists the formats the schema may use.

use std::cmp::Ordering;

use serde_json::{Map, Number, Value};

use crate::document::Blueprint;

/// The `$id` of the published schema.
pub const SCHEMA_ID: &str = "https://stageline.app/schema/blueprint.schema.json";

/// Top-level lists the schema requires though the loader has a default for them.
const REQUIRED_LISTS: &[&str] = &["stages", "lanes"];

/// The `format` values defined by JSON Schema draft 2020-12 itself (Validation, section 7.3),
/// which every validator knows; the published schema uses no other.
pub const STANDARD_FORMATS: &[&str] = &[
    "date-time",
    "date",
    "time",
    "duration",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "uuid",
    "uri-template",
    "json-pointer",
    "relative-json-pointer",
    "regex",
];

/// The JSON Schema of a blueprint document as a JSON value.
pub fn json_schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let schema = generator.into_root_schema_for::<Blueprint>();
    let mut value = schema.to_value();
    standard_keywords_only(&mut value);
    if let Some(map) = value.as_object_mut() {
        // Stageline always writes the grid's two lists; the loader reads a file without one as
        // having none, with a warning (`no_stages`, `no_lanes`), and the schema refuses it.
        if let Some(Value::Array(required)) = map.get_mut("required") {
            for key in REQUIRED_LISTS {
                if !required.iter().any(|k| k == key) {
                    required.push((*key).into());
                }
            }
        }
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

/// The range a numeric `format` of the schema generator stands for: (minimum, maximum), each
/// `None` when the format sets no bound (a JSON number is always finite).
fn numeric_format_range(format: &str) -> Option<(Option<Number>, Option<Number>)> {
    fn signed(min: i64, max: i64) -> (Option<Number>, Option<Number>) {
        (Some(min.into()), Some(max.into()))
    }
    fn unsigned(max: u64) -> (Option<Number>, Option<Number>) {
        (Some(0u64.into()), Some(max.into()))
    }
    Some(match format {
        "int8" => signed(i8::MIN.into(), i8::MAX.into()),
        "int16" => signed(i16::MIN.into(), i16::MAX.into()),
        "int32" => signed(i32::MIN.into(), i32::MAX.into()),
        "int64" | "int" => signed(i64::MIN, i64::MAX),
        "uint8" => unsigned(u8::MAX.into()),
        "uint16" => unsigned(u16::MAX.into()),
        "uint32" => unsigned(u32::MAX.into()),
        "uint64" | "uint" => unsigned(u64::MAX),
        "uint128" => (Some(0u64.into()), None),
        "int128" | "double" => (None, None),
        "float" => (
            Number::from_f64(-f64::from(f32::MAX)),
            Number::from_f64(f64::from(f32::MAX)),
        ),
        _ => return None,
    })
}

/// Rewrites the schema generator's non-standard numeric `format`s (`uint64`, `int8`, `double`
/// and the like) into the standard `minimum` and `maximum` they imply, keeping a tighter bound
/// the schema already has (an emotion's -2..=2 stays). Values of `const`, `enum`, `default`
/// and `examples` are data, not schemas, and are left alone.
pub fn standard_keywords_only(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            let range = map
                .get("format")
                .and_then(Value::as_str)
                .and_then(numeric_format_range);
            if let Some((min, max)) = range {
                map.remove("format");
                if let Some(min) = min {
                    tighten(map, "minimum", min, Ordering::Greater);
                }
                if let Some(max) = max {
                    tighten(map, "maximum", max, Ordering::Less);
                }
            }
            for (key, value) in map.iter_mut() {
                if !matches!(key.as_str(), "const" | "enum" | "default" | "examples") {
                    standard_keywords_only(value);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(standard_keywords_only),
        _ => {}
    }
}

/// Sets `map[key]` to `bound` unless the bound already there is at least as tight:
/// `keep` is the ordering of the old bound against the new one that keeps the old
/// (`Greater` for a minimum, `Less` for a maximum; an equal bound is kept too).
fn tighten(map: &mut Map<String, Value>, key: &str, bound: Number, keep: Ordering) {
    let keep_old = map
        .get(key)
        .and_then(Value::as_number)
        .and_then(|old| compare(old, &bound))
        .is_some_and(|o| o == keep || o == Ordering::Equal);
    if !keep_old {
        map.insert(key.to_string(), Value::Number(bound));
    }
}

/// Compares two JSON numbers, integers exactly (a `u64` bound does not round to a float).
fn compare(a: &Number, b: &Number) -> Option<Ordering> {
    let exact = |n: &Number| {
        n.as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from))
    };
    match (exact(a), exact(b)) {
        (Some(a), Some(b)) => Some(a.cmp(&b)),
        _ => a.as_f64()?.partial_cmp(&b.as_f64()?),
    }
}
