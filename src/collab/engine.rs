//! The workshop engine behind a seam: [`Engine`] is what [`super::Live`] asks of the replica
//! (`stageline_collab::Replica`), called through a vtable, and [`load`] brings the replica's
//! code (yrs, the sync and awareness protocol, the Yjs model of a blueprint) in as a part that
//! loads on demand, right after the first frame. The first screen never runs it: a blueprint
//! opens from its JSON, and the engine joins a moment later (ARCHITECTURE.md, "Parts that load
//! on demand").

use stageline_collab::{CollabError, Peer, Presence, Reaction, Replica};
use stageline_schema::{Blueprint, Loaded};

use crate::lazy::LoadFailed;

/// What the browser side asks of the replica; see `stageline_collab::Replica` for what each
/// does.
pub trait Engine {
    /// The whole state, to store beside the JSON.
    fn encode_state(&self) -> Vec<u8>;
    /// The document the merged state describes, through the one load path.
    fn materialize(&self) -> Result<Loaded, CollabError>;
    /// Records a local edit as one undo step; the message to send.
    fn commit_local(
        &mut self,
        before: &Blueprint,
        after: &Blueprint,
        label: &str,
    ) -> Option<Vec<u8>>;
    /// Undoes this user's latest step: its label and the message to send.
    fn undo(&mut self) -> Option<(String, Vec<u8>)>;
    /// Redoes this user's latest undone step.
    fn redo(&mut self) -> Option<(String, Vec<u8>)>;
    /// The label of the step `undo` would undo.
    fn undo_label(&self) -> Option<String>;
    /// The label of the step `redo` would redo.
    fn redo_label(&self) -> Option<String>;
    /// What a tab says when it opens the channel to other tabs.
    fn tab_hello(&self) -> Vec<Vec<u8>>;
    /// The room's connection opened: the messages to send.
    fn on_open(&mut self) -> Vec<Vec<u8>>;
    /// The room's connection closed.
    fn on_close(&mut self);
    /// A message from the room.
    fn on_message(&mut self, bytes: &[u8]) -> Result<Reaction, CollabError>;
    /// A message from another tab.
    fn on_tab_message(&mut self, bytes: &[u8]) -> Result<Reaction, CollabError>;
    /// Local changes not yet sent to the room.
    fn waiting(&self) -> usize;
    /// This participant's presence changed: the message to send, if any.
    fn set_presence(&mut self, presence: &Presence) -> Option<Vec<u8>>;
    /// Presence renewed (peers drop a silent one): the message to send, if any.
    fn renew_presence(&mut self) -> Option<Vec<u8>>;
    /// This participant leaves: the message to send, if any.
    fn leave(&mut self) -> Option<Vec<u8>>;
    /// Everyone else in the room or in other tabs.
    fn peers(&self) -> Vec<Peer>;
}

impl Engine for Replica {
    fn encode_state(&self) -> Vec<u8> {
        Replica::encode_state(self)
    }
    fn materialize(&self) -> Result<Loaded, CollabError> {
        Replica::materialize(self)
    }
    fn commit_local(
        &mut self,
        before: &Blueprint,
        after: &Blueprint,
        label: &str,
    ) -> Option<Vec<u8>> {
        Replica::commit_local(self, before, after, label)
    }
    fn undo(&mut self) -> Option<(String, Vec<u8>)> {
        Replica::undo(self)
    }
    fn redo(&mut self) -> Option<(String, Vec<u8>)> {
        Replica::redo(self)
    }
    fn undo_label(&self) -> Option<String> {
        Replica::undo_label(self).map(str::to_string)
    }
    fn redo_label(&self) -> Option<String> {
        Replica::redo_label(self).map(str::to_string)
    }
    fn tab_hello(&self) -> Vec<Vec<u8>> {
        Replica::tab_hello(self)
    }
    fn on_open(&mut self) -> Vec<Vec<u8>> {
        Replica::on_open(self)
    }
    fn on_close(&mut self) {
        Replica::on_close(self)
    }
    fn on_message(&mut self, bytes: &[u8]) -> Result<Reaction, CollabError> {
        Replica::on_message(self, bytes)
    }
    fn on_tab_message(&mut self, bytes: &[u8]) -> Result<Reaction, CollabError> {
        Replica::on_tab_message(self, bytes)
    }
    fn waiting(&self) -> usize {
        Replica::waiting(self)
    }
    fn set_presence(&mut self, presence: &Presence) -> Option<Vec<u8>> {
        Replica::set_presence(self, presence)
    }
    fn renew_presence(&mut self) -> Option<Vec<u8>> {
        Replica::renew_presence(self)
    }
    fn leave(&mut self) -> Option<Vec<u8>> {
        Replica::leave(self)
    }
    fn peers(&self) -> Vec<Peer> {
        Replica::peers(self)
    }
}

/// A made engine, or why the stored state could not make one.
pub type Made = Result<Box<dyn Engine>, String>;

/// How the engine is made, once its part is loaded.
#[derive(Clone, Copy)]
pub struct Makers {
    /// An engine holding `doc`, with client ID `client_id`.
    pub seed: fn(doc: &Blueprint, client_id: u64) -> Box<dyn Engine>,
    /// The engine of blueprint `doc` from its stored state, brought up to date with the
    /// stored JSON (`doc`) if the JSON was saved after it; `Err` with the reason when the state
    /// cannot be read.
    pub restore: fn(state: &[u8], doc: &Blueprint, client_id: u64) -> Made,
}

/// Loads the engine's part (once; a failed load is tried again on the next call).
#[leptos::wasm_split::wasm_split(workshop, fallible, wasm_split_path = ::leptos::wasm_split)]
pub fn load() -> Result<Makers, LoadFailed> {
    Ok(Makers { seed, restore })
}

fn seed(doc: &Blueprint, client_id: u64) -> Box<dyn Engine> {
    Box::new(Replica::seed(doc, client_id, super::clock))
}

fn restore(state: &[u8], doc: &Blueprint, client_id: u64) -> Made {
    let mut replica =
        Replica::restore(state, client_id, super::clock).map_err(|e| e.to_string())?;
    let stored = replica.materialize().map_err(|e| e.to_string())?.blueprint;
    if &stored != doc {
        // Saved as JSON, not yet as state (the page was closed between the two): these are
        // this user's edits, so they go in as such.
        let _ = replica.commit_local(&stored, doc, "Changes kept while away");
    }
    Ok(Box::new(replica))
}
