//! Shared helpers for the engine's integration tests: generated blueprints, edits as the
//! editor makes them, and in-memory wiring of replicas.
#![allow(dead_code)]

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{select, Index};

use stageline_collab::Replica;
use stageline_schema::{
    Blueprint, BlueprintId, Card, CardId, CardKind, Connection, ConnectionId, ConnectionKind,
    Direction, Format, Lane, LaneId, LaneKind, Metadata, SchemaVersion, Settings, Stage, StageId,
    Timestamp, WrittenBy,
};

/// The clock replicas get in tests.
pub fn now() -> u64 {
    1_000_000
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), "[a-z ]{1,8}", "\\PC{1,6}"]
}

fn card_kind() -> impl Strategy<Value = CardKind> {
    select(vec![
        CardKind::Touchpoint,
        CardKind::Action,
        CardKind::Evidence,
        CardKind::System,
        CardKind::Policy,
        CardKind::Note,
    ])
}

fn id(prefix: &str, n: impl std::fmt::Display) -> String {
    format!("{prefix}_{n}")
}

/// Arbitrary valid blueprints (small: up to 4 stages, 5 lanes, 10 cards, 6 connections).
pub fn blueprint() -> impl Strategy<Value = Blueprint> {
    (
        (
            text(),
            text(),
            proptest::option::of(0..4_000_000_000_000i64),
        ),
        vec(text(), 1..4),
        vec(select(LaneKind::CANONICAL.to_vec()), 1..5),
        vec(
            (
                any::<Index>(),
                any::<Index>(),
                card_kind(),
                text(),
                text(),
                proptest::option::of(-2i8..=2),
                proptest::option::of(0u64..100_000),
                vec("[a-z]{1,5}", 0..3),
            ),
            0..10,
        ),
        vec((any::<Index>(), any::<Index>()), 0..6),
    )
        .prop_map(|(head, stages, lanes, cards, conns)| {
            let (title, description, created) = head;
            let stages: Vec<Stage> = stages
                .into_iter()
                .enumerate()
                .map(|(i, name)| Stage {
                    id: StageId::new(id("st", i)).unwrap(),
                    name,
                    description: String::new(),
                    target_duration_secs: (i == 1).then_some(120),
                })
                .collect();
            let lanes: Vec<Lane> = lanes
                .into_iter()
                .enumerate()
                .map(|(i, kind)| Lane {
                    id: LaneId::new(id("ln", i)).unwrap(),
                    kind,
                    name: kind.default_name().to_string(),
                    owner: None,
                    zone: None,
                })
                .collect();
            let cards: Vec<Card> = cards
                .into_iter()
                .enumerate()
                .map(
                    |(i, (l, s, kind, title, description, emotion, secs, tags))| {
                        let mut c = Card::new(
                            &mut || 0u64,
                            lanes[l.index(lanes.len())].id.clone(),
                            stages[s.index(stages.len())].id.clone(),
                            kind,
                            title,
                        );
                        c.id = CardId::new(id("cd", i)).unwrap();
                        c.description = description;
                        c.emotion = emotion;
                        c.typical_duration_secs = secs;
                        c.tags = tags;
                        c
                    },
                )
                .collect();
            let mut connections: Vec<Connection> = Vec::new();
            if !cards.is_empty() {
                for (i, (a, b)) in conns.into_iter().enumerate() {
                    let (from, to) = (&cards[a.index(cards.len())], &cards[b.index(cards.len())]);
                    connections.push(Connection {
                        id: ConnectionId::new(id("cn", i)).unwrap(),
                        from: from.id.clone(),
                        to: to.id.clone(),
                        kind: ConnectionKind::Handoff,
                        direction: Direction::OneWay,
                        label: String::new(),
                        expected_latency_secs: None,
                    });
                }
            }
            let mut bp = Blueprint {
                format: Format,
                schema_version: SchemaVersion,
                generator: WrittenBy,
                id: BlueprintId::new("bp_test").unwrap(),
                metadata: Metadata {
                    title,
                    description,
                    created: created.and_then(Timestamp::from_unix_millis),
                    ..Metadata::default()
                },
                stages,
                lanes,
                cards,
                connections,
                settings: Settings::default(),
            };
            // Drops self-loops and repeated connections: the generated document is valid.
            stageline_schema::repair(&mut bp);
            bp
        })
}

/// One edit, as the editor makes them; indices are resolved against the document at hand.
#[derive(Debug, Clone)]
pub enum Edit {
    AddCard(Index, Index, Index, String),
    RemoveCard(Index),
    MoveCard(Index, Index, Index, Index),
    Title(Index, String),
    Description(Index, String),
    Emotion(Index, Option<i8>),
    AddStage(Index, String),
    RemoveStage(Index),
    MoveStage(Index, Index),
    RenameLane(Index, String),
    Connect(Index, Index),
    Disconnect(Index),
    DocTitle(String),
}

/// Arbitrary edits.
pub fn edit() -> impl Strategy<Value = Edit> {
    let i = any::<Index>;
    prop_oneof![
        3 => (i(), i(), i(), text()).prop_map(|(a, b, c, t)| Edit::AddCard(a, b, c, t)),
        2 => i().prop_map(Edit::RemoveCard),
        3 => (i(), i(), i(), i()).prop_map(|(a, b, c, d)| Edit::MoveCard(a, b, c, d)),
        3 => (i(), text()).prop_map(|(a, t)| Edit::Title(a, t)),
        2 => (i(), text()).prop_map(|(a, t)| Edit::Description(a, t)),
        1 => (i(), proptest::option::of(-2i8..=2)).prop_map(|(a, e)| Edit::Emotion(a, e)),
        1 => (i(), text()).prop_map(|(a, t)| Edit::AddStage(a, t)),
        1 => i().prop_map(Edit::RemoveStage),
        2 => (i(), i()).prop_map(|(a, b)| Edit::MoveStage(a, b)),
        1 => (i(), text()).prop_map(|(a, t)| Edit::RenameLane(a, t)),
        1 => (i(), i()).prop_map(|(a, b)| Edit::Connect(a, b)),
        1 => i().prop_map(Edit::Disconnect),
        1 => text().prop_map(Edit::DocTitle),
    ]
}

/// Applies an edit as the editor would (removing a card removes its arrows, removing a stage
/// its cards); `fresh` names new elements (unique per replica and edit). The result is valid.
pub fn apply(doc: &Blueprint, edit: &Edit, fresh: &str) -> Blueprint {
    let mut d = doc.clone();
    match edit {
        Edit::AddCard(l, s, at, title) => {
            if !d.lanes.is_empty() && !d.stages.is_empty() {
                let lane = d.lanes[l.index(d.lanes.len())].id.clone();
                let stage = d.stages[s.index(d.stages.len())].id.clone();
                let mut c = Card::new(&mut || 0u64, lane, stage, CardKind::Action, title.clone());
                c.id = CardId::new(format!("cd_{fresh}")).unwrap();
                let at = at.index(d.cards.len() + 1);
                d.cards.insert(at, c);
            }
        }
        Edit::RemoveCard(i) => {
            if !d.cards.is_empty() {
                let c = d.cards.remove(i.index(d.cards.len()));
                d.connections.retain(|x| x.from != c.id && x.to != c.id);
            }
        }
        Edit::MoveCard(i, l, s, at) => {
            if !d.cards.is_empty() && !d.lanes.is_empty() && !d.stages.is_empty() {
                let mut c = d.cards.remove(i.index(d.cards.len()));
                c.lane = d.lanes[l.index(d.lanes.len())].id.clone();
                c.stage = d.stages[s.index(d.stages.len())].id.clone();
                let at = at.index(d.cards.len() + 1);
                d.cards.insert(at, c);
            }
        }
        Edit::Title(i, t) => {
            if !d.cards.is_empty() {
                let n = d.cards.len();
                d.cards[i.index(n)].title = t.clone();
            }
        }
        Edit::Description(i, t) => {
            if !d.cards.is_empty() {
                let n = d.cards.len();
                d.cards[i.index(n)].description = t.clone();
            }
        }
        Edit::Emotion(i, e) => {
            if !d.cards.is_empty() {
                let n = d.cards.len();
                d.cards[i.index(n)].emotion = *e;
            }
        }
        Edit::AddStage(at, name) => {
            let at = at.index(d.stages.len() + 1);
            let mut s = Stage::new(&mut || 0u64, name.clone());
            s.id = StageId::new(format!("st_{fresh}")).unwrap();
            d.stages.insert(at, s);
        }
        Edit::RemoveStage(i) => {
            if d.stages.len() > 1 {
                let s = d.stages.remove(i.index(d.stages.len()));
                let gone: Vec<CardId> = d
                    .cards
                    .iter()
                    .filter(|c| c.stage == s.id)
                    .map(|c| c.id.clone())
                    .collect();
                d.cards.retain(|c| c.stage != s.id);
                d.connections
                    .retain(|x| !gone.contains(&x.from) && !gone.contains(&x.to));
            }
        }
        Edit::MoveStage(from, to) => {
            let n = d.stages.len();
            if n > 0 {
                let s = d.stages.remove(from.index(n));
                d.stages.insert(to.index(n), s);
            }
        }
        Edit::RenameLane(i, name) => {
            let n = d.lanes.len();
            if n > 0 {
                d.lanes[i.index(n)].name = name.clone();
            }
        }
        Edit::Connect(a, b) => {
            if d.cards.len() > 1 {
                let n = d.cards.len();
                let (from, to) = (
                    d.cards[a.index(n)].id.clone(),
                    d.cards[b.index(n)].id.clone(),
                );
                d.connections.push(Connection::new(
                    &mut || 0u64,
                    from,
                    to,
                    ConnectionKind::DataFlow,
                ));
                if let Some(c) = d.connections.last_mut() {
                    c.id = ConnectionId::new(format!("cn_{fresh}")).unwrap();
                }
            }
        }
        Edit::Disconnect(i) => {
            if !d.connections.is_empty() {
                let n = d.connections.len();
                d.connections.remove(i.index(n));
            }
        }
        Edit::DocTitle(t) => d.metadata.title = t.clone(),
    }
    stageline_schema::repair(&mut d);
    d
}

/// Exchanges opening messages between two replicas until neither has anything to answer:
/// a direct connection (each the other's "server").
pub fn connect(a: &mut Replica, b: &mut Replica) {
    let mut to_b = a.on_open();
    let mut to_a = b.on_open();
    while !to_a.is_empty() || !to_b.is_empty() {
        let mut next_b = Vec::new();
        for m in to_a.drain(..) {
            next_b.extend(a.on_message(&m).expect("a handles b's message").replies);
        }
        let mut next_a = Vec::new();
        for m in to_b.drain(..) {
            next_a.extend(b.on_message(&m).expect("b handles a's message").replies);
        }
        to_a = next_a;
        to_b = next_b;
    }
}

/// The materialized document of a replica (panics with the error otherwise).
pub fn doc_of(r: &Replica) -> Blueprint {
    r.materialize().expect("materializes").blueprint
}
