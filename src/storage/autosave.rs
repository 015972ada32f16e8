//! Autosave of the open blueprint: debounced after each change, flushed when the page is
//! hidden or closed, verified by reading back, and never overwriting another tab's work.
//!
//! The decisions (dirty? saved? failed? another tab's version taken, or a conflict? how a
//! conflict is resolved) are the core's [`Autosaver`], tested natively; this shell holds its
//! signals, the debounce timer and the page's hooks (hidden, closed, another tab's `storage`
//! event), and applies each event's [`Outcome`].

use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use stageline_core::library::{file_name, title_or_untitled, Autosaver, Base, Outcome, Timer};
use stageline_schema::to_json_pretty;
use std::time::Duration;
use wasm_bindgen::JsCast;

pub use stageline_core::library::{Resolution, SaveStatus};

use crate::state::ids::BrowserIds;
use crate::state::AppState;
use crate::storage::versions::AutoVersions;
use crate::storage::{library, now};

/// How long after the last change the blueprint is saved.
pub const DEBOUNCE: Duration = Duration::from_millis(400);

/// The autosave of one open blueprint, provided as context to the editor's components.
#[derive(Clone, Copy)]
pub struct Autosave {
    app: AppState,
    machine: StoredValue<Autosaver>,
    timer: StoredValue<Option<TimeoutHandle>>,
    /// Whether the blueprint is in the library (a new one is not until its first save).
    stored: StoredValue<bool>,
    /// The current save status, shown in the toolbar.
    pub status: RwSignal<SaveStatus>,
    /// The automatic versions, told before another tab's version replaces this one.
    versions: StoredValue<Option<AutoVersions>>,
}

impl Autosave {
    /// Starts saving `app`'s document, whose stored copy is `base` (`None`: a new blueprint,
    /// stored on its first change, when its address becomes `#/b/<id>`), and provides the
    /// autosave as context. Stops (after a last flush) when the calling component is cleaned
    /// up.
    pub fn start(app: AppState, base: Option<Base>) -> Autosave {
        let id = app.doc_now(|d| d.id.clone());
        let revision = app.editor.with_untracked(|e| e.revision());
        let machine = Autosaver::new(id, base, revision);
        let saver = Autosave {
            app,
            status: RwSignal::new(machine.status().clone()),
            stored: StoredValue::new(machine.base().is_some()),
            machine: StoredValue::new(machine),
            timer: StoredValue::new(None),
            versions: StoredValue::new(None),
        };
        Effect::new(move |_| {
            let revision = app.editor.with(|e| e.revision());
            saver.event(|m, _| m.edited(revision));
        });
        let hide = window_event_listener(leptos::ev::pagehide, move |_| saver.flush_on_exit());
        let visibility = window_event_listener_untyped("visibilitychange", move |_| {
            if document().visibility_state() == web_sys::VisibilityState::Hidden {
                saver.flush_on_exit();
            }
        });
        let storage = window_event_listener_untyped("storage", move |ev| {
            if let Some(ev) = ev.dyn_ref::<web_sys::StorageEvent>() {
                let key = ev.key();
                // Text being typed here counts as unsaved: another tab's version is never
                // taken from under the user's hands.
                let typing = crate::interaction::dom::typing_in_field();
                saver.event(|m, e| {
                    m.other_tab_wrote(&mut library(), key.as_deref(), e.revision(), typing)
                });
            }
        });
        on_cleanup(move || {
            saver.flush();
            hide.remove();
            visibility.remove();
            storage.remove();
        });
        provide_context(saver);
        saver
    }

    /// Runs one event through the state machine (with the editor, untracked: stamping the
    /// modified time on save is bookkeeping, not an edit) and applies its outcome.
    fn event(&self, f: impl FnOnce(&mut Autosaver, &mut stageline_core::Editor) -> Outcome) {
        let outcome = self.machine.try_update_value(|m| {
            self.app
                .editor
                .try_update_untracked(|e| f(m, e))
                .map(|outcome| (outcome, m.status().clone()))
        });
        if let Some(Some((outcome, status))) = outcome {
            self.apply(outcome, status);
        }
    }

    /// Does what an event's outcome asks: the timer, the status, the benchmark's mark, the
    /// replaced document and the message.
    fn apply(&self, outcome: Outcome, status: SaveStatus) {
        match outcome.timer {
            Timer::Keep => {}
            Timer::Start => self.schedule(),
            Timer::Stop => self.cancel_timer(),
        }
        if self.status.get_untracked() != status {
            self.status.set(status);
        }
        if outcome.saved {
            crate::perf::mark("stageline:saved");
            if !self.stored.get_value() {
                // A new blueprint's first save: from now on it is in the library.
                self.stored.set_value(true);
                let id = self.app.doc_now(|d| d.id.clone());
                let _ = library().set_last(&id);
                crate::route::adopt(&crate::route::Route::Blueprint(id));
                if let Some(versions) = self.versions.get_value() {
                    versions.stored();
                }
            }
        }
        if let Some(doc) = outcome.replace {
            // Another tab's version replaces this one, and the undo history with it: what
            // this tab had is kept as a version first.
            if let Some(versions) = self.versions.get_value() {
                versions.take(stageline_core::library::Trigger::BeforeReset);
            }
            self.app.replace_doc(doc);
        }
        if let Some(message) = outcome.message {
            self.app.say(message);
        }
    }

    /// Keeps a version of this tab's document before another tab's replaces it.
    pub fn keep_versions_with(&self, versions: AutoVersions) {
        self.versions.set_value(Some(versions));
    }

    fn schedule(&self) {
        self.cancel_timer();
        let saver = *self;
        let handle = set_timeout_with_handle(move || saver.flush(), DEBOUNCE).ok();
        self.timer.set_value(handle);
    }

    fn cancel_timer(&self) {
        if let Some(Some(handle)) = self.timer.try_update_value(Option::take) {
            handle.clear();
        }
    }

    /// Says whether other tabs' versions arrive merged by the workshop engine (then another
    /// tab's write is never a conflict: see `Autosaver::set_merging`).
    pub fn set_merging(&self, merging: bool) {
        self.machine.update_value(|m| m.set_merging(merging));
    }

    /// Saves now if anything is unsaved (at the end of the debounce, or when asked).
    pub fn flush(&self) {
        let now = now();
        self.event(|m, e| m.flush(&mut library(), e, &mut BrowserIds::new(), now));
    }

    /// The page is going away: save what is typed and everything else, and if another tab's
    /// version is in the way, keep this tab's version in its conflict copy rather than lose it.
    fn flush_on_exit(&self) {
        crate::interaction::dom::commit_typing();
        let now = now();
        self.event(|m, e| m.exit(&mut library(), e, &mut BrowserIds::new(), now));
    }

    /// Resolves a conflict with another tab as the user chose; both versions are kept.
    pub fn resolve(&self, choice: Resolution) {
        let now = now();
        self.event(|m, e| m.resolve(&mut library(), e, choice, &mut BrowserIds::new(), now));
    }

    /// The open blueprint as a pretty JSON file, for "download a backup".
    pub fn backup(&self) -> (String, String) {
        self.app
            .doc_now(|d| (file_name(title_or_untitled(d)), to_json_pretty(d)))
    }
}

/// The autosave of the open blueprint, if the editor is showing.
pub fn use_autosave() -> Option<Autosave> {
    use_context::<Autosave>()
}
