//! The document together with its undo and redo history.
//!
//! [`Editor`] is the one owner of a blueprint while it is being edited: every change is a
//! [`Command`] run through [`Editor::execute`], which records the inverse as one undo step.
//! One user gesture (a drag, a delete of a multi-selection, a committed text edit) is one call,
//! so one step, however many primitive commands it holds.

use stageline_schema::Blueprint;

use crate::command::{Command, CommandError};

/// How many steps the history keeps by default; older steps are forgotten first.
pub const DEFAULT_HISTORY_LIMIT: usize = 500;

/// One undoable step: what to apply to go back, and a short label for the user.
#[derive(Debug, Clone, PartialEq)]
struct Step {
    label: String,
    command: Command,
}

/// A blueprint being edited, with its undo and redo stacks.
#[derive(Debug, Clone)]
pub struct Editor {
    doc: Blueprint,
    undo: Vec<Step>,
    redo: Vec<Step>,
    limit: usize,
    revision: u64,
}

impl Editor {
    /// Starts editing `doc` with an empty history.
    pub fn new(doc: Blueprint) -> Editor {
        Editor {
            doc,
            undo: Vec::new(),
            redo: Vec::new(),
            limit: DEFAULT_HISTORY_LIMIT,
            revision: 0,
        }
    }

    /// The document as it is now.
    pub fn doc(&self) -> &Blueprint {
        &self.doc
    }

    /// Gives up the document (for example to replace it after a reload from storage).
    pub fn into_doc(self) -> Blueprint {
        self.doc
    }

    /// Stamps the document's modified time (and its created time when unknown) as it is
    /// saved. This is bookkeeping, not an edit: no undo step, no new revision.
    pub fn touch(&mut self, now: stageline_schema::Timestamp) {
        self.doc.metadata.modified = Some(now);
        if self.doc.metadata.created.is_none() {
            self.doc.metadata.created = Some(now);
        }
    }

    /// A number that grows with every change, undo and redo: cheap change detection for views.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Sets how many undo steps are kept (at least one).
    pub fn set_history_limit(&mut self, limit: usize) {
        self.limit = limit.max(1);
        self.trim();
    }

    /// Applies a command as one undo step labelled `label`; clears the redo stack.
    ///
    /// A command that changes nothing (an empty batch) records no step. On error the
    /// document and the history are unchanged.
    pub fn execute(
        &mut self,
        label: impl Into<String>,
        command: Command,
    ) -> Result<(), CommandError> {
        if command.is_noop() {
            return Ok(());
        }
        let inverse = command.apply(&mut self.doc)?;
        self.undo.push(Step {
            label: label.into(),
            command: inverse,
        });
        self.redo.clear();
        self.trim();
        self.revision += 1;
        Ok(())
    }

    /// Applies a command without recording an undo step, for a document whose history is
    /// kept elsewhere: in a shared document (a workshop, tabs merging) the workshop engine
    /// keeps the undo stack, because only it can undo this user's changes without undoing
    /// anyone else's. On error nothing changes.
    pub fn apply_unrecorded(&mut self, command: Command) -> Result<(), CommandError> {
        if command.is_noop() {
            return Ok(());
        }
        command.apply(&mut self.doc)?;
        self.revision += 1;
        Ok(())
    }

    /// Takes `doc` as the document, as merged with other people's or tabs' changes, as a new
    /// revision. The undo and redo stacks are dropped: their inverses were made for the
    /// document before the merge.
    pub fn replace_merged(&mut self, doc: Blueprint) {
        if doc == self.doc {
            return;
        }
        self.doc = doc;
        self.undo.clear();
        self.redo.clear();
        self.revision += 1;
    }

    /// Undoes the latest step and returns its label, or `None` when there is nothing to undo.
    pub fn undo(&mut self) -> Option<String> {
        let step = self.undo.pop()?;
        self.swap_step(step, Stack::Redo)
    }

    /// Redoes the latest undone step and returns its label, or `None` when there is none.
    pub fn redo(&mut self) -> Option<String> {
        let step = self.redo.pop()?;
        self.swap_step(step, Stack::Undo)
    }

    /// The label of the step [`Editor::undo`] would undo.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    /// The label of the step [`Editor::redo`] would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    /// How many steps can be undone.
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    /// How many steps can be redone.
    pub fn redo_len(&self) -> usize {
        self.redo.len()
    }

    fn swap_step(&mut self, step: Step, onto: Stack) -> Option<String> {
        let Step { label, command } = step;
        match command.apply(&mut self.doc) {
            Ok(inverse) => {
                let target = match onto {
                    Stack::Undo => &mut self.undo,
                    Stack::Redo => &mut self.redo,
                };
                target.push(Step {
                    label: label.clone(),
                    command: inverse,
                });
                self.revision += 1;
                Some(label)
            }
            // Cannot happen while every change goes through this editor; if it does, the
            // step is dropped rather than leaving a history that no longer fits the document.
            Err(_) => None,
        }
    }

    fn trim(&mut self) {
        if self.undo.len() > self.limit {
            let excess = self.undo.len() - self.limit;
            self.undo.drain(..excess);
        }
    }
}

enum Stack {
    Undo,
    Redo,
}
