//! Fuzzes the one load path: any bytes must give a document or an error, never a panic, and
//! whatever loads must save and load again to the same document.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(loaded) = stageline_schema::load_bytes(data) {
        let saved = stageline_schema::to_json_pretty(&loaded.blueprint);
        match stageline_schema::load_str(&saved) {
            Ok(again) => assert_eq!(again.blueprint, loaded.blueprint),
            Err(e) => panic!("a saved document failed to load: {e}"),
        }
    }
});
