//! Fuzzes the CSV import (`stageline convert cards.csv`, `cli/src/cards_csv.rs`), into a new
//! blueprint and into an existing one: any bytes give a blueprint or an error, never a panic,
//! and every accepted CSV gives a blueprint that the load path accepts (as `convert` then
//! does) and that is valid once loaded: repair has nothing left to change.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

use stageline_schema::{Blueprint, Timestamp};

#[allow(dead_code)]
#[path = "../../../cli/src/cards_csv.rs"]
mod cards_csv;

/// A shipped example to import into (its cards are replaced, its lanes and stages reused).
const BASE: &str = include_str!("../../../public/examples/hotel-stay.json");

fuzz_target!(|data: &[u8]| {
    let Some((&mode, csv)) = data.split_first() else {
        return;
    };
    static BASE_DOC: OnceLock<Blueprint> = OnceLock::new();
    let base = (mode % 2 == 1).then(|| {
        BASE_DOC
            .get_or_init(|| {
                stageline_schema::load_str(BASE)
                    .expect("the shipped example loads")
                    .blueprint
            })
            .clone()
    });
    let now = Timestamp::from_unix_millis(1_764_633_600_000).unwrap_or(Timestamp::UNIX_EPOCH);
    let Ok(imported) = cards_csv::from_csv(csv, base, "Imported cards", now) else {
        return;
    };
    let json = stageline_schema::to_json_pretty(&imported.blueprint);
    let loaded = stageline_schema::load_str(&json)
        .unwrap_or_else(|e| panic!("an imported CSV gives a blueprint that does not load: {e}"));
    // Valid: repair has nothing left to change (an empty blueprint keeps its "no lanes"
    // notice, which repair reports but cannot fix), and it saves and loads as it is.
    let mut again = loaded.blueprint.clone();
    stageline_schema::repair(&mut again);
    assert_eq!(
        again, loaded.blueprint,
        "an imported CSV still needs repair after loading"
    );
    let reloaded = stageline_schema::load_str(&stageline_schema::to_json_pretty(&loaded.blueprint))
        .unwrap_or_else(|e| panic!("an imported blueprint does not load again: {e}"));
    assert_eq!(reloaded.blueprint, loaded.blueprint);
});
