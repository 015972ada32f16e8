//! Arrow label placement: no two labels overlap, no label covers a card or a derived line's
//! name or leaves the grid, for the shipped templates and for generated blueprints; the same
//! input always gives the same placement; a label with no room is hidden, not piled on.

#[path = "checks_builder.rs"]
mod builder;

use builder::B;
use proptest::prelude::*;
use stageline_core::arrows::route_arrows;
use stageline_core::layout::{Layout, Metrics, Rect};
use stageline_core::placement::{label_lines, line_label_box, place_labels, LabelPlacement};
use stageline_schema::{Blueprint, LaneKind};

fn placement(doc: &Blueprint, layout: &Layout) -> LabelPlacement {
    let routes = route_arrows(doc, layout, None);
    place_labels(
        layout,
        routes
            .arrows()
            .iter()
            .map(|a| (&a.id, &a.path, a.label.as_str())),
    )
}

/// Every rule of a good placement, with the offending pair named.
fn assert_clear(doc: &Blueprint, layout: &Layout, placed: &LabelPlacement) {
    let m = &layout.metrics;
    let grid = Rect {
        x: m.lane_header_width,
        y: m.stage_header_height,
        width: layout.width - m.lane_header_width,
        height: layout.height - m.stage_header_height,
    };
    let shown: Vec<_> = placed.iter().filter(|(_, l)| l.shown).collect();
    for (i, (a, la)) in shown.iter().enumerate() {
        assert!(grid.contains_rect(&la.rect), "label of {a} leaves the grid");
        for (b, lb) in &shown[i + 1..] {
            assert!(
                !la.rect.intersects(&lb.rect),
                "labels of {a} and {b} overlap: {:?} {:?}",
                la.rect,
                lb.rect
            );
        }
        for (card, r) in &layout.cards {
            assert!(!la.rect.intersects(r), "label of {a} covers card {card}");
        }
        for g in &layout.lines {
            let name = line_label_box(layout, g);
            assert!(
                !la.rect.intersects(&name),
                "label of {a} covers the name of the {:?}",
                g.line
            );
        }
    }
    // Every labelled arrow that is laid out has a placement (shown or not).
    let labelled = doc
        .connections
        .iter()
        .filter(|c| !c.label.trim().is_empty())
        .filter(|c| layout.cards.contains_key(&c.from) && layout.cards.contains_key(&c.to))
        .count();
    assert_eq!(placed.len(), labelled);
}

#[test]
fn template_labels_overlap_nothing() {
    for example in stageline_schema::examples::ALL {
        let doc = stageline_schema::load_str(example.json)
            .expect("loads")
            .blueprint;
        let layout = Layout::compute(&doc, Metrics::default());
        let placed = placement(&doc, &layout);
        assert_clear(&doc, &layout, &placed);
        let shown = placed.iter().filter(|(_, l)| l.shown).count();
        // Most labels find room in the templates (the hotel's all of them).
        assert!(
            shown * 4 >= placed.len() * 3,
            "{}: only {shown} of {} labels shown",
            example.file,
            placed.len()
        );
        assert_eq!(placed, placement(&doc, &layout), "deterministic");
    }
}

#[test]
fn hotel_labels_are_all_shown_and_whole() {
    let hotel = stageline_schema::examples::ALL
        .iter()
        .find(|e| e.file.contains("hotel"))
        .expect("the hotel template");
    let doc = stageline_schema::load_str(hotel.json)
        .expect("loads")
        .blueprint;
    let layout = Layout::compute(&doc, Metrics::default());
    let placed = placement(&doc, &layout);
    for c in &doc.connections {
        let label = placed.get(&c.id).expect("placed");
        assert!(label.shown, "{} has no room", c.label);
        assert_eq!(label.lines.join(" "), c.label, "no word lost");
    }
}

#[test]
fn a_label_without_room_is_hidden_not_piled_on() {
    // Twelve labelled arrows between the same two cards: they cannot all fit beside them.
    let mut b = B::new(&["One", "Two"]);
    let a = b.card(LaneKind::Customer, 0, "A");
    let c = b.card(LaneKind::Customer, 1, "B");
    for k in 0..12 {
        let id = b.arrow(&a, &c);
        if let Some(conn) = b.doc.connections.iter_mut().find(|x| x.id == id) {
            conn.label = format!("a rather long label number {k}");
        }
    }
    let layout = Layout::compute(&b.doc, Metrics::default());
    let placed = placement(&b.doc, &layout);
    assert_clear(&b.doc, &layout, &placed);
    assert!(placed.iter().any(|(_, l)| !l.shown), "some label is hidden");
    assert!(placed.iter().any(|(_, l)| l.shown), "some label is shown");
}

#[test]
fn long_labels_wrap_into_lines_that_keep_their_words() {
    let lines = label_lines("the guest hands the keys back and the porter takes the bags");
    assert!(lines.len() > 1 && lines.len() <= 3);
    assert_eq!(
        lines.join(" "),
        "the guest hands the keys back and the porter takes the bags"
    );
}

/// A generated blueprint: `stages` stages, cards at (lane kind index, stage) and arrows between
/// card indexes with labels of the given lengths.
fn generated(stages: usize, cards: &[(usize, usize)], arrows: &[(usize, usize, usize)]) -> B {
    let names: Vec<String> = (0..stages).map(|i| format!("S{i}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut b = B::new(&names);
    let kinds = [
        LaneKind::Customer,
        LaneKind::Frontstage,
        LaneKind::Backstage,
        LaneKind::Support,
    ];
    let ids: Vec<_> = cards
        .iter()
        .enumerate()
        .map(|(i, &(lane, stage))| {
            b.card(kinds[lane % kinds.len()], stage % stages, &format!("c{i}"))
        })
        .collect();
    for &(from, to, len) in arrows {
        if ids.is_empty() {
            break;
        }
        let (x, y) = (&ids[from % ids.len()], &ids[to % ids.len()]);
        if x == y {
            continue;
        }
        let id = b.arrow(x, y);
        let words = ["handoff", "data", "ok", "request", "the booking", "x"];
        let label: Vec<&str> = (0..len).map(|k| words[(k + from) % words.len()]).collect();
        if let Some(c) = b.doc.connections.iter_mut().find(|c| c.id == id) {
            c.label = label.join(" ");
        }
    }
    b
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn generated_labels_overlap_nothing(
        stages in 1usize..6,
        cards in prop::collection::vec((0usize..4, 0usize..6), 0..24),
        arrows in prop::collection::vec((0usize..24, 0usize..24, 0usize..8), 0..30),
    ) {
        let b = generated(stages, &cards, &arrows);
        let layout = Layout::compute(&b.doc, Metrics::default());
        let placed = placement(&b.doc, &layout);
        assert_clear(&b.doc, &layout, &placed);
        prop_assert_eq!(&placed, &placement(&b.doc, &layout));
    }
}
