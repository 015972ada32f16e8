//! The blueprint grid: stages as columns, lanes as rows, derived lines between lane groups.
//!
//! This is the shell's placeholder grid: canonical lanes and a list of stage names held by the
//! caller. The editor issue replaces the stage list with the schema document.

use leptos::prelude::*;

/// A lane of the placeholder grid: its kind (as written in the JSON format) and display name.
struct ShellLane {
    kind: &'static str,
    name: &'static str,
    /// The derived line drawn below this lane, if any.
    line_below: Option<(&'static str, &'static str)>,
}

const CANONICAL_LANES: [ShellLane; 5] = [
    ShellLane {
        kind: "physical_evidence",
        name: "Physical evidence",
        line_below: None,
    },
    ShellLane {
        kind: "customer",
        name: "Customer actions",
        line_below: Some(("interaction", "Line of interaction")),
    },
    ShellLane {
        kind: "frontstage",
        name: "Frontstage actions",
        line_below: Some(("visibility", "Line of visibility")),
    },
    ShellLane {
        kind: "backstage",
        name: "Backstage actions",
        line_below: Some(("internal_interaction", "Line of internal interaction")),
    },
    ShellLane {
        kind: "support",
        name: "Support processes",
        line_below: None,
    },
];

/// The blueprint as an ARIA grid, with an "Add stage" action.
#[component]
pub fn BlueprintGrid(
    /// Stage names, left to right.
    stages: RwSignal<Vec<String>>,
) -> impl IntoView {
    let add_stage = move |_| {
        stages.update(|s| {
            let n = s.len() + 1;
            s.push(format!("Stage {n}"));
        })
    };
    let stage_count = move || stages.with(Vec::len);

    view! {
        <section class="workspace" aria-labelledby="blueprint-heading">
            <h2 id="blueprint-heading" class="visually-hidden">"Blueprint"</h2>
            <p class="empty-hint" hidden=move || stage_count() != 0>
                "This blueprint has no stages yet. Add the first moment of the customer's journey."
            </p>
            <div
                class="blueprint"
                role="grid"
                aria-label="Service blueprint"
                aria-rowcount=CANONICAL_LANES.len() + 1
                aria-colcount=move || stage_count() + 1
                style=move || format!("--stage-count: {}", stage_count().max(1))
            >
                <div class="blueprint__row" role="row" aria-rowindex="1">
                    <div class="blueprint__corner" role="columnheader" aria-colindex="1">
                        "Lanes \\ Stages"
                    </div>
                    <For
                        each=move || stages.get().into_iter().enumerate()
                        key=|(i, name)| (*i, name.clone())
                        children=move |(i, name)| {
                            view! {
                                <div
                                    class="blueprint__stage-header"
                                    role="columnheader"
                                    aria-colindex=i + 2
                                >
                                    {name}
                                </div>
                            }
                        }
                    />
                </div>
                {CANONICAL_LANES
                    .iter()
                    .enumerate()
                    .map(|(row, lane)| {
                        let line = lane.line_below;
                        view! {
                            <div
                                class="blueprint__row"
                                class:blueprint__row--line-below=line.is_some()
                                role="row"
                                aria-rowindex=row + 2
                                data-lane-kind=lane.kind
                                data-line=line.map(|(id, _)| id)
                            >
                                <div class="blueprint__lane-header" role="rowheader" aria-colindex="1">
                                    {lane.name}
                                    {line.map(|(_, label)| view! {
                                        <span class="blueprint__lane-kind">{format!("{label} below")}</span>
                                    })}
                                </div>
                                <For
                                    each=move || 0..stage_count()
                                    key=|i| *i
                                    children=move |i| {
                                        view! {
                                            <div
                                                class="blueprint__cell"
                                                role="gridcell"
                                                aria-colindex=i + 2
                                            ></div>
                                        }
                                    }
                                />
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
            <p>
                <button type="button" class="button button--primary" on:click=add_stage>
                    "Add stage"
                </button>
            </p>
        </section>
    }
}
