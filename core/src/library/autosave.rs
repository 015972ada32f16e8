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
//!   something is, including text the user is typing that is not in the document yet (the
//!   app says so: [`Autosaver::other_tab_wrote`]'s `typing`);
//! - every answer to a conflict keeps both versions (one of them as a copy in the library,
//!   titled "… (conflict copy)" whichever it is), and a page that goes away in a conflict
//!   keeps its unsaved version as a copy: one copy, brought up to date each time the page is
//!   hidden again, not a new one each time.

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
    /// The copy of this tab's version stored in the current conflict (when the page was
    /// hidden), and the revision it holds; later exits and "show the other version" update it
    /// instead of storing another copy.
    conflict_copy: Option<ConflictCopy>,
    /// Whether other tabs' versions reach this one merged by the workshop engine (see
    /// [`Autosaver::set_merging`]).
    merging: bool,
}

/// A copy of this tab's version stored during a conflict.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ConflictCopy {
    id: BlueprintId,
    base: Base,
    revision: u64,
}

/// What a copy kept by a conflict with another tab is titled after: "Clinic visit (conflict
/// copy)", whichever version it keeps.
pub const CONFLICT_COPY_SUFFIX: &str = " (conflict copy)";

/// The title of the copy of `doc` that a conflict keeps.
pub fn conflict_copy_title(doc: &Blueprint) -> String {
    format!("{}{CONFLICT_COPY_SUFFIX}", title_or_untitled(doc))
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
            conflict_copy: None,
            merging: false,
        }
    }

    /// Says whether the document is merged with other tabs' (and a workshop's) changes by the
    /// workshop engine. Then another tab's write is never a conflict nor a version to take:
    /// its changes arrive merged through the engine, so the autosave only learns the new
    /// stored copy and saves the merged document over it.
    pub fn set_merging(&mut self, merging: bool) {
        self.merging = merging;
    }

    /// Whether other tabs' changes arrive merged (see [`Autosaver::set_merging`]).
    pub fn is_merging(&self) -> bool {
        self.merging
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

    /// The editor's revision is now `revision`: unless it is stored already, a save is
    /// pending and the debounce (re)starts. In a conflict the status stays, and the debounce
    /// ends in keeping this tab's version in its conflict copy (see [`Autosaver::flush`]).
    pub fn edited(&mut self, revision: u64) -> Outcome {
        if !self.is_dirty(revision) {
            return Outcome::default();
        }
        if self.status != SaveStatus::Conflict {
            self.status = SaveStatus::Pending;
        }
        Outcome::timer(Timer::Start)
    }

    /// Saves the editor's document now if anything is unsaved (the debounce ended, or the page
    /// asks), stamping its modified time with `now` first. In a conflict, or when this save
    /// runs into one, the blueprint itself is not written: this tab's version goes to its
    /// conflict copy instead (a new ID from `ids` the first time), so nothing typed here is
    /// only in memory while the user decides.
    pub fn flush<S: Store>(
        &mut self,
        lib: &mut Library<S>,
        editor: &mut Editor,
        ids: &mut (impl IdSource + ?Sized),
        now: Timestamp,
    ) -> Outcome {
        let mut outcome = Outcome::timer(Timer::Stop);
        let revision = editor.revision();
        if !self.is_dirty(revision) {
            return outcome;
        }
        if self.status != SaveStatus::Conflict {
            editor.touch(now);
            let mut result = lib.save(editor.doc(), self.base.as_ref());
            if self.merging && matches!(result, Err(SaveError::Conflict | SaveError::Exists)) {
                // Another tab stored its version meanwhile; this document has merged it (or
                // will, and stores it then), so it goes over the stored copy.
                self.adopt_stored_base(lib);
                result = lib.save(editor.doc(), self.base.as_ref());
            }
            match result {
                Ok(saved) => {
                    self.base = Some(saved.base);
                    self.saved_revision = Some(revision);
                    self.status = SaveStatus::Saved;
                    outcome.saved = true;
                    return outcome;
                }
                Err(SaveError::Conflict | SaveError::Exists) => self.status = SaveStatus::Conflict,
                Err(err) => {
                    self.status = SaveStatus::Failed(err.to_string());
                    return outcome;
                }
            }
        }
        if let Err(e) = self.store_mine_as_copy(lib, editor, ids, now) {
            outcome.message = Some(format!("Could not keep your version as a copy: {e}"));
        }
        outcome
    }

    /// The page is going away (hidden or closed): save now; in a conflict this tab's version
    /// is in its conflict copy (brought up to date) rather than lost.
    pub fn exit<S: Store>(
        &mut self,
        lib: &mut Library<S>,
        editor: &mut Editor,
        ids: &mut (impl IdSource + ?Sized),
        now: Timestamp,
    ) -> Outcome {
        self.flush(lib, editor, ids, now)
    }

    /// Another tab wrote storage key `key` (`None`: it cleared all of storage) while the editor
    /// is at `revision` and the user is `typing` text that is not in the document yet (a
    /// title being edited). A write to this blueprint is a conflict when something here is
    /// unsaved or being typed; otherwise its version replaces the open one (if it differs from
    /// what this session stored). Taking a version never happens under the user's hands.
    pub fn other_tab_wrote<S: Store>(
        &mut self,
        lib: &mut Library<S>,
        key: Option<&str>,
        revision: u64,
        typing: bool,
    ) -> Outcome {
        if key.is_some_and(|k| k != doc_key(&self.id)) {
            return Outcome::default();
        }
        if self.status == SaveStatus::Conflict {
            // The question stands until the user answers it; the answer reads storage anew.
            return Outcome::default();
        }
        if self.merging {
            // Its changes come through the engine, merged with this tab's: only the stored
            // copy is new.
            self.adopt_stored_base(lib);
            return Outcome::default();
        }
        if self.is_dirty(revision) || typing {
            // The debounce then keeps what is unsaved here in the conflict copy.
            self.status = SaveStatus::Conflict;
            return Outcome::timer(if self.is_dirty(revision) {
                Timer::Start
            } else {
                Timer::Stop
            });
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
                let kept = match self.store_mine_as_copy(lib, editor, ids, now) {
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
                let mut theirs_title = None;
                if let Some(theirs) = &theirs {
                    let title = conflict_copy_title(&theirs.blueprint);
                    theirs_title = Some(title.clone());
                    if let Err(e) = lib.save_as_copy(&theirs.blueprint, ids, now, Some(title)) {
                        return Outcome::say(format!("Could not keep the other version: {e}"));
                    }
                }
                // Saved over what is stored now, whatever this session's revision: mine is
                // unsaved until this save goes through.
                self.base = theirs.map(|t| t.base);
                self.status = SaveStatus::Pending;
                self.saved_revision = None;
                let mut outcome = self.flush(lib, editor, ids, now);
                if self.status == SaveStatus::Saved {
                    // The copy of this version kept during the conflict is what is saved now.
                    if let Some(copy) = self.conflict_copy.take() {
                        let _ = lib.purge(&copy.id);
                    }
                    outcome.message = Some(match theirs_title {
                        Some(title) => format!(
                            "Kept your version; the other tab's is in the library as “{title}”"
                        ),
                        None => "Kept your version".into(),
                    });
                }
                outcome
            }
        }
    }

    /// Stores this tab's version as a copy titled "… (conflict copy)", or brings the copy
    /// stored earlier in this conflict up to date; returns its title.
    /// Learns the stored copy as it is now (another tab wrote it), when it can be read.
    fn adopt_stored_base<S: Store>(&mut self, lib: &Library<S>) {
        if let Ok(opened) = lib.open(&self.id) {
            self.base = Some(opened.base);
        }
    }

    fn store_mine_as_copy<S: Store>(
        &mut self,
        lib: &mut Library<S>,
        editor: &Editor,
        ids: &mut (impl IdSource + ?Sized),
        now: Timestamp,
    ) -> Result<String, SaveError> {
        let revision = editor.revision();
        let doc = editor.doc();
        let title = conflict_copy_title(doc);
        if let Some(copy) = &self.conflict_copy {
            if copy.revision == revision {
                return Ok(title);
            }
            let mut updated = doc.clone();
            updated.id = copy.id.clone();
            updated.metadata.title = title.clone();
            updated.metadata.modified = Some(now);
            // The user may have opened or removed the copy meanwhile: then a new one is made.
            if let Ok(saved) = lib.save(&updated, Some(&copy.base)) {
                self.conflict_copy = Some(ConflictCopy {
                    id: copy.id.clone(),
                    base: saved.base,
                    revision,
                });
                return Ok(title);
            }
        }
        let (copy, saved) = lib.save_as_copy(doc, ids, now, Some(title.clone()))?;
        self.conflict_copy = Some(ConflictCopy {
            id: copy.id,
            base: saved.base,
            revision,
        });
        Ok(title)
    }

    /// Takes a stored version in place of the open document.
    fn take(&mut self, doc: Blueprint, base: Base) -> Outcome {
        self.conflict_copy = None;
        self.base = Some(base);
        self.saved_revision = Some(0);
        self.status = SaveStatus::Saved;
        Outcome {
            replace: Some(doc),
            ..Outcome::timer(Timer::Stop)
        }
    }
}

#[cfg(test)]
mod tests;
