//! Primitive editing commands on a [`Blueprint`], each returning the command that undoes it.
//!
//! Every change to a document goes through [`Command::apply`]. Commands are small and exact:
//! applying a command and then the inverse it returned gives back a document equal to the one
//! before, field for field and in the same array order, which the tests check for every
//! command. Higher-level edits (move a multi-selection, delete a stage with its cards) are
//! built from these by [`crate::ops`] and grouped in a [`Command::Batch`], so that one user
//! gesture is one undo step.

use std::fmt;

use stageline_schema::{
    Blueprint, Card, CardId, Connection, ConnectionId, Lane, LaneId, Metadata, Settings, Stage,
    StageId,
};

/// One reversible change to a blueprint.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Inserts a stage (column) at `index` among the stages.
    InsertStage {
        /// Where the stage goes: 0 is leftmost; the length of the list appends.
        index: usize,
        /// The new stage; its ID must not be in use.
        stage: Stage,
    },
    /// Removes a stage; its cards and their connections must already be gone.
    RemoveStage {
        /// The stage to remove.
        id: StageId,
    },
    /// Moves a stage to another position among the stages.
    MoveStage {
        /// The stage to move.
        id: StageId,
        /// Its index once moved.
        to: usize,
    },
    /// Replaces a stage's fields (name, description, target duration); the ID stays.
    UpdateStage {
        /// The stage as it should be; found by its ID.
        stage: Stage,
    },
    /// Inserts a lane (row) at `index` among the lanes.
    InsertLane {
        /// Where the lane goes: 0 is the top; the length of the list appends.
        index: usize,
        /// The new lane; its ID must not be in use.
        lane: Lane,
    },
    /// Removes a lane; its cards and their connections must already be gone.
    RemoveLane {
        /// The lane to remove.
        id: LaneId,
    },
    /// Moves a lane to another position among the lanes.
    MoveLane {
        /// The lane to move.
        id: LaneId,
        /// Its index once moved.
        to: usize,
    },
    /// Replaces a lane's fields (kind, name, owner, zone); the ID stays.
    UpdateLane {
        /// The lane as it should be; found by its ID.
        lane: Lane,
    },
    /// Inserts a card at `index` in the document's card list (which orders cards in a cell).
    InsertCard {
        /// Index in [`Blueprint::cards`].
        index: usize,
        /// The new card; its ID must be unused and its lane and stage must exist.
        card: Card,
    },
    /// Removes a card; its connections must already be gone.
    RemoveCard {
        /// The card to remove.
        id: CardId,
    },
    /// Replaces a card's fields, possibly including its lane and stage; the ID stays.
    UpdateCard {
        /// The card as it should be; found by its ID.
        card: Card,
    },
    /// Moves a card to a lane and stage and to an index in the card list (its place in the cell).
    PlaceCard {
        /// The card to move.
        id: CardId,
        /// The lane it moves to.
        lane: LaneId,
        /// The stage it moves to.
        stage: StageId,
        /// Its index in [`Blueprint::cards`] once moved.
        index: usize,
    },
    /// Inserts a connection (arrow) at `index` in the connection list.
    InsertConnection {
        /// Index in [`Blueprint::connections`].
        index: usize,
        /// The new connection; both cards must exist and differ, and its ID must be unused.
        connection: Connection,
    },
    /// Removes a connection.
    RemoveConnection {
        /// The connection to remove.
        id: ConnectionId,
    },
    /// Replaces a connection's fields (ends, kind, direction, label, latency); the ID stays.
    UpdateConnection {
        /// The connection as it should be; found by its ID.
        connection: Connection,
    },
    /// Replaces the document's metadata (title, description, persona, scenario, ...).
    SetMetadata {
        /// The new metadata.
        metadata: Metadata,
    },
    /// Replaces the document's settings (such as the checks switched off).
    SetSettings {
        /// The new settings.
        settings: Settings,
    },
    /// Replaces everything the document holds but its ID (metadata, stages, lanes, cards,
    /// connections, settings) with `doc`'s: restoring a version as one undoable step.
    ReplaceContent {
        /// The document whose content the current one takes.
        doc: Box<Blueprint>,
    },
    /// Several commands applied in order as one step; all or nothing.
    Batch(Vec<Command>),
}

/// Why a command could not be applied; the document is then unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandError {
    /// No stage has this ID.
    UnknownStage(StageId),
    /// No lane has this ID.
    UnknownLane(LaneId),
    /// No card has this ID.
    UnknownCard(CardId),
    /// No connection has this ID.
    UnknownConnection(ConnectionId),
    /// An ID that must be new is already used by another element.
    DuplicateId(String),
    /// An index lies beyond the end of its list.
    IndexOutOfRange {
        /// The index asked for.
        index: usize,
        /// The largest index allowed.
        max: usize,
    },
    /// A stage or lane still holds cards, which must be removed first.
    NotEmpty(String),
    /// A card still has connections, which must be removed first.
    StillConnected(CardId),
    /// A connection would start and end at the same card.
    SelfConnection(CardId),
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CommandError::UnknownStage(id) => write!(f, "no stage with id {id}"),
            CommandError::UnknownLane(id) => write!(f, "no lane with id {id}"),
            CommandError::UnknownCard(id) => write!(f, "no card with id {id}"),
            CommandError::UnknownConnection(id) => write!(f, "no connection with id {id}"),
            CommandError::DuplicateId(id) => write!(f, "the id {id} is already in use"),
            CommandError::IndexOutOfRange { index, max } => {
                write!(f, "position {index} is out of range (at most {max})")
            }
            CommandError::NotEmpty(what) => write!(f, "{what} still holds cards"),
            CommandError::StillConnected(id) => write!(f, "card {id} still has arrows"),
            CommandError::SelfConnection(id) => {
                write!(f, "an arrow cannot join card {id} to itself")
            }
        }
    }
}

impl std::error::Error for CommandError {}

fn check_index(index: usize, max: usize) -> Result<(), CommandError> {
    if index > max {
        Err(CommandError::IndexOutOfRange { index, max })
    } else {
        Ok(())
    }
}

fn id_in_use(doc: &Blueprint, id: &str) -> bool {
    doc.stages.iter().any(|s| s.id.as_str() == id)
        || doc.lanes.iter().any(|l| l.id.as_str() == id)
        || doc.cards.iter().any(|c| c.id.as_str() == id)
        || doc.connections.iter().any(|c| c.id.as_str() == id)
}

fn check_new_id(doc: &Blueprint, id: &str) -> Result<(), CommandError> {
    if id_in_use(doc, id) {
        Err(CommandError::DuplicateId(id.to_string()))
    } else {
        Ok(())
    }
}

impl Command {
    /// Applies the command to `doc` and returns its inverse; on error `doc` is unchanged.
    pub fn apply(self, doc: &mut Blueprint) -> Result<Command, CommandError> {
        match self {
            Command::InsertStage { index, stage } => {
                check_index(index, doc.stages.len())?;
                check_new_id(doc, stage.id.as_str())?;
                let id = stage.id.clone();
                doc.stages.insert(index, stage);
                Ok(Command::RemoveStage { id })
            }
            Command::RemoveStage { id } => {
                let index = doc
                    .stage_index(&id)
                    .ok_or_else(|| CommandError::UnknownStage(id.clone()))?;
                if doc.cards.iter().any(|c| c.stage == id) {
                    return Err(CommandError::NotEmpty(format!("stage {id}")));
                }
                let stage = doc.stages.remove(index);
                Ok(Command::InsertStage { index, stage })
            }
            Command::MoveStage { id, to } => {
                let from = doc
                    .stage_index(&id)
                    .ok_or_else(|| CommandError::UnknownStage(id.clone()))?;
                check_index(to, doc.stages.len().saturating_sub(1))?;
                let stage = doc.stages.remove(from);
                doc.stages.insert(to, stage);
                Ok(Command::MoveStage { id, to: from })
            }
            Command::UpdateStage { stage } => {
                let slot = doc
                    .stages
                    .iter_mut()
                    .find(|s| s.id == stage.id)
                    .ok_or_else(|| CommandError::UnknownStage(stage.id.clone()))?;
                let old = std::mem::replace(slot, stage);
                Ok(Command::UpdateStage { stage: old })
            }
            Command::InsertLane { index, lane } => {
                check_index(index, doc.lanes.len())?;
                check_new_id(doc, lane.id.as_str())?;
                let id = lane.id.clone();
                doc.lanes.insert(index, lane);
                Ok(Command::RemoveLane { id })
            }
            Command::RemoveLane { id } => {
                let index = doc
                    .lane_index(&id)
                    .ok_or_else(|| CommandError::UnknownLane(id.clone()))?;
                if doc.cards.iter().any(|c| c.lane == id) {
                    return Err(CommandError::NotEmpty(format!("lane {id}")));
                }
                let lane = doc.lanes.remove(index);
                Ok(Command::InsertLane { index, lane })
            }
            Command::MoveLane { id, to } => {
                let from = doc
                    .lane_index(&id)
                    .ok_or_else(|| CommandError::UnknownLane(id.clone()))?;
                check_index(to, doc.lanes.len().saturating_sub(1))?;
                let lane = doc.lanes.remove(from);
                doc.lanes.insert(to, lane);
                Ok(Command::MoveLane { id, to: from })
            }
            Command::UpdateLane { lane } => {
                let slot = doc
                    .lanes
                    .iter_mut()
                    .find(|l| l.id == lane.id)
                    .ok_or_else(|| CommandError::UnknownLane(lane.id.clone()))?;
                let old = std::mem::replace(slot, lane);
                Ok(Command::UpdateLane { lane: old })
            }
            Command::InsertCard { index, card } => {
                check_index(index, doc.cards.len())?;
                check_new_id(doc, card.id.as_str())?;
                check_cell(doc, &card.lane, &card.stage)?;
                let id = card.id.clone();
                doc.cards.insert(index, card);
                Ok(Command::RemoveCard { id })
            }
            Command::RemoveCard { id } => {
                let index = doc
                    .card_index(&id)
                    .ok_or_else(|| CommandError::UnknownCard(id.clone()))?;
                if doc.connections_of(&id).next().is_some() {
                    return Err(CommandError::StillConnected(id));
                }
                let card = doc.cards.remove(index);
                Ok(Command::InsertCard { index, card })
            }
            Command::UpdateCard { card } => {
                check_cell(doc, &card.lane, &card.stage)?;
                let slot = doc
                    .card_mut(&card.id)
                    .ok_or_else(|| CommandError::UnknownCard(card.id.clone()))?;
                let old = std::mem::replace(slot, card);
                Ok(Command::UpdateCard { card: old })
            }
            Command::PlaceCard {
                id,
                lane,
                stage,
                index,
            } => {
                let from = doc
                    .card_index(&id)
                    .ok_or_else(|| CommandError::UnknownCard(id.clone()))?;
                check_cell(doc, &lane, &stage)?;
                check_index(index, doc.cards.len().saturating_sub(1))?;
                let mut card = doc.cards.remove(from);
                let old_lane = std::mem::replace(&mut card.lane, lane);
                let old_stage = std::mem::replace(&mut card.stage, stage);
                doc.cards.insert(index, card);
                Ok(Command::PlaceCard {
                    id,
                    lane: old_lane,
                    stage: old_stage,
                    index: from,
                })
            }
            Command::InsertConnection { index, connection } => {
                check_index(index, doc.connections.len())?;
                check_new_id(doc, connection.id.as_str())?;
                check_ends(doc, &connection)?;
                let id = connection.id.clone();
                doc.connections.insert(index, connection);
                Ok(Command::RemoveConnection { id })
            }
            Command::RemoveConnection { id } => {
                let index = doc
                    .connections
                    .iter()
                    .position(|c| c.id == id)
                    .ok_or_else(|| CommandError::UnknownConnection(id.clone()))?;
                let connection = doc.connections.remove(index);
                Ok(Command::InsertConnection { index, connection })
            }
            Command::UpdateConnection { connection } => {
                check_ends(doc, &connection)?;
                let slot = doc
                    .connections
                    .iter_mut()
                    .find(|c| c.id == connection.id)
                    .ok_or_else(|| CommandError::UnknownConnection(connection.id.clone()))?;
                let old = std::mem::replace(slot, connection);
                Ok(Command::UpdateConnection { connection: old })
            }
            Command::SetMetadata { metadata } => {
                let old = std::mem::replace(&mut doc.metadata, metadata);
                Ok(Command::SetMetadata { metadata: old })
            }
            Command::SetSettings { settings } => {
                let old = std::mem::replace(&mut doc.settings, settings);
                Ok(Command::SetSettings { settings: old })
            }
            Command::ReplaceContent { doc: mut content } => {
                content.id = doc.id.clone();
                let old = std::mem::replace(doc, *content);
                Ok(Command::ReplaceContent { doc: Box::new(old) })
            }
            Command::Batch(commands) => {
                let mut inverses = Vec::with_capacity(commands.len());
                for command in commands {
                    match command.apply(doc) {
                        Ok(inverse) => inverses.push(inverse),
                        Err(err) => {
                            // All or nothing: undo what this batch already did, newest first.
                            for inverse in inverses.into_iter().rev() {
                                // An inverse of a command that just applied always applies.
                                let _ = inverse.apply(doc);
                            }
                            return Err(err);
                        }
                    }
                }
                inverses.reverse();
                Ok(Command::Batch(inverses))
            }
        }
    }

    /// Whether applying the command would change nothing (an empty batch).
    pub fn is_noop(&self) -> bool {
        match self {
            Command::Batch(commands) => commands.iter().all(Command::is_noop),
            _ => false,
        }
    }
}

fn check_cell(doc: &Blueprint, lane: &LaneId, stage: &StageId) -> Result<(), CommandError> {
    if doc.lane_index(lane).is_none() {
        return Err(CommandError::UnknownLane(lane.clone()));
    }
    if doc.stage_index(stage).is_none() {
        return Err(CommandError::UnknownStage(stage.clone()));
    }
    Ok(())
}

fn check_ends(doc: &Blueprint, connection: &Connection) -> Result<(), CommandError> {
    if connection.from == connection.to {
        return Err(CommandError::SelfConnection(connection.from.clone()));
    }
    for end in [&connection.from, &connection.to] {
        if doc.card_index(end).is_none() {
            return Err(CommandError::UnknownCard(end.clone()));
        }
    }
    Ok(())
}
