//! A journal of the keys one history operation changes, so that an operation that fails half
//! way (a full store, a write that does not read back, a budget that cannot be met) puts every
//! key back as it was: the history is never left with an index naming a missing snapshot.

use std::collections::BTreeMap;

use super::super::index::Stamp;
use super::super::store::{utf16_len, Store};
use super::{is_history_key, VersionError};
use crate::library::Library;

/// The keys changed so far, each with its value before the operation, and the space all
/// history keys take now.
pub(super) struct Tx {
    before: BTreeMap<String, Option<String>>,
    /// The UTF-16 code units all history keys take, kept up to date by every write.
    pub usage: usize,
}

fn units(key: &str, value: Option<&str>) -> usize {
    value.map_or(0, |v| utf16_len(key) + utf16_len(v))
}

impl<S: Store> Library<S> {
    /// Runs `op` as one operation: when it fails, every key it changed is put back.
    pub(super) fn atomically<T>(
        &mut self,
        op: impl FnOnce(&mut Self, &mut Tx) -> Result<T, VersionError>,
    ) -> Result<T, VersionError> {
        let mut tx = Tx {
            before: BTreeMap::new(),
            usage: self.history_usage()?,
        };
        let result = op(self, &mut tx);
        if result.is_err() {
            self.roll_back(tx);
        }
        result
    }

    /// Stores `value` under `key`, verified by reading it back.
    pub(super) fn tx_set(
        &mut self,
        tx: &mut Tx,
        key: &str,
        value: &str,
    ) -> Result<(), VersionError> {
        let old = self.store.get(key)?;
        let old_units = units(key, old.as_deref());
        tx.before.entry(key.to_string()).or_insert(old);
        if !self.store.replace_verified(key, value, &Stamp::of(value))? {
            return Err(VersionError::NotVerified);
        }
        if is_history_key(key) {
            tx.usage = (tx.usage + units(key, Some(value))).saturating_sub(old_units);
        }
        Ok(())
    }

    /// Removes `key`.
    pub(super) fn tx_remove(&mut self, tx: &mut Tx, key: &str) -> Result<(), VersionError> {
        let old = self.store.get(key)?;
        let old_units = units(key, old.as_deref());
        tx.before.entry(key.to_string()).or_insert(old);
        self.store.remove(key)?;
        if is_history_key(key) {
            tx.usage = tx.usage.saturating_sub(old_units);
        }
        Ok(())
    }

    /// Puts every changed key back: first removing what the operation added, then the writes
    /// that shrink, then those that grow, so the store never holds more than it did before
    /// the operation (which fitted).
    fn roll_back(&mut self, tx: Tx) {
        let mut writes = Vec::new();
        for (key, old) in tx.before {
            match old {
                None => {
                    let _ = self.store.remove(&key);
                }
                Some(old) => {
                    let now = self.store.get(&key).ok().flatten();
                    if now.as_deref() != Some(old.as_str()) {
                        let growth =
                            units(&key, Some(&old)) as i64 - units(&key, now.as_deref()) as i64;
                        writes.push((growth, key, old));
                    }
                }
            }
        }
        writes.sort_by_key(|(growth, _, _)| *growth);
        for (_, key, old) in writes {
            let _ = self.store.set(&key, &old);
        }
    }
}
