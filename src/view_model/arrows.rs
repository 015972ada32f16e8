//! The arrows in the canvas's render area: the core's arrow view-model
//! ([`stageline_core::arrows`]) kept in two memos, shared by the arrow layer (which draws it)
//! and the cells (which hit-test taps against it).

use leptos::prelude::*;
use stageline_core::arrows::{draw_in_area, route_arrows, InView, PointerKind, Routes};
use stageline_core::layout::{Point, Rect};
use stageline_schema::ConnectionId;

use crate::state::AppState;

/// The arrows that reach into the canvas's render area, routed and cut to it: what the arrow
/// layer draws and what a tap on the canvas is tested against. The canvas makes it and
/// provides it as context, so cells (which hit-test taps) and the layer share one copy. The
/// caching (routes and drawings kept across edits by identity) is the core's
/// ([`stageline_core::arrows`]); this only feeds it the previous values.
#[derive(Clone, Copy)]
pub struct ArrowsInView(pub Memo<InView>);

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
        ArrowsInView(in_view)
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
