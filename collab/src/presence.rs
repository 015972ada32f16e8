//! Presence: who is in the room, where their pointer is, what they select, edit and drag.
//!
//! Presence travels in the awareness protocol, never in the document. Our state is JSON in the
//! convention JavaScript Yjs clients use, so they show our name and colour:
//!
//! ```json
//! {"user":{"name":"Ann","color":"#30bced"},"pointer":{"x":120.5,"y":80},
//!  "selection":["cd_1"],"editing":"cd_1","drag":{"cards":["cd_1"],"dx":10,"dy":-4}}
//! ```
//!
//! A peer's state is untrusted: strings are cut to [`MAX_NAME_CHARS`], lists to
//! [`MAX_LISTED_CARDS`], colours other than `#rrggbb` are replaced by [`FALLBACK_COLOR`],
//! numbers must be finite, card IDs must be valid IDs, states longer than
//! [`MAX_STATE_BYTES`] are ignored, and unknown fields are ignored.

use serde_json::{json, Map, Value};
use stageline_schema::CardId;

/// The longest name kept from a peer, in characters.
pub const MAX_NAME_CHARS: usize = 40;
/// The most card IDs kept from a peer's selection or drag preview.
pub const MAX_LISTED_CARDS: usize = 500;
/// The largest awareness state read from a peer, in bytes.
pub const MAX_STATE_BYTES: usize = 64 * 1024;
/// The colour shown for a peer whose colour is not `#rrggbb`.
pub const FALLBACK_COLOR: &str = "#6b7280";
/// A peer not heard from for this long (milliseconds) is dropped, as y-protocols does.
pub const PEER_TIMEOUT_MS: u64 = 30_000;
/// How often our state should be renewed (milliseconds): half the timeout.
pub const RENEW_INTERVAL_MS: u64 = 15_000;

/// One participant's presence.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Presence {
    /// The participant's name (asked once and remembered by the app).
    pub name: String,
    /// The participant's colour, `#rrggbb`.
    pub color: String,
    /// The pointer on the canvas, in canvas coordinates, when over it.
    pub pointer: Option<(f64, f64)>,
    /// The selected cards.
    pub selection: Vec<CardId>,
    /// The card whose title or fields are being edited (a soft lock shown on the card).
    pub editing: Option<CardId>,
    /// The cards being dragged and by how much, until the drop writes the move.
    pub drag: Option<DragPreview>,
}

/// Cards being dragged, shown to others as they move.
#[derive(Debug, Clone, PartialEq)]
pub struct DragPreview {
    /// The cards moved together.
    pub cards: Vec<CardId>,
    /// Horizontal offset from where they were, in canvas units.
    pub dx: f64,
    /// Vertical offset from where they were, in canvas units.
    pub dy: f64,
}

/// Someone else in the room.
#[derive(Debug, Clone, PartialEq)]
pub struct Peer {
    /// Their Yjs client ID (unique per connection, 53 bits).
    pub client_id: u64,
    /// What they show, already checked (see the module docs).
    pub presence: Presence,
}

/// Whether `s` is a colour of the form `#rrggbb` (hex digits, either case).
pub fn is_valid_color(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 7 && b[0] == b'#' && b[1..].iter().all(u8::is_ascii_hexdigit)
}

fn cut(s: &str, max: usize) -> String {
    s.chars().filter(|c| !c.is_control()).take(max).collect()
}

fn finite(v: Option<&Value>) -> Option<f64> {
    v.and_then(Value::as_f64).filter(|f| f.is_finite())
}

fn card_ids(v: Option<&Value>) -> Vec<CardId> {
    v.and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|x| x.as_str().and_then(|s| CardId::new(s).ok()))
                .take(MAX_LISTED_CARDS)
                .collect()
        })
        .unwrap_or_default()
}

fn ids_json(ids: &[CardId]) -> Value {
    Value::Array(ids.iter().map(|c| Value::from(c.as_str())).collect())
}

impl Presence {
    /// Our state as awareness JSON (see the module docs). Non-finite pointer or drag numbers are
    /// left out.
    pub fn to_json(&self) -> String {
        let mut state = Map::new();
        state.insert(
            "user".into(),
            json!({ "name": self.name, "color": self.color }),
        );
        if let Some((x, y)) = self.pointer.filter(|(x, y)| x.is_finite() && y.is_finite()) {
            state.insert("pointer".into(), json!({ "x": x, "y": y }));
        }
        if !self.selection.is_empty() {
            state.insert("selection".into(), ids_json(&self.selection));
        }
        if let Some(id) = &self.editing {
            state.insert("editing".into(), Value::from(id.as_str()));
        }
        if let Some(d) = self
            .drag
            .as_ref()
            .filter(|d| d.dx.is_finite() && d.dy.is_finite())
        {
            state.insert(
                "drag".into(),
                json!({ "cards": ids_json(&d.cards), "dx": d.dx, "dy": d.dy }),
            );
        }
        Value::Object(state).to_string()
    }

    /// A peer's state read from awareness JSON, checked (see the module docs); `None` when it is
    /// not a JSON object (a peer that left sends `null`) or is too large.
    pub fn from_json(text: &str) -> Option<Presence> {
        if text.len() > MAX_STATE_BYTES {
            return None;
        }
        let value: Value = serde_json::from_str(text).ok()?;
        let state = value.as_object()?;
        let user = state.get("user").and_then(Value::as_object);
        let name = user
            .and_then(|u| u.get("name"))
            .and_then(Value::as_str)
            .map(|s| cut(s, MAX_NAME_CHARS))
            .unwrap_or_default();
        let color = user
            .and_then(|u| u.get("color"))
            .and_then(Value::as_str)
            .filter(|c| is_valid_color(c))
            .unwrap_or(FALLBACK_COLOR)
            .to_ascii_lowercase();
        let pointer = state
            .get("pointer")
            .and_then(|p| Some((finite(p.get("x"))?, finite(p.get("y"))?)));
        let editing = state
            .get("editing")
            .and_then(Value::as_str)
            .and_then(|s| CardId::new(s).ok());
        let drag = state.get("drag").and_then(|d| {
            Some(DragPreview {
                cards: card_ids(d.get("cards")),
                dx: finite(d.get("dx"))?,
                dy: finite(d.get("dy"))?,
            })
        });
        Some(Presence {
            name,
            color,
            pointer,
            selection: card_ids(state.get("selection")),
            editing,
            drag,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> CardId {
        CardId::new(s).unwrap()
    }

    #[test]
    fn round_trips_and_follows_the_convention() {
        let p = Presence {
            name: "Ann".into(),
            color: "#30bced".into(),
            pointer: Some((1.5, -2.0)),
            selection: vec![id("cd_1"), id("cd_2")],
            editing: Some(id("cd_1")),
            drag: Some(DragPreview {
                cards: vec![id("cd_2")],
                dx: 3.0,
                dy: 4.0,
            }),
        };
        let text = p.to_json();
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["user"]["name"], "Ann");
        assert_eq!(v["user"]["color"], "#30bced");
        assert_eq!(Presence::from_json(&text), Some(p));
    }

    #[test]
    fn untrusted_states_are_checked() {
        let long = "x".repeat(500);
        let text = json!({
            "user": { "name": format!("{long}\u{7}"), "color": "red" },
            "pointer": { "x": "1", "y": 2 },
            "selection": ["ok_1", "bad id!", 5],
            "editing": "<script>",
            "drag": { "cards": [], "dx": 1 },
            "extra": { "anything": true }
        })
        .to_string();
        let p = Presence::from_json(&text).unwrap();
        assert_eq!(p.name.chars().count(), MAX_NAME_CHARS);
        assert_eq!(p.color, FALLBACK_COLOR);
        assert_eq!(p.pointer, None);
        assert_eq!(p.selection, vec![id("ok_1")]);
        assert_eq!(p.editing, None);
        assert_eq!(p.drag, None);
        assert_eq!(Presence::from_json("null"), None);
        assert_eq!(Presence::from_json("[1]"), None);
        assert_eq!(Presence::from_json("{"), None);
        assert!(
            Presence::from_json(&format!("{{\"a\":\"{}\"}}", "y".repeat(MAX_STATE_BYTES)))
                .is_none()
        );
        assert!(is_valid_color("#A0b1C2"));
        assert!(!is_valid_color("#abc"));
        assert!(!is_valid_color("#abcdeg"));
    }
}
