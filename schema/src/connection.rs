//! Connections: arrows between two cards (handoffs, data flows, dependencies, feedback).

use serde::{Deserialize, Serialize};

use crate::ids::{CardId, ConnectionId};

/// An arrow from one card to another: who or what triggers whom.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
pub struct Connection {
    /// The connection's stable unique ID.
    pub id: ConnectionId,
    /// The card the arrow starts at.
    pub from: CardId,
    /// The card the arrow points to.
    pub to: CardId,
    /// What flows along the arrow.
    #[serde(default)]
    pub kind: ConnectionKind,
    /// Whether the arrow points one way or both ways.
    #[serde(default)]
    pub direction: Direction,
    /// A short label drawn on the arrow, e.g. "prescription details".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// How long the handoff typically takes to arrive, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_latency_secs: Option<u64>,
}

impl Connection {
    /// Creates a one-way connection of `kind` between two cards with a fresh ID.
    pub fn new(
        ids: &mut (impl crate::IdSource + ?Sized),
        from: CardId,
        to: CardId,
        kind: ConnectionKind,
    ) -> Connection {
        Connection {
            id: ConnectionId::generate(ids),
            from,
            to,
            kind,
            direction: Direction::OneWay,
            label: String::new(),
            expected_latency_secs: None,
        }
    }
}

/// What a connection carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConnectionKind {
    /// Responsibility passes from one step to the next (the default).
    #[default]
    Handoff,
    /// Information moves between steps or systems.
    DataFlow,
    /// One step cannot happen without the other.
    Dependency,
    /// Information flows back to improve or correct an earlier step.
    Feedback,
}

/// Whether an arrow points one way or both ways.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// From `from` to `to`: a handoff or data flow (the default).
    #[default]
    OneWay,
    /// Both ways: agreement or co-dependency.
    TwoWay,
}
