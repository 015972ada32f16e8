//! The y-protocols message envelope: sync (step 1, step 2, update), awareness, auth and
//! awareness query, with y-protocols' numbers, as y-websocket and y-sweet send them.
//!
//! A message is `varuint(type)` then its payload: sync is `varuint(0)`, `varuint(subtype)` and a
//! length-prefixed byte array (a V1 state vector for step 1, a V1 update for step 2 and
//! update); awareness is `varuint(1)` and a length-prefixed awareness update (a count, then for
//! each client `varuint(id)`, `varuint(clock)`, `varstring(json)`); auth is `varuint(2)`, a
//! permission and a reason; query awareness is `varuint(3)`. One WebSocket frame may hold
//! several messages one after another.
//!
//! Decoding is strict and never panics: client IDs must fit in 53 bits (as in Yjs), lengths
//! must fit in the input, and sizes are capped ([`MAX_MESSAGE_BYTES`], [`MAX_AWARENESS_CLIENTS`]).

use yrs::encoding::read::{Cursor, Read};

/// Message type: sync.
pub const MSG_SYNC: u64 = 0;
/// Message type: awareness.
pub const MSG_AWARENESS: u64 = 1;
/// Message type: auth.
pub const MSG_AUTH: u64 = 2;
/// Message type: query awareness.
pub const MSG_QUERY_AWARENESS: u64 = 3;
/// Sync subtype: step 1 (a state vector).
pub const SYNC_STEP_1: u64 = 0;
/// Sync subtype: step 2 (the update answering a step 1).
pub const SYNC_STEP_2: u64 = 1;
/// Sync subtype: an update.
pub const SYNC_UPDATE: u64 = 2;

/// The largest binary message accepted (64 MiB), far above any blueprint's state.
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024 * 1024;
/// The most clients one awareness message may carry.
pub const MAX_AWARENESS_CLIENTS: usize = 10_000;
/// The highest client ID Yjs uses (53 bits, safe in JavaScript).
pub const MAX_CLIENT_ID: u64 = (1 << 53) - 1;

/// One decoded message.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// Sync step 1: the sender's V1 state vector (already checked to decode).
    SyncStep1(Vec<u8>),
    /// Sync step 2: a V1 update answering our step 1.
    SyncStep2(Vec<u8>),
    /// A V1 update.
    Update(Vec<u8>),
    /// An awareness update: `(client ID, clock, JSON state or "null")`.
    Awareness(Vec<AwarenessEntry>),
    /// Auth: `None` permission granted, `Some(reason)` denied.
    Auth(Option<String>),
    /// Asks for our awareness state.
    QueryAwareness,
}

/// One client's entry in an awareness update.
#[derive(Debug, Clone, PartialEq)]
pub struct AwarenessEntry {
    /// The client's ID (53 bits).
    pub client: u64,
    /// The client's awareness clock; a higher clock replaces a lower one.
    pub clock: u32,
    /// The client's state as JSON text; `"null"` means the client left.
    pub json: String,
}

/// Why bytes are not a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError(pub String);

fn err(what: impl Into<String>) -> DecodeError {
    DecodeError(what.into())
}

fn var(c: &mut Cursor, what: &str) -> Result<u64, DecodeError> {
    c.read_var::<u64>()
        .map_err(|_| err(format!("the message ends inside {what}")))
}

fn buf<'a>(c: &mut Cursor<'a>, what: &str) -> Result<&'a [u8], DecodeError> {
    let len = var(c, what)?;
    let len = usize::try_from(len).map_err(|_| err(format!("{what} is too long")))?;
    if len > c.buf.len().saturating_sub(c.next) {
        return Err(err(format!("{what} is longer than the message")));
    }
    let start = c.next;
    c.next += len;
    Ok(&c.buf[start..start + len])
}

fn string(c: &mut Cursor, what: &str) -> Result<String, DecodeError> {
    let bytes = buf(c, what)?;
    std::str::from_utf8(bytes)
        .map(str::to_string)
        .map_err(|_| err(format!("{what} is not UTF-8 text")))
}

/// Checks a V1 state vector: a count, then `(client, clock)` pairs, clients within 53 bits.
pub fn check_state_vector(bytes: &[u8]) -> Result<(), DecodeError> {
    let mut c = Cursor::new(bytes);
    let n = var(&mut c, "the state vector")?;
    for _ in 0..n {
        let client = var(&mut c, "the state vector")?;
        if client > MAX_CLIENT_ID {
            return Err(err("a client ID in the state vector is over 53 bits"));
        }
        let clock = var(&mut c, "the state vector")?;
        if clock > u64::from(u32::MAX) {
            return Err(err("a clock in the state vector is too large"));
        }
    }
    Ok(())
}

/// Decodes all the messages in `bytes` (one or more, back to back).
pub fn decode(bytes: &[u8]) -> Result<Vec<Message>, DecodeError> {
    if bytes.is_empty() {
        return Err(err("the message is empty"));
    }
    if bytes.len() > MAX_MESSAGE_BYTES {
        return Err(err("the message is too large"));
    }
    let mut c = Cursor::new(bytes);
    let mut out = Vec::new();
    while c.next < bytes.len() {
        out.push(decode_one(&mut c)?);
    }
    Ok(out)
}

fn decode_one(c: &mut Cursor) -> Result<Message, DecodeError> {
    match var(c, "the message type")? {
        MSG_SYNC => {
            let sub = var(c, "the sync message type")?;
            let payload = buf(c, "the sync payload")?.to_vec();
            match sub {
                SYNC_STEP_1 => {
                    check_state_vector(&payload)?;
                    Ok(Message::SyncStep1(payload))
                }
                SYNC_STEP_2 => Ok(Message::SyncStep2(payload)),
                SYNC_UPDATE => Ok(Message::Update(payload)),
                other => Err(err(format!("unknown sync message type {other}"))),
            }
        }
        MSG_AWARENESS => {
            let payload = buf(c, "the awareness payload")?;
            let mut a = Cursor::new(payload);
            let n = var(&mut a, "the awareness update")?;
            if n > MAX_AWARENESS_CLIENTS as u64 {
                return Err(err("the awareness update names too many clients"));
            }
            let mut entries = Vec::new();
            for _ in 0..n {
                let client = var(&mut a, "the awareness update")?;
                if client > MAX_CLIENT_ID {
                    return Err(err("a client ID in the awareness update is over 53 bits"));
                }
                let clock = var(&mut a, "the awareness update")?;
                let clock =
                    u32::try_from(clock).map_err(|_| err("an awareness clock is too large"))?;
                let json = string(&mut a, "an awareness state")?;
                entries.push(AwarenessEntry {
                    client,
                    clock,
                    json,
                });
            }
            Ok(Message::Awareness(entries))
        }
        MSG_AUTH => {
            let permission = var(c, "the auth message")?;
            if permission == 0 {
                Ok(Message::Auth(Some(string(c, "the auth reason")?)))
            } else {
                Ok(Message::Auth(None))
            }
        }
        MSG_QUERY_AWARENESS => Ok(Message::QueryAwareness),
        other => Err(err(format!("unknown message type {other}"))),
    }
}

fn write_var(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7f) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn write_buf(out: &mut Vec<u8>, bytes: &[u8]) {
    write_var(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// Encodes a sync message of `subtype` carrying `payload`.
pub fn encode_sync(subtype: u64, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len() + 8);
    write_var(&mut out, MSG_SYNC);
    write_var(&mut out, subtype);
    write_buf(&mut out, payload);
    out
}

/// Encodes an awareness message with these entries.
pub fn encode_awareness(entries: &[AwarenessEntry]) -> Vec<u8> {
    let mut inner = Vec::new();
    write_var(&mut inner, entries.len() as u64);
    for e in entries {
        write_var(&mut inner, e.client);
        write_var(&mut inner, u64::from(e.clock));
        write_buf(&mut inner, e.json.as_bytes());
    }
    let mut out = Vec::with_capacity(inner.len() + 6);
    write_var(&mut out, MSG_AWARENESS);
    write_buf(&mut out, &inner);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let m = encode_sync(SYNC_UPDATE, &[1, 2, 3]);
        assert_eq!(m, vec![0, 2, 3, 1, 2, 3]);
        assert_eq!(decode(&m), Ok(vec![Message::Update(vec![1, 2, 3])]));
        let a = encode_awareness(&[AwarenessEntry {
            client: 300,
            clock: 2,
            json: "{}".into(),
        }]);
        let mut both = m.clone();
        both.extend(&a);
        let got = decode(&both).unwrap();
        assert_eq!(got.len(), 2);
        assert!(
            matches!(&got[1], Message::Awareness(e) if e[0].client == 300 && e[0].json == "{}")
        );
        assert_eq!(decode(&[3]), Ok(vec![Message::QueryAwareness]));
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            &[][..],
            &[0],
            &[0, 0],
            &[0, 0, 5, 1],
            &[0, 7, 0],
            &[9],
            &[1, 3, 1, 0xff, 0xff],
            &[
                0, 0, 10, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
            ],
        ] {
            assert!(decode(bad).is_err(), "{bad:?}");
        }
    }
}
