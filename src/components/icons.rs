//! The app's own icons, drawn as inline SVG so they show the same on every system (an emoji
//! or symbol glyph shows as an empty box where no font has it). Each is decorative
//! (`aria-hidden`, never focusable): the control that shows one carries the text alternative,
//! as its visible text or its `aria-label`. They draw in `currentColor` at 1 em.

use leptos::prelude::*;

/// One icon: a 16 × 16 drawing of stroked `paths`.
fn icon(name: &'static str, paths: &'static [&'static str]) -> impl IntoView {
    view! {
        <svg
            class="icon"
            data-icon=name
            viewBox="0 0 16 16"
            width="16"
            height="16"
            aria-hidden="true"
            focusable="false"
            fill="none"
            stroke="currentColor"
            stroke-width="1.75"
            stroke-linecap="round"
            stroke-linejoin="round"
        >
            {paths.iter().map(|d| view! { <path d=*d></path> }).collect_view()}
        </svg>
    }
}

/// A waste bin: delete.
pub fn trash() -> impl IntoView {
    icon(
        "trash",
        &[
            "M2.5 4h11",
            "M6 4V2.5h4V4",
            "M4 4l.7 9.5h6.6L12 4",
            "M6.5 6.5v5M9.5 6.5v5",
        ],
    )
}

/// A pencil: rename or edit.
pub fn pencil() -> impl IntoView {
    icon("pencil", &["M10.5 2.5l3 3-8 8H2.5v-3z", "M9 4l3 3"])
}

/// A triangle pointing up: move up.
pub fn up() -> impl IntoView {
    icon("up", &["M3.5 10.5L8 5l4.5 5.5z"])
}

/// A triangle pointing down: move down.
pub fn down() -> impl IntoView {
    icon("down", &["M3.5 5.5L8 11l4.5-5.5z"])
}

/// A triangle pointing left: move left (back).
pub fn left() -> impl IntoView {
    icon("left", &["M10.5 3.5L5 8l5.5 4.5z"])
}

/// A triangle pointing right: move right (forward).
pub fn right() -> impl IntoView {
    icon("right", &["M5.5 3.5L11 8l-5.5 4.5z"])
}

/// Three lines: a list (the library of blueprints).
pub fn menu() -> impl IntoView {
    icon("menu", &["M2.5 4h11M2.5 8h11M2.5 12h11"])
}

/// A plus: add, zoom in.
pub fn plus() -> impl IntoView {
    icon("plus", &["M8 3v10M3 8h10"])
}

/// A minus: zoom out.
pub fn minus() -> impl IntoView {
    icon("minus", &["M3 8h10"])
}

/// A curved arrow turning back: undo.
pub fn undo() -> impl IntoView {
    icon("undo", &["M5.5 3L2.5 6l3 3", "M2.5 6h7a4 4 0 010 8H7"])
}

/// A curved arrow turning forward: redo.
pub fn redo() -> impl IntoView {
    icon("redo", &["M10.5 3l3 3-3 3", "M13.5 6h-7a4 4 0 000 8H9"])
}

/// A tick: done, saved.
pub fn check() -> impl IntoView {
    icon("check", &["M3 8.5l3.5 3.5L13 4.5"])
}

/// A cross: remove, close.
pub fn cross() -> impl IntoView {
    icon("cross", &["M4 4l8 8M12 4l-8 8"])
}

/// A chevron pointing down: an open disclosure.
pub fn chevron_down() -> impl IntoView {
    icon("chevron-down", &["M4 6l4 4 4-4"])
}

/// A chevron pointing right: a closed disclosure.
pub fn chevron_right() -> impl IntoView {
    icon("chevron-right", &["M6 4l4 4-4 4"])
}
