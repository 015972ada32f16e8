//! The rules of editing a blueprint's, a card's and an arrow's fields: what typed text
//! becomes, what a field shows, the defaults of new things, and the command each edit runs.
//!
//! The details panel is a table of fields; each commits text (or a number of seconds, or a
//! checkbox) and calls one function here, which returns the [`Command`] to run as one undo
//! step (an empty batch when nothing changes) or a [`FieldError`] to show the user:
//!
//! - [`values`]: text ⇄ value for each kind of field (minutes, KPI numbers, lists, channels,
//!   emotions, links, optional text);
//! - [`card`]: [`CardEdit`], every edit the panel makes to a card, and [`edit_card`];
//! - [`connection`]: [`ConnectionEdit`] and [`edit_connection`] for arrows;
//! - [`blueprint`]: the blueprint's description ([`set_metadata`]), what it shows
//!   ([`set_kind`]), where it was copied from ([`clear_derived_from`]) and settings
//!   ([`set_check_enabled`]);
//! - [`defaults`]: what a new stage, blueprint, fail point, KPI, link or note starts as.
//!
//! Nothing here changes the document; everything is tested natively (`core/tests/fields.rs`).

use std::fmt;

use stageline_schema::Named;

use crate::command::{Command, CommandError};

pub mod blueprint;
pub mod card;
pub mod connection;
pub mod defaults;
pub mod values;

pub use blueprint::{
    clear_derived_from, set_check_enabled, set_kind, set_metadata, show_kind, BlueprintField,
};
pub use card::{
    edit_card, CardDuration, CardEdit, CardField, FailField, KpiField, LinkField, List, NoteField,
};
pub use connection::{edit_connection, ConnectionEdit, ConnectionField};

/// Why an edit was not made; its text is what the editor shows in the status line.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldError {
    /// The text typed into a duration field is not a number of minutes.
    NotMinutes(String),
    /// The text chosen for an emotion is not a whole number.
    NotEmotion(String),
    /// The URL is not one the load path keeps (http, https or mailto without spaces).
    UnsafeLink(String),
    /// A choice field got a name that is not one of its values.
    UnknownName {
        /// What the field holds, e.g. "card kind".
        field: &'static str,
        /// The name it got.
        name: String,
    },
    /// A fail point's field was edited on a card that has no fail point.
    NoFailPoint,
    /// A KPI, link or note was edited or removed at a position the card does not have.
    NoItem {
        /// Which list.
        list: List,
        /// The position asked for.
        index: usize,
    },
    /// The card or arrow is not in the document (or another primitive error).
    Command(CommandError),
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldError::NotMinutes(text) => {
                write!(f, "\"{text}\" is not a number of minutes (e.g. 5 or 2.5)")
            }
            FieldError::NotEmotion(text) => {
                write!(f, "\"{text}\" is not an emotion from -2 to 2")
            }
            FieldError::UnsafeLink(url) => write!(
                f,
                "Link not saved: \"{url}\" must start with https://, http:// or mailto: \
                 and have no spaces"
            ),
            FieldError::UnknownName { field, name } => write!(f, "\"{name}\" is not a {field}"),
            FieldError::NoFailPoint => f.write_str("this card has no fail point"),
            FieldError::NoItem { list, index } => {
                write!(
                    f,
                    "this card has no {} number {}",
                    list.item_name(),
                    index + 1
                )
            }
            FieldError::Command(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for FieldError {}

impl From<CommandError> for FieldError {
    fn from(e: CommandError) -> Self {
        FieldError::Command(e)
    }
}

/// The command that replaces `original` by an edited copy (`edit` applied), built by
/// `command`; an empty batch when the edit leaves the copy equal to the original.
fn replace_edited<T: Clone + PartialEq>(
    original: &T,
    edit: impl FnOnce(&mut T) -> Result<(), FieldError>,
    command: impl FnOnce(T) -> Command,
) -> Result<Command, FieldError> {
    let mut copy = original.clone();
    edit(&mut copy)?;
    if &copy == original {
        return Ok(Command::Batch(Vec::new()));
    }
    Ok(command(copy))
}

/// The choices of a select for an enum of the format: `(JSON name, label)` in menu order.
pub fn choices<T: Named>() -> Vec<(&'static str, &'static str)> {
    T::ALL.iter().map(|v| (v.json_name(), v.label())).collect()
}

/// The value of an enum field with this JSON name, or an error naming the field.
fn parse_name<T: Named>(field: &'static str, name: &str) -> Result<T, FieldError> {
    T::from_json_name(name.trim()).ok_or_else(|| FieldError::UnknownName {
        field,
        name: name.to_string(),
    })
}

/// An optional enum field's value: `None` for blank text, else the value with this JSON name.
fn parse_optional_name<T: Named>(field: &'static str, name: &str) -> Result<Option<T>, FieldError> {
    if name.trim().is_empty() {
        Ok(None)
    } else {
        parse_name(field, name).map(Some)
    }
}
