//! The app's views, one per route: the library (home), the editor, and the problem page
//! shown when a blueprint cannot be opened.

pub mod dialogs;
pub mod editor;
pub mod home;
pub mod problem;
