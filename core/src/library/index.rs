//! The library's small index: one summary per stored blueprint, so the home view can list
//! them without parsing every document.
//!
//! The index is a cache. Each entry carries the [`Stamp`] of the stored text it summarises;
//! when the two disagree (another tab, an older build or a hand edit changed the document),
//! the entry is rebuilt from the document itself. A missing or unreadable index is rebuilt the
//! same way, so losing it never loses a blueprint.

use serde::{Deserialize, Serialize};
use stageline_schema::{Blueprint, BlueprintId, Timestamp};

/// A fingerprint of a stored document's exact text (64-bit FNV-1a), used to notice that the
/// stored copy changed since this tab read or wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Stamp(pub String);

impl Stamp {
    /// The fingerprint of `text`.
    pub fn of(text: &str) -> Stamp {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in text.bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        Stamp(format!("{hash:016x}{:x}", text.len()))
    }
}

/// What the home view shows of one stored blueprint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The blueprint's ID (its storage key is derived from it).
    pub id: BlueprintId,
    /// Its title, as stored.
    pub title: String,
    /// How many stages it has.
    pub stages: usize,
    /// How many cards it has.
    pub cards: usize,
    /// When it was last changed, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<Timestamp>,
    /// The size of the stored text, in UTF-16 code units (what the browser's quota counts).
    #[serde(default)]
    pub size: usize,
    /// The fingerprint of the stored text this entry summarises.
    pub stamp: Stamp,
    /// When it was moved to the trash; `None` while it is in the library.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trashed: Option<Timestamp>,
}

impl Entry {
    /// Summarises `doc`, stored as `text`, whose fingerprint is `stamp` (the caller has it
    /// already: hashing a large blueprint twice per save is not free).
    pub fn summarise(doc: &Blueprint, text: &str, stamp: Stamp) -> Entry {
        Entry {
            id: doc.id.clone(),
            title: doc.metadata.title.clone(),
            stages: doc.stages.len(),
            cards: doc.cards.len(),
            modified: doc.metadata.modified,
            size: super::store::utf16_len(text),
            stamp,
            trashed: None,
        }
    }

    /// The title to show: the stored one, or "Untitled blueprint" when it is blank.
    pub fn display_title(&self) -> &str {
        if self.title.trim().is_empty() {
            crate::fields::defaults::UNTITLED_BLUEPRINT
        } else {
            &self.title
        }
    }

    /// Whether the entry matches a search: every word of `query` appears in its title, case
    /// and accents aside (an empty query matches everything).
    pub fn matches(&self, query: &str) -> bool {
        let title = fold(self.display_title());
        fold(query)
            .split_whitespace()
            .all(|word| title.contains(word))
    }
}

/// Lowercases and strips the common Latin accents, so "cafe" finds "Café".
fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            other => other,
        })
        .collect()
}

/// The stored index: a format version and the entries.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Index {
    /// The index format's version (1).
    pub version: u32,
    /// One entry per stored blueprint, in ID order.
    pub entries: Vec<Entry>,
}

impl Index {
    /// The index format this build writes.
    pub const VERSION: u32 = 1;

    /// Reads a stored index; anything unreadable or of another version gives `None` (the
    /// caller rebuilds it from the documents).
    pub fn parse(text: &str) -> Option<Index> {
        let mut index = serde_json::from_str::<Index>(text)
            .ok()
            .filter(|i| i.version == Index::VERSION)?;
        index
            .entries
            .sort_by(|a, b| a.id.as_str().cmp(b.id.as_str()));
        Some(index)
    }

    /// The stored form.
    pub fn to_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The entry of `id`, if any.
    pub fn get(&self, id: &BlueprintId) -> Option<&Entry> {
        self.entries.iter().find(|e| &e.id == id)
    }

    /// Inserts or replaces the entry with the same ID, keeping the entries in ID order (so
    /// the same library always gives the same index text).
    pub fn upsert(&mut self, entry: Entry) {
        match self
            .entries
            .binary_search_by(|e| e.id.as_str().cmp(entry.id.as_str()))
        {
            Ok(i) => self.entries[i] = entry,
            Err(i) => self.entries.insert(i, entry),
        }
    }

    /// Removes the entry of `id`, if any.
    pub fn remove(&mut self, id: &BlueprintId) {
        self.entries.retain(|e| &e.id != id);
    }
}
