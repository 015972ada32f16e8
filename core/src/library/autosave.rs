//! Autosave's decisions, without a browser: when the open blueprint is dirty, when it is saved,
//! what a save's failure or another tab's save leads to, and how a conflict is resolved.
//!
//! [`Autosaver`] is a plain state machine over a [`Library`] and an injected time: the app
//! calls one method per event (an edit, the end of the debounce, the page going away, another
//! tab's write, the user's answer to a conflict) and applies the returned [`Outcome`] (start or
//! stop the debounce timer, replace the document, say something) and the new
//! [`Autosaver::status`]. The app keeps only signals, the timer and the page's hooks, so every
//! rule here is tested natively over a [`super::MemoryStore`].
//!
//! The rules:
//! - a change (a new editor revision) makes the status [`SaveStatus::Pending`] and starts the
//!   debounce, except in a conflict, where nothing is saved until the user chooses;
//! - a save that another tab's write got in the way of is a [`SaveStatus::Conflict`]; a save
//!   the storage refused is [`SaveStatus::Failed`], the stored copy unchanged, and the next
//!   change tries again;
//! - another tab's save is taken at once when nothing here is unsaved, and is a conflict when
//!   something is;
//! - every answer to a conflict keeps both versions (one of them as a copy in the library), and
//!   a page that goes away in a conflict keeps its unsaved version as a copy.

use stageline_schema::{Blueprint, BlueprintId, IdSource, Timestamp};

use super::{doc_key, title_or_untitled, Base, Library, OpenError, SaveError, Store};
use crate::history::Editor;

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

/// What the app does with its debounce timer after an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Timer {
    /// Leave it as it is.
    #[default]
    Keep,
    /// Start it, or restart it if it runs: a save is due when it ends.
    Start,
    /// Stop it: nothing is due (saved, in conflict, or replaced).
    Stop,
}

/// What the app must do after an event, besides showing [`Autosaver::status`].
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use = "the app must apply the outcome of an autosave event"]
pub struct Outcome {
    /// What to do with the debounce timer.
    pub timer: Timer,
    /// Whether a save went through (the app marks it for the benchmark).
    pub saved: bool,
    /// A stored version that replaces the open document, with a fresh history whose revision
    /// is 0 (as [`Editor::new`] starts); the autosaver already counts it as saved.
    pub replace: Option<Blueprint>,
    /// A message for the status line.
    pub message: Option<String>,
}

impl Outcome {
    fn timer(timer: Timer) -> Outcome {
        Outcome {
            timer,
            ..Outcome::default()
        }
    }

    fn say(message: impl Into<String>) -> Outcome {
        Outcome {
            message: Some(message.into()),
            ..Outcome::default()
        }
    }
}

/// The autosave of one open blueprint: what is stored, which revision that is, and the status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Autosaver {
    id: BlueprintId,
    base: Option<Base>,
    /// The editor revision that is stored; `None` when no revision is (after "keep mine",
    /// which must be saved whatever the revision).
    saved_revision: Option<u64>,
    status: SaveStatus,
}

impl Autosaver {
    /// Starts autosaving blueprint `id`, whose stored copy is `base` (`None`: not stored yet)
    /// and matches the editor at `revision`.
    pub fn new(id: BlueprintId, base: Option<Base>, revision: u64) -> Autosaver {
        Autosaver {
            id,
            base,
            saved_revision: Some(revision),
            status: SaveStatus::Saved,
        }
    }

    /// The status to show.
    pub fn status(&self) -> &SaveStatus {
        &self.status
    }

    /// What this session knows of the stored copy (`None` when it is not stored).
    pub fn base(&self) -> Option<&Base> {
        self.base.as_ref()
    }

    /// The ID of the blueprint being saved.
    pub fn id(&self) -> &BlueprintId {
        &self.id
    }

    /// Whether the editor at `revision` has changes that are not stored yet.
    pub fn is_dirty(&self, revision: u64) -> bool {
        self.saved_revision != Some(revision)
    }

    /// The editor's revision is now `revision`: unless it is stored already or a conflict
    /// waits for the user, a save is pending and the debounce (re)starts.
    pub fn edited(&mut self, revision: u64) -> Outcome {
        if !self.is_dirty(revision) || self.status == SaveStatus::Conflict {
            return Outcome::default();
        }
        self.status = SaveStatus::Pending;
        Outcome::timer(Timer::Start)
    }

    /// Saves the editor's document now if anything is unsaved (the debounce ended, or the page
    /// asks), stamping its modified time with `now` first. Nothing is written in a conflict.
    pub fn flush<S: Store>(
        &mut self,
        lib: &mut Library<S>,
        editor: &mut Editor,
        now: Timestamp,
    ) -> Outcome {
        let mut outcome = Outcome::timer(Timer::Stop);
        let revision = editor.revision();
        if !self.is_dirty(revision) || self.status == SaveStatus::Conflict {
            return outcome;
        }
        editor.touch(now);
        match lib.save(editor.doc(), self.base.as_ref()) {
            Ok(saved) => {
                self.base = Some(saved.base);
                self.saved_revision = Some(revision);
                self.status = SaveStatus::Saved;
                outcome.saved = true;
            }
            Err(SaveError::Conflict | SaveError::Exists) => self.status = SaveStatus::Conflict,
            Err(err) => self.status = SaveStatus::Failed(err.to_string()),
        }
        outcome
    }

    /// The page is going away (hidden or closed): save, and if another tab's version is in
    /// the way, store this tab's version as a copy rather than lose it.
    pub fn exit<S: Store>(
        &mut self,
        lib: &mut Library<S>,
        editor: &mut Editor,
        ids: &mut (impl IdSource + ?Sized),
        now: Timestamp,
    ) -> Outcome {
        let outcome = self.flush(lib, editor, now);
        if self.status == SaveStatus::Conflict && self.is_dirty(editor.revision()) {
            // Best effort as the page goes: there is nobody left to tell of a failure.
            let _ = store_mine_as_copy(lib, editor.doc(), ids, now);
        }
        outcome
    }

    /// Another tab wrote storage key `key` (`None`: it cleared all of storage) while the editor
    /// is at `revision`. A write to this blueprint is a conflict when something here is
    /// unsaved; otherwise its version replaces the open one (if it differs from what this
    /// session stored).
    pub fn other_tab_wrote<S: Store>(
        &mut self,
        lib: &mut Library<S>,
        key: Option<&str>,
        revision: u64,
    ) -> Outcome {
        if key.is_some_and(|k| k != doc_key(&self.id)) {
            return Outcome::default();
        }
        if self.is_dirty(revision) {
            self.status = SaveStatus::Conflict;
            return Outcome::timer(Timer::Stop);
        }
        match lib.open(&self.id) {
            Ok(opened) if Some(&opened.base) == self.base.as_ref() => Outcome::default(),
            Ok(opened) => Outcome {
                message: Some("Updated with changes made in another tab".into()),
                ..self.take(opened.blueprint, opened.base)
            },
            Err(_) => Outcome::say(
                "This blueprint was removed in another tab; it stays open here and is saved again when you change it",
            ),
        }
    }

    /// Resolves a conflict with another tab as the user chose; both versions are kept (the
    /// copy gets an ID from `ids` and `now` as its times).
    pub fn resolve<S: Store>(
        &mut self,
        lib: &mut Library<S>,
        editor: &mut Editor,
        choice: Resolution,
        ids: &mut (impl IdSource + ?Sized),
        now: Timestamp,
    ) -> Outcome {
        match choice {
            Resolution::TakeTheirs => {
                let kept = match store_mine_as_copy(lib, editor.doc(), ids, now) {
                    Ok(title) => title,
                    Err(e) => return Outcome::say(format!("Could not keep your version: {e}")),
                };
                match lib.open(&self.id) {
                    Ok(opened) => Outcome {
                        message: Some(format!(
                            "Showing the other tab's version; yours is in the library as “{kept}”"
                        )),
                        ..self.take(opened.blueprint, opened.base)
                    },
                    Err(e) => Outcome::say(format!("Could not open the other version: {e}")),
                }
            }
            Resolution::KeepMine => {
                let theirs = match lib.open(&self.id) {
                    Ok(opened) => Some(opened),
                    Err(OpenError::NotFound) => None,
                    Err(e) => {
                        return Outcome::say(format!("Could not read the other version: {e}"))
                    }
                };
                if let Some(theirs) = &theirs {
                    let title = format!(
                        "{} (from another tab)",
                        title_or_untitled(&theirs.blueprint)
                    );
                    if let Err(e) = lib.save_as_copy(&theirs.blueprint, ids, now, Some(title)) {
                        return Outcome::say(format!("Could not keep the other version: {e}"));
                    }
                }
                // Saved over what is stored now, whatever this session's revision: mine is
                // unsaved until this save goes through.
                self.base = theirs.map(|t| t.base);
                self.status = SaveStatus::Pending;
                self.saved_revision = None;
                let mut outcome = self.flush(lib, editor, now);
                if self.status == SaveStatus::Saved {
                    outcome.message = Some(
                        "Kept your version; the other tab's is in the library as a copy".into(),
                    );
                }
                outcome
            }
        }
    }

    /// Takes a stored version in place of the open document.
    fn take(&mut self, doc: Blueprint, base: Base) -> Outcome {
        self.base = Some(base);
        self.saved_revision = Some(0);
        self.status = SaveStatus::Saved;
        Outcome {
            replace: Some(doc),
            ..Outcome::timer(Timer::Stop)
        }
    }
}

/// Stores `doc` as a copy titled "… (changes from another tab)"; returns the title.
fn store_mine_as_copy<S: Store>(
    lib: &mut Library<S>,
    doc: &Blueprint,
    ids: &mut (impl IdSource + ?Sized),
    now: Timestamp,
) -> Result<String, SaveError> {
    let title = format!("{} (changes from another tab)", title_or_untitled(doc));
    lib.save_as_copy(doc, ids, now, Some(title.clone()))
        .map(|_| title)
}

#[cfg(test)]
mod tests;
