//! Autosave of the open blueprint: debounced after each change, flushed when the page is
//! hidden or closed, verified by reading back, and never overwriting another tab's work.
//!
//! Another tab's save arrives as a `storage` event. With nothing unsaved here, this tab takes
//! the other version at once; with unsaved changes, it stops saving and asks (see
//! [`Autosave::resolve`]), and every answer keeps both versions.

use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use stageline_core::library::{doc_key, title_or_untitled, Base, SaveError};
use stageline_schema::{to_json_pretty, BlueprintId};
use std::time::Duration;
use wasm_bindgen::JsCast;

use crate::state::ids::BrowserIds;
use crate::state::AppState;
use crate::storage::{library, now};

/// How long after the last change the blueprint is saved.
pub const DEBOUNCE: Duration = Duration::from_millis(400);

/// Where the open blueprint stands with storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveStatus {
    /// Everything is stored.
    Saved,
    /// Changes are waiting for the debounce to end.
    Pending,
    /// The last save failed; holds the reason. The stored copy is the previous one.
    Failed(String),
    /// Another tab saved this blueprint while this one had unsaved changes; saving is paused
    /// until the user chooses.
    Conflict,
}

/// How the user resolves a conflict with another tab; each choice keeps both versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// Take the other tab's version here; this tab's version is stored as a copy first.
    TakeTheirs,
    /// Keep this tab's version; the other tab's is stored as a copy first.
    KeepMine,
}

/// The autosave of one open blueprint, provided as context to the editor's components.
#[derive(Clone, Copy)]
pub struct Autosave {
    app: AppState,
    id: StoredValue<BlueprintId>,
    base: StoredValue<Option<Base>>,
    saved_revision: StoredValue<u64>,
    timer: StoredValue<Option<TimeoutHandle>>,
    /// The current save status, shown in the toolbar.
    pub status: RwSignal<SaveStatus>,
}

impl Autosave {
    /// Starts saving `app`'s document, whose stored copy is `base`, and provides the autosave
    /// as context. Stops (after a last flush) when the calling component is cleaned up.
    pub fn start(app: AppState, base: Base) -> Autosave {
        let id = app.doc_now(|d| d.id.clone());
        let saver = Autosave {
            app,
            id: StoredValue::new(id),
            base: StoredValue::new(Some(base)),
            saved_revision: StoredValue::new(app.editor.with_untracked(|e| e.revision())),
            timer: StoredValue::new(None),
            status: RwSignal::new(SaveStatus::Saved),
        };
        Effect::new(move |_| {
            let revision = app.editor.with(|e| e.revision());
            if revision != saver.saved_revision.get_value()
                && saver.status.get_untracked() != SaveStatus::Conflict
            {
                saver.status.set(SaveStatus::Pending);
                saver.schedule();
            }
        });
        let hide = window_event_listener(leptos::ev::pagehide, move |_| saver.flush_on_exit());
        let visibility = window_event_listener_untyped("visibilitychange", move |_| {
            if document().visibility_state() == web_sys::VisibilityState::Hidden {
                saver.flush_on_exit();
            }
        });
        let storage = window_event_listener_untyped("storage", move |ev| {
            if let Some(ev) = ev.dyn_ref::<web_sys::StorageEvent>() {
                saver.on_storage_event(ev);
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

    /// Whether the document has changes that are not stored yet.
    pub fn dirty(&self) -> bool {
        self.app.editor.with_untracked(|e| e.revision()) != self.saved_revision.get_value()
    }

    /// Saves now if anything is unsaved (at the end of the debounce, or when asked).
    pub fn flush(&self) {
        self.cancel_timer();
        if !self.dirty() || self.status.get_untracked() == SaveStatus::Conflict {
            return;
        }
        let revision = self.app.editor.with_untracked(|e| e.revision());
        self.app.editor.update_untracked(|e| e.touch(now()));
        let base = self.base.get_value();
        let result = self
            .app
            .editor
            .with_untracked(|e| library().save(e.doc(), base.as_ref()));
        match result {
            Ok(saved) => {
                self.base.set_value(Some(saved.base));
                self.saved_revision.set_value(revision);
                self.status.set(SaveStatus::Saved);
                crate::perf::mark("stageline:saved");
            }
            Err(SaveError::Conflict | SaveError::Exists) => self.status.set(SaveStatus::Conflict),
            Err(err) => self.status.set(SaveStatus::Failed(err.to_string())),
        }
    }

    /// The page is going away: save, and if another tab's version is in the way, store this
    /// tab's version as a copy rather than lose it.
    fn flush_on_exit(&self) {
        self.flush();
        if self.status.get_untracked() == SaveStatus::Conflict && self.dirty() {
            let _ = self.store_mine_as_copy();
        }
    }

    fn on_storage_event(&self, ev: &web_sys::StorageEvent) {
        let id = self.id.get_value();
        // `key` is null when another tab cleared all of storage: treat it as a change too.
        if ev.key().is_some_and(|k| k != doc_key(&id)) {
            return;
        }
        if self.dirty() {
            self.cancel_timer();
            self.status.set(SaveStatus::Conflict);
            return;
        }
        match library().open(&id) {
            Ok(opened) => {
                if Some(&opened.base) == self.base.get_value().as_ref() {
                    return;
                }
                self.take(opened.blueprint, opened.base);
                self.app.say("Updated with changes made in another tab");
            }
            Err(_) => self.app.say(
                "This blueprint was removed in another tab; it stays open here and is saved again when you change it",
            ),
        }
    }

    /// Replaces the open document with a stored version.
    fn take(&self, doc: stageline_schema::Blueprint, base: Base) {
        self.cancel_timer();
        self.base.set_value(Some(base));
        self.saved_revision.set_value(0);
        self.status.set(SaveStatus::Saved);
        self.app.replace_doc(doc);
    }

    fn store_mine_as_copy(&self) -> Result<String, String> {
        let title = self
            .app
            .doc_now(|d| format!("{} (changes from another tab)", title_or_untitled(d)));
        self.app
            .doc_now(|d| {
                library().save_as_copy(d, &mut BrowserIds::new(), now(), Some(title.clone()))
            })
            .map(|_| title)
            .map_err(|e| e.to_string())
    }

    /// Resolves a conflict with another tab as the user chose; both versions are kept.
    pub fn resolve(&self, choice: Resolution) {
        let id = self.id.get_value();
        let mut lib = library();
        match choice {
            Resolution::TakeTheirs => {
                let kept = match self.store_mine_as_copy() {
                    Ok(title) => title,
                    Err(e) => return self.app.say(format!("Could not keep your version: {e}")),
                };
                match lib.open(&id) {
                    Ok(opened) => {
                        self.take(opened.blueprint, opened.base);
                        self.app.say(format!(
                            "Showing the other tab's version; yours is in the library as “{kept}”"
                        ));
                    }
                    Err(e) => self
                        .app
                        .say(format!("Could not open the other version: {e}")),
                }
            }
            Resolution::KeepMine => {
                let theirs = match lib.open(&id) {
                    Ok(opened) => Some(opened),
                    Err(stageline_core::library::OpenError::NotFound) => None,
                    Err(e) => {
                        return self
                            .app
                            .say(format!("Could not read the other version: {e}"))
                    }
                };
                if let Some(theirs) = &theirs {
                    let title = format!(
                        "{} (from another tab)",
                        title_or_untitled(&theirs.blueprint)
                    );
                    if let Err(e) = lib.save_as_copy(
                        &theirs.blueprint,
                        &mut BrowserIds::new(),
                        now(),
                        Some(title),
                    ) {
                        return self
                            .app
                            .say(format!("Could not keep the other version: {e}"));
                    }
                }
                self.base.set_value(theirs.map(|t| t.base));
                self.status.set(SaveStatus::Pending);
                // Saving needs a change to save: mark the document unsaved and flush.
                self.saved_revision.set_value(u64::MAX);
                self.flush();
                if self.status.get_untracked() == SaveStatus::Saved {
                    self.app
                        .say("Kept your version; the other tab's is in the library as a copy");
                }
            }
        }
    }

    /// The open blueprint as a pretty JSON file, for "download a backup".
    pub fn backup(&self) -> (String, String) {
        self.app
            .doc_now(|d| (file_name(title_or_untitled(d)), to_json_pretty(d)))
    }
}

/// A safe file name for a blueprint titled `title`: letters, digits and dashes.
pub fn file_name(title: &str) -> String {
    let mut name = String::new();
    for c in title.chars() {
        if c.is_alphanumeric() {
            name.extend(c.to_lowercase());
        } else if !name.ends_with('-') && !name.is_empty() {
            name.push('-');
        }
    }
    let name = name.trim_end_matches('-');
    let name: String = name.chars().take(60).collect();
    if name.is_empty() {
        "blueprint.stageline.json".to_string()
    } else {
        format!("{name}.stageline.json")
    }
}

/// The autosave of the open blueprint, if the editor is showing.
pub fn use_autosave() -> Option<Autosave> {
    use_context::<Autosave>()
}
