//! Lanes, their zones, and the derived lines of interaction, visibility and internal interaction.
//!
//! Every lane belongs to a [`Zone`]. The zones are ordered top to bottom: evidence, customer,
//! frontstage, backstage, support. Each [`Line`] separates the zones above it from those below:
//!
//! - the line of **interaction** lies between the customer zone and the frontstage zone;
//! - the line of **visibility** lies between the frontstage zone and the backstage zone;
//! - the line of **internal interaction** lies between the backstage zone and the support zone.
//!
//! Which side of a line something is on depends only on its lane's zone, never on where the
//! lane is drawn, so [`Blueprint::crossings`] and [`Blueprint::visibility_side`] stay correct
//! even when lanes are in an unusual order. Where a line is *drawn* ([`Blueprint::lines`]) is
//! the gap between two adjacent lanes that puts the fewest lanes on the wrong side of it (ties:
//! the topmost such gap). In the canonical order that is exactly the boundary between the two
//! zones; when two lines fall in the same gap (e.g. no frontstage lane), both are reported
//! there. A line is omitted when no lane lies on one of its sides.

use serde::{Deserialize, Serialize};

use crate::card::Card;
use crate::document::Blueprint;
use crate::ids::{CardId, LaneId};

/// A lane: one row of the grid, holding the cards of one kind of actor or evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
pub struct Lane {
    /// The lane's stable unique ID.
    pub id: LaneId,
    /// What the lane holds; decides its zone and so where the lines run.
    pub kind: LaneKind,
    /// The lane's display name, e.g. "Front desk" or "Distributor".
    #[serde(default)]
    pub name: String,
    /// The team or role responsible for the lane's steps, if named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// For `custom` lanes only: the zone the lane belongs to (default: the zone of the lane above).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<Zone>,
}

impl Lane {
    /// Creates a lane of `kind` with its canonical name and a fresh ID.
    pub fn new(ids: &mut (impl crate::IdSource + ?Sized), kind: LaneKind) -> Lane {
        Lane {
            id: LaneId::generate(ids),
            kind,
            name: kind.default_name().to_string(),
            owner: None,
            zone: None,
        }
    }
}

/// What a lane holds, in the vocabulary of service blueprinting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum LaneKind {
    /// What the customer sees or holds at each moment (website, email, room key, receipt).
    PhysicalEvidence,
    /// What the customer does; everything else serves it.
    Customer,
    /// What visible staff or customer-facing systems (app, chatbot, IVR) do with the customer.
    Frontstage,
    /// What staff or systems do out of the customer's sight to support the frontstage.
    Backstage,
    /// Internal services and systems that make the rest possible (CRM, ERP, inventory).
    Support,
    /// An outside organisation such as a distributor, manufacturer or payment provider.
    Partner,
    /// A system or data store (CRM, core banking, reservation system).
    System,
    /// Policies and regulations that govern the steps.
    Policy,
    /// A team-specific lane; its zone is set by `zone` or inherited from the lane above.
    Custom,
}

impl LaneKind {
    /// The five lanes of a canonical blueprint, top to bottom.
    pub const CANONICAL: [LaneKind; 5] = [
        LaneKind::PhysicalEvidence,
        LaneKind::Customer,
        LaneKind::Frontstage,
        LaneKind::Backstage,
        LaneKind::Support,
    ];

    /// The conventional display name for a new lane of this kind.
    pub fn default_name(self) -> &'static str {
        match self {
            LaneKind::PhysicalEvidence => "Physical evidence",
            LaneKind::Customer => "Customer actions",
            LaneKind::Frontstage => "Frontstage actions",
            LaneKind::Backstage => "Backstage actions",
            LaneKind::Support => "Support processes",
            LaneKind::Partner => "Partners",
            LaneKind::System => "Systems and data",
            LaneKind::Policy => "Policies and regulations",
            LaneKind::Custom => "Custom lane",
        }
    }

    /// The zone of this kind, or `None` for `custom` (whose zone comes from the document).
    pub fn zone(self) -> Option<Zone> {
        match self {
            LaneKind::PhysicalEvidence => Some(Zone::Evidence),
            LaneKind::Customer => Some(Zone::Customer),
            LaneKind::Frontstage => Some(Zone::Frontstage),
            LaneKind::Backstage => Some(Zone::Backstage),
            LaneKind::Support | LaneKind::Partner | LaneKind::System | LaneKind::Policy => {
                Some(Zone::Support)
            }
            LaneKind::Custom => None,
        }
    }
}

/// A band of lanes between two lines; zones are ordered top to bottom as declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Zone {
    /// Physical evidence, above the customer.
    Evidence,
    /// The customer's own actions, above the line of interaction.
    Customer,
    /// Visible contact: between the line of interaction and the line of visibility.
    Frontstage,
    /// Invisible work: between the line of visibility and the line of internal interaction.
    Backstage,
    /// Support processes, systems, partners and policies, below the line of internal interaction.
    Support,
}

impl Zone {
    /// Which side of the line of visibility this zone is on.
    pub fn side(self) -> Side {
        if self <= Zone::Frontstage {
            Side::Visible
        } else {
            Side::Invisible
        }
    }
}

/// One of the three lines of a service blueprint, always derived, never drawn by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Line {
    /// Between customer and frontstage: every crossing is a touchpoint.
    Interaction,
    /// Between frontstage and backstage: what the customer can and cannot see.
    Visibility,
    /// Between backstage and support: handoffs to other departments, systems or partners.
    InternalInteraction,
}

impl Line {
    /// The topmost zone below this line.
    pub fn first_zone_below(self) -> Zone {
        match self {
            Line::Interaction => Zone::Frontstage,
            Line::Visibility => Zone::Backstage,
            Line::InternalInteraction => Zone::Support,
        }
    }

    /// Whether a lane in `zone` lies below this line.
    pub fn is_below(self, zone: Zone) -> bool {
        zone >= self.first_zone_below()
    }
}

/// Which side of the line of visibility something is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// Above the line: the customer sees it (evidence, customer, frontstage).
    Visible,
    /// Below the line: hidden from the customer (backstage, support).
    Invisible,
}

/// Where a line is drawn: between `lanes[after]` and `lanes[after + 1]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LinePlacement {
    /// Which line.
    pub line: Line,
    /// The index of the lane directly above the line.
    pub after: usize,
}

impl Blueprint {
    /// The zone of every lane, in lane order (custom lanes resolved as the module docs say).
    pub fn zones(&self) -> Vec<Zone> {
        let mut out: Vec<Zone> = Vec::with_capacity(self.lanes.len());
        for lane in &self.lanes {
            let zone = lane
                .kind
                .zone()
                .or(lane.zone)
                .or_else(|| out.last().copied())
                .unwrap_or(Zone::Evidence);
            out.push(zone);
        }
        out
    }

    /// The zone of the lane with this ID, if it exists.
    pub fn lane_zone(&self, lane: &LaneId) -> Option<Zone> {
        let index = self.lane_index(lane)?;
        self.zones().get(index).copied()
    }

    /// Where each line is drawn, top to bottom (see the module docs for the rule).
    pub fn lines(&self) -> Vec<LinePlacement> {
        let zones = self.zones();
        let mut out = Vec::new();
        if zones.len() < 2 {
            return out;
        }
        for line in Line::ALL {
            let below: Vec<bool> = zones.iter().map(|&z| line.is_below(z)).collect();
            if below.iter().all(|&b| b) || below.iter().all(|&b| !b) {
                continue;
            }
            // Lanes on the wrong side when the line is drawn after lane `gap`.
            let mut wrong_above = usize::from(below[0]);
            let mut wrong_below = below[1..].iter().filter(|&&b| !b).count();
            let mut best = (wrong_above + wrong_below, 0);
            for (gap, &is_below) in below.iter().enumerate().take(zones.len() - 1).skip(1) {
                wrong_above += usize::from(is_below);
                wrong_below -= usize::from(!is_below);
                if wrong_above + wrong_below < best.0 {
                    best = (wrong_above + wrong_below, gap);
                }
            }
            out.push(LinePlacement {
                line,
                after: best.1,
            });
        }
        out
    }

    /// The lines an arrow from card `from` to card `to` crosses, top to bottom.
    ///
    /// Empty when either card or its lane does not exist, or both sit in the same zone.
    pub fn crossings(&self, from: &CardId, to: &CardId) -> Vec<Line> {
        let (Some(a), Some(b)) = (self.card_zone(from), self.card_zone(to)) else {
            return Vec::new();
        };
        Line::ALL
            .into_iter()
            .filter(|line| line.is_below(a) != line.is_below(b))
            .collect()
    }

    /// Which side of the line of visibility a card is on, or `None` if the card or lane is missing.
    pub fn visibility_side(&self, card: &CardId) -> Option<Side> {
        self.card_zone(card).map(Zone::side)
    }

    /// The zone of the lane a card sits in, if both exist.
    pub fn card_zone(&self, card: &CardId) -> Option<Zone> {
        let card: &Card = self.card(card)?;
        self.lane_zone(&card.lane)
    }
}
