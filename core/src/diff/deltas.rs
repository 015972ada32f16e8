//! What a change does to the service: the metrics and checks of both documents side by side.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;
use stageline_schema::{Blueprint, CardKind, StageId};

use super::Changed2;
use crate::checks::{run_checks, Finding, Severity, FAIL_POINT_WITHOUT_OWNER_OR_ESCALATION};
use crate::metrics::{compute, ActorMix, Flow, JourneyMetrics, SlaStatus, Timing};
use crate::orchestration::{orchestrate, Level, Orchestration};

/// The figures of one stage, or of the whole journey, in one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    /// Steps (touchpoints, actions, system steps).
    pub steps: usize,
    /// Critical-path time, in seconds ([`crate::metrics`]).
    pub critical_path_secs: u64,
    /// The target (SLA), in seconds, if set (end to end: the sum when every stage has one).
    pub target_secs: Option<u64>,
    /// The time against the target.
    pub status: SlaStatus,
    /// Target minus time, in seconds, if there is a target.
    pub margin_secs: Option<i64>,
    /// The sum of the waits before steps (`wait_before_secs` of every card but notes).
    pub wait_secs: u64,
    /// Arrows, handoffs and line crossings ([`crate::metrics::Flow`]).
    pub flow: Flow,
    /// Service steps by actor type, with their shares ([`crate::metrics::ActorMix`]: the
    /// steps below the line of interaction).
    pub actors: ActorMix,
    /// Cards marked as fail points.
    pub fail_points: usize,
    /// Fail points without an owner or an escalation (the check
    /// `fail-point-without-owner-or-escalation`, so both say the same).
    pub fail_points_without_owner_or_escalation: usize,
    /// The orchestration level the service steps fit ([`crate::orchestration::classify`]);
    /// `None` when they do not say enough.
    pub level: Option<Level>,
    /// Arrows between an automated step and a person's step, either way
    /// ([`crate::orchestration::AutomationHandoff`]).
    pub automation_handoffs: usize,
}

/// One stage in either document (matched by ID), with its figures in each.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageDelta {
    /// The stage's ID.
    pub stage: StageId,
    /// Its name (the new one when it is in the new document).
    pub name: String,
    /// Its figures in the old document, if it is there.
    pub old: Option<Figures>,
    /// Its figures in the new document, if it is there.
    pub new: Option<Figures>,
}

/// A check finding that is only in one of the documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FindingDelta {
    /// Its stable key ([`finding_key`]).
    pub key: String,
    /// The check's code.
    pub code: &'static str,
    /// The check's severity.
    pub severity: Severity,
    /// The finding's message (from the document it is in).
    pub message: String,
}

/// The checks' findings fixed by the change and introduced by it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct FindingsDelta {
    /// In the old document only.
    pub fixed: Vec<FindingDelta>,
    /// In the new document only.
    pub introduced: Vec<FindingDelta>,
}

/// What the change does: the figures per stage and end to end, and the findings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Deltas {
    /// The whole journey, old and new.
    pub end_to_end: Changed2<Figures>,
    /// Every stage of either document: the new order, then the removed stages in old order.
    pub stages: Vec<StageDelta>,
    /// Check findings fixed and introduced.
    pub findings: FindingsDelta,
}

/// The stable key of a finding: its check's code and the IDs it names (cards, connections,
/// stages), so a finding keeps its key when a message's names change.
pub fn finding_key(f: &Finding) -> String {
    let ids = |v: Vec<String>| v.join(",");
    format!(
        "{}|{}|{}|{}",
        f.code,
        ids(f.cards.iter().map(ToString::to_string).collect()),
        ids(f.connections.iter().map(ToString::to_string).collect()),
        ids(f.stages.iter().map(ToString::to_string).collect()),
    )
}

/// The figures of one document: per stage (by ID) and end to end.
fn figures(doc: &Blueprint) -> (HashMap<StageId, Figures>, Figures, Vec<Finding>) {
    let m: JourneyMetrics = compute(doc);
    let findings = run_checks(doc);
    let mut unowned: HashMap<StageId, usize> = HashMap::new();
    for f in &findings {
        if f.code != FAIL_POINT_WITHOUT_OWNER_OR_ESCALATION {
            continue;
        }
        if let Some(card) = f.cards.first().and_then(|id| doc.card(id)) {
            *unowned.entry(card.stage.clone()).or_default() += 1;
        }
    }
    let mut waits: HashMap<&StageId, u64> = HashMap::new();
    let mut fails: HashMap<&StageId, usize> = HashMap::new();
    for c in &doc.cards {
        if c.kind != CardKind::Note {
            let w = waits.entry(&c.stage).or_default();
            *w = w.saturating_add(c.wait_before_secs.unwrap_or(0));
        }
        if c.fail_point.is_some() {
            *fails.entry(&c.stage).or_default() += 1;
        }
    }
    let orch = orchestrate(doc);
    let mut levels: HashMap<&StageId, &Orchestration> = orch
        .stages
        .iter()
        .map(|s| (&s.stage, &s.orchestration))
        .collect();
    let make = |steps,
                time: &Timing,
                flow: Flow,
                actors: &ActorMix,
                o: Option<&Orchestration>,
                (wait, fail, unowned)| Figures {
        steps,
        critical_path_secs: time.critical_path_secs,
        target_secs: time.target_secs,
        status: time.status,
        margin_secs: time.margin_secs,
        wait_secs: wait,
        flow,
        actors: *actors,
        fail_points: fail,
        fail_points_without_owner_or_escalation: unowned,
        level: o.and_then(|o| o.level),
        automation_handoffs: o.map_or(0, |o| o.handoffs.len()),
    };
    let mut per_stage = HashMap::new();
    let mut total = (0usize, 0u64, 0usize, 0usize);
    for s in &m.stages {
        let wait = waits.get(&s.stage).copied().unwrap_or(0);
        let fail = fails.get(&s.stage).copied().unwrap_or(0);
        let un = unowned.get(&s.stage).copied().unwrap_or(0);
        total = (
            total.0 + s.steps,
            total.1.saturating_add(wait),
            total.2 + fail,
            total.3 + un,
        );
        per_stage.insert(
            s.stage.clone(),
            make(
                s.steps,
                &s.time,
                s.flow,
                &s.actors,
                levels.remove(&s.stage),
                (wait, fail, un),
            ),
        );
    }
    let e = &m.end_to_end;
    let end = make(
        total.0,
        &e.time,
        e.flow,
        &e.actors,
        Some(&orch.end_to_end),
        (total.1, total.2, total.3),
    );
    (per_stage, end, findings)
}

/// Computes the metrics ([`crate::metrics::compute`]) and checks ([`crate::checks::run_checks`])
/// of both documents and puts them side by side: per stage (matched by ID, else by name as
/// [`super::diff`] matches them), end to end, and
/// the findings fixed and introduced (matched by [`finding_key`]).
pub fn deltas(old: &Blueprint, new: &Blueprint) -> Deltas {
    let aligned = super::align::align(old, new);
    let old = aligned.doc(old);
    let (mut old_stages, old_end, old_findings) = figures(old);
    let (mut new_stages, new_end, new_findings) = figures(new);
    let mut stages = Vec::new();
    for s in &new.stages {
        stages.push(StageDelta {
            stage: s.id.clone(),
            name: s.name.clone(),
            old: old_stages.remove(&s.id),
            new: new_stages.remove(&s.id),
        });
    }
    for s in &old.stages {
        if let Some(f) = old_stages.remove(&s.id) {
            stages.push(StageDelta {
                stage: s.id.clone(),
                name: s.name.clone(),
                old: Some(f),
                new: None,
            });
        }
    }
    let keys = |fs: &[Finding]| fs.iter().map(finding_key).collect::<BTreeSet<String>>();
    let (old_keys, new_keys) = (keys(&old_findings), keys(&new_findings));
    let only = |fs: &[Finding], other: &BTreeSet<String>| {
        let mut seen = BTreeSet::new();
        fs.iter()
            .filter_map(|f| {
                let key = finding_key(f);
                (!other.contains(&key) && seen.insert(key.clone())).then(|| FindingDelta {
                    key,
                    code: f.code,
                    severity: f.severity,
                    message: f.message.clone(),
                })
            })
            .collect::<Vec<_>>()
    };
    Deltas {
        end_to_end: Changed2 {
            old: old_end,
            new: new_end,
        },
        stages,
        findings: FindingsDelta {
            fixed: only(&old_findings, &new_keys),
            introduced: only(&new_findings, &old_keys),
        },
    }
}
