//! Which automatic snapshots thinning drops, as a pure function of their times and now.
//!
//! The policy: every automatic snapshot of the last hour is kept; older ones keep at most one
//! per 10-minute slot for the last 24 hours, one per day for the last 7 days and one per week
//! before that (the newest of each slot, which is the state that slot ended with); beyond
//! [`super::HistoryPolicy::max_automatic`] the oldest go. Slots are aligned to the clock, not
//! to now, so a snapshot kept once stays the one its slot keeps as time goes on. Named
//! versions are never thinned.

use stageline_schema::Timestamp;

use super::{VersionId, VersionMeta};

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;
const WEEK: i64 = 7 * DAY;

/// The slot a snapshot taken at `at` falls in at `now`: `None` within the last hour (each
/// kept), otherwise its tier and the slot's number.
fn slot(at: Timestamp, now: Timestamp) -> Option<(u8, i64)> {
    let age = now.unix_millis() - at.unix_millis();
    let at = at.unix_millis();
    if age < HOUR {
        None
    } else if age < DAY {
        Some((1, at.div_euclid(10 * MINUTE)))
    } else if age < WEEK {
        Some((2, at.div_euclid(DAY)))
    } else {
        Some((3, at.div_euclid(WEEK)))
    }
}

/// The automatic snapshots among `versions` that thinning drops at `now`, keeping at most
/// `max_automatic` of them (named versions are never dropped nor counted).
pub fn thinning(versions: &[VersionMeta], now: Timestamp, max_automatic: usize) -> Vec<VersionId> {
    let mut automatic: Vec<&VersionMeta> = versions.iter().filter(|v| v.name.is_none()).collect();
    // Newest first, so the first snapshot met in a slot is the one it keeps.
    automatic.sort_by(|a, b| b.id.cmp(&a.id));
    let mut seen = std::collections::HashSet::new();
    let mut kept = 0;
    let mut dropped = Vec::new();
    for v in automatic {
        let keep = match slot(v.at, now) {
            None => true,
            Some(s) => seen.insert(s),
        };
        if keep && kept < max_automatic {
            kept += 1;
        } else {
            dropped.push(v.id.clone());
        }
    }
    dropped
}
