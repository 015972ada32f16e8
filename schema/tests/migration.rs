//! The migration machinery through the whole load path: the real step from version 1 to 2
//! with its fixture (`fixtures/migrations/v1.json`), and a fixture migration from an imagined
//! draft version 0 to version 1 (`fixtures/migration-fixture/`) chained before the real ones,
//! which exercises a step that changes the document.

mod common;

use serde_json::{Map, Value};
use stageline_schema::load::load_str_with;
use stageline_schema::migrate::{check_registry, migrate, Migration, MIGRATIONS};
use stageline_schema::{
    load_str, to_json_pretty, BlueprintKind, LoadError, Named, CURRENT_SCHEMA_VERSION,
};

fn read(relative: &str) -> String {
    let path = common::workspace_path(&format!("schema/tests/fixtures/{relative}"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn fixture(name: &str) -> String {
    read(&format!("migration-fixture/{name}"))
}

/// The draft step followed by this build's real migrations: a chain from version 0.
fn chain() -> Vec<Migration> {
    std::iter::once(DRAFT)
        .chain(MIGRATIONS.iter().copied())
        .collect()
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
    from: CURRENT_SCHEMA_VERSION,
    to: CURRENT_SCHEMA_VERSION + 1,
    description: "a later version this build does not have",
    migrate: must_not_run,
};

#[test]
fn the_fixture_registry_is_a_chain_to_the_current_version() {
    assert_eq!(check_registry(&chain(), 0, CURRENT_SCHEMA_VERSION), Ok(()));
    assert_eq!(
        check_registry(MIGRATIONS, 1, CURRENT_SCHEMA_VERSION),
        Ok(())
    );
}

#[test]
fn a_draft_document_migrates_to_exactly_the_current_document() {
    let loaded = load_str_with(&fixture("v0.json"), &chain()).expect("the draft loads");
    assert_eq!(loaded.migrated_from, Some(0));
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let expected = load_str(&fixture("v1.json")).expect("the expected document loads");
    assert!(expected.warnings.is_empty(), "{:?}", expected.warnings);
    assert_eq!(expected.migrated_from, Some(1));
    assert_eq!(loaded.blueprint, expected.blueprint);
    assert_eq!(loaded.blueprint.metadata.title, "Coffee to go");
    assert_eq!(loaded.blueprint.connections.len(), 1);
}

#[test]
fn only_the_steps_up_to_the_current_version_run_in_order_once() {
    // Listed out of order, with a step beyond the current version that fails if it runs.
    let mut registry = vec![BEYOND];
    registry.extend(chain().into_iter().rev());
    let loaded = load_str_with(&fixture("v0.json"), &registry).expect("loads");
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
    // Without the real step from 1, the draft stops at version 1.
    assert_eq!(
        load_str_with(&fixture("v0.json"), &[DRAFT]).map(|l| l.blueprint),
        Err(LoadError::NoMigration { from: 1 })
    );
    // A current document is not migrated by the fixture registry.
    let saved = to_json_pretty(&load_str(&fixture("v1.json")).expect("loads").blueprint);
    let current = load_str_with(&saved, &chain()).expect("loads");
    assert_eq!(current.migrated_from, None);
}

/// The fixture of the real step 1 → 2 as JSON, and what Stageline writes of it once loaded.
fn v1_fixture_and_saved() -> (Value, Value) {
    let text = read("migrations/v1.json");
    let loaded = load_str(&text).expect("the version 1 fixture loads");
    assert_eq!(loaded.migrated_from, Some(1));
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let fixture: Value = serde_json::from_str(&text).expect("JSON");
    let saved: Value = serde_json::from_str(&to_json_pretty(&loaded.blueprint)).expect("JSON");
    (fixture, saved)
}

#[test]
fn a_version_1_document_migrates_to_version_2_with_every_field_intact() {
    let (fixture, saved) = v1_fixture_and_saved();
    assert_eq!(fixture["schema_version"], 1);
    assert_eq!(saved["schema_version"], CURRENT_SCHEMA_VERSION);
    // Nothing but the header changes: the step only adds optional fields.
    let mut expected = fixture.clone();
    expected["schema_version"] = Value::from(CURRENT_SCHEMA_VERSION);
    expected["generator"] = saved["generator"].clone();
    assert_eq!(saved, expected);
    // The free-text scenario stays text, and no kind or origin is invented.
    let loaded = load_str(&read("migrations/v1.json"))
        .expect("loads")
        .blueprint;
    assert_eq!(loaded.metadata.scenario, "Morning rush, paying by card");
    assert_eq!(loaded.metadata.kind, None);
    assert_eq!(loaded.metadata.derived_from, None);
    assert!(saved["metadata"].get("kind").is_none());
}

#[test]
fn the_real_step_only_stamps_the_version() {
    let (fixture, _) = v1_fixture_and_saved();
    let mut value = fixture.clone();
    assert_eq!(
        migrate(&mut value, 1, CURRENT_SCHEMA_VERSION, MIGRATIONS),
        Ok(vec![1])
    );
    let mut expected = fixture;
    expected["schema_version"] = Value::from(2);
    assert_eq!(value, expected);
    let step = MIGRATIONS
        .iter()
        .find(|m| m.from == 1)
        .expect("a step from 1");
    assert_eq!(step.to, 2);
    assert!(step.description.contains("kind") && step.description.contains("derived_from"));
    // A value that is not a document is refused by the step, with a message.
    assert!((step.migrate)(&mut Value::Null).is_err());
}

#[test]
fn a_version_3_document_is_refused_with_a_clear_message() {
    let text = read("migrations/v1.json").replace(
        "\"schema_version\": 1,",
        &format!("\"schema_version\": {},", CURRENT_SCHEMA_VERSION + 1),
    );
    let err = load_str(&text).map(|l| l.blueprint).expect_err("refused");
    assert_eq!(
        err,
        LoadError::TooNew {
            found: u64::from(CURRENT_SCHEMA_VERSION) + 1,
            supported: CURRENT_SCHEMA_VERSION
        }
    );
    let message = err.to_string();
    assert!(
        message.starts_with("Update Stageline to open this blueprint"),
        "{message}"
    );
    assert!(message.contains("schema version 3"), "{message}");
    assert!(message.contains("versions up to 2"), "{message}");
}

#[test]
fn a_version_1_document_that_already_names_a_kind_keeps_it() {
    // A version 1 reader ignored `kind`; a file written by a newer draft that still said 1
    // loads with it (nothing to migrate away), which is what the step's no-op promises.
    let text = read("migrations/v1.json").replace(
        "\"title\": \"Coffee to go\",",
        &format!(
            "\"title\": \"Coffee to go\", \"kind\": \"{}\",",
            BlueprintKind::AsIs.json_name()
        ),
    );
    let loaded = load_str(&text).expect("loads");
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert_eq!(loaded.blueprint.metadata.kind, Some(BlueprintKind::AsIs));
}
