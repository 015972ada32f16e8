//! Rooms and room links: an unguessable room ID and the server it lives on.
//!
//! A room ID is the capability to join a workshop: 128 random bits (from bytes the caller draws
//! from `crypto.getRandomValues`) written as 32 lowercase hex digits. Parsing accepts hex or
//! base64url IDs of at least 128 bits (so rooms made by another tool can be joined) and refuses
//! anything shorter.
//!
//! A room link is a page link whose fragment (never sent to the page's server) carries the
//! workshop server and the room: `#/room?server=<ws or wss URL, percent-encoded>&id=<room ID>`
//! ([`RoomLink::fragment`], [`RoomLink::parse_fragment`]). The server URL must be `ws://` or
//! `wss://`, with a host, no user name or password and no fragment.

use std::fmt;

/// The fewest random bits a room ID may carry.
pub const MIN_ROOM_BITS: usize = 128;
/// The longest room ID accepted, in characters.
pub const MAX_ROOM_ID_LEN: usize = 128;
/// The longest server URL accepted, in bytes.
pub const MAX_SERVER_URL_LEN: usize = 2048;

/// Why a room ID or room link was refused; `Display` says it in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoomError {
    /// The room ID is missing.
    MissingId,
    /// The room ID has characters other than hex digits or base64url.
    BadIdCharacters,
    /// The room ID carries fewer than 128 bits.
    IdTooShort {
        /// The bits it carries.
        bits: usize,
    },
    /// The room ID is longer than [`MAX_ROOM_ID_LEN`].
    IdTooLong,
    /// The server address is missing.
    MissingServer,
    /// The server address is not a `ws://` or `wss://` URL with a host.
    BadServer(String),
}

impl fmt::Display for RoomError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RoomError::MissingId => write!(f, "the room link has no room ID"),
            RoomError::BadIdCharacters => write!(
                f,
                "the room ID may contain only letters, digits, '-' and '_'"
            ),
            RoomError::IdTooShort { bits } => write!(
                f,
                "the room ID is too short to be unguessable ({bits} bits, at least {MIN_ROOM_BITS} needed)"
            ),
            RoomError::IdTooLong => write!(
                f,
                "the room ID is longer than {MAX_ROOM_ID_LEN} characters"
            ),
            RoomError::MissingServer => write!(f, "the room link names no workshop server"),
            RoomError::BadServer(why) => write!(f, "the workshop server address {why}"),
        }
    }
}

impl std::error::Error for RoomError {}

/// An unguessable room ID (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RoomId(String);

impl RoomId {
    /// A new room ID from 16 random bytes the caller drew (`crypto.getRandomValues`).
    pub fn from_random(bytes: [u8; 16]) -> RoomId {
        RoomId(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// Parses a room ID: hex digits (4 bits each) or base64url (6 bits each), 128 bits or more.
    pub fn parse(s: &str) -> Result<RoomId, RoomError> {
        if s.is_empty() {
            return Err(RoomError::MissingId);
        }
        if s.len() > MAX_ROOM_ID_LEN {
            return Err(RoomError::IdTooLong);
        }
        if !s
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        {
            return Err(RoomError::BadIdCharacters);
        }
        let per_char = if s.bytes().all(|c| c.is_ascii_hexdigit()) {
            4
        } else {
            6
        };
        let bits = s.len() * per_char;
        if bits < MIN_ROOM_BITS {
            return Err(RoomError::IdTooShort { bits });
        }
        Ok(RoomId(s.to_string()))
    }

    /// The ID as written (safe in a URL path and query: letters, digits, `-`, `_`).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RoomId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A workshop server's address: a `ws://` or `wss://` URL (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ServerUrl(String);

impl ServerUrl {
    /// Checks a server address. A trailing `/` is removed.
    pub fn parse(s: &str) -> Result<ServerUrl, RoomError> {
        let s = s.trim();
        if s.is_empty() {
            return Err(RoomError::MissingServer);
        }
        let bad = |why: &str| Err(RoomError::BadServer(why.to_string()));
        if s.len() > MAX_SERVER_URL_LEN {
            return bad("is too long");
        }
        if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return bad("contains spaces or control characters");
        }
        let lower = s.to_ascii_lowercase();
        let rest = if lower.starts_with("wss://") || lower.starts_with("ws://") {
            &s[s.find("://").map_or(0, |i| i + 3)..]
        } else {
            return bad("must start with ws:// or wss://");
        };
        if s.contains('#') {
            return bad("must not have a fragment (#)");
        }
        let authority = rest.split(['/', '?']).next().unwrap_or("");
        if authority.contains('@') {
            return bad("must not contain a user name or password");
        }
        let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
            let Some((h, after)) = v6.split_once(']') else {
                return bad("has an unclosed [");
            };
            if !after.is_empty() && !after.starts_with(':') {
                return bad("has text after its host");
            }
            (h, after.strip_prefix(':'))
        } else {
            match authority.split_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (authority, None),
            }
        };
        if let Some(port) = port {
            if !port.bytes().all(|c| c.is_ascii_digit()) || port.parse::<u16>().is_err() {
                return bad("has a port that is not a number from 0 to 65535");
            }
        }
        if host.is_empty() {
            return bad("has no host");
        }
        Ok(ServerUrl(s.trim_end_matches('/').to_string()))
    }

    /// The URL as given (without a trailing `/`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The origin for a Content-Security-Policy `connect-src` (scheme, host and port).
    pub fn origin(&self) -> &str {
        let start = self.0.find("://").map_or(0, |i| i + 3);
        let end = self.0[start..]
            .find(['/', '?'])
            .map_or(self.0.len(), |i| start + i);
        &self.0[..end]
    }

    /// The WebSocket URL of a room on a y-websocket server: the room is the last path segment.
    pub fn room_url(&self, room: &RoomId) -> String {
        match self.0.split_once('?') {
            Some((base, query)) => format!("{}/{}?{query}", base.trim_end_matches('/'), room),
            None => format!("{}/{}", self.0, room),
        }
    }
}

impl fmt::Display for ServerUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A room link's pieces: the server and the room.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RoomLink {
    /// The workshop server.
    pub server: ServerUrl,
    /// The room on it.
    pub room: RoomId,
}

fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                let hex = s.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

impl RoomLink {
    /// The link's fragment, without `#`: `/room?server=...&id=...`.
    pub fn fragment(&self) -> String {
        format!(
            "/room?server={}&id={}",
            percent_encode(self.server.as_str()),
            self.room
        )
    }

    /// Parses a fragment made by [`RoomLink::fragment`] (a leading `#` is allowed).
    pub fn parse_fragment(fragment: &str) -> Result<RoomLink, RoomError> {
        let f = fragment.strip_prefix('#').unwrap_or(fragment);
        let query = f.strip_prefix("/room?").unwrap_or(f);
        let mut server = None;
        let mut id = None;
        for pair in query.split('&') {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            match k {
                "server" => server = percent_decode(v),
                "id" => id = percent_decode(v),
                _ => {}
            }
        }
        let server = ServerUrl::parse(&server.ok_or(RoomError::MissingServer)?)?;
        let room = RoomId::parse(&id.ok_or(RoomError::MissingId)?)?;
        Ok(RoomLink { server, room })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn room_ids() {
        let id = RoomId::from_random([0xab; 16]);
        assert_eq!(id.as_str().len(), 32);
        assert_eq!(RoomId::parse(id.as_str()), Ok(id));
        assert!(RoomId::parse("Zm9vYmFyYmF6cXV4cXV1eHh4eXk").is_ok()); // 27 base64url chars
        assert_eq!(
            RoomId::parse("abcdef"),
            Err(RoomError::IdTooShort { bits: 24 })
        );
        assert_eq!(RoomId::parse(""), Err(RoomError::MissingId));
        assert_eq!(
            RoomId::parse("../../etc/passwd-aaaaaaaaaaaaaaaaaaaaaa"),
            Err(RoomError::BadIdCharacters)
        );
        assert!(RoomId::parse(&"a".repeat(200)).is_err());
        assert!(RoomError::IdTooShort { bits: 24 }
            .to_string()
            .contains("too short"));
    }

    #[test]
    fn server_urls() {
        for ok in [
            "ws://127.0.0.1:1234",
            "wss://collab.example.org/yjs/",
            "WSS://host",
            "ws://[::1]:8080/d",
            "ws://localhost:8080/d/doc/ws?token=x",
        ] {
            assert!(ServerUrl::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "http://host",
            "https://host",
            "ws://",
            "ws://user:pw@host",
            "ws://host/#frag",
            "ws://host:port",
            "javascript:alert(1)",
            "ws://ho st",
        ] {
            assert!(ServerUrl::parse(bad).is_err(), "{bad}");
        }
        let s = ServerUrl::parse("wss://h.example:444/base/").unwrap();
        assert_eq!(s.as_str(), "wss://h.example:444/base");
        assert_eq!(s.origin(), "wss://h.example:444");
        let room = RoomId::from_random([1; 16]);
        assert_eq!(
            s.room_url(&room),
            format!("wss://h.example:444/base/{room}")
        );
    }

    #[test]
    fn links_round_trip() {
        let link = RoomLink {
            server: ServerUrl::parse("ws://127.0.0.1:1234/x?y=1&z=2").unwrap(),
            room: RoomId::from_random([7; 16]),
        };
        let f = link.fragment();
        assert!(!f.contains("//127"), "{f}");
        assert_eq!(RoomLink::parse_fragment(&f), Ok(link.clone()));
        assert_eq!(RoomLink::parse_fragment(&format!("#{f}")), Ok(link));
        assert_eq!(
            RoomLink::parse_fragment("/room?id=00112233445566778899aabbccddeeff"),
            Err(RoomError::MissingServer)
        );
        assert!(RoomLink::parse_fragment(
            "/room?server=http%3A%2F%2Fx&id=00112233445566778899aabbccddeeff"
        )
        .is_err());
    }
}
