//! `convert` writes what the load path makes of the converted document: the repaired one.

mod support;

use stageline_schema::{load_str, to_json_pretty, Blueprint, SeededIds, Stage, Timestamp};
use support::{code, run, s, scratch, stderr};

const CSV: &str = "lane,stage,title\nCustomer actions,New stage,Arrives\n";

fn write_base(path: &std::path::Path, doc: &Blueprint) {
    std::fs::write(path, to_json_pretty(doc)).expect("writes the base");
}

#[test]
fn csv_to_json_writes_the_repaired_document_and_reports_the_repair() {
    let dir = scratch("convert-repair");
    let (csv, base, out) = (
        dir.join("cards.csv"),
        dir.join("base.json"),
        dir.join("out.json"),
    );
    std::fs::write(&csv, CSV).expect("writes the CSV");
    let doc = Blueprint::new_blank(&mut SeededIds::new(11), Timestamp::UNIX_EPOCH, "Base");
    write_base(&base, &doc);

    // First run: which ID does the import give the stage it creates?
    let o = run(&["convert", s(&csv), "--into", s(&base), "-o", s(&out)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let first = load_str(&std::fs::read_to_string(&out).expect("reads")).expect("loads");
    assert!(first.warnings.is_empty(), "{:?}", first.warnings);
    let created = first
        .blueprint
        .stages
        .iter()
        .find(|st| st.name == "New stage")
        .expect("the created stage")
        .id
        .clone();

    // A base that already has a stage with that ID: the import makes a duplicate ID (the same
    // CSV bytes seed the same IDs), which the load path repairs.
    let mut clash = doc.clone();
    let mut taken = Stage::new(&mut SeededIds::new(5), "Taken");
    taken.id = created.clone();
    clash.stages.push(taken);
    write_base(&base, &clash);
    let o = run(&["convert", s(&csv), "--into", s(&base), "-o", s(&out)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning[duplicate_id]"),
        "the repair is reported: {}",
        stderr(&o)
    );
    let written = std::fs::read_to_string(&out).expect("reads");
    let again = load_str(&written).expect("loads");
    assert!(
        again.warnings.is_empty(),
        "the written file still needs repairs: {:?}",
        again.warnings
    );
    assert_eq!(written, to_json_pretty(&again.blueprint));
    let ids: std::collections::HashSet<_> =
        again.blueprint.stages.iter().map(|st| &st.id).collect();
    assert_eq!(
        ids.len(),
        again.blueprint.stages.len(),
        "stage IDs are unique"
    );
}
