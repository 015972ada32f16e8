//! A tiny blueprint builder shared by the checks, metrics and SVG tests (included with
//! `#[path]`); as a test target of its own it has no tests.

#![allow(dead_code)]

use stageline_schema::{
    Blueprint, Card, CardId, CardKind, Connection, ConnectionId, ConnectionKind, Direction, LaneId,
    LaneKind, SeededIds, Stage, Timestamp,
};

/// A blueprint under construction: the five canonical lanes and the named stages.
pub struct B {
    pub doc: Blueprint,
    pub ids: SeededIds,
}

impl B {
    pub fn new(stages: &[&str]) -> B {
        let mut ids = SeededIds::new(42);
        let now = Timestamp::from_unix_millis(1_700_000_000_000).expect("valid time");
        let mut doc = Blueprint::new_blank(&mut ids, now, "Test");
        doc.stages = stages.iter().map(|n| Stage::new(&mut ids, *n)).collect();
        B { doc, ids }
    }

    /// The first lane of `kind`.
    pub fn lane(&self, kind: LaneKind) -> LaneId {
        self.doc
            .lanes
            .iter()
            .find(|l| l.kind == kind)
            .expect("lane of kind")
            .id
            .clone()
    }

    /// Adds a card in the first lane of `kind` at stage index `stage`; its card kind is the
    /// editor's for a new card in that lane ([`LaneKind::default_card_kind`]).
    pub fn card(&mut self, kind: LaneKind, stage: usize, title: &str) -> CardId {
        let card_kind = kind.default_card_kind();
        let lane = self.lane(kind);
        self.card_in(lane, stage, card_kind, title)
    }

    pub fn card_in(&mut self, lane: LaneId, stage: usize, kind: CardKind, title: &str) -> CardId {
        let stage = self.doc.stages[stage].id.clone();
        let card = Card::new(&mut self.ids, lane, stage, kind, title);
        let id = card.id.clone();
        self.doc.cards.push(card);
        id
    }

    /// A card with a time: `wait` before and `duration`.
    pub fn timed(
        &mut self,
        kind: LaneKind,
        stage: usize,
        title: &str,
        wait: u64,
        duration: u64,
    ) -> CardId {
        let id = self.card(kind, stage, title);
        self.edit(&id, |c| {
            c.wait_before_secs = (wait > 0).then_some(wait);
            c.typical_duration_secs = Some(duration);
        });
        id
    }

    pub fn edit(&mut self, id: &CardId, f: impl FnOnce(&mut Card)) {
        f(self.doc.card_mut(id).expect("card exists"));
    }

    pub fn arrow(&mut self, a: &CardId, b: &CardId) -> ConnectionId {
        self.arrow_with(a, b, ConnectionKind::Handoff, Direction::OneWay, None)
    }

    pub fn arrow_with(
        &mut self,
        a: &CardId,
        b: &CardId,
        kind: ConnectionKind,
        direction: Direction,
        latency: Option<u64>,
    ) -> ConnectionId {
        let mut c = Connection::new(&mut self.ids, a.clone(), b.clone(), kind);
        c.direction = direction;
        c.expected_latency_secs = latency;
        let id = c.id.clone();
        self.doc.connections.push(c);
        id
    }

    /// Gives every lane an owner, so ownership checks stay quiet unless a test wants them.
    pub fn own_all_lanes(&mut self) {
        for lane in &mut self.doc.lanes {
            lane.owner = Some(format!("{} team", lane.name));
        }
    }
}
