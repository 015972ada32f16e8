//! The arrow layer: handoff arrows as SVG curves over the grid, routed by the core layout and
//! following their cards. Arrows that cross the line of visibility or interaction carry a
//! marker where they cross. The arrow being drawn is previewed here too.
//!
//! Arrows are drawn without pointer events: a tap on a cell's empty space hits the arrow
//! nearest to it ([`ArrowsInView::at`], measured in the core), so a card under an arrow stays
//! reachable and each arrow is one element less.

use leptos::prelude::*;

use stageline_core::arrows::{Drawn, Shared};
use stageline_core::layout::{route, Point, Rect};
use stageline_schema::{ConnectionId, Named};

use crate::state::use_app;
use crate::view_model::arrows::{ArrowLabels, ArrowsInView};
use crate::view_model::orchestration::use_orchestration;

/// An arrow's label where the core's placement put it: one `<text>`, a `<tspan>` per wrapped
/// line. A label that found no room is drawn only while its arrow is hovered or selected.
fn arrow_label(labels: ArrowLabels, id: ConnectionId, selected: Memo<bool>) -> impl IntoView {
    let placed = {
        let id = id.clone();
        Memo::new(move |_| labels.placed.with(|p| p.get(&id).cloned()))
    };
    let hovered = Memo::new(move |_| labels.hovered.with(|h| h.as_ref() == Some(&id)));
    let shown = move || placed.with(|p| p.as_ref().is_some_and(|p| p.shown));
    let at = move |i: usize| {
        placed
            .with(|p| p.as_ref().map(|p| p.baseline(i)))
            .unwrap_or(Point { x: 0.0, y: 0.0 })
    };
    let lines = move || placed.with(|p| p.as_ref().map(|p| p.lines.clone()).unwrap_or_default());
    view! {
        <text
            class="arrow__label"
            class:arrow__label--unplaced=move || !shown()
            class:arrow__label--revealed=move || !shown() && (hovered.get() || selected.get())
            x=move || at(0).x
            y=move || at(0).y
            text-anchor="middle"
        >
            {move || {
                lines()
                    .into_iter()
                    .enumerate()
                    .map(|(i, line)| {
                        view! {
                            <tspan x=move || at(i).x y=move || at(i).y>
                                {line}
                            </tspan>
                        }
                    })
                    .collect_view()
            }}
        </text>
    }
}

/// The SVG layer with every arrow in the render area and the arrow being drawn.
#[component]
pub fn ArrowLayer() -> impl IntoView {
    let app = use_app();
    let s = app.session;
    let layout = app.layout;
    let ArrowsInView(in_view, labels) = expect_context::<ArrowsInView>();
    let orchestration = use_orchestration();
    let preview = Memo::new(move |_| {
        let from = s.connect.with(|c| c.as_ref().map(|c| c.from.clone()))?;
        let from = layout.with(|l| l.cards.get(&from).copied())?;
        let at = s.pointer.get();
        let end = Rect {
            x: at.x,
            y: at.y,
            width: 0.0,
            height: 0.0,
        };
        Some(route(&from, &end).d())
    });

    view! {
        <svg
            class="arrows"
            aria-hidden="true"
            width=move || layout.with(|l| l.width)
            height=move || layout.with(|l| l.height)
        >
            <defs>
                <marker
                    id="arrowhead"
                    viewBox="0 0 10 10"
                    refX="9"
                    refY="5"
                    markerWidth="7"
                    markerHeight="7"
                    orient="auto-start-reverse"
                >
                    <path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead"></path>
                </marker>
            </defs>
            <For
                each=move || in_view.with(|v| v.arrows().to_vec())
                key=|a| a.key.clone()
                children=move |a| {
                    let id = a.id.clone();
                    let drawn = {
                        let (id, first) = (id.clone(), a.clone());
                        Memo::new(move |previous: Option<&Shared<Drawn>>| {
                            in_view
                                .with(|v| v.get(&id).cloned())
                                .or_else(|| previous.cloned())
                                .unwrap_or_else(|| first.clone())
                        })
                    };
                    // While the orchestration band is on: the handoff between automation and
                    // people this arrow is, by kind.
                    let automation = {
                        let id = id.clone();
                        Memo::new(move |_| {
                            orchestration.and_then(|o| {
                                o.marked.with(|m| m.get(&id).map(|k| k.json_name()))
                            })
                        })
                    };
                    let selected = Memo::new(move |_| {
                        s.selected_connection.with(|c| c.as_ref() == Some(&id))
                    });
                    let crosses = !a.crossed.is_empty();
                    let (has_start, has_end) = a.ends;
                    view! {
                        <path
                            class="arrow__line"
                            class:arrow--selected=move || selected.get()
                            class:arrow--crossing=crosses
                            class:arrow--automation-handoff=move || automation.get().is_some()
                            data-automation-handoff=move || automation.get()
                            data-connection=a.id.to_string()
                            data-kind=a.kind.json_name()
                            d=move || drawn.with(|a| a.d.clone())
                            marker-end=has_end.then_some("url(#arrowhead)")
                            marker-start=(a.two_way && has_start).then_some("url(#arrowhead)")
                            stroke-dashoffset=move || drawn.with(|a| {
                                (a.dash_offset > 0.0)
                                    .then(|| ((a.dash_offset * 10.0).round() / 10.0).to_string())
                            })
                        ></path>
                        {a.crossings.iter().enumerate().map(|(i, (line, _))| {
                            let at = move || {
                                drawn
                                    .with(|a| a.crossings.get(i).map(|(_, p)| *p))
                                    .unwrap_or(Point { x: 0.0, y: 0.0 })
                            };
                            view! {
                                <circle
                                    class="arrow__crossing"
                                    data-line=line.json_name()
                                    cx=move || at().x
                                    cy=move || at().y
                                    r="5"
                                ></circle>
                            }
                        }).collect_view()}
                        {(!a.label.trim().is_empty()).then(|| {
                            arrow_label(labels, a.id.clone(), selected)
                        })}
                    }
                }
            />
            {move || {
                preview
                    .get()
                    .map(|d| {
                        view! {
                            <path class="arrow-preview" d=d marker-end="url(#arrowhead)"></path>
                        }
                    })
            }}
        </svg>
    }
}
