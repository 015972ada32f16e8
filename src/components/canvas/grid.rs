//! The ARIA grid of the canvas: the header row of stages, a row per lane with its header and
//! the cells in the render area, and the derived lines between the lanes.

use leptos::prelude::*;
use stageline_core::layout::ORCHESTRATION_BAND_HEIGHT;
use stageline_core::nav::Focus;
use stageline_core::placement::{line_label_box, line_name};
use stageline_schema::{LaneId, Named, StageId};

use crate::components::cell::Cell;
use crate::components::grid_header::GridHeader;
use crate::state::{use_app, Header};
use crate::view_model::canvas::CanvasCtx;

/// The grid's rows: the stage headers, then one row per lane, then the derived lines.
#[component]
pub fn GridRows(
    /// The stages, in order (shared with the canvas, which counts them for ARIA).
    stage_ids: Memo<Vec<StageId>>,
    /// The lanes, in order.
    lane_ids: Memo<Vec<LaneId>>,
) -> impl IntoView {
    let app = use_app();
    let layout = app.layout;
    let line_items = move || {
        layout.with(|l| {
            l.lines
                .iter()
                .map(|g| (g.line, g.y.to_bits()))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div
            class="grid-row grid-row--header"
            role="row"
            aria-rowindex="1"
            style:height=move || {
                // The layout's header row holds the orchestration band too, when it is on: the
                // headers keep their own height above it.
                let band = if app.session.orchestration.get() {
                    ORCHESTRATION_BAND_HEIGHT
                } else {
                    0.0
                };
                format!("{}px", layout.with(|l| l.metrics.stage_header_height) - band)
            }
        >
            <div
                class="grid-corner"
                role="columnheader"
                aria-colindex="1"
                style:width=move || format!("{}px", layout.with(|l| l.metrics.lane_header_width))
            >
                <span class="visually-hidden">"Lanes"</span>
            </div>
            <For
                each=move || stage_ids.get()
                key=|id| id.clone()
                children=move |id| view! { <GridHeader header=Header::Stage(id) /> }
            />
        </div>
        <For
            each=move || lane_ids.get()
            key=|id| id.clone()
            children=move |lane| view! { <LaneRow lane=lane stage_ids=stage_ids /> }
        />
        <For
            each=line_items
            key=|k| *k
            children=move |(line, y)| {
                let y = f64::from_bits(y);
                // The name's box is the core's, so arrow labels are placed clear of it.
                let b = layout
                    .with_untracked(|l| {
                        l.lines
                            .iter()
                            .find(|g| g.line == line)
                            .map(|g| line_label_box(l, g))
                    });
                let style = b
                    .map(|b| {
                        format!(
                            "left: {}px; top: {}px; width: {}px; height: {}px;",
                            b.x,
                            b.y,
                            b.width,
                            b.height,
                        )
                    });
                view! {
                    <div
                        class="derived-line"
                        data-line=line.json_name()
                        aria-hidden="true"
                        style:top=format!("{}px", y - 1.0)
                    ></div>
                    <span
                        class="derived-line__label"
                        data-line=line.json_name()
                        aria-hidden="true"
                        style=style
                    >
                        {line_name(line)}
                    </span>
                }
            }
        />
    }
}

/// One lane's row: its header and the cells of the render area.
#[component]
fn LaneRow(
    /// The lane.
    lane: LaneId,
    /// The stages, in order.
    stage_ids: Memo<Vec<StageId>>,
) -> impl IntoView {
    let app = use_app();
    let ctx = expect_context::<CanvasCtx>();
    let s = app.session;
    let layout = app.layout;
    let index = Memo::new({
        let lane = lane.clone();
        move |_| app.doc(|d| d.lane_index(&lane).unwrap_or(0))
    });
    let span = Memo::new(move |_| layout.with(|l| l.lanes.get(index.get()).copied()));
    let kind = Memo::new({
        let lane = lane.clone();
        move |_| app.doc(|d| d.lane(&lane).map(|l| l.kind))
    });
    // Only the cells in the render area are in the DOM (the grid keeps aria-colcount and each
    // cell its aria-colindex), plus the focused cell and the cells of pinned cards, so focus
    // and gestures hold.
    let cells = {
        let lane = lane.clone();
        move || {
            let area = ctx.area.get();
            let lane_index = index.get();
            let mut shown = layout.with(|l| {
                let mut shown = l.stages_in_view(lane_index, &area);
                ctx.pinned.with(|pinned| {
                    shown.extend(pinned.iter().filter_map(|id| {
                        l.slots
                            .get(id)
                            .filter(|(ln, _, _)| *ln == lane_index)
                            .map(|(_, st, _)| *st)
                    }));
                });
                shown
            });
            let focused = s.focus.with(|f| match f {
                Some(Focus::Cell(l, st)) if *l == lane => Some(st.clone()),
                _ => None,
            });
            stage_ids.with(|ids| {
                if let Some(st) = focused {
                    shown.extend(ids.iter().position(|x| *x == st));
                }
                shown.sort_unstable();
                shown.dedup();
                shown
                    .iter()
                    .filter_map(|k| ids.get(*k).cloned())
                    .collect::<Vec<_>>()
            })
        }
    };
    let lane_for_cells = lane.clone();
    view! {
        <div
            class="grid-row"
            hidden=move || span.get().is_some_and(|s| s.size == 0.0)
            role="row"
            aria-rowindex=move || index.get() + 2
            data-lane-kind=move || kind.get().map(Named::json_name)
            style:top=move || format!("{}px", span.get().map_or(0.0, |s| s.start))
            style:height=move || format!("{}px", span.get().map_or(0.0, |s| s.size))
        >
            <GridHeader header=Header::Lane(lane) />
            <For
                each=cells
                key=|id| id.clone()
                children=move |stage| view! { <Cell lane=lane_for_cells.clone() stage=stage /> }
            />
        </div>
    }
}
