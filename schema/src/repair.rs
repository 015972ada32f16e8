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
//!   with the same ends and kind (for two-way arrows, in either direction) are dropped.
//!
//! Repair is deterministic: the same input always gives the same output.

use std::collections::HashSet;

use crate::card::{Card, EMOTION_MAX, EMOTION_MIN};
use crate::connection::Direction;
use crate::document::{Blueprint, Stage};
use crate::error::{Warning, WarningCode};
use crate::ids::{base32_u64, splitmix64, CardId, ConnectionId, LaneId, StageId};
use crate::lane::{Lane, LaneKind};

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
            ));
        }
    }

    dedupe(&mut blueprint.stages, "stages", &mut warnings);
    dedupe(&mut blueprint.lanes, "lanes", &mut warnings);
    dedupe(&mut blueprint.cards, "cards", &mut warnings);
    dedupe(&mut blueprint.connections, "connections", &mut warnings);

    if blueprint.lanes.is_empty() {
        warnings.push(Warning::new(
            "lanes",
            WarningCode::NoLanes,
            "the blueprint has no lanes",
        ));
    }
    if blueprint.stages.is_empty() {
        warnings.push(Warning::new(
            "stages",
            WarningCode::NoStages,
            "the blueprint has no stages",
        ));
    }

    repair_cards(blueprint, &mut warnings);
    repair_connections(blueprint, &mut warnings);
    warnings
}

fn repair_cards(bp: &mut Blueprint, warnings: &mut Vec<Warning>) {
    let lane_ids: HashSet<LaneId> = bp.lanes.iter().map(|l| l.id.clone()).collect();
    let lanes = &mut bp.lanes;
    move_dangling(
        &mut bp.cards,
        |c| &mut c.lane,
        &lane_ids,
        ("lane", WarningCode::DanglingLane, &mut *warnings),
        || {
            let taken: HashSet<&str> = lanes.iter().map(|l| l.id.as_str()).collect();
            let id = LaneId::from_bits(fresh_bits(LaneId::PREFIX, "fallback", &taken));
            lanes.push(Lane {
                id: id.clone(),
                kind: LaneKind::Custom,
                name: FALLBACK_NAME.to_string(),
                owner: None,
                zone: None,
            });
            id
        },
    );
    let stage_ids: HashSet<StageId> = bp.stages.iter().map(|s| s.id.clone()).collect();
    let stages = &mut bp.stages;
    move_dangling(
        &mut bp.cards,
        |c| &mut c.stage,
        &stage_ids,
        ("stage", WarningCode::DanglingStage, &mut *warnings),
        || {
            let taken: HashSet<&str> = stages.iter().map(|s| s.id.as_str()).collect();
            let id = StageId::from_bits(fresh_bits(StageId::PREFIX, "fallback", &taken));
            stages.push(Stage {
                id: id.clone(),
                name: FALLBACK_NAME.to_string(),
                description: String::new(),
                target_duration_secs: None,
            });
            id
        },
    );

    for (i, card) in bp.cards.iter_mut().enumerate() {
        if let Some(e) = card.emotion {
            let clamped = e.clamp(EMOTION_MIN, EMOTION_MAX);
            if clamped != e {
                card.emotion = Some(clamped);
                warnings.push(Warning::new(
                    format!("cards[{i}].emotion"),
                    WarningCode::EmotionOutOfRange,
                    format!("emotion {e} is outside -2..=2; clamped to {clamped}"),
                ));
            }
        }
        let mut j = 0;
        card.links.retain(|link| {
            let keep = link.is_safe();
            if !keep {
                warnings.push(Warning::new(
                    format!("cards[{i}].links[{j}].url"),
                    WarningCode::UnsafeLink,
                    format!(
                        "only http, https and mailto links are allowed; dropped {:?}",
                        truncate(&link.url, 60)
                    ),
                ));
            }
            j += 1;
            keep
        });
    }
}

/// Moves cards whose `field` names an unknown lane or stage into a fallback made on first need.
fn move_dangling<Id: Clone + Eq + std::hash::Hash + AsRef<str>>(
    cards: &mut [Card],
    field: fn(&mut Card) -> &mut Id,
    known: &HashSet<Id>,
    (name, code, warnings): (&str, WarningCode, &mut Vec<Warning>),
    make_fallback: impl FnOnce() -> Id,
) {
    let mut make_fallback = Some(make_fallback);
    let mut fallback: Option<Id> = None;
    for (i, card) in cards.iter_mut().enumerate() {
        let slot = field(card);
        if known.contains(slot) {
            continue;
        }
        let target = match (&fallback, make_fallback.take()) {
            (Some(id), _) => id.clone(),
            (None, Some(make)) => fallback.insert(make()).clone(),
            (None, None) => continue,
        };
        warnings.push(Warning::new(
            format!("cards[{i}].{name}"),
            code,
            format!(
                "{name} {:?} does not exist; card moved to the {name} {FALLBACK_NAME:?}",
                slot.as_ref()
            ),
        ));
        *slot = target;
    }
}

fn repair_connections(bp: &mut Blueprint, warnings: &mut Vec<Warning>) {
    let card_ids: HashSet<&CardId> = bp.cards.iter().map(|c| &c.id).collect();
    let mut seen = HashSet::new();
    let mut kept = Vec::with_capacity(bp.connections.len());
    for (i, conn) in std::mem::take(&mut bp.connections).into_iter().enumerate() {
        let problem = if !card_ids.contains(&conn.from) {
            Some((
                "from",
                WarningCode::DanglingConnection,
                format!(
                    "card {:?} does not exist; connection dropped",
                    conn.from.as_str()
                ),
            ))
        } else if !card_ids.contains(&conn.to) {
            Some((
                "to",
                WarningCode::DanglingConnection,
                format!(
                    "card {:?} does not exist; connection dropped",
                    conn.to.as_str()
                ),
            ))
        } else if conn.from == conn.to {
            Some((
                "to",
                WarningCode::SelfConnection,
                "a connection from a card to itself; dropped".to_string(),
            ))
        } else {
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
                ))
            }
        };
        match problem {
            None => kept.push(conn),
            Some((field, code, message)) => {
                let path = if field.is_empty() {
                    format!("connections[{i}]")
                } else {
                    format!("connections[{i}].{field}")
                };
                warnings.push(Warning::new(path, code, message));
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

/// Gives every later holder of an already used ID a fresh deterministic one.
fn dedupe<T: HasId>(items: &mut [T], list: &str, warnings: &mut Vec<Warning>) {
    let mut taken: HashSet<String> = items.iter().map(|x| x.id_str().to_string()).collect();
    if taken.len() == items.len() {
        return;
    }
    let mut seen: HashSet<String> = HashSet::new();
    for (i, item) in items.iter_mut().enumerate() {
        let old = item.id_str().to_string();
        if seen.insert(old.clone()) {
            continue;
        }
        let taken_refs: HashSet<&str> = taken.iter().map(String::as_str).collect();
        let bits = fresh_bits(T::PREFIX, &format!("{old}#{i}"), &taken_refs);
        item.set_id_bits(bits);
        let new = item.id_str().to_string();
        warnings.push(Warning::new(
            format!("{list}[{i}].id"),
            WarningCode::DuplicateId,
            format!("ID {old:?} is already used earlier in {list}; this one is now {new:?}"),
        ));
        seen.insert(new.clone());
        taken.insert(new);
    }
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

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() > max {
        let cut: String = s.chars().take(max).collect();
        format!("{cut}...")
    } else {
        s.to_string()
    }
}
