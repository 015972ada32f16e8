//! Arrows are routed around cards: over generated layouts, no route runs through a card other
//! than at its two ends, and a route keeps out of its own cards too.

mod common;

use proptest::prelude::*;
use stageline_core::arrows::{route_arrows, route_track};
use stageline_core::layout::{Layout, Metrics, Point, Rect, RoutePath};
use stageline_core::ops;
use stageline_schema::{Blueprint, CardId, ConnectionId, ConnectionKind, SeededIds, Timestamp};

use common::apply;

/// A blank blueprint (five lanes) with `stages` stages, a card in each of the `cells` (lane,
/// stage), in order, and an arrow between each pair of `arrows` (indices into the cards).
fn generated(
    stages: usize,
    cells: &[(usize, usize)],
    arrows: &[(usize, usize)],
) -> (Blueprint, Vec<CardId>) {
    let mut ids = SeededIds::new(11);
    let now = Timestamp::from_unix_millis(1_700_000_000_000).expect("valid time");
    let mut doc = Blueprint::new_blank(&mut ids, now, "Generated");
    for k in 1..stages {
        let (c, _) = ops::add_stage(&doc, &mut ids, usize::MAX, &format!("Stage {}", k + 1));
        apply(&mut doc, c);
    }
    let lanes: Vec<_> = doc.lanes.iter().map(|l| l.id.clone()).collect();
    let stage_ids: Vec<_> = doc.stages.iter().map(|s| s.id.clone()).collect();
    let mut cards = Vec::new();
    for &(l, s) in cells {
        let (lane, stage) = (&lanes[l % lanes.len()], &stage_ids[s % stage_ids.len()]);
        let (c, id) = ops::add_card(&doc, &mut ids, lane, stage, None, "Card").expect("card added");
        apply(&mut doc, c);
        cards.push(id);
    }
    for &(a, b) in arrows {
        let (a, b) = (&cards[a % cards.len()], &cards[b % cards.len()]);
        if let Ok((c, _)) = ops::connect(&doc, &mut ids, a, b, ConnectionKind::Handoff) {
            apply(&mut doc, c);
        }
    }
    (doc, cards)
}

/// Points along `path`, close together (every piece at 64 parameters).
fn samples(path: &RoutePath) -> Vec<Point> {
    path.pieces()
        .iter()
        .flat_map(|p| {
            (0..=64).map(move |k| {
                let t = f64::from(k) / 64.0;
                let u = 1.0 - t;
                let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
                Point {
                    x: a * p[0].x + b * p[1].x + c * p[2].x + d * p[3].x,
                    y: a * p[0].y + b * p[1].y + c * p[2].y + d * p[3].y,
                }
            })
        })
        .collect()
}

/// Whether `p` lies inside `r`, more than half a pixel in from every edge.
fn strictly_inside(r: &Rect, p: Point) -> bool {
    p.x > r.x + 0.5 && p.x < r.x + r.width - 0.5 && p.y > r.y + 0.5 && p.y < r.y + r.height - 0.5
}

/// Whether `p` lies on the edge of `r` (within a hundredth of a pixel).
fn on_edge(r: &Rect, p: Point) -> bool {
    let near = |a: f64, b: f64| (a - b).abs() < 0.01;
    let within = |v: f64, lo: f64, hi: f64| v >= lo - 0.01 && v <= hi + 0.01;
    ((near(p.x, r.x) || near(p.x, r.x + r.width)) && within(p.y, r.y, r.y + r.height))
        || ((near(p.y, r.y) || near(p.y, r.y + r.height)) && within(p.x, r.x, r.x + r.width))
}

/// Every card an arrow of `doc` runs through, as (arrow index, card), over its layout; and
/// every arrow that does not start and end on its cards' edges.
fn violations(doc: &Blueprint) -> Vec<String> {
    let layout = Layout::compute(doc, Metrics::default());
    let routes = route_arrows(doc, &layout, None);
    let mut found = Vec::new();
    for (k, arrow) in routes.arrows().iter().enumerate() {
        let c = doc
            .connections
            .iter()
            .find(|c| c.id == arrow.id)
            .expect("routed arrows are the document's");
        let (a, b) = arrow.ends;
        if !on_edge(&a, arrow.path.start) || !on_edge(&b, arrow.path.end) {
            found.push(format!("arrow {k} does not start and end on its cards"));
        }
        let points = samples(&arrow.path);
        for (id, r) in &layout.cards {
            if let Some(p) = points.iter().find(|p| strictly_inside(r, **p)) {
                let which = if *id == c.from || *id == c.to {
                    "its own card"
                } else {
                    "card"
                };
                found.push(format!("arrow {k} runs through {which} {id} at {p:?}"));
            }
        }
    }
    found
}

#[test]
fn a_route_goes_around_the_cards_between_its_ends() {
    // Customer, frontstage, backstage lanes; three stages. The customer's card in the first
    // stage points at the backstage card in the third, with cards in every cell between.
    let cells = [
        (1, 0),
        (1, 1),
        (1, 2),
        (2, 0),
        (2, 1),
        (2, 2),
        (3, 0),
        (3, 1),
        (3, 2),
        (1, 0),
    ];
    let (doc, cards) = generated(3, &cells, &[(0, 8), (0, 2), (9, 0), (3, 5), (0, 9)]);
    assert_eq!(violations(&doc), Vec::<String>::new());
    let layout = Layout::compute(&doc, Metrics::default());
    // The straight line between the first arrow's ends would cross the frontstage card of
    // the second stage; the route does not.
    let (a, b) = (layout.cards[&cards[0]], layout.cards[&cards[8]]);
    let middle = layout.cards[&cards[4]];
    let on_line = (0..=100).any(|k| {
        let t = f64::from(k) / 100.0;
        let (ac, bc) = (a.center(), b.center());
        strictly_inside(
            &middle,
            Point {
                x: ac.x + (bc.x - ac.x) * t,
                y: ac.y + (bc.y - ac.y) * t,
            },
        )
    });
    assert!(on_line, "the test's straight line crosses the middle card");
}

#[test]
fn no_arrow_of_a_shipped_example_runs_through_a_card() {
    for example in stageline_schema::examples::ALL {
        let doc = stageline_schema::load_str(example.json)
            .expect("loads")
            .blueprint;
        assert_eq!(violations(&doc), Vec::<String>::new(), "{}", example.file);
    }
}

#[test]
fn cards_with_nothing_between_them_are_joined_straight() {
    // Customer over frontstage in one stage, and two neighbours in one row.
    let (doc, cards) = generated(2, &[(1, 0), (2, 0), (3, 0), (3, 1)], &[(0, 1), (2, 3)]);
    let layout = Layout::compute(&doc, Metrics::default());
    let down = layout
        .route_between(&cards[0], &cards[1], 2)
        .expect("routed");
    assert_eq!(down.pieces().len(), 1);
    assert_eq!(down.start.x, down.end.x);
    let across = layout
        .route_between(&cards[2], &cards[3], -2)
        .expect("routed");
    assert_eq!(across.pieces().len(), 1);
    assert_eq!(across.start.y, across.end.y);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn no_route_runs_through_a_card(
        stages in 1usize..5,
        cells in prop::collection::vec((0usize..5, 0usize..5), 2..24),
        arrows in prop::collection::vec((0usize..24, 0usize..24), 1..16),
    ) {
        let (doc, _) = generated(stages, &cells, &arrows);
        prop_assert_eq!(violations(&doc), Vec::<String>::new());
    }
}

#[test]
fn arrows_sharing_a_gutter_run_on_their_own_tracks() {
    // Customer over backstage in one stage, with the frontstage card between them: the route
    // goes down the gutter on the right, each track a little to one side, all clear of cards.
    let (doc, cards) = generated(2, &[(1, 0), (2, 0), (3, 0)], &[]);
    let layout = Layout::compute(&doc, Metrics::default());
    let gutter_x = |track: i8| {
        let path = layout
            .route_between(&cards[0], &cards[2], track)
            .expect("routed");
        // The longest piece is the run down the gutter.
        let run = path
            .pieces()
            .iter()
            .max_by(|a, b| (a[3].y - a[0].y).abs().total_cmp(&(b[3].y - b[0].y).abs()))
            .expect("pieces");
        assert_eq!(run[0].x, run[3].x, "a vertical run");
        run[0].x
    };
    let (left, middle, right) = (gutter_x(-2), gutter_x(0), gutter_x(2));
    assert!(left < middle && middle < right);
    assert!(right - left >= 8.0, "{left} … {right}");
    assert_eq!(middle, layout.stages[0].end());
    let gutter = (layout.stages[0].end() - 8.0, layout.stages[1].start + 8.0);
    assert!(left > gutter.0 && right < gutter.1, "inside the gutter");
    let ids: Vec<i8> = ["cn_a", "cn_b", "cn_c", "cn_d", "cn_e", "cn_f"]
        .iter()
        .map(|s| route_track(&ConnectionId::new(*s).expect("valid id")))
        .collect();
    assert!(ids.iter().all(|t| (-2..=2).contains(t)));
    assert!(
        ids.iter().any(|t| *t != ids[0]),
        "tracks differ between arrows"
    );
}

/// One edit of a generated blueprint, from four numbers: a card moved, added or deleted, a
/// lane moved (lines and zones move), an arrow relabelled, turned both ways or added.
fn edit(doc: &mut Blueprint, ids: &mut SeededIds, (what, x, y, z): (u8, usize, usize, usize)) {
    let lanes: Vec<_> = doc.lanes.iter().map(|l| l.id.clone()).collect();
    let stages: Vec<_> = doc.stages.iter().map(|s| s.id.clone()).collect();
    let cards: Vec<CardId> = doc.cards.iter().map(|c| c.id.clone()).collect();
    let arrows: Vec<ConnectionId> = doc.connections.iter().map(|c| c.id.clone()).collect();
    let (lane, stage) = (&lanes[y % lanes.len()], &stages[z % stages.len()]);
    let card = (!cards.is_empty()).then(|| cards[x % cards.len()].clone());
    let arrow = (!arrows.is_empty()).then(|| arrows[x % arrows.len()].clone());
    let command = match (what % 6, card, arrow) {
        (0, Some(card), _) => ops::move_cards(doc, &[card], lane, stage, z % 3).ok(),
        (1, _, _) => ops::add_card(doc, ids, lane, stage, Some(x % 3), "New")
            .ok()
            .map(|(c, _)| c),
        (2, Some(card), _) => ops::delete_cards(doc, &[card]).ok(),
        (3, _, _) => ops::move_lane(doc, &lanes[x % lanes.len()], y % lanes.len()).ok(),
        (4, _, Some(arrow)) => ops::edit_connection(doc, &arrow, |c| {
            c.label = format!("label {y}");
            if z % 2 == 0 {
                c.direction = stageline_schema::Direction::TwoWay;
            }
        })
        .ok(),
        (5, _, _) if cards.len() >= 2 => {
            let (a, b) = (&cards[y % cards.len()], &cards[z % cards.len()]);
            ops::connect(doc, ids, a, b, ConnectionKind::DataFlow)
                .ok()
                .map(|(c, _)| c)
        }
        _ => None,
    };
    if let Some(command) = command {
        apply(doc, command);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Routing given the previous routes comes out exactly as routing from scratch, after any
    /// edits; and an unchanged arrow keeps its very value while the lines and zones stay.
    #[test]
    fn routing_again_equals_routing_from_scratch(
        stages in 1usize..5,
        cells in prop::collection::vec((0usize..5, 0usize..5), 2..24),
        arrows in prop::collection::vec((0usize..24, 0usize..24), 1..16),
        edits in prop::collection::vec((0u8..6, 0usize..24, 0usize..24, 0usize..24), 1..8),
    ) {
        let (mut doc, _) = generated(stages, &cells, &arrows);
        let mut ids = SeededIds::new(5);
        let mut before = Layout::compute(&doc, Metrics::default());
        let mut zones = doc.zones();
        let mut previous = route_arrows(&doc, &before, None);
        for step in edits {
            edit(&mut doc, &mut ids, step);
            let layout = Layout::compute(&doc, Metrics::default());
            // Crossings are sought again for every arrow when the lines or zones move.
            let same_lines = layout.lines == before.lines && doc.zones() == zones;
            let again = route_arrows(&doc, &layout, Some(&previous));
            let scratch = route_arrows(&doc, &layout, None);
            prop_assert_eq!(&again, &scratch);
            for (a, s) in again.arrows().iter().zip(scratch.arrows()) {
                prop_assert_eq!(&a.path, &s.path);
                prop_assert_eq!(&a.crossings, &s.crossings);
            }
            for arrow in again.arrows() {
                if let Some(old) = previous.arrows().iter().find(|o| o.id == arrow.id) {
                    if same_lines && **old == **arrow {
                        prop_assert!(old.same(arrow), "an unchanged arrow kept its value");
                    }
                }
            }
            // Routing again over the same layout keeps every arrow.
            let same = route_arrows(&doc, &layout, Some(&again));
            prop_assert!(same.arrows().iter().zip(again.arrows()).all(|(a, b)| a.same(b)));
            previous = again;
            before = layout;
            zones = doc.zones();
        }
    }
}
