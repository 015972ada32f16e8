//! The local library: saves are verified, conflicts between tabs refused, a full store or a
//! broken entry never costs stored work, trash and copies, migration originals kept; and the
//! browser's remembering store, over a fake of local storage.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use stageline_core::library::{
    doc_key, file_name, Base, Library, MemoryStore, OpenError, RawStorage, RememberingStore,
    SaveError, Stamp, Store, StoreError, DOC_PREFIX, INDEX_KEY, LAST_KEY, ORIGINAL_PREFIX,
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
fn looking_at_an_empty_library_stores_nothing() {
    let mut lib = Library::new(MemoryStore::new());
    let listing = lib.list().expect("lists");
    assert!(listing.active.is_empty() && listing.trashed.is_empty());
    assert_eq!(lib.store(), &MemoryStore::new(), "not even an empty index");
    // Once something is stored, the index is kept as before.
    let mut ids = ids();
    let doc = blank(&mut ids, "Kept");
    lib.save(&doc, None).expect("saved");
    assert_eq!(lib.list().expect("lists").active.len(), 1);
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

/// A fake of the browser's local storage, the raw storage under the browser's store: texts
/// are handles (`Rc<str>`, compared by value as JS compares strings), clones share the
/// entries (as every store opened in a tab shares local storage), and it counts the copies of
/// stored documents' texts out of it (`read` of a document's handle), the copy a save must
/// not need.
#[derive(Clone, Default)]
struct FakeLocalStorage {
    entries: Rc<RefCell<BTreeMap<String, Rc<str>>>>,
    doc_reads: Rc<Cell<usize>>,
    /// Writes of documents containing this text store half of what was written.
    garble: Option<&'static str>,
    /// Every write fails as a full storage does.
    full: bool,
}

impl FakeLocalStorage {
    /// Another tab writes `text` under `key`.
    fn write(&self, key: &str, text: &str) {
        self.entries
            .borrow_mut()
            .insert(key.to_string(), Rc::from(text));
    }

    fn stored(&self, key: &str) -> Option<String> {
        self.entries.borrow().get(key).map(|t| t.to_string())
    }
}

impl RawStorage for FakeLocalStorage {
    type Text = Rc<str>;
    fn get(&self, key: &str) -> Result<Option<Rc<str>>, StoreError> {
        Ok(self.entries.borrow().get(key).cloned())
    }
    fn set(&mut self, key: &str, text: &Rc<str>) -> Result<(), StoreError> {
        if self.full {
            return Err(StoreError::Full);
        }
        let text = match self.garble {
            Some(mark) if key.starts_with(DOC_PREFIX) && text.contains(mark) => {
                Rc::from(&text[..text.len() / 2])
            }
            _ => Rc::clone(text),
        };
        self.entries.borrow_mut().insert(key.to_string(), text);
        Ok(())
    }
    fn text(&self, value: &str) -> Rc<str> {
        Rc::from(value)
    }
    fn read(&self, text: &Rc<str>) -> Option<String> {
        let is_a_document = self
            .entries
            .borrow()
            .iter()
            .any(|(k, v)| k.starts_with(DOC_PREFIX) && Rc::ptr_eq(v, text));
        if is_a_document {
            self.doc_reads.set(self.doc_reads.get() + 1);
        }
        Some(text.to_string())
    }
    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        self.entries.borrow_mut().remove(key);
        Ok(())
    }
    fn keys(&self) -> Result<Vec<String>, StoreError> {
        Ok(self.entries.borrow().keys().cloned().collect())
    }
}

#[test]
fn saving_again_reads_no_document_back_yet_still_notices_another_tab() {
    let mut ids = ids();
    let local = FakeLocalStorage::default();
    let mut lib = Library::new(RememberingStore::new(local.clone()));
    let mut doc = blank(&mut ids, "Workshop");
    let mut saved = lib.save(&doc, None).expect("saved");
    for title in ["Second", "Third"] {
        doc.metadata.title = title.into();
        saved = lib.save(&doc, Some(&saved.base)).expect("saved again");
    }
    assert_eq!(local.doc_reads.get(), 0, "the saves read no document text");
    assert_eq!(saved.base.stamp, Stamp::of(&to_json_compact(&doc)));
    // Another tab writes its own version: the remembered stamp must not hide it.
    let mut theirs = doc.clone();
    theirs.metadata.title = "Theirs".into();
    local.write(&doc_key(&doc.id), &to_json_compact(&theirs));
    doc.metadata.title = "Mine".into();
    assert_eq!(lib.save(&doc, Some(&saved.base)), Err(SaveError::Conflict));
    assert_eq!(
        local.stored(&doc_key(&doc.id)),
        Some(to_json_compact(&theirs))
    );
    // This tab takes their version; saving it afterwards reads no document text either (the
    // store remembers what it opened, not only what it wrote).
    let opened = lib.open(&doc.id).expect("opens");
    assert_eq!(opened.blueprint.metadata.title, "Theirs");
    let reads = local.doc_reads.get();
    let mut taken = opened.blueprint;
    taken.metadata.title = "Theirs, edited here".into();
    lib.save(&taken, Some(&opened.base))
        .expect("saves after taking theirs");
    assert_eq!(local.doc_reads.get(), reads, "no document text read");
}

#[test]
fn stores_opened_one_after_another_share_what_they_remember() {
    // The app opens a store per library operation; they share one memory.
    let mut ids = ids();
    let local = FakeLocalStorage::default();
    let first = RememberingStore::new(local.clone());
    let memory = first.memory().clone();
    let mut doc = blank(&mut ids, "Shared memory");
    let saved = Library::new(first).save(&doc, None).expect("saved");
    doc.metadata.title = "Again".into();
    let mut next = Library::new(RememberingStore::with_memory(local.clone(), memory.clone()));
    let saved = next.save(&doc, Some(&saved.base)).expect("saved again");
    assert_eq!(local.doc_reads.get(), 0, "the shared memory knew the stamp");
    // Without it, the stored text has to be read to tell whether another tab wrote it.
    memory.forget();
    doc.metadata.title = "Once more".into();
    let mut forgetful = Library::new(RememberingStore::with_memory(local.clone(), memory));
    forgetful
        .save(&doc, Some(&saved.base))
        .expect("saved once more");
    assert_eq!(local.doc_reads.get(), 1);
}

#[test]
fn the_browser_store_puts_the_old_copy_back_when_a_write_does_not_read_back() {
    let mut ids = ids();
    let local = FakeLocalStorage {
        garble: Some("garble me"),
        ..FakeLocalStorage::default()
    };
    let mut lib = Library::new(RememberingStore::new(local.clone()));
    let doc = blank(&mut ids, "Fine");
    let saved = lib.save(&doc, None).expect("saved");
    let before = local.stored(&doc_key(&doc.id));
    let mut edited = doc.clone();
    edited.metadata.title = "garble me".into();
    assert_eq!(
        lib.save(&edited, Some(&saved.base)),
        Err(SaveError::NotVerified)
    );
    assert_eq!(local.stored(&doc_key(&doc.id)), before);
    // The failed write is not remembered: the stored copy is still the session's base.
    edited.metadata.title = "Fine again".into();
    lib.save(&edited, Some(&saved.base))
        .expect("saves over the copy put back");
    assert_eq!(local.doc_reads.get(), 0);
}

#[test]
fn the_browser_store_refuses_a_write_to_a_full_storage_and_changes_nothing() {
    let mut ids = ids();
    let local = FakeLocalStorage::default();
    let mut lib = Library::new(RememberingStore::new(local.clone()));
    let doc = blank(&mut ids, "Full");
    let saved = lib.save(&doc, None).expect("saved");
    let before = local.entries.borrow().clone();
    lib.store_mut().raw_mut().full = true;
    let mut edited = doc.clone();
    edited.metadata.title = "Bigger".into();
    assert_eq!(
        lib.save(&edited, Some(&saved.base)),
        Err(SaveError::Store(StoreError::Full))
    );
    assert_eq!(*local.entries.borrow(), before);
}

#[test]
fn the_browser_store_reads_and_stamps_like_any_store() {
    let local = FakeLocalStorage::default();
    let mut store = RememberingStore::new(local.clone());
    assert_eq!(store.get("k").expect("reads"), None);
    assert_eq!(store.stamp("k").expect("stamps"), None);
    assert_eq!(store.get_stamped("k").expect("reads"), None);
    store.set("k", "value").expect("written");
    assert_eq!(store.get("k").expect("reads").as_deref(), Some("value"));
    assert_eq!(store.stamp("k").expect("stamps"), Some(Stamp::of("value")));
    assert!(store
        .replace_verified("k", "other", &Stamp::of("other"))
        .expect("written"));
    assert_eq!(store.stamp("k").expect("stamps"), Some(Stamp::of("other")));
    // What another tab wrote under the remembered key is stamped from its own text.
    local.write("k", "theirs");
    assert_eq!(store.stamp("k").expect("stamps"), Some(Stamp::of("theirs")));
    assert_eq!(
        store.get_stamped("k").expect("reads"),
        Some(("theirs".to_string(), Stamp::of("theirs")))
    );
    store.set("j", "x").expect("written");
    let mut keys = store.keys().expect("lists");
    keys.sort();
    assert_eq!(keys, ["j", "k"]);
    store.remove("k").expect("removed");
    assert_eq!(store.get("k").expect("reads"), None);
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

#[test]
fn file_names_keep_letters_and_digits_and_join_the_rest_with_dashes() {
    assert_eq!(file_name("Hotel stay"), "hotel-stay.stageline.json");
    assert_eq!(
        file_name("  Café, Lisbon — 2026!  "),
        "café-lisbon-2026.stageline.json"
    );
    assert_eq!(file_name("***"), "blueprint.stageline.json");
    assert_eq!(file_name(""), "blueprint.stageline.json");
    let long = file_name(&"a".repeat(100));
    assert_eq!(long, format!("{}.stageline.json", "a".repeat(60)));
    // A word boundary at the cut leaves no dash before the extension.
    let cut = file_name(&format!("{} tail", "b".repeat(59)));
    assert_eq!(cut, format!("{}.stageline.json", "b".repeat(59)));
}

#[test]
fn a_workshop_binding_and_the_engine_state_are_kept_beside_the_blueprint_and_go_with_it() {
    use stageline_core::library::workshop::Binding;
    let mut ids = ids();
    let mut lib = Library::new(MemoryStore::new());
    let doc = blank(&mut ids, "Clinic visit");
    let other = blank(&mut ids, "Other");
    lib.save(&doc, None).expect("saved");
    lib.save(&other, None).expect("saved");
    assert_eq!(lib.workshop(&doc.id), None);
    let binding = Binding {
        server: "ws://127.0.0.1:8080".into(),
        room: "r00m".into(),
    };
    lib.bind_workshop(&doc.id, &binding).expect("bound");
    lib.save_replica_state(&doc.id, "AAEC").expect("kept");
    assert_eq!(lib.workshop(&doc.id), Some(binding.clone()));
    assert_eq!(lib.replica_state(&doc.id).as_deref(), Some("AAEC"));
    assert_eq!(
        lib.blueprint_in_room("ws://127.0.0.1:8080", "r00m"),
        Some(doc.id.clone())
    );
    assert_eq!(lib.blueprint_in_room("ws://127.0.0.1:8080", "other"), None);
    assert_eq!(lib.blueprint_in_room("ws://elsewhere:1", "r00m"), None);
    // The binding and the state are not blueprints: the library lists two, none broken.
    let listing = lib.list().expect("lists");
    assert_eq!(listing.active.len(), 2);
    assert!(listing.broken.is_empty());
    // An unreadable binding counts as none: the blueprint opens alone.
    lib.store_mut()
        .set(
            &format!(
                "{}{}",
                stageline_core::library::workshop::WORKSHOP_PREFIX,
                other.id
            ),
            "{not json",
        )
        .expect("written");
    assert_eq!(lib.workshop(&other.id), None);
    // Leaving keeps the blueprint, drops the binding and the state.
    lib.unbind_workshop(&doc.id).expect("left");
    assert_eq!(lib.workshop(&doc.id), None);
    assert_eq!(lib.replica_state(&doc.id), None);
    assert!(lib.open(&doc.id).is_ok());
    // Deleting a blueprint for good removes what is kept about its workshop too.
    lib.bind_workshop(&doc.id, &binding).expect("bound");
    lib.save_replica_state(&doc.id, "AAEC").expect("kept");
    lib.purge(&doc.id).expect("purged");
    assert_eq!(lib.workshop(&doc.id), None);
    assert_eq!(lib.replica_state(&doc.id), None);
}
