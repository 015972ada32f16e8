//! How long the engine takes to seed a replica from a blueprint, and to materialize it again
//! (what opening a blueprint and an undo cost it), natively:
//! `cargo run --release -p stageline-collab --example seed_timing -- FILE.json`.
use std::time::Instant;

use stageline_collab::Replica;

fn main() -> std::process::ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: seed_timing FILE.json");
        return std::process::ExitCode::from(2);
    };
    let doc = match std::fs::read_to_string(&path)
        .map_err(|e| e.to_string())
        .and_then(|text| stageline_schema::load_str(&text).map_err(|e| e.to_string()))
    {
        Ok(loaded) => loaded.blueprint,
        Err(e) => {
            eprintln!("seed_timing: cannot open `{path}`: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let runs = 20;
    let start = Instant::now();
    let mut replica = Replica::seed(&doc, 1000, || 0);
    for i in 1..runs {
        replica = Replica::seed(&doc, 1000 + i, || 0);
    }
    let seed = start.elapsed().as_secs_f64() * 1000.0 / runs as f64;
    let start = Instant::now();
    for _ in 0..runs {
        let _ = replica.materialize();
    }
    let materialize = start.elapsed().as_secs_f64() * 1000.0 / runs as f64;
    println!(
        "{} cards: seed {seed:.1} ms, materialize {materialize:.1} ms (mean of {runs})",
        doc.cards.len()
    );
    std::process::ExitCode::SUCCESS
}
