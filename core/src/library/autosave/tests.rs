//! The autosave's decisions over an in-memory store and a fake clock: every rule of the
//! module's documentation, each test failing if its rule broke.

use proptest::prelude::*;
use stageline_schema::{load_str, to_json_compact, Blueprint, SeededIds, Timestamp};

use super::{Autosaver, Outcome, Resolution, SaveStatus, Timer};
use crate::history::Editor;
use crate::library::{doc_key, Library, MemoryStore, Store, StoreError};
use crate::ops;

/// The fake clock: `ms` milliseconds after a fixed instant.
fn at(ms: i64) -> Timestamp {
    Timestamp::from_unix_millis(1_790_000_000_000 + ms).expect("a valid time")
}

/// One session of the editor on a stored blueprint, with its library.
struct Tab {
    lib: Library<MemoryStore>,
    editor: Editor,
    saver: Autosaver,
    ids: SeededIds,
}

impl Tab {
    /// A blank blueprint, stored, opened as the editor opens it.
    fn new() -> Tab {
        let mut ids = SeededIds::new(11);
        let doc = Blueprint::new_blank(&mut ids, at(0), "Clinic visit");
        let mut lib = Library::new(MemoryStore::new());
        lib.save(&doc, None).expect("stored");
        let opened = lib.open(&doc.id).expect("opens");
        let editor = Editor::new(opened.blueprint);
        let saver = Autosaver::new(doc.id.clone(), Some(opened.base), editor.revision());
        Tab {
            lib,
            editor,
            saver,
            ids,
        }
    }

    /// Adds a card titled `title` as one edit and tells the autosaver.
    fn edit(&mut self, title: &str) -> Outcome {
        let doc = self.editor.doc();
        let (lane, stage) = (doc.lanes[0].id.clone(), doc.stages[0].id.clone());
        let (command, _) =
            ops::add_card(doc, &mut self.ids, &lane, &stage, None, title).expect("a command");
        self.editor.execute("Add card", command).expect("applied");
        self.saver.edited(self.editor.revision())
    }

    fn flush(&mut self, ms: i64) -> Outcome {
        self.saver
            .flush(&mut self.lib, &mut self.editor, &mut self.ids, at(ms))
    }

    /// The stored text of the open blueprint.
    fn stored_text(&self) -> Option<String> {
        self.lib
            .raw(&doc_key(&self.editor.doc().id))
            .expect("reads")
    }

    /// The stored open blueprint.
    fn stored(&self) -> Blueprint {
        load_str(&self.stored_text().expect("stored"))
            .expect("loads")
            .blueprint
    }

    /// Another tab writes its version of the blueprint (the stored one with a card titled
    /// `title`) straight to storage; returns it.
    fn other_tab_writes(&mut self, title: &str) -> Blueprint {
        let mut theirs = self.stored();
        let (lane, stage) = (theirs.lanes[0].id.clone(), theirs.stages[0].id.clone());
        let (command, _) =
            ops::add_card(&theirs, &mut self.ids, &lane, &stage, None, title).expect("a command");
        command.apply(&mut theirs).expect("applied");
        let key = doc_key(&theirs.id);
        self.lib
            .store_mut()
            .set(&key, &to_json_compact(&theirs))
            .expect("written");
        theirs
    }

    /// The storage event of another tab's write to the open blueprint.
    fn storage_event(&mut self) -> Outcome {
        let key = doc_key(self.saver.id());
        self.saver
            .other_tab_wrote(&mut self.lib, Some(&key), self.editor.revision(), false)
    }

    /// The storage event of another tab's write while the user types a title here.
    fn storage_event_while_typing(&mut self) -> Outcome {
        let key = doc_key(self.saver.id());
        self.saver
            .other_tab_wrote(&mut self.lib, Some(&key), self.editor.revision(), true)
    }

    /// The result of taking a version, as the app applies it: a fresh editor.
    fn apply(&mut self, outcome: &Outcome) {
        if let Some(doc) = &outcome.replace {
            self.editor = Editor::new(doc.clone());
        }
    }

    /// Resolves the conflict as the user chose, at `ms` on the fake clock.
    fn resolve(&mut self, choice: Resolution, ms: i64) -> Outcome {
        let mut ids = SeededIds::new(5);
        self.saver
            .resolve(&mut self.lib, &mut self.editor, choice, &mut ids, at(ms))
    }

    /// The page goes away at `ms` on the fake clock.
    fn exit(&mut self, ms: i64) -> Outcome {
        let mut ids = SeededIds::new(5);
        self.saver
            .exit(&mut self.lib, &mut self.editor, &mut ids, at(ms))
    }

    /// Every stored blueprint's card titles, by title of the blueprint.
    fn library_titles(&mut self) -> Vec<(String, Vec<String>)> {
        let listing = self.lib.list().expect("lists");
        let mut all: Vec<(String, Vec<String>)> = listing
            .active
            .iter()
            .map(|e| {
                let doc = self.lib.open(&e.id).expect("opens").blueprint;
                (e.title.clone(), card_titles(&doc))
            })
            .collect();
        all.sort();
        all
    }
}

/// A tab with an unsaved card "Mine" while another tab saved a card "Theirs"; returns the
/// other tab's version.
fn in_conflict() -> (Tab, Blueprint) {
    let mut tab = Tab::new();
    let _ = tab.edit("Mine");
    let theirs = tab.other_tab_writes("Theirs");
    let _ = tab.storage_event();
    assert_eq!(tab.saver.status(), &SaveStatus::Conflict);
    (tab, theirs)
}

/// What [`Tab::library_titles`] returns for these blueprints and card titles.
fn library(entries: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
    entries
        .iter()
        .map(|(title, cards)| {
            let cards = cards.iter().map(|c| c.to_string()).collect();
            (title.to_string(), cards)
        })
        .collect()
}

fn card_titles(doc: &Blueprint) -> Vec<String> {
    let mut titles: Vec<String> = doc.cards.iter().map(|c| c.title.clone()).collect();
    titles.sort();
    titles
}

#[test]
fn an_edit_is_pending_and_the_debounce_starts() {
    let mut tab = Tab::new();
    assert_eq!(tab.saver.status(), &SaveStatus::Saved);
    let outcome = tab.edit("Checks in");
    assert_eq!(outcome.timer, Timer::Start);
    assert_eq!(tab.saver.status(), &SaveStatus::Pending);
    assert!(tab.saver.is_dirty(tab.editor.revision()));
    // Nothing is written before the debounce ends.
    assert!(tab.stored().cards.is_empty());
}

#[test]
fn a_revision_already_stored_starts_nothing() {
    let mut tab = Tab::new();
    let outcome = tab.saver.edited(tab.editor.revision());
    assert_eq!(outcome, Outcome::default());
    assert_eq!(tab.saver.status(), &SaveStatus::Saved);
}

#[test]
fn flushing_saves_the_edit_with_its_modified_time_and_then_nothing_more() {
    let mut tab = Tab::new();
    let _ = tab.edit("Checks in");
    let outcome = tab.flush(500);
    assert!(outcome.saved);
    assert_eq!(outcome.timer, Timer::Stop);
    assert_eq!(tab.saver.status(), &SaveStatus::Saved);
    assert!(!tab.saver.is_dirty(tab.editor.revision()));
    let stored = tab.stored();
    assert_eq!(card_titles(&stored), ["Checks in"]);
    assert_eq!(stored.metadata.modified, Some(at(500)));
    assert_eq!(tab.editor.doc().metadata.modified, Some(at(500)));
    // A flush with nothing unsaved writes nothing (not even a new modified time).
    let before = tab.lib.store().clone();
    let outcome = tab.flush(900);
    assert!(!outcome.saved);
    assert_eq!(tab.lib.store(), &before);
    // The next edit saves over the stored copy this session wrote, without a conflict.
    let _ = tab.edit("Waits");
    assert!(tab.flush(1_000).saved);
    assert_eq!(card_titles(&tab.stored()), ["Checks in", "Waits"]);
}

#[test]
fn a_save_after_another_tabs_write_is_a_conflict_and_keeps_theirs() {
    let mut tab = Tab::new();
    let _ = tab.edit("Mine");
    let theirs = tab.other_tab_writes("Theirs");
    let outcome = tab.flush(500);
    assert!(!outcome.saved);
    assert_eq!(tab.saver.status(), &SaveStatus::Conflict);
    assert_eq!(tab.stored(), theirs, "the other tab's version is untouched");
}

#[test]
fn in_a_conflict_the_blueprint_is_never_written_and_mine_is_kept_in_one_copy() {
    let mut tab = Tab::new();
    let _ = tab.edit("Mine");
    let theirs = tab.other_tab_writes("Theirs");
    // The save runs into the other tab's write: theirs stays, mine goes to a conflict copy.
    let outcome = tab.flush(500);
    assert!(!outcome.saved);
    assert_eq!(tab.saver.status(), &SaveStatus::Conflict);
    assert_eq!(tab.stored(), theirs);
    let copies = || {
        library(&[
            ("Clinic visit", &["Theirs"]),
            ("Clinic visit (conflict copy)", &["Mine"]),
        ])
    };
    assert_eq!(tab.library_titles(), copies());
    // A flush with nothing new writes nothing.
    let before = tab.lib.store().clone();
    assert!(!tab.flush(600).saved);
    assert_eq!(tab.lib.store(), &before);
    // Further edits start the debounce but do not leave the conflict; the flush brings the
    // same copy up to date and leaves the blueprint as the other tab wrote it.
    let outcome = tab.edit("Mine again");
    assert_eq!(outcome.timer, Timer::Start);
    assert_eq!(tab.saver.status(), &SaveStatus::Conflict);
    assert!(!tab.flush(900).saved);
    assert_eq!(tab.saver.status(), &SaveStatus::Conflict);
    assert_eq!(tab.stored(), theirs);
    assert_eq!(
        tab.library_titles(),
        library(&[
            ("Clinic visit", &["Theirs"]),
            ("Clinic visit (conflict copy)", &["Mine", "Mine again"])
        ])
    );
    // Not even once the other tab's version is gone from storage: the user must choose.
    let key = doc_key(tab.saver.id());
    tab.lib.store_mut().remove(&key).expect("removed");
    let _ = tab.edit("Mine once more");
    assert!(!tab.flush(1_000).saved);
    assert_eq!(tab.stored_text(), None);
}

#[test]
fn another_tabs_save_is_followed_when_nothing_here_is_unsaved() {
    let mut tab = Tab::new();
    let _ = tab.edit("Mine");
    let _ = tab.flush(500);
    let theirs = tab.other_tab_writes("Theirs");
    let outcome = tab.storage_event();
    assert_eq!(outcome.replace.as_ref(), Some(&theirs));
    assert_eq!(outcome.timer, Timer::Stop);
    assert_eq!(
        outcome.message.as_deref(),
        Some("Updated with changes made in another tab")
    );
    assert_eq!(tab.saver.status(), &SaveStatus::Saved);
    tab.apply(&outcome);
    // Their version counts as stored: editing it saves over it, with no conflict.
    assert!(!tab.saver.is_dirty(tab.editor.revision()));
    let _ = tab.edit("Mine, after theirs");
    assert!(tab.flush(900).saved);
    assert_eq!(
        card_titles(&tab.stored()),
        ["Mine", "Mine, after theirs", "Theirs"]
    );
}

#[test]
fn another_tabs_save_while_something_is_unsaved_is_a_conflict() {
    let mut tab = Tab::new();
    let _ = tab.edit("Mine");
    let _ = tab.other_tab_writes("Theirs");
    let outcome = tab.storage_event();
    assert_eq!(outcome.replace, None, "unsaved work is never replaced");
    // The debounce goes on: it keeps the unsaved version in the conflict copy.
    assert_eq!(outcome.timer, Timer::Start);
    assert_eq!(tab.saver.status(), &SaveStatus::Conflict);
    assert_eq!(card_titles(tab.editor.doc()), ["Mine"]);
}

#[test]
fn merging_tabs_never_conflict_and_the_merged_document_is_saved_over_theirs() {
    let mut tab = Tab::new();
    tab.saver.set_merging(true);
    assert!(tab.saver.is_merging());
    let _ = tab.edit("Mine");
    // Another tab stores its version while this one has unsaved work: its changes arrive
    // through the engine, so this is neither a conflict nor a version to take.
    let theirs = tab.other_tab_writes("Theirs");
    let outcome = tab.storage_event();
    assert_eq!(outcome.replace, None);
    assert_ne!(tab.saver.status(), &SaveStatus::Conflict);
    // The engine merges their card in (as the app would: one document with both).
    let mut merged = tab.editor.doc().clone();
    merged.cards.extend(theirs.cards.iter().cloned());
    tab.editor.replace_merged(merged);
    let _ = tab.saver.edited(tab.editor.revision());
    assert!(tab.flush(500).saved, "the merged document goes over theirs");
    assert_eq!(card_titles(&tab.stored()), ["Mine", "Theirs"]);
    // A write this tab's autosave missed the event of (a save racing the debounce) is
    // saved over too, without a conflict.
    let _ = tab.other_tab_writes("Late");
    let _ = tab.edit("Mine again");
    assert!(tab.flush(900).saved);
    assert_eq!(tab.saver.status(), &SaveStatus::Saved);
    assert_eq!(tab.library_titles().len(), 1, "no conflict copy");
}

#[test]
fn storage_events_for_other_keys_and_for_this_tabs_own_save_change_nothing() {
    let mut tab = Tab::new();
    let _ = tab.edit("Mine");
    let _ = tab.flush(500);
    // Another blueprint, or the index.
    let outcome = tab.saver.other_tab_wrote(
        &mut tab.lib,
        Some("stageline:v1:index"),
        tab.editor.revision(),
        true,
    );
    assert_eq!(outcome, Outcome::default());
    let _ = tab.edit("Unsaved");
    let outcome = tab.saver.other_tab_wrote(
        &mut tab.lib,
        Some("stageline:v1:doc:bp_other"),
        tab.editor.revision(),
        false,
    );
    assert_eq!(outcome, Outcome::default());
    assert_eq!(tab.saver.status(), &SaveStatus::Pending);
    // The stored copy is the one this session wrote: nothing to take.
    let _ = tab.flush(900);
    let outcome = tab.storage_event();
    assert_eq!(outcome, Outcome::default());
}

#[test]
fn a_blueprint_removed_elsewhere_stays_open_and_is_saved_again_on_the_next_change() {
    let mut tab = Tab::new();
    let key = doc_key(tab.saver.id());
    tab.lib.store_mut().remove(&key).expect("removed");
    // Clearing all of storage comes without a key.
    let outcome = tab
        .saver
        .other_tab_wrote(&mut tab.lib, None, tab.editor.revision(), false);
    assert_eq!(outcome.replace, None);
    assert!(outcome
        .message
        .as_deref()
        .is_some_and(|m| m.contains("removed in another tab")));
    let _ = tab.edit("Still here");
    assert!(tab.flush(500).saved);
    assert_eq!(card_titles(&tab.stored()), ["Still here"]);
}

#[test]
fn a_full_store_fails_the_save_keeps_the_stored_copy_and_a_retry_succeeds() {
    let mut tab = Tab::new();
    let stored_before = tab.stored_text();
    let used = tab.lib.store().used();
    tab.lib.store_mut().quota = Some(used + 20);
    let _ = tab.edit(&"A long card title ".repeat(10));
    let outcome = tab.flush(500);
    assert!(!outcome.saved);
    match tab.saver.status() {
        SaveStatus::Failed(reason) => assert!(reason.contains("full"), "{reason}"),
        other => panic!("expected a failed save, got {other:?}"),
    }
    assert_eq!(
        tab.stored_text(),
        stored_before,
        "the stored copy is unchanged"
    );
    assert!(tab.saver.is_dirty(tab.editor.revision()));
    // Still unsaved: a flush (the page going away) tries again, and fails again while full.
    let _ = tab.flush(600);
    assert!(matches!(tab.saver.status(), SaveStatus::Failed(_)));
    // Once there is room, the next change saves everything.
    tab.lib.store_mut().quota = None;
    let outcome = tab.edit("Short");
    assert_eq!(outcome.timer, Timer::Start);
    assert_eq!(tab.saver.status(), &SaveStatus::Pending);
    assert!(tab.flush(900).saved);
    assert_eq!(tab.saver.status(), &SaveStatus::Saved);
    assert_eq!(tab.stored().cards.len(), 2);
}

#[test]
fn unavailable_storage_fails_with_its_reason() {
    /// A store that refuses every write.
    struct Refusing(MemoryStore);
    impl Store for Refusing {
        fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
            self.0.get(key)
        }
        fn set(&mut self, _: &str, _: &str) -> Result<(), StoreError> {
            Err(StoreError::Unavailable("blocked by settings".into()))
        }
        fn remove(&mut self, key: &str) -> Result<(), StoreError> {
            self.0.remove(key)
        }
        fn keys(&self) -> Result<Vec<String>, StoreError> {
            self.0.keys()
        }
    }
    let mut tab = Tab::new();
    let _ = tab.edit("Mine");
    let mut lib = Library::new(Refusing(tab.lib.store().clone()));
    let _ = tab
        .saver
        .flush(&mut lib, &mut tab.editor, &mut tab.ids, at(500));
    assert_eq!(
        tab.saver.status(),
        &SaveStatus::Failed("this browser's storage is unavailable (blocked by settings)".into())
    );
}

#[test]
fn taking_theirs_keeps_mine_as_a_copy_and_shows_theirs() {
    let (mut tab, theirs) = in_conflict();
    let outcome = tab.resolve(Resolution::TakeTheirs, 700);
    assert_eq!(outcome.replace.as_ref(), Some(&theirs));
    assert_eq!(tab.saver.status(), &SaveStatus::Saved);
    assert!(outcome
        .message
        .as_deref()
        .is_some_and(|m| m.contains("yours is in the library as “Clinic visit (conflict copy)”")));
    tab.apply(&outcome);
    assert_eq!(
        tab.library_titles(),
        library(&[
            ("Clinic visit", &["Theirs"]),
            ("Clinic visit (conflict copy)", &["Mine"])
        ])
    );
    // Saving resumes over their version.
    let _ = tab.edit("After");
    assert!(tab.flush(900).saved);
    assert_eq!(card_titles(&tab.stored()), ["After", "Theirs"]);
}

#[test]
fn keeping_mine_keeps_theirs_as_a_copy_and_saves_mine() {
    let (mut tab, _) = in_conflict();
    // The debounce has kept mine in a conflict copy meanwhile.
    let _ = tab.flush(600);
    assert_eq!(tab.library_titles().len(), 2);
    let outcome = tab.resolve(Resolution::KeepMine, 700);
    assert!(outcome.saved);
    assert_eq!(outcome.replace, None);
    assert_eq!(
        outcome.message.as_deref(),
        Some("Kept your version; the other tab's is in the library as “Clinic visit (conflict copy)”")
    );
    assert_eq!(tab.saver.status(), &SaveStatus::Saved);
    assert_eq!(
        tab.library_titles(),
        library(&[
            ("Clinic visit", &["Mine"]),
            ("Clinic visit (conflict copy)", &["Theirs"])
        ])
    );
    // Saving continues from there, over the version kept.
    let _ = tab.edit("After");
    assert!(tab.flush(900).saved);
}

#[test]
fn keeping_mine_when_theirs_was_removed_stores_mine_again() {
    let (mut tab, _) = in_conflict();
    let key = doc_key(tab.saver.id());
    tab.lib.store_mut().remove(&key).expect("removed");
    let outcome = tab.resolve(Resolution::KeepMine, 700);
    assert!(outcome.saved);
    assert_eq!(card_titles(&tab.stored()), ["Mine"]);
    assert_eq!(tab.lib.list().expect("lists").active.len(), 1);
}

#[test]
fn keeping_mine_in_a_full_store_fails_and_loses_nothing() {
    let (mut tab, theirs) = in_conflict();
    tab.lib.store_mut().quota = Some(tab.lib.store().used());
    let outcome = tab.resolve(Resolution::KeepMine, 700);
    assert!(outcome
        .message
        .as_deref()
        .is_some_and(|m| m.starts_with("Could not keep the other version")));
    assert_eq!(
        tab.saver.status(),
        &SaveStatus::Conflict,
        "still to be resolved"
    );
    assert_eq!(tab.stored(), theirs);
    assert_eq!(card_titles(tab.editor.doc()), ["Mine"]);
}

#[test]
fn a_page_going_away_in_a_conflict_keeps_its_version_as_a_copy() {
    let mut tab = Tab::new();
    let _ = tab.edit("Mine");
    let theirs = tab.other_tab_writes("Theirs");
    let _ = tab.exit(700);
    assert_eq!(tab.stored(), theirs);
    assert_eq!(
        tab.library_titles(),
        library(&[
            ("Clinic visit", &["Theirs"]),
            ("Clinic visit (conflict copy)", &["Mine"])
        ])
    );
}

#[test]
fn a_page_going_away_saves_what_is_pending_and_makes_no_copy() {
    let mut tab = Tab::new();
    let _ = tab.edit("Mine");
    let outcome = tab.exit(700);
    assert!(outcome.saved);
    assert_eq!(card_titles(&tab.stored()), ["Mine"]);
    assert_eq!(tab.lib.list().expect("lists").active.len(), 1);
}

#[test]
fn another_tabs_save_while_the_user_types_is_a_conflict_not_a_replacement() {
    let mut tab = Tab::new();
    let _ = tab.edit("Saved");
    assert!(tab.flush(500).saved);
    let _ = tab.other_tab_writes("Theirs");
    // Nothing unsaved in the document, but a title is being typed: never taken from under
    // the user's hands.
    let outcome = tab.storage_event_while_typing();
    assert_eq!(outcome.replace, None);
    assert_eq!(tab.saver.status(), &SaveStatus::Conflict);
    // The typing ends in an edit; it waits for the user's answer, and nothing is written.
    let _ = tab.edit("Typed");
    assert!(!tab.flush(900).saved);
    // A further write from the other tab leaves the question as it is.
    let _ = tab.other_tab_writes("Theirs again");
    assert_eq!(tab.storage_event(), Outcome::default());
    assert_eq!(tab.saver.status(), &SaveStatus::Conflict);
    let outcome = tab.resolve(Resolution::TakeTheirs, 1000);
    tab.apply(&outcome);
    assert_eq!(
        tab.library_titles(),
        library(&[
            ("Clinic visit", &["Saved", "Theirs", "Theirs again"]),
            ("Clinic visit (conflict copy)", &["Saved", "Typed"])
        ])
    );
}

#[test]
fn hiding_the_page_again_in_a_conflict_updates_its_one_copy() {
    let mut tab = Tab::new();
    let _ = tab.edit("Mine");
    let theirs = tab.other_tab_writes("Theirs");
    let _ = tab.exit(700);
    // Hidden again without a change: nothing new.
    let _ = tab.exit(800);
    assert_eq!(tab.library_titles().len(), 2);
    // Back, one more change, hidden again: the same copy holds it.
    let _ = tab.edit("More");
    let _ = tab.exit(900);
    assert_eq!(tab.stored(), theirs);
    assert_eq!(
        tab.library_titles(),
        library(&[
            ("Clinic visit", &["Theirs"]),
            ("Clinic visit (conflict copy)", &["Mine", "More"])
        ])
    );
    // "Show the other version" keeps that copy as the user's version, not a third one.
    let outcome = tab.resolve(Resolution::TakeTheirs, 1000);
    assert!(outcome
        .message
        .as_deref()
        .is_some_and(|m| m.contains("“Clinic visit (conflict copy)”")));
    assert_eq!(tab.library_titles().len(), 2);
}

/// One thing that happens to the open blueprint, in the property test below.
#[derive(Debug, Clone)]
enum Event {
    /// This tab adds a card.
    Edit,
    /// The debounce ends.
    Flush,
    /// The page is hidden or closed.
    Exit,
    /// Another tab saves a card, its storage event arriving at once or later.
    OtherTabWrites { event_delivered: bool },
    /// A storage event for the open blueprint arrives (late, or again).
    Delivered,
    /// The user answers the conflict, if there is one.
    Resolve(Resolution),
    /// The storage is full.
    Fill,
    /// The storage has room again.
    MakeRoom,
}

fn event() -> impl Strategy<Value = Event> {
    prop_oneof![
        3 => Just(Event::Edit),
        3 => Just(Event::Flush),
        1 => Just(Event::Exit),
        2 => any::<bool>().prop_map(|event_delivered| Event::OtherTabWrites { event_delivered }),
        1 => Just(Event::Delivered),
        1 => Just(Event::Resolve(Resolution::TakeTheirs)),
        1 => Just(Event::Resolve(Resolution::KeepMine)),
        1 => Just(Event::Fill),
        1 => Just(Event::MakeRoom),
    ]
}

proptest! {
    /// Whatever happens in whatever order (edits, saves, another tab's writes with or without
    /// their event, conflicts and both answers, a full store, the page going away), no card
    /// anyone wrote is lost: each is in the open document or in a stored blueprint. And a
    /// session that says "Saved" after a save has exactly its document stored.
    #[test]
    fn no_version_is_ever_lost(events in proptest::collection::vec(event(), 1..24)) {
        let mut tab = Tab::new();
        let mut written: Vec<String> = Vec::new();
        let mut ids = SeededIds::new(3);
        for (n, event) in events.into_iter().enumerate() {
            let ms = 100 * n as i64;
            match event {
                Event::Edit => {
                    let title = format!("mine {n}");
                    let _ = tab.edit(&title);
                    written.push(title);
                }
                Event::Flush => {
                    let outcome = tab.flush(ms);
                    if outcome.saved {
                        prop_assert_eq!(tab.stored_text(), Some(to_json_compact(tab.editor.doc())));
                    }
                }
                Event::Exit => {
                    let _ = tab.saver.exit(&mut tab.lib, &mut tab.editor, &mut ids, at(ms));
                }
                Event::OtherTabWrites { event_delivered } => {
                    if tab.stored_text().is_some() && tab.lib.store().quota.is_none() {
                        let title = format!("theirs {n}");
                        let _ = tab.other_tab_writes(&title);
                        written.push(title);
                        if event_delivered {
                            let outcome = tab.storage_event();
                            tab.apply(&outcome);
                        }
                    }
                }
                Event::Delivered => {
                    let outcome = tab.storage_event();
                    tab.apply(&outcome);
                }
                Event::Resolve(choice) => {
                    if tab.saver.status() == &SaveStatus::Conflict {
                        let outcome = tab.saver.resolve(
                            &mut tab.lib, &mut tab.editor, choice, &mut ids, at(ms));
                        tab.apply(&outcome);
                    }
                }
                Event::Fill => {
                    let used = tab.lib.store().used();
                    tab.lib.store_mut().quota = Some(used);
                }
                Event::MakeRoom => tab.lib.store_mut().quota = None,
            }
            let mut everywhere = card_titles(tab.editor.doc());
            for (_, titles) in tab.library_titles() {
                everywhere.extend(titles);
            }
            for title in &written {
                prop_assert!(everywhere.contains(title), "{title} was lost");
            }
        }
    }
}
