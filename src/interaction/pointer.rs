//! Pointer Events (mouse, touch and pen alike) for dragging cards, drawing arrows and
//! reordering headers.
//!
//! A gesture starts on a card, a card's arrow handle or a header; the canvas then captures the
//! pointer, so every move and the release arrive at the canvas wherever the pointer goes.
//! While the pointer moves, only session state changes (the preview); the release runs one
//! core command, so a drag is one undo step. Escape or `pointercancel` drops the gesture and
//! nothing changes.

use std::cell::RefCell;
use std::collections::HashSet;

use leptos::prelude::*;
use stageline_core::actions::Action;
use stageline_core::layout::Point;
use stageline_core::nav::Focus;
use stageline_schema::CardId;

use crate::actions::perform;
use crate::state::{AppState, CardDrag, ConnectDrag, Header, HeaderDrag};

/// How far (in canvas pixels) a pointer must move before a press becomes a drag.
pub const DRAG_THRESHOLD: f64 = 5.0;
/// Two taps on the same thing within this many milliseconds are a double tap.
pub const DOUBLE_TAP_MS: f64 = 450.0;
/// Distance from the viewport's edge (CSS pixels) where a drag starts scrolling.
pub const AUTOSCROLL_EDGE: f64 = 48.0;

/// What a tap landed on, for double-tap detection.
#[derive(Debug, Clone, PartialEq)]
pub enum TapTarget {
    /// A card.
    Card(CardId),
    /// An empty part of a cell (lane index, stage index).
    Cell(usize, usize),
    /// A stage or lane header.
    Header(Header),
}

thread_local! {
    static LAST_TAP: RefCell<Option<(TapTarget, f64)>> = const { RefCell::new(None) };
}

/// Records a tap; returns true when it completes a double tap on the same target.
pub fn tap(target: TapTarget) -> bool {
    let now = js_sys::Date::now();
    LAST_TAP.with(|last| {
        let mut last = last.borrow_mut();
        let double = matches!(&*last, Some((t, at)) if *t == target && now - at <= DOUBLE_TAP_MS);
        *last = if double { None } else { Some((target, now)) };
        double
    })
}

/// The canvas coordinates of a pointer event, given the canvas element and the zoom.
pub fn canvas_point(canvas: &web_sys::Element, ev: &web_sys::PointerEvent, zoom: f64) -> Point {
    let rect = canvas.get_bounding_client_rect();
    Point {
        x: (f64::from(ev.client_x()) - rect.left()) / zoom,
        y: (f64::from(ev.client_y()) - rect.top()) / zoom,
    }
}

fn far_enough(a: Point, b: Point) -> bool {
    (a.x - b.x).hypot(a.y - b.y) >= DRAG_THRESHOLD
}

/// A press on a card: selects it (or toggles it with Ctrl, Cmd or Shift) and arms a drag of
/// the selection.
pub fn press_card(app: &AppState, card: &CardId, ev: &web_sys::PointerEvent, at: Point) {
    let s = app.session;
    let additive = ev.ctrl_key() || ev.meta_key() || ev.shift_key();
    let selected = s.selection.with_untracked(|sel| sel.contains(card));
    if additive {
        app.toggle_selected(card);
    } else if !selected {
        app.select_only(vec![card.clone()]);
    }
    s.focus.set(Some(Focus::Card(card.clone())));
    let cards = if s.selection.with_untracked(|sel| sel.contains(card)) {
        app.selection_in_doc_order()
    } else {
        Vec::new()
    };
    if cards.is_empty() || app.read_only {
        return;
    }
    s.pointer.set(at);
    s.drag.set(Some(CardDrag {
        pointer_id: ev.pointer_id(),
        cards,
        origin: at,
        active: false,
    }));
}

/// A press on a card's arrow handle: starts drawing an arrow from that card.
pub fn press_handle(app: &AppState, card: &CardId, ev: &web_sys::PointerEvent, at: Point) {
    if app.refuse_read_only() {
        return;
    }
    app.session.pointer.set(at);
    app.session.connect.set(Some(ConnectDrag {
        pointer_id: ev.pointer_id(),
        from: card.clone(),
    }));
}

/// A press on a stage or lane header: arms a drag that reorders it.
pub fn press_header(app: &AppState, target: Header, ev: &web_sys::PointerEvent, at: Point) {
    if app.read_only {
        return;
    }
    app.session.pointer.set(at);
    app.session.header_drag.set(Some(HeaderDrag {
        pointer_id: ev.pointer_id(),
        target,
        origin: at,
        active: false,
    }));
}

/// A pointer move over the captured canvas: moves the pointer of the gesture in progress,
/// and turns a press into a drag once it has moved far enough (the one change of the gesture
/// itself; the moves only change [`crate::state::Session::pointer`]).
pub fn moved(app: &AppState, pointer_id: i32, at: Point) {
    let s = app.session;
    let ours = s
        .drag
        .with_untracked(|d| d.as_ref().is_some_and(|d| d.pointer_id == pointer_id))
        || s.connect
            .with_untracked(|d| d.as_ref().is_some_and(|d| d.pointer_id == pointer_id))
        || s.header_drag
            .with_untracked(|d| d.as_ref().is_some_and(|d| d.pointer_id == pointer_id));
    if !ours {
        return;
    }
    s.pointer.set(at);
    let starts = |active: bool, origin: Point| !active && far_enough(origin, at);
    if s.drag.with_untracked(|d| {
        d.as_ref()
            .is_some_and(|d| d.pointer_id == pointer_id && starts(d.active, d.origin))
    }) {
        s.drag.update(|d| {
            if let Some(d) = d {
                d.active = true;
            }
        });
    }
    if s.header_drag.with_untracked(|d| {
        d.as_ref()
            .is_some_and(|d| d.pointer_id == pointer_id && starts(d.active, d.origin))
    }) {
        s.header_drag.update(|d| {
            if let Some(d) = d {
                d.active = true;
            }
        });
    }
}

/// The pointer is released: completes the gesture with one command, or treats it as a tap.
pub fn released(app: &AppState, pointer_id: i32, at: Point) {
    let s = app.session;
    if let Some(drag) = s
        .drag
        .get_untracked()
        .filter(|d| d.pointer_id == pointer_id)
    {
        s.drag.set(None);
        if drag.active {
            drop_cards(app, &drag.cards, at);
        } else if let Some(card) = s.focus.with_untracked(|f| match f {
            Some(Focus::Card(id)) => Some(id.clone()),
            _ => None,
        }) {
            if tap(TapTarget::Card(card.clone())) {
                s.editing.set(Some(card));
            }
        }
    }
    if let Some(connect) = s
        .connect
        .get_untracked()
        .filter(|d| d.pointer_id == pointer_id)
    {
        s.connect.set(None);
        let to = app.layout.with_untracked(|l| l.card_at(at).cloned());
        if let Some(to) = to {
            perform(
                app,
                Action::DrawArrow {
                    from: connect.from,
                    to,
                },
            );
        }
    }
    if let Some(drag) = s
        .header_drag
        .get_untracked()
        .filter(|d| d.pointer_id == pointer_id)
    {
        s.header_drag.set(None);
        if drag.active {
            drop_header(app, &drag.target, at);
        } else if tap(TapTarget::Header(drag.target.clone())) {
            s.renaming.set(Some(drag.target));
        }
    }
}

/// Drops every gesture in progress without changing the document (Escape, pointercancel).
pub fn cancel(app: &AppState) -> bool {
    let any = app.gesture_active();
    app.cancel_gestures();
    if any {
        app.say("Drag cancelled");
    }
    any
}

/// Drops dragged cards where the pointer is: the layout says which cell and position.
fn drop_cards(app: &AppState, cards: &[CardId], at: Point) {
    let dragged: HashSet<CardId> = cards.iter().cloned().collect();
    // Borrowed, not cloned: the layout of a large blueprint is big.
    let action = app.layout.with_untracked(|layout| {
        app.doc_now(|doc| {
            let target = layout.drop_target(doc, at, &dragged)?;
            Some(Action::MoveCards {
                cards: cards.to_vec(),
                lane: doc.lanes.get(target.lane)?.id.clone(),
                stage: doc.stages.get(target.stage)?.id.clone(),
                position: target.position,
            })
        })
    });
    if let Some(action) = action {
        perform(app, action);
    }
}

/// Drops a stage or lane header where the pointer is.
fn drop_header(app: &AppState, header: &Header, at: Point) {
    let to = app.layout.with_untracked(|l| match header {
        Header::Stage(_) => l.stage_at_x(at.x),
        Header::Lane(_) => l.lane_at_y(at.y),
    });
    perform(
        app,
        Action::MoveHeader {
            header: header.clone(),
            to,
        },
    );
}

/// How far to scroll the viewport this frame for a pointer at `client` near its edges.
pub fn autoscroll_step(viewport: &web_sys::DomRect, client: (f64, f64)) -> (f64, f64) {
    let axis = |pos: f64, start: f64, end: f64| {
        if pos < start + AUTOSCROLL_EDGE {
            -((start + AUTOSCROLL_EDGE - pos).min(AUTOSCROLL_EDGE) / 3.0).ceil()
        } else if pos > end - AUTOSCROLL_EDGE {
            ((pos - (end - AUTOSCROLL_EDGE)).min(AUTOSCROLL_EDGE) / 3.0).ceil()
        } else {
            0.0
        }
    };
    (
        axis(client.0, viewport.left(), viewport.right()),
        axis(client.1, viewport.top(), viewport.bottom()),
    )
}
