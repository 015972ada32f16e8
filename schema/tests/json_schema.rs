//! The committed JSON Schema is current, and an independent validator accepts every example
//! and valid fixture under it (and rejects what it should).
#![cfg(feature = "json-schema")]

#[path = "common/mod.rs"]
mod common;

use serde_json::Value;

const SCHEMA_FILE: &str = "public/schema/blueprint.schema.json";

#[test]
fn committed_schema_is_up_to_date() {
    common::check_or_bless(
        SCHEMA_FILE,
        &stageline_schema::schema_gen::json_schema_string(),
    );
}

fn committed_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(common::workspace_path(SCHEMA_FILE))
        .expect("committed schema exists");
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles")
}

fn json_files(dir: &str) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(common::workspace_path(dir))
        .expect("directory exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter(|p| !p.ends_with("index.json"))
        .collect();
    files.sort();
    files
}

#[test]
fn examples_and_valid_fixtures_validate_against_the_committed_schema() {
    let validator = committed_validator();
    let files: Vec<_> = json_files("public/examples")
        .into_iter()
        .chain(json_files("schema/tests/fixtures/v1"))
        .chain(json_files("schema/tests/fixtures/migrations"))
        .collect();
    assert!(files.len() >= 6, "{files:?}");
    for path in files {
        let mut doc: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("JSON");
        // The schema is the current version's: an older fixture is checked as the migrations
        // make it (for version 1, itself with the new version stamped, which is the claim of
        // the step 1 → 2: it only adds optional fields).
        let version = doc["schema_version"].as_u64().expect("a version");
        let version = u32::try_from(version).expect("a small version");
        stageline_schema::migrate::migrate(
            &mut doc,
            version,
            stageline_schema::CURRENT_SCHEMA_VERSION,
            stageline_schema::migrate::MIGRATIONS,
        )
        .expect("migrates");
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{}:\n{}",
            path.display(),
            errors.join("\n")
        );
    }
}

#[test]
fn schema_rejects_what_the_format_forbids() {
    let validator = committed_validator();
    let base = serde_json::json!({
        "format": "stageline.blueprint",
        "schema_version": stageline_schema::CURRENT_SCHEMA_VERSION,
        "id": "bp_x",
        "metadata": {
            "kind": "to_be",
            "derived_from": { "blueprint": "bp_y", "title": "Y", "version": "v1",
                              "at": "2026-03-04T08:15:30.500Z" }
        },
        "stages": [{ "id": "st_1" }],
        "lanes": [{ "id": "ln_1", "kind": "customer" }],
        "cards": [{ "id": "cd_1", "lane": "ln_1", "stage": "st_1", "kind": "action" }]
    });
    assert!(validator.is_valid(&base));
    let mutations: [(&str, Value); 13] = [
        ("/format", "other".into()),
        ("/schema_version", 1.into()),
        (
            "/schema_version",
            (stageline_schema::CURRENT_SCHEMA_VERSION + 1).into(),
        ),
        ("/metadata/kind", "as-is".into()),
        ("/metadata/derived_from/blueprint", "bad id".into()),
        ("/metadata/derived_from/at", "yesterday".into()),
        ("/metadata/derived_from", "bp_y".into()),
        ("/id", "bad id".into()),
        ("/cards/0/emotion", 3.into()),
        ("/cards/0/kind", "sticker".into()),
        ("/cards/0/typical_duration_secs", (-5).into()),
        (
            "/cards/0/links",
            serde_json::json!([{ "label": "x", "url": "javascript:x" }]),
        ),
        ("/lanes/0/zone", "outer_space".into()),
    ];
    for (pointer, bad) in mutations {
        let mut doc = base.clone();
        let (parent, key) = pointer.rsplit_once('/').expect("pointer");
        let target = if parent.is_empty() {
            &mut doc
        } else {
            doc.pointer_mut(parent).expect("parent")
        };
        target[key] = bad;
        assert!(!validator.is_valid(&doc), "{pointer} should be rejected");
    }
}

#[test]
fn schema_documents_ids_units_and_ranges() {
    let schema = stageline_schema::schema_gen::json_schema();
    let text = schema.to_string();
    assert_eq!(schema["$id"], stageline_schema::schema_gen::SCHEMA_ID);
    assert!(text.contains(stageline_schema::ids::ID_PATTERN));
    assert!(text.contains("in seconds"));
    assert!(text.contains("\"const\":\"stageline.blueprint\""));
    let emotion = &schema["$defs"]["Card"]["properties"]["emotion"];
    assert_eq!(emotion["minimum"], -2, "{emotion}");
    assert_eq!(emotion["maximum"], 2, "{emotion}");
}

/// Every `format` keyword in a schema value, with its JSON pointer.
fn formats(value: &Value, at: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                if key == "format" {
                    if let Some(f) = v.as_str() {
                        out.push((at.to_string(), f.to_string()));
                    }
                }
                if !matches!(key.as_str(), "const" | "enum" | "default" | "examples") {
                    formats(v, &format!("{at}/{key}"), out);
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                formats(v, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn schema_uses_only_standard_formats() {
    let schema = stageline_schema::schema_gen::json_schema();
    let mut found = Vec::new();
    formats(&schema, "", &mut found);
    let standard = stageline_schema::schema_gen::STANDARD_FORMATS;
    let unknown: Vec<_> = found
        .iter()
        .filter(|(_, f)| !standard.contains(&f.as_str()))
        .collect();
    assert!(unknown.is_empty(), "non-standard formats: {unknown:?}");
    // The only format the blueprint needs is the timestamps' date-time.
    assert!(
        found.iter().all(|(_, f)| f == "date-time") && !found.is_empty(),
        "{found:?}"
    );
}

#[test]
fn schema_keeps_the_ranges_the_rust_types_imply() {
    let schema = stageline_schema::schema_gen::json_schema();
    let defs = &schema["$defs"];
    let card = &defs["Card"]["properties"];
    for field in [
        "typical_duration_secs",
        "wait_before_secs",
        "wait_tolerance_secs",
        "sla_secs",
    ] {
        assert_eq!(card[field]["minimum"], 0, "{field}: {}", card[field]);
        assert_eq!(card[field]["maximum"], u64::MAX, "{field}: {}", card[field]);
        assert!(card[field].get("format").is_none(), "{field}");
    }
    let stage = &defs["Stage"]["properties"]["target_duration_secs"];
    assert_eq!(stage["maximum"], u64::MAX, "{stage}");
    // The emotion keeps its own tighter range, not i8's.
    assert_eq!(card["emotion"]["minimum"], -2);
    assert_eq!(card["emotion"]["maximum"], 2);
    assert!(card["emotion"].get("format").is_none());
    for field in ["target", "value"] {
        let kpi = &defs["Kpi"]["properties"][field];
        assert_eq!(kpi["type"], serde_json::json!(["number", "null"]), "{kpi}");
        assert!(kpi.get("format").is_none(), "{kpi}");
    }
    let required = schema["required"].as_array().expect("required");
    for key in ["format", "schema_version", "id", "stages", "lanes"] {
        assert!(required.contains(&key.into()), "{key} is required");
    }
}

#[test]
fn numeric_formats_become_ranges_and_tighter_bounds_stay() {
    let mut schema = serde_json::json!({
        "properties": {
            "format": { "type": "string" },
            "a": { "type": "integer", "format": "uint64", "minimum": 0 },
            "b": { "type": "integer", "format": "int8", "minimum": -2, "maximum": 300 },
            "c": { "type": ["number", "null"], "format": "double" },
            "d": { "type": "string", "format": "date-time" },
            "e": { "const": { "format": "int8" } },
            "f": { "anyOf": [{ "type": "integer", "format": "uint16" }] }
        }
    });
    stageline_schema::schema_gen::standard_keywords_only(&mut schema);
    let p = &schema["properties"];
    assert_eq!(p["format"], serde_json::json!({ "type": "string" }));
    assert_eq!(
        p["a"],
        serde_json::json!({ "type": "integer", "minimum": 0, "maximum": u64::MAX })
    );
    assert_eq!(
        p["b"],
        serde_json::json!({ "type": "integer", "minimum": -2, "maximum": 127 })
    );
    assert_eq!(p["c"], serde_json::json!({ "type": ["number", "null"] }));
    assert_eq!(p["d"]["format"], "date-time");
    assert_eq!(p["e"]["const"]["format"], "int8", "data is left alone");
    assert_eq!(
        p["f"]["anyOf"][0],
        serde_json::json!({ "type": "integer", "minimum": 0, "maximum": 65535 })
    );
}
