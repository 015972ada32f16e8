//! Undo and redo undo only this replica's own changes, one commit one step.

mod common;

use common::{doc_of, now};
use stageline_collab::Replica;
use stageline_schema::{Blueprint, Card, CardId, CardKind, SeededIds, Timestamp};

fn base() -> Blueprint {
    let mut doc = Blueprint::new_blank(
        &mut SeededIds::new(5),
        Timestamp::from_unix_millis(1_700_000_000_000).unwrap(),
        "Bank",
    );
    for i in 0..3 {
        let mut c = Card::new(
            &mut || i,
            doc.lanes[1].id.clone(),
            doc.stages[0].id.clone(),
            CardKind::Action,
            format!("Card {i}"),
        );
        c.id = CardId::new(format!("cd_{i}")).unwrap();
        doc.cards.push(c);
    }
    doc
}

fn titled(doc: &Blueprint, i: usize, title: &str) -> Blueprint {
    let mut d = doc.clone();
    d.cards[i].title = title.into();
    d
}

#[test]
fn undo_undoes_only_local_changes() {
    let doc = base();
    let mut a = Replica::seed(&doc, 1, now);
    let mut b = Replica::seed(&doc, 2, now);
    // A edits card 0, B edits card 1 (and the same card 0's other field), both exchanged.
    let da = titled(&doc, 0, "A's title");
    let ma = a.commit_local(&doc, &da, "Rename card").unwrap();
    let mut db = titled(&doc, 1, "B's title");
    db.cards[0].description = "B's note".into();
    let mb = b.commit_local(&doc, &db, "B's edit").unwrap();
    a.on_message(&mb).unwrap();
    b.on_message(&ma).unwrap();
    assert_eq!(a.undo_label(), Some("Rename card"));
    // Seeding and B's edit are not A's to undo: A's stack holds its one step.
    let (label, mu) = a.undo().unwrap();
    assert_eq!(label, "Rename card");
    assert!(a.undo().is_none(), "nothing else is A's");
    b.on_message(&mu).unwrap();
    for r in [&a, &b] {
        let d = doc_of(r);
        assert_eq!(d.cards[0].title, "Card 0", "A's edit undone");
        assert_eq!(
            d.cards[0].description, "B's note",
            "B's edit of the same card stays"
        );
        assert_eq!(d.cards[1].title, "B's title", "B's edit stays");
    }
    // Redo brings A's edit back, everywhere.
    assert_eq!(a.redo_label(), Some("Rename card"));
    let (label, mr) = a.redo().unwrap();
    assert_eq!(label, "Rename card");
    b.on_message(&mr).unwrap();
    assert_eq!(doc_of(&b).cards[0].title, "A's title");
    assert_eq!(doc_of(&a), doc_of(&b));
}

#[test]
fn one_commit_is_one_step_with_its_label() {
    let doc = base();
    let mut r = Replica::seed(&doc, 1, now);
    // One gesture changing several things (a move and a rename) is one step.
    let mut d1 = titled(&doc, 0, "First");
    let c = d1.cards.remove(2);
    d1.cards.insert(0, c);
    r.commit_local(&doc, &d1, "Move and rename").unwrap();
    let d2 = titled(&d1, 1, "Second");
    r.commit_local(&d1, &d2, "Rename").unwrap();
    assert_eq!(r.undo_label(), Some("Rename"));
    assert_eq!(r.undo().unwrap().0, "Rename");
    assert_eq!(doc_of(&r), d1);
    assert_eq!(r.undo_label(), Some("Move and rename"));
    assert_eq!(r.undo().unwrap().0, "Move and rename");
    assert_eq!(doc_of(&r), doc);
    assert_eq!(r.undo(), None);
    assert_eq!(r.redo_label(), Some("Move and rename"));
    r.redo().unwrap();
    assert_eq!(doc_of(&r), d1);
    // A new commit clears what could be redone.
    let d3 = titled(&d1, 2, "Third");
    r.commit_local(&d1, &d3, "Other").unwrap();
    assert_eq!(r.redo_label(), None);
    assert!(r.redo().is_none());
    // Nothing changed: no message, no step.
    assert!(r.commit_local(&d3, &d3, "Nothing").is_none());
    assert_eq!(r.undo_label(), Some("Other"));
}

#[test]
fn undo_of_a_step_whose_card_a_peer_removed_is_skipped() {
    let doc = base();
    let mut a = Replica::seed(&doc, 1, now);
    let mut b = Replica::seed(&doc, 2, now);
    // A: rename card 2 (step 1), then rename card 0 (step 2).
    let d1 = titled(&doc, 2, "Renamed 2");
    let m1 = a.commit_local(&doc, &d1, "Rename 2").unwrap();
    let d2 = titled(&d1, 0, "Renamed 0");
    let m2 = a.commit_local(&d1, &d2, "Rename 0").unwrap();
    b.on_message(&m1).unwrap();
    b.on_message(&m2).unwrap();
    // B removes card 0.
    let bd = doc_of(&b);
    let mut bd2 = bd.clone();
    bd2.cards.retain(|c| c.id.as_str() != "cd_0");
    let mb = b.commit_local(&bd, &bd2, "Delete").unwrap();
    a.on_message(&mb).unwrap();
    // A's latest step (renaming the removed card) has no effect: skipped, and the undo that
    // happens is the one before it.
    let (label, mu) = a.undo().unwrap();
    assert_eq!(label, "Rename 2");
    b.on_message(&mu).unwrap();
    let (ra, rb) = (doc_of(&a), doc_of(&b));
    assert_eq!(ra, rb);
    assert!(
        ra.card(&CardId::new("cd_0").unwrap()).is_none(),
        "the removed card stays removed"
    );
    assert_eq!(
        ra.card(&CardId::new("cd_2").unwrap()).unwrap().title,
        "Card 2"
    );
}

#[test]
fn undo_does_not_revert_a_peers_later_change_of_the_same_field() {
    let doc = base();
    let mut a = Replica::seed(&doc, 1, now);
    let mut b = Replica::seed(&doc, 2, now);
    let da = titled(&doc, 0, "A's");
    let ma = a.commit_local(&doc, &da, "Rename").unwrap();
    b.on_message(&ma).unwrap();
    let db = titled(&da, 0, "B's later");
    let mb = b.commit_local(&da, &db, "Rename").unwrap();
    a.on_message(&mb).unwrap();
    // A's undo would bring back the old title over B's newer one: Yjs skips it instead.
    let undone = a.undo();
    if let Some((_, mu)) = &undone {
        b.on_message(mu).unwrap();
    }
    assert_eq!(doc_of(&a).cards[0].title, "B's later");
    assert_eq!(doc_of(&a), doc_of(&b));
}
