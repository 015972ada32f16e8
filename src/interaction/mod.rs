//! Turning pointer and keyboard input into session changes and core commands.
//!
//! Components attach these handlers; the decisions (what a key does, where a drag lands) are
//! made here against the core, so the components themselves stay declarative.

pub mod dom;
pub mod keys;
pub mod pointer;
