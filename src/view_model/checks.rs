//! The document's check findings and journey metrics, computed once edits pause and shared
//! by the checks panel, the cards' markers, the stage headers' time against SLA and the
//! emotion curve.

use std::collections::HashMap;

use leptos::prelude::*;
use stageline_core::checks::{run_checks, Finding, Severity};
use stageline_core::metrics::{self, JourneyMetrics};
use stageline_schema::CardId;

use crate::state::AppState;

/// What a card shows about the findings that involve it.
#[derive(Debug, Clone, PartialEq)]
pub struct CardFinding {
    /// The finding's severity.
    pub severity: Severity,
    /// Its one-line message.
    pub message: String,
}

/// The current document's findings and metrics, computed once edits pause.
#[derive(Clone, Copy)]
pub struct ChecksCtx {
    /// Every finding of the enabled checks, sorted (errors first).
    pub findings: Memo<Vec<Finding>>,
    /// The findings by the cards they involve.
    pub by_card: Memo<HashMap<CardId, Vec<CardFinding>>>,
    /// The journey metrics (stage times against SLAs, the emotion curve); `None` until the
    /// first computation, which waits for the blueprint's first frame.
    pub metrics: Memo<Option<JourneyMetrics>>,
}

impl ChecksCtx {
    /// The findings involving one card (re-computed only when that card's list changes).
    pub fn card_findings(&self, id: CardId) -> Memo<Vec<CardFinding>> {
        let by_card = self.by_card;
        Memo::new(move |_| by_card.with(|m| m.get(&id).cloned().unwrap_or_default()))
    }
}

/// How long after the last change checks and metrics are computed again.
const CHECKS_DELAY: std::time::Duration = std::time::Duration::from_millis(120);

/// Computes checks and metrics from the editor's document and provides them as context.
pub fn provide_checks(app: AppState) -> ChecksCtx {
    // Checks and metrics cost time linear in the document; they run once edits pause
    // (CHECKS_DELAY after the last change), not inside every edit, so an edit costs the same
    // in a small and a large blueprint. The first computation waits until the first frame is
    // on screen, so opening a large blueprint shows its cards without waiting for them.
    let settled = RwSignal::new(0u64);
    crate::idle::after_first_paint(move || {
        settled.try_update(|n| *n = n.wrapping_add(1));
    });
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |first: Option<()>| {
        app.editor.track();
        if first.is_none() {
            return;
        }
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || settled.update(|n| *n = n.wrapping_add(1)),
            CHECKS_DELAY,
        );
        pending.set_value(handle.ok());
    });
    on_cleanup(move || {
        if let Some(Some(handle)) = pending.try_get_value() {
            handle.clear();
        }
    });
    let findings = Memo::new(move |_| {
        if settled.get() == 0 {
            return Vec::new();
        }
        app.editor.with_untracked(|e| run_checks(e.doc()))
    });
    let by_card = Memo::new(move |_| {
        findings.with(|all| {
            let mut map: HashMap<CardId, Vec<CardFinding>> = HashMap::new();
            for f in all {
                for card in &f.cards {
                    let list = map.entry(card.clone()).or_default();
                    // A finding naming the same card twice still counts once.
                    if !list.iter().any(|x| x.message == f.message) {
                        list.push(CardFinding {
                            severity: f.severity,
                            message: f.message.clone(),
                        });
                    }
                }
            }
            map
        })
    });
    let metrics = Memo::new(move |_| {
        if settled.get() == 0 {
            return None;
        }
        Some(app.editor.with_untracked(|e| metrics::compute(e.doc())))
    });
    let ctx = ChecksCtx {
        findings,
        by_card,
        metrics,
    };
    provide_context(ctx);
    ctx
}

/// The shared checks and metrics, from context.
pub fn use_checks() -> ChecksCtx {
    expect_context::<ChecksCtx>()
}

/// The display name of a severity.
pub fn severity_label(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "Error",
        Severity::Warning => "Warning",
        Severity::Info => "Info",
    }
}

/// "1 check", "3 checks".
pub fn count_checks(n: usize) -> String {
    if n == 1 {
        "1 check".to_string()
    } else {
        format!("{n} checks")
    }
}
