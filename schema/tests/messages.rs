//! Messages in words: every warning's sentence names where in the blueprint's own words and
//! what was done; load errors and warnings' messages end without a full stop (the caller ends
//! the sentence) and never contain "..".

use stageline_schema::{load_str, LoadError, Warning, WarningCode};

/// A blueprint with one of every problem repair fixes, and the sentence each gets.
const BROKEN: &str = r#"{
  "format": "stageline.blueprint", "schema_version": 1, "id": "bp_broken",
  "colour": "red",
  "metadata": { "title": "Hotel tomorrow",
                "derived_from": { "blueprint": "bp hotel today", "title": "Hotel today" } },
  "stages": [ { "id": "st_arrive", "name": "Arrival" }, { "id": "st_arrive", "name": "Stay" } ],
  "lanes": [
    { "id": "ln_front", "kind": "frontstage", "name": "Frontstage actions", "zone": "backstage" },
    { "id": "ln_guest", "kind": "customer", "name": "Guest" }
  ],
  "cards": [
    { "id": "cd_check", "lane": "ln_front", "stage": "st_arrive", "kind": "action",
      "title": "Check in", "links": [ { "label": "x", "url": "javascript:alert(1)" } ] },
    { "id": "cd_check", "lane": "ln_guest", "stage": "st_arrive", "kind": "action",
      "title": "Pay", "emotion": 7, "sparkle": true },
    { "id": "cd_up", "lane": "ln_gone", "stage": "st_arrive", "kind": "action", "title": "Upgrade" },
    { "id": "cd_late", "lane": "ln_guest", "stage": "st_gone", "kind": "action", "title": "Late" }
  ],
  "connections": [
    { "id": "cn_1", "from": "cd_check", "to": "cd_up", "kind": "handoff" },
    { "id": "cn_2", "from": "cd_check", "to": "cd_up", "kind": "handoff" },
    { "id": "cn_3", "from": "cd_up", "to": "cd_up", "kind": "handoff" },
    { "id": "cn_4", "from": "cd_up", "to": "cd_nowhere", "kind": "handoff" },
    { "id": "cn_5", "from": "cd_nowhere", "to": "cd_up", "kind": "handoff" }
  ]
}"#;

fn expected() -> Vec<(WarningCode, &'static str, &'static str)> {
    vec![
        (
            WarningCode::DerivedFromDropped,
            "metadata.derived_from",
            "The blueprint said it was copied from the blueprint “Hotel today”, but that note could not be read; it was removed.",
        ),
        (
            WarningCode::UnknownField,
            "colour",
            "The field “colour” of the blueprint is not part of the Stageline format; it was ignored and will not be saved.",
        ),
        (
            WarningCode::UnknownField,
            "cards[1].sparkle",
            "The field “sparkle” of the card “Pay” (Guest, Arrival) is not part of the Stageline format; it was ignored and will not be saved.",
        ),
        (
            WarningCode::ZoneIgnored,
            "lanes[0].zone",
            "The lane “Frontstage actions” had a zone, which only custom lanes have; it was removed, as the kind of lane decides where it sits.",
        ),
        (
            WarningCode::DuplicateId,
            "stages[1].id",
            "Two stages had the same ID; the second, “Stay”, got a new one.",
        ),
        (
            WarningCode::DuplicateId,
            "cards[1].id",
            "Two cards had the same ID; the second, “Pay” (Guest, Arrival), got a new one.",
        ),
        (
            WarningCode::DanglingLane,
            "cards[2].lane",
            "The card “Upgrade” (Arrival) pointed at a lane that does not exist; it is now in the lane “Unplaced cards”.",
        ),
        (
            WarningCode::DanglingStage,
            "cards[3].stage",
            "The card “Late” (Guest) pointed at a stage that does not exist; it is now in the stage “Unplaced cards”.",
        ),
        (
            WarningCode::EmotionOutOfRange,
            "cards[1].emotion",
            "The emotion of the card “Pay” (Guest, Arrival) was 7, outside the scale from -2 to +2; it is now +2.",
        ),
        (
            WarningCode::UnsafeLink,
            "cards[0].links[0].url",
            "Removed the link “javascript:alert(1)” from the card “Check in” (Frontstage actions, Arrival): only web and email addresses are kept.",
        ),
        (
            WarningCode::DuplicateConnection,
            "connections[1]",
            "The arrow from “Check in” to “Upgrade” repeated another one with the same cards and kind; the repeat was removed.",
        ),
        (
            WarningCode::SelfConnection,
            "connections[2].to",
            "An arrow led from the card “Upgrade” (Unplaced cards, Arrival) to itself; it was removed.",
        ),
        (
            WarningCode::DanglingConnection,
            "connections[3].to",
            "An arrow from “Upgrade” pointed at a card that does not exist; it was removed.",
        ),
        (
            WarningCode::DanglingConnection,
            "connections[4].from",
            "An arrow to “Upgrade” came from a card that does not exist; it was removed.",
        ),
    ]
}

fn by_path<'a>(warnings: &'a [Warning], path: &str) -> &'a Warning {
    warnings
        .iter()
        .find(|w| w.path == path)
        .unwrap_or_else(|| panic!("no warning at {path}: {warnings:#?}"))
}

#[test]
fn every_repair_says_what_and_where_in_words() {
    let loaded = load_str(BROKEN).expect("loads");
    let expected = expected();
    assert_eq!(
        loaded.warnings.len(),
        expected.len(),
        "{:#?}",
        loaded.warnings
    );
    for (code, path, sentence) in expected {
        let w = by_path(&loaded.warnings, path);
        assert_eq!(w.code, code, "{path}");
        assert_eq!(w.sentence(), sentence, "{path}");
    }
}

#[test]
fn an_empty_blueprint_says_so() {
    let loaded = load_str(r#"{"format":"stageline.blueprint","schema_version":1,"id":"bp_e"}"#)
        .expect("loads");
    assert_eq!(
        by_path(&loaded.warnings, "lanes").sentence(),
        "The blueprint has no lanes; none were added."
    );
    assert_eq!(
        by_path(&loaded.warnings, "stages").sentence(),
        "The blueprint has no stages; none were added."
    );
}

#[test]
fn duplicates_of_lanes_and_arrows_and_unnamed_things_read_well() {
    let json = r#"{
      "format": "stageline.blueprint", "schema_version": 1, "id": "bp_d",
      "stages": [ { "id": "st_1" } ],
      "lanes": [ { "id": "ln_1", "kind": "customer", "name": "Guest" },
                 { "id": "ln_1", "kind": "support", "name": "" },
                 { "id": "ln_1", "kind": "support", "name": "IT" } ],
      "cards": [ { "id": "cd_1", "lane": "ln_1", "stage": "st_1", "kind": "action", "title": "" },
                 { "id": "cd_2", "lane": "ln_1", "stage": "st_1", "kind": "action", "title": "B" } ],
      "connections": [ { "id": "cn_1", "from": "cd_1", "to": "cd_2", "kind": "handoff" },
                       { "id": "cn_1", "from": "cd_2", "to": "cd_1", "kind": "handoff" } ]
    }"#;
    let loaded = load_str(json).expect("loads");
    let sentences: Vec<&str> = loaded.warnings.iter().map(Warning::sentence).collect();
    assert_eq!(
        sentences,
        [
            "Two lanes had the same ID; the second, lane 2, got a new one.",
            "Several lanes had the same ID; the third, “IT”, got a new one.",
            "Two arrows had the same ID; the second, from “B” to an untitled card, got a new one.",
        ]
    );
}

#[test]
fn user_text_is_quoted_cut_and_kept_as_text() {
    let long = "x".repeat(80);
    let json = format!(
        r#"{{"format":"stageline.blueprint","schema_version":1,"id":"bp_h",
        "stages":[{{"id":"st_1","name":"<b>Stage</b>"}}],
        "lanes":[{{"id":"ln_1","kind":"customer","name":"Lane"}}],
        "cards":[{{"id":"cd_1","lane":"ln_1","stage":"st_1","kind":"action",
          "title":"<img src=x onerror=alert(1)>",
          "links":[{{"label":"x","url":"javascript:{long}"}}]}}]}}"#
    );
    let loaded = load_str(&json).expect("loads");
    let s = loaded.warnings[0].sentence();
    assert!(
        s.starts_with(&format!(
            "Removed the link “javascript:{}…” from the card “<img src=x onerror=alert(1)>” (Lane, <b>Stage</b>)",
            "x".repeat(49)
        )),
        "{s}"
    );
}

/// Every sentence of every warning: a capital first, exactly one full stop at the end, quotes
/// paired; every technical message and every load error without a final full stop; none
/// with "..".
#[test]
fn sentences_and_messages_follow_the_punctuation_rules() {
    let mut warnings = load_str(BROKEN).expect("loads").warnings;
    warnings.extend(
        load_str(r#"{"format":"stageline.blueprint","schema_version":1,"id":"bp_e"}"#)
            .expect("loads")
            .warnings,
    );
    let codes: std::collections::HashSet<WarningCode> = warnings.iter().map(|w| w.code).collect();
    for code in WarningCode::ALL {
        assert!(codes.contains(&code), "no case for {code}");
    }
    for w in &warnings {
        let s = w.sentence();
        assert!(s.chars().next().is_some_and(char::is_uppercase), "{s}");
        assert!(s.ends_with('.') && !s.ends_with(".."), "{s}");
        assert!(!s.contains(".."), "{s}");
        assert_eq!(s.matches('“').count(), s.matches('”').count(), "{s}");
        assert!(!s.contains('"'), "user text is quoted with “ ”: {s}");
        assert!(!w.message.ends_with('.'), "{}", w.message);
        assert!(!w.message.contains(".."), "{}", w.message);
    }
}

/// One of every load error, the way the load path makes them where it can.
fn every_load_error() -> Vec<LoadError> {
    let errors = vec![
        LoadError::TooLarge {
            size: 20_000_000,
            limit: stageline_schema::MAX_INPUT_BYTES,
        },
        LoadError::InvalidUtf8 { offset: 3 },
        LoadError::Truncated { line: 1, column: 9 },
        LoadError::Syntax {
            path: "cards[0]".into(),
            line: 1,
            column: 2,
            message: "expected value.".into(),
        },
        LoadError::TooDeep {
            path: String::new(),
            limit: 64,
        },
        LoadError::DuplicateKey {
            path: "id".into(),
            key: "id".into(),
        },
        LoadError::NotAnObject { found: "an array" },
        LoadError::WrongFormat { found: None },
        LoadError::WrongFormat {
            found: Some(format!("\"{}\"", "y".repeat(100))),
        },
        LoadError::InvalidVersion { found: None },
        LoadError::InvalidVersion {
            found: Some("\"1\"".into()),
        },
        LoadError::TooNew {
            found: 9,
            supported: 1,
        },
        LoadError::NoMigration { from: 0 },
        LoadError::Migration {
            from: 0,
            to: 1,
            message: "the stages are missing...".into(),
        },
        LoadError::Invalid {
            path: "cards[0].emotion".into(),
            message: "invalid type: string \"7\", expected i8.".into(),
        },
    ];
    // Every variant is here: this match stops compiling when one is added.
    for e in &errors {
        match e {
            LoadError::TooLarge { .. }
            | LoadError::InvalidUtf8 { .. }
            | LoadError::Truncated { .. }
            | LoadError::Syntax { .. }
            | LoadError::TooDeep { .. }
            | LoadError::DuplicateKey { .. }
            | LoadError::NotAnObject { .. }
            | LoadError::WrongFormat { .. }
            | LoadError::InvalidVersion { .. }
            | LoadError::TooNew { .. }
            | LoadError::NoMigration { .. }
            | LoadError::Migration { .. }
            | LoadError::Invalid { .. } => {}
        }
    }
    errors
}

#[test]
fn load_errors_are_one_clause_without_a_final_full_stop() {
    let mut errors = every_load_error();
    // And the ones the load path makes from real input, with the parser's own words.
    let long = format!("{{\"format\": \"{}\"}}", "z".repeat(200));
    for text in [
        "{\"a\": [1, ",
        "{\"a\": tru}",
        "[1]",
        long.as_str(),
        r#"{"format":"stageline.blueprint","schema_version":1,"id":"bp_x","cards":[{"id":5}]}"#,
        r#"{"format":"stageline.blueprint","schema_version":"1"}"#,
    ] {
        errors.push(load_str(text).expect_err("refused"));
    }
    for e in errors {
        let text = e.to_string();
        assert!(!text.ends_with('.'), "{}: {text}", e.code());
        assert!(!text.contains(".."), "{}: {text}", e.code());
        assert!(
            text.chars().next().is_some_and(char::is_uppercase),
            "{text}"
        );
        // As the app wraps it: one sentence, one full stop.
        assert!(!format!("Nothing was imported: {e}.").contains(".."));
    }
}
