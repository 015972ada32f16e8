//! Hash routes. The app is static files with no server to rewrite paths, so every view has its
//! own URL fragment: reload, bookmarks and back/forward work, and nothing after `#` is ever
//! sent to a server.
//!
//! - `#/` the home view (the library);
//! - `#/b/<blueprint-id>` the editor on one stored blueprint;
//! - `#/new` and `#/new/<template>` the editor on a new blueprint, blank or from a template,
//!   that is stored only once the user changes it (then the address becomes `#/b/<id>`);
//! - `#/view/...` a read-only shared blueprint (issue 6);
//! - `#/compare/<old>/<new>` two versions side by side in one grid, each side a blueprint ID
//!   with an optional `@<version>` (issue 22);
//! - `#/room?server=<address>&id=<room>` a live workshop's room link: joins it;
//! - no fragment: the blueprint opened last, else the library (a first visit shows where to
//!   start there, and stores nothing).

use leptos::prelude::*;
use stageline_core::library::VersionId;
use stageline_schema::BlueprintId;

/// A view of the app, as named by the URL fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// No fragment: decide from what is stored.
    Start,
    /// The library.
    Home,
    /// The editor on a stored blueprint.
    Blueprint(BlueprintId),
    /// The editor on a new, not yet stored blueprint: blank, or from the template whose file
    /// under `public/examples/` has this name without `.json`.
    New(Option<String>),
    /// A read-only shared blueprint; holds everything after `#/view/`.
    View(String),
    /// The comparison of two versions; holds everything after `#/compare/`.
    Compare(String),
    /// A live workshop's room link; holds everything after `#/room?`.
    Room(String),
    /// A fragment this build does not know.
    Unknown(String),
}

impl Route {
    /// Reads a `location.hash` (with or without its leading `#`).
    pub fn parse(hash: &str) -> Route {
        let path = hash.strip_prefix('#').unwrap_or(hash);
        match path {
            "" => Route::Start,
            "/" => Route::Home,
            "/new" => Route::New(None),
            _ => {
                if let Some(id) = path.strip_prefix("/b/") {
                    match id.parse::<BlueprintId>() {
                        Ok(id) => Route::Blueprint(id),
                        Err(_) => Route::Unknown(path.to_string()),
                    }
                } else if let Some(template) = path.strip_prefix("/new/") {
                    Route::New(Some(template.to_string()))
                } else if let Some(rest) = path.strip_prefix("/view/") {
                    Route::View(rest.to_string())
                } else if let Some(rest) = path.strip_prefix("/compare/") {
                    Route::Compare(rest.to_string())
                } else if let Some(rest) = path.strip_prefix("/room?") {
                    Route::Room(rest.to_string())
                } else {
                    Route::Unknown(path.to_string())
                }
            }
        }
    }

    /// The fragment naming this route, with its leading `#`.
    pub fn to_hash(&self) -> String {
        match self {
            Route::Start => "#".to_string(),
            Route::Home => "#/".to_string(),
            Route::Blueprint(id) => format!("#/b/{id}"),
            Route::New(None) => "#/new".to_string(),
            Route::New(Some(template)) => format!("#/new/{template}"),
            Route::View(rest) => format!("#/view/{rest}"),
            Route::Compare(rest) => format!("#/compare/{rest}"),
            Route::Room(rest) => format!("#/room?{rest}"),
            Route::Unknown(path) => format!("#{path}"),
        }
    }
}

/// One side of a comparison: a blueprint, as it is now or as one of its versions was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Side {
    /// The blueprint.
    pub blueprint: BlueprintId,
    /// The version; `None` for the blueprint as it is now.
    pub version: Option<VersionId>,
}

impl Side {
    /// Reads `<blueprint-id>` or `<blueprint-id>@<version>`.
    pub fn parse(s: &str) -> Option<Side> {
        let (bp, version) = match s.split_once('@') {
            Some((bp, v)) => (bp, Some(v.parse::<VersionId>().ok()?)),
            None => (s, None),
        };
        Some(Side {
            blueprint: bp.parse().ok()?,
            version,
        })
    }

    /// The side as the address writes it.
    pub fn to_path(&self) -> String {
        match &self.version {
            Some(v) => format!("{}@{v}", self.blueprint),
            None => self.blueprint.to_string(),
        }
    }
}

/// The address of the comparison of `old` with `new`.
pub fn compare_route(old: &Side, new: &Side) -> Route {
    Route::Compare(format!("{}/{}", old.to_path(), new.to_path()))
}

/// The route of the page as it is now.
pub fn current() -> Route {
    Route::parse(&window().location().hash().unwrap_or_default())
}

/// The current route as a signal that follows `hashchange` (links, back and forward).
pub fn use_route() -> ReadSignal<Route> {
    if let Some(route) = use_context::<ReadSignal<Route>>() {
        return route;
    }
    let (route, set_route) = signal(current());
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        let next = current();
        if route.get_untracked() != next {
            set_route.set(next);
        }
    });
    on_cleanup(move || handle.remove());
    provide_context(route);
    route
}

/// Goes to `route` as a new history entry (back returns here).
pub fn go(route: &Route) {
    let _ = window().location().set_hash(&route.to_hash());
}

/// Goes to `hash` (a fragment with its `#`) as a new history entry.
pub fn go_hash(hash: &str) {
    let _ = window().location().set_hash(hash);
}

/// Goes to `route` replacing the current history entry (for redirects such as "open the
/// blueprint used last").
pub fn replace(route: &Route) {
    let _ = window().location().replace(&route.to_hash());
}

/// Names the page shown now `route` without showing it anew: the address changes (for reload,
/// bookmarks and back), the view and its state stay (a new blueprint, once stored, becomes
/// `#/b/<id>` while its editor goes on).
pub fn adopt(route: &Route) {
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&route.to_hash()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_round_trip() {
        let id: BlueprintId = "bp_abc123".parse().expect("an id");
        for route in [
            Route::Home,
            Route::Blueprint(id),
            Route::New(None),
            Route::New(Some("hotel-stay".into())),
            Route::View("1abc?lanes=x".into()),
            Route::Compare("bp_a@1700000000000-1/bp_b".into()),
            Route::Room("server=ws%3A%2F%2F127.0.0.1%3A8080&id=r00m".into()),
        ] {
            assert_eq!(Route::parse(&route.to_hash()), route);
        }
        assert_eq!(Route::parse(""), Route::Start);
        assert_eq!(Route::parse("#"), Route::Start);
        assert_eq!(
            Route::parse("#/b/not an id"),
            Route::Unknown("/b/not an id".into())
        );
        assert_eq!(Route::parse("#/nowhere"), Route::Unknown("/nowhere".into()));
    }
}
