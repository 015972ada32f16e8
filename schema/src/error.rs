//! Load errors (the document was refused) and warnings (it was loaded and repaired).

use std::fmt;

/// Why a document could not be loaded; `Display` says what was expected and where, as one
/// clause without a final full stop (see its implementation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// The input is larger than [`crate::MAX_INPUT_BYTES`].
    TooLarge {
        /// The input's size in bytes.
        size: usize,
        /// The largest accepted size in bytes.
        limit: usize,
    },
    /// The input is not valid UTF-8.
    InvalidUtf8 {
        /// The byte offset of the first invalid byte.
        offset: usize,
    },
    /// The JSON ends before it is complete (a truncated file or paste).
    Truncated {
        /// The 1-based line where the input ends.
        line: usize,
        /// The 1-based column where the input ends.
        column: usize,
    },
    /// The input is not well-formed JSON.
    Syntax {
        /// The JSON path of the value being read when the error occurred.
        path: String,
        /// The 1-based line of the error.
        line: usize,
        /// The 1-based column of the error.
        column: usize,
        /// What the parser expected.
        message: String,
    },
    /// Objects or arrays are nested deeper than [`crate::MAX_DEPTH`].
    TooDeep {
        /// The JSON path where the limit was exceeded.
        path: String,
        /// The deepest nesting accepted.
        limit: usize,
    },
    /// An object contains the same key twice, which JSON readers resolve differently.
    DuplicateKey {
        /// The JSON path of the repeated key.
        path: String,
        /// The repeated key.
        key: String,
    },
    /// The top-level value is not a JSON object.
    NotAnObject {
        /// The JSON type found instead, e.g. "array".
        found: &'static str,
    },
    /// The `format` field is missing or is not `"stageline.blueprint"`.
    WrongFormat {
        /// The value found, as JSON, or `None` when the field is missing.
        found: Option<String>,
    },
    /// The `schema_version` field is missing or is not a non-negative integer.
    InvalidVersion {
        /// The value found, as JSON, or `None` when the field is missing.
        found: Option<String>,
    },
    /// The document was written by a newer Stageline than this one.
    TooNew {
        /// The document's schema version.
        found: u64,
        /// The newest schema version this build reads.
        supported: u32,
    },
    /// No migration leads from the document's (older) schema version to the current one.
    NoMigration {
        /// The version no migration starts from.
        from: u32,
    },
    /// A migration step failed.
    Migration {
        /// The version the failed step migrates from.
        from: u32,
        /// The version the failed step migrates to.
        to: u32,
        /// What went wrong.
        message: String,
    },
    /// A value does not have the expected type or shape.
    Invalid {
        /// The JSON path of the offending value, e.g. `cards[3].emotion`.
        path: String,
        /// What was expected and what was found.
        message: String,
    },
}

impl LoadError {
    /// The JSON path the error refers to, if it refers to one (`""` is the document root).
    pub fn path(&self) -> Option<&str> {
        match self {
            LoadError::Syntax { path, .. }
            | LoadError::TooDeep { path, .. }
            | LoadError::DuplicateKey { path, .. }
            | LoadError::Invalid { path, .. } => Some(path),
            LoadError::WrongFormat { .. } => Some("format"),
            LoadError::InvalidVersion { .. } | LoadError::TooNew { .. } => Some("schema_version"),
            _ => None,
        }
    }

    /// A stable machine-readable name for the kind of error, e.g. `"too_new"`.
    pub fn code(&self) -> &'static str {
        match self {
            LoadError::TooLarge { .. } => "too_large",
            LoadError::InvalidUtf8 { .. } => "invalid_utf8",
            LoadError::Truncated { .. } => "truncated",
            LoadError::Syntax { .. } => "syntax",
            LoadError::TooDeep { .. } => "too_deep",
            LoadError::DuplicateKey { .. } => "duplicate_key",
            LoadError::NotAnObject { .. } => "not_an_object",
            LoadError::WrongFormat { .. } => "wrong_format",
            LoadError::InvalidVersion { .. } => "invalid_version",
            LoadError::TooNew { .. } => "too_new",
            LoadError::NoMigration { .. } => "no_migration",
            LoadError::Migration { .. } => "migration",
            LoadError::Invalid { .. } => "invalid",
        }
    }
}

/// Formats a path for messages: the root is called "the document root".
fn at(path: &str) -> String {
    if path.is_empty() {
        "the document root".to_string()
    } else {
        format!("`{path}`")
    }
}

/// Text from elsewhere (a parser, a migration) as a clause: without a final full stop.
fn clause(text: &str) -> &str {
    text.trim().trim_end_matches('.').trim_end()
}

/// One clause that says what was expected and where, starting with a capital letter and
/// **without a final full stop**: the caller ends the sentence (`format!("…: {e}.")`) or
/// prints it as a line on its own, as command-line tools do. It never contains "..".
impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::TooLarge { size, limit } => write!(
                f,
                "The file is {size} bytes; blueprints can be at most {limit} bytes ({} MiB)",
                limit / (1024 * 1024)
            ),
            LoadError::InvalidUtf8 { offset } => write!(
                f,
                "The file is not UTF-8 text (invalid byte at offset {offset}); expected a JSON blueprint"
            ),
            LoadError::Truncated { line, column } => write!(
                f,
                "The JSON ends unexpectedly at line {line}, column {column}; the file or paste looks truncated"
            ),
            LoadError::Syntax {
                path,
                line,
                column,
                message,
            } => write!(
                f,
                "Invalid JSON at line {line}, column {column} (in {}): {}",
                at(path),
                clause(message)
            ),
            LoadError::TooDeep { path, limit } => write!(
                f,
                "The JSON is nested more than {limit} levels deep at {}; a blueprint never is",
                at(path)
            ),
            LoadError::DuplicateKey { path, key } => write!(
                f,
                "The key {key:?} appears twice in the same object at {}; expected each key once",
                at(path)
            ),
            LoadError::NotAnObject { found } => write!(
                f,
                "Expected a JSON object with \"format\": \"{}\", found {found}",
                crate::FORMAT
            ),
            LoadError::WrongFormat { found: None } => write!(
                f,
                "This is not a Stageline blueprint: expected a `format` field with the value \"{}\"",
                crate::FORMAT
            ),
            LoadError::WrongFormat { found: Some(v) } => write!(
                f,
                "This is not a Stageline blueprint: expected `format` to be \"{}\", found {v}",
                crate::FORMAT
            ),
            LoadError::InvalidVersion { found: None } => write!(
                f,
                "Expected a `schema_version` field (a whole number such as {}), but it is missing",
                crate::CURRENT_SCHEMA_VERSION
            ),
            LoadError::InvalidVersion { found: Some(v) } => write!(
                f,
                "Expected `schema_version` to be a whole number such as {}, found {v}",
                crate::CURRENT_SCHEMA_VERSION
            ),
            LoadError::TooNew { found, supported } => write!(
                f,
                "Update Stageline to open this blueprint: it uses schema version {found}, and this \
                 version of Stageline reads versions up to {supported} (nothing was loaded or changed)"
            ),
            LoadError::NoMigration { from } => write!(
                f,
                "Schema version {from} is not supported: no migration leads from it to version {}",
                crate::CURRENT_SCHEMA_VERSION
            ),
            LoadError::Migration { from, to, message } => write!(
                f,
                "Upgrading the blueprint from schema version {from} to {to} failed: {}",
                clause(message)
            ),
            LoadError::Invalid { path, message } => {
                write!(f, "At {}: {}", at(path), clause(message))
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// A problem found in a loaded document: fixed (or ignored) and reported, not fatal.
///
/// Each warning says it twice: for tools, a JSON [`path`](Warning::path), a
/// [`code`](Warning::code) and a technical [`message`](Warning::message) (a clause in lower
/// case, without a final full stop, as the command line prints it after the path); for
/// people, a [`sentence`](Warning::sentence) that names where in their own words (the card's
/// title with its lane and stage, the stage or lane by name, an arrow by its two cards) and
/// what was done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The JSON path in the loaded input the warning is about, e.g. `cards[3].lane`.
    pub path: String,
    /// What kind of problem it is.
    pub code: WarningCode,
    /// What was wrong and what was done about it, technically: IDs and values as JSON, a
    /// clause without a final full stop.
    pub message: String,
    /// The same for the person who made the blueprint; see [`Warning::sentence`].
    sentence: String,
}

impl Warning {
    pub(crate) fn new(
        path: impl Into<String>,
        code: WarningCode,
        message: impl Into<String>,
        sentence: impl Into<String>,
    ) -> Self {
        Warning {
            path: path.into(),
            code,
            message: message.into(),
            sentence: crate::words::sentence(&sentence.into()),
        }
    }

    /// What happened and where, in words the person who made the blueprint understands, e.g.
    /// `Removed the link “javascript:alert(1)” from the card “Check in” (Frontstage actions,
    /// Arrival): only web and email addresses are kept.`
    ///
    /// One sentence: it starts with a capital letter and ends with exactly one full stop, so
    /// it is shown as it is (nothing is to be added). The blueprint's own text in it (titles,
    /// names, a link) is quoted with “ ” and cut to 60 characters; it is untrusted text, to be
    /// rendered as text.
    pub fn sentence(&self) -> &str {
        &self.sentence
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", at(&self.path), self.message)
    }
}

/// The kinds of problems load and repair report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WarningCode {
    /// A field this version does not know was ignored (it is not kept on save).
    UnknownField,
    /// Two entities of one kind shared an ID; the later one got a new ID.
    DuplicateId,
    /// A card named a lane that does not exist; it was moved to a fallback lane.
    DanglingLane,
    /// A card named a stage that does not exist; it was moved to a fallback stage.
    DanglingStage,
    /// A connection named a card that does not exist; it was dropped.
    DanglingConnection,
    /// A connection led from a card to itself; it was dropped.
    SelfConnection,
    /// A connection repeated another with the same ends and kind; it was dropped.
    DuplicateConnection,
    /// An emotion outside -2..=2 was clamped into range.
    EmotionOutOfRange,
    /// A link with a scheme other than http, https or mailto was dropped.
    UnsafeLink,
    /// A `zone` on a lane that is not `custom` was removed (the kind decides the zone).
    ZoneIgnored,
    /// The document has no lanes (nothing was added).
    NoLanes,
    /// The document has no stages (nothing was added).
    NoStages,
    /// `metadata.derived_from` could not be read or named the blueprint itself; it was removed.
    DerivedFromDropped,
}

impl WarningCode {
    /// Every kind of warning, in declaration order.
    pub const ALL: [WarningCode; 13] = [
        WarningCode::UnknownField,
        WarningCode::DuplicateId,
        WarningCode::DanglingLane,
        WarningCode::DanglingStage,
        WarningCode::DanglingConnection,
        WarningCode::SelfConnection,
        WarningCode::DuplicateConnection,
        WarningCode::EmotionOutOfRange,
        WarningCode::UnsafeLink,
        WarningCode::ZoneIgnored,
        WarningCode::NoLanes,
        WarningCode::NoStages,
        WarningCode::DerivedFromDropped,
    ];

    /// A stable machine-readable name, e.g. `"dangling_lane"`.
    pub fn as_str(self) -> &'static str {
        match self {
            WarningCode::UnknownField => "unknown_field",
            WarningCode::DuplicateId => "duplicate_id",
            WarningCode::DanglingLane => "dangling_lane",
            WarningCode::DanglingStage => "dangling_stage",
            WarningCode::DanglingConnection => "dangling_connection",
            WarningCode::SelfConnection => "self_connection",
            WarningCode::DuplicateConnection => "duplicate_connection",
            WarningCode::EmotionOutOfRange => "emotion_out_of_range",
            WarningCode::UnsafeLink => "unsafe_link",
            WarningCode::ZoneIgnored => "zone_ignored",
            WarningCode::NoLanes => "no_lanes",
            WarningCode::NoStages => "no_stages",
            WarningCode::DerivedFromDropped => "derived_from_dropped",
        }
    }
}

impl fmt::Display for WarningCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
