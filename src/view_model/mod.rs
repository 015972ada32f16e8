//! View-models: state derived from the document and the session that several views share
//! (what the canvas renders, the grid's focus stop, per-stage counts, checks and metrics, the
//! orchestration band).
//!
//! Views read these; these never import views.

pub mod arrows;
pub mod canvas;
pub mod checks;
pub mod compare;
pub mod focus;
pub mod headers;
pub mod orchestration;

/// A label at the start of a sentence or on its own: its first letter in capitals.
pub fn capitalized(label: &str) -> String {
    let mut chars = label.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
