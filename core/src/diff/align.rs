//! Matching the stages and lanes of two blueprints that do not share IDs.
//!
//! Two blueprints made apart (an as-is drawn in one workshop, a to-be started from a template
//! in another) have the same columns and rows under other IDs. Before the diff, the stages and
//! lanes left over on both sides after matching by ID are matched by name (lanes also by kind),
//! in document order, and the old document is rewritten to the new IDs ([`align`]). The diff,
//! its deltas and the comparison then treat them as the same column or row; each such match is
//! reported as a guess ([`Guessed`]), and [`remap`] replays it when a diff is applied.

use std::collections::{HashMap, HashSet, VecDeque};

use serde::{Deserialize, Serialize};
use stageline_schema::{Blueprint, LaneId, StageId};

/// A stage or lane whose IDs differ in the two documents, matched by name (a lane also by its
/// kind): a guess, for blueprints not copied from each other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Guessed<I> {
    /// Its ID in the old document.
    pub old_id: I,
    /// Its ID in the new document.
    pub new_id: I,
    /// Its name in the new document.
    pub name: String,
}

/// The old document with the guessed stages and lanes under their new IDs, and the guesses.
pub(crate) struct Aligned {
    /// The rewritten old document, or `None` when nothing was guessed (use the old one as is).
    pub doc: Option<Blueprint>,
    /// The stages matched by name.
    pub stages: Vec<Guessed<StageId>>,
    /// The lanes matched by kind and name.
    pub lanes: Vec<Guessed<LaneId>>,
}

impl Aligned {
    /// The document to compare with the new one: the rewritten old one, or `old` itself.
    pub fn doc<'a>(&'a self, old: &'a Blueprint) -> &'a Blueprint {
        self.doc.as_ref().unwrap_or(old)
    }
}

/// A name as it is matched: without surrounding space, case folded. Empty names match nothing.
fn key(name: &str) -> Option<String> {
    let k = name.trim().to_lowercase();
    (!k.is_empty()).then_some(k)
}

/// Pairs the elements of `old` and `new` whose IDs are in neither of the other list, by
/// `key`, first with first in document order.
fn pair<T, I: Clone + Eq + std::hash::Hash, K: Eq + std::hash::Hash>(
    old: &[T],
    new: &[T],
    id: impl Fn(&T) -> &I,
    name: impl Fn(&T) -> &str,
    key: impl Fn(&T) -> Option<K>,
) -> Vec<Guessed<I>> {
    let old_ids: HashSet<&I> = old.iter().map(&id).collect();
    let new_ids: HashSet<&I> = new.iter().map(&id).collect();
    let mut waiting: HashMap<K, VecDeque<&I>> = HashMap::new();
    for e in old.iter().filter(|e| !new_ids.contains(id(e))) {
        if let Some(k) = key(e) {
            waiting.entry(k).or_default().push_back(id(e));
        }
    }
    let mut out = Vec::new();
    for e in new.iter().filter(|e| !old_ids.contains(id(e))) {
        let Some(old_id) = key(e).and_then(|k| waiting.get_mut(&k)?.pop_front()) else {
            continue;
        };
        out.push(Guessed {
            old_id: old_id.clone(),
            new_id: id(e).clone(),
            name: name(e).to_string(),
        });
    }
    out
}

/// Matches the leftover stages by name and lanes by kind and name (see the module docs).
pub(crate) fn align(old: &Blueprint, new: &Blueprint) -> Aligned {
    let stages = pair(
        &old.stages,
        &new.stages,
        |s| &s.id,
        |s| &s.name,
        |s| key(&s.name),
    );
    let lanes = pair(
        &old.lanes,
        &new.lanes,
        |l| &l.id,
        |l| &l.name,
        |l| key(&l.name).map(|k| (l.kind, k)),
    );
    let doc = (!stages.is_empty() || !lanes.is_empty()).then(|| {
        let mut doc = old.clone();
        remap(&mut doc, &stages, &lanes);
        doc
    });
    Aligned { doc, stages, lanes }
}

/// Gives the guessed stages and lanes of `doc` (an old document) their new IDs, in the stages,
/// the lanes and the cells of the cards. Guesses that do not fit `doc` change nothing.
pub(crate) fn remap(doc: &mut Blueprint, stages: &[Guessed<StageId>], lanes: &[Guessed<LaneId>]) {
    let stage_to: HashMap<&StageId, &StageId> =
        stages.iter().map(|g| (&g.old_id, &g.new_id)).collect();
    let lane_to: HashMap<&LaneId, &LaneId> = lanes.iter().map(|g| (&g.old_id, &g.new_id)).collect();
    for s in &mut doc.stages {
        if let Some(to) = stage_to.get(&s.id) {
            s.id = (*to).clone();
        }
    }
    for l in &mut doc.lanes {
        if let Some(to) = lane_to.get(&l.id) {
            l.id = (*to).clone();
        }
    }
    for c in &mut doc.cards {
        if let Some(to) = stage_to.get(&c.stage) {
            c.stage = (*to).clone();
        }
        if let Some(to) = lane_to.get(&c.lane) {
            c.lane = (*to).clone();
        }
    }
}
