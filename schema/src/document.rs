//! The blueprint document: header, metadata, stages, lanes, cards, connections and settings.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::card::Card;
use crate::connection::Connection;
use crate::ids::{BlueprintId, CardId, ConnectionId, IdSource, LaneId, StageId};
use crate::lane::{Lane, LaneKind};
use crate::time::Timestamp;

/// The value of the `format` field that identifies a Stageline blueprint.
pub const FORMAT: &str = "stageline.blueprint";

/// The schema version this build writes and the newest it reads.
pub const CURRENT_SCHEMA_VERSION: u32 = 2;

/// A whole service blueprint, exactly as stored in JSON (field order is the JSON order).
///
/// A blueprint is read only through the load path ([`crate::load_str`], [`crate::load_bytes`]),
/// which checks limits and the header, migrates, types and repairs: the type has no public
/// `Deserialize`, so a caller cannot skip those steps by deserializing it directly.
///
/// ```compile_fail
/// fn readable<T: serde::de::DeserializeOwned>() {}
/// readable::<stageline_schema::Blueprint>(); // does not compile: use load_str
/// ```
///
/// (The parts of a blueprint can be read on their own, which is how that example is checked:)
///
/// ```
/// fn readable<T: serde::de::DeserializeOwned>() {}
/// readable::<stageline_schema::Stage>();
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
pub struct Blueprint {
    /// Identifies the file as a Stageline blueprint; always `"stageline.blueprint"`.
    pub format: Format,
    /// The schema version of this document; always the current version once loaded.
    pub schema_version: SchemaVersion,
    /// The application that wrote the file: in memory always this Stageline, which writes the
    /// document next (the file's own is [`crate::Loaded::generator`]).
    #[serde(default)]
    #[cfg_attr(
        feature = "json-schema",
        schemars(
            description = "The application that last wrote the file.",
            transform = without_default
        )
    )]
    pub generator: WrittenBy,
    /// The blueprint's stable unique ID.
    pub id: BlueprintId,
    /// Title, description, persona, scenario, timestamps and authors.
    #[serde(default)]
    pub metadata: Metadata,
    /// The stages (columns), left to right in time.
    #[serde(default)]
    pub stages: Vec<Stage>,
    /// The lanes (rows), top to bottom.
    #[serde(default)]
    pub lanes: Vec<Lane>,
    /// All cards; within one lane and stage, their order here is their order in the cell.
    #[serde(default)]
    pub cards: Vec<Card>,
    /// The arrows between cards.
    #[serde(default)]
    pub connections: Vec<Connection>,
    /// Per-document editor settings.
    #[serde(default, skip_serializing_if = "Settings::is_default")]
    pub settings: Settings,
}

/// The fixed `format` header; serializes as `"stageline.blueprint"` and accepts nothing else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Format;

impl Serialize for Format {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(FORMAT)
    }
}

impl<'de> Deserialize<'de> for Format {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        if s == FORMAT {
            Ok(Format)
        } else {
            Err(serde::de::Error::custom(format!(
                "expected \"{FORMAT}\", found {s:?}"
            )))
        }
    }
}

/// The `schema_version` header of a loaded document: always [`CURRENT_SCHEMA_VERSION`].
///
/// Older versions are migrated and newer ones refused by [`crate::load_str`] before typing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SchemaVersion;

impl SchemaVersion {
    /// The version number this marker stands for.
    pub const fn get(self) -> u32 {
        CURRENT_SCHEMA_VERSION
    }
}

impl Serialize for SchemaVersion {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u32(CURRENT_SCHEMA_VERSION)
    }
}

impl<'de> Deserialize<'de> for SchemaVersion {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let v = u64::deserialize(deserializer)?;
        if v == u64::from(CURRENT_SCHEMA_VERSION) {
            Ok(SchemaVersion)
        } else {
            Err(serde::de::Error::custom(format!(
                "expected schema version {CURRENT_SCHEMA_VERSION}, found {v} (load files with stageline_schema::load_str, which migrates)"
            )))
        }
    }
}

#[cfg(feature = "json-schema")]
impl schemars::JsonSchema for Format {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Format".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "const": FORMAT,
            "description": "Identifies the file as a Stageline blueprint.",
        })
    }
}

#[cfg(feature = "json-schema")]
impl schemars::JsonSchema for SchemaVersion {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "SchemaVersion".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "integer",
            "const": CURRENT_SCHEMA_VERSION,
            "description": "The version of this schema; Stageline migrates older files and refuses newer ones.",
        })
    }
}

/// The `generator` header of a document in memory: this Stageline, whatever file it came from.
///
/// It serializes as [`Generator::stageline()`], so every document Stageline writes (a saved
/// copy, an export, a share link, the command line's output) names this release as its
/// writer, and a file another tool wrote does not keep that tool's name when Stageline
/// re-exports it. The load path reports the generator a file named in
/// [`crate::Loaded::generator`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct WrittenBy;

impl WrittenBy {
    /// The generator this marker stands for: [`Generator::stageline()`].
    pub fn get(self) -> Generator {
        Generator::stageline()
    }
}

/// Removes the `default` the schema generator derives from [`WrittenBy`]'s `Default` (a file
/// without a `generator` names none; it does not name Stageline).
#[cfg(feature = "json-schema")]
fn without_default(schema: &mut schemars::Schema) {
    schema.remove("default");
}

impl Serialize for WrittenBy {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.get().serialize(serializer)
    }
}

#[cfg(feature = "json-schema")]
impl schemars::JsonSchema for WrittenBy {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "WrittenBy".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        // Files from other tools name their own generator: the schema accepts any.
        generator.subschema_for::<Generator>()
    }
}

/// The application that wrote the file, so readers can trace format quirks to a release.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
pub struct Generator {
    /// The writing application's name, e.g. "Stageline".
    #[serde(default)]
    pub name: String,
    /// The writing application's version, e.g. "0.1.0".
    #[serde(default)]
    pub version: String,
}

impl Generator {
    /// This Stageline release as the writer (the workspace shares one version).
    pub fn stageline() -> Generator {
        Generator {
            name: "Stageline".to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }
}

/// Descriptive information about a blueprint.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
pub struct Metadata {
    /// The blueprint's title, e.g. "Hotel stay".
    #[serde(default)]
    pub title: String,
    /// What the blueprint covers and why it exists.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The customer the blueprint is drawn for, e.g. "Business traveller arriving late".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub persona: String,
    /// The situation traced through the service, e.g. "Two-night stay booked online": free
    /// text about the customer's case. Not to be confused with the `kind` "scenario"
    /// ([`BlueprintKind::Scenario`]), which says the whole blueprint is a what-if variant.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub scenario: String,
    /// What the blueprint shows: the service as it is, as it should be, or a what-if
    /// variant; absent when nobody said (since schema version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<BlueprintKind>,
    /// The blueprint this one was copied from, when it was made as a copy (a "to be" made
    /// from the "as is" keeps its card IDs, so comparing the two matches cards exactly);
    /// since schema version 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived_from: Option<DerivedFrom>,
    /// When the blueprint was created, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<Timestamp>,
    /// When the blueprint was last changed, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<Timestamp>,
    /// The people who wrote the blueprint.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
}

impl Metadata {
    /// What the blueprint shows and where it was copied from, in one line for a header (the
    /// picture's last line, the command line): `To be · Derived from “Hotel stay” (v3)`;
    /// empty when it says neither. It holds the document's own text: render it as text.
    pub fn about(&self) -> String {
        let kind = self.kind.map(|k| crate::Named::label(k).to_string());
        let from = self.derived_from.as_ref().map(DerivedFrom::summary);
        kind.into_iter().chain(from).collect::<Vec<_>>().join(" · ")
    }
}

/// What a blueprint shows (its `metadata.kind`): the service today, the service redesigned,
/// or a what-if variant. Its names and labels are in one table (`names.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum BlueprintKind {
    /// The service as it is delivered today ("as is").
    AsIs,
    /// The service as it should be: a redesign ("to be").
    ToBe,
    /// A what-if variant to explore (not the free-text `metadata.scenario`, which is the
    /// customer's situation the blueprint traces).
    Scenario,
}

/// Where a blueprint was copied from (its `metadata.derived_from`): the original's ID and
/// its title at the time, so the link reads well even when the original is gone or renamed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
pub struct DerivedFrom {
    /// The ID of the blueprint this one was copied from.
    pub blueprint: BlueprintId,
    /// That blueprint's title when the copy was made.
    #[serde(default)]
    pub title: String,
    /// The named version or version ID it was copied from, if it was copied from one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// When the copy was made, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Timestamp>,
}

impl DerivedFrom {
    /// The original as a person reads it: `“Hotel stay” (v3)`, with the version when there
    /// is one and "an untitled blueprint" when the title is blank. The title is the
    /// document's own text: render it as text.
    pub fn name(&self) -> String {
        let title = self.title.trim();
        let what = if title.is_empty() {
            "an untitled blueprint".to_string()
        } else {
            format!("“{title}”")
        };
        match self.version.as_deref().map(str::trim) {
            Some(v) if !v.is_empty() => format!("{what} ({v})"),
            _ => what,
        }
    }

    /// The line a person reads: `Derived from “Hotel stay” (v3)` ([`DerivedFrom::name`]).
    pub fn summary(&self) -> String {
        format!("Derived from {}", self.name())
    }
}

/// Per-document editor settings.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
pub struct Settings {
    /// Names of blueprint checks the team has switched off for this document.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disabled_checks: Vec<String>,
}

impl Settings {
    /// Whether the settings are all defaults (then they are left out of the JSON).
    pub fn is_default(&self) -> bool {
        *self == Settings::default()
    }
}

/// A stage: one column of the grid, a phase of the customer's journey.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
pub struct Stage {
    /// The stage's stable unique ID.
    pub id: StageId,
    /// The stage's name, e.g. "Check in".
    #[serde(default)]
    pub name: String,
    /// What happens in this stage.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The target end-to-end duration (SLA) of the stage, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_duration_secs: Option<u64>,
}

impl Stage {
    /// Creates a stage with a fresh ID.
    pub fn new(ids: &mut (impl IdSource + ?Sized), name: impl Into<String>) -> Stage {
        Stage {
            id: StageId::generate(ids),
            name: name.into(),
            description: String::new(),
            target_duration_secs: None,
        }
    }
}

impl Blueprint {
    /// A new blueprint with the five canonical lanes, one stage named "Stage 1", and no cards.
    pub fn new_blank(ids: &mut (impl IdSource + ?Sized), now: Timestamp, title: &str) -> Blueprint {
        let id = BlueprintId::generate(ids);
        let lanes = LaneKind::CANONICAL
            .iter()
            .map(|&kind| Lane::new(ids, kind))
            .collect();
        Blueprint {
            format: Format,
            schema_version: SchemaVersion,
            generator: WrittenBy,
            id,
            metadata: Metadata {
                title: title.to_string(),
                created: Some(now),
                modified: Some(now),
                ..Metadata::default()
            },
            stages: vec![Stage::new(ids, "Stage 1")],
            lanes,
            cards: Vec::new(),
            connections: Vec::new(),
            settings: Settings::default(),
        }
    }

    /// The position of a stage among the stages, if it exists.
    pub fn stage_index(&self, id: &StageId) -> Option<usize> {
        self.stages.iter().position(|s| &s.id == id)
    }

    /// The position of a lane among the lanes, if it exists.
    pub fn lane_index(&self, id: &LaneId) -> Option<usize> {
        self.lanes.iter().position(|l| &l.id == id)
    }

    /// The position of a card in [`Blueprint::cards`], if it exists.
    pub fn card_index(&self, id: &CardId) -> Option<usize> {
        self.cards.iter().position(|c| &c.id == id)
    }

    /// The stage with this ID.
    pub fn stage(&self, id: &StageId) -> Option<&Stage> {
        self.stages.iter().find(|s| &s.id == id)
    }

    /// The lane with this ID.
    pub fn lane(&self, id: &LaneId) -> Option<&Lane> {
        self.lanes.iter().find(|l| &l.id == id)
    }

    /// The card with this ID.
    pub fn card(&self, id: &CardId) -> Option<&Card> {
        self.cards.iter().find(|c| &c.id == id)
    }

    /// The card with this ID, for editing.
    pub fn card_mut(&mut self, id: &CardId) -> Option<&mut Card> {
        self.cards.iter_mut().find(|c| &c.id == id)
    }

    /// The connection with this ID.
    pub fn connection(&self, id: &ConnectionId) -> Option<&Connection> {
        self.connections.iter().find(|c| &c.id == id)
    }

    /// The cards in one cell (lane × stage), in their order within the cell.
    pub fn cards_in_cell<'a>(
        &'a self,
        lane: &'a LaneId,
        stage: &'a StageId,
    ) -> impl Iterator<Item = &'a Card> + 'a {
        self.cards
            .iter()
            .filter(move |c| &c.lane == lane && &c.stage == stage)
    }

    /// The connections that start or end at a card.
    pub fn connections_of<'a>(
        &'a self,
        card: &'a CardId,
    ) -> impl Iterator<Item = &'a Connection> + 'a {
        self.connections
            .iter()
            .filter(move |c| &c.from == card || &c.to == card)
    }

    /// The problems [`crate::repair()`] would fix, without changing the document.
    pub fn validate(&self) -> Vec<crate::Warning> {
        let mut copy = self.clone();
        crate::repair::repair(&mut copy)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(FORMAT)
    }
}
