//! Other tabs of this browser on the same blueprint: the same sync messages, carried by the
//! app over a `BroadcastChannel`, so two tabs merge their edits through the engine instead of
//! asking which version to keep. Tabs are not a connection: nothing here touches the server
//! connection's state (open, synced, the changes waiting), and tabs exchange no presence (a
//! participant is who is in the room).

use yrs::updates::encoder::Encode;
use yrs::{ReadTxn, StateVector, Transact};

use super::{decode_checked, Reaction, Replica};
use crate::protocol::{self, Message};
use crate::CollabError;

impl Replica {
    /// What a tab posts when it opens the channel: sync step 1 (our state vector, so the
    /// others answer with what we lack) and step 2 with our whole state (so they get what
    /// they lack without asking back, which would make two tabs ask each other forever).
    pub fn tab_hello(&self) -> Vec<Vec<u8>> {
        let txn = self.doc.transact();
        let sv = txn.state_vector().encode_v1();
        let all = super::integrated_since(&txn, &StateVector::default());
        vec![
            protocol::encode_sync(protocol::SYNC_STEP_1, &sv),
            protocol::encode_sync(protocol::SYNC_STEP_2, &all),
        ]
    }

    /// Handles one message from another tab: step 1 is answered with step 2, step 2 and
    /// updates are applied with the remote origin (never in our undo stack), presence is
    /// ignored. Never panics; malformed input is an error and changes nothing.
    pub fn on_tab_message(&mut self, bytes: &[u8]) -> Result<Reaction, CollabError> {
        let messages = decode_checked(bytes)?;
        let mut reaction = Reaction::default();
        for m in messages {
            match m {
                Message::SyncStep1(sv) => reaction.replies.push(self.step2_for(&sv)?),
                Message::SyncStep2(u) | Message::Update(u) => {
                    if !self.apply_remote(&u)? {
                        // Ahead of what we have: ask the tabs for everything we lack.
                        reaction.replies.push(self.step1());
                    }
                }
                Message::Awareness(_) | Message::QueryAwareness | Message::Auth(_) => {}
            }
        }
        reaction.doc_changed = self.take_changed();
        Ok(reaction)
    }
}

#[cfg(test)]
mod tests {
    use stageline_schema::{Blueprint, Card, CardKind, SeededIds, Timestamp};

    use crate::Replica;

    fn now() -> u64 {
        0
    }

    fn doc() -> Blueprint {
        let mut ids = SeededIds::new(9);
        let at = Timestamp::from_unix_millis(1_790_000_000_000).expect("a time");
        let mut doc = Blueprint::new_blank(&mut ids, at, "Tabs");
        let (lane, stage) = (doc.lanes[0].id.clone(), doc.stages[0].id.clone());
        doc.cards
            .push(Card::new(&mut ids, lane, stage, CardKind::Action, "Shared"));
        doc
    }

    /// Delivers every message of `from` to `to` and the replies back, until quiet.
    fn deliver(messages: Vec<Vec<u8>>, to: &mut Replica, back: &mut Replica) {
        for m in messages {
            let reaction = to.on_tab_message(&m).expect("a valid message");
            for r in reaction.replies {
                back.on_tab_message(&r).expect("a valid reply");
            }
        }
    }

    #[test]
    fn two_tabs_seeded_from_one_stored_blueprint_merge_their_edits_without_duplicates() {
        let doc = doc();
        let mut a = Replica::seed(&doc, 0x1111, now);
        let mut b = Replica::seed(&doc, 0x2222, now);
        let mut mine = doc.clone();
        mine.cards[0].title = "Renamed in A".into();
        let update = a.commit_local(&doc, &mine, "Rename").expect("an update");
        let mut theirs = doc.clone();
        theirs.cards[0].owner = Some("Set in B".into());
        let _ = b.commit_local(&doc, &theirs, "Owner").expect("an update");
        // B opens the channel: both exchange everything; A's later update arrives too.
        deliver(b.tab_hello(), &mut a, &mut b);
        b.on_tab_message(&update).expect("applies");
        let (da, db) = (
            a.materialize().expect("a").blueprint,
            b.materialize().expect("b").blueprint,
        );
        assert_eq!(da, db);
        assert_eq!(
            da.cards.len(),
            1,
            "the seeds are the same items: no duplicate"
        );
        assert_eq!(da.cards[0].title, "Renamed in A");
        assert_eq!(da.cards[0].owner.as_deref(), Some("Set in B"));
        // Tabs are not a connection: nothing is counted as waiting or synced by them.
        assert!(!a.synced() && !b.synced());
        // Malformed bytes change nothing.
        assert!(a.on_tab_message(&[0, 2, 0xff, 0xff]).is_err());
        assert_eq!(a.materialize().expect("a").blueprint, da);
    }

    #[test]
    fn client_ids_fit_in_32_bits_as_yjs_and_y_sweet_read_them() {
        for id in [u64::MAX, 1 << 52, (1 << 53) - 1, 0, 0xdead_beef_cafe] {
            let r = Replica::empty(id, now);
            assert!(r.client_id() <= u64::from(u32::MAX) && r.client_id() != 0);
        }
        assert!(crate::replica::seed_client_id(&doc()) <= u64::from(u32::MAX));
    }
}
