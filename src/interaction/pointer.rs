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
use stageline_core::layout::{Layout, Point};
use stageline_core::nav::Focus;
use stageline_core::ops;
use stageline_schema::{CardId, ConnectionKind};

use crate::state::{AppState, CardDrag, ConnectDrag, HeaderDrag, HeaderTarget};

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
    Header(HeaderTarget),
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
pub fn press_header(app: &AppState, target: HeaderTarget, ev: &web_sys::PointerEvent, at: Point) {
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

/// Whether any pointer gesture is in progress.
pub fn gesture_active(app: &AppState) -> bool {
    let s = app.session;
    s.drag.with_untracked(Option::is_some)
        || s.connect.with_untracked(Option::is_some)
        || s.header_drag.with_untracked(Option::is_some)
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
        let layout = app.layout.get_untracked();
        if let Some(to) = card_at(&layout, at) {
            if to != connect.from {
                let result = app.build(|doc, ids| {
                    ops::connect(doc, ids, &connect.from, &to, ConnectionKind::Handoff)
                });
                match result {
                    Ok((command, id)) => {
                        if app.run("Draw arrow", Ok(command)) {
                            app.select_arrow(id);
                            app.say("Arrow drawn");
                        }
                    }
                    Err(err) => app.say(format!("No arrow drawn: {err}")),
                }
            }
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
    let s = app.session;
    let any = gesture_active(app);
    s.drag.set(None);
    s.connect.set(None);
    s.header_drag.set(None);
    if any {
        app.say("Drag cancelled");
    }
    any
}

/// The card under a canvas point, if any.
pub fn card_at(layout: &Layout, at: Point) -> Option<CardId> {
    layout
        .cards
        .iter()
        .find(|(_, rect)| rect.contains(at))
        .map(|(id, _)| id.clone())
}

fn drop_cards(app: &AppState, cards: &[CardId], at: Point) {
    let layout = app.layout.get_untracked();
    let dragged: HashSet<CardId> = cards.iter().cloned().collect();
    let command = app.doc_now(|doc| {
        let target = layout.drop_target(doc, at, &dragged)?;
        let lane = doc.lanes.get(target.lane)?.id.clone();
        let stage = doc.stages.get(target.stage)?.id.clone();
        Some(ops::move_cards(doc, cards, &lane, &stage, target.position))
    });
    if let Some(command) = command {
        let label = if cards.len() == 1 {
            "Move card".to_string()
        } else {
            format!("Move {} cards", cards.len())
        };
        if app.run(&label, command) {
            app.say(format!("{label}: done"));
        }
    }
}

fn drop_header(app: &AppState, target: &HeaderTarget, at: Point) {
    let layout = app.layout.get_untracked();
    match target {
        HeaderTarget::Stage(id) => {
            let to = nearest(layout.stages.iter().map(|s| (s.start, s.end())), at.x);
            app.run("Move stage", app.doc_now(|d| ops::move_stage(d, id, to)));
        }
        HeaderTarget::Lane(id) => {
            let to = nearest(layout.lanes.iter().map(|l| (l.start, l.end())), at.y);
            app.run("Move lane", app.doc_now(|d| ops::move_lane(d, id, to)));
        }
    }
}

fn nearest(spans: impl Iterator<Item = (f64, f64)>, v: f64) -> usize {
    let mut last = 0;
    for (i, (_, end)) in spans.enumerate() {
        last = i;
        if v < end {
            return i;
        }
    }
    last
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
