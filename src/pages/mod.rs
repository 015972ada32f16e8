//! The app's views, one per route: the library (home), the editor, the comparison of two
//! versions, the read-only viewer of shared links, and the problem page shown when something
//! cannot be opened.

pub mod compare;
pub mod dialogs;
pub mod editor;
pub mod home;
pub mod join;
pub mod problem;
pub mod viewer;
