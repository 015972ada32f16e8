//! A [`Store`] over a raw storage whose texts stay on the storage's side (the browser's local
//! storage, whose strings are JS values), remembering the document text it last opened or
//! wrote and its [`Stamp`], so that a save needs no copy of a large stored text into Rust.
//!
//! Copying a 3,000-card blueprint out of JS and hashing it cost about 15 ms of a save; with
//! this store, a save's conflict check compares the stored JS string with the remembered one
//! (`===`, in JS) and knows its stamp, and its verification compares what was written with what
//! reads back the same way. The rules are pure Rust over [`RawStorage`], so they are tested
//! natively with a fake raw storage; the browser's backend is only the calls themselves.

use std::cell::RefCell;
use std::rc::Rc;

use super::index::Stamp;
use super::store::{Store, StoreError};

/// A key-value storage that hands out its texts as handles, without copying them into Rust:
/// the browser's local storage with JS strings, in the app.
pub trait RawStorage {
    /// A stored text as the storage holds it: cheap to clone, and compared (`==`) without
    /// copying it into Rust (a JS string compared with `===`).
    type Text: Clone + PartialEq;
    /// The text under `key`, as a handle; `None` when there is none.
    fn get(&self, key: &str) -> Result<Option<Self::Text>, StoreError>;
    /// Stores `text` under `key`, replacing the old value only when it succeeds.
    fn set(&mut self, key: &str, text: &Self::Text) -> Result<(), StoreError>;
    /// A handle holding `value` (in the browser, the one copy of it into JS).
    fn text(&self, value: &str) -> Self::Text;
    /// A copy of the handle's text in Rust (`None` if it is not text); this is the copy the
    /// remembering store avoids on save.
    fn read(&self, text: &Self::Text) -> Option<String>;
    /// Removes `key` (no error when it is absent).
    fn remove(&mut self, key: &str) -> Result<(), StoreError>;
    /// Every key in the storage, in any order.
    fn keys(&self) -> Result<Vec<String>, StoreError>;
}

/// The one text a [`RememberingStore`] remembers: its key, the text as the raw storage holds
/// it, and its stamp.
struct Remembered<T> {
    key: String,
    text: T,
    stamp: Stamp,
}

/// What a [`RememberingStore`] last opened or wrote. Clones share it, so stores opened one
/// after another (the app opens one per library operation) remember across each other.
pub struct Memory<T>(Rc<RefCell<Option<Remembered<T>>>>);

impl<T> Clone for Memory<T> {
    fn clone(&self) -> Memory<T> {
        Memory(Rc::clone(&self.0))
    }
}

impl<T> Default for Memory<T> {
    fn default() -> Memory<T> {
        Memory(Rc::new(RefCell::new(None)))
    }
}

impl<T> Memory<T> {
    /// Forgets what was remembered (tests use it to check a store works without it).
    pub fn forget(&self) {
        self.0.replace(None);
    }
}

/// A [`Store`] over a [`RawStorage`] that remembers the document text it last opened or wrote
/// and its stamp (one entry: the open document). A stamp depends on the text alone, so while
/// the storage still holds that very text, whoever wrote it, its stamp is known.
pub struct RememberingStore<R: RawStorage> {
    raw: R,
    memory: Memory<R::Text>,
}

impl<R: RawStorage> RememberingStore<R> {
    /// A store over `raw` with a memory of its own.
    pub fn new(raw: R) -> RememberingStore<R> {
        RememberingStore::with_memory(raw, Memory::default())
    }

    /// A store over `raw` sharing `memory` with the stores opened before it.
    pub fn with_memory(raw: R, memory: Memory<R::Text>) -> RememberingStore<R> {
        RememberingStore { raw, memory }
    }

    /// The raw storage.
    pub fn raw(&self) -> &R {
        &self.raw
    }

    /// The raw storage, mutably (tests use it to simulate other tabs).
    pub fn raw_mut(&mut self) -> &mut R {
        &mut self.raw
    }

    /// The memory, to share it with a store opened later.
    pub fn memory(&self) -> &Memory<R::Text> {
        &self.memory
    }

    fn remember(&self, key: &str, text: R::Text, stamp: &Stamp) {
        self.memory.0.replace(Some(Remembered {
            key: key.to_string(),
            text,
            stamp: stamp.clone(),
        }));
    }

    /// The stamp of `text` under `key` if it is the remembered text (compared without a copy).
    fn known_stamp(&self, key: &str, text: &R::Text) -> Option<Stamp> {
        self.memory
            .0
            .borrow()
            .as_ref()
            .filter(|m| m.key == key && m.text == *text)
            .map(|m| m.stamp.clone())
    }
}

impl<R: RawStorage> Store for RememberingStore<R> {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self.raw.get(key)?.and_then(|text| self.raw.read(&text)))
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        let text = self.raw.text(value);
        self.raw.set(key, &text)
    }

    fn stamp(&self, key: &str) -> Result<Option<Stamp>, StoreError> {
        let Some(now) = self.raw.get(key)? else {
            return Ok(None);
        };
        // Still the very text this store last opened or wrote there: its stamp is known.
        Ok(self
            .known_stamp(key, &now)
            .or_else(|| self.raw.read(&now).map(|text| Stamp::of(&text))))
    }

    fn get_stamped(&self, key: &str) -> Result<Option<(String, Stamp)>, StoreError> {
        let Some(value) = self.raw.get(key)? else {
            return Ok(None);
        };
        let Some(text) = self.raw.read(&value) else {
            return Ok(None);
        };
        let stamp = Stamp::of(&text);
        self.remember(key, value, &stamp);
        Ok(Some((text, stamp)))
    }

    fn replace_verified(
        &mut self,
        key: &str,
        value: &str,
        stamp: &Stamp,
    ) -> Result<bool, StoreError> {
        // The previous text stays on the storage's side, to be put back if the write does not
        // read back; the new one crosses over once (as `set` would) and is compared there
        // with what the storage gives back, instead of copying a large blueprint into Rust.
        let old = self.raw.get(key)?;
        let text = self.raw.text(value);
        self.raw.set(key, &text)?;
        if self.raw.get(key)?.as_ref() == Some(&text) {
            self.remember(key, text, stamp);
            return Ok(true);
        }
        if let Some(old) = old {
            let _ = self.raw.set(key, &old);
        }
        Ok(false)
    }

    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        self.raw.remove(key)
    }

    fn keys(&self) -> Result<Vec<String>, StoreError> {
        self.raw.keys()
    }
}
