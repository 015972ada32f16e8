//! One replica of a blueprint: its Y document, undo of its own changes, the sync and awareness
//! protocol, and presence.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;

use stageline_schema::{Blueprint, Loaded};
use yrs::undo::{Options as UndoOptions, UndoManager};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{Doc, Options, Origin, ReadTxn, StateVector, Transact, Update};

use crate::model::{self, Roots};
use crate::presence::{Peer, Presence, PEER_TIMEOUT_MS};
use crate::protocol::{self, AwarenessEntry, Message};
use crate::validate::{check_update, walk_update, Head, Struct};
use crate::CollabError;

mod tabs;

/// The origin of this replica's own edits (tracked by the undo manager).
const LOCAL: &str = "stageline:local";
/// The origin of everything that arrives from peers (never in the undo stack).
const REMOTE: &str = "stageline:remote";
/// The label of an undo step whose label was lost (never expected).
const UNLABELLED: &str = "Change";
/// Every replica's document GUID: it is not part of updates (only subdocuments use it), and a
/// fixed one keeps the crate from drawing a random one from the operating system.
const GUID: &str = "stageline-blueprint";

/// What handling one message did; see [`Replica::on_message`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reaction {
    /// Messages to send back on the same connection (step 2 answering a step 1, our awareness
    /// answering a query).
    pub replies: Vec<Vec<u8>>,
    /// Whether the document changed (materialize it again).
    pub doc_changed: bool,
    /// Whether someone's presence changed (read [`Replica::peers`] again).
    pub presence_changed: bool,
    /// Whether this message was the step 2 that completed the sync since the last `on_open`.
    pub synced_now: bool,
}

/// What we know of one peer's awareness state.
#[derive(Debug, Clone)]
struct PeerState {
    clock: u32,
    /// The raw JSON as received (capped), `None` once they left.
    json: Option<String>,
    presence: Option<Presence>,
    last_seen: u64,
}

/// A replica of one blueprint (see the crate docs for how the app drives it).
pub struct Replica {
    doc: Doc,
    roots: Roots,
    undo: UndoManager<()>,
    undo_labels: Vec<String>,
    redo_labels: Vec<String>,
    /// Updates of our own transactions (local edits, undo, redo) since last taken.
    outbox: Rc<RefCell<Vec<Vec<u8>>>>,
    /// Whether any transaction changed the document since last taken.
    changed: Rc<RefCell<bool>>,
    now_ms: fn() -> u64,
    client_id: u64,
    open: bool,
    synced: bool,
    waiting: usize,
    own_clock: u32,
    own_state: Option<String>,
    peers: BTreeMap<u64, PeerState>,
}

impl std::fmt::Debug for Replica {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Replica")
            .field("client_id", &self.client_id)
            .field("open", &self.open)
            .field("synced", &self.synced)
            .field("waiting", &self.waiting)
            .finish_non_exhaustive()
    }
}

/// The client IDs this replica writes with: 32 bits, not zero, as Yjs makes them
/// (`random.uint32()`). Not the 53 bits a JavaScript number could hold: yrs before 0.2x, which
/// y-sweet 0.9 runs, reads a client ID as a 32-bit number, so a larger one comes back from the
/// server as another client's, and the room's state splits from ours (seen here: a rename
/// by one participant never reached the other). Peers' IDs up to 53 bits are still accepted.
fn yjs_client_id(id: u64) -> u64 {
    match (id ^ (id >> 32)) & u64::from(u32::MAX) {
        0 => 1,
        v => v,
    }
}

/// FNV-1a, 64 bits: a fixed, portable hash (no randomness, same everywhere).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The client ID that seeds `doc`: 32 bits of a hash of its canonical (compact) JSON, so two
/// tabs seeding the same stored blueprint write the very same items, which merge as one.
pub fn seed_client_id(doc: &Blueprint) -> u64 {
    yjs_client_id(fnv1a(stageline_schema::to_json_compact(doc).as_bytes()))
}

/// The V1 update that seeds `doc` (deterministic: the same bytes for the same document).
pub fn seed_update(doc: &Blueprint) -> Vec<u8> {
    let seed = Doc::with_options(Options::with_guid_and_client_id(
        GUID.into(),
        yrs::ClientID::new(seed_client_id(doc)),
    ));
    let roots = Roots::new(&seed);
    {
        let mut txn = seed.transact_mut();
        model::write_all(&mut txn, &roots, doc);
    }
    let txn = seed.transact();
    txn.encode_state_as_update_v1(&StateVector::default())
}

/// Whether `update`, applied over a document at state vector `local`, would leave a hole in
/// some client's history: an insertion that starts after what `local` and the update's own
/// earlier insertions reach, or a deletion of what neither holds. yrs keeps such an update
/// "pending" until the hole is filled, and its later integration of pending updates panics on
/// some a hostile peer can send (found by the `peer_message` fuzz target). Honest peers never
/// need it: each connection delivers in order, and the step 2 that answers our step 1 holds
/// everything we lack.
fn leaves_a_gap(update: &Update, local: &StateVector) -> bool {
    let mut reach: BTreeMap<u64, u32> = BTreeMap::new();
    let inserted = update.insertions(true);
    for (client, ranges) in inserted.iter() {
        let mut spans: Vec<_> = ranges.iter().cloned().collect();
        spans.sort_by_key(|r| r.start);
        let mut end = local.get(client);
        for span in spans {
            if span.start > end {
                return true;
            }
            end = end.max(span.end);
        }
        reach.insert(client.get(), end);
    }
    update.delete_set().iter().any(|(client, ranges)| {
        let end = reach
            .get(&client.get())
            .copied()
            .unwrap_or_else(|| local.get(client));
        ranges.iter().any(|r| r.end > end)
    })
}

/// Whether an item of the update `bytes` starts inside what this replica holds of its client
/// and runs past it without being the item held there. yrs trims such an item at our clock and
/// links the rest to the item we hold just before, keeping the incoming parent and key: when
/// the two disagree (a peer rewriting history that cannot change), the rest lands in one type
/// under another type's key, and the commit panics (`squash_left` in yrs' block store, found by
/// the `peer_message` fuzz target). Honest peers send such an item only when they merged
/// updates of which we hold the first part, and then we hold the very same item; this checks
/// that against our own encoding of it. When it cannot tell, it answers true, and the caller
/// asks with step 1 for a step 2, which is cut exactly at our state vector.
fn straddles_other_history<T: ReadTxn>(txn: &T, bytes: &[u8], local: &StateVector) -> bool {
    let mut straddling = Vec::new();
    let walked = walk_update(bytes, |s| {
        let held = u64::from(local.get(&yrs::ClientID::new(s.client)));
        if matches!(s.head, Head::Item { .. }) && s.clock < held && held < s.clock + s.len {
            straddling.push(s);
        }
    });
    walked.is_err() || straddling.iter().any(|s| !holds_same_item(txn, local, s))
}

/// Whether what this replica holds from `incoming`'s start to its own clock is the start of
/// that very item (see [`straddles_other_history`]): the first piece we hold has the same head,
/// each later piece continues it, and a deleted piece may hold deleted content. A held piece
/// that was garbage-collected last is fine too (yrs then links the rest to nothing).
fn holds_same_item<T: ReadTxn>(txn: &T, local: &StateVector, incoming: &Struct<'_>) -> bool {
    let Head::Item {
        kind,
        origin,
        right,
        parent,
        key,
    } = incoming.head
    else {
        return false;
    };
    let Ok(start) = u32::try_from(incoming.clock) else {
        return false;
    };
    let mut from = local.clone();
    from.set_min(yrs::ClientID::new(incoming.client), start);
    let held = txn.encode_diff_v1(&from);
    let mut pieces = Vec::new();
    if walk_update(&held, |s| {
        if s.client == incoming.client {
            pieces.push(s);
        }
    })
    .is_err()
    {
        return false;
    }
    match pieces.last() {
        None => return false,
        Some(last) if last.head == Head::Gc => return true,
        Some(_) => {}
    }
    let same_kind = |k: u8| k == kind || k == 1 || kind == 1;
    pieces
        .iter()
        .enumerate()
        .all(|(i, piece)| match piece.head {
            Head::Item {
                kind: k,
                origin: o,
                right: r,
                parent: p,
                key: n,
            } if i == 0 => {
                piece.clock == incoming.clock
                    && same_kind(k)
                    && (o, r, p, n) == (origin, right, parent, key)
            }
            Head::Item {
                kind: k,
                origin: o,
                right: r,
                parent: None,
                ..
            } => {
                let before = u32::try_from(piece.clock - 1).ok();
                same_kind(k)
                    && before.is_some_and(|c| o == Some((incoming.client, c)))
                    && r == right
            }
            _ => false,
        })
}

/// What `txn`'s document has integrated that a peer at `sv` lacks, as a V1 update.
///
/// Updates still waiting for what they build on (yrs keeps them "pending") are left out: they
/// are their sender's to send again, not ours to pass on or store, and yrs' own
/// `encode_state_as_update_v1`, which merges them in, panics on some that a hostile peer can
/// send (found by the `peer_message` fuzz target, which now also encodes and restores after
/// every input; `tests/protocol.rs` checks that a waiting update is neither sent nor stored,
/// and still takes effect once what it builds on arrives).
pub(crate) fn integrated_since<T: ReadTxn>(txn: &T, sv: &StateVector) -> Vec<u8> {
    txn.encode_diff_v1(sv)
}

/// The messages in `bytes`, every update among them checked by the strict reader before any
/// is applied (so a message that fails changes nothing).
fn decode_checked(bytes: &[u8]) -> Result<Vec<Message>, CollabError> {
    let messages = protocol::decode(bytes).map_err(|e| CollabError::Malformed(e.0))?;
    for m in &messages {
        if let Message::SyncStep2(u) | Message::Update(u) = m {
            check_update(u).map_err(|e| CollabError::Malformed(e.0))?;
        }
    }
    Ok(messages)
}

impl Replica {
    fn new(client_id: u64, now_ms: fn() -> u64) -> Replica {
        let client_id = yjs_client_id(client_id);
        let doc = Doc::with_options(Options::with_guid_and_client_id(
            GUID.into(),
            yrs::ClientID::new(client_id),
        ));
        let roots = Roots::new(&doc);
        let outbox: Rc<RefCell<Vec<Vec<u8>>>> = Rc::default();
        let changed: Rc<RefCell<bool>> = Rc::default();
        {
            let outbox = outbox.clone();
            let changed = changed.clone();
            let remote = Origin::from(REMOTE);
            // Fails only while a transaction is open, and none is open here.
            let _ = doc.observe_update_v1("stageline:outbox", move |txn, e| {
                *changed.borrow_mut() = true;
                if txn.origin() != Some(&remote) {
                    outbox.borrow_mut().push(e.update.clone());
                }
            });
        }
        let mut undo = UndoManager::with_options(UndoOptions {
            // Every commit is one transaction and one step: nothing is merged by time (and a
            // constant clock keeps time out of the undo manager).
            capture_timeout_millis: 0,
            tracked_origins: Default::default(),
            capture_transaction: None,
            timestamp: Arc::new(|| 0u64),
            init_undo_stack: Vec::new(),
            init_redo_stack: Vec::new(),
        });
        undo.expand_scope(&doc, &roots.meta);
        for map in &roots.collections {
            undo.expand_scope(&doc, map);
        }
        undo.include_origin(LOCAL);
        Replica {
            doc,
            roots,
            undo,
            undo_labels: Vec::new(),
            redo_labels: Vec::new(),
            outbox,
            changed,
            now_ms,
            client_id,
            open: false,
            synced: false,
            waiting: 0,
            own_clock: 0,
            own_state: None,
            peers: BTreeMap::new(),
        }
    }

    /// A replica holding `doc`, seeded deterministically (a room's creator, a local tab).
    ///
    /// The seed is written by a client ID derived from the document ([`seed_client_id`]) and
    /// applied as a peer's update, so it is not an undo step; every later edit is written with
    /// `client_id`, which must be unique per replica (the app draws random bits per page
    /// load). `now_ms` is the wall clock in milliseconds (presence timeouts only).
    pub fn seed(doc: &Blueprint, client_id: u64, now_ms: fn() -> u64) -> Replica {
        let mut r = Replica::new(client_id, now_ms);
        if r.client_id == seed_client_id(doc) {
            // One chance in 2^32; the seed's items must not share our ID.
            r = Replica::new(client_id ^ 1, now_ms);
        }
        let update = seed_update(doc);
        // Our own encoding of a valid document: it decodes.
        let _ = r.apply_remote(&update);
        r.take_changed();
        r
    }

    /// An empty replica that waits for a peer's state (a joiner): it writes nothing (and
    /// [`Replica::commit_local`] returns `None`) until a document has arrived.
    pub fn empty(client_id: u64, now_ms: fn() -> u64) -> Replica {
        Replica::new(client_id, now_ms)
    }

    /// Restores from [`Replica::encode_state`] bytes kept in local storage (reopening offline).
    /// `client_id` must be a new one for this session, as for [`Replica::seed`].
    pub fn restore(
        state: &[u8],
        client_id: u64,
        now_ms: fn() -> u64,
    ) -> Result<Replica, CollabError> {
        let mut r = Replica::new(client_id, now_ms);
        if !r.apply_remote(state)? {
            return Err(CollabError::Malformed(
                "the stored state has changes missing from its history".into(),
            ));
        }
        r.take_changed();
        Ok(r)
    }

    /// This replica's Yjs client ID (32 bits).
    pub fn client_id(&self) -> u64 {
        self.client_id
    }

    /// The whole state as a V1 update (stored beside the JSON for offline reopening).
    pub fn encode_state(&self) -> Vec<u8> {
        integrated_since(&self.doc.transact(), &StateVector::default())
    }

    /// Whether the replica holds a document yet (an empty joiner before sync: false).
    pub fn has_document(&self) -> bool {
        model::has_document(&self.doc.transact(), &self.roots)
    }

    /// The document the Y state describes, through the one load path
    /// ([`stageline_schema::load_str`]): migrated, typed, validated and repaired, the repairs
    /// in `warnings`. Errors when there is no document yet or the state describes none.
    pub fn materialize(&self) -> Result<Loaded, CollabError> {
        let txn = self.doc.transact();
        if !model::has_document(&txn, &self.roots) {
            return Err(CollabError::NoDocument);
        }
        let json = model::to_json(&txn, &self.roots).to_string();
        drop(txn);
        stageline_schema::load_str(&json).map_err(CollabError::Invalid)
    }

    /// Records a local edit (`before` → `after`) as ONE undo step labelled `label`; returns the
    /// sync-update message to send to peers (`None` when nothing changed, or when there is no
    /// document yet: a joiner writes nothing before the peer's state has arrived).
    ///
    /// Only what differs is written: elements added or removed, fields changed, and order keys
    /// for elements whose relative order changed (see [`crate::order`]). `before` should be the
    /// document the app showed (the last materialized or committed one).
    pub fn commit_local(
        &mut self,
        before: &Blueprint,
        after: &Blueprint,
        label: &str,
    ) -> Option<Vec<u8>> {
        if !self.has_document() {
            return None;
        }
        {
            let mut txn = self.doc.transact_mut_with(LOCAL);
            model::write_diff(&mut txn, &self.roots, before, after);
        }
        self.undo.reset();
        let message = self.take_outbox();
        if message.is_some() {
            self.redo_labels.clear();
            while self.undo_labels.len() < self.undo.undo_stack().len() {
                self.undo_labels.push(label.to_string());
            }
            self.sync_labels();
        }
        self.take_changed();
        message
    }

    /// Undoes this replica's latest own change still undoable: peers' changes are never
    /// undone, and a step with no effect any more (a peer removed what it changed) is
    /// skipped. Returns the step's label and the message to send; `None` when nothing to undo.
    pub fn undo(&mut self) -> Option<(String, Vec<u8>)> {
        self.step(true)
    }

    /// Redoes the latest undone step; as [`Replica::undo`].
    pub fn redo(&mut self) -> Option<(String, Vec<u8>)> {
        self.step(false)
    }

    fn step(&mut self, undoing: bool) -> Option<(String, Vec<u8>)> {
        let before = if undoing {
            self.undo.undo_stack().len()
        } else {
            self.undo.redo_stack().len()
        };
        if before == 0 {
            return None;
        }
        let changed = if undoing {
            self.undo.undo_blocking()
        } else {
            self.undo.redo_blocking()
        };
        let after = if undoing {
            self.undo.undo_stack().len()
        } else {
            self.undo.redo_stack().len()
        };
        let message = self.take_outbox();
        let (from, to) = if undoing {
            (&mut self.undo_labels, &mut self.redo_labels)
        } else {
            (&mut self.redo_labels, &mut self.undo_labels)
        };
        // The steps popped were from[after..before]; the one that took effect is the last
        // popped, at `after`.
        let label = from.get(after).cloned();
        from.truncate(after);
        let result = match (changed, message) {
            (true, Some(message)) => {
                let label = label.unwrap_or_else(|| UNLABELLED.to_string());
                to.push(label.clone());
                Some((label, message))
            }
            _ => None,
        };
        self.sync_labels();
        self.take_changed();
        result
    }

    /// Keeps the label stacks as long as yrs's stacks (they always are; this is a safeguard).
    fn sync_labels(&mut self) {
        let (u, r) = (self.undo.undo_stack().len(), self.undo.redo_stack().len());
        self.undo_labels.truncate(u);
        self.undo_labels.resize(u, UNLABELLED.to_string());
        self.redo_labels.truncate(r);
        self.redo_labels.resize(r, UNLABELLED.to_string());
    }

    /// The label of the step [`Replica::undo`] would undo (skipped steps aside).
    pub fn undo_label(&self) -> Option<&str> {
        self.undo_labels.last().map(String::as_str)
    }

    /// The label of the step [`Replica::redo`] would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo_labels.last().map(String::as_str)
    }

    /// Takes our transactions' updates as one sync-update message; counts it as waiting when
    /// the connection is not open.
    fn take_outbox(&mut self) -> Option<Vec<u8>> {
        let updates = std::mem::take(&mut *self.outbox.borrow_mut());
        let update = match updates.len() {
            0 => return None,
            1 => updates.into_iter().next()?,
            _ => yrs::merge_updates_v1(&updates).ok()?,
        };
        if !self.open {
            self.waiting += 1;
        }
        Some(protocol::encode_sync(protocol::SYNC_UPDATE, &update))
    }

    fn take_changed(&mut self) -> bool {
        std::mem::take(&mut *self.changed.borrow_mut())
    }

    /// Checks and applies a peer's V1 update with the remote origin. `Ok(false)`: held back,
    /// because it builds on changes this replica has not got yet ([`leaves_a_gap`]); the
    /// caller asks the peer for what is missing (sync step 1), whose answer holds both.
    fn apply_remote(&mut self, bytes: &[u8]) -> Result<bool, CollabError> {
        check_update(bytes).map_err(|e| CollabError::Malformed(e.0))?;
        let update = Update::decode_v1(bytes).map_err(|e| CollabError::Malformed(e.to_string()))?;
        {
            let txn = self.doc.transact();
            let local = txn.state_vector();
            if leaves_a_gap(&update, &local) || straddles_other_history(&txn, bytes, &local) {
                return Ok(false);
            }
        }
        let mut txn = self.doc.transact_mut_with(REMOTE);
        txn.apply_update(update)
            .map_err(|e| CollabError::Malformed(e.to_string()))?;
        Ok(true)
    }

    /// Sync step 1: our state vector, asking a peer for everything we lack.
    fn step1(&self) -> Vec<u8> {
        let sv = self.doc.transact().state_vector().encode_v1();
        protocol::encode_sync(protocol::SYNC_STEP_1, &sv)
    }

    // --- the Yjs sync + awareness protocol ---

    /// Messages to send when a connection opens: sync step 1 (our state vector) and our
    /// awareness state (when we have one).
    pub fn on_open(&mut self) -> Vec<Vec<u8>> {
        self.open = true;
        self.synced = false;
        let mut out = vec![self.step1()];
        if let Some(m) = self.own_awareness() {
            out.push(m);
        }
        out
    }

    /// Handles one binary message (or several back to back) from the server or a tab: answers
    /// step 1 with step 2, applies step 2 and updates with a remote origin (never in our undo
    /// stack), applies awareness, answers an awareness query. Never panics on any bytes;
    /// malformed input is an error and changes nothing (every message in `bytes` is checked
    /// before any is applied).
    pub fn on_message(&mut self, bytes: &[u8]) -> Result<Reaction, CollabError> {
        let messages = decode_checked(bytes)?;
        for m in &messages {
            if let Message::Auth(Some(reason)) = m {
                return Err(CollabError::Denied(reason.chars().take(200).collect()));
            }
        }
        let mut reaction = Reaction::default();
        for m in messages {
            match m {
                Message::SyncStep1(sv) => {
                    reaction.replies.push(self.step2_for(&sv)?);
                    if self.open {
                        // Everything we had is on its way to the peer.
                        self.waiting = 0;
                    }
                }
                Message::SyncStep2(u) => {
                    if !self.apply_remote(&u)? {
                        reaction.replies.push(self.step1());
                    } else if self.open && !self.synced {
                        self.synced = true;
                        reaction.synced_now = true;
                    }
                }
                Message::Update(u) => {
                    if !self.apply_remote(&u)? {
                        reaction.replies.push(self.step1());
                    }
                }
                Message::Awareness(entries) => {
                    let (changed, reply) = self.apply_awareness(entries);
                    reaction.presence_changed |= changed;
                    reaction.replies.extend(reply);
                }
                Message::QueryAwareness => reaction.replies.push(self.all_awareness()),
                Message::Auth(_) => {}
            }
        }
        reaction.doc_changed = self.take_changed();
        Ok(reaction)
    }

    /// Sync step 2 answering a peer's step 1: what we have that its state vector lacks.
    fn step2_for(&self, state_vector: &[u8]) -> Result<Vec<u8>, CollabError> {
        let sv = StateVector::decode_v1(state_vector)
            .map_err(|e| CollabError::Malformed(e.to_string()))?;
        let update = integrated_since(&self.doc.transact(), &sv);
        Ok(protocol::encode_sync(protocol::SYNC_STEP_2, &update))
    }

    /// Whether the server's (or tab's) step 2 has arrived since the last `on_open`.
    pub fn synced(&self) -> bool {
        self.synced
    }

    /// Whether a connection is open (between `on_open` and `on_close`).
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Local changes (commits, undo, redo) made while the connection was not open: the "N
    /// changes waiting" figure. Back to 0 once our step 2 answering the peer's step 1 has been
    /// returned after reconnecting (it carries them all).
    pub fn waiting(&self) -> usize {
        self.waiting
    }

    /// Call when the connection drops: not synced any more, and others' presence is cleared
    /// (as y-websocket does; it comes back with the next connection).
    pub fn on_close(&mut self) {
        self.open = false;
        self.synced = false;
        self.peers.clear();
    }

    // --- presence ---

    fn own_entry(&self) -> AwarenessEntry {
        AwarenessEntry {
            client: self.client_id,
            clock: self.own_clock,
            json: self.own_state.clone().unwrap_or_else(|| "null".to_string()),
        }
    }

    fn own_awareness(&self) -> Option<Vec<u8>> {
        self.own_state
            .as_ref()
            .map(|_| protocol::encode_awareness(&[self.own_entry()]))
    }

    fn all_awareness(&self) -> Vec<u8> {
        let mut entries = vec![self.own_entry()];
        for (&client, p) in &self.peers {
            entries.push(AwarenessEntry {
                client,
                clock: p.clock,
                json: p.json.clone().unwrap_or_else(|| "null".to_string()),
            });
        }
        protocol::encode_awareness(&entries)
    }

    /// Sets our presence and returns the awareness message to send (`None` if unchanged).
    pub fn set_presence(&mut self, p: &Presence) -> Option<Vec<u8>> {
        let json = p.to_json();
        if self.own_state.as_deref() == Some(json.as_str()) {
            return None;
        }
        self.own_clock = self.own_clock.wrapping_add(1);
        self.own_state = Some(json);
        self.own_awareness()
    }

    /// Our state again with a new clock, for the renewal every 15 s that keeps peers from
    /// dropping us; `None` when we have no presence.
    pub fn renew_presence(&mut self) -> Option<Vec<u8>> {
        self.own_state.as_ref()?;
        self.own_clock = self.own_clock.wrapping_add(1);
        self.own_awareness()
    }

    /// The message clearing our presence, to send before closing; `None` when we had none.
    pub fn leave(&mut self) -> Option<Vec<u8>> {
        self.own_state.as_ref()?;
        self.own_clock = self.own_clock.wrapping_add(1);
        self.own_state = None;
        Some(protocol::encode_awareness(&[self.own_entry()]))
    }

    /// Everyone else present, by client ID; those silent for 30 s are left out, as y-protocols
    /// drops them.
    pub fn peers(&self) -> Vec<Peer> {
        let now = (self.now_ms)();
        self.peers
            .iter()
            .filter(|(_, p)| now.saturating_sub(p.last_seen) < PEER_TIMEOUT_MS)
            .filter_map(|(&client_id, p)| {
                p.presence.clone().map(|presence| Peer {
                    client_id,
                    presence,
                })
            })
            .collect()
    }

    /// Applies awareness entries as y-protocols does; returns whether a visible presence
    /// changed, and a reply when a peer tried to clear or overwrite our own state.
    fn apply_awareness(&mut self, entries: Vec<AwarenessEntry>) -> (bool, Option<Vec<u8>>) {
        let now = (self.now_ms)();
        let mut changed = false;
        let mut reply = None;
        for e in entries {
            if e.client == self.client_id {
                // Never let a peer remove our state: answer with a newer clock (as
                // y-protocols does). Our own state echoed back (a server relaying it to
                // everyone) needs no answer: answering it would echo forever.
                if self.own_state.is_some() && e.json == "null" && e.clock >= self.own_clock {
                    self.own_clock = e.clock.wrapping_add(1);
                    reply = self.own_awareness();
                }
                continue;
            }
            let is_null = e.json == "null";
            let current = self.peers.get(&e.client).cloned();
            let accept = match &current {
                None => true,
                Some(c) => c.clock < e.clock || (c.clock == e.clock && is_null && c.json.is_some()),
            };
            if !accept {
                continue;
            }
            let presence = if is_null {
                None
            } else {
                Presence::from_json(&e.json)
            };
            let json = (!is_null && presence.is_some()).then_some(e.json);
            if current.as_ref().map(|c| &c.presence) != Some(&presence) {
                changed |= presence.is_some() || current.is_some_and(|c| c.presence.is_some());
            }
            self.peers.insert(
                e.client,
                PeerState {
                    clock: e.clock,
                    json,
                    presence,
                    last_seen: now,
                },
            );
        }
        (changed, reply)
    }
}
