//! Other tabs of this browser on the same blueprint: the same sync messages, carried by the
//! app over a `BroadcastChannel`, so two tabs merge their edits through the engine instead of
//! asking which version to keep. Tabs are not a connection: nothing here touches the server
//! connection's state (open, synced, the changes waiting), and tabs exchange no presence (a
//! participant is who is in the room).

use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{ReadTxn, StateVector, Transact};

use super::{Reaction, Replica};
use crate::protocol::{self, Message};
use crate::validate::check_update;
use crate::CollabError;

impl Replica {
    /// What a tab posts when it opens the channel: sync step 1 (our state vector, so the
    /// others answer with what we lack) and step 2 with our whole state (so they get what
    /// they lack without asking back, which would make two tabs ask each other forever).
    pub fn tab_hello(&self) -> Vec<Vec<u8>> {
        let txn = self.doc.transact();
        let sv = txn.state_vector().encode_v1();
        let all = txn.encode_state_as_update_v1(&StateVector::default());
        vec![
            protocol::encode_sync(protocol::SYNC_STEP_1, &sv),
            protocol::encode_sync(protocol::SYNC_STEP_2, &all),
        ]
    }

    /// Handles one message from another tab: step 1 is answered with step 2, step 2 and
    /// updates are applied with the remote origin (never in our undo stack), presence is
    /// ignored. Never panics; malformed input is an error and changes nothing.
    pub fn on_tab_message(&mut self, bytes: &[u8]) -> Result<Reaction, CollabError> {
        let messages = protocol::decode(bytes).map_err(|e| CollabError::Malformed(e.0))?;
        for m in &messages {
            if let Message::SyncStep2(u) | Message::Update(u) = m {
                check_update(u).map_err(|e| CollabError::Malformed(e.0))?;
            }
        }
        let mut reaction = Reaction::default();
        for m in messages {
            match m {
                Message::SyncStep1(sv) => {
                    let sv = StateVector::decode_v1(&sv)
                        .map_err(|e| CollabError::Malformed(e.to_string()))?;
                    let update = self.doc.transact().encode_state_as_update_v1(&sv);
                    reaction
                        .replies
                        .push(protocol::encode_sync(protocol::SYNC_STEP_2, &update));
                }
                Message::SyncStep2(u) | Message::Update(u) => self.apply_remote(&u)?,
                Message::Awareness(_) | Message::QueryAwareness | Message::Auth(_) => {}
            }
        }
        reaction.doc_changed = self.take_changed();
        Ok(reaction)
    }
}
