//! The comparison view's model: removed elements put back where they were, marks for each kind
//! of change, the list of changes, and properties over random edits.

#[path = "checks_builder.rs"]
mod builder;

use builder::B;
use proptest::prelude::*;
use stageline_core::diff::compare::{compare, ChangeKind, Target};
use stageline_core::diff::{diff, text};
use stageline_schema::{Blueprint, CardId, LaneKind, SeededIds};

fn base() -> (B, Vec<CardId>) {
    let mut b = B::new(&["Arrive", "Check in", "Stay"]);
    let c = b.card(LaneKind::Customer, 0, "Walks in");
    let f = b.card(LaneKind::Frontstage, 0, "Greets");
    let k = b.card(LaneKind::Backstage, 0, "Prepares room");
    let k2 = b.card(LaneKind::Backstage, 0, "Checks booking");
    let k3 = b.card(LaneKind::Backstage, 0, "Prints key");
    b.arrow(&c, &f);
    b.arrow(&f, &k);
    (b, vec![c, f, k, k2, k3])
}

fn cell_titles(doc: &Blueprint, lane: LaneKind, stage: usize) -> Vec<String> {
    let lane = doc
        .lanes
        .iter()
        .find(|l| l.kind == lane)
        .expect("lane")
        .id
        .clone();
    let stage = doc.stages[stage].id.clone();
    doc.cards
        .iter()
        .filter(|c| c.lane == lane && c.stage == stage)
        .map(|c| c.title.clone())
        .collect()
}

#[test]
fn the_same_document_has_no_marks() {
    let (b, _) = base();
    let c = compare(&b.doc, &b.doc);
    assert_eq!(c.doc, b.doc);
    assert!(c.changes.is_empty());
    assert!(c.cards.is_empty() && c.stages.is_empty() && c.lanes.is_empty());
}

#[test]
fn a_removed_card_is_put_back_in_its_cell_after_the_card_before_it() {
    let (b, ids) = base();
    let mut new = b.doc.clone();
    new.cards.retain(|c| c.id != ids[3]);
    let c = compare(&b.doc, &new);
    assert_eq!(
        cell_titles(&c.doc, LaneKind::Backstage, 0),
        vec!["Prepares room", "Checks booking", "Prints key"]
    );
    let mark = &c.cards[&ids[3]];
    assert_eq!(mark.kind, ChangeKind::Removed);
    assert_eq!(mark.words, "Removed");
    assert_eq!(c.count(ChangeKind::Removed), 1);
    assert_eq!(
        c.changes[0].words,
        "Card removed: \"Checks booking\" from Backstage actions / Arrive"
    );
    assert_eq!(c.changes[0].target, Target::Card(ids[3].clone()));
    // Nothing else is marked.
    assert_eq!(c.cards.len(), 1);
}

#[test]
fn a_removed_first_card_goes_before_the_cells_first_card() {
    let (b, ids) = base();
    let mut new = b.doc.clone();
    new.cards.retain(|c| c.id != ids[2]);
    new.connections.retain(|k| k.to != ids[2]);
    let c = compare(&b.doc, &new);
    assert_eq!(
        cell_titles(&c.doc, LaneKind::Backstage, 0),
        vec!["Prepares room", "Checks booking", "Prints key"]
    );
    // Its arrow is drawn again, marked removed.
    assert_eq!(c.doc.connections.len(), 2);
    let removed_arrow = b
        .doc
        .connections
        .iter()
        .find(|k| k.to == ids[2])
        .expect("arrow");
    assert_eq!(c.connections[&removed_arrow.id].kind, ChangeKind::Removed);
}

#[test]
fn added_moved_and_changed_cards_are_marked_with_what_changed() {
    let (b, ids) = base();
    let mut nb = B {
        doc: b.doc.clone(),
        ids: SeededIds::new(77),
    };
    let added = nb.card(LaneKind::Support, 1, "Sends key code");
    let support = nb.lane(LaneKind::Support);
    let stay = nb.doc.stages[2].id.clone();
    nb.edit(&ids[4], |card| {
        card.lane = support.clone();
        card.stage = stay.clone();
        card.title = "Prints key card".into();
    });
    nb.edit(&ids[1], |card| card.title = "Greets warmly".into());
    let c = compare(&b.doc, &nb.doc);
    assert_eq!(c.cards[&added].kind, ChangeKind::Added);
    let moved = &c.cards[&ids[4]];
    assert_eq!(moved.kind, ChangeKind::Moved);
    assert_eq!(
        moved.words,
        "Moved from Backstage actions / Arrive; changed: title"
    );
    assert_eq!(
        moved.moved_from.as_ref().map(|m| m.stage_name.as_str()),
        Some("Arrive")
    );
    let changed = &c.cards[&ids[1]];
    assert_eq!(changed.kind, ChangeKind::Changed);
    assert_eq!(changed.fields, vec!["title".to_string()]);
    assert_eq!(changed.words, "Changed: title");
    assert!(c
        .changes
        .iter()
        .any(|ch| ch.words == "Card changed: \"Greets warmly\": title Greets → Greets warmly"));
    // The comparison grid is the new document when nothing was removed.
    assert_eq!(c.doc, nb.doc);
}

#[test]
fn a_reorder_marks_only_the_card_that_moved_within_the_cell() {
    let (b, ids) = base();
    let mut new = b.doc.clone();
    // Prepares, Checks, Prints → Checks, Prints, Prepares: "Prepares room" moved.
    let i = new.card_index(&ids[2]).expect("card");
    let card = new.cards.remove(i);
    let j = new.card_index(&ids[4]).expect("card");
    new.cards.insert(j + 1, card);
    let c = compare(&b.doc, &new);
    assert_eq!(c.cards.len(), 1, "{:?}", c.cards);
    let mark = &c.cards[&ids[2]];
    assert!(mark.reordered);
    assert_eq!(mark.kind, ChangeKind::Changed);
    assert_eq!(mark.words, "Reordered in its cell");
}

#[test]
fn removed_and_added_stages_and_lanes_are_both_shown_in_place() {
    let (b, ids) = base();
    let mut new = b.doc.clone();
    let check_in = new.stages.remove(1);
    new.cards.retain(|c| c.stage != check_in.id);
    new.stages[0].name = "Arrival".into();
    let support = new
        .lanes
        .iter()
        .position(|l| l.kind == LaneKind::Support)
        .expect("support lane");
    let lane = new.lanes.remove(support);
    let c = compare(&b.doc, &new);
    let names: Vec<&str> = c.doc.stages.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, vec!["Arrival", "Check in", "Stay"]);
    assert_eq!(c.stages[&check_in.id].kind, ChangeKind::Removed);
    let renamed = &c.stages[&b.doc.stages[0].id];
    assert_eq!(renamed.kind, ChangeKind::Changed);
    assert_eq!(renamed.fields, vec!["name".to_string()]);
    assert_eq!(c.lanes[&lane.id].kind, ChangeKind::Removed);
    assert_eq!(c.doc.lanes.len(), b.doc.lanes.len());
    assert_eq!(
        c.doc.lanes[support].id, lane.id,
        "the lane is back at its place"
    );
    assert!(c
        .changes
        .iter()
        .any(|ch| ch.words == "Stage renamed: \"Arrive\" → \"Arrival\""));
    assert!(!c.cards.contains_key(&ids[0]));
}

#[test]
fn a_moved_stage_says_from_where() {
    let (b, _) = base();
    let mut new = b.doc.clone();
    let s = new.stages.remove(2);
    new.stages.insert(0, s.clone());
    let c = compare(&b.doc, &new);
    let mark = &c.stages[&s.id];
    assert_eq!(mark.kind, ChangeKind::Moved);
    assert_eq!(mark.words, "Moved from position 3");
}

#[test]
fn unrelated_blueprints_share_their_columns_and_rows_and_say_the_guesses() {
    let (a, _) = base();
    // The same stages and lanes drawn again under other IDs, one stage with a goal set, the
    // cards of the first stage the same but for one title.
    let mut ids = SeededIds::new(41);
    let mut other = a.doc.clone();
    for s in &mut other.stages {
        s.id = stageline_schema::StageId::generate(&mut ids);
    }
    other.stages[1].description = "Get the key fast".into();
    for l in &mut other.lanes {
        l.id = stageline_schema::LaneId::generate(&mut ids);
    }
    other.cards.clear();
    let mut fresh = B { doc: other, ids };
    fresh.card(LaneKind::Customer, 0, "Walks in");
    fresh.card(LaneKind::Frontstage, 0, "Greets");
    fresh.card(LaneKind::Backstage, 0, "Prepares the room");
    let c = compare(&a.doc, &fresh.doc);
    assert_eq!(
        c.doc.stages.len(),
        3,
        "one column per stage, not a removed and an added one"
    );
    assert_eq!(c.doc.lanes.len(), a.doc.lanes.len());
    let check_in = &fresh.doc.stages[1].id;
    let mark = c.stages.get(check_in).expect("the changed stage is marked");
    assert_eq!(mark.kind, ChangeKind::Changed);
    assert!(mark.guessed);
    assert!(
        mark.words.ends_with("matched by name (a guess)"),
        "{}",
        mark.words
    );
    assert!(
        !c.stages.contains_key(&fresh.doc.stages[0].id),
        "unchanged stages are not marked"
    );
    // The removed cards are put back in the new grid's cells, in their old order before the
    // cell's cards.
    assert_eq!(
        cell_titles(&c.doc, LaneKind::Backstage, 0),
        [
            "Prepares room",
            "Checks booking",
            "Prints key",
            "Prepares the room"
        ]
    );
    let d = diff(&a.doc, &fresh.doc);
    assert!(text::guesses(&d).is_some_and(|g| g.contains("3 stages")));
}

fn edited(doc: &Blueprint, seed: u64, edits: &[u8]) -> Blueprint {
    let mut b = B {
        doc: doc.clone(),
        ids: SeededIds::new(seed),
    };
    for (n, e) in edits.iter().enumerate() {
        let cards: Vec<CardId> = b.doc.cards.iter().map(|c| c.id.clone()).collect();
        if cards.is_empty() {
            b.card(LaneKind::Customer, 0, "New");
            continue;
        }
        let target = cards[n % cards.len()].clone();
        match e % 4 {
            0 => {
                b.card(LaneKind::Frontstage, usize::from(*e) % 3, "Added");
            }
            1 => {
                b.doc.cards.retain(|c| c.id != target);
                b.doc
                    .connections
                    .retain(|k| k.from != target && k.to != target);
            }
            2 => {
                let stage = b.doc.stages[usize::from(*e) % 3].id.clone();
                b.edit(&target, |c| c.stage = stage);
            }
            _ => b.edit(&target, |c| c.title.push('!')),
        }
    }
    b.doc
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Every card of either version is in the grid exactly once, every change is marked, and
    /// unchanged cards are not.
    #[test]
    fn every_card_of_both_versions_is_shown_once(seed in 0u64..1000, edits in proptest::collection::vec(any::<u8>(), 0..8)) {
        let (b, _) = base();
        let new = edited(&b.doc, seed, &edits);
        let c = compare(&b.doc, &new);
        let d = diff(&b.doc, &new);
        for card in b.doc.cards.iter().chain(new.cards.iter()) {
            let shown = c.doc.cards.iter().filter(|k| k.id == card.id).count();
            prop_assert_eq!(shown, 1, "card {} shown {} times", card.id, shown);
        }
        prop_assert_eq!(c.doc.cards.len(), new.cards.len() + d.cards.removed.len());
        prop_assert_eq!(c.count(ChangeKind::Added), d.cards.added.len() + d.connections.added.len());
        prop_assert_eq!(c.count(ChangeKind::Removed), d.cards.removed.len() + d.connections.removed.len());
        for card in &new.cards {
            let old = b.doc.cards.iter().find(|k| k.id == card.id);
            if old == Some(card) && !d.cards.reordered.iter().any(|r| r.new_order.contains(&card.id)) {
                prop_assert!(!c.cards.contains_key(&card.id), "unchanged card marked");
            }
        }
        // The list of changes is what `stageline diff` prints (its guess count aside).
        let words: Vec<String> = c.changes.iter().map(|ch| ch.words.clone()).collect();
        let mut lines = text::describe(&d);
        if d.has_guesses() {
            lines.pop();
        }
        prop_assert_eq!(words, lines);
        // Every connection drawn has both ends drawn.
        for k in &c.doc.connections {
            prop_assert!(c.doc.cards.iter().any(|x| x.id == k.from));
            prop_assert!(c.doc.cards.iter().any(|x| x.id == k.to));
        }
    }
}

#[test]
fn the_comparison_picture_marks_each_change_with_a_badge_and_says_what_it_compares() {
    let (b, ids) = base();
    let mut new = b.doc.clone();
    new.cards.retain(|c| c.id != ids[3]);
    new.card_mut(&ids[1]).expect("card").title = "Greets <warmly>".into();
    let c = compare(&b.doc, &new);
    let svg =
        stageline_core::svg::render_comparison(&c, "As is", "To be & more", Default::default());
    assert!(svg.contains(r#"<g class="changes">"#));
    assert_eq!(svg.matches("− Removed</text>").count(), 1, "{svg}");
    assert_eq!(svg.matches("✎ Changed</text>").count(), 1);
    assert!(
        svg.contains("stroke-dasharray=\"6 4\""),
        "a removed card is dashed"
    );
    assert!(svg.contains(
        "<desc>Comparison drawn by Stageline: from As is to To be &amp; more; 0 added, 1 removed, 0 moved, 1 changed.</desc>"
    ));
    assert!(svg.contains("Greets &lt;warmly&gt;"), "titles are escaped");
    assert!(svg.trim_end().ends_with("</svg>"));
    // The same document with itself: the plain picture with no marks.
    let same = compare(&b.doc, &b.doc);
    let plain = stageline_core::svg::render_comparison(&same, "A", "A", Default::default());
    assert!(!plain.contains("<rect") || !plain.contains("Removed</text>"));
    assert_eq!(
        plain.matches("<text").count(),
        stageline_core::svg::render(&b.doc).matches("<text").count()
    );
}
