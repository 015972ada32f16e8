//! The orchestration band's view-model: per stage, what its cell under the stage header shows
//! (the core's [`stageline_core::orchestration::band`]), and which arrows the canvas marks.
//! Computed by the core ([`stageline_core::orchestration::orchestrate`]) only while the band
//! is on.

use std::collections::HashMap;

use leptos::prelude::*;
use stageline_core::orchestration::band::band_cell;
pub use stageline_core::orchestration::band::{segment_legend, BandCell};
use stageline_core::orchestration::{orchestrate, HandoffKind};
use stageline_schema::ConnectionId;

use crate::state::AppState;

/// The band's state, shared by the band, the arrow layer and the canvas key.
#[derive(Clone, Copy)]
pub struct OrchestrationCtx {
    /// Whether the band is on (the session's switch).
    pub on: RwSignal<bool>,
    /// One cell per stage, in stage order; empty while the band is off.
    pub cells: Memo<Vec<BandCell>>,
    /// The arrows between automation and people, with their kind; empty while the band is off.
    pub marked: Memo<HashMap<ConnectionId, HandoffKind>>,
}

impl OrchestrationCtx {
    /// Computes the band from the document while it is on, and provides it as context.
    pub fn provide(app: AppState) -> OrchestrationCtx {
        let on = app.session.orchestration;
        let journey = Memo::new(move |_| on.get().then(|| app.doc(orchestrate)));
        let cells = Memo::new(move |_| {
            journey.with(|j| {
                j.iter()
                    .flat_map(|j| &j.stages)
                    .map(|s| band_cell(s.stage.clone(), &s.name, &s.orchestration))
                    .collect()
            })
        });
        let marked = Memo::new(move |_| {
            journey.with(|j| {
                j.iter()
                    .flat_map(|j| &j.end_to_end.handoffs)
                    .map(|h| (h.connection.clone(), h.kind))
                    .collect()
            })
        });
        let ctx = OrchestrationCtx { on, cells, marked };
        provide_context(ctx);
        ctx
    }
}

/// The band's state provided by the canvas.
pub fn use_orchestration() -> Option<OrchestrationCtx> {
    use_context::<OrchestrationCtx>()
}

#[cfg(test)]
mod tests {
    use stageline_core::orchestration::band::SEGMENTS;

    #[test]
    fn the_style_sheet_draws_the_bar_in_the_cores_colours() {
        // The SVG picture takes its colours from the core's table; the band on screen from
        // the style sheet. They must agree.
        let css = include_str!("../../style/main.css");
        for (_, slug, _, fill, _) in SEGMENTS {
            let rule = format!(".orchestration__segment--{slug} {{ background: {fill};");
            assert!(css.contains(&rule), "style/main.css lacks `{rule}`");
        }
    }
}
