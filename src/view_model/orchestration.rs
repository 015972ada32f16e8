//! The orchestration band's view-model: per stage, what its cell under the stage header shows
//! (the shares as a stacked bar, the counts, front and back of house, the level, the handoffs
//! between automation and people), and which arrows the canvas marks. Computed by the core
//! ([`stageline_core::orchestration::orchestrate`]) only while the band is on.

use std::collections::HashMap;

use leptos::prelude::*;
use stageline_core::orchestration::{
    self, actor_count, describe, level_label, orchestrate, HandoffKind, Orchestration,
};
use stageline_schema::{ActorType, ConnectionId, Named, StageId};

use crate::state::AppState;

/// One part of a stage's stacked bar: an actor type (or no actor type) and its steps.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// The actor type's JSON name, or "unknown": the CSS modifier of its colour and pattern.
    pub slug: &'static str,
    /// A one-letter mark drawn in the segment, so it reads without colour.
    pub mark: &'static str,
    /// What the segment is, for its tooltip ("Virtual agent: 2 of 4 steps").
    pub title: String,
    /// Its share of the stage's service steps, 0 to 100.
    pub percent: f64,
}

/// What one stage's cell of the band shows.
#[derive(Debug, Clone, PartialEq)]
pub struct BandCell {
    /// The stage.
    pub stage: StageId,
    /// The stacked bar's parts, in a fixed order (people first); empty without steps.
    pub segments: Vec<Segment>,
    /// The counts, "human 2, virtual agent 2", or "No service steps".
    pub counts: String,
    /// "Front 3 · back 1".
    pub houses: String,
    /// The level's label, or "Not enough information".
    pub level: &'static str,
    /// The level's JSON name, or "none": a data attribute for styling and tests.
    pub level_slug: &'static str,
    /// "1 to people · 0 to automation", or empty without handoffs.
    pub handoffs: String,
    /// The whole cell in one sentence, for screen readers.
    pub sentence: String,
}

/// The order and marks of the bar's parts: people first, then automation, then unknown.
const SEGMENTS: [(Option<ActorType>, &str, &str); 5] = [
    (Some(ActorType::Human), "human", "H"),
    (Some(ActorType::HumanWithCopilot), "human_with_copilot", "C"),
    (Some(ActorType::VirtualAgent), "virtual_agent", "V"),
    (Some(ActorType::IvrBot), "ivr_bot", "I"),
    (None, "unknown", "?"),
];

/// The marks of the legend: each bar part's slug, mark and label.
pub fn segment_legend() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    SEGMENTS
        .iter()
        .map(|&(a, slug, mark)| (slug, mark, a.map_or("No actor type", Named::label)))
}

/// The cell of one stage named `name` (pure: tested natively through the core's parts).
pub fn band_cell(stage: StageId, name: &str, o: &Orchestration) -> BandCell {
    let total = o.actors.total;
    let segments = SEGMENTS
        .iter()
        .filter_map(|&(actor, slug, mark)| {
            let n = actor_count(&o.actors, actor);
            (n > 0 && total > 0).then(|| Segment {
                slug,
                mark,
                title: format!(
                    "{}: {n} of {total} steps",
                    actor.map_or("No actor type", Named::label)
                ),
                percent: n as f64 * 100.0 / total as f64,
            })
        })
        .collect();
    let parts = orchestration::mix_parts(&o.actors);
    let counts = if parts.is_empty() {
        "No service steps".to_string()
    } else {
        crate::view_model::capitalized(&parts.join(", "))
    };
    let handoffs = if o.handoffs.is_empty() {
        String::new()
    } else {
        format!(
            "Handoffs: {} to people · {} to automation",
            o.handoffs_to_people(),
            o.handoffs_to_automation()
        )
    };
    let name = if name.trim().is_empty() {
        "Unnamed stage"
    } else {
        name
    };
    BandCell {
        stage,
        segments,
        counts,
        houses: format!("Front {} · back {}", o.front.total, o.back.total),
        level: level_label(o.level),
        level_slug: o.level.map_or("none", Named::json_name),
        handoffs,
        sentence: describe(name, o),
    }
}

/// The band's state, shared by the band, the arrow layer and the canvas key.
#[derive(Clone, Copy)]
pub struct OrchestrationCtx {
    /// Whether the band is on (the session's switch).
    pub on: RwSignal<bool>,
    /// One cell per stage, in stage order; empty while the band is off.
    pub cells: Memo<Vec<BandCell>>,
    /// The arrows between automation and people, with their kind; empty while the band is off.
    pub marked: Memo<HashMap<ConnectionId, HandoffKind>>,
}

impl OrchestrationCtx {
    /// Computes the band from the document while it is on, and provides it as context.
    pub fn provide(app: AppState) -> OrchestrationCtx {
        let on = app.session.orchestration;
        let journey = Memo::new(move |_| on.get().then(|| app.doc(orchestrate)));
        let cells = Memo::new(move |_| {
            journey.with(|j| {
                j.iter()
                    .flat_map(|j| &j.stages)
                    .map(|s| band_cell(s.stage.clone(), &s.name, &s.orchestration))
                    .collect()
            })
        });
        let marked = Memo::new(move |_| {
            journey.with(|j| {
                j.iter()
                    .flat_map(|j| &j.end_to_end.handoffs)
                    .map(|h| (h.connection.clone(), h.kind))
                    .collect()
            })
        });
        let ctx = OrchestrationCtx { on, cells, marked };
        provide_context(ctx);
        ctx
    }
}

/// The band's state provided by the canvas.
pub fn use_orchestration() -> Option<OrchestrationCtx> {
    use_context::<OrchestrationCtx>()
}

#[cfg(test)]
mod tests {
    use stageline_core::orchestration::{orchestrate, Level};
    use stageline_schema::{
        ActorType, Blueprint, Card, CardKind, LaneKind, SeededIds, Stage, Timestamp,
    };

    use super::band_cell;

    /// A blueprint with one stage whose frontstage steps have these actor types.
    fn doc(actors: &[Option<ActorType>]) -> Blueprint {
        let mut ids = SeededIds::new(7);
        let now = Timestamp::from_unix_millis(1_700_000_000_000).expect("valid time");
        let mut doc = Blueprint::new_blank(&mut ids, now, "Test");
        doc.stages = vec![Stage::new(&mut ids, "Check in")];
        let lane = doc
            .lanes
            .iter()
            .find(|l| l.kind == LaneKind::Frontstage)
            .expect("frontstage lane")
            .id
            .clone();
        for &a in actors {
            let mut c = Card::new(
                &mut ids,
                lane.clone(),
                doc.stages[0].id.clone(),
                CardKind::Action,
                "step",
            );
            c.actor_type = a;
            doc.cards.push(c);
        }
        doc
    }

    #[test]
    fn a_cell_shows_the_shares_counts_and_level() {
        let d = doc(&[
            Some(ActorType::VirtualAgent),
            Some(ActorType::Human),
            Some(ActorType::VirtualAgent),
            None,
        ]);
        let o = orchestrate(&d);
        let s = &o.stages[0];
        assert_eq!(
            s.orchestration.level,
            Some(Level::VirtualAgentsWithCopilots)
        );
        let cell = band_cell(s.stage.clone(), &s.name, &s.orchestration);
        let parts: Vec<(&str, &str, f64)> = cell
            .segments
            .iter()
            .map(|p| (p.slug, p.mark, p.percent))
            .collect();
        assert_eq!(
            parts,
            [
                ("human", "H", 25.0),
                ("virtual_agent", "V", 50.0),
                ("unknown", "?", 25.0)
            ]
        );
        assert_eq!(cell.segments[1].title, "Virtual agent: 2 of 4 steps");
        assert_eq!(cell.counts, "Human 1, virtual agent 2, no actor type 1");
        assert_eq!(cell.houses, "Front 4 · back 0");
        assert_eq!(cell.level, "Virtual agents with copilots");
        assert_eq!(cell.level_slug, "virtual_agents_with_copilots");
        assert!(cell.handoffs.is_empty());
        assert!(cell.sentence.starts_with("Check in: 4 steps,"));
    }

    #[test]
    fn an_empty_stage_says_so() {
        let d = doc(&[]);
        let o = orchestrate(&d);
        let s = &o.stages[0];
        let cell = band_cell(s.stage.clone(), "  ", &s.orchestration);
        assert!(cell.segments.is_empty());
        assert_eq!(cell.counts, "No service steps");
        assert_eq!(cell.level, "Not enough information");
        assert_eq!(cell.level_slug, "none");
        assert_eq!(
            cell.sentence,
            "Unnamed stage: 0 steps; level Not enough information"
        );
    }
}
