//! The local library: saves are verified, conflicts between tabs refused, a full store or a
//! broken entry never costs stored work, trash and copies, migration originals kept.

use stageline_core::library::{
    doc_key, Base, Library, MemoryStore, OpenError, SaveError, Stamp, Store, StoreError,
    DOC_PREFIX, INDEX_KEY, LAST_KEY, ORIGINAL_PREFIX,
};
use stageline_schema::{
    load_str, to_json_compact, Blueprint, BlueprintId, LoadError, Loaded, SeededIds, Timestamp,
};

fn at(ms: i64) -> Timestamp {
    Timestamp::from_unix_millis(1_790_000_000_000 + ms).expect("a valid time")
}

fn blank(ids: &mut SeededIds, title: &str) -> Blueprint {
    Blueprint::new_blank(ids, at(0), title)
}

fn ids() -> SeededIds {
    SeededIds::new(7)
}

#[test]
fn a_saved_blueprint_opens_again_with_its_modified_time_and_is_listed() {
    let mut ids = ids();
    let mut lib = Library::new(MemoryStore::new());
    let doc = blank(&mut ids, "Hotel stay");
    let mut doc = doc;
    doc.metadata.modified = Some(at(5));
    let saved = lib.save(&doc, None).expect("saved");
    assert_eq!(saved.entry.title, "Hotel stay");
    assert_eq!(saved.entry.stages, 1);
    assert!(saved.index_error.is_none());
    let opened = lib.open(&doc.id).expect("opens");
    assert_eq!(opened.blueprint.metadata.modified, Some(at(5)));
    assert_eq!(opened.base, saved.base);
    assert!(opened.warnings.is_empty());
    let listing = lib.list().expect("lists");
    assert_eq!(listing.active.len(), 1);
    assert_eq!(listing.active[0].id, doc.id);
    assert!(listing.trashed.is_empty() && listing.broken.is_empty());
}

#[test]
fn a_new_blueprint_never_replaces_a_stored_one_with_the_same_id() {
    let mut ids = ids();
    let mut lib = Library::new(MemoryStore::new());
    let doc = blank(&mut ids, "First");
    lib.save(&doc, None).expect("saved");
    let mut other = doc.clone();
    other.metadata.title = "Second".into();
    assert_eq!(lib.save(&other, None), Err(SaveError::Exists));
    assert_eq!(
        lib.open(&doc.id).expect("opens").blueprint.metadata.title,
        "First"
    );
}

#[test]
fn a_stale_tab_cannot_overwrite_a_newer_save() {
    let mut ids = ids();
    let mut lib = Library::new(MemoryStore::new());
    let doc = blank(&mut ids, "Shared");
    let first = lib.save(&doc, None).expect("saved");
    // Two tabs opened the same stored copy.
    let (mut tab_a, mut tab_b) = (doc.clone(), doc.clone());
    tab_a.metadata.title = "A's title".into();
    let a = lib.save(&tab_a, Some(&first.base)).expect("A saves");
    tab_b.metadata.title = "B's title".into();
    assert_eq!(
        lib.save(&tab_b, Some(&first.base)),
        Err(SaveError::Conflict)
    );
    assert_eq!(
        lib.open(&doc.id).expect("opens").blueprint.metadata.title,
        "A's title"
    );
    // A keeps saving from its own base.
    tab_a.metadata.title = "A again".into();
    lib.save(&tab_a, Some(&a.base)).expect("A saves again");
    // B keeps its work as a copy: nothing is lost.
    let (copy, _) = lib
        .save_as_copy(&tab_b, &mut ids, at(5), None)
        .expect("copy saved");
    assert_ne!(copy.id, doc.id);
    let listing = lib.list().expect("lists");
    let titles: Vec<&str> = listing.active.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles, ["B's title", "A again"]);
}

#[test]
fn a_full_store_refuses_the_write_and_keeps_everything_stored() {
    let mut ids = ids();
    let doc = blank(&mut ids, "Workshop");
    let mut lib = Library::new(MemoryStore::new());
    let first = lib.save(&doc, None).expect("saved");
    let before = lib.store().entries.clone();
    let used = lib.store().used();
    lib.store_mut().quota = Some(used + 40);
    let mut bigger = doc.clone();
    bigger.metadata.description = "x".repeat(500);
    let err = lib.save(&bigger, Some(&first.base)).expect_err("full");
    assert_eq!(err, SaveError::Store(StoreError::Full));
    assert_eq!(lib.store().entries, before, "nothing stored was changed");
    assert_eq!(
        lib.open(&doc.id)
            .expect("opens")
            .blueprint
            .metadata
            .description,
        ""
    );
}

#[test]
fn a_broken_entry_is_listed_never_opened_as_blank_and_never_overwritten() {
    let mut ids = ids();
    let mut lib = Library::new(MemoryStore::new());
    let good = blank(&mut ids, "Good");
    lib.save(&good, None).expect("saved");
    let bad_id: BlueprintId = "bp_broken".parse().expect("an id");
    let garbage = "{\"format\":\"stageline.blueprint\",\"schema_version\":1,\"id\":\"bp_broken\",\"stages\":[";
    lib.store_mut()
        .set(&doc_key(&bad_id), garbage)
        .expect("stored");
    let listing = lib.list().expect("lists");
    assert_eq!(listing.active.len(), 1);
    assert_eq!(listing.broken.len(), 1);
    assert_eq!(listing.broken[0].key, doc_key(&bad_id));
    assert!(
        listing.broken[0].reason.contains("line 1"),
        "{}",
        listing.broken[0].reason
    );
    match lib.open(&bad_id) {
        Err(OpenError::Broken(b)) => assert_eq!(b.name, "bp_broken"),
        other => panic!("expected a broken entry, got {other:?}"),
    }
    // A new blueprint that happens to get the same ID does not replace it.
    let mut clash = blank(&mut ids, "Clash");
    clash.id = bad_id.clone();
    assert_eq!(lib.save(&clash, None), Err(SaveError::Exists));
    assert_eq!(
        lib.raw(&doc_key(&bad_id)).expect("read").as_deref(),
        Some(garbage)
    );
    // Only an explicit purge removes it.
    lib.purge_key(&doc_key(&bad_id)).expect("purged");
    assert!(lib.list().expect("lists").broken.is_empty());
}

#[test]
fn a_document_under_another_blueprints_key_is_reported_not_opened() {
    let mut ids = ids();
    let mut lib = Library::new(MemoryStore::new());
    let doc = blank(&mut ids, "Moved");
    let text = to_json_compact(&doc);
    lib.store_mut()
        .set(&format!("{DOC_PREFIX}bp_elsewhere"), &text)
        .expect("stored");
    let listing = lib.list().expect("lists");
    assert_eq!(listing.broken.len(), 1);
    assert!(listing.broken[0].reason.contains("another blueprint"));
    let id: BlueprintId = "bp_elsewhere".parse().expect("an id");
    assert!(matches!(lib.open(&id), Err(OpenError::Broken(_))));
}

#[test]
fn the_index_is_rebuilt_when_missing_stale_or_unreadable() {
    let mut ids = ids();
    let mut lib = Library::new(MemoryStore::new());
    let doc = blank(&mut ids, "Indexed");
    let saved = lib.save(&doc, None).expect("saved");
    // Another build (or tab) rewrote the document without updating the index.
    let mut changed = doc.clone();
    changed.metadata.title = "Changed elsewhere".into();
    lib.store_mut()
        .set(&doc_key(&doc.id), &to_json_compact(&changed))
        .expect("stored");
    assert_eq!(
        lib.list().expect("lists").active[0].title,
        "Changed elsewhere"
    );
    // And the session holding the old base is told, instead of overwriting it.
    assert_eq!(lib.save(&doc, Some(&saved.base)), Err(SaveError::Conflict));
    // A lost or garbled index costs nothing.
    lib.store_mut().remove(INDEX_KEY).expect("removed");
    assert_eq!(lib.list().expect("lists").active.len(), 1);
    lib.store_mut().set(INDEX_KEY, "{not json").expect("stored");
    assert_eq!(lib.list().expect("lists").active.len(), 1);
}

#[test]
fn data_from_the_first_storage_layout_appears_in_the_library() {
    // The first builds stored `doc:<id>` and `last`, with no index.
    let mut ids = ids();
    let doc = blank(&mut ids, "From the first build");
    let mut store = MemoryStore::new();
    store
        .set(&doc_key(&doc.id), &to_json_compact(&doc))
        .expect("stored");
    store.set(LAST_KEY, doc.id.as_str()).expect("stored");
    let mut lib = Library::new(store);
    assert_eq!(lib.last().expect("reads"), Some(doc.id.clone()));
    let listing = lib.list().expect("lists");
    assert_eq!(listing.active.len(), 1);
    assert_eq!(listing.active[0].title, "From the first build");
    assert!(lib.store().entries.contains_key(INDEX_KEY));
}

#[test]
fn trash_restore_duplicate_rename_and_purge() {
    let mut ids = ids();
    let mut lib = Library::new(MemoryStore::new());
    let doc = blank(&mut ids, "Pharmacy");
    lib.save(&doc, None).expect("saved");
    let copy = lib.duplicate(&doc.id, &mut ids, at(2)).expect("duplicated");
    assert_eq!(copy.title, "Pharmacy (copy)");
    assert_ne!(copy.id, doc.id);
    lib.rename(&copy.id, "  Pharmacy, to-be  ", at(3))
        .expect("renamed");
    lib.set_trashed(&doc.id, Some(at(4))).expect("trashed");
    let listing = lib.list().expect("lists");
    assert_eq!(listing.active.len(), 1);
    assert_eq!(listing.active[0].title, "Pharmacy, to-be");
    assert_eq!(listing.trashed.len(), 1);
    assert!(lib.open(&doc.id).expect("still opens").trashed);
    lib.set_trashed(&doc.id, None).expect("restored");
    assert_eq!(lib.list().expect("lists").active.len(), 2);
    lib.set_last(&copy.id).expect("remembered");
    lib.purge(&copy.id).expect("purged");
    assert_eq!(lib.last().expect("reads"), None);
    assert!(matches!(lib.open(&copy.id), Err(OpenError::NotFound)));
    assert_eq!(lib.list().expect("lists").active.len(), 1);
    assert!(lib.usage().expect("measured") > 0);
}

#[test]
fn search_matches_every_word_ignoring_case_and_accents() {
    let mut ids = ids();
    let mut lib = Library::new(MemoryStore::new());
    let doc = blank(&mut ids, "Café opening — Lisbon");
    let entry = lib.save(&doc, None).expect("saved").entry;
    assert!(entry.matches(""));
    assert!(entry.matches("cafe"));
    assert!(entry.matches("LISBON café"));
    assert!(!entry.matches("porto"));
}

/// A loader that pretends texts carrying `"legacy"` in their title come from version 0.
fn legacy_loader(text: &str) -> Result<Loaded, LoadError> {
    let mut loaded = load_str(text)?;
    if loaded.blueprint.metadata.title.contains("legacy") {
        loaded.migrated_from = Some(0);
    }
    Ok(loaded)
}

#[test]
fn the_original_of_a_migrated_document_is_kept_until_the_migrated_one_is_saved() {
    let mut ids = ids();
    let doc = blank(&mut ids, "legacy plan");
    let old_text = to_json_compact(&doc);
    let mut store = MemoryStore::new();
    store.set(&doc_key(&doc.id), &old_text).expect("stored");
    let mut lib = Library::with_loader(store, legacy_loader);
    let opened = lib.open(&doc.id).expect("opens");
    assert_eq!(opened.base.migrated_from, Some(0));
    let original_key = format!("{ORIGINAL_PREFIX}{}", doc.id);

    // The store fills up after the original is put aside: the old document is untouched and
    // its original still there.
    let used = lib.store().used();
    let room = used + original_key.len() + old_text.len() + 10;
    lib.store_mut().quota = Some(room);
    let mut edited = opened.blueprint.clone();
    edited.metadata.description = "y".repeat(400);
    let err = lib.save(&edited, Some(&opened.base)).expect_err("full");
    assert_eq!(err, SaveError::Store(StoreError::Full));
    assert_eq!(
        lib.raw(&doc_key(&doc.id)).expect("reads"),
        Some(old_text.clone())
    );
    assert_eq!(
        lib.raw(&original_key).expect("reads"),
        Some(old_text.clone())
    );

    // With room, the migrated document is saved and then the original let go.
    lib.store_mut().quota = None;
    let saved = lib.save(&edited, Some(&opened.base)).expect("saved");
    assert_eq!(saved.base.migrated_from, None);
    assert_eq!(lib.raw(&original_key).expect("reads"), None);
    assert_eq!(
        lib.open(&doc.id)
            .expect("opens")
            .blueprint
            .metadata
            .description
            .len(),
        400
    );
}

/// A store whose writes to documents silently store something else.
struct Garbling(MemoryStore);

impl Store for Garbling {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.0.get(key)
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        if key.starts_with(DOC_PREFIX) && value.contains("garble me") {
            self.0.set(key, &value[..value.len() / 2])
        } else {
            self.0.set(key, value)
        }
    }
    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        self.0.remove(key)
    }
    fn keys(&self) -> Result<Vec<String>, StoreError> {
        self.0.keys()
    }
}

#[test]
fn a_write_that_does_not_read_back_is_a_failure_and_the_old_copy_is_put_back() {
    let mut ids = ids();
    let mut lib = Library::new(Garbling(MemoryStore::new()));
    let doc = blank(&mut ids, "Fine");
    let saved = lib.save(&doc, None).expect("saved");
    let before = lib.raw(&doc_key(&doc.id)).expect("reads");
    let mut edited = doc.clone();
    edited.metadata.title = "garble me".into();
    assert_eq!(
        lib.save(&edited, Some(&saved.base)),
        Err(SaveError::NotVerified)
    );
    assert_eq!(lib.raw(&doc_key(&doc.id)).expect("reads"), before);
}

/// A store that remembers the text it last wrote or opened and its stamp, as the browser's
/// does, so a save's conflict check and verification need not read a large document back; it
/// counts the document texts it still has to read (a `get`, or a stamp it did not remember).
struct Remembering {
    inner: MemoryStore,
    last: Option<(String, String, Stamp)>,
    /// What it last opened (`get_stamped` takes `&self`, hence the cell).
    opened: std::cell::RefCell<Option<(String, String, Stamp)>>,
    doc_reads: std::cell::Cell<usize>,
}

impl Store for Remembering {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        if key.starts_with(DOC_PREFIX) {
            self.doc_reads.set(self.doc_reads.get() + 1);
        }
        self.inner.get(key)
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.inner.set(key, value)
    }
    fn stamp(&self, key: &str) -> Result<Option<Stamp>, StoreError> {
        let Some(now) = self.inner.get(key)? else {
            return Ok(None);
        };
        let opened = self.opened.borrow();
        let known = [self.last.as_ref(), opened.as_ref()]
            .into_iter()
            .flatten()
            .find(|(k, text, _)| k == key && *text == now)
            .map(|(_, _, stamp)| stamp.clone());
        Ok(Some(known.unwrap_or_else(|| {
            // Not remembered: the text itself is read to fingerprint it.
            self.doc_reads.set(self.doc_reads.get() + 1);
            Stamp::of(&now)
        })))
    }
    fn get_stamped(&self, key: &str) -> Result<Option<(String, Stamp)>, StoreError> {
        let found = self.inner.get(key)?.map(|text| {
            let stamp = Stamp::of(&text);
            (text, stamp)
        });
        if let Some((text, stamp)) = &found {
            self.opened
                .replace(Some((key.to_string(), text.clone(), stamp.clone())));
        }
        Ok(found)
    }
    fn replace_verified(
        &mut self,
        key: &str,
        value: &str,
        stamp: &Stamp,
    ) -> Result<bool, StoreError> {
        self.inner.set(key, value)?;
        self.last = Some((key.to_string(), value.to_string(), stamp.clone()));
        Ok(true)
    }
    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        self.inner.remove(key)
    }
    fn keys(&self) -> Result<Vec<String>, StoreError> {
        self.inner.keys()
    }
}

#[test]
fn saving_again_reads_no_document_back_yet_still_notices_another_tab() {
    let mut ids = ids();
    let mut lib = Library::new(Remembering {
        inner: MemoryStore::new(),
        last: None,
        opened: std::cell::RefCell::new(None),
        doc_reads: std::cell::Cell::new(0),
    });
    let mut doc = blank(&mut ids, "Workshop");
    let mut saved = lib.save(&doc, None).expect("saved");
    for title in ["Second", "Third"] {
        doc.metadata.title = title.into();
        saved = lib.save(&doc, Some(&saved.base)).expect("saved again");
    }
    assert_eq!(
        lib.store().doc_reads.get(),
        0,
        "the saves read no document text"
    );
    assert_eq!(saved.base.stamp, Stamp::of(&to_json_compact(&doc)));
    // Another tab writes its own version: the remembered stamp must not hide it.
    let mut theirs = doc.clone();
    theirs.metadata.title = "Theirs".into();
    lib.store_mut()
        .inner
        .set(&doc_key(&doc.id), &to_json_compact(&theirs))
        .expect("the other tab writes");
    doc.metadata.title = "Mine".into();
    assert_eq!(lib.save(&doc, Some(&saved.base)), Err(SaveError::Conflict));
    // This tab takes their version; saving it afterwards reads no document text either.
    let opened = lib.open(&doc.id).expect("opens");
    assert_eq!(opened.blueprint.metadata.title, "Theirs");
    lib.store_mut().last = None;
    let reads = lib.store().doc_reads.get();
    let mut taken = opened.blueprint;
    taken.metadata.title = "Theirs, edited here".into();
    lib.save(&taken, Some(&opened.base))
        .expect("saves after taking theirs");
    assert_eq!(lib.store().doc_reads.get(), reads, "no document text read");
}

#[test]
fn stamps_tell_texts_apart() {
    assert_eq!(Stamp::of("abc"), Stamp::of("abc"));
    assert_ne!(Stamp::of("abc"), Stamp::of("abd"));
    assert_ne!(Stamp::of(""), Stamp::of(" "));
    let base = Base {
        stamp: Stamp::of("x"),
        migrated_from: None,
    };
    assert_eq!(base.clone(), base);
}

#[test]
fn listing_an_unchanged_library_leaves_the_index_as_it_is() {
    let mut ids = ids();
    let mut lib = Library::new(MemoryStore::new());
    for title in ["Zeta", "Alpha", "Mid"] {
        let doc = blank(&mut ids, title);
        lib.save(&doc, None).expect("saved");
    }
    let index = lib.raw(INDEX_KEY).expect("reads");
    lib.list().expect("lists");
    assert_eq!(lib.raw(INDEX_KEY).expect("reads"), index);
}
