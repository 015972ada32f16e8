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
