//! A CSV of cards, one row per card, for teams coming from spreadsheets (see [`COLUMNS`]).

use std::collections::{HashMap, HashSet};

use stageline_schema::{
    ActorType, Blueprint, BlueprintId, Card, CardId, CardKind, Channel, FailPoint, Format,
    KnownChannel, Lane, LaneId, LaneKind, Metadata, Named, Risk, SchemaVersion, SeededIds,
    Settings, Stage, StageId, Timestamp, WrittenBy, EMOTION_MAX, EMOTION_MIN,
};

/// The columns, in the order they are written.
pub const COLUMNS: [&str; 20] = [
    "id",
    "lane",
    "lane_kind",
    "stage",
    "title",
    "description",
    "kind",
    "owner",
    "channel",
    "actor_type",
    "typical_duration_secs",
    "wait_before_secs",
    "wait_tolerance_secs",
    "sla_secs",
    "fail_point_risk",
    "fail_point_description",
    "fail_point_owner",
    "fail_point_escalation",
    "emotion",
    "tags",
];

/// The JSON names of an enum, as a list for help and error messages: `low, medium, high`.
fn choices<T: Named>() -> String {
    T::ALL
        .iter()
        .map(|v| v.json_name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a column holds, for `convert --help`; enum columns list the names of the schema's
/// tables.
pub fn column_help(column: &str) -> String {
    match column {
        "id" => "card ID (empty: a new ID is made)".into(),
        "lane" => "lane name, or lane ID".into(),
        "lane_kind" => choices::<LaneKind>(),
        "stage" => "stage name, or stage ID".into(),
        "title" => "short title".into(),
        "description" => "longer description".into(),
        "kind" => format!("{} (empty: from the lane kind)", choices::<CardKind>()),
        "owner" => "role, team or system performing the step".into(),
        "channel" => format!("{}, or any name", choices::<KnownChannel>()),
        "actor_type" => choices::<ActorType>(),
        "typical_duration_secs" => "whole seconds".into(),
        "wait_before_secs" => "whole seconds the customer waits before the step".into(),
        "wait_tolerance_secs" => "whole seconds the customer tolerates waiting".into(),
        "sla_secs" => "target time of the step, whole seconds".into(),
        "fail_point_risk" => format!("{} (set to make the card a fail point)", choices::<Risk>()),
        "fail_point_description" => "what goes wrong".into(),
        "fail_point_owner" => "who owns the fail point".into(),
        "fail_point_escalation" => "escalation or recovery".into(),
        "emotion" => "customer emotion, -2 to 2".into(),
        "tags" => "tags separated by semicolons".into(),
        _ => String::new(),
    }
}

/// Columns holding free text, protected against spreadsheet formula injection.
const TEXT_COLUMNS: [&str; 9] = [
    "lane",
    "stage",
    "title",
    "description",
    "owner",
    "fail_point_description",
    "fail_point_owner",
    "fail_point_escalation",
    "tags",
];

/// Parses a JSON name, ignoring ASCII case as the import always did (`Customer`, `HIGH`).
fn parse_name<T: Named>(s: &str) -> Option<T> {
    T::from_json_name(&s.to_ascii_lowercase())
}

/// Prefixes a `'` to text a spreadsheet would evaluate as a formula.
fn protect(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// Undoes [`protect`].
fn unprotect(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) => rest,
        _ => text,
    }
}

/// Names of lanes or stages for the CSV: the name when it is unique and not blank, else the ID.
fn labels<'a>(items: impl Iterator<Item = (&'a str, &'a str)> + Clone) -> HashMap<&'a str, String> {
    let mut count: HashMap<String, usize> = HashMap::new();
    for (_, name) in items.clone() {
        *count.entry(name.trim().to_lowercase()).or_default() += 1;
    }
    items
        .map(|(id, name)| {
            let key = name.trim().to_lowercase();
            let unique = !key.is_empty() && count.get(&key) == Some(&1);
            (
                id,
                if unique {
                    name.trim().to_string()
                } else {
                    id.to_string()
                },
            )
        })
        .collect()
}

/// Writes the cards of `doc` as CSV.
pub fn to_csv(doc: &Blueprint) -> Result<Vec<u8>, String> {
    let lane_label = labels(doc.lanes.iter().map(|l| (l.id.as_str(), l.name.as_str())));
    let stage_label = labels(doc.stages.iter().map(|s| (s.id.as_str(), s.name.as_str())));
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| format!("cannot write CSV: {e}");
    w.write_record(COLUMNS).map_err(fail)?;
    let num = |v: Option<u64>| v.map(|v| v.to_string()).unwrap_or_default();
    for card in &doc.cards {
        let lane = doc.lane(&card.lane);
        let fp = card.fail_point.as_ref();
        let cells: [(&str, String); 20] = [
            ("id", card.id.to_string()),
            (
                "lane",
                lane_label
                    .get(card.lane.as_str())
                    .cloned()
                    .unwrap_or_else(|| card.lane.to_string()),
            ),
            (
                "lane_kind",
                lane.map(|l| l.kind.json_name().to_string())
                    .unwrap_or_default(),
            ),
            (
                "stage",
                stage_label
                    .get(card.stage.as_str())
                    .cloned()
                    .unwrap_or_else(|| card.stage.to_string()),
            ),
            ("title", card.title.clone()),
            ("description", card.description.clone()),
            ("kind", card.kind.json_name().to_string()),
            ("owner", card.owner.clone().unwrap_or_default()),
            (
                "channel",
                card.channel
                    .as_ref()
                    .map(|c| c.name().to_string())
                    .unwrap_or_default(),
            ),
            (
                "actor_type",
                card.actor_type
                    .map(|a| a.json_name().to_string())
                    .unwrap_or_default(),
            ),
            ("typical_duration_secs", num(card.typical_duration_secs)),
            ("wait_before_secs", num(card.wait_before_secs)),
            ("wait_tolerance_secs", num(card.wait_tolerance_secs)),
            ("sla_secs", num(card.sla_secs)),
            (
                "fail_point_risk",
                fp.map(|f| f.risk.json_name().to_string())
                    .unwrap_or_default(),
            ),
            (
                "fail_point_description",
                fp.map(|f| f.description.clone()).unwrap_or_default(),
            ),
            (
                "fail_point_owner",
                fp.and_then(|f| f.owner.clone()).unwrap_or_default(),
            ),
            (
                "fail_point_escalation",
                fp.and_then(|f| f.escalation.clone()).unwrap_or_default(),
            ),
            (
                "emotion",
                card.emotion.map(|e| e.to_string()).unwrap_or_default(),
            ),
            ("tags", card.tags.join("; ")),
        ];
        let record: Vec<String> = cells
            .into_iter()
            .map(|(col, v)| {
                if TEXT_COLUMNS.contains(&col) {
                    protect(&v)
                } else {
                    v
                }
            })
            .collect();
        w.write_record(&record).map_err(fail)?;
    }
    w.into_inner().map_err(|e| format!("cannot write CSV: {e}"))
}

/// A blueprint made from CSV, with notes on what was created or removed.
pub struct Imported {
    /// The resulting blueprint (not yet repaired; the caller loads it once).
    pub blueprint: Blueprint,
    /// What happened, for people: lanes and stages created, cards removed...
    pub notes: Vec<String>,
}

/// One CSV row's cells by column name.
struct Row<'r> {
    number: usize,
    cells: HashMap<&'static str, &'r str>,
}

impl Row<'_> {
    fn get(&self, column: &str) -> &str {
        self.cells.get(column).map_or("", |v| unprotect(v.trim()))
    }

    fn opt(&self, column: &str) -> Option<String> {
        Some(self.get(column).to_string()).filter(|s| !s.is_empty())
    }

    fn error(&self, column: &str, message: impl std::fmt::Display) -> String {
        format!("CSV row {}, column `{column}`: {message}", self.number)
    }

    fn secs(&self, column: &str) -> Result<Option<u64>, String> {
        let v = self.get(column);
        if v.is_empty() {
            return Ok(None);
        }
        v.parse::<u64>().map(Some).map_err(|_| {
            self.error(
                column,
                format!("expected whole seconds (e.g. 90), found {v:?}"),
            )
        })
    }

    /// The value of an enum column by its JSON name (any ASCII case); `None` when empty.
    fn named<T: Named>(&self, column: &str) -> Result<Option<T>, String> {
        let v = self.get(column);
        if v.is_empty() {
            return Ok(None);
        }
        parse_name(v).map(Some).ok_or_else(|| {
            self.error(
                column,
                format!("expected one of {}, found {v:?}", choices::<T>()),
            )
        })
    }
}

/// FNV-1a, to seed new IDs from the input so the same CSV always gives the same blueprint.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Builds a blueprint from CSV `bytes`: into `base` when given (its cards are replaced), else
/// a new blueprint titled `title`. See `stageline convert --help` for the rules.
pub fn from_csv(
    bytes: &[u8],
    base: Option<Blueprint>,
    title: &str,
    now: Timestamp,
) -> Result<Imported, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "the CSV is not UTF-8 text (invalid byte at offset {})",
            e.valid_up_to()
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut ids = SeededIds::new(fnv(bytes));
    let mut notes = Vec::new();
    let mut doc = match base {
        Some(doc) => doc,
        None => Blueprint {
            format: Format,
            schema_version: SchemaVersion,
            generator: WrittenBy,
            id: BlueprintId::generate(&mut ids),
            metadata: Metadata {
                title: title.to_string(),
                created: Some(now),
                ..Metadata::default()
            },
            stages: Vec::new(),
            lanes: Vec::new(),
            cards: Vec::new(),
            connections: Vec::new(),
            settings: Settings::default(),
        },
    };
    doc.metadata.modified = Some(now);

    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| format!("cannot read the CSV header row: {e}"))?
        .clone();
    let mut columns: Vec<Option<&'static str>> = Vec::new();
    let mut seen_columns = HashSet::new();
    for h in headers.iter() {
        let key = h.trim().to_ascii_lowercase();
        let known = COLUMNS.iter().copied().find(|n| *n == key);
        match known {
            Some(n) if !seen_columns.insert(n) => {
                return Err(format!("the CSV header names the column `{n}` twice"))
            }
            Some(_) => {}
            None => notes.push(format!("ignored unknown CSV column {:?}", h)),
        }
        columns.push(known);
    }
    for required in ["lane", "stage"] {
        if !seen_columns.contains(required) {
            return Err(format!(
                "the CSV has no `{required}` column; the header row must name at least `lane` and `stage`"
            ));
        }
    }

    let old_cards: HashMap<CardId, Card> = doc.cards.drain(..).map(|c| (c.id.clone(), c)).collect();
    let mut seen_ids: HashSet<CardId> = HashSet::new();
    let (mut updated, mut added) = (0usize, 0usize);
    for (k, record) in reader.records().enumerate() {
        // Row 1 is the header.
        let number = k + 2;
        let record = record.map_err(|e| format!("CSV row {number}: {e}"))?;
        let mut cells = HashMap::new();
        for (value, column) in record.iter().zip(&columns) {
            if let Some(c) = column {
                cells.insert(*c, value);
            }
        }
        let row = Row { number, cells };
        if row.cells.values().all(|v| v.trim().is_empty()) {
            continue;
        }
        let lane = resolve_lane(&mut doc, &row, &mut ids, &mut notes)?;
        let stage = resolve_stage(&mut doc, &row, &mut ids, &mut notes)?;
        let lane_kind = doc.lane(&lane).map_or(LaneKind::Custom, |l| l.kind);
        let id = match row.opt("id") {
            Some(v) => CardId::new(v.clone()).map_err(|e| row.error("id", e))?,
            None => loop {
                let id = CardId::generate(&mut ids);
                if !old_cards.contains_key(&id) && !seen_ids.contains(&id) {
                    break id;
                }
            },
        };
        if !seen_ids.insert(id.clone()) {
            return Err(row.error("id", format!("the card ID {id} appears in an earlier row")));
        }
        let kind = row
            .named::<CardKind>("kind")?
            .unwrap_or_else(|| lane_kind.default_card_kind());
        let mut card = match old_cards.get(&id) {
            Some(old) => {
                updated += 1;
                old.clone()
            }
            None => {
                added += 1;
                Card::new(&mut ids, lane.clone(), stage.clone(), kind, "")
            }
        };
        card.id = id;
        card.lane = lane;
        card.stage = stage;
        card.kind = kind;
        card.title = row.get("title").to_string();
        card.description = row.get("description").to_string();
        card.owner = row.opt("owner");
        card.channel = row.opt("channel").map(|c| Channel::from_name(&c));
        card.actor_type = row.named::<ActorType>("actor_type")?;
        card.typical_duration_secs = row.secs("typical_duration_secs")?;
        card.wait_before_secs = row.secs("wait_before_secs")?;
        card.wait_tolerance_secs = row.secs("wait_tolerance_secs")?;
        card.sla_secs = row.secs("sla_secs")?;
        let risk = row.named::<Risk>("fail_point_risk")?;
        let fp_text = [
            "fail_point_description",
            "fail_point_owner",
            "fail_point_escalation",
        ]
        .iter()
        .any(|c| !row.get(c).is_empty());
        card.fail_point = match risk {
            Some(risk) => Some(FailPoint {
                risk,
                description: row.get("fail_point_description").to_string(),
                owner: row.opt("fail_point_owner"),
                escalation: row.opt("fail_point_escalation"),
            }),
            None if fp_text => return Err(row.error(
                "fail_point_risk",
                "a fail point needs a risk (low, medium or high) when its other columns are filled",
            )),
            None => None,
        };
        card.emotion = match row.get("emotion") {
            "" => None,
            v => Some(
                v.parse::<i8>()
                    .ok()
                    .filter(|e| (EMOTION_MIN..=EMOTION_MAX).contains(e))
                    .ok_or_else(|| {
                        row.error(
                            "emotion",
                            format!("expected a whole number from -2 to 2, found {v:?}"),
                        )
                    })?,
            ),
        };
        card.tags = row
            .get("tags")
            .split(';')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect();
        doc.cards.push(card);
    }

    let removed = old_cards
        .keys()
        .filter(|id| !seen_ids.contains(*id))
        .count();
    let before = doc.connections.len();
    doc.connections
        .retain(|c| seen_ids.contains(&c.from) && seen_ids.contains(&c.to));
    let dropped = before - doc.connections.len();
    notes.push(format!(
        "{} card{} from CSV: {added} added, {updated} updated, {removed} removed; {dropped} arrow{} dropped with removed cards",
        added + updated,
        if added + updated == 1 { "" } else { "s" },
        if dropped == 1 { "" } else { "s" },
    ));
    Ok(Imported {
        blueprint: doc,
        notes,
    })
}

fn matches_name(name: &str, wanted: &str) -> bool {
    name.trim().to_lowercase() == wanted.to_lowercase()
}

fn resolve_lane(
    doc: &mut Blueprint,
    row: &Row<'_>,
    ids: &mut SeededIds,
    notes: &mut Vec<String>,
) -> Result<LaneId, String> {
    let wanted = row.get("lane");
    if wanted.is_empty() {
        return Err(row.error("lane", "every card needs a lane"));
    }
    let kind = row.named::<LaneKind>("lane_kind")?;
    let found = doc
        .lanes
        .iter()
        .find(|l| l.id.as_str() == wanted)
        .or_else(|| doc.lanes.iter().find(|l| matches_name(&l.name, wanted)));
    if let Some(lane) = found {
        if let Some(kind) = kind.filter(|k| *k != lane.kind) {
            return Err(row.error(
                "lane_kind",
                format!(
                    "the lane {wanted:?} is {} in the blueprint, not {}",
                    lane.kind.json_name(),
                    kind.json_name()
                ),
            ));
        }
        return Ok(lane.id.clone());
    }
    let kind = kind.unwrap_or_else(|| {
        LaneKind::ALL
            .into_iter()
            .find(|k| matches_name(k.default_name(), wanted))
            .unwrap_or(LaneKind::Custom)
    });
    let mut lane = Lane::new(ids, kind);
    lane.name = wanted.to_string();
    let id = lane.id.clone();
    // Below the last lane of the same or an earlier zone, so the lines stay where they belong.
    let zone = kind.zone();
    let zones = doc.zones();
    let at = match zone {
        Some(z) => zones.iter().rposition(|&x| x <= z).map_or(0, |p| p + 1),
        None => doc.lanes.len(),
    };
    doc.lanes.insert(at, lane);
    notes.push(format!(
        "created {} lane {wanted:?} ({})",
        kind.label(),
        kind.json_name()
    ));
    Ok(id)
}

fn resolve_stage(
    doc: &mut Blueprint,
    row: &Row<'_>,
    ids: &mut SeededIds,
    notes: &mut Vec<String>,
) -> Result<StageId, String> {
    let wanted = row.get("stage");
    if wanted.is_empty() {
        return Err(row.error("stage", "every card needs a stage"));
    }
    let found = doc
        .stages
        .iter()
        .find(|s| s.id.as_str() == wanted)
        .or_else(|| doc.stages.iter().find(|s| matches_name(&s.name, wanted)));
    if let Some(stage) = found {
        return Ok(stage.id.clone());
    }
    let stage = Stage::new(ids, wanted);
    let id = stage.id.clone();
    doc.stages.push(stage);
    notes.push(format!("created stage {wanted:?}"));
    Ok(id)
}
