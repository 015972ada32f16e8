//! Audience filter controls: a preset, lanes to show or hide, fail points highlighted, and
//! everything below the line of visibility dimmed. Used by the viewer and the share dialog.

use leptos::prelude::*;
use stageline_core::audience::{is_lane_dimmed, AudienceFilter, Preset};
use stageline_schema::Blueprint;

/// The controls of an audience filter over `doc`.
#[component]
pub fn AudienceControls(
    /// The blueprint the filter applies to (its lanes are listed).
    doc: Signal<Blueprint>,
    /// The filter being edited.
    filter: RwSignal<AudienceFilter>,
) -> impl IntoView {
    let lanes = move || {
        doc.with(|d| {
            d.lanes
                .iter()
                .map(|l| (l.id.clone(), l.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <fieldset class="audience">
            <legend>"Audience"</legend>
            <label class="audience__row">
                "Show "
                <select
                    aria-label="Audience preset"
                    prop:value=move || filter.with(|f| f.preset.code())
                    on:change=move |ev| {
                        if let Some(p) = Preset::from_code(&event_target_value(&ev)) {
                            filter.set(AudienceFilter::from_preset(p));
                        }
                    }
                >
                    {Preset::ALL
                        .into_iter()
                        .map(|p| view! { <option value=p.code()>{p.label()}</option> })
                        .collect_view()}
                </select>
            </label>
            <ul class="audience__lanes" aria-label="Lanes shown">
                <For each=lanes key=|(id, name)| (id.clone(), name.clone()) let:lane>
                    {
                        let (id, name) = lane;
                        let id2 = id.clone();
                        view! {
                            <li>
                                <label>
                                    <input
                                        type="checkbox"
                                        prop:checked=move || {
                                            doc.with(|d| filter.with(|f| f.shows_lane(d, &id)))
                                        }
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            let next = doc
                                                .with(|d| {
                                                    filter.with(|f| f.with_lane_shown(d, &id2, on))
                                                });
                                            filter.set(next);
                                        }
                                    />
                                    {if name.trim().is_empty() {
                                        "Unnamed lane".to_string()
                                    } else {
                                        name
                                    }}
                                </label>
                            </li>
                        }
                    }
                </For>
            </ul>
            <label class="audience__row">
                <input
                    type="checkbox"
                    prop:checked=move || filter.with(|f| f.highlight_fail_points)
                    on:change=move |ev| {
                        filter.update(|f| f.highlight_fail_points = event_target_checked(&ev))
                    }
                />
                "Highlight fail points"
            </label>
            <label class="audience__row">
                <input
                    type="checkbox"
                    prop:checked=move || filter.with(|f| f.dim_below_visibility)
                    on:change=move |ev| {
                        filter.update(|f| f.dim_below_visibility = event_target_checked(&ev))
                    }
                />
                "Dim everything below the line of visibility"
            </label>
        </fieldset>
    }
}

/// The stylesheet that applies a filter's dimming and highlighting to a canvas (inside an
/// element of class `filtered`) showing the lanes of `shown`, a copy of `original` with
/// hidden lanes either removed (viewer) or folded away (editor, then `shown` is `original`):
/// rows are addressed by their ARIA row index.
pub fn filter_css(original: &Blueprint, shown: &Blueprint, filter: &AudienceFilter) -> String {
    let mut css = String::new();
    if filter.dim_below_visibility {
        for (i, lane) in shown.lanes.iter().enumerate() {
            if is_lane_dimmed(original, filter, &lane.id) {
                css.push_str(&format!(
                    ".filtered [role=row][aria-rowindex=\"{}\"] {{ opacity: 0.4; }}\n",
                    i + 2
                ));
            }
        }
    }
    if filter.highlight_fail_points {
        css.push_str(".filtered .card:not(.card--fail) { opacity: 0.55; }\n");
        css.push_str(".filtered .card--fail { outline: 3px solid var(--color-danger); outline-offset: 1px; }\n");
    }
    css
}
