//! The migration machinery through the whole load path, with a fixture migration from an
//! imagined draft version 0 to version 1 (`fixtures/migration-fixture/`): the real registry
//! is still empty, so without this nothing would run a migration at all.

mod common;

use serde_json::{Map, Value};
use stageline_schema::load::load_str_with;
use stageline_schema::migrate::{check_registry, migrate, Migration};
use stageline_schema::{load_str, LoadError, CURRENT_SCHEMA_VERSION};

fn fixture(name: &str) -> String {
    let path = common::workspace_path(&format!("schema/tests/fixtures/migration-fixture/{name}"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn object(v: &mut Value) -> Result<&mut Map<String, Value>, String> {
    v.as_object_mut().ok_or_else(|| "not an object".to_string())
}

/// Draft 0 → 1: the top-level `title` moves into `metadata`, `arrows` become `connections`,
/// and each card's `type` becomes its `kind`. Not idempotent on purpose: a second run finds
/// no `title` and fails, so a machinery that applies a step twice is caught.
fn draft_to_v1(v: &mut Value) -> Result<(), String> {
    let map = object(v)?;
    let title = map
        .remove("title")
        .ok_or("a draft document has a top-level `title`")?;
    let metadata = map
        .entry("metadata")
        .or_insert_with(|| Value::Object(Map::new()));
    object(metadata)?.insert("title".into(), title);
    if let Some(arrows) = map.remove("arrows") {
        map.insert("connections".into(), arrows);
    }
    if let Some(Value::Array(cards)) = map.get_mut("cards") {
        for card in cards {
            let card = object(card)?;
            let kind = card.remove("type").ok_or("a draft card has a `type`")?;
            card.insert("kind".into(), kind);
        }
    }
    Ok(())
}

/// A step that must never run when loading to the current version.
fn must_not_run(_: &mut Value) -> Result<(), String> {
    Err("a migration beyond the target version ran".into())
}

const DRAFT: Migration = Migration {
    from: 0,
    to: 1,
    description: "moves the title into metadata, renames arrows and card types",
    migrate: draft_to_v1,
};

const BEYOND: Migration = Migration {
    from: 1,
    to: 2,
    description: "a later version this build does not have",
    migrate: must_not_run,
};

#[test]
fn the_fixture_registry_is_a_chain_to_the_current_version() {
    assert_eq!(
        CURRENT_SCHEMA_VERSION, 1,
        "update the fixture for the new version"
    );
    assert_eq!(check_registry(&[DRAFT], 0, CURRENT_SCHEMA_VERSION), Ok(()));
}

#[test]
fn a_draft_document_migrates_to_exactly_the_current_document() {
    let loaded = load_str_with(&fixture("v0.json"), &[DRAFT]).expect("the draft loads");
    assert_eq!(loaded.migrated_from, Some(0));
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let expected = load_str(&fixture("v1.json")).expect("the expected document loads");
    assert!(expected.warnings.is_empty(), "{:?}", expected.warnings);
    assert_eq!(expected.migrated_from, None);
    assert_eq!(loaded.blueprint, expected.blueprint);
    assert_eq!(loaded.blueprint.metadata.title, "Coffee to go");
    assert_eq!(loaded.blueprint.connections.len(), 1);
}

#[test]
fn only_the_steps_up_to_the_current_version_run_in_order_once() {
    // Listed out of order, with a step beyond the current version that fails if it runs.
    let loaded = load_str_with(&fixture("v0.json"), &[BEYOND, DRAFT]).expect("loads");
    let expected = load_str(&fixture("v1.json")).expect("loads").blueprint;
    assert_eq!(loaded.blueprint, expected);

    // The fixture step catches a second run, so the equality above also means "once".
    let mut value: Value = serde_json::from_str(&fixture("v0.json")).expect("JSON");
    assert_eq!(migrate(&mut value, 0, 1, &[DRAFT]), Ok(vec![0]));
    assert_eq!(value["schema_version"], 1);
    assert!(draft_to_v1(&mut value).is_err(), "a second run must fail");
}

#[test]
fn without_the_migration_the_draft_is_refused_and_a_failing_step_is_reported() {
    // The real registry has no step from 0: the load path says so instead of typing the draft.
    assert_eq!(
        load_str(&fixture("v0.json")).map(|l| l.blueprint),
        Err(LoadError::NoMigration { from: 0 })
    );
    // A draft the step cannot read: the error names the step.
    let broken = fixture("v0.json").replace("\"title\": \"Coffee to go\",", "");
    assert!(matches!(
        load_str_with(&broken, &[DRAFT]),
        Err(LoadError::Migration { from: 0, to: 1, .. })
    ));
    // A current document is not migrated by the fixture registry.
    let current = load_str_with(&fixture("v1.json"), &[DRAFT]).expect("loads");
    assert_eq!(current.migrated_from, None);
}
