//! User-level edits built from primitive [`Command`]s: what the editor's buttons, shortcuts
//! and gestures do.
//!
//! Each function reads the document, works out the exact primitive commands (array indices,
//! the cards and arrows a delete takes with it) and returns them as one [`Command::Batch`], so
//! the caller records one undo step. Nothing here changes the document.

use std::collections::HashSet;

use stageline_schema::{
    Blueprint, Card, CardId, CardKind, Connection, ConnectionId, ConnectionKind, IdSource, Lane,
    LaneId, LaneKind, Stage, StageId,
};

use crate::command::{Command, CommandError};

/// Errors of the user-level edits: a primitive error, or an edit that makes no sense.
pub type OpResult<T> = Result<T, CommandError>;

/// Adds a stage named `name` at `index` (clamped to the end); returns the command and its ID.
pub fn add_stage(
    doc: &Blueprint,
    ids: &mut dyn IdSource,
    index: usize,
    name: &str,
) -> (Command, StageId) {
    let stage = Stage::new(ids, name);
    let id = stage.id.clone();
    let index = index.min(doc.stages.len());
    (Command::InsertStage { index, stage }, id)
}

/// Renames a stage and sets its description and target duration.
pub fn edit_stage(
    doc: &Blueprint,
    id: &StageId,
    edit: impl FnOnce(&mut Stage),
) -> OpResult<Command> {
    let mut stage = doc
        .stage(id)
        .cloned()
        .ok_or_else(|| CommandError::UnknownStage(id.clone()))?;
    edit(&mut stage);
    Ok(Command::UpdateStage { stage })
}

/// Moves a stage to index `to` (clamped); an empty batch when it is already there.
pub fn move_stage(doc: &Blueprint, id: &StageId, to: usize) -> OpResult<Command> {
    let from = doc
        .stage_index(id)
        .ok_or_else(|| CommandError::UnknownStage(id.clone()))?;
    let to = to.min(doc.stages.len().saturating_sub(1));
    if from == to {
        return Ok(Command::Batch(Vec::new()));
    }
    Ok(Command::MoveStage { id: id.clone(), to })
}

/// Deletes a stage with all its cards and their arrows, as one step.
pub fn delete_stage(doc: &Blueprint, id: &StageId) -> OpResult<Command> {
    if doc.stage_index(id).is_none() {
        return Err(CommandError::UnknownStage(id.clone()));
    }
    let cards: Vec<CardId> = doc
        .cards
        .iter()
        .filter(|c| &c.stage == id)
        .map(|c| c.id.clone())
        .collect();
    let mut commands = removal_of_cards(doc, &cards);
    commands.push(Command::RemoveStage { id: id.clone() });
    Ok(Command::Batch(commands))
}

/// Adds a lane of `kind` at `index` (clamped), named `name` or the kind's default name.
pub fn add_lane(
    doc: &Blueprint,
    ids: &mut dyn IdSource,
    index: usize,
    kind: LaneKind,
    name: Option<&str>,
) -> (Command, LaneId) {
    let mut lane = Lane::new(ids, kind);
    if let Some(name) = name {
        lane.name = name.to_string();
    }
    let id = lane.id.clone();
    let index = index.min(doc.lanes.len());
    (Command::InsertLane { index, lane }, id)
}

/// Changes a lane's name, kind, owner or zone.
pub fn edit_lane(doc: &Blueprint, id: &LaneId, edit: impl FnOnce(&mut Lane)) -> OpResult<Command> {
    let mut lane = doc
        .lane(id)
        .cloned()
        .ok_or_else(|| CommandError::UnknownLane(id.clone()))?;
    edit(&mut lane);
    Ok(Command::UpdateLane { lane })
}

/// Moves a lane to index `to` (clamped); an empty batch when it is already there.
pub fn move_lane(doc: &Blueprint, id: &LaneId, to: usize) -> OpResult<Command> {
    let from = doc
        .lane_index(id)
        .ok_or_else(|| CommandError::UnknownLane(id.clone()))?;
    let to = to.min(doc.lanes.len().saturating_sub(1));
    if from == to {
        return Ok(Command::Batch(Vec::new()));
    }
    Ok(Command::MoveLane { id: id.clone(), to })
}

/// Deletes a lane with all its cards and their arrows, as one step.
pub fn delete_lane(doc: &Blueprint, id: &LaneId) -> OpResult<Command> {
    if doc.lane_index(id).is_none() {
        return Err(CommandError::UnknownLane(id.clone()));
    }
    let cards: Vec<CardId> = doc
        .cards
        .iter()
        .filter(|c| &c.lane == id)
        .map(|c| c.id.clone())
        .collect();
    let mut commands = removal_of_cards(doc, &cards);
    commands.push(Command::RemoveLane { id: id.clone() });
    Ok(Command::Batch(commands))
}

/// The kind a new card gets by default in a lane of this kind: the schema's one rule,
/// [`LaneKind::default_card_kind`], which the CLI's CSV import uses too.
pub fn default_card_kind(lane: LaneKind) -> CardKind {
    lane.default_card_kind()
}

/// Adds a card titled `title` to a cell at `position` among its cards (`None`: at the end).
pub fn add_card(
    doc: &Blueprint,
    ids: &mut dyn IdSource,
    lane: &LaneId,
    stage: &StageId,
    position: Option<usize>,
    title: &str,
) -> OpResult<(Command, CardId)> {
    let kind = doc
        .lane(lane)
        .map(|l| default_card_kind(l.kind))
        .ok_or_else(|| CommandError::UnknownLane(lane.clone()))?;
    if doc.stage_index(stage).is_none() {
        return Err(CommandError::UnknownStage(stage.clone()));
    }
    let card = Card::new(ids, lane.clone(), stage.clone(), kind, title);
    let id = card.id.clone();
    let index = insertion_index(doc, lane, stage, position, &HashSet::new());
    Ok((Command::InsertCard { index, card }, id))
}

/// Changes a card's fields through `edit` (its ID is kept whatever `edit` does).
pub fn edit_card(doc: &Blueprint, id: &CardId, edit: impl FnOnce(&mut Card)) -> OpResult<Command> {
    let mut card = doc
        .card(id)
        .cloned()
        .ok_or_else(|| CommandError::UnknownCard(id.clone()))?;
    edit(&mut card);
    card.id = id.clone();
    Ok(Command::UpdateCard { card })
}

/// Moves cards into one cell at `position` among the cell's other cards, keeping their order.
///
/// `position` counts only the cell's cards that are not being moved, so "before the second
/// card that stays" is the same number whether or not moved cards came from this cell.
/// Positions past the end append. Unmoved cards keep their order; an empty batch when nothing
/// changes.
pub fn move_cards(
    doc: &Blueprint,
    cards: &[CardId],
    lane: &LaneId,
    stage: &StageId,
    position: usize,
) -> OpResult<Command> {
    if doc.lane_index(lane).is_none() {
        return Err(CommandError::UnknownLane(lane.clone()));
    }
    if doc.stage_index(stage).is_none() {
        return Err(CommandError::UnknownStage(stage.clone()));
    }
    let moving: HashSet<&CardId> = cards.iter().collect();
    // The moved cards in their current document order, each once.
    let mut ordered: Vec<CardId> = Vec::new();
    for id in cards {
        if doc.card_index(id).is_none() {
            return Err(CommandError::UnknownCard(id.clone()));
        }
    }
    for card in &doc.cards {
        if moving.contains(&card.id) {
            ordered.push(card.id.clone());
        }
    }
    let moving_owned: HashSet<CardId> = ordered.iter().cloned().collect();
    let mut sim = doc.clone();
    let mut commands = Vec::new();
    let mut previous: Option<CardId> = None;
    for id in ordered {
        let from = sim
            .card_index(&id)
            .ok_or_else(|| CommandError::UnknownCard(id.clone()))?;
        let target = match &previous {
            Some(prev) => sim.card_index(prev).map_or(sim.cards.len(), |i| i + 1),
            None => {
                let cell_has_staying = sim
                    .cards
                    .iter()
                    .any(|c| &c.lane == lane && &c.stage == stage && !moving_owned.contains(&c.id));
                let already_here = &sim.cards[from].lane == lane && &sim.cards[from].stage == stage;
                if !cell_has_staying && already_here {
                    // Only moved cards in this cell: the first one stays where it is.
                    from
                } else {
                    insertion_index(&sim, lane, stage, Some(position), &moving_owned)
                }
            }
        };
        let index = if from < target { target - 1 } else { target };
        let card = &sim.cards[from];
        let unchanged = from == index && &card.lane == lane && &card.stage == stage;
        if !unchanged {
            let command = Command::PlaceCard {
                id: id.clone(),
                lane: lane.clone(),
                stage: stage.clone(),
                index,
            };
            command.clone().apply(&mut sim)?;
            commands.push(command);
        }
        previous = Some(id);
    }
    Ok(Command::Batch(commands))
}

/// Deletes cards and every arrow that touches them, as one step.
pub fn delete_cards(doc: &Blueprint, cards: &[CardId]) -> OpResult<Command> {
    for id in cards {
        if doc.card_index(id).is_none() {
            return Err(CommandError::UnknownCard(id.clone()));
        }
    }
    Ok(Command::Batch(removal_of_cards(doc, cards)))
}

/// Duplicates cards (each copy right after its original) and the arrows among them.
///
/// Returns the command and the copies' IDs in the order of `cards`.
pub fn duplicate_cards(
    doc: &Blueprint,
    ids: &mut dyn IdSource,
    cards: &[CardId],
) -> OpResult<(Command, Vec<CardId>)> {
    let mut sim = doc.clone();
    let mut commands = Vec::new();
    let mut copies = Vec::new();
    let mut mapping: Vec<(CardId, CardId)> = Vec::new();
    for id in cards {
        if mapping.iter().any(|(orig, _)| orig == id) {
            continue;
        }
        let index = sim
            .card_index(id)
            .ok_or_else(|| CommandError::UnknownCard(id.clone()))?;
        let mut card = sim.cards[index].clone();
        card.id = CardId::generate(ids);
        let copy_id = card.id.clone();
        let command = Command::InsertCard {
            index: index + 1,
            card,
        };
        command.clone().apply(&mut sim)?;
        commands.push(command);
        mapping.push((id.clone(), copy_id.clone()));
        copies.push(copy_id);
    }
    let copy_of = |id: &CardId| {
        mapping
            .iter()
            .find(|(orig, _)| orig == id)
            .map(|(_, copy)| copy.clone())
    };
    for connection in &doc.connections {
        if let (Some(from), Some(to)) = (copy_of(&connection.from), copy_of(&connection.to)) {
            let mut copy = connection.clone();
            copy.id = ConnectionId::generate(ids);
            copy.from = from;
            copy.to = to;
            commands.push(Command::InsertConnection {
                index: sim.connections.len(),
                connection: copy.clone(),
            });
            sim.connections.push(copy);
        }
    }
    Ok((Command::Batch(commands), copies))
}

/// Draws an arrow of `kind` from one card to another; refuses self-arrows and exact repeats.
pub fn connect(
    doc: &Blueprint,
    ids: &mut dyn IdSource,
    from: &CardId,
    to: &CardId,
    kind: ConnectionKind,
) -> OpResult<(Command, ConnectionId)> {
    if from == to {
        return Err(CommandError::SelfConnection(from.clone()));
    }
    for end in [from, to] {
        if doc.card_index(end).is_none() {
            return Err(CommandError::UnknownCard(end.clone()));
        }
    }
    if let Some(existing) = doc
        .connections
        .iter()
        .find(|c| &c.from == from && &c.to == to)
    {
        return Err(CommandError::DuplicateId(existing.id.to_string()));
    }
    let connection = Connection::new(ids, from.clone(), to.clone(), kind);
    let id = connection.id.clone();
    Ok((
        Command::InsertConnection {
            index: doc.connections.len(),
            connection,
        },
        id,
    ))
}

/// Changes an arrow's kind, direction, label or latency through `edit` (ID kept).
pub fn edit_connection(
    doc: &Blueprint,
    id: &ConnectionId,
    edit: impl FnOnce(&mut Connection),
) -> OpResult<Command> {
    let mut connection = doc
        .connection(id)
        .cloned()
        .ok_or_else(|| CommandError::UnknownConnection(id.clone()))?;
    edit(&mut connection);
    connection.id = id.clone();
    Ok(Command::UpdateConnection { connection })
}

/// Deletes arrows, as one step.
pub fn delete_connections(doc: &Blueprint, ids: &[ConnectionId]) -> OpResult<Command> {
    let mut commands = Vec::new();
    let mut seen = HashSet::new();
    for id in ids {
        if doc.connection(id).is_none() {
            return Err(CommandError::UnknownConnection(id.clone()));
        }
        if seen.insert(id) {
            commands.push(Command::RemoveConnection { id: id.clone() });
        }
    }
    Ok(Command::Batch(commands))
}

/// The index in `doc.cards` at which a card lands at `position` among the cell's cards that
/// are not in `skip` (`None` or past the end: after the cell's last such card).
pub fn insertion_index(
    doc: &Blueprint,
    lane: &LaneId,
    stage: &StageId,
    position: Option<usize>,
    skip: &HashSet<CardId>,
) -> usize {
    let staying: Vec<usize> = doc
        .cards
        .iter()
        .enumerate()
        .filter(|(_, c)| &c.lane == lane && &c.stage == stage && !skip.contains(&c.id))
        .map(|(i, _)| i)
        .collect();
    match position {
        Some(p) if p < staying.len() => staying[p],
        _ => staying.last().map_or(doc.cards.len(), |&last| last + 1),
    }
}

/// Primitive removals for `cards` and every arrow touching them (arrows first).
fn removal_of_cards(doc: &Blueprint, cards: &[CardId]) -> Vec<Command> {
    let doomed: HashSet<&CardId> = cards.iter().collect();
    let mut commands: Vec<Command> = doc
        .connections
        .iter()
        .filter(|c| doomed.contains(&c.from) || doomed.contains(&c.to))
        .map(|c| Command::RemoveConnection { id: c.id.clone() })
        .collect();
    let mut seen = HashSet::new();
    for id in cards {
        if seen.insert(id) {
            commands.push(Command::RemoveCard { id: id.clone() });
        }
    }
    commands
}
