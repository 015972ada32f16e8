//! Automatic versions of the open blueprint: the browser's side of the core's version history
//! (`stageline_core::library::versions`, which decides what is kept, thins it and keeps it in
//! its budget). A version is taken when a stored blueprint is opened (once the first frame is
//! shown), after a pause in editing, before another tab's version replaces this tab's (and with
//! it the undo history), and when the page goes away (the undo history goes with it). The
//! history dialog takes named versions and the one before a restore.

use std::future::Future;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use stageline_core::library::{Trigger, VersionError, VersionMeta};
use stageline_schema::Blueprint;

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
            versions.take(Trigger::Opened);
        });
        Effect::new(move |before: Option<u64>| {
            let revision = app.editor.with(|e| e.revision());
            if before.is_some_and(|b| b != revision) {
                versions.schedule();
            }
            revision
        });
        let hide = window_event_listener(leptos::ev::pagehide, move |_| {
            versions.take(Trigger::BeforeReset);
        });
        on_cleanup(move || {
            hide.remove();
            versions.cancel();
        });
        versions
    }

    /// Takes a version of the document as it is now, unless it equals the newest one or the
    /// blueprint is not stored. The document is captured now; it is stored from the versions
    /// part (`store_version`), synchronously once that part is loaded (the version on opening
    /// loads it after the first frame, or a new blueprint's first save does: see
    /// [`AutoVersions::stored`], so the one on leaving the page is stored before the page
    /// goes). A full history is said once in the status line.
    pub fn take(&self, trigger: Trigger) {
        // The page may be gone by now (the version on opening waits for an idle moment, and
        // the user may have left meanwhile): then there is nothing to keep.
        let Some(doc) = self.app.editor.try_with_untracked(|e| e.doc().clone()) else {
            return;
        };
        // A new blueprint has no versions until it is stored; its part loads then.
        if !library().contains(&doc.id).unwrap_or(false) {
            return;
        }
        self.run(Some((doc, trigger)));
    }

    /// The blueprint was stored for the first time (a new one's first save): the versions'
    /// part loads now, so that later versions, the one on leaving the page among them, find
    /// it loaded.
    pub fn stored(&self) {
        self.run(None);
    }

    /// Stores `job` from the versions' part (`None`: only loads it), at once if it is loaded.
    fn run(&self, job: Option<(Blueprint, Trigger)>) {
        let versions = *self;
        let due = job.is_some();
        let mut stored = Box::pin(store_version(job));
        let mut cx = Context::from_waker(Waker::noop());
        match stored.as_mut().poll(&mut cx) {
            Poll::Ready(taken) => versions.report(taken, due),
            Poll::Pending => leptos::task::spawn_local(async move {
                versions.report(stored.await, due);
            }),
        }
    }

    /// Takes a version now and says whether it was kept; for the parts that need it kept
    /// before they go on (the history dialog, before a restore), which load the versions'
    /// code themselves.
    pub fn take_now(&self, trigger: Trigger) -> Result<Option<VersionMeta>, VersionError> {
        let Some(doc) = self.app.editor.try_with_untracked(|e| e.doc().clone()) else {
            return Ok(None);
        };
        let taken = keep(&doc, trigger);
        if let Err(VersionError::Full) = &taken {
            self.say_full();
        }
        taken
    }

    fn report(&self, taken: Result<Option<VersionMeta>, NotTaken>, due: bool) {
        // Stored from the part, the version may be reported after the page has gone: then
        // there is no one to tell.
        if self.told_full.try_get_value().is_none() {
            return;
        }
        if taken.is_ok() {
            crate::perf::mark("stageline:versions-loaded");
        }
        match taken {
            Ok(Some(_)) => crate::perf::mark("stageline:version"),
            Err(NotTaken::Version(VersionError::Full)) => self.say_full(),
            Err(NotTaken::NotLoaded) if due => {
                self.app
                    .say("A version could not be kept: the connection may be down");
            }
            _ => {}
        }
    }

    fn say_full(&self) {
        if self.told_full.try_get_value() == Some(false) {
            let _ = self.told_full.try_set_value(true);
            self.app.say(
                "The version history is full: open History to delete versions you no longer need",
            );
        }
    }

    fn schedule(&self) {
        self.cancel();
        let versions = *self;
        let handle = set_timeout_with_handle(
            move || {
                versions.take(Trigger::Paused);
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

/// Why an automatic version was not kept.
enum NotTaken {
    Version(VersionError),
    /// The versions part could not be loaded.
    NotLoaded,
}

impl From<SplitLoaderError> for NotTaken {
    fn from(_: SplitLoaderError) -> Self {
        NotTaken::NotLoaded
    }
}

/// Stores `doc` as a version (`job`; `None` only loads the part), from the part that holds
/// the versions' code (diffs, their replay and their JSON), which the first screen does not
/// need.
#[leptos::wasm_split::wasm_split(versions, fallible, wasm_split_path = ::leptos::wasm_split)]
fn store_version(job: Option<(Blueprint, Trigger)>) -> Result<Option<VersionMeta>, NotTaken> {
    match job {
        Some((doc, trigger)) => keep(&doc, trigger).map_err(NotTaken::Version),
        None => Ok(None),
    }
}

/// Keeps `doc` as a version of its blueprint, unless it is not stored.
fn keep(doc: &Blueprint, trigger: Trigger) -> Result<Option<VersionMeta>, VersionError> {
    let mut lib = library();
    if !lib.contains(&doc.id).unwrap_or(false) {
        return Ok(None);
    }
    lib.snapshot(doc, trigger, now())
}

/// The open blueprint's automatic versions, if the editor provides them.
pub fn use_versions() -> Option<AutoVersions> {
    use_context::<AutoVersions>()
}
