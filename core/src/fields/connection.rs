//! Every edit the details panel makes to an arrow: [`ConnectionEdit`], applied by
//! [`edit_connection`] as one undo step.

use stageline_schema::{Blueprint, Connection, ConnectionId, ConnectionKind, Direction, Named};

use super::values::clean;
use super::{parse_name, replace_edited, FieldError};
use crate::command::{Command, CommandError};

/// An arrow field edited as text (choice fields get the chosen value's JSON name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConnectionField {
    /// The label drawn on the arrow (trimmed).
    Label,
    /// What flows along it, by JSON name.
    Kind,
    /// One way or both ways, by JSON name.
    Direction,
}

impl ConnectionField {
    /// The undo label of an edit of this field, e.g. "Edit arrow label".
    pub fn label(self) -> &'static str {
        match self {
            ConnectionField::Label => "Edit arrow label",
            ConnectionField::Kind => "Change arrow kind",
            ConnectionField::Direction => "Change arrow direction",
        }
    }

    /// The text the field shows for this arrow (choices: the JSON name the select selects).
    pub fn show(self, connection: &Connection) -> String {
        match self {
            ConnectionField::Label => connection.label.clone(),
            ConnectionField::Kind => connection.kind.json_name().to_string(),
            ConnectionField::Direction => connection.direction.json_name().to_string(),
        }
    }

    /// Stores typed `text` in this field of `connection`, or says why it cannot.
    pub fn store(self, connection: &mut Connection, text: &str) -> Result<(), FieldError> {
        match self {
            ConnectionField::Label => connection.label = clean(text),
            ConnectionField::Kind => {
                connection.kind = parse_name::<ConnectionKind>("kind of arrow", text)?;
            }
            ConnectionField::Direction => {
                connection.direction = parse_name::<Direction>("direction", text)?;
            }
        }
        Ok(())
    }
}

/// One edit of one arrow, as the details panel makes it.
#[derive(Debug, Clone, PartialEq)]
pub enum ConnectionEdit {
    /// Text committed in a field.
    Text(ConnectionField, String),
    /// The expected latency committed, in seconds (`None`: cleared).
    Latency(Option<u64>),
}

impl ConnectionEdit {
    /// The edit's undo label, e.g. "Edit latency".
    pub fn label(&self) -> &'static str {
        match self {
            ConnectionEdit::Text(field, _) => field.label(),
            ConnectionEdit::Latency(_) => "Edit latency",
        }
    }

    /// Makes the edit on `connection`, or says why it cannot.
    pub fn apply_to(&self, connection: &mut Connection) -> Result<(), FieldError> {
        match self {
            ConnectionEdit::Text(field, text) => field.store(connection, text),
            ConnectionEdit::Latency(secs) => {
                connection.expected_latency_secs = *secs;
                Ok(())
            }
        }
    }
}

/// The command that makes `edit` on arrow `id`, as one undo step: an empty batch when the
/// arrow would not change, or why it cannot be made.
pub fn edit_connection(
    doc: &Blueprint,
    id: &ConnectionId,
    edit: &ConnectionEdit,
) -> Result<Command, FieldError> {
    let connection = doc
        .connection(id)
        .ok_or_else(|| CommandError::UnknownConnection(id.clone()))?;
    replace_edited(
        connection,
        |c| edit.apply_to(c),
        |connection| Command::UpdateConnection { connection },
    )
}
