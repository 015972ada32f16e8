//! Audience filters: which lanes a stakeholder sees, and what is emphasised for them.
//!
//! A filter is a lane [`Preset`] (which zones are shown), an explicit list of further hidden
//! lanes, and two emphasis switches: highlight fail points, dim everything below the line of
//! visibility. The viewer, the editor and the SVG picture apply the same filter through
//! [`visible_lanes`], [`filtered`], [`is_dimmed`] and [`is_highlighted`]; a share link
//! carries it as a query string ([`AudienceFilter::to_query`]).
//!
//! # The query string
//!
//! ```text
//! query  = param *( "&" param )            ; no "?" when the filter is the default
//! param  = "lanes=" preset                 ; everyone (default, left out), customer-facing,
//!                                          ; executives, operations
//!        / "hide=" lane-id *( "," lane-id ); lanes hidden on top of the preset, sorted
//!        / "fail=1"                        ; highlight fail points
//!        / "dim=1"                         ; dim everything below the line of visibility
//! ```
//!
//! [`AudienceFilter::to_query`] writes the parameters in this order and leaves defaults out,
//! so the same filter always gives the same text. Lane IDs (`[A-Za-z0-9_.:-]`) need no
//! escaping in a URL fragment.
//!
//! Parsing ([`AudienceFilter::parse_query`]) is tolerant where a newer or older Stageline may
//! differ and strict where the text is simply wrong: unknown parameters are ignored, a
//! repeated parameter's last value counts, `%XX` escapes are decoded, lane IDs the document
//! does not have are ignored when the filter is applied; an unknown preset, a malformed lane
//! ID or a switch other than `0`/`1` is an [`AudienceError`]. A share link whose filter does
//! not parse still opens, with the default filter and the error to show (see
//! [`crate::share`]).

use std::collections::BTreeSet;
use std::fmt;

use stageline_schema::{Blueprint, CardId, LaneId, Side, Zone};

/// A named choice of lanes, by zone, so it fits any blueprint (custom lanes included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Preset {
    /// Every lane.
    #[default]
    Everyone,
    /// What the customer experiences: physical evidence, customer and frontstage.
    CustomerFacing,
    /// The journey at a glance: customer and frontstage only.
    Executives,
    /// The people who run the service: everything except physical evidence.
    Operations,
}

impl Preset {
    /// Every preset, in the order a picker lists them.
    pub const ALL: [Preset; 4] = [
        Preset::Everyone,
        Preset::CustomerFacing,
        Preset::Executives,
        Preset::Operations,
    ];

    /// The preset's stable name in links, e.g. `customer-facing`.
    pub fn code(self) -> &'static str {
        match self {
            Preset::Everyone => "everyone",
            Preset::CustomerFacing => "customer-facing",
            Preset::Executives => "executives",
            Preset::Operations => "operations",
        }
    }

    /// The preset with this link name (ASCII case ignored).
    pub fn from_code(code: &str) -> Option<Preset> {
        Preset::ALL
            .into_iter()
            .find(|p| p.code().eq_ignore_ascii_case(code))
    }

    /// The preset's display name, e.g. "Customer-facing".
    pub fn label(self) -> &'static str {
        match self {
            Preset::Everyone => "Everyone",
            Preset::CustomerFacing => "Customer-facing",
            Preset::Executives => "Executives",
            Preset::Operations => "Operations",
        }
    }

    /// What the preset shows, as a sentence for a tooltip.
    pub fn description(self) -> &'static str {
        match self {
            Preset::Everyone => "All lanes.",
            Preset::CustomerFacing => "Physical evidence, customer and frontstage lanes.",
            Preset::Executives => "Customer and frontstage lanes only.",
            Preset::Operations => "Every lane except physical evidence.",
        }
    }

    /// Whether lanes in `zone` are shown under this preset.
    pub fn shows(self, zone: Zone) -> bool {
        match self {
            Preset::Everyone => true,
            Preset::CustomerFacing => zone.side() == Side::Visible,
            Preset::Executives => matches!(zone, Zone::Customer | Zone::Frontstage),
            Preset::Operations => zone != Zone::Evidence,
        }
    }
}

/// What one audience sees: which lanes, and what is emphasised (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AudienceFilter {
    /// Which zones are shown.
    pub preset: Preset,
    /// Lanes hidden on top of the preset (IDs the document lacks are ignored).
    pub hidden: BTreeSet<LaneId>,
    /// Draw fail points emphasised.
    pub highlight_fail_points: bool,
    /// Dim the lanes and cards below the line of visibility.
    pub dim_below_visibility: bool,
}

impl AudienceFilter {
    /// A filter that shows the lanes of `preset` with no emphasis.
    pub fn from_preset(preset: Preset) -> AudienceFilter {
        AudienceFilter {
            preset,
            ..AudienceFilter::default()
        }
    }

    /// Whether this is the default filter (everything shown, nothing emphasised).
    pub fn is_default(&self) -> bool {
        *self == AudienceFilter::default()
    }

    /// Whether a lane in `zone` with this ID is shown.
    fn shows(&self, lane: &LaneId, zone: Zone) -> bool {
        self.preset.shows(zone) && !self.hidden.contains(lane)
    }

    /// Whether the lane with this ID is shown (`false` for a lane the document lacks).
    pub fn shows_lane(&self, doc: &Blueprint, lane: &LaneId) -> bool {
        doc.lane_zone(lane)
            .is_some_and(|zone| self.shows(lane, zone))
    }

    /// This filter with one lane shown or hidden, for a lane checkbox in the UI.
    ///
    /// Showing a lane that the preset hides turns the preset into the equivalent explicit
    /// list of hidden lanes first, so every other lane stays as it was.
    pub fn with_lane_shown(&self, doc: &Blueprint, lane: &LaneId, shown: bool) -> AudienceFilter {
        let mut next = self.clone();
        if shown {
            let hidden_by_preset = doc
                .lane_zone(lane)
                .is_some_and(|zone| !self.preset.shows(zone));
            if hidden_by_preset {
                next.preset = Preset::Everyone;
                for (l, zone) in doc.lanes.iter().zip(doc.zones()) {
                    if !self.preset.shows(zone) {
                        next.hidden.insert(l.id.clone());
                    }
                }
            }
            next.hidden.remove(lane);
        } else {
            next.hidden.insert(lane.clone());
        }
        next
    }

    /// The filter as a query string without `?`; empty for the default (see the module docs).
    pub fn to_query(&self) -> String {
        let mut params: Vec<String> = Vec::new();
        if self.preset != Preset::Everyone {
            params.push(format!("lanes={}", self.preset.code()));
        }
        if !self.hidden.is_empty() {
            let ids: Vec<&str> = self.hidden.iter().map(LaneId::as_str).collect();
            params.push(format!("hide={}", ids.join(",")));
        }
        if self.highlight_fail_points {
            params.push("fail=1".to_string());
        }
        if self.dim_below_visibility {
            params.push("dim=1".to_string());
        }
        params.join("&")
    }

    /// Reads a query string (with or without a leading `?`); see the module docs.
    pub fn parse_query(query: &str) -> Result<AudienceFilter, AudienceError> {
        let query = query.strip_prefix('?').unwrap_or(query);
        let mut filter = AudienceFilter::default();
        for param in query.split('&').filter(|p| !p.is_empty()) {
            let (key, raw) = param.split_once('=').unwrap_or((param, ""));
            let value = || {
                percent_decode(raw).ok_or_else(|| AudienceError::BadEscape { key: shorten(key) })
            };
            match key {
                "lanes" => {
                    let value = value()?;
                    filter.preset =
                        Preset::from_code(&value).ok_or_else(|| AudienceError::UnknownPreset {
                            found: shorten(&value),
                        })?;
                }
                "hide" => {
                    let value = value()?;
                    filter.hidden = value
                        .split(',')
                        .filter(|id| !id.is_empty())
                        .map(|id| {
                            LaneId::new(id)
                                .map_err(|_| AudienceError::BadLaneId { found: shorten(id) })
                        })
                        .collect::<Result<_, _>>()?;
                }
                "fail" => filter.highlight_fail_points = switch("fail", &value()?)?,
                "dim" => filter.dim_below_visibility = switch("dim", &value()?)?,
                _ => {}
            }
        }
        Ok(filter)
    }
}

/// Reads an on/off switch: `1` or `0`.
fn switch(key: &'static str, value: &str) -> Result<bool, AudienceError> {
    match value {
        "1" => Ok(true),
        "0" => Ok(false),
        other => Err(AudienceError::BadSwitch {
            key,
            found: shorten(other),
        }),
    }
}

/// Decodes `%XX` escapes; `None` for a broken escape or text that is not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    if !text.contains('%') {
        return Some(text.to_string());
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// At most 40 characters of untrusted text, for an error message.
fn shorten(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if text.chars().nth(40).is_some() {
        out.push('…');
    }
    out
}

/// Why an audience filter's query string could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AudienceError {
    /// `lanes=` names no known preset.
    UnknownPreset {
        /// The value found (at most 40 characters).
        found: String,
    },
    /// `hide=` holds something that cannot be a lane ID.
    BadLaneId {
        /// The value found (at most 40 characters).
        found: String,
    },
    /// `fail=` or `dim=` is neither `0` nor `1`.
    BadSwitch {
        /// The parameter.
        key: &'static str,
        /// The value found (at most 40 characters).
        found: String,
    },
    /// A parameter's `%XX` escapes are broken or do not decode to UTF-8 text.
    BadEscape {
        /// The parameter (at most 40 characters).
        key: String,
    },
}

impl fmt::Display for AudienceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AudienceError::UnknownPreset { found } => {
                let names: Vec<&str> = Preset::ALL.iter().map(|p| p.code()).collect();
                write!(
                    f,
                    "The audience filter names an unknown lane preset {found:?}; expected one of {}.",
                    names.join(", ")
                )
            }
            AudienceError::BadLaneId { found } => write!(
                f,
                "The audience filter hides {found:?}, which is not a lane ID (letters, digits, `_`, `.`, `:`, `-`)."
            ),
            AudienceError::BadSwitch { key, found } => write!(
                f,
                "The audience filter's `{key}` must be 0 or 1, found {found:?}."
            ),
            AudienceError::BadEscape { key } => write!(
                f,
                "The audience filter's `{key}` has a broken %-escape."
            ),
        }
    }
}

impl std::error::Error for AudienceError {}

/// The IDs of the lanes `filter` shows, top to bottom.
pub fn visible_lanes(doc: &Blueprint, filter: &AudienceFilter) -> Vec<LaneId> {
    doc.lanes
        .iter()
        .zip(doc.zones())
        .filter(|(lane, zone)| filter.shows(&lane.id, *zone))
        .map(|(lane, _)| lane.id.clone())
        .collect()
}

/// A copy of `doc` with only the lanes `filter` shows, their cards, and the arrows between
/// those cards; for laying out and drawing a filtered view.
///
/// Custom lanes keep the zone they had in the whole document (it is written into their
/// `zone`), so hiding the lane above one never moves it across a line. Stages are all kept.
pub fn filtered(doc: &Blueprint, filter: &AudienceFilter) -> Blueprint {
    if filter.preset == Preset::Everyone && filter.hidden.is_empty() {
        return doc.clone();
    }
    let mut out = doc.clone();
    let zones = doc.zones();
    out.lanes = doc
        .lanes
        .iter()
        .zip(zones)
        .filter(|(lane, zone)| filter.shows(&lane.id, *zone))
        .map(|(lane, zone)| {
            let mut lane = lane.clone();
            if lane.kind.zone().is_none() {
                lane.zone = Some(zone);
            }
            lane
        })
        .collect();
    let shown: BTreeSet<&LaneId> = out.lanes.iter().map(|l| &l.id).collect();
    out.cards.retain(|c| shown.contains(&c.lane));
    let cards: BTreeSet<&CardId> = out.cards.iter().map(|c| &c.id).collect();
    out.connections
        .retain(|c| cards.contains(&c.from) && cards.contains(&c.to));
    out
}

/// Whether the lane with this ID is drawn dimmed: the filter dims and the lane is below the
/// line of visibility.
pub fn is_lane_dimmed(doc: &Blueprint, filter: &AudienceFilter, lane: &LaneId) -> bool {
    filter.dim_below_visibility
        && doc
            .lane_zone(lane)
            .is_some_and(|z| z.side() == Side::Invisible)
}

/// Whether the card with this ID is drawn dimmed: the filter dims and the card is below the
/// line of visibility (by [`Blueprint::visibility_side`]).
pub fn is_dimmed(doc: &Blueprint, filter: &AudienceFilter, card: &CardId) -> bool {
    filter.dim_below_visibility && doc.visibility_side(card) == Some(Side::Invisible)
}

/// Whether the card with this ID is drawn highlighted: the filter highlights fail points and
/// the card is one.
pub fn is_highlighted(doc: &Blueprint, filter: &AudienceFilter, card: &CardId) -> bool {
    filter.highlight_fail_points && doc.card(card).is_some_and(|c| c.fail_point.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lane(id: &str) -> LaneId {
        LaneId::new(id).expect("valid id")
    }

    #[test]
    fn query_round_trip_and_canonical_order() {
        assert_eq!(AudienceFilter::default().to_query(), "");
        let filter = AudienceFilter {
            preset: Preset::Operations,
            hidden: [lane("ln_b"), lane("ln_a")].into_iter().collect(),
            highlight_fail_points: true,
            dim_below_visibility: true,
        };
        let q = filter.to_query();
        assert_eq!(q, "lanes=operations&hide=ln_a,ln_b&fail=1&dim=1");
        assert_eq!(AudienceFilter::parse_query(&q), Ok(filter.clone()));
        // Any order, a leading `?`, escapes, unknown keys, repeats, empty items.
        let messy = "?zoom=2&dim=1&hide=ln_b,,ln%5Fa,ln_b&fail=0&fail=1&lanes=OPERATIONS&&x";
        assert_eq!(AudienceFilter::parse_query(messy), Ok(filter));
        assert_eq!(
            AudienceFilter::parse_query(""),
            Ok(AudienceFilter::default())
        );
    }

    #[test]
    fn garbage_values_are_clear_errors() {
        let err = |q: &str| AudienceFilter::parse_query(q).err();
        assert!(matches!(
            err("lanes=custo"),
            Some(AudienceError::UnknownPreset { .. })
        ));
        assert!(matches!(
            err("hide=ln_a,<script>"),
            Some(AudienceError::BadLaneId { .. })
        ));
        assert!(matches!(
            err("fail=yes"),
            Some(AudienceError::BadSwitch { key: "fail", .. })
        ));
        assert!(matches!(
            err("dim"),
            Some(AudienceError::BadSwitch { key: "dim", .. })
        ));
        assert!(matches!(
            err("hide=%zz"),
            Some(AudienceError::BadEscape { .. })
        ));
        assert!(matches!(
            err("hide=%ff"),
            Some(AudienceError::BadEscape { .. })
        ));
        assert!(matches!(
            err("hide=%4"),
            Some(AudienceError::BadEscape { .. })
        ));
        let long = format!("lanes={}", "x".repeat(10_000));
        let message = err(&long).map(|e| e.to_string()).unwrap_or_default();
        assert!(message.len() < 200, "{message}");
        assert!(message.contains("customer-facing"), "{message}");
    }

    #[test]
    fn preset_codes_round_trip() {
        for p in Preset::ALL {
            assert_eq!(Preset::from_code(p.code()), Some(p));
        }
    }
}
