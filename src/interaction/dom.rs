//! Small DOM helpers: element IDs for grid items and moving DOM focus to them.

use leptos::prelude::*;
use stageline_core::nav::Focus;
use stageline_schema::{CardId, LaneId, StageId};
use wasm_bindgen::JsCast;

/// The DOM id of a card's element.
pub fn card_dom_id(id: &CardId) -> String {
    format!("card-{id}")
}

/// The DOM id of a cell's element.
pub fn cell_dom_id(lane: &LaneId, stage: &StageId) -> String {
    format!("cell-{lane}-{stage}")
}

/// The DOM id of a stage header.
pub fn stage_dom_id(id: &StageId) -> String {
    format!("stage-{id}")
}

/// The DOM id of a lane header.
pub fn lane_dom_id(id: &LaneId) -> String {
    format!("lane-{id}")
}

/// The DOM id of the element that represents a grid focus position.
pub fn focus_dom_id(focus: &Focus) -> String {
    match focus {
        Focus::StageHeader(id) => stage_dom_id(id),
        Focus::LaneHeader(id) => lane_dom_id(id),
        Focus::Cell(lane, stage) => cell_dom_id(lane, stage),
        Focus::Card(id) => card_dom_id(id),
    }
}

/// How many frames [`focus_later`] waits at most for its element to be rendered (an element
/// outside the rendered area, such as a far cell reached by keyboard, appears a frame or two
/// after focus moves to it).
const FOCUS_WAIT_FRAMES: u32 = 30;

thread_local! {
    /// Counts [`focus_later`] requests: a request that is still waiting for its element gives up
    /// once a newer one is made, so it never takes focus back from where the user went since.
    static FOCUS_REQUESTS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Moves DOM focus to the element for `focus` once the view has rendered it, unless by then
/// the user is typing in a text field (which must keep its focus).
pub fn focus_later(focus: Focus) {
    let request = FOCUS_REQUESTS.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    focus_when_rendered(focus_dom_id(&focus), request, 0);
}

fn focus_when_rendered(id: String, request: u64, frames: u32) {
    request_animation_frame(move || {
        if FOCUS_REQUESTS.with(|n| n.get()) != request {
            return;
        }
        let typing = document().active_element().is_some_and(|el| {
            matches!(
                el.tag_name().to_ascii_lowercase().as_str(),
                "input" | "textarea" | "select"
            )
        });
        if typing {
            return;
        }
        if document().get_element_by_id(&id).is_some() {
            focus_now(&id);
        } else if frames < FOCUS_WAIT_FRAMES {
            focus_when_rendered(id, request, frames + 1);
        }
    });
}

/// Moves DOM focus to the element with this DOM id.
pub fn focus_now(dom_id: &str) {
    let Some(el) = document()
        .get_element_by_id(dom_id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let _ = el.focus();
}

/// Whether a keyboard event comes from a text field, where keys belong to the text.
pub fn from_text_field(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            let tag = el.tag_name().to_ascii_lowercase();
            matches!(tag.as_str(), "input" | "textarea" | "select")
                || el.get_attribute("contenteditable").is_some()
        })
}

/// The text field that has focus (a text input, a text area or an editable element), if the
/// user is in one.
fn focused_text_field() -> Option<web_sys::HtmlElement> {
    let el = document().active_element()?;
    let text = match el.tag_name().to_ascii_lowercase().as_str() {
        "textarea" => true,
        "input" => {
            let kind = el.get_attribute("type").unwrap_or_default();
            matches!(
                kind.to_ascii_lowercase().as_str(),
                "" | "text" | "search" | "url" | "email" | "tel" | "number"
            )
        }
        _ => el.get_attribute("contenteditable").is_some(),
    };
    text.then(|| el.dyn_into::<web_sys::HtmlElement>().ok())
        .flatten()
}

/// Whether the user is typing in a text field: text that may not be in the document yet.
pub fn typing_in_field() -> bool {
    focused_text_field().is_some()
}

/// Ends the typing in progress as if the user had left the field, so its own `change` and
/// `blur` handlers put the text into the document (for a page that is going away, which
/// does not always blur it).
pub fn commit_typing() {
    if let Some(field) = focused_text_field() {
        let _ = field.blur();
    }
}

/// Captures the pointer on the element that received `ev`, so the whole gesture reaches the
/// canvas (events bubble up from the capturing element) wherever the pointer goes.
pub fn capture(ev: &web_sys::PointerEvent) {
    use wasm_bindgen::JsCast;
    if let Some(el) = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    {
        let _ = el.set_pointer_capture(ev.pointer_id());
    }
}
