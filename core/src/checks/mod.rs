//! Deterministic blueprint checks: the questions a service blueprint should answer, asked of
//! the document itself, the same way in the editor and on the command line.
//!
//! [`run_checks`] runs every check in [`CHECKS`] that the blueprint has not switched off in
//! [`Settings::disabled_checks`](stageline_schema::Settings::disabled_checks) and returns its
//! [`Finding`]s, sorted. Each check has a stable kebab-case code, a fixed [`Severity`] and a
//! one-line explanation. The same document always gives the same findings in the same order.
//!
//! # Vocabulary
//!
//! - A card's **zone** is its lane's zone ([`stageline_schema::Zone`]): custom lanes count
//!   where the document places them, so a "Kitchen" custom lane below the line of visibility is
//!   backstage.
//! - A **step** is a card of kind touchpoint, action or system. Evidence, policy and note cards
//!   are not steps; checks about steps ignore them.
//! - A card's **owner** is its own `owner`, or else its lane's `owner`. Blank names do not count.
//! - An **arrow** is any connection. The **ordering graph** is every arrow except feedback
//!   arrows, each taken from `from` to `to` (a two-way arrow states agreement or co-dependency,
//!   not a loop).
//!
//! # The rules, where the domain leaves room
//!
//! - `customer-action-without-frontstage`: a customer step is served when its stage has a
//!   frontstage card (any kind but a note), or when an arrow links it directly to a frontstage
//!   card in any stage (the answer may come in the next stage).
//! - `frontstage-without-backstage`: the same rule one zone down: a frontstage step is backed
//!   when its stage has a backstage or support card (any kind but a note), or when an arrow
//!   links it directly to a backstage or support card.
//! - `handoff-crossing-without-owners`: an arrow (of any kind) crossing the line of visibility or
//!   of internal interaction needs an owner at each end that lies below the line of interaction;
//!   the customer's and the evidence's ends need none.
//! - `fail-point-without-owner-or-escalation`: the fail point's own `owner`, or else the card's
//!   owner, counts as its owner; the escalation must be written down. Missing either is reported.
//! - `wait-without-duration`: a wait is a card with a `wait_tolerance_secs` (a tolerance implies
//!   a wait), a card tagged `wait`, `waiting` or `queue`, or a customer step whose title has
//!   the word wait, waits, waiting, queue, queues or queuing/queueing (English only). It has a
//!   duration when `wait_before_secs` is set, or, for a card that is itself the wait (tag or
//!   title), `typical_duration_secs`.
//! - `stage-without-customer-action`: a stage with no customer step.
//! - `card-without-owner`: frontstage and backstage steps without an owner (support lanes are
//!   usually systems and partners named by the lane itself, and are not checked).
//! - `arrow-cycle-not-feedback`: each strongly connected group of cards in the ordering graph is
//!   one finding, naming its cards and the arrows between them.
//! - `unreachable-step`: only when the blueprint has arrows. The journey starts at the customer:
//!   every customer step is on the journey (the customer walks through all stages in order), or,
//!   when there are no customer steps, the steps of the first stage that has any. A step below
//!   the evidence zone that no chain of arrows reaches from there is unreachable; arrows are
//!   followed from `from` to `to`, two-way arrows both ways, feedback arrows too.
//!
//! # Order
//!
//! Findings are sorted by severity (errors first), then by where they are (stage, lane, the
//! card's place in the document), then by the check's place in [`CHECKS`].

mod graph;
mod rules;

pub(crate) use graph::{back_edges, is_step, two_way, Index};

use serde::Serialize;
use stageline_schema::{Blueprint, CardId, ConnectionId, StageId};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The blueprint is wrong or cannot be measured; the command-line `lint` fails.
    Error,
    /// Something the blueprint is probably missing.
    Warning,
    /// Worth a look; often fine.
    Info,
}

impl Severity {
    /// The lowercase name, as in JSON: `"error"`, `"warning"` or `"info"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One check: its stable code, how serious its findings are, and what it looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Check {
    /// The stable kebab-case code, e.g. `customer-action-without-frontstage`; also the name
    /// stored in `disabled_checks`.
    pub code: &'static str,
    /// A short title for lists of checks, e.g. "Customer action without frontstage".
    pub title: &'static str,
    /// The severity of every finding of this check.
    pub severity: Severity,
    /// One sentence: what the check looks for and why it matters.
    pub explanation: &'static str,
}

/// Code of the check for customer steps with no frontstage counterpart.
pub const CUSTOMER_ACTION_WITHOUT_FRONTSTAGE: &str = "customer-action-without-frontstage";
/// Code of the check for frontstage steps with no backstage or support process behind them.
pub const FRONTSTAGE_WITHOUT_BACKSTAGE: &str = "frontstage-without-backstage";
/// Code of the check for arrows across the line of visibility or internal interaction
/// without an owner on both sides.
pub const HANDOFF_CROSSING_WITHOUT_OWNERS: &str = "handoff-crossing-without-owners";
/// Code of the check for fail points without an owner or an escalation.
pub const FAIL_POINT_WITHOUT_OWNER_OR_ESCALATION: &str = "fail-point-without-owner-or-escalation";
/// Code of the check for waits without a duration.
pub const WAIT_WITHOUT_DURATION: &str = "wait-without-duration";
/// Code of the check for stages without a customer step.
pub const STAGE_WITHOUT_CUSTOMER_ACTION: &str = "stage-without-customer-action";
/// Code of the check for frontstage and backstage steps without an owner.
pub const CARD_WITHOUT_OWNER: &str = "card-without-owner";
/// Code of the check for arrow cycles not marked as feedback.
pub const ARROW_CYCLE_NOT_FEEDBACK: &str = "arrow-cycle-not-feedback";
/// Code of the check for steps no arrow path reaches from the journey's start.
pub const UNREACHABLE_STEP: &str = "unreachable-step";

/// Every check, in the order the editor lists them.
pub const CHECKS: &[Check] = &[
    Check {
        code: CUSTOMER_ACTION_WITHOUT_FRONTSTAGE,
        title: "Customer action without frontstage",
        severity: Severity::Warning,
        explanation: "A customer step has no frontstage step in its stage and no arrow to one: \
                      nothing visible serves the customer here.",
    },
    Check {
        code: FRONTSTAGE_WITHOUT_BACKSTAGE,
        title: "Frontstage promise without backstage",
        severity: Severity::Warning,
        explanation: "A frontstage step has no backstage or support card in its stage and no \
                      arrow to one: no process stands behind the promise.",
    },
    Check {
        code: HANDOFF_CROSSING_WITHOUT_OWNERS,
        title: "Handoff across a line without owners",
        severity: Severity::Warning,
        explanation: "An arrow crosses the line of visibility or of internal interaction but a \
                      staff or system end has no owner; coordination fails most often here.",
    },
    Check {
        code: FAIL_POINT_WITHOUT_OWNER_OR_ESCALATION,
        title: "Fail point without owner or escalation",
        severity: Severity::Error,
        explanation: "A fail point needs someone who owns it and a written escalation or \
                      recovery that keeps the service going when it breaks.",
    },
    Check {
        code: WAIT_WITHOUT_DURATION,
        title: "Wait without duration",
        severity: Severity::Warning,
        explanation: "The customer waits here but no waiting time is given, so the journey's \
                      time cannot be measured.",
    },
    Check {
        code: STAGE_WITHOUT_CUSTOMER_ACTION,
        title: "Stage without customer action",
        severity: Severity::Warning,
        explanation: "A stage has no customer step; every stage of a blueprint is a moment of \
                      the customer's journey.",
    },
    Check {
        code: CARD_WITHOUT_OWNER,
        title: "Step without owner",
        severity: Severity::Warning,
        explanation: "A frontstage or backstage step has no owner on the card or its lane; \
                      someone must be accountable for it.",
    },
    Check {
        code: ARROW_CYCLE_NOT_FEEDBACK,
        title: "Arrow cycle not marked as feedback",
        severity: Severity::Warning,
        explanation: "Arrows lead in a circle, so the order of the steps and the critical path \
                      are undefined; mark the arrow that goes back as feedback, or draw a \
                      request and its answer as one two-way arrow.",
    },
    Check {
        code: UNREACHABLE_STEP,
        title: "Unreachable step",
        severity: Severity::Warning,
        explanation: "No chain of arrows leads to this step from the customer's journey, so \
                      nothing triggers it.",
    },
];

/// The check with this code, if there is one.
pub fn check(code: &str) -> Option<&'static Check> {
    CHECKS.iter().find(|c| c.code == code)
}

/// Something a check found, with the elements involved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The check's code, one of [`CHECKS`].
    pub code: &'static str,
    /// The check's severity.
    pub severity: Severity,
    /// One line saying what is wrong, naming the cards and stages involved.
    pub message: String,
    /// The cards involved, most relevant first (the editor selects the first).
    pub cards: Vec<CardId>,
    /// The arrows involved.
    pub connections: Vec<ConnectionId>,
    /// The stages involved.
    pub stages: Vec<StageId>,
}

impl Finding {
    /// The check this finding comes from.
    pub fn check(&self) -> Option<&'static Check> {
        check(self.code)
    }
}

/// Runs every enabled check on `doc` and returns the findings, sorted (see the module docs).
///
/// A check is disabled when its code is listed in `doc.settings.disabled_checks`; unknown
/// names there are ignored.
pub fn run_checks(doc: &Blueprint) -> Vec<Finding> {
    let index = Index::new(doc);
    let mut found: Vec<(SortKey, Finding)> = Vec::new();
    for (order, check) in CHECKS.iter().enumerate() {
        if doc.settings.disabled_checks.iter().any(|d| d == check.code) {
            continue;
        }
        let mut sink = Sink {
            index: &index,
            check,
            order,
            out: &mut found,
        };
        rules::run(&mut sink);
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found.into_iter().map(|(_, f)| f).collect()
}

/// Where a finding sorts: severity, stage, lane, card, check, connection, message.
type SortKey = (Severity, usize, usize, usize, usize, usize, String);

/// Collects the findings of one check.
pub(crate) struct Sink<'s, 'a> {
    /// The document's index.
    pub index: &'s Index<'a>,
    /// The check being run.
    pub check: &'static Check,
    order: usize,
    out: &'s mut Vec<(SortKey, Finding)>,
}

impl Sink<'_, '_> {
    /// Records a finding about card indices `cards`, connection indices `connections` and
    /// stage indices `stages` (the first of each decides where it sorts).
    pub fn report(
        &mut self,
        message: String,
        cards: &[usize],
        connections: &[usize],
        stages: &[usize],
    ) {
        let index = self.index;
        let doc = index.doc;
        let first_card = cards.first().copied();
        let stage = stages
            .first()
            .copied()
            .or_else(|| first_card.and_then(|i| index.stage(i)))
            .unwrap_or(usize::MAX);
        let lane = first_card.and_then(|i| index.lane(i)).unwrap_or(usize::MAX);
        let key = (
            self.check.severity,
            stage,
            lane,
            first_card.unwrap_or(usize::MAX),
            self.order,
            connections.first().copied().unwrap_or(usize::MAX),
            message.clone(),
        );
        let finding = Finding {
            code: self.check.code,
            severity: self.check.severity,
            message,
            cards: cards.iter().map(|&i| doc.cards[i].id.clone()).collect(),
            connections: connections
                .iter()
                .map(|&k| doc.connections[k].id.clone())
                .collect(),
            stages: stages.iter().map(|&s| doc.stages[s].id.clone()).collect(),
        };
        self.out.push((key, finding));
    }
}
