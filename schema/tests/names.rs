//! One table per enum: every variant is listed once, its JSON name is serde's, its label is
//! for people; and the default card kind of each lane kind.

use std::collections::HashSet;
use std::fmt::Debug;

use serde::{de::DeserializeOwned, Serialize};
use stageline_schema::{
    ActorType, BlueprintKind, CardKind, Channel, ConnectionKind, Direction, KnownChannel, LaneKind,
    Line, Named, Privacy, Risk, Zone,
};

/// Checks one table: `every` is every variant (built by an exhaustive match in the caller, so
/// a new variant without a row in this test fails to compile), and each row agrees with serde.
fn check_table<T>(every: &[T])
where
    T: Named + Debug + std::hash::Hash,
{
    let all: Vec<T> = T::ALL.to_vec();
    let listed: HashSet<T> = all.iter().copied().collect();
    assert_eq!(
        listed.len(),
        all.len(),
        "a value is listed twice in {all:?}"
    );
    let wanted: HashSet<T> = every.iter().copied().collect();
    assert_eq!(listed, wanted, "ALL is not every variant");
    let mut labels = HashSet::new();
    let mut names = HashSet::new();
    for &v in &all {
        assert_eq!(T::from_json_name(v.json_name()), Some(v));
        assert!(
            names.insert(v.json_name()),
            "JSON name {} twice",
            v.json_name()
        );
        let label = v.label();
        assert!(!label.trim().is_empty(), "{v:?} has no label");
        assert!(labels.insert(label), "label {label:?} twice");
        if v.json_name().contains('_') {
            assert_ne!(label, v.json_name(), "{v:?}'s label is its raw name");
            assert!(
                !label.contains('_'),
                "{v:?}'s label {label:?} has an underscore"
            );
        }
    }
    assert_eq!(T::from_json_name(""), None);
    assert_eq!(T::from_json_name("no such name"), None);
}

/// `check_table`, plus: the JSON name is exactly what serde writes and reads.
fn check_serde<T>(every: &[T])
where
    T: Named + Debug + std::hash::Hash + Serialize + DeserializeOwned,
{
    check_table(every);
    for &v in T::ALL {
        let json = serde_json::to_value(v).expect("serializes");
        assert_eq!(json, serde_json::Value::String(v.json_name().to_string()));
        let back: T = serde_json::from_value(json).expect("deserializes");
        assert_eq!(back, v);
        // A label is never a JSON name serde would accept for another value.
        if let Ok(other) = serde_json::from_value::<T>(v.label().into()) {
            assert_eq!(other, v, "{v:?}'s label is another value's JSON name");
        }
    }
}

// Each `every_*` names each variant in an exhaustive match: adding a variant to the format
// without adding it here is a compile error, and without a row in the table a test failure.

fn every_blueprint_kind() -> Vec<BlueprintKind> {
    use BlueprintKind::*;
    let all = [AsIs, ToBe, Scenario];
    for v in all {
        match v {
            AsIs | ToBe | Scenario => {}
        }
    }
    all.to_vec()
}

fn every_card_kind() -> Vec<CardKind> {
    use CardKind::*;
    let all = [Touchpoint, Action, Evidence, System, Policy, Note];
    for v in all {
        match v {
            Touchpoint | Action | Evidence | System | Policy | Note => {}
        }
    }
    all.to_vec()
}

fn every_actor_type() -> Vec<ActorType> {
    use ActorType::*;
    let all = [Human, IvrBot, VirtualAgent, HumanWithCopilot];
    for v in all {
        match v {
            Human | IvrBot | VirtualAgent | HumanWithCopilot => {}
        }
    }
    all.to_vec()
}

fn every_risk() -> Vec<Risk> {
    use Risk::*;
    let all = [Low, Medium, High];
    for v in all {
        match v {
            Low | Medium | High => {}
        }
    }
    all.to_vec()
}

fn every_privacy() -> Vec<Privacy> {
    use Privacy::*;
    let all = [Personal, Sensitive];
    for v in all {
        match v {
            Personal | Sensitive => {}
        }
    }
    all.to_vec()
}

fn every_connection_kind() -> Vec<ConnectionKind> {
    use ConnectionKind::*;
    let all = [Handoff, DataFlow, Dependency, Feedback];
    for v in all {
        match v {
            Handoff | DataFlow | Dependency | Feedback => {}
        }
    }
    all.to_vec()
}

fn every_direction() -> Vec<Direction> {
    use Direction::*;
    let all = [OneWay, TwoWay];
    for v in all {
        match v {
            OneWay | TwoWay => {}
        }
    }
    all.to_vec()
}

fn every_lane_kind() -> Vec<LaneKind> {
    use LaneKind::*;
    let all = [
        PhysicalEvidence,
        Customer,
        Frontstage,
        Backstage,
        Support,
        Partner,
        System,
        Policy,
        Custom,
    ];
    for v in all {
        match v {
            PhysicalEvidence | Customer | Frontstage | Backstage | Support | Partner | System
            | Policy | Custom => {}
        }
    }
    all.to_vec()
}

fn every_zone() -> Vec<Zone> {
    use Zone::*;
    let all = [Evidence, Customer, Frontstage, Backstage, Support];
    for v in all {
        match v {
            Evidence | Customer | Frontstage | Backstage | Support => {}
        }
    }
    all.to_vec()
}

fn every_line() -> Vec<Line> {
    use Line::*;
    let all = [Interaction, Visibility, InternalInteraction];
    for v in all {
        match v {
            Interaction | Visibility | InternalInteraction => {}
        }
    }
    all.to_vec()
}

/// Every known channel, by an exhaustive match over [`Channel`] itself (not `KnownChannel`),
/// so a channel added to the format without a row in the table fails here.
fn every_known_channel() -> Vec<Channel> {
    use Channel::*;
    let all = [
        InPerson, Phone, Web, MobileApp, Email, Chat, Sms, Mail, Kiosk, Video,
    ];
    for v in &all {
        match v {
            InPerson | Phone | Web | MobileApp | Email | Chat | Sms | Mail | Kiosk | Video => {}
            Other(_) => unreachable!(),
        }
    }
    all.to_vec()
}

#[test]
fn every_enum_has_one_complete_table_that_agrees_with_serde() {
    check_serde(&every_blueprint_kind());
    check_serde(&every_card_kind());
    check_serde(&every_actor_type());
    check_serde(&every_risk());
    check_serde(&every_privacy());
    check_serde(&every_connection_kind());
    check_serde(&every_direction());
    check_serde(&every_lane_kind());
    check_serde(&every_zone());
    check_serde(&every_line());
}

#[test]
fn inherent_lists_are_the_tables() {
    assert_eq!(LaneKind::ALL.as_slice(), <LaneKind as Named>::ALL);
    assert_eq!(Line::ALL.as_slice(), <Line as Named>::ALL);
}

#[test]
fn channels_come_from_the_known_channel_table() {
    let known: Vec<KnownChannel> = every_known_channel()
        .iter()
        .map(|c| c.known().expect("a known channel"))
        .collect();
    check_table(&known);
    assert_eq!(known.as_slice(), KnownChannel::ALL, "same order as Channel");
    assert_eq!(Channel::KNOWN.len(), KnownChannel::ALL.len());
    for (&k, (name, channel)) in KnownChannel::ALL.iter().zip(Channel::KNOWN) {
        let c = Channel::from(k);
        assert_eq!(c, channel);
        assert_eq!(c.known(), Some(k));
        assert_eq!(name, k.json_name());
        assert_eq!(c.name(), k.json_name());
        assert_eq!(c.label(), k.label());
        assert_eq!(Channel::from_name(k.json_name()), c);
        assert_eq!(serde_json::to_value(&c).expect("serializes"), k.json_name());
        let back: Channel = serde_json::from_value(k.json_name().into()).expect("reads");
        assert_eq!(back, c);
        // A label is a picker's text, not a JSON name: reading it keeps it as another channel.
        if k.label() != k.json_name() {
            assert_eq!(Channel::from_name(k.label()).known(), None);
        }
    }
    let other = Channel::from_name("whatsapp");
    assert_eq!(other, Channel::Other("whatsapp".into()));
    assert_eq!(other.known(), None);
    assert_eq!(other.label(), "whatsapp");
    assert_eq!(Channel::InPerson.label(), "In person");
    assert_eq!(Channel::MobileApp.label(), "Mobile app");
}

#[test]
fn labels_read_as_the_editor_always_showed_them() {
    assert_eq!(ActorType::HumanWithCopilot.label(), "Human + copilot");
    assert_eq!(ActorType::IvrBot.label(), "IVR / bot");
    assert_eq!(ConnectionKind::DataFlow.label(), "Data flow");
    assert_eq!(Direction::TwoWay.label(), "Both ways");
    assert_eq!(LaneKind::PhysicalEvidence.label(), "Evidence");
    assert_eq!(
        Line::InternalInteraction.label(),
        "line of internal interaction"
    );
    assert_eq!(Risk::High.label(), "High");
}

#[test]
fn the_default_card_kind_of_each_lane_kind() {
    let expected = |lane: LaneKind| match lane {
        LaneKind::PhysicalEvidence => CardKind::Evidence,
        LaneKind::Frontstage => CardKind::Touchpoint,
        LaneKind::System => CardKind::System,
        LaneKind::Policy => CardKind::Policy,
        LaneKind::Customer
        | LaneKind::Backstage
        | LaneKind::Support
        | LaneKind::Partner
        | LaneKind::Custom => CardKind::Action,
    };
    for &lane in LaneKind::ALL.iter() {
        assert_eq!(lane.default_card_kind(), expected(lane), "{lane:?}");
        // Never a note: a new card is a step or evidence someone will fill in.
        assert_ne!(lane.default_card_kind(), CardKind::Note);
    }
}

#[test]
fn blueprint_kinds_have_their_names_labels_and_one_line_each() {
    let rows: Vec<(&str, &str, &str)> = BlueprintKind::ALL
        .iter()
        .map(|k| (k.json_name(), k.label(), k.description()))
        .collect();
    assert_eq!(
        rows,
        [
            ("as_is", "As is", "The service as it is delivered today"),
            ("to_be", "To be", "The service as it should be"),
            ("scenario", "Scenario", "A what-if variant to explore"),
        ]
    );
    let descriptions: HashSet<&str> = rows.iter().map(|r| r.2).collect();
    assert_eq!(descriptions.len(), rows.len());
}
