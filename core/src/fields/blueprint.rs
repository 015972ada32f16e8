//! The blueprint's own fields: its description ([`set_metadata`]), what it shows
//! ([`set_kind`]), where it was copied from ([`clear_derived_from`]) and its settings
//! ([`set_check_enabled`]).

use stageline_schema::{Blueprint, BlueprintKind, Metadata, Named};

use super::values::clean;
use super::{parse_optional_name, FieldError};
use crate::command::Command;

/// The undo label of [`set_kind`].
pub const SET_KIND_LABEL: &str = "Set what it shows";

/// The undo label of [`clear_derived_from`].
pub const CLEAR_DERIVED_FROM_LABEL: &str = "Forget where it was copied from";

/// A field of the blueprint's description, edited as text (trimmed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlueprintField {
    /// The title.
    Title,
    /// What the blueprint covers.
    Description,
    /// Who it is drawn for.
    Persona,
    /// The situation it traces.
    Scenario,
}

impl BlueprintField {
    /// The undo label of an edit of this field, e.g. "Edit persona".
    pub fn label(self) -> &'static str {
        match self {
            BlueprintField::Title => "Edit title",
            BlueprintField::Description => "Edit description",
            BlueprintField::Persona => "Edit persona",
            BlueprintField::Scenario => "Edit scenario",
        }
    }

    /// The text the field shows.
    pub fn show(self, metadata: &Metadata) -> &str {
        match self {
            BlueprintField::Title => &metadata.title,
            BlueprintField::Description => &metadata.description,
            BlueprintField::Persona => &metadata.persona,
            BlueprintField::Scenario => &metadata.scenario,
        }
    }

    fn slot(self, metadata: &mut Metadata) -> &mut String {
        match self {
            BlueprintField::Title => &mut metadata.title,
            BlueprintField::Description => &mut metadata.description,
            BlueprintField::Persona => &mut metadata.persona,
            BlueprintField::Scenario => &mut metadata.scenario,
        }
    }
}

/// The command that stores typed `text` (trimmed) in a field of the blueprint's description,
/// as one undo step; an empty batch when the field already says that.
pub fn set_metadata(doc: &Blueprint, field: BlueprintField, text: &str) -> Command {
    let text = clean(text);
    replace_metadata(doc, |m| *field.slot(m) = text)
}

/// What the blueprint shows as a select's value: the kind's JSON name, or `""` when nobody
/// said (the select's "Not said").
pub fn show_kind(metadata: &Metadata) -> &'static str {
    metadata.kind.map_or("", Named::json_name)
}

/// The command that sets what the blueprint shows from a select's value (a JSON name of
/// [`BlueprintKind`], or blank text to clear it), as one undo step ([`SET_KIND_LABEL`]); an
/// empty batch when it already shows that, an error for a name that is not a kind.
pub fn set_kind(doc: &Blueprint, name: &str) -> Result<Command, FieldError> {
    let kind: Option<BlueprintKind> = parse_optional_name("kind of blueprint", name)?;
    Ok(replace_metadata(doc, |m| m.kind = kind))
}

/// The command that forgets which blueprint this one was copied from, as one undo step
/// ([`CLEAR_DERIVED_FROM_LABEL`]); an empty batch when it names none.
pub fn clear_derived_from(doc: &Blueprint) -> Command {
    replace_metadata(doc, |m| m.derived_from = None)
}

/// [`Command::SetMetadata`] with the metadata `edit` makes, or an empty batch when the edit
/// leaves it as it is.
fn replace_metadata(doc: &Blueprint, edit: impl FnOnce(&mut Metadata)) -> Command {
    let mut metadata = doc.metadata.clone();
    edit(&mut metadata);
    if metadata == doc.metadata {
        Command::Batch(Vec::new())
    } else {
        Command::SetMetadata { metadata }
    }
}

/// The command that turns the check `code` on or off for this blueprint, as one undo step; an
/// empty batch when it already is. A check is off when its code is in the settings'
/// `disabled_checks`: turning it on removes every copy, turning it off adds it at the end.
pub fn set_check_enabled(doc: &Blueprint, code: &str, on: bool) -> Command {
    let disabled = &doc.settings.disabled_checks;
    let was_on = !disabled.iter().any(|c| c == code);
    if was_on == on {
        return Command::Batch(Vec::new());
    }
    let mut settings = doc.settings.clone();
    settings.disabled_checks.retain(|c| c != code);
    if !on {
        settings.disabled_checks.push(code.to_string());
    }
    Command::SetSettings { settings }
}
