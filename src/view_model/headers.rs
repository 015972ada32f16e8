//! What the stage headers show: card counts per stage and the time against the SLA.

use std::collections::HashMap;

use leptos::prelude::*;
use stageline_core::labels::format_duration;
use stageline_core::metrics::{SlaStatus, Timing};
use stageline_schema::StageId;

use crate::state::AppState;

/// A stage's critical-path time as its header shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct StageTime {
    /// "12 min / SLA 10 min", or "12 min" without a target.
    pub text: String,
    /// What the numbers mean, and by how much the stage is over or within its target.
    pub title: String,
    /// Whether the time exceeds the target.
    pub over: bool,
}

/// The header text of a stage's timing; `None` when there is neither a time nor a target.
pub fn stage_time(t: &Timing) -> Option<StageTime> {
    let time = format_duration(t.critical_path_secs);
    match t.target_secs {
        None if t.critical_path_secs == 0 => None,
        None => Some(StageTime {
            title: format!("Critical path {time} (waits included); no SLA set for this stage"),
            text: time,
            over: false,
        }),
        Some(target) => {
            let sla = format_duration(target);
            let margin = t.margin_secs.unwrap_or(0);
            let over = t.status == SlaStatus::Over;
            let title = if over {
                format!(
                    "Critical path {time} (waits included) is over the stage's SLA of {sla} by {}",
                    format_duration(margin.unsigned_abs())
                )
            } else {
                format!("Critical path {time} (waits included) is within the stage's SLA of {sla}")
            };
            Some(StageTime {
                text: format!("{time} / SLA {sla}"),
                title,
                over,
            })
        }
    }
}

/// The whole journey's critical-path time (the sum of the stage times) as the canvas's key
/// shows it, against the end-to-end target: the sum of the stage SLAs when every stage has
/// one (the blueprint has no end-to-end target of its own), as `stageline metrics` prints.
pub fn journey_time(t: &Timing) -> StageTime {
    let time = format_duration(t.critical_path_secs);
    match t.target_secs {
        None => StageTime {
            title: format!(
                "End to end {time} on the critical path (waits included); no target, because \
                 not every stage has an SLA"
            ),
            text: format!("End to end {time}"),
            over: false,
        },
        Some(target) => {
            let target_text = format_duration(target);
            let over = t.status == SlaStatus::Over;
            let margin = format_duration(t.margin_secs.unwrap_or(0).unsigned_abs());
            let verdict = if over {
                format!("over by {margin}")
            } else {
                "within target".to_string()
            };
            StageTime {
                text: format!("End to end {time} / target {target_text}, {verdict}"),
                title: format!(
                    "Critical path of the whole journey (waits included) against the sum of \
                     the stage SLAs ({target_text})"
                ),
                over,
            }
        }
    }
}

/// The number of cards in each stage, counted in one pass over the document per edit and
/// shared by the stage headers (each counting for itself would cost stages × cards per edit).
#[derive(Clone, Copy)]
pub struct StageCounts(Memo<HashMap<StageId, usize>>);

impl StageCounts {
    /// Counts the cards of `app`'s document by stage, and provides the counts as context.
    pub fn provide(app: AppState) {
        let counts = Memo::new(move |_| {
            app.doc(|d| {
                let mut counts: HashMap<StageId, usize> = HashMap::new();
                for card in &d.cards {
                    *counts.entry(card.stage.clone()).or_default() += 1;
                }
                counts
            })
        });
        provide_context(StageCounts(counts));
    }

    /// The number of cards in stage `id` (tracked).
    pub fn of(&self, id: &StageId) -> usize {
        self.0.with(|c| c.get(id).copied().unwrap_or(0))
    }
}
