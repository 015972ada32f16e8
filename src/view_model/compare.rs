//! The comparison view's marks for the views that draw the grid: a card asks whether it was
//! added, removed, moved or changed, and the page writes the marks of headers and arrows as
//! styles. Computed once by the core (`stageline_core::diff::compare`); the grid of a
//! comparison never changes, so nothing here is reactive (the "only changes" filter is a class on
//! the page).

use std::fmt::Write as _;
use std::sync::Arc;

use leptos::prelude::*;
use stageline_core::diff::compare::{ChangeKind, Comparison, Mark};
use stageline_schema::CardId;

use crate::interaction::dom::{lane_dom_id, stage_dom_id};

/// What the comparison page provides to the grid it shows.
#[derive(Clone)]
pub struct CompareCtx {
    /// The comparison (its document is the grid's).
    pub comparison: Arc<Comparison>,
}

impl CompareCtx {
    /// The mark of a card, if it changed.
    pub fn card(&self, id: &CardId) -> Option<Mark> {
        self.comparison.cards.get(id).cloned()
    }
}

/// The comparison shown around the grid, if this grid is a comparison's.
pub fn use_compare() -> Option<CompareCtx> {
    use_context::<CompareCtx>()
}

/// The classes of a card with `mark`: `card--change card--change-<kind>`.
pub fn card_classes(mark: &Mark) -> String {
    format!(" card--change card--change-{}", mark.kind.as_str())
}

/// The styles that mark stage and lane headers and arrows (their elements are found by ID and
/// by `data-connection`); a label after each changed header says the kind in words, so the
/// marks read without colour. IDs hold no quotes (the schema refuses them), so they can stand
/// in quoted attribute selectors.
pub fn marks_css(c: &Comparison) -> String {
    let mut css = String::new();
    let mut header = |dom_id: String, kind: ChangeKind| {
        let _ = writeln!(
            css,
            ".compare [id=\"{dom_id}\"] {{ box-shadow: inset 0 -4px 0 var(--change-{k}); }}\n\
             .compare [id=\"{dom_id}\"]::after {{ content: \"{s} {l}\"; }}",
            k = kind.as_str(),
            s = kind.symbol(),
            l = kind.label(),
        );
    };
    for (id, m) in &c.stages {
        header(stage_dom_id(id), m.kind);
    }
    for (id, m) in &c.lanes {
        header(lane_dom_id(id), m.kind);
    }
    for (id, m) in &c.connections {
        let _ = writeln!(
            css,
            ".compare [data-connection=\"{id}\"] {{ stroke: var(--change-{k}); stroke-width: 3px; {dash} }}",
            k = m.kind.as_str(),
            dash = if m.kind == ChangeKind::Removed {
                "stroke-dasharray: 6 4;"
            } else {
                ""
            },
        );
    }
    css
}
