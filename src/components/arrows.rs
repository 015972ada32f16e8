//! The arrow layer: handoff arrows as SVG curves over the grid, routed by the core layout and
//! following their cards. Arrows that cross the line of visibility or interaction carry a
//! marker where they cross. The arrow being drawn is previewed here too.
//!
//! Arrows are drawn without pointer events: a tap on a cell's empty space hits the arrow
//! nearest to it ([`ArrowsInView::at`], measured in the core), so a card under an arrow stays
//! reachable and each arrow is one element less.

use leptos::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::ops::Deref;
use std::sync::Arc;

use stageline_core::curve::arrow_at;
use stageline_core::layout::{route, ArrowPath, Layout, LineGeometry, Point, Rect};
use stageline_schema::{CardId, ConnectionId, ConnectionKind, Direction, Line, Zone};

use crate::state::{use_app, AppState};

fn kind_slug(kind: ConnectionKind) -> &'static str {
    match kind {
        ConnectionKind::Handoff => "handoff",
        ConnectionKind::DataFlow => "data_flow",
        ConnectionKind::Dependency => "dependency",
        ConnectionKind::Feedback => "feedback",
    }
}

/// One routed arrow: its geometry, computed for every arrow when the layout changes (cheap
/// arithmetic); its path text is formatted only when it comes into view ([`Drawn`]).
#[derive(Debug, Clone, PartialEq)]
struct Routed {
    id: ConnectionId,
    /// The rectangles of the cards it joins, when it was routed.
    ends: (Rect, Rect),
    path: ArrowPath,
    kind: ConnectionKind,
    two_way: bool,
    label: String,
    crossings: Vec<(Line, Point)>,
}

/// A shared value that compares by identity first: an edit keeps most arrows' routes and
/// drawings as they were, and comparing those again field by field on every edit would cost
/// as much as making them.
#[derive(Debug)]
struct Shared<T>(Arc<T>);

impl<T> Shared<T> {
    fn new(value: T) -> Shared<T> {
        Shared(Arc::new(value))
    }

    /// Whether both are the very same value (not only equal ones).
    fn same(&self, other: &Shared<T>) -> bool {
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

/// One drawn arrow, with everything the view needs. Its path is only the stretch of the curve
/// that reaches into the render area ([`ArrowPath::clipped`]): a long arrow drawn whole is
/// rasterized (and a dashed one re-dashed) along its full length for every screen tile.
#[derive(Debug, Clone, PartialEq)]
struct Drawn {
    /// The route it was drawn from: while that is kept, so is this drawing.
    source: Shared<Routed>,
    /// What identifies its elements: the arrow and what decides which elements it has (its
    /// kind, label, arrowheads and crossing marks), not where they are. An arrow that only
    /// moved keeps its elements, and its view updates their geometry in place.
    key: String,
    id: ConnectionId,
    d: String,
    /// `stroke-dashoffset` keeping dashes where they are on the whole curve.
    dash_offset: f64,
    /// Whether the drawn stretch reaches the arrow's start and end (where its arrowheads go).
    ends: (bool, bool),
    kind: ConnectionKind,
    two_way: bool,
    label: String,
    middle: Point,
    /// The crossing marks to draw (those in the render area).
    crossings: Vec<(Line, Point)>,
    /// Every line the arrow crosses, drawn or not.
    crossed: Vec<Line>,
}

/// How far a crossing mark reaches from its centre (radius plus stroke).
const CROSSING_REACH: f64 = 8.0;

/// Every routed arrow, with what their crossings were computed against.
#[derive(Debug, Clone, PartialEq, Default)]
struct Routes {
    lines: Vec<LineGeometry>,
    zones: Vec<Zone>,
    arrows: Vec<Shared<Routed>>,
}

/// The arrows drawn for one render area.
#[derive(Debug, Clone)]
struct InView {
    area: Rect,
    arrows: Vec<Shared<Drawn>>,
    /// Where each arrow is in `arrows`, for the views that follow one arrow.
    index: FxHashMap<ConnectionId, usize>,
}

impl InView {
    /// The drawing of arrow `id`, if it is in view.
    fn get(&self, id: &ConnectionId) -> Option<&Shared<Drawn>> {
        self.index.get(id).and_then(|&i| self.arrows.get(i))
    }
}

impl PartialEq for InView {
    /// The index follows from the arrows, so it is not compared again.
    fn eq(&self, other: &InView) -> bool {
        self.area == other.area && self.arrows == other.arrows
    }
}

/// The lines an arrow between two laid-out cards crosses (as [`stageline_schema::Blueprint::crossings`],
/// with the cards' lanes taken from the layout instead of a search through the cards).
fn crossed(zones: &[Zone], layout: &Layout, from: &CardId, to: &CardId) -> Vec<Line> {
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

/// The arrows that reach into the canvas's render area, routed and cut to it: what the arrow
/// layer draws and what a tap on the canvas is tested against. The canvas makes it and
/// provides it as context, so cells (which hit-test taps) and the layer share one copy.
#[derive(Clone, Copy)]
pub struct ArrowsInView(Memo<InView>);

impl ArrowsInView {
    /// Routes the document's arrows (again only for arrows whose cards moved) and keeps those
    /// reaching into `area`.
    pub fn new(app: AppState, area: Memo<Rect>) -> ArrowsInView {
        let layout = app.layout;
        // An edit moves few cards: arrows whose ends did not move keep their route (the lines and
        // zones unchanged), so an edit does not re-route every arrow of a large blueprint.
        let routed = Memo::new(move |previous: Option<&Routes>| {
            layout.with(|l| {
                app.doc(|d| {
                    // Zones by lane index, once: a lookup per arrow end would be linear in cards.
                    let zones = d.zones();
                    let reusable: &[Shared<Routed>] = previous
                        .filter(|p| p.lines == l.lines && p.zones == zones)
                        .map_or(&[], |p| &p.arrows);
                    // The previous routes come in document order, so each is usually the next one
                    // along; a map is built only if the order changed.
                    let mut next = 0;
                    let mut by_id: Option<HashMap<&ConnectionId, &Shared<Routed>>> = None;
                    let mut find = |id: &ConnectionId| -> Option<&Shared<Routed>> {
                        if let Some(r) = reusable.get(next).filter(|r| &r.id == id) {
                            next += 1;
                            return Some(r);
                        }
                        by_id
                            .get_or_insert_with(|| reusable.iter().map(|r| (&r.id, r)).collect())
                            .get(id)
                            .copied()
                    };
                    let arrows = d
                        .connections
                        .iter()
                        .filter_map(|c| {
                            let (a, b) = (l.cards.get(&c.from)?, l.cards.get(&c.to)?);
                            let two_way = c.direction == Direction::TwoWay;
                            if let Some(old) = find(&c.id) {
                                if old.ends == (*a, *b)
                                    && old.kind == c.kind
                                    && old.two_way == two_way
                                    && old.label == c.label
                                {
                                    return Some(old.clone());
                                }
                            }
                            let path = route(a, b);
                            let crossed = crossed(&zones, l, &c.from, &c.to);
                            let crossings = l
                                .lines
                                .iter()
                                .filter(|g| crossed.contains(&g.line))
                                .filter_map(|g| path.crossing_at_y(g.y).map(|p| (g.line, p)))
                                .collect();
                            Some(Shared::new(Routed {
                                id: c.id.clone(),
                                ends: (*a, *b),
                                path,
                                kind: c.kind,
                                two_way,
                                label: c.label.clone(),
                                crossings,
                            }))
                        })
                        .collect::<Vec<_>>();
                    Routes {
                        lines: l.lines.clone(),
                        zones,
                        arrows,
                    }
                })
            })
        });
        // Only arrows that reach into the canvas's render area are drawn. An arrow whose route
        // was kept, in the same area, keeps its drawing: an edit cuts and formats only the
        // arrows it moved.
        let in_view = Memo::new(move |previous: Option<&InView>| {
            let area = area.get();
            let marks_area = area.grown(CROSSING_REACH);
            let before: FxHashMap<&ConnectionId, &Shared<Drawn>> = previous
                .filter(|p| p.area == area)
                .map(|p| p.arrows.iter().map(|a| (&a.id, a)).collect())
                .unwrap_or_default();
            routed.with(|all| {
                let arrows = all
                    .arrows
                    .iter()
                    .filter_map(|a| {
                        if let Some(old) = before.get(&a.id).filter(|old| old.source.same(a)) {
                            return Some((*old).clone());
                        }
                        let clip = a.path.clipped(&area)?;
                        // Crossing marks out of the area are not drawn (the tooltip on hover
                        // still names every line the arrow crosses).
                        let crossings: Vec<(Line, Point)> = a
                            .crossings
                            .iter()
                            .filter(|(_, p)| marks_area.contains(*p))
                            .copied()
                            .collect();
                        let crossed: Vec<Line> =
                            a.crossings.iter().map(|(line, _)| *line).collect();
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
            })
        });
        ArrowsInView(in_view)
    }

    /// The arrow drawn nearest to canvas point `p` that a `pointer_type` pointer (`"mouse"`,
    /// `"pen"`, `"touch"`) at `zoom` hits, and the tooltip that says which lines it crosses
    /// (if any). Untracked: for event handlers.
    pub fn at(
        &self,
        p: Point,
        pointer_type: &str,
        zoom: f64,
    ) -> Option<(ConnectionId, Option<String>)> {
        let tolerance = hit_tolerance(pointer_type) / zoom;
        self.0.with_untracked(|drawn| {
            arrow_at(
                drawn.arrows.iter().map(|a| (a, &a.source.path)),
                p,
                tolerance,
            )
            .map(|a| (a.id.clone(), crossing_title(&a.crossed)))
        })
    }
}

/// How far from an arrow a tap still hits it, in screen px: a finger is less precise than a
/// mouse or a pen.
fn hit_tolerance(pointer_type: &str) -> f64 {
    if pointer_type == "touch" {
        14.0
    } else {
        7.0
    }
}

/// "Crosses the line of …" for an arrow that crosses lines.
fn crossing_title(crossed: &[Line]) -> Option<String> {
    (!crossed.is_empty()).then(|| {
        let lines: Vec<&str> = crossed.iter().map(|l| l.label()).collect();
        format!("Crosses the {}", lines.join(" and the "))
    })
}

/// The SVG layer with every arrow in the render area and the arrow being drawn.
#[component]
pub fn ArrowLayer() -> impl IntoView {
    let app = use_app();
    let s = app.session;
    let layout = app.layout;
    let in_view = expect_context::<ArrowsInView>().0;
    let preview = Memo::new(move |_| {
        let from = s.connect.with(|c| c.as_ref().map(|c| c.from.clone()))?;
        let from = layout.with(|l| l.cards.get(&from).copied())?;
        let at = s.pointer.get();
        let end = Rect {
            x: at.x,
            y: at.y,
            width: 0.0,
            height: 0.0,
        };
        Some(route(&from, &end).d())
    });

    view! {
        <svg
            class="arrows"
            aria-hidden="true"
            width=move || layout.with(|l| l.width)
            height=move || layout.with(|l| l.height)
        >
            <defs>
                <marker id="arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                    <path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead"></path>
                </marker>
            </defs>
            <For
                each=move || in_view.with(|v| v.arrows.clone())
                key=|a| a.key.clone()
                children=move |a| {
                    let id = a.id.clone();
                    // Its current drawing: an edit that moves the arrow's cards, or a scroll that
                    // cuts it differently, updates the path, marks and label in place.
                    let drawn = {
                        let (id, first) = (id.clone(), a.clone());
                        Memo::new(move |previous: Option<&Shared<Drawn>>| {
                            in_view
                                .with(|v| v.get(&id).cloned())
                                .or_else(|| previous.cloned())
                                .unwrap_or_else(|| first.clone())
                        })
                    };
                    let selected = Memo::new(move |_| s.selected_connection.with(|c| c.as_ref() == Some(&id)));
                    let crosses = !a.crossed.is_empty();
                    let (has_start, has_end) = a.ends;
                    // One element per arrow (plus its marks and label): in a large blueprint
                    // arrows are a large share of the first frame's elements. It carries its ID,
                    // kind and state for the stylesheet and tests; taps are hit-tested in the
                    // core, so it needs no wide invisible stroke to catch them.
                    view! {
                        <path
                            class="arrow__line"
                            class:arrow--selected=move || selected.get()
                            class:arrow--crossing=crosses
                            data-connection=a.id.to_string()
                            data-kind=kind_slug(a.kind)
                            d=move || drawn.with(|a| a.d.clone())
                            marker-end=has_end.then_some("url(#arrowhead)")
                            marker-start=(a.two_way && has_start).then_some("url(#arrowhead)")
                            stroke-dashoffset=move || drawn.with(|a| {
                                (a.dash_offset > 0.0).then(|| ((a.dash_offset * 10.0).round() / 10.0).to_string())
                            })
                        ></path>
                        {a.crossings.iter().enumerate().map(|(i, (line, _))| {
                            let at = move || drawn.with(|a| a.crossings.get(i).map(|(_, p)| *p)).unwrap_or(Point { x: 0.0, y: 0.0 });
                            view! {
                                <circle
                                    class="arrow__crossing"
                                    data-line=crate::components::canvas::line_slug(*line)
                                    cx=move || at().x
                                    cy=move || at().y
                                    r="5"
                                ></circle>
                            }
                        }).collect_view()}
                        {(!a.label.is_empty()).then(|| view! {
                            <text
                                class="arrow__label"
                                x=move || drawn.with(|a| a.middle.x)
                                y=move || drawn.with(|a| a.middle.y - 6.0)
                                text-anchor="middle"
                            >{a.label.clone()}</text>
                        })}
                    }
                }
            />
            {move || preview.get().map(|d| view! {
                <path class="arrow-preview" d=d marker-end="url(#arrowhead)"></path>
            })}
        </svg>
    }
}
