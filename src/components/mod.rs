//! The views: components that read [`crate::state::AppState`] and the view-models
//! ([`crate::view_model`]) and run named actions ([`crate::actions`]). Views import
//! view-models and actions, never the other way round.

pub mod arrows;
pub mod audience;
pub mod canvas;
pub mod card;
pub mod cell;
pub mod checks;
pub mod details;
pub mod dialog;
pub mod emotion;
pub mod fields;
pub mod grid_header;
pub mod help;
pub mod history;
pub mod icons;
pub mod legend;
pub mod link_draft;
pub mod load_report;
pub mod orchestration;
pub mod share;
pub mod toolbar;
pub mod update_notice;
pub mod workshop;
