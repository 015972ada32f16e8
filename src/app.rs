//! The root component: opens the last blueprint (or a new one), provides the state, saves
//! every change, and lays out header, canvas and details panel.

use leptos::html::Div;
use leptos::prelude::*;
use stageline_schema::{Blueprint, Timestamp};

use crate::components::canvas::{fit_to_screen, Canvas};
use crate::components::details::DetailsPanel;
use crate::components::header::AppHeader;
use crate::components::help::ShortcutSheet;
use crate::interaction::keys;
use crate::state::ids::BrowserIds;
use crate::state::persist::{self, Restored};
use crate::state::AppState;

/// The current time as a document timestamp.
pub fn now() -> Timestamp {
    Timestamp::from_unix_millis(js_sys::Date::now() as i64).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// A new blueprint: the five canonical lanes and three stages to start from.
fn fresh_blueprint() -> Blueprint {
    let mut ids = BrowserIds::new();
    let mut doc = Blueprint::new_blank(&mut ids, now(), "Untitled blueprint");
    for name in ["Stage 2", "Stage 3"] {
        doc.stages
            .push(stageline_schema::Stage::new(&mut ids, name));
    }
    doc
}

/// The whole application.
#[component]
pub fn App() -> impl IntoView {
    let (doc, notice) = match persist::restore_last() {
        Restored::Loaded(doc, warnings) if warnings.is_empty() => (*doc, None),
        Restored::Loaded(doc, warnings) => {
            let doc = *doc;
            let n = warnings.len();
            (doc, Some(format!("Opened your last blueprint; {n} problem(s) were repaired: {}", warnings.join("; "))))
        }
        Restored::Nothing => (fresh_blueprint(), None),
        Restored::Broken { key, reason } => (
            fresh_blueprint(),
            Some(format!("Your last blueprint could not be opened ({reason}). It is kept unchanged in this browser under \"{key}\"; this is a new blueprint.")),
        ),
    };
    let app = AppState::new(doc);
    provide_context(app);
    crate::components::checks::provide_checks(app);
    if let Some(n) = notice {
        app.say(n);
    }

    // Save every change (the library, debouncing and conflict handling come with issue 5).
    Effect::new(move |_| {
        let revision = app.editor.with(|e| e.revision());
        let result = app.editor.with_untracked(|e| persist::save(e.doc()));
        if let Err(reason) = result {
            app.say(format!(
                "Not saved: {reason}. Download a backup before closing this tab."
            ));
        } else if revision > 0 {
            web_sys::console::debug_1(&"saved".into());
        }
    });

    let viewport = NodeRef::<Div>::new();
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        let fit = || fit_to_screen(&app, &viewport);
        if keys::global_key(&app, &ev, &fit) {
            ev.prevent_default();
            return;
        }
        // A card that just moved is re-created in its new cell, and DOM focus rests on the
        // page for a frame until it returns; keys typed meanwhile still belong to the grid.
        let on_page = document()
            .active_element()
            .is_none_or(|el| el.tag_name().eq_ignore_ascii_case("body"));
        if on_page && keys::grid_key(&app, &ev) {
            ev.prevent_default();
        }
    });
    on_cleanup(move || handle.remove());

    view! {
        <div class="app">
            <AppHeader viewport=viewport />
            <main class="app-main" id="main">
                <Canvas viewport=viewport />
                <DetailsPanel />
            </main>
            <ShortcutSheet />
        </div>
    }
}
