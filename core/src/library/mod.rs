//! The local library: every blueprint stored in this browser, saved so that nothing is lost.
//!
//! Layout of the store (all keys start with `stageline:v1:`):
//! - `doc:<id>`: one blueprint, in the schema crate's compact JSON;
//! - `index`: a small [`Index`] of summaries for the home view (a cache, rebuilt when stale);
//! - `last`: the ID of the blueprint opened most recently;
//! - `original:<id>`: the text of a document written by an older schema version, kept while
//!   its migrated form is being saved;
//! - `history:<id>`, `snap:<id>:<version>`, `snap-aside:<id>:<version>`: the blueprint's
//!   version history (an index, one key per snapshot, whole or as a diff against a base, and
//!   damaged snapshots kept aside), within a budget of its own ([`versions`]);
//! - `workshop:<id>`, `replica:<id>`: its live workshop, if any ([`workshop`]).
//!
//! The rules that keep work safe:
//! - every document read goes through the schema crate's one load path;
//! - every write is read back and compared; a failed write leaves the old value untouched;
//! - a stored document that fails to load is listed as broken and never overwritten;
//! - a save is refused with [`SaveError::Conflict`] when the stored copy changed since this
//!   session read or wrote it (another tab), so no tab silently overwrites another;
//! - deleting moves to a trash; only [`Library::purge`] removes a document.
//!
//! The store is a [`Store`], so all of this is tested natively with a [`MemoryStore`]; the
//! browser's store is a [`RememberingStore`] over local storage, whose rules are tested
//! natively over a fake raw storage. [`autosave`] holds the autosave's decisions (dirty,
//! saved, failed, another tab's version taken or a conflict), also tested natively.

pub mod autosave;
pub mod index;
pub mod remember;
pub mod store;
pub mod versions;
pub mod workshop;

use std::fmt;

use stageline_schema::{
    load_str, to_json_compact, Blueprint, BlueprintId, IdSource, LoadError, Loaded, Timestamp,
};

pub use autosave::{
    conflict_copy_title, Autosaver, Outcome, Resolution, SaveStatus, Timer, CONFLICT_COPY_SUFFIX,
};
pub use index::{Entry, Index, Stamp};
pub use remember::{Memory, RawStorage, RememberingStore};
pub use store::{utf16_len, MemoryStore, Store, StoreError};
pub use versions::{
    thinning, BrokenVersion, HistoryPolicy, Trigger, VersionError, VersionId, VersionIdError,
    VersionList, VersionMeta, HISTORY_BUDGET_UNITS, MAX_AUTOMATIC,
};

/// The prefix of every key the library writes.
pub const KEY_PREFIX: &str = "stageline:v1:";
/// The prefix of stored blueprints' keys.
pub const DOC_PREFIX: &str = "stageline:v1:doc:";
/// The key of the index.
pub const INDEX_KEY: &str = "stageline:v1:index";
/// The key naming the blueprint opened most recently.
pub const LAST_KEY: &str = "stageline:v1:last";
/// The prefix of originals kept while a migrated document is saved.
pub const ORIGINAL_PREFIX: &str = "stageline:v1:original:";

/// The storage key of a blueprint.
pub fn doc_key(id: &BlueprintId) -> String {
    format!("{DOC_PREFIX}{id}")
}

/// The function that turns stored text into a document: the schema crate's one load path
/// (replaceable in tests, e.g. to exercise migrations).
pub type Loader = fn(&str) -> Result<Loaded, LoadError>;

/// What this session knows about the stored copy of the document it edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base {
    /// The fingerprint of the stored text this session last read or wrote.
    pub stamp: Stamp,
    /// The older schema version the stored text has, until the migrated document is saved.
    pub migrated_from: Option<u32>,
}

/// A stored document that fails to load; it stays untouched until the user deletes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    /// Its storage key.
    pub key: String,
    /// The ID part of the key, as stored (possibly not a valid ID).
    pub name: String,
    /// Why it fails to load (naming the JSON path where there is one).
    pub reason: String,
    /// Its size in UTF-16 code units.
    pub size: usize,
}

/// Everything stored, for the home view.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Listing {
    /// Blueprints in the library, most recently modified first.
    pub active: Vec<Entry>,
    /// Blueprints in the trash, most recently trashed first.
    pub trashed: Vec<Entry>,
    /// Stored documents that fail to load.
    pub broken: Vec<Broken>,
}

/// A blueprint opened from the store.
#[derive(Debug, Clone, PartialEq)]
pub struct Opened {
    /// The document at the current schema version.
    pub blueprint: Blueprint,
    /// What the load path repaired or ignored, each a sentence in words a user understands
    /// that names where ([`stageline_schema::Warning::sentence`]).
    pub warnings: Vec<String>,
    /// What the session must remember to save it back safely.
    pub base: Base,
    /// Whether it is in the trash.
    pub trashed: bool,
}

/// Why a stored blueprint could not be opened.
#[derive(Debug, Clone, PartialEq)]
pub enum OpenError {
    /// Nothing is stored under this ID.
    NotFound,
    /// The stored text fails to load; it is left untouched.
    Broken(Broken),
    /// The storage could not be read.
    Store(StoreError),
}

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpenError::NotFound => write!(f, "there is no blueprint with this ID in this browser"),
            OpenError::Broken(b) => write!(f, "the stored blueprint cannot be read: {}", b.reason),
            OpenError::Store(e) => write!(f, "{e}"),
        }
    }
}

/// A successful save.
#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    /// The new base for the next save.
    pub base: Base,
    /// The blueprint's summary as stored.
    pub entry: Entry,
    /// Set when the document was saved but the index could not be updated (it is rebuilt
    /// from the documents on the next listing, so nothing is lost).
    pub index_error: Option<StoreError>,
}

/// Why a save did not happen; in every case the stored copy is unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveError {
    /// The stored copy changed since this session read or wrote it (another tab saved it).
    Conflict,
    /// A blueprint with this ID is stored already (when creating).
    Exists,
    /// The storage refused the write (full, unavailable).
    Store(StoreError),
    /// The write seemed to succeed but reading it back gave something else.
    NotVerified,
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SaveError::Conflict => write!(f, "the blueprint was changed in another tab"),
            SaveError::Exists => write!(f, "a blueprint with this ID is already stored"),
            SaveError::Store(e) => write!(f, "{e}"),
            SaveError::NotVerified => {
                write!(f, "the stored copy did not read back correctly")
            }
        }
    }
}

impl From<StoreError> for SaveError {
    fn from(e: StoreError) -> SaveError {
        SaveError::Store(e)
    }
}

/// The library over a store.
pub struct Library<S: Store> {
    store: S,
    loader: Loader,
    history: HistoryPolicy,
}

impl<S: Store> Library<S> {
    /// A library over `store`, loading through the schema crate's [`load_str`].
    pub fn new(store: S) -> Library<S> {
        Library::with_loader(store, load_str)
    }

    /// A library with another loader (tests use it to simulate older schema versions).
    pub fn with_loader(store: S, loader: Loader) -> Library<S> {
        Library {
            store,
            loader,
            history: HistoryPolicy::default(),
        }
    }

    /// The underlying store.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// The underlying store, mutably (tests use it to simulate other tabs and corruption).
    pub fn store_mut(&mut self) -> &mut S {
        &mut self.store
    }

    /// Parses text through the one load path, with its warnings in words.
    pub fn load(&self, text: &str) -> Result<Loaded, LoadError> {
        (self.loader)(text)
    }

    fn read_index(&self) -> Index {
        match self.store.get(INDEX_KEY) {
            Ok(Some(text)) => Index::parse(&text).unwrap_or_default(),
            _ => Index::default(),
        }
    }

    fn write_index(&mut self, mut index: Index) -> Result<(), StoreError> {
        index.version = Index::VERSION;
        self.store.set(INDEX_KEY, &index.to_text())
    }

    /// Lists every stored blueprint, rebuilding index entries that are missing or stale and
    /// reporting documents that fail to load. Listing an empty library writes nothing.
    pub fn list(&mut self) -> Result<Listing, StoreError> {
        let old = self.read_index();
        let mut index = Index {
            version: Index::VERSION,
            entries: Vec::new(),
        };
        let mut listing = Listing::default();
        let mut doc_keys: Vec<String> = self
            .store
            .keys()?
            .into_iter()
            .filter(|k| k.starts_with(DOC_PREFIX))
            .collect();
        doc_keys.sort();
        for key in doc_keys {
            let Some(text) = self.store.get(&key)? else {
                continue;
            };
            let name = key[DOC_PREFIX.len()..].to_string();
            let stamp = Stamp::of(&text);
            let known = old
                .entries
                .iter()
                .find(|e| e.id.as_str() == name && e.stamp == stamp);
            if let Some(entry) = known {
                index.upsert(entry.clone());
                continue;
            }
            match self.load(&text) {
                Ok(loaded) if loaded.blueprint.id.as_str() == name => {
                    let mut entry = Entry::summarise(&loaded.blueprint, &text, stamp);
                    entry.trashed = old
                        .entries
                        .iter()
                        .find(|e| e.id.as_str() == name)
                        .and_then(|e| e.trashed);
                    index.upsert(entry);
                }
                Ok(loaded) => listing.broken.push(Broken {
                    key: key.clone(),
                    name,
                    reason: format!(
                        "it is stored under another blueprint's key (its id is {:?})",
                        loaded.blueprint.id.as_str()
                    ),
                    size: utf16_len(&text),
                }),
                Err(err) => listing.broken.push(Broken {
                    key: key.clone(),
                    name,
                    reason: err.to_string(),
                    size: utf16_len(&text),
                }),
            }
        }
        let nothing_stored = index.entries.is_empty() && old.entries.is_empty();
        if index != old && !nothing_stored {
            // The index is a cache: failing to store it costs time, never data. An empty
            // library has none: looking at it stores nothing.
            let _ = self.write_index(index.clone());
        }
        for entry in index.entries {
            if entry.trashed.is_some() {
                listing.trashed.push(entry);
            } else {
                listing.active.push(entry);
            }
        }
        listing
            .active
            .sort_by_key(|e| std::cmp::Reverse(e.modified));
        listing
            .trashed
            .sort_by_key(|e| std::cmp::Reverse(e.trashed));
        Ok(listing)
    }

    /// Opens the blueprint stored under `id`.
    pub fn open(&self, id: &BlueprintId) -> Result<Opened, OpenError> {
        let key = doc_key(id);
        let (text, stamp) = self
            .store
            .get_stamped(&key)
            .map_err(OpenError::Store)?
            .ok_or(OpenError::NotFound)?;
        let broken = |reason: String| {
            OpenError::Broken(Broken {
                key: key.clone(),
                name: id.to_string(),
                reason,
                size: utf16_len(&text),
            })
        };
        let loaded = self.load(&text).map_err(|e| broken(e.to_string()))?;
        if &loaded.blueprint.id != id {
            return Err(broken(format!(
                "it is stored under another blueprint's key (its id is {:?})",
                loaded.blueprint.id.as_str()
            )));
        }
        let trashed = self
            .read_index()
            .get(id)
            .is_some_and(|e| e.trashed.is_some());
        Ok(Opened {
            warnings: loaded
                .warnings
                .iter()
                .map(|w| w.sentence().to_string())
                .collect(),
            base: Base {
                stamp,
                migrated_from: loaded.migrated_from,
            },
            blueprint: loaded.blueprint,
            trashed,
        })
    }

    /// The stored text of a key, exactly as stored (to download a broken entry or a backup).
    pub fn raw(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.store.get(key)
    }

    /// Whether a blueprint with this ID is stored.
    pub fn contains(&self, id: &BlueprintId) -> Result<bool, StoreError> {
        Ok(self.store.get(&doc_key(id))?.is_some())
    }

    /// Saves `doc` exactly as it is over the stored copy this session knows as `base`;
    /// refuses when the stored copy changed meanwhile. With `base` `None` the save creates
    /// the blueprint and refuses when one with this ID is stored already.
    pub fn save(&mut self, doc: &Blueprint, base: Option<&Base>) -> Result<Saved, SaveError> {
        let key = doc_key(&doc.id);
        // Only the stored copy's fingerprint is needed to tell whether another tab saved in
        // between, not its text (a large blueprint's text costs as much to read as to write).
        let stored = self.store.stamp(&key)?;
        match (&stored, base) {
            (Some(_), None) => return Err(SaveError::Exists),
            (Some(stamp), Some(base)) if *stamp != base.stamp => return Err(SaveError::Conflict),
            _ => {}
        }
        let text = to_json_compact(doc);
        let stamp = Stamp::of(&text);
        // A document of an older schema version is kept aside until its migrated form is
        // safely stored, so a failure half-way never leaves neither.
        let original_key = format!("{ORIGINAL_PREFIX}{}", doc.id);
        let keep_original = base.is_some_and(|b| b.migrated_from.is_some());
        if keep_original && stored.is_some() && self.store.get(&original_key)?.is_none() {
            if let Some(old) = self.store.get(&key)? {
                self.store.set(&original_key, &old)?;
            }
        }
        let verified = match self.store.replace_verified(&key, &text, &stamp) {
            // Blueprints win over history: the oldest automatic versions make room, once.
            Err(StoreError::Full) => {
                let need = utf16_len(&key) + utf16_len(&text);
                if self.shed_history(need).unwrap_or(0) == 0 {
                    return Err(SaveError::Store(StoreError::Full));
                }
                self.store.replace_verified(&key, &text, &stamp)?
            }
            other => other?,
        };
        if !verified {
            return Err(SaveError::NotVerified);
        }
        if keep_original {
            let _ = self.store.remove(&original_key);
        }
        let mut index = self.read_index();
        let mut entry = Entry::summarise(doc, &text, stamp);
        entry.trashed = index.get(&doc.id).and_then(|e| e.trashed);
        index.upsert(entry.clone());
        let index_error = self.write_index(index).err();
        Ok(Saved {
            base: Base {
                stamp: entry.stamp.clone(),
                migrated_from: None,
            },
            entry,
            index_error,
        })
    }

    /// Stores `doc` as a new blueprint under a fresh ID (an import of a blueprint whose ID
    /// is taken, or a duplicate); returns the new ID and the save.
    pub fn save_as_copy(
        &mut self,
        doc: &Blueprint,
        ids: &mut (impl IdSource + ?Sized),
        now: Timestamp,
        title: Option<String>,
    ) -> Result<(Blueprint, Saved), SaveError> {
        let mut copy = doc.clone();
        loop {
            copy.id = BlueprintId::generate(ids);
            if !self.contains(&copy.id)? {
                break;
            }
        }
        if let Some(title) = title {
            copy.metadata.title = title;
        }
        copy.metadata.created = Some(now);
        copy.metadata.modified = Some(now);
        let saved = self.save(&copy, None)?;
        Ok((copy, saved))
    }

    /// Duplicates a stored blueprint under a new ID, titled "… (copy)".
    pub fn duplicate(
        &mut self,
        id: &BlueprintId,
        ids: &mut (impl IdSource + ?Sized),
        now: Timestamp,
    ) -> Result<Entry, LibraryError> {
        let opened = self.open(id)?;
        let title = format!("{} (copy)", title_or_untitled(&opened.blueprint));
        let (_, saved) = self.save_as_copy(&opened.blueprint, ids, now, Some(title))?;
        Ok(saved.entry)
    }

    /// Renames a stored blueprint (one that is not open for editing in this session).
    pub fn rename(
        &mut self,
        id: &BlueprintId,
        title: &str,
        now: Timestamp,
    ) -> Result<Entry, LibraryError> {
        let mut opened = self.open(id)?;
        opened.blueprint.metadata.title = title.trim().to_string();
        opened.blueprint.metadata.modified = Some(now);
        Ok(self.save(&opened.blueprint, Some(&opened.base))?.entry)
    }

    /// Moves a blueprint to the trash (`Some(now)`) or back into the library (`None`).
    pub fn set_trashed(
        &mut self,
        id: &BlueprintId,
        trashed: Option<Timestamp>,
    ) -> Result<(), LibraryError> {
        if !self.contains(id)? {
            return Err(LibraryError::Open(OpenError::NotFound));
        }
        let mut index = self.read_index();
        if index.get(id).is_none() {
            self.list()?;
            index = self.read_index();
        }
        let Some(entry) = index.entries.iter_mut().find(|e| &e.id == id) else {
            // Stored but not listed: it fails to load, and a broken entry is never touched.
            return Err(self.open(id).err().unwrap_or(OpenError::NotFound).into());
        };
        entry.trashed = trashed;
        self.write_index(index)?;
        Ok(())
    }

    /// Deletes a blueprint for good (from the trash), or a broken entry by its key.
    pub fn purge_key(&mut self, key: &str) -> Result<(), StoreError> {
        if !key.starts_with(DOC_PREFIX) {
            return Ok(());
        }
        self.store.remove(key)?;
        let name = &key[DOC_PREFIX.len()..];
        let _ = self.store.remove(&format!("{ORIGINAL_PREFIX}{name}"));
        self.forget_workshop(name);
        self.forget_history(name);
        let mut index = self.read_index();
        index.entries.retain(|e| e.id.as_str() != name);
        let _ = self.write_index(index);
        if self
            .last()
            .ok()
            .flatten()
            .is_some_and(|l| l.as_str() == name)
        {
            let _ = self.store.remove(LAST_KEY);
        }
        Ok(())
    }

    /// Deletes a blueprint for good.
    pub fn purge(&mut self, id: &BlueprintId) -> Result<(), StoreError> {
        self.purge_key(&doc_key(id))
    }

    /// The blueprint opened most recently, if it is still stored.
    pub fn last(&self) -> Result<Option<BlueprintId>, StoreError> {
        Ok(self
            .store
            .get(LAST_KEY)?
            .and_then(|s| s.parse::<BlueprintId>().ok()))
    }

    /// Remembers the blueprint opened most recently.
    pub fn set_last(&mut self, id: &BlueprintId) -> Result<(), StoreError> {
        self.store.set(LAST_KEY, id.as_str())
    }

    /// The space Stageline's keys take, in UTF-16 code units (what the browser's quota counts;
    /// about two bytes each).
    pub fn usage(&self) -> Result<usize, StoreError> {
        let mut total = 0;
        for key in self.store.keys()? {
            if key.starts_with("stageline:") {
                let value = self.store.get(&key)?.unwrap_or_default();
                total += utf16_len(&key) + utf16_len(&value);
            }
        }
        Ok(total)
    }
}

/// A blueprint's title, or "Untitled blueprint" when blank.
pub fn title_or_untitled(doc: &Blueprint) -> &str {
    if doc.metadata.title.trim().is_empty() {
        crate::fields::defaults::UNTITLED_BLUEPRINT
    } else {
        &doc.metadata.title
    }
}

/// A safe file name for a blueprint titled `title` (letters, digits and dashes, at most 60
/// characters, then `.stageline.json`), for downloads and backups.
pub fn file_name(title: &str) -> String {
    let mut name = String::new();
    for c in title.chars() {
        if c.is_alphanumeric() {
            name.extend(c.to_lowercase());
        } else if !name.ends_with('-') && !name.is_empty() {
            name.push('-');
        }
    }
    // Cut to 60 characters first, so that the cut never leaves a dash at the end.
    let name: String = name.chars().take(60).collect();
    let name = name.trim_end_matches('-');
    if name.is_empty() {
        "blueprint.stageline.json".to_string()
    } else {
        format!("{name}.stageline.json")
    }
}

/// Why a library operation failed.
#[derive(Debug, Clone, PartialEq)]
pub enum LibraryError {
    /// The blueprint could not be opened.
    Open(OpenError),
    /// It could not be saved.
    Save(SaveError),
}

impl fmt::Display for LibraryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LibraryError::Open(e) => write!(f, "{e}"),
            LibraryError::Save(e) => write!(f, "{e}"),
        }
    }
}

impl From<OpenError> for LibraryError {
    fn from(e: OpenError) -> LibraryError {
        LibraryError::Open(e)
    }
}

impl From<SaveError> for LibraryError {
    fn from(e: SaveError) -> LibraryError {
        LibraryError::Save(e)
    }
}

impl From<StoreError> for LibraryError {
    fn from(e: StoreError) -> LibraryError {
        LibraryError::Save(SaveError::Store(e))
    }
}
