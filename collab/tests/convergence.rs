//! Convergence: replicas applying random interleavings of random edits, exchanging their
//! updates in random order with duplicates, end equal and valid.

mod common;

use std::collections::HashSet;

use common::{apply, blueprint, connect, doc_of, edit, now, Edit};
use proptest::prelude::*;
use proptest::sample::Index;
use stageline_collab::Replica;
use stageline_schema::{Blueprint, WarningCode};

#[derive(Debug, Clone)]
enum Step {
    /// Replica `r` makes an edit.
    Edit(usize, Edit),
    /// Replica `r` receives a pending message (chosen by the index), maybe keeping a copy to
    /// deliver again later (a duplicate).
    Deliver(usize, Index, bool),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (0..3usize, edit()).prop_map(|(r, e)| Step::Edit(r, e)),
        4 => (0..3usize, any::<Index>(), any::<bool>()).prop_map(|(r, i, d)| Step::Deliver(r, i, d)),
    ]
}

/// Valid: the materialized document needs no more repair (two people removing the last two
/// stages at once leave none, which the load path reports but cannot repair).
fn assert_sound(doc: &Blueprint) {
    let left: Vec<_> = doc
        .validate()
        .into_iter()
        .filter(|w| !matches!(w.code, WarningCode::NoStages | WarningCode::NoLanes))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    let ids: HashSet<_> = doc.cards.iter().map(|c| &c.id).collect();
    assert_eq!(ids.len(), doc.cards.len(), "a card is duplicated");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn three_replicas_converge(doc in blueprint(), steps in proptest::collection::vec(step(), 1..40)) {
        // All three seed the same stored blueprint (as tabs or a creator and rejoining
        // participants would): the seeds merge as one.
        let mut replicas: Vec<Replica> = (0..3).map(|i| Replica::seed(&doc, 100 + i, now)).collect();
        let mut views: Vec<Blueprint> = vec![doc.clone(); 3];
        let mut inbox: Vec<Vec<Vec<u8>>> = vec![Vec::new(); 3];
        let mut made: HashSet<String> = HashSet::new();
        for (n, s) in steps.iter().enumerate() {
            match s {
                Step::Edit(r, e) => {
                    let next = apply(&views[*r], e, &format!("{r}x{n}"));
                    if let Some(msg) = replicas[*r].commit_local(&views[*r], &next, "Edit") {
                        for (t, q) in inbox.iter_mut().enumerate() {
                            if t != *r {
                                q.push(msg.clone());
                            }
                        }
                    }
                    let shown = replicas[*r].materialize().unwrap();
                    prop_assert_eq!(&shown.blueprint, &next, "own edit shows at once");
                    views[*r] = shown.blueprint;
                    for c in &next.cards {
                        made.insert(c.id.to_string());
                    }
                }
                Step::Deliver(r, i, dup) => {
                    if !inbox[*r].is_empty() {
                        let k = i.index(inbox[*r].len());
                        let msg = if *dup { inbox[*r][k].clone() } else { inbox[*r].remove(k) };
                        replicas[*r].on_message(&msg).unwrap();
                        let loaded = replicas[*r].materialize().unwrap();
                        assert_sound(&loaded.blueprint);
                        views[*r] = loaded.blueprint;
                    }
                }
            }
        }
        // Deliver everything left (reversed: another order), then a full sync both ways.
        for r in 0..3 {
            let pending: Vec<_> = inbox[r].drain(..).rev().collect();
            for msg in pending {
                replicas[r].on_message(&msg).unwrap();
            }
        }
        let (a, rest) = replicas.split_at_mut(1);
        let (b, c) = rest.split_at_mut(1);
        connect(&mut a[0], &mut b[0]);
        connect(&mut b[0], &mut c[0]);
        connect(&mut a[0], &mut c[0]);
        let docs: Vec<Blueprint> = replicas.iter().map(doc_of).collect();
        prop_assert_eq!(&docs[0], &docs[1]);
        prop_assert_eq!(&docs[1], &docs[2]);
        assert_sound(&docs[0]);
        // Every card in the end was made by someone (nothing invented).
        for card in &docs[0].cards {
            prop_assert!(made.contains(card.id.as_str()) || doc.card(&card.id).is_some());
        }
    }
}

fn two_replicas(doc: &Blueprint) -> (Replica, Replica) {
    (Replica::seed(doc, 1, now), Replica::seed(doc, 2, now))
}

fn base() -> Blueprint {
    let mut doc = Blueprint::new_blank(
        &mut stageline_schema::SeededIds::new(3),
        stageline_schema::Timestamp::from_unix_millis(1_700_000_000_000).unwrap(),
        "Clinic",
    );
    doc.stages
        .push(stageline_schema::Stage::new(&mut || 77u64, "Stage 2"));
    for i in 0..4 {
        let mut c = stageline_schema::Card::new(
            &mut || 1000 + i,
            doc.lanes[1].id.clone(),
            doc.stages[0].id.clone(),
            stageline_schema::CardKind::Action,
            format!("Card {i}"),
        );
        c.id = stageline_schema::CardId::new(format!("cd_{i}")).unwrap();
        doc.cards.push(c);
    }
    doc
}

/// Two people edit different fields of one card at once: both changes are kept.
#[test]
fn different_fields_of_one_card_both_survive() {
    let doc = base();
    let (mut a, mut b) = two_replicas(&doc);
    let mut da = doc.clone();
    da.cards[1].title = "Checks in at the desk".into();
    let mut db = doc.clone();
    db.cards[1].description = "Shows an ID".into();
    db.cards[1].emotion = Some(-1);
    let ma = a.commit_local(&doc, &da, "Title").unwrap();
    let mb = b.commit_local(&doc, &db, "Description").unwrap();
    a.on_message(&mb).unwrap();
    b.on_message(&ma).unwrap();
    let (ra, rb) = (doc_of(&a), doc_of(&b));
    assert_eq!(ra, rb);
    assert_eq!(ra.cards[1].title, "Checks in at the desk");
    assert_eq!(ra.cards[1].description, "Shows an ID");
    assert_eq!(ra.cards[1].emotion, Some(-1));
}

/// Two people move the same card at once, to different places: it ends in one place, once.
#[test]
fn the_same_card_moved_by_two_is_never_duplicated() {
    let doc = base();
    let (mut a, mut b) = two_replicas(&doc);
    // A moves card 0 to the end of its cell; B moves it to the other stage.
    let mut da = doc.clone();
    let c = da.cards.remove(0);
    da.cards.push(c);
    let mut db = doc.clone();
    db.cards[0].stage = doc.stages[1].id.clone();
    let ma = a.commit_local(&doc, &da, "Move").unwrap();
    let mb = b.commit_local(&doc, &db, "Move").unwrap();
    // A's move is one write: the order key of the moved card alone.
    assert!(ma.len() < 80, "a move is small: {} bytes", ma.len());
    a.on_message(&mb).unwrap();
    b.on_message(&ma).unwrap();
    let (ra, rb) = (doc_of(&a), doc_of(&b));
    assert_eq!(ra, rb);
    assert_eq!(ra.cards.len(), 4);
    assert_eq!(
        ra.cards.iter().filter(|c| c.id.as_str() == "cd_0").count(),
        1
    );
    // Both moves took effect on different entries: the new stage and the new position.
    assert_eq!(ra.cards[3].id.as_str(), "cd_0");
    assert_eq!(ra.cards[3].stage, doc.stages[1].id);
}

/// One deletes a card while another edits it: both end the same and valid (the delete wins,
/// as it does in Yjs when the edit is to a field of the removed card).
#[test]
fn delete_versus_edit_converges() {
    let doc = base();
    let (mut a, mut b) = two_replicas(&doc);
    let mut da = doc.clone();
    da.cards.remove(2);
    let mut db = doc.clone();
    db.cards[2].title = "Renamed".into();
    let ma = a.commit_local(&doc, &da, "Delete").unwrap();
    let mb = b.commit_local(&doc, &db, "Title").unwrap();
    a.on_message(&mb).unwrap();
    b.on_message(&ma).unwrap();
    let (ra, rb) = (doc_of(&a), doc_of(&b));
    assert_eq!(ra, rb);
    assert!(ra.card(&doc.cards[2].id).is_none());
    assert_sound(&ra);
}

/// One reorders stages while another inserts a stage: every stage once, both intents kept.
#[test]
fn reorder_versus_insert_converges() {
    let doc = base();
    let (mut a, mut b) = two_replicas(&doc);
    let mut da = doc.clone();
    da.stages.reverse();
    let mut db = doc.clone();
    let mut s = stageline_schema::Stage::new(&mut || 99u64, "Between");
    s.id = stageline_schema::StageId::new("st_between").unwrap();
    db.stages.insert(1, s);
    let ma = a.commit_local(&doc, &da, "Reorder").unwrap();
    let mb = b.commit_local(&doc, &db, "Add stage").unwrap();
    a.on_message(&mb).unwrap();
    b.on_message(&ma).unwrap();
    let (ra, rb) = (doc_of(&a), doc_of(&b));
    assert_eq!(ra, rb);
    assert_eq!(ra.stages.len(), 3);
    let names: Vec<&str> = ra.stages.iter().map(|s| s.name.as_str()).collect();
    // The old two are reversed; the new one sits between where it was put.
    let pos = |n: &str| names.iter().position(|x| *x == n).unwrap();
    assert!(pos("Stage 2") < pos("Stage 1"), "{names:?}");
}

/// A stage removed while someone adds a card in it: the card is kept in the fallback stage
/// "Unplaced cards", and once anyone edits, that stage and the card's place in it are stored,
/// so there is one fallback stage, not a new one after each edit.
#[test]
fn a_card_added_in_a_removed_stage_lands_in_one_fallback_stage() {
    let doc = base();
    let (mut a, mut b) = two_replicas(&doc);
    let mut da = doc.clone();
    da.stages.remove(1);
    let ma = a.commit_local(&doc, &da, "Remove stage").unwrap();
    let mut db = doc.clone();
    let mut c = stageline_schema::Card::new(
        &mut || 5u64,
        doc.lanes[0].id.clone(),
        doc.stages[1].id.clone(),
        stageline_schema::CardKind::Note,
        "Orphan",
    );
    c.id = stageline_schema::CardId::new("cd_orphan").unwrap();
    db.cards.push(c);
    let mb = b.commit_local(&doc, &db, "Add card").unwrap();
    a.on_message(&mb).unwrap();
    b.on_message(&ma).unwrap();
    let shown = a.materialize().unwrap();
    assert!(!shown.warnings.is_empty(), "repaired");
    let view = shown.blueprint;
    assert_eq!(view, doc_of(&b));
    assert_eq!(view.stages.last().unwrap().name, "Unplaced cards");
    // A edits something else: what A sees is what is stored, and B gets the same.
    let mut next = view.clone();
    next.cards[0].title = "Edited".into();
    let m = a.commit_local(&view, &next, "Rename").unwrap();
    b.on_message(&m).unwrap();
    let after = a.materialize().unwrap();
    assert!(after.warnings.is_empty(), "{:?}", after.warnings);
    assert_eq!(after.blueprint, next);
    assert_eq!(doc_of(&b), next);
    let fallbacks = next
        .stages
        .iter()
        .filter(|s| s.name == "Unplaced cards")
        .count();
    assert_eq!(fallbacks, 1);
}
