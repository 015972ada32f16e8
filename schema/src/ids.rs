//! Stable, unique identifiers: one newtype per entity, generated from caller-supplied randomness.
//!
//! An ID is a plain JSON string matching `^[A-Za-z0-9_.:-]{1,64}$`. IDs that Stageline generates
//! look like `cd_7m2k9q0x4r1ab`: a prefix naming the entity (`bp_`, `st_`, `ln_`, `cd_`, `cn_`)
//! followed by 13 characters of lowercase Crockford base32 encoding 64 random bits. Other tools
//! may use any string matching the pattern; Stageline never interprets an ID's content.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The longest ID accepted, in bytes.
pub const MAX_ID_LEN: usize = 64;

/// The pattern every ID must match, as written in the JSON Schema.
pub const ID_PATTERN: &str = "^[A-Za-z0-9_.:-]{1,64}$";

/// Lowercase Crockford base32 alphabet (no i, l, o, u), so IDs are unambiguous when read aloud.
const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// Why a string is not a valid ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdError {
    /// The string is empty.
    Empty,
    /// The string is longer than [`MAX_ID_LEN`] bytes; holds the actual length.
    TooLong(usize),
    /// The string contains a character outside `A-Z a-z 0-9 _ . : -`; holds the first one.
    InvalidChar(char),
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdError::Empty => write!(f, "an ID must not be empty"),
            IdError::TooLong(len) => {
                write!(
                    f,
                    "an ID must be at most {MAX_ID_LEN} characters, found {len}"
                )
            }
            IdError::InvalidChar(c) => write!(
                f,
                "an ID may contain only letters, digits, '_', '.', ':' and '-', found {c:?}"
            ),
        }
    }
}

impl std::error::Error for IdError {}

/// Checks a candidate ID against [`ID_PATTERN`].
pub fn check_id(s: &str) -> Result<(), IdError> {
    if s.is_empty() {
        return Err(IdError::Empty);
    }
    if s.len() > MAX_ID_LEN {
        return Err(IdError::TooLong(s.len()));
    }
    match s
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | '-')))
    {
        Some(c) => Err(IdError::InvalidChar(c)),
        None => Ok(()),
    }
}

/// Encodes 64 bits as 13 lowercase Crockford base32 characters, most significant first.
pub(crate) fn base32_u64(mut v: u64) -> String {
    let mut out = [0u8; 13];
    for slot in out.iter_mut().rev() {
        *slot = ALPHABET[(v & 31) as usize];
        v >>= 5;
    }
    out.iter().map(|&b| char::from(b)).collect()
}

/// A source of random 64-bit numbers for new IDs, supplied by the caller so this crate stays pure.
///
/// The app implements it with `crypto.getRandomValues`; tests and tools use [`SeededIds`].
/// Any `FnMut() -> u64` closure is also an `IdSource`.
pub trait IdSource {
    /// Returns the next 64 random bits.
    fn next_u64(&mut self) -> u64;
}

impl<F: FnMut() -> u64> IdSource for F {
    fn next_u64(&mut self) -> u64 {
        self()
    }
}

/// A deterministic [`IdSource`] (splitmix64) for tests, fixtures and command-line tools.
#[derive(Debug, Clone)]
pub struct SeededIds {
    /// The generator's current state.
    state: u64,
}

impl SeededIds {
    /// Creates a generator whose sequence is fully determined by `seed`.
    pub fn new(seed: u64) -> Self {
        SeededIds { state: seed }
    }
}

impl IdSource for SeededIds {
    fn next_u64(&mut self) -> u64 {
        splitmix64(&mut self.state)
    }
}

/// One step of splitmix64: advances `state` and returns a well-mixed 64-bit value.
pub(crate) fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        ///
        /// Shared text: an ID is cloned wherever the document is indexed (the layout, the
        /// card index, per-cell lists, arrow routes), and a clone is a reference count, not a
        /// copy of the text.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(Arc<str>);

        impl $name {
            /// The prefix of IDs that Stageline generates for this entity.
            pub const PREFIX: &'static str = $prefix;

            /// Wraps `s` after checking it against [`ID_PATTERN`].
            pub fn new(s: impl Into<String>) -> Result<Self, IdError> {
                let s = s.into();
                check_id(&s)?;
                Ok($name(Arc::from(s)))
            }

            /// Generates a fresh ID: the prefix plus 64 random bits from `ids` in base32.
            pub fn generate(ids: &mut (impl IdSource + ?Sized)) -> Self {
                Self::from_bits(ids.next_u64())
            }

            /// Builds the ID that [`Self::generate`] would build from these 64 bits.
            pub fn from_bits(bits: u64) -> Self {
                $name(Arc::from(format!("{}{}", $prefix, base32_u64(bits))))
            }

            /// The ID as a string slice.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, IdError> {
                Self::new(s)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let s = String::deserialize(deserializer)?;
                $name::new(s).map_err(serde::de::Error::custom)
            }
        }

        #[cfg(feature = "json-schema")]
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "type": "string",
                    "pattern": ID_PATTERN,
                    "description": concat!(
                        "A stable unique ID (Stageline generates `",
                        $prefix,
                        "` followed by 13 base32 characters)."
                    ),
                })
            }
        }
    };
}

id_type!(
    /// The ID of a whole blueprint document (prefix `bp_`).
    BlueprintId,
    "bp_"
);
id_type!(
    /// The ID of a stage, one column of the grid (prefix `st_`).
    StageId,
    "st_"
);
id_type!(
    /// The ID of a lane, one row of the grid (prefix `ln_`).
    LaneId,
    "ln_"
);
id_type!(
    /// The ID of a card, one step in one lane at one stage (prefix `cd_`).
    CardId,
    "cd_"
);
id_type!(
    /// The ID of a connection, an arrow between two cards (prefix `cn_`).
    ConnectionId,
    "cn_"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_have_prefix_and_13_chars() {
        let mut ids = SeededIds::new(7);
        let id = CardId::generate(&mut ids);
        assert!(id.as_str().starts_with("cd_"));
        assert_eq!(id.as_str().len(), 16);
        assert!(check_id(id.as_str()).is_ok());
        assert_ne!(id, CardId::generate(&mut ids));
    }

    #[test]
    fn base32_edges() {
        assert_eq!(base32_u64(0), "0000000000000");
        assert_eq!(base32_u64(u64::MAX), "fzzzzzzzzzzzz");
    }

    #[test]
    fn closures_are_id_sources() {
        let mut n = 0u64;
        let mut src = || {
            n += 1;
            n
        };
        assert_eq!(StageId::generate(&mut src).as_str(), "st_0000000000001");
    }

    #[test]
    fn check_rejects_bad_ids() {
        assert_eq!(check_id(""), Err(IdError::Empty));
        assert_eq!(check_id(&"a".repeat(65)), Err(IdError::TooLong(65)));
        assert_eq!(check_id("a b"), Err(IdError::InvalidChar(' ')));
        assert!(check_id("Lane-1.a:b_c").is_ok());
    }
}
