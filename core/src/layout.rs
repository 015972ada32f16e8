//! Where everything sits on the blueprint canvas, computed from the document alone.
//!
//! The editor positions stage headers, lane headers, cells and cards from a [`Layout`], draws
//! arrows along [`route`], and turns pointer coordinates into drop targets with
//! [`Layout::drop_target`]. The SVG export uses the same numbers, so a picture matches the
//! screen. Cards have a fixed height (long text is clamped on the card and shown in full in
//! the details panel), so a lane is as tall as its fullest cell.

use std::collections::HashSet;

use rustc_hash::FxHashMap;
use std::ops::Range;

use stageline_schema::{Blueprint, CardId, LaneId, Line};

pub use crate::curve::{ArrowPath, RoutePath};
pub use crate::geometry::{Point, Rect};

/// The free space around the canvas inside the viewport, on every side, in screen pixels (it
/// does not scale with the zoom). The canvas view places the canvas this far in and gives the
/// scrolled area this much more on each side; [`crate::actions::fit_zoom`] counts it.
pub const CANVAS_MARGIN: f64 = 16.0;

/// The fixed sizes the layout is built from, in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metrics {
    /// Width of the lane-header column on the left.
    pub lane_header_width: f64,
    /// Height of the stage-header row at the top.
    pub stage_header_height: f64,
    /// Width of one stage column.
    pub stage_width: f64,
    /// Height of one card.
    pub card_height: f64,
    /// Vertical gap between cards in a cell.
    pub card_gap: f64,
    /// Padding inside a cell around its cards.
    pub cell_padding: f64,
    /// Free space below the last card of a cell, a target for adding cards.
    pub add_space: f64,
    /// The smallest height of a lane, even when empty.
    pub min_lane_height: f64,
}

impl Default for Metrics {
    fn default() -> Metrics {
        Metrics {
            lane_header_width: 168.0,
            stage_header_height: 64.0,
            stage_width: 224.0,
            card_height: 84.0,
            card_gap: 8.0,
            cell_padding: 8.0,
            add_space: 28.0,
            min_lane_height: 112.0,
        }
    }
}

/// The height of the orchestration band under the stage headers ([`crate::orchestration`]),
/// when a view shows it.
pub const ORCHESTRATION_BAND_HEIGHT: f64 = 88.0;

impl Metrics {
    /// These metrics with room for the orchestration band under the stage headers: the
    /// stage-header row grows by [`ORCHESTRATION_BAND_HEIGHT`], so lanes, cards and arrows
    /// all move down together.
    pub fn with_orchestration_band(mut self) -> Metrics {
        self.stage_header_height += ORCHESTRATION_BAND_HEIGHT;
        self
    }
}

/// A stretch along one axis: where a stage column or a lane row starts, and its size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    /// Start (x for stages, y for lanes).
    pub start: f64,
    /// Size (width for stages, height for lanes).
    pub size: f64,
}

impl Span {
    /// The first coordinate past the span.
    pub fn end(&self) -> f64 {
        self.start + self.size
    }
}

/// A derived line drawn across the canvas between two lanes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineGeometry {
    /// Which line.
    pub line: Line,
    /// Its vertical position.
    pub y: f64,
    /// The index of the lane just above it.
    pub after_lane: usize,
}

/// Where a dragged card would land: a cell and a position among that cell's cards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DropTarget {
    /// The lane's index.
    pub lane: usize,
    /// The stage's index.
    pub stage: usize,
    /// Position among the cell's cards that are not being dragged.
    pub position: usize,
}

/// The computed positions of a whole blueprint.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// The metrics this layout was computed with.
    pub metrics: Metrics,
    /// Each stage column, in stage order.
    pub stages: Vec<Span>,
    /// Each lane row, in lane order.
    pub lanes: Vec<Span>,
    /// Each card's rectangle.
    pub cards: FxHashMap<CardId, Rect>,
    /// Each card's cell (lane index, stage index) and position within it.
    pub slots: FxHashMap<CardId, (usize, usize, usize)>,
    /// The cards of each cell in cell order, indexed `lane * stages + stage` (see
    /// [`Layout::cards_in_cell`]); one pass over the document instead of one per cell.
    pub cell_cards: Vec<Vec<CardId>>,
    /// The derived lines.
    pub lines: Vec<LineGeometry>,
    /// Total canvas width.
    pub width: f64,
    /// Total canvas height.
    pub height: f64,
}

impl Layout {
    /// Lays out `doc` with `metrics`. Cards in unknown lanes or stages are left out.
    pub fn compute(doc: &Blueprint, metrics: Metrics) -> Layout {
        Layout::compute_showing(doc, metrics, &HashSet::new())
    }

    /// Lays out `doc` with the lanes in `hidden` folded away (an audience filter in the
    /// editor): they keep their place in the lane order with no height, and their cards are
    /// left out, so nothing is drawn for them and arrows to them are not routed.
    pub fn compute_showing(doc: &Blueprint, metrics: Metrics, hidden: &HashSet<LaneId>) -> Layout {
        // Looked up twice per card on every edit: the fast hash, not the default SipHash.
        let lane_index: FxHashMap<&str, usize> = doc
            .lanes
            .iter()
            .enumerate()
            .map(|(i, l)| (l.id.as_str(), i))
            .collect();
        let stage_index: FxHashMap<&str, usize> = doc
            .stages
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let n_stages = doc.stages.len();
        // Cards per cell, in document order.
        let mut counts = vec![0usize; doc.lanes.len() * n_stages];
        let mut cell_cards: Vec<Vec<CardId>> = vec![Vec::new(); doc.lanes.len() * n_stages];
        let mut slot_of: Vec<Option<(usize, usize, usize)>> = Vec::with_capacity(doc.cards.len());
        for card in &doc.cards {
            let slot = match (
                lane_index.get(card.lane.as_str()),
                stage_index.get(card.stage.as_str()),
            ) {
                (Some(&l), Some(&s)) => {
                    let count = &mut counts[l * n_stages + s];
                    let slot = (l, s, *count);
                    *count += 1;
                    cell_cards[l * n_stages + s].push(card.id.clone());
                    Some(slot)
                }
                _ => None,
            };
            slot_of.push(slot);
        }
        let stages: Vec<Span> = (0..n_stages)
            .map(|i| Span {
                start: metrics.lane_header_width + i as f64 * metrics.stage_width,
                size: metrics.stage_width,
            })
            .collect();
        let mut lanes = Vec::with_capacity(doc.lanes.len());
        let mut y = metrics.stage_header_height;
        for l in 0..doc.lanes.len() {
            let most = (0..n_stages)
                .map(|s| counts[l * n_stages + s])
                .max()
                .unwrap_or(0);
            let size = if hidden.contains(&doc.lanes[l].id) {
                0.0
            } else {
                lane_height(&metrics, most)
            };
            lanes.push(Span { start: y, size });
            y += size;
        }
        for (l, span) in lanes.iter().enumerate() {
            if span.size == 0.0 {
                for s in 0..n_stages {
                    cell_cards[l * n_stages + s].clear();
                }
            }
        }
        let height = y;
        let width = metrics.lane_header_width + n_stages as f64 * metrics.stage_width;
        let mut cards = FxHashMap::with_capacity_and_hasher(doc.cards.len(), Default::default());
        let mut slots = FxHashMap::with_capacity_and_hasher(doc.cards.len(), Default::default());
        for (card, slot) in doc.cards.iter().zip(slot_of) {
            if let Some((l, s, p)) = slot.filter(|&(l, _, _)| lanes[l].size > 0.0) {
                let rect = Rect {
                    x: stages[s].start + metrics.cell_padding,
                    y: lanes[l].start
                        + metrics.cell_padding
                        + p as f64 * (metrics.card_height + metrics.card_gap),
                    width: metrics.stage_width - 2.0 * metrics.cell_padding,
                    height: metrics.card_height,
                };
                cards.insert(card.id.clone(), rect);
                slots.insert(card.id.clone(), (l, s, p));
            }
        }
        let lines = doc
            .lines()
            .into_iter()
            .filter_map(|placement| {
                lanes.get(placement.after).map(|span| LineGeometry {
                    line: placement.line,
                    y: span.end(),
                    after_lane: placement.after,
                })
            })
            .collect();
        Layout {
            metrics,
            stages,
            lanes,
            cards,
            slots,
            cell_cards,
            lines,
            width,
            height,
        }
    }

    /// The cards in the cell at (lane index, stage index), in cell order (empty if none).
    pub fn cards_in_cell(&self, lane: usize, stage: usize) -> &[CardId] {
        if stage >= self.stages.len() {
            return &[];
        }
        self.cell_cards
            .get(lane * self.stages.len() + stage)
            .map_or(&[], Vec::as_slice)
    }

    /// The positions of the cards of a cell (at `cell`, holding `count` cards) whose
    /// rectangles overlap `area`: the ones worth rendering when only `area` is on screen.
    pub fn positions_in(&self, cell: &Rect, count: usize, area: &Rect) -> Range<usize> {
        let m = &self.metrics;
        if count == 0 || cell.x >= area.x + area.width || area.x >= cell.x + cell.width {
            return 0..0;
        }
        let pitch = m.card_height + m.card_gap;
        let first = cell.y + m.cell_padding;
        // Card k spans first + k * pitch .. first + k * pitch + card_height (open ends, as in
        // `Rect::intersects`).
        let lo = ((area.y - first - m.card_height) / pitch).floor() + 1.0;
        let lo = lo.max(0.0) as usize;
        let hi = ((area.y + area.height - first) / pitch).ceil().max(0.0) as usize;
        lo.min(count)..hi.min(count)
    }

    /// The rectangle of the cell at (lane index, stage index), if both exist.
    pub fn cell(&self, lane: usize, stage: usize) -> Option<Rect> {
        let l = self.lanes.get(lane)?;
        let s = self.stages.get(stage)?;
        Some(Rect {
            x: s.start,
            y: l.start,
            width: s.size,
            height: l.size,
        })
    }

    /// The cell (lane index, stage index) under a point, if any.
    pub fn cell_at(&self, p: Point) -> Option<(usize, usize)> {
        let stage = self
            .stages
            .iter()
            .position(|s| p.x >= s.start && p.x < s.end())?;
        let lane = self
            .lanes
            .iter()
            .position(|l| p.y >= l.start && p.y < l.end())?;
        Some((lane, stage))
    }

    /// Where cards dragged to point `p` would land, counting only cards not in `dragged`.
    ///
    /// Points outside the grid snap to the nearest cell, so a drag past the edge still lands.
    pub fn drop_target(
        &self,
        doc: &Blueprint,
        p: Point,
        dragged: &HashSet<CardId>,
    ) -> Option<DropTarget> {
        if self.lanes.is_empty() || self.stages.is_empty() {
            return None;
        }
        let stage = nearest(&self.stages, p.x);
        let lane = nearest(&self.lanes, p.y);
        doc.lanes.get(lane)?;
        doc.stages.get(stage)?;
        let position = self.slots_above(lane, stage, p.y, |id| !dragged.contains(id));
        Some(DropTarget {
            lane,
            stage,
            position,
        })
    }

    /// How many of a cell's cards that `counts` lie with their middle above `y`: the
    /// position among them that a card dropped at `y` takes. The cell's own list is read
    /// (this runs on every pointer move, so it must not scan the document).
    fn slots_above(
        &self,
        lane: usize,
        stage: usize,
        y: f64,
        counts: impl Fn(&CardId) -> bool,
    ) -> usize {
        let Some(l) = self.lanes.get(lane) else {
            return 0;
        };
        let m = &self.metrics;
        let pitch = m.card_height + m.card_gap;
        let first_center = l.start + m.cell_padding + m.card_height / 2.0;
        self.cards_in_cell(lane, stage)
            .iter()
            .enumerate()
            .filter(|(k, id)| first_center + *k as f64 * pitch < y && counts(id))
            .count()
    }

    /// What a drag to point `p` shows: the target cell of [`Layout::drop_target`] and the
    /// height of the insertion bar between its cards as they are drawn (the dragged cards
    /// still hold their places while they follow the pointer).
    pub fn drop_preview(
        &self,
        doc: &Blueprint,
        p: Point,
        dragged: &HashSet<CardId>,
    ) -> Option<(Rect, f64)> {
        let target = self.drop_target(doc, p, dragged)?;
        let cell = self.cell(target.lane, target.stage)?;
        let m = &self.metrics;
        let slot = self.slots_above(target.lane, target.stage, p.y, |_| true);
        let bar_y =
            cell.y + m.cell_padding + slot as f64 * (m.card_height + m.card_gap) - m.card_gap / 2.0;
        Some((cell, bar_y))
    }

    /// The index of the stage a header dropped at `x` moves to: the stage under `x`, the
    /// first or last one beyond the edges (0 when there are none).
    pub fn stage_at_x(&self, x: f64) -> usize {
        nearest(&self.stages, x)
    }

    /// The index of the lane a header dropped at `y` moves to (as [`Layout::stage_at_x`]).
    pub fn lane_at_y(&self, y: f64) -> usize {
        nearest(&self.lanes, y)
    }

    /// The card under a point, if any.
    pub fn card_at(&self, p: Point) -> Option<&CardId> {
        self.cards
            .iter()
            .find(|(_, rect)| rect.contains(p))
            .map(|(id, _)| id)
    }

    /// The stage indexes whose cell in `lane` overlaps `area`, in order: the cells a view
    /// that renders only what is in view needs (none when the lane is outside `area` or
    /// folded away).
    pub fn stages_in_view(&self, lane: usize, area: &Rect) -> Vec<usize> {
        let Some(row) = self.lanes.get(lane) else {
            return Vec::new();
        };
        if row.size <= 0.0 || row.end() <= area.y || row.start >= area.y + area.height {
            return Vec::new();
        }
        self.stages
            .iter()
            .enumerate()
            .filter(|(_, col)| col.end() > area.x && col.start < area.x + area.width)
            .map(|(k, _)| k)
            .collect()
    }

    /// The cards whose rectangles overlap `area` (for rubber-band selection and culling).
    pub fn cards_in(&self, area: &Rect) -> Vec<CardId> {
        let mut found: Vec<CardId> = self
            .cards
            .iter()
            .filter(|(_, r)| r.intersects(area))
            .map(|(id, _)| id.clone())
            .collect();
        found.sort();
        found
    }
}

/// The part of the canvas to render for a `visible` part: grown by `margin` on every side and
/// snapped outward to multiples of `step`, so that scrolling by less than `step` gives the
/// same area (and re-renders nothing).
pub fn render_area(visible: &Rect, margin: f64, step: f64) -> Rect {
    let step = if step > 0.0 { step } else { 1.0 };
    let x0 = ((visible.x - margin) / step).floor() * step;
    let y0 = ((visible.y - margin) / step).floor() * step;
    let x1 = ((visible.x + visible.width + margin) / step).ceil() * step;
    let y1 = ((visible.y + visible.height + margin) / step).ceil() * step;
    Rect {
        x: x0,
        y: y0,
        width: x1 - x0,
        height: y1 - y0,
    }
}

/// How wide one character of a card's marker chips is taken to be (13 px text, generously).
pub const CHIP_CHAR_WIDTH: f64 = 7.4;
/// A chip's padding, left and right together, and the gap between chips.
pub const CHIP_PADDING: f64 = 8.0;
/// The gap between two chips.
pub const CHIP_GAP: f64 = 4.0;

/// How many rows a card's marker chips with these `texts` take when they wrap within a card of
/// `metrics` (at least 1): a card whose chips need two rows gives its title one line instead
/// of two, so no chip is cut.
pub fn marker_rows(texts: &[&str], metrics: &Metrics) -> usize {
    // The card's inner width: the cell's padding, the card's borders (1 px and the 4 px lane
    // edge) and its padding (12 px each side).
    let room = metrics.stage_width - 2.0 * metrics.cell_padding - 5.0 - 24.0;
    let mut rows = 1;
    let mut used = 0.0;
    for text in texts {
        let width = text.chars().count() as f64 * CHIP_CHAR_WIDTH + CHIP_PADDING;
        let next = if used > 0.0 {
            used + CHIP_GAP + width
        } else {
            width
        };
        if next > room && used > 0.0 {
            rows += 1;
            used = width;
        } else {
            used = next;
        }
    }
    rows
}

fn lane_height(metrics: &Metrics, cards: usize) -> f64 {
    let content = if cards == 0 {
        0.0
    } else {
        cards as f64 * metrics.card_height + (cards - 1) as f64 * metrics.card_gap
    };
    (2.0 * metrics.cell_padding + content + metrics.add_space).max(metrics.min_lane_height)
}

fn nearest(spans: &[Span], v: f64) -> usize {
    spans
        .iter()
        .position(|s| v < s.end())
        .unwrap_or(spans.len().saturating_sub(1))
}

/// How round a routed arrow's corners are (less where a run is shorter).
pub const ROUTE_CORNER: f64 = 6.0;

/// The corners of a route ([`Layout::route_corners`]), at most six, kept inline: they are
/// found again for every arrow on every edit, so without an allocation each.
#[derive(Debug, Clone, Copy)]
pub struct Corners {
    points: [Point; 6],
    len: usize,
}

impl Corners {
    /// The corners `points` (at most six, checked when compiled).
    fn of<const N: usize>(points: [Point; N]) -> Corners {
        const { assert!(N <= 6) };
        let mut all = [Point { x: 0.0, y: 0.0 }; 6];
        all[..N].copy_from_slice(&points);
        Corners {
            points: all,
            len: N,
        }
    }
}

impl std::ops::Deref for Corners {
    type Target = [Point];
    fn deref(&self) -> &[Point] {
        &self.points[..self.len]
    }
}

impl PartialEq for Corners {
    fn eq(&self, other: &Corners) -> bool {
        **self == **other
    }
}

impl Layout {
    /// Routes the arrow from card `from` to card `to` around every other card: straight
    /// between the facing edges when nothing lies between them, otherwise out of the side
    /// facing the other card into the gutter between the stage columns, along the free band at
    /// the bottom of a lane (below every card of that lane) when the cards are more than one
    /// stage apart, and into the other card's facing side from its gutter. `None` when either
    /// card is not laid out.
    ///
    /// `track` (clamped to `-2..=2`) moves the route's runs in the gutters and the band a
    /// little to one side of their middle, so arrows that share a gutter do not all run on one
    /// line ([`crate::arrows::route_track`] gives each arrow its own); it stays clear of the
    /// cards either way.
    ///
    /// The route depends on the two cards' rectangles and cells, on the lanes' heights and on
    /// which cells between them hold cards: a caller that keeps routes must route again when
    /// the layout changes ([`crate::arrows::route_arrows`] does, and keeps equal routes).
    pub fn route_between(&self, from: &CardId, to: &CardId, track: i8) -> Option<RoutePath> {
        let corners = self.route_corners(from, to, track)?;
        Some(RoutePath::orthogonal(&corners, ROUTE_CORNER))
    }

    /// The corners of the route [`Layout::route_between`] gives (before they are rounded):
    /// the route is [`RoutePath::orthogonal`] through them with [`ROUTE_CORNER`], so a caller
    /// that keeps routes can keep one whose corners came out the same, which costs a few
    /// lookups, instead of building it again. `None` when either card is not laid out.
    pub fn route_corners(&self, from: &CardId, to: &CardId, track: i8) -> Option<Corners> {
        let (a, b) = (self.cards.get(from)?, self.cards.get(to)?);
        let (&(la, sa, pa), &(lb, sb, pb)) = (self.slots.get(from)?, self.slots.get(to)?);
        Some(self.route_points(a, (la, sa, pa), b, (lb, sb, pb), track.clamp(-2, 2)))
    }

    /// The corners of the route between cards `a` and `b` at their (lane, stage, position)
    /// slots; see [`Layout::route_between`].
    fn route_points(
        &self,
        a: &Rect,
        (la, sa, pa): (usize, usize, usize),
        b: &Rect,
        (lb, sb, pb): (usize, usize, usize),
        track: i8,
    ) -> Corners {
        let pt = |x: f64, y: f64| Point { x, y };
        // Each track step: three tenths of the gutter's half (the cell padding), so the
        // outermost track keeps two fifths of it between the route and the cards.
        let step = self.metrics.cell_padding * 0.3;
        let (ac, bc) = (a.center(), b.center());
        let (a_bottom, b_bottom) = (a.y + a.height, b.y + b.height);
        let (a_right, b_right) = (a.x + a.width, b.x + b.width);
        let count = |lane: usize, stage: usize| self.cards_in_cell(lane, stage).len();
        if sa == sb && (la != lb || pa.abs_diff(pb) == 1) {
            // One column: straight down (or up) when no card lies between them.
            let down = (lb, pb) > (la, pa);
            let clear = if la == lb {
                true
            } else if down {
                pa + 1 == count(la, sa) && pb == 0 && (la + 1..lb).all(|l| count(l, sa) == 0)
            } else {
                pa == 0 && pb + 1 == count(lb, sb) && (lb + 1..la).all(|l| count(l, sa) == 0)
            };
            if clear {
                return if down {
                    Corners::of([pt(ac.x, a_bottom), pt(bc.x, b.y)])
                } else {
                    Corners::of([pt(ac.x, a.y), pt(bc.x, b_bottom)])
                };
            }
        }
        if la == lb && pa == pb && sa != sb {
            // One row: straight across when the cells between hold no card at this height.
            let (lo, hi) = (sa.min(sb), sa.max(sb));
            if (lo + 1..hi).all(|s| count(la, s) <= pa) {
                return if sb > sa {
                    Corners::of([pt(a_right, ac.y), pt(b.x, bc.y)])
                } else {
                    Corners::of([pt(a.x, ac.y), pt(b_right, bc.y)])
                };
            }
        }
        let last_stage = self.stages.len().saturating_sub(1);
        let gutter = |stage: usize, right: bool| {
            self.stages
                .get(stage)
                .map_or(a_right, |s| if right { s.end() } else { s.start })
                + f64::from(track) * step
        };
        if la == lb && sa == sb && pa == pb {
            // A card to itself: a loop through the gutter on its right.
            let g = gutter(sa, sa < last_stage);
            let side = if sa < last_stage { a_right } else { a.x };
            let dy = a.height / 4.0;
            return Corners::of([
                pt(side, ac.y - dy),
                pt(g, ac.y - dy),
                pt(g, ac.y + dy),
                pt(side, ac.y + dy),
            ]);
        }
        // Out of the side facing the other card (the right one in the same column, unless it
        // is the last), into the gutter there.
        let right = sb > sa || (sb == sa && sa < last_stage);
        let ga = gutter(sa, right);
        let exit = pt(if right { a_right } else { a.x }, ac.y);
        let b_right_side = if sb == sa { right } else { sb < sa };
        let gb = gutter(sb, b_right_side);
        let entry = pt(if b_right_side { b_right } else { b.x }, bc.y);
        if (ga - gb).abs() < 1e-9 {
            return Corners::of([exit, pt(ga, ac.y), pt(ga, bc.y), entry]);
        }
        // Across along the free band at the bottom of the upper card's lane (below every card
        // of that lane, above its line).
        let band_lane = la.min(lb);
        let band = self.lanes.get(band_lane).map_or(ac.y, |span| {
            span.end() - (self.metrics.cell_padding + self.metrics.add_space) / 2.0
                + f64::from(track) * 2.0 * step
        });
        Corners::of([
            exit,
            pt(ga, ac.y),
            pt(ga, band),
            pt(gb, band),
            pt(gb, bc.y),
            entry,
        ])
    }
}

/// Routes an arrow from card rectangle `a` to `b`: out of the facing edges, as a smooth curve.
///
/// Cards in different lanes connect top/bottom edges (arrows mostly run between lanes);
/// neighbouring cards in the same lane connect side edges; cards of one lane with other
/// stages between them connect bottom edges with a curve that dips below the cards, so the
/// arrow does not run through the cards in between. Endpoints sit on the edges' midpoints.
pub fn route(a: &Rect, b: &Rect) -> ArrowPath {
    let ac = a.center();
    let bc = b.center();
    let vertical = (bc.y - ac.y).abs() > (a.height + b.height) / 2.0;
    let gap = (bc.x - ac.x).abs() - (a.width + b.width) / 2.0;
    let far_in_row = !vertical && gap > a.width.max(b.width) * 0.5;
    let (start, end, c1, c2) = if far_in_row {
        let start = Point {
            x: ac.x,
            y: a.y + a.height,
        };
        let end = Point {
            x: bc.x,
            y: b.y + b.height,
        };
        let low = start.y.max(end.y) + 28.0;
        (
            start,
            end,
            Point { x: start.x, y: low },
            Point { x: end.x, y: low },
        )
    } else if vertical {
        let down = bc.y > ac.y;
        let start = Point {
            x: ac.x,
            y: if down { a.y + a.height } else { a.y },
        };
        let end = Point {
            x: bc.x,
            y: if down { b.y } else { b.y + b.height },
        };
        let pull = ((end.y - start.y).abs() / 2.0).max(24.0);
        let sign = if down { 1.0 } else { -1.0 };
        (
            start,
            end,
            Point {
                x: start.x,
                y: start.y + sign * pull,
            },
            Point {
                x: end.x,
                y: end.y - sign * pull,
            },
        )
    } else {
        let right = bc.x >= ac.x;
        let start = Point {
            x: if right { a.x + a.width } else { a.x },
            y: ac.y,
        };
        let end = Point {
            x: if right { b.x } else { b.x + b.width },
            y: bc.y,
        };
        let pull = ((end.x - start.x).abs() / 2.0).max(24.0);
        let sign = if right { 1.0 } else { -1.0 };
        (
            start,
            end,
            Point {
                x: start.x + sign * pull,
                y: start.y,
            },
            Point {
                x: end.x - sign * pull,
                y: end.y,
            },
        )
    };
    // The cubic Bézier at t = 0.5.
    let middle = Point {
        x: 0.125 * start.x + 0.375 * c1.x + 0.375 * c2.x + 0.125 * end.x,
        y: 0.125 * start.y + 0.375 * c1.y + 0.375 * c2.y + 0.125 * end.y,
    };
    ArrowPath {
        start,
        end,
        middle,
        c1,
        c2,
    }
}

#[cfg(test)]
mod chip_tests {
    use super::*;

    #[test]
    fn chips_that_do_not_fit_one_row_take_two() {
        let m = Metrics::default();
        assert_eq!(marker_rows(&[], &m), 1);
        assert_eq!(marker_rows(&["⚠", "wait 5 min"], &m), 1);
        assert_eq!(
            marker_rows(&["⚠", "wait 10 min", "☺ +1", "Human", "In person"], &m),
            2
        );
    }
}
