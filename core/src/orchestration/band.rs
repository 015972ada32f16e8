//! The orchestration band's model: per stage, what its cell under the stage header shows (the
//! shares as a stacked bar, the counts, front and back of house, the level, the handoffs
//! between automation and people). One table ([`SEGMENTS`]) gives each bar part's order, mark
//! and colour, for the editor's band, its key and the SVG picture alike.

use stageline_schema::{ActorType, Named, StageId};

use super::{actor_count, describe, level_label, mix_parts, Orchestration};

/// One part of a stage's stacked bar: an actor type (or no actor type) and its steps.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// The actor type's JSON name, or "unknown": the CSS modifier of its colour and pattern.
    pub slug: &'static str,
    /// A one-letter mark drawn in the segment, so it reads without colour.
    pub mark: &'static str,
    /// Its fill colour (the editor's style sheet uses the same, checked by a test).
    pub fill: &'static str,
    /// The colour of the mark on the fill.
    pub ink: &'static str,
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

/// One row of [`SEGMENTS`]: a bar part's actor type, slug, mark, fill and ink.
pub type SegmentStyle = (
    Option<ActorType>,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// The order, marks and colours of the bar's parts: people first, then automation, then
/// steps without an actor type. The fills have a contrast of at least 4.5 with their ink.
pub const SEGMENTS: [SegmentStyle; 5] = [
    (Some(ActorType::Human), "human", "H", "#1f4e79", "#ffffff"),
    (
        Some(ActorType::HumanWithCopilot),
        "human_with_copilot",
        "C",
        "#2b6cb0",
        "#ffffff",
    ),
    (
        Some(ActorType::VirtualAgent),
        "virtual_agent",
        "V",
        "#6b3fa0",
        "#ffffff",
    ),
    (
        Some(ActorType::IvrBot),
        "ivr_bot",
        "I",
        "#8a4b08",
        "#ffffff",
    ),
    (None, "unknown", "?", "#e2e8f0", "#1b2333"),
];

/// The marks of the legend: each bar part's slug, mark and label.
pub fn segment_legend() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    SEGMENTS
        .iter()
        .map(|&(a, slug, mark, ..)| (slug, mark, a.map_or("No actor type", Named::label)))
}

/// The cell of one stage named `name`.
pub fn band_cell(stage: StageId, name: &str, o: &Orchestration) -> BandCell {
    let total = o.actors.total;
    let segments = SEGMENTS
        .iter()
        .filter_map(|&(actor, slug, mark, fill, ink)| {
            let n = actor_count(&o.actors, actor);
            (n > 0 && total > 0).then(|| Segment {
                slug,
                mark,
                fill,
                ink,
                title: format!(
                    "{}: {n} of {total} steps",
                    actor.map_or("No actor type", Named::label)
                ),
                percent: n as f64 * 100.0 / total as f64,
            })
        })
        .collect();
    let parts = mix_parts(&o.actors);
    let counts = if parts.is_empty() {
        "No service steps".to_string()
    } else {
        capitalized(&parts.join(", "))
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

/// `label` with its first letter in upper case.
fn capitalized(label: &str) -> String {
    let mut chars = label.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

#[cfg(test)]
mod tests {
    use crate::orchestration::{orchestrate, Level};
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
