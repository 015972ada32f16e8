//! What a blueprint shows (`metadata.kind`) and where it was copied from
//! (`metadata.derived_from`), new in schema version 2: loading, saving, their JSON names, and
//! the repair of a `derived_from` that cannot be kept.

use serde_json::{json, Value};
use stageline_schema::{
    load_str, to_json_compact, to_json_pretty, BlueprintId, BlueprintKind, DerivedFrom, Named,
    Timestamp, WarningCode, CURRENT_SCHEMA_VERSION,
};

/// A small current document whose metadata is `metadata`.
fn doc(metadata: Value) -> String {
    json!({
        "format": "stageline.blueprint",
        "schema_version": CURRENT_SCHEMA_VERSION,
        "id": "bp_tobe",
        "metadata": metadata,
        "stages": [{ "id": "st_1", "name": "Order" }],
        "lanes": [{ "id": "ln_1", "kind": "customer" }]
    })
    .to_string()
}

fn saved_metadata(text: &str) -> Value {
    let loaded = load_str(text).expect("loads");
    let saved: Value = serde_json::from_str(&to_json_pretty(&loaded.blueprint)).expect("JSON");
    saved["metadata"].clone()
}

#[test]
fn kind_and_derived_from_load_and_save_unchanged() {
    let metadata = json!({
        "title": "Coffee tomorrow",
        "scenario": "Morning rush",
        "kind": "to_be",
        "derived_from": {
            "blueprint": "bp_today",
            "title": "Coffee today",
            "version": "Before the workshop",
            "at": "2026-03-04T08:15:30.500Z"
        }
    });
    let text = doc(metadata.clone());
    let loaded = load_str(&text).expect("loads");
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let m = &loaded.blueprint.metadata;
    assert_eq!(m.kind, Some(BlueprintKind::ToBe));
    assert_eq!(
        m.scenario, "Morning rush",
        "the free text stays apart from the kind"
    );
    let from = m.derived_from.as_ref().expect("derived_from");
    assert_eq!(from.blueprint, BlueprintId::new("bp_today").expect("id"));
    assert_eq!(from.title, "Coffee today");
    assert_eq!(from.version.as_deref(), Some("Before the workshop"));
    assert_eq!(
        from.at,
        Some(Timestamp::parse("2026-03-04T08:15:30.500Z").expect("timestamp"))
    );
    assert_eq!(saved_metadata(&text), metadata);
    // Pretty and compact both load back to the same document.
    for saved in [
        to_json_pretty(&loaded.blueprint),
        to_json_compact(&loaded.blueprint),
    ] {
        let again = load_str(&saved).expect("reloads");
        assert!(again.warnings.is_empty());
        assert_eq!(again.blueprint, loaded.blueprint);
    }
}

#[test]
fn absent_values_are_left_out_and_optional_parts_may_be_missing() {
    let text = doc(json!({ "title": "Plain" }));
    let saved = saved_metadata(&text);
    assert!(saved.get("kind").is_none() && saved.get("derived_from").is_none());
    // Only the original's ID is required; its title is always written.
    let text = doc(json!({ "derived_from": { "blueprint": "bp_today" } }));
    let loaded = load_str(&text).expect("loads");
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert_eq!(
        saved_metadata(&text)["derived_from"],
        json!({ "blueprint": "bp_today", "title": "" })
    );
}

#[test]
fn every_kind_is_written_with_its_name_from_the_table() {
    for kind in BlueprintKind::ALL {
        let text = doc(json!({ "kind": kind.json_name() }));
        let loaded = load_str(&text).expect("loads");
        assert_eq!(loaded.blueprint.metadata.kind, Some(kind));
        assert_eq!(saved_metadata(&text)["kind"], kind.json_name());
    }
    // An unknown kind is refused like any unknown enum value, with its path.
    let err = load_str(&doc(json!({ "kind": "as-is" }))).expect_err("refused");
    assert_eq!(err.path(), Some("metadata.kind"), "{err}");
}

#[test]
fn an_unreadable_derived_from_is_dropped_and_said_in_words() {
    let cases = [
        (
            json!({ "blueprint": "not an id!", "title": "Coffee today" }),
            "The blueprint said it was copied from the blueprint “Coffee today”, but that note could not be read; it was removed.",
        ),
        (
            json!({ "title": "Coffee today" }),
            "The blueprint said it was copied from the blueprint “Coffee today”, but that note could not be read; it was removed.",
        ),
        (
            json!({ "blueprint": "bp_today", "at": "yesterday" }),
            "The blueprint said it was copied from another blueprint, but that note could not be read; it was removed.",
        ),
        (
            json!("bp_today"),
            "The blueprint said it was copied from another blueprint, but that note could not be read; it was removed.",
        ),
    ];
    for (derived_from, sentence) in cases {
        let text =
            doc(json!({ "title": "Kept", "kind": "scenario", "derived_from": derived_from }));
        let loaded = load_str(&text).unwrap_or_else(|e| panic!("{derived_from}: {e}"));
        let [w] = loaded.warnings.as_slice() else {
            panic!("{derived_from}: {:?}", loaded.warnings)
        };
        assert_eq!(w.code, WarningCode::DerivedFromDropped);
        assert_eq!(w.path, "metadata.derived_from");
        assert_eq!(w.sentence(), sentence);
        assert!(w.message.starts_with("cannot be read ("), "{}", w.message);
        let m = &loaded.blueprint.metadata;
        assert_eq!(m.derived_from, None);
        // The rest of the metadata is kept, and the repaired document is clean.
        assert_eq!(
            (m.title.as_str(), m.kind),
            ("Kept", Some(BlueprintKind::Scenario))
        );
        assert!(loaded.blueprint.validate().is_empty());
    }
    // `null` is the same as no value, not a problem.
    let loaded = load_str(&doc(json!({ "derived_from": null }))).expect("loads");
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
}

#[test]
fn a_blueprint_derived_from_itself_loses_the_note() {
    let text = doc(json!({ "derived_from": { "blueprint": "bp_tobe", "title": "Me" } }));
    let loaded = load_str(&text).expect("loads");
    let [w] = loaded.warnings.as_slice() else {
        panic!("{:?}", loaded.warnings)
    };
    assert_eq!(w.code, WarningCode::DerivedFromDropped);
    assert_eq!(w.path, "metadata.derived_from.blueprint");
    assert_eq!(
        w.sentence(),
        "The blueprint said it was copied from itself; that note was removed."
    );
    assert_eq!(loaded.blueprint.metadata.derived_from, None);
    // `validate` finds the same on a document built in memory.
    let mut bp = loaded.blueprint;
    bp.metadata.derived_from = Some(DerivedFrom {
        blueprint: bp.id.clone(),
        title: String::new(),
        version: None,
        at: None,
    });
    let codes: Vec<WarningCode> = bp.validate().iter().map(|w| w.code).collect();
    assert_eq!(codes, [WarningCode::DerivedFromDropped]);
}

#[test]
fn the_summary_names_the_original_and_its_version() {
    let mut from = DerivedFrom {
        blueprint: BlueprintId::new("bp_today").expect("id"),
        title: " Coffee today ".into(),
        version: Some("v3".into()),
        at: None,
    };
    assert_eq!(from.summary(), "Derived from “Coffee today” (v3)");
    from.version = Some("  ".into());
    assert_eq!(from.summary(), "Derived from “Coffee today”");
    from.title = String::new();
    from.version = None;
    assert_eq!(from.summary(), "Derived from an untitled blueprint");
}

#[test]
fn the_about_line_joins_the_kind_and_the_origin() {
    let loaded = load_str(&doc(json!({
        "kind": "as_is",
        "derived_from": { "blueprint": "bp_old", "title": "Hotel 2025" }
    })))
    .expect("loads");
    let mut m = loaded.blueprint.metadata;
    assert_eq!(m.about(), "As is · Derived from “Hotel 2025”");
    m.derived_from = None;
    assert_eq!(m.about(), "As is");
    m.kind = None;
    assert_eq!(m.about(), "");
}
