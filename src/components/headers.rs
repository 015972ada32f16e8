//! Stage (column) and lane (row) headers: name, rename in place, reorder by dragging or with
//! Alt + arrow keys, add and delete.

use std::collections::HashMap;

use leptos::html::Input;
use leptos::prelude::*;
use stageline_core::labels::format_duration;
use stageline_core::metrics::{SlaStatus, Timing};
use stageline_core::nav::Focus;
use stageline_core::ops;
use stageline_schema::{LaneId, LaneKind, StageId};
use wasm_bindgen::JsCast;

use crate::components::canvas::{capture, CanvasCtx};
use crate::components::checks::use_checks;
use crate::interaction::dom::{focus_dom_id, focus_now, lane_dom_id, stage_dom_id};
use crate::interaction::{keys, pointer};
use crate::state::{use_app, AppState, HeaderTarget};

/// The `data-lane-kind` value of a lane kind (matches the stylesheet and the JSON).
pub fn kind_slug(kind: LaneKind) -> &'static str {
    match kind {
        LaneKind::PhysicalEvidence => "physical_evidence",
        LaneKind::Customer => "customer",
        LaneKind::Frontstage => "frontstage",
        LaneKind::Backstage => "backstage",
        LaneKind::Support => "support",
        LaneKind::Partner => "partner",
        LaneKind::System => "system",
        LaneKind::Policy => "policy",
        LaneKind::Custom => "custom",
    }
}

/// A short label for a lane kind, for the kind picker.
pub fn kind_label(kind: LaneKind) -> &'static str {
    match kind {
        LaneKind::PhysicalEvidence => "Evidence",
        LaneKind::Customer => "Customer",
        LaneKind::Frontstage => "Frontstage",
        LaneKind::Backstage => "Backstage",
        LaneKind::Support => "Support",
        LaneKind::Partner => "Partner",
        LaneKind::System => "System",
        LaneKind::Policy => "Policy",
        LaneKind::Custom => "Custom",
    }
}

/// The grid's one keyboard focus stop (a roving tabindex): the focused item, or the first one
/// while nothing has focus. Each grid item asks whether it is the stop through a [`Selector`],
/// so a focus move re-runs the `tabindex` of the two items it concerns, not of every rendered
/// card, cell and header.
#[derive(Clone)]
pub struct FocusStop(Selector<Focus>);

impl FocusStop {
    /// Provides the focus stop of `app`'s grid as context (the canvas does, for its items).
    pub fn provide(app: AppState) {
        let s = app.session;
        provide_context(FocusStop(Selector::new(move || {
            s.focus
                .get()
                .unwrap_or_else(|| app.doc(stageline_core::nav::first_focus))
        })));
    }

    /// The roving tabindex of grid item `me`: 0 for the focus stop, -1 for the rest.
    pub fn tab_index(&self, me: &Focus) -> i32 {
        if self.0.selected(me) {
            0
        } else {
            -1
        }
    }
}

/// The grid's focus stop, from context.
pub fn use_focus_stop() -> FocusStop {
    expect_context::<FocusStop>()
}

/// Whether a pointer event started on a control inside a header (button, input, select).
fn on_control(ev: &web_sys::PointerEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("button, input, select, textarea").ok().flatten())
        .is_some()
}

/// An inline text field that commits on Enter or blur and cancels on Escape.
#[component]
fn RenameField(
    /// The accessible label.
    label: &'static str,
    /// The current text.
    value: String,
    /// Called with the new text on commit.
    on_commit: Callback<String>,
    /// Called on cancel (and after commit) to close the field; `true` when focus should go
    /// back to the header (Enter, Escape), `false` after a blur.
    on_close: Callback<bool>,
) -> impl IntoView {
    let input = NodeRef::<Input>::new();
    let done = StoredValue::new(false);
    Effect::new(move |_| {
        if let Some(el) = input.get() {
            let _ = el.focus();
            el.select();
        }
    });
    let finish = move |commit: bool, refocus: bool| {
        // Once only; and never after the field is gone (removing it fires a last blur).
        if done.try_get_value() != Some(false) {
            return;
        }
        done.set_value(true);
        if commit {
            if let Some(el) = input.get_untracked() {
                on_commit.run(el.value());
            }
        }
        on_close.run(refocus);
    };
    view! {
        <input
            class="rename-field"
            type="text"
            aria-label=label
            node_ref=input
            value=value
            on:keydown=move |ev: web_sys::KeyboardEvent| {
                match ev.key().as_str() {
                    "Enter" => { ev.prevent_default(); finish(true, true); }
                    "Escape" => { ev.prevent_default(); ev.stop_propagation(); finish(false, true); }
                    _ => {}
                }
                ev.stop_propagation();
            }
            on:blur=move |_| finish(true, false)
        />
    }
}

/// A stage's critical-path time as its header shows it.
#[derive(Debug, Clone, PartialEq)]
struct StageTime {
    /// "12 min / SLA 10 min", or "12 min" without a target.
    text: String,
    /// What the numbers mean, and by how much the stage is over or within its target.
    title: String,
    /// Whether the time exceeds the target.
    over: bool,
}

/// The header text of a stage's timing; `None` when there is neither a time nor a target.
fn stage_time(t: &Timing) -> Option<StageTime> {
    let time = format_duration(t.critical_path_secs);
    match t.target_secs {
        None if t.critical_path_secs == 0 => None,
        None => Some(StageTime {
            title: format!("Critical path {time} (waits included); no SLA set for this stage"),
            text: time,
            over: false,
        }),
        Some(target) => {
            let sla = format_duration(target);
            let margin = t.margin_secs.unwrap_or(0);
            let over = t.status == SlaStatus::Over;
            let title = if over {
                format!(
                    "Critical path {time} (waits included) is over the stage's SLA of {sla} by {}",
                    format_duration(margin.unsigned_abs())
                )
            } else {
                format!("Critical path {time} (waits included) is within the stage's SLA of {sla}")
            };
            Some(StageTime {
                text: format!("{time} / SLA {sla}"),
                title,
                over,
            })
        }
    }
}

/// The number of cards in each stage, counted in one pass over the document per edit and
/// shared by the stage headers (each counting for itself would cost stages × cards per edit).
#[derive(Clone, Copy)]
pub struct StageCounts(Memo<HashMap<StageId, usize>>);

impl StageCounts {
    /// Counts the cards of `app`'s document by stage, and provides the counts as context.
    pub fn provide(app: AppState) {
        let counts = Memo::new(move |_| {
            app.doc(|d| {
                let mut counts: HashMap<StageId, usize> = HashMap::new();
                for card in &d.cards {
                    *counts.entry(card.stage.clone()).or_default() += 1;
                }
                counts
            })
        });
        provide_context(StageCounts(counts));
    }
}

/// The header of one stage: its name, card count, time against its SLA, and actions.
#[component]
pub fn StageHeader(
    /// The stage.
    id: StageId,
) -> impl IntoView {
    let app = use_app();
    let ctx = expect_context::<CanvasCtx>();
    let s = app.session;
    let me = Focus::StageHeader(id.clone());
    let index = Memo::new({
        let id = id.clone();
        move |_| app.doc(|d| d.stage_index(&id))
    });
    let stage = Memo::new({
        let id = id.clone();
        move |_| app.doc(|d| d.stage(&id).cloned())
    });
    let span = Memo::new(move |_| {
        app.layout
            .with(|l| index.get().and_then(|i| l.stages.get(i).copied()))
    });
    let name = move || stage.with(|s| s.as_ref().map(|s| s.name.clone()).unwrap_or_default());
    let renaming = {
        let id = id.clone();
        Memo::new(move |_| {
            s.renaming
                .with(|r| r == &Some(HeaderTarget::Stage(id.clone())))
        })
    };
    let dragging = {
        let id = id.clone();
        Memo::new(move |_| {
            s.header_drag.with(|d| {
                d.as_ref()
                    .is_some_and(|d| d.active && d.target == HeaderTarget::Stage(id.clone()))
            })
        })
    };
    let count = {
        let id = id.clone();
        let counts = expect_context::<StageCounts>().0;
        Memo::new(move |_| counts.with(|c| c.get(&id).copied().unwrap_or(0)))
    };
    // Critical-path time against the stage's SLA, from the shared journey metrics.
    let time = {
        let id = id.clone();
        let metrics = use_checks().metrics;
        Memo::new(move |_| {
            metrics.with(|m| {
                m.as_ref()?
                    .stages
                    .iter()
                    .find(|st| st.stage == id)
                    .and_then(|st| stage_time(&st.time))
            })
        })
    };

    let commit = {
        let id = id.clone();
        Callback::new(move |text: String| {
            let text = text.trim().to_string();
            app.run(
                "Rename stage",
                app.doc_now(|d| ops::edit_stage(d, &id, |st| st.name = text)),
            );
        })
    };
    let close = {
        let me = me.clone();
        Callback::new(move |refocus: bool| {
            s.renaming.set(None);
            if refocus {
                focus_now(&focus_dom_id(&me));
            }
        })
    };
    let id_move = id.clone();
    let shift = move |delta: isize| {
        let id = id_move.clone();
        let command = app.doc_now(|d| {
            let from = d.stage_index(&id).unwrap_or(0);
            ops::move_stage(d, &id, from.saturating_add_signed(delta))
        });
        app.run("Move stage", command);
    };
    let shift_left = shift.clone();
    let id_rename = id.clone();
    let id_delete = id.clone();
    let add_after = move |_| {
        let at = index.get_untracked().map_or(usize::MAX, |i| i + 1);
        let (command, new_id) = app.build(|d, ids| {
            let n = d.stages.len() + 1;
            ops::add_stage(d, ids, at, &format!("Stage {n}"))
        });
        if app.run("Add stage", Ok(command)) {
            s.renaming.set(Some(HeaderTarget::Stage(new_id.clone())));
            s.focus.set(Some(Focus::StageHeader(new_id)));
        }
    };
    let id_press = id.clone();
    let me_focus = me.clone();
    let me_tab = me.clone();

    view! {
        <div
            class="stage-header"
            class:stage-header--dragging=move || dragging.get()
            role="columnheader"
            id=stage_dom_id(&id)
            aria-colindex=move || index.get().map_or(0, |i| i + 2)
            aria-label=name
            aria-description=move || time.get().map(|t| t.title)
            tabindex={
                let stop = use_focus_stop();
                move || stop.tab_index(&me_tab)
            }
            style:left=move || format!("{}px", span.get().map_or(0.0, |s| s.start))
            style:width=move || format!("{}px", span.get().map_or(0.0, |s| s.size))
            on:focus=move |_| s.focus.set(Some(me_focus.clone()))
            on:pointerdown=move |ev: web_sys::PointerEvent| {
                if on_control(&ev) || ev.button() != 0 {
                    return;
                }
                if let Some(at) = ctx.point(&app, &ev) {
                    capture(&ev);
                    pointer::press_header(&app, HeaderTarget::Stage(id_press.clone()), &ev, at);
                }
            }
        >
            <Show
                when=move || renaming.get()
                fallback=move || view! {
                    <span class="stage-header__name">{name}</span>
                    <span class="stage-header__meta">
                        {move || {
                            let n = count.get();
                            if n == 1 { "1 card".to_string() } else { format!("{n} cards") }
                        }}
                        {move || time.get().map(|t| view! {
                            " · "
                            <span class="stage-header__time" class:stage-header__time--over=t.over title=t.title>
                                {t.text}
                            </span>
                        })}
                    </span>
                }
            >
                <RenameField label="Stage name" value=name() on_commit=commit on_close=close />
            </Show>
            <div class="header-actions">
                <button type="button" class="icon-button" title="Move stage left" aria-label="Move stage left"
                    tabindex="-1" on:click=move |_| shift_left(-1)>"◀"</button>
                <button type="button" class="icon-button" title="Move stage right" aria-label="Move stage right"
                    tabindex="-1" on:click=move |_| shift(1)>"▶"</button>
                <button type="button" class="icon-button" title="Rename stage (Enter)" aria-label="Rename stage"
                    tabindex="-1" on:click=move |_| s.renaming.set(Some(HeaderTarget::Stage(id_rename.clone())))>"✎"</button>
                <button type="button" class="icon-button" title="Add a stage after this one" aria-label="Add stage after"
                    tabindex="-1" on:click=add_after>"+"</button>
                <button type="button" class="icon-button icon-button--danger" title="Delete stage and its cards (Delete)"
                    aria-label="Delete stage" tabindex="-1"
                    on:click=move |_| { keys::delete(&app, &Focus::StageHeader(id_delete.clone())); }>"🗑"</button>
            </div>
        </div>
    }
}

/// The header of one lane: its name, kind and actions.
#[component]
pub fn LaneHeader(
    /// The lane.
    id: LaneId,
) -> impl IntoView {
    let app = use_app();
    let ctx = expect_context::<CanvasCtx>();
    let s = app.session;
    let me = Focus::LaneHeader(id.clone());
    let lane = Memo::new({
        let id = id.clone();
        move |_| app.doc(|d| d.lane(&id).cloned())
    });
    let name = move || lane.with(|l| l.as_ref().map(|l| l.name.clone()).unwrap_or_default());
    let renaming = {
        let id = id.clone();
        Memo::new(move |_| {
            s.renaming
                .with(|r| r == &Some(HeaderTarget::Lane(id.clone())))
        })
    };
    let line_below = {
        let id = id.clone();
        Memo::new(move |_| {
            app.doc(|d| {
                let i = d.lane_index(&id)?;
                d.lines().into_iter().find(|p| p.after == i).map(|p| p.line)
            })
        })
    };
    let commit = {
        let id = id.clone();
        Callback::new(move |text: String| {
            let text = text.trim().to_string();
            app.run(
                "Rename lane",
                app.doc_now(|d| ops::edit_lane(d, &id, |l| l.name = text)),
            );
        })
    };
    let close = {
        let me = me.clone();
        Callback::new(move |refocus: bool| {
            s.renaming.set(None);
            if refocus {
                focus_now(&focus_dom_id(&me));
            }
        })
    };
    let id_move = id.clone();
    let shift = move |delta: isize| {
        let id = id_move.clone();
        let command = app.doc_now(|d| {
            let from = d.lane_index(&id).unwrap_or(0);
            ops::move_lane(d, &id, from.saturating_add_signed(delta))
        });
        app.run("Move lane", command);
    };
    let shift_up = shift.clone();
    let id_kind = id.clone();
    let id_rename = id.clone();
    let id_delete = id.clone();
    let id_press = id.clone();
    let me_focus = me.clone();
    let me_tab = me.clone();
    let set_kind = move |ev: web_sys::Event| {
        let value = event_target_value(&ev);
        let Some(kind) = LaneKind::ALL.into_iter().find(|k| kind_slug(*k) == value) else {
            return;
        };
        app.run(
            "Change lane kind",
            app.doc_now(|d| ops::edit_lane(d, &id_kind, |l| l.kind = kind)),
        );
    };

    view! {
        <div
            class="lane-header"
            role="rowheader"
            id=lane_dom_id(&id)
            aria-colindex="1"
            tabindex={
                let stop = use_focus_stop();
                move || stop.tab_index(&me_tab)
            }
            on:focus=move |_| s.focus.set(Some(me_focus.clone()))
            on:pointerdown=move |ev: web_sys::PointerEvent| {
                if on_control(&ev) || ev.button() != 0 {
                    return;
                }
                if let Some(at) = ctx.point(&app, &ev) {
                    capture(&ev);
                    pointer::press_header(&app, HeaderTarget::Lane(id_press.clone()), &ev, at);
                }
            }
        >
            <Show
                when=move || renaming.get()
                fallback=move || view! { <span class="lane-header__name">{name}</span> }
            >
                <RenameField label="Lane name" value=name() on_commit=commit on_close=close />
            </Show>
            <select
                class="lane-header__kind"
                aria-label="Lane kind"
                tabindex="-1"
                prop:value=move || lane.with(|l| l.as_ref().map(|l| kind_slug(l.kind)).unwrap_or("custom"))
                on:change=set_kind
            >
                {LaneKind::ALL
                    .into_iter()
                    .map(|k| view! { <option value=kind_slug(k)>{kind_label(k)}</option> })
                    .collect_view()}
            </select>
            {move || line_below.get().map(|line| view! {
                <span class="visually-hidden">{format!(", {} below", crate::components::canvas::line_name(line))}</span>
            })}
            <div class="header-actions">
                <button type="button" class="icon-button" title="Move lane up" aria-label="Move lane up"
                    tabindex="-1" on:click=move |_| shift_up(-1)>"▲"</button>
                <button type="button" class="icon-button" title="Move lane down" aria-label="Move lane down"
                    tabindex="-1" on:click=move |_| shift(1)>"▼"</button>
                <button type="button" class="icon-button" title="Rename lane (Enter)" aria-label="Rename lane"
                    tabindex="-1" on:click=move |_| s.renaming.set(Some(HeaderTarget::Lane(id_rename.clone())))>"✎"</button>
                <button type="button" class="icon-button icon-button--danger" title="Delete lane and its cards (Delete)"
                    aria-label="Delete lane" tabindex="-1"
                    on:click=move |_| { keys::delete(&app, &Focus::LaneHeader(id_delete.clone())); }>"🗑"</button>
            </div>
        </div>
    }
}
