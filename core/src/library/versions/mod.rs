//! The version history of each blueprint, kept in this browser (issue 22): automatic snapshots
//! (on opening, after a pause in editing, before an import, a restore or an undo history reset
//! would lose reach), thinned over time, and named versions, which are never thinned.
//!
//! # Storage
//!
//! - `history:<bp>`: the blueprint's history index, a JSON object: one
//!   record per snapshot (its metadata, its base, its size and the fingerprint of its text),
//!   oldest first, and the snapshots set aside as damaged;
//! - `snap:<bp>:<version>`: one snapshot. Its first line is its own header (the record's
//!   metadata, so a lost index is rebuilt from the snapshots), then either the document's
//!   compact JSON (a *base*, a keyframe) or a [`crate::diff::BlueprintDiff`] against a base
//!   (named in the header). A diff is stored only when its text is under half the document's
//!   and applying it to the base gives back exactly the document; otherwise the snapshot is a
//!   base itself. Diffs are always against a base, never against another diff, so removing a
//!   diff touches nothing else; removing a base re-stores its dependents (the newest becomes
//!   the new base, the others are diffed against it);
//! - `snap-aside:<bp>:<version>`: a snapshot found damaged, moved out of the history, never
//!   deleted but by the user (or with its blueprint).
//!
//! # Budget
//!
//! All history shares one budget, [`HistoryPolicy::budget_units`] (by default
//! [`HISTORY_BUDGET_UNITS`]), because the browser's quota is one per origin. When a new
//! snapshot would exceed it, or the store is full, the oldest automatic snapshots go first:
//! this blueprint's, then other blueprints' (oldest first). Named versions never go without
//! the user's word: when the snapshot does not fit otherwise, it fails with
//! [`VersionError::Full`] and everything stays as it was.
//!
//! # Nothing lost
//!
//! Every write is read back; every operation either completes or puts back every key it
//! changed (a journal, `tx`). A snapshot whose text is damaged is listed in
//! [`VersionList::broken`] and, once read, moved aside (with the snapshots stored as diffs
//! against it), never a reason for the blueprint not to open: the history is separate from
//! the document.

mod thin;
mod tx;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use stageline_schema::{to_json_compact, Blueprint, BlueprintId, DerivedFrom, IdSource, Timestamp};

pub use thin::thinning;

use super::index::Stamp;
use super::store::{utf16_len, Store, StoreError};
use super::{title_or_untitled, Library, SaveError, Saved};
use crate::diff::{apply, diff, BlueprintDiff};
use tx::Tx;

/// The prefix of the history index keys, one per blueprint.
pub const HISTORY_PREFIX: &str = "stageline:v1:history:";
/// The prefix of the snapshot keys, `snap:<bp>:<version>`.
pub const SNAP_PREFIX: &str = "stageline:v1:snap:";
/// The prefix of the keys of snapshots set aside as damaged.
pub const ASIDE_PREFIX: &str = "stageline:v1:snap-aside:";

/// The share of local storage all version history may take, in UTF-16 code units: 750,000
/// units, 30 % of the 2.5 million units (5 MiB at two bytes each) Chromium and Firefox give an
/// origin's local storage. The rest stays for the blueprints themselves, which always win:
/// history is what gives way when space runs short.
pub const HISTORY_BUDGET_UNITS: usize = 750_000;

/// The most automatic snapshots one blueprint keeps after thinning (named ones not counted):
/// thinning alone keeps about 150 of a blueprint edited every day, so this bounds a burst.
pub const MAX_AUTOMATIC: usize = 200;

/// How much history is kept: the budget and the cap on automatic snapshots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryPolicy {
    /// The most UTF-16 code units all history keys may take together.
    pub budget_units: usize,
    /// The most automatic snapshots a blueprint keeps.
    pub max_automatic: usize,
}

impl Default for HistoryPolicy {
    fn default() -> HistoryPolicy {
        HistoryPolicy {
            budget_units: HISTORY_BUDGET_UNITS,
            max_automatic: MAX_AUTOMATIC,
        }
    }
}

/// A version's ID: the time it was taken in Unix milliseconds and a counter for versions taken
/// within the same millisecond, written `<millis>-<counter>`; IDs sort by time taken.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VersionId {
    millis: i64,
    counter: u32,
}

impl fmt::Display for VersionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.millis, self.counter)
    }
}

/// Why a text is not a version ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionIdError(String);

impl fmt::Display for VersionIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a version ID (expected <millis>-<counter>)",
            self.0
        )
    }
}

impl std::error::Error for VersionIdError {}

impl FromStr for VersionId {
    type Err = VersionIdError;
    fn from_str(s: &str) -> Result<VersionId, VersionIdError> {
        let bad = || VersionIdError(s.to_string());
        let (millis, counter) = s.split_once('-').ok_or_else(bad)?;
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if !digits(millis) || !digits(counter) {
            return Err(bad());
        }
        Ok(VersionId {
            millis: millis.parse().map_err(|_| bad())?,
            counter: counter.parse().map_err(|_| bad())?,
        })
    }
}

impl Serialize for VersionId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for VersionId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<VersionId, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// Why a snapshot was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// The blueprint was opened.
    Opened,
    /// Editing paused.
    Paused,
    /// An import was about to replace the blueprint.
    BeforeImport,
    /// A version was about to be restored over it.
    BeforeRestore,
    /// The undo history was about to be reset (what it reached would be out of reach).
    BeforeReset,
    /// The user named the current state.
    Named,
}

impl Trigger {
    /// Every trigger, in the order of the variants.
    pub const ALL: [Trigger; 6] = [
        Trigger::Opened,
        Trigger::Paused,
        Trigger::BeforeImport,
        Trigger::BeforeRestore,
        Trigger::BeforeReset,
        Trigger::Named,
    ];

    /// Why the snapshot was taken, in words for people.
    pub fn label(self) -> &'static str {
        match self {
            Trigger::Opened => "When it was opened",
            Trigger::Paused => "After a pause in editing",
            Trigger::BeforeImport => "Before an import replaced it",
            Trigger::BeforeRestore => "Before a version was restored",
            Trigger::BeforeReset => "Before the undo history was cleared",
            Trigger::Named => "Named by you",
        }
    }
}

/// One version in a blueprint's history, as the history dialog lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionMeta {
    /// Its ID.
    pub id: VersionId,
    /// When it was taken.
    pub at: Timestamp,
    /// Why it was taken.
    pub trigger: Trigger,
    /// Its name: `Some` for a named version (never thinned), `None` for an automatic one.
    pub name: Option<String>,
    /// The blueprint's title in it.
    pub title: String,
    /// How many cards it has.
    pub cards: usize,
    /// The UTF-16 code units its own key takes (a diff's base is counted with the base).
    pub stored_units: usize,
    /// Whether it is stored whole (a base others may be stored as differences against).
    pub keyframe: bool,
}

/// A snapshot that cannot be read, kept under its key until the user deletes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenVersion {
    /// The version's ID, as stored.
    pub id: String,
    /// Why it cannot be read, in words a user understands.
    pub reason: String,
    /// The key its text is kept under (to download it).
    pub key: String,
}

/// A blueprint's history, for the history dialog.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VersionList {
    /// The readable versions, newest first.
    pub versions: Vec<VersionMeta>,
    /// The damaged ones.
    pub broken: Vec<BrokenVersion>,
    /// The UTF-16 code units this blueprint's history takes (index, snapshots, set aside).
    pub used_units: usize,
    /// Set when the history's index was unreadable and has been rebuilt from the snapshots
    /// (their names and triggers survive: each snapshot carries its own).
    pub index_rebuilt: bool,
}

/// Why a history operation failed; in every case the history is as it was before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionError {
    /// The storage refused a read or a write.
    Store(StoreError),
    /// There is no such version.
    NotFound,
    /// The version's stored text is damaged (it has been set aside, not deleted).
    Corrupt(String),
    /// There is no room for it without deleting named versions.
    Full,
    /// A write seemed to succeed but reading it back gave something else.
    NotVerified,
    /// A version's name cannot be blank.
    BlankName,
}

impl fmt::Display for VersionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VersionError::Store(e) => write!(f, "{e}"),
            VersionError::NotFound => write!(f, "this version is no longer stored"),
            VersionError::Corrupt(why) => write!(
                f,
                "this version is damaged and cannot be shown ({why}); it has been kept aside"
            ),
            VersionError::Full => write!(
                f,
                "there is no room left for another version without deleting named versions; \
                 delete some you no longer need"
            ),
            VersionError::NotVerified => {
                write!(f, "the stored version did not read back correctly")
            }
            VersionError::BlankName => write!(f, "a version's name cannot be blank"),
        }
    }
}

impl std::error::Error for VersionError {}

impl From<StoreError> for VersionError {
    fn from(e: StoreError) -> VersionError {
        VersionError::Store(e)
    }
}

/// What each snapshot's first line says of it (and its index record repeats).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Head {
    id: VersionId,
    at: Timestamp,
    trigger: Trigger,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    title: String,
    cards: usize,
    /// The base this snapshot is a diff against; `None` for a base.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    base: Option<VersionId>,
    /// The fingerprint of the document's compact JSON, to tell an unchanged document.
    doc: Stamp,
}

/// One snapshot in the history index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Record {
    #[serde(flatten)]
    head: Head,
    /// The UTF-16 code units of its key and text.
    units: usize,
    /// The fingerprint of its whole stored text, to notice damage.
    stamp: Stamp,
}

impl Record {
    fn meta(&self) -> VersionMeta {
        VersionMeta {
            id: self.head.id.clone(),
            at: self.head.at,
            trigger: self.head.trigger,
            name: self.head.name.clone(),
            title: self.head.title.clone(),
            cards: self.head.cards,
            stored_units: self.units,
            keyframe: self.head.base.is_none(),
        }
    }
}

/// A snapshot set aside as damaged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Aside {
    id: String,
    key: String,
    reason: String,
}

/// A blueprint's history index.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
struct HistoryIndex {
    version: u32,
    /// Oldest first.
    versions: Vec<Record>,
    #[serde(default)]
    aside: Vec<Aside>,
}

impl HistoryIndex {
    const VERSION: u32 = 1;

    fn get(&self, v: &VersionId) -> Option<&Record> {
        self.versions.iter().find(|r| &r.head.id == v)
    }

    fn get_mut(&mut self, v: &VersionId) -> Option<&mut Record> {
        self.versions.iter_mut().find(|r| &r.head.id == v)
    }

    fn remove(&mut self, v: &VersionId) -> Option<Record> {
        let i = self.versions.iter().position(|r| &r.head.id == v)?;
        Some(self.versions.remove(i))
    }

    fn insert(&mut self, record: Record) {
        let i = self
            .versions
            .partition_point(|r| r.head.id < record.head.id);
        self.versions.insert(i, record);
    }

    /// Whether a snapshot is stored as a diff against `v`.
    fn has_dependents(&self, v: &VersionId) -> bool {
        self.versions
            .iter()
            .any(|r| r.head.base.as_ref() == Some(v))
    }

    /// The newest base, which a new snapshot is diffed against.
    fn newest_base(&self) -> Option<&Record> {
        self.versions.iter().rev().find(|r| r.head.base.is_none())
    }

    /// The next version ID at `now`: later than every one this history has used.
    fn next_id(&self, now: Timestamp) -> VersionId {
        let millis = now.unix_millis().max(0);
        let newest = self
            .versions
            .iter()
            .map(|r| r.head.id.clone())
            .chain(self.aside.iter().filter_map(|a| a.id.parse().ok()))
            .max();
        match newest {
            Some(n) if n.millis >= millis => VersionId {
                millis: n.millis,
                counter: n.counter.saturating_add(1),
            },
            _ => VersionId { millis, counter: 0 },
        }
    }
}

/// Whether `key` belongs to the version history.
pub fn is_history_key(key: &str) -> bool {
    key.starts_with(HISTORY_PREFIX) || key.starts_with(SNAP_PREFIX) || key.starts_with(ASIDE_PREFIX)
}

fn history_key(bp: &str) -> String {
    format!("{HISTORY_PREFIX}{bp}")
}

fn snap_key(bp: &str, v: &VersionId) -> String {
    format!("{SNAP_PREFIX}{bp}:{v}")
}

fn aside_key(bp: &str, v: &str) -> String {
    format!("{ASIDE_PREFIX}{bp}:{v}")
}

/// The version part of a `prefix<bp>:<version>` key of blueprint `bp` (versions hold no `:`,
/// blueprint IDs may).
fn version_part<'k>(key: &'k str, prefix: &str, bp: &str) -> Option<&'k str> {
    let rest = key
        .strip_prefix(prefix)?
        .strip_prefix(bp)?
        .strip_prefix(':')?;
    (!rest.contains(':')).then_some(rest)
}

/// Splits a snapshot's text into its header and its body.
fn split_text(text: &str) -> Result<(Head, &str), String> {
    let (head, body) = text
        .split_once('\n')
        .ok_or_else(|| "its header is missing".to_string())?;
    let head = serde_json::from_str::<Head>(head)
        .map_err(|e| format!("its header cannot be read ({e})"))?;
    Ok((head, body))
}

fn join_text(head: &Head, body: &str) -> String {
    format!(
        "{}\n{body}",
        serde_json::to_string(head).unwrap_or_default()
    )
}

fn record(key: &str, head: Head, text: &str) -> Record {
    Record {
        head,
        units: utf16_len(key) + utf16_len(text),
        stamp: Stamp::of(text),
    }
}

/// A document about to be stored as a snapshot: its compact JSON and that text's fingerprint.
struct Doc<'d> {
    doc: &'d Blueprint,
    json: String,
    stamp: Stamp,
}

impl<'d> Doc<'d> {
    fn new(doc: &'d Blueprint) -> Doc<'d> {
        let json = to_json_compact(doc);
        let stamp = Stamp::of(&json);
        Doc { doc, json, stamp }
    }

    /// The body to store: a diff against `base` when it is clearly smaller and replays
    /// exactly, otherwise the whole document (`None` as the base).
    fn body(&self, base: Option<(&VersionId, &Blueprint)>) -> (Option<VersionId>, String) {
        if let Some((id, base_doc)) = base {
            let d = diff(base_doc, self.doc);
            if let Ok(text) = serde_json::to_string(&d) {
                if text.len() * 2 < self.json.len() && &apply(base_doc, &d) == self.doc {
                    return (Some(id.clone()), text);
                }
            }
        }
        (None, self.json.clone())
    }
}

impl<S: Store> Library<S> {
    /// The history policy in force (the default unless [`Library::set_history_policy`]).
    pub fn history_policy(&self) -> HistoryPolicy {
        self.history
    }

    /// Sets how much history is kept (tests use a small budget).
    pub fn set_history_policy(&mut self, policy: HistoryPolicy) {
        self.history = policy;
    }

    /// The space all version history takes, in UTF-16 code units (for the storage view).
    pub fn history_usage(&self) -> Result<usize, StoreError> {
        let mut total = 0;
        for key in self.store.keys()? {
            if is_history_key(&key) {
                let value = self.store.get(&key)?.unwrap_or_default();
                total += utf16_len(&key) + utf16_len(&value);
            }
        }
        Ok(total)
    }

    /// The history index of `bp`, rebuilt from its snapshots' headers when it is missing or
    /// unreadable while snapshots exist (then `true`).
    fn read_history(&self, bp: &str) -> Result<(HistoryIndex, bool), StoreError> {
        if let Some(text) = self.store.get(&history_key(bp))? {
            if let Some(index) = serde_json::from_str::<HistoryIndex>(&text)
                .ok()
                .filter(|i| i.version == HistoryIndex::VERSION)
            {
                return Ok((index, false));
            }
        }
        let mut index = HistoryIndex {
            version: HistoryIndex::VERSION,
            ..HistoryIndex::default()
        };
        let mut found = false;
        for key in self.store.keys()? {
            if let Some(v) = version_part(&key, SNAP_PREFIX, bp) {
                found = true;
                let Some(text) = self.store.get(&key)? else {
                    continue;
                };
                match split_text(&text) {
                    Ok((head, _)) if head.id.to_string() == v => {
                        index.insert(record(&key, head, &text));
                    }
                    Ok(_) => index.aside.push(Aside {
                        id: v.to_string(),
                        key: key.clone(),
                        reason: "its header names another version".into(),
                    }),
                    Err(reason) => index.aside.push(Aside {
                        id: v.to_string(),
                        key: key.clone(),
                        reason,
                    }),
                }
            } else if let Some(v) = version_part(&key, ASIDE_PREFIX, bp) {
                found = true;
                index.aside.push(Aside {
                    id: v.to_string(),
                    key: key.clone(),
                    reason: "it was found damaged and kept aside".into(),
                });
            }
        }
        Ok((index, found))
    }

    fn write_history(
        &mut self,
        tx: &mut Tx,
        bp: &str,
        index: &HistoryIndex,
    ) -> Result<(), VersionError> {
        let key = history_key(bp);
        if index.versions.is_empty() && index.aside.is_empty() {
            return self.tx_remove(tx, &key);
        }
        let text =
            serde_json::to_string(index).map_err(|e| VersionError::Corrupt(e.to_string()))?;
        self.tx_set(tx, &key, &text)
    }

    /// Why the stored text of `rec` cannot be trusted, if it cannot.
    fn damage(&self, bp: &str, rec: &Record) -> Result<Option<String>, StoreError> {
        Ok(match self.store.get(&snap_key(bp, &rec.head.id))? {
            None => Some("its stored text is missing".into()),
            Some(text) if Stamp::of(&text) != rec.stamp => {
                Some("its stored text was changed or damaged".into())
            }
            Some(_) => None,
        })
    }

    /// Lists the history of `bp`: readable versions newest first, and the damaged ones.
    pub fn versions(&self, bp: &BlueprintId) -> Result<VersionList, StoreError> {
        let name = bp.as_str();
        let (index, index_rebuilt) = self.read_history(name)?;
        let mut list = VersionList {
            index_rebuilt,
            ..VersionList::default()
        };
        let mut damaged = std::collections::HashSet::new();
        for rec in index.versions.iter().filter(|r| r.head.base.is_none()) {
            if let Some(reason) = self.damage(name, rec)? {
                damaged.insert(rec.head.id.clone());
                list.broken.push(BrokenVersion {
                    id: rec.head.id.to_string(),
                    reason,
                    key: snap_key(name, &rec.head.id),
                });
            }
        }
        for rec in index.versions.iter().rev() {
            let reason = match &rec.head.base {
                None if damaged.contains(&rec.head.id) => continue,
                None => None,
                Some(b) if damaged.contains(b) || index.get(b).is_none() => Some(format!(
                    "it is stored as changes to version {b}, which is damaged or missing"
                )),
                Some(_) => self.damage(name, rec)?,
            };
            match reason {
                None => list.versions.push(rec.meta()),
                Some(reason) => list.broken.push(BrokenVersion {
                    id: rec.head.id.to_string(),
                    reason,
                    key: snap_key(name, &rec.head.id),
                }),
            }
        }
        list.broken
            .extend(index.aside.iter().map(|a| BrokenVersion {
                id: a.id.clone(),
                reason: a.reason.clone(),
                key: a.key.clone(),
            }));
        for key in self.store.keys()? {
            let mine = key == history_key(name)
                || version_part(&key, SNAP_PREFIX, name).is_some()
                || version_part(&key, ASIDE_PREFIX, name).is_some();
            if mine {
                list.used_units +=
                    utf16_len(&key) + self.store.get(&key)?.map_or(0, |v| utf16_len(&v));
            }
        }
        Ok(list)
    }

    /// Reads the document of `rec`, or why it cannot be read.
    fn decode(&self, bp: &str, index: &HistoryIndex, rec: &Record) -> Result<Blueprint, String> {
        let text = |rec: &Record| -> Result<String, String> {
            let key = snap_key(bp, &rec.head.id);
            let text = self
                .store
                .get(&key)
                .map_err(|e| e.to_string())?
                .ok_or_else(|| "its stored text is missing".to_string())?;
            if Stamp::of(&text) != rec.stamp {
                return Err("its stored text was changed or damaged".into());
            }
            Ok(text)
        };
        let load = |json: &str| -> Result<Blueprint, String> {
            self.load(json)
                .map(|l| l.blueprint)
                .map_err(|e| e.to_string())
        };
        let own = text(rec)?;
        let (head, body) = split_text(&own)?;
        let Some(base_id) = head.base else {
            return load(body);
        };
        let base = index
            .get(&base_id)
            .filter(|b| b.head.base.is_none())
            .ok_or_else(|| format!("the version {base_id} it is stored against is missing"))?;
        let base_text = text(base)
            .map_err(|e| format!("the version {base_id} it is stored against is damaged: {e}"))?;
        let (_, base_body) = split_text(&base_text)?;
        let base_doc = load(base_body)?;
        let d: BlueprintDiff =
            serde_json::from_str(body).map_err(|e| format!("its changes cannot be read ({e})"))?;
        load(&to_json_compact(&apply(&base_doc, &d)))
    }

    /// The document of version `v` of `bp`, through the one load path (an old schema version
    /// migrates). A damaged version is an error naming why, and is moved aside with the
    /// versions stored against it (kept, listed in [`VersionList::broken`]), never deleted.
    pub fn version(&mut self, bp: &BlueprintId, v: &VersionId) -> Result<Blueprint, VersionError> {
        let name = bp.as_str();
        let (index, _) = self.read_history(name)?;
        let rec = index.get(v).ok_or(VersionError::NotFound)?;
        match self.decode(name, &index, rec) {
            Ok(doc) => Ok(doc),
            Err(reason) => {
                // The base is the one at fault when it fails to read on its own.
                let culprit = match rec.head.base.as_ref().and_then(|b| index.get(b)) {
                    Some(base) if self.decode(name, &index, base).is_err() => base.head.id.clone(),
                    _ => v.clone(),
                };
                let _ = self.atomically(|lib, tx| lib.set_aside(tx, name, &culprit, &reason));
                Err(VersionError::Corrupt(reason))
            }
        }
    }

    /// Moves version `v` of `bp`, and every version stored against it, out of the history to
    /// keys of their own.
    fn set_aside(
        &mut self,
        tx: &mut Tx,
        bp: &str,
        v: &VersionId,
        reason: &str,
    ) -> Result<(), VersionError> {
        let (mut index, _) = self.read_history(bp)?;
        let mut ids = vec![v.clone()];
        ids.extend(
            index
                .versions
                .iter()
                .filter(|r| r.head.base.as_ref() == Some(v))
                .map(|r| r.head.id.clone()),
        );
        for id in ids {
            if index.remove(&id).is_none() {
                continue;
            }
            let from = snap_key(bp, &id);
            let to = aside_key(bp, &id.to_string());
            let why = if &id == v {
                reason.to_string()
            } else {
                format!("it is stored as changes to version {v}, which is damaged")
            };
            if let Some(text) = self.store.get(&from)? {
                self.tx_remove(tx, &from)?;
                self.tx_set(tx, &to, &text)?;
            }
            index.aside.push(Aside {
                id: id.to_string(),
                key: to,
                reason: why,
            });
        }
        self.write_history(tx, bp, &index)
    }

    /// Snapshots `doc` unless it equals the newest snapshot (then `Ok(None)`); applies
    /// thinning and the budget (see the module docs).
    pub fn snapshot(
        &mut self,
        doc: &Blueprint,
        trigger: Trigger,
        now: Timestamp,
    ) -> Result<Option<VersionMeta>, VersionError> {
        let doc = Doc::new(doc);
        self.atomically(|lib, tx| {
            let bp = doc.doc.id.as_str();
            let (index, _) = lib.read_history(bp)?;
            if index
                .versions
                .last()
                .is_some_and(|r| r.head.doc == doc.stamp)
            {
                return Ok(None);
            }
            lib.add_snapshot(tx, index, &doc, trigger, None, now)
                .map(Some)
        })
    }

    /// Names the current state `name`: snapshots it as a named version, or names the newest
    /// snapshot when that is the same document.
    pub fn name_version(
        &mut self,
        doc: &Blueprint,
        name: &str,
        now: Timestamp,
    ) -> Result<VersionMeta, VersionError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(VersionError::BlankName);
        }
        let doc = Doc::new(doc);
        self.atomically(|lib, tx| {
            let bp = doc.doc.id.as_str();
            let (mut index, _) = lib.read_history(bp)?;
            let newest = index.versions.last();
            // A damaged newest snapshot is not named: the state is snapshotted anew.
            let intact = match newest {
                Some(r) => lib.damage(bp, r)?.is_none(),
                None => false,
            };
            match newest {
                Some(newest) if intact && newest.head.doc == doc.stamp => {
                    let v = newest.head.id.clone();
                    lib.set_name(tx, bp, &mut index, &v, name)
                }
                _ => lib.add_snapshot(tx, index, &doc, Trigger::Named, Some(name.to_string()), now),
            }
        })
    }

    /// Renames version `v` of `bp` (an automatic one becomes named, so it is never thinned).
    pub fn rename_version(
        &mut self,
        bp: &BlueprintId,
        v: &VersionId,
        name: &str,
    ) -> Result<(), VersionError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(VersionError::BlankName);
        }
        self.atomically(|lib, tx| {
            let (mut index, _) = lib.read_history(bp.as_str())?;
            lib.set_name(tx, bp.as_str(), &mut index, v, name)
                .map(|_| ())
        })
    }

    /// Deletes version `v` of `bp`, named or not: the user's explicit choice. Versions stored
    /// against it are re-stored first, so every other version still reads.
    pub fn delete_version(&mut self, bp: &BlueprintId, v: &VersionId) -> Result<(), VersionError> {
        self.atomically(|lib, tx| {
            let name = bp.as_str();
            let (mut index, _) = lib.read_history(name)?;
            if index.get(v).is_none() {
                // A version set aside is deleted by its key.
                let Some(i) = index.aside.iter().position(|a| a.id == v.to_string()) else {
                    return Err(VersionError::NotFound);
                };
                let aside = index.aside.remove(i);
                if aside.key.starts_with(ASIDE_PREFIX) {
                    lib.tx_remove(tx, &aside.key)?;
                }
                return lib.write_history(tx, name, &index);
            }
            lib.remove_version(tx, name, &mut index, v)?;
            lib.write_history(tx, name, &index)
        })
    }

    /// Stores version `v` of `bp` as a new blueprint under a fresh ID (its cards keep their
    /// IDs, so comparing the copy with the original matches exactly), titled "… (<name or
    /// when>)" and naming the original in `metadata.derived_from`; the history of the
    /// original is untouched (the copy starts with none).
    pub fn copy_version_as_new(
        &mut self,
        bp: &BlueprintId,
        v: &VersionId,
        ids: &mut (impl IdSource + ?Sized),
        now: Timestamp,
    ) -> Result<(Blueprint, Saved), VersionError> {
        let mut doc = self.version(bp, v)?;
        let (index, _) = self.read_history(bp.as_str())?;
        let rec = index.get(v).ok_or(VersionError::NotFound)?;
        let when = rec
            .head
            .name
            .clone()
            .unwrap_or_else(|| rec.head.at.to_string());
        let title = format!("{} ({when})", title_or_untitled(&doc));
        // The copy says where it came from, so a comparison can name its original.
        doc.metadata.derived_from = Some(DerivedFrom {
            blueprint: bp.clone(),
            title: doc.metadata.title.clone(),
            version: Some(when),
            at: Some(now),
        });
        self.save_as_copy(&doc, ids, now, Some(title))
            .map_err(|e| match e {
                SaveError::Store(StoreError::Full) => VersionError::Full,
                SaveError::Store(e) => VersionError::Store(e),
                _ => VersionError::NotVerified,
            })
    }

    /// Makes room for a blueprint itself: drops the oldest automatic snapshots of all
    /// blueprints that no other snapshot is stored against, until `need_units` UTF-16 code
    /// units are freed or none is left, and returns the units freed. A chain goes newest
    /// diff first, its base once nothing depends on it. Named versions are never dropped, nor
    /// the base a named version is stored against. The autosave calls it when a save finds
    /// the store full, then tries again: documents win over history. Nothing is re-stored, so
    /// the save path needs no diff code (the versions' code is a part that loads on demand).
    pub fn shed_history(&mut self, need_units: usize) -> Result<usize, VersionError> {
        let start = self.history_usage()?;
        let mut freed = 0;
        while freed < need_units {
            if !self.atomically(|lib, tx| lib.shed_one(tx))? {
                break;
            }
            freed = start.saturating_sub(self.history_usage()?);
        }
        Ok(freed)
    }

    /// Drops the oldest automatic snapshot, of any blueprint, that nothing is stored against;
    /// `false` when there is none.
    fn shed_one(&mut self, tx: &mut Tx) -> Result<bool, VersionError> {
        let mut oldest: Option<(Timestamp, String, VersionId)> = None;
        for key in self.store.keys()? {
            let Some(bp) = key.strip_prefix(HISTORY_PREFIX) else {
                continue;
            };
            let (index, _) = self.read_history(bp)?;
            let free = index
                .versions
                .iter()
                .find(|r| r.head.name.is_none() && !index.has_dependents(&r.head.id));
            if let Some(r) = free {
                if oldest.as_ref().is_none_or(|(at, _, _)| r.head.at < *at) {
                    oldest = Some((r.head.at, bp.to_string(), r.head.id.clone()));
                }
            }
        }
        let Some((_, bp, v)) = oldest else {
            return Ok(false);
        };
        let (mut index, _) = self.read_history(&bp)?;
        self.tx_remove(tx, &snap_key(&bp, &v))?;
        index.remove(&v);
        self.write_history(tx, &bp, &index)?;
        Ok(true)
    }

    /// Deletes the whole history of the blueprint named `bp` (it is deleted for good).
    pub(super) fn forget_history(&mut self, bp: &str) {
        let Ok(keys) = self.store.keys() else {
            return;
        };
        for key in keys {
            let mine = key == history_key(bp)
                || version_part(&key, SNAP_PREFIX, bp).is_some()
                || version_part(&key, ASIDE_PREFIX, bp).is_some();
            if mine {
                let _ = self.store.remove(&key);
            }
        }
    }

    /// Names version `v` (rewriting its header too, so a rebuilt index keeps the name).
    fn set_name(
        &mut self,
        tx: &mut Tx,
        bp: &str,
        index: &mut HistoryIndex,
        v: &VersionId,
        name: &str,
    ) -> Result<VersionMeta, VersionError> {
        let rec = index.get(v).ok_or(VersionError::NotFound)?.clone();
        if let Some(reason) = self.damage(bp, &rec)? {
            return Err(VersionError::Corrupt(reason));
        }
        let key = snap_key(bp, v);
        let text = self.store.get(&key)?.ok_or(VersionError::NotFound)?;
        let (mut head, body) = split_text(&text).map_err(VersionError::Corrupt)?;
        head.name = Some(name.to_string());
        let text = join_text(&head, body);
        self.tx_set(tx, &key, &text)?;
        let updated = record(&key, head, &text);
        let meta = updated.meta();
        if let Some(r) = index.get_mut(v) {
            *r = updated;
        }
        self.write_history(tx, bp, index)?;
        Ok(meta)
    }

    /// The document of the newest base of `index`, if it reads.
    fn newest_base_doc(&self, bp: &str, index: &HistoryIndex) -> Option<(VersionId, Blueprint)> {
        let base = index.newest_base()?;
        let doc = self.decode(bp, index, base).ok()?;
        Some((base.head.id.clone(), doc))
    }

    /// Adds `doc` to the history `index` of its blueprint: thins, writes the snapshot (making
    /// room when the store is full) and keeps the budget.
    fn add_snapshot(
        &mut self,
        tx: &mut Tx,
        mut index: HistoryIndex,
        doc: &Doc<'_>,
        trigger: Trigger,
        name: Option<String>,
        now: Timestamp,
    ) -> Result<VersionMeta, VersionError> {
        let bp = doc.doc.id.as_str();
        let metas: Vec<VersionMeta> = index.versions.iter().map(Record::meta).collect();
        // Room for the new one among the automatic snapshots, when it is one.
        let cap = self.history.max_automatic
            - usize::from(name.is_none()).min(self.history.max_automatic);
        for v in thinning(&metas, now, cap) {
            self.remove_version(tx, bp, &mut index, &v)?;
        }
        let id = index.next_id(now);
        let key = snap_key(bp, &id);
        loop {
            let base = self.newest_base_doc(bp, &index);
            let (base_id, body) = doc.body(base.as_ref().map(|(i, d)| (i, d)));
            let head = Head {
                id: id.clone(),
                at: now,
                trigger,
                name: name.clone(),
                title: doc.doc.metadata.title.clone(),
                cards: doc.doc.cards.len(),
                base: base_id,
                doc: doc.stamp.clone(),
            };
            let text = join_text(&head, &body);
            let mut with = index.clone();
            with.insert(record(&key, head, &text));
            let written = self
                .tx_set(tx, &key, &text)
                .and_then(|()| self.write_history(tx, bp, &with));
            match written {
                Ok(()) => {
                    index = with;
                    break;
                }
                Err(VersionError::Store(StoreError::Full)) => {
                    if !self.evict_one(tx, bp, &mut index, &id)? {
                        return Err(VersionError::Full);
                    }
                }
                Err(e) => return Err(e),
            }
        }
        let mut evicted = false;
        while tx.usage > self.history.budget_units {
            if !self.evict_one(tx, bp, &mut index, &id)? {
                return Err(VersionError::Full);
            }
            evicted = true;
        }
        if evicted {
            self.write_history(tx, bp, &index)?;
        }
        if tx.usage > self.history.budget_units {
            return Err(VersionError::Full);
        }
        index
            .get(&id)
            .map(Record::meta)
            .ok_or(VersionError::NotFound)
    }

    /// Drops the oldest automatic snapshot: of `bp` (whose index the caller holds and writes;
    /// never `keep`), else of another blueprint (whose index is written here). `false` when
    /// there is none.
    fn evict_one(
        &mut self,
        tx: &mut Tx,
        bp: &str,
        index: &mut HistoryIndex,
        keep: &VersionId,
    ) -> Result<bool, VersionError> {
        let own = index
            .versions
            .iter()
            .find(|r| r.head.name.is_none() && &r.head.id != keep)
            .map(|r| r.head.id.clone());
        if let Some(v) = own {
            self.remove_version(tx, bp, index, &v)?;
            return Ok(true);
        }
        let mut oldest: Option<(Timestamp, String, VersionId)> = None;
        for key in self.store.keys()? {
            let Some(other) = key.strip_prefix(HISTORY_PREFIX) else {
                continue;
            };
            if other == bp {
                continue;
            }
            let (theirs, _) = self.read_history(other)?;
            if let Some(r) = theirs.versions.iter().find(|r| r.head.name.is_none()) {
                if oldest.as_ref().is_none_or(|(at, _, _)| r.head.at < *at) {
                    oldest = Some((r.head.at, other.to_string(), r.head.id.clone()));
                }
            }
        }
        let Some((_, other, v)) = oldest else {
            return Ok(false);
        };
        let (mut theirs, _) = self.read_history(&other)?;
        self.remove_version(tx, &other, &mut theirs, &v)?;
        self.write_history(tx, &other, &theirs)?;
        Ok(true)
    }

    /// Removes version `v` from `index` and the store; the versions stored against it are
    /// re-stored (the newest as the new base, the others against it), or set aside when the
    /// base cannot be read. The caller writes the index.
    fn remove_version(
        &mut self,
        tx: &mut Tx,
        bp: &str,
        index: &mut HistoryIndex,
        v: &VersionId,
    ) -> Result<(), VersionError> {
        if index.get(v).is_none() {
            return Err(VersionError::NotFound);
        }
        let dependents: Vec<Record> = index
            .versions
            .iter()
            .filter(|r| r.head.base.as_ref() == Some(v))
            .cloned()
            .collect();
        let mut docs = Vec::new();
        for rec in &dependents {
            match self.decode(bp, index, rec) {
                Ok(doc) => docs.push((rec.head.clone(), doc)),
                Err(reason) => {
                    let key = snap_key(bp, &rec.head.id);
                    let to = aside_key(bp, &rec.head.id.to_string());
                    if let Some(text) = self.store.get(&key)? {
                        self.tx_remove(tx, &key)?;
                        self.tx_set(tx, &to, &text)?;
                    }
                    index.remove(&rec.head.id);
                    index.aside.push(Aside {
                        id: rec.head.id.to_string(),
                        key: to,
                        reason,
                    });
                }
            }
        }
        self.tx_remove(tx, &snap_key(bp, v))?;
        index.remove(v);
        // The newest dependent becomes the base: new snapshots are diffed against it.
        let mut new_base: Option<(VersionId, Blueprint)> = None;
        for (mut head, doc) in docs.into_iter().rev() {
            let encoded = Doc::new(&doc);
            let (base, body) = encoded.body(new_base.as_ref().map(|(i, d)| (i, d)));
            head.base = base;
            let key = snap_key(bp, &head.id);
            let text = join_text(&head, &body);
            self.tx_set(tx, &key, &text)?;
            let id = head.id.clone();
            let is_base = head.base.is_none();
            if let Some(r) = index.get_mut(&id) {
                *r = record(&key, head, &text);
            }
            if new_base.is_none() && is_base {
                new_base = Some((id, doc));
            }
        }
        Ok(())
    }
}
