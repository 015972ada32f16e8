//! The grid's one keyboard focus stop (a roving tabindex).

use leptos::prelude::*;
use stageline_core::nav::Focus;

use crate::state::AppState;

/// The grid's focus stop: the focused item, or the first one while nothing has focus. Each
/// grid item asks whether it is the stop through a [`Selector`], so a focus move re-runs the
/// `tabindex` of the two items it concerns, not of every rendered card, cell and header.
#[derive(Clone)]
pub struct FocusStop(Selector<Focus>);

impl FocusStop {
    /// Provides the focus stop of `app`'s grid as context (the canvas does, for its items).
    pub fn provide(app: AppState) {
        let s = app.session;
        provide_context(FocusStop(Selector::new(move || {
            s.focus
                .get()
                .unwrap_or_else(|| app.doc(stageline_core::nav::first_focus))
        })));
    }

    /// The roving tabindex of grid item `me`: 0 for the focus stop, -1 for the rest.
    pub fn tab_index(&self, me: &Focus) -> i32 {
        if self.0.selected(me) {
            0
        } else {
            -1
        }
    }
}

/// The grid's focus stop, from context.
pub fn use_focus_stop() -> FocusStop {
    expect_context::<FocusStop>()
}
