//! The diff, its replay and its deltas on small hand-made pairs, and two properties: a
//! document compared with itself has no changes, and replaying a diff on the old document
//! gives the new one.

#[path = "checks_builder.rs"]
mod builder;

use builder::B;
use proptest::prelude::*;
use stageline_core::diff::{apply, deltas, diff, text, BlueprintDiff};
use stageline_core::metrics::SlaStatus;
use stageline_core::orchestration::Level;
use stageline_core::{ops, Command};
use stageline_schema::{
    ActorType, Blueprint, ConnectionKind, FailPoint, LaneKind, Named, Risk, SeededIds,
};

/// A small blueprint: two stages, a customer, frontstage and backstage card in the first.
fn base() -> (B, Vec<stageline_schema::CardId>) {
    let mut b = B::new(&["Arrive", "Check in"]);
    let c = b.card(LaneKind::Customer, 0, "Walks in");
    let f = b.card(LaneKind::Frontstage, 0, "Greets");
    let k = b.card(LaneKind::Backstage, 0, "Prepares room");
    let k2 = b.card(LaneKind::Backstage, 0, "Checks booking");
    b.arrow(&c, &f);
    (b, vec![c, f, k, k2])
}

fn round_trips(old: &Blueprint, new: &Blueprint) -> BlueprintDiff {
    let d = diff(old, new);
    assert_eq!(&apply(old, &d), new, "apply(old, diff(old, new)) == new");
    // The JSON reads back to the same diff.
    let json = serde_json::to_string(&d).expect("serializes");
    let back: BlueprintDiff = serde_json::from_str(&json).expect("deserializes");
    assert_eq!(back, d);
    d
}

#[test]
fn a_document_has_no_changes_against_itself() {
    let (b, _) = base();
    let d = diff(&b.doc, &b.doc);
    assert!(d.is_empty());
    assert_eq!(d.len(), 0);
    assert!(text::describe(&d).is_empty());
    let json = serde_json::to_value(&d).expect("json");
    assert_eq!(json["format"], "stageline.diff");
    assert_eq!(json["version"], 1);
}

#[test]
fn timestamps_and_the_blueprint_id_are_carried_but_are_not_changes() {
    let (b, _) = base();
    let mut new = b.doc.clone();
    new.metadata.modified = stageline_schema::Timestamp::from_unix_millis(1_800_000_000_000);
    new.id = stageline_schema::BlueprintId::new("bp_copy").expect("id");
    let d = round_trips(&b.doc, &new);
    assert!(d.is_empty());
    assert!(d.metadata.as_ref().is_some_and(|m| m.fields.is_empty()));
    new.metadata.title = "To be".into();
    let d = round_trips(&b.doc, &new);
    assert!(!d.is_empty());
    assert_eq!(text::describe(&d), vec!["Blueprint title: Test → To be"]);
}

#[test]
fn added_and_removed_cards() {
    let (b, ids) = base();
    let mut new = b.doc.clone();
    new.cards.retain(|c| c.id != ids[2]);
    let mut nb = B {
        doc: new,
        ids: SeededIds::new(9),
    };
    let added = nb.card(LaneKind::Support, 1, "Sends key code");
    let d = round_trips(&b.doc, &nb.doc);
    assert_eq!(d.cards.removed.len(), 1);
    assert_eq!(d.cards.removed[0].card.id, ids[2]);
    assert_eq!(d.cards.removed[0].cell.stage_name, "Arrive");
    assert_eq!(d.cards.added.len(), 1);
    assert_eq!(d.cards.added[0].card.id, added);
    assert_eq!(d.cards.added[0].cell.stage_name, "Check in");
    assert_eq!(d.cards.added[0].cell.lane_name, "Support processes");
    let lines = text::describe(&d);
    assert!(
        lines.contains(
            &"Card removed: \"Prepares room\" from Backstage actions / Arrive".to_string()
        ),
        "{lines:?}"
    );
    assert!(
        lines.contains(
            &"Card added: \"Sends key code\" in Support processes / Check in".to_string()
        ),
        "{lines:?}"
    );
}

#[test]
fn a_move_between_cells_names_both_cells() {
    let (b, ids) = base();
    let mut new = b.doc.clone();
    let support = b.lane(LaneKind::Support);
    let stage = b.doc.stages[1].id.clone();
    let card = new.card_mut(&ids[2]).expect("card");
    card.lane = support.clone();
    card.stage = stage.clone();
    let d = round_trips(&b.doc, &new);
    assert_eq!(d.cards.moved.len(), 1);
    let m = &d.cards.moved[0];
    assert_eq!(
        (m.from.lane_name.as_str(), m.from.stage_name.as_str()),
        ("Backstage actions", "Arrive")
    );
    assert_eq!((&m.to.lane, &m.to.stage), (&support, &stage));
    assert!(d.cards.changed.is_empty(), "a move is not a field change");
    assert!(d.cards.reordered.is_empty());
    assert_eq!(
        text::describe(&d),
        vec!["Card moved: \"Prepares room\" from Backstage actions / Arrive to Support processes / Check in"]
    );
}

#[test]
fn a_reorder_within_a_cell() {
    let (b, ids) = base();
    let mut new = b.doc.clone();
    let (i, j) = (
        new.card_index(&ids[2]).unwrap(),
        new.card_index(&ids[3]).unwrap(),
    );
    new.cards.swap(i, j);
    let d = round_trips(&b.doc, &new);
    assert_eq!(d.cards.reordered.len(), 1);
    assert_eq!(
        d.cards.reordered[0].old_order,
        vec![ids[2].clone(), ids[3].clone()]
    );
    assert_eq!(
        d.cards.reordered[0].new_order,
        vec![ids[3].clone(), ids[2].clone()]
    );
    assert!(d.cards.moved.is_empty());
    assert_eq!(d.len(), 1);
}

#[test]
fn the_order_across_cells_is_not_a_change_but_is_replayed() {
    let (b, ids) = base();
    let mut new = b.doc.clone();
    let (i, j) = (
        new.card_index(&ids[0]).unwrap(),
        new.card_index(&ids[1]).unwrap(),
    );
    new.cards.swap(i, j);
    let d = round_trips(&b.doc, &new);
    assert!(d.is_empty());
    assert!(d.cards.order.is_some());
}

#[test]
fn renamed_and_moved_stages_and_lanes() {
    let (b, _) = base();
    let mut new = b.doc.clone();
    new.stages[1].name = "Arrival desk".into();
    new.stages[1].target_duration_secs = Some(600);
    new.stages.swap(0, 1);
    new.lanes[4].name = "Systems".into();
    new.lanes.swap(0, 1);
    let d = round_trips(&b.doc, &new);
    assert_eq!(d.stages.renamed.len(), 1);
    assert_eq!(d.stages.renamed[0].old_name, "Check in");
    assert_eq!(d.stages.renamed[0].new_name, "Arrival desk");
    assert_eq!(d.stages.moved.len(), 1, "one move explains a swap of two");
    assert_eq!(d.stages.changed.len(), 1);
    assert_eq!(d.stages.changed[0].fields[0].field, "target_duration_secs");
    assert_eq!(d.stages.changed[0].fields[0].old, "");
    assert_eq!(d.stages.changed[0].fields[0].new, "10 min");
    assert_eq!(d.lanes.renamed.len(), 1);
    assert_eq!(d.lanes.moved.len(), 1);
    let lines = text::describe(&d);
    assert!(
        lines.contains(&"Stage renamed: \"Check in\" → \"Arrival desk\"".to_string()),
        "{lines:?}"
    );
    assert!(
        lines.contains(
            &"Stage changed: \"Arrival desk\": target_duration_secs (none) → 10 min".to_string()
        ),
        "{lines:?}"
    );
}

#[test]
fn added_and_removed_stages() {
    let (b, _) = base();
    let mut new = b.doc.clone();
    let mut ids = SeededIds::new(3);
    new.stages
        .insert(1, stageline_schema::Stage::new(&mut ids, "Pay"));
    let d = round_trips(&b.doc, &new);
    assert_eq!(d.stages.added.len(), 1);
    assert_eq!(d.stages.added[0].index, 1);
    assert!(d.stages.moved.is_empty(), "an insertion moves nothing");
    let back = round_trips(&new, &b.doc);
    assert_eq!(back.stages.removed.len(), 1);
    assert_eq!(back.stages.removed[0].item.name, "Pay");
}

#[test]
fn field_changes_use_the_schema_labels() {
    let (b, ids) = base();
    let mut new = b.doc.clone();
    {
        let c = new.card_mut(&ids[1]).unwrap();
        c.actor_type = Some(ActorType::VirtualAgent);
        c.typical_duration_secs = Some(90);
        c.title = "Greets by name".into();
        c.fail_point = Some(FailPoint {
            risk: Risk::High,
            description: "No room".into(),
            owner: None,
            escalation: None,
        });
        c.tags = vec!["to-be".into()];
    }
    let d = round_trips(&b.doc, &new);
    assert_eq!(d.cards.changed.len(), 1);
    let ch = &d.cards.changed[0];
    assert!(!ch.guessed);
    let f = |name: &str| {
        ch.fields
            .iter()
            .find(|f| f.field == name)
            .map(|f| (f.old.as_str(), f.new.as_str()))
    };
    assert_eq!(f("actor_type"), Some(("", "Virtual agent")));
    assert_eq!(f("typical_duration_secs"), Some(("", "1 min 30 s")));
    assert_eq!(f("title"), Some(("Greets", "Greets by name")));
    assert_eq!(f("fail_point"), Some(("", "High risk: No room")));
    assert_eq!(f("tags"), Some(("", "to-be")));
    assert_eq!(ch.old.title, "Greets");
    assert_eq!(ch.new.title, "Greets by name");
}

#[test]
fn connection_changes() {
    let (mut b, ids) = base();
    let old = b.doc.clone();
    b.doc.connections[0].kind = ConnectionKind::DataFlow;
    b.doc.connections[0].to = ids[3].clone();
    b.arrow(&ids[1], &ids[2]);
    let d = round_trips(&old, &b.doc);
    assert_eq!(d.connections.added.len(), 1);
    assert_eq!(d.connections.added[0].from_title, "Greets");
    assert_eq!(d.connections.changed.len(), 1);
    let fields = &d.connections.changed[0].fields;
    assert_eq!(fields[0].field, "to");
    assert_eq!(
        (fields[0].old.as_str(), fields[0].new.as_str()),
        ("Greets", "Checks booking")
    );
    assert_eq!(fields[1].field, "kind");
    assert_eq!(
        (fields[1].old.as_str(), fields[1].new.as_str()),
        ("Handoff", "Data flow")
    );
    let back = round_trips(&b.doc, &old);
    assert_eq!(back.connections.removed.len(), 1);
}

#[test]
fn unrelated_blueprints_are_matched_by_lane_stage_and_title_as_guesses() {
    let (a, _) = base();
    // The same content built with other IDs, one title changed and one card moved.
    let mut ids = SeededIds::new(5);
    let now = stageline_schema::Timestamp::from_unix_millis(1_700_000_000_000).unwrap();
    let mut doc = Blueprint::new_blank(&mut ids, now, "Test");
    doc.stages = ["Arrive", "Check in"]
        .iter()
        .map(|n| stageline_schema::Stage::new(&mut ids, *n))
        .collect();
    let mut fresh = B { doc, ids };
    fresh.card(LaneKind::Customer, 0, "Walks in");
    let greets = fresh.card(LaneKind::Frontstage, 0, "Greets");
    fresh.edit(&greets, |c| c.actor_type = Some(ActorType::Human));
    fresh.card(LaneKind::Backstage, 0, "Prepares room");
    fresh.card(LaneKind::Backstage, 0, "Checks the booking");
    let d = diff(&a.doc, &fresh.doc);
    assert_eq!(d.cards.guessed.len(), 3);
    assert_eq!(d.cards.changed.len(), 1);
    assert!(d.cards.changed[0].guessed);
    assert_eq!(d.cards.changed[0].fields[0].field, "actor_type");
    assert_eq!(d.cards.added.len(), 1);
    assert_eq!(d.cards.removed.len(), 1);
    assert!(
        d.cards.moved.is_empty(),
        "a guess is in the same-named cell"
    );
    let lines = text::describe(&d);
    assert!(
        lines.iter().any(|l| l.contains("(guessed match)")),
        "{lines:?}"
    );

    // The stages and lanes are the same columns and rows under other IDs: matched by name
    // (lanes by kind and name), as guesses, not removed and added.
    assert_eq!(d.stages.guessed.len(), 2, "{:?}", d.stages);
    assert!(d.stages.added.is_empty() && d.stages.removed.is_empty());
    assert_eq!(d.stages.guessed[1].name, "Check in");
    assert_eq!(d.stages.guessed[1].old_id, a.doc.stages[1].id);
    assert_eq!(d.stages.guessed[1].new_id, fresh.doc.stages[1].id);
    assert_eq!(d.lanes.guessed.len(), a.doc.lanes.len());
    assert!(d.lanes.added.is_empty() && d.lanes.removed.is_empty());
    assert_eq!(
        lines.last().map(String::as_str),
        Some(
            "Matched by name, not by ID (guesses): 2 stages, 5 lanes, 3 cards (stages by name, \
             lanes by kind and name, cards by lane, stage and title)"
        ),
        "{lines:?}"
    );
    assert!(d.has_guesses() && !d.is_empty());
    // The removed card is named in its old cell, the added one in its new one.
    assert_eq!(d.cards.removed[0].cell.stage, fresh.doc.stages[0].id);
    assert_eq!(d.cards.removed[0].cell.stage_name, "Arrive");
    // Replaying the diff on the old document gives the new one, IDs and all.
    round_trips(&a.doc, &fresh.doc);
    round_trips(&fresh.doc, &a.doc);
    // The deltas see one "Check in", not a removed and an added one.
    let dl = deltas(&a.doc, &fresh.doc);
    assert_eq!(dl.stages.len(), 2);
    assert!(dl.stages.iter().all(|s| s.old.is_some() && s.new.is_some()));
}

#[test]
fn stages_and_lanes_are_guessed_by_name_only_when_their_ids_are_left_over() {
    let (a, _) = base();
    let mut new = a.doc.clone();
    let mut ids = SeededIds::new(77);
    // A stage renamed keeps its ID: a rename, not a guess.
    new.stages[0].name = "Arrival".into();
    // A stage deleted and drawn again with the same name (other case and spaces) is a guess.
    let check_in = stageline_schema::Stage::new(&mut ids, " check IN ");
    let old_check_in = new.stages[1].id.clone();
    new.stages[1] = check_in.clone();
    // A lane of another kind with a lane's name is not the same row.
    let support = a.lane(LaneKind::Support);
    let mut partner = stageline_schema::Lane::new(&mut ids, LaneKind::Partner);
    partner.name = "Support processes".into();
    let at = new.lane_index(&support).expect("support lane");
    new.lanes[at] = partner.clone();
    let d = round_trips(&a.doc, &new);
    // The guess ignores case and spaces, but the name did change: that is said too.
    assert_eq!(d.stages.renamed.len(), 2);
    assert_eq!(d.stages.renamed[0].new_name, "Arrival");
    assert_eq!(d.stages.renamed[1].old_name, "Check in");
    assert_eq!(
        d.stages.guessed,
        vec![stageline_core::diff::Guessed {
            old_id: old_check_in,
            new_id: check_in.id.clone(),
            name: " check IN ".into(),
        }]
    );
    assert!(d.lanes.guessed.is_empty());
    assert_eq!((d.lanes.added.len(), d.lanes.removed.len()), (1, 1));
    // An empty name matches nothing.
    let mut blank_old = a.doc.clone();
    blank_old.stages[1].name = String::new();
    let mut blank_new = new.clone();
    blank_new.stages[1].name = String::new();
    let d = round_trips(&blank_old, &blank_new);
    assert!(d.stages.guessed.is_empty());
    assert_eq!((d.stages.added.len(), d.stages.removed.len()), (1, 1));
}

#[test]
fn deltas_of_a_virtual_agent_taking_over() {
    let mut b = B::new(&["Check in"]);
    let mut cards = Vec::new();
    for t in ["A", "B", "C", "D"] {
        let id = b.card(LaneKind::Frontstage, 0, t);
        b.edit(&id, |c| c.actor_type = Some(ActorType::Human));
        cards.push(id);
    }
    let old = b.doc.clone();
    for id in &cards[..2] {
        b.edit(id, |c| c.actor_type = Some(ActorType::VirtualAgent));
    }
    let d = deltas(&old, &b.doc);
    let s = &d.stages[0];
    assert_eq!(s.old.as_ref().unwrap().actors.human, 4);
    assert_eq!(s.new.as_ref().unwrap().actors.human, 2);
    assert_eq!(s.new.as_ref().unwrap().actors.virtual_agent, 2);
    let lines = text::describe_deltas(&d);
    assert!(
        lines.contains(
            &"Check in: Human 4 → 2, Virtual agent 0 → 2; level All manual → Virtual agents \
              with copilots"
                .to_string()
        ),
        "{lines:?}"
    );
    let (o, n) = (s.old.as_ref().unwrap(), s.new.as_ref().unwrap());
    assert_eq!(
        (o.level, n.level),
        (Some(Level::Manual), Some(Level::VirtualAgentsWithCopilots))
    );
    assert_eq!(
        d.end_to_end.new.level,
        Some(Level::VirtualAgentsWithCopilots)
    );
}

#[test]
fn deltas_name_the_orchestration_level_and_automation_handoffs() {
    let mut b = B::new(&["Call", "Approve"]);
    let ivr = b.card(LaneKind::Frontstage, 0, "Menu");
    b.edit(&ivr, |c| c.actor_type = Some(ActorType::IvrBot));
    let agent = b.card(LaneKind::Frontstage, 0, "Agent");
    b.edit(&agent, |c| c.actor_type = Some(ActorType::Human));
    let other = b.card(LaneKind::Frontstage, 0, "Wrap-up");
    b.edit(&other, |c| c.actor_type = Some(ActorType::Human));
    b.arrow(&ivr, &agent);
    let old = b.doc.clone();
    // The to-be: a virtual agent instead of the menu, a copilot for the agent, and a new
    // stage where a back-office expert approves.
    b.edit(&ivr, |c| c.actor_type = Some(ActorType::VirtualAgent));
    b.edit(&other, |c| c.actor_type = Some(ActorType::VirtualAgent));
    let expert = b.card(LaneKind::Backstage, 1, "Approves");
    b.edit(&expert, |c| c.actor_type = Some(ActorType::Human));
    let check = b.card(LaneKind::Backstage, 1, "Checks");
    b.edit(&check, |c| c.actor_type = Some(ActorType::HumanWithCopilot));
    b.arrow(&other, &expert);
    let d = deltas(&old, &b.doc);
    let call = &d.stages[0];
    assert_eq!(call.old.as_ref().unwrap().level, Some(Level::IvrRouting));
    assert_eq!(call.old.as_ref().unwrap().automation_handoffs, 1);
    assert_eq!(call.new.as_ref().unwrap().automation_handoffs, 2);
    let lines = text::describe_deltas(&d);
    assert!(
        lines.contains(
            &"Call: handoffs 1 → 2, arrows 1 → 2, line crossings 0 → 1, Human 2 → 1, IVR / bot \
              1 → 0, Virtual agent 0 → 2, handoffs between automation and people 1 → 2; level \
              IVR and routing → Virtual agents with copilots"
                .to_string()
        ),
        "{lines:?}"
    );
    // The stage had no steps before: too little information for a level.
    assert!(
        lines.iter().any(|l| l.starts_with("Approve:")
            && l.ends_with("; level Not enough information → Natural-language bots")),
        "{lines:?}"
    );
    assert!(
        lines[0].ends_with("; level IVR and routing → Natural-language bots"),
        "{lines:?}"
    );
    // JSON: the level by its JSON name, null when there is too little information.
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(json["stages"][0]["old"]["level"], "ivr_routing");
    assert_eq!(json["stages"][0]["new"]["automation_handoffs"], 2);
}

#[test]
fn deltas_follow_the_critical_path_through_parallel_branches() {
    // Customer -> two parallel branches -> join; making the short branch long moves the path.
    let mut b = B::new(&["Order"]);
    let start = b.timed(LaneKind::Customer, 0, "Orders", 0, 60);
    let fast = b.timed(LaneKind::Frontstage, 0, "Confirms", 0, 60);
    let slow = b.timed(LaneKind::Backstage, 0, "Picks", 0, 300);
    let end = b.timed(LaneKind::Support, 0, "Ships", 0, 60);
    for (x, y) in [
        (&start, &fast),
        (&start, &slow),
        (&fast, &end),
        (&slow, &end),
    ] {
        b.arrow(x, y);
    }
    b.doc.stages[0].target_duration_secs = Some(600);
    let old = b.doc.clone();
    b.edit(&fast, |c| c.typical_duration_secs = Some(900));
    let d = deltas(&old, &b.doc);
    assert_eq!(d.end_to_end.old.critical_path_secs, 420);
    assert_eq!(d.end_to_end.new.critical_path_secs, 1020);
    assert_eq!(d.end_to_end.old.status, SlaStatus::Within);
    assert_eq!(d.end_to_end.new.status, SlaStatus::Over);
    assert_eq!(d.end_to_end.new.target_secs, Some(600));
    let lines = text::describe_deltas(&d);
    assert_eq!(
        lines[0].split(", ").next(),
        Some("End to end: critical path 7 min → 17 min"),
        "{lines:?}"
    );
}

#[test]
fn deltas_report_fixed_and_introduced_findings_and_fail_points() {
    let (mut b, ids) = base();
    b.own_all_lanes();
    b.edit(&ids[2], |c| {
        c.fail_point = Some(FailPoint {
            risk: Risk::High,
            description: String::new(),
            owner: None,
            escalation: None,
        })
    });
    let old = b.doc.clone();
    b.edit(&ids[2], |c| {
        if let Some(fp) = c.fail_point.as_mut() {
            fp.escalation = Some("Call the night manager".into());
        }
        c.wait_before_secs = Some(120);
    });
    let d = deltas(&old, &b.doc);
    let (o, n) = (&d.end_to_end.old, &d.end_to_end.new);
    assert_eq!((o.fail_points, n.fail_points), (1, 1));
    assert_eq!(
        (
            o.fail_points_without_owner_or_escalation,
            n.fail_points_without_owner_or_escalation
        ),
        (1, 0)
    );
    assert_eq!((o.wait_secs, n.wait_secs), (0, 120));
    assert!(d
        .findings
        .fixed
        .iter()
        .any(|f| f.code == "fail-point-without-owner-or-escalation"));
    assert!(
        d.findings.introduced.is_empty(),
        "{:?}",
        d.findings.introduced
    );
    let lines = text::describe_deltas(&d);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Fixed: error[fail-point-without-owner-or-escalation]")),
        "{lines:?}"
    );
}

/// One edit of the property test: user-level edits through `ops`, and direct field changes.
#[derive(Debug, Clone)]
enum Edit {
    AddCard(usize, usize, usize),
    MoveCard(usize, usize, usize, usize),
    DeleteCard(usize),
    Connect(usize, usize),
    AddStage(usize),
    DeleteStage(usize),
    MoveStage(usize, usize),
    MoveLane(usize, usize),
    RenameStage(usize),
    SetActor(usize, u8),
    SetDuration(usize, u64),
    Retitle(usize),
    ArrowKind(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let n = 0usize..16;
    prop_oneof![
        (n.clone(), n.clone(), n.clone()).prop_map(|(a, b, c)| Edit::AddCard(a, b, c)),
        (n.clone(), n.clone(), n.clone(), n.clone())
            .prop_map(|(a, b, c, d)| Edit::MoveCard(a, b, c, d)),
        n.clone().prop_map(Edit::DeleteCard),
        (n.clone(), n.clone()).prop_map(|(a, b)| Edit::Connect(a, b)),
        n.clone().prop_map(Edit::AddStage),
        n.clone().prop_map(Edit::DeleteStage),
        (n.clone(), n.clone()).prop_map(|(a, b)| Edit::MoveStage(a, b)),
        (n.clone(), n.clone()).prop_map(|(a, b)| Edit::MoveLane(a, b)),
        n.clone().prop_map(Edit::RenameStage),
        (n.clone(), 0u8..5).prop_map(|(a, b)| Edit::SetActor(a, b)),
        (n.clone(), 0u64..4000).prop_map(|(a, b)| Edit::SetDuration(a, b)),
        n.clone().prop_map(Edit::Retitle),
        n.prop_map(Edit::ArrowKind),
    ]
}

fn perform(doc: &mut Blueprint, ids: &mut SeededIds, e: &Edit) {
    fn pick<T>(v: &[T], i: usize) -> Option<&T> {
        v.get(i % v.len().max(1))
    }
    let run = |doc: &mut Blueprint, c: Option<Command>| {
        if let Some(c) = c {
            c.apply(doc).expect("an op's command applies");
        }
    };
    let card = |doc: &Blueprint, i: usize| pick(&doc.cards, i).map(|c| c.id.clone());
    let lane = |doc: &Blueprint, i: usize| pick(&doc.lanes, i).map(|l| l.id.clone());
    let stage = |doc: &Blueprint, i: usize| pick(&doc.stages, i).map(|s| s.id.clone());
    match *e {
        Edit::AddCard(l, s, p) => {
            let c = (|| {
                let (l, s) = (lane(doc, l)?, stage(doc, s)?);
                ops::add_card(doc, ids, &l, &s, Some(p), "new")
                    .ok()
                    .map(|(c, _)| c)
            })();
            run(doc, c);
        }
        Edit::MoveCard(c, l, s, p) => {
            let cmd = (|| {
                let (c, l, s) = (card(doc, c)?, lane(doc, l)?, stage(doc, s)?);
                ops::move_cards(doc, &[c], &l, &s, p).ok()
            })();
            run(doc, cmd);
        }
        Edit::DeleteCard(c) => {
            let cmd = card(doc, c).and_then(|c| ops::delete_cards(doc, &[c]).ok());
            run(doc, cmd);
        }
        Edit::Connect(a, b) => {
            let cmd = (|| {
                let (a, b) = (card(doc, a)?, card(doc, b)?);
                ops::connect(doc, ids, &a, &b, ConnectionKind::Handoff)
                    .ok()
                    .map(|(c, _)| c)
            })();
            run(doc, cmd);
        }
        Edit::AddStage(i) => {
            let cmd = Some(ops::add_stage(doc, ids, i, "Added").0);
            run(doc, cmd);
        }
        Edit::DeleteStage(i) => {
            let cmd = stage(doc, i).and_then(|s| ops::delete_stage(doc, &s).ok());
            run(doc, cmd);
        }
        Edit::MoveStage(i, to) => {
            let cmd = stage(doc, i).and_then(|s| ops::move_stage(doc, &s, to).ok());
            run(doc, cmd);
        }
        Edit::MoveLane(i, to) => {
            let cmd = lane(doc, i).and_then(|l| ops::move_lane(doc, &l, to).ok());
            run(doc, cmd);
        }
        Edit::RenameStage(i) => {
            let len = doc.stages.len().max(1);
            if let Some(s) = doc.stages.get_mut(i % len) {
                s.name.push('!');
            }
        }
        Edit::SetActor(i, a) => {
            let len = doc.cards.len().max(1);
            if let Some(c) = doc.cards.get_mut(i % len) {
                c.actor_type = <ActorType as Named>::ALL.get(a as usize).copied();
            }
        }
        Edit::SetDuration(i, secs) => {
            let len = doc.cards.len().max(1);
            if let Some(c) = doc.cards.get_mut(i % len) {
                c.typical_duration_secs = Some(secs);
            }
        }
        Edit::Retitle(i) => {
            let len = doc.cards.len().max(1);
            if let Some(c) = doc.cards.get_mut(i % len) {
                c.title = format!("{} (edited)", c.title);
            }
        }
        Edit::ArrowKind(i) => {
            let len = doc.connections.len().max(1);
            if let Some(c) = doc.connections.get_mut(i % len) {
                c.kind = ConnectionKind::Feedback;
            }
        }
    }
}

/// A starting document: the shared fixture's stages, lanes, cards and arrows.
fn start() -> (Blueprint, SeededIds) {
    let (mut b, _) = base();
    let ids = std::mem::replace(&mut b.ids, SeededIds::new(0));
    (b.doc, ids)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn any_edited_document_is_rebuilt_by_applying_its_diff(
        before in prop::collection::vec(edit(), 0..12),
        edits in prop::collection::vec(edit(), 0..24),
    ) {
        let (mut old, mut ids) = start();
        for e in &before {
            perform(&mut old, &mut ids, e);
        }
        prop_assert!(diff(&old, &old).is_empty());
        let mut new = old.clone();
        for e in &edits {
            perform(&mut new, &mut ids, e);
        }
        let d = diff(&old, &new);
        prop_assert_eq!(&apply(&old, &d), &new);
        // No change reported means the same document, up to what the schema leaves unordered
        // (cards across cells, arrows) and cards with new IDs matched as guesses.
        let norm = |doc: &Blueprint| {
            let mut doc = doc.clone();
            doc.cards.sort_by(|a, b| (&a.lane, &a.stage).cmp(&(&b.lane, &b.stage)));
            doc.connections.sort_by(|a, b| a.id.cmp(&b.id));
            doc
        };
        if d.is_empty() && !d.has_guesses() {
            prop_assert_eq!(norm(&old), norm(&new));
        }
        if norm(&old) != norm(&new) {
            prop_assert!(!d.is_empty() || d.has_guesses(), "{:?}", d);
        }
        // And back.
        prop_assert_eq!(&apply(&new, &diff(&new, &old)), &old);
        // The JSON reads back to the same diff.
        let json = serde_json::to_string(&d).expect("serializes");
        let back: BlueprintDiff = serde_json::from_str(&json).expect("deserializes");
        prop_assert_eq!(back, d);
    }
}

#[test]
fn what_a_blueprint_shows_and_where_it_came_from_are_metadata_changes() {
    use stageline_schema::{BlueprintId, BlueprintKind, DerivedFrom};
    let (b, _) = base();
    let mut new = b.doc.clone();
    new.metadata.kind = Some(BlueprintKind::ToBe);
    new.metadata.derived_from = Some(DerivedFrom {
        blueprint: BlueprintId::new("bp_as_is").expect("id"),
        title: "Hotel as is".into(),
        version: Some("v3".into()),
        at: None,
    });
    let d = round_trips(&b.doc, &new);
    assert_eq!(d.len(), 2);
    let fields: Vec<(&str, &str, &str)> = d
        .metadata
        .iter()
        .flat_map(|m| &m.fields)
        .map(|f| (f.field.as_str(), f.old.as_str(), f.new.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            ("kind", "", "To be"),
            ("derived_from", "", "“Hotel as is” (v3)")
        ]
    );
    assert_eq!(
        text::describe(&d),
        [
            "Blueprint kind: (none) → To be",
            "Blueprint derived from: (none) → “Hotel as is” (v3)"
        ]
    );
    // A change of the kind alone, and of the copy's date alone (shown the same: marked).
    let mut later = new.clone();
    later.metadata.kind = Some(BlueprintKind::Scenario);
    if let Some(from) = later.metadata.derived_from.as_mut() {
        from.at = stageline_schema::Timestamp::from_unix_millis(1_800_000_000_000);
    }
    let d = round_trips(&new, &later);
    assert_eq!(
        text::describe(&d),
        [
            "Blueprint kind: To be → Scenario",
            "Blueprint derived from: “Hotel as is” (v3) (before) → “Hotel as is” (v3) (after)"
        ]
    );
    // Cleared again.
    let d = round_trips(&later, &b.doc);
    assert_eq!(
        text::describe(&d),
        [
            "Blueprint kind: Scenario → (none)",
            "Blueprint derived from: “Hotel as is” (v3) → (none)"
        ]
    );
}
