//! Automatic versions of the open blueprint: the browser's side of the core's version history
//! (`stageline_core::library::versions`, which decides what is kept, thins it and keeps it in
//! its budget). A version is taken when a stored blueprint is opened (once the first frame is
//! shown), after a pause in editing, before another tab's version replaces this tab's (and with
//! it the undo history), and when the page goes away (the undo history goes with it). The
//! history dialog takes named versions and the one before a restore.

use std::time::Duration;

use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use stageline_core::library::{Trigger, VersionError, VersionMeta};

use crate::state::AppState;
use crate::storage::{library, now};

/// How long editing must pause before a version is taken.
pub const PAUSE: Duration = Duration::from_secs(45);

/// The automatic versions of one open blueprint, provided as context to the editor.
#[derive(Clone, Copy)]
pub struct AutoVersions {
    app: AppState,
    timer: StoredValue<Option<TimeoutHandle>>,
    /// Whether "the history is full" was said already (it is said once per opening).
    told_full: StoredValue<bool>,
}

impl AutoVersions {
    /// Starts taking versions of `app`'s document and provides them as context. A blueprint
    /// that is not stored yet (a new one) gets versions once it is.
    pub fn start(app: AppState) -> AutoVersions {
        let versions = AutoVersions {
            app,
            timer: StoredValue::new(None),
            told_full: StoredValue::new(false),
        };
        provide_context(versions);
        crate::idle::after_first_paint(move || {
            let _ = versions.take(Trigger::Opened);
        });
        Effect::new(move |before: Option<u64>| {
            let revision = app.editor.with(|e| e.revision());
            if before.is_some_and(|b| b != revision) {
                versions.schedule();
            }
            revision
        });
        let hide = window_event_listener(leptos::ev::pagehide, move |_| {
            let _ = versions.take(Trigger::BeforeReset);
        });
        on_cleanup(move || {
            hide.remove();
            versions.cancel();
        });
        versions
    }

    /// Takes a version of the document as it is now, unless it equals the newest one or the
    /// blueprint is not stored. Errors are said once in the status line (a full history) or
    /// returned.
    pub fn take(&self, trigger: Trigger) -> Result<Option<VersionMeta>, VersionError> {
        // The page may be gone by now (the version on opening waits for an idle moment, and
        // the user may have left meanwhile): then there is nothing to keep.
        let Some(doc) = self.app.editor.try_with_untracked(|e| e.doc().clone()) else {
            return Ok(None);
        };
        let mut lib = library();
        if !lib.contains(&doc.id).unwrap_or(false) {
            return Ok(None);
        }
        let taken = lib.snapshot(&doc, trigger, now());
        if let Err(VersionError::Full) = &taken {
            if self.told_full.try_get_value() == Some(false) {
                let _ = self.told_full.try_set_value(true);
                self.app.say(
                    "The version history is full: open History to delete versions you no longer need",
                );
            }
        }
        taken
    }

    fn schedule(&self) {
        self.cancel();
        let versions = *self;
        let handle = set_timeout_with_handle(
            move || {
                let _ = versions.take(Trigger::Paused);
            },
            PAUSE,
        )
        .ok();
        self.timer.set_value(handle);
    }

    fn cancel(&self) {
        if let Some(Some(handle)) = self.timer.try_update_value(Option::take) {
            handle.clear();
        }
    }
}

/// The open blueprint's automatic versions, if the editor provides them.
pub fn use_versions() -> Option<AutoVersions> {
    use_context::<AutoVersions>()
}
