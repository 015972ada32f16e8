//! Property tests: any sequence of edits can be undone back to the start and redone to the end.

mod common;

use proptest::prelude::*;
use stageline_core::{nav, ops, Command, Editor};
use stageline_schema::{ConnectionKind, LaneKind};

#[derive(Debug, Clone)]
enum Edit {
    AddCard {
        lane: usize,
        stage: usize,
        position: usize,
    },
    MoveCards {
        picks: Vec<usize>,
        lane: usize,
        stage: usize,
        position: usize,
    },
    DeleteCards {
        picks: Vec<usize>,
    },
    Duplicate {
        picks: Vec<usize>,
    },
    Connect {
        from: usize,
        to: usize,
    },
    AddStage {
        index: usize,
    },
    DeleteStage {
        index: usize,
    },
    MoveStage {
        index: usize,
        to: usize,
    },
    AddLane {
        index: usize,
    },
    DeleteLane {
        index: usize,
    },
    MoveLane {
        index: usize,
        to: usize,
    },
    Nudge {
        pick: usize,
        dir: u8,
    },
}

fn edit() -> impl Strategy<Value = Edit> {
    let n = 0usize..12;
    prop_oneof![
        (n.clone(), n.clone(), n.clone()).prop_map(|(lane, stage, position)| Edit::AddCard {
            lane,
            stage,
            position
        }),
        (
            prop::collection::vec(0usize..40, 1..4),
            n.clone(),
            n.clone(),
            n.clone()
        )
            .prop_map(|(picks, lane, stage, position)| Edit::MoveCards {
                picks,
                lane,
                stage,
                position
            }),
        prop::collection::vec(0usize..40, 1..3).prop_map(|picks| Edit::DeleteCards { picks }),
        prop::collection::vec(0usize..40, 1..3).prop_map(|picks| Edit::Duplicate { picks }),
        (0usize..40, 0usize..40).prop_map(|(from, to)| Edit::Connect { from, to }),
        n.clone().prop_map(|index| Edit::AddStage { index }),
        n.clone().prop_map(|index| Edit::DeleteStage { index }),
        (n.clone(), n.clone()).prop_map(|(index, to)| Edit::MoveStage { index, to }),
        n.clone().prop_map(|index| Edit::AddLane { index }),
        n.clone().prop_map(|index| Edit::DeleteLane { index }),
        (n.clone(), n.clone()).prop_map(|(index, to)| Edit::MoveLane { index, to }),
        (0usize..40, 0u8..4).prop_map(|(pick, dir)| Edit::Nudge { pick, dir }),
    ]
}

fn to_command(
    editor: &Editor,
    ids: &mut stageline_schema::SeededIds,
    edit: &Edit,
) -> Option<Command> {
    let doc = editor.doc();
    let card = |i: usize| {
        doc.cards
            .get(i % doc.cards.len().max(1))
            .map(|c| c.id.clone())
    };
    let lane = |i: usize| {
        doc.lanes
            .get(i % doc.lanes.len().max(1))
            .map(|l| l.id.clone())
    };
    let stage = |i: usize| {
        doc.stages
            .get(i % doc.stages.len().max(1))
            .map(|s| s.id.clone())
    };
    match edit {
        Edit::AddCard {
            lane: l,
            stage: s,
            position,
        } => ops::add_card(doc, ids, &lane(*l)?, &stage(*s)?, Some(*position), "card")
            .ok()
            .map(|(c, _)| c),
        Edit::MoveCards {
            picks,
            lane: l,
            stage: s,
            position,
        } => {
            let picks: Vec<_> = picks.iter().filter_map(|&i| card(i)).collect();
            ops::move_cards(doc, &picks, &lane(*l)?, &stage(*s)?, *position).ok()
        }
        Edit::DeleteCards { picks } => {
            let picks: Vec<_> = picks.iter().filter_map(|&i| card(i)).collect();
            ops::delete_cards(doc, &picks).ok()
        }
        Edit::Duplicate { picks } => {
            let picks: Vec<_> = picks.iter().filter_map(|&i| card(i)).collect();
            ops::duplicate_cards(doc, ids, &picks).ok().map(|(c, _)| c)
        }
        Edit::Connect { from, to } => ops::connect(
            doc,
            ids,
            &card(*from)?,
            &card(*to)?,
            ConnectionKind::Handoff,
        )
        .ok()
        .map(|(c, _)| c),
        Edit::AddStage { index } => Some(ops::add_stage(doc, ids, *index, "stage").0),
        Edit::DeleteStage { index } => ops::delete_stage(doc, &stage(*index)?).ok(),
        Edit::MoveStage { index, to } => ops::move_stage(doc, &stage(*index)?, *to).ok(),
        Edit::AddLane { index } => Some(ops::add_lane(doc, ids, *index, LaneKind::Partner, None).0),
        Edit::DeleteLane { index } => ops::delete_lane(doc, &lane(*index)?).ok(),
        Edit::MoveLane { index, to } => ops::move_lane(doc, &lane(*index)?, *to).ok(),
        Edit::Nudge { pick, dir } => {
            let dir = [
                nav::Move::Up,
                nav::Move::Down,
                nav::Move::Left,
                nav::Move::Right,
            ][*dir as usize];
            nav::nudge_card(doc, &card(*pick)?, dir).ok().flatten()
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn any_edit_sequence_undoes_to_the_start_and_redoes_to_the_end(edits in prop::collection::vec(edit(), 1..40)) {
        let mut f = common::fixture();
        let start = f.doc.clone();
        let mut editor = Editor::new(f.doc.clone());
        for edit in &edits {
            if let Some(command) = to_command(&editor, &mut f.ids, edit) {
                // Every command built by ops applies.
                prop_assert!(editor.execute("edit", command).is_ok(), "{edit:?}");
                // The document stays consistent: no dangling references.
                let doc = editor.doc();
                for card in &doc.cards {
                    prop_assert!(doc.lane(&card.lane).is_some() && doc.stage(&card.stage).is_some());
                }
                for c in &doc.connections {
                    prop_assert!(doc.card(&c.from).is_some() && doc.card(&c.to).is_some());
                }
            }
        }
        let end = editor.doc().clone();
        let steps = editor.undo_len();
        while editor.undo().is_some() {}
        prop_assert_eq!(editor.doc(), &start);
        for _ in 0..steps {
            prop_assert!(editor.redo().is_some());
        }
        prop_assert_eq!(editor.doc(), &end);
    }
}
