//! The arrows in the canvas's render area: the core's arrow view-model
//! ([`stageline_core::arrows`]) kept in two memos, shared by the arrow layer (which draws it)
//! and the cells (which hit-test taps against it).

use leptos::prelude::*;
use stageline_core::arrows::{draw_in_area, route_arrows, InView, PointerKind, Routes};
use stageline_core::layout::{Point, Rect};
use stageline_core::placement::{place_labels, LabelPlacement};
use stageline_schema::ConnectionId;

use crate::state::AppState;

/// The arrows that reach into the canvas's render area, routed and cut to it: what the arrow
/// layer draws and what a tap on the canvas is tested against. The canvas makes it and
/// provides it as context, so cells (which hit-test taps) and the layer share one copy. The
/// caching (routes and drawings kept across edits by identity) is the core's
/// ([`stageline_core::arrows`]); this only feeds it the previous values.
#[derive(Clone, Copy)]
pub struct ArrowsInView(pub Memo<InView>, pub ArrowLabels);

/// Where the arrow labels go ([`stageline_core::placement`]), placed again when the routes
/// change (a drop, not a pointer move: a dragged card follows the pointer by a transform), and
/// the arrow under the mouse, whose label shows even when it found no room.
#[derive(Clone, Copy)]
pub struct ArrowLabels {
    /// Every labelled arrow's label box.
    pub placed: Memo<LabelPlacement>,
    /// The arrow under the mouse, if any.
    pub hovered: RwSignal<Option<ConnectionId>>,
}

impl ArrowsInView {
    /// Routes the document's arrows (again only for arrows whose cards moved) and keeps those
    /// reaching into `area`.
    pub fn new(app: AppState, area: Memo<Rect>) -> ArrowsInView {
        let layout = app.layout;
        let routed = Memo::new(move |previous: Option<&Routes>| {
            layout.with(|l| app.doc(|d| route_arrows(d, l, previous)))
        });
        let in_view = Memo::new(move |previous: Option<&InView>| {
            let area = area.get();
            routed.with(|all| draw_in_area(all, area, previous))
        });
        let placed = Memo::new(move |_| {
            routed.with(|all| {
                layout.with(|l| {
                    let arrows = all.arrows().iter();
                    place_labels(l, arrows.map(|a| (&a.id, &a.path, a.label.as_str())))
                })
            })
        });
        let labels = ArrowLabels {
            placed,
            hovered: RwSignal::new(None),
        };
        ArrowsInView(in_view, labels)
    }

    /// The arrow drawn nearest to canvas point `p` that a `pointer_type` pointer (the DOM's
    /// `"mouse"`, `"pen"`, `"touch"`) at `zoom` hits, and the tooltip that says which lines it
    /// crosses (if any). Untracked: for event handlers.
    pub fn at(
        &self,
        p: Point,
        pointer_type: &str,
        zoom: f64,
    ) -> Option<(ConnectionId, Option<String>)> {
        let pointer = PointerKind::from_dom(pointer_type);
        self.0.with_untracked(|drawn| drawn.hit(p, pointer, zoom))
    }
}
