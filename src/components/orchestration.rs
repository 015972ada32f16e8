//! The orchestration band under the stage headers (how each stage's work is shared between
//! people and automation, and the level it fits; see `docs/orchestration.md`) and the toggle
//! button that shows it, in the editor's toolbar and the viewer's.

use leptos::prelude::*;
use stageline_core::layout::{CANVAS_MARGIN, ORCHESTRATION_BAND_HEIGHT};

use crate::state::use_app;
use crate::view_model::orchestration::{use_orchestration, BandCell};

/// The button that switches the band on and off: a toggle button (`aria-pressed`).
#[component]
pub fn OrchestrationToggle() -> impl IntoView {
    let app = use_app();
    let on = app.session.orchestration;
    view! {
        <button
            type="button"
            class="button"
            aria-pressed=move || on.get().to_string()
            title="Show how each stage's work is shared between people and automation"
            on:click=move |_| {
                let now = !on.get_untracked();
                on.set(now);
                app.say(if now {
                    "Orchestration band shown under the stage headers"
                } else {
                    "Orchestration band hidden"
                });
            }
        >
            "Orchestration"
        </button>
    }
}

/// One stage's cell: the stacked bar, the counts, front and back of house, the level and the
/// handoffs; a screen reader reads its sentence instead.
fn band_cell(cell: BandCell, left: f64, width: f64, top: f64) -> impl IntoView {
    let title = cell.sentence.clone();
    let style = format!(
        "left: {left}px; top: {top}px; width: {width}px; height: {ORCHESTRATION_BAND_HEIGHT}px;"
    );
    view! {
        <li
            class="orchestration__cell"
            data-stage=cell.stage.to_string()
            data-level=cell.level_slug
            title=title
            style=style
        >
            <span class="visually-hidden">{cell.sentence}</span>
            <div class="orchestration__visual" aria-hidden="true">
                <div class="orchestration__bar">
                    {cell
                        .segments
                        .into_iter()
                        .map(|s| {
                            view! {
                                <span
                                    class=format!(
                                        "orchestration__segment orchestration__segment--{}",
                                        s.slug,
                                    )
                                    style=format!("width: {:.1}%;", s.percent)
                                    title=s.title
                                >
                                    {s.mark}
                                </span>
                            }
                        })
                        .collect_view()}
                </div>
                <span class="orchestration__counts">{cell.counts}</span>
                <span class="orchestration__houses">{cell.houses}</span>
                <span class="orchestration__level">{cell.level}</span>
                <span class="orchestration__handoffs">{cell.handoffs}</span>
            </div>
        </li>
    }
}

/// The band: one cell per stage, right under the stage headers, over the room the layout
/// leaves for it (outside the ARIA grid: a labelled region of its own).
#[component]
pub fn OrchestrationBand() -> impl IntoView {
    let app = use_app();
    let layout = app.layout;
    let zoom = app.session.zoom;
    let ctx = use_orchestration();
    let shown = move || ctx.is_some_and(|c| c.on.get());
    let cells = move || {
        let Some(ctx) = ctx else {
            return Vec::new();
        };
        let cells = ctx.cells.get();
        layout.with(|l| {
            let top = l.metrics.stage_header_height - ORCHESTRATION_BAND_HEIGHT;
            cells
                .into_iter()
                .zip(&l.stages)
                .map(|(c, span)| (c, span.start, span.size, top))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <Show when=shown>
            <section
                class="orchestration"
                aria-label="Orchestration by stage"
                style:left=format!("{CANVAS_MARGIN}px")
                style:top=format!("{CANVAS_MARGIN}px")
                style:width=move || format!("{}px", layout.with(|l| l.width))
                style:transform=move || format!("scale({})", zoom.get())
            >
                <ul class="orchestration__cells">
                    {move || {
                        cells()
                            .into_iter()
                            .map(|(c, left, width, top)| band_cell(c, left, width, top))
                            .collect_view()
                    }}
                </ul>
            </section>
        </Show>
    }
}
