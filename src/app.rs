//! The root component: follows the URL fragment to the library, an editor or a problem page,
//! and takes files dropped or JSON pasted anywhere as imports.

use leptos::prelude::*;
use leptos::tachys::reactive_graph::OwnedView;

use crate::components::update_notice::UpdateNotice;
use crate::io::{import_paste, in_text_field, Importer};
use crate::lazy::{LazyPart, Part};
use crate::pages::compare::ComparePage;
use crate::pages::dialogs::ImportDialog;
use crate::pages::editor::{EditorPage, NewBlueprintPage};
use crate::pages::home::Home;
use crate::pages::join::JoinPage;
use crate::pages::problem::Problem;
use crate::pages::viewer::ViewerPage;
use crate::route::{self, Route};
use crate::storage::library;

/// Where an address with no fragment goes: the blueprint opened last, else the library,
/// which on a first visit shows where to start. Nothing is stored on the way.
fn start_route() -> Route {
    let lib = library();
    if let Ok(Some(last)) = lib.last() {
        if lib.open(&last).is_ok() {
            return Route::Blueprint(last);
        }
    }
    Route::Home
}

/// The whole application.
#[component]
pub fn App() -> impl IntoView {
    let route = route::use_route();
    let importer = Importer::provide();
    crate::offline::Updates::start();

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
    // A paste outside a text field is an import: JSON goes through the load path, and any
    // other paste is answered too.
    let paste = window_event_listener(leptos::ev::paste, move |ev| {
        if in_text_field(ev.target()) {
            return;
        }
        let text = ev
            .clipboard_data()
            .and_then(|d| d.get_data("text/plain").ok())
            .unwrap_or_default();
        ev.prevent_default();
        import_paste(&importer, &text);
    });
    on_cleanup(move || {
        over.remove();
        drop.remove();
        paste.remove();
    });

    let page = Memo::new(move |_| route.get());
    // An address with no fragment is sent on to where it belongs by an effect, once the page
    // is shown: rendering changes nothing.
    Effect::new(move |_| {
        if page.get() == Route::Start {
            route::replace(&start_route());
        }
    });
    // Each page in an owner of its own (see `page_view`).
    view! {
        {move || page_view(page.get())}
        <ImportDialog />
        <UpdateNotice />
    }
}

/// The view of one page, built in an owner of its own that goes with it. A component does not
/// make an owner in Leptos 0.8, so without this the contexts a page provides (the editor's
/// workshop engine, versions, printer) would stay on the route's owner, which outlives every
/// page, and the next page would find the last one's, pointing at disposed values.
fn page_view(route: Route) -> impl IntoView {
    let owner = Owner::new();
    let view = owner.with(|| match route {
        Route::Start => view! { <p class="loading">"Opening…"</p> }.into_any(),
        Route::Home => view! { <LazyPart what="The library" load=home /> }.into_any(),
        Route::Blueprint(id) => view! { <EditorPage id=id /> }.into_any(),
        Route::New(template) => view! { <NewBlueprintPage template=template /> }.into_any(),
        Route::View(rest) => {
            view! { <LazyPart what="The read-only view" load=move || viewer(rest.clone()) /> }
                .into_any()
        }
        Route::Compare(rest) => {
            view! { <LazyPart what="The comparison" load=move || comparison(rest.clone()) /> }
                .into_any()
        }
        Route::Room(rest) => {
            view! { <LazyPart what="The workshop's join page" load=move || join(rest.clone()) /> }
                .into_any()
        }
        Route::Unknown(path) => view! {
            <Problem
                title="There is nothing at this address".to_string()
                detail=format!("“#{path}” is not a page of Stageline.")
            />
        }
        .into_any(),
    });
    OwnedView::new_with_owner(view, owner)
}

// The pages other than the editor, each in a chunk of its own ([`crate::lazy`]). index.html
// asks for the chunks of the page its address shows together with the main module
// (scripts/postbuild.py, "route preload"), so a page opened by its address waits for no second
// round trip. The editor's own parts (the details panel's fields, the engines) load after its
// first frame (docs/design/first-screen.md).

/// The library page.
#[leptos::wasm_split::wasm_split(home, fallible, wasm_split_path = ::leptos::wasm_split)]
fn home() -> Part {
    Ok(view! { <Home /> }.into_any())
}

/// The read-only viewer of a share link.
#[leptos::wasm_split::wasm_split(viewer, fallible, wasm_split_path = ::leptos::wasm_split)]
fn viewer(rest: String) -> Part {
    Ok(view! { <ViewerPage rest=rest /> }.into_any())
}

/// The comparison of two versions.
#[leptos::wasm_split::wasm_split(comparison, fallible, wasm_split_path = ::leptos::wasm_split)]
fn comparison(rest: String) -> Part {
    Ok(view! { <ComparePage rest=rest /> }.into_any())
}

/// The page that joins a workshop from its room link.
#[leptos::wasm_split::wasm_split(join, fallible, wasm_split_path = ::leptos::wasm_split)]
fn join(rest: String) -> Part {
    Ok(view! { <JoinPage rest=rest /> }.into_any())
}
