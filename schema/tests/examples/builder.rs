//! A small builder that keeps the example blueprints readable as Rust.

use stageline_schema::{
    Blueprint, Card, CardId, CardKind, Connection, ConnectionKind, Direction, FailPoint, Kpi, Lane,
    LaneId, LaneKind, Note, Risk, SeededIds, Stage, StageId, Timestamp,
};

/// Builds one example blueprint with deterministic IDs.
pub struct Builder {
    pub bp: Blueprint,
    ids: SeededIds,
}

impl Builder {
    /// Starts a blueprint without stages or lanes.
    pub fn new(seed: u64, title: &str, created: &str, modified: &str) -> Builder {
        let mut ids = SeededIds::new(seed);
        let now = Timestamp::parse(created).expect("example timestamp");
        let mut bp = Blueprint::new_blank(&mut ids, now, title);
        bp.stages.clear();
        bp.lanes.clear();
        bp.metadata.modified = Some(Timestamp::parse(modified).expect("example timestamp"));
        Builder { bp, ids }
    }

    /// Adds a stage with an optional target duration in minutes.
    pub fn stage(&mut self, name: &str, description: &str, target_min: Option<u64>) -> StageId {
        let mut stage = Stage::new(&mut self.ids, name);
        stage.description = description.into();
        stage.target_duration_secs = target_min.map(|m| m * 60);
        let id = stage.id.clone();
        self.bp.stages.push(stage);
        id
    }

    /// Adds a lane with a name and an optional owner.
    pub fn lane(&mut self, kind: LaneKind, name: &str, owner: Option<&str>) -> LaneId {
        let mut lane = Lane::new(&mut self.ids, kind);
        lane.name = name.into();
        lane.owner = owner.map(Into::into);
        let id = lane.id.clone();
        self.bp.lanes.push(lane);
        id
    }

    /// Adds a card and lets `f` fill in its attributes.
    pub fn card(
        &mut self,
        lane: &LaneId,
        stage: &StageId,
        kind: CardKind,
        title: &str,
        f: impl FnOnce(&mut Card),
    ) -> CardId {
        let mut card = Card::new(&mut self.ids, lane.clone(), stage.clone(), kind, title);
        f(&mut card);
        let id = card.id.clone();
        self.bp.cards.push(card);
        id
    }

    /// Adds a connection with a label.
    pub fn connect(
        &mut self,
        from: &CardId,
        to: &CardId,
        kind: ConnectionKind,
        label: &str,
    ) -> &mut Connection {
        let mut conn = Connection::new(&mut self.ids, from.clone(), to.clone(), kind);
        conn.label = label.into();
        self.bp.connections.push(conn);
        let last = self.bp.connections.len() - 1;
        &mut self.bp.connections[last]
    }

    /// Adds a two-way connection with a label.
    pub fn connect_both(&mut self, a: &CardId, b: &CardId, kind: ConnectionKind, label: &str) {
        self.connect(a, b, kind, label).direction = Direction::TwoWay;
    }
}

/// A fail point with all four attributes.
pub fn fail(risk: Risk, description: &str, owner: &str, escalation: &str) -> Option<FailPoint> {
    Some(FailPoint {
        risk,
        description: description.into(),
        owner: Some(owner.into()),
        escalation: Some(escalation.into()),
    })
}

/// A KPI with value, target and unit.
pub fn kpi(name: &str, value: Option<f64>, target: Option<f64>, unit: &str) -> Kpi {
    Kpi {
        name: name.into(),
        value,
        target,
        unit: Some(unit.into()),
    }
}

/// A note with its source.
pub fn note(text: &str, source: &str) -> Note {
    Note {
        text: text.into(),
        source: Some(source.into()),
    }
}

/// Minutes as seconds.
pub fn min(m: u64) -> Option<u64> {
    Some(m * 60)
}
