//! What a drag shows while it is in progress: the target cell and the insertion bar of a
//! card drag, the drop bar of a header drag. They read the gesture's pointer, so they are the
//! few views that re-run on every pointer move.

use std::collections::HashSet;

use leptos::prelude::*;
use stageline_schema::CardId;

use crate::state::{use_app, Header};

/// The drop previews of the canvas's gestures.
#[component]
pub fn DragPreviews() -> impl IntoView {
    let app = use_app();
    let s = app.session;
    let layout = app.layout;
    // Which cell lights up and where the insertion bar goes (the layout's rule, the same one
    // the drop uses).
    let drop_preview = Memo::new(move |_| {
        let dragged: HashSet<CardId> = s.drag.with(|d| {
            d.as_ref()
                .filter(|d| d.active)
                .map(|d| d.cards.iter().cloned().collect())
        })?;
        let at = s.pointer.get();
        // Borrowed, never cloned: this runs on every pointer move.
        layout.with(|layout| app.doc(|doc| layout.drop_preview(doc, at, &dragged)))
    });
    let header_preview = Memo::new(move |_| {
        let target = s
            .header_drag
            .with(|d| d.as_ref().filter(|d| d.active).map(|d| d.target.clone()))?;
        let at = s.pointer.get();
        Some(layout.with(|layout| match target {
            Header::Stage(_) => {
                let x = at.x.clamp(layout.metrics.lane_header_width, layout.width);
                (x, 0.0, 3.0, layout.height)
            }
            Header::Lane(_) => {
                let y =
                    at.y.clamp(layout.metrics.stage_header_height, layout.height);
                (0.0, y, layout.width, 3.0)
            }
        }))
    });
    view! {
        // Always in the DOM and moved by `transform` on their own compositor layers: a drag
        // that changes the target cell restyles two elements and repaints nothing else.
        <div
            class="drop-cell"
            aria-hidden="true"
            hidden=move || drop_preview.with(Option::is_none)
            style=move || {
                drop_preview
                    .get()
                    .map_or(
                        String::new(),
                        |(cell, _)| placed(cell.x, cell.y, cell.width, Some(cell.height)),
                    )
            }
        ></div>
        <div
            class="drop-bar"
            aria-hidden="true"
            hidden=move || drop_preview.with(Option::is_none)
            style=move || {
                drop_preview
                    .get()
                    .map_or(
                        String::new(),
                        |(cell, bar_y)| placed(cell.x + 6.0, bar_y - 2.0, cell.width - 12.0, None),
                    )
            }
        ></div>
        {move || {
            header_preview
                .get()
                .map(|(x, y, w, h)| {
                    view! {
                        <div
                            class="header-drop-bar"
                            style:left=format!("{x}px")
                            style:top=format!("{y}px")
                            style:width=format!("{w}px")
                            style:height=format!("{h}px")
                        ></div>
                    }
                })
        }}
    }
}

/// The inline style that puts a preview element at canvas point (`x`, `y`) by `transform`,
/// `width` wide and, if given, `height` high.
fn placed(x: f64, y: f64, width: f64, height: Option<f64>) -> String {
    let height = height.map_or(String::new(), |h| format!(" height: {h}px;"));
    format!("transform: translate({x}px, {y}px); width: {width}px;{height}")
}
