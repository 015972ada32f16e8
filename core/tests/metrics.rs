//! Native tests of the journey metrics on small hand-made blueprints.

#[path = "checks_builder.rs"]
mod builder;

use builder::B;
use stageline_core::metrics::{compute, format_duration, SlaStatus};
use stageline_schema::{ActorType, CardKind, ConnectionKind, Direction, Lane, LaneKind, Zone};

#[test]
fn a_chain_adds_waits_durations_and_latencies() {
    let mut b = B::new(&["One"]);
    let c = b.timed(LaneKind::Customer, 0, "Asks", 60, 30);
    let f = b.timed(LaneKind::Frontstage, 0, "Answers", 0, 120);
    let k = b.timed(LaneKind::Backstage, 0, "Looks up", 0, 300);
    b.arrow_with(&c, &f, ConnectionKind::Handoff, Direction::OneWay, Some(10));
    b.arrow(&f, &k);
    let m = compute(&b.doc);
    let t = &m.stages[0].time;
    assert_eq!(t.critical_path_secs, 60 + 30 + 10 + 120 + 300);
    assert_eq!(t.critical_path, vec![c, f, k]);
    assert_eq!(t.status, SlaStatus::NoTarget);
    assert_eq!(t.margin_secs, None);
    assert!(m.broken_cycles.is_empty());
}

#[test]
fn parallel_branches_count_once() {
    let mut b = B::new(&["One"]);
    let a = b.timed(LaneKind::Frontstage, 0, "A", 0, 10);
    let long = b.timed(LaneKind::Backstage, 0, "Long", 0, 100);
    let short = b.timed(LaneKind::Backstage, 0, "Short", 0, 50);
    let join = b.timed(LaneKind::Support, 0, "Join", 0, 5);
    b.arrow(&a, &short);
    b.arrow(&a, &long);
    b.arrow(&short, &join);
    b.arrow(&long, &join);
    let m = compute(&b.doc);
    assert_eq!(m.stages[0].time.critical_path_secs, 115);
    assert_eq!(m.stages[0].time.critical_path, vec![a, long, join]);

    // A latency can make the shorter branch critical.
    let mut b2 = B::new(&["One"]);
    let a = b2.timed(LaneKind::Frontstage, 0, "A", 0, 10);
    let long = b2.timed(LaneKind::Backstage, 0, "Long", 0, 100);
    let short = b2.timed(LaneKind::Backstage, 0, "Short", 0, 50);
    b2.arrow(&a, &long);
    b2.arrow_with(
        &a,
        &short,
        ConnectionKind::Handoff,
        Direction::OneWay,
        Some(70),
    );
    let m = compute(&b2.doc);
    assert_eq!(m.stages[0].time.critical_path_secs, 130);
    assert_eq!(m.stages[0].time.critical_path, vec![a, short]);
}

#[test]
fn cards_without_arrows_run_in_parallel() {
    let mut b = B::new(&["One"]);
    let a = b.timed(LaneKind::Customer, 0, "A", 0, 20);
    let f = b.timed(LaneKind::Frontstage, 0, "F", 0, 20);
    b.arrow(&a, &f);
    let alone = b.timed(LaneKind::Backstage, 0, "Alone", 30, 5);
    assert_eq!(compute(&b.doc).stages[0].time.critical_path_secs, 40);
    b.edit(&alone, |c| c.typical_duration_secs = Some(15));
    let m = compute(&b.doc);
    assert_eq!(m.stages[0].time.critical_path_secs, 45);
    assert_eq!(m.stages[0].time.critical_path, vec![alone]);
    // Notes never count, even with a time.
    let lane = b.lane(LaneKind::Backstage);
    let note = b.card_in(lane, 0, CardKind::Note, "Note");
    b.edit(&note, |c| c.typical_duration_secs = Some(10_000));
    assert_eq!(compute(&b.doc).stages[0].time.critical_path_secs, 45);
}

#[test]
fn cycles_are_broken_and_reported_feedback_is_ignored() {
    let mut b = B::new(&["One"]);
    let a = b.timed(LaneKind::Frontstage, 0, "A", 0, 10);
    let x = b.timed(LaneKind::Backstage, 0, "X", 0, 20);
    let y = b.timed(LaneKind::Support, 0, "Y", 0, 30);
    b.arrow(&a, &x);
    b.arrow(&x, &y);
    let back = b.arrow(&y, &x);
    let fb = b.arrow_with(&y, &a, ConnectionKind::Feedback, Direction::OneWay, None);
    let m = compute(&b.doc);
    assert_eq!(m.broken_cycles, vec![back]);
    assert!(!m.broken_cycles.contains(&fb));
    assert_eq!(m.stages[0].time.critical_path_secs, 60);
    assert_eq!(m.stages[0].time.critical_path, vec![a, x, y]);
    // Same input, same answer.
    assert_eq!(m, compute(&b.doc));
}

#[test]
fn arrows_between_stages() {
    let mut b = B::new(&["One", "Two"]);
    let a = b.timed(LaneKind::Customer, 0, "Sends", 0, 10);
    let late = b.timed(LaneKind::Backstage, 1, "Receives", 0, 50);
    let other = b.timed(LaneKind::Frontstage, 1, "Other", 0, 120);
    b.arrow_with(
        &a,
        &late,
        ConnectionKind::DataFlow,
        Direction::OneWay,
        Some(100),
    );
    let m = compute(&b.doc);
    assert_eq!(m.stages[0].time.critical_path_secs, 10);
    // The latency delays the card it reaches inside the next stage.
    assert_eq!(m.stages[1].time.critical_path_secs, 150);
    assert_eq!(m.stages[1].time.critical_path, vec![late.clone()]);
    // An arrow back to an earlier stage is listed and ignored.
    let back = b.arrow(&other, &a);
    let m = compute(&b.doc);
    assert_eq!(m.backward_arrows, vec![back]);
    assert_eq!(m.stages[0].time.critical_path_secs, 10);
    // The arrow counts in the stage it starts from.
    assert_eq!(m.stages[0].flow.arrows, 1);
    assert_eq!(m.stages[1].flow.arrows, 1);
}

#[test]
fn stage_targets_and_end_to_end() {
    let mut b = B::new(&["One", "Two"]);
    b.timed(LaneKind::Customer, 0, "A", 0, 100);
    b.timed(LaneKind::Customer, 1, "B", 0, 400);
    b.doc.stages[0].target_duration_secs = Some(120);
    b.doc.stages[1].target_duration_secs = Some(300);
    let m = compute(&b.doc);
    assert_eq!(m.stages[0].time.status, SlaStatus::Within);
    assert_eq!(m.stages[0].time.margin_secs, Some(20));
    assert_eq!(m.stages[1].time.status, SlaStatus::Over);
    assert_eq!(m.stages[1].time.margin_secs, Some(-100));
    let e = &m.end_to_end;
    assert_eq!(e.time.critical_path_secs, 500);
    assert_eq!(e.time.target_secs, Some(420));
    assert_eq!(e.time.status, SlaStatus::Over);
    assert_eq!(e.stages_over_target, 1);
    assert_eq!(e.time.critical_path.len(), 2);
    // Without a target on every stage there is no end-to-end target.
    b.doc.stages[1].target_duration_secs = None;
    let m = compute(&b.doc);
    assert_eq!(m.end_to_end.time.target_secs, None);
    assert_eq!(m.end_to_end.time.status, SlaStatus::NoTarget);
    assert_eq!(m.stages[1].time.status, SlaStatus::NoTarget);
}

#[test]
fn handoffs_and_line_crossings() {
    let mut b = B::new(&["One"]);
    let c = b.card(LaneKind::Customer, 0, "C");
    let f = b.card(LaneKind::Frontstage, 0, "F");
    let k = b.card(LaneKind::Backstage, 0, "K");
    let s = b.card(LaneKind::Support, 0, "S");
    let f2 = b.card(LaneKind::Frontstage, 0, "F2");
    b.arrow(&c, &f); // interaction
    b.arrow_with(&f, &k, ConnectionKind::DataFlow, Direction::TwoWay, None); // visibility
    b.arrow(&c, &s); // all three
    b.arrow(&f, &f2); // none
    b.arrow_with(&s, &k, ConnectionKind::Feedback, Direction::OneWay, None); // internal
    let flow = compute(&b.doc).stages[0].flow;
    assert_eq!(flow.arrows, 5);
    assert_eq!(flow.handoffs, 3);
    assert_eq!(flow.crossing_arrows, 4);
    assert_eq!(flow.interaction, 2);
    assert_eq!(flow.visibility, 2);
    assert_eq!(flow.internal_interaction, 2);
    assert_eq!(compute(&b.doc).end_to_end.flow, flow);
}

#[test]
fn actor_mix_counts_service_steps() {
    let mut b = B::new(&["One", "Two"]);
    let types = [
        Some(ActorType::IvrBot),
        Some(ActorType::VirtualAgent),
        Some(ActorType::HumanWithCopilot),
        None,
    ];
    for t in types {
        let id = b.card(LaneKind::Frontstage, 0, "step");
        b.edit(&id, |c| c.actor_type = t);
    }
    // The customer's own steps and evidence are not counted.
    let cust = b.card(LaneKind::Customer, 0, "Customer");
    b.edit(&cust, |c| c.actor_type = Some(ActorType::Human));
    b.card(LaneKind::PhysicalEvidence, 0, "Screen");
    let human = b.card(LaneKind::Backstage, 1, "Expert");
    b.edit(&human, |c| c.actor_type = Some(ActorType::Human));

    let m = compute(&b.doc);
    let one = &m.stages[0].actors;
    assert_eq!(
        (
            one.human,
            one.ivr_bot,
            one.virtual_agent,
            one.human_with_copilot,
            one.unknown
        ),
        (0, 1, 1, 1, 1)
    );
    assert_eq!(one.total, 4);
    assert_eq!(one.shares.ivr_bot, 0.25);
    assert_eq!(one.shares.automated, 0.5);
    assert_eq!(m.stages[0].steps, 5);
    let two = &m.stages[1].actors;
    assert_eq!((two.human, two.total), (1, 1));
    assert_eq!(two.shares.human, 1.0);
    assert_eq!(m.end_to_end.actors.total, 5);
    assert_eq!(m.end_to_end.actors.shares.human, 0.2);
    // An empty stage has all shares 0.
    let empty = B::new(&["Empty"]);
    assert_eq!(compute(&empty.doc).stages[0].actors.shares.human, 0.0);
}

#[test]
fn emotion_curve_in_stage_and_lane_order() {
    let mut b = B::new(&["One", "Two"]);
    let late = b.card(LaneKind::Customer, 1, "Pays");
    let first = b.card(LaneKind::Customer, 0, "Arrives");
    let second = b.card(LaneKind::Customer, 0, "Waits");
    b.card(LaneKind::Customer, 0, "No feeling");
    // A second customer-zone lane below the first one.
    let mut lane = Lane::new(&mut b.ids, LaneKind::Custom);
    lane.zone = Some(Zone::Customer);
    let lane_id = lane.id.clone();
    b.doc.lanes.insert(2, lane);
    let companion = b.card_in(lane_id, 0, CardKind::Action, "Companion");
    // Frontstage emotions are not the customer's.
    let front = b.card(LaneKind::Frontstage, 0, "Staff");
    for (id, e) in [
        (&late, 2),
        (&first, 1),
        (&second, -2),
        (&companion, 0),
        (&front, -1),
    ] {
        b.edit(id, |c| c.emotion = Some(e));
    }
    let m = compute(&b.doc);
    let curve: Vec<_> = m
        .emotion_curve
        .iter()
        .map(|p| (p.card.clone(), p.emotion))
        .collect();
    assert_eq!(
        curve,
        vec![(first, 1), (second, -2), (companion, 0), (late, 2)]
    );
    assert_eq!(m.stages[0].emotions.len(), 3);
    assert_eq!(m.stages[0].mean_emotion, Some(-1.0 / 3.0));
    assert_eq!(m.stages[1].mean_emotion, Some(2.0));
}

#[test]
fn durations_for_people() {
    assert_eq!(format_duration(0), "0 s");
    assert_eq!(format_duration(45), "45 s");
    assert_eq!(format_duration(360), "6 min");
    assert_eq!(format_duration(90), "1 min 30 s");
    assert_eq!(format_duration(7500), "2 h 5 min");
    assert_eq!(format_duration(3 * 86_400 + 4 * 3600 + 59), "3 d 4 h");
    assert!(!format_duration(u64::MAX).is_empty());
}

#[test]
fn huge_numbers_saturate() {
    let mut b = B::new(&["One"]);
    let a = b.timed(LaneKind::Customer, 0, "A", u64::MAX, u64::MAX);
    let f = b.timed(LaneKind::Frontstage, 0, "F", 0, 1);
    b.arrow_with(
        &a,
        &f,
        ConnectionKind::Handoff,
        Direction::OneWay,
        Some(u64::MAX),
    );
    b.doc.stages[0].target_duration_secs = Some(10);
    let m = compute(&b.doc);
    assert_eq!(m.stages[0].time.critical_path_secs, u64::MAX);
    assert_eq!(m.stages[0].time.status, SlaStatus::Over);
    assert!(m.stages[0].time.margin_secs.is_some_and(|v| v < 0));
}

#[test]
fn examples_measure_and_serialize() {
    for example in stageline_schema::examples::ALL {
        let doc = stageline_schema::load_str(example.json)
            .expect("example loads")
            .blueprint;
        let m = compute(&doc);
        assert_eq!(m.stages.len(), doc.stages.len());
        assert!(m.end_to_end.time.critical_path_secs > 0, "{}", example.file);
        let json = serde_json::to_value(&m).expect("serializes");
        assert!(json["stages"][0]["time"]["critical_path_secs"].is_u64());
        assert_eq!(m, compute(&doc));
    }
    // The hotel example has a request/answer drawn as two arrows: one is dropped for timing.
    let hotel = stageline_schema::examples::ALL
        .iter()
        .find(|e| e.file == "hotel-stay.json")
        .expect("hotel");
    let doc = stageline_schema::load_str(hotel.json)
        .expect("loads")
        .blueprint;
    assert_eq!(compute(&doc).broken_cycles.len(), 1);
}
