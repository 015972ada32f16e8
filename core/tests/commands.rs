//! Every primitive command and user-level edit: its effect, its inverse, and its errors.

mod common;

use common::{fixture, titles};
use stageline_core::{ops, Command, CommandError, Editor};
use stageline_schema::{Card, CardId, CardKind, ConnectionKind, LaneId, LaneKind, Stage};

/// Applies `command`, checks the inverse restores the document exactly, and that the inverse's
/// inverse re-does it exactly. Returns the document after the command.
fn round_trip(doc: &stageline_schema::Blueprint, command: Command) -> stageline_schema::Blueprint {
    let mut after = doc.clone();
    let inverse = command.apply(&mut after).expect("command applies");
    let mut back = after.clone();
    let redo = inverse.apply(&mut back).expect("inverse applies");
    assert_eq!(&back, doc, "inverse must restore the document exactly");
    let mut again = back.clone();
    redo.apply(&mut again).expect("redo applies");
    assert_eq!(again, after, "the inverse's inverse must redo exactly");
    after
}

#[test]
fn insert_remove_move_and_update_stage_round_trip() {
    let mut f = fixture();
    let stage = Stage::new(&mut f.ids, "Arrive");
    let id = stage.id.clone();
    let after = round_trip(&f.doc, Command::InsertStage { index: 1, stage });
    assert_eq!(after.stages[1].name, "Arrive");
    let after = round_trip(
        &after,
        Command::MoveStage {
            id: id.clone(),
            to: 3,
        },
    );
    assert_eq!(after.stages[3].id, id);
    let mut renamed = after.stage(&id).cloned().expect("stage");
    renamed.name = "Arrival".into();
    renamed.target_duration_secs = Some(600);
    let after = round_trip(&after, Command::UpdateStage { stage: renamed });
    assert_eq!(after.stage(&id).map(|s| s.name.as_str()), Some("Arrival"));
    let after = round_trip(&after, Command::RemoveStage { id: id.clone() });
    assert!(after.stage(&id).is_none());
}

#[test]
fn insert_remove_move_and_update_lane_round_trip() {
    let mut f = fixture();
    let (command, id) = ops::add_lane(
        &f.doc,
        &mut f.ids,
        5,
        LaneKind::Partner,
        Some("Distributor"),
    );
    let after = round_trip(&f.doc, command);
    assert_eq!(after.lanes[5].name, "Distributor");
    let after = round_trip(&after, ops::move_lane(&after, &id, 0).expect("move"));
    assert_eq!(after.lanes[0].id, id);
    let edit =
        ops::edit_lane(&after, &id, |l| l.owner = Some("Supply chain".into())).expect("edit");
    let after = round_trip(&after, edit);
    assert_eq!(after.lanes[0].owner.as_deref(), Some("Supply chain"));
    let after = round_trip(&after, Command::RemoveLane { id: id.clone() });
    assert!(after.lane(&id).is_none());
}

#[test]
fn card_commands_round_trip() {
    let mut f = fixture();
    let (command, id) = ops::add_card(
        &f.doc,
        &mut f.ids,
        &f.lanes[1],
        &f.stages[0],
        Some(1),
        "Middle",
    )
    .expect("add");
    let after = round_trip(&f.doc, command);
    assert_eq!(
        titles(&after, &f.lanes[1], &f.stages[0]),
        ["L1 S0 #0", "Middle", "L1 S0 #1"]
    );
    let edit = ops::edit_card(&after, &id, |c| {
        c.title = "Edited".into();
        c.emotion = Some(-2);
        c.owner = Some("Front desk".into());
    })
    .expect("edit");
    let after = round_trip(&after, edit);
    assert_eq!(after.card(&id).map(|c| c.title.as_str()), Some("Edited"));
    let place = Command::PlaceCard {
        id: id.clone(),
        lane: f.lanes[4].clone(),
        stage: f.stages[2].clone(),
        index: 0,
    };
    let after = round_trip(&after, place);
    assert_eq!(after.cards[0].id, id);
    assert_eq!(after.cards[0].lane, f.lanes[4]);
    let after = round_trip(&after, Command::RemoveCard { id: id.clone() });
    assert!(after.card(&id).is_none());
}

#[test]
fn connection_commands_round_trip() {
    let mut f = fixture();
    let a = f.cards[1][0][1].clone();
    let b = f.cards[4 - 3][1][0].clone();
    let (command, id) =
        ops::connect(&f.doc, &mut f.ids, &a, &b, ConnectionKind::DataFlow).expect("connect");
    let after = round_trip(&f.doc, command);
    let edit =
        ops::edit_connection(&after, &id, |c| c.label = "booking details".into()).expect("edit");
    let after = round_trip(&after, edit);
    assert_eq!(
        after.connection(&id).map(|c| c.label.as_str()),
        Some("booking details")
    );
    let after = round_trip(
        &after,
        ops::delete_connections(&after, std::slice::from_ref(&id)).expect("delete"),
    );
    assert!(after.connection(&id).is_none());
}

#[test]
fn metadata_and_settings_round_trip() {
    let f = fixture();
    let mut metadata = f.doc.metadata.clone();
    metadata.title = "Hotel stay".into();
    metadata.persona = "Late-arriving business traveller".into();
    let after = round_trip(&f.doc, Command::SetMetadata { metadata });
    assert_eq!(after.metadata.title, "Hotel stay");
    let mut settings = after.settings.clone();
    settings
        .disabled_checks
        .push("wait-without-duration".into());
    round_trip(&after, Command::SetSettings { settings });
}

#[test]
fn replacing_the_content_keeps_the_id_and_undoes_exactly() {
    let f = fixture();
    let mut other = f.doc.clone();
    other.id = stageline_schema::BlueprintId::new("bp_elsewhere").expect("id");
    other.metadata.title = "This morning".into();
    other.cards.truncate(1);
    other.connections.clear();
    let after = round_trip(
        &f.doc,
        Command::ReplaceContent {
            doc: Box::new(other.clone()),
        },
    );
    assert_eq!(after.id, f.doc.id, "the document keeps its own ID");
    assert_eq!(after.metadata.title, "This morning");
    assert_eq!(after.cards, other.cards);
}

#[test]
fn invalid_commands_fail_and_change_nothing() {
    let mut f = fixture();
    let before = f.doc.clone();
    let ghost = CardId::generate(&mut f.ids);
    let connected = f.cards[1][0][0].clone();
    let cases = vec![
        (
            Command::RemoveCard { id: ghost.clone() },
            CommandError::UnknownCard(ghost.clone()),
        ),
        (
            Command::RemoveCard {
                id: connected.clone(),
            },
            CommandError::StillConnected(connected.clone()),
        ),
        (
            Command::RemoveStage {
                id: f.stages[0].clone(),
            },
            CommandError::NotEmpty(format!("stage {}", f.stages[0])),
        ),
        (
            Command::InsertStage {
                index: 99,
                stage: Stage::new(&mut f.ids, "x"),
            },
            CommandError::IndexOutOfRange { index: 99, max: 3 },
        ),
        (
            Command::InsertStage {
                index: 0,
                stage: Stage {
                    id: f.stages[1].clone(),
                    ..Stage::new(&mut f.ids, "dup")
                },
            },
            CommandError::DuplicateId(f.stages[1].to_string()),
        ),
        (
            Command::MoveLane {
                id: f.lanes[0].clone(),
                to: 5,
            },
            CommandError::IndexOutOfRange { index: 5, max: 4 },
        ),
    ];
    for (command, expected) in cases {
        let mut doc = f.doc.clone();
        assert_eq!(command.apply(&mut doc), Err(expected));
        assert_eq!(doc, before);
    }
    // A card in an unknown lane, an arrow to itself.
    let unknown_lane = LaneId::generate(&mut f.ids);
    let mut card = Card::new(
        &mut f.ids,
        unknown_lane,
        f.stages[0].clone(),
        CardKind::Action,
        "x",
    );
    let mut doc = f.doc.clone();
    assert!(matches!(
        Command::InsertCard {
            index: 0,
            card: card.clone()
        }
        .apply(&mut doc),
        Err(CommandError::UnknownLane(_))
    ));
    card.lane = f.lanes[0].clone();
    assert!(Command::InsertCard { index: 0, card }
        .apply(&mut doc)
        .is_ok());
    assert_eq!(
        ops::connect(
            &f.doc,
            &mut f.ids,
            &connected,
            &connected,
            ConnectionKind::Handoff
        )
        .map(|_| ()),
        Err(CommandError::SelfConnection(connected.clone()))
    );
}

#[test]
fn a_failing_batch_is_rolled_back_entirely() {
    let mut f = fixture();
    let before = f.doc.clone();
    let ghost = CardId::generate(&mut f.ids);
    let batch = Command::Batch(vec![
        Command::RemoveConnection {
            id: before.connections[0].id.clone(),
        },
        Command::MoveStage {
            id: f.stages[0].clone(),
            to: 2,
        },
        Command::RemoveCard { id: ghost.clone() },
    ]);
    let mut doc = f.doc.clone();
    assert_eq!(batch.apply(&mut doc), Err(CommandError::UnknownCard(ghost)));
    assert_eq!(doc, before);
}

#[test]
fn deleting_a_stage_takes_its_cards_and_their_arrows_and_undo_restores_all() {
    let f = fixture();
    let command = ops::delete_stage(&f.doc, &f.stages[1]).expect("delete");
    let after = round_trip(&f.doc, command);
    assert_eq!(after.stages.len(), 2);
    assert!(after.cards.iter().all(|c| c.stage != f.stages[1]));
    // Only the arrow between the two stage-0 cards survives.
    assert_eq!(after.connections.len(), 1);
    assert!(after
        .connections
        .iter()
        .all(|c| after.card(&c.from).is_some() && after.card(&c.to).is_some()));
}

#[test]
fn deleting_a_lane_takes_its_cards_and_their_arrows() {
    let f = fixture();
    let after = round_trip(
        &f.doc,
        ops::delete_lane(&f.doc, &f.lanes[3]).expect("delete"),
    );
    assert_eq!(after.lanes.len(), 4);
    assert_eq!(after.cards.len(), f.doc.cards.len() - 3);
    assert_eq!(after.connections.len(), 1);
}

#[test]
fn deleting_and_duplicating_a_multi_selection() {
    let mut f = fixture();
    let selection = vec![f.cards[3][1][0].clone(), f.cards[3][1][1].clone()];
    let after = round_trip(
        &f.doc,
        ops::delete_cards(&f.doc, &selection).expect("delete"),
    );
    assert_eq!(after.cards.len(), f.doc.cards.len() - 2);
    assert_eq!(after.connections.len(), 2);

    let (command, copies) =
        ops::duplicate_cards(&f.doc, &mut f.ids, &selection).expect("duplicate");
    let after = round_trip(&f.doc, command);
    assert_eq!(copies.len(), 2);
    assert_eq!(
        titles(&after, &f.lanes[3], &f.stages[1]),
        ["L3 S1 #0", "L3 S1 #0", "L3 S1 #1", "L3 S1 #1", "L3 S1 #2"]
    );
    // The arrow between the two originals is copied between the two copies, and only it.
    assert_eq!(after.connections.len(), f.doc.connections.len() + 1);
    let last = after.connections.last().expect("copied arrow");
    assert_eq!((&last.from, &last.to), (&copies[0], &copies[1]));
}

#[test]
fn moving_cards_within_and_between_cells() {
    let f = fixture();
    let (l3, s1) = (&f.lanes[3], &f.stages[1]);
    let third = f.cards[3][1][2].clone();
    // Within the cell: the third card to the top.
    let after = round_trip(
        &f.doc,
        ops::move_cards(&f.doc, std::slice::from_ref(&third), l3, s1, 0).expect("move"),
    );
    assert_eq!(titles(&after, l3, s1), ["L3 S1 #2", "L3 S1 #0", "L3 S1 #1"]);
    // The first card past the end of its own cell.
    let first = f.cards[3][1][0].clone();
    let after = round_trip(
        &f.doc,
        ops::move_cards(&f.doc, &[first], l3, s1, 99).expect("move"),
    );
    assert_eq!(titles(&after, l3, s1), ["L3 S1 #1", "L3 S1 #2", "L3 S1 #0"]);
    // Two cards from different cells into the customer lane, stage 2, keeping document order.
    let pick = vec![third.clone(), f.cards[1][0][0].clone()];
    let after = round_trip(
        &f.doc,
        ops::move_cards(&f.doc, &pick, &f.lanes[1], &f.stages[2], 0).expect("move"),
    );
    assert_eq!(
        titles(&after, &f.lanes[1], &f.stages[2]),
        ["L1 S0 #0", "L3 S1 #2"]
    );
    // Between two cards that stay.
    let after = round_trip(
        &f.doc,
        ops::move_cards(&f.doc, &pick, l3, s1, 1).expect("move"),
    );
    assert_eq!(
        titles(&after, l3, s1),
        ["L3 S1 #0", "L1 S0 #0", "L3 S1 #2", "L3 S1 #1"]
    );
    // Arrows follow their cards: nothing about connections changes.
    assert_eq!(after.connections, f.doc.connections);
}

#[test]
fn a_move_to_where_the_cards_already_are_is_no_step() {
    let f = fixture();
    let cards = f.cards[3][1].clone();
    let command = ops::move_cards(&f.doc, &cards, &f.lanes[3], &f.stages[1], 0).expect("move");
    assert!(command.is_noop());
    let mut editor = Editor::new(f.doc.clone());
    editor.execute("Move", command).expect("execute");
    assert_eq!(editor.undo_len(), 0);
    assert!(ops::move_stage(&f.doc, &f.stages[0], 0)
        .expect("move")
        .is_noop());
}

#[test]
fn editor_undo_redo_one_step_per_gesture() {
    let mut f = fixture();
    let original = f.doc.clone();
    let mut editor = Editor::new(f.doc.clone());
    let pick = vec![
        f.cards[3][1][0].clone(),
        f.cards[3][1][1].clone(),
        f.cards[1][0][1].clone(),
    ];
    let command = ops::move_cards(editor.doc(), &pick, &f.lanes[4], &f.stages[2], 0).expect("move");
    editor.execute("Move 3 cards", command).expect("execute");
    let moved = editor.doc().clone();
    let (command, _) = ops::add_stage(editor.doc(), &mut f.ids, 0, "Discover");
    editor.execute("Add stage", command).expect("execute");
    assert_eq!(editor.undo_len(), 2);
    assert_eq!(editor.undo_label(), Some("Add stage"));
    assert_eq!(editor.undo().as_deref(), Some("Add stage"));
    assert_eq!(editor.doc(), &moved);
    assert_eq!(editor.undo().as_deref(), Some("Move 3 cards"));
    assert_eq!(editor.doc(), &original);
    assert_eq!(editor.undo(), None);
    assert_eq!(editor.redo().as_deref(), Some("Move 3 cards"));
    assert_eq!(editor.doc(), &moved);
    // A new change clears what could be redone.
    let (command, _) = ops::add_stage(editor.doc(), &mut f.ids, 0, "Other");
    editor.execute("Add stage", command).expect("execute");
    assert_eq!(editor.redo_len(), 0);
    assert_eq!(editor.redo(), None);
    // A failed command records nothing.
    let ghost = CardId::generate(&mut f.ids);
    assert!(editor
        .execute("Bad", Command::RemoveCard { id: ghost })
        .is_err());
    assert_eq!(editor.undo_len(), 2);
}

#[test]
fn the_history_keeps_at_most_its_limit() {
    let mut f = fixture();
    let mut editor = Editor::new(f.doc.clone());
    editor.set_history_limit(3);
    for i in 0..5 {
        let (command, _) = ops::add_stage(editor.doc(), &mut f.ids, 0, &format!("S{i}"));
        editor.execute("Add stage", command).expect("execute");
    }
    assert_eq!(editor.undo_len(), 3);
    while editor.undo().is_some() {}
    assert_eq!(editor.doc().stages.len(), f.doc.stages.len() + 2);
    assert!(editor.revision() >= 8);
}

#[test]
fn a_shared_document_applies_edits_unrecorded_and_takes_merges_as_revisions() {
    let mut f = fixture();
    let mut editor = Editor::new(f.doc.clone());
    let (command, _) = ops::add_stage(editor.doc(), &mut f.ids, 0, "Discover");
    editor.execute("Add stage", command).expect("execute");
    let recorded = editor.revision();
    // Unrecorded: the document changes, a new revision, no undo step.
    let (command, _) = ops::add_stage(editor.doc(), &mut f.ids, 0, "Arrive");
    editor.apply_unrecorded(command).expect("apply");
    assert_eq!(editor.doc().stages[0].name, "Arrive");
    assert_eq!(editor.undo_len(), 1);
    assert_eq!(editor.revision(), recorded + 1);
    // A failed command changes nothing.
    let ghost = CardId::generate(&mut f.ids);
    assert!(editor
        .apply_unrecorded(Command::RemoveCard { id: ghost })
        .is_err());
    assert_eq!(editor.revision(), recorded + 1);
    // A merged document is a new revision and drops the history made for the old one;
    // the same document again is no change.
    let merged = f.doc.clone();
    editor.replace_merged(merged.clone());
    assert_eq!(editor.doc(), &merged);
    assert_eq!((editor.undo_len(), editor.redo_len()), (0, 0));
    assert_eq!(editor.revision(), recorded + 2);
    editor.replace_merged(merged);
    assert_eq!(editor.revision(), recorded + 2);
}
