//! Opens offline: registers the service worker (`sw.js`, written into the build by
//! `scripts/postbuild.py` from `public/sw.js`) once the first frame is painted, and says when
//! a new release has been installed in the background and waits to take over.
//!
//! Applying the update is the user's choice ([`Updates::apply`]): the page's own leaving path
//! runs first (the autosave's flush and the workshop state, as on `pagehide`), then the
//! waiting worker is asked to take over, and the page reloads once it controls it.
//!
//! The browser's service worker API is reached through `js_sys::Reflect` rather than typed
//! `web-sys` bindings: it is a handful of calls, and new `web-sys` features would rebuild the
//! whole dependency tree.

use std::time::Duration;

use js_sys::{Function, Object, Promise, Reflect};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The worker's address, relative to the page (so the app works under any path).
const WORKER_URL: &str = "sw.js";

/// How often an open tab asks whether a new release was deployed (the browser also checks on
/// every navigation).
const UPDATE_CHECK: Duration = Duration::from_secs(60 * 60);

/// If the waiting worker does not take over in this time (it was replaced, or failed), the
/// page reloads anyway: the next load gets whichever worker is current.
const TAKEOVER_TIMEOUT: Duration = Duration::from_secs(3);

/// The message the worker takes as "take over now" (see `public/sw.js`).
const SKIP_WAITING: &str = "stageline:skip-waiting";

/// The state of updates, provided as context by [`Updates::start`].
#[derive(Clone, Copy)]
pub struct Updates {
    /// A new version is installed and waiting for the user's word.
    pub ready: RwSignal<bool>,
    /// The user dismissed the notice (it stays dismissed until the page is reloaded).
    pub dismissed: RwSignal<bool>,
    /// The user chose to reload: the next change of controlling worker reloads the page.
    reloading: StoredValue<bool>,
    /// The worker's registration, once registered.
    registration: StoredValue<Option<JsValue>, LocalStorage>,
}

impl Updates {
    /// Provides the updates' state as context and registers the worker after the first frame.
    /// Does nothing more where the browser has no service workers (or the page is not in a
    /// secure context).
    pub fn start() -> Updates {
        let updates = Updates {
            ready: RwSignal::new(false),
            dismissed: RwSignal::new(false),
            reloading: StoredValue::new(false),
            registration: StoredValue::new_local(None),
        };
        provide_context(updates);
        crate::idle::after_first_paint(move || {
            if let Some(container) = container() {
                wasm_bindgen_futures::spawn_local(updates.register(container));
            }
        });
        updates
    }

    /// Whether the notice should be shown.
    pub fn notice_open(&self) -> bool {
        self.ready.get() && !self.dismissed.get()
    }

    /// Saves everything as leaving the page does, asks the waiting worker to take over, and
    /// reloads once it has (or after [`TAKEOVER_TIMEOUT`]).
    pub fn apply(&self) {
        leave_page();
        self.reloading.set_value(true);
        let waiting = self
            .registration
            .with_value(|r| r.as_ref().map(|r| prop(r, "waiting")))
            .filter(|w| w.is_object());
        match waiting {
            Some(worker) => {
                let message = Object::new();
                let _ = Reflect::set(&message, &"type".into(), &SKIP_WAITING.into());
                let _ = call1(&worker, "postMessage", &message);
                leptos::prelude::set_timeout(reload, TAKEOVER_TIMEOUT);
            }
            None => reload(),
        }
    }

    /// Registers the worker and listens for a new one being installed.
    async fn register(self, container: JsValue) {
        let Some(promise) = call1(&container, "register", &WORKER_URL.into())
            .and_then(|p| p.dyn_into::<Promise>().ok())
        else {
            return;
        };
        let registration = match JsFuture::from(promise).await {
            Ok(r) => r,
            Err(err) => {
                web_sys::console::warn_2(
                    &"Stageline could not install its offline copy:".into(),
                    &err,
                );
                return;
            }
        };
        self.registration.set_value(Some(registration.clone()));
        // The page lives as long as these listeners, so they are never removed.
        let on_change = Closure::<dyn Fn()>::new(move || {
            if self.reloading.get_value() {
                reload();
            }
        });
        let _ = call2(
            &container,
            "addEventListener",
            &"controllerchange".into(),
            on_change.as_ref(),
        );
        on_change.forget();

        if prop(&registration, "waiting").is_object() && has_controller(&container) {
            self.ready.set(true);
        }
        let reg = registration.clone();
        let on_found = Closure::<dyn Fn()>::new(move || self.watch(prop(&reg, "installing")));
        let _ = call2(
            &registration,
            "addEventListener",
            &"updatefound".into(),
            on_found.as_ref(),
        );
        on_found.forget();

        let reg = registration;
        let _ = set_interval_with_handle(
            move || {
                // A failed check (offline) is retried at the next interval.
                if let Some(p) = call0(&reg, "update").and_then(|p| p.dyn_into::<Promise>().ok()) {
                    wasm_bindgen_futures::spawn_local(async move {
                        let _ = JsFuture::from(p).await;
                    });
                }
            },
            UPDATE_CHECK,
        );
    }

    /// Follows a worker being installed: once installed while another one controls the page,
    /// it is a new version waiting (the very first install controls the page directly).
    fn watch(self, worker: JsValue) {
        if !worker.is_object() {
            return;
        }
        let seen = worker.clone();
        let on_state = Closure::<dyn Fn()>::new(move || {
            let installed = prop(&seen, "state").as_string().as_deref() == Some("installed");
            if installed && container().is_some_and(|c| has_controller(&c)) {
                self.ready.set(true);
            }
        });
        let _ = call2(
            &worker,
            "addEventListener",
            &"statechange".into(),
            on_state.as_ref(),
        );
        on_state.forget();
    }
}

/// The updates' state, if [`Updates::start`] has run.
pub fn use_updates() -> Option<Updates> {
    use_context::<Updates>()
}

/// `navigator.serviceWorker`, where the browser has it (secure contexts only).
fn container() -> Option<JsValue> {
    let navigator = web_sys::window()?.navigator();
    let container = prop(&navigator, "serviceWorker");
    container.is_object().then_some(container)
}

/// Whether a worker controls this page now.
fn has_controller(container: &JsValue) -> bool {
    prop(container, "controller").is_object()
}

/// Runs the page's own leaving path: what `pagehide` does (the autosave commits the field being
/// typed and saves, the workshop engine stores its state; see `storage::autosave` and
/// `collab`), by dispatching that event, so that there is one path and it cannot drift.
fn leave_page() {
    if let (Some(window), Ok(event)) = (web_sys::window(), web_sys::Event::new("pagehide")) {
        let _ = window.dispatch_event(&event);
    }
}

fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

/// `target[name]`, or `undefined`.
fn prop(target: &JsValue, name: &str) -> JsValue {
    Reflect::get(target, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

/// The method `name` of `target`, if it is a function.
fn method(target: &JsValue, name: &str) -> Option<Function> {
    prop(target, name).dyn_into::<Function>().ok()
}

fn call0(target: &JsValue, name: &str) -> Option<JsValue> {
    method(target, name)?.call0(target).ok()
}

fn call1(target: &JsValue, name: &str, a: &JsValue) -> Option<JsValue> {
    method(target, name)?.call1(target, a).ok()
}

fn call2(target: &JsValue, name: &str, a: &JsValue, b: &JsValue) -> Option<JsValue> {
    method(target, name)?.call2(target, a, b).ok()
}
