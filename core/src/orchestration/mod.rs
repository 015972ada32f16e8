//! The orchestration view: per stage and end to end, how the service work is shared between
//! people and automation, front and back of house, which experience-orchestration level that
//! share fits, and where automation and people hand work to each other. [`orchestrate`] is
//! pure and deterministic; its output serializes to JSON. The rule is written for users in
//! `docs/orchestration.md`.
//!
//! # Steps, front and back of house
//!
//! A step is a touchpoint, action or system card placed in an existing cell, as in
//! [`crate::checks`]. The orchestration counts the steps below the line of interaction (the
//! service steps of [`crate::metrics::ActorMix`]) by `actor_type`: front of house is the
//! frontstage zone, back of house the backstage and support zones. The customer's own steps
//! do not count.
//!
//! # Levels
//!
//! [`classify`] maps an actor mix to a [`Level`] (see its docs for the rule and
//! [`MIN_STEPS`], [`MAX_UNKNOWN_SHARE`], [`VIRTUAL_AGENTS_SHARE`], [`AUTOMATION_FIRST_SHARE`]).
//! The rule is a heuristic: the view always shows the counts beside the level.
//!
//! # Handoffs between automation and people
//!
//! Automated steps are those of an IVR or bot and of a virtual agent; people are people with
//! or without a copilot. An arrow of any kind but feedback whose two ends are service steps,
//! one automated and one by people, is an [`AutomationHandoff`]; it counts in the stage of the
//! card it starts from, like [`crate::metrics::Flow`]. Its [`HandoffKind`] follows the
//! arrow's direction (`from` to `to`): automation to people is
//! [`HandoffKind::AutomationToPerson`], except that an automated frontstage step handing to a
//! person's backstage or support step is [`HandoffKind::AutomationToBackOffice`] (a virtual
//! agent triggering a back-office approval); people to automation is
//! [`HandoffKind::PersonToAutomation`]. Arrows without an actor type at either end are not
//! handoffs between automation and people.

pub mod band;

use serde::Serialize;
use stageline_schema::{
    ActorType, Blueprint, CardId, ConnectionId, ConnectionKind, Line, Named, StageId, Zone,
};

use crate::checks::Index;
use crate::metrics::ActorMix;

/// Fewer service steps with an actor type than this: not enough information for a level.
pub const MIN_STEPS: usize = 2;

/// A larger share of service steps without an actor type than this: not enough information.
pub const MAX_UNKNOWN_SHARE: f64 = 0.5;

/// With virtual agents present, at least this share of the typed steps automated (IVR or bot,
/// virtual agent) fits [`Level::VirtualAgentsWithCopilots`].
pub const VIRTUAL_AGENTS_SHARE: f64 = 0.5;

/// At least this share of the typed steps automated, with virtual agents doing at least as
/// many steps as IVRs and bots, fits [`Level::AutomationFirst`].
pub const AUTOMATION_FIRST_SHARE: f64 = 0.75;

/// An experience-orchestration level, as contact-centre practice describes them, from
/// all-manual to automation first; ordered from least to most automated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// People do every step by hand, without automation or copilots.
    Manual,
    /// IVRs and scripted bots route and automate simple steps; no virtual agents or copilots.
    IvrRouting,
    /// Conversational automation or copilots appear, but people or scripted bots still do more
    /// than half of the steps.
    NaturalLanguageBots,
    /// Virtual agents, with at least half of the steps automated; people (often with copilots)
    /// take the complex cases.
    VirtualAgentsWithCopilots,
    /// Automation, led by virtual agents, does most steps; people take the complex and
    /// emotional ones.
    AutomationFirst,
}

impl Named for Level {
    const ALL: &'static [Self] = &[
        Level::Manual,
        Level::IvrRouting,
        Level::NaturalLanguageBots,
        Level::VirtualAgentsWithCopilots,
        Level::AutomationFirst,
    ];

    fn json_name(self) -> &'static str {
        self.row().0
    }

    fn label(self) -> &'static str {
        self.row().1
    }
}

impl Level {
    /// The one table of the level's JSON name and label (app, CLI and SVG read it).
    const fn row(self) -> (&'static str, &'static str) {
        match self {
            Level::Manual => ("manual", "All manual"),
            Level::IvrRouting => ("ivr_routing", "IVR and routing"),
            Level::NaturalLanguageBots => ("natural_language_bots", "Natural-language bots"),
            Level::VirtualAgentsWithCopilots => (
                "virtual_agents_with_copilots",
                "Virtual agents with copilots",
            ),
            Level::AutomationFirst => (
                "automation_first",
                "Automation first, people on the complex and emotional",
            ),
        }
    }

    /// The level's number on the ladder, from 0 (all manual) to 4 (automation first).
    pub fn rank(self) -> usize {
        Level::ALL.iter().position(|&l| l == self).unwrap_or(0)
    }
}

/// What a person reads for a level that may be missing: its label, or "Not enough
/// information" when the steps do not say enough.
pub fn level_label(level: Option<Level>) -> &'static str {
    level.map_or(NOT_ENOUGH_INFORMATION, Level::label)
}

/// The label of a missing level.
pub const NOT_ENOUGH_INFORMATION: &str = "Not enough information";

/// The level an actor mix fits, or `None` when it does not say enough.
///
/// The rule, in order (shares are of the steps that have an actor type):
/// 1. fewer than [`MIN_STEPS`] steps with an actor type, or more than [`MAX_UNKNOWN_SHARE`]
///    of all steps without one: `None`;
/// 2. no IVR or bot, virtual agent or copilot: [`Level::Manual`];
/// 3. at least [`AUTOMATION_FIRST_SHARE`] automated and at least as many virtual-agent steps
///    as IVR or bot steps: [`Level::AutomationFirst`];
/// 4. any virtual agent and at least [`VIRTUAL_AGENTS_SHARE`] automated:
///    [`Level::VirtualAgentsWithCopilots`];
/// 5. any virtual agent or copilot: [`Level::NaturalLanguageBots`];
/// 6. otherwise (automation by IVRs and bots only): [`Level::IvrRouting`].
pub fn classify(mix: &ActorMix) -> Option<Level> {
    let known = mix.total - mix.unknown;
    if known < MIN_STEPS || mix.unknown as f64 > MAX_UNKNOWN_SHARE * mix.total as f64 {
        return None;
    }
    let automated = mix.ivr_bot + mix.virtual_agent;
    let share = automated as f64 / known as f64;
    let level = if automated == 0 && mix.human_with_copilot == 0 {
        Level::Manual
    } else if share >= AUTOMATION_FIRST_SHARE && mix.virtual_agent >= mix.ivr_bot {
        Level::AutomationFirst
    } else if mix.virtual_agent > 0 && share >= VIRTUAL_AGENTS_SHARE {
        Level::VirtualAgentsWithCopilots
    } else if mix.virtual_agent > 0 || mix.human_with_copilot > 0 {
        Level::NaturalLanguageBots
    } else {
        Level::IvrRouting
    };
    Some(level)
}

/// Which way work passes between automation and people along an arrow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HandoffKind {
    /// An IVR, bot or virtual agent hands over to a person (front to front, or back to back).
    AutomationToPerson,
    /// An automated frontstage step triggers a person's backstage or support step (a virtual
    /// agent asking for a back-office approval).
    AutomationToBackOffice,
    /// A person hands over to an IVR, bot or virtual agent.
    PersonToAutomation,
}

impl Named for HandoffKind {
    const ALL: &'static [Self] = &[
        HandoffKind::AutomationToPerson,
        HandoffKind::AutomationToBackOffice,
        HandoffKind::PersonToAutomation,
    ];

    fn json_name(self) -> &'static str {
        self.row().0
    }

    fn label(self) -> &'static str {
        self.row().1
    }
}

impl HandoffKind {
    /// The one table of the kind's JSON name and label.
    const fn row(self) -> (&'static str, &'static str) {
        match self {
            HandoffKind::AutomationToPerson => {
                ("automation_to_person", "Bot hands over to a person")
            }
            HandoffKind::AutomationToBackOffice => (
                "automation_to_back_office",
                "Automation triggers a back-office step by a person",
            ),
            HandoffKind::PersonToAutomation => {
                ("person_to_automation", "Person hands over to automation")
            }
        }
    }

    /// Whether work passes from automation to people.
    pub fn to_people(self) -> bool {
        self != HandoffKind::PersonToAutomation
    }
}

/// An arrow between an automated step and a person's step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AutomationHandoff {
    /// The arrow.
    pub connection: ConnectionId,
    /// The card it starts from.
    pub from: CardId,
    /// The card it points to.
    pub to: CardId,
    /// The stage of `from`, where it counts.
    pub stage: StageId,
    /// Which way the work passes.
    pub kind: HandoffKind,
    /// Whether the arrow goes both ways (its kind still follows `from` to `to`).
    pub two_way: bool,
}

/// How one stage's (or the journey's) service steps are shared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Orchestration {
    /// All service steps by actor type.
    pub actors: ActorMix,
    /// Front of house: the frontstage zone's steps.
    pub front: ActorMix,
    /// Back of house: the backstage and support zones' steps.
    pub back: ActorMix,
    /// The level `actors` fits ([`classify`]), or `None` when it does not say enough.
    pub level: Option<Level>,
    /// The handoffs between automation and people that start here, in document order.
    pub handoffs: Vec<AutomationHandoff>,
}

impl Orchestration {
    fn new() -> Orchestration {
        Orchestration {
            actors: ActorMix::default(),
            front: ActorMix::default(),
            back: ActorMix::default(),
            level: None,
            handoffs: Vec::new(),
        }
    }

    /// How many handoffs pass work from automation to people.
    pub fn handoffs_to_people(&self) -> usize {
        self.handoffs.iter().filter(|h| h.kind.to_people()).count()
    }

    /// How many handoffs pass work from people to automation.
    pub fn handoffs_to_automation(&self) -> usize {
        self.handoffs.len() - self.handoffs_to_people()
    }
}

/// One stage's orchestration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageOrchestration {
    /// The stage's ID.
    pub stage: StageId,
    /// The stage's name.
    pub name: String,
    /// Its share of the work.
    #[serde(flatten)]
    pub orchestration: Orchestration,
}

/// The orchestration of a whole blueprint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JourneyOrchestration {
    /// One entry per stage, in stage order.
    pub stages: Vec<StageOrchestration>,
    /// The whole journey (all service steps, all handoffs).
    pub end_to_end: Orchestration,
}

/// Whether an actor type is automation (IVR or bot, virtual agent) rather than people.
pub fn is_automated(actor: ActorType) -> bool {
    matches!(actor, ActorType::IvrBot | ActorType::VirtualAgent)
}

fn is_back_of_house(zone: Zone) -> bool {
    matches!(zone, Zone::Backstage | Zone::Support)
}

/// Computes the orchestration of `doc` per stage and end to end (see the module docs).
pub fn orchestrate(doc: &Blueprint) -> JourneyOrchestration {
    let index = Index::new(doc);
    let service =
        |i: usize| index.is_step(i) && index.zone(i).is_some_and(|z| Line::Interaction.is_below(z));
    let mut per: Vec<Orchestration> = doc.stages.iter().map(|_| Orchestration::new()).collect();
    for i in 0..doc.cards.len() {
        let (Some(s), Some(zone)) = (index.stage(i), index.zone(i)) else {
            continue;
        };
        if !service(i) {
            continue;
        }
        let actor = index.card(i).actor_type;
        let o = &mut per[s];
        o.actors.count(actor);
        if zone == Zone::Frontstage {
            o.front.count(actor);
        } else {
            o.back.count(actor);
        }
    }
    for (_, a, b, c) in index.arrows() {
        if c.kind == ConnectionKind::Feedback || !service(a) || !service(b) {
            continue;
        }
        let (Some(s), Some(ta), Some(tb)) = (
            index.stage(a),
            index.card(a).actor_type,
            index.card(b).actor_type,
        ) else {
            continue;
        };
        let kind = match (is_automated(ta), is_automated(tb)) {
            (true, false) => {
                let front = index.zone(a) == Some(Zone::Frontstage);
                if front && index.zone(b).is_some_and(is_back_of_house) {
                    HandoffKind::AutomationToBackOffice
                } else {
                    HandoffKind::AutomationToPerson
                }
            }
            (false, true) => HandoffKind::PersonToAutomation,
            _ => continue,
        };
        per[s].handoffs.push(AutomationHandoff {
            connection: c.id.clone(),
            from: index.card(a).id.clone(),
            to: index.card(b).id.clone(),
            stage: doc.stages[s].id.clone(),
            kind,
            two_way: crate::checks::two_way(c),
        });
    }
    let mut total = Orchestration::new();
    let stages = doc
        .stages
        .iter()
        .zip(per)
        .map(|(stage, mut o)| {
            o.level = classify(&o.actors);
            total.actors.add(&o.actors);
            total.front.add(&o.front);
            total.back.add(&o.back);
            total.handoffs.extend(o.handoffs.iter().cloned());
            StageOrchestration {
                stage: stage.id.clone(),
                name: stage.name.clone(),
                orchestration: o,
            }
        })
        .collect();
    total.level = classify(&total.actors);
    JourneyOrchestration {
        stages,
        end_to_end: total,
    }
}

/// The count of one actor type in a mix (`None`: the steps without an actor type).
pub fn actor_count(mix: &ActorMix, actor: Option<ActorType>) -> usize {
    match actor {
        Some(ActorType::Human) => mix.human,
        Some(ActorType::IvrBot) => mix.ivr_bot,
        Some(ActorType::VirtualAgent) => mix.virtual_agent,
        Some(ActorType::HumanWithCopilot) => mix.human_with_copilot,
        None => mix.unknown,
    }
}

/// A stage's orchestration in one sentence a screen reader reads: "Check in: 4 steps, human 2,
/// virtual agent 2; level Virtual agents with copilots; 1 handoff from automation to a person".
///
/// Only the actor types with steps are named; front and back of house follow when both have
/// steps.
pub fn describe(name: &str, o: &Orchestration) -> String {
    let mut parts = vec![steps_text(o.actors.total)];
    parts.extend(mix_parts(&o.actors));
    let mut out = format!("{name}: {}", parts.join(", "));
    if o.front.total > 0 && o.back.total > 0 {
        out.push_str(&format!(
            "; front of house {}, back of house {}",
            o.front.total, o.back.total
        ));
    }
    out.push_str(&format!("; level {}", level_label(o.level)));
    let (to_people, to_automation) = (o.handoffs_to_people(), o.handoffs_to_automation());
    if to_people > 0 {
        out.push_str(&format!(
            "; {to_people} {} from automation to a person",
            plural(to_people, "handoff", "handoffs")
        ));
    }
    if to_automation > 0 {
        out.push_str(&format!(
            "; {to_automation} {} from a person to automation",
            plural(to_automation, "handoff", "handoffs")
        ));
    }
    out
}

/// "human 2", "virtual agent 2", … for each actor type (then "no actor type") with steps.
pub fn mix_parts(mix: &ActorMix) -> Vec<String> {
    ActorType::ALL
        .iter()
        .map(|&a| Some(a))
        .chain([None])
        .filter_map(|a| {
            let n = actor_count(mix, a);
            (n > 0).then(|| format!("{} {n}", actor_name(a)))
        })
        .collect()
}

/// An actor type's label in lower case for mid-sentence use ("IVR / bot" stays as it is);
/// `None` is "no actor type".
pub fn actor_name(actor: Option<ActorType>) -> String {
    match actor {
        None => "no actor type".to_string(),
        Some(a) => {
            let label = a.label();
            let acronym = label.chars().nth(1).is_some_and(char::is_uppercase);
            if acronym {
                label.to_string()
            } else {
                label.to_lowercase()
            }
        }
    }
}

fn steps_text(n: usize) -> String {
    format!("{n} {}", plural(n, "step", "steps"))
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}
