//! Fuzzes every way a peer's bytes reach the workshop engine: a message from the server
//! (sync step 1, step 2, update, awareness, auth, query), a message from another tab, and a
//! stored state reopened offline. Whatever the bytes, nothing panics, and the document the
//! replica then describes loads valid (the load path repairs it) or is refused.
//!
//! The first byte picks the way: 0 server message, 1 tab message, 2 stored state, 3 several
//! server messages (each prefixed by a one-byte length).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use stageline_collab::Replica;
use stageline_schema::{Blueprint, Card, CardKind, SeededIds, Timestamp, WarningCode};

fn now() -> u64 {
    1_000
}

fn document() -> Blueprint {
    let mut doc = Blueprint::new_blank(
        &mut SeededIds::new(7),
        Timestamp::from_unix_millis(1_700_000_000_000).unwrap(),
        "Fuzz",
    );
    for i in 0..3 {
        let card = Card::new(
            &mut SeededIds::new(100 + i),
            doc.lanes[1].id.clone(),
            doc.stages[0].id.clone(),
            CardKind::Action,
            format!("Card {i}"),
        );
        doc.cards.push(card);
    }
    doc
}

fn check(r: &Replica) {
    // What the replica then sends and stores encodes, and what it stores restores.
    let _ = r.tab_hello();
    let state = r.encode_state();
    if let Err(e) = Replica::restore(&state, 2, now) {
        panic!("a replica's own state does not restore: {e:?}");
    }
    if let Ok(loaded) = r.materialize() {
        let left: Vec<_> = loaded
            .blueprint
            .validate()
            .into_iter()
            .filter(|w| !matches!(w.code, WarningCode::NoStages | WarningCode::NoLanes))
            .collect();
        assert!(
            left.is_empty(),
            "materialized a document that needs repair: {left:?}"
        );
    }
}

/// The seeded replica's state, made once (restoring it is faster than seeding each time).
fn seeded() -> Replica {
    static STATE: OnceLock<Vec<u8>> = OnceLock::new();
    let state = STATE.get_or_init(|| Replica::seed(&document(), 1, now).encode_state());
    Replica::restore(state, 1, now).expect("our own state restores")
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    match mode % 4 {
        0 => {
            let mut r = seeded();
            let _ = r.on_open();
            let _ = r.on_message(rest);
            let _ = r.peers();
            check(&r);
        }
        1 => {
            let mut r = seeded();
            let _ = r.on_tab_message(rest);
            check(&r);
        }
        2 => {
            if let Ok(r) = Replica::restore(rest, 1, now) {
                check(&r);
            }
        }
        _ => {
            let mut r = Replica::empty(1, now);
            let _ = r.on_open();
            let mut bytes = rest;
            while let Some((&len, tail)) = bytes.split_first() {
                let n = usize::from(len).min(tail.len());
                let _ = r.on_message(&tail[..n]);
                bytes = &tail[n..];
            }
            let _ = r.peers();
            check(&r);
        }
    }
});
