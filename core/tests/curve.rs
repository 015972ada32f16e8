//! Cutting arrows down to the part a view draws: nothing in view is lost, little beyond it is
//! kept, and dashes keep their place on the whole curve. Hit-testing arrows: the distance to a
//! curve and the arrow nearest a point.

use proptest::prelude::*;
use stageline_core::curve::{arc_length, arrow_at, ClippedPath};
use stageline_core::layout::{route, ArrowPath, Point, Rect};

const CARD: (f64, f64) = (180.0, 72.0);

fn rect(x: f64, y: f64, width: f64, height: f64) -> Rect {
    Rect {
        x,
        y,
        width,
        height,
    }
}

fn card(x: f64, y: f64) -> Rect {
    rect(x, y, CARD.0, CARD.1)
}

fn points(p: &ArrowPath) -> [Point; 4] {
    [p.start, p.c1, p.c2, p.end]
}

/// The numbers of an `M x y C x y, x y, x y` path.
fn numbers(d: &str) -> Vec<f64> {
    d.split([' ', ','])
        .filter(|t| !t.is_empty() && *t != "M" && *t != "C")
        .map(|t| t.parse().expect("a number"))
        .collect()
}

/// Length of the curve from 0 to `t`, by a fine polyline.
fn polyline_length(p: &ArrowPath, t: f64) -> f64 {
    let n = 20_000;
    (0..n)
        .map(|k| {
            let (a, b) = (
                p.at(t * k as f64 / n as f64),
                p.at(t * (k + 1) as f64 / n as f64),
            );
            (b.x - a.x).hypot(b.y - a.y)
        })
        .sum()
}

#[test]
fn an_arrow_inside_the_view_is_kept_whole() {
    let path = route(&card(100.0, 100.0), &card(100.0, 400.0));
    let view = rect(0.0, 0.0, 1000.0, 1000.0);
    let clipped = path.clipped(&view).expect("in view");
    assert_eq!(
        clipped,
        ClippedPath {
            d: path.d(),
            offset: 0.0,
            has_start: true,
            has_end: true,
            range: (0.0, 1.0),
        }
    );
}

#[test]
fn an_arrow_away_from_the_view_is_not_drawn() {
    let path = route(&card(100.0, 100.0), &card(100.0, 400.0));
    let view = rect(2000.0, 0.0, 800.0, 600.0);
    assert_eq!(path.clipped(&view), None);
}

#[test]
fn a_long_arrow_through_the_view_keeps_only_the_part_in_it() {
    // A vertical arrow 5,000 px long; the view is 600 px tall in the middle of it.
    let path = route(&card(100.0, 0.0), &card(100.0, 5072.0));
    let view = rect(0.0, 2000.0, 1000.0, 600.0);
    let clipped = path.clipped(&view).expect("in view");
    assert!(!clipped.has_start && !clipped.has_end);
    let n = numbers(&clipped.d);
    let (top, bottom) = (n[1], n[7]);
    assert!(
        (1950.0..=2000.0).contains(&top),
        "starts just above the view: {top}"
    );
    assert!(
        (2600.0..=2650.0).contains(&bottom),
        "ends just below it: {bottom}"
    );
    // Dashes start where they would: the length of the curve above the kept part.
    assert!((clipped.offset - (top - path.start.y)).abs() < 0.5);
}

#[test]
fn arc_length_agrees_with_a_fine_polyline() {
    let path = route(&card(0.0, 0.0), &card(900.0, 3000.0));
    for t in [0.1, 0.37, 0.5, 0.9, 1.0] {
        let (a, b) = (arc_length(&points(&path), t), polyline_length(&path, t));
        assert!((a - b).abs() < 0.05, "t = {t}: {a} vs {b}");
    }
}

/// Distance from `p` to the curve, by 20,000 samples.
fn brute_distance(path: &ArrowPath, p: Point) -> f64 {
    let n = 20_000;
    (0..=n)
        .map(|k| {
            let q = path.at(k as f64 / n as f64);
            (q.x - p.x).hypot(q.y - p.y)
        })
        .fold(f64::INFINITY, f64::min)
}

#[test]
fn a_point_beside_a_straight_arrow_is_as_far_as_it_looks() {
    // Straight down from (190, 172) to (190, 400).
    let path = route(&card(100.0, 100.0), &card(100.0, 400.0));
    assert!(path.distance_to(Point { x: 190.0, y: 250.0 }) < 1e-9);
    assert!((path.distance_to(Point { x: 196.0, y: 250.0 }) - 6.0).abs() < 1e-9);
    // Beyond its end the nearest point is the end.
    assert!((path.distance_to(Point { x: 190.0, y: 40.0 }) - (path.start.y - 40.0)).abs() < 1e-9);
}

#[test]
fn the_nearest_arrow_within_the_tolerance_is_hit() {
    let left = route(&card(100.0, 100.0), &card(100.0, 400.0));
    let right = route(&card(300.0, 100.0), &card(300.0, 400.0));
    let arrows = [("left", &left), ("right", &right)];
    let x = left.start.x;
    assert_eq!(
        arrow_at(
            arrows,
            Point {
                x: x + 5.0,
                y: 250.0
            },
            7.0
        ),
        Some("left")
    );
    assert_eq!(
        arrow_at(
            arrows,
            Point {
                x: x + 8.0,
                y: 250.0
            },
            7.0
        ),
        None
    );
    assert_eq!(
        arrow_at(
            arrows,
            Point {
                x: right.start.x - 3.0,
                y: 250.0
            },
            7.0
        ),
        Some("right")
    );
    assert_eq!(
        arrow_at(
            arrows,
            Point {
                x: 5000.0,
                y: 250.0
            },
            7.0
        ),
        None
    );
    let none: [(&str, &ArrowPath); 0] = [];
    assert_eq!(arrow_at(none, Point { x, y: 250.0 }, 7.0), None);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The distance to an arrow agrees with a fine sampling of the curve to within half a
    /// pixel, for points anywhere near it.
    #[test]
    fn distance_to_agrees_with_fine_sampling(
        ax in -2000.0f64..2000.0, ay in -2000.0f64..2000.0,
        bx in -2000.0f64..2000.0, by in -2000.0f64..2000.0,
        t in 0.0f64..=1.0, dx in -40.0f64..40.0, dy in -40.0f64..40.0,
    ) {
        let path = route(&card(ax, ay), &card(bx, by));
        let on = path.at(t);
        prop_assert!(path.distance_to(on) < 0.5, "a point on the curve is {} away", path.distance_to(on));
        let p = Point { x: on.x + dx, y: on.y + dy };
        let (d, exact) = (path.distance_to(p), brute_distance(&path, p));
        prop_assert!((d - exact).abs() < 0.5, "{} vs {}", d, exact);
    }

    /// The arrow hit is the nearest one, and only if it is within the tolerance.
    #[test]
    fn arrow_at_finds_the_nearest_arrow_within_the_tolerance(
        ends in proptest::collection::vec((-1500.0f64..1500.0, -1500.0f64..1500.0, -1500.0f64..1500.0, -1500.0f64..1500.0), 1..6),
        px in -1600.0f64..1600.0, py in -1600.0f64..1600.0,
        tolerance in 1.0f64..20.0,
    ) {
        let paths: Vec<ArrowPath> = ends.iter().map(|(ax, ay, bx, by)| route(&card(*ax, *ay), &card(*bx, *by))).collect();
        let p = Point { x: px, y: py };
        let distances: Vec<f64> = paths.iter().map(|a| a.distance_to(p)).collect();
        let hit = arrow_at(paths.iter().enumerate(), p, tolerance);
        let nearest = (0..paths.len()).min_by(|a, b| distances[*a].total_cmp(&distances[*b]));
        match hit {
            Some(k) => {
                prop_assert!(distances[k] <= tolerance);
                prop_assert!(nearest.is_some_and(|n| distances[n] == distances[k]));
            }
            None => prop_assert!(distances.iter().all(|d| *d > tolerance)),
        }
    }

    /// For any arrow and any view: every point of the curve in the view lies on the kept
    /// stretch, the stretch ends close to the view (unless it is the arrow's own end), its
    /// path is the same curve restricted to that stretch, and its dash offset is the length of
    /// the curve before it.
    #[test]
    fn clipping_keeps_everything_in_view_and_little_else(
        ax in -4000.0f64..4000.0, ay in -4000.0f64..4000.0,
        bx in -4000.0f64..4000.0, by in -4000.0f64..4000.0,
        vx in -3000.0f64..3000.0, vy in -3000.0f64..3000.0,
        vw in 50.0f64..2000.0, vh in 50.0f64..2000.0,
    ) {
        let path = route(&card(ax, ay), &card(bx, by));
        let view = rect(vx, vy, vw, vh);
        let samples = 4000;
        let in_view: Vec<f64> = (0..=samples)
            .map(|k| k as f64 / samples as f64)
            .filter(|t| view.contains(path.at(*t)))
            .collect();
        match path.clipped(&view) {
            None => prop_assert!(in_view.is_empty(), "{} points in view, none kept", in_view.len()),
            Some(c) => {
                let (t0, t1) = c.range;
                prop_assert!((0.0..=1.0).contains(&t0) && t0 < t1 && t1 <= 1.0);
                for t in &in_view {
                    prop_assert!(*t >= t0 && *t <= t1, "t = {} outside {:?}", t, c.range);
                }
                prop_assert_eq!(c.has_start, t0 == 0.0);
                prop_assert_eq!(c.has_end, t1 == 1.0);
                // The kept stretch stops near the view: within one sample spacing of it.
                let leg = points(&path).windows(2).map(|w| (w[1].x - w[0].x).hypot(w[1].y - w[0].y)).fold(0.0, f64::max);
                let slack = (3.0 * leg / 4096.0).max(32.0) + 0.01;
                let near = Rect { x: vx - slack, y: vy - slack, width: vw + 2.0 * slack, height: vh + 2.0 * slack };
                if !c.has_start { prop_assert!(near.contains(path.at(t0)), "starts far from the view"); }
                if !c.has_end { prop_assert!(near.contains(path.at(t1)), "ends far from the view"); }
                // The path text draws the same curve over t0..t1.
                let n = numbers(&c.d);
                prop_assert_eq!(n.len(), 8);
                let (s, e) = (path.at(t0), path.at(t1));
                prop_assert!((n[0] - s.x).abs() <= 0.06 && (n[1] - s.y).abs() <= 0.06);
                prop_assert!((n[6] - e.x).abs() <= 0.06 && (n[7] - e.y).abs() <= 0.06);
                let offset = polyline_length(&path, t0);
                prop_assert!((c.offset - offset).abs() < 0.05 + offset * 1e-6, "{} vs {}", c.offset, offset);
            }
        }
    }
}
