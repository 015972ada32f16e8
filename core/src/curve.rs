//! Arrow curves ([`ArrowPath`], one cubic, drawn while an arrow is being made; [`RoutePath`],
//! the chain of runs and corners a routed arrow follows) and the stretch of one that a view
//! draws.
//!
//! Arrows in a large blueprint can run thousands of pixels while the view shows a few hundred.
//! Browsers rasterize a stroke once per screen tile it touches, and a dashed stroke is re-dashed
//! along its whole length each time, so a few long dashed arrows used to cost most of a frame's
//! raster time. [`ArrowPath::clipped`] cuts the curve down to the part that reaches into the
//! view (exactly: a sub-curve of the same cubic) and says how far along the whole curve it
//! starts, so dashes stay where they would be on the whole arrow.
//!
//! Arrows are also hit-tested here ([`arrow_at`]) rather than by an invisible wide stroke per
//! arrow in the view: cards take precedence over an arrow that passes over them, and a large
//! blueprint's first frame has one element less per arrow.

use std::sync::Arc;

use crate::geometry::{push_tenths, Point, Rect};

/// An arrow's drawn path between two cards.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ArrowPath {
    /// Where the arrow leaves the first card.
    pub start: Point,
    /// Where the arrow meets the second card.
    pub end: Point,
    /// A point near the middle of the curve, for the label and the crossing marker.
    pub middle: Point,
    /// The curve's first control point.
    pub c1: Point,
    /// The curve's second control point.
    pub c2: Point,
}

impl ArrowPath {
    /// SVG path data (`M x y C x y, x y, x y`), coordinates to a tenth of a pixel. Built on
    /// demand: a view formats only the arrows it shows.
    pub fn d(&self) -> String {
        path_data(&self.points())
    }

    /// The point of the curve at parameter `t` (0 = start, 1 = end).
    pub fn at(&self, t: f64) -> Point {
        point_at(&self.points(), t)
    }

    /// A rectangle that holds the whole curve (the box around its four control points).
    pub fn bounds(&self) -> Rect {
        hull(&self.points(), self.start)
    }

    /// Where the curve crosses the horizontal line at `y`, if its ends lie on both sides.
    pub fn crossing_at_y(&self, y: f64) -> Option<Point> {
        let (y0, y1) = (self.start.y, self.end.y);
        if (y0 - y) * (y1 - y) > 0.0 || (y0 - y1).abs() < f64::EPSILON {
            return None;
        }
        let down = y1 > y0;
        let (mut lo, mut hi) = (0.0, 1.0);
        for _ in 0..40 {
            let mid = (lo + hi) / 2.0;
            if (self.at(mid).y < y) == down {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        Some(self.at((lo + hi) / 2.0))
    }
}

/// Longest distance along the curve between two samples when looking for the part in view,
/// which is also the most the kept stretch runs beyond the view. Coarse, so that clipping stays
/// cheap: a few hundred curve points for an arrow thousands of pixels long.
const STEP: f64 = 32.0;
/// Most samples taken along one curve (a curve longer than `STEP` times this is sampled more
/// coarsely and grows the kept stretch's margin accordingly).
const MAX_SAMPLES: usize = 4096;
/// Longest distance along the curve between the points a hit test measures against: the
/// polyline through them is less than half a pixel off these gentle curves.
const HIT_STEP: f64 = 4.0;
/// Intervals of Gauss–Legendre quadrature used for an arc length.
const LENGTH_INTERVALS: usize = 64;

/// The part of an arrow's curve a view draws.
#[derive(Debug, Clone, PartialEq)]
pub struct ClippedPath {
    /// SVG path data of the kept stretch (`M x y C x y, x y, x y`).
    pub d: String,
    /// Length of the curve before the kept stretch: as `stroke-dashoffset`, it keeps a dashed
    /// arrow's dashes where they would be on the whole curve.
    pub offset: f64,
    /// Whether the kept stretch starts where the arrow starts (so a start marker belongs on it).
    pub has_start: bool,
    /// Whether it ends where the arrow ends (so its arrowhead belongs on it).
    pub has_end: bool,
    /// Where the kept stretch starts and ends on the whole curve, as curve parameters (0 is
    /// the arrow's start, 1 its end).
    pub range: (f64, f64),
}

impl ClippedPath {
    /// The whole of a path whose data is `d`.
    fn whole(d: String) -> ClippedPath {
        ClippedPath {
            d,
            offset: 0.0,
            has_start: true,
            has_end: true,
            range: (0.0, 1.0),
        }
    }
}

impl ArrowPath {
    /// The stretch of the curve to draw for a view of `view`: every point of the curve inside
    /// `view` lies on it, and it runs at most a few pixels beyond. `None` when the curve does
    /// not reach into `view`. A curve that lies wholly inside comes back whole.
    pub fn clipped(&self, view: &Rect) -> Option<ClippedPath> {
        let pts = self.points();
        let hull = self.bounds();
        if !view.grown(1.0).intersects(&hull.grown(1.0)) {
            return None;
        }
        if view.contains_rect(&hull) {
            return Some(self.whole());
        }
        // Samples no farther apart along the curve than the step: the curve's speed is at most
        // three times its longest control leg.
        let leg = longest_leg(&pts);
        let n = ((3.0 * leg / STEP).ceil() as usize).clamp(8, MAX_SAMPLES);
        let spacing = (3.0 * leg / n as f64).max(STEP);
        // The samples on both sides of a point of the curve inside the view are at most one
        // spacing away from it, so they lie inside the view grown by the spacing: the first
        // and last samples there bracket every point in view.
        let near = view.grown(spacing);
        let inside = |i: usize| near.contains(point_at(&pts, i as f64 / n as f64));
        let first = (0..=n).find(|&i| inside(i))?;
        let last = (first..=n).rev().find(|&i| inside(i)).unwrap_or(first);
        if first == last {
            // One sample near the view: the curve only grazes the grown view, not the view.
            return None;
        }
        let (t0, t1) = (first as f64 / n as f64, last as f64 / n as f64);
        if t0 <= 0.0 && t1 >= 1.0 {
            return Some(self.whole());
        }
        let sub = sub_curve(&pts, t0, t1);
        Some(ClippedPath {
            d: path_data(&sub),
            offset: arc_length(&pts, t0),
            has_start: t0 <= 0.0,
            has_end: t1 >= 1.0,
            range: (t0, t1),
        })
    }

    /// How far `p` is from the curve: measured against a polyline through points of the curve
    /// at most [`HIT_STEP`] apart along it (a long curve more coarsely, see `MAX_SAMPLES`), so
    /// within a fraction of a pixel for arrows of ordinary length.
    pub fn distance_to(&self, p: Point) -> f64 {
        piece_distance(&self.points(), p, 8)
    }

    /// The four control points, in order.
    pub(crate) fn points(&self) -> [Point; 4] {
        [self.start, self.c1, self.c2, self.end]
    }

    fn whole(&self) -> ClippedPath {
        ClippedPath::whole(self.d())
    }
}

/// An arrow's route between two cards: a chain of cubic pieces (straight runs and the rounded
/// corners between them, or one smooth curve), drawn as one SVG path. Routes run in the
/// gutters between cells, around the cards in between ([`crate::layout::Layout::route_between`]).
///
/// It answers what [`ArrowPath`] answers for one cubic: its path data, a point along it, its
/// bounds, where it crosses a line, the stretch a view draws, how far a point is from it.
#[derive(Debug, Clone, PartialEq)]
pub struct RoutePath {
    /// Where the arrow leaves the first card.
    pub start: Point,
    /// Where the arrow meets the second card.
    pub end: Point,
    /// The point halfway along the route, for the label.
    pub middle: Point,
    /// The pieces, each a cubic's four control points, end to start (shared: a route kept
    /// across edits is cloned, not built again).
    pieces: Arc<[[Point; 4]]>,
    /// Each piece's length, once.
    lengths: Arc<[f64]>,
}

/// A quarter circle's cubic: how far along each tangent its control points sit, as a share
/// of the radius.
const QUARTER: f64 = 0.552_284_749_8;

impl From<ArrowPath> for RoutePath {
    fn from(path: ArrowPath) -> RoutePath {
        RoutePath::from_pieces(vec![path.points()])
    }
}

impl RoutePath {
    /// The route along `points` (a polyline of horizontal and vertical runs, at least two
    /// points), with corners rounded to `radius` (less where a run is too short for it).
    /// Repeated points and points in the middle of a straight run are dropped.
    pub fn orthogonal(points: &[Point], radius: f64) -> RoutePath {
        let mut pts: Vec<Point> = Vec::with_capacity(points.len());
        for &p in points {
            if pts.last().is_some_and(|q| distance(*q, p) < 1e-9) {
                continue;
            }
            if pts.len() >= 2 {
                let (a, b) = (pts[pts.len() - 2], pts[pts.len() - 1]);
                let cross = (b.x - a.x) * (p.y - b.y) - (b.y - a.y) * (p.x - b.x);
                let dot = (b.x - a.x) * (p.x - b.x) + (b.y - a.y) * (p.y - b.y);
                if cross.abs() < 1e-9 && dot > 0.0 {
                    pts.pop();
                }
            }
            pts.push(p);
        }
        match pts.len() {
            0 => return RoutePath::from_pieces(Vec::new()),
            1 => return RoutePath::from_pieces(vec![[pts[0]; 4]]),
            _ => {}
        }
        let last = pts.len() - 1;
        // How much of each run a corner may take: all of an end run, half of a middle one.
        let room = |i: usize| {
            let len = distance(pts[i], pts[i + 1]);
            if i == 0 || i + 1 == last {
                len
            } else {
                len / 2.0
            }
        };
        // Each piece with its length: a straight run's is its chord, a right-angled corner's
        // the unit corner's scaled by its radius (the same curve, turned and scaled); only
        // another corner is measured by quadrature.
        let mut pieces: Vec<([Point; 4], f64)> = Vec::with_capacity(2 * pts.len());
        let mut from = pts[0];
        for i in 1..last {
            let (prev, at, next) = (pts[i - 1], pts[i], pts[i + 1]);
            let r = radius.min(room(i - 1)).min(room(i)).max(0.0);
            let into = unit(prev, at);
            let out = unit(at, next);
            let enter = Point {
                x: at.x - into.x * r,
                y: at.y - into.y * r,
            };
            let leave = Point {
                x: at.x + out.x * r,
                y: at.y + out.y * r,
            };
            pieces.push((straight(from, enter), distance(from, enter)));
            let k = r * (1.0 - QUARTER);
            let corner = [
                enter,
                Point {
                    x: at.x - into.x * k,
                    y: at.y - into.y * k,
                },
                Point {
                    x: at.x + out.x * k,
                    y: at.y + out.y * k,
                },
                leave,
            ];
            let right_angle = (into.x * out.x + into.y * out.y).abs() < 1e-12;
            let length = if right_angle {
                r * unit_corner_length()
            } else {
                piece_length(&corner)
            };
            pieces.push((corner, length));
            from = leave;
        }
        pieces.push((straight(from, pts[last]), distance(from, pts[last])));
        pieces.retain(|(p, _)| distance(p[0], p[3]) > 1e-9);
        if pieces.is_empty() {
            pieces.push((straight(pts[0], pts[last]), distance(pts[0], pts[last])));
        }
        let (pieces, lengths) = pieces.into_iter().unzip();
        RoutePath::with_lengths(pieces, lengths)
    }

    fn from_pieces(pieces: Vec<[Point; 4]>) -> RoutePath {
        let lengths = pieces.iter().map(piece_length).collect();
        RoutePath::with_lengths(pieces, lengths)
    }

    /// The route of `pieces`, whose lengths are `lengths` (one each).
    fn with_lengths(pieces: Vec<[Point; 4]>, lengths: Vec<f64>) -> RoutePath {
        let origin = Point { x: 0.0, y: 0.0 };
        let start = pieces.first().map_or(origin, |p| p[0]);
        let end = pieces.last().map_or(origin, |p| p[3]);
        let mut path = RoutePath {
            start,
            end,
            middle: start,
            pieces: pieces.into(),
            lengths: lengths.into(),
        };
        path.middle = path.at(0.5);
        path
    }

    /// The pieces, each a cubic's four control points, from the start to the end.
    pub fn pieces(&self) -> &[[Point; 4]] {
        &self.pieces
    }

    /// SVG path data (`M x y C x y, x y, x y C …`), coordinates to a tenth of a pixel.
    pub fn d(&self) -> String {
        chain_data(&self.pieces)
    }

    /// Its length.
    pub fn length(&self) -> f64 {
        self.lengths.iter().sum()
    }

    /// The point at share `t` of its length (0 = start, 1 = end); within a piece, by its
    /// curve parameter (even along straight runs, near enough on corners).
    pub fn at(&self, t: f64) -> Point {
        let mut left = t.clamp(0.0, 1.0) * self.length();
        for (piece, len) in self.pieces.iter().zip(self.lengths.iter()) {
            if left <= *len && *len > 0.0 {
                return point_at(piece, left / len);
            }
            left -= len;
        }
        self.end
    }

    /// A rectangle that holds the whole route.
    pub fn bounds(&self) -> Rect {
        let points: Vec<Point> = self.pieces.iter().flatten().copied().collect();
        hull(&points, self.start)
    }

    /// Where the route first crosses the horizontal line at `y` (a piece whose ends lie on
    /// both sides of it; a run along the line does not cross it).
    pub fn crossing_at_y(&self, y: f64) -> Option<Point> {
        self.pieces.iter().find_map(|p| {
            ArrowPath {
                start: p[0],
                c1: p[1],
                c2: p[2],
                end: p[3],
                middle: p[0],
            }
            .crossing_at_y(y)
        })
    }

    /// How far `p` is from the route (as [`ArrowPath::distance_to`], piece by piece).
    pub fn distance_to(&self, p: Point) -> f64 {
        self.pieces
            .iter()
            .map(|piece| piece_distance(piece, p, 1))
            .fold(f64::INFINITY, f64::min)
    }

    /// The stretch of the route to draw for a view of `view` (as [`ArrowPath::clipped`]: every
    /// point of the route inside `view` lies on it, it runs at most a few pixels beyond, and
    /// its offset is the length of the route before it). Its range is in shares of the
    /// route's length. `None` when the route does not reach into `view`.
    pub fn clipped(&self, view: &Rect) -> Option<ClippedPath> {
        let hull = self.bounds();
        if self.pieces.is_empty() || !view.grown(1.0).intersects(&hull.grown(1.0)) {
            return None;
        }
        if view.contains_rect(&hull) {
            return Some(self.whole());
        }
        // Samples along each piece no farther apart than the step (see `ArrowPath::clipped`),
        // as (piece, parameter); the route's end is the last one.
        let mut samples: Vec<(usize, f64)> = Vec::new();
        let mut spacing = STEP;
        for (i, piece) in self.pieces.iter().enumerate() {
            let leg = longest_leg(piece);
            let n = ((3.0 * leg / STEP).ceil() as usize).clamp(1, MAX_SAMPLES);
            spacing = spacing.max(3.0 * leg / n as f64);
            samples.extend((0..n).map(|k| (i, k as f64 / n as f64)));
        }
        samples.push((self.pieces.len() - 1, 1.0));
        let near = view.grown(spacing);
        let inside = |&(i, t): &(usize, f64)| near.contains(point_at(&self.pieces[i], t));
        let first = samples.iter().position(inside)?;
        let last = samples.iter().rposition(inside).unwrap_or(first);
        if first == last {
            return None;
        }
        if first == 0 && last == samples.len() - 1 {
            return Some(self.whole());
        }
        let ((i0, t0), (i1, t1)) = (samples[first], samples[last]);
        let mut kept = Vec::with_capacity(i1 - i0 + 1);
        for i in i0..=i1 {
            let (a, b) = (
                if i == i0 { t0 } else { 0.0 },
                if i == i1 { t1 } else { 1.0 },
            );
            if b > a {
                kept.push(sub_curve(&self.pieces[i], a, b));
            }
        }
        let lengths = &self.lengths;
        let total: f64 = self.length().max(f64::MIN_POSITIVE);
        let part = |i: usize, t: f64| self.length_to(i, t);
        let before: f64 = lengths[..i0].iter().sum::<f64>() + part(i0, t0);
        let upto: f64 = lengths[..i1].iter().sum::<f64>() + part(i1, t1);
        Some(ClippedPath {
            d: chain_data(&kept),
            offset: before,
            has_start: first == 0,
            has_end: last == samples.len() - 1,
            range: (before / total, upto / total),
        })
    }

    /// The length of piece `i` up to its parameter `t`: along a straight run (whose
    /// parameter runs evenly, see `straight`) its share of the run, by quadrature otherwise.
    fn length_to(&self, i: usize, t: f64) -> f64 {
        let (piece, length) = (&self.pieces[i], self.lengths[i]);
        if is_straight(piece) {
            t.clamp(0.0, 1.0) * length
        } else {
            arc_length(piece, t)
        }
    }

    fn whole(&self) -> ClippedPath {
        ClippedPath::whole(self.d())
    }
}

/// Something an arrow is drawn along, for [`arrow_at`]: a box around it and how far a point
/// is from it.
pub trait Track {
    /// A rectangle that holds it.
    fn bounds(&self) -> Rect;
    /// How far `p` is from it.
    fn distance_to(&self, p: Point) -> f64;
}

impl Track for ArrowPath {
    fn bounds(&self) -> Rect {
        ArrowPath::bounds(self)
    }
    fn distance_to(&self, p: Point) -> f64 {
        ArrowPath::distance_to(self, p)
    }
}

impl Track for RoutePath {
    fn bounds(&self) -> Rect {
        RoutePath::bounds(self)
    }
    fn distance_to(&self, p: Point) -> f64 {
        RoutePath::distance_to(self, p)
    }
}

/// The smallest rectangle holding `points` (a point's empty rectangle at `otherwise` when
/// there are none).
fn hull(points: &[Point], otherwise: Point) -> Rect {
    let (mut x0, mut y0) = (f64::INFINITY, f64::INFINITY);
    let (mut x1, mut y1) = (f64::NEG_INFINITY, f64::NEG_INFINITY);
    for p in points {
        (x0, y0, x1, y1) = (x0.min(p.x), y0.min(p.y), x1.max(p.x), y1.max(p.y));
    }
    if x0 > x1 {
        (x0, y0, x1, y1) = (otherwise.x, otherwise.y, otherwise.x, otherwise.y);
    }
    Rect {
        x: x0,
        y: y0,
        width: x1 - x0,
        height: y1 - y0,
    }
}

/// How far `p` is from the cubic `piece`, measured against a polyline through at least
/// `fewest` segments of it, at most [`HIT_STEP`] apart along it (a long curve more coarsely,
/// see `MAX_SAMPLES`).
fn piece_distance(piece: &[Point; 4], p: Point, fewest: usize) -> f64 {
    let n = ((3.0 * longest_leg(piece) / HIT_STEP).ceil() as usize).clamp(fewest, MAX_SAMPLES);
    let mut prev = piece[0];
    let mut best = distance(prev, p);
    for i in 1..=n {
        let next = point_at(piece, i as f64 / n as f64);
        best = best.min(segment_distance(p, prev, next));
        prev = next;
    }
    best
}

/// The length of one piece: exact and cheap for a straight run (its control points on the
/// line between its ends), by quadrature for a curve.
fn piece_length(p: &[Point; 4]) -> f64 {
    if on_chord(p) {
        // The control points on the chord, between its ends: the curve runs along it.
        return distance(p[0], p[3]);
    }
    arc_length(p, 1.0)
}

/// Whether both control points of `p` lie on the line between its ends, between them.
fn on_chord(p: &[Point; 4]) -> bool {
    let chord = distance(p[0], p[3]);
    let off_line =
        |q: Point| ((p[3].x - p[0].x) * (q.y - p[0].y) - (p[3].y - p[0].y) * (q.x - p[0].x)).abs();
    let along = |q: Point| (q.x - p[0].x) * (p[3].x - p[0].x) + (q.y - p[0].y) * (p[3].y - p[0].y);
    let on = |q: Point| {
        off_line(q) <= 1e-9 * chord.max(1.0) && (0.0..=chord * chord).contains(&along(q))
    };
    on(p[1]) && on(p[2])
}

/// Whether `p` is a straight run as `straight` makes it: its control points at a third and
/// two thirds of the way (to a millionth of its length), so its parameter runs evenly.
fn is_straight(p: &[Point; 4]) -> bool {
    let tolerance = 1e-6 * distance(p[0], p[3]).max(1.0);
    let at = |f: f64| Point {
        x: p[0].x + (p[3].x - p[0].x) * f,
        y: p[0].y + (p[3].y - p[0].y) * f,
    };
    distance(p[1], at(1.0 / 3.0)) <= tolerance && distance(p[2], at(2.0 / 3.0)) <= tolerance
}

/// The length of a right-angled corner of radius 1 as [`RoutePath::orthogonal`] rounds it
/// (a quarter circle's cubic), by quadrature once: every right-angled corner is this curve
/// turned and scaled, so its length is this times its radius.
fn unit_corner_length() -> f64 {
    static LENGTH: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
    *LENGTH.get_or_init(|| {
        let k = 1.0 - QUARTER;
        let corner = [
            Point { x: -1.0, y: 0.0 },
            Point { x: -k, y: 0.0 },
            Point { x: 0.0, y: k },
            Point { x: 0.0, y: 1.0 },
        ];
        arc_length(&corner, 1.0)
    })
}

/// The straight run from `a` to `b` as a cubic (control points at a third and two thirds, so
/// the curve parameter runs evenly along it).
fn straight(a: Point, b: Point) -> [Point; 4] {
    let at = |f: f64| Point {
        x: a.x + (b.x - a.x) * f,
        y: a.y + (b.y - a.y) * f,
    };
    [a, at(1.0 / 3.0), at(2.0 / 3.0), b]
}

/// The unit vector from `a` towards `b`.
fn unit(a: Point, b: Point) -> Point {
    let len = distance(a, b).max(f64::MIN_POSITIVE);
    Point {
        x: (b.x - a.x) / len,
        y: (b.y - a.y) / len,
    }
}

/// SVG path data for a chain of cubics, each starting where the one before ends.
fn chain_data(pieces: &[[Point; 4]]) -> String {
    let mut d = String::with_capacity(16 + 48 * pieces.len());
    let Some(first) = pieces.first() else {
        return d;
    };
    d.push_str("M ");
    push_tenths(&mut d, first[0].x);
    d.push(' ');
    push_tenths(&mut d, first[0].y);
    for piece in pieces {
        for (k, p) in piece.iter().enumerate().skip(1) {
            d.push_str(if k == 1 { " C " } else { ", " });
            push_tenths(&mut d, p.x);
            d.push(' ');
            push_tenths(&mut d, p.y);
        }
    }
    d
}

/// The arrow whose curve passes nearest to `p`, if one passes within `tolerance` of it (ties go
/// to the first). Arrows whose bounding box is farther away are skipped without measuring.
pub fn arrow_at<'a, K, T: Track + 'a>(
    arrows: impl IntoIterator<Item = (K, &'a T)>,
    p: Point,
    tolerance: f64,
) -> Option<K> {
    let mut best: Option<(f64, K)> = None;
    for (key, path) in arrows {
        if !path.bounds().grown(tolerance).contains(p) {
            continue;
        }
        let d = path.distance_to(p);
        if d <= tolerance && best.as_ref().is_none_or(|(nearest, _)| d < *nearest) {
            best = Some((d, key));
        }
    }
    best.map(|(_, key)| key)
}

/// The longest of the control polygon's three legs (the curve's speed is at most three times
/// it, which bounds how far apart evenly spaced samples are along the curve).
fn longest_leg(pts: &[Point; 4]) -> f64 {
    pts.windows(2)
        .map(|w| distance(w[0], w[1]))
        .fold(0.0, f64::max)
}

/// Distance from `p` to the segment from `a` to `b`.
fn segment_distance(p: Point, a: Point, b: Point) -> f64 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p.x - a.x) * dx + (p.y - a.y) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    distance(
        p,
        Point {
            x: a.x + t * dx,
            y: a.y + t * dy,
        },
    )
}

/// SVG path data for a cubic, coordinates to a tenth of a pixel.
pub(crate) fn path_data(pts: &[Point; 4]) -> String {
    let mut d = String::with_capacity(64);
    for (k, p) in pts.iter().enumerate() {
        d.push_str(match k {
            0 => "M ",
            1 => " C ",
            _ => ", ",
        });
        push_tenths(&mut d, p.x);
        d.push(' ');
        push_tenths(&mut d, p.y);
    }
    d
}

/// The point of the cubic at parameter `t`.
pub(crate) fn point_at(p: &[Point; 4], t: f64) -> Point {
    let u = 1.0 - t;
    let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
    Point {
        x: a * p[0].x + b * p[1].x + c * p[2].x + d * p[3].x,
        y: a * p[0].y + b * p[1].y + c * p[2].y + d * p[3].y,
    }
}

/// The curve's speed (length of its derivative) at `t`.
fn speed_at(p: &[Point; 4], t: f64) -> f64 {
    let u = 1.0 - t;
    let (a, b, c) = (3.0 * u * u, 6.0 * u * t, 3.0 * t * t);
    let dx = a * (p[1].x - p[0].x) + b * (p[2].x - p[1].x) + c * (p[3].x - p[2].x);
    let dy = a * (p[1].y - p[0].y) + b * (p[2].y - p[1].y) + c * (p[3].y - p[2].y);
    dx.hypot(dy)
}

/// Length of the curve from its start to parameter `t` (five-point Gauss–Legendre on equal
/// intervals; far below a tenth of a pixel off for these smooth curves).
pub fn arc_length(p: &[Point; 4], t: f64) -> f64 {
    const NODES: [(f64, f64); 5] = [
        (0.0, 0.568_888_888_888_888_9),
        (-0.538_469_310_105_683_1, 0.478_628_670_499_366_5),
        (0.538_469_310_105_683_1, 0.478_628_670_499_366_5),
        (-0.906_179_845_938_664, 0.236_926_885_056_189_1),
        (0.906_179_845_938_664, 0.236_926_885_056_189_1),
    ];
    let t = t.clamp(0.0, 1.0);
    let h = t / LENGTH_INTERVALS as f64;
    (0..LENGTH_INTERVALS)
        .map(|k| {
            let mid = (k as f64 + 0.5) * h;
            NODES
                .iter()
                .map(|(x, w)| w * speed_at(p, mid + x * h / 2.0))
                .sum::<f64>()
                * h
                / 2.0
        })
        .sum()
}

/// The same cubic restricted to parameters `t0..t1` (de Casteljau's split, twice).
pub(crate) fn sub_curve(p: &[Point; 4], t0: f64, t1: f64) -> [Point; 4] {
    let (left, _) = split(p, t1);
    if t1 <= 0.0 {
        return [left[0]; 4];
    }
    split(&left, t0 / t1).1
}

/// De Casteljau's split of a cubic at `t` into the part before and the part after.
fn split(p: &[Point; 4], t: f64) -> ([Point; 4], [Point; 4]) {
    let lerp = |a: Point, b: Point| Point {
        x: a.x + (b.x - a.x) * t,
        y: a.y + (b.y - a.y) * t,
    };
    let (ab, bc, cd) = (lerp(p[0], p[1]), lerp(p[1], p[2]), lerp(p[2], p[3]));
    let (abc, bcd) = (lerp(ab, bc), lerp(bc, cd));
    let mid = lerp(abc, bcd);
    ([p[0], ab, abc, mid], [mid, bcd, cd, p[3]])
}

fn distance(a: Point, b: Point) -> f64 {
    (b.x - a.x).hypot(b.y - a.y)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pt(x: f64, y: f64) -> Point {
        Point { x, y }
    }

    #[test]
    fn split_halves_meet_on_the_curve() {
        let p = [
            pt(0.0, 0.0),
            pt(0.0, 100.0),
            pt(200.0, 100.0),
            pt(200.0, 300.0),
        ];
        let (a, b) = split(&p, 0.3);
        let on = point_at(&p, 0.3);
        assert!(distance(a[3], on) < 1e-9 && distance(b[0], on) < 1e-9);
        // The second half at its own parameter 0.5 is the whole curve at 0.65.
        assert!(distance(point_at(&b, 0.5), point_at(&p, 0.65)) < 1e-9);
    }

    #[test]
    fn corner_lengths_by_formula_agree_with_quadrature() {
        // Every turn (both ways, from both axes), radii cut short by short runs too.
        let routes = [
            vec![
                pt(0.0, 0.0),
                pt(100.0, 0.0),
                pt(100.0, 80.0),
                pt(30.0, 80.0),
            ],
            vec![
                pt(5.0, 5.0),
                pt(5.0, -60.0),
                pt(-40.0, -60.0),
                pt(-40.0, 20.0),
            ],
            vec![
                pt(0.0, 0.0),
                pt(3.0, 0.0),
                pt(3.0, 4.5),
                pt(200.0, 4.5),
                pt(200.0, 9.0),
            ],
            vec![pt(10.0, 10.0), pt(10.0, 10.4), pt(-7.0, 10.4)],
        ];
        for corners in &routes {
            for radius in [6.0, 2.5, 40.0] {
                let path = RoutePath::orthogonal(corners, radius);
                let measured = RoutePath::from_pieces(path.pieces().to_vec());
                assert_eq!(path.lengths.len(), measured.lengths.len());
                for (a, b) in path.lengths.iter().zip(measured.lengths.iter()) {
                    assert!((a - b).abs() < 1e-9, "{a} against {b} for {corners:?}");
                }
                assert!(distance(path.middle, measured.middle) < 1e-9);
            }
        }
    }

    #[test]
    fn arc_length_of_a_straight_curve_is_its_length() {
        let p = [pt(0.0, 0.0), pt(0.0, 10.0), pt(0.0, 290.0), pt(0.0, 300.0)];
        assert!((arc_length(&p, 1.0) - 300.0).abs() < 1e-6);
        assert_eq!(arc_length(&p, 0.0), 0.0);
    }
}
