//! The CLI and the editor core agree on every name and default: the schema's tables.

mod support;

use stageline_schema::{ActorType, LaneKind, Named, SeededIds};
use support::{code, run, run_stdin, stderr, stdout};

/// A CSV with one card per lane kind, each in a new lane of that kind and with no `kind`.
fn csv_one_card_per_lane_kind() -> String {
    let mut csv = String::from("lane,lane_kind,stage,title,kind\n");
    for kind in LaneKind::ALL {
        csv.push_str(&format!(
            "Lane {0},{0},Only,Card in {0},\n",
            kind.json_name()
        ));
    }
    csv
}

#[test]
fn a_csv_card_without_a_kind_gets_the_kind_the_editor_gives_a_new_card() {
    let o = run_stdin(
        &["convert", "-", "--from", "csv"],
        csv_one_card_per_lane_kind().as_bytes(),
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let doc = stageline_schema::load_str(&stdout(&o))
        .expect("the converted blueprint loads")
        .blueprint;
    assert_eq!(doc.cards.len(), LaneKind::ALL.len());
    let mut ids = SeededIds::new(3);
    for kind in LaneKind::ALL {
        let lane = doc
            .lanes
            .iter()
            .find(|l| l.kind == kind)
            .unwrap_or_else(|| panic!("a {kind:?} lane"));
        let from_csv = doc
            .cards
            .iter()
            .find(|c| c.lane == lane.id)
            .unwrap_or_else(|| panic!("the card of the {kind:?} lane"));
        assert_eq!(from_csv.kind, kind.default_card_kind(), "{kind:?}");

        // The editor's add-card command, in the same cell of the same document.
        let (command, id) =
            stageline_core::ops::add_card(&doc, &mut ids, &lane.id, &from_csv.stage, None, "")
                .expect("adds a card");
        let mut edited = doc.clone();
        command.apply(&mut edited).expect("applies");
        let added = edited.card(&id).expect("the added card");
        assert_eq!(
            added.kind, from_csv.kind,
            "{kind:?}: editor and CSV disagree"
        );
    }
}

#[test]
fn enum_columns_take_the_json_names_in_any_case() {
    let csv = "lane,lane_kind,stage,kind,actor_type,fail_point_risk\n\
               Guest,CUSTOMER,Order,Touchpoint,human_with_copilot,High\n";
    let o = run_stdin(&["convert", "-", "--from", "csv"], csv.as_bytes());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let doc = stageline_schema::load_str(&stdout(&o))
        .expect("loads")
        .blueprint;
    let card = &doc.cards[0];
    assert_eq!(card.kind, stageline_schema::CardKind::Touchpoint);
    assert_eq!(card.actor_type, Some(ActorType::HumanWithCopilot));
    assert_eq!(
        card.fail_point.as_ref().map(|f| f.risk),
        Some(stageline_schema::Risk::High)
    );

    // A wrong name is refused with the table's names as the choices.
    let bad = "lane,stage,actor_type\nGuest,Order,robot\n";
    let o = run_stdin(&["convert", "-", "--from", "csv"], bad.as_bytes());
    assert_eq!(code(&o), 1);
    let choices: Vec<&str> = ActorType::ALL.iter().map(|a| a.json_name()).collect();
    assert!(
        stderr(&o).contains(&format!("expected one of {}", choices.join(", "))),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_cli_prints_labels_and_names_from_the_tables() {
    // The CSV columns in `convert --help` list the JSON names of each table.
    let help = stdout(&run(&["convert", "--help"]));
    for kind in LaneKind::ALL {
        assert!(help.contains(kind.json_name()), "{kind:?} missing in help");
    }
    for actor in ActorType::ALL {
        assert!(
            help.contains(actor.json_name()),
            "{actor:?} missing in help"
        );
    }

    // The metrics table heads its actor columns with the actor-type labels.
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../public/examples/bank-loan.json"
    );
    let o = run(&["metrics", file]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let header = stdout(&o).lines().next().unwrap_or_default().to_string();
    for actor in ActorType::ALL {
        assert!(header.contains(actor.label()), "{header}");
    }

    // A lane made by the import is reported by its label and its JSON name.
    let csv = "lane,lane_kind,stage\nReceipts,physical_evidence,Pay\n";
    let o = run_stdin(&["convert", "-", "--from", "csv"], csv.as_bytes());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let kind = LaneKind::PhysicalEvidence;
    let note = format!(
        "created {} lane \"Receipts\" ({})",
        kind.label(),
        kind.json_name()
    );
    assert!(stderr(&o).contains(&note), "{}", stderr(&o));
}
