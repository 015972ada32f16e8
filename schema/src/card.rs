//! Cards: one step or touchpoint in one lane at one stage, with its service attributes.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::ids::{CardId, LaneId, StageId};
use crate::names::{KnownChannel, Named};

/// The lowest emotion value (very negative).
pub const EMOTION_MIN: i8 = -2;
/// The highest emotion value (very positive).
pub const EMOTION_MAX: i8 = 2;

/// One step or touchpoint, in exactly one lane and one stage.
///
/// A card's place within its cell (lane × stage) is its position among that cell's cards in
/// [`Blueprint::cards`](crate::Blueprint::cards): the array order is the order within each cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
pub struct Card {
    /// The card's stable unique ID.
    pub id: CardId,
    /// The lane (row) the card sits in.
    pub lane: LaneId,
    /// The stage (column) the card sits in.
    pub stage: StageId,
    /// What kind of step this is.
    pub kind: CardKind,
    /// A short title, e.g. "Hands over prescription".
    #[serde(default)]
    pub title: String,
    /// A longer description of the step.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The role, team or system that performs the step, e.g. "Front desk agent".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The channel through which the step happens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    /// Who or what performs the step: a human, an IVR or bot, a virtual agent, or a human with a copilot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_type: Option<ActorType>,
    /// How long the step typically takes, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typical_duration_secs: Option<u64>,
    /// How long the customer typically waits before the step starts, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait_before_secs: Option<u64>,
    /// How long the customer tolerates waiting before the step, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait_tolerance_secs: Option<u64>,
    /// The target time or SLA for the step, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sla_secs: Option<u64>,
    /// Present when the step is a fail point (Shostack's "F"): where the service is likely to break.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_point: Option<FailPoint>,
    /// How the customer feels at this step, from -2 (very negative) to +2 (very positive); used on customer cards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "json-schema", schemars(range(min = -2, max = 2)))]
    pub emotion: Option<i8>,
    /// Measures attached to the step, e.g. handle time or CSAT.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kpis: Vec<Kpi>,
    /// Whether the step handles personal data, and how sensitive it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privacy: Option<Privacy>,
    /// Regulations and policies that govern the step, e.g. "GDPR" or "PSD2 strong customer authentication".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regulations: Vec<String>,
    /// Free-form tags for filtering, e.g. "to-be" or "pain point".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Links to related material (http, https and mailto only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// Research notes with their source.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
}

impl Card {
    /// Creates an empty card of `kind` in the given cell with a fresh ID.
    pub fn new(
        ids: &mut (impl crate::IdSource + ?Sized),
        lane: LaneId,
        stage: StageId,
        kind: CardKind,
        title: impl Into<String>,
    ) -> Card {
        Card {
            id: CardId::generate(ids),
            lane,
            stage,
            kind,
            title: title.into(),
            description: String::new(),
            owner: None,
            channel: None,
            actor_type: None,
            typical_duration_secs: None,
            wait_before_secs: None,
            wait_tolerance_secs: None,
            sla_secs: None,
            fail_point: None,
            emotion: None,
            kpis: Vec::new(),
            privacy: None,
            regulations: Vec::new(),
            tags: Vec::new(),
            links: Vec::new(),
            notes: Vec::new(),
        }
    }
}

/// What kind of step a card describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CardKind {
    /// A moment of contact between the customer and the service.
    Touchpoint,
    /// Something a person or team does.
    Action,
    /// Something the customer sees or holds (a receipt, a screen, a room key).
    Evidence,
    /// Something a system does.
    System,
    /// A policy or rule that applies here.
    Policy,
    /// A free-form annotation.
    Note,
}

/// The channel through which a step happens; unknown names are kept as `Other`.
///
/// Serialized as a plain string: one of the known snake_case names, or any other name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Channel {
    /// Face to face.
    InPerson,
    /// A phone call, including IVR.
    Phone,
    /// A website.
    Web,
    /// A mobile app.
    MobileApp,
    /// Email.
    Email,
    /// Live or bot chat.
    Chat,
    /// Text messages.
    Sms,
    /// Postal mail.
    Mail,
    /// A self-service kiosk or terminal.
    Kiosk,
    /// A video call.
    Video,
    /// Any other channel, by name (e.g. "whatsapp"); never one of the known names.
    Other(String),
}

impl Channel {
    /// The known channels with their JSON names (from the [`KnownChannel`] table).
    pub const KNOWN: [(&'static str, Channel); 10] = [
        (KnownChannel::InPerson.json_name_const(), Channel::InPerson),
        (KnownChannel::Phone.json_name_const(), Channel::Phone),
        (KnownChannel::Web.json_name_const(), Channel::Web),
        (
            KnownChannel::MobileApp.json_name_const(),
            Channel::MobileApp,
        ),
        (KnownChannel::Email.json_name_const(), Channel::Email),
        (KnownChannel::Chat.json_name_const(), Channel::Chat),
        (KnownChannel::Sms.json_name_const(), Channel::Sms),
        (KnownChannel::Mail.json_name_const(), Channel::Mail),
        (KnownChannel::Kiosk.json_name_const(), Channel::Kiosk),
        (KnownChannel::Video.json_name_const(), Channel::Video),
    ];

    /// Maps a name to its channel: a known JSON name gives its variant, anything else `Other`.
    pub fn from_name(name: &str) -> Channel {
        KnownChannel::from_json_name(name)
            .map_or_else(|| Channel::Other(name.to_string()), Channel::from)
    }

    /// The channel's JSON name.
    pub fn name(&self) -> &str {
        match self {
            Channel::Other(name) => name,
            known => known.known().map_or("", Named::json_name),
        }
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Channel {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Channel {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        if s.is_empty() {
            return Err(serde::de::Error::custom(
                "expected a channel name such as \"web\" or \"phone\", found an empty string",
            ));
        }
        Ok(Channel::from_name(&s))
    }
}

#[cfg(feature = "json-schema")]
impl schemars::JsonSchema for Channel {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Channel".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let known: Vec<&str> = Self::KNOWN.iter().map(|(n, _)| *n).collect();
        schemars::json_schema!({
            "type": "string",
            "minLength": 1,
            "description": "The channel of a step: one of the known names, or any other name (e.g. \"whatsapp\").",
            "examples": known,
        })
    }
}

/// Who or what performs a step, for judging automation and orchestration maturity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActorType {
    /// A person without automated assistance.
    Human,
    /// An interactive voice response system or a scripted bot.
    IvrBot,
    /// A conversational AI agent acting on its own.
    VirtualAgent,
    /// A person assisted by an AI copilot.
    HumanWithCopilot,
}

/// A fail point: where the service is likely to break, and who keeps it going.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
pub struct FailPoint {
    /// How likely or costly the failure is.
    pub risk: Risk,
    /// What goes wrong, e.g. "Item out of stock".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Who owns preventing and handling the failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The escalation or recovery that keeps the service going when it fails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalation: Option<String>,
}

/// The risk of a fail point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Risk {
    /// Rare or cheap to recover.
    Low,
    /// Occasional or noticeable.
    Medium,
    /// Frequent or costly; fix first.
    High,
}

/// A measure attached to a step (e.g. handle time, first-contact resolution, CSAT, NPS).
///
/// Non-finite numbers cannot be represented in JSON and are written as `null`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
pub struct Kpi {
    /// The measure's name, e.g. "First-contact resolution".
    pub name: String,
    /// The current value, if measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// The target value, if set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
    /// The unit of `value` and `target`, e.g. "%", "s" or "points".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

/// How sensitive the personal data handled in a step is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Privacy {
    /// Ordinary personal data (name, address, account number).
    Personal,
    /// Special-category or highly sensitive data (health, biometrics, credit decisions).
    Sensitive,
}

/// A labelled link; only `http:`, `https:` and `mailto:` URLs are kept on load.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
pub struct Link {
    /// The text shown for the link.
    #[serde(default)]
    pub label: String,
    /// The target URL (http, https or mailto).
    #[cfg_attr(
        feature = "json-schema",
        schemars(regex(pattern = r"^([Hh][Tt][Tt][Pp][Ss]?://|[Mm][Aa][Ii][Ll][Tt][Oo]:)\S+$"))
    )]
    pub url: String,
}

impl Link {
    /// Whether the URL uses an allowed scheme (http, https or mailto) and has something after it.
    pub fn is_safe(&self) -> bool {
        is_safe_url(&self.url)
    }
}

/// Whether `url` is an http, https or mailto URL without whitespace or control characters.
pub fn is_safe_url(url: &str) -> bool {
    let rest = ["https://", "http://", "mailto:"]
        .iter()
        .find_map(|scheme| {
            url.get(..scheme.len())
                .filter(|head| head.eq_ignore_ascii_case(scheme))
                .and_then(|_| url.get(scheme.len()..))
        });
    match rest {
        Some(rest) => !rest.is_empty() && !url.chars().any(|c| c.is_whitespace() || c.is_control()),
        None => false,
    }
}

/// A research note with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
pub struct Note {
    /// The note's text.
    pub text: String,
    /// Where the insight came from, e.g. "interview", "support log" or "observation".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channel_names_round_trip() {
        for (name, channel) in Channel::KNOWN {
            assert_eq!(Channel::from_name(name), channel);
            assert_eq!(channel.name(), name);
        }
        assert_eq!(
            Channel::from_name("whatsapp"),
            Channel::Other("whatsapp".into())
        );
    }

    #[test]
    fn safe_urls() {
        assert!(is_safe_url("https://example.com/x"));
        assert!(is_safe_url("HTTP://example.com"));
        assert!(is_safe_url("mailto:ops@example.com"));
        assert!(!is_safe_url("javascript:alert(1)"));
        assert!(!is_safe_url("https://"));
        assert!(!is_safe_url("https://a b"));
        assert!(!is_safe_url("data:text/html,x"));
        assert!(!is_safe_url("ftp://x"));
        assert!(!is_safe_url("é"));
    }
}
