//! Keyboard authoring: every pointer action has a key (the sheet behind `?` lists them).

use leptos::prelude::*;
use stageline_core::nav::{self, Focus, Move};
use stageline_core::ops;
use stageline_schema::{CardId, ConnectionKind};

use crate::interaction::dom::{focus_later, from_text_field};
use crate::interaction::pointer;
use crate::state::{AppState, HeaderTarget};

/// One entry of the shortcut sheet: keys and what they do.
pub const SHORTCUTS: &[(&str, &str)] = &[
    (
        "Arrow keys",
        "Move focus (and the selection) between cells, cards and headers",
    ),
    (
        "Ctrl/Cmd + arrow keys",
        "Move focus only, keeping the selection",
    ),
    (
        "Enter",
        "Into a cell's first card; on a card, edit its title; on a header, rename it",
    ),
    ("N", "New card in the focused cell (after the focused card)"),
    ("Alt + arrow keys", "Move the focused card, stage or lane"),
    (
        "Space",
        "Add the focused card to the selection, or remove it",
    ),
    ("Ctrl/Cmd + D", "Duplicate the selected cards"),
    (
        "Delete / Backspace",
        "Delete the selected cards, or the focused stage or lane",
    ),
    (
        "C",
        "Start an arrow from the focused card; move to the target card and press Enter",
    ),
    (
        "Escape",
        "Cancel a drag, an arrow or an edit; clear the selection",
    ),
    ("Ctrl/Cmd + Z", "Undo"),
    ("Ctrl/Cmd + Shift + Z, Ctrl + Y", "Redo"),
    ("Ctrl/Cmd + = / - / 0", "Zoom in, zoom out, fit to screen"),
    ("?", "Show or hide this sheet"),
];

/// Shortcuts that work anywhere on the page (outside text fields): undo, redo, zoom, help,
/// Escape. Returns true when the key was used (the caller then prevents its default).
pub fn global_key(app: &AppState, ev: &web_sys::KeyboardEvent, fit: &dyn Fn()) -> bool {
    let key = ev.key();
    let command = ev.ctrl_key() || ev.meta_key();
    if key == "Escape" {
        return escape(app);
    }
    if from_text_field(ev) {
        return false;
    }
    let s = app.session;
    match key.as_str() {
        "z" | "Z" if command && ev.shift_key() => app.redo(),
        "z" if command => app.undo(),
        "y" if command => app.redo(),
        "=" | "+" if command => zoom_by(app, 1.25),
        "-" if command => zoom_by(app, 0.8),
        "0" if command => fit(),
        "?" => s.help_open.update(|o| *o = !*o),
        _ => return false,
    }
    true
}

/// Sets the zoom factor, kept within [`crate::state::ZOOM_RANGE`].
pub fn zoom_by(app: &AppState, factor: f64) {
    let (lo, hi) = crate::state::ZOOM_RANGE;
    app.session
        .zoom
        .update(|z| *z = (*z * factor).clamp(lo, hi));
    app.say(format!(
        "Zoom {:.0} %",
        app.session.zoom.get_untracked() * 100.0
    ));
}

fn escape(app: &AppState) -> bool {
    let s = app.session;
    if pointer::cancel(app) {
        return true;
    }
    if s.help_open.get_untracked() {
        s.help_open.set(false);
        return true;
    }
    if s.connect_from.get_untracked().is_some() {
        s.connect_from.set(None);
        app.say("Arrow cancelled");
        return true;
    }
    if !s.selection.with_untracked(Vec::is_empty)
        || s.selected_connection.with_untracked(Option::is_some)
    {
        app.select_only(Vec::new());
        return true;
    }
    false
}

fn arrow(key: &str) -> Option<Move> {
    match key {
        "ArrowUp" => Some(Move::Up),
        "ArrowDown" => Some(Move::Down),
        "ArrowLeft" => Some(Move::Left),
        "ArrowRight" => Some(Move::Right),
        _ => None,
    }
}

/// Keys on the grid (the focused header, cell or card). Returns true when used.
pub fn grid_key(app: &AppState, ev: &web_sys::KeyboardEvent) -> bool {
    if from_text_field(ev) {
        return false;
    }
    let s = app.session;
    let Some(focus) = s.focus.get_untracked() else {
        return false;
    };
    let key = ev.key();
    let command = ev.ctrl_key() || ev.meta_key();
    if let Some(dir) = arrow(&key) {
        if ev.alt_key() {
            move_focused(app, &focus, dir);
        } else {
            let next = app.shown_doc_now(|d| nav::next_focus(d, &focus, dir));
            // Plain arrows carry the selection with them (as in a list box); Ctrl/Cmd + arrows
            // move focus only, so Space can add cards that are apart.
            if !command {
                match &next {
                    Focus::Card(id) => app.select_only(vec![id.clone()]),
                    _ => app.select_only(Vec::new()),
                }
            }
            go(app, next);
        }
        return true;
    }
    match (key.as_str(), &focus) {
        ("Enter", Focus::Card(id)) => {
            if let Some(from) = s.connect_from.get_untracked() {
                connect(app, &from, id);
            } else {
                s.editing.set(Some(id.clone()));
            }
        }
        ("F2", Focus::Card(id)) => s.editing.set(Some(id.clone())),
        ("Enter", Focus::Cell(..)) => {
            let next = app.shown_doc_now(|d| nav::next_focus(d, &focus, Move::Down));
            if matches!(next, Focus::Card(_)) {
                go(app, next);
            } else {
                new_card(app, &focus);
            }
        }
        ("Enter" | "F2", Focus::StageHeader(id)) => {
            s.renaming.set(Some(HeaderTarget::Stage(id.clone())))
        }
        ("Enter" | "F2", Focus::LaneHeader(id)) => {
            s.renaming.set(Some(HeaderTarget::Lane(id.clone())))
        }
        ("n" | "N", Focus::Card(_) | Focus::Cell(..)) if !command => new_card(app, &focus),
        (" ", Focus::Card(id)) => app.toggle_selected(id),
        ("d" | "D", _) if command => duplicate(app, &focus),
        ("Delete" | "Backspace", _) => delete(app, &focus),
        ("c" | "C", Focus::Card(id)) if !command => {
            s.connect_from.set(Some(id.clone()));
            app.say(
                "Drawing an arrow: move to the target card and press Enter, or Escape to cancel",
            );
        }
        _ => return false,
    }
    true
}

/// Sets the grid focus and moves DOM focus there.
pub fn go(app: &AppState, focus: Focus) {
    app.session.focus.set(Some(focus.clone()));
    focus_later(focus);
}

fn move_focused(app: &AppState, focus: &Focus, dir: Move) {
    match focus {
        Focus::Card(id) => {
            let result = app.doc_now(|d| nav::nudge_card(d, id, dir));
            match result {
                Ok(Some(command)) => {
                    if app.run("Move card", Ok(command)) {
                        focus_later(focus.clone());
                        let place = app.doc_now(|d| {
                            d.card(id).map(|c| {
                                let lane =
                                    d.lane(&c.lane).map(|l| l.name.clone()).unwrap_or_default();
                                let stage = d
                                    .stage(&c.stage)
                                    .map(|s| s.name.clone())
                                    .unwrap_or_default();
                                format!("Card moved to {lane}, {stage}")
                            })
                        });
                        if let Some(place) = place {
                            app.say(place);
                        }
                    }
                }
                Ok(None) => app.say("The card is at the edge"),
                Err(err) => app.say(err.to_string()),
            }
        }
        Focus::StageHeader(id) => {
            let delta = match dir {
                Move::Left => -1,
                Move::Right => 1,
                _ => return,
            };
            let command = app.doc_now(|d| {
                let from = d.stage_index(id).unwrap_or(0);
                ops::move_stage(d, id, from.saturating_add_signed(delta))
            });
            if app.run("Move stage", command) {
                focus_later(focus.clone());
            }
        }
        Focus::LaneHeader(id) => {
            let delta = match dir {
                Move::Up => -1,
                Move::Down => 1,
                _ => return,
            };
            let command = app.doc_now(|d| {
                let from = d.lane_index(id).unwrap_or(0);
                ops::move_lane(d, id, from.saturating_add_signed(delta))
            });
            if app.run("Move lane", command) {
                focus_later(focus.clone());
            }
        }
        Focus::Cell(..) => {}
    }
}

/// Adds a card to the focused cell (after the focused card) and starts editing its title.
pub fn new_card(app: &AppState, focus: &Focus) {
    let target = app.doc_now(|d| match focus {
        Focus::Cell(l, s) => Some((l.clone(), s.clone(), None)),
        Focus::Card(id) => d.card(id).map(|c| {
            let k = d.cards_in_cell(&c.lane, &c.stage).position(|x| &x.id == id);
            (c.lane.clone(), c.stage.clone(), k.map(|k| k + 1))
        }),
        _ => None,
    });
    let Some((lane, stage, position)) = target else {
        return;
    };
    add_card_at(app, &lane, &stage, position);
}

/// Adds an untitled card to a cell at `position` (None: the end), focuses it and opens its
/// title for editing.
pub fn add_card_at(
    app: &AppState,
    lane: &stageline_schema::LaneId,
    stage: &stageline_schema::StageId,
    position: Option<usize>,
) {
    let result = app.build(|d, ids| ops::add_card(d, ids, lane, stage, position, ""));
    match result {
        Ok((command, id)) => {
            if app.run("Add card", Ok(command)) {
                app.select_only(vec![id.clone()]);
                // The title editor takes DOM focus itself; it returns focus to the card after.
                app.session.focus.set(Some(Focus::Card(id.clone())));
                app.session.editing.set(Some(id));
                app.say("Card added; type its title and press Enter");
            }
        }
        Err(err) => app.say(format!("No card added: {err}")),
    }
}

fn targets(app: &AppState, focus: &Focus) -> Vec<CardId> {
    let selected = app.selection_in_doc_order();
    if !selected.is_empty() {
        return selected;
    }
    match focus {
        Focus::Card(id) => vec![id.clone()],
        _ => Vec::new(),
    }
}

/// Duplicates the selection (or the focused card) and selects the copies.
pub fn duplicate(app: &AppState, focus: &Focus) {
    let cards = targets(app, focus);
    if cards.is_empty() {
        return;
    }
    let result = app.build(|d, ids| ops::duplicate_cards(d, ids, &cards));
    match result {
        Ok((command, copies)) => {
            let label = if copies.len() == 1 {
                "Duplicate card".to_string()
            } else {
                format!("Duplicate {} cards", copies.len())
            };
            if app.run(&label, Ok(command)) {
                if let Some(first) = copies.first() {
                    go(app, Focus::Card(first.clone()));
                }
                app.select_only(copies);
                app.say(label);
            }
        }
        Err(err) => app.say(err.to_string()),
    }
}

/// Deletes the selection (cards or an arrow), or the focused card, stage or lane.
pub fn delete(app: &AppState, focus: &Focus) {
    let s = app.session;
    if let Some(conn) = s.selected_connection.get_untracked() {
        let command = app.doc_now(|d| ops::delete_connections(d, &[conn]));
        app.run("Delete arrow", command);
        return;
    }
    let cards = targets(app, focus);
    if !cards.is_empty() {
        // Focus moves to the cell of the first deleted card, which stays.
        let cell = app.doc_now(|d| {
            d.card(&cards[0])
                .map(|c| Focus::Cell(c.lane.clone(), c.stage.clone()))
        });
        let label = if cards.len() == 1 {
            "Delete card".to_string()
        } else {
            format!("Delete {} cards", cards.len())
        };
        if app.run(&label, app.doc_now(|d| ops::delete_cards(d, &cards))) {
            app.say(format!("{label}: done (Ctrl+Z to undo)"));
            if let Some(cell) = cell {
                go(app, cell);
            }
        }
        return;
    }
    match focus {
        Focus::StageHeader(id)
            if app.run("Delete stage", app.doc_now(|d| ops::delete_stage(d, id))) =>
        {
            app.say("Stage deleted (Ctrl+Z to undo)");
            let next = app.doc_now(nav::first_focus);
            go(app, next);
        }
        Focus::LaneHeader(id)
            if app.run("Delete lane", app.doc_now(|d| ops::delete_lane(d, id))) =>
        {
            app.say("Lane deleted (Ctrl+Z to undo)");
            let next = app.doc_now(nav::first_focus);
            go(app, next);
        }
        _ => {}
    }
}

/// Draws an arrow from `from` to `to` (the keyboard path of drawing arrows).
pub fn connect(app: &AppState, from: &CardId, to: &CardId) {
    let s = app.session;
    let result = app.build(|d, ids| ops::connect(d, ids, from, to, ConnectionKind::Handoff));
    s.connect_from.set(None);
    match result {
        Ok((command, id)) => {
            if app.run("Draw arrow", Ok(command)) {
                s.selected_connection.set(Some(id));
                app.say("Arrow drawn");
            }
        }
        Err(err) => app.say(format!("No arrow drawn: {err}")),
    }
}

/// Listens for keys on the window for as long as the calling component lives: global
/// shortcuts first, then grid keys when focus rests on the page itself.
pub fn listen_on_window(app: AppState, viewport: leptos::prelude::NodeRef<leptos::html::Div>) {
    use leptos::prelude::*;
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        let fit = || crate::components::canvas::fit_to_screen(&app, &viewport);
        if global_key(&app, &ev, &fit) {
            ev.prevent_default();
            return;
        }
        // A card that just moved is re-created in its new cell, and DOM focus rests on the
        // page for a frame until it returns; keys typed meanwhile still belong to the grid.
        let on_page = document()
            .active_element()
            .is_none_or(|el| el.tag_name().eq_ignore_ascii_case("body"));
        if on_page && grid_key(&app, &ev) {
            ev.prevent_default();
        }
    });
    on_cleanup(move || handle.remove());
}
