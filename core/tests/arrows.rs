//! The arrow layer's view-model: routes kept across edits by identity, drawings kept per render
//! area, the keys that decide an arrow's elements, and the hit test of a tap.

mod common;

use proptest::prelude::*;
use stageline_core::arrows::{
    crossed, crossing_title, draw_in_area, route_arrows, route_track, Drawn, InView, PointerKind,
    Routed, Routes, Shared, CROSSING_REACH,
};
use stageline_core::layout::{Layout, Metrics, Point, Rect};
use stageline_core::ops;
use stageline_schema::{
    Blueprint, CardId, Connection, ConnectionId, ConnectionKind, Direction, LaneKind, Line,
};

use common::{apply, fixture, Fixture};

fn layout(doc: &Blueprint) -> Layout {
    Layout::compute(doc, Metrics::default())
}

fn rect(x: f64, y: f64, width: f64, height: f64) -> Rect {
    Rect {
        x,
        y,
        width,
        height,
    }
}

/// The whole canvas of a layout.
fn canvas(l: &Layout) -> Rect {
    rect(0.0, 0.0, l.width, l.height)
}

/// The fixture's connection IDs, in document order: `[c0, c1, c2, c3]` join
/// customer S1 → frontstage S1, frontstage S1 → backstage S2, backstage S2 #0 → #1 and
/// customer S2 → backstage S2 #2.
fn connection_ids(doc: &Blueprint) -> Vec<ConnectionId> {
    doc.connections.iter().map(|c| c.id.clone()).collect()
}

fn routed<'a>(routes: &'a Routes, id: &ConnectionId) -> &'a Shared<Routed> {
    routes
        .arrows()
        .iter()
        .find(|r| &r.id == id)
        .expect("arrow routed")
}

fn drawn<'a>(view: &'a InView, id: &ConnectionId) -> &'a Shared<Drawn> {
    view.get(id).expect("arrow drawn")
}

/// The IDs of the arrows in `after` that are the very same route as in `before`.
fn kept(before: &Routes, after: &Routes) -> Vec<ConnectionId> {
    after
        .arrows()
        .iter()
        .filter(|a| before.arrows().iter().any(|b| b.same(a)))
        .map(|a| a.id.clone())
        .collect()
}

/// The IDs of the arrows in `after` whose drawing is the very same as in `before`.
fn kept_drawings(before: &InView, after: &InView) -> Vec<ConnectionId> {
    after
        .arrows()
        .iter()
        .filter(|a| before.get(&a.id).is_some_and(|b| b.same(a)))
        .map(|a| a.id.clone())
        .collect()
}

fn shift(l: &mut Layout, card: &CardId, dx: f64, dy: f64) {
    let r = l.cards.get_mut(card).expect("card laid out");
    r.x += dx;
    r.y += dy;
}

/// A change to an arrow's fields.
type Edit = fn(&mut Connection);

fn edit_connection(f: &mut Fixture, id: &ConnectionId, edit: impl FnOnce(&mut Connection)) {
    let c = ops::edit_connection(&f.doc, id, edit).expect("connection exists");
    apply(&mut f.doc, c);
}

#[test]
fn every_connection_between_laid_out_cards_is_routed_in_document_order() {
    let f = fixture();
    let l = layout(&f.doc);
    let routes = route_arrows(&f.doc, &l, None);
    let ids: Vec<ConnectionId> = routes.arrows().iter().map(|a| a.id.clone()).collect();
    assert_eq!(ids, connection_ids(&f.doc));
    for (a, c) in routes.arrows().iter().zip(&f.doc.connections) {
        let ends = (l.cards[&c.from], l.cards[&c.to]);
        assert_eq!(a.ends, ends);
        assert_eq!(
            Some(&a.path),
            l.route_between(&c.from, &c.to, route_track(&c.id)).as_ref()
        );
        assert_eq!(a.kind, c.kind);
        let lines: Vec<Line> = a.crossings.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, f.doc.crossings(&c.from, &c.to), "{}", c.id);
        for (line, p) in &a.crossings {
            let g = l
                .lines
                .iter()
                .find(|g| g.line == *line)
                .expect("line drawn");
            assert!((p.y - g.y).abs() < 1e-6, "the mark sits on its line");
        }
    }
    // The fixture's last arrow crosses two lines, the third none.
    assert_eq!(routes.arrows()[3].crossings.len(), 2);
    assert!(routes.arrows()[2].crossings.is_empty());
}

#[test]
fn arrows_to_cards_left_out_of_the_layout_are_not_routed() {
    let f = fixture();
    let mut l = layout(&f.doc);
    l.cards.remove(&f.cards[3][1][2]);
    let routes = route_arrows(&f.doc, &l, None);
    let ids: Vec<ConnectionId> = routes.arrows().iter().map(|a| a.id.clone()).collect();
    assert_eq!(ids, connection_ids(&f.doc)[..3]);
}

#[test]
fn crossed_takes_the_lanes_from_the_layout() {
    let f = fixture();
    let l = layout(&f.doc);
    let zones = f.doc.zones();
    for c in &f.doc.connections {
        assert_eq!(
            crossed(&zones, &l, &c.from, &c.to),
            f.doc.crossings(&c.from, &c.to)
        );
    }
    let missing = CardId::new("cd_missing").expect("valid id");
    assert!(crossed(&zones, &l, &missing, &f.cards[3][1][0]).is_empty());
}

#[test]
fn a_card_moved_in_the_layout_re_routes_only_its_arrows() {
    let f = fixture();
    let ids = connection_ids(&f.doc);
    let before = layout(&f.doc);
    let first = route_arrows(&f.doc, &before, None);
    let mut after = before.clone();
    // The last arrow's target.
    shift(&mut after, &f.cards[3][1][2], 5.0, 0.0);
    let second = route_arrows(&f.doc, &after, Some(&first));
    assert_eq!(kept(&first, &second), ids[..3]);
    assert_ne!(routed(&second, &ids[3]).path, routed(&first, &ids[3]).path);
    // The frontstage card both of the first two arrows touch.
    shift(&mut after, &f.cards[2][0][0], 0.0, 3.0);
    let third = route_arrows(&f.doc, &after, Some(&second));
    assert_eq!(kept(&second, &third), [ids[2].clone(), ids[3].clone()]);
    // Reuse is invisible: the same routes as routing from scratch.
    assert_eq!(third, route_arrows(&f.doc, &after, None));
}

#[test]
fn an_edit_that_moves_one_card_re_routes_only_the_arrows_touching_it() {
    let mut f = fixture();
    let ids = connection_ids(&f.doc);
    let first = route_arrows(&f.doc, &layout(&f.doc), None);
    // The customer card in stage 2 (the last arrow's start) goes to stage 3: no lane changes
    // height (stage 1 keeps two customer cards), so no other card and no line moves.
    let moved = f.cards[1][1][0].clone();
    let c = ops::move_cards(&f.doc, &[moved], &f.lanes[1], &f.stages[2], 0).expect("moves");
    apply(&mut f.doc, c);
    let l = layout(&f.doc);
    let second = route_arrows(&f.doc, &l, Some(&first));
    assert_eq!(kept(&first, &second), ids[..3]);
    assert_eq!(second, route_arrows(&f.doc, &l, None));
}

#[test]
fn changing_an_arrows_label_kind_or_direction_re_routes_it_alone() {
    let mut f = fixture();
    let ids = connection_ids(&f.doc);
    let l = layout(&f.doc);
    let mut previous = route_arrows(&f.doc, &l, None);
    let edits: [(usize, Edit); 3] = [
        (0, |c| c.label = "visit request".into()),
        (1, |c| c.kind = ConnectionKind::DataFlow),
        (2, |c| c.direction = Direction::TwoWay),
    ];
    for (i, edit) in edits {
        edit_connection(&mut f, &ids[i], edit);
        let next = route_arrows(&f.doc, &l, Some(&previous));
        let others: Vec<ConnectionId> = ids.iter().filter(|id| **id != ids[i]).cloned().collect();
        assert_eq!(kept(&previous, &next), others, "edit of arrow {i}");
        assert_eq!(next, route_arrows(&f.doc, &l, None));
        previous = next;
    }
    assert_eq!(previous.arrows()[0].label, "visit request");
    assert_eq!(previous.arrows()[1].kind, ConnectionKind::DataFlow);
    assert!(previous.arrows()[2].two_way);
    // What the arrow layer does not show (the latency) keeps the route.
    edit_connection(&mut f, &ids[3], |c| c.expected_latency_secs = Some(60));
    let next = route_arrows(&f.doc, &l, Some(&previous));
    assert_eq!(kept(&previous, &next), ids);
}

#[test]
fn a_change_of_lines_or_zones_re_routes_every_arrow() {
    let mut f = fixture();
    let l = layout(&f.doc);
    let first = route_arrows(&f.doc, &l, None);
    assert_eq!(
        kept(&first, &route_arrows(&f.doc, &l, Some(&first))).len(),
        4
    );

    let mut moved_line = l.clone();
    moved_line.lines[0].y += 1.0;
    let second = route_arrows(&f.doc, &moved_line, Some(&first));
    assert!(kept(&first, &second).is_empty());
    assert_eq!(second, route_arrows(&f.doc, &moved_line, None));

    // The support lane (below every arrow's cards) becomes a frontstage lane: only the zones
    // change, the layout given is the same.
    f.doc.lanes[4].kind = LaneKind::Frontstage;
    let third = route_arrows(&f.doc, &l, Some(&first));
    assert!(kept(&first, &third).is_empty());
}

#[test]
fn reordered_connections_keep_their_routes() {
    let mut f = fixture();
    let l = layout(&f.doc);
    let first = route_arrows(&f.doc, &l, None);
    f.doc.connections.reverse();
    let second = route_arrows(&f.doc, &l, Some(&first));
    let mut ids = connection_ids(&f.doc);
    assert_eq!(kept(&first, &second), ids);
    // In the new order.
    let order: Vec<ConnectionId> = second.arrows().iter().map(|a| a.id.clone()).collect();
    assert_eq!(order, ids);
    // One arrow deleted and the rest back in order: the walk in order finds the others.
    f.doc.connections.reverse();
    f.doc.connections.remove(1);
    ids = connection_ids(&f.doc);
    let third = route_arrows(&f.doc, &l, Some(&second));
    assert_eq!(kept(&second, &third), ids);
}

#[test]
fn the_same_area_keeps_drawings_and_a_new_area_redraws() {
    let f = fixture();
    let ids = connection_ids(&f.doc);
    let l = layout(&f.doc);
    let routes = route_arrows(&f.doc, &l, None);
    let area = canvas(&l);
    let first = draw_in_area(&routes, area, None);
    assert_eq!(first.area(), area);
    assert_eq!(first.arrows().len(), 4);
    let again = draw_in_area(&routes, area, Some(&first));
    assert_eq!(kept_drawings(&first, &again), ids);
    assert_eq!(again, first);

    let moved_area = rect(1.0, 0.0, l.width, l.height);
    let scrolled = draw_in_area(&routes, moved_area, Some(&first));
    assert!(kept_drawings(&first, &scrolled).is_empty());
    assert_eq!(scrolled, draw_in_area(&routes, moved_area, None));

    // A moved card: its arrow is drawn again, the others keep their drawings.
    let mut after = l.clone();
    shift(&mut after, &f.cards[3][1][2], 5.0, 0.0);
    let rerouted = route_arrows(&f.doc, &after, Some(&routes));
    let redrawn = draw_in_area(&rerouted, area, Some(&first));
    assert_eq!(kept_drawings(&first, &redrawn), ids[..3]);
    assert!(drawn(&redrawn, &ids[3])
        .route()
        .same(routed(&rerouted, &ids[3])));
    assert_eq!(redrawn, draw_in_area(&rerouted, area, None));
}

#[test]
fn a_drawing_carries_its_route_cut_to_the_area() {
    let mut f = fixture();
    let ids = connection_ids(&f.doc);
    edit_connection(&mut f, &ids[3], |c| {
        c.label = "refill".into();
        c.direction = Direction::TwoWay;
        c.kind = ConnectionKind::Feedback;
    });
    let l = layout(&f.doc);
    let routes = route_arrows(&f.doc, &l, None);
    let view = draw_in_area(&routes, canvas(&l), None);
    let a = drawn(&view, &ids[3]);
    let r = routed(&routes, &ids[3]);
    assert!(a.route().same(r));
    assert_eq!(a.d, r.path.d());
    assert_eq!(a.dash_offset, 0.0);
    assert_eq!(a.ends, (true, true));
    assert_eq!(a.middle, r.path.middle);
    assert_eq!(
        (a.kind, a.two_way, a.label.as_str()),
        (ConnectionKind::Feedback, true, "refill")
    );
    assert_eq!(a.crossed, [Line::Interaction, Line::Visibility]);
    assert_eq!(a.crossings, r.crossings);
    // The index finds each drawn arrow.
    for (i, a) in view.arrows().iter().enumerate() {
        assert!(view.get(&a.id).is_some_and(|g| g.same(&view.arrows()[i])));
    }
}

#[test]
fn arrows_outside_the_area_are_not_drawn() {
    let f = fixture();
    let ids = connection_ids(&f.doc);
    let l = layout(&f.doc);
    let routes = route_arrows(&f.doc, &l, None);
    // The top of the canvas only: the arrows between lower cards are not drawn, the two from
    // the customer lane are cut short of their ends.
    let top = rect(0.0, 0.0, l.width, 300.0);
    let view = draw_in_area(&routes, top, None);
    let drawn_ids: Vec<ConnectionId> = view.arrows().iter().map(|a| a.id.clone()).collect();
    assert_eq!(drawn_ids, [ids[0].clone(), ids[3].clone()]);
    assert!(view.get(&ids[1]).is_none() && view.get(&ids[2]).is_none());
    assert_eq!(drawn(&view, &ids[0]).ends, (true, false));
    assert_eq!(drawn(&view, &ids[3]).ends, (true, false));
    // The whole canvas: every arrow whole.
    let all = draw_in_area(&routes, canvas(&l), None);
    assert!(all.arrows().iter().all(|a| a.ends == (true, true)));
    // Far off the canvas: nothing.
    let away = rect(l.width + 100.0, 0.0, 500.0, 500.0);
    assert!(draw_in_area(&routes, away, None).arrows().is_empty());
}

#[test]
fn crossing_marks_outside_the_grown_area_are_dropped_but_still_named() {
    let f = fixture();
    let ids = connection_ids(&f.doc);
    let l = layout(&f.doc);
    let routes = route_arrows(&f.doc, &l, None);
    let visibility = l
        .lines
        .iter()
        .find(|g| g.line == Line::Visibility)
        .expect("line of visibility")
        .y;
    // The area ends a little more than a mark's reach above the line of visibility.
    let short = rect(0.0, 0.0, l.width, visibility - CROSSING_REACH - 2.0);
    let view = draw_in_area(&routes, short, None);
    let a = drawn(&view, &ids[3]);
    let marks: Vec<Line> = a.crossings.iter().map(|(line, _)| *line).collect();
    assert_eq!(marks, [Line::Interaction]);
    assert_eq!(a.crossed, [Line::Interaction, Line::Visibility]);
    assert_eq!(
        view.hit(
            routed(&routes, &ids[3]).path.at(0.1),
            PointerKind::Mouse,
            1.0
        ),
        Some((
            ids[3].clone(),
            Some("Crosses the line of interaction and the line of visibility".into())
        ))
    );
    // Within a mark's reach below the area, the mark still shows in it.
    let near = rect(0.0, 0.0, l.width, visibility - CROSSING_REACH + 2.0);
    let view = draw_in_area(&routes, near, None);
    let marks: Vec<Line> = drawn(&view, &ids[3])
        .crossings
        .iter()
        .map(|(line, _)| *line)
        .collect();
    assert_eq!(marks, [Line::Interaction, Line::Visibility]);
}

/// The fixture with two straight vertical arrows only: `c0` at x = 140 and `c2` at x = 160,
/// from y = 172 to y = 400.
fn two_parallel_arrows() -> (Fixture, Layout, Vec<ConnectionId>) {
    let mut f = fixture();
    let ids = connection_ids(&f.doc);
    let keep = [ids[0].clone(), ids[2].clone()];
    f.doc.connections.retain(|c| keep.contains(&c.id));
    // Without the customer's second card in the first stage, nothing lies between the ends
    // of either arrow, so both run straight between their cards' facing edges.
    let second = f.cards[1][0][1].clone();
    f.doc.cards.retain(|c| c.id != second);
    let mut l = layout(&f.doc);
    let place = |l: &mut Layout, card: &CardId, x: f64, y: f64| {
        l.cards.insert(card.clone(), rect(x, y, 180.0, 72.0));
    };
    place(&mut l, &f.cards[1][0][0], 50.0, 100.0);
    place(&mut l, &f.cards[2][0][0], 50.0, 400.0);
    place(&mut l, &f.cards[3][1][0], 70.0, 100.0);
    place(&mut l, &f.cards[3][1][1], 70.0, 400.0);
    (f, l, keep.to_vec())
}

#[test]
fn a_tap_hits_the_nearest_arrow_within_the_pointers_tolerance() {
    let (f, l, ids) = two_parallel_arrows();
    let routes = route_arrows(&f.doc, &l, None);
    let view = draw_in_area(&routes, canvas(&l), None);
    let at = |x: f64| Point { x, y: 286.0 };
    let hit = |x: f64, pointer: PointerKind, zoom: f64| view.hit(at(x), pointer, zoom).map(|h| h.0);
    // On an arrow, and nearest of two.
    assert_eq!(hit(140.0, PointerKind::Mouse, 1.0), Some(ids[0].clone()));
    assert_eq!(hit(146.0, PointerKind::Mouse, 1.0), Some(ids[0].clone()));
    assert_eq!(hit(153.0, PointerKind::Mouse, 1.0), Some(ids[1].clone()));
    assert_eq!(hit(148.0, PointerKind::Touch, 1.0), Some(ids[0].clone()));
    assert_eq!(hit(153.0, PointerKind::Touch, 1.0), Some(ids[1].clone()));
    // 8 px off the nearest: too far for a mouse or a pen (7 px), not for a finger (14 px).
    assert_eq!(hit(132.0, PointerKind::Mouse, 1.0), None);
    assert_eq!(hit(132.0, PointerKind::Pen, 1.0), None);
    assert_eq!(hit(132.0, PointerKind::Touch, 1.0), Some(ids[0].clone()));
    assert_eq!(hit(125.0, PointerKind::Touch, 1.0), None);
    // The tolerance is in screen pixels: zoomed in, a canvas pixel is larger.
    assert_eq!(hit(135.0, PointerKind::Mouse, 1.0), Some(ids[0].clone()));
    assert_eq!(hit(135.0, PointerKind::Mouse, 2.0), None);
    assert_eq!(hit(130.0, PointerKind::Mouse, 0.5), Some(ids[0].clone()));
    // An arrow that crosses no line (both ends backstage) has no tooltip.
    assert_eq!(
        view.hit(at(160.0), PointerKind::Mouse, 1.0),
        Some((ids[1].clone(), None))
    );
    // Only drawn arrows are hit: with the second out of the area, a tap on it hits nothing.
    let left = draw_in_area(&routes, rect(0.0, 0.0, 150.0, 600.0), None);
    assert_eq!(left.arrows().len(), 1);
    assert_eq!(left.hit(at(160.0), PointerKind::Mouse, 1.0), None);
    assert_eq!(
        left.hit(at(141.0), PointerKind::Mouse, 1.0).map(|h| h.0),
        Some(ids[0].clone())
    );
}

#[test]
fn pointer_kinds_from_the_dom_and_their_tolerances() {
    assert_eq!(PointerKind::from_dom("mouse"), PointerKind::Mouse);
    assert_eq!(PointerKind::from_dom("pen"), PointerKind::Pen);
    assert_eq!(PointerKind::from_dom("touch"), PointerKind::Touch);
    assert_eq!(PointerKind::from_dom(""), PointerKind::Mouse);
    assert_eq!(PointerKind::from_dom("Touch"), PointerKind::Mouse);
    assert_eq!(PointerKind::Mouse.tolerance(), 7.0);
    assert_eq!(PointerKind::Pen.tolerance(), 7.0);
    assert_eq!(PointerKind::Touch.tolerance(), 14.0);
}

#[test]
fn the_crossing_title_names_every_line() {
    assert_eq!(crossing_title(&[]), None);
    assert_eq!(
        crossing_title(&[Line::Visibility]).as_deref(),
        Some("Crosses the line of visibility")
    );
    assert_eq!(
        crossing_title(&Line::ALL).as_deref(),
        Some(
            "Crosses the line of interaction and the line of visibility and the line of \
             internal interaction"
        )
    );
}

#[test]
fn the_key_changes_exactly_when_the_arrows_elements_change() {
    let mut f = fixture();
    let ids = connection_ids(&f.doc);
    let l = layout(&f.doc);
    let area = canvas(&l);
    let routes = route_arrows(&f.doc, &l, None);
    let view = draw_in_area(&routes, area, None);
    let key = |view: &InView, i: usize| drawn(view, &ids[i]).key.clone();
    let keys: Vec<String> = (0..4).map(|i| key(&view, i)).collect();
    let mut distinct = keys.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 4, "each arrow its own key");

    // Moved, whole and with the same marks: a new drawing with the same key.
    let mut moved = l.clone();
    shift(&mut moved, &f.cards[3][1][0], 10.0, 0.0);
    shift(&mut moved, &f.cards[3][1][1], 10.0, 0.0);
    let moved_routes = route_arrows(&f.doc, &moved, Some(&routes));
    let moved_view = draw_in_area(&moved_routes, area, Some(&view));
    assert!(!drawn(&moved_view, &ids[2]).same(drawn(&view, &ids[2])));
    assert_ne!(drawn(&moved_view, &ids[2]).d, drawn(&view, &ids[2]).d);
    assert_eq!(key(&moved_view, 2), keys[2]);

    // Cut so that its end (where the arrowhead goes) is out of the area: a new key.
    let cut = draw_in_area(&routes, rect(0.0, 0.0, l.width, 300.0), None);
    assert_eq!(drawn(&cut, &ids[0]).ends, (true, false));
    assert_ne!(key(&cut, 0), keys[0]);
    // The same arrows in a smaller area that still holds them whole: the same keys.
    let whole = draw_in_area(
        &routes,
        rect(0.0, 0.0, l.width - 10.0, l.height - 10.0),
        None,
    );
    assert_eq!((0..4).map(|i| key(&whole, i)).collect::<Vec<_>>(), keys);

    // One crossing mark fewer: a new key.
    let visibility = l.lines[1].y;
    let short = draw_in_area(&routes, rect(0.0, 0.0, l.width, visibility - 20.0), None);
    assert_eq!(drawn(&short, &ids[3]).ends, (true, false));
    assert_eq!(drawn(&short, &ids[3]).crossings.len(), 1);
    assert_ne!(key(&short, 3), keys[3]);
    // Only its crossing marks out of the area, the arrow drawn whole (the last arrow runs down
    // the gutter at the right of the second stage, a few pixels right of an area that ends
    // short of it, within the clip's margin): a new key.
    let gutter = l.stages[1].end();
    let left = draw_in_area(&routes, rect(0.0, 0.0, gutter - 9.0, l.height), None);
    let a = drawn(&left, &ids[3]);
    assert_eq!(
        (a.ends, a.crossings.len(), a.crossed.len()),
        ((true, true), 0, 2)
    );
    assert_eq!(a.d, routed(&routes, &ids[3]).path.d());
    assert_ne!(key(&left, 3), keys[3]);

    // The label, kind or direction: a new key each.
    let edits: [Edit; 3] = [
        |c| c.label = "visit request".into(),
        |c| c.kind = ConnectionKind::Dependency,
        |c| c.direction = Direction::TwoWay,
    ];
    let mut seen = vec![keys[0].clone()];
    let (mut routes, mut view) = (routes, view);
    for edit in edits {
        edit_connection(&mut f, &ids[0], edit);
        routes = route_arrows(&f.doc, &l, Some(&routes));
        view = draw_in_area(&routes, area, Some(&view));
        let k = key(&view, 0);
        assert!(!seen.contains(&k), "{k}");
        seen.push(k);
        // The other arrows keep theirs.
        assert_eq!((1..4).map(|i| key(&view, i)).collect::<Vec<_>>(), keys[1..]);
    }
}

#[test]
fn the_key_follows_the_arrowheads_and_the_arrow() {
    let (mut f, l, ids) = two_parallel_arrows();
    // A second arrow just like the backstage one (same cards, kind, label): its own key.
    let mut twin = f.doc.connections[1].clone();
    twin.id = ConnectionId::new("cn_twin").expect("valid id");
    f.doc.connections.push(twin.clone());
    let routes = route_arrows(&f.doc, &l, None);
    let key = |area: Rect, id: &ConnectionId| {
        let view = draw_in_area(&routes, area, None);
        let a = drawn(&view, id);
        assert!(a.crossed.is_empty());
        (a.ends, a.key.clone())
    };
    // The backstage arrow runs straight down at x = 160 from y = 172 to 400.
    let (whole, start_only, end_only) = (
        key(rect(0.0, 0.0, 600.0, 600.0), &ids[1]),
        key(rect(0.0, 0.0, 600.0, 250.0), &ids[1]),
        key(rect(0.0, 300.0, 600.0, 300.0), &ids[1]),
    );
    assert_eq!(
        (whole.0, start_only.0, end_only.0),
        ((true, true), (true, false), (false, true))
    );
    assert_ne!(whole.1, start_only.1);
    assert_ne!(whole.1, end_only.1);
    assert_ne!(start_only.1, end_only.1);
    let twin_key = key(rect(0.0, 0.0, 600.0, 600.0), &twin.id);
    assert_eq!(twin_key.0, whole.0);
    assert_ne!(twin_key.1, whole.1);
}

#[test]
fn example_blueprints_reuse_every_route_and_drawing_an_edit_keeps() {
    for example in stageline_schema::examples::ALL {
        let mut doc = stageline_schema::load_str(example.json)
            .expect("example loads")
            .blueprint;
        let l = layout(&doc);
        let routes = route_arrows(&doc, &l, None);
        assert_eq!(
            routes.arrows().len(),
            doc.connections.len(),
            "{}",
            example.file
        );
        let area = rect(0.0, 0.0, l.width / 2.0, l.height / 2.0);
        let view = draw_in_area(&routes, area, None);
        // Move the first arrow's start to the end of its own cell.
        let Some(c) = doc.connections.first().cloned() else {
            continue;
        };
        let card = doc.card(&c.from).expect("arrow's card").clone();
        let op = ops::move_cards(
            &doc,
            std::slice::from_ref(&card.id),
            &card.lane,
            &card.stage,
            usize::MAX,
        )
        .expect("moves");
        apply(&mut doc, op);
        let after = layout(&doc);
        let rerouted = route_arrows(&doc, &after, Some(&routes));
        assert_eq!(
            rerouted,
            route_arrows(&doc, &after, None),
            "{}",
            example.file
        );
        for a in rerouted.arrows() {
            let old = routes.arrows().iter().find(|r| r.id == a.id);
            let unchanged = old.is_some_and(|o| o.ends == a.ends) && l.lines == after.lines;
            assert_eq!(
                old.is_some_and(|o| o.same(a)),
                unchanged,
                "{}: {}",
                example.file,
                a.id
            );
        }
        let redrawn = draw_in_area(&rerouted, area, Some(&view));
        assert_eq!(
            redrawn,
            draw_in_area(&rerouted, area, None),
            "{}",
            example.file
        );
        for a in redrawn.arrows() {
            let was = view.get(&a.id).is_some_and(|o| o.same(a));
            let route_kept = routes.arrows().iter().any(|r| r.same(a.route()));
            assert_eq!(was, route_kept, "{}: {}", example.file, a.id);
        }
    }
}

proptest! {
    /// Whatever cards move and however the arrows are reordered, reusing the previous routes
    /// and drawings gives what routing and drawing from scratch gives, and keeps exactly the
    /// arrows whose cards did not move.
    #[test]
    fn reuse_is_invisible_and_keeps_exactly_the_unmoved_arrows(
        moves in proptest::collection::vec((0usize..7, -40.0f64..40.0, -40.0f64..40.0), 0..4),
        rotate in 0usize..4,
        area in (0.0f64..600.0, 0.0f64..600.0, 50.0f64..900.0, 50.0f64..900.0),
    ) {
        let mut f = fixture();
        let cards: Vec<CardId> = f.cards.iter().flatten().flatten().cloned().collect();
        let l = layout(&f.doc);
        let area = rect(area.0, area.1, area.2, area.3);
        let routes = route_arrows(&f.doc, &l, None);
        let view = draw_in_area(&routes, area, None);
        let mut after = l.clone();
        for (card, dx, dy) in &moves {
            shift(&mut after, &cards[*card], *dx, *dy);
        }
        f.doc.connections.rotate_left(rotate);
        let rerouted = route_arrows(&f.doc, &after, Some(&routes));
        prop_assert_eq!(&rerouted, &route_arrows(&f.doc, &after, None));
        for a in rerouted.arrows() {
            let old = routed(&routes, &a.id);
            prop_assert_eq!(old.same(a), old.ends == a.ends);
        }
        let redrawn = draw_in_area(&rerouted, area, Some(&view));
        prop_assert_eq!(&redrawn, &draw_in_area(&rerouted, area, None));
        for a in redrawn.arrows() {
            let kept_route = routed(&routes, &a.id).same(a.route());
            prop_assert_eq!(view.get(&a.id).is_some_and(|o| o.same(a)), kept_route);
        }
    }
}
