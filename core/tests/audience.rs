//! Audience filters on real blueprints: presets, hidden lanes, the filtered copy, dimming and
//! highlighting.

#[path = "checks_builder.rs"]
mod builder;

use builder::B;
use stageline_core::audience::{
    filtered, is_dimmed, is_highlighted, is_lane_dimmed, visible_lanes, AudienceFilter, Preset,
};
use stageline_schema::{CardKind, FailPoint, Lane, LaneId, LaneKind, Line, Risk, SeededIds, Zone};

/// Canonical lanes, one card per lane in stage 0, arrows down the lanes, a fail point
/// backstage.
fn doc() -> (B, Vec<stageline_schema::CardId>) {
    let mut b = B::new(&["One", "Two"]);
    let cards: Vec<_> = LaneKind::CANONICAL
        .iter()
        .map(|&k| b.card(k, 0, &format!("{k:?}")))
        .collect();
    for pair in cards.windows(2) {
        b.arrow(&pair[0], &pair[1]);
    }
    b.edit(&cards[3], |c| {
        c.fail_point = Some(FailPoint {
            risk: Risk::High,
            description: "Breaks".into(),
            owner: None,
            escalation: None,
        })
    });
    (b, cards)
}

fn kinds(b: &B, lanes: &[LaneId]) -> Vec<LaneKind> {
    lanes
        .iter()
        .filter_map(|id| b.doc.lane(id))
        .map(|l| l.kind)
        .collect()
}

#[test]
fn presets_choose_lanes_by_zone() {
    use LaneKind::*;
    let (b, _) = doc();
    let shown = |p: Preset| kinds(&b, &visible_lanes(&b.doc, &AudienceFilter::from_preset(p)));
    assert_eq!(shown(Preset::Everyone), LaneKind::CANONICAL);
    assert_eq!(
        shown(Preset::CustomerFacing),
        [PhysicalEvidence, Customer, Frontstage]
    );
    assert_eq!(shown(Preset::Executives), [Customer, Frontstage]);
    assert_eq!(
        shown(Preset::Operations),
        [Customer, Frontstage, Backstage, Support]
    );
}

#[test]
fn hidden_lanes_and_unknown_ids() {
    let (b, _) = doc();
    let mut filter = AudienceFilter::default();
    filter.hidden.insert(b.lane(LaneKind::Frontstage));
    filter
        .hidden
        .insert(LaneId::new("ln_gone").expect("valid id"));
    let shown = visible_lanes(&b.doc, &filter);
    assert_eq!(shown.len(), 4);
    assert!(!shown.contains(&b.lane(LaneKind::Frontstage)));
    assert!(!filter.shows_lane(&b.doc, &b.lane(LaneKind::Frontstage)));
    assert!(filter.shows_lane(&b.doc, &b.lane(LaneKind::Customer)));
    assert!(!filter.shows_lane(&b.doc, &LaneId::new("ln_gone").expect("id")));
    // Parsing a link naming lanes the document lacks is fine too.
    let parsed = AudienceFilter::parse_query("hide=ln_gone,ln_other").expect("parses");
    assert_eq!(visible_lanes(&b.doc, &parsed).len(), 5);
}

#[test]
fn filtered_copy_drops_hidden_cards_and_their_arrows() {
    let (b, cards) = doc();
    let view = filtered(&b.doc, &AudienceFilter::from_preset(Preset::CustomerFacing));
    assert_eq!(view.lanes.len(), 3);
    assert_eq!(view.cards.len(), 3);
    assert!(view.cards.iter().all(|c| cards[..3].contains(&c.id)));
    // Evidence → customer → frontstage stay; frontstage → backstage goes.
    assert_eq!(view.connections.len(), 2);
    assert_eq!(view.stages, b.doc.stages);
    // Only the line of interaction is left to draw.
    let lines: Vec<Line> = view.lines().iter().map(|p| p.line).collect();
    assert_eq!(lines, [Line::Interaction]);
    // The default filter changes nothing.
    assert_eq!(filtered(&b.doc, &AudienceFilter::default()), b.doc);
    // Hiding everything leaves stages only.
    let none = AudienceFilter {
        hidden: b.doc.lanes.iter().map(|l| l.id.clone()).collect(),
        ..AudienceFilter::default()
    };
    let empty = filtered(&b.doc, &none);
    assert!(empty.lanes.is_empty() && empty.cards.is_empty() && empty.connections.is_empty());
}

#[test]
fn custom_lanes_keep_their_zone_when_the_lane_above_is_hidden() {
    let (mut b, _) = doc();
    let mut ids = SeededIds::new(9);
    // A custom lane right below backstage inherits the backstage zone.
    let mut custom = Lane::new(&mut ids, LaneKind::Custom);
    custom.name = "Warehouse".into();
    b.doc.lanes.insert(4, custom.clone());
    let card = b.card_in(custom.id.clone(), 1, CardKind::Action, "Picks");
    assert_eq!(b.doc.lane_zone(&custom.id), Some(Zone::Backstage));
    let mut filter = AudienceFilter::default();
    filter.hidden.insert(b.lane(LaneKind::Backstage));
    filter.dim_below_visibility = true;
    let view = filtered(&b.doc, &filter);
    assert_eq!(view.lane_zone(&custom.id), Some(Zone::Backstage));
    assert!(is_dimmed(&view, &filter, &card));
    assert!(is_dimmed(&b.doc, &filter, &card));
}

#[test]
fn dimming_and_highlighting() {
    let (b, cards) = doc();
    let plain = AudienceFilter::default();
    assert!(cards.iter().all(|c| !is_dimmed(&b.doc, &plain, c)));
    assert!(cards.iter().all(|c| !is_highlighted(&b.doc, &plain, c)));
    let filter = AudienceFilter {
        dim_below_visibility: true,
        highlight_fail_points: true,
        ..AudienceFilter::default()
    };
    let dimmed: Vec<bool> = cards
        .iter()
        .map(|c| is_dimmed(&b.doc, &filter, c))
        .collect();
    assert_eq!(dimmed, [false, false, false, true, true]);
    let lanes: Vec<bool> = b
        .doc
        .lanes
        .iter()
        .map(|l| is_lane_dimmed(&b.doc, &filter, &l.id))
        .collect();
    assert_eq!(lanes, dimmed);
    let lit: Vec<bool> = cards
        .iter()
        .map(|c| is_highlighted(&b.doc, &filter, c))
        .collect();
    assert_eq!(lit, [false, false, false, true, false]);
}

#[test]
fn toggling_a_lane_keeps_the_others() {
    let (b, _) = doc();
    let exec = AudienceFilter::from_preset(Preset::Executives);
    let backstage = b.lane(LaneKind::Backstage);
    // Showing a lane the preset hides: the preset becomes an explicit list.
    let more = exec.with_lane_shown(&b.doc, &backstage, true);
    assert_eq!(more.preset, Preset::Everyone);
    assert_eq!(
        kinds(&b, &visible_lanes(&b.doc, &more)),
        [
            LaneKind::Customer,
            LaneKind::Frontstage,
            LaneKind::Backstage
        ]
    );
    // Hiding one more and showing it again.
    let customer = b.lane(LaneKind::Customer);
    let fewer = exec.with_lane_shown(&b.doc, &customer, false);
    assert_eq!(
        kinds(&b, &visible_lanes(&b.doc, &fewer)),
        [LaneKind::Frontstage]
    );
    assert_eq!(fewer.with_lane_shown(&b.doc, &customer, true), exec);
    // The toggled filter survives the link encoding.
    assert_eq!(
        AudienceFilter::parse_query(&more.to_query()).as_ref(),
        Ok(&more)
    );
}
