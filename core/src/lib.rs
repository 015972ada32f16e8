//! Stageline's pure editing core: everything the editor does to a blueprint, without a browser.
//!
//! - [`actions`]: every user action by name (what it runs, when it is enabled, its keys);
//! - [`command`]: primitive, exactly invertible changes to a [`stageline_schema::Blueprint`];
//! - [`history`]: the [`Editor`] that owns a document and its undo/redo stacks;
//! - [`ops`]: user-level edits (add, move, delete, duplicate, connect) built from commands,
//!   each one undo step;
//! - [`fields`]: the rules of editing a blueprint's, card's and arrow's fields (typed text to
//!   value, defaults of new things), each edit one command;
//! - [`layout`]: where stages, lanes, cards and lines sit, arrow routes, drop targets;
//! - [`geometry`]: points and rectangles of the canvas, shared by `layout` and `curve`;
//! - [`curve`]: arrow curves ([`curve::ArrowPath`]) and the stretch of one a view draws (long
//!   arrows cut to the view);
//! - [`arrows`]: the arrow layer's view-model: routes and drawings kept across edits, hit test;
//! - [`placement`]: where arrow labels go, clear of cards, line names and each other;
//! - [`library`]: the local library of stored blueprints: autosave with read-back, conflicts
//!   between tabs, trash, broken entries kept aside;
//! - [`nav`]: keyboard focus movement and keyboard moves of cards;
//! - [`diff`]: what changed between two versions of a blueprint, replaying it, and what the
//!   change does to time, handoffs, automation and the checks;
//! - [`checks`]: deterministic blueprint checks with stable codes;
//! - [`metrics`]: critical-path time against stage SLAs, handoffs, line crossings, actor
//!   shares and the customer's emotion curve;
//! - [`orchestration`]: how each stage's work is shared between people and automation, front
//!   and back of house, the orchestration level it fits, and the handoffs between them;
//! - [`svg`]: a standalone SVG picture of the blueprint (the app's export and the CLI's render);
//! - [`audience`]: audience filters (lanes shown, fail points highlighted, backstage dimmed);
//! - [`share`]: read-only share links carrying a whole blueprint in the URL fragment.
//!
//! The web app's components only read state and dispatch these; all of it is tested natively.

#![deny(missing_docs)]

pub mod actions;
pub mod arrows;
pub mod audience;
pub mod checks;
pub mod command;
pub mod curve;
pub mod diff;
pub mod fields;
pub mod geometry;
pub mod history;
pub mod labels;
pub mod layout;
pub mod library;
pub mod metrics;
pub mod nav;
pub mod ops;
pub mod orchestration;
pub mod placement;
pub mod share;
pub mod svg;

pub use command::{Command, CommandError};
pub use history::Editor;
