//! The blueprint in Y types: writing it (seeding), writing the difference of two versions, and
//! building the JSON document the Y state describes (see the crate docs for the layout).

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use serde_json::{Map as JsonMap, Number as JsonNumber, Value};
use stageline_schema::{Blueprint, CURRENT_SCHEMA_VERSION, FORMAT};
use yrs::{Any, Doc, Map, MapPrelim, MapRef, Number, Out, ReadTxn, TransactionMut};

use crate::order;

/// The entry holding an element's order key.
pub const POS: &str = "$pos";

/// The root map of document-level fields.
pub const META: &str = "meta";
/// The root maps of the four element collections, in document order.
pub const COLLECTIONS: [&str; 4] = ["stages", "lanes", "cards", "connections"];

/// Top-level JSON fields the layout writes elsewhere or not at all.
const NOT_META: [&str; 7] = [
    "format",
    "generator",
    "metadata",
    "stages",
    "lanes",
    "cards",
    "connections",
];

/// The fields an element of each collection cannot be read without. An element lacking one
/// is left out of the materialized document: a peer's update can arrive before an earlier
/// one it follows (its overwrite of a field applies at once, the new value only once the
/// earlier update is there), and one such element must not make the whole document unreadable.
const REQUIRED: [&[&str]; 4] = [&[], &["kind"], &["lane", "stage", "kind"], &["from", "to"]];

/// The prefix of metadata entries in the `meta` map (`metadata.title`, ...).
const METADATA_PREFIX: &str = "metadata.";

/// Deepest nesting converted from Y values (deeper parts become `null`, which the load path
/// then refuses or repairs).
const MAX_DEPTH: usize = 32;

/// The five root maps of one document.
pub struct Roots {
    /// Document-level fields.
    pub meta: MapRef,
    /// `stages`, `lanes`, `cards`, `connections`, in that order.
    pub collections: [MapRef; 4],
}

impl Roots {
    /// The root maps of `doc` (created when missing; call outside any transaction).
    pub fn new(doc: &Doc) -> Roots {
        Roots {
            meta: doc.get_or_insert_map(META),
            collections: COLLECTIONS.map(|name| doc.get_or_insert_map(name)),
        }
    }
}

/// Converts a JSON value to a Y value (integers stay exact; see [`any_to_json`]).
pub fn json_to_any(v: &Value) -> Any {
    match v {
        Value::Null => Any::Null,
        Value::Bool(b) => Any::Bool(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Any::Number(Number::Int(i)),
            None => Any::Number(Number::Float(n.as_f64().unwrap_or(0.0))),
        },
        Value::String(s) => Any::String(s.as_str().into()),
        Value::Array(items) => Any::Array(items.iter().map(json_to_any).collect()),
        Value::Object(map) => Any::Map(std::sync::Arc::new(
            map.iter()
                .map(|(k, v)| (k.clone(), json_to_any(v)))
                .collect(),
        )),
    }
}

/// Converts a Y value to JSON: integral numbers become JSON integers (a JavaScript peer writes
/// every number as a float), non-finite ones and `undefined` become `null`, byte buffers
/// become arrays of numbers, nesting deeper than 32 becomes `null`.
pub fn any_to_json(a: &Any) -> Value {
    any_to_json_at(a, 0)
}

fn any_to_json_at(a: &Any, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    match a {
        Any::Null | Any::Undefined => Value::Null,
        Any::Bool(b) => Value::Bool(*b),
        Any::Number(Number::Int(i)) => Value::from(*i),
        Any::Number(Number::Float(f)) => float_to_json(*f),
        Any::String(s) => Value::String(s.to_string()),
        Any::Buffer(b) => Value::Array(b.iter().map(|&x| Value::from(x)).collect()),
        Any::Array(items) => {
            Value::Array(items.iter().map(|x| any_to_json_at(x, depth + 1)).collect())
        }
        Any::Map(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), any_to_json_at(v, depth + 1)))
                .collect(),
        ),
    }
}

fn float_to_json(f: f64) -> Value {
    const TWO_63: f64 = 9_223_372_036_854_775_808.0;
    const TWO_64: f64 = 18_446_744_073_709_551_616.0;
    if !f.is_finite() {
        Value::Null
    } else if f.fract() == 0.0 && (0.0..TWO_64).contains(&f) {
        Value::from(f as u64)
    } else if f.fract() == 0.0 && (-TWO_63..0.0).contains(&f) {
        Value::from(f as i64)
    } else {
        JsonNumber::from_f64(f).map_or(Value::Null, Value::Number)
    }
}

fn object(v: Value) -> JsonMap<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => JsonMap::new(),
    }
}

fn to_object<T: Serialize>(x: &T) -> JsonMap<String, Value> {
    object(serde_json::to_value(x).unwrap_or(Value::Null))
}

/// The `meta` entries of a document: top-level fields other than the header and collections,
/// and each metadata field as `metadata.<field>`.
pub fn meta_entries(bp: &Blueprint) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    let mut top = to_object(bp);
    if let Some(Value::Object(metadata)) = top.remove("metadata") {
        for (k, v) in metadata {
            out.insert(format!("{METADATA_PREFIX}{k}"), v);
        }
    }
    for (k, v) in top {
        if !NOT_META.contains(&k.as_str()) {
            out.insert(k, v);
        }
    }
    out
}

/// The elements of one collection of a document, as `(ID, element)` pairs.
trait Element: PartialEq + Serialize {
    fn id(&self) -> &str;
}

impl Element for stageline_schema::Stage {
    fn id(&self) -> &str {
        self.id.as_str()
    }
}
impl Element for stageline_schema::Lane {
    fn id(&self) -> &str {
        self.id.as_str()
    }
}
impl Element for stageline_schema::Card {
    fn id(&self) -> &str {
        self.id.as_str()
    }
}
impl Element for stageline_schema::Connection {
    fn id(&self) -> &str {
        self.id.as_str()
    }
}

/// Writes a new element map with every field of `fields` (in their JSON order) and `pos`.
fn insert_element(
    txn: &mut TransactionMut,
    map: &MapRef,
    id: &str,
    fields: &JsonMap<String, Value>,
    pos: Option<&str>,
) {
    // Entries one by one, in a fixed order: a MapPrelim is a hash map, whose order (and so the
    // clocks its entries get) is not the same in two processes, and seeding must be.
    let element = map.insert(txn, id, MapPrelim::default());
    for (k, v) in fields {
        element.insert(txn, k.as_str(), json_to_any(v));
    }
    if let Some(pos) = pos {
        element.insert(txn, POS, pos);
    }
}

/// Writes a whole document into empty roots (seeding): deterministic for a given document.
pub fn write_all(txn: &mut TransactionMut, roots: &Roots, bp: &Blueprint) {
    for (k, v) in meta_entries(bp) {
        roots.meta.insert(txn, k, json_to_any(&v));
    }
    roots.meta.insert(
        txn,
        "schema_version",
        Any::Number(Number::Int(i64::from(CURRENT_SCHEMA_VERSION))),
    );
    write_all_of(txn, &roots.collections[0], &bp.stages);
    write_all_of(txn, &roots.collections[1], &bp.lanes);
    write_all_of(txn, &roots.collections[2], &bp.cards);
    write_all_of(txn, &roots.collections[3], &bp.connections);
}

fn write_all_of<T: Element>(txn: &mut TransactionMut, map: &MapRef, items: &[T]) {
    let keys = order::spread(items.len());
    for (item, key) in items.iter().zip(&keys) {
        insert_element(txn, map, item.id(), &to_object(item), Some(key));
    }
}

/// Writes what changed from `before` to `after` (see [`crate::Replica::commit_local`]).
/// Returns whether anything was written.
pub fn write_diff(
    txn: &mut TransactionMut,
    roots: &Roots,
    before: &Blueprint,
    after: &Blueprint,
) -> bool {
    let mut wrote = false;
    if before.id != after.id
        || before.metadata != after.metadata
        || before.settings != after.settings
    {
        wrote |= write_meta(txn, &roots.meta, before, after);
    }
    let (w, new_stages) = diff_of(txn, &roots.collections[0], &before.stages, &after.stages);
    wrote |= w;
    let (w, new_lanes) = diff_of(txn, &roots.collections[1], &before.lanes, &after.lanes);
    wrote |= w;
    wrote |= diff_of(txn, &roots.collections[2], &before.cards, &after.cards).0;
    wrote |= diff_of(
        txn,
        &roots.collections[3],
        &before.connections,
        &after.connections,
    )
    .0;
    wrote |= repoint_orphans(txn, roots, after, &new_stages, &new_lanes);
    wrote
}

/// Cards the load path moved into a fallback stage or lane (theirs was removed by a peer)
/// that has just been written: their `stage` or `lane` entry is pointed at it, when it still
/// names one the state lacks, so the next materialization does not add a second fallback.
fn repoint_orphans(
    txn: &mut TransactionMut,
    roots: &Roots,
    after: &Blueprint,
    new_stages: &[String],
    new_lanes: &[String],
) -> bool {
    if new_stages.is_empty() && new_lanes.is_empty() {
        return false;
    }
    let [stages, lanes, cards, _] = &roots.collections;
    let mut wrote = false;
    for card in &after.cards {
        let Some(element) = element_map(txn, cards, card.id.as_str()) else {
            continue;
        };
        for (field, value, written, owners) in [
            ("stage", card.stage.as_str(), new_stages, stages),
            ("lane", card.lane.as_str(), new_lanes, lanes),
        ] {
            if !written.iter().any(|w| w == value) {
                continue;
            }
            let dangling = match element.get(txn, field) {
                Some(Out::Any(Any::String(s))) => !owners.contains_key(txn, &s),
                _ => true,
            };
            if dangling {
                element.insert(txn, field, value);
                wrote = true;
            }
        }
    }
    wrote
}

fn write_meta(
    txn: &mut TransactionMut,
    meta: &MapRef,
    before: &Blueprint,
    after: &Blueprint,
) -> bool {
    let (b, a) = (meta_entries(before), meta_entries(after));
    let mut wrote = false;
    for (k, v) in &a {
        if b.get(k) != Some(v) {
            meta.insert(txn, k.as_str(), json_to_any(v));
            wrote = true;
        }
    }
    for k in b.keys() {
        if !a.contains_key(k) {
            meta.remove(txn, k);
            wrote = true;
        }
    }
    wrote
}

fn element_map<T: ReadTxn>(txn: &T, map: &MapRef, id: &str) -> Option<MapRef> {
    match map.get(txn, id) {
        Some(Out::YMap(m)) => Some(m),
        _ => None,
    }
}

fn key_of<T: ReadTxn>(txn: &T, element: &MapRef) -> Option<String> {
    match element.get(txn, POS) {
        Some(Out::Any(Any::String(s))) => Some(s.to_string()),
        _ => None,
    }
}

/// Writes the difference of one collection; returns whether it wrote anything, and the IDs of
/// elements that were shown but missing from the state (repair's additions) and are now
/// written.
fn diff_of<T: Element>(
    txn: &mut TransactionMut,
    map: &MapRef,
    before: &[T],
    after: &[T],
) -> (bool, Vec<String>) {
    let same_order =
        before.len() == after.len() && before.iter().zip(after).all(|(b, a)| b.id() == a.id());
    // Every element shown must be in the state: one the load path added while repairing (a
    // fallback stage or lane for cards whose own was removed by a peer) is written as soon as
    // the person edits anything, so what they see is what the state holds.
    let all_present = || after.iter().all(|a| map.contains_key(txn, a.id()));
    if same_order && before == after && all_present() {
        return (false, Vec::new());
    }
    let mut phantoms = Vec::new();
    let mut wrote = false;
    let olds: Vec<Option<&T>> = if same_order {
        before.iter().map(Some).collect()
    } else {
        let by_id: HashMap<&str, &T> = before.iter().map(|b| (b.id(), b)).collect();
        let kept: std::collections::HashSet<&str> = after.iter().map(Element::id).collect();
        for b in before {
            if !kept.contains(b.id()) {
                map.remove(txn, b.id());
                wrote = true;
            }
        }
        after.iter().map(|a| by_id.get(a.id()).copied()).collect()
    };
    let mut is_new: Vec<bool> = Vec::with_capacity(after.len());
    for (a, old) in after.iter().zip(olds) {
        if old == Some(a) && map.contains_key(txn, a.id()) {
            is_new.push(false);
            continue;
        }
        let existing = element_map(txn, map, a.id());
        match (old, existing) {
            (Some(old), Some(element)) => {
                is_new.push(false);
                let (o, n) = (to_object(old), to_object(a));
                for (k, v) in &n {
                    if o.get(k) != Some(v) {
                        element.insert(txn, k.as_str(), json_to_any(v));
                    }
                }
                for k in o.keys() {
                    if !n.contains_key(k) && k != POS {
                        element.remove(txn, k);
                    }
                }
                wrote = true;
            }
            (None, Some(element)) if to_object_eq(txn, &element, a) => {
                // Already there as it is (e.g. the caller's `before` was older than the state).
                is_new.push(false);
            }
            (old, _) => {
                // New, or gone from the state meanwhile (a peer removed it, or the load path
                // added it while repairing): write it whole.
                if old == Some(a) {
                    phantoms.push(a.id().to_string());
                }
                insert_element(txn, map, a.id(), &to_object(a), None);
                is_new.push(true);
                wrote = true;
            }
        }
    }
    if !same_order || is_new.iter().any(|&n| n) {
        let keys: Vec<Option<String>> = after
            .iter()
            .zip(&is_new)
            .map(|(a, &new)| {
                if new {
                    None
                } else {
                    element_map(txn, map, a.id()).and_then(|e| key_of(txn, &e))
                }
            })
            .collect();
        let current: Vec<(Option<&str>, &str)> = keys
            .iter()
            .zip(after)
            .map(|(k, a)| (k.as_deref(), a.id()))
            .collect();
        for (a, new_key) in after.iter().zip(order::assign(&current)) {
            if let Some(key) = new_key {
                if let Some(element) = element_map(txn, map, a.id()) {
                    element.insert(txn, POS, key);
                    wrote = true;
                }
            }
        }
    }
    (wrote, phantoms)
}

fn to_object_eq<T: Serialize>(txn: &TransactionMut, element: &MapRef, a: &T) -> bool {
    let mut fields = element_fields(txn, element);
    fields.remove(POS);
    let mut want = to_object(a);
    want.remove(POS);
    fields == want
}

fn element_fields<T: ReadTxn>(txn: &T, element: &MapRef) -> JsonMap<String, Value> {
    let mut out = JsonMap::new();
    for (k, v) in element.iter(txn) {
        if let Out::Any(a) = v {
            out.insert(k.to_string(), any_to_json(&a));
        }
    }
    out
}

/// Whether the state holds a document (its `meta` names an ID).
pub fn has_document<T: ReadTxn>(txn: &T, roots: &Roots) -> bool {
    roots.meta.get(txn, "id").is_some()
}

/// The JSON document the state describes: elements sorted by `(order key, ID)`, each
/// element's ID taken from its entry's key, values converted by [`any_to_json`].
pub fn to_json<T: ReadTxn>(txn: &T, roots: &Roots) -> Value {
    let mut top = JsonMap::new();
    top.insert("format".into(), Value::from(FORMAT));
    top.insert("schema_version".into(), Value::from(CURRENT_SCHEMA_VERSION));
    let mut metadata = JsonMap::new();
    for (k, v) in roots.meta.iter(txn) {
        let Out::Any(a) = v else { continue };
        if let Some(field) = k.strip_prefix(METADATA_PREFIX) {
            metadata.insert(field.to_string(), any_to_json(&a));
        } else if !NOT_META.contains(&k) {
            top.insert(k.to_string(), any_to_json(&a));
        }
    }
    top.insert("metadata".into(), Value::Object(metadata));
    for ((name, map), required) in COLLECTIONS.iter().zip(&roots.collections).zip(REQUIRED) {
        let mut items: Vec<(String, String, JsonMap<String, Value>)> = Vec::new();
        for (id, v) in map.iter(txn) {
            let Out::YMap(element) = v else { continue };
            let key = key_of(txn, &element).unwrap_or_default();
            let mut fields = element_fields(txn, &element);
            if !required.iter().all(|k| fields.contains_key(*k)) {
                continue;
            }
            fields.remove(POS);
            fields.insert("id".into(), Value::from(id));
            items.push((key, id.to_string(), fields));
        }
        // (Keys of one map are unique, so no two items compare equal: unstable is exact.)
        items.sort_unstable_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        top.insert(
            (*name).to_string(),
            Value::Array(
                items
                    .into_iter()
                    .map(|(_, _, f)| Value::Object(f))
                    .collect(),
            ),
        );
    }
    Value::Object(top)
}
