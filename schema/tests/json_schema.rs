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
        .collect();
    assert!(files.len() >= 5, "{files:?}");
    for path in files {
        let doc: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("JSON");
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
        "schema_version": 1,
        "id": "bp_x",
        "stages": [{ "id": "st_1" }],
        "lanes": [{ "id": "ln_1", "kind": "customer" }],
        "cards": [{ "id": "cd_1", "lane": "ln_1", "stage": "st_1", "kind": "action" }]
    });
    assert!(validator.is_valid(&base));
    let mutations: [(&str, Value); 8] = [
        ("/format", "other".into()),
        ("/schema_version", 2.into()),
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
