//! Keyboard navigation over the blueprint grid, as pure functions of the document.
//!
//! The grid has a header row (stages) and a header column (lanes). Focus sits on a stage
//! header, a lane header, an empty-or-not cell, or a card. Arrow keys move focus; the editor
//! maps keys to [`Move`] and puts DOM focus where [`next_focus`] says. [`nudge_card`] moves the
//! focused card itself (the keyboard's drag-and-drop).

use stageline_schema::{Blueprint, CardId, LaneId, StageId};

use crate::command::{Command, CommandError};
use crate::ops;

/// What has keyboard focus in the grid.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Focus {
    /// The header of a stage (column).
    StageHeader(StageId),
    /// The header of a lane (row).
    LaneHeader(LaneId),
    /// A cell itself (the space around its cards).
    Cell(LaneId, StageId),
    /// A card.
    Card(CardId),
}

/// A direction of movement from the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Move {
    /// Arrow up.
    Up,
    /// Arrow down.
    Down,
    /// Arrow left.
    Left,
    /// Arrow right.
    Right,
}

/// Where focus goes from `focus` when moving `dir`; `focus` itself at the grid's edge.
///
/// From a card, up and down walk the cards of its cell and then continue into the cell above
/// or below (its nearest card, or the cell when empty); left and right go to the card at the
/// same position in the neighbouring stage (or the nearest one, or the cell). Past the first
/// stage or lane, focus reaches the lane or stage header. Focus that refers to something no
/// longer in the document falls back to the first cell.
pub fn next_focus(doc: &Blueprint, focus: &Focus, dir: Move) -> Focus {
    let Some(pos) = position(doc, focus) else {
        return first_focus(doc);
    };
    let lanes = doc.lanes.len();
    let stages = doc.stages.len();
    match pos {
        Pos::StageHeader(s) => match dir {
            Move::Left if s > 0 => Focus::StageHeader(doc.stages[s - 1].id.clone()),
            Move::Right if s + 1 < stages => Focus::StageHeader(doc.stages[s + 1].id.clone()),
            Move::Down if lanes > 0 => cell_entry(doc, 0, s, Entry::Top, 0),
            _ => focus.clone(),
        },
        Pos::LaneHeader(l) => match dir {
            Move::Up if l > 0 => Focus::LaneHeader(doc.lanes[l - 1].id.clone()),
            Move::Down if l + 1 < lanes => Focus::LaneHeader(doc.lanes[l + 1].id.clone()),
            Move::Right if stages > 0 => cell_entry(doc, l, 0, Entry::Top, 0),
            _ => focus.clone(),
        },
        Pos::Cell { lane, stage, card } => {
            let count = cell_cards(doc, lane, stage).len();
            match dir {
                Move::Up => match card {
                    Some(k) if k > 0 => card_focus(doc, lane, stage, k - 1),
                    _ if lane > 0 => cell_entry(doc, lane - 1, stage, Entry::Bottom, 0),
                    _ => Focus::StageHeader(doc.stages[stage].id.clone()),
                },
                Move::Down => match card {
                    Some(k) if k + 1 < count => card_focus(doc, lane, stage, k + 1),
                    None if count > 0 => card_focus(doc, lane, stage, 0),
                    _ if lane + 1 < lanes => cell_entry(doc, lane + 1, stage, Entry::Top, 0),
                    _ => focus.clone(),
                },
                Move::Left if stage > 0 => {
                    cell_entry(doc, lane, stage - 1, Entry::Same, card.unwrap_or(0))
                }
                Move::Left => Focus::LaneHeader(doc.lanes[lane].id.clone()),
                Move::Right if stage + 1 < stages => {
                    cell_entry(doc, lane, stage + 1, Entry::Same, card.unwrap_or(0))
                }
                Move::Right => focus.clone(),
            }
        }
    }
}

/// The focus to start from: the first cell, or the first header when there are no cells.
pub fn first_focus(doc: &Blueprint) -> Focus {
    first_focus_of(
        doc.lanes.first().map(|l| &l.id),
        doc.stages.first().map(|s| &s.id),
    )
}

/// The focus to start from in a grid whose first lane and first stage are these: their cell,
/// or the header there is when the grid has no cells.
pub fn first_focus_of(lane: Option<&LaneId>, stage: Option<&StageId>) -> Focus {
    match (lane, stage) {
        (Some(l), Some(s)) => Focus::Cell(l.clone(), s.clone()),
        (Some(l), None) => Focus::LaneHeader(l.clone()),
        (None, Some(s)) => Focus::StageHeader(s.clone()),
        (None, None) => Focus::Cell(LaneId::from_bits(0), StageId::from_bits(0)),
    }
}

/// The command that moves card `id` one step in `dir`: within its cell (up, down), then into
/// the neighbouring lane (up, down past the cell's edge) or stage (left, right). `None` at the
/// grid's edge.
pub fn nudge_card(
    doc: &Blueprint,
    id: &CardId,
    dir: Move,
) -> Result<Option<Command>, CommandError> {
    let Some(Pos::Cell {
        lane,
        stage,
        card: Some(k),
    }) = position(doc, &Focus::Card(id.clone()))
    else {
        return Err(CommandError::UnknownCard(id.clone()));
    };
    let count = cell_cards(doc, lane, stage).len();
    let (target_lane, target_stage, position) = match dir {
        Move::Up if k > 0 => (lane, stage, k - 1),
        Move::Up if lane > 0 => (lane - 1, stage, usize::MAX),
        Move::Down if k + 1 < count => (lane, stage, k + 1),
        Move::Down if lane + 1 < doc.lanes.len() => (lane + 1, stage, 0),
        Move::Left if stage > 0 => (lane, stage - 1, k),
        Move::Right if stage + 1 < doc.stages.len() => (lane, stage + 1, k),
        _ => return Ok(None),
    };
    let command = ops::move_cards(
        doc,
        std::slice::from_ref(id),
        &doc.lanes[target_lane].id,
        &doc.stages[target_stage].id,
        position,
    )?;
    Ok(Some(command))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pos {
    StageHeader(usize),
    LaneHeader(usize),
    Cell {
        lane: usize,
        stage: usize,
        card: Option<usize>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    Top,
    Bottom,
    Same,
}

fn position(doc: &Blueprint, focus: &Focus) -> Option<Pos> {
    match focus {
        Focus::StageHeader(id) => doc.stage_index(id).map(Pos::StageHeader),
        Focus::LaneHeader(id) => doc.lane_index(id).map(Pos::LaneHeader),
        Focus::Cell(l, s) => Some(Pos::Cell {
            lane: doc.lane_index(l)?,
            stage: doc.stage_index(s)?,
            card: None,
        }),
        Focus::Card(id) => {
            let card = doc.card(id)?;
            let lane = doc.lane_index(&card.lane)?;
            let stage = doc.stage_index(&card.stage)?;
            let k = cell_cards(doc, lane, stage).iter().position(|c| c == id)?;
            Some(Pos::Cell {
                lane,
                stage,
                card: Some(k),
            })
        }
    }
}

fn cell_cards(doc: &Blueprint, lane: usize, stage: usize) -> Vec<CardId> {
    match (doc.lanes.get(lane), doc.stages.get(stage)) {
        (Some(l), Some(s)) => doc
            .cards_in_cell(&l.id, &s.id)
            .map(|c| c.id.clone())
            .collect(),
        _ => Vec::new(),
    }
}

fn card_focus(doc: &Blueprint, lane: usize, stage: usize, k: usize) -> Focus {
    match cell_cards(doc, lane, stage).get(k) {
        Some(id) => Focus::Card(id.clone()),
        None => Focus::Cell(doc.lanes[lane].id.clone(), doc.stages[stage].id.clone()),
    }
}

fn cell_entry(doc: &Blueprint, lane: usize, stage: usize, entry: Entry, same: usize) -> Focus {
    let cards = cell_cards(doc, lane, stage);
    let pick = match entry {
        Entry::Top => cards.first(),
        Entry::Bottom => cards.last(),
        Entry::Same => cards.get(same.min(cards.len().saturating_sub(1))),
    };
    match pick {
        Some(id) => Focus::Card(id.clone()),
        None => Focus::Cell(doc.lanes[lane].id.clone(), doc.stages[stage].id.clone()),
    }
}
