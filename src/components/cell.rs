//! A cell of the grid (one lane in one stage) and the cards in it.

use leptos::prelude::*;
use stageline_core::actions::Action;
use stageline_core::nav::Focus;
use stageline_schema::{CardId, LaneId, StageId};
use wasm_bindgen::JsCast;

use crate::actions::{go, perform};
use crate::components::card::CardView;
use crate::components::icons;
use crate::interaction::dom::cell_dom_id;
use crate::interaction::pointer;
use crate::state::use_app;
use crate::view_model::arrows::ArrowsInView;
use crate::view_model::canvas::CanvasCtx;
use crate::view_model::focus::use_focus_stop;

/// One cell: a drop target, a double-tap target for new cards, and the home of its cards.
#[component]
pub fn Cell(
    /// The cell's lane.
    lane: LaneId,
    /// The cell's stage.
    stage: StageId,
) -> impl IntoView {
    let app = use_app();
    let s = app.session;
    let me = Focus::Cell(lane.clone(), stage.clone());
    let position = Memo::new({
        let (lane, stage) = (lane.clone(), stage.clone());
        move |_| app.doc(|d| Some((d.lane_index(&lane)?, d.stage_index(&stage)?)))
    });
    let rect = Memo::new(move |_| {
        let (l, st) = position.get()?;
        app.layout.with(|layout| layout.cell(l, st))
    });
    // The cell's cards come from the layout's per-cell lists (one pass over the document for
    // all cells, not one per cell). An unchanged list keeps its previous copy: every edit
    // makes a new layout, and copying every rendered cell's list again (dozens of cards per
    // cell in a large blueprint) made edits cost more as blueprints grow.
    let cards = Memo::new_owning(move |previous: Option<Vec<CardId>>| {
        let Some((l, st)) = position.get() else {
            return (Vec::new(), previous.is_none_or(|p| !p.is_empty()));
        };
        app.layout.with(|layout| {
            let now = layout.cards_in_cell(l, st);
            match previous {
                Some(before) if before.as_slice() == now => (before, false),
                _ => (now.to_vec(), true),
            }
        })
    });
    let label = Memo::new({
        let (lane, stage) = (lane.clone(), stage.clone());
        move |_| {
            app.doc(|d| {
                let lane = d.lane(&lane).map(|l| l.name.clone()).unwrap_or_default();
                let stage = d.stage(&stage).map(|s| s.name.clone()).unwrap_or_default();
                let n = cards.get().len();
                let count = match n {
                    0 => "empty".to_string(),
                    1 => "1 card".to_string(),
                    n => format!("{n} cards"),
                };
                format!("{lane}, {stage}: {count}")
            })
        }
    });
    // Only the cards in the canvas's render area (plus pinned ones) are in the DOM.
    let ctx = expect_context::<CanvasCtx>();
    let arrows = expect_context::<ArrowsInView>();
    let card_items = move || {
        let area = ctx.area.get();
        let range = match rect.get() {
            Some(r) => app
                .layout
                .with(|l| l.positions_in(&r, cards.with(Vec::len), &area)),
            None => 0..0,
        };
        ctx.pinned.with(|pinned| {
            cards.with(|ids| {
                ids.iter()
                    .enumerate()
                    .filter(|(k, id)| range.contains(k) || pinned.contains(id))
                    .map(|(k, id)| (id.clone(), k))
                    .collect::<Vec<_>>()
            })
        })
    };
    let me_focus = me.clone();
    let me_tab = me.clone();
    let (lane_add, stage_add) = (lane.clone(), stage.clone());
    let on_pointerup = move |ev: web_sys::PointerEvent| {
        // Only taps on the cell's own empty space, not on its cards.
        let on_self = ev.target().zip(ev.current_target()).is_some_and(|(t, c)| {
            t.dyn_ref::<web_sys::Element>().map(|e| e as &web_sys::Node)
                == c.dyn_ref::<web_sys::Element>().map(|e| e as &web_sys::Node)
        });
        if !on_self || app.gesture_active() {
            return;
        }
        // Arrows are drawn over the cells without pointer events: a tap near one selects it.
        let hit = ctx
            .point(&app, &ev)
            .and_then(|at| arrows.at(at, &ev.pointer_type(), app.session.zoom.get_untracked()));
        if let Some((id, _)) = hit {
            app.select_arrow(id);
            app.say("Arrow selected; edit it in the details panel, Delete removes it");
            return;
        }
        let Some((l, st)) = position.get_untracked() else {
            return;
        };
        if pointer::tap(pointer::TapTarget::Cell(l, st)) {
            perform(
                &app,
                Action::AddCard {
                    lane: lane_add.clone(),
                    stage: stage_add.clone(),
                    position: None,
                },
            );
        } else {
            app.select_only(Vec::new());
            go(&app, me_focus.clone());
        }
    };
    let (lane_btn, stage_btn) = (lane.clone(), stage.clone());
    let me_focus2 = me.clone();

    view! {
        <div
            class="cell"
            role="gridcell"
            id=cell_dom_id(&lane, &stage)
            aria-colindex=move || position.get().map_or(0, |(_, st)| st + 2)
            tabindex={
                let stop = use_focus_stop();
                move || stop.tab_index(&me_tab)
            }
            style:left=move || format!("{}px", rect.get().map_or(0.0, |r| r.x))
            style:width=move || format!("{}px", rect.get().map_or(0.0, |r| r.width))
            on:focus=move |ev: web_sys::FocusEvent| {
                if ev.target().zip(ev.current_target()).is_some_and(|(t, c)| t == c) {
                    s.focus.set(Some(me_focus2.clone()));
                }
            }
            on:pointerup=on_pointerup
        >
            // The cell's name comes from its content, this first: an aria-label would hide
            // the words its cards and its add button show (WCAG 2.5.3).
            <span class="visually-hidden">{move || label.get()}</span>
            // Keyed by card alone: a card added above others moves them (their position
            // changes reactively) instead of rebuilding every card below it.
            <For
                each=card_items
                key=|(id, _)| id.clone()
                children=move |(id, _)| {
                    let position = Memo::new({
                        let id = id.clone();
                        move |_| cards.with(|ids| ids.iter().position(|c| c == &id).unwrap_or(0))
                    });
                    view! { <CardView id=id position=position /> }
                }
            />
            // A read-only view has no way to add cards, not even a hidden one.
            {(!app.read_only)
                .then(|| {
                    view! {
                        <button
                            type="button"
                            class="cell__add"
                            tabindex="-1"
                            aria-label="Add card here"
                            title="Add a card (or double-click / double-tap the cell; N on the keyboard)"
                            style:top=move || {
                                let m = app.layout.with(|l| l.metrics);
                                let n = cards.with(Vec::len) as f64;
                                format!("{}px", m.cell_padding + n * (m.card_height + m.card_gap))
                            }
                            on:click=move |_| {
                                perform(
                                    &app,
                                    Action::AddCard {
                                        lane: lane_btn.clone(),
                                        stage: stage_btn.clone(),
                                        position: None,
                                    },
                                );
                            }
                        >
                            {icons::plus()}
                            "Add card"
                        </button>
                    }
                })}
        </div>
    }
}
