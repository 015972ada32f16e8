//! A diff and its deltas as lines for people, one change or one figure per line: what
//! `stageline diff` prints, kept here so the editor can say the same.

use stageline_schema::{ActorType, Named};

use stageline_schema::CardId;

use super::compare::{Change, ChangeKind, Target};
use super::{BlueprintDiff, Cell, Deltas, FieldChange, Figures, ListDiff};
use crate::metrics::format_duration;
use crate::orchestration::{actor_count, level_label};

fn value(v: &str) -> &str {
    if v.is_empty() {
        "(none)"
    } else {
        v
    }
}

fn fields(fs: &[FieldChange]) -> String {
    let parts: Vec<String> = fs
        .iter()
        .map(|f| format!("{} {} → {}", f.field, value(&f.old), value(&f.new)))
        .collect();
    parts.join("; ")
}

fn cell(c: &Cell) -> String {
    format!("{} / {}", c.lane_name, c.stage_name)
}

/// The changes of an ordered list (stages or lanes), each aimed at its element.
fn list<T, I: Clone>(
    out: &mut Vec<Change>,
    what: &str,
    d: &ListDiff<T, I>,
    id: impl Fn(&T) -> &I,
    name: impl Fn(&T) -> &str,
    target: impl Fn(I) -> Target,
) {
    let mut push = |kind, id: &I, words| {
        out.push(Change {
            kind,
            target: target(id.clone()),
            words,
        })
    };
    for a in &d.added {
        let words = format!(
            "{what} added: \"{}\" at position {}",
            name(&a.item),
            a.index + 1
        );
        push(ChangeKind::Added, id(&a.item), words);
    }
    for r in &d.removed {
        let words = format!("{what} removed: \"{}\"", name(&r.item));
        push(ChangeKind::Removed, id(&r.item), words);
    }
    for r in &d.renamed {
        let words = format!("{what} renamed: \"{}\" → \"{}\"", r.old_name, r.new_name);
        push(ChangeKind::Changed, &r.id, words);
    }
    for m in &d.moved {
        let words = format!(
            "{what} moved: \"{}\" from position {} to {}",
            m.name,
            m.from + 1,
            m.to + 1
        );
        push(ChangeKind::Moved, &m.id, words);
    }
    for c in d.changed.iter().filter(|c| !c.fields.is_empty()) {
        let words = format!("{what} changed: \"{}\": {}", c.name, fields(&c.fields));
        push(ChangeKind::Changed, &c.id, words);
    }
}

/// Every change, in a fixed order (the blueprint, stages, lanes, cards, arrows), each with the
/// element it is about: the comparison view's list of changes, and `stageline diff`'s lines
/// ([`describe`]), so both say the same.
pub fn changes(d: &BlueprintDiff) -> Vec<Change> {
    let mut out = Vec::new();
    let mut blueprint = |words| {
        out.push(Change {
            kind: ChangeKind::Changed,
            target: Target::Blueprint,
            words,
        })
    };
    for f in d.metadata.iter().flat_map(|m| &m.fields) {
        blueprint(format!(
            "Blueprint {}: {} → {}",
            f.field.replace('_', " "),
            value(&f.old),
            value(&f.new)
        ));
    }
    for f in d.settings.iter().flat_map(|s| &s.fields) {
        blueprint(format!(
            "Setting {}: {} → {}",
            f.field,
            value(&f.old),
            value(&f.new)
        ));
    }
    list(
        &mut out,
        "Stage",
        &d.stages,
        |s| &s.id,
        |s| &s.name,
        Target::Stage,
    );
    list(
        &mut out,
        "Lane",
        &d.lanes,
        |l| &l.id,
        |l| &l.name,
        Target::Lane,
    );
    let c = &d.cards;
    let mut card = |kind, id: &CardId, words| {
        out.push(Change {
            kind,
            target: Target::Card(id.clone()),
            words,
        })
    };
    for a in &c.added {
        let words = format!("Card added: \"{}\" in {}", a.card.title, cell(&a.cell));
        card(ChangeKind::Added, &a.card.id, words);
    }
    for r in &c.removed {
        let words = format!("Card removed: \"{}\" from {}", r.card.title, cell(&r.cell));
        card(ChangeKind::Removed, &r.card.id, words);
    }
    for m in &c.moved {
        let words = format!(
            "Card moved: \"{}\" from {} to {}",
            m.title,
            cell(&m.from),
            cell(&m.to)
        );
        card(ChangeKind::Moved, &m.id, words);
    }
    for r in &c.reordered {
        let first = super::compare::reordered_cards(&r.old_order, &r.new_order)
            .into_iter()
            .next()
            .or_else(|| r.new_order.first().cloned());
        if let Some(first) = first {
            card(
                ChangeKind::Changed,
                &first,
                format!("Cards reordered in {}", cell(&r.cell)),
            );
        }
    }
    for ch in &c.changed {
        let guess = if ch.guessed { " (guessed match)" } else { "" };
        let words = format!(
            "Card changed: \"{}\"{guess}: {}",
            ch.title,
            fields(&ch.fields)
        );
        card(ChangeKind::Changed, &ch.id, words);
    }
    let k = &d.connections;
    for (what, kind, list) in [
        ("added", ChangeKind::Added, &k.added),
        ("removed", ChangeKind::Removed, &k.removed),
    ] {
        for a in list {
            out.push(Change {
                kind,
                target: Target::Connection(a.connection.id.clone()),
                words: format!(
                    "Arrow {what}: \"{}\" → \"{}\" ({})",
                    a.from_title,
                    a.to_title,
                    a.connection.kind.label()
                ),
            });
        }
    }
    for ch in &k.changed {
        out.push(Change {
            kind: ChangeKind::Changed,
            target: Target::Connection(ch.id.clone()),
            words: format!("Arrow changed: {}", fields(&ch.fields)),
        });
    }
    out
}

/// The changes, one per line, in a fixed order: the blueprint, stages, lanes, cards, arrows
/// (the words of [`changes`]), then the line of [`guesses`] when anything was matched by a
/// guess; empty when [`BlueprintDiff::is_empty`] and nothing was guessed.
pub fn describe(d: &BlueprintDiff) -> Vec<String> {
    let mut out: Vec<String> = changes(d).into_iter().map(|c| c.words).collect();
    out.extend(guesses(d));
    out
}

/// What was matched by a guess rather than by ID, in one line, e.g. "Matched by name, not by
/// ID (guesses): 2 stages, 5 lanes, 14 cards"; `None` when everything matched by ID.
pub fn guesses(d: &BlueprintDiff) -> Option<String> {
    let count = |n: usize, one: &str, many: &str| match n {
        0 => None,
        1 => Some(format!("1 {one}")),
        n => Some(format!("{n} {many}")),
    };
    let parts: Vec<String> = [
        count(d.stages.guessed.len(), "stage", "stages"),
        count(d.lanes.guessed.len(), "lane", "lanes"),
        count(d.cards.guessed.len(), "card", "cards"),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| {
        format!(
            "Matched by name, not by ID (guesses): {} (stages by name, lanes by kind and name, \
             cards by lane, stage and title)",
            parts.join(", ")
        )
    })
}

/// `old → new` when they differ, else the value alone.
fn arrow(old: &str, new: &str) -> String {
    if old == new {
        old.to_string()
    } else {
        format!("{old} → {new}")
    }
}

/// The figures that differ between `old` and `new` (a missing side counts as zero), as
/// comma-separated parts; `all` lists the time and target even when they are equal.
fn figure_parts(old: Option<&Figures>, new: Option<&Figures>, all: bool) -> Vec<String> {
    let zero = Figures {
        steps: 0,
        critical_path_secs: 0,
        target_secs: None,
        status: crate::metrics::SlaStatus::NoTarget,
        margin_secs: None,
        wait_secs: 0,
        flow: crate::metrics::Flow::default(),
        actors: crate::metrics::ActorMix::default(),
        fail_points: 0,
        fail_points_without_owner_or_escalation: 0,
        level: None,
        automation_handoffs: 0,
    };
    let (o, n) = (old.unwrap_or(&zero), new.unwrap_or(&zero));
    let mut parts = Vec::new();
    let mut num = |label: &str, a: usize, b: usize| {
        if a != b {
            parts.push(format!("{label} {a} → {b}"));
        }
    };
    num("steps", o.steps, n.steps);
    num("handoffs", o.flow.handoffs, n.flow.handoffs);
    num("arrows", o.flow.arrows, n.flow.arrows);
    num(
        "line crossings",
        o.flow.crossing_arrows,
        n.flow.crossing_arrows,
    );
    num("fail points", o.fail_points, n.fail_points);
    num(
        "fail points without owner or escalation",
        o.fail_points_without_owner_or_escalation,
        n.fail_points_without_owner_or_escalation,
    );
    for a in ActorType::ALL {
        num(
            a.label(),
            actor_count(&o.actors, Some(*a)),
            actor_count(&n.actors, Some(*a)),
        );
    }
    num("no actor type", o.actors.unknown, n.actors.unknown);
    num(
        "handoffs between automation and people",
        o.automation_handoffs,
        n.automation_handoffs,
    );
    let mut head = Vec::new();
    if all || o.critical_path_secs != n.critical_path_secs {
        head.push(format!(
            "critical path {}",
            arrow(
                &format_duration(o.critical_path_secs),
                &format_duration(n.critical_path_secs)
            )
        ));
    }
    let target = |t: Option<u64>| t.map_or_else(|| "none".to_string(), format_duration);
    if all || o.target_secs != n.target_secs {
        head.push(format!(
            "target {}",
            arrow(&target(o.target_secs), &target(n.target_secs))
        ));
    }
    if o.wait_secs != n.wait_secs {
        head.push(format!(
            "waits {}",
            arrow(&format_duration(o.wait_secs), &format_duration(n.wait_secs))
        ));
    }
    head.extend(parts);
    head
}

/// "; level A → B" when the orchestration level differs between two sides that exist, or
/// "; level B" for a side only in the new document that has one; else empty.
fn level_part(old: Option<&Figures>, new: Option<&Figures>) -> String {
    match (old, new) {
        (Some(o), Some(n)) if o.level != n.level => format!(
            "; level {} → {}",
            level_label(o.level),
            level_label(n.level)
        ),
        (None, Some(n)) if n.level.is_some() => format!("; level {}", level_label(n.level)),
        _ => String::new(),
    }
}

/// What the change does, one line end to end, one per stage whose figures differ, then one
/// per finding fixed or introduced.
pub fn describe_deltas(d: &Deltas) -> Vec<String> {
    let mut out = Vec::new();
    out.push(format!(
        "End to end: {}{}",
        figure_parts(Some(&d.end_to_end.old), Some(&d.end_to_end.new), true).join(", "),
        level_part(Some(&d.end_to_end.old), Some(&d.end_to_end.new))
    ));
    for s in &d.stages {
        let parts = figure_parts(s.old.as_ref(), s.new.as_ref(), false);
        // The level follows from the actor counts: it only changes when they do.
        if !parts.is_empty() {
            let note = match (&s.old, &s.new) {
                (None, Some(_)) => " (added)",
                (Some(_), None) => " (removed)",
                _ => "",
            };
            out.push(format!(
                "{}{note}: {}{}",
                s.name,
                parts.join(", "),
                level_part(s.old.as_ref(), s.new.as_ref())
            ));
        }
    }
    for f in &d.findings.fixed {
        out.push(format!("Fixed: {}[{}] {}", f.severity, f.code, f.message));
    }
    for f in &d.findings.introduced {
        out.push(format!(
            "Introduced: {}[{}] {}",
            f.severity, f.code, f.message
        ));
    }
    out
}
