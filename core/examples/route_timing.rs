//! Times what the editor does with arrows on an edit of a large blueprint: the layout, routing
//! every arrow ([`route_arrows`]), cutting them to a screen-sized area ([`draw_in_area`]) and
//! placing their labels ([`place_labels`]), from scratch and after one edit (a card moved, a
//! card added, and that undone), each step given the previous values as the app's memos are.
//!
//! Prints figures (medians over several repetitions), asserts nothing about time:
//!
//! ```text
//! stageline generate --cards 1000 --seed 1 -o /tmp/b1000.json
//! cargo run --release -p stageline-core --example route_timing -- /tmp/b1000.json
//! ```

use std::time::{Duration, Instant};

use stageline_core::arrows::{draw_in_area, route_arrows, InView, Routes};
use stageline_core::layout::{Layout, Metrics, Rect};
use stageline_core::ops;
use stageline_core::placement::place_labels;
use stageline_schema::{load_str, Blueprint, SeededIds};

/// How many times each step is timed (the median is printed).
const REPS: usize = 7;

/// What the app derives from a document on an edit.
struct Derived {
    layout: Layout,
    routes: Routes,
    in_view: InView,
}

/// The view the benchmark's browser window shows (about 1,600 by 1,000 pixels, top left).
const AREA: Rect = Rect {
    x: 0.0,
    y: 0.0,
    width: 1600.0,
    height: 1000.0,
};

/// Times one pass of the app's arrow pipeline over `doc`, given the `previous` values: the
/// time of each step (layout, routes, drawing, labels) and what it derived.
fn pass(doc: &Blueprint, previous: Option<&Derived>) -> ([Duration; 4], Derived) {
    let t = Instant::now();
    let layout = Layout::compute(doc, Metrics::default());
    let t_layout = t.elapsed();
    let t = Instant::now();
    let routes = route_arrows(doc, &layout, previous.map(|p| &p.routes));
    let t_routes = t.elapsed();
    let t = Instant::now();
    let in_view = draw_in_area(&routes, AREA, previous.map(|p| &p.in_view));
    let t_draw = t.elapsed();
    let t = Instant::now();
    let placed = place_labels(
        &layout,
        routes
            .arrows()
            .iter()
            .map(|a| (&a.id, &a.path, a.label.as_str())),
    );
    let t_labels = t.elapsed();
    std::hint::black_box(&placed);
    (
        [t_layout, t_routes, t_draw, t_labels],
        Derived {
            layout,
            routes,
            in_view,
        },
    )
}

/// The median of each step over the runs.
fn medians(mut runs: Vec<[Duration; 4]>) -> [f64; 4] {
    let mut out = [0.0; 4];
    for (k, slot) in out.iter_mut().enumerate() {
        runs.sort_by_key(|r| r[k]);
        *slot = runs[runs.len() / 2][k].as_secs_f64() * 1000.0;
    }
    out
}

fn print(name: &str, m: [f64; 4]) {
    println!(
        "  {name:<22} layout {:>7.2} ms  routes {:>7.2} ms  draw {:>6.2} ms  labels {:>7.2} ms  total {:>7.2} ms",
        m[0],
        m[1],
        m[2],
        m[3],
        m.iter().sum::<f64>()
    );
}

fn main() {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("usage: route_timing BLUEPRINT.json ...");
        std::process::exit(2);
    }
    for file in files {
        let text = match std::fs::read_to_string(&file) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("{file}: {e}");
                std::process::exit(1);
            }
        };
        let doc = match load_str(&text) {
            Ok(loaded) => loaded.blueprint,
            Err(e) => {
                eprintln!("{file}: {e}");
                std::process::exit(1);
            }
        };
        println!(
            "{file}: {} cards, {} arrows",
            doc.cards.len(),
            doc.connections.len()
        );
        timings(&doc);
    }
}

fn timings(doc: &Blueprint) {
    let scratch = (0..REPS).map(|_| pass(doc, None).0).collect();
    print("from scratch", medians(scratch));
    let (_, base) = pass(doc, None);
    let (_, again) = pass(doc, Some(&base));
    let again_runs = (0..REPS).map(|_| pass(doc, Some(&again)).0).collect();
    print("unchanged", medians(again_runs));

    // A card in the middle of the document moved to the first cell of another stage.
    let card = doc.cards[doc.cards.len() / 2].id.clone();
    let (lane, stage) = (
        doc.lanes[0].id.clone(),
        doc.stages[doc.stages.len() - 1].id.clone(),
    );
    let Ok(command) = ops::move_cards(doc, std::slice::from_ref(&card), &lane, &stage, 0) else {
        eprintln!("the move was refused");
        return;
    };
    let mut moved = doc.clone();
    let Ok(_) = command.apply(&mut moved) else {
        eprintln!("the move did not apply");
        return;
    };
    let runs = (0..REPS).map(|_| pass(&moved, Some(&base)).0).collect();
    print("card moved", medians(runs));

    // A card added to the fullest cell of the third lane (the lane grows, the lanes below
    // and their lines move), then undone.
    let mut ids = SeededIds::new(99);
    let lane = doc.lanes[2].id.clone();
    let fullest = doc.stages.iter().max_by_key(|s| {
        doc.cards
            .iter()
            .filter(|c| c.lane == lane && c.stage == s.id)
            .count()
    });
    let Some(stage) = fullest.map(|s| s.id.clone()) else {
        eprintln!("no stages");
        return;
    };
    let Ok((command, _)) = ops::add_card(doc, &mut ids, &lane, &stage, None, "New card") else {
        eprintln!("the card was refused");
        return;
    };
    let mut added = doc.clone();
    let Ok(inverse) = command.apply(&mut added) else {
        eprintln!("the card did not apply");
        return;
    };
    let runs = (0..REPS).map(|_| pass(&added, Some(&base)).0).collect();
    print("card added", medians(runs));
    let (_, after_add) = pass(&added, Some(&base));
    let mut undone = added.clone();
    let Ok(_) = inverse.apply(&mut undone) else {
        eprintln!("the undo did not apply");
        return;
    };
    let runs = (0..REPS)
        .map(|_| pass(&undone, Some(&after_add)).0)
        .collect();
    print("undo of the add", medians(runs));
    let kept = |a: &Routes, b: &Routes| {
        a.arrows()
            .iter()
            .zip(b.arrows())
            .filter(|(x, y)| x.same(y))
            .count()
    };
    let (_, d) = pass(&undone, Some(&after_add));
    println!(
        "  routes kept: add {} of {}, undo {} of {}",
        kept(&after_add.routes, &base.routes),
        base.routes.arrows().len(),
        kept(&d.routes, &after_add.routes),
        d.routes.arrows().len()
    );
    std::hint::black_box(&d.layout);
}
