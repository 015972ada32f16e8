//! What changed between two versions of a blueprint ([`diff`]), how to replay it ([`apply`]),
//! and what the change does to the service ([`deltas`]).
//!
//! The comparison of an as-is and a to-be (issue 22) is computed here, once, so that the editor's
//! comparison view and `stageline diff` give the same answer.
//!
//! # Matching
//!
//! Stages, lanes, cards and connections are matched by ID: a "to-be" made as a copy of the
//! "as-is" keeps its IDs, so the match is exact. Cards left over on both sides (their IDs are
//! not shared, as between two unrelated blueprints) are then matched by lane kind and lane
//! name, stage name and title, in document order; those matches are marked `guessed`.
//! Stages and lanes left over on both sides are matched first, stages by name and lanes by kind
//! and name (case and surrounding space aside), also in document order and also reported as
//! guesses ([`Guessed`]); the rest of the diff names them by their new IDs. Connections are
//! matched by ID only.
//!
//! # What counts as a change
//!
//! Stages and lanes: added, removed, renamed, moved (their order: the fewest moves that turn
//! the old order of the shared ones into the new, a longest common subsequence staying put)
//! and other fields changed. Cards: added, removed, moved to another cell, reordered within a
//! cell, and fields changed. Connections: added, removed, fields changed. The blueprint's
//! title, description, persona, scenario, authors and settings. The `created` and `modified`
//! timestamps, the blueprint's own ID and the order of cards *across* cells (the schema gives
//! it no meaning: only the order within a cell counts) are carried so that [`apply`] can
//! rebuild the new document exactly, but they are not changes: [`BlueprintDiff::is_empty`]
//! ignores them.
//!
//! Old and new values are display text for people (enum labels from the schema's tables,
//! durations as [`crate::metrics::format_duration`]); each change also carries the typed old
//! and new element, so nothing is lost to the text.
//!
//! # JSON
//!
//! [`BlueprintDiff`] serializes to a stable shape, documented field by field in
//! `docs/diff-format.md`: `{"format": "stageline.diff", "version": 1, "stages": …, "lanes": …,
//! "cards": …, "connections": …, …}`. Fields are only added within a version.

mod align;
pub mod compare;
mod deltas;
pub mod text;
mod values;

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use stageline_schema::Blueprint;
use stageline_schema::{
    BlueprintId, Card, CardId, Connection, ConnectionId, Lane, LaneId, Metadata, Named, Settings,
    Stage, StageId,
};

pub use align::Guessed;
pub use deltas::{deltas, finding_key, Deltas, Figures, FindingDelta, FindingsDelta, StageDelta};

/// The value of the `format` field of a diff.
pub const DIFF_FORMAT: &str = "stageline.diff";
/// The version of the diff's JSON shape.
pub const DIFF_VERSION: u32 = 1;

/// The fixed `format` header of a diff; serializes as `"stageline.diff"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DiffFormat;

impl Serialize for DiffFormat {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(DIFF_FORMAT)
    }
}

impl<'de> Deserialize<'de> for DiffFormat {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s == DIFF_FORMAT {
            Ok(DiffFormat)
        } else {
            Err(serde::de::Error::custom(format!(
                "expected \"{DIFF_FORMAT}\", found {s:?}"
            )))
        }
    }
}

/// Everything that differs between two blueprints (see the module docs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlueprintDiff {
    /// Always `"stageline.diff"`.
    pub format: DiffFormat,
    /// Always [`DIFF_VERSION`].
    pub version: u32,
    /// The blueprint IDs, when they differ (not a change: see the module docs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blueprint_id: Option<Changed2<BlueprintId>>,
    /// The descriptive fields, when any of the metadata differs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<MetadataChanged>,
    /// The settings, when they differ.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<SettingsChanged>,
    /// The stages (columns).
    pub stages: ListDiff<Stage, StageId>,
    /// The lanes (rows).
    pub lanes: ListDiff<Lane, LaneId>,
    /// The cards.
    pub cards: CardsDiff,
    /// The connections (arrows).
    pub connections: ConnectionsDiff,
}

/// An old and a new value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Changed2<T> {
    /// Before.
    pub old: T,
    /// After.
    pub new: T,
}

/// One field that differs, as display text (empty when the field has no value).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The field's JSON name in the blueprint format, e.g. `actor_type`.
    pub field: String,
    /// The old value as a person reads it, e.g. "Human".
    pub old: String,
    /// The new value as a person reads it, e.g. "Virtual agent".
    pub new: String,
}

/// The blueprint's metadata, old and new.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetadataChanged {
    /// The descriptive fields that differ (not the timestamps).
    pub fields: Vec<FieldChange>,
    /// The old metadata.
    pub old: Metadata,
    /// The new metadata.
    pub new: Metadata,
}

/// The blueprint's settings, old and new.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SettingsChanged {
    /// The settings that differ.
    pub fields: Vec<FieldChange>,
    /// The old settings.
    pub old: Settings,
    /// The new settings.
    pub new: Settings,
}

/// The changes to an ordered list of named elements (stages or lanes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>, I: Deserialize<'de>"))]
pub struct ListDiff<T, I> {
    /// Elements only in the new document, with their place in the new list.
    pub added: Vec<Placed<T>>,
    /// Elements only in the old document, with their place in the old list.
    pub removed: Vec<Placed<T>>,
    /// Elements whose name changed.
    pub renamed: Vec<Renamed<I>>,
    /// Elements that moved in the order (old and new place, counted from 0).
    pub moved: Vec<Moved<I>>,
    /// Elements with other fields changed, with the whole old and new element.
    pub changed: Vec<ElementChanged<T, I>>,
    /// The new order of IDs, when the list of IDs differs at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<Vec<I>>,
    /// Elements whose IDs differ, matched by name (lanes also by kind): guesses, not changes.
    /// Everything else in this list names them by their new ID.
    #[serde(default)]
    pub guessed: Vec<Guessed<I>>,
}

impl<T, I> ListDiff<T, I> {
    fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.renamed.is_empty()
            && self.moved.is_empty()
            && self.changed.is_empty()
    }
}

/// An element and its place (index) in its list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Placed<T> {
    /// Its index, from 0.
    pub index: usize,
    /// The element.
    pub item: T,
}

/// A renamed stage or lane.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Renamed<I> {
    /// Its ID.
    pub id: I,
    /// The old name.
    pub old_name: String,
    /// The new name.
    pub new_name: String,
}

/// A stage or lane that moved in the order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moved<I> {
    /// Its ID.
    pub id: I,
    /// Its new name.
    pub name: String,
    /// Its index in the old list.
    pub from: usize,
    /// Its index in the new list.
    pub to: usize,
}

/// A stage or lane with fields (other than its name) changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ElementChanged<T, I> {
    /// Its ID.
    pub id: I,
    /// Its new name.
    pub name: String,
    /// The fields that differ.
    pub fields: Vec<FieldChange>,
    /// The old element.
    pub old: T,
    /// The new element.
    pub new: T,
}

/// Where a card sits: a lane and a stage, by ID and by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    /// The lane's ID.
    pub lane: LaneId,
    /// The lane's name (empty if the lane does not exist).
    pub lane_name: String,
    /// The stage's ID.
    pub stage: StageId,
    /// The stage's name (empty if the stage does not exist).
    pub stage_name: String,
}

impl Cell {
    fn of(doc: &Blueprint, lane: &LaneId, stage: &StageId) -> Cell {
        Cell {
            lane: lane.clone(),
            lane_name: doc.lane(lane).map(|l| l.name.clone()).unwrap_or_default(),
            stage: stage.clone(),
            stage_name: doc.stage(stage).map(|s| s.name.clone()).unwrap_or_default(),
        }
    }
}

/// The changes to the cards.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardsDiff {
    /// Cards only in the new document.
    pub added: Vec<CardPlaced>,
    /// Cards only in the old document.
    pub removed: Vec<CardPlaced>,
    /// Cards in another cell, from which to which.
    pub moved: Vec<CardMoved>,
    /// Cells whose shared cards are in another order.
    pub reordered: Vec<CellReordered>,
    /// Cards with fields changed.
    pub changed: Vec<CardChanged>,
    /// Cards matched by lane, stage and title because their IDs differ.
    pub guessed: Vec<CardGuessed>,
    /// The new order of all card IDs, when the list of IDs differs at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<Vec<CardId>>,
}

/// A card added or removed, with its cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardPlaced {
    /// The cell it is in (in the new document when added, the old when removed).
    pub cell: Cell,
    /// The card.
    pub card: Card,
}

/// A card moved to another cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardMoved {
    /// Its ID.
    pub id: CardId,
    /// Its new title.
    pub title: String,
    /// The old cell (names from the old document).
    pub from: Cell,
    /// The new cell (names from the new document).
    pub to: Cell,
}

/// A cell whose shared cards are in another order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CellReordered {
    /// The cell (names from the new document).
    pub cell: Cell,
    /// The cards it has in both documents, in the old order.
    pub old_order: Vec<CardId>,
    /// The same cards in the new order.
    pub new_order: Vec<CardId>,
}

/// A card with fields changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardChanged {
    /// Its ID in the new document.
    pub id: CardId,
    /// Its ID in the old document, when the match is guessed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_id: Option<CardId>,
    /// Whether the match was guessed (by lane, stage and title) rather than by ID.
    pub guessed: bool,
    /// Its new title.
    pub title: String,
    /// The fields that differ.
    pub fields: Vec<FieldChange>,
    /// The old card.
    pub old: Card,
    /// The new card.
    pub new: Card,
}

/// Two cards with different IDs matched by lane kind and name, stage name and title.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardGuessed {
    /// The old card's ID.
    pub old_id: CardId,
    /// The new card's ID.
    pub new_id: CardId,
    /// The new card's cell.
    pub cell: Cell,
    /// The new card.
    pub card: Card,
}

/// The changes to the connections.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConnectionsDiff {
    /// Connections only in the new document.
    pub added: Vec<ConnectionPlaced>,
    /// Connections only in the old document.
    pub removed: Vec<ConnectionPlaced>,
    /// Connections with fields changed.
    pub changed: Vec<ConnectionChanged>,
    /// The new order of connection IDs, when the list of IDs differs at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<Vec<ConnectionId>>,
}

/// A connection added or removed, with the titles of its ends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConnectionPlaced {
    /// The title of the card it starts at.
    pub from_title: String,
    /// The title of the card it points to.
    pub to_title: String,
    /// The connection.
    pub connection: Connection,
}

/// A connection with fields changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConnectionChanged {
    /// Its ID.
    pub id: ConnectionId,
    /// The fields that differ (`from` and `to` as card titles).
    pub fields: Vec<FieldChange>,
    /// The old connection.
    pub old: Connection,
    /// The new connection.
    pub new: Connection,
}

impl BlueprintDiff {
    /// Whether nothing a person would call a change differs (see the module docs: the
    /// timestamps, the blueprint ID, card order across cells and guessed matches without
    /// other changes do not count).
    pub fn is_empty(&self) -> bool {
        self.metadata.as_ref().is_none_or(|m| m.fields.is_empty())
            && self.settings.as_ref().is_none_or(|s| s.fields.is_empty())
            && self.stages.is_empty()
            && self.lanes.is_empty()
            && self.cards.added.is_empty()
            && self.cards.removed.is_empty()
            && self.cards.moved.is_empty()
            && self.cards.reordered.is_empty()
            && self.cards.changed.is_empty()
            && self.connections.added.is_empty()
            && self.connections.removed.is_empty()
            && self.connections.changed.is_empty()
    }

    /// Whether anything (a stage, a lane or a card) was matched by a guess rather than by ID.
    pub fn has_guesses(&self) -> bool {
        !self.stages.guessed.is_empty()
            || !self.lanes.guessed.is_empty()
            || !self.cards.guessed.is_empty()
    }

    /// How many changes there are (each added, removed, renamed, moved or changed element,
    /// each reordered cell and each changed metadata or settings field).
    pub fn len(&self) -> usize {
        let list = |a: usize, b: usize, c: usize, d: usize, e: usize| a + b + c + d + e;
        self.metadata.as_ref().map_or(0, |m| m.fields.len())
            + self.settings.as_ref().map_or(0, |s| s.fields.len())
            + list(
                self.stages.added.len(),
                self.stages.removed.len(),
                self.stages.renamed.len(),
                self.stages.moved.len(),
                self.stages.changed.len(),
            )
            + list(
                self.lanes.added.len(),
                self.lanes.removed.len(),
                self.lanes.renamed.len(),
                self.lanes.moved.len(),
                self.lanes.changed.len(),
            )
            + list(
                self.cards.added.len(),
                self.cards.removed.len(),
                self.cards.moved.len(),
                self.cards.reordered.len(),
                self.cards.changed.len(),
            )
            + self.connections.added.len()
            + self.connections.removed.len()
            + self.connections.changed.len()
    }
}

/// A stage or lane, for the list diff: its ID and name.
trait Element: Clone + PartialEq {
    type Id: Clone + Eq + std::hash::Hash;
    fn id(&self) -> &Self::Id;
    fn name(&self) -> &str;
    fn set_name(&mut self, name: String);
    fn fields(old: &Self, new: &Self) -> Vec<FieldChange>;
}

impl Element for Stage {
    type Id = StageId;
    fn id(&self) -> &StageId {
        &self.id
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn set_name(&mut self, name: String) {
        self.name = name;
    }
    fn fields(old: &Self, new: &Self) -> Vec<FieldChange> {
        values::stage_fields(old, new)
    }
}

impl Element for Lane {
    type Id = LaneId;
    fn id(&self) -> &LaneId {
        &self.id
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn set_name(&mut self, name: String) {
        self.name = name;
    }
    fn fields(old: &Self, new: &Self) -> Vec<FieldChange> {
        values::lane_fields(old, new)
    }
}

/// The positions in `a` of a longest common subsequence of `a` and `b` (both lists of
/// distinct IDs); what is not in it has moved.
fn lcs_keep<I: Eq + std::hash::Hash>(a: &[I], b: &[I]) -> HashSet<usize> {
    let (n, m) = (a.len(), b.len());
    let mut t = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            t[i][j] = if a[i] == b[j] {
                t[i + 1][j + 1] + 1
            } else {
                t[i + 1][j].max(t[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut keep) = (0, 0, HashSet::new());
    while i < n && j < m {
        if a[i] == b[j] {
            keep.insert(i);
            i += 1;
            j += 1;
        } else if t[i + 1][j] >= t[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    keep
}

fn list_diff<T: Element>(old: &[T], new: &[T]) -> ListDiff<T, T::Id> {
    let old_at: HashMap<&T::Id, usize> = old.iter().enumerate().map(|(i, e)| (e.id(), i)).collect();
    let new_at: HashMap<&T::Id, usize> = new.iter().enumerate().map(|(i, e)| (e.id(), i)).collect();
    let mut d = ListDiff {
        added: Vec::new(),
        removed: Vec::new(),
        renamed: Vec::new(),
        moved: Vec::new(),
        changed: Vec::new(),
        order: None,
        guessed: Vec::new(),
    };
    for (index, e) in old.iter().enumerate() {
        if !new_at.contains_key(e.id()) {
            d.removed.push(Placed {
                index,
                item: e.clone(),
            });
        }
    }
    for (index, e) in new.iter().enumerate() {
        let Some(&i) = old_at.get(e.id()) else {
            d.added.push(Placed {
                index,
                item: e.clone(),
            });
            continue;
        };
        let o = &old[i];
        if o.name() != e.name() {
            d.renamed.push(Renamed {
                id: e.id().clone(),
                old_name: o.name().to_string(),
                new_name: e.name().to_string(),
            });
        }
        let fields = T::fields(o, e);
        let mut renamed_only = o.clone();
        renamed_only.set_name(e.name().to_string());
        if !fields.is_empty() || renamed_only != *e {
            d.changed.push(ElementChanged {
                id: e.id().clone(),
                name: e.name().to_string(),
                fields,
                old: o.clone(),
                new: e.clone(),
            });
        }
    }
    let shared_old: Vec<&T::Id> = old
        .iter()
        .map(T::id)
        .filter(|id| new_at.contains_key(id))
        .collect();
    let shared_new: Vec<&T::Id> = new
        .iter()
        .map(T::id)
        .filter(|id| old_at.contains_key(id))
        .collect();
    let keep = lcs_keep(&shared_old, &shared_new);
    for (k, id) in shared_old.iter().enumerate() {
        if !keep.contains(&k) {
            let (from, to) = (old_at[id], new_at[id]);
            d.moved.push(Moved {
                id: (*id).clone(),
                name: new[to].name().to_string(),
                from,
                to,
            });
        }
    }
    d.moved.sort_by_key(|m| m.to);
    let old_ids: Vec<&T::Id> = old.iter().map(T::id).collect();
    let new_ids: Vec<&T::Id> = new.iter().map(T::id).collect();
    if old_ids != new_ids {
        d.order = Some(new.iter().map(|e| e.id().clone()).collect());
    }
    d
}

fn list_apply<T: Element>(old: &[T], d: &ListDiff<T, T::Id>) -> Vec<T> {
    let mut by_id: HashMap<T::Id, T> = old.iter().map(|e| (e.id().clone(), e.clone())).collect();
    for r in &d.removed {
        by_id.remove(r.item.id());
    }
    for r in &d.renamed {
        if let Some(e) = by_id.get_mut(&r.id) {
            e.set_name(r.new_name.clone());
        }
    }
    for c in &d.changed {
        by_id.insert(c.id.clone(), c.new.clone());
    }
    for a in &d.added {
        by_id.insert(a.item.id().clone(), a.item.clone());
    }
    let order: Vec<T::Id> = match &d.order {
        Some(order) => order.clone(),
        None => old.iter().map(|e| e.id().clone()).collect(),
    };
    order
        .into_iter()
        .filter_map(|id| by_id.remove(&id))
        .collect()
}

/// The key cards are guessed by: lane kind, lane name, stage name, title.
fn guess_key<'a>(
    doc: &'a Blueprint,
    card: &'a Card,
) -> Option<(&'static str, &'a str, &'a str, &'a str)> {
    let lane = doc.lane(&card.lane)?;
    let stage = doc.stage(&card.stage)?;
    Some((lane.kind.json_name(), &lane.name, &stage.name, &card.title))
}

/// Compares two blueprints: what was added, removed, moved and changed (see the module docs
/// for the matching rules). Pure and deterministic: the order of each list follows the new
/// document (the old one for removals).
pub fn diff(old: &Blueprint, new: &Blueprint) -> BlueprintDiff {
    let aligned = align::align(old, new);
    let old = aligned.doc(old);
    let mut stages = list_diff(&old.stages, &new.stages);
    stages.guessed = aligned.stages.clone();
    let mut lanes = list_diff(&old.lanes, &new.lanes);
    lanes.guessed = aligned.lanes.clone();

    // Cards: by ID, then the leftovers by lane, stage and title.
    let new_ids: HashSet<&CardId> = new.cards.iter().map(|c| &c.id).collect();
    let mut leftovers: HashMap<(&str, &str, &str, &str), Vec<usize>> = HashMap::new();
    for (i, c) in old.cards.iter().enumerate().rev() {
        if !new_ids.contains(&c.id) {
            if let Some(key) = guess_key(old, c) {
                leftovers.entry(key).or_default().push(i);
            }
        }
    }
    // For each new card, the old card it matches and whether the match is a guess.
    let mut matched: Vec<Option<(usize, bool)>> = vec![None; new.cards.len()];
    let old_index: HashMap<&CardId, usize> = old
        .cards
        .iter()
        .enumerate()
        .map(|(i, c)| (&c.id, i))
        .collect();
    let mut guessed_old: HashSet<usize> = HashSet::new();
    for (j, c) in new.cards.iter().enumerate() {
        if let Some(&i) = old_index.get(&c.id) {
            matched[j] = Some((i, false));
        } else if let Some(i) = guess_key(new, c)
            .and_then(|key| leftovers.get_mut(&key))
            .and_then(Vec::pop)
        {
            matched[j] = Some((i, true));
            guessed_old.insert(i);
        }
    }

    let mut cards = CardsDiff {
        added: Vec::new(),
        removed: Vec::new(),
        moved: Vec::new(),
        reordered: Vec::new(),
        changed: Vec::new(),
        guessed: Vec::new(),
        order: None,
    };
    for (i, c) in old.cards.iter().enumerate() {
        if !new_ids.contains(&c.id) && !guessed_old.contains(&i) {
            cards.removed.push(CardPlaced {
                cell: Cell::of(old, &c.lane, &c.stage),
                card: c.clone(),
            });
        }
    }
    for (j, c) in new.cards.iter().enumerate() {
        let Some((i, guessed)) = matched[j] else {
            cards.added.push(CardPlaced {
                cell: Cell::of(new, &c.lane, &c.stage),
                card: c.clone(),
            });
            continue;
        };
        let o = &old.cards[i];
        if guessed {
            cards.guessed.push(CardGuessed {
                old_id: o.id.clone(),
                new_id: c.id.clone(),
                cell: Cell::of(new, &c.lane, &c.stage),
                card: c.clone(),
            });
        } else if o.lane != c.lane || o.stage != c.stage {
            cards.moved.push(CardMoved {
                id: c.id.clone(),
                title: c.title.clone(),
                from: Cell::of(old, &o.lane, &o.stage),
                to: Cell::of(new, &c.lane, &c.stage),
            });
        }
        let fields = values::card_fields(o, c);
        if !fields.is_empty() {
            cards.changed.push(CardChanged {
                id: c.id.clone(),
                old_id: guessed.then(|| o.id.clone()),
                guessed,
                title: c.title.clone(),
                fields,
                old: o.clone(),
                new: c.clone(),
            });
        }
    }
    // Reordering within a cell: the cards matched by ID that stay in the cell.
    let mut cells: Vec<(&LaneId, &StageId)> = Vec::new();
    let mut seen: HashSet<(&LaneId, &StageId)> = HashSet::new();
    for c in &new.cards {
        if seen.insert((&c.lane, &c.stage)) {
            cells.push((&c.lane, &c.stage));
        }
    }
    // The cards matched by ID in the same cell in both, grouped by cell in document order.
    let stays: HashSet<&CardId> = new
        .cards
        .iter()
        .filter(|c| {
            old_index
                .get(&c.id)
                .is_some_and(|&i| old.cards[i].lane == c.lane && old.cards[i].stage == c.stage)
        })
        .map(|c| &c.id)
        .collect();
    let by_cell = |doc: &'_ Blueprint| {
        let mut m: HashMap<(LaneId, StageId), Vec<CardId>> = HashMap::new();
        for c in doc.cards.iter().filter(|c| stays.contains(&c.id)) {
            m.entry((c.lane.clone(), c.stage.clone()))
                .or_default()
                .push(c.id.clone());
        }
        m
    };
    let (mut old_cells, mut new_cells) = (by_cell(old), by_cell(new));
    for (lane, stage) in cells {
        let key = (lane.clone(), stage.clone());
        let old_order = old_cells.remove(&key).unwrap_or_default();
        let new_order = new_cells.remove(&key).unwrap_or_default();
        if old_order != new_order {
            cards.reordered.push(CellReordered {
                cell: Cell::of(new, lane, stage),
                old_order,
                new_order,
            });
        }
    }
    if old
        .cards
        .iter()
        .map(|c| &c.id)
        .ne(new.cards.iter().map(|c| &c.id))
    {
        cards.order = Some(new.cards.iter().map(|c| c.id.clone()).collect());
    }

    // Connections: by ID.
    let title = |doc: &Blueprint, id: &CardId| {
        doc.card(id)
            .map_or_else(|| id.to_string(), |c| c.title.clone())
    };
    let placed = |doc: &Blueprint, c: &Connection| ConnectionPlaced {
        from_title: title(doc, &c.from),
        to_title: title(doc, &c.to),
        connection: c.clone(),
    };
    let mut connections = ConnectionsDiff {
        added: Vec::new(),
        removed: Vec::new(),
        changed: Vec::new(),
        order: None,
    };
    let old_conns: HashMap<&ConnectionId, &Connection> =
        old.connections.iter().map(|c| (&c.id, c)).collect();
    let new_conns: HashSet<&ConnectionId> = new.connections.iter().map(|c| &c.id).collect();
    for c in &old.connections {
        if !new_conns.contains(&c.id) {
            connections.removed.push(placed(old, c));
        }
    }
    for c in &new.connections {
        match old_conns.get(&c.id).copied() {
            None => connections.added.push(placed(new, c)),
            Some(o) if o != c => connections.changed.push(ConnectionChanged {
                id: c.id.clone(),
                fields: values::connection_fields(o, c, |is_new, id| {
                    title(if is_new { new } else { old }, id)
                }),
                old: o.clone(),
                new: c.clone(),
            }),
            Some(_) => {}
        }
    }
    if old
        .connections
        .iter()
        .map(|c| &c.id)
        .ne(new.connections.iter().map(|c| &c.id))
    {
        connections.order = Some(new.connections.iter().map(|c| c.id.clone()).collect());
    }

    BlueprintDiff {
        format: DiffFormat,
        version: DIFF_VERSION,
        blueprint_id: (old.id != new.id).then(|| Changed2 {
            old: old.id.clone(),
            new: new.id.clone(),
        }),
        metadata: (old.metadata != new.metadata).then(|| MetadataChanged {
            fields: values::metadata_fields(&old.metadata, &new.metadata),
            old: old.metadata.clone(),
            new: new.metadata.clone(),
        }),
        settings: (old.settings != new.settings).then(|| SettingsChanged {
            fields: values::settings_fields(&old.settings, &new.settings),
            old: old.settings.clone(),
            new: new.settings.clone(),
        }),
        stages,
        lanes,
        cards,
        connections,
    }
}

/// Replays a diff on the old document: for documents related by IDs,
/// `apply(old, &diff(old, new)) == *new`. Entries that do not fit `old` (an ID it lacks) are
/// skipped, so applying a diff to another document gives a best effort, never a panic.
pub fn apply(old: &Blueprint, d: &BlueprintDiff) -> Blueprint {
    let mut aligned = old.clone();
    align::remap(&mut aligned, &d.stages.guessed, &d.lanes.guessed);
    let old = &aligned;
    let mut doc = old.clone();
    if let Some(id) = &d.blueprint_id {
        doc.id = id.new.clone();
    }
    if let Some(m) = &d.metadata {
        doc.metadata = m.new.clone();
    }
    if let Some(s) = &d.settings {
        doc.settings = s.new.clone();
    }
    doc.stages = list_apply(&old.stages, &d.stages);
    doc.lanes = list_apply(&old.lanes, &d.lanes);

    let mut cards: HashMap<CardId, Card> = old
        .cards
        .iter()
        .map(|c| (c.id.clone(), c.clone()))
        .collect();
    for r in &d.cards.removed {
        cards.remove(&r.card.id);
    }
    for m in &d.cards.moved {
        if let Some(c) = cards.get_mut(&m.id) {
            c.lane = m.to.lane.clone();
            c.stage = m.to.stage.clone();
        }
    }
    for g in &d.cards.guessed {
        cards.remove(&g.old_id);
        cards.insert(g.new_id.clone(), g.card.clone());
    }
    for c in &d.cards.changed {
        cards.remove(c.old_id.as_ref().unwrap_or(&c.id));
        cards.insert(c.id.clone(), c.new.clone());
    }
    for a in &d.cards.added {
        cards.insert(a.card.id.clone(), a.card.clone());
    }
    let order: Vec<CardId> = match &d.cards.order {
        Some(order) => order.clone(),
        None => old.cards.iter().map(|c| c.id.clone()).collect(),
    };
    doc.cards = order
        .into_iter()
        .filter_map(|id| cards.remove(&id))
        .collect();

    let mut conns: HashMap<ConnectionId, Connection> = old
        .connections
        .iter()
        .map(|c| (c.id.clone(), c.clone()))
        .collect();
    for r in &d.connections.removed {
        conns.remove(&r.connection.id);
    }
    for c in &d.connections.changed {
        conns.insert(c.id.clone(), c.new.clone());
    }
    for a in &d.connections.added {
        conns.insert(a.connection.id.clone(), a.connection.clone());
    }
    let order: Vec<ConnectionId> = match &d.connections.order {
        Some(order) => order.clone(),
        None => old.connections.iter().map(|c| c.id.clone()).collect(),
    };
    doc.connections = order
        .into_iter()
        .filter_map(|id| conns.remove(&id))
        .collect();
    doc
}
