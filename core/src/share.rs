//! Read-only share links: a whole blueprint in the URL fragment, which browsers never send to
//! a server.
//!
//! # The fragment
//!
//! ```text
//! fragment = "#/view/" payload [ "~" payload ] [ "?" query ]
//! payload  = version data
//! version  = "1"          ; the codec; anything else is refused with ShareError::UnknownVersion
//! data     = base64url    ; RFC 4648 §5 alphabet A-Z a-z 0-9 - _, no "=" padding
//! query    = audience filter, see crate::audience (e.g. lanes=executives&fail=1&dim=1)
//! ```
//!
//! Codec `1`: `data` is the blueprint as compact JSON ([`stageline_schema::to_json_compact`]),
//! compressed as raw DEFLATE (RFC 1951, no zlib or gzip header) by `miniz_oxide`, then
//! base64url without padding. The compression level is the encoder's choice (any DEFLATE
//! stream decodes); the same document always gives the same link. A later codec gets a new version character; links already
//! shared keep opening.
//!
//! A second payload after `~` makes the link a comparison: the first is the new version, the
//! second the old one it is compared with (issue 22); the viewer then shows both in one grid
//! with the changes marked. `~` is outside base64url, so a build without comparisons refuses
//! such a link with [`ShareError::BadCharacter`] rather than showing half of it.
//!
//! # Opening a link
//!
//! [`ShareLink::parse_fragment`] takes a whole URL, a fragment with or without `#`, and
//! surrounding whitespace. It decodes base64url strictly, inflates with a hard output limit of
//! [`MAX_INPUT_BYTES`] (a decompression bomb stops there, and the payload's length is checked
//! before anything is decoded), and hands the bytes to [`stageline_schema::load_bytes`], the
//! one load path, keeping its warnings. Every failure is a [`ShareError`] whose message says
//! what to do. Text fields are data: nothing in a link is ever interpreted as markup.
//!
//! Raw DEFLATE has no checksum: a changed (not removed) character usually makes the data
//! undecodable or invalid JSON, but can also yield a slightly different valid blueprint,
//! which the load path then checks like any other input.
//!
//! Links longer than [`LONG_LINK_CHARS`] may be cut by chat tools; [`is_long`] tells the UI
//! when to warn and offer the JSON download instead.

pub mod base64url;

use std::fmt;

use miniz_oxide::inflate::TINFLStatus;
use stageline_schema::{Blueprint, LoadError, Loaded, Warning, MAX_INPUT_BYTES};

use crate::audience::{AudienceError, AudienceFilter};

/// The codec version character that starts every payload this build writes.
pub const CODEC_VERSION: char = '1';

/// The hash route of the viewer: a fragment that starts with this holds a share link.
pub const VIEW_ROUTE: &str = "#/view/";

/// Links longer than this many characters may be cut by chat and email tools.
pub const LONG_LINK_CHARS: usize = 8_000;

/// The longest payload accepted: the version character plus the base64url of a DEFLATE
/// stream holding a [`MAX_INPUT_BYTES`] document (stored blocks add 5 bytes per 64 KiB).
pub const MAX_PAYLOAD_CHARS: usize =
    1 + (MAX_INPUT_BYTES + MAX_INPUT_BYTES / 1024 + 64) / 3 * 4 + 4;

/// JSON up to this size is compressed hardest; larger documents give links far beyond
/// [`LONG_LINK_CHARS`] anyway, so they are compressed fast instead.
const SMALL_JSON_BYTES: usize = 64 * 1024;

/// The DEFLATE level for JSON of `len` bytes (miniz levels run 0–10).
///
/// Measured on a generated 1,000-card blueprint (394 KB of JSON, optimized native build):
/// level 9 takes about 27 ms for a 1% smaller result than level 6 (13 ms), level 4 about
/// 6 ms for 3% more than level 6. Below [`SMALL_JSON_BYTES`] every level takes under 5 ms.
fn level(len: usize) -> u8 {
    if len <= SMALL_JSON_BYTES {
        9
    } else {
        4
    }
}

/// A blueprint and the audience filter it is shown with: what a share link carries.
#[derive(Debug, Clone, PartialEq)]
pub struct ShareLink {
    /// The blueprint, shown read-only.
    pub blueprint: Blueprint,
    /// The audience filter the viewer starts with.
    pub filter: AudienceFilter,
    /// The older version the blueprint is compared with, for a comparison link.
    pub was: Option<Blueprint>,
}

/// A link that was opened: the blueprint and filter, and what the loader and filter parser
/// noticed on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenedLink {
    /// The blueprint and the filter to apply (the default when the filter did not parse).
    pub link: ShareLink,
    /// What the load path repaired or ignored, each with its JSON path.
    pub warnings: Vec<Warning>,
    /// The schema version the blueprint had, when it was older and got migrated.
    pub migrated_from: Option<u32>,
    /// Why the link's audience filter was ignored, if it was (the blueprint still opens).
    pub filter_error: Option<AudienceError>,
}

impl ShareLink {
    /// A link to `blueprint` shown with `filter`.
    pub fn new(blueprint: Blueprint, filter: AudienceFilter) -> ShareLink {
        ShareLink {
            blueprint,
            filter,
            was: None,
        }
    }

    /// A link to the comparison of `old` with `blueprint`, shown with `filter`.
    pub fn comparing(old: Blueprint, blueprint: Blueprint, filter: AudienceFilter) -> ShareLink {
        ShareLink {
            blueprint,
            filter,
            was: Some(old),
        }
    }

    /// The fragment, `#/view/<payload>[?<filter>]` (see the module docs); ASCII only, so its
    /// length in bytes is its length in characters.
    pub fn to_fragment(&self) -> String {
        let mut payload = encode_payload(&self.blueprint);
        if let Some(old) = &self.was {
            payload.push('~');
            payload.push_str(&encode_payload(old));
        }
        let query = self.filter.to_query();
        let mut out = String::with_capacity(VIEW_ROUTE.len() + payload.len() + query.len() + 1);
        out.push_str(VIEW_ROUTE);
        out.push_str(&payload);
        if !query.is_empty() {
            out.push('?');
            out.push_str(&query);
        }
        out
    }

    /// The whole link: `base` without any fragment of its own, then [`Self::to_fragment`].
    pub fn to_url(&self, base: &str) -> String {
        let base = base.split_once('#').map_or(base, |(b, _)| b);
        format!("{base}{}", self.to_fragment())
    }

    /// Opens a link: a whole URL, or its fragment with or without `#` (see the module docs).
    pub fn parse_fragment(text: &str) -> Result<OpenedLink, ShareError> {
        let text = text.trim();
        let fragment = text.split_once('#').map_or(text, |(_, f)| f);
        let rest = fragment
            .strip_prefix(&VIEW_ROUTE[1..])
            .ok_or(ShareError::NotAViewLink)?;
        let (payload, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (payload, was) = match payload.split_once('~') {
            Some((new, old)) => (new, Some(decode_payload(old)?)),
            None => (payload, None),
        };
        let loaded = decode_payload(payload)?;
        let (filter, filter_error) = match AudienceFilter::parse_query(query) {
            Ok(filter) => (filter, None),
            Err(e) => (AudienceFilter::default(), Some(e)),
        };
        let mut warnings = loaded.warnings;
        let link = match was {
            Some(old) => {
                warnings.extend(old.warnings);
                ShareLink::comparing(old.blueprint, loaded.blueprint, filter)
            }
            None => ShareLink::new(loaded.blueprint, filter),
        };
        Ok(OpenedLink {
            link,
            warnings,
            migrated_from: loaded.migrated_from,
            filter_error,
        })
    }
}

/// Whether `text` (a URL or a fragment with `#`) is a view link, for the app's router.
pub fn is_view_link(text: &str) -> bool {
    text.trim()
        .split_once('#')
        .is_some_and(|(_, f)| f.starts_with(&VIEW_ROUTE[1..]))
}

/// Whether a link is long enough that chat tools may cut it ([`LONG_LINK_CHARS`]).
pub fn is_long(link: &str) -> bool {
    link.len() > LONG_LINK_CHARS
}

/// The payload for `blueprint`: [`CODEC_VERSION`] then base64url of the DEFLATE-compressed
/// compact JSON.
///
/// A blueprint whose JSON exceeds [`MAX_INPUT_BYTES`] still encodes, but no Stageline opens
/// the result; such a link would be far beyond [`LONG_LINK_CHARS`] anyway.
pub fn encode_payload(blueprint: &Blueprint) -> String {
    payload_from_json(stageline_schema::to_json_compact(blueprint).as_bytes())
}

/// The payload for JSON bytes as they are, for tools and tests that hold a document's text
/// rather than a typed blueprint (e.g. one written by a newer Stageline).
pub fn payload_from_json(json: &[u8]) -> String {
    let deflated = miniz_oxide::deflate::compress_to_vec(json, level(json.len()));
    let mut out = String::with_capacity(1 + deflated.len().div_ceil(3) * 4);
    out.push(CODEC_VERSION);
    out.push_str(&base64url::encode(&deflated));
    out
}

/// Decodes a payload (the part after `#/view/`, without the query) through the one load path.
pub fn decode_payload(payload: &str) -> Result<Loaded, ShareError> {
    let mut chars = payload.chars();
    let version = chars.next().ok_or(ShareError::Empty)?;
    if version != CODEC_VERSION {
        return Err(ShareError::UnknownVersion { found: version });
    }
    if payload.len() > MAX_PAYLOAD_CHARS {
        return Err(ShareError::TooLarge {
            limit: MAX_INPUT_BYTES,
        });
    }
    let data = chars.as_str();
    if data.is_empty() {
        return Err(ShareError::Empty);
    }
    let deflated = base64url::decode(data).map_err(|e| ShareError::BadCharacter {
        index: e.index + 1,
        found: e.found,
    })?;
    let json = inflate(&deflated)?;
    stageline_schema::load_bytes(&json).map_err(ShareError::Load)
}

/// Inflates raw DEFLATE data into at most [`MAX_INPUT_BYTES`] bytes.
fn inflate(deflated: &[u8]) -> Result<Vec<u8>, ShareError> {
    miniz_oxide::inflate::decompress_to_vec_with_limit(deflated, MAX_INPUT_BYTES).map_err(|e| {
        match e.status {
            TINFLStatus::HasMoreOutput => ShareError::TooLarge {
                limit: MAX_INPUT_BYTES,
            },
            TINFLStatus::NeedsMoreInput | TINFLStatus::FailedCannotMakeProgress => {
                ShareError::Truncated
            }
            _ => ShareError::Corrupt,
        }
    })
}

/// Why a share link could not be opened; `Display` says what happened and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareError {
    /// The text is not a view link: its fragment does not start with `/view/`.
    NotAViewLink,
    /// Nothing (or only the version character) follows `#/view/`.
    Empty,
    /// The payload starts with a codec version this build does not read.
    UnknownVersion {
        /// The version character found.
        found: char,
    },
    /// The payload holds a character outside base64url.
    BadCharacter {
        /// The 0-based character index in the payload (the version character is 0).
        index: usize,
        /// The character found.
        found: char,
    },
    /// The data ends early: the link was cut off.
    Truncated,
    /// The data cannot be decompressed: the link was changed.
    Corrupt,
    /// The blueprint would be larger than the load path accepts.
    TooLarge {
        /// The largest accepted size in bytes.
        limit: usize,
    },
    /// The data decompressed, but the load path refused it (the error names the JSON path).
    Load(LoadError),
}

impl ShareError {
    /// A stable machine-readable name for the kind of error, e.g. `"truncated"`; load errors
    /// give the load path's own code (e.g. `"too_new"`).
    pub fn code(&self) -> &'static str {
        match self {
            ShareError::NotAViewLink => "not_a_view_link",
            ShareError::Empty => "empty",
            ShareError::UnknownVersion { .. } => "unknown_version",
            ShareError::BadCharacter { .. } => "bad_character",
            ShareError::Truncated => "truncated",
            ShareError::Corrupt => "corrupt",
            ShareError::TooLarge { .. } => "too_large",
            ShareError::Load(e) => e.code(),
        }
    }

    /// The JSON path a load error refers to, if any.
    pub fn path(&self) -> Option<&str> {
        match self {
            ShareError::Load(e) => e.path(),
            _ => None,
        }
    }
}

/// What to do instead, appended to messages about damaged links.
const ASK: &str = "Ask for the whole link again, or for the blueprint's JSON file, which opens in \
                   view mode from the home view.";

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::NotAViewLink => write!(
                f,
                "This is not a Stageline view link: the part after `#` should start with `/view/`."
            ),
            ShareError::Empty => write!(
                f,
                "The link holds no blueprint: nothing follows `#/view/`. {ASK}"
            ),
            ShareError::UnknownVersion { found } => write!(
                f,
                "This link uses link format {found:?}, but this version of Stageline reads format \
                 {CODEC_VERSION:?}. Update Stageline, or ask for the blueprint's JSON file."
            ),
            ShareError::BadCharacter { index, found } => write!(
                f,
                "The link is damaged: character {index} of its data is {found:?}, which a Stageline \
                 link never contains. {ASK}"
            ),
            ShareError::Truncated => write!(
                f,
                "The link is incomplete: it was probably cut off when it was copied or sent (chat \
                 tools shorten long links). {ASK}"
            ),
            ShareError::Corrupt => write!(
                f,
                "The link is damaged: its data cannot be decompressed. {ASK}"
            ),
            ShareError::TooLarge { limit } => write!(
                f,
                "The blueprint in this link would be larger than {limit} bytes ({} MiB), the most \
                 Stageline opens. Nothing was loaded.",
                limit / (1024 * 1024)
            ),
            ShareError::Load(e) => write!(f, "The link does not hold a valid blueprint. {e}."),
        }
    }
}

impl std::error::Error for ShareError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ShareError::Load(e) => Some(e),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The limits agree with each other (checked when compiling).
    const _: () = assert!(MAX_PAYLOAD_CHARS > MAX_INPUT_BYTES / 3 * 4);
    const _: () = assert!(LONG_LINK_CHARS < MAX_PAYLOAD_CHARS);

    #[test]
    fn view_route_is_a_hash_route() {
        assert_eq!(&VIEW_ROUTE[1..], "/view/");
    }

    #[test]
    fn fragments_are_found_in_urls() {
        assert!(is_view_link("https://x.example/#/view/1abc"));
        assert!(is_view_link("  #/view/1abc\n"));
        assert!(!is_view_link("/view/1abc"));
        assert!(!is_view_link("https://x.example/#/edit/bp_1"));
        assert_eq!(
            ShareLink::parse_fragment("https://x.example/#/edit/bp_1"),
            Err(ShareError::NotAViewLink)
        );
        assert_eq!(ShareLink::parse_fragment("#/view/"), Err(ShareError::Empty));
        assert_eq!(
            ShareLink::parse_fragment("#/view/1?lanes=executives"),
            Err(ShareError::Empty)
        );
    }
}
