//! The key-value storage the library writes to: the browser's local storage in the app, an
//! in-memory map with an optional quota in tests.

use std::collections::BTreeMap;
use std::fmt;

use super::index::Stamp;

/// Why the storage refused a read or a write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// The storage is full (the browser's `QuotaExceededError`); nothing was written.
    Full,
    /// The storage cannot be used at all (disabled, private mode, blocked by settings).
    Unavailable(String),
    /// Any other failure, with the browser's words.
    Other(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Full => write!(f, "this browser's storage for Stageline is full"),
            StoreError::Unavailable(why) => {
                write!(f, "this browser's storage is unavailable ({why})")
            }
            StoreError::Other(why) => write!(f, "the browser refused to store it ({why})"),
        }
    }
}

impl std::error::Error for StoreError {}

/// A string key-value store with the semantics of the Web Storage API: a failed write leaves
/// the previous value untouched.
pub trait Store {
    /// The value under `key`, if any.
    fn get(&self, key: &str) -> Result<Option<String>, StoreError>;
    /// Stores `value` under `key`, replacing the old value only when it succeeds.
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError>;
    /// The fingerprint of the value under `key`, if any: what the library compares with the
    /// copy a tab last read or wrote, to notice another tab's save. A store that can answer
    /// without copying a large value out overrides it (the browser's remembers the text it
    /// last wrote, and its fingerprint).
    fn stamp(&self, key: &str) -> Result<Option<Stamp>, StoreError> {
        Ok(self.get(key)?.map(|text| Stamp::of(&text)))
    }
    /// The value under `key` with its fingerprint, for opening a document. A store that
    /// remembers the text it read overrides it, so the first save after opening needs no
    /// copy of it either (see [`Store::stamp`]).
    fn get_stamped(&self, key: &str) -> Result<Option<(String, Stamp)>, StoreError> {
        Ok(self.get(key)?.map(|text| {
            let stamp = Stamp::of(&text);
            (text, stamp)
        }))
    }
    /// Replaces the value under `key` with `value` (whose fingerprint is `stamp`) and reads
    /// it back: `Ok(true)` when the store now holds exactly `value`. Otherwise the previous
    /// value, if there was one, is put back and `Ok(false)` returned. The library verifies
    /// every save this way. A store that can compare, and keep the previous value, without
    /// copying them out overrides it (the browser's: reading a large blueprint back into the
    /// app cost as much as writing it).
    fn replace_verified(
        &mut self,
        key: &str,
        value: &str,
        stamp: &Stamp,
    ) -> Result<bool, StoreError> {
        let _ = stamp;
        let old = self.get(key)?;
        self.set(key, value)?;
        if self.get(key)?.as_deref() == Some(value) {
            return Ok(true);
        }
        if let Some(old) = old {
            let _ = self.set(key, &old);
        }
        Ok(false)
    }
    /// Removes `key` (no error when it is absent).
    fn remove(&mut self, key: &str) -> Result<(), StoreError>;
    /// Every key in the store, in any order.
    fn keys(&self) -> Result<Vec<String>, StoreError>;
}

/// An in-memory [`Store`] for tests and tools, optionally limited like a browser's quota
/// (counted as the browser does: UTF-16 code units of keys and values).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemoryStore {
    /// The stored entries.
    pub entries: BTreeMap<String, String>,
    /// The most UTF-16 code units all keys and values may take, if limited.
    pub quota: Option<usize>,
}

impl MemoryStore {
    /// An unlimited empty store.
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    /// An empty store that refuses writes beyond `quota` UTF-16 code units.
    pub fn with_quota(quota: usize) -> MemoryStore {
        MemoryStore {
            entries: BTreeMap::new(),
            quota: Some(quota),
        }
    }

    /// The space used, in UTF-16 code units of keys and values.
    pub fn used(&self) -> usize {
        self.entries
            .iter()
            .map(|(k, v)| utf16_len(k) + utf16_len(v))
            .sum()
    }
}

/// The length of `s` in UTF-16 code units, the unit browsers count storage quotas in.
pub fn utf16_len(s: &str) -> usize {
    // One unit per character and two above U+FFFF, counted over bytes (which the compiler
    // vectorizes; every save measures the whole document): each byte that starts a character
    // (not a 10xxxxxx continuation) is one, and a four-byte lead (11110xxx) adds one.
    s.bytes()
        .map(|b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0))
        .sum()
}

impl Store for MemoryStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self.entries.get(key).cloned())
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        if let Some(quota) = self.quota {
            let old = self
                .entries
                .get(key)
                .map_or(0, |v| utf16_len(key) + utf16_len(v));
            if self.used() - old + utf16_len(key) + utf16_len(value) > quota {
                return Err(StoreError::Full);
            }
        }
        self.entries.insert(key.to_string(), value.to_string());
        Ok(())
    }

    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        self.entries.remove(key);
        Ok(())
    }

    fn keys(&self) -> Result<Vec<String>, StoreError> {
        Ok(self.entries.keys().cloned().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::utf16_len;

    proptest::proptest! {
        /// Counting over bytes gives what counting characters gives, for any text.
        #[test]
        fn utf16_len_counts_code_units(text in ".*") {
            let expected: usize = text.chars().map(char::len_utf16).sum();
            proptest::prop_assert_eq!(utf16_len(&text), expected);
            proptest::prop_assert_eq!(utf16_len(&text), text.encode_utf16().count());
        }
    }

    #[test]
    fn utf16_len_of_known_text() {
        assert_eq!(utf16_len(""), 0);
        assert_eq!(utf16_len("abc"), 3);
        assert_eq!(utf16_len("é€"), 2);
        assert_eq!(utf16_len("😀x"), 3);
    }
}
