//! Native tests of every blueprint check on small hand-made blueprints.

#[path = "checks_builder.rs"]
mod builder;

use builder::B;
use stageline_core::checks::{self, run_checks, Finding, Severity, CHECKS};
use stageline_schema::{
    CardKind, ConnectionKind, Direction, FailPoint, Lane, LaneKind, Risk, Zone,
};

fn with_code<'a>(findings: &'a [Finding], code: &str) -> Vec<&'a Finding> {
    findings.iter().filter(|f| f.code == code).collect()
}

fn codes(b: &B, code: &str) -> Vec<Finding> {
    with_code(&run_checks(&b.doc), code)
        .into_iter()
        .cloned()
        .collect()
}

#[test]
fn registry_is_complete_and_stable() {
    let mut seen = std::collections::HashSet::new();
    for c in CHECKS {
        assert!(seen.insert(c.code), "duplicate code {}", c.code);
        assert!(
            c.code
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch == '-'),
            "{} is kebab-case",
            c.code
        );
        assert!(!c.title.is_empty() && c.explanation.ends_with('.'));
        assert_eq!(checks::check(c.code), Some(c));
    }
    assert_eq!(CHECKS.len(), 9);
    assert!(checks::check("no-such-check").is_none());
}

#[test]
fn customer_action_without_frontstage() {
    let mut b = B::new(&["One", "Two"]);
    let alone = b.card(LaneKind::Customer, 0, "Asks for help");
    let f = codes(&b, checks::CUSTOMER_ACTION_WITHOUT_FRONTSTAGE);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].cards, vec![alone.clone()]);
    assert_eq!(f[0].stages, vec![b.doc.stages[0].id.clone()]);
    assert_eq!(f[0].severity, Severity::Warning);
    assert!(f[0].message.contains("Asks for help"), "{}", f[0].message);

    // A frontstage card in the same stage serves it.
    let mut served = B::new(&["One"]);
    served.card(LaneKind::Customer, 0, "Asks");
    served.card(LaneKind::Frontstage, 0, "Answers");
    assert!(codes(&served, checks::CUSTOMER_ACTION_WITHOUT_FRONTSTAGE).is_empty());

    // So does an arrow to a frontstage card in the next stage.
    let answer = b.card(LaneKind::Frontstage, 1, "Calls back");
    b.arrow(&alone, &answer);
    assert!(codes(&b, checks::CUSTOMER_ACTION_WITHOUT_FRONTSTAGE).is_empty());

    // A note in the frontstage lane is not a counterpart; evidence cards are not actions.
    let mut notes = B::new(&["One"]);
    notes.card(LaneKind::Customer, 0, "Asks");
    let lane = notes.lane(LaneKind::Frontstage);
    notes.card_in(lane, 0, CardKind::Note, "Idea");
    assert_eq!(
        codes(&notes, checks::CUSTOMER_ACTION_WITHOUT_FRONTSTAGE).len(),
        1
    );
}

#[test]
fn frontstage_without_backstage() {
    let mut b = B::new(&["One", "Two"]);
    let front = b.card(LaneKind::Frontstage, 0, "Promises delivery");
    let f = codes(&b, checks::FRONTSTAGE_WITHOUT_BACKSTAGE);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].cards, vec![front.clone()]);

    // A support process in the stage backs it.
    let mut support = B::new(&["One"]);
    support.card(LaneKind::Frontstage, 0, "Promises");
    support.card(LaneKind::Support, 0, "ERP");
    assert!(codes(&support, checks::FRONTSTAGE_WITHOUT_BACKSTAGE).is_empty());

    // An arrow to a backstage card in another stage backs it too.
    let back = b.card(LaneKind::Backstage, 1, "Ships");
    b.arrow(&front, &back);
    assert!(codes(&b, checks::FRONTSTAGE_WITHOUT_BACKSTAGE).is_empty());
}

#[test]
fn handoff_crossing_without_owners() {
    let mut b = B::new(&["One"]);
    let cust = b.card(LaneKind::Customer, 0, "Orders");
    let front = b.card(LaneKind::Frontstage, 0, "Takes order");
    let back = b.card(LaneKind::Backstage, 0, "Cooks");
    let sup = b.card(LaneKind::Support, 0, "Stock system");
    b.edit(&front, |c| c.owner = Some("Waiter".into()));
    // Customer → frontstage crosses only the line of interaction: never checked.
    b.arrow(&cust, &front);
    // Frontstage → backstage crosses visibility; the backstage end has no owner.
    let vis = b.arrow(&front, &back);
    // Backstage → support crosses internal interaction; neither end has an owner.
    let internal = b.arrow(&back, &sup);
    // Customer → backstage: the customer's end needs no owner, the backstage end does.
    let direct = b.arrow(&cust, &back);

    let f = codes(&b, checks::HANDOFF_CROSSING_WITHOUT_OWNERS);
    assert_eq!(f.len(), 3, "{f:#?}");
    let by_conn = |c: stageline_schema::ConnectionId| {
        f.iter()
            .find(|x| x.connections == [c.clone()])
            .expect("finding")
    };
    assert_eq!(by_conn(vis.clone()).cards, vec![back.clone()]);
    assert_eq!(
        by_conn(internal.clone()).cards,
        vec![back.clone(), sup.clone()]
    );
    assert!(by_conn(internal)
        .message
        .contains("line of internal interaction"));
    assert_eq!(by_conn(direct).cards, vec![back.clone()]);

    // Lane owners count for every card in the lane.
    b.own_all_lanes();
    assert!(codes(&b, checks::HANDOFF_CROSSING_WITHOUT_OWNERS).is_empty());

    // Blank owners do not count.
    for lane in &mut b.doc.lanes {
        lane.owner = Some("  ".into());
    }
    assert_eq!(codes(&b, checks::HANDOFF_CROSSING_WITHOUT_OWNERS).len(), 3);
}

#[test]
fn fail_point_without_owner_or_escalation() {
    let mut b = B::new(&["One"]);
    let both = b.card(LaneKind::Backstage, 0, "Checks stock");
    let no_esc = b.card(LaneKind::Backstage, 0, "Checks insurance");
    let fine = b.card(LaneKind::Backstage, 0, "Fills");
    let fp = |owner: Option<&str>, escalation: Option<&str>| FailPoint {
        risk: Risk::High,
        description: "breaks".into(),
        owner: owner.map(str::to_string),
        escalation: escalation.map(str::to_string),
    };
    b.edit(&both, |c| c.fail_point = Some(fp(None, None)));
    // The card's owner stands in for the fail point's.
    b.edit(&no_esc, |c| {
        c.owner = Some("Pharmacist".into());
        c.fail_point = Some(fp(None, Some("")));
    });
    b.edit(&fine, |c| {
        c.fail_point = Some(fp(Some("Pharmacist"), Some("Call the distributor")))
    });
    let f = codes(&b, checks::FAIL_POINT_WITHOUT_OWNER_OR_ESCALATION);
    assert_eq!(f.len(), 2);
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(f[0].cards, vec![both]);
    assert!(f[0].message.contains("no owner and no escalation"));
    assert_eq!(f[1].cards, vec![no_esc]);
    assert!(
        f[1].message.ends_with("has no escalation."),
        "{}",
        f[1].message
    );
}

#[test]
fn wait_without_duration() {
    let mut b = B::new(&["One"]);
    let tolerance = b.card(LaneKind::Customer, 0, "Hands over");
    b.edit(&tolerance, |c| c.wait_tolerance_secs = Some(600));
    let titled = b.card(LaneKind::Customer, 0, "Waits for the taxi");
    let timed = b.card(LaneKind::Customer, 0, "Queues at the desk");
    b.edit(&timed, |c| c.typical_duration_secs = Some(300));
    let tagged = b.card(LaneKind::Backstage, 0, "Approval");
    b.edit(&tagged, |c| c.tags = vec!["Queue".into()]);
    let waited = b.card(LaneKind::Customer, 0, "Waiting room");
    b.edit(&waited, |c| {
        c.wait_before_secs = Some(0);
        c.wait_tolerance_secs = Some(60);
    });
    // Evidence is not a customer step: a "waiting area" is not a wait.
    b.card(LaneKind::PhysicalEvidence, 0, "Waiting area");
    // "awaits" is not the word "waits".
    b.card(LaneKind::Customer, 0, "Awaits nothing");

    let f = codes(&b, checks::WAIT_WITHOUT_DURATION);
    let cards: Vec<_> = f.iter().map(|x| x.cards[0].clone()).collect();
    assert_eq!(cards, vec![tolerance, titled, tagged]);
    assert!(f[0].message.contains("tolerance"));
}

#[test]
fn stage_without_customer_action() {
    let mut b = B::new(&["One", "Two", "Three"]);
    b.card(LaneKind::Customer, 0, "Acts");
    // A note in the customer lane is not an action.
    let lane = b.lane(LaneKind::Customer);
    b.card_in(lane, 1, CardKind::Note, "Remember");
    b.card(LaneKind::Frontstage, 2, "Serves");
    let f = codes(&b, checks::STAGE_WITHOUT_CUSTOMER_ACTION);
    let stages: Vec<_> = f.iter().map(|x| x.stages.clone()).collect();
    assert_eq!(
        stages,
        vec![
            vec![b.doc.stages[1].id.clone()],
            vec![b.doc.stages[2].id.clone()]
        ]
    );
    assert!(f.iter().all(|x| x.cards.is_empty()));
    assert!(f[0].message.contains("“Two”"));

    // Custom lanes count by their zone.
    let mut custom = B::new(&["One"]);
    let mut lane = Lane::new(&mut custom.ids, LaneKind::Custom);
    lane.zone = Some(Zone::Customer);
    let id = lane.id.clone();
    custom.doc.lanes.insert(2, lane);
    custom.card_in(id, 0, CardKind::Action, "Second customer acts");
    assert!(codes(&custom, checks::STAGE_WITHOUT_CUSTOMER_ACTION).is_empty());
}

#[test]
fn card_without_owner() {
    let mut b = B::new(&["One"]);
    let front = b.card(LaneKind::Frontstage, 0, "Greets");
    let back = b.card(LaneKind::Backstage, 0, "Prepares");
    let owned = b.card(LaneKind::Backstage, 0, "Cleans");
    b.edit(&owned, |c| c.owner = Some("Housekeeping".into()));
    b.card(LaneKind::Support, 0, "Reservation system");
    b.card(LaneKind::Customer, 0, "Arrives");
    let lane = b.lane(LaneKind::Frontstage);
    b.card_in(lane, 0, CardKind::Evidence, "Name badge");
    let f = codes(&b, checks::CARD_WITHOUT_OWNER);
    let cards: Vec<_> = f.iter().map(|x| x.cards[0].clone()).collect();
    assert_eq!(cards, vec![front, back]);
    assert!(f[0].message.contains("frontstage"));
    assert!(f[1].message.contains("backstage"));
    b.own_all_lanes();
    assert!(codes(&b, checks::CARD_WITHOUT_OWNER).is_empty());
}

#[test]
fn arrow_cycle_not_feedback() {
    let mut b = B::new(&["One"]);
    let x = b.card(LaneKind::Frontstage, 0, "X");
    let y = b.card(LaneKind::Backstage, 0, "Y");
    let z = b.card(LaneKind::Support, 0, "Z");
    let other = b.card(LaneKind::Customer, 0, "Outside");
    let xy = b.arrow(&x, &y);
    let yz = b.arrow(&y, &z);
    let zx = b.arrow(&z, &x);
    b.arrow(&other, &x);
    let f = codes(&b, checks::ARROW_CYCLE_NOT_FEEDBACK);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].cards, vec![x.clone(), y.clone(), z.clone()]);
    assert_eq!(f[0].connections, vec![xy, yz, zx.clone()]);
    assert!(f[0].message.contains("3 cards"));

    // Marking the arrow that goes back as feedback resolves it.
    b.doc
        .connections
        .iter_mut()
        .find(|c| c.id == zx)
        .expect("arrow")
        .kind = ConnectionKind::Feedback;
    assert!(codes(&b, checks::ARROW_CYCLE_NOT_FEEDBACK).is_empty());

    // A two-way arrow is agreement, not a cycle; two separate cycles are two findings.
    let mut two = B::new(&["One"]);
    let a = two.card(LaneKind::Frontstage, 0, "A");
    let c = two.card(LaneKind::Backstage, 0, "C");
    two.arrow_with(&a, &c, ConnectionKind::DataFlow, Direction::TwoWay, None);
    assert!(codes(&two, checks::ARROW_CYCLE_NOT_FEEDBACK).is_empty());
    let d = two.card(LaneKind::Support, 0, "D");
    let e = two.card(LaneKind::Support, 0, "E");
    two.arrow(&a, &c);
    two.arrow(&c, &a);
    two.arrow(&d, &e);
    two.arrow(&e, &d);
    assert_eq!(codes(&two, checks::ARROW_CYCLE_NOT_FEEDBACK).len(), 2);
}

#[test]
fn unreachable_step() {
    let mut b = B::new(&["One", "Two"]);
    let cust = b.card(LaneKind::Customer, 0, "Orders");
    let front = b.card(LaneKind::Frontstage, 0, "Takes order");
    let back = b.card(LaneKind::Backstage, 1, "Cooks");
    let island = b.card(LaneKind::Backstage, 1, "Cleans the fryer");
    b.card(LaneKind::PhysicalEvidence, 0, "Menu");
    // Without arrows nothing is reported.
    assert!(codes(&b, checks::UNREACHABLE_STEP).is_empty());

    b.arrow(&cust, &front);
    // A two-way arrow is followed both ways.
    b.arrow_with(
        &back,
        &front,
        ConnectionKind::DataFlow,
        Direction::TwoWay,
        None,
    );
    let f = codes(&b, checks::UNREACHABLE_STEP);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].cards, vec![island.clone()]);

    // An arrow out of a step does not make it reachable; an arrow into it does.
    let sys = b.card(LaneKind::Support, 1, "Fryer timer");
    b.arrow(&island, &sys);
    let f = codes(&b, checks::UNREACHABLE_STEP);
    let cards: Vec<_> = f.iter().map(|x| x.cards[0].clone()).collect();
    assert_eq!(cards, vec![island.clone(), sys]);
    b.arrow(&back, &island);
    assert!(codes(&b, checks::UNREACHABLE_STEP).is_empty());

    // Without customer steps, the journey starts at the first stage with steps.
    let mut nocust = B::new(&["One", "Two"]);
    let first = nocust.card(LaneKind::Frontstage, 0, "Start");
    let next = nocust.card(LaneKind::Backstage, 1, "Next");
    let lost = nocust.card(LaneKind::Backstage, 1, "Lost");
    nocust.arrow(&first, &next);
    let f = codes(&nocust, checks::UNREACHABLE_STEP);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].cards, vec![lost]);
}

#[test]
fn disabled_checks_are_skipped() {
    let mut b = B::new(&["One"]);
    b.card(LaneKind::Frontstage, 0, "Alone");
    let all = run_checks(&b.doc);
    assert!(!with_code(&all, checks::CARD_WITHOUT_OWNER).is_empty());
    assert!(!with_code(&all, checks::STAGE_WITHOUT_CUSTOMER_ACTION).is_empty());
    b.doc.settings.disabled_checks = vec![
        checks::CARD_WITHOUT_OWNER.to_string(),
        "not-a-check".to_string(),
    ];
    let some = run_checks(&b.doc);
    assert!(with_code(&some, checks::CARD_WITHOUT_OWNER).is_empty());
    assert_eq!(some.len(), all.len() - 1);
    b.doc.settings.disabled_checks = CHECKS.iter().map(|c| c.code.to_string()).collect();
    assert!(run_checks(&b.doc).is_empty());
}

#[test]
fn findings_are_sorted_deterministic_and_serializable() {
    let mut b = B::new(&["One", "Two"]);
    let w = b.card(LaneKind::Frontstage, 1, "Later warning");
    let e = b.card(LaneKind::Backstage, 1, "Error card");
    b.card(LaneKind::Frontstage, 0, "Earlier warning");
    b.edit(&e, |c| {
        c.fail_point = Some(FailPoint {
            risk: Risk::Low,
            description: String::new(),
            owner: None,
            escalation: None,
        })
    });
    let f = run_checks(&b.doc);
    // Errors first, then by stage, lane and card.
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(f[0].cards, vec![e]);
    let rest: Vec<_> = f[1..].iter().map(|x| x.severity).collect();
    assert!(rest.iter().all(|s| *s == Severity::Warning));
    let pos_w = f
        .iter()
        .position(|x| x.cards.first() == Some(&w))
        .expect("w");
    let pos_first = f
        .iter()
        .position(|x| x.message.contains("Earlier warning"))
        .expect("earlier");
    assert!(pos_first < pos_w);
    assert_eq!(f, run_checks(&b.doc.clone()));

    let json = serde_json::to_value(&f[0]).expect("serializes");
    assert_eq!(json["code"], "fail-point-without-owner-or-escalation");
    assert_eq!(json["severity"], "error");
    assert!(json["cards"][0].is_string());
    assert!(serde_json::to_string(CHECKS).is_ok());
}

#[test]
fn empty_and_broken_documents_do_not_panic() {
    let mut b = B::new(&[]);
    assert!(run_checks(&b.doc).is_empty());
    b.doc.lanes.clear();
    assert!(run_checks(&b.doc).is_empty());
    // A card whose lane and stage do not exist, and an arrow to a missing card.
    let mut c = B::new(&["One"]);
    let x = c.card(LaneKind::Frontstage, 0, "X");
    let y = c.card(LaneKind::Backstage, 0, "Y");
    c.arrow(&x, &y);
    c.doc.lanes.remove(2);
    c.doc.cards.remove(1);
    let _ = run_checks(&c.doc);
}

#[test]
fn examples_lint_without_panicking() {
    for example in stageline_schema::examples::ALL {
        let loaded = stageline_schema::load_str(example.json).expect("example loads");
        let findings = run_checks(&loaded.blueprint);
        assert_eq!(findings, run_checks(&loaded.blueprint), "{}", example.file);
        // The shipped examples are complete enough to have no errors.
        assert!(
            findings.iter().all(|f| f.severity != Severity::Error),
            "{}: {findings:#?}",
            example.file
        );
        for f in &findings {
            assert!(f.check().is_some());
            assert!(!f.cards.is_empty() || !f.stages.is_empty());
        }
    }
}
