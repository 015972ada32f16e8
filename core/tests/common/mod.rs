//! A small hand-made blueprint shared by the core tests.

#![allow(dead_code)]

use stageline_core::{ops, Command};
use stageline_schema::{Blueprint, CardId, ConnectionKind, LaneId, SeededIds, StageId, Timestamp};

/// A blank blueprint (five canonical lanes) with three stages, some cards and arrows.
pub struct Fixture {
    pub doc: Blueprint,
    pub ids: SeededIds,
    pub lanes: Vec<LaneId>,
    pub stages: Vec<StageId>,
    /// Cards by cell: `cards[lane][stage]`.
    pub cards: Vec<Vec<Vec<CardId>>>,
}

pub fn apply(doc: &mut Blueprint, command: Command) -> Command {
    command.apply(doc).expect("command applies")
}

pub fn fixture() -> Fixture {
    let mut ids = SeededIds::new(7);
    let now = Timestamp::from_unix_millis(1_700_000_000_000).expect("valid time");
    let mut doc = Blueprint::new_blank(&mut ids, now, "Fixture");
    for name in ["Stage 2", "Stage 3"] {
        let (c, _) = ops::add_stage(&doc, &mut ids, usize::MAX, name);
        apply(&mut doc, c);
    }
    let lanes: Vec<LaneId> = doc.lanes.iter().map(|l| l.id.clone()).collect();
    let stages: Vec<StageId> = doc.stages.iter().map(|s| s.id.clone()).collect();
    let mut cards = vec![vec![Vec::new(); stages.len()]; lanes.len()];
    // Customer lane: 2 cards in stage 0, 1 in stage 1; frontstage: 1 in stage 0;
    // backstage: 3 in stage 1.
    for (l, s, n) in [(1, 0, 2), (1, 1, 1), (2, 0, 1), (3, 1, 3)] {
        for k in 0..n {
            let title = format!("L{l} S{s} #{k}");
            let (c, id) = ops::add_card(&doc, &mut ids, &lanes[l], &stages[s], None, &title)
                .expect("card added");
            apply(&mut doc, c);
            cards[l][s].push(id);
        }
    }
    for (a, b) in [
        (&cards[1][0][0], &cards[2][0][0]),
        (&cards[2][0][0], &cards[3][1][0]),
        (&cards[3][1][0], &cards[3][1][1]),
        (&cards[1][1][0], &cards[3][1][2]),
    ] {
        let (c, _) = ops::connect(&doc, &mut ids, a, b, ConnectionKind::Handoff).expect("connect");
        apply(&mut doc, c);
    }
    Fixture {
        doc,
        ids,
        lanes,
        stages,
        cards,
    }
}

/// Titles of a cell's cards in order.
pub fn titles(doc: &Blueprint, lane: &LaneId, stage: &StageId) -> Vec<String> {
    doc.cards_in_cell(lane, stage)
        .map(|c| c.title.clone())
        .collect()
}
