//! What the canvas's children need from it: the element that defines canvas coordinates and
//! the part of the canvas worth rendering.

use leptos::html::Div;
use leptos::prelude::*;
use stageline_core::layout::{Point, Rect};
use stageline_core::nav::Focus;
use stageline_schema::CardId;

use crate::interaction::pointer;
use crate::state::AppState;

/// How far beyond the visible part of the canvas cards and arrows are rendered (canvas px),
/// so that scrolling shows ready content; the rendered area also snaps to this step.
pub const RENDER_MARGIN: f64 = 480.0;

/// The canvas's shared state, provided as context by the canvas for its items.
#[derive(Clone, Copy)]
pub struct CanvasCtx {
    /// The zoomed canvas element (its top-left corner is canvas point 0, 0).
    pub canvas: NodeRef<Div>,
    /// The part of the canvas to render (what is in view plus a margin, snapped so small
    /// scrolls change nothing): cells and arrows leave out what lies outside it.
    pub area: Memo<Rect>,
    /// Cards that stay rendered wherever they are (focused, being edited, dragged, the start
    /// of an arrow), so focus, typing and pointer capture survive scrolling.
    pub pinned: Memo<Vec<CardId>>,
    /// The cards being dragged (empty when none). It changes when a drag starts or ends, not
    /// on each pointer move, so the cards that are not dragged stay still as the pointer moves
    /// (reading the drag itself made every rendered card re-run on every move).
    pub dragged: Memo<Vec<CardId>>,
    /// The card an arrow is being drawn from, by pointer or keyboard (for the same reason).
    pub arrow_source: Memo<Option<CardId>>,
}

impl CanvasCtx {
    /// Derives the canvas's shared state from the session, for a canvas element and the part
    /// of it in view (`area`).
    pub fn new(app: AppState, canvas: NodeRef<Div>, area: Memo<Rect>) -> CanvasCtx {
        let s = app.session;
        let dragged = Memo::new(move |_| {
            s.drag.with(|d| {
                d.as_ref()
                    .filter(|d| d.active)
                    .map(|d| d.cards.clone())
                    .unwrap_or_default()
            })
        });
        let arrow_source = Memo::new(move |_| {
            s.connect_from
                .get()
                .or_else(|| s.connect.with(|c| c.as_ref().map(|c| c.from.clone())))
        });
        let pinned = Memo::new(move |_| {
            let mut cards = Vec::new();
            if let Some(Focus::Card(id)) = s.focus.get() {
                cards.push(id);
            }
            cards.extend(s.editing.get());
            cards.extend(s.connect_from.get());
            s.drag.with(|d| {
                if let Some(d) = d {
                    cards.extend(d.cards.iter().cloned());
                }
            });
            cards
        });
        CanvasCtx {
            canvas,
            area,
            pinned,
            dragged,
            arrow_source,
        }
    }

    /// The canvas point under a pointer event.
    pub fn point(&self, app: &AppState, ev: &web_sys::PointerEvent) -> Option<Point> {
        self.canvas
            .get_untracked()
            .map(|c| pointer::canvas_point(&c, ev, app.session.zoom.get_untracked()))
    }
}
