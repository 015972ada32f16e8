//! The view: thin components that read [`crate::state::AppState`] and dispatch core commands.

pub mod arrows;
pub mod audience;
pub mod canvas;
pub mod card;
pub mod cell;
pub mod checks;
pub mod details;
pub mod emotion;
pub mod fields;
pub mod header;
pub mod headers;
pub mod help;
pub mod share;
