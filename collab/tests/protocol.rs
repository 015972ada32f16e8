//! The sync and awareness protocol: replicas wired in memory through a relay that behaves like
//! a y-websocket server (it answers step 1 from its own copy, applies what it gets, forwards
//! updates and awareness to everyone else).

mod common;

use std::sync::atomic::{AtomicU64, Ordering};

use common::{doc_of, now};
use proptest::prelude::*;
use stageline_collab::protocol::{self, Message};
use stageline_collab::{CollabError, Presence, Replica};
use stageline_schema::{Blueprint, CardId, SeededIds, Stage, Timestamp};

/// A y-websocket-like server holding one room.
struct Server {
    doc: Replica,
    /// Which clients are connected (by index), and what is queued for each.
    outbox: Vec<Option<Vec<Vec<u8>>>>,
}

impl Server {
    fn new() -> Server {
        Server {
            doc: Replica::empty(999, now),
            outbox: Vec::new(),
        }
    }

    /// A client connects: the server greets it with its step 1.
    fn connect(&mut self, id: usize) {
        if self.outbox.len() <= id {
            self.outbox.resize(id + 1, None);
        }
        let mut greeting = self.doc.on_open();
        greeting.truncate(1); // step 1 only: the server has no presence of its own
        self.outbox[id] = Some(greeting);
    }

    fn disconnect(&mut self, id: usize) {
        self.outbox[id] = None;
    }

    /// A message from client `from`: answered to it, and forwarded to the others.
    fn receive(&mut self, from: usize, bytes: &[u8]) {
        let reaction = self.doc.on_message(bytes).expect("the server reads it");
        if let Some(q) = self.outbox[from].as_mut() {
            q.extend(reaction.replies);
        }
        for m in protocol::decode(bytes).unwrap() {
            let forward = match m {
                Message::SyncStep2(u) | Message::Update(u) => {
                    Some(protocol::encode_sync(protocol::SYNC_UPDATE, &u))
                }
                Message::Awareness(_) => Some(bytes.to_vec()),
                _ => None,
            };
            if let Some(f) = forward {
                for (i, q) in self.outbox.iter_mut().enumerate() {
                    if i != from {
                        if let Some(q) = q {
                            q.push(f.clone());
                        }
                    }
                }
            }
        }
    }
}

/// Runs until nothing is in flight: client → server messages and server → client queues.
fn pump(server: &mut Server, clients: &mut [&mut Replica], mut sent: Vec<(usize, Vec<u8>)>) {
    loop {
        for (from, m) in sent.drain(..) {
            server.receive(from, &m);
        }
        let mut any = false;
        for (i, c) in clients.iter_mut().enumerate() {
            let queued = server
                .outbox
                .get_mut(i)
                .and_then(|q| q.as_mut())
                .map(std::mem::take)
                .unwrap_or_default();
            for m in queued {
                any = true;
                for r in c.on_message(&m).expect("the client reads it").replies {
                    sent.push((i, r));
                }
            }
        }
        if !any && sent.is_empty() {
            break;
        }
    }
}

fn open(server: &mut Server, id: usize, c: &mut Replica) -> Vec<(usize, Vec<u8>)> {
    server.connect(id);
    c.on_open().into_iter().map(|m| (id, m)).collect()
}

fn base() -> Blueprint {
    Blueprint::new_blank(
        &mut SeededIds::new(9),
        Timestamp::from_unix_millis(1_700_000_000_000).unwrap(),
        "Workshop",
    )
}

fn with_stage(doc: &Blueprint, name: &str, bits: u64) -> Blueprint {
    let mut d = doc.clone();
    d.stages.push(Stage::new(&mut || bits, name));
    d
}

#[test]
fn two_clients_sync_through_the_server_and_a_late_joiner_gets_everything() {
    let doc = base();
    let mut server = Server::new();
    let mut a = Replica::seed(&doc, 1, now);
    let mut b = Replica::empty(2, now);
    assert!(!b.has_document());
    assert!(matches!(b.materialize(), Err(CollabError::NoDocument)));
    // A joiner writes nothing before the state arrived.
    assert!(b
        .commit_local(&doc, &with_stage(&doc, "x", 1), "x")
        .is_none());

    let sent = open(&mut server, 0, &mut a);
    pump(&mut server, &mut [&mut a], sent);
    assert!(a.synced());
    let sent = open(&mut server, 1, &mut b);
    assert!(!b.synced());
    pump(&mut server, &mut [&mut a, &mut b], sent);
    assert!(b.synced());
    assert_eq!(doc_of(&b), doc);

    // Edits flow both ways.
    let d1 = with_stage(&doc, "From A", 10);
    let m = a.commit_local(&doc, &d1, "Add stage").unwrap();
    pump(&mut server, &mut [&mut a, &mut b], vec![(0, m)]);
    assert_eq!(doc_of(&b), d1);
    let d2 = with_stage(&d1, "From B", 20);
    let m = b.commit_local(&d1, &d2, "Add stage").unwrap();
    pump(&mut server, &mut [&mut a, &mut b], vec![(1, m)]);
    assert_eq!(doc_of(&a), d2);

    // A late joiner gets the whole blueprint.
    let mut c = Replica::empty(3, now);
    let sent = open(&mut server, 2, &mut c);
    pump(&mut server, &mut [&mut a, &mut b, &mut c], sent);
    assert_eq!(doc_of(&c), d2);
}

#[test]
fn offline_edits_merge_after_reconnecting_and_waiting_counts() {
    let doc = base();
    let mut server = Server::new();
    let mut a = Replica::seed(&doc, 1, now);
    let mut b = Replica::empty(2, now);
    let sent = open(&mut server, 0, &mut a);
    pump(&mut server, &mut [&mut a], sent);
    let sent = open(&mut server, 1, &mut b);
    pump(&mut server, &mut [&mut a, &mut b], sent);
    assert_eq!(a.waiting(), 0);

    // A goes offline (laptop closed): its messages are dropped.
    a.on_close();
    server.disconnect(0);
    assert!(!a.synced());
    let mut da = doc_of(&a);
    for i in 0..3 {
        let next = with_stage(&da, &format!("Offline {i}"), 100 + i);
        let _dropped = a.commit_local(&da, &next, "Add stage").unwrap();
        da = next;
    }
    assert_eq!(a.waiting(), 3);
    let _dropped = a.undo().unwrap();
    assert_eq!(a.waiting(), 4, "an undo while offline waits too");
    da = doc_of(&a);
    // Meanwhile B edits, online.
    let db0 = doc_of(&b);
    let db = with_stage(&db0, "B online", 200);
    let m = b.commit_local(&db0, &db, "Add stage").unwrap();
    pump(&mut server, &mut [&mut a, &mut b], vec![(1, m)]);
    assert_eq!(b.waiting(), 0);

    // A comes back: both end equal, with every edit.
    let sent = open(&mut server, 0, &mut a);
    assert_eq!(a.waiting(), 4, "still waiting until the server asked");
    pump(&mut server, &mut [&mut a, &mut b], sent);
    assert_eq!(a.waiting(), 0);
    assert!(a.synced());
    let (ra, rb) = (doc_of(&a), doc_of(&b));
    assert_eq!(ra, rb);
    let names: Vec<&str> = ra.stages.iter().map(|s| s.name.as_str()).collect();
    assert!(
        names.contains(&"Offline 0") && names.contains(&"Offline 1"),
        "{names:?}"
    );
    assert!(!names.contains(&"Offline 2"), "undone offline: {names:?}");
    assert!(names.contains(&"B online"), "{names:?}");
    assert_eq!(da.stages.len() + 1, ra.stages.len());
}

#[test]
fn a_server_restart_loses_nothing() {
    // The server forgets everything (a restart without persistence); the clients' copies
    // bring the room back when they reconnect.
    let doc = base();
    let mut server = Server::new();
    let mut a = Replica::seed(&doc, 1, now);
    let mut b = Replica::empty(2, now);
    let sent = open(&mut server, 0, &mut a);
    pump(&mut server, &mut [&mut a], sent);
    let sent = open(&mut server, 1, &mut b);
    pump(&mut server, &mut [&mut a, &mut b], sent);
    let d1 = with_stage(&doc, "Before restart", 7);
    let m = a.commit_local(&doc, &d1, "Add").unwrap();
    pump(&mut server, &mut [&mut a, &mut b], vec![(0, m)]);
    a.on_close();
    b.on_close();
    let mut server = Server::new();
    let d2 = with_stage(&d1, "During restart", 8);
    let _dropped = b.commit_local(&d1, &d2, "Add").unwrap();
    let mut sent = open(&mut server, 0, &mut a);
    sent.extend(open(&mut server, 1, &mut b));
    pump(&mut server, &mut [&mut a, &mut b], sent);
    assert_eq!(doc_of(&a), d2);
    assert_eq!(doc_of(&b), d2);
    assert_eq!(doc_of(&server.doc), d2);
}

static CLOCK: AtomicU64 = AtomicU64::new(1_000);

fn test_clock() -> u64 {
    CLOCK.load(Ordering::SeqCst)
}

#[test]
fn presence_travels_renews_and_times_out() {
    let doc = base();
    let mut a = Replica::seed(&doc, 1, test_clock);
    let mut b = Replica::seed(&doc, 2, test_clock);
    let p = Presence {
        name: "Ann".into(),
        color: "#30bced".into(),
        pointer: Some((10.0, 20.0)),
        selection: vec![CardId::new("cd_x").unwrap()],
        editing: None,
        drag: None,
    };
    let m = a.set_presence(&p).unwrap();
    assert!(a.set_presence(&p).is_none(), "unchanged: nothing to send");
    let r = b.on_message(&m).unwrap();
    assert!(r.presence_changed);
    let peers = b.peers();
    assert_eq!(peers.len(), 1);
    assert_eq!(peers[0].client_id, a.client_id());
    assert_eq!(peers[0].presence, p);
    // A query is answered with what we know.
    let q = b.on_message(&[3]).unwrap();
    assert_eq!(q.replies.len(), 1);
    // Silent for 30 s: dropped; a renewal brings it back.
    CLOCK.fetch_add(31_000, Ordering::SeqCst);
    assert!(b.peers().is_empty());
    let m = a.renew_presence().unwrap();
    b.on_message(&m).unwrap();
    assert_eq!(b.peers().len(), 1);
    // An old message (lower clock) does not bring back an older state.
    let mut moved = p.clone();
    moved.pointer = Some((1.0, 1.0));
    let newer = a.set_presence(&moved).unwrap();
    b.on_message(&newer).unwrap();
    b.on_message(&m).unwrap();
    assert_eq!(b.peers()[0].presence.pointer, Some((1.0, 1.0)));
    // Leaving clears it.
    let bye = a.leave().unwrap();
    let r = b.on_message(&bye).unwrap();
    assert!(r.presence_changed);
    assert!(b.peers().is_empty());
    assert!(a.leave().is_none());
    // Nobody can clear or overwrite our own state: we answer with a newer clock.
    let mut c = Replica::seed(&doc, 3, test_clock);
    c.set_presence(&p).unwrap();
    let forged = protocol::encode_awareness(&[protocol::AwarenessEntry {
        client: c.client_id(),
        clock: 50,
        json: "null".into(),
    }]);
    let r = c.on_message(&forged).unwrap();
    assert_eq!(r.replies.len(), 1);
    b.on_message(&r.replies[0]).unwrap();
    assert!(b.peers().iter().any(|x| x.client_id == c.client_id()));
    // Our own state echoed back (a y-websocket server relays awareness to everyone, the
    // sender too) is not answered: answering would echo forever.
    let own = c.renew_presence().unwrap();
    assert!(c.on_message(&own).unwrap().replies.is_empty());
    // Closing the connection forgets the others (they come back with the next one).
    b.on_close();
    assert!(b.peers().is_empty());
}

#[test]
fn malformed_bytes_are_an_error_and_change_nothing() {
    let doc = base();
    let mut r = Replica::seed(&doc, 1, now);
    let before = r.encode_state();
    let mut other = Replica::seed(&doc, 2, now);
    let valid = other
        .commit_local(&doc, &with_stage(&doc, "x", 1), "x")
        .unwrap();
    let mut bad: Vec<Vec<u8>> = vec![
        vec![],
        vec![0],
        vec![0, 2],
        vec![7, 1, 2],
        vec![0, 2, 200, 1],
        vec![1, 5, 1, 2],
    ];
    for cut in 1..valid.len() {
        bad.push(valid[..cut].to_vec());
    }
    // A valid message followed by garbage: nothing of the frame is applied.
    let mut glued = valid.clone();
    glued.extend([0, 9, 9]);
    bad.push(glued);
    for b in &bad {
        assert!(r.on_message(b).is_err(), "{b:?}");
        assert_eq!(r.encode_state(), before, "{b:?} changed the state");
    }
    assert!(r.on_message(&valid).unwrap().doc_changed);
    // Auth denied is reported in words.
    let denied = [2, 0, 4, b'n', b'o', b'p', b'e'];
    assert_eq!(
        r.on_message(&denied),
        Err(CollabError::Denied("nope".into()))
    );
    assert!(CollabError::Denied("nope".into())
        .to_string()
        .contains("refused"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Any bytes, or a valid message with bytes flipped: never a panic, and the document
    /// still materializes valid (or the message is refused).
    #[test]
    fn arbitrary_bytes_never_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..200),
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
    ) {
        let doc = base();
        let mut r = Replica::seed(&doc, 1, now);
        let _ = r.on_message(&bytes);
        let mut other = Replica::seed(&doc, 2, now);
        let mut m = other.commit_local(&doc, &with_stage(&doc, "x", 1), "x").unwrap();
        for (i, b) in flips {
            let k = i.index(m.len());
            m[k] ^= b;
        }
        let _ = r.on_message(&m);
        if let Ok(loaded) = r.materialize() {
            prop_assert!(loaded.blueprint.validate().is_empty());
        }
    }
}

/// The input the fuzzer found crashing yrs's block store (one client listed twice in a stored
/// state): refused, no panic.
#[test]
fn fuzzer_regression_repeated_client_is_refused() {
    let bytes = include_bytes!("../fuzz/seeds/regression-repeated-client");
    assert!(Replica::restore(&bytes[1..], 1, now).is_err());
    let mut r = Replica::seed(&base(), 1, now);
    let msg = protocol::encode_sync(protocol::SYNC_UPDATE, &bytes[1..]);
    assert!(r.on_message(&msg).is_err());
}

/// An update that arrives before the one it builds on is held back, never applied, stored or
/// passed on (yrs would keep it "pending", and its later integration of pending updates panics
/// on some a hostile peer can send; the fuzzer found both): the replica answers with sync step
/// 1, and the peer's step 2 brings both changes.
#[test]
fn an_update_ahead_of_its_dependency_is_held_back_and_fetched_with_step_1() {
    let doc = base();
    let mut a = Replica::seed(&doc, 1, now);
    let mut b = Replica::restore(&a.encode_state(), 2, now).unwrap();
    let d1 = with_stage(&doc, "First", 10);
    let m1 = a.commit_local(&doc, &d1, "Add stage").unwrap();
    // The second renames the stage the first adds: it builds on it.
    let mut d2 = d1.clone();
    d2.stages[1].name = "First, renamed".into();
    let m2 = a.commit_local(&d1, &d2, "Rename stage").unwrap();
    let _ = m1; // lost on the way

    // The second arrives alone: nothing changes, and B asks for what it lacks.
    let before = b.encode_state();
    let reaction = b.on_tab_message(&m2).unwrap();
    assert_eq!(doc_of(&b), doc);
    assert_eq!(
        b.encode_state(),
        before,
        "nothing of the held-back update is stored"
    );
    assert!(!reaction.doc_changed);
    let [ask] = reaction.replies.as_slice() else {
        panic!("one step 1 expected, got {:?}", reaction.replies);
    };
    assert!(matches!(
        protocol::decode(ask).unwrap().as_slice(),
        [Message::SyncStep1(_)]
    ));

    // A answers; B has both changes, and its stored state holds them.
    for answer in a.on_tab_message(ask).unwrap().replies {
        b.on_tab_message(&answer).unwrap();
    }
    assert_eq!(doc_of(&b), d2);
    assert_eq!(
        doc_of(&Replica::restore(&b.encode_state(), 5, now).unwrap()),
        d2
    );
}

/// What the `peer_message` fuzz target does with a mode-3 input (`data`, its mode byte first):
/// several server messages, each prefixed by its length, to an empty joiner.
fn replay_to_joiner(data: &[u8]) -> Replica {
    let mut r = Replica::empty(1, now);
    let _ = r.on_open();
    let mut bytes = &data[1..];
    while let Some((&len, tail)) = bytes.split_first() {
        let n = usize::from(len).min(tail.len());
        let _ = r.on_message(&tail[..n]);
        bytes = &tail[n..];
    }
    r
}

/// The input the fuzzer found panicking yrs when it integrated a pending update over a
/// conflicting history of the same client (a garbage-collected range reaching past what the
/// replica had): refused or held back, no panic, the replica still sound.
#[test]
fn fuzzer_regression_pending_over_conflicting_history_does_not_panic() {
    let data = include_bytes!("../fuzz/seeds/regression-pending-gc");
    let r = replay_to_joiner(data);
    assert!(Replica::restore(&r.encode_state(), 2, now).is_ok());
}

/// The input the fuzzer found making a replica store a state it cannot read back (an item of
/// legacy JSON content, which yrs reads with one string more than it writes): refused.
#[test]
fn fuzzer_regression_json_content_is_refused() {
    let bytes = include_bytes!("../fuzz/seeds/regression-json-content");
    assert!(Replica::restore(&bytes[1..], 1, now).is_err());
    let mut r = Replica::seed(&base(), 1, now);
    let before = r.encode_state();
    let msg = protocol::encode_sync(protocol::SYNC_UPDATE, &bytes[1..]);
    assert!(r.on_message(&msg).is_err());
    assert_eq!(r.encode_state(), before, "nothing changed");
}

/// The input the fuzzer found panicking yrs when a transaction committed (`squash_left` in its
/// block store): a server rewrote history the joiner already held, with an item that started
/// inside it and ran past it under another parent (and, on the way there, empty items, which
/// the strict reader now refuses too: either stops this input). Held back or refused, no
/// panic, the replica still sound.
#[test]
fn fuzzer_regression_item_straddling_another_history_does_not_panic() {
    let data = include_bytes!("../fuzz/seeds/regression-straddle");
    let r = replay_to_joiner(data);
    assert!(Replica::restore(&r.encode_state(), 2, now).is_ok());
}

/// Text a peer typed in two transactions, as one merged update (yrs squashes both into one
/// item), of which this replica holds the first: the item starts inside what we hold and runs
/// past it, and being the same item, it applies at once, with no step 1 round trip.
#[test]
fn a_merged_update_over_the_same_history_applies_at_once() {
    use yrs::{GetString, Text, Transact};
    let peer = yrs::Doc::with_client_id(77);
    let notes = peer.get_or_insert_text("notes");
    let first = {
        let mut txn = peer.transact_mut();
        notes.insert(&mut txn, 0, "abc");
        txn.encode_update_v1()
    };
    notes.insert(&mut peer.transact_mut(), 3, "déf");
    let merged =
        yrs::ReadTxn::encode_state_as_update_v1(&peer.transact(), &yrs::StateVector::default());

    let mut r = Replica::seed(&base(), 1, now);
    r.on_message(&protocol::encode_sync(protocol::SYNC_UPDATE, &first))
        .unwrap();
    let reaction = r
        .on_message(&protocol::encode_sync(protocol::SYNC_UPDATE, &merged))
        .unwrap();
    assert!(reaction.replies.is_empty(), "{:?}", reaction.replies);

    let copy = yrs::Doc::new();
    let text = copy.get_or_insert_text("notes");
    {
        let mut txn = copy.transact_mut();
        let update =
            <yrs::Update as yrs::updates::decoder::Decode>::decode_v1(&r.encode_state()).unwrap();
        txn.apply_update(update).unwrap();
    }
    assert_eq!(text.get_string(&copy.transact()), "abcdéf");
}

/// A forger writes, under the client ID of a peer whose stage this replica holds, other items
/// from clock 0 on: a text in another root, longer than what we hold. yrs would link its tail
/// to the stage's last field and commit an inconsistent store (the fuzzer's `squash_left`
/// panic); instead the update is held back and answered with step 1, and nothing changes.
#[test]
fn an_item_rewriting_held_history_is_held_back() {
    use yrs::{Text, Transact};
    let doc = base();
    let mut r = Replica::seed(&doc, 2, now);
    let mut a = Replica::restore(&r.encode_state(), 1, now).unwrap();
    let d1 = with_stage(&doc, "One", 10);
    let m1 = a.commit_local(&doc, &d1, "Add stage").unwrap();
    r.on_message(&m1).unwrap();

    let forger = yrs::Doc::with_client_id(a.client_id());
    let text = forger.get_or_insert_text("x");
    text.insert(&mut forger.transact_mut(), 0, &"forged ".repeat(40));
    let forged =
        yrs::ReadTxn::encode_state_as_update_v1(&forger.transact(), &yrs::StateVector::default());
    let before = r.encode_state();
    let reaction = r
        .on_message(&protocol::encode_sync(protocol::SYNC_UPDATE, &forged))
        .unwrap();
    assert_eq!(r.encode_state(), before, "nothing of it is applied");
    assert!(!reaction.doc_changed);
    assert!(matches!(
        reaction
            .replies
            .iter()
            .map(|m| protocol::decode(m).unwrap())
            .collect::<Vec<_>>()
            .as_slice(),
        [m] if matches!(m.as_slice(), [Message::SyncStep1(_)])
    ));
    assert_eq!(doc_of(&r), d1);
}
