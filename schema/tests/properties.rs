//! Property tests: valid documents round-trip exactly, and no input makes loading panic.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

use stageline_schema::{
    load_bytes, load_str, to_json_compact, to_json_pretty, ActorType, Blueprint, BlueprintId,
    BlueprintKind, Card, CardId, CardKind, Channel, Connection, ConnectionId, ConnectionKind,
    DerivedFrom, Direction, FailPoint, Format, Generator, Kpi, Lane, LaneId, LaneKind, Link,
    Metadata, Note, Privacy, Risk, SchemaVersion, Settings, Stage, StageId, Timestamp, WarningCode,
    WrittenBy, Zone,
};

fn text() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), "\\PC{1,16}", any::<String>()]
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(text())
}

fn secs() -> impl Strategy<Value = Option<u64>> {
    proptest::option::of(prop_oneof![0..100_000u64, any::<u64>()])
}

fn timestamp() -> impl Strategy<Value = Timestamp> {
    (Timestamp::MIN.unix_millis()..=Timestamp::MAX.unix_millis())
        .prop_filter_map("in range", Timestamp::from_unix_millis)
}

fn number() -> impl Strategy<Value = Option<f64>> {
    proptest::option::of(prop_oneof![
        -1000.0..1000.0f64,
        proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL | proptest::num::f64::ZERO,
    ])
}

fn channel() -> impl Strategy<Value = Channel> {
    prop_oneof![
        select(
            Channel::KNOWN
                .iter()
                .map(|(_, c)| c.clone())
                .collect::<Vec<_>>()
        ),
        "[a-z_]{1,12}".prop_map(|s| Channel::from_name(&s)),
    ]
}

fn link() -> impl Strategy<Value = Link> {
    (
        text(),
        select(vec!["https://", "http://", "mailto:", "HTTPS://"]),
        "[a-zA-Z0-9./@?=&-]{1,30}",
    )
        .prop_map(|(label, scheme, rest)| Link {
            label,
            url: format!("{scheme}{rest}"),
        })
}

fn fail_point() -> impl Strategy<Value = FailPoint> {
    (
        select(vec![Risk::Low, Risk::Medium, Risk::High]),
        text(),
        opt_text(),
        opt_text(),
    )
        .prop_map(|(risk, description, owner, escalation)| FailPoint {
            risk,
            description,
            owner,
            escalation,
        })
}

/// The parts of a card other than its ID and cell.
#[derive(Debug, Clone)]
struct CardBody {
    kind: CardKind,
    title: String,
    description: String,
    owner: Option<String>,
    channel: Option<Channel>,
    actor_type: Option<ActorType>,
    times: (Option<u64>, Option<u64>, Option<u64>, Option<u64>),
    fail_point: Option<FailPoint>,
    emotion: Option<i8>,
    kpis: Vec<Kpi>,
    privacy: Option<Privacy>,
    lists: (Vec<String>, Vec<String>),
    links: Vec<Link>,
    notes: Vec<Note>,
}

fn card_body() -> impl Strategy<Value = CardBody> {
    let kinds = vec![
        CardKind::Touchpoint,
        CardKind::Action,
        CardKind::Evidence,
        CardKind::System,
        CardKind::Policy,
        CardKind::Note,
    ];
    let actors = vec![
        ActorType::Human,
        ActorType::IvrBot,
        ActorType::VirtualAgent,
        ActorType::HumanWithCopilot,
    ];
    let kpi =
        (text(), number(), number(), opt_text()).prop_map(|(name, value, target, unit)| Kpi {
            name,
            value,
            target,
            unit,
        });
    let note = (text(), opt_text()).prop_map(|(text, source)| Note { text, source });
    (
        (
            select(kinds),
            text(),
            text(),
            opt_text(),
            proptest::option::of(channel()),
        ),
        (
            proptest::option::of(select(actors)),
            (secs(), secs(), secs(), secs()),
            proptest::option::of(fail_point()),
            proptest::option::of(-2i8..=2),
        ),
        (
            vec(kpi, 0..3),
            proptest::option::of(select(vec![Privacy::Personal, Privacy::Sensitive])),
            (vec(text(), 0..3), vec(text(), 0..3)),
            vec(link(), 0..3),
            vec(note, 0..3),
        ),
    )
        .prop_map(
            |(
                (kind, title, description, owner, channel),
                (actor_type, times, fail_point, emotion),
                (kpis, privacy, lists, links, notes),
            )| CardBody {
                kind,
                title,
                description,
                owner,
                channel,
                actor_type,
                times,
                fail_point,
                emotion,
                kpis,
                privacy,
                lists,
                links,
                notes,
            },
        )
}

fn lane_kind() -> impl Strategy<Value = (LaneKind, Option<Zone>)> {
    let zones = vec![
        Zone::Evidence,
        Zone::Customer,
        Zone::Frontstage,
        Zone::Backstage,
        Zone::Support,
    ];
    (
        select(LaneKind::ALL.to_vec()),
        proptest::option::of(select(zones)),
    )
        .prop_map(|(kind, zone)| (kind, if kind == LaneKind::Custom { zone } else { None }))
}

/// Arbitrary consistent blueprints: every reference resolves and every ID is unique.
fn blueprint() -> impl Strategy<Value = Blueprint> {
    (
        (any::<u64>(), text(), text(), text(), text()),
        (
            proptest::option::of(timestamp()),
            proptest::option::of(timestamp()),
            vec(text(), 0..3),
            proptest::option::of(select(BlueprintKind::ALL.to_vec())),
            proptest::option::of((
                any::<u64>(),
                text(),
                opt_text(),
                proptest::option::of(timestamp()),
            )),
        ),
        vec((text(), text(), secs()), 1..5),
        vec((lane_kind(), text(), opt_text()), 1..8),
        vec(
            (
                any::<prop::sample::Index>(),
                any::<prop::sample::Index>(),
                card_body(),
            ),
            0..12,
        ),
        vec(
            (
                any::<prop::sample::Index>(),
                any::<prop::sample::Index>(),
                select(vec![
                    ConnectionKind::Handoff,
                    ConnectionKind::DataFlow,
                    ConnectionKind::Dependency,
                    ConnectionKind::Feedback,
                ]),
                select(vec![Direction::OneWay, Direction::TwoWay]),
                text(),
                secs(),
            ),
            0..16,
        ),
        vec(text(), 0..3),
    )
        .prop_map(|(head, times, stages, lanes, cards, conns, checks)| {
            let (seed, title, description, persona, scenario) = head;
            let (created, modified, authors, kind, derived_from) = times;
            // Never the blueprint's own ID (generated IDs have no '.'), which repair drops.
            let derived_from = derived_from.map(|(bits, title, version, at)| DerivedFrom {
                blueprint: BlueprintId::new(format!("bp_original.{bits}")).expect("valid id"),
                title,
                version,
                at,
            });
            let stages: Vec<Stage> = stages
                .into_iter()
                .enumerate()
                .map(|(i, (name, description, target))| Stage {
                    id: StageId::from_bits(seed ^ i as u64),
                    name,
                    description,
                    target_duration_secs: target,
                })
                .collect();
            let lanes: Vec<Lane> = lanes
                .into_iter()
                .enumerate()
                .map(|(i, ((kind, zone), name, owner))| Lane {
                    id: LaneId::new(format!("lane-{i}.{}", seed % 97)).expect("valid id"),
                    kind,
                    name,
                    owner,
                    zone,
                })
                .collect();
            let cards: Vec<Card> = cards
                .into_iter()
                .enumerate()
                .map(|(i, (lane, stage, b))| Card {
                    id: CardId::new(format!("c:{i}")).expect("valid id"),
                    lane: lanes[lane.index(lanes.len())].id.clone(),
                    stage: stages[stage.index(stages.len())].id.clone(),
                    kind: b.kind,
                    title: b.title,
                    description: b.description,
                    owner: b.owner,
                    channel: b.channel,
                    actor_type: b.actor_type,
                    typical_duration_secs: b.times.0,
                    wait_before_secs: b.times.1,
                    wait_tolerance_secs: b.times.2,
                    sla_secs: b.times.3,
                    fail_point: b.fail_point,
                    emotion: b.emotion,
                    kpis: b.kpis,
                    privacy: b.privacy,
                    regulations: b.lists.0,
                    tags: b.lists.1,
                    links: b.links,
                    notes: b.notes,
                })
                .collect();
            let mut connections: Vec<Connection> = Vec::new();
            if cards.len() >= 2 {
                for (i, (from, to, kind, direction, label, latency)) in
                    conns.into_iter().enumerate()
                {
                    let from = cards[from.index(cards.len())].id.clone();
                    let to = cards[to.index(cards.len())].id.clone();
                    let duplicate = connections.iter().any(|c| {
                        c.kind == kind
                            && c.direction == direction
                            && ((c.from == from && c.to == to)
                                || (direction == Direction::TwoWay && c.from == to && c.to == from))
                    });
                    if from == to || duplicate {
                        continue;
                    }
                    connections.push(Connection {
                        id: ConnectionId::from_bits(seed.wrapping_add(i as u64)),
                        from,
                        to,
                        kind,
                        direction,
                        label,
                        expected_latency_secs: latency,
                    });
                }
            }
            Blueprint {
                format: Format,
                schema_version: SchemaVersion,
                generator: WrittenBy,
                id: BlueprintId::from_bits(seed),
                metadata: Metadata {
                    title,
                    description,
                    persona,
                    scenario,
                    kind,
                    derived_from,
                    created,
                    modified,
                    authors,
                },
                stages,
                lanes,
                cards,
                connections,
                settings: Settings {
                    disabled_checks: checks,
                },
            }
        })
}

/// Random JSON values for structural mutations.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(Into::into),
        any::<i64>().prop_map(Into::into),
        any::<f64>().prop_map(
            |f| serde_json::Number::from_f64(f).map_or(serde_json::Value::Null, Into::into)
        ),
        "\\PC{0,8}".prop_map(Into::into),
        select(vec![
            "customer",
            "st_0",
            "cd_1",
            "c:0",
            "two_way",
            "https://x",
            "javascript:x"
        ])
        .prop_map(Into::into),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
            vec(("[a-z_]{1,8}", inner), 0..4)
                .prop_map(|kv| serde_json::Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Replaces or removes the value at a pseudo-random position in the tree.
fn mutate(value: &mut serde_json::Value, choice: usize, replacement: serde_json::Value) {
    let descend = !choice.is_multiple_of(3);
    match value {
        serde_json::Value::Object(map) if descend && !map.is_empty() => {
            let keys: Vec<String> = map.keys().cloned().collect();
            let key = &keys[choice % keys.len()];
            if choice.is_multiple_of(5) {
                map.remove(key);
            } else if let Some(child) = map.get_mut(key) {
                mutate(child, choice / 3, replacement);
            }
        }
        serde_json::Value::Array(items) if descend && !items.is_empty() => {
            let len = items.len();
            if let Some(child) = items.get_mut(choice % len) {
                mutate(child, choice / 3, replacement);
            }
        }
        _ => *value = replacement,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn valid_blueprints_round_trip(bp in blueprint()) {
        prop_assert!(bp.validate().is_empty(), "{:?}", bp.validate());
        let pretty = to_json_pretty(&bp);
        let loaded = load_str(&pretty).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        prop_assert_eq!(&loaded.blueprint, &bp);
        prop_assert_eq!(to_json_pretty(&loaded.blueprint), pretty);
        let compact = load_str(&to_json_compact(&bp)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(compact.blueprint, bp);
    }

    #[test]
    fn any_generator_is_reported_and_stageline_writes_its_own(
        bp in blueprint(),
        name in text(),
        version in text(),
    ) {
        let mut value: serde_json::Value = serde_json::from_str(&to_json_pretty(&bp))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        value["generator"] = serde_json::json!({ "name": name, "version": version });
        let loaded = load_str(&value.to_string()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&loaded.generator, &Generator { name, version });
        prop_assert_eq!(&loaded.blueprint, &bp);
        let written: serde_json::Value = serde_json::from_str(&to_json_compact(&loaded.blueprint))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&written["generator"]["name"], "Stageline");
        prop_assert_eq!(&written["generator"]["version"], env!("CARGO_PKG_VERSION"));
    }

    #[test]
    fn derived_lines_are_consistent(bp in blueprint()) {
        let lines = bp.lines();
        for p in &lines {
            prop_assert!(p.after + 1 < bp.lanes.len());
        }
        let mut sorted = lines.clone();
        sorted.sort_by_key(|p| p.line);
        prop_assert_eq!(sorted.len(), lines.len());
        for a in &bp.cards {
            for b in &bp.cards {
                let mut there = bp.crossings(&a.id, &b.id);
                let back = bp.crossings(&b.id, &a.id);
                prop_assert_eq!(&there, &back);
                there.dedup();
                prop_assert_eq!(there.len(), back.len());
                let sides_differ = bp.visibility_side(&a.id) != bp.visibility_side(&b.id);
                prop_assert_eq!(sides_differ, back.contains(&stageline_schema::Line::Visibility));
            }
        }
    }

    #[test]
    fn structural_mutations_never_panic(
        bp in blueprint(),
        mutations in vec((any::<usize>(), json_value()), 1..6),
    ) {
        let mut value: serde_json::Value = serde_json::from_str(&to_json_compact(&bp)).expect("json");
        for (choice, replacement) in mutations {
            mutate(&mut value, choice, replacement);
        }
        if let Ok(loaded) = load_str(&value.to_string()) {
            // Whatever loads is repaired: saving and loading again is stable, and only the
            // reports that repair cannot act on (no lanes, no stages) remain.
            let again = load_str(&to_json_pretty(&loaded.blueprint)).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert!(
                again.warnings.iter().all(|w| matches!(w.code, WarningCode::NoLanes | WarningCode::NoStages)),
                "{:?}",
                again.warnings
            );
            prop_assert_eq!(again.blueprint, loaded.blueprint);
        }
    }

    #[test]
    fn byte_mutations_never_panic(
        bp in blueprint(),
        edits in vec((any::<prop::sample::Index>(), any::<u8>(), 0..3u8), 1..8),
    ) {
        let mut bytes = to_json_compact(&bp).into_bytes();
        for (at, byte, op) in edits {
            if bytes.is_empty() {
                break;
            }
            let i = at.index(bytes.len());
            match op {
                0 => bytes[i] = byte,
                1 => bytes.truncate(i),
                _ => bytes.insert(i, byte),
            }
        }
        let _ = load_bytes(&bytes);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in vec(any::<u8>(), 0..512)) {
        let _ = load_bytes(&bytes);
    }

    #[test]
    fn timestamps_round_trip(t in timestamp()) {
        let text = t.to_string();
        prop_assert_eq!(text.len(), 24);
        prop_assert_eq!(Timestamp::parse(&text), Ok(t));
    }

    #[test]
    fn timestamps_with_offsets_parse_to_the_same_moment(
        t in (Timestamp::MIN.unix_millis() + 86_400_000..=Timestamp::MAX.unix_millis() - 86_400_000)
            .prop_filter_map("in range", Timestamp::from_unix_millis),
        offset_min in -(23 * 60 + 59)..=(23 * 60 + 59i64),
    ) {
        let shifted = Timestamp::from_unix_millis(t.unix_millis() + offset_min * 60_000).expect("in range");
        let utc = shifted.to_string();
        let sign = if offset_min < 0 { '-' } else { '+' };
        let text = format!(
            "{}{sign}{:02}:{:02}",
            &utc[..23],
            offset_min.abs() / 60,
            offset_min.abs() % 60
        );
        prop_assert_eq!(Timestamp::parse(&text), Ok(t), "{}", text);
    }
}
