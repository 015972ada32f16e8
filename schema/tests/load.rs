//! The one load path against fixtures: valid documents, malformed inputs, and repairs.

#[path = "common/mod.rs"]
mod common;

use stageline_schema::{
    load_bytes, load_str, to_json_compact, to_json_pretty, ActorType, Channel, Line, LoadError,
    Side, WarningCode, Zone, CURRENT_SCHEMA_VERSION, MAX_DEPTH, MAX_INPUT_BYTES,
};

fn fixture(name: &str) -> Vec<u8> {
    let path = common::workspace_path(&format!("schema/tests/fixtures/{name}"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn load_fixture(name: &str) -> Result<stageline_schema::Loaded, LoadError> {
    load_bytes(&fixture(name))
}

fn error_of(name: &str) -> LoadError {
    match load_fixture(name) {
        Ok(_) => panic!("{name} loaded, but should have been refused"),
        Err(e) => e,
    }
}

#[test]
fn minimal_v1_loads_without_warnings() {
    let loaded = load_fixture("v1/minimal.json").expect("loads");
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert_eq!(loaded.migrated_from, Some(1));
    assert_eq!(loaded.generator, stageline_schema::Generator::default());
    let bp = loaded.blueprint;
    assert_eq!(bp.id.as_str(), "bp_minimal");
    assert!(bp.metadata.created.is_none());
    assert_eq!(bp.stages.len(), 1);
}

#[test]
fn full_v1_reads_every_field() {
    let loaded = load_fixture("v1/full.json").expect("loads");
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let bp = &loaded.blueprint;
    let card = &bp.cards[0];
    assert_eq!(card.emotion, Some(-2));
    assert_eq!(card.wait_tolerance_secs, Some(300));
    assert_eq!(
        card.fail_point.as_ref().and_then(|f| f.owner.as_deref()),
        Some("Facilities")
    );
    assert_eq!(card.links.len(), 2);
    assert_eq!(bp.cards[1].channel, Some(Channel::Other("whatsapp".into())));
    assert_eq!(bp.cards[1].actor_type, Some(ActorType::HumanWithCopilot));
    assert_eq!(bp.cards[2].channel, Some(Channel::Chat));
    assert_eq!(
        bp.settings.disabled_checks,
        vec!["fail_point_owner".to_string()]
    );
    assert_eq!(
        bp.metadata.modified.map(|t| t.to_string()).as_deref(),
        Some("2026-11-22T19:45:10.250Z")
    );
    // The custom lane sits in the support zone; lines fall between the canonical lanes.
    assert_eq!(bp.zones()[8], Zone::Support);
    let placed: Vec<(Line, usize)> = bp.lines().iter().map(|p| (p.line, p.after)).collect();
    assert_eq!(
        placed,
        vec![
            (Line::Interaction, 1),
            (Line::Visibility, 2),
            (Line::InternalInteraction, 3)
        ]
    );
    let (c1, c2, c3, c4) = (
        &bp.cards[0].id,
        &bp.cards[1].id,
        &bp.cards[2].id,
        &bp.cards[3].id,
    );
    assert_eq!(bp.crossings(c1, c2), vec![Line::Interaction]);
    assert_eq!(bp.crossings(c2, c3), vec![Line::Visibility]);
    assert_eq!(bp.crossings(c3, c4), vec![Line::InternalInteraction]);
    assert_eq!(bp.crossings(c4, c1), Line::ALL.to_vec());
    assert_eq!(bp.visibility_side(c2), Some(Side::Visible));
    assert_eq!(bp.visibility_side(c3), Some(Side::Invisible));
}

#[test]
fn valid_fixtures_round_trip_through_save() {
    for name in ["v1/minimal.json", "v1/full.json"] {
        let bp = load_fixture(name).expect("loads").blueprint;
        let pretty = to_json_pretty(&bp);
        assert!(pretty.ends_with("}\n"));
        assert!(pretty.contains(&format!(
            "\n  \"schema_version\": {CURRENT_SCHEMA_VERSION},\n"
        )));
        let again = load_str(&pretty).expect("reloads");
        assert!(again.warnings.is_empty());
        assert_eq!(again.blueprint, bp, "{name}");
        assert_eq!(
            to_json_pretty(&again.blueprint),
            pretty,
            "{name}: stable bytes"
        );
        assert_eq!(
            load_str(&to_json_compact(&bp)).expect("compact").blueprint,
            bp
        );
    }
}

#[test]
fn truncated_input() {
    assert!(matches!(
        error_of("invalid/truncated.json"),
        LoadError::Truncated { line: 5, .. }
    ));
    assert!(matches!(load_str(""), Err(LoadError::Truncated { .. })));
}

#[test]
fn wrong_type_names_path_and_expectation() {
    let e = error_of("invalid/wrong-type.json");
    assert_eq!(e.path(), Some("cards[1].emotion"));
    assert!(matches!(&e, LoadError::Invalid { message, .. } if message.contains("expected i8")));
    assert!(e.to_string().contains("`cards[1].emotion`"), "{e}");
}

#[test]
fn format_checks() {
    assert_eq!(
        error_of("invalid/wrong-format.json"),
        LoadError::WrongFormat {
            found: Some("\"otherapp.board\"".into())
        }
    );
    assert_eq!(
        error_of("invalid/missing-format.json"),
        LoadError::WrongFormat { found: None }
    );
    assert_eq!(
        error_of("invalid/array.json"),
        LoadError::NotAnObject { found: "an array" }
    );
}

#[test]
fn too_new_is_refused_with_a_clear_message() {
    let e = error_of("invalid/too-new.json");
    assert_eq!(
        e,
        LoadError::TooNew {
            found: 7,
            supported: CURRENT_SCHEMA_VERSION
        }
    );
    let msg = e.to_string();
    assert!(
        msg.contains("schema version 7") && msg.contains("Update Stageline"),
        "{msg}"
    );
    assert_eq!(e.path(), Some("schema_version"));
}

#[test]
fn unsupported_versions() {
    assert_eq!(
        error_of("invalid/version-zero.json"),
        LoadError::NoMigration { from: 0 }
    );
    assert_eq!(
        error_of("invalid/version-string.json"),
        LoadError::InvalidVersion {
            found: Some("\"1\"".into())
        }
    );
    let huge = r#"{"format":"stageline.blueprint","schema_version":99999999999,"id":"bp_x"}"#;
    assert!(matches!(
        load_str(huge),
        Err(LoadError::TooNew {
            found: 99_999_999_999,
            ..
        })
    ));
}

#[test]
fn duplicate_keys_are_rejected_with_path() {
    assert_eq!(
        error_of("invalid/duplicate-key.json"),
        LoadError::DuplicateKey {
            path: "lanes[0].name".into(),
            key: "name".into()
        }
    );
}

#[test]
fn invalid_utf8_reports_the_byte_offset() {
    let bytes = fixture("invalid/invalid-utf8.json");
    let offset = bytes
        .iter()
        .position(|&b| b == 0xe9)
        .expect("fixture has the bad byte");
    assert_eq!(load_bytes(&bytes), Err(LoadError::InvalidUtf8 { offset }));
}

#[test]
fn bad_values_name_their_paths() {
    let cases = [
        (
            "invalid/bad-id.json",
            "stages[0].id",
            "only letters, digits",
        ),
        (
            "invalid/unknown-enum.json",
            "lanes[1].kind",
            "unknown variant `hyperstage`",
        ),
        ("invalid/missing-id.json", "cards[0]", "missing field `id`"),
        ("invalid/bad-timestamp.json", "metadata.created", "RFC 3339"),
    ];
    for (name, path, needle) in cases {
        let e = error_of(name);
        assert_eq!(e.path(), Some(path), "{name}: {e}");
        assert!(e.to_string().contains(needle), "{name}: {e}");
        assert_eq!(e.code(), "invalid");
    }
}

#[test]
fn deep_nesting_is_refused_before_the_parser_limit() {
    let depth = MAX_DEPTH + 10;
    let text = format!(
        r#"{{"format":"stageline.blueprint","schema_version":1,"id":"bp_x","x":{}{}}}"#,
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let e = load_str(&text).expect_err("too deep");
    assert!(
        matches!(&e, LoadError::TooDeep { limit: MAX_DEPTH, path } if path.starts_with("x[0][0]")),
        "{e:?}"
    );
    // Far beyond serde_json's own recursion limit, still a clean error and no stack overflow.
    let abyss = "[".repeat(100_000);
    assert!(matches!(load_str(&abyss), Err(LoadError::TooDeep { .. })));
}

#[test]
fn huge_input_is_refused_with_its_size() {
    let size = MAX_INPUT_BYTES + 1;
    let mut text = String::with_capacity(size);
    text.push('"');
    text.extend(std::iter::repeat_n('a', size - 2));
    text.push('"');
    let e = load_str(&text).expect_err("too large");
    assert_eq!(
        e,
        LoadError::TooLarge {
            size,
            limit: MAX_INPUT_BYTES
        }
    );
    assert!(e.to_string().contains(&size.to_string()));
    assert_eq!(load_bytes(text.as_bytes()), Err(e));
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let text = format!(
        "\u{feff}{}",
        String::from_utf8(fixture("v1/minimal.json")).expect("utf8")
    );
    assert!(load_str(&text).is_ok());
}

#[test]
fn dangling_references_are_repaired_and_reported() {
    let loaded = load_fixture("repair/dangling.json").expect("repairs instead of failing");
    let found: Vec<(&str, WarningCode)> = loaded
        .warnings
        .iter()
        .map(|w| (w.path.as_str(), w.code))
        .collect();
    assert_eq!(
        found,
        vec![
            ("cards[0].color", WarningCode::UnknownField),
            ("lanes[0].zone", WarningCode::ZoneIgnored),
            ("stages[1].id", WarningCode::DuplicateId),
            ("cards[3].id", WarningCode::DuplicateId),
            ("cards[1].lane", WarningCode::DanglingLane),
            ("cards[2].stage", WarningCode::DanglingStage),
            ("cards[0].emotion", WarningCode::EmotionOutOfRange),
            ("cards[2].links[0].url", WarningCode::UnsafeLink),
            ("connections[1].to", WarningCode::DanglingConnection),
            ("connections[2].to", WarningCode::SelfConnection),
            ("connections[3]", WarningCode::DuplicateConnection),
            ("connections[5]", WarningCode::DuplicateConnection),
        ]
    );
    let bp = &loaded.blueprint;
    assert_eq!(bp.lanes.len(), 3, "fallback lane added");
    assert_eq!(bp.lanes[2].name, "Unplaced cards");
    assert_eq!(bp.stages.len(), 3, "fallback stage added");
    assert_ne!(bp.stages[0].id, bp.stages[1].id);
    assert_eq!(bp.cards[1].lane, bp.lanes[2].id);
    assert_eq!(bp.cards[2].stage, bp.stages[2].id);
    assert_eq!(bp.cards[0].emotion, Some(2));
    assert_eq!(bp.cards[2].links.len(), 1);
    assert_ne!(bp.cards[0].id, bp.cards[3].id);
    let kept: Vec<&str> = bp.connections.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(kept, vec!["cn_1", "cn_5"]);
    for w in &loaded.warnings {
        assert!(!w.message.is_empty() && !w.to_string().is_empty());
    }

    // Repair is deterministic, and the repaired document is clean.
    let again = load_fixture("repair/dangling.json").expect("loads");
    assert_eq!(again.blueprint, loaded.blueprint);
    assert!(bp.validate().is_empty());
    let reloaded = load_str(&to_json_pretty(bp)).expect("reloads");
    assert!(reloaded.warnings.is_empty(), "{:?}", reloaded.warnings);
    assert_eq!(&reloaded.blueprint, bp);
}

#[test]
fn empty_documents_are_reported_not_filled() {
    let loaded = load_str(r#"{"format":"stageline.blueprint","schema_version":1,"id":"bp_empty"}"#)
        .expect("loads");
    let codes: Vec<WarningCode> = loaded.warnings.iter().map(|w| w.code).collect();
    assert_eq!(codes, vec![WarningCode::NoLanes, WarningCode::NoStages]);
    assert!(loaded.blueprint.lanes.is_empty());
}

#[test]
fn every_error_has_a_message_and_code() {
    for entry in std::fs::read_dir(common::workspace_path("schema/tests/fixtures/invalid"))
        .expect("fixture dir")
    {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("read");
        let e = load_bytes(&bytes).expect_err("invalid fixture must fail");
        assert!(
            !e.to_string().is_empty() && !e.code().is_empty(),
            "{}",
            path.display()
        );
    }
}

#[test]
fn migration_fixtures_reach_the_current_version() {
    // The registry is one chain from version 1 (the machinery itself is also exercised with
    // a fixture migration from a draft version 0 in `tests/migration.rs`).
    let registry = stageline_schema::migrate::MIGRATIONS;
    stageline_schema::migrate::check_registry(
        registry,
        1,
        stageline_schema::CURRENT_SCHEMA_VERSION,
    )
    .expect("the registry is one chain to the current version");
    // Every fixture belongs to a registered migration (and, below, every migration has one).
    for entry in std::fs::read_dir(common::workspace_path("schema/tests/fixtures/migrations"))
        .expect("fixture dir")
    {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if let Some(from) = name.strip_prefix('v').and_then(|n| n.strip_suffix(".json")) {
            assert!(
                registry.iter().any(|m| m.from.to_string() == from),
                "{name} has no migration"
            );
        }
    }
    for m in registry {
        let name = format!("migrations/v{}.json", m.from);
        let loaded = load_fixture(&name).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(loaded.migrated_from, Some(m.from), "{name}");
        assert!(loaded.warnings.is_empty(), "{name}: {:?}", loaded.warnings);
    }
}

#[test]
fn a_foreign_generator_is_reported_and_stageline_writes_its_own() {
    let json = r#"{
      "format": "stageline.blueprint", "schema_version": 1,
      "generator": { "name": "OtherTool", "version": "9.9" },
      "id": "bp_foreign", "stages": [{ "id": "st_1" }],
      "lanes": [{ "id": "ln_1", "kind": "customer" }]
    }"#;
    let loaded = stageline_schema::load_str(json).expect("loads");
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert_eq!(
        loaded.generator,
        stageline_schema::Generator {
            name: "OtherTool".into(),
            version: "9.9".into()
        }
    );
    assert_eq!(
        loaded.blueprint.generator.get(),
        stageline_schema::Generator::stageline()
    );
    for written in [
        stageline_schema::to_json_pretty(&loaded.blueprint),
        stageline_schema::to_json_compact(&loaded.blueprint),
    ] {
        let value: serde_json::Value = serde_json::from_str(&written).expect("JSON");
        assert_eq!(
            value["generator"],
            serde_json::json!({ "name": "Stageline", "version": env!("CARGO_PKG_VERSION") }),
            "{written}"
        );
        let again = stageline_schema::load_str(&written).expect("loads again");
        assert_eq!(again.generator, stageline_schema::Generator::stageline());
        assert_eq!(again.blueprint, loaded.blueprint);
    }
}
