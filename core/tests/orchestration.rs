//! Native tests of the orchestration view: the levels by hand-made documents and at their
//! boundaries, front and back of house, and the handoffs between automation and people.

#[path = "checks_builder.rs"]
mod builder;

use builder::B;
use proptest::prelude::*;
use stageline_core::metrics::ActorMix;
use stageline_core::orchestration::{
    classify, describe, level_label, orchestrate, HandoffKind, Level, AUTOMATION_FIRST_SHARE,
    MIN_STEPS, VIRTUAL_AGENTS_SHARE,
};
use stageline_schema::{ActorType, CardId, ConnectionKind, Direction, LaneKind, Named};

const H: Option<ActorType> = Some(ActorType::Human);
const IVR: Option<ActorType> = Some(ActorType::IvrBot);
const VA: Option<ActorType> = Some(ActorType::VirtualAgent);
const COP: Option<ActorType> = Some(ActorType::HumanWithCopilot);

/// Adds a step of `actor` in the first lane of `lane` at stage 0.
fn step(b: &mut B, lane: LaneKind, actor: Option<ActorType>) -> CardId {
    step_in(b, lane, 0, actor)
}

fn step_in(b: &mut B, lane: LaneKind, stage: usize, actor: Option<ActorType>) -> CardId {
    let id = b.card(lane, stage, "step");
    b.edit(&id, |c| c.actor_type = actor);
    id
}

/// The level of a one-stage document whose frontstage steps have these actor types.
fn level_of(actors: &[Option<ActorType>]) -> Option<Level> {
    let mut b = B::new(&["Only"]);
    for &a in actors {
        step(&mut b, LaneKind::Frontstage, a);
    }
    let o = orchestrate(&b.doc);
    assert_eq!(o.stages[0].orchestration.level, o.end_to_end.level);
    o.stages[0].orchestration.level
}

fn mix(human: usize, ivr: usize, va: usize, copilot: usize, unknown: usize) -> ActorMix {
    ActorMix {
        human,
        ivr_bot: ivr,
        virtual_agent: va,
        human_with_copilot: copilot,
        unknown,
        total: human + ivr + va + copilot + unknown,
        ..ActorMix::default()
    }
}

#[test]
fn each_level_by_a_hand_made_document() {
    assert_eq!(level_of(&[H, H, H]), Some(Level::Manual));
    assert_eq!(level_of(&[IVR, H, H]), Some(Level::IvrRouting));
    // IVR-heavy is still IVR and routing: no conversational automation.
    assert_eq!(level_of(&[IVR, IVR, IVR, H]), Some(Level::IvrRouting));
    assert_eq!(level_of(&[VA, H, H]), Some(Level::NaturalLanguageBots));
    assert_eq!(level_of(&[IVR, COP, H]), Some(Level::NaturalLanguageBots));
    assert_eq!(level_of(&[COP, COP]), Some(Level::NaturalLanguageBots));
    assert_eq!(
        level_of(&[VA, VA, COP, H]),
        Some(Level::VirtualAgentsWithCopilots)
    );
    assert_eq!(level_of(&[VA, VA, VA, COP]), Some(Level::AutomationFirst));
    assert_eq!(level_of(&[VA, VA]), Some(Level::AutomationFirst));
}

#[test]
fn too_little_information_has_no_level() {
    assert_eq!(level_of(&[]), None);
    assert_eq!(level_of(&[H]), None);
    // Most steps without an actor type.
    assert_eq!(level_of(&[H, H, None, None, None]), None);
    // Exactly half unknown still says enough.
    assert_eq!(level_of(&[H, H, None, None]), Some(Level::Manual));
    assert_eq!(level_label(None), "Not enough information");
}

#[test]
fn boundaries_of_the_shares() {
    assert_eq!(MIN_STEPS, 2);
    assert_eq!(classify(&mix(1, 0, 0, 0, 0)), None);
    assert_eq!(classify(&mix(2, 0, 0, 0, 0)), Some(Level::Manual));
    // Virtual agents at exactly half automated: virtual agents with copilots; just under: bots.
    assert_eq!(VIRTUAL_AGENTS_SHARE, 0.5);
    assert_eq!(
        classify(&mix(2, 0, 2, 0, 0)),
        Some(Level::VirtualAgentsWithCopilots)
    );
    assert_eq!(
        classify(&mix(3, 0, 2, 0, 0)),
        Some(Level::NaturalLanguageBots)
    );
    // IVR steps count as automated for the share once a virtual agent is there.
    assert_eq!(
        classify(&mix(2, 1, 1, 0, 0)),
        Some(Level::VirtualAgentsWithCopilots)
    );
    // Automation first at exactly three quarters, not just under.
    assert_eq!(AUTOMATION_FIRST_SHARE, 0.75);
    assert_eq!(classify(&mix(1, 0, 3, 0, 0)), Some(Level::AutomationFirst));
    assert_eq!(
        classify(&mix(2, 0, 5, 0, 0)),
        Some(Level::VirtualAgentsWithCopilots)
    );
    // ... and only when virtual agents do at least as much as IVRs and bots.
    assert_eq!(classify(&mix(1, 2, 2, 0, 0)), Some(Level::AutomationFirst));
    assert_eq!(
        classify(&mix(1, 3, 2, 0, 0)),
        Some(Level::VirtualAgentsWithCopilots)
    );
    // Unknown steps are left out of the shares.
    assert_eq!(classify(&mix(0, 0, 3, 1, 4)), Some(Level::AutomationFirst));
    assert_eq!(classify(&mix(0, 0, 3, 1, 5)), None);
}

#[test]
fn levels_have_one_table_of_names_and_labels() {
    let labels: Vec<&str> = Level::ALL.iter().map(|l| l.label()).collect();
    assert_eq!(
        labels,
        [
            "All manual",
            "IVR and routing",
            "Natural-language bots",
            "Virtual agents with copilots",
            "Automation first, people on the complex and emotional"
        ]
    );
    for (i, l) in Level::ALL.iter().enumerate() {
        assert_eq!(l.rank(), i);
        assert_eq!(Level::from_json_name(l.json_name()), Some(*l));
        assert_eq!(
            serde_json::to_value(l).ok(),
            Some(serde_json::json!(l.json_name()))
        );
    }
}

#[test]
fn front_and_back_of_house_and_customer_steps() {
    let mut b = B::new(&["One", "Two"]);
    step(&mut b, LaneKind::Frontstage, VA);
    step(&mut b, LaneKind::Frontstage, H);
    step(&mut b, LaneKind::Backstage, COP);
    step(&mut b, LaneKind::Support, None);
    // Not counted: the customer, evidence.
    step(&mut b, LaneKind::Customer, H);
    step(&mut b, LaneKind::PhysicalEvidence, H);
    step_in(&mut b, LaneKind::Backstage, 1, H);
    let o = orchestrate(&b.doc);
    let one = &o.stages[0].orchestration;
    assert_eq!(
        (one.actors.total, one.front.total, one.back.total),
        (4, 2, 2)
    );
    assert_eq!((one.front.virtual_agent, one.front.human), (1, 1));
    assert_eq!((one.back.human_with_copilot, one.back.unknown), (1, 1));
    assert_eq!(o.stages[1].orchestration.actors.total, 1);
    assert_eq!(o.end_to_end.actors.total, 5);
    assert_eq!(o.end_to_end.back.total, 3);
    // The end-to-end level is of the whole journey's mix.
    assert_eq!(o.end_to_end.level, classify(&o.end_to_end.actors));
    assert_eq!(o.stages[1].orchestration.level, None);
}

#[test]
fn handoffs_between_automation_and_people() {
    let mut b = B::new(&["One", "Two"]);
    let bot = step(&mut b, LaneKind::Frontstage, VA);
    let agent = step(&mut b, LaneKind::Frontstage, COP);
    let expert = step(&mut b, LaneKind::Backstage, H);
    let ivr = step(&mut b, LaneKind::Frontstage, IVR);
    let untyped = step(&mut b, LaneKind::Frontstage, None);
    let later_bot = step_in(&mut b, LaneKind::Backstage, 1, VA);
    let back_human = step_in(&mut b, LaneKind::Backstage, 1, H);
    let cust = step(&mut b, LaneKind::Customer, H);

    let to_agent = b.arrow(&bot, &agent);
    let approval = b.arrow(&bot, &expert);
    let back = b.arrow_with(
        &expert,
        &later_bot,
        ConnectionKind::DataFlow,
        Direction::TwoWay,
        None,
    );
    let back_to_back = b.arrow(&later_bot, &back_human);
    // Not handoffs between automation and people: same side, untyped end, customer end,
    // feedback.
    b.arrow(&ivr, &bot);
    b.arrow(&agent, &expert);
    b.arrow(&ivr, &untyped);
    b.arrow(&cust, &bot);
    b.arrow_with(
        &agent,
        &ivr,
        ConnectionKind::Feedback,
        Direction::OneWay,
        None,
    );

    let o = orchestrate(&b.doc);
    let one = &o.stages[0].orchestration;
    let found: Vec<_> = one
        .handoffs
        .iter()
        .map(|h| (h.connection.clone(), h.kind, h.two_way))
        .collect();
    assert_eq!(
        found,
        vec![
            (to_agent, HandoffKind::AutomationToPerson, false),
            (approval, HandoffKind::AutomationToBackOffice, false),
            (back, HandoffKind::PersonToAutomation, true),
        ]
    );
    assert_eq!(one.handoffs[2].from, expert);
    assert_eq!(one.handoffs[2].to, later_bot);
    assert_eq!(
        (one.handoffs_to_people(), one.handoffs_to_automation()),
        (2, 1)
    );
    // Automation in the back office handing to a person there is not a back-office trigger.
    let two = &o.stages[1].orchestration;
    assert_eq!(two.handoffs.len(), 1);
    assert_eq!(two.handoffs[0].connection, back_to_back);
    assert_eq!(two.handoffs[0].kind, HandoffKind::AutomationToPerson);
    assert_eq!(o.end_to_end.handoffs.len(), 4);
}

#[test]
fn describe_reads_as_a_sentence() {
    let mut b = B::new(&["Check in"]);
    let v = step(&mut b, LaneKind::Frontstage, VA);
    step(&mut b, LaneKind::Frontstage, VA);
    let h = step(&mut b, LaneKind::Frontstage, H);
    step(&mut b, LaneKind::Frontstage, H);
    b.arrow(&v, &h);
    let o = orchestrate(&b.doc);
    assert_eq!(
        describe("Check in", &o.stages[0].orchestration),
        "Check in: 4 steps, human 2, virtual agent 2; level Virtual agents with copilots; \
         1 handoff from automation to a person"
    );
    let e = step(&mut b, LaneKind::Support, IVR);
    b.arrow(&h, &e);
    let o = orchestrate(&b.doc);
    assert_eq!(
        describe("Check in", &o.stages[0].orchestration),
        "Check in: 5 steps, human 2, IVR / bot 1, virtual agent 2; front of house 4, back of \
         house 1; level Virtual agents with copilots; 1 handoff from automation to a person; \
         1 handoff from a person to automation"
    );
}

proptest! {
    /// The level of a document agrees with the rule on its mix, and follows the rule's
    /// first clauses: no level exactly when there is too little information, all manual
    /// exactly when there is no automation or copilot.
    #[test]
    fn the_level_follows_the_rule(counts in proptest::collection::vec(0usize..4, 5)) {
        let actors = [H, IVR, VA, COP, None];
        let mut types = Vec::new();
        for (a, &n) in actors.iter().zip(&counts) {
            types.extend(std::iter::repeat_n(*a, n));
        }
        let level = level_of(&types);
        let m = mix(counts[0], counts[1], counts[2], counts[3], counts[4]);
        prop_assert_eq!(level, classify(&m));
        let known = m.total - m.unknown;
        prop_assert_eq!(level.is_none(), known < MIN_STEPS || m.unknown * 2 > m.total);
        if let Some(l) = level {
            prop_assert_eq!(l == Level::Manual, counts[1] + counts[2] + counts[3] == 0);
            prop_assert_eq!(l == Level::IvrRouting, counts[1] > 0 && counts[2] + counts[3] == 0);
        }
    }
}
