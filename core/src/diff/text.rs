//! A diff and its deltas as lines for people, one change or one figure per line: what
//! `stageline diff` prints, kept here so the editor can say the same.

use stageline_schema::{ActorType, Named};

use super::{BlueprintDiff, Cell, Deltas, FieldChange, Figures, ListDiff};
use crate::metrics::format_duration;

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

fn list<T, I>(out: &mut Vec<String>, what: &str, d: &ListDiff<T, I>, name: impl Fn(&T) -> &str) {
    for a in &d.added {
        out.push(format!(
            "{what} added: \"{}\" at position {}",
            name(&a.item),
            a.index + 1
        ));
    }
    for r in &d.removed {
        out.push(format!("{what} removed: \"{}\"", name(&r.item)));
    }
    for r in &d.renamed {
        out.push(format!(
            "{what} renamed: \"{}\" → \"{}\"",
            r.old_name, r.new_name
        ));
    }
    for m in &d.moved {
        out.push(format!(
            "{what} moved: \"{}\" from position {} to {}",
            m.name,
            m.from + 1,
            m.to + 1
        ));
    }
    for c in &d.changed {
        if !c.fields.is_empty() {
            out.push(format!(
                "{what} changed: \"{}\": {}",
                c.name,
                fields(&c.fields)
            ));
        }
    }
}

/// The changes, one per line, in a fixed order: the blueprint, stages, lanes, cards, arrows;
/// empty when [`BlueprintDiff::is_empty`].
pub fn describe(d: &BlueprintDiff) -> Vec<String> {
    let mut out = Vec::new();
    for f in d.metadata.iter().flat_map(|m| &m.fields) {
        out.push(format!(
            "Blueprint {}: {} → {}",
            f.field,
            value(&f.old),
            value(&f.new)
        ));
    }
    for f in d.settings.iter().flat_map(|s| &s.fields) {
        out.push(format!(
            "Setting {}: {} → {}",
            f.field,
            value(&f.old),
            value(&f.new)
        ));
    }
    list(&mut out, "Stage", &d.stages, |s| &s.name);
    list(&mut out, "Lane", &d.lanes, |l| &l.name);
    let c = &d.cards;
    for a in &c.added {
        out.push(format!(
            "Card added: \"{}\" in {}",
            a.card.title,
            cell(&a.cell)
        ));
    }
    for r in &c.removed {
        out.push(format!(
            "Card removed: \"{}\" from {}",
            r.card.title,
            cell(&r.cell)
        ));
    }
    for m in &c.moved {
        out.push(format!(
            "Card moved: \"{}\" from {} to {}",
            m.title,
            cell(&m.from),
            cell(&m.to)
        ));
    }
    for r in &c.reordered {
        out.push(format!("Cards reordered in {}", cell(&r.cell)));
    }
    for ch in &c.changed {
        let guess = if ch.guessed { " (guessed match)" } else { "" };
        out.push(format!(
            "Card changed: \"{}\"{guess}: {}",
            ch.title,
            fields(&ch.fields)
        ));
    }
    let k = &d.connections;
    for (what, list) in [("added", &k.added), ("removed", &k.removed)] {
        for a in list {
            out.push(format!(
                "Arrow {what}: \"{}\" → \"{}\" ({})",
                a.from_title,
                a.to_title,
                a.connection.kind.label()
            ));
        }
    }
    for ch in &k.changed {
        out.push(format!("Arrow changed: {}", fields(&ch.fields)));
    }
    if !c.guessed.is_empty() {
        out.push(format!(
            "{} card(s) matched by lane, stage and title, not by ID (guesses)",
            c.guessed.len()
        ));
    }
    out
}

/// `old → new` when they differ, else the value alone.
fn arrow(old: &str, new: &str) -> String {
    if old == new {
        old.to_string()
    } else {
        format!("{old} → {new}")
    }
}

fn actor_count(f: &Figures, a: ActorType) -> usize {
    match a {
        ActorType::Human => f.actors.human,
        ActorType::IvrBot => f.actors.ivr_bot,
        ActorType::VirtualAgent => f.actors.virtual_agent,
        ActorType::HumanWithCopilot => f.actors.human_with_copilot,
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
        num(a.label(), actor_count(o, *a), actor_count(n, *a));
    }
    num("no actor type", o.actors.unknown, n.actors.unknown);
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

/// What the change does, one line end to end, one per stage whose figures differ, then one
/// per finding fixed or introduced.
pub fn describe_deltas(d: &Deltas) -> Vec<String> {
    let mut out = Vec::new();
    out.push(format!(
        "End to end: {}",
        figure_parts(Some(&d.end_to_end.old), Some(&d.end_to_end.new), true).join(", ")
    ));
    for s in &d.stages {
        let parts = figure_parts(s.old.as_ref(), s.new.as_ref(), false);
        if !parts.is_empty() {
            let note = match (&s.old, &s.new) {
                (None, Some(_)) => " (added)",
                (Some(_), None) => " (removed)",
                _ => "",
            };
            out.push(format!("{}{note}: {}", s.name, parts.join(", ")));
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
