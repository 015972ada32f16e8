//! Layout geometry, drop targets, arrow routes and keyboard navigation.

mod common;

use std::collections::HashSet;

use common::{apply, fixture};
use stageline_core::layout::{route, Layout, Metrics, Point, Rect};
use stageline_core::nav::{next_focus, nudge_card, Focus, Move};
use stageline_schema::{CardId, Line};

#[test]
fn lanes_grow_with_their_fullest_cell_and_cards_stack_in_order() {
    let f = fixture();
    let m = Metrics::default();
    let layout = Layout::compute(&f.doc, m);
    assert_eq!(layout.stages.len(), 3);
    assert_eq!(layout.lanes.len(), 5);
    // Empty lanes get the minimum height; the backstage lane holds three cards in one cell.
    assert_eq!(layout.lanes[0].size, m.min_lane_height);
    let three = 2.0 * m.cell_padding + 3.0 * m.card_height + 2.0 * m.card_gap + m.add_space;
    assert_eq!(layout.lanes[3].size, three);
    assert_eq!(layout.height, layout.lanes[4].end());
    assert_eq!(layout.width, m.lane_header_width + 3.0 * m.stage_width);
    let a = layout.cards[&f.cards[3][1][0]];
    let b = layout.cards[&f.cards[3][1][1]];
    assert_eq!(b.y - a.y, m.card_height + m.card_gap);
    assert_eq!(a.x, layout.stages[1].start + m.cell_padding);
    assert!(layout.cell(3, 1).expect("cell").contains(a.center()));
    assert_eq!(layout.cell_at(a.center()), Some((3, 1)));
    assert_eq!(layout.slots[&f.cards[3][1][2]], (3, 1, 2));
}

#[test]
fn lines_sit_between_the_canonical_lane_groups_and_follow_reordering() {
    let f = fixture();
    let layout = Layout::compute(&f.doc, Metrics::default());
    let lines: Vec<(Line, usize)> = layout
        .lines
        .iter()
        .map(|l| (l.line, l.after_lane))
        .collect();
    assert_eq!(
        lines,
        [
            (Line::Interaction, 1),
            (Line::Visibility, 2),
            (Line::InternalInteraction, 3)
        ]
    );
    assert_eq!(layout.lines[1].y, layout.lanes[2].end());
    for l in &layout.lines {
        assert_eq!(l.y, layout.lanes[l.after_lane].end(), "{:?}", l.line);
    }
    // Move the support lane to the top: the line of internal interaction moves. Lanes are now
    // support, evidence, customer, frontstage, backstage; the gap with the fewest lanes on
    // the wrong side of that line is the one above backstage (only the support lane is
    // misplaced), which it now shares with the line of visibility; each line is drawn at the
    // bottom of the lane above it.
    let mut doc = f.doc.clone();
    let command = stageline_core::ops::move_lane(&doc, &f.lanes[4], 0).expect("move");
    apply(&mut doc, command);
    let moved = Layout::compute(&doc, Metrics::default());
    let lines: Vec<(Line, usize)> = moved.lines.iter().map(|l| (l.line, l.after_lane)).collect();
    assert_eq!(
        lines,
        [
            (Line::Interaction, 2),
            (Line::Visibility, 3),
            (Line::InternalInteraction, 3)
        ]
    );
    for l in &moved.lines {
        assert_eq!(l.y, moved.lanes[l.after_lane].end(), "{:?}", l.line);
    }
    // It moved up: from below the (tall) backstage lane to above it.
    assert!(moved.lines[2].y < layout.lines[2].y);
    assert_eq!(moved.lines[2].y, moved.lines[1].y);
}

#[test]
fn drop_targets_follow_the_pointer_and_skip_dragged_cards() {
    let f = fixture();
    let layout = Layout::compute(&f.doc, Metrics::default());
    let none = HashSet::new();
    let cards = &f.cards[3][1];
    let r0 = layout.cards[&cards[0]];
    let r1 = layout.cards[&cards[1]];
    let target = |p: Point, dragged: &HashSet<CardId>| {
        layout.drop_target(&f.doc, p, dragged).expect("target")
    };
    // Above the first card's middle: position 0; between card 0 and 1's middles: 1.
    assert_eq!(
        target(
            Point {
                x: r0.x + 5.0,
                y: r0.y + 2.0
            },
            &none
        )
        .position,
        0
    );
    assert_eq!(
        target(
            Point {
                x: r0.x + 5.0,
                y: r1.y + 2.0
            },
            &none
        )
        .position,
        1
    );
    assert_eq!(
        target(
            Point {
                x: r0.x + 5.0,
                y: r1.y + r1.height - 2.0
            },
            &none
        )
        .position,
        2
    );
    // Dragging card 0 itself: positions count only the cards that stay.
    let dragged: HashSet<CardId> = [cards[0].clone()].into_iter().collect();
    assert_eq!(
        target(
            Point {
                x: r0.x + 5.0,
                y: r1.y + r1.height - 2.0
            },
            &dragged
        )
        .position,
        1
    );
    // Past the canvas's edges the target snaps to the nearest cell.
    let far = target(Point { x: 1e6, y: -50.0 }, &none);
    assert_eq!((far.lane, far.stage), (0, 2));
    let t = target(Point { x: r0.x, y: r0.y }, &none);
    assert_eq!((t.lane, t.stage), (3, 1));
}

#[test]
fn arrows_leave_facing_edges() {
    let a = Rect {
        x: 0.0,
        y: 0.0,
        width: 100.0,
        height: 50.0,
    };
    let below = Rect {
        x: 200.0,
        y: 300.0,
        width: 100.0,
        height: 50.0,
    };
    let path = route(&a, &below);
    assert_eq!((path.start.x, path.start.y), (50.0, 50.0));
    assert_eq!((path.end.x, path.end.y), (250.0, 300.0));
    assert!(path.d().starts_with("M 50.0 50.0 C"));
    // A line at y = 175 (between the cards) is crossed once, between the two ends.
    let crossing = path.crossing_at_y(175.0).expect("crosses");
    assert!((crossing.y - 175.0).abs() < 0.01);
    assert!(crossing.x > 50.0 && crossing.x < 250.0);
    assert_eq!(path.crossing_at_y(400.0), None);
    // Far apart in one row: out of the bottom edges, dipping below both cards.
    let far = Rect {
        x: 600.0,
        y: 0.0,
        width: 100.0,
        height: 50.0,
    };
    let path = route(&a, &far);
    assert_eq!((path.start.y, path.end.y), (50.0, 50.0));
    assert!(path.middle.y > 50.0);
    let beside = Rect {
        x: 120.0,
        y: 10.0,
        width: 100.0,
        height: 50.0,
    };
    let path = route(&beside, &a);
    assert_eq!((path.start.x, path.end.x), (120.0, 100.0));
    assert!(path.middle.x > 100.0 && path.middle.x < 120.0);
}

#[test]
fn arrow_keys_walk_cards_cells_and_headers() {
    let f = fixture();
    let doc = &f.doc;
    let c = &f.cards;
    let cell = |l: usize, s: usize| Focus::Cell(f.lanes[l].clone(), f.stages[s].clone());
    let card = |id: &CardId| Focus::Card(id.clone());
    // Down from the first cell (physical evidence, empty) enters the customer cell's first card.
    assert_eq!(next_focus(doc, &cell(0, 0), Move::Down), card(&c[1][0][0]));
    assert_eq!(
        next_focus(doc, &card(&c[1][0][0]), Move::Down),
        card(&c[1][0][1])
    );
    assert_eq!(
        next_focus(doc, &card(&c[1][0][1]), Move::Down),
        card(&c[2][0][0])
    );
    // Up from a card at the top of its cell goes to the last card of the cell above, or the cell.
    assert_eq!(
        next_focus(doc, &card(&c[2][0][0]), Move::Up),
        card(&c[1][0][1])
    );
    assert_eq!(next_focus(doc, &card(&c[1][0][0]), Move::Up), cell(0, 0));
    assert_eq!(
        next_focus(doc, &cell(0, 0), Move::Up),
        Focus::StageHeader(f.stages[0].clone())
    );
    // Right keeps the position where it can.
    assert_eq!(
        next_focus(doc, &card(&c[1][0][1]), Move::Right),
        card(&c[1][1][0])
    );
    assert_eq!(next_focus(doc, &card(&c[1][1][0]), Move::Right), cell(1, 2));
    assert_eq!(next_focus(doc, &cell(1, 2), Move::Right), cell(1, 2));
    assert_eq!(
        next_focus(doc, &cell(1, 0), Move::Left),
        Focus::LaneHeader(f.lanes[1].clone())
    );
    assert_eq!(
        next_focus(doc, &Focus::LaneHeader(f.lanes[1].clone()), Move::Right),
        card(&c[1][0][0])
    );
    assert_eq!(
        next_focus(doc, &Focus::StageHeader(f.stages[1].clone()), Move::Right),
        Focus::StageHeader(f.stages[2].clone())
    );
    // Focus on something deleted falls back to the first cell.
    let mut ids = f.ids.clone();
    assert_eq!(
        next_focus(doc, &Focus::Card(CardId::generate(&mut ids)), Move::Up),
        cell(0, 0)
    );
}

#[test]
fn nudging_a_card_moves_it_one_step_and_stops_at_the_edges() {
    let f = fixture();
    let mut doc = f.doc.clone();
    let id = f.cards[3][1][0].clone();
    let command = nudge_card(&doc, &id, Move::Down)
        .expect("ok")
        .expect("moves");
    apply(&mut doc, command);
    assert_eq!(
        common::titles(&doc, &f.lanes[3], &f.stages[1]),
        ["L3 S1 #1", "L3 S1 #0", "L3 S1 #2"]
    );
    let command = nudge_card(&doc, &id, Move::Right)
        .expect("ok")
        .expect("moves");
    apply(&mut doc, command);
    assert_eq!(doc.card(&id).map(|c| &c.stage), Some(&f.stages[2]));
    assert_eq!(nudge_card(&doc, &id, Move::Right), Ok(None));
    let command = nudge_card(&doc, &id, Move::Up).expect("ok").expect("moves");
    apply(&mut doc, command);
    assert_eq!(doc.card(&id).map(|c| &c.lane), Some(&f.lanes[2]));
    let top = f.cards[1][0][0].clone();
    let command = nudge_card(&doc, &top, Move::Up)
        .expect("ok")
        .expect("moves");
    apply(&mut doc, command);
    assert_eq!(doc.card(&top).map(|c| &c.lane), Some(&f.lanes[0]));
    assert_eq!(nudge_card(&doc, &top, Move::Up), Ok(None));
}

#[test]
fn cell_card_lists_match_the_document_and_windowing_finds_the_cards_in_view() {
    let f = fixture();
    let m = Metrics::default();
    let layout = Layout::compute(&f.doc, m);
    for (l, lane) in f.doc.lanes.iter().enumerate() {
        for (s, stage) in f.doc.stages.iter().enumerate() {
            let expected: Vec<CardId> = f
                .doc
                .cards_in_cell(&lane.id, &stage.id)
                .map(|c| c.id.clone())
                .collect();
            assert_eq!(layout.cards_in_cell(l, s), expected.as_slice());
        }
    }
    assert!(layout.cards_in_cell(99, 0).is_empty());
    assert!(layout.cards_in_cell(0, 99).is_empty());

    // The backstage cell with three cards: an area over the second card only finds it.
    let cell = layout.cell(3, 1).expect("cell");
    let second = layout.cards[&f.cards[3][1][1]];
    let area = Rect {
        x: second.x,
        y: second.y + 10.0,
        width: 10.0,
        height: 10.0,
    };
    assert_eq!(layout.positions_in(&cell, 3, &area), 1..2);
    let everything = Rect {
        x: 0.0,
        y: 0.0,
        width: layout.width,
        height: layout.height,
    };
    assert_eq!(layout.positions_in(&cell, 3, &everything), 0..3);
    let elsewhere = Rect {
        x: cell.x + cell.width + 1.0,
        ..everything
    };
    assert_eq!(layout.positions_in(&cell, 3, &elsewhere), 0..0);
    // Every card a position range names overlaps the area, and every overlapping one is named.
    for y in (0..(layout.height as i32)).step_by(37) {
        let area = Rect {
            x: 0.0,
            y: f64::from(y),
            width: layout.width,
            height: 50.0,
        };
        let range = layout.positions_in(&cell, 3, &area);
        for (k, id) in f.cards[3][1].iter().enumerate() {
            assert_eq!(
                range.contains(&k),
                layout.cards[id].intersects(&area),
                "y {y} k {k}"
            );
        }
    }
}

#[test]
fn render_area_grows_snaps_and_ignores_small_scrolls() {
    let visible = Rect {
        x: 130.0,
        y: 410.0,
        width: 800.0,
        height: 600.0,
    };
    let area = stageline_core::layout::render_area(&visible, 200.0, 256.0);
    assert!(area.x <= visible.x - 200.0 && area.y <= visible.y - 200.0);
    assert!(area.x + area.width >= visible.x + visible.width + 200.0);
    assert!(area.y + area.height >= visible.y + visible.height + 200.0);
    assert_eq!(area.x % 256.0, 0.0);
    let nudged = Rect {
        x: 131.0,
        y: 412.0,
        ..visible
    };
    assert_eq!(
        stageline_core::layout::render_area(&nudged, 200.0, 256.0),
        area
    );
}

#[test]
fn arrow_bounds_hold_the_curve() {
    let a = Rect {
        x: 0.0,
        y: 0.0,
        width: 100.0,
        height: 40.0,
    };
    let b = Rect {
        x: 400.0,
        y: 300.0,
        width: 100.0,
        height: 40.0,
    };
    let path = route(&a, &b);
    let bounds = path.bounds();
    for k in 0..=20 {
        let p = path.at(f64::from(k) / 20.0);
        assert!(bounds.contains(p), "{p:?} outside {bounds:?}");
    }
}

#[test]
fn hidden_lanes_fold_away_with_their_cards() {
    let mut ids = stageline_schema::SeededIds::new(3);
    let mut doc = stageline_schema::Blueprint::new_blank(
        &mut ids,
        stageline_schema::Timestamp::UNIX_EPOCH,
        "t",
    );
    let (customer, backstage) = (doc.lanes[1].id.clone(), doc.lanes[3].id.clone());
    let stage = doc.stages[0].id.clone();
    for (lane, title) in [(&customer, "seen"), (&backstage, "hidden")] {
        doc.cards.push(stageline_schema::Card::new(
            &mut ids,
            lane.clone(),
            stage.clone(),
            stageline_schema::CardKind::Action,
            title,
        ));
    }
    let full = Layout::compute(&doc, Metrics::default());
    let hidden: HashSet<_> = [backstage.clone()].into_iter().collect();
    let folded = Layout::compute_showing(&doc, Metrics::default(), &hidden);
    assert_eq!(folded.lanes[3].size, 0.0);
    assert_eq!(folded.lanes.len(), full.lanes.len());
    assert!(folded.height < full.height);
    assert_eq!(folded.cards.len(), 1);
    assert!(folded.cards_in_cell(3, 0).is_empty());
    assert_eq!(folded.cards_in_cell(1, 0).len(), 1);
    assert_eq!(
        folded.lines.len(),
        full.lines.len(),
        "the lines stay, between the shown lanes"
    );
}

#[test]
fn only_cells_overlapping_the_area_are_in_view() {
    let f = fixture();
    let m = Metrics::default();
    let layout = Layout::compute(&f.doc, m);
    let everything = Rect {
        x: 0.0,
        y: 0.0,
        width: layout.width,
        height: layout.height,
    };
    for lane in 0..layout.lanes.len() {
        assert_eq!(layout.stages_in_view(lane, &everything), vec![0, 1, 2]);
    }
    // The second stage's column only, over the fourth lane's row only.
    let (col, row) = (layout.stages[1], layout.lanes[3]);
    let area = Rect {
        x: col.start + 1.0,
        y: row.start + 1.0,
        width: col.size - 2.0,
        height: row.size - 2.0,
    };
    assert_eq!(layout.stages_in_view(3, &area), vec![1]);
    assert!(layout.stages_in_view(2, &area).is_empty());
    assert!(layout.stages_in_view(4, &area).is_empty());
    // Touching an edge is not overlapping; a lane that does not exist has no cells.
    let edge = Rect {
        x: col.end(),
        y: row.start,
        width: 10.0,
        height: 10.0,
    };
    assert_eq!(layout.stages_in_view(3, &edge), vec![2]);
    assert!(layout.stages_in_view(99, &everything).is_empty());
}

proptest::proptest! {
    /// The arrow path text has every coordinate to a tenth of a pixel, as `{:.1}` would write
    /// it (up to how a tie between two tenths is rounded).
    #[test]
    fn arrow_path_text_matches_the_geometry(
        ax in -5000.0f64..5000.0, ay in -5000.0f64..5000.0,
        bx in -5000.0f64..5000.0, by in -5000.0f64..5000.0,
    ) {
        let a = Rect { x: ax, y: ay, width: 180.0, height: 72.0 };
        let b = Rect { x: bx, y: by, width: 180.0, height: 72.0 };
        let path = route(&a, &b);
        let d = path.d();
        let numbers: Vec<f64> = d
            .split([' ', ','])
            .filter(|t| !t.is_empty() && *t != "M" && *t != "C")
            .map(|t| t.parse().unwrap())
            .collect();
        let expected = [path.start, path.c1, path.c2, path.end]
            .iter()
            .flat_map(|p| [p.x, p.y])
            .collect::<Vec<_>>();
        proptest::prop_assert_eq!(numbers.len(), 8);
        for (n, e) in numbers.iter().zip(&expected) {
            proptest::prop_assert!((n - e).abs() <= 0.05 + 1e-9, "{} vs {} in {}", n, e, d);
        }
        proptest::prop_assert!(d.starts_with("M ") && d.contains(" C ") && d.matches(", ").count() == 2);
    }
}
