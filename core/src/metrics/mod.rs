//! Journey metrics per stage and end to end: critical-path time against the stage SLAs,
//! arrows, handoffs and line crossings, the mix of actor types, and the customer's emotion
//! curve. [`compute`] is pure and deterministic; its output serializes to JSON.
//!
//! Vocabulary (zones, steps, the ordering graph) as in [`crate::checks`].
//!
//! # Time
//!
//! - A card takes `wait_before_secs + typical_duration_secs` (a missing value counts as 0);
//!   an arrow adds its `expected_latency_secs`. Note cards are left out.
//! - A stage's time is the longest path through the arrows between its own cards (the critical
//!   path): parallel branches count once. A card without arrows inside its stage is a path of
//!   its own, that is, it runs in parallel with the rest and only counts when it is the longest.
//! - An arrow from an earlier stage delays the card it points to: that card starts no earlier
//!   than the arrow's latency after the stage begins.
//! - Stages run one after another: the end-to-end time is the sum of the stage times, and the
//!   end-to-end target is the sum of the stage targets when every stage has one.
//! - Feedback arrows are ignored. Remaining cycles are broken deterministically: a depth-first
//!   search from the cards in document order, following arrows in document order, drops each
//!   arrow that leads back to a card on the current path. The dropped arrows are listed in
//!   [`JourneyMetrics::broken_cycles`]. Arrows pointing to an earlier stage (not feedback)
//!   cannot delay anything and are listed in [`JourneyMetrics::backward_arrows`].
//!
//! # Arrows, handoffs and crossings
//!
//! An arrow counts in the stage of the card it starts from. `arrows` counts every kind,
//! `handoffs` only arrows of kind handoff; crossings count, per line, the arrows that cross it.
//!
//! # Actors
//!
//! The actor mix counts the steps below the line of interaction (frontstage, backstage and
//! support zones) by `actor_type`; steps without one count as unknown. The customer's own
//! steps are not counted: the mix shows who or what serves the customer.
//!
//! # Emotion
//!
//! The curve holds the customer-zone cards that have an emotion, stage by stage, in lane order
//! and then in their order within the cell.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use serde::Serialize;
use stageline_schema::{
    ActorType, Blueprint, CardId, CardKind, ConnectionId, ConnectionKind, Line, StageId, Zone,
};

use crate::checks::{back_edges, is_step, Index};

/// All metrics of a blueprint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JourneyMetrics {
    /// One entry per stage, in stage order.
    pub stages: Vec<StageMetrics>,
    /// The whole journey.
    pub end_to_end: EndToEnd,
    /// The customer's emotion curve across all stages.
    pub emotion_curve: Vec<EmotionPoint>,
    /// Arrows (not marked as feedback) dropped to break cycles before timing.
    pub broken_cycles: Vec<ConnectionId>,
    /// Arrows (not marked as feedback) pointing to an earlier stage, ignored for timing.
    pub backward_arrows: Vec<ConnectionId>,
}

/// The metrics of one stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageMetrics {
    /// The stage's ID.
    pub stage: StageId,
    /// The stage's name.
    pub name: String,
    /// How many steps (touchpoints, actions, system steps) the stage has.
    pub steps: usize,
    /// Critical-path time against the stage's target.
    pub time: Timing,
    /// Arrows and line crossings starting in this stage.
    pub flow: Flow,
    /// Who or what performs the stage's service steps.
    pub actors: ActorMix,
    /// The customer's emotions in this stage, in order.
    pub emotions: Vec<EmotionPoint>,
    /// The mean of `emotions`, if there are any.
    pub mean_emotion: Option<f64>,
}

/// The whole journey's totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EndToEnd {
    /// The sum of the stage times against the sum of the stage targets.
    pub time: Timing,
    /// How many stages take longer than their target.
    pub stages_over_target: usize,
    /// Arrows and line crossings in all stages.
    pub flow: Flow,
    /// Actor mix of all service steps.
    pub actors: ActorMix,
}

/// A duration on the critical path against a target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timing {
    /// The critical-path time, in seconds.
    pub critical_path_secs: u64,
    /// The cards on the critical path, in order.
    pub critical_path: Vec<CardId>,
    /// The target (SLA), in seconds, if set.
    pub target_secs: Option<u64>,
    /// Whether the time meets the target.
    pub status: SlaStatus,
    /// Target minus time, in seconds (negative when over), if there is a target.
    pub margin_secs: Option<i64>,
}

impl Timing {
    fn new(secs: u64, path: Vec<CardId>, target: Option<u64>) -> Timing {
        let status = match target {
            None => SlaStatus::NoTarget,
            Some(t) if secs <= t => SlaStatus::Within,
            Some(_) => SlaStatus::Over,
        };
        let clamp = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
        Timing {
            critical_path_secs: secs,
            critical_path: path,
            target_secs: target,
            status,
            margin_secs: target.map(|t| clamp(t).saturating_sub(clamp(secs))),
        }
    }
}

/// How a time compares with its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaStatus {
    /// No target is set.
    NoTarget,
    /// The time is at most the target.
    Within,
    /// The time exceeds the target.
    Over,
}

/// Arrows, handoffs and line crossings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Flow {
    /// Arrows of every kind.
    pub arrows: usize,
    /// Arrows of kind handoff.
    pub handoffs: usize,
    /// Arrows that cross at least one line.
    pub crossing_arrows: usize,
    /// Arrows crossing the line of interaction (touchpoints).
    pub interaction: usize,
    /// Arrows crossing the line of visibility.
    pub visibility: usize,
    /// Arrows crossing the line of internal interaction.
    pub internal_interaction: usize,
}

impl Flow {
    fn add(&mut self, other: &Flow) {
        self.arrows += other.arrows;
        self.handoffs += other.handoffs;
        self.crossing_arrows += other.crossing_arrows;
        self.interaction += other.interaction;
        self.visibility += other.visibility;
        self.internal_interaction += other.internal_interaction;
    }
}

/// Counts of service steps by actor type, with their shares of the total (0 to 1).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct ActorMix {
    /// Steps by a person without automated help.
    pub human: usize,
    /// Steps by an IVR or scripted bot.
    pub ivr_bot: usize,
    /// Steps by a virtual agent.
    pub virtual_agent: usize,
    /// Steps by a person with a copilot.
    pub human_with_copilot: usize,
    /// Steps without an actor type.
    pub unknown: usize,
    /// All counted steps.
    pub total: usize,
    /// Each count divided by the total (all 0 when there are no steps).
    pub shares: ActorShares,
}

/// Shares of service steps by actor type, each from 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct ActorShares {
    /// Share of `human`.
    pub human: f64,
    /// Share of `ivr_bot`.
    pub ivr_bot: f64,
    /// Share of `virtual_agent`.
    pub virtual_agent: f64,
    /// Share of `human_with_copilot`.
    pub human_with_copilot: f64,
    /// Share of `unknown`.
    pub unknown: f64,
    /// Share of steps fully automated (IVR or bot, virtual agent).
    pub automated: f64,
}

impl ActorMix {
    /// Counts one step by `actor` (`None`: no actor type).
    pub(crate) fn count(&mut self, actor: Option<ActorType>) {
        match actor {
            Some(ActorType::Human) => self.human += 1,
            Some(ActorType::IvrBot) => self.ivr_bot += 1,
            Some(ActorType::VirtualAgent) => self.virtual_agent += 1,
            Some(ActorType::HumanWithCopilot) => self.human_with_copilot += 1,
            None => self.unknown += 1,
        }
        self.total += 1;
        self.update_shares();
    }

    /// Adds another mix's counts.
    pub(crate) fn add(&mut self, other: &ActorMix) {
        self.human += other.human;
        self.ivr_bot += other.ivr_bot;
        self.virtual_agent += other.virtual_agent;
        self.human_with_copilot += other.human_with_copilot;
        self.unknown += other.unknown;
        self.total += other.total;
        self.update_shares();
    }

    fn update_shares(&mut self) {
        let of = |n: usize| {
            if self.total == 0 {
                0.0
            } else {
                n as f64 / self.total as f64
            }
        };
        self.shares = ActorShares {
            human: of(self.human),
            ivr_bot: of(self.ivr_bot),
            virtual_agent: of(self.virtual_agent),
            human_with_copilot: of(self.human_with_copilot),
            unknown: of(self.unknown),
            automated: of(self.ivr_bot + self.virtual_agent),
        };
    }
}

/// One point of the customer's emotion curve.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EmotionPoint {
    /// The stage the card is in.
    pub stage: StageId,
    /// The customer card.
    pub card: CardId,
    /// Its emotion, from -2 to 2.
    pub emotion: i8,
}

/// Computes all metrics of `doc` (see the module docs for the rules).
pub fn compute(doc: &Blueprint) -> JourneyMetrics {
    let index = Index::new(doc);
    let n = doc.cards.len();
    let timed = |i: usize| index.stage(i).is_some() && index.card(i).kind != CardKind::Note;

    // The ordering graph without the arrows that close cycles.
    let adj = index.ordering_graph();
    let broken = back_edges(&adj);
    let mut preds: Vec<Vec<(usize, u64)>> = vec![Vec::new(); n];
    let mut succs: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut offset = vec![0u64; n];
    let mut backward = Vec::new();
    for (a, edges) in adj.iter().enumerate() {
        for &(b, k) in edges {
            if broken.binary_search(&k).is_ok() || !timed(a) || !timed(b) {
                continue;
            }
            let latency = doc.connections[k].expected_latency_secs.unwrap_or(0);
            match index.stage(a).cmp(&index.stage(b)) {
                std::cmp::Ordering::Equal => {
                    preds[b].push((a, latency));
                    succs[a].push(b);
                }
                std::cmp::Ordering::Less => offset[b] = offset[b].max(latency),
                std::cmp::Ordering::Greater => backward.push(k),
            }
        }
    }
    backward.sort_unstable();

    // Longest paths, in a topological order that prefers document order.
    let mut indegree: Vec<usize> = preds.iter().map(Vec::len).collect();
    let mut ready: BinaryHeap<Reverse<usize>> = (0..n)
        .filter(|&i| timed(i) && indegree[i] == 0)
        .map(Reverse)
        .collect();
    let mut finish = vec![0u64; n];
    let mut best_pred: Vec<Option<usize>> = vec![None; n];
    while let Some(Reverse(v)) = ready.pop() {
        let mut best: Option<(u64, usize)> = None;
        for &(u, latency) in &preds[v] {
            let t = finish[u].saturating_add(latency);
            if best.is_none_or(|(b, _)| t > b) {
                best = Some((t, u));
            }
        }
        let start = match best {
            Some((t, u)) if t >= offset[v] => {
                best_pred[v] = Some(u);
                t
            }
            _ => offset[v],
        };
        let card = index.card(v);
        let own = card
            .wait_before_secs
            .unwrap_or(0)
            .saturating_add(card.typical_duration_secs.unwrap_or(0));
        finish[v] = start.saturating_add(own);
        for &w in &succs[v] {
            indegree[w] -= 1;
            if indegree[w] == 0 {
                ready.push(Reverse(w));
            }
        }
    }

    let mut stages = Vec::with_capacity(doc.stages.len());
    let mut total = EndToEnd {
        time: Timing::new(0, Vec::new(), None),
        stages_over_target: 0,
        flow: Flow::default(),
        actors: ActorMix::default(),
    };
    let mut total_secs = 0u64;
    let mut total_path = Vec::new();
    let mut total_target = Some(0u64);
    let mut curve = Vec::new();
    for (s, stage) in doc.stages.iter().enumerate() {
        let members: Vec<usize> = (0..n)
            .filter(|&i| timed(i) && index.stage(i) == Some(s))
            .collect();
        // The card that finishes last ends the critical path (ties: the earliest card).
        let mut end: Option<usize> = None;
        for &i in &members {
            if end.is_none_or(|e| finish[i] > finish[e]) {
                end = Some(i);
            }
        }
        let secs = end.map_or(0, |e| finish[e]);
        let mut path = Vec::new();
        // Nothing takes time: there is no critical path to show.
        let mut at = end.filter(|_| secs > 0);
        while let Some(i) = at {
            path.push(doc.cards[i].id.clone());
            at = best_pred[i];
        }
        path.reverse();
        let time = Timing::new(secs, path.clone(), stage.target_duration_secs);
        if time.status == SlaStatus::Over {
            total.stages_over_target += 1;
        }
        total_secs = total_secs.saturating_add(secs);
        total_path.extend(path);
        total_target = match (total_target, stage.target_duration_secs) {
            (Some(sum), Some(t)) => Some(sum.saturating_add(t)),
            _ => None,
        };

        let mut flow = Flow::default();
        for (_, a, b, c) in index.arrows() {
            if index.stage(a) != Some(s) {
                continue;
            }
            flow.arrows += 1;
            if c.kind == ConnectionKind::Handoff {
                flow.handoffs += 1;
            }
            let (Some(za), Some(zb)) = (index.zone(a), index.zone(b)) else {
                continue;
            };
            let crosses = |line: Line| line.is_below(za) != line.is_below(zb);
            flow.interaction += usize::from(crosses(Line::Interaction));
            flow.visibility += usize::from(crosses(Line::Visibility));
            flow.internal_interaction += usize::from(crosses(Line::InternalInteraction));
            flow.crossing_arrows += usize::from(Line::ALL.into_iter().any(crosses));
        }
        total.flow.add(&flow);

        let mut actors = ActorMix::default();
        let mut steps = 0;
        for i in 0..n {
            if index.stage(i) != Some(s) || !is_step(index.card(i).kind) {
                continue;
            }
            steps += 1;
            if index.zone(i).is_some_and(|z| Line::Interaction.is_below(z)) {
                actors.count(index.card(i).actor_type);
            }
        }
        total.actors.add(&actors);

        let mut customer: Vec<(usize, usize)> = (0..n)
            .filter(|&i| index.stage(i) == Some(s) && index.zone(i) == Some(Zone::Customer))
            .filter_map(|i| Some((index.lane(i)?, i)))
            .collect();
        customer.sort_unstable();
        let emotions: Vec<EmotionPoint> = customer
            .into_iter()
            .filter_map(|(_, i)| {
                Some(EmotionPoint {
                    stage: stage.id.clone(),
                    card: doc.cards[i].id.clone(),
                    emotion: index.card(i).emotion?,
                })
            })
            .collect();
        let mean_emotion = (!emotions.is_empty()).then(|| {
            emotions.iter().map(|p| f64::from(p.emotion)).sum::<f64>() / emotions.len() as f64
        });
        curve.extend(emotions.iter().cloned());

        stages.push(StageMetrics {
            stage: stage.id.clone(),
            name: stage.name.clone(),
            steps,
            time,
            flow,
            actors,
            emotions,
            mean_emotion,
        });
    }
    let total_target = if doc.stages.is_empty() {
        None
    } else {
        total_target
    };
    total.time = Timing::new(total_secs, total_path, total_target);

    JourneyMetrics {
        stages,
        end_to_end: total,
        emotion_curve: curve,
        broken_cycles: broken
            .into_iter()
            .map(|k| doc.connections[k].id.clone())
            .collect(),
        backward_arrows: backward
            .into_iter()
            .map(|k| doc.connections[k].id.clone())
            .collect(),
    }
}

/// A duration for people: `45 s`, `6 min`, `1 min 30 s`, `2 h 5 min`, `3 d 4 h`.
///
/// Minutes drop leftover seconds from one hour up, hours drop leftover minutes from one day up.
pub fn format_duration(secs: u64) -> String {
    const MIN: u64 = 60;
    const HOUR: u64 = 60 * MIN;
    const DAY: u64 = 24 * HOUR;
    let pair = |big: u64, big_unit: &str, small: u64, small_unit: &str| {
        if small == 0 {
            format!("{big} {big_unit}")
        } else {
            format!("{big} {big_unit} {small} {small_unit}")
        }
    };
    if secs < MIN {
        format!("{secs} s")
    } else if secs < HOUR {
        pair(secs / MIN, "min", secs % MIN, "s")
    } else if secs < DAY {
        pair(secs / HOUR, "h", secs % HOUR / MIN, "min")
    } else {
        pair(secs / DAY, "d", secs % DAY / HOUR, "h")
    }
}
