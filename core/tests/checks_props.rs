//! Property tests: on arbitrary small blueprints (random lanes, cards, times and arrows,
//! cycles included) checks, metrics and the SVG never panic, are deterministic, and agree.

#[path = "checks_builder.rs"]
mod builder;

use builder::B;
use proptest::prelude::*;
use stageline_core::{checks, metrics, svg};
use stageline_schema::{ConnectionKind, Direction, LaneKind};

/// A card: lane index, stage index, wait, duration, emotion.
type CardSpec = (usize, usize, Option<u64>, Option<u64>, Option<i8>);
/// An arrow: from and to (card indices, wrapped), kind index, two-way, latency.
type ArrowSpec = (usize, usize, u8, bool, Option<u64>);

#[derive(Debug, Clone)]
struct Spec {
    stages: usize,
    cards: Vec<CardSpec>,
    arrows: Vec<ArrowSpec>,
}

fn spec() -> impl Strategy<Value = Spec> {
    (1usize..4).prop_flat_map(|stages| {
        let card = (
            0usize..5,
            0..stages,
            proptest::option::of(0u64..1000),
            proptest::option::of(0u64..1000),
            proptest::option::of(-2i8..=2),
        );
        (
            Just(stages),
            proptest::collection::vec(card, 0..12),
            proptest::collection::vec(
                (
                    0usize..12,
                    0usize..12,
                    0u8..4,
                    any::<bool>(),
                    proptest::option::of(0u64..100),
                ),
                0..16,
            ),
        )
            .prop_map(|(stages, cards, arrows)| Spec {
                stages,
                cards,
                arrows,
            })
    })
}

fn build(spec: &Spec) -> B {
    let names: Vec<String> = (0..spec.stages).map(|i| format!("S{i}")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut b = B::new(&refs);
    let mut ids = Vec::new();
    for (k, &(lane, stage, wait, dur, emotion)) in spec.cards.iter().enumerate() {
        let id = b.card(LaneKind::CANONICAL[lane], stage, &format!("card {k}"));
        b.edit(&id, |c| {
            c.wait_before_secs = wait;
            c.typical_duration_secs = dur;
            c.emotion = emotion;
        });
        ids.push(id);
    }
    if !ids.is_empty() {
        for &(a, z, kind, two_way, latency) in &spec.arrows {
            let (a, z) = (&ids[a % ids.len()], &ids[z % ids.len()]);
            if a == z {
                continue;
            }
            let kind = [
                ConnectionKind::Handoff,
                ConnectionKind::DataFlow,
                ConnectionKind::Dependency,
                ConnectionKind::Feedback,
            ][usize::from(kind)];
            let direction = if two_way {
                Direction::TwoWay
            } else {
                Direction::OneWay
            };
            b.arrow_with(a, z, kind, direction, latency);
        }
    }
    b
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn checks_metrics_and_svg_are_total_and_consistent(spec in spec()) {
        let b = build(&spec);
        let findings = checks::run_checks(&b.doc);
        prop_assert_eq!(&findings, &checks::run_checks(&b.doc));
        // Sorted: severities never go back from warning to error.
        prop_assert!(findings.windows(2).all(|w| w[0].severity <= w[1].severity));

        let m = metrics::compute(&b.doc);
        prop_assert_eq!(&m, &metrics::compute(&b.doc));
        // Breaking cycles happens exactly when the cycle check has something to say.
        let cycles = findings.iter().any(|f| f.code == checks::ARROW_CYCLE_NOT_FEEDBACK);
        prop_assert_eq!(cycles, !m.broken_cycles.is_empty());
        // The end-to-end time is the sum of the stages; each stage is at least its longest card.
        let sum: u64 = m.stages.iter().map(|s| s.time.critical_path_secs).sum();
        prop_assert_eq!(m.end_to_end.time.critical_path_secs, sum);
        for (s, sm) in m.stages.iter().enumerate() {
            let longest = b.doc.cards.iter()
                .filter(|c| c.stage == b.doc.stages[s].id)
                .map(|c| c.wait_before_secs.unwrap_or(0) + c.typical_duration_secs.unwrap_or(0))
                .max()
                .unwrap_or(0);
            prop_assert!(sm.time.critical_path_secs >= longest);
            // The critical path's own times and latencies never exceed the stage time.
            let own: u64 = sm.time.critical_path.iter()
                .filter_map(|id| b.doc.card(id))
                .map(|c| c.wait_before_secs.unwrap_or(0) + c.typical_duration_secs.unwrap_or(0))
                .sum();
            prop_assert!(own <= sm.time.critical_path_secs);
        }

        let picture = svg::render(&b.doc);
        prop_assert!(roxmltree::Document::parse(&picture).is_ok());
    }
}
