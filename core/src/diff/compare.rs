//! The comparison view's model: one grid holding both versions, with every element marked.
//!
//! [`compare`] starts from the new document and puts back what the change removed (stages and
//! lanes at their old places, cards in their old cells after the card that preceded them
//! there, arrows whose ends are still drawn), so a single grid shows what was added, removed,
//! moved (from which cell) and changed (which fields). Each element gets a [`Mark`]; the
//! [`Comparison::changes`] list says the same in words, in a fixed order, each naming the
//! element it is about so that a list of changes can take the focus to it.
//!
//! The marks are computed from [`super::diff`], so the editor's comparison view, its SVG
//! picture and `stageline diff` agree.

use std::collections::HashMap;

use serde::Serialize;
use stageline_schema::{Blueprint, CardId, ConnectionId, LaneId, StageId};

use super::{diff, BlueprintDiff, Cell, FieldChange};

/// How an element fared between the old and the new version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Only in the new version.
    Added,
    /// Only in the old version (shown where it was).
    Removed,
    /// In another cell (cards) or another place in the order (stages, lanes).
    Moved,
    /// Fields changed (or, for a card, only its place within its cell).
    Changed,
}

impl ChangeKind {
    /// Every kind, in the order the legend and the filter list them.
    pub const ALL: [ChangeKind; 4] = [
        ChangeKind::Added,
        ChangeKind::Removed,
        ChangeKind::Moved,
        ChangeKind::Changed,
    ];

    /// The word a person reads, e.g. "Added".
    pub fn label(self) -> &'static str {
        match self {
            ChangeKind::Added => "Added",
            ChangeKind::Removed => "Removed",
            ChangeKind::Moved => "Moved",
            ChangeKind::Changed => "Changed",
        }
    }

    /// A stable name for styles and data attributes, e.g. `added`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Moved => "moved",
            ChangeKind::Changed => "changed",
        }
    }

    /// The symbol drawn with the mark, so that it reads without colour: + − → ✎.
    pub fn symbol(self) -> &'static str {
        match self {
            ChangeKind::Added => "+",
            ChangeKind::Removed => "−",
            ChangeKind::Moved => "→",
            ChangeKind::Changed => "✎",
        }
    }
}

/// What happened to one element, for its mark and its accessible description.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mark {
    /// The main kind (added and removed before moved, moved before changed).
    pub kind: ChangeKind,
    /// For a moved card, the cell it came from (names from the old version).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moved_from: Option<Cell>,
    /// For a moved stage or lane, its old place (from 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moved_from_position: Option<usize>,
    /// The fields that changed, as their JSON names, e.g. `actor_type`.
    pub fields: Vec<String>,
    /// For a card: whether its place among the cards of its cell changed.
    pub reordered: bool,
    /// Whether the match with the old version was guessed (a card by lane, stage and title; a
    /// stage by name; a lane by kind and name).
    pub guessed: bool,
    /// The mark in one sentence, e.g. "Moved from Backstage / Check in; changed: title".
    pub words: String,
    /// What kind of element it marks (for the words of a guess).
    #[serde(skip)]
    element: Element,
}

/// The kinds of element a [`Mark`] is on, as far as its words differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Element {
    Card,
    Stage,
    Lane,
}

impl Mark {
    /// The mark's short text, drawn on the element: the kind's label, or "Reordered" for a
    /// card that only changed its place in its cell. [`Mark::words`] starts with it.
    pub fn badge(&self) -> &'static str {
        if self.kind == ChangeKind::Changed && self.fields.is_empty() && self.reordered {
            "Reordered"
        } else {
            self.kind.label()
        }
    }

    /// How a guessed match was made, in words.
    fn guess_words(&self) -> &'static str {
        match self.element {
            Element::Card => "matched by lane, stage and title (a guess)",
            Element::Stage => "matched by name (a guess)",
            Element::Lane => "matched by kind and name (a guess)",
        }
    }

    fn new(kind: ChangeKind) -> Mark {
        Mark {
            kind,
            moved_from: None,
            moved_from_position: None,
            fields: Vec::new(),
            reordered: false,
            guessed: false,
            words: String::new(),
            element: Element::Card,
        }
    }

    fn with_fields(mut self, fields: &[FieldChange]) -> Mark {
        self.fields = fields.iter().map(|f| f.field.clone()).collect();
        self
    }

    fn worded(mut self) -> Mark {
        let mut parts = Vec::new();
        match (self.kind, &self.moved_from, self.moved_from_position) {
            (ChangeKind::Moved, Some(from), _) => parts.push(format!(
                "Moved from {} / {}",
                from.lane_name, from.stage_name
            )),
            (ChangeKind::Moved, None, Some(p)) => parts.push(format!("Moved from position {p}")),
            (ChangeKind::Changed, ..) if self.fields.is_empty() && self.reordered => {
                parts.push("Reordered in its cell".into())
            }
            (ChangeKind::Changed, ..) => {}
            (kind, ..) => parts.push(kind.label().into()),
        }
        if !self.fields.is_empty() {
            parts.push(format!("changed: {}", field_words(&self.fields)));
        }
        if self.reordered && (self.kind != ChangeKind::Changed || !self.fields.is_empty()) {
            parts.push("reordered in its cell".into());
        }
        if self.guessed {
            parts.push(self.guess_words().into());
        }
        let mut words = parts.join("; ");
        if let Some(first) = words.get(..1) {
            let upper = first.to_uppercase();
            words.replace_range(..1, &upper);
        }
        self.words = words;
        self
    }
}

/// Field names as a person reads them: `actor_type, wait_before_secs` → "actor type, wait before".
pub fn field_words(fields: &[String]) -> String {
    fields
        .iter()
        .map(|f| field_word(f))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One field name as a person reads it: `wait_before_secs` → "wait before".
fn field_word(field: &str) -> String {
    field
        .trim_end_matches("_secs")
        .trim_end_matches("_id")
        .replace('_', " ")
}

/// The element a change is about, so a list of changes can lead to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum Target {
    /// The blueprint's own fields or settings.
    Blueprint,
    /// A stage.
    Stage(StageId),
    /// A lane.
    Lane(LaneId),
    /// A card.
    Card(CardId),
    /// An arrow.
    Connection(ConnectionId),
}

/// One line of the list of changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// What happened (the blueprint's own fields count as changed).
    pub kind: ChangeKind,
    /// What it is about.
    pub target: Target,
    /// The change in words, e.g. "Card “Pay” moved from Customer / Order to Customer / Pay".
    pub words: String,
}

/// Both versions in one grid, with the marks and the list of changes (see the module docs).
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The new version with what was removed put back where it was.
    pub doc: Blueprint,
    /// The diff it was made from.
    pub diff: BlueprintDiff,
    /// The marks of stages, by ID.
    pub stages: HashMap<StageId, Mark>,
    /// The marks of lanes, by ID.
    pub lanes: HashMap<LaneId, Mark>,
    /// The marks of cards, by their ID in [`Comparison::doc`].
    pub cards: HashMap<CardId, Mark>,
    /// The marks of arrows, by ID.
    pub connections: HashMap<ConnectionId, Mark>,
    /// Every change in words, in a fixed order: the blueprint, stages, lanes, cards, arrows.
    pub changes: Vec<Change>,
}

impl Comparison {
    /// How many elements of each kind are marked (for the legend and the filter).
    pub fn count(&self, kind: ChangeKind) -> usize {
        self.changes.iter().filter(|c| c.kind == kind).count()
    }
}

/// Inserts `item` into `list` after the element `after` names (or first when `None` or not
/// found), returning its index.
fn insert_after<T>(list: &mut Vec<T>, item: T, after: Option<usize>) -> usize {
    let at = after.map_or(0, |i| i + 1).min(list.len());
    list.insert(at, item);
    at
}

/// Puts the removed elements of an ordered list back: each after the element that preceded
/// it in the old order and is still in the list.
fn put_back<T: Clone, I: PartialEq>(
    list: &mut Vec<T>,
    old: &[T],
    removed: &[I],
    id: impl Fn(&T) -> &I,
) {
    for (i, item) in old.iter().enumerate() {
        if !removed.contains(id(item)) {
            continue;
        }
        let before = old[..i]
            .iter()
            .rev()
            .find_map(|p| list.iter().position(|q| id(q) == id(p)));
        insert_after(list, item.clone(), before);
    }
}

/// The comparison of `old` and `new` (see the module docs).
pub fn compare(old: &Blueprint, new: &Blueprint) -> Comparison {
    let d = diff(old, new);
    // The old version with the stages and lanes matched by name under their new IDs, as the
    // diff names them.
    let aligned = super::align::align(old, new);
    let old = aligned.doc(old);
    let mut doc = new.clone();
    let changes = super::text::changes(&d);

    // Stages and lanes: put the removed ones back, then mark.
    let removed_stages: Vec<StageId> = d.stages.removed.iter().map(|p| p.item.id.clone()).collect();
    put_back(&mut doc.stages, &old.stages, &removed_stages, |s| &s.id);
    let removed_lanes: Vec<LaneId> = d.lanes.removed.iter().map(|p| p.item.id.clone()).collect();
    put_back(&mut doc.lanes, &old.lanes, &removed_lanes, |l| &l.id);
    let stages = mark_list(&d.stages, |s| &s.id, Element::Stage);
    let lanes = mark_list(&d.lanes, |l| &l.id, Element::Lane);

    // Cards.
    let mut cards: HashMap<CardId, Mark> = HashMap::new();
    let c = &d.cards;
    for a in &c.added {
        cards.insert(a.card.id.clone(), Mark::new(ChangeKind::Added).worded());
    }
    for r in &c.removed {
        cards.insert(r.card.id.clone(), Mark::new(ChangeKind::Removed).worded());
    }
    put_back_cards(&mut doc, old, &d);
    for m in &c.moved {
        let mut mark = Mark::new(ChangeKind::Moved);
        mark.moved_from = Some(m.from.clone());
        cards.insert(m.id.clone(), mark);
    }
    for ch in &c.changed {
        let mark = cards
            .entry(ch.id.clone())
            .or_insert_with(|| Mark::new(ChangeKind::Changed));
        mark.fields = ch.fields.iter().map(|f| f.field.clone()).collect();
        mark.guessed = ch.guessed;
    }
    for r in &c.reordered {
        let moved_in_cell = reordered_cards(&r.old_order, &r.new_order);
        for id in &r.new_order {
            if !moved_in_cell.contains(id) {
                continue;
            }
            cards
                .entry(id.clone())
                .or_insert_with(|| Mark::new(ChangeKind::Changed))
                .reordered = true;
        }
    }
    for g in &c.guessed {
        if let Some(m) = cards.get_mut(&g.new_id) {
            m.guessed = true;
        }
    }
    let cards = cards.into_iter().map(|(k, m)| (k, m.worded())).collect();

    // Connections: put back those whose ends are still drawn.
    let mut connections = HashMap::new();
    let guessed_ids: HashMap<&CardId, &CardId> =
        c.guessed.iter().map(|g| (&g.old_id, &g.new_id)).collect();
    for a in &d.connections.added {
        connections.insert(
            a.connection.id.clone(),
            Mark::new(ChangeKind::Added).worded(),
        );
    }
    for r in &d.connections.removed {
        let mut conn = r.connection.clone();
        for end in [&mut conn.from, &mut conn.to] {
            if let Some(new_id) = guessed_ids.get(end) {
                *end = (*new_id).clone();
            }
        }
        let drawn = doc.cards.iter().any(|k| k.id == conn.from)
            && doc.cards.iter().any(|k| k.id == conn.to)
            && !doc.connections.iter().any(|k| k.id == conn.id);
        if drawn {
            doc.connections.push(conn);
        }
        connections.insert(
            r.connection.id.clone(),
            Mark::new(ChangeKind::Removed).worded(),
        );
    }
    for ch in &d.connections.changed {
        connections.insert(
            ch.id.clone(),
            Mark::new(ChangeKind::Changed)
                .with_fields(&ch.fields)
                .worded(),
        );
    }

    Comparison {
        doc,
        diff: d,
        stages,
        lanes,
        cards,
        connections,
        changes,
    }
}

/// The cards of a reordered cell that left the longest run kept in order: the ones a person
/// would say moved within the cell.
pub(super) fn reordered_cards(old: &[CardId], new: &[CardId]) -> Vec<CardId> {
    // Longest common subsequence of the two orders; the cards outside it moved.
    let (n, m) = (old.len(), new.len());
    let mut table = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[i][j] = if old[i] == new[j] {
                table[i + 1][j + 1] + 1
            } else {
                table[i + 1][j].max(table[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut kept = Vec::new();
    while i < n && j < m {
        if old[i] == new[j] {
            kept.push(&old[i]);
            i += 1;
            j += 1;
        } else if table[i + 1][j] >= table[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    new.iter()
        .filter(|id| !kept.contains(id))
        .cloned()
        .collect()
}

/// Puts the removed cards back into their old cells, each after the card that preceded it in
/// that cell in the old version (or before the cell's first card).
fn put_back_cards(doc: &mut Blueprint, old: &Blueprint, d: &BlueprintDiff) {
    for r in &d.cards.removed {
        let card = &r.card;
        let same_cell = |k: &&stageline_schema::Card| k.lane == card.lane && k.stage == card.stage;
        let old_cell: Vec<&CardId> = old.cards.iter().filter(same_cell).map(|k| &k.id).collect();
        let mine = old_cell.iter().position(|id| **id == card.id).unwrap_or(0);
        let before = old_cell[..mine]
            .iter()
            .rev()
            .find_map(|p| doc.cards.iter().position(|k| &k.id == *p));
        let at = match before {
            Some(i) => i + 1,
            None => doc
                .cards
                .iter()
                .position(|k| k.lane == card.lane && k.stage == card.stage)
                .unwrap_or(doc.cards.len()),
        };
        doc.cards.insert(at, card.clone());
    }
}

fn mark_list<T, I: Clone + Eq + std::hash::Hash>(
    d: &super::ListDiff<T, I>,
    id: impl Fn(&T) -> &I,
    element: Element,
) -> HashMap<I, Mark> {
    let mut marks: HashMap<I, Mark> = HashMap::new();
    for a in &d.added {
        marks.insert(id(&a.item).clone(), Mark::new(ChangeKind::Added));
    }
    for r in &d.removed {
        marks.insert(id(&r.item).clone(), Mark::new(ChangeKind::Removed));
    }
    for m in &d.moved {
        let mut mark = Mark::new(ChangeKind::Moved);
        mark.moved_from_position = Some(m.from + 1);
        marks.insert(m.id.clone(), mark);
    }
    for r in &d.renamed {
        marks
            .entry(r.id.clone())
            .or_insert_with(|| Mark::new(ChangeKind::Changed))
            .fields
            .push("name".into());
    }
    for c in d.changed.iter().filter(|c| !c.fields.is_empty()) {
        marks
            .entry(c.id.clone())
            .or_insert_with(|| Mark::new(ChangeKind::Changed))
            .fields
            .extend(c.fields.iter().map(|f| f.field.clone()));
    }
    for g in &d.guessed {
        if let Some(m) = marks.get_mut(&g.new_id) {
            m.guessed = true;
        }
    }
    marks
        .into_iter()
        .map(|(k, mut m)| {
            m.element = element;
            (k, m.worded())
        })
        .collect()
}
