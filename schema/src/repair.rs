//! Repair: makes a typed document consistent and reports every change as a [`Warning`].
//!
//! Rules, applied in this order (paths refer to positions before any removal):
//!
//! - a `zone` on a lane that is not `custom` is removed (the kind decides the zone);
//! - duplicate IDs among stages, lanes, cards or connections: the first keeps its ID, later
//!   ones get a new ID derived deterministically from the old ID and position (references
//!   keep pointing at the first);
//! - no lanes or no stages: reported, nothing added;
//! - a card in an unknown lane or stage moves to a fallback lane "Unplaced cards" (a `custom`
//!   lane added at the bottom) or fallback stage "Unplaced cards" (added at the end), so no
//!   content is lost and the cards are easy to find;
//! - an emotion outside -2..=2 is clamped;
//! - links whose URL is not http, https or mailto are dropped;
//! - connections to missing cards, from a card to itself, or repeating another connection
//!   with the same ends and kind (for two-way arrows, in either direction) are dropped;
//! - a `metadata.derived_from` naming the blueprint itself is dropped (a copy has its own ID).
//!
//! One rule runs on the raw JSON before typing, as the load path's step 5 would otherwise
//! refuse the whole document for it ([`drop_unreadable_derived_from`]): a
//! `metadata.derived_from` that cannot be read (an invalid blueprint ID or timestamp, not an
//! object) is dropped. It is a note about where the blueprint came from, not its content.
//!
//! Repair is deterministic: the same input always gives the same output.

use std::collections::HashSet;

use serde_json::Value;

use crate::card::{Card, EMOTION_MAX, EMOTION_MIN};
use crate::connection::Direction;
use crate::document::{Blueprint, DerivedFrom, Stage};
use crate::error::{Warning, WarningCode};
use crate::ids::{base32_u64, splitmix64, CardId, ConnectionId, LaneId, StageId};
use crate::lane::{Lane, LaneKind};
use crate::words;

/// The name given to the fallback lane and stage that collect cards with broken references.
pub const FALLBACK_NAME: &str = "Unplaced cards";

/// Repairs `blueprint` in place and returns what was changed (empty if it was consistent).
pub fn repair(blueprint: &mut Blueprint) -> Vec<Warning> {
    let mut warnings = Vec::new();

    for (i, lane) in blueprint.lanes.iter_mut().enumerate() {
        if lane.kind != LaneKind::Custom && lane.zone.is_some() {
            lane.zone = None;
            warnings.push(Warning::new(
                format!("lanes[{i}].zone"),
                WarningCode::ZoneIgnored,
                "a zone is only meaningful on custom lanes; removed (the lane kind decides the zone)",
                format!(
                    "{} had a zone, which only custom lanes have; it was removed, as the kind of \
                     lane decides where it sits",
                    words::named("lane", &lane.name, i)
                ),
            ));
        }
    }

    for list in [List::Stages, List::Lanes, List::Cards, List::Connections] {
        dedupe(blueprint, list, &mut warnings);
    }

    if blueprint.lanes.is_empty() {
        warnings.push(Warning::new(
            "lanes",
            WarningCode::NoLanes,
            "the blueprint has no lanes",
            "The blueprint has no lanes; none were added",
        ));
    }
    if blueprint.stages.is_empty() {
        warnings.push(Warning::new(
            "stages",
            WarningCode::NoStages,
            "the blueprint has no stages",
            "The blueprint has no stages; none were added",
        ));
    }

    repair_cards(blueprint, &mut warnings);
    repair_connections(blueprint, &mut warnings);
    repair_derived_from(blueprint, &mut warnings);
    warnings
}

/// The `derived_from` a person reads in a sentence: the original's title quoted, or "another
/// blueprint" when it has none.
fn original(title: Option<&str>) -> String {
    match title.map(str::trim) {
        Some(t) if !t.is_empty() => format!("the blueprint {}", words::quote(t)),
        _ => "another blueprint".to_string(),
    }
}

/// Drops a `metadata.derived_from` that names the blueprint itself.
fn repair_derived_from(bp: &mut Blueprint, warnings: &mut Vec<Warning>) {
    let Some(from) = &bp.metadata.derived_from else {
        return;
    };
    if from.blueprint != bp.id {
        return;
    }
    warnings.push(Warning::new(
        "metadata.derived_from.blueprint",
        WarningCode::DerivedFromDropped,
        format!("names the blueprint itself ({:?}); removed", bp.id.as_str()),
        "The blueprint said it was copied from itself; that note was removed",
    ));
    bp.metadata.derived_from = None;
}

/// Removes a `metadata.derived_from` that cannot be read as one from the raw document
/// `value` (before typing), and says so; `None` when there is none or it reads.
pub(crate) fn drop_unreadable_derived_from(value: &mut Value) -> Option<Warning> {
    let metadata = value.get_mut("metadata")?.as_object_mut()?;
    let raw = metadata.get("derived_from")?;
    if raw.is_null() {
        return None;
    }
    let problem = serde_json::from_value::<DerivedFrom>(raw.clone()).err()?;
    let title = raw.get("title").and_then(Value::as_str).map(str::to_string);
    metadata.remove("derived_from");
    let problem = problem.to_string();
    Some(Warning::new(
        "metadata.derived_from",
        WarningCode::DerivedFromDropped,
        format!(
            "cannot be read ({}); removed",
            problem.trim_end_matches('.')
        ),
        format!(
            "The blueprint said it was copied from {}, but that note could not be read; it \
             was removed",
            original(title.as_deref())
        ),
    ))
}

fn repair_cards(bp: &mut Blueprint, warnings: &mut Vec<Warning>) {
    let lane_ids: HashSet<LaneId> = bp.lanes.iter().map(|l| l.id.clone()).collect();
    let mut fallback_lane: Option<LaneId> = None;
    for i in 0..bp.cards.len() {
        if lane_ids.contains(&bp.cards[i].lane) {
            continue;
        }
        let (old, where_) = (bp.cards[i].lane.to_string(), words::card(bp, &bp.cards[i]));
        let target = match &fallback_lane {
            Some(id) => id.clone(),
            None => fallback_lane.insert(add_fallback_lane(bp)).clone(),
        };
        warnings.push(dangling(i, "lane", &old, &where_));
        bp.cards[i].lane = target;
    }
    let stage_ids: HashSet<StageId> = bp.stages.iter().map(|s| s.id.clone()).collect();
    let mut fallback_stage: Option<StageId> = None;
    for i in 0..bp.cards.len() {
        if stage_ids.contains(&bp.cards[i].stage) {
            continue;
        }
        let (old, where_) = (bp.cards[i].stage.to_string(), words::card(bp, &bp.cards[i]));
        let target = match &fallback_stage {
            Some(id) => id.clone(),
            None => fallback_stage.insert(add_fallback_stage(bp)).clone(),
        };
        warnings.push(dangling(i, "stage", &old, &where_));
        bp.cards[i].stage = target;
    }

    for i in 0..bp.cards.len() {
        let card = &bp.cards[i];
        let clamp = card
            .emotion
            .map(|e| (e, e.clamp(EMOTION_MIN, EMOTION_MAX)))
            .filter(|(e, clamped)| e != clamped);
        let unsafe_links: Vec<usize> = (0..card.links.len())
            .filter(|&j| !card.links[j].is_safe())
            .collect();
        if clamp.is_none() && unsafe_links.is_empty() {
            continue;
        }
        let where_ = words::card(bp, card);
        if let Some((e, clamped)) = clamp {
            warnings.push(Warning::new(
                format!("cards[{i}].emotion"),
                WarningCode::EmotionOutOfRange,
                format!("emotion {e} is outside -2 to 2; clamped to {clamped}"),
                format!(
                    "The emotion of {where_} was {e}, outside the scale from {EMOTION_MIN} to \
                     +{EMOTION_MAX}; it is now {}",
                    signed(clamped)
                ),
            ));
        }
        for &j in &unsafe_links {
            let url = &card.links[j].url;
            warnings.push(Warning::new(
                format!("cards[{i}].links[{j}].url"),
                WarningCode::UnsafeLink,
                format!(
                    "only http, https and mailto links are allowed; dropped {:?}",
                    words::cut(url, words::MAX_QUOTE)
                ),
                format!(
                    "Removed the link {} from {where_}: only web and email addresses are kept",
                    words::quote(url)
                ),
            ));
        }
        let card = &mut bp.cards[i];
        if let Some((_, clamped)) = clamp {
            card.emotion = Some(clamped);
        }
        card.links.retain(|link| link.is_safe());
    }
}

/// The warning for card `i`, whose `field` (lane or stage) named `old`, which does not exist.
fn dangling(i: usize, field: &str, old: &str, where_: &str) -> Warning {
    let code = if field == "lane" {
        WarningCode::DanglingLane
    } else {
        WarningCode::DanglingStage
    };
    Warning::new(
        format!("cards[{i}].{field}"),
        code,
        format!("{field} {old:?} does not exist; card moved to the {field} {FALLBACK_NAME:?}"),
        format!(
            "{where_} pointed at a {field} that does not exist; it is now in the {field} \
             “{FALLBACK_NAME}”"
        ),
    )
}

/// Adds the lane "Unplaced cards" at the bottom and returns its ID.
fn add_fallback_lane(bp: &mut Blueprint) -> LaneId {
    let taken: HashSet<&str> = bp.lanes.iter().map(|l| l.id.as_str()).collect();
    let id = LaneId::from_bits(fresh_bits(LaneId::PREFIX, "fallback", &taken));
    bp.lanes.push(Lane {
        id: id.clone(),
        kind: LaneKind::Custom,
        name: FALLBACK_NAME.to_string(),
        owner: None,
        zone: None,
    });
    id
}

/// Adds the stage "Unplaced cards" at the end and returns its ID.
fn add_fallback_stage(bp: &mut Blueprint) -> StageId {
    let taken: HashSet<&str> = bp.stages.iter().map(|s| s.id.as_str()).collect();
    let id = StageId::from_bits(fresh_bits(StageId::PREFIX, "fallback", &taken));
    bp.stages.push(Stage {
        id: id.clone(),
        name: FALLBACK_NAME.to_string(),
        description: String::new(),
        target_duration_secs: None,
    });
    id
}

/// An emotion as the editor shows it: `+2`, `0`, `-1`.
fn signed(e: i8) -> String {
    if e > 0 {
        format!("+{e}")
    } else {
        e.to_string()
    }
}

fn repair_connections(bp: &mut Blueprint, warnings: &mut Vec<Warning>) {
    let mut seen = HashSet::new();
    let mut kept = Vec::with_capacity(bp.connections.len());
    for (i, conn) in std::mem::take(&mut bp.connections).into_iter().enumerate() {
        let (from, to) = (bp.card(&conn.from), bp.card(&conn.to));
        let gone =
            |id: &CardId| format!("card {:?} does not exist; connection dropped", id.as_str());
        let problem = match (from, to) {
            (None, None) => Some((
                "from",
                WarningCode::DanglingConnection,
                gone(&conn.from),
                "An arrow between two cards that do not exist was removed".to_string(),
            )),
            (None, Some(to)) => Some((
                "from",
                WarningCode::DanglingConnection,
                gone(&conn.from),
                format!(
                    "An arrow to {} came from a card that does not exist; it was removed",
                    words::title(to)
                ),
            )),
            (Some(from), None) => Some((
                "to",
                WarningCode::DanglingConnection,
                gone(&conn.to),
                format!(
                    "An arrow from {} pointed at a card that does not exist; it was removed",
                    words::title(from)
                ),
            )),
            (Some(from), Some(_)) if conn.from == conn.to => Some((
                "to",
                WarningCode::SelfConnection,
                "a connection from a card to itself; dropped".to_string(),
                format!(
                    "An arrow led from {} to itself; it was removed",
                    words::card(bp, from)
                ),
            )),
            (Some(_), Some(_)) => {
                let (a, b) = match conn.direction {
                    Direction::TwoWay if conn.to < conn.from => (&conn.to, &conn.from),
                    _ => (&conn.from, &conn.to),
                };
                let key = (a.clone(), b.clone(), conn.kind, conn.direction);
                if seen.insert(key) {
                    None
                } else {
                    Some((
                        "",
                        WarningCode::DuplicateConnection,
                        "repeats an earlier connection with the same cards and kind; dropped"
                            .to_string(),
                        format!(
                            "{} repeated another one with the same cards and kind; the repeat \
                             was removed",
                            words::arrow(bp, &conn)
                        ),
                    ))
                }
            }
        };
        match problem {
            None => kept.push(conn),
            Some((field, code, message, sentence)) => {
                let path = if field.is_empty() {
                    format!("connections[{i}]")
                } else {
                    format!("connections[{i}].{field}")
                };
                warnings.push(Warning::new(path, code, message, sentence));
            }
        }
    }
    bp.connections = kept;
}

/// Entities with an ID that repair can re-issue.
trait HasId {
    const PREFIX: &'static str;
    fn id_str(&self) -> &str;
    fn set_id_bits(&mut self, bits: u64);
}

macro_rules! has_id {
    ($t:ty, $id:ty) => {
        impl HasId for $t {
            const PREFIX: &'static str = <$id>::PREFIX;
            fn id_str(&self) -> &str {
                self.id.as_str()
            }
            fn set_id_bits(&mut self, bits: u64) {
                self.id = <$id>::from_bits(bits);
            }
        }
    };
}

has_id!(Stage, StageId);
has_id!(Lane, LaneId);
has_id!(Card, CardId);
has_id!(crate::connection::Connection, ConnectionId);

/// The four lists whose IDs must be unique.
#[derive(Clone, Copy)]
enum List {
    Stages,
    Lanes,
    Cards,
    Connections,
}

impl List {
    /// The list's key in the JSON and the plural a sentence uses.
    fn names(self) -> (&'static str, &'static str) {
        match self {
            List::Stages => ("stages", "stages"),
            List::Lanes => ("lanes", "lanes"),
            List::Cards => ("cards", "cards"),
            List::Connections => ("connections", "arrows"),
        }
    }

    /// Item `i` of this list in words, without its kind: `“Pay” (Backstage, Payment)`.
    fn describe(self, bp: &Blueprint, i: usize) -> String {
        let missing = String::new;
        match self {
            List::Stages => bp
                .stages
                .get(i)
                .map_or_else(missing, |s| words::bare_named("stage", &s.name, i)),
            List::Lanes => bp
                .lanes
                .get(i)
                .map_or_else(missing, |l| words::bare_named("lane", &l.name, i)),
            List::Cards => bp
                .cards
                .get(i)
                .map_or_else(missing, |c| words::bare_card(bp, c)),
            List::Connections => bp
                .connections
                .get(i)
                .map_or_else(missing, |c| words::bare_arrow(bp, c)),
        }
    }
}

/// Gives every later holder of an already used ID in `list` a fresh deterministic one.
fn dedupe(bp: &mut Blueprint, list: List, warnings: &mut Vec<Warning>) {
    let reissued = match list {
        List::Stages => reissue(&mut bp.stages),
        List::Lanes => reissue(&mut bp.lanes),
        List::Cards => reissue(&mut bp.cards),
        List::Connections => reissue(&mut bp.connections),
    };
    let (key, plural) = list.names();
    for (i, nth, old, new) in reissued {
        let which = match nth {
            2 => "the second".to_string(),
            3 => "the third".to_string(),
            n => format!("number {n}"),
        };
        let count = if nth == 2 { "Two" } else { "Several" };
        warnings.push(Warning::new(
            format!("{key}[{i}].id"),
            WarningCode::DuplicateId,
            format!("ID {old:?} is already used earlier in {key}; this one is now {new:?}"),
            format!(
                "{count} {plural} had the same ID; {which}, {}, got a new one",
                list.describe(bp, i)
            ),
        ));
    }
}

/// Re-issues repeated IDs: (position, how many held the ID up to it, old ID, new ID).
fn reissue<T: HasId>(items: &mut [T]) -> Vec<(usize, usize, String, String)> {
    let mut taken: HashSet<String> = items.iter().map(|x| x.id_str().to_string()).collect();
    let mut out = Vec::new();
    if taken.len() == items.len() {
        return out;
    }
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, item) in items.iter_mut().enumerate() {
        let old = item.id_str().to_string();
        let nth = seen.entry(old.clone()).or_insert(0);
        *nth += 1;
        if *nth == 1 {
            continue;
        }
        let nth = *nth;
        let taken_refs: HashSet<&str> = taken.iter().map(String::as_str).collect();
        let bits = fresh_bits(T::PREFIX, &format!("{old}#{i}"), &taken_refs);
        item.set_id_bits(bits);
        let new = item.id_str().to_string();
        seen.insert(new.clone(), 1);
        taken.insert(new.clone());
        out.push((i, nth, old, new));
    }
    out
}

/// 64 bits derived from `seed` (FNV-1a, then splitmix64) whose ID is not in `taken`.
fn fresh_bits(prefix: &str, seed: &str, taken: &HashSet<&str>) -> u64 {
    let mut state = seed.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    loop {
        let bits = splitmix64(&mut state);
        let candidate = format!("{prefix}{}", base32_u64(bits));
        if !taken.contains(candidate.as_str()) {
            return bits;
        }
    }
}
