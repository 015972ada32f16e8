//! The seam between the document and its other replicas (a workshop's participants, other
//! tabs of this browser): [`SharedDoc`] is what the state asks of the workshop engine, so the
//! state never depends on it (`crate::collab` implements it and installs it).
//!
//! While a document is shared, its undo history is the engine's, not the core `Editor`'s:
//! only the engine can undo this user's own changes without undoing anyone else's.

use stageline_schema::Blueprint;

/// What the state asks of the engine that shares the document.
pub trait SharedDoc {
    /// A local gesture labelled `label` changed the document from `before` to `after`: record
    /// it as one undo step of this user's and send it to the others.
    fn committed(&self, before: &Blueprint, after: &Blueprint, label: &str);
    /// Undoes this user's latest step: its label and the document after it, or `None` when
    /// there is nothing (left) to undo.
    fn undo(&self) -> Option<(String, Blueprint)>;
    /// Redoes this user's latest undone step, like [`SharedDoc::undo`].
    fn redo(&self) -> Option<(String, Blueprint)>;
    /// The label of the step [`SharedDoc::undo`] would undo.
    fn undo_label(&self) -> Option<String>;
    /// The label of the step [`SharedDoc::redo`] would redo.
    fn redo_label(&self) -> Option<String>;
}
