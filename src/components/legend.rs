//! The canvas's key, under the viewport in the editor and the viewer: what the card markers
//! mean (the same "!" and "⚠" the cards show, with the same classes) and the whole journey's
//! end-to-end time against its target; with the orchestration band on, its bar's parts and
//! the marked handoffs between automation and people.

use leptos::prelude::*;

use crate::view_model::checks::use_checks;
use crate::view_model::headers::journey_time;
use crate::view_model::orchestration::{segment_legend, use_orchestration};

/// The key under the canvas: the marker legend and the end-to-end time.
#[component]
pub fn CanvasKey() -> impl IntoView {
    let checks = use_checks();
    let orchestration = use_orchestration();
    let band_on = move || orchestration.is_some_and(|o| o.on.get());
    let time = Memo::new(move |_| {
        checks.metrics.with(|m| {
            m.as_ref().map(|m| {
                let t = &m.end_to_end.time;
                (journey_time(t), t.critical_path_secs)
            })
        })
    });
    view! {
        <div class="canvas-key">
            <ul class="canvas-key__legend" aria-label="Marker legend">
                <li>
                    <span class="marker marker--fail" aria-hidden="true">
                        "⚠"
                    </span>
                    " Fail point"
                </li>
                <li>
                    <span class="marker marker--check" data-severity="warning" aria-hidden="true">
                        "!"
                    </span>
                    " Check finding (see Checks)"
                </li>
                <Show when=band_on>
                    <li class="canvas-key__handoff">
                        <svg class="canvas-key__arrow" width="28" height="10" aria-hidden="true">
                            <path
                                class="arrow__line arrow--automation-handoff"
                                d="M 1 5 L 27 5"
                            ></path>
                        </svg>
                        " Handoff between automation and people"
                    </li>
                    <li class="canvas-key__segments">
                        "Orchestration bar: "
                        {segment_legend()
                            .map(|(slug, mark, label)| {
                                view! {
                                    <span class=format!(
                                        "orchestration__segment orchestration__segment--{slug}",
                                    )>{mark}</span>
                                    <span class="canvas-key__segment-label">{label}</span>
                                }
                            })
                            .collect_view()}
                    </li>
                </Show>
            </ul>
            <p
                class="canvas-key__time"
                class:canvas-key__time--over=move || {
                    time.with(|t| t.as_ref().is_some_and(|(t, _)| t.over))
                }
                data-seconds=move || time.with(|t| t.as_ref().map(|(_, secs)| secs.to_string()))
                title=move || time.with(|t| t.as_ref().map(|(t, _)| t.title.clone()))
            >
                {move || time.with(|t| t.as_ref().map(|(t, _)| t.text.clone()))}
            </p>
        </div>
    }
}
