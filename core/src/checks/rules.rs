//! The checks themselves; the rules are described in the module docs of [`super`].

use std::collections::HashSet;

use stageline_schema::{Line, Named, Zone};

use super::graph::{cycles, non_blank, two_way};
use super::*;

/// Runs the check `sink.check` and reports into `sink`.
pub(super) fn run(sink: &mut Sink<'_, '_>) {
    match sink.check.code {
        CUSTOMER_ACTION_WITHOUT_FRONTSTAGE => customer_without_frontstage(sink),
        FRONTSTAGE_WITHOUT_BACKSTAGE => frontstage_without_backstage(sink),
        HANDOFF_CROSSING_WITHOUT_OWNERS => crossing_without_owners(sink),
        FAIL_POINT_WITHOUT_OWNER_OR_ESCALATION => fail_points(sink),
        WAIT_WITHOUT_DURATION => waits(sink),
        STAGE_WITHOUT_CUSTOMER_ACTION => stages_without_customer(sink),
        CARD_WITHOUT_OWNER => cards_without_owner(sink),
        ARROW_CYCLE_NOT_FEEDBACK => arrow_cycles(sink),
        UNREACHABLE_STEP => unreachable(sink),
        _ => {}
    }
}

/// How messages name a card: its title in quotes, shortened, or "an untitled card".
pub(crate) fn card_name(index: &Index<'_>, i: usize) -> String {
    quoted(&index.card(i).title, "an untitled card")
}

fn stage_name(index: &Index<'_>, s: usize) -> String {
    quoted(
        index.doc.stages.get(s).map_or("", |st| st.name.as_str()),
        "an unnamed stage",
    )
}

fn quoted(text: &str, fallback: &str) -> String {
    const MAX: usize = 48;
    let one_line: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .collect();
    if one_line.is_empty() {
        return fallback.to_string();
    }
    if one_line.chars().count() > MAX {
        let short: String = one_line.chars().take(MAX - 1).collect();
        format!("“{}…”", short.trim_end())
    } else {
        format!("“{one_line}”")
    }
}

/// Which stages hold a card (other than a note) in one of `zones`.
fn stages_with(index: &Index<'_>, zones: &[Zone]) -> HashSet<usize> {
    (0..index.doc.cards.len())
        .filter(|&i| index.card(i).kind != stageline_schema::CardKind::Note)
        .filter(|&i| index.zone(i).is_some_and(|z| zones.contains(&z)))
        .filter_map(|i| index.stage(i))
        .collect()
}

/// The cards an arrow links directly (either way) to a card (other than a note) in one of
/// `zones`.
fn linked_to(index: &Index<'_>, zones: &[Zone]) -> HashSet<usize> {
    let in_zones = |i: usize| {
        index.card(i).kind != stageline_schema::CardKind::Note
            && index.zone(i).is_some_and(|z| zones.contains(&z))
    };
    let mut out = HashSet::new();
    for (_, a, b, _) in index.arrows() {
        if in_zones(b) {
            out.insert(a);
        }
        if in_zones(a) {
            out.insert(b);
        }
    }
    out
}

/// Steps in zone `from` need a counterpart in `to` in their stage or linked by an arrow.
fn counterpart(sink: &mut Sink<'_, '_>, from: Zone, to: &[Zone], what: &str) {
    let index = sink.index;
    let covered = stages_with(index, to);
    let linked = linked_to(index, to);
    let steps: Vec<usize> = index.steps_in_zone(from).collect();
    for i in steps {
        let Some(stage) = index.stage(i) else {
            continue;
        };
        if covered.contains(&stage) || linked.contains(&i) {
            continue;
        }
        let message = format!(
            "{} in stage {} has {what}.",
            card_name(index, i),
            stage_name(index, stage)
        );
        sink.report(message, &[i], &[], &[stage]);
    }
}

fn customer_without_frontstage(sink: &mut Sink<'_, '_>) {
    counterpart(
        sink,
        Zone::Customer,
        &[Zone::Frontstage],
        "no frontstage step in its stage and no arrow to one",
    );
}

fn frontstage_without_backstage(sink: &mut Sink<'_, '_>) {
    counterpart(
        sink,
        Zone::Frontstage,
        &[Zone::Backstage, Zone::Support],
        "no backstage or support process in its stage and no arrow to one",
    );
}

fn crossing_without_owners(sink: &mut Sink<'_, '_>) {
    let index = sink.index;
    let arrows: Vec<(usize, usize, usize)> = index.arrows().map(|(k, a, b, _)| (k, a, b)).collect();
    for (k, a, b) in arrows {
        let (Some(za), Some(zb)) = (index.zone(a), index.zone(b)) else {
            continue;
        };
        let crossed: Vec<Line> = [Line::Visibility, Line::InternalInteraction]
            .into_iter()
            .filter(|line| line.is_below(za) != line.is_below(zb))
            .collect();
        if crossed.is_empty() {
            continue;
        }
        let needs_owner = |z: Zone| Line::Interaction.is_below(z);
        let missing: Vec<usize> = [(a, za), (b, zb)]
            .into_iter()
            .filter(|&(i, z)| needs_owner(z) && index.owner(i).is_none())
            .map(|(i, _)| i)
            .collect();
        if missing.is_empty() {
            continue;
        }
        let names: Vec<String> = missing.iter().map(|&i| card_name(index, i)).collect();
        let lines: Vec<&str> = crossed.iter().map(|l| l.label()).collect();
        let message = format!(
            "The arrow from {} to {} crosses the {} but {} no owner.",
            card_name(index, a),
            card_name(index, b),
            lines.join(" and the "),
            if names.len() == 1 {
                format!("{} has", names[0])
            } else {
                format!("{} have", names.join(" and "))
            }
        );
        sink.report(message, &missing, &[k], &[]);
    }
}

fn fail_points(sink: &mut Sink<'_, '_>) {
    let index = sink.index;
    for i in 0..index.doc.cards.len() {
        let card = index.card(i);
        let Some(fp) = &card.fail_point else {
            continue;
        };
        let owner = non_blank(fp.owner.as_deref()).or_else(|| index.owner(i));
        let escalation = non_blank(fp.escalation.as_deref());
        let missing = match (owner, escalation) {
            (Some(_), Some(_)) => continue,
            (None, None) => "no owner and no escalation",
            (None, Some(_)) => "no owner",
            (Some(_), None) => "no escalation",
        };
        let message = format!("The fail point at {} has {missing}.", card_name(index, i));
        sink.report(message, &[i], &[], &[]);
    }
}

/// Whether a tag marks a wait.
fn is_wait_tag(tag: &str) -> bool {
    let tag = tag.trim().to_lowercase();
    matches!(tag.as_str(), "wait" | "waiting" | "queue")
}

/// Whether a title speaks of waiting (English words only).
fn is_wait_title(title: &str) -> bool {
    title
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .any(|w| {
            matches!(
                w.as_str(),
                "wait" | "waits" | "waiting" | "queue" | "queues" | "queuing" | "queueing"
            )
        })
}

fn waits(sink: &mut Sink<'_, '_>) {
    let index = sink.index;
    for i in 0..index.doc.cards.len() {
        let card = index.card(i);
        if card.wait_before_secs.is_some() {
            continue;
        }
        let tolerance = card.wait_tolerance_secs.is_some();
        let is_wait = card.tags.iter().any(|t| is_wait_tag(t))
            || (index.is_step(i)
                && index.zone(i) == Some(Zone::Customer)
                && is_wait_title(&card.title));
        let flagged = tolerance || (is_wait && card.typical_duration_secs.is_none());
        if !flagged {
            continue;
        }
        let message = if tolerance {
            format!(
                "{} has a wait tolerance but no waiting time (wait before).",
                card_name(index, i)
            )
        } else {
            format!(
                "{} is a wait without a duration (wait before or typical duration).",
                card_name(index, i)
            )
        };
        sink.report(message, &[i], &[], &[]);
    }
}

fn stages_without_customer(sink: &mut Sink<'_, '_>) {
    let index = sink.index;
    let with: HashSet<usize> = index
        .steps_in_zone(Zone::Customer)
        .filter_map(|i| index.stage(i))
        .collect();
    for s in 0..index.doc.stages.len() {
        if !with.contains(&s) {
            let message = format!("Stage {} has no customer action.", stage_name(index, s));
            sink.report(message, &[], &[], &[s]);
        }
    }
}

fn cards_without_owner(sink: &mut Sink<'_, '_>) {
    let index = sink.index;
    for i in 0..index.doc.cards.len() {
        let zone = index.zone(i);
        if !index.is_step(i) || !matches!(zone, Some(Zone::Frontstage | Zone::Backstage)) {
            continue;
        }
        if index.owner(i).is_none() {
            let side = if zone == Some(Zone::Frontstage) {
                "frontstage"
            } else {
                "backstage"
            };
            let message = format!(
                "The {side} step {} has no owner on the card or its lane.",
                card_name(index, i)
            );
            sink.report(message, &[i], &[], &[]);
        }
    }
}

fn arrow_cycles(sink: &mut Sink<'_, '_>) {
    let index = sink.index;
    let adj = index.ordering_graph();
    for members in cycles(&adj) {
        let inside: HashSet<usize> = members.iter().copied().collect();
        let mut arrows: Vec<usize> = members
            .iter()
            .flat_map(|&a| adj[a].iter())
            .filter(|(b, _)| inside.contains(b))
            .map(|&(_, k)| k)
            .collect();
        arrows.sort_unstable();
        arrows.dedup();
        let names: Vec<String> = members
            .iter()
            .take(3)
            .map(|&i| card_name(index, i))
            .collect();
        let more = if members.len() > 3 { ", …" } else { "" };
        let message = format!(
            "Arrows form a cycle through {} cards ({}{more}) and none of them is marked as feedback.",
            members.len(),
            names.join(", ")
        );
        sink.report(message, &members, &arrows, &[]);
    }
}

fn unreachable(sink: &mut Sink<'_, '_>) {
    let index = sink.index;
    let doc = index.doc;
    if index.arrows().next().is_none() {
        return;
    }
    let n = doc.cards.len();
    let mut starts: Vec<usize> = index.steps_in_zone(Zone::Customer).collect();
    if starts.is_empty() {
        let first = (0..n)
            .filter(|&i| index.is_step(i))
            .filter_map(|i| index.stage(i))
            .min();
        starts = (0..n)
            .filter(|&i| index.is_step(i) && index.stage(i) == first)
            .collect();
    }
    let mut adj: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (_, a, b, c) in index.arrows() {
        adj[a].push(b);
        if two_way(c) {
            adj[b].push(a);
        }
    }
    let mut reached = vec![false; n];
    let mut stack = starts;
    for &s in &stack {
        reached[s] = true;
    }
    while let Some(i) = stack.pop() {
        for &j in &adj[i] {
            if !reached[j] {
                reached[j] = true;
                stack.push(j);
            }
        }
    }
    for (i, &was_reached) in reached.iter().enumerate() {
        if was_reached || !index.is_step(i) || index.zone(i) == Some(Zone::Evidence) {
            continue;
        }
        let message = format!(
            "No chain of arrows leads to {} from the customer's journey.",
            card_name(index, i)
        );
        sink.report(message, &[i], &[], &[]);
    }
}
