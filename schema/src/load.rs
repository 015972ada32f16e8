//! The one load path: bytes or text → checked, migrated, typed and repaired [`Blueprint`].
//!
//! Every entry point (browser storage, file open, paste, share link, command line) calls
//! [`load_str`] or [`load_bytes`]. The steps, in order:
//!
//! 1. size limit ([`MAX_INPUT_BYTES`]), UTF-8 check (bytes only), a leading BOM is skipped;
//! 2. JSON parse with nesting limit ([`MAX_DEPTH`]) and duplicate-key rejection;
//! 3. `format` check, then `schema_version` check (newer than this build → [`LoadError::TooNew`]);
//! 4. ordered migrations up to [`CURRENT_SCHEMA_VERSION`] ([`crate::migrate`]);
//! 5. typed deserialization; errors name the JSON path and what was expected; unknown fields
//!    are ignored and reported as warnings; a `metadata.derived_from` that cannot be read is
//!    dropped first, with a warning, rather than refusing the document for a note about its
//!    origin;
//! 6. [`crate::repair()`] (see [`crate::repair`](mod@crate::repair)): dangling references, duplicate IDs and the like are fixed and reported.
//!
//! Loading is pure and deterministic and never panics, whatever the input.

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::document::{Blueprint, Generator, CURRENT_SCHEMA_VERSION, FORMAT};
use crate::error::{LoadError, Warning, WarningCode};
use crate::migrate::{migrate, Migration, MIGRATIONS};
use crate::path::{self, Seg};

mod typed;
mod wire;

/// The largest input accepted, in bytes (16 MiB).
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

/// The deepest nesting of JSON arrays and objects accepted (a valid blueprint needs about 5).
pub const MAX_DEPTH: usize = 64;

/// A successfully loaded document with everything the loader noticed.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    /// The typed, repaired document at the current schema version.
    pub blueprint: Blueprint,
    /// What was ignored or repaired, each with its JSON path in the input.
    pub warnings: Vec<Warning>,
    /// The schema version the input had, when it was older and got migrated.
    pub migrated_from: Option<u32>,
    /// The `generator` the input named (empty when it named none), for reporting: the
    /// blueprint itself names this Stageline, which writes it from now on.
    pub generator: Generator,
}

/// Loads a blueprint from raw bytes (a file or a decoded share link); see the module docs.
pub fn load_bytes(bytes: &[u8]) -> Result<Loaded, LoadError> {
    check_size(bytes.len())?;
    match std::str::from_utf8(bytes) {
        Ok(text) => load_str(text),
        Err(e) => Err(LoadError::InvalidUtf8 {
            offset: e.valid_up_to(),
        }),
    }
}

/// Loads a blueprint from text (storage, paste, command line); see the module docs.
pub fn load_str(text: &str) -> Result<Loaded, LoadError> {
    load_str_with(text, MIGRATIONS)
}

/// Loads like [`load_str`], every step the same, but migrates with `migrations` instead of
/// [`MIGRATIONS`]: for testing a migration and its fixture through the whole load path (the
/// schema's tests run a fixture migration from version 0 this way).
pub fn load_str_with(text: &str, migrations: &[Migration]) -> Result<Loaded, LoadError> {
    check_size(text.len())?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut value = parse_strict(text)?;
    let version = check_header(&value)?;
    migrate(&mut value, version, CURRENT_SCHEMA_VERSION, migrations)?;
    let mut loaded = load_value_current(value)?;
    if version != CURRENT_SCHEMA_VERSION {
        loaded.migrated_from = Some(version);
    }
    Ok(loaded)
}

fn check_size(size: usize) -> Result<(), LoadError> {
    if size > MAX_INPUT_BYTES {
        Err(LoadError::TooLarge {
            size,
            limit: MAX_INPUT_BYTES,
        })
    } else {
        Ok(())
    }
}

/// Checks `format` and `schema_version`; returns the document's (not newer) version.
pub(crate) fn check_header(value: &Value) -> Result<u32, LoadError> {
    let Value::Object(map) = value else {
        return Err(LoadError::NotAnObject {
            found: json_type(value),
        });
    };
    match map.get("format") {
        Some(Value::String(s)) if s == FORMAT => {}
        other => {
            return Err(LoadError::WrongFormat {
                found: other.map(short_json),
            })
        }
    }
    let version = match map.get("schema_version") {
        Some(v) => v.as_u64().ok_or_else(|| LoadError::InvalidVersion {
            found: Some(short_json(v)),
        })?,
        None => return Err(LoadError::InvalidVersion { found: None }),
    };
    if version > u64::from(CURRENT_SCHEMA_VERSION) {
        return Err(LoadError::TooNew {
            found: version,
            supported: CURRENT_SCHEMA_VERSION,
        });
    }
    u32::try_from(version).map_err(|_| LoadError::TooNew {
        found: version,
        supported: CURRENT_SCHEMA_VERSION,
    })
}

/// Types a current-version value, collects unknown-field warnings, and repairs.
fn load_value_current(mut value: Value) -> Result<Loaded, LoadError> {
    let dropped = crate::repair::drop_unreadable_derived_from(&mut value);
    let mut report = typed::Report::default();
    let typed = typed::decode::<wire::Wire>(value, &mut report).map(wire::Wire::into_parts);
    let (mut blueprint, generator) = typed.map_err(|e| LoadError::Invalid {
        path: report.error_path.take().unwrap_or_default(),
        message: e.to_string(),
    })?;
    let mut warnings: Vec<Warning> = report
        .unknown
        .into_iter()
        .map(|segs| {
            let field = match segs.last() {
                Some(Seg::Key(key)) => crate::words::quote(key),
                _ => "a field".to_string(),
            };
            let owner = &segs[..segs.len().saturating_sub(1)];
            Warning::new(
                path::render(&segs),
                WarningCode::UnknownField,
                "unknown field ignored (it will not be kept when saving)",
                format!(
                    "The field {field} of {} is not part of the Stageline format; it was \
                     ignored and will not be saved",
                    crate::words::owner(&blueprint, owner)
                ),
            )
        })
        .collect();
    warnings.extend(dropped);
    warnings.extend(crate::repair::repair(&mut blueprint));
    Ok(Loaded {
        blueprint,
        warnings,
        migrated_from: None,
        generator,
    })
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A value as compact JSON, cut to 80 characters for messages.
fn short_json(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 80 {
        let cut: String = s.chars().take(79).collect();
        format!("{cut}…")
    } else {
        s
    }
}

/// What went wrong in the strict parser beyond plain syntax.
enum Problem {
    TooDeep(String),
    DuplicateKey(String, String),
}

/// The strict parser's state: where it is, how deep, and the first structural problem.
struct State {
    path: Vec<Seg>,
    depth: usize,
    problem: Option<Problem>,
}

/// Parses JSON into a [`Value`], refusing deep nesting and duplicate keys, with paths.
pub(crate) fn parse_strict(text: &str) -> Result<Value, LoadError> {
    let mut state = State {
        path: Vec::new(),
        depth: 0,
        problem: None,
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let result = ValueSeed { st: &mut state }
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v));
    match result {
        Ok(v) => Ok(v),
        Err(e) => Err(match state.problem.take() {
            Some(Problem::TooDeep(path)) => LoadError::TooDeep {
                path,
                limit: MAX_DEPTH,
            },
            Some(Problem::DuplicateKey(path, key)) => LoadError::DuplicateKey { path, key },
            None if e.classify() == serde_json::error::Category::Eof => LoadError::Truncated {
                line: e.line(),
                column: e.column(),
            },
            None => {
                let full = e.to_string();
                let message = full
                    .rsplit_once(" at line ")
                    .map_or(full.as_str(), |(m, _)| m)
                    .to_string();
                LoadError::Syntax {
                    path: path::render(&state.path),
                    line: e.line(),
                    column: e.column(),
                    message,
                }
            }
        }),
    }
}

struct ValueSeed<'a> {
    st: &'a mut State,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(ValueVisitor { st: self.st })
    }
}

struct ValueVisitor<'a> {
    st: &'a mut State,
}

impl ValueVisitor<'_> {
    fn enter<E: serde::de::Error>(&mut self) -> Result<(), E> {
        self.st.depth += 1;
        if self.st.depth > MAX_DEPTH {
            self.st.problem = Some(Problem::TooDeep(path::render(&self.st.path)));
            return Err(E::custom("nesting too deep"));
        }
        Ok(())
    }
}

impl<'de> Visitor<'de> for ValueVisitor<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value, E> {
        Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("number out of range"))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<Value, A::Error> {
        self.enter()?;
        let mut items = Vec::new();
        loop {
            self.st.path.push(Seg::Index(items.len()));
            match seq.next_element_seed(ValueSeed { st: &mut *self.st })? {
                Some(v) => items.push(v),
                None => {
                    self.st.path.pop();
                    break;
                }
            }
            self.st.path.pop();
        }
        self.st.depth -= 1;
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut access: A) -> Result<Value, A::Error> {
        self.enter()?;
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            self.st.path.push(Seg::Key(key.clone()));
            if map.contains_key(&key) {
                self.st.problem = Some(Problem::DuplicateKey(
                    path::render(&self.st.path),
                    key.clone(),
                ));
                return Err(serde::de::Error::custom("duplicate key"));
            }
            let value = access.next_value_seed(ValueSeed { st: &mut *self.st })?;
            self.st.path.pop();
            map.insert(key, value);
        }
        self.st.depth -= 1;
        Ok(Value::Object(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_parser_reports_paths() {
        let err = parse_strict(r#"{"a": [1, {"b": 1, "b": 2}]}"#).err();
        assert_eq!(
            err,
            Some(LoadError::DuplicateKey {
                path: "a[1].b".into(),
                key: "b".into()
            })
        );
        let err = parse_strict(r#"{"a": [1, {"b": tru}]}"#).err();
        assert!(
            matches!(&err, Some(LoadError::Syntax { path, .. }) if path == "a[1].b"),
            "{err:?}"
        );
        assert!(matches!(
            parse_strict(r#"{"a": [1, "#),
            Err(LoadError::Truncated { line: 1, .. })
        ));
        assert!(matches!(
            parse_strict("{} x"),
            Err(LoadError::Syntax { .. })
        ));
    }

    #[test]
    fn depth_limit_is_exact() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse_strict(&ok).is_ok());
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert!(matches!(
            parse_strict(&deep),
            Err(LoadError::TooDeep {
                limit: MAX_DEPTH,
                ..
            })
        ));
    }
}
