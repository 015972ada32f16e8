//! The only `Deserialize` of a whole [`Blueprint`]: a private wire type, so that no caller can
//! type a document without the load path's checks, migrations and repairs.
//!
//! [`Blueprint`] itself implements `Serialize` but not `Deserialize`; `serde_json::from_str::<
//! Blueprint>` does not compile outside this crate (see the `compile_fail` example on
//! [`Blueprint`]). Each field here has the same type and the same reading attributes as in
//! [`Blueprint`]; the conversion below names every field, so a field added to [`Blueprint`]
//! without a row here fails to compile.

use serde::Deserialize;

use crate::card::Card;
use crate::connection::Connection;
use crate::document::{Blueprint, Format, Generator, Metadata, SchemaVersion, Settings, Stage};
use crate::ids::BlueprintId;
use crate::lane::Lane;

/// A blueprint as read from JSON, before repair; see the module docs.
#[derive(Deserialize)]
#[serde(rename = "Blueprint")]
pub(super) struct Wire {
    format: Format,
    schema_version: SchemaVersion,
    #[serde(default)]
    generator: Generator,
    id: BlueprintId,
    #[serde(default)]
    metadata: Metadata,
    #[serde(default)]
    stages: Vec<Stage>,
    #[serde(default)]
    lanes: Vec<Lane>,
    #[serde(default)]
    cards: Vec<Card>,
    #[serde(default)]
    connections: Vec<Connection>,
    #[serde(default)]
    settings: Settings,
}

impl From<Wire> for Blueprint {
    fn from(w: Wire) -> Blueprint {
        Blueprint {
            format: w.format,
            schema_version: w.schema_version,
            generator: w.generator,
            id: w.id,
            metadata: w.metadata,
            stages: w.stages,
            lanes: w.lanes,
            cards: w.cards,
            connections: w.connections,
            settings: w.settings,
        }
    }
}
