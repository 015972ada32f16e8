//! Every edit the details panel makes to a card, as a value: [`CardEdit`], applied by
//! [`edit_card`] as one undo step with the edit's own label.
//!
//! Each field enum also reads the value its field shows ([`CardField::show`] and friends), so
//! that what a field shows and what committing it stores come from the same place.

use stageline_schema::{
    ActorType, Blueprint, Card, CardId, CardKind, FailPoint, Kpi, Link, Named, Note, Privacy, Risk,
};

use super::values::{
    clean, format_number, join_list, link_url, optional_text, parse_channel, parse_emotion,
    parse_number, split_list,
};
use super::{defaults, parse_name, parse_optional_name, replace_edited, FieldError};
use crate::command::{Command, CommandError};

/// A card field edited as text (choice fields get the chosen value's JSON name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CardField {
    /// The title (trimmed).
    Title,
    /// The description (trimmed).
    Description,
    /// The card kind, by JSON name.
    Kind,
    /// The actor type, by JSON name; blank clears it.
    ActorType,
    /// The owner; blank clears it.
    Owner,
    /// The channel, by name or label ([`parse_channel`]); blank clears it.
    Channel,
    /// The customer's emotion ([`parse_emotion`]); blank clears it.
    Emotion,
    /// The personal data handled, by JSON name; blank clears it.
    Privacy,
    /// The tags, separated by commas.
    Tags,
    /// The regulations, separated by commas.
    Regulations,
}

impl CardField {
    /// The undo label of an edit of this field, e.g. "Edit title".
    pub fn label(self) -> &'static str {
        match self {
            CardField::Title => "Edit title",
            CardField::Description => "Edit description",
            CardField::Kind => "Change kind",
            CardField::ActorType => "Change actor type",
            CardField::Owner => "Edit owner",
            CardField::Channel => "Edit channel",
            CardField::Emotion => "Edit emotion",
            CardField::Privacy => "Edit privacy",
            CardField::Tags => "Edit tags",
            CardField::Regulations => "Edit regulations",
        }
    }

    /// The text the field shows for this card (choices: the JSON name the select selects;
    /// the channel: its label, which [`parse_channel`] reads back).
    pub fn show(self, card: &Card) -> String {
        match self {
            CardField::Title => card.title.clone(),
            CardField::Description => card.description.clone(),
            CardField::Kind => card.kind.json_name().to_string(),
            CardField::ActorType => card
                .actor_type
                .map(|a| a.json_name())
                .unwrap_or_default()
                .into(),
            CardField::Owner => card.owner.clone().unwrap_or_default(),
            CardField::Channel => card
                .channel
                .as_ref()
                .map(|c| c.label().to_string())
                .unwrap_or_default(),
            CardField::Emotion => card.emotion.map(|e| e.to_string()).unwrap_or_default(),
            CardField::Privacy => card
                .privacy
                .map(|p| p.json_name())
                .unwrap_or_default()
                .into(),
            CardField::Tags => join_list(&card.tags),
            CardField::Regulations => join_list(&card.regulations),
        }
    }

    /// Stores typed `text` in this field of `card`, or says why it cannot.
    pub fn store(self, card: &mut Card, text: &str) -> Result<(), FieldError> {
        match self {
            CardField::Title => card.title = clean(text),
            CardField::Description => card.description = clean(text),
            CardField::Kind => card.kind = parse_name::<CardKind>("card kind", text)?,
            CardField::ActorType => {
                card.actor_type = parse_optional_name::<ActorType>("actor type", text)?;
            }
            CardField::Owner => card.owner = optional_text(text),
            CardField::Channel => card.channel = parse_channel(text),
            CardField::Emotion => card.emotion = parse_emotion(text)?,
            CardField::Privacy => {
                card.privacy = parse_optional_name::<Privacy>("kind of personal data", text)?;
            }
            CardField::Tags => card.tags = split_list(text),
            CardField::Regulations => card.regulations = split_list(text),
        }
        Ok(())
    }
}

/// A card's durations, each edited in minutes and stored in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CardDuration {
    /// How long the step typically takes.
    Typical,
    /// How long the customer waits before it.
    WaitBefore,
    /// The step's target time.
    Sla,
    /// How long the customer tolerates waiting.
    WaitTolerance,
}

impl CardDuration {
    /// The undo label of an edit of this duration, e.g. "Edit SLA".
    pub fn label(self) -> &'static str {
        match self {
            CardDuration::Typical => "Edit duration",
            CardDuration::WaitBefore => "Edit wait",
            CardDuration::Sla => "Edit SLA",
            CardDuration::WaitTolerance => "Edit wait tolerance",
        }
    }

    /// The duration in seconds, if the card has one.
    pub fn get(self, card: &Card) -> Option<u64> {
        *self.slot_ref(card)
    }

    fn slot_ref(self, card: &Card) -> &Option<u64> {
        match self {
            CardDuration::Typical => &card.typical_duration_secs,
            CardDuration::WaitBefore => &card.wait_before_secs,
            CardDuration::Sla => &card.sla_secs,
            CardDuration::WaitTolerance => &card.wait_tolerance_secs,
        }
    }

    fn slot(self, card: &mut Card) -> &mut Option<u64> {
        match self {
            CardDuration::Typical => &mut card.typical_duration_secs,
            CardDuration::WaitBefore => &mut card.wait_before_secs,
            CardDuration::Sla => &mut card.sla_secs,
            CardDuration::WaitTolerance => &mut card.wait_tolerance_secs,
        }
    }
}

/// A field of a card's fail point, edited as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FailField {
    /// The risk, by JSON name.
    Risk,
    /// What can go wrong (trimmed).
    Description,
    /// Who owns it; blank clears it.
    Owner,
    /// The escalation or recovery; blank clears it.
    Escalation,
}

impl FailField {
    /// The undo label of an edit of this field, e.g. "Edit risk".
    pub fn label(self) -> &'static str {
        match self {
            FailField::Risk => "Edit risk",
            FailField::Description => "Edit fail point",
            FailField::Owner => "Edit fail point owner",
            FailField::Escalation => "Edit escalation",
        }
    }

    /// The text the field shows for this card; empty when it has no fail point.
    pub fn show(self, card: &Card) -> String {
        let Some(fp) = card.fail_point.as_ref() else {
            return String::new();
        };
        match self {
            FailField::Risk => fp.risk.json_name().to_string(),
            FailField::Description => fp.description.clone(),
            FailField::Owner => fp.owner.clone().unwrap_or_default(),
            FailField::Escalation => fp.escalation.clone().unwrap_or_default(),
        }
    }

    /// Stores typed `text` in this field of `fail_point`, or says why it cannot.
    pub fn store(self, fail_point: &mut FailPoint, text: &str) -> Result<(), FieldError> {
        match self {
            FailField::Risk => fail_point.risk = parse_name::<Risk>("risk", text)?,
            FailField::Description => fail_point.description = clean(text),
            FailField::Owner => fail_point.owner = optional_text(text),
            FailField::Escalation => fail_point.escalation = optional_text(text),
        }
        Ok(())
    }
}

/// The lists of small records on a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum List {
    /// Measures ([`Kpi`]).
    Kpis,
    /// Links ([`Link`]).
    Links,
    /// Research notes ([`Note`]).
    Notes,
}

impl List {
    /// What one item of the list is called in messages and labels: "KPI", "link", "note".
    pub fn item_name(self) -> &'static str {
        match self {
            List::Kpis => "KPI",
            List::Links => "link",
            List::Notes => "note",
        }
    }

    /// How many items the card has in this list.
    pub fn len(self, card: &Card) -> usize {
        match self {
            List::Kpis => card.kpis.len(),
            List::Links => card.links.len(),
            List::Notes => card.notes.len(),
        }
    }

    /// The undo label of adding an item, e.g. "Add KPI".
    pub fn add_label(self) -> &'static str {
        match self {
            List::Kpis => "Add KPI",
            List::Links => "Add link",
            List::Notes => "Add note",
        }
    }

    /// The undo label of removing an item, e.g. "Remove KPI".
    pub fn remove_label(self) -> &'static str {
        match self {
            List::Kpis => "Remove KPI",
            List::Links => "Remove link",
            List::Notes => "Remove note",
        }
    }
}

/// A field of a KPI, edited as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KpiField {
    /// Its name (trimmed).
    Name,
    /// The current value ([`parse_number`]).
    Value,
    /// The target value ([`parse_number`]).
    Target,
    /// The unit; blank clears it.
    Unit,
}

impl KpiField {
    /// The text the field shows for this KPI.
    pub fn show(self, kpi: &Kpi) -> String {
        match self {
            KpiField::Name => kpi.name.clone(),
            KpiField::Value => format_number(kpi.value),
            KpiField::Target => format_number(kpi.target),
            KpiField::Unit => kpi.unit.clone().unwrap_or_default(),
        }
    }

    /// Stores typed `text` in this field of `kpi`.
    pub fn store(self, kpi: &mut Kpi, text: &str) {
        match self {
            KpiField::Name => kpi.name = clean(text),
            KpiField::Value => kpi.value = parse_number(text),
            KpiField::Target => kpi.target = parse_number(text),
            KpiField::Unit => kpi.unit = optional_text(text),
        }
    }
}

/// A field of a link, edited as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkField {
    /// The text shown for the link (trimmed).
    Label,
    /// The URL; refused unless the load path keeps it ([`link_url`]).
    Url,
}

impl LinkField {
    /// The text the field shows for this link.
    pub fn show(self, link: &Link) -> String {
        match self {
            LinkField::Label => link.label.clone(),
            LinkField::Url => link.url.clone(),
        }
    }

    /// Stores typed `text` in this field of `link`, or says why it cannot.
    pub fn store(self, link: &mut Link, text: &str) -> Result<(), FieldError> {
        match self {
            LinkField::Label => link.label = clean(text),
            LinkField::Url => link.url = link_url(text)?,
        }
        Ok(())
    }
}

/// A field of a research note, edited as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoteField {
    /// The note (trimmed).
    Text,
    /// Where it came from; blank clears it.
    Source,
}

impl NoteField {
    /// The undo label of an edit of this field.
    pub fn label(self) -> &'static str {
        match self {
            NoteField::Text => "Edit note",
            NoteField::Source => "Edit note source",
        }
    }

    /// The text the field shows for this note.
    pub fn show(self, note: &Note) -> String {
        match self {
            NoteField::Text => note.text.clone(),
            NoteField::Source => note.source.clone().unwrap_or_default(),
        }
    }

    /// Stores typed `text` in this field of `note`.
    pub fn store(self, note: &mut Note, text: &str) {
        match self {
            NoteField::Text => note.text = clean(text),
            NoteField::Source => note.source = optional_text(text),
        }
    }
}

/// One edit of one card, as the details panel makes it.
#[derive(Debug, Clone, PartialEq)]
pub enum CardEdit {
    /// Text committed in a field.
    Text(CardField, String),
    /// A duration committed, in seconds (`None`: cleared).
    Duration(CardDuration, Option<u64>),
    /// The fail point checkbox: on keeps an existing fail point or adds
    /// [`defaults::new_fail_point`]; off removes it.
    FailPoint(bool),
    /// Text committed in a field of the card's fail point.
    Fail(FailField, String),
    /// Adds the list's default item ([`defaults`]) at its end: a KPI or a note. A link is
    /// added with its URL ([`CardEdit::AddLink`]): one without would be dropped by the next
    /// load, so `Add(List::Links)` is refused.
    Add(List),
    /// Adds a link at the end of the list: its label as typed (blank: [`defaults::LINK_LABEL`])
    /// and its URL as typed, refused unless the load path keeps it ([`link_url`]).
    AddLink {
        /// The label as typed.
        label: String,
        /// The URL as typed.
        url: String,
    },
    /// Removes the item at this position.
    Remove(List, usize),
    /// Text committed in a field of the KPI at this position.
    Kpi(usize, KpiField, String),
    /// Text committed in a field of the link at this position.
    Link(usize, LinkField, String),
    /// Text committed in a field of the note at this position.
    Note(usize, NoteField, String),
}

impl CardEdit {
    /// The edit's undo label, e.g. "Edit title" or "Add KPI".
    pub fn label(&self) -> &'static str {
        match self {
            CardEdit::Text(field, _) => field.label(),
            CardEdit::Duration(field, _) => field.label(),
            CardEdit::FailPoint(_) => "Fail point",
            CardEdit::Fail(field, _) => field.label(),
            CardEdit::Add(list) => list.add_label(),
            CardEdit::AddLink { .. } => List::Links.add_label(),
            CardEdit::Remove(list, _) => list.remove_label(),
            CardEdit::Kpi(..) => "Edit KPI",
            CardEdit::Link(..) => "Edit link",
            CardEdit::Note(_, field, _) => field.label(),
        }
    }

    /// Makes the edit on `card`, or says why it cannot (then `card` may be half edited:
    /// [`edit_card`] works on a copy).
    pub fn apply_to(&self, card: &mut Card) -> Result<(), FieldError> {
        let missing = |list, index| FieldError::NoItem { list, index };
        match self {
            CardEdit::Text(field, text) => field.store(card, text)?,
            CardEdit::Duration(field, secs) => *field.slot(card) = *secs,
            CardEdit::FailPoint(on) => {
                if !on {
                    card.fail_point = None;
                } else if card.fail_point.is_none() {
                    card.fail_point = Some(defaults::new_fail_point());
                }
            }
            CardEdit::Fail(field, text) => {
                let fp = card.fail_point.as_mut().ok_or(FieldError::NoFailPoint)?;
                field.store(fp, text)?;
            }
            CardEdit::Add(List::Kpis) => card.kpis.push(defaults::new_kpi()),
            CardEdit::Add(List::Links) => return Err(FieldError::UnsafeLink(String::new())),
            CardEdit::AddLink { label, url } => {
                let label = clean(label);
                card.links.push(Link {
                    label: if label.is_empty() {
                        defaults::LINK_LABEL.into()
                    } else {
                        label
                    },
                    url: link_url(url)?,
                });
            }
            CardEdit::Add(List::Notes) => card.notes.push(defaults::new_note()),
            CardEdit::Remove(list, i) => {
                if *i >= list.len(card) {
                    return Err(missing(*list, *i));
                }
                match list {
                    List::Kpis => drop(card.kpis.remove(*i)),
                    List::Links => drop(card.links.remove(*i)),
                    List::Notes => drop(card.notes.remove(*i)),
                }
            }
            CardEdit::Kpi(i, field, text) => {
                let kpi = card
                    .kpis
                    .get_mut(*i)
                    .ok_or_else(|| missing(List::Kpis, *i))?;
                field.store(kpi, text);
            }
            CardEdit::Link(i, field, text) => {
                let link = card
                    .links
                    .get_mut(*i)
                    .ok_or_else(|| missing(List::Links, *i))?;
                field.store(link, text)?;
            }
            CardEdit::Note(i, field, text) => {
                let note = card
                    .notes
                    .get_mut(*i)
                    .ok_or_else(|| missing(List::Notes, *i))?;
                field.store(note, text);
            }
        }
        Ok(())
    }
}

/// The command that makes `edit` on card `id`, as one undo step: an empty batch when the card
/// would not change (so committing a field unchanged adds no step), or why it cannot be made.
pub fn edit_card(doc: &Blueprint, id: &CardId, edit: &CardEdit) -> Result<Command, FieldError> {
    let card = doc
        .card(id)
        .ok_or_else(|| CommandError::UnknownCard(id.clone()))?;
    replace_edited(
        card,
        |c| edit.apply_to(c),
        |card| Command::UpdateCard { card },
    )
}
