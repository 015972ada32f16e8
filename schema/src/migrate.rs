//! Ordered migrations of older documents, applied to the raw JSON before typing.
//!
//! Each [`Migration`] upgrades a document from one schema version to a later one by editing
//! the JSON value. [`MIGRATIONS`] lists them in order; [`migrate`] chains them from the
//! document's version to [`crate::CURRENT_SCHEMA_VERSION`] and stamps each step's `to` into
//! `schema_version`. Version 1 is the first published version; the steps since:
//!
//! - 1 → 2 ([`V1_TO_V2`]): the metadata may say what the blueprint shows (`kind`) and which
//!   blueprint it was copied from (`derived_from`). Both are optional, so a version 1
//!   document is a valid version 2 document as it is: the step changes nothing and the
//!   machinery stamps the new version.
//!
//! Every migration comes with a fixture `schema/tests/fixtures/migrations/v{from}.json`
//! (a test enforces this) holding a document of the old version. The machinery itself is
//! also exercised through the whole load path by a fixture migration from an imagined draft
//! version 0 (`schema/tests/migration.rs`, with [`crate::load::load_str_with`]).

use serde_json::Value;

use crate::error::LoadError;

/// One step that upgrades a document's JSON from schema version `from` to `to`.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// The schema version this step reads.
    pub from: u32,
    /// The schema version this step writes (greater than `from`).
    pub to: u32,
    /// What changed, in one sentence, for the changelog and error messages.
    pub description: &'static str,
    /// Edits the document in place; returns a human message on failure.
    pub migrate: fn(&mut Value) -> Result<(), String>,
}

/// Version 1 → 2: adds the optional `metadata.kind` and `metadata.derived_from`.
pub const V1_TO_V2: Migration = Migration {
    from: 1,
    to: 2,
    description: "adds the optional metadata fields `kind` (what the blueprint shows: as is, \
                  to be or a scenario) and `derived_from` (the blueprint it was copied from); \
                  a version 1 document needs no change",
    migrate: only_optional_fields_added,
};

/// A step whose new version only adds optional fields: the document stays as it is (the
/// machinery stamps the new `schema_version`).
fn only_optional_fields_added(value: &mut Value) -> Result<(), String> {
    if value.is_object() {
        Ok(())
    } else {
        Err("the document is not a JSON object".to_string())
    }
}

/// All migrations of this build, in order of `from`.
pub const MIGRATIONS: &[Migration] = &[V1_TO_V2];

/// Checks that `registry` is one ordered chain from version `first` (the oldest version a
/// document can have) to `current`: each step starts where the one before ended and moves
/// forward, and the last ends at `current` (an empty registry only when `first == current`).
///
/// The schema's tests run it on [`MIGRATIONS`] with version 1 and
/// [`crate::CURRENT_SCHEMA_VERSION`], so raising the version without a migration fails.
pub fn check_registry(registry: &[Migration], first: u32, current: u32) -> Result<(), String> {
    let mut version = first;
    for m in registry {
        if m.from != version {
            return Err(format!(
                "the migration from {} to {} should start at version {version}",
                m.from, m.to
            ));
        }
        if m.to <= m.from {
            return Err(format!(
                "the migration from {} to {} does not move forward",
                m.from, m.to
            ));
        }
        version = m.to;
    }
    if version == current {
        Ok(())
    } else {
        Err(format!(
            "the migrations end at version {version}, not at the current version {current}"
        ))
    }
}

/// Applies the migrations in `registry` from version `from` up to `target`.
///
/// Returns the versions passed through (empty when `from == target`).
pub fn migrate(
    value: &mut Value,
    from: u32,
    target: u32,
    registry: &[Migration],
) -> Result<Vec<u32>, LoadError> {
    let mut version = from;
    let mut steps = Vec::new();
    while version < target {
        let Some(step) = registry
            .iter()
            .find(|m| m.from == version && m.to > m.from && m.to <= target)
        else {
            return Err(LoadError::NoMigration { from: version });
        };
        (step.migrate)(value).map_err(|message| LoadError::Migration {
            from: step.from,
            to: step.to,
            message,
        })?;
        if let Value::Object(map) = value {
            map.insert("schema_version".to_string(), Value::from(step.to));
        }
        steps.push(version);
        version = step.to;
    }
    Ok(steps)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rename_title(v: &mut Value) -> Result<(), String> {
        let map = v.as_object_mut().ok_or("not an object")?;
        let title = map.remove("name").ok_or("missing `name`")?;
        map.insert("title".into(), title);
        Ok(())
    }

    fn add_lanes(v: &mut Value) -> Result<(), String> {
        let map = v.as_object_mut().ok_or("not an object")?;
        map.entry("lanes").or_insert_with(|| json!([]));
        Ok(())
    }

    const CHAIN: &[Migration] = &[
        Migration {
            from: 1,
            to: 2,
            description: "renames name to title",
            migrate: rename_title,
        },
        Migration {
            from: 2,
            to: 3,
            description: "adds lanes",
            migrate: add_lanes,
        },
    ];

    #[test]
    fn chain_runs_in_order_and_stamps_versions() {
        let mut v = json!({"schema_version": 1, "name": "x"});
        let steps = migrate(&mut v, 1, 3, CHAIN);
        assert_eq!(steps, Ok(vec![1, 2]));
        assert_eq!(v, json!({"schema_version": 3, "title": "x", "lanes": []}));
    }

    #[test]
    fn partial_chain_stops_at_target() {
        let mut v = json!({"schema_version": 1, "name": "x"});
        assert_eq!(migrate(&mut v, 1, 2, CHAIN), Ok(vec![1]));
        assert_eq!(v, json!({"schema_version": 2, "title": "x"}));
    }

    #[test]
    fn missing_step_and_failures_are_errors() {
        let mut v = json!({"schema_version": 0});
        assert_eq!(
            migrate(&mut v, 0, 3, CHAIN),
            Err(LoadError::NoMigration { from: 0 })
        );
        let mut v = json!({"schema_version": 1});
        assert!(matches!(
            migrate(&mut v, 1, 3, CHAIN),
            Err(LoadError::Migration { from: 1, to: 2, .. })
        ));
    }

    #[test]
    fn registry_is_one_chain_from_the_first_version_to_the_current_one() {
        // Version 1 is the first published version.
        assert_eq!(
            check_registry(MIGRATIONS, 1, crate::CURRENT_SCHEMA_VERSION),
            Ok(())
        );
        assert_eq!(check_registry(CHAIN, 1, 3), Ok(()));
    }

    #[test]
    fn broken_registries_are_refused() {
        let step = |from, to| Migration {
            from,
            to,
            description: "",
            migrate: add_lanes,
        };
        // Out of order, a gap, a step backwards, not reaching or passing the current version.
        assert!(check_registry(&[step(2, 3), step(1, 2)], 1, 3).is_err());
        assert!(check_registry(&[step(1, 2), step(3, 4)], 1, 4).is_err());
        assert!(check_registry(&[step(1, 1)], 1, 1).is_err());
        assert!(check_registry(&[step(1, 2)], 1, 3).is_err());
        assert!(check_registry(&[step(1, 2), step(2, 3)], 1, 2).is_err());
        // A version raised without its migration.
        assert!(check_registry(&[], 1, 2).is_err());
    }
}
