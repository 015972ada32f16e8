//! What the library keeps about blueprints that are in a live workshop: which room on which
//! server each one is bound to, and the workshop engine's state beside the JSON, so a
//! blueprint reopened offline (a laptop closed mid-workshop, a reload without Wi-Fi) still
//! merges with the room when the connection returns instead of starting a second history.
//!
//! The values are plain strings here (the app's workshop engine parses and checks them);
//! both keys go when the blueprint is deleted for good.

use serde::{Deserialize, Serialize};
use stageline_schema::BlueprintId;

use super::{Library, Store, StoreError};

/// The prefix of the keys binding a blueprint to its workshop room.
pub const WORKSHOP_PREFIX: &str = "stageline:v1:workshop:";
/// The prefix of the keys holding the workshop engine's state of a blueprint.
pub const REPLICA_PREFIX: &str = "stageline:v1:replica:";

/// The workshop a stored blueprint belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Binding {
    /// The workshop server's address (`ws://` or `wss://`).
    pub server: String,
    /// The room on that server: the unguessable capability that lets one join.
    pub room: String,
}

fn workshop_key(id: &BlueprintId) -> String {
    format!("{WORKSHOP_PREFIX}{id}")
}

fn replica_key(id: &BlueprintId) -> String {
    format!("{REPLICA_PREFIX}{id}")
}

impl<S: Store> Library<S> {
    /// The workshop blueprint `id` is bound to, if any (an unreadable binding counts as none:
    /// the blueprint still opens, alone).
    pub fn workshop(&self, id: &BlueprintId) -> Option<Binding> {
        let text = self.store.get(&workshop_key(id)).ok().flatten()?;
        serde_json::from_str(&text).ok()
    }

    /// The stored blueprint bound to `room` on `server`, if this browser has one.
    pub fn blueprint_in_room(&self, server: &str, room: &str) -> Option<BlueprintId> {
        let keys = self.store.keys().ok()?;
        keys.iter()
            .filter_map(|k| k.strip_prefix(WORKSHOP_PREFIX))
            .filter_map(|name| name.parse::<BlueprintId>().ok())
            .find(|id| {
                self.workshop(id)
                    .is_some_and(|b| b.server == server && b.room == room)
            })
    }

    /// Binds blueprint `id` to a workshop room.
    pub fn bind_workshop(&mut self, id: &BlueprintId, binding: &Binding) -> Result<(), StoreError> {
        let text = serde_json::to_string(binding).map_err(|e| StoreError::Other(e.to_string()))?;
        self.store.set(&workshop_key(id), &text)
    }

    /// Leaves the workshop: the blueprint stays, as an ordinary one.
    pub fn unbind_workshop(&mut self, id: &BlueprintId) -> Result<(), StoreError> {
        self.store.remove(&workshop_key(id))?;
        self.store.remove(&replica_key(id))
    }

    /// The engine's stored state of blueprint `id` (its text form, as the engine wrote it).
    pub fn replica_state(&self, id: &BlueprintId) -> Option<String> {
        self.store.get(&replica_key(id)).ok().flatten()
    }

    /// Stores the engine's state of blueprint `id`.
    pub fn save_replica_state(&mut self, id: &BlueprintId, state: &str) -> Result<(), StoreError> {
        self.store.set(&replica_key(id), state)
    }

    /// Removes what the library keeps about a blueprint's workshop (when it is deleted).
    pub(super) fn forget_workshop(&mut self, name: &str) {
        let _ = self.store.remove(&format!("{WORKSHOP_PREFIX}{name}"));
        let _ = self.store.remove(&format!("{REPLICA_PREFIX}{name}"));
    }
}
