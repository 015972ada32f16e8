//! How long the engine takes to seed a replica from a blueprint, and to materialize it again
//! (what opening a blueprint and an undo cost it), natively:
//! `cargo run --release -p stageline-collab --example seed_timing -- FILE.json`.
use std::time::Instant;

use stageline_collab::Replica;

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: seed_timing FILE.json");
    let text = std::fs::read_to_string(&path).expect("a readable file");
    let doc = stageline_schema::load_str(&text)
        .expect("a blueprint")
        .blueprint;
    let runs = 20;
    let start = Instant::now();
    let mut replica = None;
    for i in 0..runs {
        replica = Some(Replica::seed(&doc, 1000 + i, || 0));
    }
    let seed = start.elapsed().as_secs_f64() * 1000.0 / runs as f64;
    let replica = replica.expect("seeded");
    let start = Instant::now();
    for _ in 0..runs {
        let _ = replica.materialize();
    }
    let materialize = start.elapsed().as_secs_f64() * 1000.0 / runs as f64;
    println!(
        "{} cards: seed {seed:.1} ms, materialize {materialize:.1} ms (mean of {runs})",
        doc.cards.len()
    );
}
