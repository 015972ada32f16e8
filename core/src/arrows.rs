//! The arrow layer's view-model: every arrow routed over a [`Layout`], and the arrows drawn
//! for one render area, kept across edits by identity.
//!
//! An edit moves few cards, so most arrows keep what they had: [`route_arrows`] reuses the
//! previous route of every arrow whose cards did not move (the very same [`Shared`] value), and
//! [`draw_in_area`] reuses the previous drawing of every arrow whose route was kept, in the same
//! area. Views compare these by pointer first ([`Shared::same`]), so an edit of a large
//! blueprint routes, cuts, formats and keys only the arrows it moved.
//!
//! Arrows are drawn without pointer events; a tap is hit-tested here ([`InView::hit`]) against
//! the arrows drawn, with a tolerance that depends on the pointer ([`PointerKind`]) and zoom.

use std::collections::HashMap;
use std::ops::Deref;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use stageline_schema::{
    Blueprint, CardId, ConnectionId, ConnectionKind, Direction, Line, Named, Zone,
};

use crate::curve::arrow_at;
use crate::layout::{Corners, Layout, LineGeometry, Point, Rect, RoutePath, ROUTE_CORNER};

/// How far a crossing mark reaches from its centre (radius plus stroke): marks whose centre is
/// this close outside the render area still show in it.
pub const CROSSING_REACH: f64 = 8.0;

/// A shared value that compares by identity first: an edit keeps most arrows' routes and
/// drawings as they were, and comparing those again field by field on every edit would cost
/// as much as making them.
#[derive(Debug)]
pub struct Shared<T>(Arc<T>);

impl<T> Shared<T> {
    /// Shares `value`.
    pub fn new(value: T) -> Shared<T> {
        Shared(Arc::new(value))
    }

    /// Whether both are the very same value (not only equal ones): what a cache reuse keeps.
    pub fn same(&self, other: &Shared<T>) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Shared<T> {
        Shared(Arc::clone(&self.0))
    }
}

impl<T: PartialEq> PartialEq for Shared<T> {
    fn eq(&self, other: &Shared<T>) -> bool {
        self.same(other) || *self.0 == *other.0
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// One routed arrow: its geometry, computed for every arrow when the layout changes (cheap
/// arithmetic); its path text is formatted only when it comes into view ([`Drawn`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Routed {
    /// The connection.
    pub id: ConnectionId,
    /// The rectangles of the cards it joins, when it was routed.
    pub ends: (Rect, Rect),
    /// Its route, around the cards between its ends ([`Layout::route_between`]).
    pub path: RoutePath,
    /// What flows along it.
    pub kind: ConnectionKind,
    /// Whether it points both ways.
    pub two_way: bool,
    /// Its label (empty for none).
    pub label: String,
    /// Where it crosses each line it crosses, top to bottom.
    pub crossings: Vec<(Line, Point)>,
}

/// Every routed arrow of a document, in document order, with what they were computed from
/// (so a later call knows which it can keep).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Routes {
    lines: Vec<LineGeometry>,
    zones: Vec<Zone>,
    arrows: Vec<Shared<Routed>>,
    /// The corners each arrow's route was built through ([`Layout::route_corners`]), by the
    /// arrow's index in `arrows`: a route whose corners come out the same is kept.
    corners: Vec<Corners>,
}

impl Routes {
    /// The routed arrows, in document order (arrows to cards left out of the layout are not
    /// routed).
    pub fn arrows(&self) -> &[Shared<Routed>] {
        &self.arrows
    }
}

/// The lines an arrow between two laid-out cards crosses (as [`Blueprint::crossings`], with the
/// cards' lanes taken from the layout instead of a search through the cards). `zones` is
/// [`Blueprint::zones`], by lane index.
pub fn crossed(zones: &[Zone], layout: &Layout, from: &CardId, to: &CardId) -> Vec<Line> {
    let zone = |id: &CardId| {
        let (lane, _, _) = layout.slots.get(id)?;
        zones.get(*lane).copied()
    };
    let (Some(a), Some(b)) = (zone(from), zone(to)) else {
        return Vec::new();
    };
    Line::ALL
        .into_iter()
        .filter(|line| line.is_below(a) != line.is_below(b))
        .collect()
}

/// The track of arrow `id` in the gutters it shares with others ([`Layout::route_between`]):
/// one of `-2..=2`, from its ID alone (the same on every platform, so the editor and a
/// picture made elsewhere agree).
pub fn route_track(id: &ConnectionId) -> i8 {
    let hash = id
        .as_str()
        .bytes()
        .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
    (hash % 5) as i8 - 2
}

/// Routes `doc`'s arrows over `layout`, each around the cards between its ends
/// ([`Layout::route_between`]).
///
/// A route depends on other cards (those it goes around), so the corners of every arrow's
/// route are found again over a new layout ([`Layout::route_corners`], a few lookups); but
/// given the `previous` routes, an arrow whose corners came out the same keeps its previous
/// path (rounding the corners and measuring the pieces is what costs), and one that also has
/// the same cards, kind, direction and label keeps its previous value (the same [`Shared`],
/// and its crossings are not sought again), as long as the lines and zones are unchanged too.
/// The result is exactly what routing from scratch gives; views that compare by identity then
/// redraw only the arrows whose route changed. The layout changes on a drop, never while a
/// card is dragged, so arrows are routed again only then.
pub fn route_arrows(doc: &Blueprint, layout: &Layout, previous: Option<&Routes>) -> Routes {
    // Zones by lane index, once: a lookup per arrow end would be linear in cards.
    let zones = doc.zones();
    let (reusable, old_corners): (&[Shared<Routed>], &[Corners]) =
        previous.map_or((&[], &[]), |p| (&p.arrows, &p.corners));
    let same_lines = previous.is_some_and(|p| p.lines == layout.lines && p.zones == zones);
    // The previous routes come in document order, so each is usually the next one along; a map
    // is built only if the order changed.
    let mut next = 0;
    let mut by_id: Option<HashMap<&ConnectionId, usize>> = None;
    let mut find = |id: &ConnectionId| -> Option<usize> {
        if reusable.get(next).is_some_and(|r| &r.id == id) {
            next += 1;
            return Some(next - 1);
        }
        by_id
            .get_or_insert_with(|| {
                reusable
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (&r.id, i))
                    .collect()
            })
            .get(id)
            .copied()
    };
    let mut corners_of = Vec::with_capacity(doc.connections.len());
    let mut arrows = Vec::with_capacity(doc.connections.len());
    for c in &doc.connections {
        let (Some(a), Some(b)) = (layout.cards.get(&c.from), layout.cards.get(&c.to)) else {
            continue;
        };
        let Some(corners) = layout.route_corners(&c.from, &c.to, route_track(&c.id)) else {
            continue;
        };
        let two_way = c.direction == Direction::TwoWay;
        // The previous route of this arrow, if it went through the same corners.
        let old = find(&c.id)
            .filter(|&i| old_corners.get(i) == Some(&corners))
            .and_then(|i| reusable.get(i));
        let unchanged = |old: &Routed| {
            old.ends == (*a, *b)
                && old.kind == c.kind
                && old.two_way == two_way
                && old.label == c.label
        };
        let routed = match old {
            Some(old) if same_lines && unchanged(old) => old.clone(),
            _ => {
                let path = old.map_or_else(
                    || RoutePath::orthogonal(&corners, ROUTE_CORNER),
                    |old| old.path.clone(),
                );
                let crossings = crossings(&zones, layout, &c.from, &c.to, &path);
                Shared::new(Routed {
                    id: c.id.clone(),
                    ends: (*a, *b),
                    path,
                    kind: c.kind,
                    two_way,
                    label: c.label.clone(),
                    crossings,
                })
            }
        };
        arrows.push(routed);
        corners_of.push(corners);
    }
    Routes {
        lines: layout.lines.clone(),
        zones,
        arrows,
        corners: corners_of,
    }
}

/// Where the route `path` of an arrow from card `from` to card `to` crosses each line it
/// crosses ([`crossed`]), top to bottom.
fn crossings(
    zones: &[Zone],
    layout: &Layout,
    from: &CardId,
    to: &CardId,
    path: &RoutePath,
) -> Vec<(Line, Point)> {
    let crossed = crossed(zones, layout, from, to);
    if crossed.is_empty() {
        return Vec::new();
    }
    layout
        .lines
        .iter()
        .filter(|g| crossed.contains(&g.line))
        .filter_map(|g| path.crossing_at_y(g.y).map(|p| (g.line, p)))
        .collect()
}

/// One drawn arrow, with everything the view needs. Its path is only the stretch of the curve
/// that reaches into the render area ([`ArrowPath::clipped`]): a long arrow drawn whole is
/// rasterized (and a dashed one re-dashed) along its full length for every screen tile.
#[derive(Debug, Clone, PartialEq)]
pub struct Drawn {
    /// The route it was drawn from: while that is kept, so is this drawing.
    source: Shared<Routed>,
    /// What identifies its elements: the arrow and what decides which elements it has (its
    /// kind, label, arrowheads and crossing marks), not where they are. An arrow that only
    /// moved keeps its elements, and its view updates their geometry in place.
    pub key: String,
    /// The connection.
    pub id: ConnectionId,
    /// SVG path data of the drawn stretch.
    pub d: String,
    /// `stroke-dashoffset` keeping dashes where they are on the whole curve.
    pub dash_offset: f64,
    /// Whether the drawn stretch reaches the arrow's start and end (where its arrowheads go).
    pub ends: (bool, bool),
    /// What flows along it.
    pub kind: ConnectionKind,
    /// Whether it points both ways.
    pub two_way: bool,
    /// Its label (empty for none).
    pub label: String,
    /// Where its label goes (near the middle of the whole curve).
    pub middle: Point,
    /// The crossing marks to draw (those in the render area).
    pub crossings: Vec<(Line, Point)>,
    /// Every line the arrow crosses, drawn or not.
    pub crossed: Vec<Line>,
}

impl Drawn {
    /// The route this drawing was made from.
    pub fn route(&self) -> &Shared<Routed> {
        &self.source
    }
}

/// The arrows drawn for one render area, in document order.
#[derive(Debug, Clone)]
pub struct InView {
    area: Rect,
    arrows: Vec<Shared<Drawn>>,
    /// Where each arrow is in `arrows`, for the views that follow one arrow.
    index: FxHashMap<ConnectionId, usize>,
}

impl PartialEq for InView {
    /// The index follows from the arrows, so it is not compared again.
    fn eq(&self, other: &InView) -> bool {
        self.area == other.area && self.arrows == other.arrows
    }
}

impl InView {
    /// The render area they were drawn for.
    pub fn area(&self) -> Rect {
        self.area
    }

    /// The drawn arrows, in document order.
    pub fn arrows(&self) -> &[Shared<Drawn>] {
        &self.arrows
    }

    /// The drawing of arrow `id`, if it is in view.
    pub fn get(&self, id: &ConnectionId) -> Option<&Shared<Drawn>> {
        self.index.get(id).and_then(|&i| self.arrows.get(i))
    }

    /// The arrow drawn nearest to canvas point `p` that a `pointer` at `zoom` hits (within
    /// [`PointerKind::tolerance`] screen pixels), and the tooltip that says which lines it
    /// crosses, if any.
    pub fn hit(
        &self,
        p: Point,
        pointer: PointerKind,
        zoom: f64,
    ) -> Option<(ConnectionId, Option<String>)> {
        let tolerance = pointer.tolerance() / zoom;
        arrow_at(
            self.arrows.iter().map(|a| (a, &a.source.path)),
            p,
            tolerance,
        )
        .map(|a| (a.id.clone(), crossing_title(&a.crossed)))
    }
}

/// The arrows of `routes` that reach into `area`, cut to it. Given the `previous` drawings, an
/// arrow whose route was kept ([`Shared::same`]), in the same area, keeps its drawing: an edit
/// cuts and formats only the arrows it moved.
pub fn draw_in_area(routes: &Routes, area: Rect, previous: Option<&InView>) -> InView {
    let marks_area = area.grown(CROSSING_REACH);
    let before: FxHashMap<&ConnectionId, &Shared<Drawn>> = previous
        .filter(|p| p.area == area)
        .map(|p| p.arrows.iter().map(|a| (&a.id, a)).collect())
        .unwrap_or_default();
    let arrows = routes
        .arrows
        .iter()
        .filter_map(|a| {
            if let Some(old) = before.get(&a.id).filter(|old| old.source.same(a)) {
                return Some((*old).clone());
            }
            let clip = a.path.clipped(&area)?;
            // Crossing marks out of the area are not drawn (the tooltip on hover still names
            // every line the arrow crosses).
            let crossings: Vec<(Line, Point)> = a
                .crossings
                .iter()
                .filter(|(_, p)| marks_area.contains(*p))
                .copied()
                .collect();
            let crossed: Vec<Line> = a.crossings.iter().map(|(line, _)| *line).collect();
            let key = format!(
                "{}|{}|{:?}|{}|{}|{}|{:?}|{}",
                a.id,
                a.label,
                a.kind,
                a.two_way,
                clip.has_start,
                clip.has_end,
                crossings.iter().map(|(l, _)| *l).collect::<Vec<_>>(),
                crossed.len()
            );
            Some(Shared::new(Drawn {
                source: a.clone(),
                key,
                id: a.id.clone(),
                d: clip.d,
                dash_offset: clip.offset,
                ends: (clip.has_start, clip.has_end),
                kind: a.kind,
                two_way: a.two_way,
                label: a.label.clone(),
                middle: a.path.middle,
                crossings,
                crossed,
            }))
        })
        .collect::<Vec<Shared<Drawn>>>();
    let index = arrows
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.clone(), i))
        .collect();
    InView {
        area,
        arrows,
        index,
    }
}

/// What kind of pointer a tap came from: a finger is less precise than a mouse or a pen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PointerKind {
    /// A mouse (and any pointer the browser does not name).
    #[default]
    Mouse,
    /// A pen or stylus.
    Pen,
    /// A finger on a touch screen.
    Touch,
}

impl PointerKind {
    /// The kind for a DOM `PointerEvent.pointerType` (`"mouse"`, `"pen"`, `"touch"`); anything
    /// else is taken for a mouse.
    pub fn from_dom(pointer_type: &str) -> PointerKind {
        match pointer_type {
            "touch" => PointerKind::Touch,
            "pen" => PointerKind::Pen,
            _ => PointerKind::Mouse,
        }
    }

    /// How far from an arrow a tap still hits it, in screen pixels.
    pub fn tolerance(self) -> f64 {
        match self {
            PointerKind::Touch => 14.0,
            PointerKind::Mouse | PointerKind::Pen => 7.0,
        }
    }
}

/// "Crosses the line of … and the line of …" for an arrow that crosses lines (its tooltip);
/// `None` for one that crosses none.
pub fn crossing_title(crossed: &[Line]) -> Option<String> {
    (!crossed.is_empty()).then(|| {
        let lines: Vec<&str> = crossed.iter().map(|l| l.label()).collect();
        format!("Crosses the {}", lines.join(" and the "))
    })
}
