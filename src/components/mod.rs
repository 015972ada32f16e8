//! Thin view components: they read state and dispatch changes, nothing more.

pub mod grid;
pub mod header;
