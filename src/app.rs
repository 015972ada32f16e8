//! The root component: follows the URL fragment to the library, an editor or a problem page,
//! and takes files dropped or JSON pasted anywhere as imports.

use leptos::prelude::*;

use crate::io::{in_text_field, Importer};
use crate::pages::dialogs::ImportDialog;
use crate::pages::editor::EditorPage;
use crate::pages::home::{new_blank, Home};
use crate::pages::problem::Problem;
use crate::pages::viewer::ViewerPage;
use crate::route::{self, Route};
use crate::storage::library;

/// Where an address with no fragment goes: the blueprint opened last, else the library, else
/// a new blueprint (a first visit starts drawing at once).
fn start_route() -> Route {
    let mut lib = library();
    if let Ok(Some(last)) = lib.last() {
        if lib.open(&last).is_ok() {
            return Route::Blueprint(last);
        }
    }
    match lib.list() {
        Ok(listing) if listing.active.is_empty() && listing.broken.is_empty() => {
            new_blank().map_or(Route::Home, Route::Blueprint)
        }
        _ => Route::Home,
    }
}

/// The whole application.
#[component]
pub fn App() -> impl IntoView {
    let route = route::use_route();
    let importer = Importer::provide();

    // Files dropped anywhere are imported (dragging cards uses pointer events, not this).
    let over = window_event_listener(leptos::ev::dragover, |ev| {
        if ev
            .data_transfer()
            .is_some_and(|d| d.types().includes(&"Files".into(), 0))
        {
            ev.prevent_default();
        }
    });
    let drop = window_event_listener(leptos::ev::drop, move |ev| {
        let files = ev.data_transfer().and_then(|d| d.files());
        if files.as_ref().is_some_and(|f| f.length() > 0) {
            ev.prevent_default();
            importer.import_files(files);
        }
    });
    // JSON pasted outside a text field is imported as a blueprint.
    let paste = window_event_listener(leptos::ev::paste, move |ev| {
        if in_text_field(ev.target()) {
            return;
        }
        let text = ev
            .clipboard_data()
            .and_then(|d| d.get_data("text/plain").ok())
            .unwrap_or_default();
        if text.trim_start().starts_with('{') {
            ev.prevent_default();
            importer.import_text("the pasted text", &text);
        }
    });
    on_cleanup(move || {
        over.remove();
        drop.remove();
        paste.remove();
    });

    let page = Memo::new(move |_| route.get());
    // An address with no fragment is sent on to where it belongs (which may store a new
    // blueprint) by an effect, once the page is shown: rendering changes nothing.
    Effect::new(move |_| {
        if page.get() == Route::Start {
            route::replace(&start_route());
        }
    });
    view! {
        {move || match page.get() {
            Route::Start => view! { <p class="loading">"Opening…"</p> }.into_any(),
            Route::Home => view! { <Home /> }.into_any(),
            Route::Blueprint(id) => view! { <EditorPage id=id /> }.into_any(),
            Route::View(rest) => view! { <ViewerPage rest=rest /> }.into_any(),
            Route::Unknown(path) => {
                view! {
                    <Problem
                        title="There is nothing at this address".to_string()
                        detail=format!("“#{path}” is not a page of Stageline.")
                    />
                }
                    .into_any()
            }
        }}
        <ImportDialog />
    }
}
