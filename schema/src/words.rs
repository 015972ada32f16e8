//! Where a warning happened, in the words of the person who made the blueprint: a card by its
//! title with its lane and stage, a stage or a lane by its name, an arrow by its two cards.
//!
//! Every piece of user text is quoted with “ ” and cut to [`MAX_QUOTE`] characters; it stays
//! text (the app renders it as text, the command line escapes control characters).

use crate::card::Card;
use crate::connection::Connection;
use crate::document::Blueprint;
use crate::path::Seg;

/// The most characters of user text quoted in a sentence (longer text ends with "…").
pub(crate) const MAX_QUOTE: usize = 60;

/// `s` cut to `max` characters, with "…" when something was cut.
pub(crate) fn cut(s: &str, max: usize) -> String {
    if s.chars().count() > max {
        let mut cut: String = s.chars().take(max).collect();
        cut.push('…');
        cut
    } else {
        s.to_string()
    }
}

/// User text in quotation marks: “text”.
pub(crate) fn quote(s: &str) -> String {
    format!("“{}”", cut(s.trim(), MAX_QUOTE))
}

/// A card with where it is: `the card “Check in” (Frontstage actions, Arrival)`; an untitled
/// card is `an untitled card (…)`, and a lane or stage that does not exist is left out.
pub(crate) fn card(bp: &Blueprint, card: &Card) -> String {
    if card.title.trim().is_empty() {
        format!("an untitled card{}", placed(bp, card))
    } else {
        format!("the card {}", bare_card(bp, card))
    }
}

/// A card's title and where it is, without "the card": `“Pay” (Backstage, Payment)`.
pub(crate) fn bare_card(bp: &Blueprint, card: &Card) -> String {
    format!("{}{}", title(card), placed(bp, card))
}

/// ` (lane, stage)` of a card, with the parts that exist, or nothing.
fn placed(bp: &Blueprint, card: &Card) -> String {
    let lane = bp
        .lane(&card.lane)
        .map(|l| plain(&l.name, "an unnamed lane"));
    let stage = bp
        .stage(&card.stage)
        .map(|s| plain(&s.name, "an unnamed stage"));
    match (lane, stage) {
        (Some(l), Some(s)) => format!(" ({l}, {s})"),
        (Some(x), None) | (None, Some(x)) => format!(" ({x})"),
        (None, None) => String::new(),
    }
}

/// A name inside parentheses after a card: as it is (cut), or `unnamed` when blank.
fn plain(name: &str, unnamed: &str) -> String {
    if name.trim().is_empty() {
        unnamed.to_string()
    } else {
        cut(name.trim(), MAX_QUOTE)
    }
}

/// A card's title alone, quoted, or `an untitled card`.
pub(crate) fn title(card: &Card) -> String {
    if card.title.trim().is_empty() {
        "an untitled card".to_string()
    } else {
        quote(&card.title)
    }
}

/// A named thing of a kind: `the stage “Arrival”`, or `stage 3` when it has no name.
pub(crate) fn named(kind: &str, name: &str, index: usize) -> String {
    if name.trim().is_empty() {
        format!("{kind} {}", index + 1)
    } else {
        format!("the {kind} {}", quote(name))
    }
}

/// A named thing without its kind: `“Arrival”`, or `stage 3` when it has no name.
pub(crate) fn bare_named(kind: &str, name: &str, index: usize) -> String {
    if name.trim().is_empty() {
        format!("{kind} {}", index + 1)
    } else {
        quote(name)
    }
}

/// An arrow by its two cards: `the arrow from “Order” to “Pay”`.
pub(crate) fn arrow(bp: &Blueprint, conn: &Connection) -> String {
    format!("the arrow {}", bare_arrow(bp, conn))
}

/// An arrow's two cards: `from “Order” to “Pay”`.
pub(crate) fn bare_arrow(bp: &Blueprint, conn: &Connection) -> String {
    let end = |id| bp.card(id).map_or("a missing card".to_string(), title);
    format!("from {} to {}", end(&conn.from), end(&conn.to))
}

/// What a JSON path inside a typed document belongs to: `the card “Pay” (…)`, `the stage
/// “Arrival”`, `the blueprint's details` (metadata), or `the blueprint` (the root and
/// anything else).
pub(crate) fn owner(bp: &Blueprint, segs: &[Seg]) -> String {
    let (Some(Seg::Key(list)), Some(Seg::Index(i))) = (segs.first(), segs.get(1)) else {
        return match segs.first() {
            Some(Seg::Key(k)) if k == "metadata" => "the blueprint's details".to_string(),
            Some(Seg::Key(k)) if k == "settings" => "the blueprint's settings".to_string(),
            Some(Seg::Key(k)) if k == "generator" => "the blueprint's generator".to_string(),
            _ => "the blueprint".to_string(),
        };
    };
    let i = *i;
    let found = match list.as_str() {
        "cards" => bp.cards.get(i).map(|c| card(bp, c)),
        "stages" => bp.stages.get(i).map(|s| named("stage", &s.name, i)),
        "lanes" => bp.lanes.get(i).map(|l| named("lane", &l.name, i)),
        "connections" => bp.connections.get(i).map(|c| arrow(bp, c)),
        _ => None,
    };
    found.unwrap_or_else(|| "the blueprint".to_string())
}

/// Makes `text` a sentence: a capital first letter and exactly one full stop at the end.
pub(crate) fn sentence(text: &str) -> String {
    let text = text.trim().trim_end_matches('.');
    let mut chars = text.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    out.push('.');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_cut_and_sentences_have_one_full_stop() {
        assert_eq!(quote("  Pay "), "“Pay”");
        assert_eq!(quote(&"x".repeat(70)), format!("“{}…”", "x".repeat(60)));
        assert_eq!(sentence("an arrow was removed."), "An arrow was removed.");
        assert_eq!(sentence("ok"), "Ok.");
        assert_eq!(named("stage", " ", 2), "stage 3");
        assert_eq!(named("lane", "Guests", 0), "the lane “Guests”");
    }
}
