//! One table per enum of the file format: its JSON name, the label a person reads, its order.
//!
//! Every plain enum of the format implements [`Named`] from one `named!` table below, so the
//! JSON name (also the CSV name and the CSS slug) and the label sit side by side and the
//! editor, the CLI, the SVG picture and the checks' messages cannot disagree. A variant added
//! without a row fails to compile (the tables are exhaustive matches); `schema/tests/names.rs`
//! checks each table against serde.
//!
//! The channel of a card is open-ended ([`Channel::Other`](crate::Channel::Other)), so its
//! known values have their own plain enum, [`KnownChannel`], which is the table behind
//! [`Channel::name`](crate::Channel::name), [`Channel::from_name`](crate::Channel::from_name)
//! and [`Channel::label`](crate::Channel::label), and the list a channel picker offers.
//!
//! ```
//! use stageline_schema::{ActorType, Channel, LaneKind, Named};
//! assert_eq!(ActorType::HumanWithCopilot.json_name(), "human_with_copilot");
//! assert_eq!(ActorType::HumanWithCopilot.label(), "Human + copilot");
//! assert_eq!(LaneKind::from_json_name("physical_evidence"), Some(LaneKind::PhysicalEvidence));
//! assert_eq!(Channel::InPerson.label(), "In person");
//! ```

use crate::card::{ActorType, CardKind, Channel, Privacy, Risk};
use crate::connection::{ConnectionKind, Direction};
use crate::document::BlueprintKind;
use crate::lane::{LaneKind, Line, Zone};

/// An enum of the file format with one table for its JSON name, label and order.
pub trait Named: Copy + Eq + 'static {
    /// Every value, in the order menus and legends list them.
    const ALL: &'static [Self];
    /// The name in the JSON file (the serde name), also the CSV name and the CSS slug.
    fn json_name(self) -> &'static str;
    /// What a person reads in the editor, the CLI, the SVG and check messages ("In person").
    fn label(self) -> &'static str;
    /// The value with this JSON name (exact match); None for anything else.
    fn from_json_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.json_name() == name)
    }
}

/// Implements [`Named`] for `$ty` from one table of `Variant => "json_name", "Label"` rows.
///
/// With `all: N`, also defines the inherent array `$ty::ALL: [$ty; N]` from the same rows
/// (for enums whose callers iterate it by value).
macro_rules! named {
    ($ty:ident, all: $n:literal { $($variant:ident => $json:literal, $label:literal;)+ }) => {
        impl $ty {
            /// Every value, in declaration order (the same list as [`Named::ALL`]).
            pub const ALL: [$ty; $n] = [$($ty::$variant),+];
        }

        named!($ty { $($variant => $json, $label;)+ });
    };
    ($ty:ident { $($variant:ident => $json:literal, $label:literal;)+ }) => {
        impl $ty {
            /// The JSON name, usable in constants.
            #[allow(dead_code)]
            pub(crate) const fn json_name_const(self) -> &'static str {
                match self {
                    $($ty::$variant => $json,)+
                }
            }
        }

        impl Named for $ty {
            const ALL: &'static [Self] = &[$($ty::$variant),+];

            fn json_name(self) -> &'static str {
                self.json_name_const()
            }

            fn label(self) -> &'static str {
                match self {
                    $($ty::$variant => $label,)+
                }
            }
        }
    };
}

named!(BlueprintKind, all: 3 {
    AsIs => "as_is", "As is";
    ToBe => "to_be", "To be";
    Scenario => "scenario", "Scenario";
});

impl BlueprintKind {
    /// One line for the UI saying what a blueprint of this kind shows, beside its label.
    pub fn description(self) -> &'static str {
        match self {
            BlueprintKind::AsIs => "The service as it is delivered today",
            BlueprintKind::ToBe => "The service as it should be",
            BlueprintKind::Scenario => "A what-if variant to explore",
        }
    }
}

named!(CardKind {
    Touchpoint => "touchpoint", "Touchpoint";
    Action => "action", "Action";
    Evidence => "evidence", "Evidence";
    System => "system", "System";
    Policy => "policy", "Policy";
    Note => "note", "Note";
});

named!(ActorType {
    Human => "human", "Human";
    IvrBot => "ivr_bot", "IVR / bot";
    VirtualAgent => "virtual_agent", "Virtual agent";
    HumanWithCopilot => "human_with_copilot", "Human + copilot";
});

named!(Risk {
    Low => "low", "Low";
    Medium => "medium", "Medium";
    High => "high", "High";
});

named!(Privacy {
    Personal => "personal", "Personal";
    Sensitive => "sensitive", "Sensitive";
});

named!(ConnectionKind {
    Handoff => "handoff", "Handoff";
    DataFlow => "data_flow", "Data flow";
    Dependency => "dependency", "Dependency";
    Feedback => "feedback", "Feedback";
});

named!(Direction {
    OneWay => "one_way", "One way";
    TwoWay => "two_way", "Both ways";
});

named!(LaneKind, all: 9 {
    PhysicalEvidence => "physical_evidence", "Evidence";
    Customer => "customer", "Customer";
    Frontstage => "frontstage", "Frontstage";
    Backstage => "backstage", "Backstage";
    Support => "support", "Support";
    Partner => "partner", "Partner";
    System => "system", "System";
    Policy => "policy", "Policy";
    Custom => "custom", "Custom";
});

named!(Zone {
    Evidence => "evidence", "Evidence";
    Customer => "customer", "Customer";
    Frontstage => "frontstage", "Frontstage";
    Backstage => "backstage", "Backstage";
    Support => "support", "Support";
});

// Lowercase: the conventional name of a line is a common noun, written mid-sentence
// ("crosses the line of visibility") and in the picture; capitalise it for a heading.
named!(Line, all: 3 {
    Interaction => "interaction", "line of interaction";
    Visibility => "visibility", "line of visibility";
    InternalInteraction => "internal_interaction", "line of internal interaction";
});

/// The known channels of a card, without [`Channel::Other`]: what a channel picker offers.
///
/// It is the one table of channel names and labels; [`Channel`] converts to and from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KnownChannel {
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
}

named!(KnownChannel {
    InPerson => "in_person", "In person";
    Phone => "phone", "Phone";
    Web => "web", "Web";
    MobileApp => "mobile_app", "Mobile app";
    Email => "email", "Email";
    Chat => "chat", "Chat";
    Sms => "sms", "SMS";
    Mail => "mail", "Mail";
    Kiosk => "kiosk", "Kiosk";
    Video => "video", "Video";
});

impl From<KnownChannel> for Channel {
    fn from(known: KnownChannel) -> Channel {
        match known {
            KnownChannel::InPerson => Channel::InPerson,
            KnownChannel::Phone => Channel::Phone,
            KnownChannel::Web => Channel::Web,
            KnownChannel::MobileApp => Channel::MobileApp,
            KnownChannel::Email => Channel::Email,
            KnownChannel::Chat => Channel::Chat,
            KnownChannel::Sms => Channel::Sms,
            KnownChannel::Mail => Channel::Mail,
            KnownChannel::Kiosk => Channel::Kiosk,
            KnownChannel::Video => Channel::Video,
        }
    }
}

impl Channel {
    /// The known channel this is, or `None` for [`Channel::Other`].
    pub fn known(&self) -> Option<KnownChannel> {
        Some(match self {
            Channel::InPerson => KnownChannel::InPerson,
            Channel::Phone => KnownChannel::Phone,
            Channel::Web => KnownChannel::Web,
            Channel::MobileApp => KnownChannel::MobileApp,
            Channel::Email => KnownChannel::Email,
            Channel::Chat => KnownChannel::Chat,
            Channel::Sms => KnownChannel::Sms,
            Channel::Mail => KnownChannel::Mail,
            Channel::Kiosk => KnownChannel::Kiosk,
            Channel::Video => KnownChannel::Video,
            Channel::Other(_) => return None,
        })
    }

    /// What a person reads: the known channel's label ("In person"), or an other channel's
    /// name as written (`Other("whatsapp")` shows "whatsapp").
    pub fn label(&self) -> &str {
        match self {
            Channel::Other(name) => name,
            known => known.known().map_or("", Named::label),
        }
    }
}

impl LaneKind {
    /// The kind of a new card in a lane of this kind: the one rule for the editor's new cards
    /// and the CSV import's rows without a kind.
    ///
    /// Physical evidence holds evidence; the customer lane holds the customer's *actions*
    /// (DOMAIN.md: "Customer actions: what the customer does"; the touchpoint is the
    /// frontstage contact across the line of interaction, and every shipped example draws
    /// customer cards as actions), so a customer card is an action, not a touchpoint as the
    /// editor used to make it; frontstage steps are touchpoints (direct contact with the
    /// customer); system and policy lanes hold system and policy cards; every other lane
    /// (backstage, support, partner, custom) holds actions, as the editor always did: support
    /// lanes hold processes and partners as well as systems, so no lane kind but `system`
    /// clearly means a system step.
    pub fn default_card_kind(self) -> CardKind {
        match self {
            LaneKind::PhysicalEvidence => CardKind::Evidence,
            LaneKind::Frontstage => CardKind::Touchpoint,
            LaneKind::System => CardKind::System,
            LaneKind::Policy => CardKind::Policy,
            LaneKind::Customer
            | LaneKind::Backstage
            | LaneKind::Support
            | LaneKind::Partner
            | LaneKind::Custom => CardKind::Action,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channel_label_of_other_is_its_name() {
        assert_eq!(Channel::Other("whatsapp".into()).label(), "whatsapp");
        assert_eq!(Channel::MobileApp.label(), "Mobile app");
    }
}
