//! `stageline generate`: realistic synthetic blueprints of any size, for benchmarks and demos.
//!
//! The shape follows real blueprints: 12 stages, 7 lanes (the five canonical ones plus
//! partners and systems), about 1.5 arrows per card running forward in time, fail points with
//! owners and escalations, waits, owners on service steps and emotions on customer cards. The
//! output is fully determined by the card count and the seed (a small PRNG of our own, no
//! dependencies), so a benchmark always measures the same document.

use std::collections::HashSet;
use std::ffi::OsString;

use stageline_schema::{
    ActorType, Blueprint, Card, Channel, Connection, ConnectionKind, FailPoint, Lane, LaneKind,
    Metadata, Risk, SeededIds, Settings, Stage, Timestamp,
};

use crate::io::out;
use crate::io::{write_output, CliResult, Failure};

/// The help text of `stageline generate`.
pub const GENERATE_HELP: &str = "\
Usage: stageline generate --cards N [--seed S] [-o OUT.json]

Writes a realistic synthetic blueprint of N cards: 12 stages, 7 lanes, about 1.5 arrows per
card, fail points, waits, owners, and emotions on customer cards. The same N and seed always
give the same bytes. For benchmarks and demos.

Options:
  --cards N      How many cards (0 to 100000)
  --seed S       Seed of the generator (default 1)
  -o, --output   Where to write (default `-`, standard output)
  -h, --help     Show this help

Exit status: 0 success, 1 write error, 2 usage error.
";

/// The most cards `generate` makes (a document this size is still under the load limit).
pub const MAX_CARDS: usize = 100_000;

/// Stage names of the generated journey, left to right.
const STAGES: [&str; 12] = [
    "Discover", "Research", "Compare", "Decide", "Order", "Pay", "Wait", "Receive", "Use",
    "Get help", "Renew", "Leave",
];

/// Lanes of the generated blueprint, top to bottom, with how often a card lands in each
/// (weights out of 100) and who owns steps there.
const LANES: [(LaneKind, u64, &[&str]); 7] = [
    (LaneKind::PhysicalEvidence, 10, &[]),
    (LaneKind::Customer, 20, &[]),
    (
        LaneKind::Frontstage,
        20,
        &["Sales", "Store staff", "Contact centre", "Web team"],
    ),
    (
        LaneKind::Backstage,
        18,
        &["Fulfilment", "Billing", "Quality", "Risk"],
    ),
    (
        LaneKind::Support,
        12,
        &["IT operations", "Data team", "Facilities"],
    ),
    (
        LaneKind::Partner,
        8,
        &["Courier", "Payment provider", "Manufacturer"],
    ),
    (
        LaneKind::System,
        12,
        &["CRM", "ERP", "Order service", "Identity service"],
    ),
];

const VERBS: [&str; 12] = [
    "Check", "Confirm", "Send", "Review", "Update", "Prepare", "Approve", "Notify", "Record",
    "Ship", "Validate", "Schedule",
];
const OBJECTS: [&str; 12] = [
    "order", "account", "invoice", "delivery", "request", "payment", "booking", "profile",
    "contract", "refund", "ticket", "address",
];

/// A small, fast, deterministic PRNG (splitmix64), enough for plausible test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Builds the blueprint of `cards` cards for `seed`; the same inputs give the same document.
pub fn blueprint(cards: usize, seed: u64) -> Blueprint {
    let mut rng = Rng(seed ^ 0x5354_4147_454C_494E);
    let mut ids = SeededIds::new(seed);
    let stages: Vec<Stage> = STAGES
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let mut stage = Stage::new(&mut ids, *name);
            stage.target_duration_secs = (i % 3 == 0).then_some(3600 * (1 + i as u64));
            stage
        })
        .collect();
    let lanes: Vec<Lane> = LANES
        .iter()
        .map(|(kind, _, owners)| {
            let mut lane = Lane::new(&mut ids, *kind);
            lane.owner = owners.first().map(|o| (*o).to_string());
            lane
        })
        .collect();
    let mut made: Vec<Card> = (0..cards)
        .map(|k| {
            // Cards march through the journey: card k belongs to stage k * 12 / n.
            let stage = k * stages.len() / cards.max(1);
            let lane = weighted_lane(&mut rng);
            card(&mut rng, &mut ids, k, &lanes[lane], &stages[stage], lane)
        })
        .collect();
    // Document order is cell order; keep it journey-like (by stage, then lane).
    let index_of = |c: &Card| {
        let s = stages.iter().position(|s| s.id == c.stage).unwrap_or(0);
        let l = lanes.iter().position(|l| l.id == c.lane).unwrap_or(0);
        (s, l)
    };
    made.sort_by_key(index_of);
    let connections = connections(&mut rng, &mut ids, &made);
    let created = Timestamp::from_unix_millis(1_767_225_600_000).unwrap_or(Timestamp::UNIX_EPOCH);
    Blueprint {
        format: stageline_schema::Format,
        schema_version: stageline_schema::SchemaVersion,
        generator: stageline_schema::WrittenBy,
        id: stageline_schema::BlueprintId::generate(&mut ids),
        metadata: Metadata {
            title: format!("Generated blueprint ({cards} cards, seed {seed})"),
            description: "A synthetic blueprint made by `stageline generate` for benchmarks."
                .to_string(),
            persona: "Returning customer ordering online".to_string(),
            created: Some(created),
            modified: Some(created),
            ..Metadata::default()
        },
        stages,
        lanes,
        cards: made,
        connections,
        settings: Settings::default(),
    }
}

fn weighted_lane(rng: &mut Rng) -> usize {
    let mut roll = rng.below(100);
    for (i, (_, weight, _)) in LANES.iter().enumerate() {
        if roll < *weight {
            return i;
        }
        roll -= weight;
    }
    LANES.len() - 1
}

/// One card of lane `lane_index` with the fields a real team would fill in.
fn card(
    rng: &mut Rng,
    ids: &mut SeededIds,
    k: usize,
    lane: &Lane,
    stage: &Stage,
    lane_index: usize,
) -> Card {
    let (kind, _, owners) = LANES[lane_index];
    // The editor's kind for a new card in this lane, so generated cards look added by hand.
    let card_kind = kind.default_card_kind();
    let title = format!("{} {} #{}", rng.pick(&VERBS), rng.pick(&OBJECTS), k + 1);
    let mut c = Card::new(ids, lane.id.clone(), stage.id.clone(), card_kind, title);
    if !owners.is_empty() {
        c.owner = Some((*rng.pick(owners)).to_string());
    }
    if matches!(kind, LaneKind::Customer | LaneKind::Frontstage) {
        c.channel = Some(
            rng.pick(&[
                Channel::Web,
                Channel::MobileApp,
                Channel::Phone,
                Channel::InPerson,
            ])
            .clone(),
        );
    }
    if kind == LaneKind::Customer {
        c.emotion = Some(rng.below(5) as i8 - 2);
    } else if kind != LaneKind::PhysicalEvidence {
        c.actor_type = Some(*rng.pick(&[
            ActorType::Human,
            ActorType::Human,
            ActorType::IvrBot,
            ActorType::VirtualAgent,
            ActorType::HumanWithCopilot,
        ]));
    }
    c.typical_duration_secs = Some(60 * (1 + rng.below(30)));
    if rng.chance(20) {
        c.wait_before_secs = Some(300 * (1 + rng.below(24)));
        if kind == LaneKind::Customer {
            c.wait_tolerance_secs = Some(600 * (1 + rng.below(6)));
        }
    }
    if rng.chance(10) {
        c.fail_point = Some(FailPoint {
            risk: *rng.pick(&[Risk::Low, Risk::Medium, Risk::High]),
            description: format!("{} fails or arrives late", rng.pick(&OBJECTS)),
            owner: owners.first().map(|o| (*o).to_string()),
            escalation: rng
                .chance(70)
                .then(|| "Escalate to the team lead within one hour".to_string()),
        });
    }
    if rng.chance(15) {
        c.tags = vec!["generated".to_string()];
    }
    c
}

/// About 1.5 arrows per card, each from a card to a later one nearby in the journey; no
/// self-arrows and no duplicates, so the document loads without repairs.
fn connections(rng: &mut Rng, ids: &mut SeededIds, cards: &[Card]) -> Vec<Connection> {
    let n = cards.len();
    let wanted = n * 3 / 2;
    let mut seen: HashSet<(usize, usize)> = HashSet::with_capacity(wanted);
    let mut out = Vec::with_capacity(wanted);
    if n < 2 {
        return out;
    }
    let mut from = 0;
    let mut attempts = 0;
    while out.len() < wanted && attempts < wanted * 20 {
        attempts += 1;
        let a = from % (n - 1);
        from += 1;
        let b = (a + 1 + rng.below(12) as usize).min(n - 1);
        if a == b || !seen.insert((a, b)) {
            continue;
        }
        let kind = match rng.below(10) {
            0 => ConnectionKind::DataFlow,
            1 => ConnectionKind::Dependency,
            _ => ConnectionKind::Handoff,
        };
        out.push(Connection::new(
            ids,
            cards[a].id.clone(),
            cards[b].id.clone(),
            kind,
        ));
    }
    out
}

/// Runs `stageline generate`.
pub fn run(args: Vec<OsString>) -> CliResult {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_args(args);
    let (mut cards, mut seed, mut output) = (None::<usize>, 1u64, "-".to_string());
    while let Some(arg) = parser.next()? {
        match arg {
            Short('h') | Long("help") => {
                out!("{GENERATE_HELP}");
                return Ok(());
            }
            Long("cards") => cards = Some(parser.value()?.parse()?),
            Long("seed") => seed = parser.value()?.parse()?,
            Short('o') | Long("output") => output = parser.value()?.string()?,
            other => return Err(other.unexpected().into()),
        }
    }
    let cards = cards.ok_or_else(|| Failure::Usage("`generate` needs --cards N".into()))?;
    if cards > MAX_CARDS {
        return Err(Failure::Usage(format!(
            "--cards must be at most {MAX_CARDS}, not {cards}"
        )));
    }
    let doc = blueprint(cards, seed);
    write_output(&output, stageline_schema::to_json_pretty(&doc).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use stageline_schema::CardId;

    #[test]
    fn generated_blueprints_load_without_warnings_and_have_the_shape() {
        for n in [0, 1, 2, 100, 1000] {
            let doc = blueprint(n, 7);
            let text = stageline_schema::to_json_compact(&doc);
            let loaded = stageline_schema::load_str(&text).expect("loads");
            assert!(loaded.warnings.is_empty(), "{n}: {:?}", loaded.warnings);
            assert_eq!(loaded.blueprint, doc);
            assert_eq!(doc.cards.len(), n);
            assert_eq!((doc.stages.len(), doc.lanes.len()), (12, 7));
            if n >= 100 {
                assert_eq!(doc.connections.len(), n * 3 / 2);
                assert!(doc.cards.iter().any(|c| c.fail_point.is_some()));
                assert!(doc.cards.iter().any(|c| c.wait_before_secs.is_some()));
                assert!(doc.cards.iter().any(|c| c.emotion.is_some()));
            }
        }
    }

    #[test]
    fn emotions_only_on_customer_cards() {
        let doc = blueprint(500, 3);
        let customer = &doc.lanes[1].id;
        assert!(doc
            .cards
            .iter()
            .all(|c| c.emotion.is_none() || &c.lane == customer));
    }

    #[test]
    fn same_seed_same_document_other_seed_other_document() {
        assert_eq!(blueprint(300, 5), blueprint(300, 5));
        assert_ne!(blueprint(300, 5), blueprint(300, 6));
        let doc = blueprint(300, 5);
        let ids: HashSet<&CardId> = doc.cards.iter().map(|c| &c.id).collect();
        assert_eq!(ids.len(), 300);
    }
}
