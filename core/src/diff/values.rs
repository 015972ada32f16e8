//! Field values as display text for the diff: enums by their label from the schema's tables
//! ([`stageline_schema::Named`]), durations as [`format_duration`], lists as their field shows
//! them ([`join_list`]). An absent value is the empty string.

use stageline_schema::{Card, Connection, DerivedFrom, Lane, Metadata, Named, Settings, Stage};

use super::FieldChange;
use crate::fields::card::{KpiField, LinkField, NoteField};
use crate::fields::values::{format_number, join_list};
use crate::metrics::format_duration;

fn secs(v: Option<u64>) -> String {
    v.map(format_duration).unwrap_or_default()
}

fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn label<T: Named>(v: Option<T>) -> String {
    v.map(|v| v.label().to_string()).unwrap_or_default()
}

/// Collects the fields that differ, as display text.
struct Fields(Vec<FieldChange>);

impl Fields {
    fn cmp(&mut self, field: &str, old: String, new: String) {
        if old != new {
            self.0.push(FieldChange {
                field: field.to_string(),
                old,
                new,
            });
        }
    }

    /// A field whose values differ though they may show the same text (then the field's
    /// JSON is compared, so a change is never hidden by its display).
    fn cmp_by<T: PartialEq>(&mut self, field: &str, old: &T, new: &T, show: impl Fn(&T) -> String) {
        if old != new {
            let (o, n) = (show(old), show(new));
            let (o, n) = if o == n {
                (format!("{o} (before)"), format!("{n} (after)"))
            } else {
                (o, n)
            };
            self.0.push(FieldChange {
                field: field.to_string(),
                old: o,
                new: n,
            });
        }
    }
}

/// The fields of a card that differ, apart from its ID and cell (moves are reported apart).
pub(super) fn card_fields(old: &Card, new: &Card) -> Vec<FieldChange> {
    let mut f = Fields(Vec::new());
    f.cmp("title", old.title.clone(), new.title.clone());
    f.cmp("kind", old.kind.label().into(), new.kind.label().into());
    f.cmp(
        "description",
        old.description.clone(),
        new.description.clone(),
    );
    f.cmp("owner", opt(&old.owner), opt(&new.owner));
    f.cmp_by("channel", &old.channel, &new.channel, |c| {
        c.as_ref()
            .map(|c| c.label().to_string())
            .unwrap_or_default()
    });
    f.cmp("actor_type", label(old.actor_type), label(new.actor_type));
    f.cmp(
        "typical_duration_secs",
        secs(old.typical_duration_secs),
        secs(new.typical_duration_secs),
    );
    f.cmp_by(
        "wait_before_secs",
        &old.wait_before_secs,
        &new.wait_before_secs,
        |v| secs(*v),
    );
    f.cmp_by(
        "wait_tolerance_secs",
        &old.wait_tolerance_secs,
        &new.wait_tolerance_secs,
        |v| secs(*v),
    );
    f.cmp_by("sla_secs", &old.sla_secs, &new.sla_secs, |v| secs(*v));
    f.cmp_by("fail_point", &old.fail_point, &new.fail_point, |fp| {
        fp.as_ref().map_or_else(String::new, |fp| {
            let mut s = format!("{} risk", fp.risk.label());
            if !fp.description.is_empty() {
                s.push_str(&format!(": {}", fp.description));
            }
            if let Some(o) = &fp.owner {
                s.push_str(&format!("; owner {o}"));
            }
            if let Some(e) = &fp.escalation {
                s.push_str(&format!("; escalation {e}"));
            }
            s
        })
    });
    f.cmp(
        "emotion",
        old.emotion.map(|e| format!("{e:+}")).unwrap_or_default(),
        new.emotion.map(|e| format!("{e:+}")).unwrap_or_default(),
    );
    f.cmp_by("kpis", &old.kpis, &new.kpis, |k| {
        let items: Vec<String> = k
            .iter()
            .map(|k| {
                let mut s = KpiField::Name.show(k);
                if k.value.is_some() {
                    s.push_str(&format!(" {}", format_number(k.value)));
                }
                if k.target.is_some() {
                    s.push_str(&format!(" (target {})", format_number(k.target)));
                }
                if let Some(u) = &k.unit {
                    s.push_str(&format!(" {u}"));
                }
                s
            })
            .collect();
        items.join("; ")
    });
    f.cmp("privacy", label(old.privacy), label(new.privacy));
    f.cmp_by("regulations", &old.regulations, &new.regulations, |v| {
        join_list(v)
    });
    f.cmp_by("tags", &old.tags, &new.tags, |v| join_list(v));
    f.cmp_by("links", &old.links, &new.links, |v| {
        let items: Vec<String> = v
            .iter()
            .map(|l| format!("{} <{}>", LinkField::Label.show(l), LinkField::Url.show(l)))
            .collect();
        items.join("; ")
    });
    f.cmp_by("notes", &old.notes, &new.notes, |v| {
        let items: Vec<String> = v
            .iter()
            .map(|n| match &n.source {
                Some(_) => format!(
                    "{} ({})",
                    NoteField::Text.show(n),
                    NoteField::Source.show(n)
                ),
                None => NoteField::Text.show(n),
            })
            .collect();
        items.join("; ")
    });
    f.0
}

/// The fields of a stage that differ, apart from its name (a rename is reported apart).
pub(super) fn stage_fields(old: &Stage, new: &Stage) -> Vec<FieldChange> {
    let mut f = Fields(Vec::new());
    f.cmp(
        "description",
        old.description.clone(),
        new.description.clone(),
    );
    f.cmp_by(
        "target_duration_secs",
        &old.target_duration_secs,
        &new.target_duration_secs,
        |v| secs(*v),
    );
    f.0
}

/// The fields of a lane that differ, apart from its name (a rename is reported apart).
pub(super) fn lane_fields(old: &Lane, new: &Lane) -> Vec<FieldChange> {
    let mut f = Fields(Vec::new());
    f.cmp("kind", old.kind.label().into(), new.kind.label().into());
    f.cmp("owner", opt(&old.owner), opt(&new.owner));
    f.cmp("zone", label(old.zone), label(new.zone));
    f.0
}

/// The fields of a connection that differ; its ends are shown by `title` (a card's title).
pub(super) fn connection_fields(
    old: &Connection,
    new: &Connection,
    title: impl Fn(bool, &stageline_schema::CardId) -> String,
) -> Vec<FieldChange> {
    let mut f = Fields(Vec::new());
    for (field, o, n) in [("from", &old.from, &new.from), ("to", &old.to, &new.to)] {
        if o != n {
            f.0.push(FieldChange {
                field: field.to_string(),
                old: title(false, o),
                new: title(true, n),
            });
        }
    }
    f.cmp("kind", old.kind.label().into(), new.kind.label().into());
    f.cmp(
        "direction",
        old.direction.label().into(),
        new.direction.label().into(),
    );
    f.cmp("label", old.label.clone(), new.label.clone());
    f.cmp_by(
        "expected_latency_secs",
        &old.expected_latency_secs,
        &new.expected_latency_secs,
        |v| secs(*v),
    );
    f.0
}

/// The blueprint's descriptive fields that differ; the `created` and `modified` timestamps are
/// left out (every save changes them; [`super::MetadataChanged`] still carries them).
pub(super) fn metadata_fields(old: &Metadata, new: &Metadata) -> Vec<FieldChange> {
    let mut f = Fields(Vec::new());
    f.cmp("title", old.title.clone(), new.title.clone());
    f.cmp(
        "description",
        old.description.clone(),
        new.description.clone(),
    );
    f.cmp("persona", old.persona.clone(), new.persona.clone());
    f.cmp("scenario", old.scenario.clone(), new.scenario.clone());
    f.cmp("kind", label(old.kind), label(new.kind));
    f.cmp_by("derived_from", &old.derived_from, &new.derived_from, |v| {
        v.as_ref().map(DerivedFrom::name).unwrap_or_default()
    });
    f.cmp_by("authors", &old.authors, &new.authors, |v| join_list(v));
    f.0
}

/// The settings that differ.
pub(super) fn settings_fields(old: &Settings, new: &Settings) -> Vec<FieldChange> {
    let mut f = Fields(Vec::new());
    f.cmp_by(
        "disabled_checks",
        &old.disabled_checks,
        &new.disabled_checks,
        |v| join_list(v),
    );
    f.0
}
