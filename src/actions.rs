//! The app's side of the action layer ([`stageline_core::actions`]): every button, shortcut
//! and gesture calls [`perform`] with a named [`Action`]; this builds the action's context from
//! the session, performs it in the core and applies the outcome (the command as one undo step,
//! then selection, focus, inline editors, zoom and the status message).
//!
//! Nothing here decides what an action does: that is the core's, tested natively.

use leptos::prelude::*;
use stageline_core::actions::{fit_zoom, Action, Context, HistoryStep, Outcome, Selection, Zoom};
use stageline_core::audience::filtered;
use stageline_core::nav::Focus;

use crate::interaction::dom::focus_later;
use crate::state::ids::BrowserIds;
use crate::state::{hidden_lanes, AppState};

/// Performs `action` and applies its outcome. Returns whether it did anything (a keyboard
/// handler still takes a key whose action found nothing to do).
pub fn perform(app: &AppState, action: Action) -> bool {
    let outcome = with_context(app, |ctx| action.perform(ctx, &mut BrowserIds::new()));
    apply(app, outcome)
}

/// Runs `f` with the action context of the session as it is now (untracked: for handlers).
pub fn with_context<T>(app: &AppState, f: impl FnOnce(&Context<'_>) -> T) -> T {
    let s = app.session;
    let filter = s.audience.get_untracked();
    let focus = s.focus.get_untracked();
    let selection = s.selection.get_untracked();
    let arrow = s.selected_connection.get_untracked();
    let connect_from = s.connect_from.get_untracked();
    let gesture = app.gesture_active();
    let help_open = s.help_open.get_untracked();
    app.editor.with_untracked(|e| {
        let doc = e.doc();
        // Keyboard moves stay out of hidden lanes: they walk the document as it is shown.
        let shown = (!filter.is_default() && !hidden_lanes(doc, &filter).is_empty())
            .then(|| filtered(doc, &filter));
        f(&Context {
            doc,
            shown: shown.as_ref(),
            focus: focus.as_ref(),
            selection: &selection,
            selected_arrow: arrow.as_ref(),
            connect_from: connect_from.as_ref(),
            gesture,
            help_open,
            read_only: app.read_only,
        })
    })
}

/// Applies an outcome: the edit first (nothing else happens if it fails or changes nothing),
/// then the session changes and the message.
pub fn apply(app: &AppState, outcome: Outcome) -> bool {
    if outcome.is_none() {
        return false;
    }
    let Outcome {
        edit,
        history,
        cancel_gesture,
        select,
        focus,
        edit_title,
        rename,
        connect_from,
        help_open,
        zoom,
        message,
    } = outcome;
    if let Some(edit) = edit {
        if !app.run(&edit.label, Ok(edit.command)) {
            return false;
        }
    }
    let s = app.session;
    match history {
        Some(HistoryStep::Undo) => app.undo(),
        Some(HistoryStep::Redo) => app.redo(),
        None => {}
    }
    if cancel_gesture {
        app.cancel_gestures();
    }
    match select {
        Some(Selection::Cards(cards)) => app.select_only(cards),
        Some(Selection::Arrow(id)) => app.select_arrow(id),
        Some(Selection::Toggle(card)) => app.toggle_selected(&card),
        None => {}
    }
    if let Some(change) = focus {
        if change.dom {
            go(app, change.to);
        } else {
            s.focus.set(Some(change.to));
        }
    }
    if let Some(card) = edit_title {
        s.editing.set(Some(card));
    }
    if let Some(header) = rename {
        s.renaming.set(Some(header));
    }
    if let Some(from) = connect_from {
        s.connect_from.set(from);
    }
    if let Some(open) = help_open {
        s.help_open.set(open);
    }
    if let Some(zoom) = zoom {
        set_zoom(app, zoom);
    }
    if let Some(message) = message {
        app.say(app.doc_now(|d| message.text(d)));
    }
    true
}

/// Sets the grid focus and moves the browser's focus there.
pub fn go(app: &AppState, focus: Focus) {
    app.session.focus.set(Some(focus.clone()));
    focus_later(focus);
}

/// Changes the zoom and says the new level.
fn set_zoom(app: &AppState, zoom: Zoom) {
    let s = app.session;
    if zoom == Zoom::Fit {
        fit_to_screen(app);
        return;
    }
    s.zoom.update(|z| *z = zoom.apply(*z));
    app.say(format!("Zoom {:.0} %", s.zoom.get_untracked() * 100.0));
}

/// Scales the canvas so the whole blueprint fits the viewport, and scrolls to its start.
fn fit_to_screen(app: &AppState) {
    let Some(vp) = app.session.viewport.get_untracked() else {
        return;
    };
    // A small margin, so the blueprint's edges do not touch the viewport's.
    let (w, h) = (
        f64::from(vp.client_width()) - 16.0,
        f64::from(vp.client_height()) - 16.0,
    );
    let Some(zoom) = app
        .layout
        .with_untracked(|l| fit_zoom(l.width, l.height, w, h))
    else {
        return;
    };
    app.session.zoom.set(zoom);
    vp.set_scroll_left(0);
    vp.set_scroll_top(0);
    app.say(format!("Zoom {:.0} % (fit to screen)", zoom * 100.0));
}
