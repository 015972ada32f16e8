//! A strict walk over a V1 update before yrs decodes it.
//!
//! yrs's decoder trusts some of what it reads: a length near `usize::MAX` overflows its bounds
//! check (a slice panic), a client ID over 53 bits trips a debug assertion, nested `Any` values
//! recurse without a limit (a stack overflow), a subdocument makes it draw a random client ID
//! from the operating system. This walk reads the same V1 layout (lib0's `Update` encoding as
//! yrs 0.28 reads it) and refuses all of that first, so a peer's bytes reach yrs only when they
//! are well-formed. It allocates nothing for the content it walks.

use yrs::encoding::read::{Cursor, Read};

use crate::protocol::{DecodeError, MAX_CLIENT_ID};

/// The deepest nesting of `Any` arrays and maps accepted (a blueprint needs about 4).
pub const MAX_ANY_DEPTH: usize = 32;

fn bad(what: &str) -> DecodeError {
    DecodeError(format!("the update is malformed: {what}"))
}

struct Walk<'a> {
    c: Cursor<'a>,
}

impl<'a> Walk<'a> {
    fn var(&mut self) -> Result<u64, DecodeError> {
        self.c.read_var::<u64>().map_err(|_| bad("it ends early"))
    }

    fn var_u32(&mut self) -> Result<u32, DecodeError> {
        u32::try_from(self.var()?).map_err(|_| bad("a number is too large"))
    }

    fn u8(&mut self) -> Result<u8, DecodeError> {
        self.c.read_u8().map_err(|_| bad("it ends early"))
    }

    fn take(&mut self, len: u64) -> Result<&'a [u8], DecodeError> {
        let left = self.c.buf.len().saturating_sub(self.c.next);
        let len = usize::try_from(len).map_err(|_| bad("a length is too large"))?;
        if len > left {
            return Err(bad("a length runs past its end"));
        }
        let start = self.c.next;
        self.c.next += len;
        Ok(&self.c.buf[start..start + len])
    }

    fn buf(&mut self) -> Result<&'a [u8], DecodeError> {
        let len = self.var_u32()?;
        self.take(u64::from(len))
    }

    fn string(&mut self) -> Result<&'a str, DecodeError> {
        let bytes = self.buf()?;
        std::str::from_utf8(bytes).map_err(|_| bad("a text is not UTF-8"))
    }

    fn client(&mut self) -> Result<u64, DecodeError> {
        let c = self.var()?;
        if c > MAX_CLIENT_ID {
            return Err(bad("a client ID is over 53 bits"));
        }
        Ok(c)
    }

    fn json(&mut self) -> Result<(), DecodeError> {
        let text = self.string()?;
        // yrs parses it with serde_json (which limits nesting itself); check it parses.
        serde_json::from_str::<serde::de::IgnoredAny>(text)
            .map(|_| ())
            .map_err(|_| bad("an embedded JSON value does not parse"))
    }

    fn any(&mut self, depth: usize) -> Result<(), DecodeError> {
        if depth > MAX_ANY_DEPTH {
            return Err(bad("values are nested too deeply"));
        }
        match self.u8()? {
            127 | 126 | 121 | 120 => {}
            125 => {
                // A signed varint (lib0): at most 10 bytes.
                let mut n = 0;
                loop {
                    let b = self.u8()?;
                    n += 1;
                    if b & 0x80 == 0 {
                        break;
                    }
                    if n >= 10 {
                        return Err(bad("a number is too long"));
                    }
                }
                self.c.next -= n;
                self.c
                    .read_var::<i64>()
                    .map_err(|_| bad("a number does not decode"))?;
            }
            124 => {
                self.take(4)?;
            }
            123 | 122 => {
                self.take(8)?;
            }
            119 => {
                self.string()?;
            }
            118 => {
                let n = self.var()?;
                for _ in 0..n {
                    self.string()?;
                    self.any(depth + 1)?;
                }
            }
            117 => {
                let n = self.var()?;
                for _ in 0..n {
                    self.any(depth + 1)?;
                }
            }
            116 => {
                self.buf()?;
            }
            _ => return Err(bad("a value has an unknown type")),
        }
        Ok(())
    }

    /// Walks one item's content; returns its length in clock units, as yrs counts them
    /// (UTF-16 code units for text). An empty item is refused: yrs would drop it without
    /// advancing the clock, and no Yjs writes one.
    fn content(&mut self, info: u8) -> Result<u64, DecodeError> {
        let len = match info & 0b1111 {
            1 => u64::from(self.var_u32()?),
            // Legacy JSON content, which no Yjs of the last years writes: yrs 0.28 reads one
            // string more than the count it writes, so a replica holding it stores a state it
            // cannot read back (found by the fuzzer).
            2 => {
                return Err(bad(
                    "an item holds legacy JSON content, which is not accepted",
                ))
            }
            3 => {
                self.buf()?;
                1
            }
            4 => self.string()?.encode_utf16().count() as u64,
            5 => {
                self.json()?;
                1
            }
            6 => {
                self.string()?;
                self.json()?;
                1
            }
            7 => {
                match self.u8()? {
                    0 | 1 | 2 | 4 | 5 | 6 | 15 => {}
                    3 => {
                        self.string()?;
                    }
                    _ => return Err(bad("a shared type is of a kind not accepted here")),
                }
                1
            }
            8 => {
                let n = self.var_u32()?;
                for _ in 0..n {
                    self.any(0)?;
                }
                u64::from(n)
            }
            // 9: subdocuments are not accepted (and nothing here makes them).
            _ => return Err(bad("an item has a content kind not accepted here")),
        };
        if len == 0 {
            return Err(bad("an empty item"));
        }
        Ok(len)
    }

    fn id_pair(&mut self) -> Result<(u64, u32), DecodeError> {
        Ok((self.client()?, self.var_u32()?))
    }
}

/// Where an item says it lives when it names no neighbour: a root type, or the type an item
/// holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Parent<'a> {
    /// A root type, by name.
    Root(&'a str),
    /// The shared type held by the item with this ID (client, clock).
    Item(u64, u32),
}

/// What one struct of an update says about itself before its content: enough to tell whether
/// it is the same item as one a replica already holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Head<'a> {
    /// A garbage-collected range.
    Gc,
    /// A hole the sender left (it lacks these clocks).
    Skip,
    /// An item.
    Item {
        /// The content kind (the info byte's low four bits, as yrs reads them).
        kind: u8,
        /// The ID to its left when it was inserted.
        origin: Option<(u64, u32)>,
        /// The ID to its right when it was inserted.
        right: Option<(u64, u32)>,
        /// Its parent, written only when it has neither origin.
        parent: Option<Parent<'a>>,
        /// Its key in a map, written only when it has neither origin.
        key: Option<&'a str>,
    },
}

/// One struct of an update: whose, where in that client's clock, how long, and its head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Struct<'a> {
    pub client: u64,
    pub clock: u64,
    pub len: u64,
    pub head: Head<'a>,
}

/// Checks that `bytes` is a V1 update yrs can decode safely (see the module docs).
pub fn check_update(bytes: &[u8]) -> Result<(), DecodeError> {
    walk_update(bytes, |_| {})
}

/// Checks `bytes` as [`check_update`] does, telling `each` every struct it holds, in order.
pub(crate) fn walk_update<'a>(
    bytes: &'a [u8],
    mut each: impl FnMut(Struct<'a>),
) -> Result<(), DecodeError> {
    let mut w = Walk {
        c: Cursor::new(bytes),
    };
    let clients = w.var_u32()?;
    let mut seen = std::collections::HashSet::new();
    for _ in 0..clients {
        let structs = w.var_u32()?;
        // Yjs writes each client once; yrs merges a repeated one into a list with a gap in
        // its clocks, which its block store cannot take (a panic, found by the fuzzer).
        let client = w.client()?;
        if !seen.insert(client) {
            return Err(bad("a client is listed twice"));
        }
        let mut clock = u64::from(w.var_u32()?);
        for _ in 0..structs {
            let info = w.u8()?;
            let (len, head) = match info {
                10 | 0 => {
                    let len = w.var_u32()?;
                    if len == 0 {
                        return Err(bad("an empty block"));
                    }
                    let head = if info == 0 { Head::Gc } else { Head::Skip };
                    (u64::from(len), head)
                }
                _ => {
                    let origin = if info & 0x80 != 0 {
                        Some(w.id_pair()?)
                    } else {
                        None
                    };
                    let right = if info & 0x40 != 0 {
                        Some(w.id_pair()?)
                    } else {
                        None
                    };
                    let (mut parent, mut key) = (None, None);
                    if origin.is_none() && right.is_none() {
                        parent = Some(if w.var_u32()? == 1 {
                            Parent::Root(w.string()?)
                        } else {
                            let (c, k) = w.id_pair()?;
                            Parent::Item(c, k)
                        });
                        if info & 0x20 != 0 {
                            key = Some(w.string()?);
                        }
                    }
                    let len = w.content(info)?;
                    let head = Head::Item {
                        kind: info & 0b1111,
                        origin,
                        right,
                        parent,
                        key,
                    };
                    (len, head)
                }
            };
            each(Struct {
                client,
                clock,
                len,
                head,
            });
            clock += len;
            if clock > u64::from(u32::MAX) {
                return Err(bad("clocks run past their limit"));
            }
        }
    }
    // The delete set.
    let clients = w.var_u32()?;
    for _ in 0..clients {
        w.client()?;
        let ranges = w.var_u32()?;
        for _ in 0..ranges {
            let clock = w.var_u32()?;
            let len = w.var_u32()?;
            if u64::from(clock) + u64::from(len) > u64::from(u32::MAX) {
                return Err(bad("a deleted range runs past its limit"));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use yrs::{Doc, Map, Transact};

    #[test]
    fn accepts_what_yrs_writes_and_refuses_truncations() {
        let doc = Doc::with_client_id(7);
        let map = doc.get_or_insert_map("m");
        {
            let mut txn = doc.transact_mut();
            map.insert(&mut txn, "a", "text");
            map.insert(&mut txn, "b", 1.5);
            map.insert(&mut txn, "c", yrs::MapPrelim::default());
            map.remove(&mut txn, "a");
        }
        let update =
            yrs::ReadTxn::encode_state_as_update_v1(&doc.transact(), &yrs::StateVector::default());
        check_update(&update).unwrap();
        for cut in 0..update.len() - 1 {
            // Every strict prefix is refused or still decodes in yrs without panicking.
            if check_update(&update[..cut]).is_ok() {
                let _ = <yrs::Update as yrs::updates::decoder::Decode>::decode_v1(&update[..cut]);
            }
        }
    }

    #[test]
    fn refuses_hostile_shapes() {
        // One client, one struct, client ID over 53 bits.
        let huge = [
            1, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0,
        ];
        assert!(check_update(&huge).is_err());
        // An Any value nested 100 deep.
        let mut deep = vec![1, 1, 1, 0, 8, 1, 1, b'm', 1];
        deep.extend(std::iter::repeat_n([117u8, 1], 100).flatten());
        deep.push(126);
        deep.push(0);
        let mut shallow = vec![1, 1, 1, 0, 8, 1, 1, b'm', 1];
        shallow.extend(std::iter::repeat_n([117u8, 1], 10).flatten());
        shallow.extend([126, 0]);
        assert_eq!(check_update(&shallow), Ok(()));
        assert!(check_update(&deep).is_err());
        // One client listed twice (the fuzzer's crash in yrs's block store).
        let twice = [2, 1, 5, 0, 10, 1, 1, 5, 3, 10, 1, 0];
        assert!(check_update(&twice).is_err());
        // An empty string item (yrs drops it without advancing the clock; no Yjs writes one).
        let empty = [1, 1, 1, 0, 4, 1, 1, b'm', 0, 0];
        assert_eq!(check_update(&empty), Err(bad("an empty item")));
        // A string whose length is near u32::MAX.
        let long = [1, 1, 1, 0, 4, 1, 1, b'm', 0xff, 0xff, 0xff, 0xff, 0x0f];
        assert!(check_update(&long).is_err());
    }
}
