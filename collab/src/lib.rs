//! Stageline's workshop engine: a blueprint shared by everyone in a room, over the standard
//! Yjs sync and awareness protocols, with undo of one's own changes only.
//!
//! Plain Rust with no web types: the app (`src/collab/`) owns the WebSocket, the
//! BroadcastChannel and the screen, and passes bytes, client IDs and a clock in. Nothing here
//! asks the operating system for randomness or time.
//!
//! # The Y model
//!
//! Five root maps of one Y document (root types, so no two replicas can create them twice):
//!
//! - `meta`: every top-level field of the document other than the header (`format`,
//!   `generator`) and the four collections, each its own entry: `id`, `settings`,
//!   `schema_version`, and each metadata field as `metadata.<field>` (`metadata.title`, ...).
//! - `stages`, `lanes`, `cards`, `connections`: keyed by the element's stable ID; each value a
//!   Y map with **one entry per field** of the element as serde serializes it (the element's
//!   JSON object, each key one entry, values as [`yrs::Any`] from JSON: nested values such as
//!   a card's KPIs are one entry), plus the order key `$pos`. Nothing here names a card
//!   field, so a field added to the schema needs no change here.
//!
//! Two people editing different fields of one card both keep their change (different
//! entries); the same field: the last writer wins, as in Yjs. Order is by `$pos`, a
//! fractional key ([`order`]), ties broken by ID: a move writes one entry, so two people
//! moving the same card never duplicate it. Cards have one order over the whole `cards`
//! array, which orders them within every cell (a card's cell is its `lane` and `stage`
//! entries); stages, lanes and connections have their own order.
//!
//! # Materializing
//!
//! [`Replica::materialize`] builds the JSON document (elements sorted by `(key, ID)`, each
//! element's `id` taken from its entry's key) and loads it with [`stageline_schema::load_str`],
//! the one load path: a peer's state is migrated, typed, validated and repaired exactly like
//! a file. A hostile or malformed update never panics and never yields an invalid document:
//! it is refused ([`CollabError`]) or repaired with warnings. Every update from a peer is
//! first walked by a strict V1 reader ([`validate`]) that refuses what yrs's decoder would
//! trust (oversized lengths, client IDs over 53 bits, a client listed twice, deep nesting,
//! subdocuments).
//!
//! Two merges need care beyond Yjs: an element lacking a field it cannot be read without (a
//! peer's overwrite of it applied before the update it follows arrived) is left out until the
//! rest arrives; and what the load path added while repairing a merged state (a fallback stage
//! for a card whose stage a peer removed) is written by the next local commit, so what a
//! person sees is what the state holds.
//!
//! # Seeding
//!
//! Only a room's creator (or a tab opening a stored blueprint) seeds: [`Replica::seed`]
//! writes the document with a client ID derived from a hash of its canonical JSON
//! ([`replica::seed_client_id`], 32 bits as Yjs makes them), so two tabs seeding the same stored blueprint make
//! byte-identical items that Yjs merges as one; every later edit uses the replica's own
//! client ID. A joiner starts [`Replica::empty`] and writes nothing before a document arrives.
//!
//! # The protocol
//!
//! y-protocols' messages ([`protocol`]): on open send [`Replica::on_open`]'s messages; pass
//! every binary message to [`Replica::on_message`] and send its replies back on the same
//! connection; send what [`Replica::commit_local`], [`Replica::undo`], [`Replica::redo`]
//! return to every connection (server and tabs: other tabs of the browser use
//! [`Replica::tab_hello`] and [`Replica::on_tab_message`], which leave the server connection's
//! state alone); presence with [`Replica::set_presence`],
//! [`Replica::renew_presence`] every 15 s and [`Replica::leave`] before closing.
//!
//! ```
//! use stageline_collab::Replica;
//! use stageline_schema::{Blueprint, SeededIds, Timestamp};
//!
//! fn now() -> u64 { 0 }
//! let doc = Blueprint::new_blank(&mut SeededIds::new(1), Timestamp::from_unix_millis(0).unwrap(), "Hotel");
//! let mut creator = Replica::seed(&doc, 11, now);
//! let mut joiner = Replica::empty(22, now);
//! // Wire them in memory: each side's opening messages to the other, replies back.
//! let (a, b) = (creator.on_open(), joiner.on_open());
//! for m in b { for r in creator.on_message(&m)?.replies { joiner.on_message(&r)?; } }
//! for m in a { for r in joiner.on_message(&m)?.replies { creator.on_message(&r)?; } }
//! assert_eq!(joiner.materialize()?.blueprint, doc);
//! # Ok::<(), stageline_collab::CollabError>(())
//! ```

#![deny(missing_docs)]

use std::fmt;

pub mod model;
pub mod order;
pub mod presence;
pub mod protocol;
pub mod replica;
pub mod room;
pub mod validate;

pub use presence::{DragPreview, Peer, Presence};
pub use replica::{Reaction, Replica};
pub use room::{RoomError, RoomId, RoomLink, ServerUrl};
pub use stageline_schema::CardId;

/// Why a message, a stored state or the document it describes was refused; `Display` says it
/// in words, as one clause without a final full stop.
#[derive(Debug, Clone, PartialEq)]
pub enum CollabError {
    /// The bytes are not a well-formed message or update (what is wrong, in words).
    Malformed(String),
    /// The state describes a document the load path refuses.
    Invalid(stageline_schema::LoadError),
    /// The server refused access (its reason, cut to 200 characters).
    Denied(String),
    /// There is no document yet (a joiner before the peer's state arrived).
    NoDocument,
}

impl fmt::Display for CollabError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CollabError::Malformed(why) => {
                write!(f, "a message from the workshop was refused ({why})")
            }
            CollabError::Invalid(e) => write!(f, "the workshop's blueprint could not be read: {e}"),
            CollabError::Denied(reason) => {
                write!(f, "the workshop server refused access: {reason}")
            }
            CollabError::NoDocument => write!(f, "the workshop's blueprint has not arrived yet"),
        }
    }
}

impl std::error::Error for CollabError {}
