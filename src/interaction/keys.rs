//! The keyboard: turns key events into the core's key presses and runs the action the key
//! table ([`stageline_core::actions::keys::KEY_ACTIONS`]) gives them. Every pointer action has
//! a key; the sheet behind `?` is generated from the same table.
//!
//! While a modal dialog is open, no key reaches the page: its keys belong to the dialog (which
//! handles Tab and Escape itself), and the blueprint behind it must not change. Keys typed
//! in a dialog still bubble up to the window's listener, so each entry point checks first.

use leptos::prelude::*;
use stageline_core::actions::keys::{resolve, KeyPress, Scope};

use crate::actions::{perform, with_context};
use crate::interaction::dom::from_text_field;
use crate::state::AppState;

/// Whether a modal dialog is open (a `<dialog>` shown, as `components::dialog::Dialog` shows
/// every dialog): the page behind it then takes no keys.
pub fn modal_open() -> bool {
    document()
        .query_selector("dialog[open]")
        .ok()
        .flatten()
        .is_some()
}

/// Runs the action `ev` is bound to in the first of `scopes` that takes it. Returns true
/// when the key was the editor's (the caller then prevents the browser's default). Nothing
/// runs while a modal dialog is open ([`modal_open`]).
fn run(app: &AppState, ev: &web_sys::KeyboardEvent, scopes: &[Scope]) -> bool {
    if modal_open() {
        return false;
    }
    let key = ev.key();
    let press = KeyPress {
        key: &key,
        command: ev.ctrl_key() || ev.meta_key(),
        shift: ev.shift_key(),
        alt: ev.alt_key(),
    };
    let action = with_context(app, |ctx| {
        scopes.iter().find_map(|scope| resolve(*scope, &press, ctx))
    });
    match action {
        Some(action) => {
            perform(app, action);
            true
        }
        None => false,
    }
}

/// Keys that work anywhere on the page: Escape always, the rest (undo, redo, zoom, the sheet)
/// outside text fields.
pub fn page_key(app: &AppState, ev: &web_sys::KeyboardEvent) -> bool {
    if from_text_field(ev) {
        run(app, ev, &[Scope::Anywhere])
    } else {
        run(app, ev, &[Scope::Anywhere, Scope::Page])
    }
}

/// Keys on the grid (the focused header, cell or card), never while typing in a field.
pub fn grid_key(app: &AppState, ev: &web_sys::KeyboardEvent) -> bool {
    !from_text_field(ev) && run(app, ev, &[Scope::Grid])
}

/// Listens for keys on the window for as long as the calling component lives: page keys
/// first, then grid keys when focus rests on the page itself.
pub fn listen_on_window(app: AppState) {
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if page_key(&app, &ev) {
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
