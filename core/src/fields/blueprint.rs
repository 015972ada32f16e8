//! The blueprint's own fields: its description ([`set_metadata`]) and its settings
//! ([`set_check_enabled`]).

use stageline_schema::{Blueprint, Metadata};

use super::values::clean;
use crate::command::Command;

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
    if field.show(&doc.metadata) == text {
        return Command::Batch(Vec::new());
    }
    let mut metadata = doc.metadata.clone();
    *field.slot(&mut metadata) = text;
    Command::SetMetadata { metadata }
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
