//! Version history: snapshots for each trigger, none for an unchanged document, diffs that
//! read back exactly, thinning at fake times, named versions kept, the budget held, a full
//! store leaving history as it was, damaged snapshots reported and kept aside without stopping
//! the blueprint from opening, bases deleted without losing dependents, and purge.

use proptest::prelude::*;
use stageline_core::library::versions::{ASIDE_PREFIX, HISTORY_PREFIX, SNAP_PREFIX};
use stageline_core::library::{
    thinning, HistoryPolicy, Library, MemoryStore, Trigger, VersionError, VersionId, VersionMeta,
    DOC_PREFIX,
};
use stageline_schema::{examples, load_str, Blueprint, SeededIds, Stage, Timestamp};

const MIN: i64 = 60_000;
const HOUR: i64 = 60 * MIN;
const DAY: i64 = 24 * HOUR;

fn at(ms: i64) -> Timestamp {
    Timestamp::from_unix_millis(1_790_000_000_000 + ms).expect("a valid time")
}

fn example() -> Blueprint {
    load_str(examples::ALL[0].json)
        .expect("the example loads")
        .blueprint
}

/// The example with card `i`'s title changed (a small edit).
fn edited(doc: &Blueprint, i: usize, title: &str) -> Blueprint {
    let mut d = doc.clone();
    let n = d.cards.len();
    d.cards[i % n].title = title.to_string();
    d
}

fn library() -> Library<MemoryStore> {
    Library::new(MemoryStore::new())
}

fn history_entries(lib: &Library<MemoryStore>) -> Vec<(String, String)> {
    lib.store()
        .entries
        .iter()
        .filter(|(k, _)| {
            k.starts_with(HISTORY_PREFIX)
                || k.starts_with(SNAP_PREFIX)
                || k.starts_with(ASIDE_PREFIX)
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

#[test]
fn version_ids_print_parse_and_sort_by_time() {
    let a: VersionId = "1790000000000-0".parse().expect("parses");
    let b: VersionId = "1790000000000-2".parse().expect("parses");
    let c: VersionId = "1790000000001-0".parse().expect("parses");
    assert_eq!(a.to_string(), "1790000000000-0");
    assert!(a < b && b < c);
    for bad in ["", "12", "a-1", "1-", "-1", "1-2-3", "1:2"] {
        assert!(bad.parse::<VersionId>().is_err(), "{bad:?} is refused");
    }
}

#[test]
fn every_trigger_takes_a_snapshot_labelled_for_people() {
    let mut lib = library();
    let doc = example();
    for (i, trigger) in Trigger::ALL.into_iter().enumerate() {
        let d = edited(&doc, i, &format!("Edit {i}"));
        let meta = lib
            .snapshot(&d, trigger, at(i as i64 * 1000))
            .expect("snapshot")
            .expect("a new snapshot");
        assert_eq!(meta.trigger, trigger);
        assert_eq!(meta.cards, d.cards.len());
        assert_eq!(meta.title, d.metadata.title);
    }
    let list = lib.versions(&doc.id).expect("list");
    let triggers: Vec<Trigger> = list.versions.iter().rev().map(|v| v.trigger).collect();
    assert_eq!(triggers, Trigger::ALL.to_vec());
    let mut labels: Vec<&str> = Trigger::ALL.iter().map(|t| t.label()).collect();
    labels.sort();
    labels.dedup();
    assert_eq!(labels.len(), Trigger::ALL.len(), "each label differs");
    assert!(list.broken.is_empty());
    assert_eq!(list.used_units, lib.history_usage().expect("usage"));
}

#[test]
fn an_unchanged_document_takes_no_new_snapshot() {
    let mut lib = library();
    let doc = example();
    assert!(lib
        .snapshot(&doc, Trigger::Opened, at(0))
        .expect("ok")
        .is_some());
    let before = history_entries(&lib);
    assert!(lib
        .snapshot(&doc, Trigger::Paused, at(1000))
        .expect("ok")
        .is_none());
    assert_eq!(history_entries(&lib), before, "nothing was written");
    let d = edited(&doc, 0, "Changed");
    assert!(lib
        .snapshot(&d, Trigger::Paused, at(2000))
        .expect("ok")
        .is_some());
    assert_eq!(lib.versions(&doc.id).expect("list").versions.len(), 2);
}

#[test]
fn small_edits_are_stored_as_diffs_that_read_back_exactly() {
    let mut lib = library();
    let mut doc = example();
    let mut taken = Vec::new();
    for i in 0..6 {
        doc = edited(&doc, i, &format!("Step {i}"));
        let meta = lib
            .snapshot(&doc, Trigger::Paused, at(i as i64 * MIN))
            .expect("ok")
            .expect("new");
        taken.push((meta.id, doc.clone()));
    }
    let list = lib.versions(&doc.id).expect("list");
    assert!(list.versions.iter().filter(|v| v.keyframe).count() == 1);
    let base = list.versions.iter().find(|v| v.keyframe).expect("a base");
    for v in list.versions.iter().filter(|v| !v.keyframe) {
        assert!(
            v.stored_units * 2 < base.stored_units,
            "a diff is clearly smaller"
        );
    }
    for (id, d) in &taken {
        assert_eq!(&lib.version(&doc.id, id).expect("reads"), d);
    }
}

/// One edit of the property test.
#[derive(Debug, Clone)]
enum Edit {
    Title(usize, String),
    RemoveCard(usize),
    AddStage(String),
    Rename(String),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0usize..100, "[a-z ]{0,12}").prop_map(|(i, t)| Edit::Title(i, t)),
        (0usize..100).prop_map(Edit::RemoveCard),
        "[A-Za-z]{1,8}".prop_map(Edit::AddStage),
        "[A-Za-z ]{0,20}".prop_map(Edit::Rename),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    /// Whatever the edits, every stored version reads back as the document snapshotted.
    #[test]
    fn every_version_reads_back_as_snapshotted(edits in prop::collection::vec(edit(), 1..8)) {
        let mut lib = library();
        let mut ids = SeededIds::new(3);
        let mut doc = example();
        let mut taken = Vec::new();
        for (i, e) in edits.into_iter().enumerate() {
            match e {
                Edit::Title(c, t) => doc = edited(&doc, c, &t),
                Edit::RemoveCard(c) => {
                    if !doc.cards.is_empty() {
                        let n = doc.cards.len();
                        let id = doc.cards[c % n].id.clone();
                        doc.cards.retain(|k| k.id != id);
                        doc.connections.retain(|x| x.from != id && x.to != id);
                    }
                }
                Edit::AddStage(name) => doc.stages.push(Stage::new(&mut ids, name)),
                Edit::Rename(t) => doc.metadata.title = t,
            }
            if let Some(meta) = lib.snapshot(&doc, Trigger::Paused, at(i as i64 * MIN)).expect("ok") {
                taken.push((meta.id, doc.clone()));
            }
        }
        let list = lib.versions(&doc.id).expect("list");
        prop_assert_eq!(list.versions.len(), taken.len());
        for (id, d) in &taken {
            prop_assert_eq!(&lib.version(&doc.id, id).expect("reads"), d);
        }
    }
}

fn meta(ms: i64, named: bool) -> VersionMeta {
    VersionMeta {
        id: format!("{}-0", 1_790_000_000_000 + ms).parse().expect("id"),
        at: at(ms),
        trigger: Trigger::Paused,
        name: named.then(|| "Kept".to_string()),
        title: String::new(),
        cards: 0,
        stored_units: 0,
        keyframe: true,
    }
}

#[test]
fn thinning_keeps_the_last_hour_then_one_per_slot() {
    let now = 30 * DAY;
    // Align times to slots so the test reads plainly (times are offsets from a fixed moment
    // that is itself a multiple of 10 minutes and of a day: 1_790_000_000_000 is not, so the
    // slot boundaries are computed).
    let base = 1_790_000_000_000i64;
    let ten = 10 * MIN;
    let slot_start = |ms: i64| (base + ms).div_euclid(ten) * ten - base;
    let mut versions = Vec::new();
    // Every minute for the last hour: all kept.
    for m in 0..59 {
        versions.push(meta(now - m * MIN, false));
    }
    // Two in one 10-minute slot 3 hours ago: the newer is kept.
    let s = slot_start(now - 3 * HOUR);
    versions.push(meta(s + MIN, false));
    versions.push(meta(s + 2 * MIN, false));
    // Two on one day 3 days ago, and a named one beside them.
    let day0 = (base + now - 3 * DAY).div_euclid(DAY) * DAY - base;
    versions.push(meta(day0 + HOUR, false));
    versions.push(meta(day0 + 5 * HOUR, false));
    versions.push(meta(day0 + 6 * HOUR, true));
    // Two in one week 20 days ago.
    let week = 7 * DAY;
    let w0 = (base + now - 20 * DAY).div_euclid(week) * week - base;
    versions.push(meta(w0 + DAY, false));
    versions.push(meta(w0 + 2 * DAY, false));

    let dropped = thinning(&versions, at(now), 1000);
    let expect: Vec<VersionId> = [w0 + DAY, day0 + HOUR, s + MIN]
        .into_iter()
        .map(|ms| meta(ms, false).id)
        .collect();
    let mut got = dropped.clone();
    got.sort();
    let mut want = expect.clone();
    want.sort();
    assert_eq!(got, want);

    // The cap drops the oldest automatic ones beyond it; the named one is never counted.
    let dropped = thinning(&versions, at(now), 10);
    let kept = versions.len() - 1 - dropped.len();
    assert_eq!(kept, 10);
    assert!(!dropped.contains(&meta(day0 + 6 * HOUR, true).id));
    assert!(!dropped.contains(&meta(now, false).id), "the newest stays");
}

#[test]
fn thinning_applies_as_snapshots_are_taken_and_named_versions_stay() {
    let mut lib = library();
    let mut doc = example();
    doc = edited(&doc, 0, "Workshop");
    let named = lib
        .name_version(&doc, "As is, 12 May workshop", at(0))
        .expect("named");
    assert_eq!(named.trigger, Trigger::Named);
    // A snapshot every minute for three hours.
    for m in 1..=180 {
        doc = edited(&doc, m as usize, &format!("minute {m}"));
        lib.snapshot(&doc, Trigger::Paused, at(m * MIN))
            .expect("ok");
    }
    let list = lib.versions(&doc.id).expect("list");
    let now = 180 * MIN;
    let automatic: Vec<&VersionMeta> = list.versions.iter().filter(|v| v.name.is_none()).collect();
    let last_hour = automatic
        .iter()
        .filter(|v| now - (v.at.unix_millis() - at(0).unix_millis()) < HOUR)
        .count();
    assert!(last_hour >= 59, "the last hour is kept whole: {last_hour}");
    // Older than an hour: at most one per 10-minute slot (the slot of the oldest hour's
    // boundary may hold one more, kept while it was in the last hour).
    assert!(
        automatic.len() - last_hour <= 13,
        "{} older kept",
        automatic.len() - last_hour
    );
    assert!(list
        .versions
        .iter()
        .any(|v| v.id == named.id && v.name == named.name));
    for v in &list.versions {
        lib.version(&doc.id, &v.id)
            .expect("every kept version reads");
    }
}

#[test]
fn naming_the_current_state_names_the_newest_snapshot_when_it_is_the_same() {
    let mut lib = library();
    let doc = example();
    let first = lib
        .snapshot(&doc, Trigger::Opened, at(0))
        .expect("ok")
        .expect("new");
    let named = lib
        .name_version(&doc, "  To be  ", at(1000))
        .expect("named");
    assert_eq!(named.id, first.id);
    assert_eq!(named.name.as_deref(), Some("To be"));
    assert_eq!(named.trigger, Trigger::Opened);
    assert_eq!(lib.versions(&doc.id).expect("list").versions.len(), 1);
    assert_eq!(
        lib.name_version(&doc, " ", at(2000)),
        Err(VersionError::BlankName)
    );
    lib.rename_version(&doc.id, &first.id, "As is")
        .expect("renamed");
    let list = lib.versions(&doc.id).expect("list");
    assert_eq!(list.versions[0].name.as_deref(), Some("As is"));
    assert_eq!(lib.version(&doc.id, &first.id).expect("reads"), doc);
    let missing: VersionId = "1-0".parse().expect("id");
    assert_eq!(
        lib.rename_version(&doc.id, &missing, "x"),
        Err(VersionError::NotFound)
    );
}

#[test]
fn history_stays_within_its_budget_and_named_versions_survive() {
    let budget = 60_000;
    let mut lib = Library::new(MemoryStore::with_quota(400_000));
    lib.set_history_policy(HistoryPolicy {
        budget_units: budget,
        max_automatic: 1000,
    });
    let mut doc = example();
    let named = lib.name_version(&doc, "Start", at(0)).expect("named");
    let mut other = example();
    other.id = "bp_other".parse().expect("id");
    lib.snapshot(&other, Trigger::Opened, at(0)).expect("ok");
    let mut last = None;
    for i in 1..200 {
        // Bigger edits every few steps, so new bases are needed now and then.
        doc = edited(&doc, i, &"x".repeat(i % 7 * 200 + 1));
        if i % 9 == 0 {
            doc.metadata.description = "y".repeat(i * 10);
        }
        last = lib
            .snapshot(&doc, Trigger::Paused, at(i as i64 * 1000))
            .expect("fits");
        let usage = lib.history_usage().expect("usage");
        assert!(usage <= budget, "step {i}: {usage} > {budget}");
    }
    let list = lib.versions(&doc.id).expect("list");
    assert!(
        list.versions.iter().any(|v| v.id == named.id),
        "the named version stays"
    );
    assert!(list.versions.len() > 2, "some history is kept");
    assert!(
        list.versions.len() < 150,
        "old snapshots gave way: {}",
        list.versions.len()
    );
    assert!(list.broken.is_empty());
    let last = last.expect("the last edit was snapshotted");
    assert_eq!(lib.version(&doc.id, &last.id).expect("reads"), doc);
    lib.version(&doc.id, &named.id)
        .expect("the named version reads");
    // The other blueprint's automatic snapshot gave way once this one's were not enough, or
    // stayed: either way everything listed reads.
    for v in lib.versions(&other.id).expect("list").versions {
        lib.version(&other.id, &v.id).expect("reads");
    }
}

#[test]
fn when_only_named_versions_are_left_a_snapshot_that_does_not_fit_changes_nothing() {
    let mut lib = library();
    let doc = example();
    lib.name_version(&doc, "One", at(0)).expect("named");
    let usage = lib.history_usage().expect("usage");
    lib.set_history_policy(HistoryPolicy {
        budget_units: usage + 100,
        max_automatic: 10,
    });
    let before = history_entries(&lib);
    let mut big = doc.clone();
    big.metadata.description = "z".repeat(5000);
    assert_eq!(
        lib.snapshot(&big, Trigger::Paused, at(1000)),
        Err(VersionError::Full)
    );
    assert_eq!(history_entries(&lib), before, "the history is as it was");
}

#[test]
fn a_full_store_mid_write_leaves_history_consistent() {
    let mut lib = library();
    let mut doc = example();
    lib.name_version(&doc, "Named", at(0)).expect("named");
    doc = edited(&doc, 1, "auto");
    lib.snapshot(&doc, Trigger::Paused, at(MIN)).expect("ok");
    let used = lib.store().used();
    lib.store_mut().quota = Some(used + 50);
    let before = history_entries(&lib);
    let mut big = doc.clone();
    big.metadata.description = "w".repeat(20_000);
    let result = lib.snapshot(&big, Trigger::Paused, at(2 * MIN));
    assert_eq!(result, Err(VersionError::Full));
    assert_eq!(history_entries(&lib), before, "the history is as it was");
    for v in lib.versions(&doc.id).expect("list").versions {
        lib.version(&doc.id, &v.id).expect("reads");
    }
    // With more room a smaller change fits, and the named version stays.
    lib.store_mut().quota = Some(used + 12_000);
    let mut mid = doc.clone();
    mid.metadata.description = "w".repeat(2_000);
    let meta = lib
        .snapshot(&mid, Trigger::Paused, at(3 * MIN))
        .expect("fits");
    assert!(meta.is_some());
    let list = lib.versions(&doc.id).expect("list");
    assert!(list.versions.iter().any(|v| v.name.is_some()));
    for v in list.versions {
        lib.version(&doc.id, &v.id).expect("reads");
    }
}

#[test]
fn a_damaged_snapshot_is_reported_kept_aside_and_the_blueprint_still_opens() {
    let mut lib = library();
    let mut doc = example();
    lib.save(&doc, None).expect("saved");
    let first = lib
        .snapshot(&doc, Trigger::Opened, at(0))
        .expect("ok")
        .expect("new");
    doc = edited(&doc, 0, "second");
    let second = lib
        .snapshot(&doc, Trigger::Paused, at(MIN))
        .expect("ok")
        .expect("new");
    // A third, big change becomes a base of its own.
    let mut third_doc = doc.clone();
    third_doc.cards.truncate(1);
    third_doc.connections.clear();
    third_doc.metadata.description = "q".repeat(3000);
    let third = lib
        .snapshot(&third_doc, Trigger::Paused, at(2 * MIN))
        .expect("ok")
        .expect("new");
    assert!(third.keyframe);
    assert!(!second.keyframe);
    // Damage the first base: the second, stored against it, cannot be read either.
    let key = format!("{SNAP_PREFIX}{}:{}", doc.id, first.id);
    lib.store_mut()
        .entries
        .insert(key.clone(), "{\"garbage\n".into());
    let list = lib.versions(&doc.id).expect("list");
    let broken: Vec<&str> = list.broken.iter().map(|b| b.id.as_str()).collect();
    assert!(broken.contains(&first.id.to_string().as_str()));
    assert!(broken.contains(&second.id.to_string().as_str()));
    assert_eq!(list.versions.len(), 1);
    assert_eq!(lib.version(&doc.id, &third.id).expect("reads"), third_doc);
    assert!(lib.open(&doc.id).is_ok(), "the blueprint opens");
    // Reading it sets it aside (with its dependent), kept under keys of their own.
    assert!(matches!(
        lib.version(&doc.id, &second.id),
        Err(VersionError::Corrupt(_))
    ));
    let list = lib.versions(&doc.id).expect("list");
    assert_eq!(list.broken.len(), 2);
    for b in &list.broken {
        assert!(b.key.starts_with(ASIDE_PREFIX), "{} is aside", b.key);
        assert!(lib.raw(&b.key).expect("read").is_some(), "kept");
    }
    // New snapshots still work, and deleting a set-aside one removes it.
    doc = edited(&doc, 2, "after");
    lib.snapshot(&doc, Trigger::Paused, at(3 * MIN))
        .expect("ok");
    let aside: VersionId = list.broken[0].id.parse().expect("id");
    lib.delete_version(&doc.id, &aside).expect("deleted");
    assert_eq!(lib.versions(&doc.id).expect("list").broken.len(), 1);
    assert!(lib.open(&doc.id).is_ok());
}

#[test]
fn an_unreadable_index_is_rebuilt_from_the_snapshots() {
    let mut lib = library();
    let mut doc = example();
    let a = lib.name_version(&doc, "Named", at(0)).expect("named");
    doc = edited(&doc, 0, "b");
    let b = lib
        .snapshot(&doc, Trigger::BeforeImport, at(MIN))
        .expect("ok")
        .expect("new");
    let before = lib.versions(&doc.id).expect("list");
    lib.store_mut()
        .entries
        .insert(format!("{HISTORY_PREFIX}{}", doc.id), "not json".into());
    let list = lib.versions(&doc.id).expect("list");
    assert!(list.index_rebuilt);
    assert_eq!(list.versions, before.versions);
    assert_eq!(lib.version(&doc.id, &b.id).expect("reads"), doc);
    assert!(list
        .versions
        .iter()
        .any(|v| v.id == a.id && v.name.as_deref() == Some("Named")));
    // The next operation stores the rebuilt index.
    doc = edited(&doc, 1, "c");
    lib.snapshot(&doc, Trigger::Paused, at(2 * MIN))
        .expect("ok");
    assert!(!lib.versions(&doc.id).expect("list").index_rebuilt);
}

#[test]
fn deleting_a_base_keeps_its_dependents_readable() {
    let mut lib = library();
    let mut doc = example();
    let mut taken = Vec::new();
    for i in 0..4 {
        doc = edited(&doc, i, &format!("v{i}"));
        let m = lib
            .snapshot(&doc, Trigger::Paused, at(i as i64 * MIN))
            .expect("ok")
            .expect("new");
        taken.push((m, doc.clone()));
    }
    let base = taken[0].0.clone();
    assert!(base.keyframe && taken[1..].iter().all(|(m, _)| !m.keyframe));
    lib.delete_version(&doc.id, &base.id).expect("deleted");
    let list = lib.versions(&doc.id).expect("list");
    assert_eq!(list.versions.len(), 3);
    assert_eq!(
        list.versions.iter().filter(|v| v.keyframe).count(),
        1,
        "one new base"
    );
    assert!(list.versions[0].keyframe, "the newest became the base");
    for (m, d) in &taken[1..] {
        assert_eq!(&lib.version(&doc.id, &m.id).expect("reads"), d);
    }
    assert_eq!(lib.version(&doc.id, &base.id), Err(VersionError::NotFound));
    assert_eq!(
        lib.delete_version(&doc.id, &base.id),
        Err(VersionError::NotFound)
    );
}

#[test]
fn purging_a_blueprint_deletes_its_history_only() {
    let mut lib = library();
    let doc = example();
    let mut other = example();
    other.id = "bp_other".parse().expect("id");
    lib.save(&doc, None).expect("saved");
    lib.save(&other, None).expect("saved");
    lib.snapshot(&doc, Trigger::Opened, at(0)).expect("ok");
    lib.snapshot(&other, Trigger::Opened, at(0)).expect("ok");
    lib.purge_key(&format!("{DOC_PREFIX}{}", doc.id))
        .expect("purged");
    assert!(lib.versions(&doc.id).expect("list").versions.is_empty());
    assert!(history_entries(&lib)
        .iter()
        .all(|(k, _)| !k.contains(doc.id.as_str())));
    assert_eq!(lib.versions(&other.id).expect("list").versions.len(), 1);
}

#[test]
fn a_version_can_be_copied_as_a_new_blueprint() {
    let mut lib = library();
    let doc = example();
    lib.save(&doc, None).expect("saved");
    let v = lib.name_version(&doc, "As is", at(0)).expect("named");
    let mut ids = SeededIds::new(9);
    let (copy, _) = lib
        .copy_version_as_new(&doc.id, &v.id, &mut ids, at(MIN))
        .expect("copied");
    assert_ne!(copy.id, doc.id);
    assert!(
        copy.metadata.title.ends_with("(As is)"),
        "{}",
        copy.metadata.title
    );
    assert_eq!(copy.cards, doc.cards);
    let from = copy
        .metadata
        .derived_from
        .as_ref()
        .expect("names its original");
    assert_eq!(from.blueprint, doc.id);
    assert_eq!(from.title, doc.metadata.title);
    assert_eq!(from.version.as_deref(), Some("As is"));
    let stored = lib.open(&copy.id).expect("opens").blueprint;
    assert_eq!(stored.metadata.derived_from, copy.metadata.derived_from);
    assert_eq!(lib.versions(&doc.id).expect("list").versions.len(), 1);
}

#[test]
fn history_gives_way_to_a_blueprint_that_needs_room_but_named_versions_stay() {
    let mut lib = library();
    let mut doc = example();
    let named = lib.name_version(&doc, "Named", at(0)).expect("named");
    for i in 1..6 {
        doc = edited(&doc, i, &"big ".repeat(i * 300));
        lib.snapshot(&doc, Trigger::Paused, at(i as i64 * MIN))
            .expect("ok");
    }
    let before = lib.history_usage().expect("usage");
    let freed = lib.shed_history(1).expect("shed");
    assert!(freed >= 1);
    assert_eq!(lib.history_usage().expect("usage"), before - freed);
    let freed_all = lib.shed_history(usize::MAX).expect("shed");
    let list = lib.versions(&doc.id).expect("list");
    assert_eq!(list.versions.len(), 1, "only the named version is left");
    assert_eq!(list.versions[0].id, named.id);
    assert!(freed_all > 0);
    lib.version(&doc.id, &named.id).expect("reads");
    assert_eq!(
        lib.shed_history(1).expect("shed"),
        0,
        "nothing more to give"
    );
}

#[test]
fn shedding_for_a_save_drops_whole_snapshots_and_re_stores_none() {
    let mut lib = library();
    let mut doc = example();
    let base = lib
        .snapshot(&doc, Trigger::Opened, at(0))
        .expect("ok")
        .expect("new");
    assert!(base.keyframe);
    doc = edited(&doc, 0, "as is");
    let named = lib.name_version(&doc, "As is", at(MIN)).expect("named");
    assert!(
        !named.keyframe,
        "the named version is a diff against the automatic base"
    );
    for i in 2..6 {
        doc = edited(&doc, i, &format!("edit {i}"));
        lib.snapshot(&doc, Trigger::Paused, at(i as i64 * MIN))
            .expect("ok");
    }
    let mut other = example();
    other.id = "bp_other".parse().expect("id");
    for i in 0..3 {
        other = edited(&other, i, &format!("other {i}"));
        lib.snapshot(&other, Trigger::Paused, at((10 + i as i64) * MIN))
            .expect("ok");
    }
    let snapshots = |lib: &Library<MemoryStore>| -> Vec<(String, String)> {
        history_entries(lib)
            .into_iter()
            .filter(|(k, _)| k.starts_with(SNAP_PREFIX))
            .collect()
    };
    let before = snapshots(&lib);
    lib.shed_history(usize::MAX).expect("shed");
    let after = snapshots(&lib);
    for (key, text) in &after {
        let was = before
            .iter()
            .find(|(k, _)| k == key)
            .expect("no new snapshot");
        assert_eq!(&was.1, text, "{key} was re-stored");
    }
    let mine = lib.versions(&doc.id).expect("list").versions;
    let mut ids: Vec<_> = mine.iter().map(|v| v.id.clone()).collect();
    ids.sort();
    assert_eq!(
        ids,
        vec![base.id.clone(), named.id.clone()],
        "the base a named version needs stays with it"
    );
    assert_eq!(
        lib.version(&doc.id, &named.id).expect("reads"),
        edited(&example(), 0, "as is")
    );
    let theirs = lib.versions(&other.id).expect("list").versions;
    assert!(
        theirs.is_empty(),
        "a whole automatic chain goes: {theirs:?}"
    );
}

/// A loader that "migrates" titles starting with "legacy " (as an older schema would be).
fn migrating_loader(text: &str) -> Result<stageline_schema::Loaded, stageline_schema::LoadError> {
    let mut loaded = load_str(text)?;
    if let Some(rest) = loaded.blueprint.metadata.title.strip_prefix("legacy ") {
        loaded.blueprint.metadata.title = format!("{rest} (migrated)");
        loaded.migrated_from = Some(0);
    }
    Ok(loaded)
}

#[test]
fn versions_read_through_the_one_load_path() {
    let mut lib = Library::with_loader(MemoryStore::new(), migrating_loader);
    let mut doc = example();
    doc.metadata.title = "legacy Hotel".into();
    let a = lib
        .snapshot(&doc, Trigger::Opened, at(0))
        .expect("ok")
        .expect("new");
    doc = edited(&doc, 0, "changed");
    let b = lib
        .snapshot(&doc, Trigger::Paused, at(MIN))
        .expect("ok")
        .expect("new");
    assert!(a.keyframe && !b.keyframe);
    for v in [&a.id, &b.id] {
        let read = lib.version(&doc.id, v).expect("reads");
        assert_eq!(read.metadata.title, "Hotel (migrated)");
    }
}

#[test]
fn another_blueprints_automatic_snapshots_give_way_when_this_ones_are_not_enough() {
    let mut lib = library();
    let mut other = example();
    other.id = "bp_other".parse().expect("id");
    for i in 0..3 {
        other = edited(&other, i, &format!("other {i}"));
        lib.snapshot(&other, Trigger::Paused, at(i as i64 * MIN))
            .expect("ok");
    }
    let doc = example();
    lib.name_version(&doc, "Mine", at(10 * MIN)).expect("named");
    let usage = lib.history_usage().expect("usage");
    // Room for one more whole document only once the other blueprint's history goes.
    lib.set_history_policy(HistoryPolicy {
        budget_units: usage + 1_000,
        max_automatic: 100,
    });
    let mut big = doc.clone();
    big.metadata.description = "d".repeat(2_000);
    big.cards.truncate(3);
    big.connections.clear();
    lib.snapshot(&big, Trigger::Paused, at(11 * MIN))
        .expect("fits");
    assert!(lib.history_usage().expect("usage") <= usage + 1_000);
    let theirs = lib.versions(&other.id).expect("list");
    assert!(
        theirs.versions.len() < 3,
        "the other blueprint's oldest went"
    );
    for v in theirs.versions {
        lib.version(&other.id, &v.id).expect("what is left reads");
    }
    let mine = lib.versions(&doc.id).expect("list");
    assert_eq!(mine.versions.len(), 2);
}

#[test]
fn a_save_that_finds_the_store_full_makes_room_from_automatic_versions() {
    let mut lib = Library::new(MemoryStore::new());
    let mut doc = example();
    lib.save(&doc, None).expect("saved");
    let mut base = lib.open(&doc.id).expect("opens").base;
    for i in 1..5 {
        doc = edited(&doc, i, &format!("{i} ").repeat(2_000));
        lib.snapshot(&doc, Trigger::Paused, at(i as i64 * MIN))
            .expect("snapshot");
    }
    let history = lib.history_usage().expect("usage");
    assert!(history > 0);
    // The browser's quota is reached: what is stored now, and not a unit more.
    let used = lib.store().used();
    lib.store_mut().quota = Some(used);
    doc.metadata.description = "x".repeat(3_000);
    let saved = lib.save(&doc, Some(&base)).expect("the blueprint is saved");
    base = saved.base;
    assert!(
        lib.history_usage().expect("usage") < history,
        "history gave way"
    );
    assert_eq!(lib.open(&doc.id).expect("opens").blueprint, doc);
    // With nothing automatic left to give, a save beyond the quota fails and changes nothing.
    lib.shed_history(usize::MAX).expect("shed");
    let full = lib.store().used();
    lib.store_mut().quota = Some(full);
    doc.metadata.description = "y".repeat(9_000);
    assert!(lib.save(&doc, Some(&base)).is_err());
    assert_eq!(
        lib.open(&doc.id)
            .expect("opens")
            .blueprint
            .metadata
            .description,
        "x".repeat(3_000)
    );
}
