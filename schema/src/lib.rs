//! The Stageline service-blueprint document: types, versioned JSON, one load path, JSON Schema.
//!
//! A service blueprint is a grid: **stages** (columns, left to right in time) by **lanes**
//! (rows: physical evidence, customer, frontstage, backstage, support, and custom lanes such as
//! partners, systems or policies). **Cards** sit in one lane at one stage; **connections** are
//! arrows between cards. The lines of interaction, visibility and internal interaction are
//! derived from lane kinds and order ([`lane`]), never stored.
//!
//! # The JSON format
//!
//! - A header: `format` is always `"stageline.blueprint"`, `schema_version` is
//!   [`CURRENT_SCHEMA_VERSION`], `generator` names the writing application and its version
//!   (Stageline writes its own, whoever wrote the file it read: [`WrittenBy`]).
//! - IDs are strings matching `^[A-Za-z0-9_.:-]{1,64}$`; Stageline generates a prefix
//!   (`bp_`, `st_`, `ln_`, `cd_`, `cn_`) plus 13 base32 characters of random bits ([`ids`]).
//! - **Durations are whole seconds** (unsigned integers) in fields whose names end in `_secs`.
//! - Timestamps are RFC 3339 strings, written in UTC with milliseconds ([`Timestamp`]).
//! - Cards are one flat array; the order of a cell's cards in that array is their order
//!   within the cell.
//! - Empty optional fields are left out; unknown fields are ignored with a warning.
//! - Since schema version 2 the metadata may say what the blueprint shows (`kind`: `as_is`,
//!   `to_be` or `scenario`, [`BlueprintKind`]) and which blueprint it was copied from
//!   (`derived_from`, [`DerivedFrom`]); version 1 files load unchanged ([`migrate`]).
//!
//! ```
//! let json = r#"{
//!   "format": "stageline.blueprint",
//!   "schema_version": 2,
//!   "generator": { "name": "Stageline", "version": "0.1.0" },
//!   "id": "bp_example",
//!   "metadata": { "title": "Coffee to go", "kind": "to_be",
//!                 "derived_from": { "blueprint": "bp_today", "title": "Coffee today" },
//!                 "created": "2026-11-22T18:30:00.000Z" },
//!   "stages": [ { "id": "st_order", "name": "Order", "target_duration_secs": 120 } ],
//!   "lanes": [
//!     { "id": "ln_customer", "kind": "customer", "name": "Customer actions" },
//!     { "id": "ln_barista", "kind": "frontstage", "name": "Barista" }
//!   ],
//!   "cards": [
//!     { "id": "cd_ask", "lane": "ln_customer", "stage": "st_order", "kind": "action",
//!       "title": "Orders a flat white", "emotion": 1, "wait_before_secs": 90 },
//!     { "id": "cd_take", "lane": "ln_barista", "stage": "st_order", "kind": "touchpoint",
//!       "title": "Takes the order", "channel": "in_person", "actor_type": "human" }
//!   ],
//!   "connections": [
//!     { "id": "cn_1", "from": "cd_ask", "to": "cd_take", "kind": "handoff" }
//!   ]
//! }"#;
//! let loaded = stageline_schema::load_str(json)?;
//! assert!(loaded.warnings.is_empty());
//! let bp = &loaded.blueprint;
//! let (ask, take) = (&bp.cards[0].id, &bp.cards[1].id);
//! assert_eq!(bp.crossings(ask, take), vec![stageline_schema::Line::Interaction]);
//! // Saving is deterministic and loads back to the same document.
//! let saved = stageline_schema::to_json_pretty(bp);
//! assert_eq!(&stageline_schema::load_str(&saved)?.blueprint, bp);
//! # Ok::<(), stageline_schema::LoadError>(())
//! ```
//!
//! The crate has no web dependencies and no I/O, clock or randomness of its own: callers pass
//! the current [`Timestamp`] and an [`IdSource`]. The `json-schema` feature adds
//! the `schema_gen` module, which generates the published JSON Schema.

#![deny(missing_docs)]

pub mod card;
pub mod connection;
pub mod document;
pub mod error;
pub mod examples;
pub mod ids;
pub mod lane;
pub mod load;
pub mod migrate;
pub mod names;
mod path;
pub mod repair;
pub mod save;
#[cfg(feature = "json-schema")]
pub mod schema_gen;
pub mod time;
mod words;

pub use card::{
    ActorType, Card, CardKind, Channel, FailPoint, Kpi, Link, Note, Privacy, Risk, EMOTION_MAX,
    EMOTION_MIN,
};
pub use connection::{Connection, ConnectionKind, Direction};
pub use document::{
    Blueprint, BlueprintKind, DerivedFrom, Format, Generator, Metadata, SchemaVersion, Settings,
    Stage, WrittenBy, CURRENT_SCHEMA_VERSION, FORMAT,
};
pub use error::{LoadError, Warning, WarningCode};
pub use ids::{BlueprintId, CardId, ConnectionId, IdError, IdSource, LaneId, SeededIds, StageId};
pub use lane::{Lane, LaneKind, Line, LinePlacement, Side, Zone};
pub use load::{load_bytes, load_str, Loaded, MAX_DEPTH, MAX_INPUT_BYTES};
pub use names::{KnownChannel, Named};
pub use repair::repair;
pub use save::{to_json_compact, to_json_pretty};
pub use time::{Timestamp, TimestampError};
