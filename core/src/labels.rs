//! Short, font-independent labels for card markers, shared by the editor and the SVG picture
//! so both say the same thing (no emoji: they render as empty boxes without an emoji font).

use stageline_schema::{ActorType, Named, Risk};

pub use crate::metrics::format_duration;

/// The emotion marker: `☹ −2`, `● 0`, `☺ +1`, with a true minus sign.
pub fn emotion_chip(emotion: i8) -> String {
    match emotion {
        e if e < 0 => format!("☹ −{}", -i16::from(e)),
        0 => "● 0".to_string(),
        e => format!("☺ +{e}"),
    }
}

/// The compact actor-type marker: `Human`, `IVR`, `Bot`, `Copilot`.
pub fn actor_chip(actor: ActorType) -> &'static str {
    match actor {
        ActorType::Human => "Human",
        ActorType::IvrBot => "IVR",
        ActorType::VirtualAgent => "Bot",
        ActorType::HumanWithCopilot => "Copilot",
    }
}

/// The spoken name of an actor type, e.g. "Human + copilot" (the schema's [`Named::label`]).
pub fn actor_label(actor: ActorType) -> &'static str {
    actor.label()
}

/// The name of a fail point's risk level, as in the JSON: `low`, `medium`, `high` (the
/// schema's [`Named::json_name`]; also the CSS slug and, lowercase, the word in a sentence).
pub fn risk_label(risk: Risk) -> &'static str {
    risk.json_name()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chips_read_the_same_everywhere() {
        assert_eq!(emotion_chip(-2), "☹ −2");
        assert_eq!(emotion_chip(0), "● 0");
        assert_eq!(emotion_chip(1), "☺ +1");
        assert_eq!(actor_chip(ActorType::HumanWithCopilot), "Copilot");
        assert_eq!(risk_label(Risk::High), "high");
        assert_eq!(actor_label(ActorType::IvrBot), "IVR / bot");
        assert_eq!(format_duration(900), "15 min");
    }
}
