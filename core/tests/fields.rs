//! The rules of editing fields (`stageline_core::fields`): what typed text becomes, what a
//! field shows, the defaults of new things, and the commands the details panel runs.

mod common;

use common::fixture;
use proptest::prelude::*;
use stageline_core::fields::defaults::{
    self, new_blueprint, new_fail_point, new_kpi, new_note, new_stage_name, shown_title,
    LINK_LABEL, NEW_BLUEPRINT_STAGES, UNTITLED_BLUEPRINT, UNTITLED_CARD,
};
use stageline_core::fields::values::{
    clamp_emotion, clean, emotion_fraction, format_minutes, format_number, join_list, link_url,
    optional_text, parse_channel, parse_emotion, parse_minutes, parse_number, split_list,
    EMOTION_CHOICES, EMOTION_RANGE, MAX_MINUTES,
};
use stageline_core::fields::{
    choices, edit_card, edit_connection, set_check_enabled, set_metadata, BlueprintField,
    CardDuration, CardEdit, CardField, ConnectionEdit, ConnectionField, FailField, FieldError,
    KpiField, LinkField, List, NoteField,
};
use stageline_core::{ops, Command, CommandError};
use stageline_schema::{
    examples, load_str, repair, ActorType, Blueprint, Card, CardId, CardKind, Channel,
    ConnectionId, ConnectionKind, Direction, KnownChannel, LaneKind, Link, Named, Privacy, Risk,
    SeededIds, Timestamp, EMOTION_MAX, EMOTION_MIN,
};

// ---------------------------------------------------------------------------------------------
// Helpers

/// Applies a field edit's command to a copy of `doc`, checks its inverse restores `doc`
/// exactly, and returns the edited document.
fn run(doc: &Blueprint, command: Command) -> Blueprint {
    let mut after = doc.clone();
    let inverse = command.apply(&mut after).expect("command applies");
    let mut back = after.clone();
    inverse.apply(&mut back).expect("inverse applies");
    assert_eq!(&back, doc, "the inverse restores the document");
    after
}

fn is_empty_batch(command: &Command) -> bool {
    matches!(command, Command::Batch(c) if c.is_empty())
}

/// The fixture and its first customer card.
fn doc_and_card() -> (Blueprint, CardId) {
    let f = fixture();
    let id = f.cards[1][0][0].clone();
    (f.doc, id)
}

/// Makes `edit` on the card and returns the card afterwards.
fn edited(doc: &Blueprint, id: &CardId, edit: CardEdit) -> Card {
    let command = edit_card(doc, id, &edit).expect("edit allowed");
    assert!(!is_empty_batch(&command), "{edit:?} changes the card");
    run(doc, command).card(id).cloned().expect("card kept")
}

/// Makes a series of edits, each as its own command.
fn edit_all(mut doc: Blueprint, id: &CardId, edits: &[CardEdit]) -> Blueprint {
    for edit in edits {
        let command = edit_card(&doc, id, edit).expect("edit allowed");
        doc = run(&doc, command);
    }
    doc
}

fn text(field: CardField, t: &str) -> CardEdit {
    CardEdit::Text(field, t.to_string())
}

fn bundled_examples() -> Vec<Blueprint> {
    examples::ALL
        .iter()
        .map(|e| load_str(e.json).expect("example loads").blueprint)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Text rules

#[test]
fn text_is_trimmed_and_blank_optional_text_is_none() {
    assert_eq!(clean("  Checks in \n"), "Checks in");
    assert_eq!(clean(" \t "), "");
    assert_eq!(
        optional_text("  Front desk "),
        Some("Front desk".to_string())
    );
    assert_eq!(optional_text(""), None);
    assert_eq!(optional_text(" \t\n\u{a0}"), None);
    assert_eq!(optional_text(" Zoë ✓ "), Some("Zoë ✓".to_string()));
}

#[test]
fn lists_split_on_commas_without_empty_items() {
    assert_eq!(split_list("GDPR, PSD2 ,  ,x"), ["GDPR", "PSD2", "x"]);
    assert!(split_list("").is_empty());
    assert!(split_list(" , ,, ").is_empty());
    assert_eq!(split_list("pain point"), ["pain point"]);
    assert_eq!(split_list("日本, ünï"), ["日本", "ünï"]);
    assert_eq!(join_list(&["a".into(), "b c".into()]), "a, b c");
}

#[test]
fn minutes_parse_as_typed() {
    assert_eq!(parse_minutes("5"), Ok(Some(300)));
    assert_eq!(parse_minutes(" 2.5 "), Ok(Some(150)));
    assert_eq!(parse_minutes("1,5"), Ok(Some(90)));
    assert_eq!(
        parse_minutes("1,000"),
        Ok(Some(60_000)),
        "a thousand minutes, not one"
    );
    assert_eq!(parse_minutes("0"), Ok(Some(0)));
    assert_eq!(parse_minutes(""), Ok(None));
    assert_eq!(parse_minutes("   "), Ok(None));
    assert_eq!(parse_minutes("0.004"), Ok(Some(0)));
    assert_eq!(parse_minutes("5256000"), Ok(Some(315_360_000)));
}

#[test]
fn minutes_refuse_what_is_not_a_duration() {
    for bad in [
        "soon",
        "-1",
        "-0.5",
        "NaN",
        "nan",
        "inf",
        "-inf",
        "infinity",
        "1e400",
        "5256000.1",
        "1e7",
        "5 min",
        "1.2.3",
        "½",
        "٥",
    ] {
        assert_eq!(
            parse_minutes(bad),
            Err(FieldError::NotMinutes(bad.to_string())),
            "{bad:?}"
        );
    }
    let message = parse_minutes("soon").unwrap_err().to_string();
    assert_eq!(
        message,
        "\"soon\" is not a number of minutes (e.g. 5 or 2.5)"
    );
}

#[test]
fn minutes_show_whole_or_with_two_decimals() {
    assert_eq!(format_minutes(0), "0");
    assert_eq!(format_minutes(300), "5");
    assert_eq!(format_minutes(90), "1.50");
    assert_eq!(format_minutes(61), "1.02");
    assert_eq!(format_minutes(1), "0.02");
    assert_eq!(format_minutes(315_360_000), "5256000");
}

#[test]
fn kpi_numbers_parse_finite_values_only() {
    assert_eq!(parse_number("12"), Some(12.0));
    assert_eq!(parse_number(" 0,5 "), Some(0.5));
    assert_eq!(parse_number("-3.25"), Some(-3.25));
    assert_eq!(parse_number("1e3"), Some(1000.0));
    // Thousands as people type them: a thousand is never read as one.
    for (typed, value) in [
        ("1,000", 1000.0),
        ("-12,500", -12500.0),
        ("1 000", 1000.0),
        ("1\u{a0}000", 1000.0),
        ("1'000'000", 1_000_000.0),
        ("1,000,000", 1_000_000.0),
        ("1.000.000", 1_000_000.0),
        ("12,500.75", 12500.75),
        ("1.234,5", 1234.5),
        ("2,25", 2.25),
        ("0,500", 0.5),
        ("1.000", 1.0),
        ("1,5", 1.5),
    ] {
        assert_eq!(parse_number(typed), Some(value), "{typed:?}");
    }
    for cleared in [
        "",
        "  ",
        "abc",
        "NaN",
        "inf",
        "-inf",
        "infinity",
        "1e400",
        "1,2,3",
        "5 %",
        "1,00,0",
        "1.000,00,0",
        "12,5.5,0",
        ",",
        ".",
    ] {
        assert_eq!(parse_number(cleared), None, "{cleared:?}");
    }
    assert_eq!(format_number(None), "");
    assert_eq!(format_number(Some(0.5)), "0.5");
    assert_eq!(format_number(Some(1e21)), "1000000000000000000000");
}

#[test]
fn channels_are_read_by_name_or_label() {
    for known in KnownChannel::ALL.iter().copied() {
        let channel = Channel::from(known);
        assert_eq!(parse_channel(known.json_name()), Some(channel.clone()));
        assert_eq!(
            parse_channel(known.label()),
            Some(channel.clone()),
            "{known:?}"
        );
        assert_eq!(
            parse_channel(&format!("  {}  ", known.label().to_uppercase())),
            Some(channel)
        );
    }
    assert_eq!(parse_channel("In person"), Some(Channel::InPerson));
    assert_eq!(parse_channel(""), None);
    assert_eq!(parse_channel(" \t "), None);
    assert_eq!(
        parse_channel("WhatsApp Business"),
        Some(Channel::Other("whatsapp_business".into()))
    );
    assert_eq!(
        parse_channel("javascript:alert(1)"),
        Some(Channel::Other("javascript:alert(1)".into()))
    );
    assert_eq!(parse_channel("Télé"), Some(Channel::Other("télé".into())));
}

#[test]
fn emotions_are_clamped_to_the_schema_range() {
    assert_eq!(EMOTION_RANGE, EMOTION_MIN..=EMOTION_MAX);
    assert_eq!(clamp_emotion(-3), EMOTION_MIN);
    assert_eq!(clamp_emotion(3), EMOTION_MAX);
    assert_eq!(clamp_emotion(i64::MIN), EMOTION_MIN);
    assert_eq!(clamp_emotion(i64::MAX), EMOTION_MAX);
    assert_eq!(clamp_emotion(1), 1);
    assert_eq!(parse_emotion("-2"), Ok(Some(-2)));
    assert_eq!(parse_emotion(" 1 "), Ok(Some(1)));
    assert_eq!(parse_emotion("+2"), Ok(Some(2)));
    assert_eq!(parse_emotion(""), Ok(None));
    assert_eq!(parse_emotion("5"), Ok(Some(EMOTION_MAX)));
    assert_eq!(parse_emotion("300"), Ok(Some(EMOTION_MAX)));
    assert_eq!(
        parse_emotion("99999999999999999999999"),
        Ok(Some(EMOTION_MAX))
    );
    assert_eq!(
        parse_emotion("-99999999999999999999999"),
        Ok(Some(EMOTION_MIN))
    );
    for bad in ["1.5", "NaN", "inf", "−2", "happy", "--1"] {
        assert_eq!(
            parse_emotion(bad),
            Err(FieldError::NotEmotion(bad.into())),
            "{bad:?}"
        );
    }
}

#[test]
fn emotion_choices_cover_the_range_in_order() {
    let values: Vec<i8> = EMOTION_CHOICES
        .iter()
        .map(|(v, _)| parse_emotion(v).expect("a number").expect("not blank"))
        .collect();
    assert_eq!(values, EMOTION_RANGE.collect::<Vec<_>>());
    assert!(EMOTION_CHOICES.iter().all(|(_, label)| !label.is_empty()));
}

#[test]
fn emotion_fraction_places_the_range_on_a_scale() {
    assert_eq!(emotion_fraction(EMOTION_MIN), 0.0);
    assert_eq!(emotion_fraction(-1), 0.25);
    assert_eq!(emotion_fraction(0), 0.5);
    assert_eq!(emotion_fraction(EMOTION_MAX), 1.0);
    assert_eq!(emotion_fraction(i8::MIN), 0.0);
    assert_eq!(emotion_fraction(i8::MAX), 1.0);
}

#[test]
fn links_must_be_ones_the_load_path_keeps() {
    assert_eq!(
        link_url(" https://example.com/a "),
        Ok("https://example.com/a".into())
    );
    assert_eq!(
        link_url("HTTP://example.com"),
        Ok("HTTP://example.com".into())
    );
    assert_eq!(
        link_url("mailto:ops@example.com"),
        Ok("mailto:ops@example.com".into())
    );
    assert_eq!(
        link_url("https://例え.jp/ü"),
        Ok("https://例え.jp/ü".into())
    );
    for bad in [
        "",
        "https://",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:https://x",
        "data:text/html,<script>",
        "vbscript:x",
        "ftp://x",
        "//example.com",
        "localhost",
        "user@example.com",
        "a.b:x@evil",
        ".com",
        "-a.com",
        "https://a b",
        "https://a\u{0}b",
        "https://a\u{202e}b\nc",
    ] {
        assert!(
            matches!(link_url(bad), Err(FieldError::UnsafeLink(_))),
            "{bad:?} is refused"
        );
    }
    // A web address typed without its scheme gets https://, as in a browser's address bar.
    for (typed, url) in [
        ("example.com", "https://example.com"),
        (
            " www.example.org/help?x=1 ",
            "https://www.example.org/help?x=1",
        ),
        (
            "intranet.example:8443/path",
            "https://intranet.example:8443/path",
        ),
    ] {
        assert_eq!(link_url(typed), Ok(url.into()), "{typed:?}");
    }
    let message = link_url("javascript:x").unwrap_err().to_string();
    assert!(
        message.starts_with("Link not saved: \"javascript:x\""),
        "{message}"
    );
}

// ---------------------------------------------------------------------------------------------
// Card edits

#[test]
fn text_fields_store_their_rules() {
    let (doc, id) = doc_and_card();
    assert_eq!(
        edited(&doc, &id, text(CardField::Title, "  Asks  ")).title,
        "Asks"
    );
    assert_eq!(
        edited(&doc, &id, text(CardField::Description, " Long\ntext ")).description,
        "Long\ntext"
    );
    assert_eq!(
        edited(&doc, &id, text(CardField::Owner, " Guest "))
            .owner
            .as_deref(),
        Some("Guest")
    );
    assert_eq!(
        edited(&doc, &id, text(CardField::Channel, "Mobile app")).channel,
        Some(Channel::MobileApp)
    );
    assert_eq!(
        edited(&doc, &id, text(CardField::Emotion, "-1")).emotion,
        Some(-1)
    );
    assert_eq!(
        edited(&doc, &id, text(CardField::Kind, "policy")).kind,
        CardKind::Policy
    );
    assert_eq!(
        edited(&doc, &id, text(CardField::ActorType, "ivr_bot")).actor_type,
        Some(ActorType::IvrBot)
    );
    assert_eq!(
        edited(&doc, &id, text(CardField::Privacy, "sensitive")).privacy,
        Some(Privacy::Sensitive)
    );
    assert_eq!(
        edited(&doc, &id, text(CardField::Tags, "a, ,b")).tags,
        ["a", "b"]
    );
    assert_eq!(
        edited(&doc, &id, text(CardField::Regulations, "GDPR")).regulations,
        ["GDPR"]
    );
}

#[test]
fn blank_text_clears_optional_fields() {
    let (doc, id) = doc_and_card();
    let doc = edit_all(
        doc,
        &id,
        &[
            text(CardField::Owner, "Guest"),
            text(CardField::Channel, "web"),
            text(CardField::Emotion, "2"),
            text(CardField::ActorType, "human"),
            text(CardField::Privacy, "personal"),
            text(CardField::Tags, "x"),
        ],
    );
    let cleared = edit_all(
        doc,
        &id,
        &[
            text(CardField::Owner, "  "),
            text(CardField::Channel, ""),
            text(CardField::Emotion, " "),
            text(CardField::ActorType, ""),
            text(CardField::Privacy, ""),
            text(CardField::Tags, " , "),
        ],
    );
    let card = cleared.card(&id).expect("card");
    assert_eq!(card.owner, None);
    assert_eq!(card.channel, None);
    assert_eq!(card.emotion, None);
    assert_eq!(card.actor_type, None);
    assert_eq!(card.privacy, None);
    assert!(card.tags.is_empty());
}

#[test]
fn unknown_choices_are_refused_and_change_nothing() {
    let (doc, id) = doc_and_card();
    for (field, name) in [
        (CardField::Kind, "task"),
        (CardField::Kind, ""),
        (CardField::Kind, "Touchpoint"),
        (CardField::ActorType, "robot"),
        (CardField::Privacy, "secret"),
    ] {
        let err = edit_card(&doc, &id, &text(field, name)).unwrap_err();
        assert!(
            matches!(err, FieldError::UnknownName { .. }),
            "{field:?} {name:?}: {err}"
        );
    }
    let err = edit_card(&doc, &id, &text(CardField::Emotion, "sad")).unwrap_err();
    assert_eq!(err, FieldError::NotEmotion("sad".into()));
}

#[test]
fn unchanged_edits_are_empty_batches() {
    let (doc, id) = doc_and_card();
    let title = doc.card(&id).expect("card").title.clone();
    for edit in [
        text(CardField::Title, &format!("  {title} ")),
        text(CardField::Owner, ""),
        text(CardField::Tags, ","),
        CardEdit::Duration(CardDuration::Sla, None),
        CardEdit::FailPoint(false),
    ] {
        let command = edit_card(&doc, &id, &edit).expect("allowed");
        assert!(is_empty_batch(&command), "{edit:?} gives {command:?}");
    }
}

#[test]
fn durations_are_stored_in_seconds_per_field() {
    let (doc, id) = doc_and_card();
    let doc = edit_all(
        doc,
        &id,
        &[
            CardEdit::Duration(CardDuration::Typical, Some(60)),
            CardEdit::Duration(CardDuration::WaitBefore, Some(120)),
            CardEdit::Duration(CardDuration::Sla, Some(180)),
            CardEdit::Duration(CardDuration::WaitTolerance, Some(240)),
        ],
    );
    let card = doc.card(&id).expect("card");
    assert_eq!(card.typical_duration_secs, Some(60));
    assert_eq!(card.wait_before_secs, Some(120));
    assert_eq!(card.sla_secs, Some(180));
    assert_eq!(card.wait_tolerance_secs, Some(240));
    for (field, secs) in [
        (CardDuration::Typical, 60),
        (CardDuration::WaitBefore, 120),
        (CardDuration::Sla, 180),
        (CardDuration::WaitTolerance, 240),
    ] {
        assert_eq!(field.get(card), Some(secs));
    }
    let cleared = edited(&doc, &id, CardEdit::Duration(CardDuration::Sla, None));
    assert_eq!(cleared.sla_secs, None);
    assert_eq!(cleared.typical_duration_secs, Some(60));
}

#[test]
fn a_fail_point_starts_at_medium_risk_and_keeps_its_fields_when_ticked_again() {
    let (doc, id) = doc_and_card();
    let card = edited(&doc, &id, CardEdit::FailPoint(true));
    assert_eq!(card.fail_point, Some(new_fail_point()));
    assert_eq!(new_fail_point().risk, Risk::Medium);
    let doc = edit_all(
        doc,
        &id,
        &[
            CardEdit::FailPoint(true),
            CardEdit::Fail(FailField::Risk, "high".into()),
            CardEdit::Fail(FailField::Description, " Times out ".into()),
            CardEdit::Fail(FailField::Owner, "Web team".into()),
            CardEdit::Fail(FailField::Escalation, " ".into()),
        ],
    );
    let fp = doc
        .card(&id)
        .and_then(|c| c.fail_point.clone())
        .expect("fail point");
    assert_eq!(fp.risk, Risk::High);
    assert_eq!(fp.description, "Times out");
    assert_eq!(fp.owner.as_deref(), Some("Web team"));
    assert_eq!(fp.escalation, None);
    // Ticking it again keeps what was typed; unticking removes it.
    let again = edit_card(&doc, &id, &CardEdit::FailPoint(true)).expect("allowed");
    assert!(is_empty_batch(&again));
    assert_eq!(
        edited(&doc, &id, CardEdit::FailPoint(false)).fail_point,
        None
    );
    assert!(matches!(
        edit_card(
            &doc,
            &id,
            &CardEdit::Fail(FailField::Risk, "extreme".into())
        ),
        Err(FieldError::UnknownName { .. })
    ));
}

#[test]
fn fail_point_fields_need_a_fail_point() {
    let (doc, id) = doc_and_card();
    let err = edit_card(&doc, &id, &CardEdit::Fail(FailField::Owner, "x".into())).unwrap_err();
    assert_eq!(err, FieldError::NoFailPoint);
}

#[test]
fn lists_add_their_defaults_edit_and_remove_by_position() {
    let (doc, id) = doc_and_card();
    let doc = edit_all(
        doc,
        &id,
        &[
            CardEdit::Add(List::Kpis),
            CardEdit::Add(List::Kpis),
            CardEdit::AddLink {
                label: "  ".into(),
                url: " example.com/start ".into(),
            },
            CardEdit::Add(List::Notes),
        ],
    );
    let card = doc.card(&id).expect("card");
    assert_eq!(card.kpis, [new_kpi(), new_kpi()]);
    assert_eq!(
        card.links,
        [Link {
            label: LINK_LABEL.into(),
            url: "https://example.com/start".into()
        }]
    );
    assert_eq!(card.notes, [new_note()]);
    assert_eq!(
        (
            List::Kpis.len(card),
            List::Links.len(card),
            List::Notes.len(card)
        ),
        (2, 1, 1)
    );
    let doc = edit_all(
        doc,
        &id,
        &[
            CardEdit::Kpi(1, KpiField::Name, " CSAT ".into()),
            CardEdit::Kpi(1, KpiField::Value, "4,5".into()),
            CardEdit::Kpi(1, KpiField::Target, "5".into()),
            CardEdit::Kpi(1, KpiField::Unit, "points".into()),
            CardEdit::Link(0, LinkField::Label, " Spec ".into()),
            CardEdit::Link(0, LinkField::Url, "https://example.com/spec".into()),
            CardEdit::Note(0, NoteField::Text, " Said so ".into()),
            CardEdit::Note(0, NoteField::Source, "Interview".into()),
            CardEdit::Remove(List::Kpis, 0),
        ],
    );
    let card = doc.card(&id).expect("card");
    assert_eq!(card.kpis.len(), 1);
    assert_eq!(card.kpis[0].name, "CSAT");
    assert_eq!(card.kpis[0].value, Some(4.5));
    assert_eq!(card.kpis[0].target, Some(5.0));
    assert_eq!(card.kpis[0].unit.as_deref(), Some("points"));
    assert_eq!(
        card.links[0],
        Link {
            label: "Spec".into(),
            url: "https://example.com/spec".into()
        }
    );
    assert_eq!(card.notes[0].text, "Said so");
    assert_eq!(card.notes[0].source.as_deref(), Some("Interview"));
    let doc = edit_all(
        doc,
        &id,
        &[
            CardEdit::Kpi(0, KpiField::Value, "n/a".into()),
            CardEdit::Remove(List::Links, 0),
            CardEdit::Remove(List::Notes, 0),
        ],
    );
    let card = doc.card(&id).expect("card");
    assert_eq!(
        card.kpis[0].value, None,
        "a KPI value that is not a number is cleared"
    );
    assert!(card.links.is_empty() && card.notes.is_empty());
}

#[test]
fn unsafe_link_urls_are_refused_and_the_link_kept() {
    let (doc, id) = doc_and_card();
    let doc = edit_all(
        doc,
        &id,
        &[CardEdit::AddLink {
            label: "Spec".into(),
            url: "https://ok.example".into(),
        }],
    );
    for bad in ["javascript:alert(1)", "https://", "", "data:,x"] {
        let err = edit_card(&doc, &id, &CardEdit::Link(0, LinkField::Url, bad.into()));
        assert!(matches!(err, Err(FieldError::UnsafeLink(_))), "{bad:?}");
        // A link is never added without a URL the next load keeps.
        let add = CardEdit::AddLink {
            label: "x".into(),
            url: bad.into(),
        };
        assert!(
            matches!(edit_card(&doc, &id, &add), Err(FieldError::UnsafeLink(_))),
            "{bad:?}"
        );
    }
    assert!(matches!(
        edit_card(&doc, &id, &CardEdit::Add(List::Links)),
        Err(FieldError::UnsafeLink(_))
    ));
}

#[test]
fn missing_items_and_cards_are_errors() {
    let (doc, id) = doc_and_card();
    for edit in [
        CardEdit::Remove(List::Kpis, 0),
        CardEdit::Remove(List::Links, usize::MAX),
        CardEdit::Kpi(0, KpiField::Name, "x".into()),
        CardEdit::Link(3, LinkField::Label, "x".into()),
        CardEdit::Note(0, NoteField::Text, "x".into()),
    ] {
        let err = edit_card(&doc, &id, &edit).unwrap_err();
        assert!(matches!(err, FieldError::NoItem { .. }), "{edit:?}: {err}");
    }
    let err = edit_card(&doc, &id, &CardEdit::Remove(List::Notes, 2)).unwrap_err();
    assert_eq!(err.to_string(), "this card has no note number 3");
    let ghost = CardId::new("ghost").expect("valid id");
    let err = edit_card(&doc, &ghost, &text(CardField::Title, "x")).unwrap_err();
    assert_eq!(err, FieldError::Command(CommandError::UnknownCard(ghost)));
}

#[test]
fn every_card_edit_has_its_undo_label() {
    let labels = [
        (text(CardField::Title, ""), "Edit title"),
        (text(CardField::Kind, ""), "Change kind"),
        (text(CardField::Emotion, ""), "Edit emotion"),
        (
            CardEdit::Duration(CardDuration::WaitBefore, None),
            "Edit wait",
        ),
        (CardEdit::Duration(CardDuration::Sla, None), "Edit SLA"),
        (CardEdit::FailPoint(true), "Fail point"),
        (
            CardEdit::Fail(FailField::Description, String::new()),
            "Edit fail point",
        ),
        (CardEdit::Add(List::Kpis), "Add KPI"),
        (CardEdit::Remove(List::Links, 0), "Remove link"),
        (CardEdit::Kpi(0, KpiField::Unit, String::new()), "Edit KPI"),
        (
            CardEdit::Link(0, LinkField::Url, String::new()),
            "Edit link",
        ),
        (
            CardEdit::Note(0, NoteField::Source, String::new()),
            "Edit note source",
        ),
    ];
    for (edit, label) in labels {
        assert_eq!(edit.label(), label, "{edit:?}");
    }
}

/// Committing what a field shows never changes anything, for every field of every card in
/// every bundled example (the fields show exactly what their rules read back).
#[test]
fn committing_what_a_field_shows_changes_nothing() {
    let fields = [
        CardField::Title,
        CardField::Description,
        CardField::Kind,
        CardField::ActorType,
        CardField::Owner,
        CardField::Channel,
        CardField::Emotion,
        CardField::Privacy,
        CardField::Tags,
        CardField::Regulations,
    ];
    let fail_fields = [
        FailField::Risk,
        FailField::Description,
        FailField::Owner,
        FailField::Escalation,
    ];
    let mut checked = 0;
    for doc in bundled_examples() {
        for card in &doc.cards {
            let mut edits: Vec<CardEdit> = fields
                .iter()
                .map(|&f| CardEdit::Text(f, f.show(card)))
                .collect();
            if card.fail_point.is_some() {
                edits.extend(fail_fields.iter().map(|&f| CardEdit::Fail(f, f.show(card))));
            }
            for (i, kpi) in card.kpis.iter().enumerate() {
                for f in [
                    KpiField::Name,
                    KpiField::Value,
                    KpiField::Target,
                    KpiField::Unit,
                ] {
                    edits.push(CardEdit::Kpi(i, f, f.show(kpi)));
                }
            }
            for (i, link) in card.links.iter().enumerate() {
                for f in [LinkField::Label, LinkField::Url] {
                    edits.push(CardEdit::Link(i, f, f.show(link)));
                }
            }
            for (i, note) in card.notes.iter().enumerate() {
                for f in [NoteField::Text, NoteField::Source] {
                    edits.push(CardEdit::Note(i, f, f.show(note)));
                }
            }
            for edit in edits {
                let command = edit_card(&doc, &card.id, &edit).expect("allowed");
                assert!(is_empty_batch(&command), "{}: {edit:?}", card.title);
                checked += 1;
            }
        }
        for c in &doc.connections {
            for f in [
                ConnectionField::Label,
                ConnectionField::Kind,
                ConnectionField::Direction,
            ] {
                let edit = ConnectionEdit::Text(f, f.show(c));
                let command = edit_connection(&doc, &c.id, &edit).expect("allowed");
                assert!(is_empty_batch(&command), "{edit:?}");
            }
        }
        for f in [
            BlueprintField::Title,
            BlueprintField::Description,
            BlueprintField::Persona,
            BlueprintField::Scenario,
        ] {
            assert!(is_empty_batch(&set_metadata(
                &doc,
                f,
                f.show(&doc.metadata)
            )));
        }
    }
    assert!(
        checked > 100,
        "the examples have cards with fields ({checked})"
    );
}

#[test]
fn a_known_channel_shows_its_label() {
    let (doc, id) = doc_and_card();
    let card = edited(&doc, &id, text(CardField::Channel, "in_person"));
    assert_eq!(CardField::Channel.show(&card), "In person");
    let card = edited(&doc, &id, text(CardField::Channel, "WhatsApp"));
    assert_eq!(CardField::Channel.show(&card), "whatsapp");
}

// ---------------------------------------------------------------------------------------------
// Arrows, the blueprint, checks

#[test]
fn arrow_fields_store_their_rules() {
    let f = fixture();
    let id = f.doc.connections[0].id.clone();
    let edits = [
        ConnectionEdit::Text(ConnectionField::Label, " visit request ".into()),
        ConnectionEdit::Text(ConnectionField::Kind, "data_flow".into()),
        ConnectionEdit::Text(ConnectionField::Direction, "two_way".into()),
        ConnectionEdit::Latency(Some(600)),
    ];
    let mut doc = f.doc.clone();
    for edit in &edits {
        let command = edit_connection(&doc, &id, edit).expect("allowed");
        assert!(!is_empty_batch(&command), "{edit:?}");
        doc = run(&doc, command);
    }
    let c = doc.connection(&id).expect("arrow");
    assert_eq!(c.label, "visit request");
    assert_eq!(c.kind, ConnectionKind::DataFlow);
    assert_eq!(c.direction, Direction::TwoWay);
    assert_eq!(c.expected_latency_secs, Some(600));
    let labels: Vec<&str> = edits.iter().map(ConnectionEdit::label).collect();
    assert_eq!(
        labels,
        [
            "Edit arrow label",
            "Change arrow kind",
            "Change arrow direction",
            "Edit latency"
        ]
    );
    for (field, bad) in [
        (ConnectionField::Kind, "Data flow"),
        (ConnectionField::Direction, "sideways"),
    ] {
        let err = edit_connection(&doc, &id, &ConnectionEdit::Text(field, bad.into()));
        assert!(
            matches!(err, Err(FieldError::UnknownName { .. })),
            "{bad:?}"
        );
    }
    let again = edit_connection(&doc, &id, &ConnectionEdit::Latency(Some(600))).expect("ok");
    assert!(is_empty_batch(&again));
    let ghost = ConnectionId::new("ghost").expect("valid id");
    let err = edit_connection(&doc, &ghost, &ConnectionEdit::Latency(None)).unwrap_err();
    assert_eq!(
        err,
        FieldError::Command(CommandError::UnknownConnection(ghost))
    );
}

#[test]
fn blueprint_fields_are_trimmed_one_step_each() {
    let f = fixture();
    for field in [
        BlueprintField::Title,
        BlueprintField::Description,
        BlueprintField::Persona,
        BlueprintField::Scenario,
    ] {
        let command = set_metadata(&f.doc, field, "  Late arrival \n");
        let after = run(&f.doc, command);
        assert_eq!(field.show(&after.metadata), "Late arrival", "{field:?}");
        let mut others = after.metadata.clone();
        let mut before = f.doc.metadata.clone();
        for m in [&mut others, &mut before] {
            match field {
                BlueprintField::Title => m.title.clear(),
                BlueprintField::Description => m.description.clear(),
                BlueprintField::Persona => m.persona.clear(),
                BlueprintField::Scenario => m.scenario.clear(),
            }
        }
        assert_eq!(others, before, "{field:?} changes only itself");
        assert!(is_empty_batch(&set_metadata(
            &after,
            field,
            " Late arrival"
        )));
    }
    assert_eq!(BlueprintField::Persona.label(), "Edit persona");
}

#[test]
fn checks_are_turned_off_and_on_in_the_settings() {
    let f = fixture();
    let code = "no_frontstage";
    assert!(
        is_empty_batch(&set_check_enabled(&f.doc, code, true)),
        "already on"
    );
    let off = run(&f.doc, set_check_enabled(&f.doc, code, false));
    assert_eq!(off.settings.disabled_checks, [code]);
    assert!(
        is_empty_batch(&set_check_enabled(&off, code, false)),
        "already off"
    );
    let two = run(&off, set_check_enabled(&off, "other", false));
    assert_eq!(two.settings.disabled_checks, [code, "other"]);
    let on = run(&two, set_check_enabled(&two, code, true));
    assert_eq!(on.settings.disabled_checks, ["other"]);
    // A code listed twice (hand-edited file) is turned on completely.
    let mut twice = f.doc.clone();
    twice.settings.disabled_checks = vec![code.into(), code.into()];
    let on = run(&twice, set_check_enabled(&twice, code, true));
    assert!(on.settings.disabled_checks.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Defaults

fn now() -> Timestamp {
    Timestamp::from_unix_millis(1_700_000_000_000).expect("valid time")
}

#[test]
fn a_new_blueprint_has_the_canonical_lanes_and_three_numbered_stages() {
    let doc = new_blueprint(&mut SeededIds::new(1), now());
    assert_eq!(doc.metadata.title, UNTITLED_BLUEPRINT);
    assert_eq!(doc.stages.len(), NEW_BLUEPRINT_STAGES);
    let names: Vec<&str> = doc.stages.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Stage 1", "Stage 2", "Stage 3"]);
    let lanes: Vec<LaneKind> = doc.lanes.iter().map(|l| l.kind).collect();
    assert_eq!(lanes, LaneKind::CANONICAL);
    assert!(doc.cards.is_empty() && doc.connections.is_empty());
    let mut ids: Vec<_> = doc.stages.iter().map(|s| s.id.clone()).collect();
    ids.dedup();
    assert_eq!(ids.len(), NEW_BLUEPRINT_STAGES, "stage IDs are distinct");
}

#[test]
fn a_new_stage_is_numbered_after_the_last() {
    let mut ids = SeededIds::new(2);
    let mut doc = new_blueprint(&mut ids, now());
    assert_eq!(new_stage_name(&doc), "Stage 4");
    let (command, id) = ops::add_stage(&doc, &mut ids, 0, &new_stage_name(&doc));
    doc = run(&doc, command);
    assert_eq!(doc.stages[0].id, id);
    assert_eq!(doc.stages[0].name, "Stage 4");
    assert_eq!(new_stage_name(&doc), "Stage 5");
    let (command, id) = ops::add_stage(&doc, &mut ids, usize::MAX, &new_stage_name(&doc));
    doc = run(&doc, command);
    assert_eq!(
        doc.stages.last().map(|s| (&s.id, s.name.as_str())),
        Some((&id, "Stage 5"))
    );
}

#[test]
fn new_list_items_and_titles() {
    assert_eq!(new_kpi().name, "New KPI");
    assert_eq!(
        (new_kpi().value, new_kpi().target, new_kpi().unit),
        (None, None, None)
    );
    assert_eq!((new_note().text.as_str(), new_note().source), ("", None));
    assert_eq!(shown_title(""), UNTITLED_CARD);
    assert_eq!(shown_title("  "), "Untitled");
    assert_eq!(shown_title("Pays"), "Pays");
    assert_eq!(defaults::UNTITLED_BLUEPRINT, "Untitled blueprint");
}

#[test]
fn choices_list_every_value_with_its_label() {
    let kinds = choices::<CardKind>();
    assert_eq!(kinds.len(), CardKind::ALL.len());
    assert_eq!(kinds[0], ("touchpoint", "Touchpoint"));
    for (name, label) in choices::<ActorType>() {
        let v = ActorType::from_json_name(name).expect("a JSON name");
        assert_eq!(v.label(), label);
    }
    assert!(choices::<Direction>().contains(&("two_way", "Both ways")));
}

// ---------------------------------------------------------------------------------------------
// Properties

/// A card whose only link has this URL, as a one-card blueprint.
fn with_link(url: &str) -> Blueprint {
    let (mut doc, id) = doc_and_card();
    if let Some(card) = doc.cards.iter_mut().find(|c| c.id == id) {
        card.links = vec![Link {
            label: "x".into(),
            url: url.to_string(),
        }];
    }
    doc
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Showing a duration and reading it back gives the same seconds, for every duration a
    /// field accepts.
    #[test]
    fn minutes_round_trip(secs in 0u64..=315_360_000) {
        prop_assert_eq!(parse_minutes(&format_minutes(secs)), Ok(Some(secs)));
    }

    /// Whatever is typed, a duration is refused or within the limit.
    #[test]
    fn minutes_never_exceed_the_limit(text in "\\PC{0,24}") {
        if let Ok(Some(secs)) = parse_minutes(&text) {
            prop_assert!(secs as f64 <= MAX_MINUTES * 60.0);
        }
    }

    /// Typed numbers of minutes become their seconds, rounded.
    #[test]
    fn typed_minutes_become_seconds(m in 0.0f64..=5_256_000.0) {
        let secs = parse_minutes(&m.to_string()).expect("a number").expect("not blank");
        prop_assert!(((secs as f64) - m * 60.0).abs() <= 0.5 + 1e-6);
    }

    /// A KPI number shown and read back is the same number.
    #[test]
    fn numbers_round_trip(x in any::<f64>().prop_filter("finite", |x| x.is_finite())) {
        prop_assert_eq!(parse_number(&format_number(Some(x))), Some(x));
    }

    /// No text gives a KPI a number JSON cannot hold.
    #[test]
    fn parsed_numbers_are_finite(text in "\\PC{0,24}") {
        if let Some(x) = parse_number(&text) {
            prop_assert!(x.is_finite());
        }
    }

    /// A clamped emotion is always in range, and values in range are kept.
    #[test]
    fn emotion_clamp_stays_in_range(e in any::<i64>()) {
        let c = clamp_emotion(e);
        prop_assert!(EMOTION_RANGE.contains(&c));
        if (i64::from(EMOTION_MIN)..=i64::from(EMOTION_MAX)).contains(&e) {
            prop_assert_eq!(i64::from(c), e);
        }
    }

    /// Any typed emotion is refused, blank, or in range.
    #[test]
    fn parsed_emotions_are_in_range(text in "[-+]?[0-9]{0,30}|\\PC{0,8}") {
        if let Ok(Some(e)) = parse_emotion(&text) {
            prop_assert!(EMOTION_RANGE.contains(&e));
        }
    }

    /// The emotion scale is within 0..=1 and ordered like the emotions.
    #[test]
    fn emotion_fraction_is_monotonic(a in any::<i8>(), b in any::<i8>()) {
        let (fa, fb) = (emotion_fraction(a), emotion_fraction(b));
        prop_assert!((0.0..=1.0).contains(&fa));
        if a <= b {
            prop_assert!(fa <= fb);
        }
    }

    /// Splitting a list gives trimmed, non-empty items, and showing and splitting it again
    /// gives the same list.
    #[test]
    fn lists_are_stable(text in "[a-z ,\\t]{0,30}|\\PC{0,20}") {
        let items = split_list(&text);
        for item in &items {
            prop_assert!(!item.is_empty());
            prop_assert_eq!(item.trim(), item.as_str());
            prop_assert!(!item.contains(','));
        }
        prop_assert_eq!(split_list(&join_list(&items)), items);
    }

    /// Optional text is absent or trimmed and non-empty.
    #[test]
    fn optional_text_is_trimmed_or_none(text in "\\PC{0,20}") {
        match optional_text(&text) {
            Some(t) => {
                prop_assert!(!t.is_empty());
                prop_assert_eq!(t.trim(), t.as_str());
            }
            None => prop_assert!(text.trim().is_empty()),
        }
    }

    /// A channel shown in its field and committed again is the same channel.
    #[test]
    fn channels_are_stable(text in "[ a-zA-Z_]{0,16}|\\PC{0,12}") {
        if let Some(channel) = parse_channel(&text) {
            prop_assert_eq!(parse_channel(channel.label()), Some(channel));
        } else {
            prop_assert!(text.trim().is_empty());
        }
    }

    /// The editor stores only link URLs the load path keeps: what it stores for an accepted
    /// URL survives repair, and a refused one as typed would be dropped by it.
    #[test]
    fn links_agree_with_the_load_path(
        url in "(https?://|mailto:|javascript:|HTTPS://|data:)?[a-z./: \\t]{0,12}|\\PC{0,12}"
    ) {
        let kept = |stored: &str| {
            let mut doc = with_link(stored);
            repair(&mut doc);
            doc.cards.iter().any(|c| !c.links.is_empty())
        };
        match link_url(&url) {
            Ok(stored) => prop_assert!(kept(&stored), "{:?} stored as {:?}", url, stored),
            Err(_) => prop_assert!(!kept(url.trim()), "{:?}", url),
        }
    }
}

#[test]
fn what_the_blueprint_shows_is_set_and_cleared_one_undo_step_each() {
    use stageline_core::fields::blueprint::{CLEAR_DERIVED_FROM_LABEL, SET_KIND_LABEL};
    use stageline_core::fields::{clear_derived_from, set_kind, show_kind};
    use stageline_core::Editor;
    use stageline_schema::{BlueprintId, BlueprintKind, DerivedFrom};
    let f = fixture();
    assert_eq!(show_kind(&f.doc.metadata), "");
    // The select offers the schema's table; each value sets the kind and nothing else.
    let options = choices::<BlueprintKind>();
    assert_eq!(
        options,
        [
            ("as_is", "As is"),
            ("to_be", "To be"),
            ("scenario", "Scenario")
        ]
    );
    for (name, _) in &options {
        let after = run(&f.doc, set_kind(&f.doc, name).expect("a kind"));
        assert_eq!(show_kind(&after.metadata), *name);
        let mut rest = after.metadata.clone();
        rest.kind = None;
        assert_eq!(rest, f.doc.metadata, "{name} changes only the kind");
        assert!(is_empty_batch(&set_kind(&after, name).expect("same")));
        // Blank text is "Not said".
        let cleared = run(&after, set_kind(&after, "  ").expect("blank clears"));
        assert_eq!(cleared.metadata.kind, None);
    }
    // A label or anything else is refused, and nothing changes.
    for bad in ["As is", "as-is", "draft"] {
        assert!(
            matches!(set_kind(&f.doc, bad), Err(FieldError::UnknownName { .. })),
            "{bad}"
        );
    }
    assert!(is_empty_batch(
        &set_kind(&f.doc, "").expect("already not said")
    ));

    // Through the editor's history: the undo labels, and undo restores the document.
    let mut doc = f.doc.clone();
    doc.metadata.derived_from = Some(DerivedFrom {
        blueprint: BlueprintId::new("bp_as_is").expect("id"),
        title: "Hotel as is".into(),
        version: Some("v2".into()),
        at: None,
    });
    let mut editor = Editor::new(doc.clone());
    let command = set_kind(editor.doc(), "to_be").expect("a kind");
    editor.execute(SET_KIND_LABEL, command).expect("applies");
    assert_eq!(editor.doc().metadata.kind, Some(BlueprintKind::ToBe));
    assert_eq!(editor.undo_label(), Some("Set what it shows"));
    let command = clear_derived_from(editor.doc());
    editor
        .execute(CLEAR_DERIVED_FROM_LABEL, command)
        .expect("applies");
    assert_eq!(editor.doc().metadata.derived_from, None);
    assert_eq!(editor.doc().metadata.kind, Some(BlueprintKind::ToBe));
    assert!(is_empty_batch(&clear_derived_from(editor.doc())));
    assert_eq!(editor.undo().as_deref(), Some(CLEAR_DERIVED_FROM_LABEL));
    assert_eq!(
        editor.doc().metadata.derived_from,
        doc.metadata.derived_from
    );
    assert_eq!(editor.undo().as_deref(), Some(SET_KIND_LABEL));
    assert_eq!(editor.doc(), &doc);
}
