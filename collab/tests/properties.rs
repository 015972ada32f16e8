//! Property tests: the blueprint ⇄ Y state mapping round-trips, and `write_diff` writes exactly
//! the difference.

mod common;

use common::{apply, blueprint, doc_of, edit, now};
use proptest::prelude::*;
use stageline_collab::Replica;
use stageline_schema::Blueprint;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Seeding then materializing gives the document back, array order included (card order
    /// within cells, stages, lanes, connections).
    #[test]
    fn seed_then_materialize_is_the_document(doc in blueprint()) {
        let r = Replica::seed(&doc, 7, now);
        let loaded = r.materialize().unwrap();
        prop_assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        prop_assert_eq!(&loaded.blueprint, &doc);
        // And through stored state (reopening offline).
        let again = Replica::restore(&r.encode_state(), 8, now).unwrap();
        prop_assert_eq!(doc_of(&again), doc);
    }

    /// `write_diff(a, b)` on a replica holding `a` materializes to `b`, for a chain of edits.
    #[test]
    fn commits_materialize_to_the_new_document(
        doc in blueprint(),
        edits in proptest::collection::vec(edit(), 1..12),
    ) {
        let mut r = Replica::seed(&doc, 7, now);
        let mut current = doc;
        for (i, e) in edits.iter().enumerate() {
            let next = apply(&current, e, &format!("r{i}"));
            let msg = r.commit_local(&current, &next, "Edit");
            prop_assert_eq!(msg.is_some(), next != current, "{:?}", e);
            let loaded = r.materialize().unwrap();
            prop_assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
            prop_assert_eq!(&loaded.blueprint, &next, "after {:?}", e);
            current = next;
        }
    }

    /// Seeding is deterministic: the same document gives the same bytes.
    #[test]
    fn seeding_is_deterministic(doc in blueprint()) {
        prop_assert_eq!(
            stageline_collab::replica::seed_update(&doc),
            stageline_collab::replica::seed_update(&doc.clone())
        );
    }
}

/// A field the crate never names round-trips: the model is generic over fields. (A KPI list
/// and a link stand in for any field added to the schema later; the Y side sees only JSON
/// keys, as this checks on the raw state too.)
#[test]
fn fields_the_crate_never_names_round_trip() {
    let mut doc = blank();
    let lane = doc.lanes[1].id.clone();
    let stage = doc.stages[0].id.clone();
    let mut card = stageline_schema::Card::new(
        &mut || 5u64,
        lane,
        stage,
        stageline_schema::CardKind::Touchpoint,
        "Pays",
    );
    card.kpis = vec![stageline_schema::Kpi {
        name: "CSAT".into(),
        value: Some(3.0),
        target: Some(4.5),
        unit: Some("pts".into()),
    }];
    card.links = vec![stageline_schema::Link {
        label: "Spec".into(),
        url: "https://example.org/spec".into(),
    }];
    card.regulations = vec!["PSD2".into()];
    doc.cards.push(card.clone());
    let r = Replica::seed(&doc, 3, now);
    assert_eq!(doc_of(&r), doc);
    // Editing one such field writes it alone.
    let mut next = doc.clone();
    next.cards[0].regulations.push("GDPR".into());
    let mut r = r;
    assert!(r.commit_local(&doc, &next, "Regulations").is_some());
    assert_eq!(doc_of(&r), next);
}

/// What the blueprint shows and where it was copied from (schema version 2) travel through
/// the Y state as the metadata entries `metadata.kind` and `metadata.derived_from`: seeded,
/// committed, restored, synced to a peer, and cleared again.
#[test]
fn kind_and_derived_from_round_trip_through_the_y_state() {
    use stageline_schema::{BlueprintId, BlueprintKind, DerivedFrom, Timestamp};
    let plain = blank();
    let mut marked = plain.clone();
    marked.metadata.kind = Some(BlueprintKind::ToBe);
    marked.metadata.derived_from = Some(DerivedFrom {
        blueprint: BlueprintId::new("bp_as_is").unwrap(),
        title: "Hotel as is".into(),
        version: Some("Before the workshop".into()),
        at: Timestamp::from_unix_millis(1_700_000_100_000),
    });
    // Seeded with both, and restored from the stored state.
    let r = Replica::seed(&marked, 3, now);
    assert_eq!(doc_of(&r), marked);
    let state = r.encode_state();
    let has = |bytes: &[u8], key: &str| bytes.windows(key.len()).any(|w| w == key.as_bytes());
    assert!(has(&state, "metadata.kind") && has(&state, "metadata.derived_from"));
    assert_eq!(doc_of(&Replica::restore(&state, 4, now).unwrap()), marked);
    // Committed as an edit of a plain blueprint, and seen by a peer.
    let mut a = Replica::seed(&plain, 5, now);
    let mut b = Replica::restore(&a.encode_state(), 6, now).unwrap();
    assert!(a
        .commit_local(&plain, &marked, "Set what it shows")
        .is_some());
    assert_eq!(doc_of(&a), marked);
    common::connect(&mut a, &mut b);
    assert_eq!(doc_of(&b), marked);
    // Cleared again: the entries go, and the peer sees them gone.
    let mut cleared = marked.clone();
    cleared.metadata.kind = None;
    cleared.metadata.derived_from = None;
    assert!(b.commit_local(&marked, &cleared, "Clear").is_some());
    common::connect(&mut a, &mut b);
    assert_eq!(doc_of(&a), cleared);
    assert_eq!(doc_of(&a), plain);
}

/// A one-card edit on a 1,000-card blueprint stays well under a millisecond (printed; the
/// assertion has a wide margin for slow, shared machines and debug builds).
#[test]
fn one_card_edit_on_a_thousand_cards_is_fast() {
    let mut doc = blank();
    for i in 0..1000 {
        let lane = doc.lanes[i % doc.lanes.len()].id.clone();
        let stage = doc.stages[0].id.clone();
        let mut c = stageline_schema::Card::new(
            &mut || i as u64,
            lane,
            stage,
            stageline_schema::CardKind::Action,
            format!("Card {i}"),
        );
        c.id = stageline_schema::CardId::new(format!("cd_{i}")).unwrap();
        c.description = "Some words about the step".into();
        doc.cards.push(c);
    }
    let mut r = Replica::seed(&doc, 9, now);
    let mut current = doc;
    let rounds = 50;
    let mut total = std::time::Duration::ZERO;
    for k in 0..rounds {
        let mut next = current.clone();
        next.cards[(k * 37) % 1000].title = format!("Edited {k}");
        // The clone is the app's, not the engine's: time only the commit.
        let t = std::time::Instant::now();
        let msg = r.commit_local(&current, &next, "Title");
        let took = t.elapsed();
        total += took;
        assert!(msg.is_some());
        if k == 0 {
            eprintln!("first one-card commit on 1,000 cards: {took:?}");
        }
        current = next;
    }
    let per = total / rounds as u32;
    eprintln!(
        "one-card commit on 1,000 cards: {per:?} on average ({} build)",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    );
    assert!(per < std::time::Duration::from_millis(if cfg!(debug_assertions) { 50 } else { 5 }));
    assert_eq!(doc_of(&r), current);
}

pub fn blank() -> Blueprint {
    Blueprint::new_blank(
        &mut stageline_schema::SeededIds::new(42),
        stageline_schema::Timestamp::from_unix_millis(1_700_000_000_000).unwrap(),
        "Hotel",
    )
}
