//! The example blueprints in `public/examples/`: generated from Rust, loadable without warnings,
//! and rich enough to serve as the editor's templates.

#[path = "../common/mod.rs"]
mod common;

mod bank;
mod builder;
mod hotel;
mod pharmacy;

use std::collections::HashSet;

use stageline_schema::{load_str, to_json_pretty, Blueprint, LaneKind, Line, Named, Zone};

/// (file name, generator) for every example, in the order the editor lists them.
fn examples() -> Vec<(&'static str, Blueprint)> {
    vec![
        ("hotel-stay.json", hotel::hotel_stay()),
        (
            "pharmacy-prescription.json",
            pharmacy::pharmacy_prescription(),
        ),
        ("bank-loan.json", bank::bank_loan()),
    ]
}

fn index_json() -> String {
    let entries: Vec<serde_json::Value> = examples()
        .iter()
        .map(|(file, bp)| {
            serde_json::json!({
                "file": file,
                "title": bp.metadata.title,
                "description": bp.metadata.description,
            })
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&entries).expect("index serializes");
    out.push('\n');
    out
}

#[test]
fn committed_examples_match_their_generators() {
    for (file, bp) in examples() {
        common::check_or_bless(&format!("public/examples/{file}"), &to_json_pretty(&bp));
    }
    common::check_or_bless("public/examples/index.json", &index_json());
}

#[test]
fn embedded_examples_match_the_index() {
    let index: Vec<serde_json::Value> = serde_json::from_str(&index_json()).expect("index is JSON");
    assert_eq!(index.len(), stageline_schema::examples::ALL.len());
    for (entry, example) in index.iter().zip(stageline_schema::examples::ALL) {
        assert_eq!(entry["file"], example.file);
        assert_eq!(entry["title"], example.title);
        assert_eq!(entry["description"], example.description);
    }
}

#[test]
fn every_example_loads_cleanly_and_is_complete() {
    for example in stageline_schema::examples::ALL {
        let name = example.file;
        let loaded = load_str(example.json).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(loaded.warnings.is_empty(), "{name}: {:?}", loaded.warnings);
        let bp = &loaded.blueprint;
        assert_eq!(bp.metadata.title, example.title, "{name}");
        assert!(bp.stages.len() >= 5, "{name}: {} stages", bp.stages.len());
        assert!(
            bp.connections.len() >= 10,
            "{name}: {} connections",
            bp.connections.len()
        );

        let kinds: HashSet<LaneKind> = bp.lanes.iter().map(|l| l.kind).collect();
        for kind in LaneKind::CANONICAL {
            assert!(kinds.contains(&kind), "{name}: no {kind:?} lane");
        }
        let lines: Vec<Line> = bp.lines().iter().map(|p| p.line).collect();
        assert_eq!(
            lines,
            Line::ALL.to_vec(),
            "{name}: all three lines are drawn"
        );

        let fail_points: Vec<_> = bp
            .cards
            .iter()
            .filter_map(|c| c.fail_point.as_ref())
            .collect();
        assert!(fail_points.len() >= 2, "{name}: fail points");
        assert!(
            fail_points
                .iter()
                .all(|f| f.owner.is_some() && f.escalation.is_some()),
            "{name}: every fail point has an owner and an escalation"
        );
        assert!(
            bp.cards.iter().any(|c| c.wait_before_secs.is_some()),
            "{name}: waits"
        );

        for stage in &bp.stages {
            for lane in bp.lanes.iter().filter(|l| l.kind == LaneKind::Customer) {
                for card in bp.cards_in_cell(&lane.id, &stage.id) {
                    assert!(card.emotion.is_some(), "{name}: emotion on {}", card.title);
                }
            }
        }
        assert!(
            bp.cards
                .iter()
                .filter(|c| c.emotion.is_some())
                .all(|c| bp.lane_zone(&c.lane) == Some(Zone::Customer)),
            "{name}: emotions only on customer cards"
        );
        for card in &bp.cards {
            let cell = bp.cards_in_cell(&card.lane, &card.stage).count();
            assert!(cell >= 1);
        }

        let crossed: HashSet<Line> = bp
            .connections
            .iter()
            .flat_map(|c| bp.crossings(&c.from, &c.to))
            .collect();
        for line in Line::ALL {
            assert!(
                crossed.contains(&line),
                "{name}: no arrow crosses the {}",
                line.label()
            );
        }
    }
}
