//! The only `Deserialize` of a whole [`Blueprint`]: a private wire type, so that no caller can
//! type a document without the load path's checks, migrations and repairs.
//!
//! [`Blueprint`] itself implements `Serialize` but not `Deserialize`; `serde_json::from_str::<
//! Blueprint>` does not compile outside this crate (see the `compile_fail` example on
//! [`Blueprint`]). Each field here has the same type and the same reading attributes as in
//! [`Blueprint`], except `generator`: the file's own is read here and reported
//! ([`crate::Loaded::generator`]), the document's is always this Stageline ([`WrittenBy`]).
//! The conversion below names every field, so a field added to [`Blueprint`] without a row
//! here fails to compile.

use serde::Deserialize;

use crate::card::Card;
use crate::connection::Connection;
use crate::document::{
    Blueprint, Format, Generator, Metadata, SchemaVersion, Settings, Stage, WrittenBy,
};
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

impl Wire {
    /// The typed document, and the generator the file named (the document's own is always
    /// this Stageline: [`WrittenBy`]).
    pub(super) fn into_parts(self) -> (Blueprint, Generator) {
        let w = self;
        let blueprint = Blueprint {
            format: w.format,
            schema_version: w.schema_version,
            generator: WrittenBy,
            id: w.id,
            metadata: w.metadata,
            stages: w.stages,
            lanes: w.lanes,
            cards: w.cards,
            connections: w.connections,
            settings: w.settings,
        };
        (blueprint, w.generator)
    }
}
